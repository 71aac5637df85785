"""One Settings object, read once: environment variables, then Streamlit secrets passed in."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings", "load_settings"]

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
                return "postgresql+psycopg://" + value[len(prefix) :]
        return value

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
    values: dict[str, Any] = {}
    if secrets:
        fields = Settings.model_fields
        for name, field in fields.items():
            alias = field.validation_alias if isinstance(field.validation_alias, str) else None
            for key in (alias, f"WORKBENCH_{name.upper()}", name):
                if key and key in secrets and isinstance(secrets[key], str | int | float | bool):
                    values[alias or name] = secrets[key]
                    break
    return Settings(**values)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment, read once per process."""
    return load_settings()
