"""Monitoring: import what the platforms exported, then plan against actual and what worked."""

from __future__ import annotations

import streamlit as st

from ui.forms import date_input_format
from ui.panels.monitoring_import import render_import
from ui.panels.monitoring_times import render_times
from ui.saving import write
from ui.shell import step_page
from ui.state import lang, t
from ui.views.monitoring import analysis, render_analysis, render_results
from workbench.models import EditorialPlan
from workbench.monitoring.analysis import mark_published, results_period, to_publish
from workbench.strategy import save_section

strategy, client_id = step_page("monitoring")
L = lang()
P = "mon."
ss = st.session_state
results = strategy.results
plan = strategy.plan
versions = tuple(strategy.sections[name].version for name in ("brief", "plan", "results"))


def save_plan(new: EditorialPlan, message: str) -> None:
    """Store the plan (refused if someone saved it meanwhile) and say what changed."""
    version = strategy.sections["plan"].version
    if write(lambda s: save_section(s, client_id, "plan", new, expected_version=version)):
        ss[f"{P}done"] = message
        st.rerun()


def no_results() -> bool:
    """Say what to do when nothing is imported yet; True when there is nothing."""
    if not results.posts:
        st.info(t("monitoring.no_results"), icon=":material/upload_file:")
    return not results.posts


import_tab, results_tab, analysis_tab, times_tab = st.tabs(
    [
        t("monitoring.tab_import"),
        t("monitoring.tab_results"),
        t("monitoring.tab_analysis"),
        t("monitoring.tab_times"),
    ],
    key=f"{P}tab",
    on_change="rerun",
)

if import_tab.open:
    with import_tab:
        render_import(plan, client_id, L)

if results_tab.open:
    with results_tab:
        if not no_results():
            render_results(results.posts, L)

if message := ss.pop(f"{P}done", None):
    st.toast(message, icon=":material/check_circle:")

# --- analysis ---------------------------------------------------------------------------------
if analysis_tab.open:
    with analysis_tab:
        if not no_results():
            first, last = results_period(results.posts)
            picked = st.date_input(
                t("monitoring.period"),
                value=(first, last),
                format=date_input_format(L),
                key=f"{P}period.{client_id}",
                help=t("monitoring.period_help"),
            )
            # While the second day is being picked the input holds one date.
            if isinstance(picked, tuple) and len(picked) == 2:
                start, end = picked
            else:
                start, end = first, last
                st.caption(t("monitoring.period_incomplete"))
            view = analysis((client_id, versions), start, end, strategy)
            pending = to_publish(plan, view.matches)
            if pending:
                c1, c2 = st.columns([3, 1], vertical_alignment="center")
                c1.markdown(t("monitoring.mark_published_help", n=pending))
                if c2.button(
                    t("monitoring.mark_published", n=pending),
                    key=f"{P}mark_published",
                    icon=":material/task_alt:",
                    width="stretch",
                ):
                    save_plan(
                        mark_published(plan, view.matches),
                        t("monitoring.marked_published", n=pending),
                    )
            render_analysis(view, plan, L)

# --- best times -------------------------------------------------------------------------------
if times_tab.open:
    with times_tab:
        if not no_results():
            render_times(strategy, (client_id, versions), save_plan)
