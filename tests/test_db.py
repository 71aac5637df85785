import json
import os
import socket
import sqlite3
import stat
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from tests.conftest import make_brief, make_client
from workbench import db
from workbench.access import LOCAL_USER, actor_for, bind, memberships
from workbench.activity import client_activity
from workbench.clients import create_client, delete_client, list_clients
from workbench.db import (
    MIGRATIONS_DIR,
    downgrade,
    head_revisions,
    make_engine,
    migrate,
    read_session,
    write_session,
)
from workbench.errors import DuplicateName, StorageUnavailable
from workbench.models import AiCall, EditorialPlan, PlannedPost, Role, name_key
from workbench.review import create_link, record_review, resolve, reviews_for_client
from workbench.settings import SettingsError, load_settings
from workbench.strategy import load_strategy, save_section


def test_migrations_create_the_tables_and_can_run_again(engine: Engine) -> None:
    migrate(engine)  # a second start must be harmless
    tables = set(sa.inspect(engine).get_table_names())
    assert {"client", "strategy_section", "alembic_version"} <= tables
    with engine.connect() as conn:
        version = conn.execute(sa.text("select version_num from alembic_version")).scalar()
    assert version == "0004_review_links"


def test_the_head_is_the_one_alembic_finds() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert head_revisions() == set(ScriptDirectory.from_config(config).get_heads())


def test_a_start_on_an_up_to_date_database_leaves_alembic_out(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_alembic(*_args: object) -> None:
        raise AssertionError("Alembic ran on a database already at the head")

    with monkeypatch.context() as patch:
        patch.setattr(db, "_alembic", no_alembic)
        migrate(sqlite_engine)
    downgrade(sqlite_engine, "0003_workspaces")
    migrate(sqlite_engine)  # one revision behind: Alembic upgrades it
    with sqlite_engine.connect() as conn:
        version = conn.execute(sa.text("select version_num from alembic_version")).scalar()
    assert {version} == head_revisions()


def test_sqlite_runs_in_wal_with_foreign_keys(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_data_survives_a_restart(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'restart.db'}"
    first = make_engine(url)
    migrate(first)
    client_id = make_client(first, "Bottega Verdi")
    first.dispose()

    second = make_engine(url)
    migrate(second)
    with read_session(second) as session:
        names = [row.name for row in list_clients(session).rows]
    assert names == ["Bottega Verdi"]
    assert client_id == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_database_file_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    make_client(engine, "Già salvato")
    engine.dispose()
    path.chmod(stat.S_IRUSR)

    engine = make_engine(f"sqlite:///{path}")
    with pytest.raises(StorageUnavailable) as caught, write_session(engine) as session:
        create_client(session, name="Nuovo")
    assert caught.value.key == "errors.db_readonly"
    with read_session(engine) as session:
        assert [r.name for r in list_clients(session).rows] == ["Già salvato"]


def test_read_only_connection_gives_a_clear_error(tmp_path: Path) -> None:
    """The same check that works as root: SQLite opened read-only through its URI."""
    path = tmp_path / "ro.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    make_client(engine, "Già salvato")
    engine.dispose()

    engine = make_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(StorageUnavailable) as caught, write_session(engine) as session:
        create_client(session, name="Nuovo")
    assert caught.value.key == "errors.db_readonly"
    with read_session(engine) as session:
        assert [r.name for r in list_clients(session).rows] == ["Già salvato"]


def test_locked_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    engine = make_engine(f"sqlite:///{path}", busy_timeout_ms=100)
    migrate(engine)
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageUnavailable) as caught, write_session(engine) as session:
            create_client(session, name="Bloccato")
        assert caught.value.key == "errors.db_locked"
    finally:
        holder.rollback()
        holder.close()
    with read_session(engine) as session:
        assert list_clients(session).total == 0


def test_unreachable_postgres_gives_a_clear_error() -> None:
    engine = make_engine(
        "postgresql+psycopg://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 2}
    )
    with pytest.raises(StorageUnavailable) as caught:
        migrate(engine)
    assert caught.value.key == "errors.db_unavailable"


@pytest.fixture(params=["sqlite", "postgres"])
def blank_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database, not migrated: SQLite file or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    admin_url: str = request.getfixturevalue("postgres_admin_url")
    name = f"wb_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _upgrade_to(engine: Engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def _old_client(engine: Engine, name: str, **brief: object) -> int:
    """A client and its brief written as the first schema stored them (no workspace)."""
    now = datetime.now(UTC)
    with engine.begin() as conn:
        client_id = conn.execute(
            sa.text(
                "insert into client (name, name_key, kind, sector, created_at, updated_at)"
                " values (:name, :key, 'company', 'restaurant', :now, :now) returning id"
            ),
            {"name": name, "key": name_key(name), "now": now},
        ).scalar_one()
        conn.execute(
            sa.text(
                "insert into strategy_section (client_id, section, data, version, complete,"
                " updated_at) values (:client, 'brief', :data, 3, true, :now)"
            ),
            {
                "client": client_id,
                "data": json.dumps(make_brief(**brief).model_dump(mode="json")),
                "now": now,
            },
        )
    return int(client_id)


def test_upgrading_to_the_ai_cache_keeps_every_client(blank_url: str) -> None:
    engine = make_engine(blank_url)
    _upgrade_to(engine, "0001")
    client_id = _old_client(engine, "Forno Antico", words_to_use=["lievito madre"])

    migrate(engine)

    assert "ai_call" in sa.inspect(engine).get_table_names()
    with read_session(engine) as session:
        strategy = load_strategy(session, client_id)
    assert strategy.client.name == "Forno Antico"
    assert strategy.brief.words_to_use == ["lievito madre"]
    with write_session(engine) as session:
        session.add(
            AiCall(
                client_id=client_id,
                action="ideas",
                input_hash="0" * 64,
                model="gpt-4o-mini",
                response={"ideas": []},
                input_tokens=10,
                output_tokens=5,
                cost_usd="0.000005",
            )
        )
    with write_session(engine) as session:
        delete_client(session, client_id)
    with engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from ai_call")).scalar() == 0
    engine.dispose()


# --- the PostgreSQL connection pool ------------------------------------------------------------


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text("SELECT pg_backend_pid()")).scalar_one())


def _postgres_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_postgres_pool_is_small_and_named(postgres_engine: Engine) -> None:
    engine = make_engine(_postgres_url(postgres_engine))
    try:
        assert engine.pool.size() == 5
        with engine.connect() as conn:
            name = conn.execute(
                sa.text(
                    "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()"
                )
            ).scalar_one()
        assert name == "strategy-workbench"
    finally:
        engine.dispose()


def test_postgres_pool_settings_come_from_the_environment(
    postgres_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_DB_POOL_SIZE", "1")
    monkeypatch.setenv("WORKBENCH_DB_MAX_OVERFLOW", "1")
    options = load_settings().engine_options
    engine = make_engine(_postgres_url(postgres_engine), pool_timeout=1, **options)
    try:
        assert engine.pool.size() == 1
        # The pool's one connection and its one overflow, then a third has to wait.
        with engine.connect(), engine.connect(), pytest.raises(sa.exc.TimeoutError):
            engine.connect()
    finally:
        engine.dispose()


def test_bad_pool_setting_fails_fast_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_DB_POOL_SIZE", "0")
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert raised.value.params["name"] == "WORKBENCH_DB_POOL_SIZE"


def test_pool_replaces_a_connection_the_server_dropped(postgres_engine: Engine) -> None:
    engine = make_engine(_postgres_url(postgres_engine))
    try:
        first = _backend_pid(engine)  # now idle in the pool
        with postgres_engine.connect() as admin:
            admin.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        with read_session(engine) as session:
            assert session.exec(sa.select(sa.literal(1))).one() == (1,)
        assert _backend_pid(engine) != first
    finally:
        engine.dispose()


def test_pool_renews_connections_after_the_recycle_time(postgres_engine: Engine) -> None:
    engine = make_engine(_postgres_url(postgres_engine), pool_recycle_s=1)
    try:
        first = _backend_pid(engine)
        assert _backend_pid(engine) == first  # reused while young
        time.sleep(1.2)
        assert _backend_pid(engine) != first
    finally:
        engine.dispose()


def test_postgres_connect_gives_up_after_the_timeout() -> None:
    # A server that accepts the TCP connection and never answers, as a stuck proxy would.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        engine = make_engine(
            f"postgresql+psycopg://nobody@127.0.0.1:{port}/none", connect_timeout_s=1
        )
        started = time.monotonic()
        with pytest.raises(StorageUnavailable):
            migrate(engine)
        assert time.monotonic() - started < 10
        engine.dispose()


def test_sqlite_ignores_the_pool_settings(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}", **load_settings().engine_options)
    migrate(engine)
    with write_session(engine) as session:
        create_client(session, name="Bar Sport")
    with read_session(engine) as session:
        assert list_clients(session).total == 1


def test_upgrading_to_workspaces_moves_every_client_into_the_default_workspace(
    blank_url: str,
) -> None:
    engine = make_engine(blank_url)
    _upgrade_to(engine, "0002")
    first = _old_client(engine, "Forno Antico", words_to_use=["lievito madre"])
    second = _old_client(engine, "Bottega Verdi")

    migrate(engine)

    assert {"workspace", "member", "activity"} <= set(sa.inspect(engine).get_table_names())
    with read_session(engine) as session:
        assert [r.name for r in list_clients(session).rows] == ["Bottega Verdi", "Forno Antico"]
        strategy = load_strategy(session, first)
        assert strategy.brief.words_to_use == ["lievito madre"]
        assert strategy.sections["brief"].version == 3
        (workspace,) = memberships(session, LOCAL_USER)
        assert workspace.role is Role.owner
        assert strategy.client.workspace_id == workspace.workspace_id
        assert load_strategy(session, second).client.workspace_id == workspace.workspace_id
    # The name is now unique per workspace: another workspace may reuse it, this one may not.
    with write_session(engine) as session:
        bind(session, actor_for(session, "anna@agenzia.it", None))
        assert create_client(session, name="Forno Antico").id not in {first, second}
    with pytest.raises(DuplicateName), write_session(engine) as session:
        create_client(session, name="forno  antico")
    with write_session(engine) as session:
        save_section(session, first, "brief", make_brief(sector="bakery"), expected_version=3)
        assert [a.action for a in client_activity(session, first)] == ["save"]
    engine.dispose()


def test_going_back_before_workspaces_keeps_every_strategy(blank_url: str) -> None:
    engine = make_engine(blank_url)
    migrate(engine)
    client_id = make_client(engine, "Forno Antico", words_to_use=["lievito madre"])

    downgrade(engine, "0002")

    assert "workspace" not in sa.inspect(engine).get_table_names()
    with engine.connect() as conn:
        sections = conn.execute(sa.text("select count(*) from strategy_section")).scalar()
        if engine.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert sections == 1
    migrate(engine)
    with read_session(engine) as session:
        assert load_strategy(session, client_id).brief.words_to_use == ["lievito madre"]


def test_upgrading_to_review_links_keeps_every_client(blank_url: str) -> None:
    engine = make_engine(blank_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0003_workspaces")
    client_id = make_client(engine, "Forno Antico", words_to_use=["lievito madre"])
    post = PlannedPost.model_validate(
        {
            "id": "p1",
            "platform": "instagram",
            "date": "2027-01-04",
            "time": "12:00",
            "format": "short_video",
        }
    )
    with write_session(engine) as session:
        save_section(session, client_id, "plan", EditorialPlan(posts=[post]))

    migrate(engine)

    assert {"review_link", "post_review"} <= set(sa.inspect(engine).get_table_names())
    with read_session(engine) as session:
        strategy = load_strategy(session, client_id)
    assert strategy.client.name == "Forno Antico"
    assert [p.id for p in strategy.plan.posts] == ["p1"]
    with write_session(engine) as session:
        link, token = create_link(session, client_id)
        record_review(session, resolve(session, token), "p1", "approved")
    with read_session(engine) as session:
        assert reviews_for_client(session, client_id)["p1"].decision == "approved"
    with write_session(engine) as session:
        delete_client(session, client_id)
    with engine.connect() as conn:
        for table in ("review_link", "post_review"):
            assert conn.execute(sa.text(f"select count(*) from {table}")).scalar() == 0
    engine.dispose()
