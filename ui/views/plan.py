"""The editorial plan, read-only: a month calendar, a week in detail, mix and cadence charts.

Each view is built once per saved plan version and language (the calendar one month or
week at a time), so a plan of 1,500 posts only redraws what is on screen. Text the
manager typed (topics, captions, pillar names) is shown as Markdown-escaped text.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from ui.charts import chart_spec
from ui.markdown import markdown_text
from workbench.i18n import Message, fmt_date, fmt_number, render
from workbench.i18n import t as translate
from workbench.models import (
    Brief,
    EditorialPlan,
    PlannedPost,
    PlatformSelection,
    PostKind,
    PostStatus,
)
from workbench.plan.summary import (
    NEUTRAL_COLOUR,
    DayCell,
    PillarMix,
    WeekCadence,
    cadence_by_week,
    month_grid,
    pillar_mix,
    plan_months,
    plan_weeks,
    status_counts,
    week_days,
)

__all__ = [
    "ChartsView",
    "MonthView",
    "WeekView",
    "cadence_note",
    "charts_view",
    "mix_note",
    "month_view",
    "render_charts",
    "render_month",
    "render_week",
    "week_view",
]

# Marks for posts that are not a pillar's: recognisable at a glance in the calendar.
KIND_MARKS = {
    PostKind.observance: ":material/celebration:",
    PostKind.campaign: ":material/campaign:",
    PostKind.reactive: ":material/bolt:",
}
STATUS_COLOURS = {
    PostStatus.idea: "gray",
    PostStatus.draft: "orange",
    PostStatus.to_approve: "red",
    PostStatus.approved: "green",
    PostStatus.scheduled: "blue",
    PostStatus.published: "violet",
}
DAY_LINES = 6  # posts listed in a month cell before "+n more"
TOPIC_CHARS = 32
CAPTION_CHARS = 90
TARGET_COLOUR = "#111827"
NOTE_ITEMS = 4  # off-target weeks named before "n more"


def _dot(colour: str) -> str:
    # Colours are validated hex codes (Pillar.colour) or ours, never user text.
    return f':color[●]{{foreground="{colour}"}}'


def _colours(plan: EditorialPlan) -> dict[str, str]:
    return {p.name: p.colour for p in plan.pillars}


def _mark(post: PlannedPost, colours: dict[str, str]) -> str:
    """A pillar's coloured dot, or the mark of a holiday, campaign or reactive slot."""
    if post.kind in KIND_MARKS:
        return KIND_MARKS[post.kind]
    if not post.pillar:
        return "○"
    return _dot(colours.get(post.pillar, NEUTRAL_COLOUR))


def _legend(plan: EditorialPlan, lang: str) -> str:
    pillars = [f"{_dot(p.colour)} {markdown_text(p.name)}" for p in plan.pillars]
    kinds = [f"{mark} {translate(f'post_kind.{k.value}', lang)}" for k, mark in KIND_MARKS.items()]
    return " · ".join([*pillars, *kinds])


def _summary(key: str, posts: Sequence[PlannedPost], lang: str) -> str:
    """'Post nel mese: 26. Per stato: Idea 20 · Bozza 6.'"""
    summary = translate(key, lang, n=len(posts))
    statuses = " · ".join(
        f"{translate(f'post_status.{status.value}', lang)} {n}"
        for status, n in status_counts(posts).items()
        if n
    )
    return (
        f"{summary} {translate('planview.by_status', lang, statuses=statuses)}"
        if posts
        else summary
    )


# --- month ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthView:
    """A month as Markdown: weekday headers, one cell per day row by row, the legend."""

    title: str
    headers: tuple[str, ...]
    weeks: tuple[tuple[str, ...], ...]
    summary: str
    legend: str


def _month_line(post: PlannedPost, colours: dict[str, str], lang: str) -> str:
    short = translate(f"planview.short.{post.platform.value}", lang)
    topic = markdown_text(post.topic, TOPIC_CHARS)
    return f"{_mark(post, colours)} :small[{post.time:%H:%M} **{short}** {topic}]"


def _month_cell(cell: DayCell, colours: dict[str, str], lang: str) -> str:
    if cell.outside:
        return f":gray[{cell.day.day}]"
    lines = [f"**{cell.day.day}**"]
    lines += [_month_line(p, colours, lang) for p in cell.posts[:DAY_LINES]]
    if len(cell.posts) > DAY_LINES:
        more = translate("planview.more", lang, n=len(cell.posts) - DAY_LINES)
        lines.append(f":small[:gray[{more}]]")
    return "  \n".join(lines)


def _month_label(year: int, month: int, lang: str) -> str:
    """'gennaio 2027', 'January 2027'."""
    return fmt_date(date(year, month, 1), lang, "LLLL y")


@st.cache_data(max_entries=64, show_spinner=False)
def month_view(
    version_key: Hashable, lang: str, year: int, month: int, _plan: EditorialPlan
) -> MonthView:
    """One month of the plan, Monday first, drawn once per plan version and language."""
    grid = month_grid(_plan.posts, year, month)
    colours = _colours(_plan)
    monday = grid[0][0].day
    posts = [p for week in grid for cell in week for p in cell.posts]
    return MonthView(
        title=_month_label(year, month, lang),
        headers=tuple(fmt_date(monday + timedelta(days=d), lang, "EEE") for d in range(7)),
        weeks=tuple(tuple(_month_cell(cell, colours, lang) for cell in week) for week in grid),
        summary=_summary("planview.month_summary", posts, lang),
        legend=_legend(_plan, lang),
    )


def _pick(key: str, options: list[str], preferred: str) -> None:
    """Forget a choice that is no longer offered (the plan changed) and start on `preferred`."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = preferred if preferred in options else options[0]


def render_month(plan: EditorialPlan, key_base: str, lang: str, version_key: Hashable) -> None:
    """The month selector and a 7-column calendar of the chosen month."""
    months = plan_months(plan.posts)
    if not months:
        st.info(translate("planview.empty", lang), icon=":material/calendar_month:")
        return
    options = [f"{y:04d}-{m:02d}" for y, m in months]
    # Open on the month the coming week mostly falls in: from today, or from the plan's
    # start when it is later (a plan starting on 30 November opens on December).
    first = max(date.today(), min(p.date for p in plan.posts)) + timedelta(days=6)
    key = f"{key_base}.month"
    _pick(key, options, f"{first.year:04d}-{first.month:02d}")
    chosen = st.selectbox(
        translate("planview.month", lang),
        options,
        key=key,
        format_func=lambda o: _month_label(int(o[:4]), int(o[5:]), lang),
    )
    year, month = int(chosen[:4]), int(chosen[5:])
    view = month_view(version_key, lang, year, month, plan)
    st.caption(view.summary)
    for column, header in zip(st.columns(7), view.headers, strict=True):
        column.markdown(f"**{header}**")
    for week in view.weeks:
        for column, cell in zip(st.columns(7, border=True), week, strict=True):
            column.markdown(cell)
    st.caption(view.legend)


# --- week -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekView:
    """Seven days as headers and, per day, one Markdown block per post."""

    headers: tuple[str, ...]
    days: tuple[tuple[str, ...], ...]
    summary: str


def _post_block(post: PlannedPost, colours: dict[str, str], lang: str) -> str:
    platform = translate(f"platforms.{post.platform.value}", lang)
    fmt = translate(f"formats.{post.format.value}", lang)
    lock = " :material/lock:" if post.locked else ""
    if post.kind in KIND_MARKS:
        theme = f"{KIND_MARKS[post.kind]} {translate(f'post_kind.{post.kind.value}', lang)}"
    elif post.pillar:
        theme = f"{_mark(post, colours)} {markdown_text(post.pillar)}"
    else:
        theme = f"○ {translate('planview.no_pillar', lang)}"
    status = translate(f"post_status.{post.status.value}", lang)
    lines = [
        f"**{post.time:%H:%M}** · {platform} · {fmt}{lock}",
        f"{theme} · :{STATUS_COLOURS[post.status]}-badge[{status}]",
    ]
    if post.topic:
        lines.append(f"**{markdown_text(post.topic)}**")
    first_line = next((line for line in post.caption.splitlines() if line.strip()), "")
    if first_line:
        lines.append(f":small[{markdown_text(first_line, CAPTION_CHARS)}]")
    return "  \n".join(lines)


@st.cache_data(max_entries=64, show_spinner=False)
def week_view(version_key: Hashable, lang: str, start: date, _plan: EditorialPlan) -> WeekView:
    """The seven days from `start` with every post in detail, once per plan version."""
    days = week_days(_plan.posts, start)
    colours = _colours(_plan)
    posts = [p for d in days for p in d.posts]
    return WeekView(
        headers=tuple(fmt_date(d.day, lang, "EEE d MMM") for d in days),
        days=tuple(tuple(_post_block(p, colours, lang) for p in d.posts) for d in days),
        summary=_summary("planview.week_summary", posts, lang),
    )


def week_label(n: int, start: date, lang: str) -> str:
    """'Settimana 2 · 7 dic – 13 dic 2026': plan week `n`, starting on `start`."""
    end = start + timedelta(days=6)
    return translate(
        "planview.week_option",
        lang,
        n=n,
        start=fmt_date(start, lang, "d MMM"),
        end=fmt_date(end, lang, "d MMM y"),
    )


def render_week(plan: EditorialPlan, key_base: str, lang: str, version_key: Hashable) -> None:
    """The week picker (week 1..N with dates) and the chosen week's posts, day by day."""
    starts = plan_weeks(plan)
    if not plan.posts or not starts:
        st.info(translate("planview.empty", lang), icon=":material/view_week:")
        return
    options = [d.isoformat() for d in starts]
    today = date.today()
    current = next((d for d in starts if d <= today < d + timedelta(days=7)), starts[0])
    key = f"{key_base}.week"
    _pick(key, options, current.isoformat())
    numbers = {o: n for n, o in enumerate(options, start=1)}
    chosen = st.selectbox(
        translate("planview.week", lang),
        options,
        key=key,
        format_func=lambda o: week_label(numbers[o], date.fromisoformat(o), lang),
    )
    view = week_view(version_key, lang, date.fromisoformat(chosen), plan)
    st.caption(view.summary)
    for column, header, blocks in zip(st.columns(7), view.headers, view.days, strict=True):
        column.markdown(f"**{header}**")
        if not blocks:
            column.caption(translate("planview.no_posts", lang))
        for block in blocks:
            column.container(border=True).markdown(block)


# --- charts -----------------------------------------------------------------------------------


def _signed(value: Decimal, lang: str) -> str:
    return ("+" if value > 0 else "−") + fmt_number(abs(value), lang, digits=1)


def mix_note(mix: Sequence[PillarMix], lang: str) -> str:
    """What is off target in the pillar mix, in one sentence (pillar names escaped)."""
    if not any(m.posts for m in mix):
        return translate("planview.mix_empty", lang)
    off = [f"{markdown_text(m.name)} {_signed(m.difference, lang)}" for m in mix if not m.on_target]
    if not off:
        return translate("planview.mix_on_target", lang)
    return render(Message("planview.mix_off", {"items": off}), lang)


def cadence_note(weeks: Sequence[WeekCadence], lang: str) -> str:
    """Which platforms and weeks miss their cadence, the first few named."""
    off = [w for w in weeks if not w.on_target]
    if not off:
        return translate("planview.cadence_on_target", lang)
    shown = off if len(off) <= NOTE_ITEMS + 1 else off[:NOTE_ITEMS]
    items = [
        translate(
            "planview.cadence_item",
            lang,
            platform=translate(f"platforms.{w.platform.value}", lang),
            week=w.week,
            posts=w.posts,
            target=w.target,
        )
        for w in shown
    ]
    if len(shown) < len(off):
        items.append(translate("planview.and_more", lang, n=len(off) - len(shown)))
    return render(Message("planview.cadence_off", {"items": items}), lang)


@dataclass(frozen=True)
class ChartsView:
    """Vega-Lite specs of the two charts and the sentence under each."""

    mix: dict[str, Any] | None
    cadence: dict[str, Any] | None
    mix_note: str
    cadence_note: str


def _mix_chart(mix: Sequence[PillarMix], lang: str) -> dict[str, Any]:
    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    frame = pd.DataFrame(
        [
            {
                "pillar": m.name,
                "share": float(m.share),
                "target": float(m.target_share),
                "posts": m.posts,
                "target_posts": float(m.target_posts),
                "difference": float(m.difference),
            }
            for m in mix
        ]
    )
    names = [m.name for m in mix]
    y = alt.Y("pillar:N", sort=names, title=None, axis=alt.Axis(labelLimit=220))
    tooltip = [
        alt.Tooltip("pillar:N", title=t("fields.pillar")),
        alt.Tooltip("posts:Q", title=t("planview.posts")),
        alt.Tooltip("share:Q", title=t("planview.actual_share"), format=",.1f"),
        alt.Tooltip("target:Q", title=t("planview.target_share"), format=",.1f"),
        alt.Tooltip("target_posts:Q", title=t("planview.target_posts"), format=",.1f"),
        alt.Tooltip("difference:Q", title=t("planview.difference"), format="+,.1f"),
    ]
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("share:Q", title=t("planview.axis_share")),
            y=y,
            color=alt.Color(
                "pillar:N",
                legend=None,
                scale=alt.Scale(domain=names, range=[m.colour for m in mix]),
            ),
            tooltip=tooltip,
        )
    )
    ticks = (
        alt.Chart(frame)
        .mark_tick(color=TARGET_COLOUR, thickness=3)
        .encode(x="target:Q", y=y, tooltip=tooltip)
    )
    chart = alt.layer(bars, ticks).properties(title=t("planview.mix_title"), height=alt.Step(32))
    return chart_spec(chart, lang)


def _cadence_chart(weeks: Sequence[WeekCadence], lang: str) -> dict[str, Any]:
    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    platforms = list(dict.fromkeys(t(f"platforms.{w.platform.value}") for w in weeks))
    frame = pd.DataFrame(
        [
            {
                "platform": t(f"platforms.{w.platform.value}"),
                "week": w.week,
                "dates": f"{fmt_date(w.start, lang, 'd MMM')} – {fmt_date(w.end, lang, 'd MMM')}",
                "posts": w.posts,
                "target": w.target,
                "statuses": " · ".join(
                    f"{t(f'post_status.{s.value}')} {n}" for s, n in w.statuses.items() if n
                ),
            }
            for w in weeks
        ]
    )
    x = alt.X("week:O", title=t("planview.axis_week"), axis=alt.Axis(labelAngle=0))
    offset = alt.XOffset("platform:N", sort=platforms)
    tooltip = [
        alt.Tooltip("platform:N", title=t("fields.platform")),
        alt.Tooltip("week:O", title=t("planview.week")),
        alt.Tooltip("dates:N", title=t("planview.dates")),
        alt.Tooltip("posts:Q", title=t("planview.posts")),
        alt.Tooltip("target:Q", title=t("planview.target")),
        alt.Tooltip("statuses:N", title=t("planview.statuses")),
    ]
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=x,
            xOffset=offset,
            # Posts are whole: no 0.5 ticks on a low cadence.
            y=alt.Y("posts:Q", title=t("planview.posts"), axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "platform:N", sort=platforms, title=None, legend=alt.Legend(orient="bottom")
            ),
            tooltip=tooltip,
        )
    )
    ticks = (
        alt.Chart(frame)
        .mark_tick(color=TARGET_COLOUR, thickness=2)
        .encode(x=x, xOffset=offset, y="target:Q", tooltip=tooltip)
    )
    chart = alt.layer(bars, ticks).properties(title=t("planview.cadence_title"), height=300)
    return chart_spec(chart, lang)


@st.cache_data(max_entries=32, show_spinner=False)
def charts_view(
    version_key: Hashable,
    selection_key: str,
    lang: str,
    start: date,
    weeks: int,
    _plan: EditorialPlan,
    _selection: PlatformSelection,
    _brief: Brief | None = None,
) -> ChartsView:
    """The mix and cadence charts with their sentences, once per plan, cadence and language."""
    mix = pillar_mix(_plan)
    rows = cadence_by_week(_plan, _selection, start, weeks, brief=_brief) if weeks > 0 else []
    return ChartsView(
        mix=_mix_chart(mix, lang) if mix else None,
        cadence=_cadence_chart(rows, lang) if rows else None,
        mix_note=mix_note(mix, lang),
        cadence_note=cadence_note(rows, lang),
    )


def render_charts(
    plan: EditorialPlan,
    selection: PlatformSelection,
    start: date,
    weeks: int,
    lang: str,
    version_key: Hashable,
    *,
    brief: Brief | None = None,
) -> None:
    """The pillar mix against targets and the weekly cadence against the selection, each
    with a sentence on what is off target. With the brief, formats the client cannot make
    count the way the generator replaced them."""
    if not plan.posts:
        st.info(translate("planview.empty", lang), icon=":material/bar_chart:")
        return
    # The selection and brief are part of the key: the plan's version says nothing of them.
    inputs = selection.model_dump_json() + (brief.model_dump_json() if brief else "")
    view = charts_view(version_key, inputs, lang, start, weeks, plan, selection, brief)
    if view.mix is not None:
        st.vega_lite_chart(view.mix, width="stretch")
    st.markdown(view.mix_note)
    if view.mix is not None:
        st.caption(translate("planview.mix_help", lang))
    if view.cadence is not None:
        st.vega_lite_chart(view.cadence, width="stretch")
    st.markdown(view.cadence_note)
    if view.cadence is not None:
        st.caption(translate("planview.cadence_help", lang))
