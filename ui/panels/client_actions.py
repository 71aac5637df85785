"""The home page's actions on the selected client: open, duplicate, rename, archive or
restore, delete (after a confirmation)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ui.nav import STEP_PAGES, go
from ui.saving import write
from ui.state import active_client_id, set_active_client, t
from workbench.clients import (
    ClientRow,
    archive_client,
    delete_client,
    duplicate_client,
    rename_client,
    restore_client,
)

__all__ = ["render_client_actions"]


def _apply(action: Callable[..., object]) -> None:
    """Run a client operation; rerun to show its effect, or leave its error on screen.

    The list re-sorts after any change, so the row selection is cleared: a selection kept by
    position would point at another client.
    """
    if write(action) is not None:
        st.session_state.pop("home.table", None)
        st.rerun()


def _delete(row: ClientRow, read_only: bool, column: DeltaGenerator) -> None:
    confirm_key = f"home.confirm_delete.{row.id}"
    if column.button(t("home.delete"), key="home.delete", width="stretch", disabled=read_only):
        st.session_state[confirm_key] = True
    if not st.session_state.get(confirm_key):
        return
    st.warning(t("home.delete_warning", name=row.name), icon=":material/delete:")
    yes_col, no_col, _ = st.columns([1, 1, 3])
    if yes_col.button(t("home.delete_confirm"), key="home.delete_yes", type="primary"):
        st.session_state.pop(confirm_key, None)
        if write(lambda s: delete_client(s, row.id)) is not None:
            if active_client_id() == row.id:
                set_active_client(None)
            st.session_state.pop("home.table", None)
            st.rerun()
    if no_col.button(t("home.cancel"), key="home.delete_no"):
        st.session_state.pop(confirm_key, None)
        st.rerun()


def render_client_actions(row: ClientRow, *, read_only: bool) -> None:
    """The buttons for `row`; those that change something are off for a viewer."""
    open_col, dup_col, rename_col, archive_col, delete_col = st.columns(5)
    if open_col.button(t("home.open"), key="home.open", type="primary", width="stretch"):
        go(STEP_PAGES["brief"], row.id)

    with dup_col.popover(t("home.duplicate"), width="stretch", disabled=read_only):
        copy_name = st.text_input(
            t("home.copy_name"),
            value=t("home.copy_of", name=row.name)[:120],
            max_chars=120,
            key=f"home.copy_name.{row.id}",
        )
        if st.button(t("home.duplicate_confirm"), key="home.duplicate", type="primary"):
            _apply(lambda s: duplicate_client(s, row.id, copy_name))

    with rename_col.popover(t("home.rename"), width="stretch", disabled=read_only):
        new_label = st.text_input(
            t("home.rename_to"), value=row.name, max_chars=120, key=f"home.rename_to.{row.id}"
        )
        if st.button(t("home.rename_confirm"), key="home.rename", type="primary"):
            _apply(lambda s: rename_client(s, row.id, new_label))

    if row.archived:
        if archive_col.button(
            t("home.restore"), key="home.restore", width="stretch", disabled=read_only
        ):
            _apply(lambda s: restore_client(s, row.id))
    elif archive_col.button(
        t("home.archive"), key="home.archive", width="stretch", disabled=read_only
    ):
        _apply(lambda s: archive_client(s, row.id))

    _delete(row, read_only, delete_col)
