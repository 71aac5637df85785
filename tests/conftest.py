"""Shared fixtures: a fresh database per test (SQLite file, and PostgreSQL when available).

PostgreSQL comes from WORKBENCH_TEST_POSTGRES_URL (scripts/test starts a local server and
sets it). Without it the PostgreSQL cases are skipped, except under CI=true, where they fail.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from workbench.db import make_engine, migrate, write_session
from workbench.models import Brief, Client
from workbench.strategy import save_section

ROOT = Path(__file__).resolve().parent.parent
# `db` for AppTest pages; `fake_openai`, an OpenAI-compatible server on loopback
pytest_plugins = ["tests.apptest", "tests.fake_openai"]

POSTGRES_URL = os.environ.get("WORKBENCH_TEST_POSTGRES_URL")
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees a real key, a real database or the user's settings."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WORKBENCH_DB_PATH", str(tmp_path / "workbench.db"))
    from workbench.settings import get_settings

    get_settings.cache_clear()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at the migrations' head, made once per test process: each test's
    database starts as a copy of it (a migration run costs a fifth of a second, a copy a
    millisecond; `migrate` on the copy finds it up to date)."""
    path = tmp_path_factory.mktemp("migrated") / "head.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    # The last connection closed folds the write-ahead log into the file: one file to copy.
    assert not path.with_name(f"{path.name}-wal").exists()
    return path


def migrated_copy(template: Path, path: Path) -> Engine:
    """A database of this test's own at `path`, copied from the migrated template."""
    shutil.copyfile(template, path)
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    return engine


@pytest.fixture
def sqlite_engine(tmp_path: Path, migrated_sqlite: Path) -> Iterator[Engine]:
    engine = migrated_copy(migrated_sqlite, tmp_path / "test.db")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    if not POSTGRES_URL:
        if IN_CI:
            pytest.fail(
                "CI must run the storage tests on PostgreSQL: set WORKBENCH_TEST_POSTGRES_URL"
            )
        pytest.skip("no PostgreSQL server (set WORKBENCH_TEST_POSTGRES_URL, see scripts/test)")
    return POSTGRES_URL


@pytest.fixture(scope="session")
def migrated_postgres(postgres_admin_url: str) -> Iterator[str]:
    """The name of a database at the migrations' head, made once per test process, that
    each test's database is created from (`CREATE DATABASE ... TEMPLATE`)."""
    name = f"wb_head_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(postgres_admin_url).set(database=name)
    engine = make_engine(url.render_as_string(hide_password=False))
    migrate(engine)
    engine.dispose()  # a template must have no connection while it is copied
    yield name
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def postgres_engine(postgres_admin_url: str, migrated_postgres: str) -> Iterator[Engine]:
    """A new migrated database on the test server, empty of data, dropped afterwards."""
    name = f"wb_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{migrated_postgres}"'))
    url = sa.make_url(postgres_admin_url).set(database=name)
    engine = make_engine(url.render_as_string(hide_password=False))
    migrate(engine)
    yield engine
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest) -> Engine:
    """Storage tests run once on SQLite and once on PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_engine")


# --- factories --------------------------------------------------------------------------------


def make_brief(**overrides: object) -> Brief:
    """A complete brief for a small Italian business; override any field."""
    values: dict[str, object] = {
        "kind": "company",
        "sector": "restaurant",
        "description": "Trattoria di quartiere",
        "country": "IT",
        "region": "Lazio",
        "province": "RM",
        "city": "Roma",
        "broad_goals": ["commercial"],
        "objectives": ["awareness", "sales"],
        "kpi_targets": [{"objective": "sales", "metric": "Prenotazioni", "target": "40.50"}],
        "website": "https://example.it",
        "social_accounts": [{"platform": "instagram", "handle": "@trattoria", "followers": 1200}],
        "tone_descriptors": ["caloroso"],
        "hours_per_week": Decimal("5.5"),
        "capabilities": ["photo", "short_video"],
        "budget_min": Decimal("300.00"),
        "budget_max": Decimal("650.50"),
        "start_date": date(2027, 1, 4),
        "horizon_weeks": 8,
    }
    values.update(overrides)
    return Brief.model_validate(values)


def make_client(engine: Engine, name: str = "Trattoria Roma", **brief: object) -> int:
    """A client with a complete brief; returns its id."""
    from workbench.clients import create_client

    with write_session(engine) as session:
        client: Client = create_client(session, name=name)
        assert client.id is not None
        save_section(session, client.id, "brief", make_brief(**brief))
        return client.id


# --- the command line -------------------------------------------------------------------------


@pytest.fixture
def env(tmp_path: Path, migrated_sqlite: Path) -> dict[str, str]:
    """Environment for a CLI run: this test's own database (migrated, empty), no key, no
    DATABASE_URL."""
    values = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "OPENAI_API_KEY"}}
    values["WORKBENCH_DB_PATH"] = str(tmp_path / "cli.db")
    shutil.copyfile(migrated_sqlite, tmp_path / "cli.db")
    return values


def run_cli(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    """`python -m workbench ARGS` as automation runs it, in this process (a second and more
    cheaper than a new interpreter); with `check`, it must succeed.

    What a subprocess had of its own is given to each call: `env` is the whole environment,
    the settings are read afresh, the working directory is the repository's, stdout (text
    and bytes) and stderr are captured and read back as `text=True` would, and the engines
    the command made are disposed of. `run_cli_process` is the real subprocess.
    """
    from workbench import cli
    from workbench.settings import get_settings

    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    stderr = io.StringIO()
    engines: list[Engine] = []

    def make_engine_kept(*engine_args: Any, **options: Any) -> Engine:
        engines.append(make_engine(*engine_args, **options))
        return engines[-1]

    saved_environ, saved_cwd = dict(os.environ), Path.cwd()
    os.environ.clear()
    os.environ.update(env)
    get_settings.cache_clear()
    try:
        os.chdir(ROOT)
        with (
            pytest.MonkeyPatch.context() as patch,
            contextlib.redirect_stdout(stdout),
            contextlib.redirect_stderr(stderr),
        ):
            patch.setattr(cli, "make_engine", make_engine_kept)
            try:
                returncode = cli.main(list(args))
            except SystemExit as exc:  # argparse's own exit on a usage error or --help
                returncode = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    finally:
        for engine in engines:
            engine.dispose()
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_environ)
        get_settings.cache_clear()
    # Universal newlines, as a subprocess's text=True reads the pipe.
    out = stdout.buffer.getvalue().decode("utf-8")
    result = subprocess.CompletedProcess(
        ["python", "-m", "workbench", *args],
        returncode,
        out.replace("\r\n", "\n").replace("\r", "\n"),
        stderr.getvalue().replace("\r\n", "\n").replace("\r", "\n"),
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def run_cli_process(
    *args: str, env: dict[str, str], check: bool = True
) -> subprocess.CompletedProcess:
    """`python -m workbench ARGS` in a new interpreter: the smoke tests of the real entry
    point (`run_cli` runs the same `main` in this process)."""
    result = subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result
