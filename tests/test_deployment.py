"""The files a Streamlit Community Cloud deployment reads: secrets example, config, requirements."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib

import pytest

from tests.conftest import ROOT
from workbench.settings import Settings, load_settings

EXAMPLE = ROOT / ".streamlit" / "secrets.toml.example"
# What a real value looks like: an OpenAI key, a URL with a real password, a long random token.
REAL_LOOKING = [
    re.compile(r"sk-[A-Za-z0-9_-]{12,}"),
    re.compile(r"://[^/:@\s]+:(?!PASSWORD@)[^@\s]+@"),
    re.compile(
        r"(?=[A-Za-z0-9_+/=-]*[a-z])(?=[A-Za-z0-9_+/=-]*[A-Z])(?=[A-Za-z0-9_+/=-]*\d)"
        r"[A-Za-z0-9_+/=-]{24,}"
    ),
]
SECRET_NAMES = re.compile(r"key|secret|password|token", re.IGNORECASE)


def _example_switched_on() -> dict:
    """The example with every commented setting switched on, as a user would copy it."""
    lines = []
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        setting = re.match(r"# ((?:\[\w+\])|(?:\w+ = .*))$", line)
        lines.append(setting.group(1) if setting else line)
    return tomllib.loads("\n".join(lines))


def _strings(table: dict, prefix: str = "") -> list[tuple[str, str]]:
    found = []
    for key, value in table.items():
        if isinstance(value, dict):
            found += _strings(value, f"{prefix}{key}.")
        elif isinstance(value, str):
            found.append((f"{prefix}{key}", value))
    return found


def test_the_example_as_it_ships_sets_nothing() -> None:
    # Copied unchanged it must not switch on PostgreSQL or sign-in with placeholder values.
    assert tomllib.loads(EXAMPLE.read_text(encoding="utf-8")) == {}


def test_the_example_switched_on_is_valid_and_the_settings_accept_it() -> None:
    secrets = _example_switched_on()
    assert {
        "redirect_uri",
        "cookie_secret",
        "client_id",
        "client_secret",
        "server_metadata_url",
    } <= set(secrets["auth"])
    assert secrets["auth"]["redirect_uri"].endswith("/oauth2callback")
    settings = load_settings(secrets)
    assert settings.effective_database_url.startswith("postgresql+psycopg://")
    assert settings.engine_options["pool_size"] == 5
    assert settings.max_upload_mb == 10


def test_the_example_holds_no_real_looking_secret() -> None:
    for name, value in _strings(_example_switched_on()):
        for pattern in REAL_LOOKING:
            assert not pattern.search(value), f"{name} looks like a real value"
        if SECRET_NAMES.search(name.rsplit(".", 1)[-1]):
            assert value == "" or "YOUR-" in value, f"{name} is not a placeholder"


def test_the_real_secrets_file_is_ignored_by_git() -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    ignored = subprocess.run(
        ["git", "check-ignore", "--quiet", ".streamlit/secrets.toml"], cwd=ROOT, check=False
    )
    assert ignored.returncode == 0


def test_the_upload_limit_is_the_same_in_streamlit_and_the_app() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    default = Settings.model_fields["max_upload_mb"].default
    assert config["server"]["maxUploadSize"] == default


def test_requirements_are_pinned_and_cover_the_project_dependencies() -> None:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, version = line.split(";")[0].strip().partition("==")
            assert version, f"{line!r} is not pinned"
            pins[name.lower()] = version
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for requirement in project["dependencies"]:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement)
        assert name and name.group(0).lower() in pins, f"{requirement} missing"
