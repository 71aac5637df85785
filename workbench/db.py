"""The one engine factory, sessions, and Alembic migrations run at start-up."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session

from workbench.errors import StorageUnavailable

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "MIGRATIONS_DIR",
    "downgrade",
    "head_revisions",
    "make_engine",
    "migrate",
    "read_session",
    "write_session",
]

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 5000


def _sqlite_setup(busy_timeout_ms: int) -> Any:
    def configure(dbapi_connection: Any, _record: Any) -> None:
        _configure_sqlite(dbapi_connection, busy_timeout_ms)

    return configure


def _configure_sqlite(dbapi_connection: Any, busy_timeout_ms: int) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the app read while the CLI writes; foreign keys make deletes cascade.
    # A read-only file cannot switch journal mode; reads still work.
    with suppress(sqlite3.OperationalError):
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# A Community Cloud app is one process serving every user: a few connections are enough,
# and hosted PostgreSQL plans allow few (often 20 to 100 for the whole database).
POOL_SIZE = 5
MAX_OVERFLOW = 5
# Hosted servers and their proxies drop idle connections after a few minutes.
POOL_RECYCLE_S = 300
CONNECT_TIMEOUT_S = 10
APPLICATION_NAME = "strategy-workbench"


def make_engine(
    url: str,
    *,
    busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
    pool_size: int = POOL_SIZE,
    max_overflow: int = MAX_OVERFLOW,
    pool_recycle_s: int = POOL_RECYCLE_S,
    connect_timeout_s: int = CONNECT_TIMEOUT_S,
    **kwargs: Any,
) -> Engine:
    """Create the engine for `url`: SQLite with WAL, foreign keys and a busy timeout, or PostgreSQL.

    PostgreSQL gets a small pool (`pool_size` kept, `max_overflow` more at peaks), checked
    before each use and renewed after `pool_recycle_s`, a connect timeout and the application
    name shown in `pg_stat_activity`; the pool settings do not apply to SQLite. Other keyword
    arguments go to `sqlalchemy.create_engine` and win. Call once per process (the app caches
    it); nothing connects until first use.
    """
    sa_url = sa.make_url(url)
    if sa_url.get_backend_name() == "sqlite":
        # A plain path gets its folder made; a `file:` URI (uri=true) is left to SQLite.
        if sa_url.database and sa_url.database != ":memory:" and not sa_url.query.get("uri"):
            Path(sa_url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(
            sa_url,
            connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
            **kwargs,
        )
        sa.event.listen(engine, "connect", _sqlite_setup(busy_timeout_ms))
        return engine
    connect_args = {"connect_timeout": connect_timeout_s, "application_name": APPLICATION_NAME}
    connect_args.update(kwargs.pop("connect_args", {}))
    options: dict[str, Any] = {
        "pool_pre_ping": True,  # a connection the server dropped is replaced, not an error
        "pool_size": pool_size,
        "max_overflow": max_overflow,
        "pool_recycle": pool_recycle_s,
        # Most recently used first: spare connections stay idle and get recycled.
        "pool_use_lifo": True,
        "connect_args": connect_args,
    }
    options.update(kwargs)
    return sa.create_engine(sa_url, **options)


def migrate(engine: Engine) -> None:
    """Bring the database schema to the latest Alembic revision (safe to call at every start).

    A database already there is only read: Alembic, a tenth of a second of imports, is
    loaded when there is something to upgrade.
    """
    if _at_head(engine):
        return
    from alembic import command

    _alembic(engine, lambda config: command.upgrade(config, "head"))


def downgrade(engine: Engine, revision: str) -> None:
    """Take the database schema back to `revision` (for a rollback of a release)."""
    from alembic import command

    _alembic(engine, lambda config: command.downgrade(config, revision))


_REVISION = re.compile(r"^(down_)?revision\b[^=]*=(.*)$", re.MULTILINE)


@cache
def head_revisions() -> frozenset[str]:
    """The migrations no other builds on, read from `migrations/versions/` as Alembic reads
    the scripts' `revision` and `down_revision` lines."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for down, value in _REVISION.findall(script.read_text(encoding="utf-8")):
            (parents if down else revisions).update(re.findall(r"[\"']([^\"']+)[\"']", value))
    return frozenset(revisions - parents)


def _at_head(engine: Engine) -> bool:
    """Whether the database's Alembic version is the migrations' head."""
    try:
        with engine.connect() as connection:
            if not sa.inspect(connection).has_table("alembic_version"):
                return False
            rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            return {row[0] for row in rows} == head_revisions()
    except (OperationalError, DBAPIError) as exc:
        raise storage_error(exc) from exc


def _alembic(engine: Engine, run: Callable[[Config], None]) -> None:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                # A batch migration rebuilds a table by dropping the old one; with foreign
                # keys on, that drop would cascade-delete every row pointing at it.
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.commit()
            try:
                with connection.begin():
                    config.attributes["connection"] = connection
                    run(config)
            finally:
                if sqlite:
                    connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                    connection.commit()
    except (OperationalError, DBAPIError) as exc:
        raise storage_error(exc) from exc


def storage_error(exc: BaseException) -> StorageUnavailable:
    """Translate a driver error into a message the user can act on."""
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return StorageUnavailable("errors.db_readonly")
    if "locked" in text or "busy" in text:
        return StorageUnavailable("errors.db_locked")
    if "unable to open" in text:
        return StorageUnavailable("errors.db_cannot_open")
    return StorageUnavailable("errors.db_unavailable")


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reads; driver errors become StorageUnavailable."""
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
    except (OperationalError, DBAPIError) as exc:
        raise storage_error(exc) from exc


def _begin_immediate(_session: Session, _transaction: Any, connection: sa.Connection) -> None:
    # SQLite otherwise starts a write transaction at its first write: two writers would both
    # read the same version, both pass the check, and one save would be lost. Taking the
    # write lock at the start makes the second wait (busy timeout) and read the first's save.
    dbapi_connection = connection.connection.dbapi_connection
    if connection.dialect.name == "sqlite" and not getattr(
        dbapi_connection, "in_transaction", True
    ):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session committed on success and rolled back on any error; nothing half-written.

    On SQLite each of its transactions begins immediately (`BEGIN IMMEDIATE`), holding the
    write lock from its first read, so what it read is still current when it writes.
    """
    try:
        with Session(engine, expire_on_commit=False) as session:
            sa.event.listen(session, "after_begin", _begin_immediate)
            yield session
            session.commit()
    except (OperationalError, DBAPIError) as exc:
        raise storage_error(exc) from exc
