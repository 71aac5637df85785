"""Two people saved the same part of a strategy: say so, keep the edits, let the user choose.

`ui.state.write` hands a refused save (`StaleWrite`) to `remember`, which keeps the save
itself (with the user's edits in it) and shows the choice: reload what is stored now
(the user's unsaved edits go) or overwrite it knowingly with the user's version. Until the
user chooses, every step page shows the choice under its title (`render_conflict`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st
from sqlmodel import Session

from ui.state import active_client_id, t, write
from workbench.errors import StaleWrite
from workbench.strategy import STEP_SECTIONS, overwriting

__all__ = ["Conflict", "remember", "render_conflict"]

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
