"""Plan (PED): generate the editorial plan, edit it, see it as a calendar and against targets."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui.nav import STEP_PAGES, link_params
from ui.panels.plan_assistant import render_assistant
from ui.panels.plan_generation import render_generation
from ui.panels.plan_inputs import render_campaigns, render_hashtags_and_links, render_pillars
from ui.panels.plan_table import render_post_table
from ui.panels.review import client_reviews, render_review_panel, review_labels
from ui.saving import write
from ui.shell import step_page
from ui.state import lang, t
from ui.views.plan import render_charts, render_month, render_week
from workbench.models import EditorialPlan, ReviewDecision
from workbench.plan.summary import plan_weeks
from workbench.strategy import save_section

strategy, client_id = step_page("plan")
L = lang()
P = "plan."
state = strategy.sections["plan"]
plan = strategy.plan
brief = strategy.brief
selection = strategy.platforms
token = (client_id, state.version, state.updated_at)


def save(new: EditorialPlan, activity: str = "save") -> bool:
    """Store the plan; False (with the message shown) when the database refused it."""
    saved = write(
        lambda s: save_section(
            s, client_id, "plan", new, expected_version=state.version, activity=activity
        )
    )
    return saved is not None


def save_accepted(new: EditorialPlan) -> bool:
    """Store the plan with the assistant's suggestions the manager accepted (so logged)."""
    return save(new, "ai_accept")


has_platforms = any(c.posts_per_week > 0 for c in selection.choices)
if not has_platforms:
    st.info(t("plan.need_platforms"), icon=":material/share:")
    st.page_link(
        STEP_PAGES["platforms"],
        label=t("steps.platforms"),
        icon=":material/arrow_back:",
        query_params=link_params(),
    )

render_generation(plan, brief, selection, client_id, save, has_platforms=has_platforms)

# --- tabs ---------------------------------------------------------------------------------------
# Only the open tab runs (lazy tabs).
labels = {
    "table": t("plan.tab_table"),
    "calendar": t("plan.tab_calendar"),
    "analysis": t("plan.tab_analysis"),
    "assistant": t("plan.tab_assistant"),
    "pillars": t("plan.tab_pillars"),
    "campaigns": t("plan.tab_campaigns"),
    "tags": t("plan.tab_tags"),
    "review": t("plan.tab_review"),
}
tabs = dict(
    zip(labels, st.tabs(list(labels.values()), key=f"{P}tab", on_change="rerun"), strict=True)
)
# The client's answers through review links: read by the table and the review tab.
reviews, stale = (
    client_reviews(client_id, plan) if tabs["table"].open or tabs["review"].open else ({}, set())
)


def table() -> None:
    if plan.posts:
        to_change = frozenset(
            k for k, r in reviews.items() if r.decision == ReviewDecision.changes_requested
        )
        render_post_table(plan, token, save, review_labels(reviews, stale), to_change)
    elif has_platforms:
        st.info(t("plan.empty"), icon=":material/calendar_month:")


def calendar() -> None:
    if not plan.posts:
        st.info(t("plan.empty"), icon=":material/calendar_month:")
        return
    month_tab, week_tab = st.tabs(
        [t("plan.view_month"), t("plan.view_week")], key=f"{P}cal_tab", on_change="rerun"
    )
    if month_tab.open:
        with month_tab:
            render_month(plan, f"{P}month", L, token)
    if week_tab.open:
        with week_tab:
            render_week(plan, f"{P}week", L, token)


def analysis() -> None:
    if not plan.posts:
        st.info(t("plan.empty"), icon=":material/bar_chart:")
        return
    weeks_shown = plan_weeks(plan)
    render_charts(plan, selection, weeks_shown[0], len(weeks_shown), L, token, brief=brief)


renderers: dict[str, Callable[[], None]] = {
    "table": table,
    "calendar": calendar,
    "analysis": analysis,
    "assistant": lambda: render_assistant(strategy, plan, client_id, save_accepted),
    "pillars": lambda: render_pillars(plan, brief, token, save),
    "campaigns": lambda: render_campaigns(plan, token, save),
    "tags": lambda: render_hashtags_and_links(plan, brief, token, save),
    "review": lambda: render_review_panel(plan, client_id, reviews),
}
for name, tab in tabs.items():
    if tab.open:
        with tab:
            renderers[name]()
