"""Driving the app with Streamlit's AppTest: open a page the way a user would, read what shows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, migrated_copy
from workbench.db import write_session
from workbench.demo import create_demo_client
from workbench.strategy import STEPS

PAGES = {
    "home": "pages/home.py",
    **{step: f"pages/{step}.py" for step in STEPS},
    "present": "pages/present.py",
    "start": "pages/start.py",
}


@pytest.fixture
def db(tmp_path: Path, migrated_sqlite: Path) -> Iterator[Engine]:
    """The database the app under test uses (WORKBENCH_DB_PATH set by conftest)."""
    st.cache_resource.clear()  # the app caches settings and the engine per process
    engine = migrated_copy(migrated_sqlite, tmp_path / "workbench.db")
    yield engine
    engine.dispose()
    st.cache_resource.clear()


# An `[auth]` section as secrets.toml holds it: sign-in on. The provider is never reached.
AUTH_SECRETS = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "apptest-cookie-secret-not-a-real-one",
    "client_id": "workbench",
    "client_secret": "apptest",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def open_app(
    page: str = "home",
    *,
    client: int | None = None,
    lang: str = "it",
    user: str | None | bool = False,
) -> AppTest:
    """The app on `page`. `user`: False, no sign-in configured (local mode); None, sign-in
    configured and nobody signed in; an e-mail, that user signed in."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    if user is not False:
        at.secrets["auth"] = AUTH_SECRETS
        at.user = {"is_logged_in": False} if user is None else {"is_logged_in": True, "email": user}
    at.query_params["lang"] = lang
    if client is not None:
        at.query_params["client"] = str(client)
    at.run()
    if page != "home":
        at.switch_page(PAGES[page]).run()
    assert not at.exception, at.exception
    return at


def open_tab(at: AppTest, key: str, label: str) -> AppTest:
    """Tabs run lazily; AppTest selects one through its session state key."""
    at.session_state[key] = label
    return at.run()


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "success", "warning", "error")
        for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def demo_id(db: Engine) -> int:
    with write_session(db) as session:
        client = create_demo_client(session, today=date(2026, 11, 23))
    assert client.id is not None
    return client.id
