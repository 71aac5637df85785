"""The plan's inputs the manager edits as tables: pillars, campaigns, hashtag sets, UTM.

Each table is saved when every row is valid; otherwise nothing is saved, the rows stay as
typed and each problem names its row and column (workbench.plan.edits.apply_plan_edits).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import streamlit as st

from ui.forms import code_label, date_input_format
from ui.state import lang, t
from ui.widgets import editable_table
from workbench.i18n import describe_problem, fmt_number
from workbench.models import Brief, BroadGoal, ContentFormat, EditorialPlan, Objective, Platform
from workbench.plan.edits import PlanEdits, apply_plan_edits
from workbench.plan.generator import pillar_templates
from workbench.plan.utm import link_problem, utm_link

__all__ = ["render_campaigns", "render_hashtags_and_links", "render_pillars"]

Save = Callable[[EditorialPlan], bool]
GOALS = [g.value for g in BroadGoal] + [o.value for o in Objective]


def _goal_label(L: str) -> Callable[[Any], str]:
    goals, objectives = code_label("goals", L), code_label("objectives", L)
    broad = {g.value for g in BroadGoal}
    return lambda code: (goals if code in broad else objectives)(code) if code else ""


def _show(problems: list[Any]) -> None:
    L = lang()
    for problem in problems:
        st.error(describe_problem(problem, L), icon=":material/error:")


def _saved(save: Save, plan: EditorialPlan, message: str) -> None:
    if save(plan):
        st.toast(message)
        st.rerun()


def _apply(save: Save, plan: EditorialPlan, edits: PlanEdits, message: str) -> None:
    """Save the edits when they are all valid (saying so), else show what is wrong."""
    new, problems = apply_plan_edits(plan, edits)
    if not problems:
        _saved(save, new, message)
    _show(problems)


def _table(
    key: str, rows: list[dict[str, Any]], columns: dict[str, str], *, token: object, **options: Any
) -> list[dict[str, Any]] | None:
    """One of the plan's input tables: rows added and deleted freely, an empty cell as "—"."""
    return editable_table(
        key,
        rows,
        columns,
        token=token,
        num_rows="dynamic",
        hide_index=True,
        placeholder="—",
        **options,
    )


# --- pillars ----------------------------------------------------------------------------------


def render_pillars(plan: EditorialPlan, brief: Brief, token: tuple[Any, ...], save: Save) -> None:
    """The pillars table, suggested pillars for the client, the total of the target shares."""
    L = lang()
    st.caption(t("plan.pillars_help"))
    suggested = pillar_templates(brief.kind, brief.sector, L)
    if not plan.pillars:
        st.info(t("plan.pillars_empty"), icon=":material/lightbulb:")
    a, b = st.columns([2, 3], vertical_alignment="center")
    replace = bool(plan.pillars) and b.checkbox(t("plan.pillars_replace"), key="plan.p_replace")
    if a.button(
        t("plan.pillars_suggest"),
        key="plan.p_suggest",
        icon=":material/auto_awesome:",
        disabled=bool(plan.pillars) and not replace,
    ):
        _saved(save, plan.model_copy(update={"pillars": suggested}), t("plan.pillars_loaded"))
    rows = [
        {
            "name": p.name,
            "target_share": float(p.target_share),
            "colour": p.colour,
            "goal": p.goal.value if p.goal else None,
            "formats": [f.value for f in p.formats],
            "description": p.description,
            "example_ideas": list(p.example_ideas),
        }
        for p in plan.pillars
    ]
    cc = st.column_config
    ideas = sorted({i for p in [*plan.pillars, *suggested] for i in p.example_ideas})
    edited = _table(
        "plan.pillars",
        rows,
        {
            "name": "object",
            "target_share": "float64",
            "colour": "object",
            "goal": "object",
            "formats": "object",
            "description": "object",
            "example_ideas": "object",
        },
        token=token,
        column_config={
            "name": cc.TextColumn(t("fields.pillars.name"), required=True, max_chars=120),
            "target_share": cc.NumberColumn(
                t("fields.target_share"), min_value=0, max_value=100, step=1, format="%d %%"
            ),
            "colour": cc.TextColumn(
                t("fields.colour"), help=t("plan.colour_help"), validate=r"^#[0-9A-Fa-f]{6}$"
            ),
            "goal": cc.SelectboxColumn(t("fields.goal"), options=GOALS, format_func=_goal_label(L)),
            "formats": cc.MultiselectColumn(
                t("fields.formats"),
                options=[f.value for f in ContentFormat],
                format_func=code_label("formats", L),
            ),
            "description": cc.TextColumn(t("fields.description"), width="large"),
            "example_ideas": cc.MultiselectColumn(
                t("fields.example_ideas"), options=ideas, accept_new_options=True, width="large"
            ),
        },
    )
    total = sum((p.target_share for p in plan.pillars), Decimal(0))
    if plan.pillars and total != 100:
        st.warning(
            t("plan.shares_total", total=fmt_number(total, L, digits=1)), icon=":material/percent:"
        )
    if edited is None:
        return
    # A pillar renamed in place takes its posts and hashtag sets along (apply_plan_edits).
    _apply(save, plan, PlanEdits(pillars=edited), t("plan.pillars_saved"))


# --- campaigns --------------------------------------------------------------------------------


def render_campaigns(plan: EditorialPlan, token: tuple[Any, ...], save: Save) -> None:
    """The client's own events and campaigns; they enter the plan at the next generation."""
    L = lang()
    st.caption(t("plan.campaigns_help"))
    cc = st.column_config
    date_format = date_input_format(L)
    edited = _table(
        "plan.campaigns",
        [c.model_dump() for c in plan.campaigns],
        {
            "name": "object",
            "start": "datetime64[ns]",
            "end": "datetime64[ns]",
            "description": "object",
        },
        token=token,
        column_config={
            "name": cc.TextColumn(t("fields.campaigns.name"), required=True, max_chars=120),
            "start": cc.DateColumn(t("fields.start"), format=date_format, required=True),
            "end": cc.DateColumn(t("fields.end"), format=date_format, required=True),
            "description": cc.TextColumn(t("fields.description"), width="large"),
        },
    )
    if edited is None:
        return
    _apply(save, plan, PlanEdits(campaigns=edited), t("plan.campaigns_saved"))


# --- hashtags and links -----------------------------------------------------------------------


def render_hashtags_and_links(
    plan: EditorialPlan, brief: Brief, token: tuple[Any, ...], save: Save
) -> None:
    """Hashtag sets reused across posts, and the UTM tagging of the posts' links."""
    L = lang()
    st.subheader(t("plan.hashtags_title"))
    st.caption(t("plan.hashtags_help"))
    cc = st.column_config
    known = sorted({tag for s in plan.hashtag_sets for tag in s.tags})
    edited = _table(
        "plan.sets",
        [s.model_dump() for s in plan.hashtag_sets],
        {"name": "object", "pillar": "object", "tags": "object"},
        token=token,
        column_config={
            "name": cc.TextColumn(t("fields.hashtag_sets.name"), required=True, max_chars=120),
            "pillar": cc.SelectboxColumn(
                t("fields.pillar"),
                options=["", *(p.name for p in plan.pillars)],
                help=t("plan.set_pillar_help"),
            ),
            "tags": cc.MultiselectColumn(
                t("fields.tags"), options=known, accept_new_options=True, width="large"
            ),
        },
    )
    if edited is not None:
        _apply(save, plan, PlanEdits(hashtag_sets=edited), t("plan.sets_saved"))
    if (
        plan.hashtag_sets
        and plan.posts
        and st.button(t("plan.sets_apply"), key="plan.sets_apply", icon=":material/tag:")
    ):
        _apply(save, plan, PlanEdits(add_sets=True), t("plan.sets_applied"))

    st.divider()
    st.subheader(t("plan.utm_title"))
    st.caption(t("plan.utm_help"))
    _utm(plan, brief, save, L, token[0])


def _utm(plan: EditorialPlan, brief: Brief, save: Save, L: str, client_id: Any) -> None:
    ss = st.session_state
    utm = plan.utm
    # Filled from the database for a new client or when Streamlit dropped the widgets' state.
    if ss.get("plan.utm.client") != client_id or "plan.utm.medium" not in ss:
        ss["plan.utm.client"] = client_id
        ss["plan.utm.enabled"], ss["plan.utm.medium"] = utm.enabled, utm.medium
        ss["plan.utm.campaign"], ss["plan.utm.url"] = utm.campaign, brief.website or ""
    a, b, c = st.columns([2, 2, 3], vertical_alignment="bottom")
    enabled = a.toggle(t("plan.utm_enabled"), key="plan.utm.enabled")
    medium = b.text_input(t("plan.utm_medium"), key="plan.utm.medium", max_chars=100)
    campaign = c.text_input(t("plan.utm_campaign"), key="plan.utm.campaign", max_chars=100)
    settings = {"enabled": enabled, "medium": medium, "campaign": campaign}
    new, problems = apply_plan_edits(plan, PlanEdits(utm=settings))
    if new.utm != utm and not problems:
        _saved(save, new, t("plan.utm_saved"))
    _show(problems)
    with st.container(border=True):
        st.markdown(f"**{t('plan.utm_builder')}**")
        d, e, f = st.columns([4, 2, 2])
        url = d.text_input(t("plan.utm_url"), key="plan.utm.url", max_chars=200)
        used = {p.platform for p in plan.posts}
        platform = e.selectbox(
            t("fields.platform"),
            [p.value for p in sorted(Platform, key=lambda p: p not in used)],
            key="plan.utm.platform",
            format_func=code_label("platforms", L),
        )
        content = f.text_input(t("plan.utm_content"), key="plan.utm.content", max_chars=100)
        if url.strip():
            problem = link_problem(url)
            if problem is not None:
                st.error(describe_problem(problem, L), icon=":material/link_off:")
            else:
                link = utm_link(
                    url, source=platform, medium=medium, campaign=campaign, content=content
                )
                st.code(link, language=None, wrap_lines=True)
    if (
        enabled
        and plan.posts
        and st.button(t("plan.utm_apply"), key="plan.utm.apply", icon=":material/link:")
    ):
        edits = PlanEdits(utm=settings, tag_links=True)
        _apply(save, plan, edits, t("plan.utm_applied"))
