"""The plan's generation form: a new horizon, or a period regenerated inside the plan.

The form gives plain values (`GenerationEdits`); `workbench.plan.edits.apply_generation`
checks them, generates and makes the plan. What it says stays on screen after the rerun.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import streamlit as st

from ui.forms import date_input_format
from ui.state import lang, t
from workbench.i18n import describe_problem, render
from workbench.models import Brief, EditorialPlan, PlatformSelection
from workbench.plan.edits import GenerationEdits, apply_generation, horizon_problem
from workbench.plan.summary import plan_weeks

__all__ = ["render_generation"]

P = "plan."
Save = Callable[[EditorialPlan], bool]


def _next_monday() -> date:
    today = date.today()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


def _generate(
    plan: EditorialPlan,
    brief: Brief,
    selection: PlatformSelection,
    edits: GenerationEdits,
    save: Save,
) -> None:
    """Generate, save and rerun with what was done; or show why nothing was."""
    L = lang()
    with st.spinner(t("plan.generating")):
        result = apply_generation(plan, brief, selection, edits, lang=L)
    for problem in result.problems:
        st.error(describe_problem(problem, L), icon=":material/error:")
    notes = [render(m, L) for m in result.notes]
    if result.plan is None:
        if not result.problems:
            st.session_state[f"{P}notes"] = notes
        return
    if save(result.plan):
        st.session_state[f"{P}notes"] = notes
        st.rerun()


def render_generation(
    plan: EditorialPlan,
    brief: Brief,
    selection: PlatformSelection,
    client_id: int,
    save: Save,
    *,
    has_platforms: bool,
) -> None:
    """Start, weeks and reactive share with the generate button; a period to regenerate;
    the notes of the last generation."""
    L = lang()
    ss = st.session_state
    # Widgets are filled from the database for a new client, or when Streamlit dropped them.
    if ss.get(f"{P}loaded") != client_id or f"{P}start" not in ss:
        ss[f"{P}loaded"] = client_id
        ss[f"{P}start"] = plan.start or brief.start_date or _next_monday()
        ss[f"{P}weeks"] = plan.weeks if plan.posts else brief.horizon_weeks
        ss[f"{P}reactive"] = int(plan.reactive_share)
        ss.pop(f"{P}notes", None)

    with st.container(border=True):
        a, b, c, d = st.columns([2, 2, 3, 3], vertical_alignment="bottom")
        start = a.date_input(t("plan.start"), key=f"{P}start", format=date_input_format(L))
        # Bounds wider than the plan's, so that a wrong number gets our message, not the browser's.
        weeks = b.number_input(t("plan.weeks"), 0, 99, step=1, key=f"{P}weeks")
        bad_weeks = horizon_problem(int(weeks))
        reactive = c.slider(
            t("plan.reactive"),
            0,
            30,
            step=1,
            key=f"{P}reactive",
            format="%d %%",
            help=t("plan.reactive_help"),
        )
        label = t("plan.regenerate") if plan.posts else t("plan.generate")
        generate = d.button(
            label,
            key=f"{P}generate",
            type="primary",
            icon=":material/auto_awesome:",
            disabled=not has_platforms or bad_weeks is not None,
            width="stretch",
        )
        if bad_weeks is not None:
            st.error(describe_problem(bad_weeks, L), icon=":material/error:")
        if plan.posts:
            st.caption(t("plan.regenerate_help"))
        with st.expander(t("plan.range_title"), icon=":material/date_range:"):
            first = plan_weeks(plan)[0] if plan.posts else start
            e, f, g = st.columns([2, 2, 3], vertical_alignment="bottom")
            range_start = e.date_input(
                t("fields.start"),
                value=first,
                key=f"{P}range_start",
                format=date_input_format(L),
            )
            range_end = f.date_input(
                t("fields.end"),
                value=first + timedelta(days=6),
                key=f"{P}range_end",
                format=date_input_format(L),
            )
            other_ideas = g.checkbox(t("plan.other_ideas"), key=f"{P}other_ideas")
            regenerate_range = st.button(
                t("plan.range_go"),
                key=f"{P}range_go",
                icon=":material/refresh:",
                disabled=not plan.posts,
            )

    edits = GenerationEdits(start=start, weeks=int(weeks), reactive=int(reactive))
    if generate:
        _generate(plan, brief, selection, edits, save)
    if regenerate_range:
        period = replace(edits, period=(range_start, range_end), other_ideas=other_ideas)
        _generate(plan, brief, selection, period, save)

    notes = ss.get(f"{P}notes") or []
    if notes:
        with st.container(border=True):
            st.markdown(notes[0])
            for note in notes[1:]:
                st.caption(note)
