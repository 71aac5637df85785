from pathlib import Path

import pytest
from pydantic import ValidationError

from workbench.settings import Settings, load_settings


def test_default_is_a_local_sqlite_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WORKBENCH_DB_PATH", str(tmp_path / "x.db"))
    settings = load_settings()
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'x.db'}"
    assert settings.language == "it"


@pytest.mark.parametrize(
    "given",
    ["postgres://u:p@db.example:5432/wb", "postgresql://u:p@db.example:5432/wb"],
)
def test_database_url_uses_psycopg3(monkeypatch: pytest.MonkeyPatch, given: str) -> None:
    monkeypatch.setenv("DATABASE_URL", given)
    assert load_settings().effective_database_url == "postgresql+psycopg://u:p@db.example:5432/wb"


def test_streamlit_secrets_override_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_LANGUAGE", "it")
    secrets = {"DATABASE_URL": "postgresql://a@h/db", "WORKBENCH_LANGUAGE": "en", "auth": {}}
    settings = load_settings(secrets)
    assert settings.language == "en"
    assert settings.effective_database_url == "postgresql+psycopg://a@h/db"


def test_the_api_key_never_shows_in_the_settings_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-123")
    settings = load_settings()
    assert settings.openai_api_key is not None
    assert "sk-test-secret-123" not in repr(settings)
    assert "sk-test-secret-123" not in str(settings.model_dump())


def test_bad_configuration_fails_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_LANGUAGE", "fr")
    with pytest.raises(ValidationError):
        Settings()
