"""The strategy on one screen for the meeting: nothing to edit, nothing but the client's."""

from __future__ import annotations

from datetime import date

import streamlit as st

from ui.markdown import markdown_text
from ui.nav import HOME, STEP_PAGES, link_params
from ui.shell import ensure_shell
from ui.sidebar import current_strategy
from ui.state import lang, t
from ui.views.present import render_presentation, summary
from workbench.i18n import fmt_date
from workbench.plan.generator import sector_label

ensure_shell()
L = lang()

strategy = current_strategy()
if strategy is None or strategy.client.id is None:
    st.title(t("present.title"))
    st.info(t("common.pick_client"), icon=":material/arrow_back:")
    st.page_link(
        HOME, label=t("common.go_home"), icon=":material/home:", query_params=link_params()
    )
    st.stop()

versions = tuple((name, s.version) for name, s in sorted(strategy.sections.items()))
view = summary((strategy.client.id, versions), L, date.today(), strategy)

# A screen for the client: the app's sidebar and toolbar stay out of the way.
st.html(
    "<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],"
    "[data-testid='stToolbar'],[data-testid='stHeader']{display:none}"
    "[data-testid='stMainBlockContainer']{padding-top:1.5rem;padding-bottom:1rem}</style>"
)

head, back = st.columns([5, 1], vertical_alignment="bottom")
head.title(markdown_text(view.client))
back.page_link(
    STEP_PAGES["plan"],
    label=t("present.exit"),
    icon=":material/close:",
    query_params=link_params(),
)
where = " · ".join(
    x for x in (sector_label(view.sector, L).capitalize() if view.sector else "", view.place) if x
)
st.caption(
    markdown_text(
        " · ".join(x for x in (where, t("present.subtitle", date=fmt_date(date.today(), L))) if x)
    )
)

render_presentation(view, L)
