"""Cached engine and settings, who is acting, the user's language and the active client.

Every database session the pages use comes from `read()` or `ui.saving.write()`, bound to the acting
user (workbench.access): with sign-in configured, the signed-in user in the workspace picked
in the sidebar; without it, the local user in the default workspace.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from workbench.access import (
    Actor,
    actor_for,
    bind,
    local_actor,
    may_found_workspace,
    require_sign_in,
)
from workbench.db import make_engine, migrate, read_session, write_session
from workbench.errors import SignInRequired
from workbench.i18n import DEFAULT_LANGUAGE, LANGUAGES
from workbench.i18n import t as translate
from workbench.settings import Settings, SettingsError, load_settings

__all__ = [
    "active_client_id",
    "actor",
    "engine",
    "lang",
    "read",
    "refresh_actor",
    "sign_in_configured",
    "signed_in_user",
    "set_active_client",
    "settings",
    "t",
]


log = logging.getLogger("workbench.ui")


def _secrets() -> dict[str, Any]:
    try:
        return {key: st.secrets[key] for key in st.secrets}
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return {}


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    """Settings read once per server process (environment, then Streamlit secrets)."""
    return load_settings(_secrets())


def opened_on_loopback() -> bool:
    """The app is opened on this machine (or the address is unknown, as in tests)."""
    url = getattr(st.context, "url", None)
    host = urlsplit(url).hostname if url else None
    return host in (None, "localhost", "127.0.0.1", "::1")


def sign_in_configured() -> bool:
    """Whether `[auth]` is in the Streamlit secrets: then everyone signs in (st.login)."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return False


@st.cache_resource(show_spinner=False)
def _engine(url: str, signed_in_only: bool) -> Engine:
    engine = make_engine(url, **settings().engine_options)
    migrate(engine)
    if signed_in_only:
        require_sign_in(engine)
    return engine


def engine() -> Engine:
    """The one engine of this server process, migrated on first use.

    With sign-in configured, a session on it that carries no user is refused.
    """
    return _engine(settings().effective_database_url, sign_in_configured())


def signed_in_user() -> str | None:
    """The signed-in user's e-mail, or None: signed out, or no e-mail from the provider, or
    one the provider says it has not verified (it is how members are added)."""
    if not st.user.is_logged_in or st.user.get("email_verified") is False:
        return None
    email = st.user.get("email")
    return email if isinstance(email, str) and email.strip() else None


WORKSPACE_KEY = "access.workspace"
_ACTOR_KEY = "access.actor"


def actor() -> Actor:
    """Who acts in this run (read by `refresh_actor` when the run starts)."""
    acting = st.session_state.get(_ACTOR_KEY)
    return acting if isinstance(acting, Actor) else refresh_actor()


def refresh_actor() -> Actor:
    """Read who acts: the signed-in user in the chosen workspace, or the local user.

    The shell calls it at the start of every run, so a role changed by the owner applies at
    the next click. A signed-in user without a workspace gets one of their own here.
    """
    acting = _load_actor()
    st.session_state[_ACTOR_KEY] = acting
    return acting


def _load_actor() -> Actor:
    with write_session(engine()) as session:
        if not sign_in_configured():
            return local_actor(session)
        user = signed_in_user()
        if user is None:
            raise SignInRequired()
        chosen = st.session_state.get(WORKSPACE_KEY)
        may_found = may_found_workspace(session, user, settings().allowed_signups)
        return actor_for(
            session, user, chosen if isinstance(chosen, int) else None, may_found=may_found
        )


@contextmanager
def read(acting: Actor | None = None) -> Iterator[Session]:
    """A read-only session on the app's engine, as the acting user (or `acting`, for work
    done later, such as a download made when its button is pressed)."""
    acting = acting or actor()
    with read_session(engine()) as session:
        yield bind(session, acting)


@contextmanager
def writing(acting: Actor | None = None) -> Iterator[Session]:
    """A committed write session as the acting user (or `acting`, for work done later, such
    as a file made when its download button is pressed). Errors are the caller's to show."""
    acting = acting or actor()
    with write_session(engine()) as session:
        yield bind(session, acting)


def lang() -> str:
    """The user's language: the `lang` query parameter, else the configured default."""
    value = st.query_params.get("lang")
    if value in LANGUAGES:
        return value
    try:
        configured = settings().language
    except SettingsError:  # the page says which setting is wrong, in the default language
        return DEFAULT_LANGUAGE
    return configured if configured in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **params: Any) -> str:
    return translate(key, lang(), **params)


def active_client_id() -> int | None:
    """The client being worked on, from the URL so a browser reload keeps it."""
    value = st.query_params.get("client")
    # ASCII digits only ("²".isdigit() is true) and at most 9 of them: a 32-bit id.
    return int(value) if value and value.isascii() and value.isdigit() and len(value) <= 9 else None


def set_active_client(client_id: int | None) -> None:
    if client_id is None:
        st.query_params.pop("client", None)
    else:
        st.query_params["client"] = str(client_id)
