import os
import sqlite3
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

from tests.conftest import make_client
from workbench.clients import create_client, delete_client, list_clients
from workbench.db import MIGRATIONS_DIR, make_engine, migrate, read_session, write_session
from workbench.errors import StorageUnavailable
from workbench.models import AiCall, EditorialPlan, PlannedPost
from workbench.review import create_link, record_review, resolve, reviews_for_client
from workbench.strategy import load_strategy, save_section


def test_migrations_create_the_tables_and_can_run_again(engine: Engine) -> None:
    migrate(engine)  # a second start must be harmless
    tables = set(sa.inspect(engine).get_table_names())
    assert {"client", "strategy_section", "alembic_version"} <= tables
    with engine.connect() as conn:
        assert (
            conn.execute(sa.text("select version_num from alembic_version")).scalar()
            == "0003_review_links"
        )


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


def test_upgrading_to_the_ai_cache_keeps_every_client(blank_url: str) -> None:
    engine = make_engine(blank_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    client_id = make_client(engine, "Forno Antico", words_to_use=["lievito madre"])

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


def test_upgrading_to_review_links_keeps_every_client(blank_url: str) -> None:
    engine = make_engine(blank_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
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
