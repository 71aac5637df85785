"""Cached engine and settings, the user's language and the active client (kept in the URL)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from workbench.db import make_engine, migrate, write_session
from workbench.errors import StaleWrite, WorkbenchError
from workbench.i18n import DEFAULT_LANGUAGE, LANGUAGES, describe_error
from workbench.i18n import t as translate
from workbench.settings import Settings, load_settings

__all__ = [
    "active_client_id",
    "engine",
    "lang",
    "set_active_client",
    "settings",
    "t",
    "user_errors",
    "write",
]

T = TypeVar("T")

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


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    engine = make_engine(url, **settings().engine_options)
    migrate(engine)
    return engine


def engine() -> Engine:
    """The one engine of this server process, migrated on first use."""
    return _engine(settings().effective_database_url)


def lang() -> str:
    """The user's language: the `lang` query parameter, else the configured default."""
    value = st.query_params.get("lang")
    if value in LANGUAGES:
        return value
    configured = settings().language
    return configured if configured in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **params: Any) -> str:
    return translate(key, lang(), **params)


def active_client_id() -> int | None:
    """The client being worked on, from the URL so a browser reload keeps it."""
    value = st.query_params.get("client")
    return int(value) if value and value.isdigit() else None


def set_active_client(client_id: int | None) -> None:
    if client_id is None:
        st.query_params.pop("client", None)
    else:
        st.query_params["client"] = str(client_id)


@contextmanager
def user_errors() -> Iterator[None]:
    """Show a WorkbenchError as a localised message instead of letting it escape."""
    try:
        yield
    except WorkbenchError as exc:
        st.error(describe_error(exc, lang()), icon=":material/error:")


def write(action: Callable[[Session], T]) -> T | None:
    """Run `action` in one committed transaction; on a user error show it and return None.

    Call st.rerun() only after this returns: a rerun raised inside would skip the commit.
    A save refused because someone saved first keeps the save and asks the user to reload
    or overwrite (`ui.conflict`).
    """
    try:
        with write_session(engine()) as session:
            return action(session)
    except StaleWrite as exc:
        from .conflict import remember  # it renders with this module's helpers

        remember(action, exc)
        return None
    except WorkbenchError as exc:
        st.error(describe_error(exc, lang()), icon=":material/error:")
        return None
