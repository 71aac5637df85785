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


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("WORKBENCH_LANGUAGE", "fr", "WORKBENCH_LANGUAGE"),
        ("WORKBENCH_TIMEZONE", "Mars/Olympus", "WORKBENCH_TIMEZONE"),
        ("DATABASE_URL", "mysql://u@h/db", "DATABASE_URL"),
        ("DATABASE_URL", "::not a url::", "DATABASE_URL"),
        ("WORKBENCH_TIMEZON", "Europe/Rome", "WORKBENCH_TIMEZON"),  # a typo: unknown key
    ],
)
def test_a_bad_setting_stops_the_cli_with_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variable: str,
    value: str,
    named: str,
) -> None:
    from workbench.cli import main
    from workbench.settings import get_settings

    monkeypatch.setenv(variable, value)
    get_settings.cache_clear()
    try:
        code = main(["clients", "--lang", "en"])
    finally:
        get_settings.cache_clear()
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and named in err and "Traceback" not in err
    assert ("Unknown setting" if variable.endswith("TIMEZON") else "is not valid") in err


def test_unknown_secrets_fail_but_tables_and_tool_variables_do_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from workbench.settings import SettingsError

    monkeypatch.setenv("WORKBENCH_TEST_POSTGRES_URL", "postgresql://x@h/db")  # read by the tests
    assert load_settings({"auth": {"client_id": "x"}, "language": "en"}).language == "en"
    with pytest.raises(SettingsError) as raised:
        load_settings({"languag": "en"})
    assert raised.value.params == {"name": "languag"}


def test_the_time_zone_is_checked_and_given_as_a_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_TIMEZONE", "America/New_York")
    assert load_settings().zone.key == "America/New_York"
