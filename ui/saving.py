"""Saving from a page: one committed transaction, a user error shown, a conflict resolved.

`write` runs a save; a save refused because someone saved first (`StaleWrite`) is kept by
`remember`, and `render_conflict` (run by the shell on every page) lets the user reload or
overwrite, with their edits still on screen. `user_errors` shows any WorkbenchError as a
localised message instead of letting it escape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import streamlit as st
from sqlmodel import Session

from ui.state import active_client_id, actor, engine, lang, t
from workbench.access import bind
from workbench.db import write_session
from workbench.errors import StaleWrite, WorkbenchError
from workbench.i18n import describe_error
from workbench.strategy import STEP_SECTIONS, overwriting

__all__ = ["Conflict", "remember", "render_conflict", "user_errors", "write"]

T = TypeVar("T")

KEY = "conflict"
STEP_OF = {section: step for step, section in STEP_SECTIONS.items()}
# Session keys a reload keeps: the language picker and who is signed in where.
KEPT_PREFIXES = ("sidebar.", "auth.", "workspace.", "access.")


@dataclass(frozen=True)
class Conflict:
    client_id: int
    section: str
    found: int  # the stored version the user is told about
    save: Callable[[Session], Any]  # the refused save, the user's edits inside


def remember(save: Callable[[Session], Any], error: StaleWrite) -> None:
    """Keep the refused save; show the choice unless it is already on the page."""
    pending = st.session_state.get(KEY)
    conflict = Conflict(
        client_id=int(error.params.get("client_id") or active_client_id() or 0),
        section=str(error.params.get("section", "")),
        found=int(error.params.get("found", 0)),
        save=save,
    )
    st.session_state[KEY] = conflict
    if pending is None or (pending.client_id, pending.section) != (
        conflict.client_id,
        conflict.section,
    ):
        render_conflict()


def _reload() -> None:
    """Forget this session's unsaved state so every page reads what is stored now."""
    for key in list(st.session_state.keys()):
        if not str(key).startswith(KEPT_PREFIXES):
            del st.session_state[key]
    st.session_state["conflict.done"] = "conflict.reloaded"


def _overwrite() -> None:
    conflict: Conflict | None = st.session_state.pop(KEY, None)
    if conflict is None:
        return
    # Saved again meanwhile: `write` hands the new refusal back to `remember`.
    with overwriting(conflict.client_id, conflict.section, conflict.found):
        saved = write(conflict.save)
    if saved is not None:
        st.session_state["conflict.done"] = "conflict.overwritten"


def render_conflict() -> None:
    """The choice, while a conflict of the active client is pending; what was chosen, once."""
    if done := st.session_state.pop("conflict.done", None):
        st.toast(t(done), icon=":material/check_circle:")
    conflict: Conflict | None = st.session_state.get(KEY)
    if conflict is None:
        return
    if conflict.client_id != active_client_id():
        st.session_state.pop(KEY, None)  # another client now: the edits were of that one
        return
    with st.container(border=True, key=f"conflict.box.{conflict.section}.{conflict.found}"):
        st.error(
            t(
                "conflict.message",
                section=t(f"steps.{STEP_OF.get(conflict.section, conflict.section)}"),
            ),
            icon=":material/sync_problem:",
        )
        st.caption(t("conflict.help"))
        reload, overwrite = st.columns(2)
        reload.button(
            t("conflict.reload"),
            key=f"conflict.reload.{conflict.section}.{conflict.found}",
            on_click=_reload,
            icon=":material/refresh:",
            width="stretch",
        )
        overwrite.button(
            t("conflict.overwrite"),
            key=f"conflict.overwrite.{conflict.section}.{conflict.found}",
            on_click=_overwrite,
            icon=":material/save_as:",
            width="stretch",
        )


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
    or overwrite (`remember`, `render_conflict`).
    """
    try:
        acting = actor()
        with write_session(engine()) as session:
            return action(bind(session, acting))
    except StaleWrite as exc:
        remember(action, exc)
        return None
    except WorkbenchError as exc:
        st.error(describe_error(exc, lang()), icon=":material/error:")
        return None
