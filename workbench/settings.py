"""One Settings object, read once: environment variables, then Streamlit secrets passed in.

Fails fast: `load_settings` raises `SettingsError` naming the setting (as the user wrote it,
`WORKBENCH_TIMEZONE` or `DATABASE_URL`) for a malformed value, an unknown time zone, a
database URL SQLAlchemy cannot read or whose driver is not ours, and an unknown key: a
`WORKBENCH_*` environment variable that is no setting (beyond `TOOL_VARIABLES`, read by the
scripts and tests), or a top-level value in the secrets that is no setting (tables such as
`[auth]`, Streamlit's own sign-in configuration, are not ours to check).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from workbench.errors import WorkbenchError

__all__ = ["TOOL_VARIABLES", "Settings", "SettingsError", "get_settings", "load_settings"]

# WORKBENCH_* variables that are not settings of the app: read by scripts/, tests and fonts.
TOOL_VARIABLES = frozenset(
    {
        "WORKBENCH_TEST_POSTGRES_URL",
        "WORKBENCH_FUZZ_PROFILE",
        "WORKBENCH_FUZZ_EXAMPLES",
        "WORKBENCH_SKIP_APT",
        "WORKBENCH_REPORT_FONT_DIR",
    }
)
DRIVERS = ("sqlite", "postgresql+psycopg")


class SettingsError(WorkbenchError):
    """A setting the app cannot start with, named as the user wrote it."""

    key = "errors.settings_invalid"


Language = Literal["it", "en"]


class Settings(BaseSettings):
    """Configuration of the app and the CLI. Unknown or malformed values fail fast."""

    model_config = SettingsConfigDict(env_prefix="WORKBENCH_", extra="ignore")

    # DATABASE_URL wins over the SQLite file; validation_alias keeps the common name.
    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")
    db_path: Path = Path("var/workbench.db")
    language: Language = "it"
    timezone: str = "Europe/Rome"
    max_upload_mb: int = Field(default=10, ge=1, le=200)
    # Who may create their own workspace at first sign-in: "" the first person only (the
    # founder), "*" anyone, or "a@b.it, @agenzia.it". Others are added by an owner.
    allowed_signups: str = ""
    # PostgreSQL connection pool (ignored on SQLite); see workbench.db.make_engine.
    db_pool_size: int = Field(default=5, ge=1, le=100)
    db_max_overflow: int = Field(default=5, ge=0, le=100)
    db_pool_recycle_s: int = Field(default=300, ge=10, le=86_400)
    db_connect_timeout_s: int = Field(default=10, ge=1, le=300)

    openai_api_key: SecretStr | None = Field(default=None, validation_alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(default=None, validation_alias="OPENAI_BASE_URL")
    openai_model: str = "gpt-4o-mini"
    openai_timeout: float = Field(default=30.0, gt=0, le=600)

    @field_validator("database_url")
    @classmethod
    def _normalise_database_url(cls, value: str | None) -> str | None:
        """Accept the postgres:// and postgresql:// forms hosts hand out; use psycopg 3."""
        if not value:
            return None
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                value = "postgresql+psycopg://" + value[len(prefix) :]
                break
        try:
            driver = make_url(value).drivername
        except ArgumentError:
            raise ValueError("not a database URL") from None
        if driver not in DRIVERS:
            raise ValueError(f"driver {driver} is not one of {', '.join(DRIVERS)}")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_time_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value}") from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        """The time zone dates and times are shown in (checked at start)."""
        return ZoneInfo(self.timezone)

    @property
    def effective_database_url(self) -> str:
        """The URL the engine connects to: DATABASE_URL, else the local SQLite file."""
        return self.database_url or f"sqlite:///{self.db_path}"

    @property
    def engine_options(self) -> dict[str, int]:
        """Keyword arguments of `workbench.db.make_engine` for the connection pool."""
        return {
            "pool_size": self.db_pool_size,
            "max_overflow": self.db_max_overflow,
            "pool_recycle_s": self.db_pool_recycle_s,
            "connect_timeout_s": self.db_connect_timeout_s,
        }


def load_settings(secrets: Mapping[str, Any] | None = None) -> Settings:
    """Build settings from the environment, with Streamlit secrets (top-level keys) as overrides.

    Secrets use the same names as the environment (DATABASE_URL, OPENAI_API_KEY, WORKBENCH_*).
    """
    names = _setting_names()
    unknown = sorted(
        key
        for key in os.environ
        if key.startswith("WORKBENCH_") and key not in names | TOOL_VARIABLES
    )
    unknown += sorted(
        key
        for key, value in (secrets or {}).items()
        if not isinstance(value, Mapping) and key not in names
    )
    if unknown:
        raise SettingsError("errors.settings_unknown", name=unknown[0])
    values: dict[str, Any] = {}
    if secrets:
        for name, field in Settings.model_fields.items():
            alias = field.validation_alias if isinstance(field.validation_alias, str) else None
            for key in (alias, f"WORKBENCH_{name.upper()}", name):
                if key and key in secrets and isinstance(secrets[key], str | int | float | bool):
                    values[alias or name] = secrets[key]
                    break
    try:
        return Settings(**values)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = str(error["loc"][0]) if error["loc"] else ""
        raise SettingsError(
            "errors.settings_invalid",
            name=_written_name(where),
            reason=error["msg"].removeprefix("Value error, "),
        ) from None


def _setting_names() -> set[str]:
    """Every name a setting may be given as: its alias, WORKBENCH_<NAME> and (secrets) <name>."""
    names: set[str] = set()
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias if isinstance(field.validation_alias, str) else None
        names |= {f"WORKBENCH_{name.upper()}", name} | ({alias} if alias else set())
    return names


def _written_name(field: str) -> str:
    """A setting's name as the user writes it: DATABASE_URL, WORKBENCH_TIMEZONE."""
    if field in Settings.model_fields or not field:
        info = Settings.model_fields.get(field)
        alias = info.validation_alias if info and isinstance(info.validation_alias, str) else None
        return alias or f"WORKBENCH_{field.upper()}"
    return field  # already an alias (DATABASE_URL, OPENAI_API_KEY)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment, read once per process."""
    return load_settings()
