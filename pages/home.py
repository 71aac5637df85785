"""Home: the client list with search, and every client operation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ui.nav import START, STEP_PAGES, go
from ui.panels.access import render_activity, render_members
from ui.saving import write
from ui.shell import ensure_shell
from ui.state import active_client_id, actor, lang, read, set_active_client, settings, t
from workbench.clients import (
    PAGE_SIZE,
    archive_client,
    create_client,
    delete_client,
    duplicate_client,
    list_clients,
    rename_client,
    restore_client,
)
from workbench.demo import create_demo_client
from workbench.reference import sector_codes_matching, sectors
from workbench.strategy import STEPS

ensure_shell()


def apply(action: Callable[..., object]) -> None:
    """Run a client operation; rerun to show its effect, or leave its error on screen.

    The list re-sorts after any change, so the row selection is cleared: a selection kept by
    position would point at another client.
    """
    if write(action) is not None:
        st.session_state.pop("home.table", None)
        st.rerun()


L = lang()
# A viewer sees the clients and opens them; the buttons that change something are off.
READ_ONLY = not actor().can_write
SECTOR_LABELS = {s.code: s.label(L) for s in sectors()}

st.title(t("home.title"))
st.caption(t("home.subtitle"))
render_members()

if st.button(
    t("home.start"),
    key="home.start",
    type="primary",
    icon=":material/auto_awesome:",
    disabled=READ_ONLY,
):
    st.session_state.pop("start.done", None)
    set_active_client(None)
    go(START)
with st.container(border=True):
    form_col, demo_col = st.columns([3, 1], vertical_alignment="bottom")
    with form_col, st.form("home.new", border=False):
        name_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
        new_name = name_col.text_input(t("home.new_name"), key="home.new_name", max_chars=120)
        if button_col.form_submit_button(
            t("home.create"), type="primary", width="stretch", disabled=READ_ONLY
        ):
            client = write(lambda s: create_client(s, name=new_name))
            if client is not None:
                go(STEP_PAGES["brief"], client.id)
    if demo_col.button(t("home.load_demo"), key="home.demo", width="stretch", disabled=READ_ONLY):
        demo = write(lambda s: create_demo_client(s))
        if demo is not None:
            go(STEP_PAGES["brief"], demo.id)

search_col, archived_col = st.columns([3, 1], vertical_alignment="bottom")
search = search_col.text_input(
    t("home.search"), key="home.search", placeholder=t("home.search_placeholder")
)
show_archived = archived_col.toggle(t("home.show_archived"), key="home.archived")
page_number = int(st.session_state.get("home.page", 1))

with read() as session:
    result = list_clients(
        session,
        search=search,
        sector_codes=sector_codes_matching(search),
        archived=show_archived,
        offset=(page_number - 1) * PAGE_SIZE,
    )

if result.total == 0:
    if search:
        st.info(t("home.no_match", search=search))
    elif show_archived:
        st.info(t("home.no_archived"))
    else:
        st.info(t("home.empty"), icon=":material/waving_hand:")
    st.stop()

tz = settings().timezone
progress_label = t("home.col_progress")
table: dict[str, list[Any]] = {
    t("home.col_name"): [r.name for r in result.rows],
    t("home.col_sector"): [SECTOR_LABELS.get(r.sector, r.sector) for r in result.rows],
    progress_label: [len(r.steps_done) for r in result.rows],
    t("home.col_created"): [r.created_at for r in result.rows],
    t("home.col_updated"): [r.updated_at for r in result.rows],
}
# Real datetimes, so the columns sort by time; shown in the user's time zone.
WHEN = "DD/MM/YYYY HH:mm"
event = st.dataframe(
    table,
    key="home.table",
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    column_config={
        progress_label: st.column_config.ProgressColumn(
            progress_label,
            help=t("home.progress_help"),
            min_value=0,
            max_value=len(STEPS),
            format=f"%d/{len(STEPS)}",
        ),
        t("home.col_created"): st.column_config.DatetimeColumn(
            t("home.col_created"), format=WHEN, timezone=tz
        ),
        t("home.col_updated"): st.column_config.DatetimeColumn(
            t("home.col_updated"), format=WHEN, timezone=tz
        ),
    },
)
page_count = max(1, -(-result.total // PAGE_SIZE))
info_col, pager_col = st.columns([3, 1])
info_col.caption(t("home.count", shown=len(result.rows), total=result.total))
if page_count > 1:
    pager_col.number_input(
        t("home.page"), min_value=1, max_value=page_count, step=1, key="home.page"
    )

selected = event.selection.rows if event is not None else []
if not selected or selected[0] >= len(result.rows):
    st.caption(t("home.select_hint"))
    st.stop()

row = result.rows[selected[0]]
st.subheader(row.name)
st.caption(t("home.steps_done", done=len(row.steps_done), total=len(STEPS)))
open_col, dup_col, rename_col, archive_col, delete_col = st.columns(5)
if open_col.button(t("home.open"), key="home.open", type="primary", width="stretch"):
    go(STEP_PAGES["brief"], row.id)

with dup_col.popover(t("home.duplicate"), width="stretch", disabled=READ_ONLY):
    copy_name = st.text_input(
        t("home.copy_name"),
        value=t("home.copy_of", name=row.name)[:120],
        max_chars=120,
        key=f"home.copy_name.{row.id}",
    )
    if st.button(t("home.duplicate_confirm"), key="home.duplicate", type="primary"):
        apply(lambda s: duplicate_client(s, row.id, copy_name))

with rename_col.popover(t("home.rename"), width="stretch", disabled=READ_ONLY):
    new_label = st.text_input(
        t("home.rename_to"), value=row.name, max_chars=120, key=f"home.rename_to.{row.id}"
    )
    if st.button(t("home.rename_confirm"), key="home.rename", type="primary"):
        apply(lambda s: rename_client(s, row.id, new_label))

if row.archived:
    if archive_col.button(
        t("home.restore"), key="home.restore", width="stretch", disabled=READ_ONLY
    ):
        apply(lambda s: restore_client(s, row.id))
elif archive_col.button(t("home.archive"), key="home.archive", width="stretch", disabled=READ_ONLY):
    apply(lambda s: archive_client(s, row.id))

confirm_key = f"home.confirm_delete.{row.id}"
if delete_col.button(t("home.delete"), key="home.delete", width="stretch", disabled=READ_ONLY):
    st.session_state[confirm_key] = True
if st.session_state.get(confirm_key):
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

render_activity(row.id)
