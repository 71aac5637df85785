"""Shared fixtures: a fresh database per test (SQLite file, and PostgreSQL when available).

PostgreSQL comes from WORKBENCH_TEST_POSTGRES_URL (scripts/test starts a local server and
sets it). Without it the PostgreSQL cases are skipped, except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

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


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    migrate(engine)
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


@pytest.fixture
def postgres_engine(postgres_admin_url: str) -> Iterator[Engine]:
    """A new, empty, migrated database on the test server, dropped afterwards."""
    name = f"wb_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
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
def env(tmp_path: Path) -> dict[str, str]:
    """Environment for a CLI subprocess: this test's own database, no key, no DATABASE_URL."""
    values = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "OPENAI_API_KEY"}}
    values["WORKBENCH_DB_PATH"] = str(tmp_path / "cli.db")
    return values


def run_cli(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    """`python -m workbench ARGS` as automation runs it; with `check`, it must succeed."""
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
