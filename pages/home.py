"""Home: the client list with search, and every client operation."""

from __future__ import annotations

import streamlit as st

from ui.nav import START, STEP_PAGES, go
from ui.panels.access import render_activity, render_members
from ui.panels.client_actions import render_client_actions
from ui.saving import write
from ui.shell import ensure_shell
from ui.state import actor, lang, read, set_active_client, t
from ui.views.clients import render_client_table
from workbench.clients import PAGE_SIZE, create_client, list_clients
from workbench.demo import create_demo_client
from workbench.reference import sector_codes_matching
from workbench.strategy import STEPS

ensure_shell()
L = lang()
# A viewer sees the clients and opens them; the buttons that change something are off.
READ_ONLY = not actor().can_write

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

selected = render_client_table(result, L)
page_count = max(1, -(-result.total // PAGE_SIZE))
info_col, pager_col = st.columns([3, 1])
info_col.caption(t("home.count", shown=len(result.rows), total=result.total))
if page_count > 1:
    pager_col.number_input(
        t("home.page"), min_value=1, max_value=page_count, step=1, key="home.page"
    )

if not selected or selected[0] >= len(result.rows):
    st.caption(t("home.select_hint"))
    st.stop()

row = result.rows[selected[0]]
st.subheader(row.name)
st.caption(t("home.steps_done", done=len(row.steps_done), total=len(STEPS)))
render_client_actions(row, read_only=READ_ONLY)
render_activity(row.id)
