"""Plan (PED): generate the editorial plan, edit it, see it as a calendar and against targets."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import streamlit as st

from ui.forms import date_input_format
from ui.nav import STEP_PAGES, link_params
from ui.panels.plan_assistant import render_assistant
from ui.panels.plan_inputs import render_campaigns, render_hashtags_and_links, render_pillars
from ui.panels.plan_table import render_post_table
from ui.panels.review import client_reviews, render_review_panel, review_labels
from ui.saving import write
from ui.shell import step_page
from ui.state import lang, t
from ui.views.plan import render_charts, render_month, render_week
from workbench.i18n import Message, fmt_date, render
from workbench.models import EditorialPlan, ReviewDecision
from workbench.plan.generator import MAX_WEEKS, regenerate
from workbench.plan.hashtags import with_sets
from workbench.plan.summary import plan_weeks
from workbench.plan.utm import with_utm
from workbench.strategy import save_section

strategy, client_id = step_page("plan")
L = lang()
P = "plan."
ss = st.session_state
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


def next_monday() -> date:
    today = date.today()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


# --- generation ---------------------------------------------------------------------------------
# Widgets are filled from the database for a new client, or when Streamlit dropped their state.
if ss.get(f"{P}loaded") != client_id or f"{P}start" not in ss:
    ss[f"{P}loaded"] = client_id
    ss[f"{P}start"] = plan.start or brief.start_date or next_monday()
    ss[f"{P}weeks"] = plan.weeks if plan.posts else brief.horizon_weeks
    ss[f"{P}reactive"] = int(plan.reactive_share)
    ss.pop(f"{P}notes", None)

has_platforms = any(c.posts_per_week > 0 for c in selection.choices)
if not has_platforms:
    st.info(t("plan.need_platforms"), icon=":material/share:")
    st.page_link(
        STEP_PAGES["platforms"],
        label=t("steps.platforms"),
        icon=":material/arrow_back:",
        query_params=link_params(),
    )

with st.container(border=True):
    a, b, c, d = st.columns([2, 2, 3, 3], vertical_alignment="bottom")
    start = a.date_input(t("plan.start"), key=f"{P}start", format=date_input_format(L))
    # Bounds wider than the plan's, so that a wrong number gets our message, not the browser's.
    weeks = b.number_input(t("plan.weeks"), 0, 99, step=1, key=f"{P}weeks")
    bad_weeks = not 1 <= weeks <= MAX_WEEKS
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
        disabled=not has_platforms or bad_weeks,
        width="stretch",
    )
    if bad_weeks:
        st.error(
            render(Message("plan.bad_horizon", {"weeks": int(weeks)}), L), icon=":material/error:"
        )
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


def run_generation(range_from: date, range_to: date, seed: int, *, whole: bool = False) -> None:
    """Generate posts from `range_from` to `range_to`; `whole` makes that the plan's horizon,
    so posts outside it go, except the ones the manager edited or locked (and it says so)."""
    current = plan.model_copy(update={"reactive_share": Decimal(int(reactive)), "seed": seed})
    with st.spinner(t("plan.generating")):
        result = regenerate(current, brief, selection, range_from, range_to, lang=L)
    notes = [render(m, L) for m in result.messages]
    if not result.posts:
        ss[f"{P}notes"] = notes
        return
    posts = with_utm(with_sets(result.posts, plan.hashtag_sets), plan.utm)
    update: dict[str, object] = {"pillars": list(result.pillars)}
    if whole:
        kept = [p for p in posts if not range_from <= p.date <= range_to and (p.edited or p.locked)]
        if kept:
            notes.append(t("plan.kept_outside", count=len(kept)))
        posts = [p for p in posts if range_from <= p.date <= range_to or p.edited or p.locked]
        update |= {"start": start, "weeks": int(weeks)}
    update["posts"] = posts
    if save(current.model_copy(update=update)):
        fresh = sum(1 for p in posts if range_from <= p.date <= range_to)
        ss[f"{P}notes"] = [t("plan.generated", count=fresh), *notes]
        st.rerun()


if generate:
    run_generation(start, start + timedelta(days=7 * int(weeks) - 1), plan.seed, whole=True)
if regenerate_range:
    horizon = plan_weeks(plan)
    plan_end = horizon[-1] + timedelta(days=6) if horizon else range_end
    if range_end < range_start:
        st.error(t("plan.bad_range"), icon=":material/error:")
    elif horizon and not horizon[0] <= range_start <= range_end <= plan_end:
        st.error(
            t(
                "plan.range_outside",
                start=fmt_date(horizon[0], L, "d MMM yyyy"),
                end=fmt_date(plan_end, L, "d MMM yyyy"),
            ),
            icon=":material/error:",
        )
    else:
        seed = (plan.seed + 1) % (2**31 - 1) if other_ideas else plan.seed
        run_generation(range_start, range_end, seed)

notes = ss.get(f"{P}notes") or []
if notes:
    with st.container(border=True):
        st.markdown(notes[0])
        for note in notes[1:]:
            st.caption(note)

# --- tabs ---------------------------------------------------------------------------------------
# Only the open tab runs (lazy tabs).
tabs = st.tabs(
    [
        t("plan.tab_table"),
        t("plan.tab_calendar"),
        t("plan.tab_analysis"),
        t("plan.tab_assistant"),
        t("plan.tab_pillars"),
        t("plan.tab_campaigns"),
        t("plan.tab_tags"),
        t("plan.tab_review"),
    ],
    key=f"{P}tab",
    on_change="rerun",
)

table_tab, calendar_tab, analysis_tab, assistant_tab, pillars_tab, campaigns_tab, tags_tab = tabs[
    :7
]
review_tab = tabs[7]
# The client's answers through review links: read by the table and the review tab.
reviews, stale = (
    client_reviews(client_id, plan) if table_tab.open or review_tab.open else ({}, set())
)

if table_tab.open:
    with table_tab:
        if plan.posts:
            to_change = frozenset(
                k for k, r in reviews.items() if r.decision == ReviewDecision.changes_requested
            )
            render_post_table(plan, token, save, review_labels(reviews, stale), to_change)
        elif has_platforms:
            st.info(t("plan.empty"), icon=":material/calendar_month:")

if calendar_tab.open:
    with calendar_tab:
        if plan.posts:
            month_tab, week_tab = st.tabs(
                [t("plan.view_month"), t("plan.view_week")], key=f"{P}cal_tab", on_change="rerun"
            )
            if month_tab.open:
                with month_tab:
                    render_month(plan, f"{P}month", L, token)
            if week_tab.open:
                with week_tab:
                    render_week(plan, f"{P}week", L, token)
        else:
            st.info(t("plan.empty"), icon=":material/calendar_month:")

if analysis_tab.open:
    with analysis_tab:
        if plan.posts:
            weeks_shown = plan_weeks(plan)
            render_charts(plan, selection, weeks_shown[0], len(weeks_shown), L, token, brief=brief)
        else:
            st.info(t("plan.empty"), icon=":material/bar_chart:")

if assistant_tab.open:
    with assistant_tab:
        render_assistant(strategy, plan, client_id, save_accepted)

if pillars_tab.open:
    with pillars_tab:
        render_pillars(plan, brief, token, save)

if campaigns_tab.open:
    with campaigns_tab:
        render_campaigns(plan, token, save)

if tags_tab.open:
    with tags_tab:
        render_hashtags_and_links(plan, brief, token, save)

if review_tab.open:
    with review_tab:
        render_review_panel(plan, client_id, reviews)
