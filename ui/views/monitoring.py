"""The Monitoring page's analysis and best-times tabs: what the results say against the plan.

The numbers come from `workbench.monitoring.analysis`; they are worked out once per plan, results
and brief version and period (`analysis`), never because the page reran.
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
from ui.forms import date_input_format
from ui.markdown import markdown_text
from workbench.i18n import fmt_date, fmt_number, render
from workbench.i18n import t as translate
from workbench.imports.results import COUNT_FIELDS
from workbench.models import EditorialPlan, Platform, PostResult
from workbench.monitoring.analysis import (
    FollowerGrowth,
    GroupRate,
    HourCell,
    KpiProgress,
    PeriodAnalysis,
    PlanActual,
    RankedResult,
    analyse_period,
    best_slots,
    best_times,
    move_to_best_times,
    plan_period,
    results_period,
)
from workbench.strategy import Strategy

__all__ = [
    "analysis",
    "render_analysis",
    "render_best_times",
    "render_results",
    "result_row",
    "times_view",
]


@st.cache_data(max_entries=16, show_spinner=False)
def analysis(version_key: Hashable, start: date, end: date, _strategy: Strategy) -> PeriodAnalysis:
    """Every figure of the period, once per versions of plan, results and brief."""
    return analyse_period(_strategy.plan, _strategy.brief, _strategy.results.posts, start, end)


# --- rendering --------------------------------------------------------------------------------


def result_row(result: PostResult, counts: Sequence[str], lang: str) -> dict[str, Any]:
    """A result as a table row: date, time, platform, title and `counts` in the user's
    format; a count the export does not have stays empty."""

    def t(key: str) -> str:
        return translate(key, lang)

    return {
        t("fields.date"): result.date,
        t("fields.time"): result.time.strftime("%H:%M") if result.time else "",
        t("fields.platform"): t(f"platforms.{result.platform.value}"),
        t("monitoring.col_title"): result.title,
        **{
            t(f"monitoring.col_{k}"): ""
            if getattr(result, k) is None
            else fmt_number(getattr(result, k), lang)
            for k in counts
        },
    }


def render_results(results: Sequence[PostResult], lang: str) -> None:
    """The imported results, newest first, with every count and the post's link."""

    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    rows = [
        {**result_row(r, COUNT_FIELDS, lang), t("fields.link"): r.link}
        for r in sorted(results, key=lambda r: r.published_at, reverse=True)
    ]
    st.caption(t("monitoring.results_count", count=len(results)))
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={
            t("fields.date"): st.column_config.DateColumn(format=date_input_format(lang)),
            t("fields.link"): st.column_config.LinkColumn(),
        },
    )


def _pct(value: Decimal | None, lang: str, digits: int = 1) -> str:
    return "—" if value is None else f"{fmt_number(value, lang, digits=digits)}%"


def _denominator(name: str | None, lang: str) -> str:
    return translate(f"metrics.denominator.{name}", lang) if name else "—"


def _group_name(group: str, by: str, lang: str) -> str:
    """A platform or a format by its name; a pillar as typed, or "no pillar"."""
    if by == "platform":
        return translate(f"platforms.{group}", lang)
    if by == "format":
        return translate(f"formats.{group}", lang)
    return group or translate("monitoring.no_pillar", lang)


def _plan_actual_table(rows: Sequence[PlanActual], dimension: str, lang: str) -> pd.DataFrame:
    def t(key: str) -> str:
        return translate(key, lang)

    return pd.DataFrame(
        [
            {
                t(f"fields.{dimension}"): _group_name(r.group, dimension, lang),
                t("monitoring.planned"): r.planned,
                t("monitoring.published"): r.published,
                t("monitoring.published_share"): None
                if r.percent_published is None
                else float(r.percent_published),
                **({t("monitoring.unplanned"): r.unplanned} if dimension == "platform" else {}),
            }
            for r in rows
            if r.dimension == dimension
        ]
    )


def _kpi_table(rows: Sequence[KpiProgress], lang: str) -> pd.DataFrame:
    def t(key: str) -> str:
        return translate(key, lang)

    def actual(row: KpiProgress) -> str:
        if row.actual is None:
            return "—"
        digits = 2 if row.measure in ("engagement_rate", "posts_per_week") else 0
        text = fmt_number(row.actual, lang, digits=digits if row.actual % 1 else 0)
        return f"{text}%" if row.measure == "engagement_rate" else text

    def note(row: KpiProgress) -> str:
        if row.note is not None:
            return render(row.note, lang)
        if row.denominator:
            return translate(
                "monitoring.kpi_on", lang, denominator=_denominator(row.denominator, lang)
            )
        return ""

    return pd.DataFrame(
        [
            {
                t("fields.metric"): r.kpi.metric,
                t("monitoring.measured_as"): _measured_as(r, lang),
                t("fields.target"): fmt_number(
                    r.kpi.target, lang, digits=2 if r.kpi.target % 1 else 0
                ),
                t("fields.deadline"): fmt_date(r.kpi.deadline, lang, "short")
                if r.kpi.deadline
                else "",
                t("report.actual"): actual(r),
                t("monitoring.progress"): None if r.percent is None else float(r.percent),
                t("monitoring.note"): note(r),
            }
            for r in rows
        ]
    )


def _measured_as(row: KpiProgress, lang: str) -> str:
    if row.measure is None:
        return "—"
    text = translate(f"monitoring.measure.{row.measure}", lang)
    if row.platform is not None:
        text += f" ({translate(f'platforms.{row.platform.value}', lang)})"
    return text


def _rates_table(rows: Sequence[GroupRate], by: str, lang: str) -> pd.DataFrame:
    def t(key: str) -> str:
        return translate(key, lang)

    return pd.DataFrame(
        [
            {
                t(f"fields.{by}"): _group_name(r.group, by, lang),
                t("monitoring.mean_er"): _pct(r.mean_rate, lang, 2),
                t("monitoring.denominator"): _denominator(r.denominator, lang),
                t("monitoring.posts"): r.posts,
            }
            for r in rows
        ]
    )


def _rates_chart(rows: Sequence[GroupRate], by: str, lang: str) -> dict[str, Any]:
    def t(key: str) -> str:
        return translate(key, lang)

    frame = pd.DataFrame(
        [
            {
                "group": _group_name(r.group, by, lang)
                + (
                    f" ({_denominator(r.denominator, lang)})"
                    if len({x.denominator for x in rows}) > 1
                    else ""
                ),
                "rate": float(r.mean_rate),
                "posts": r.posts,
                "denominator": _denominator(r.denominator, lang),
            }
            for r in rows
        ]
    )
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("rate:Q", title=t("monitoring.mean_er")),
            y=alt.Y("group:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220)),
            tooltip=[
                alt.Tooltip("group:N", title=t(f"fields.{by}")),
                alt.Tooltip("rate:Q", title=t("monitoring.mean_er"), format=",.2f"),
                alt.Tooltip("denominator:N", title=t("monitoring.denominator")),
                alt.Tooltip("posts:Q", title=t("monitoring.posts")),
            ],
        )
        .properties(title=t(f"monitoring.chart_er_{by}"), height=alt.Step(28))
    )
    return chart_spec(chart, lang)


def _ranked_table(rows: Sequence[RankedResult], lang: str) -> pd.DataFrame:
    def t(key: str) -> str:
        return translate(key, lang)

    return pd.DataFrame(
        [
            {
                t("fields.date"): fmt_date(r.result.date, lang, "short"),
                t("monitoring.er"): _pct(r.rate, lang, 2),
                t("monitoring.denominator"): _denominator(r.denominator, lang),
                t("fields.platform"): translate(f"platforms.{r.result.platform.value}", lang),
                t("monitoring.col_title"): r.result.title,
                t("fields.link"): r.result.link or None,
            }
            for r in rows
        ]
    )


def _followers_chart(growth: Sequence[FollowerGrowth], lang: str) -> dict[str, Any]:
    def t(key: str) -> str:
        return translate(key, lang)

    frame = pd.DataFrame(
        [
            {
                "platform": translate(f"platforms.{g.platform.value}", lang),
                "week": w.week_start.isoformat(),
                "label": fmt_date(w.week_start, lang, "d MMM"),
                "followers": w.followers,
            }
            for g in growth
            for w in g.weeks
        ]
    )
    chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("week:T", title=t("monitoring.week_of"), axis=alt.Axis(format="%d/%m")),
            y=alt.Y(
                "followers:Q", title=t("monitoring.col_followers"), scale=alt.Scale(zero=False)
            ),
            color=alt.Color("platform:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("platform:N", title=t("fields.platform")),
                alt.Tooltip("label:N", title=t("monitoring.week_of")),
                alt.Tooltip("followers:Q", title=t("monitoring.col_followers"), format=",d"),
            ],
        )
        .properties(title=t("metrics.follower_growth"), height=260)
    )
    return chart_spec(chart, lang)


def render_analysis(view: PeriodAnalysis, plan: EditorialPlan, lang: str) -> None:
    """Plan against actual, KPIs, engagement by pillar and format, best and worst posts,
    followers and the suggestions, for the period the view was made for."""

    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    results = view.results
    published = sum(r.published for r in view.plan_actual if r.dimension == "platform")
    planned = sum(r.planned for r in view.plan_actual if r.dimension == "platform")
    on_reach = view.on_reach
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("monitoring.kpi_results"), fmt_number(len(results), lang), border=True)
    c2.metric(t("monitoring.kpi_planned"), fmt_number(planned, lang), border=True)
    c3.metric(
        t("monitoring.kpi_published"),
        fmt_number(published, lang)
        + (f" ({_pct(Decimal(published) / planned * 100, lang)})" if planned else ""),
        border=True,
    )
    c4.metric(
        t("monitoring.kpi_er_reach"),
        _pct(sum(on_reach, Decimal(0)) / len(on_reach), lang) if on_reach else "—",
        border=True,
        help=t("monitoring.er_help"),
    )
    if view.outside_plan:
        period = plan_period(plan)
        st.warning(
            t(
                "monitoring.outside_plan",
                count=view.outside_plan,
                start=fmt_date(period[0], lang, "short") if period else "—",
                end=fmt_date(period[1], lang, "short") if period else "—",
            ),
            icon=":material/event_busy:",
        )

    st.subheader(t("monitoring.suggestions"))
    if view.advice:
        st.markdown("\n".join(f"- {markdown_text(render(m, lang))}" for m in view.advice))
    else:
        st.caption(t("monitoring.no_suggestions"))

    st.subheader(t("monitoring.plan_vs_actual"))
    share = t("monitoring.published_share")
    config = {share: st.column_config.ProgressColumn(format="%.0f%%", min_value=0, max_value=100)}
    left, right = st.columns(2)
    for column, dimension in ((left, "platform"), (right, "pillar")):
        frame = _plan_actual_table(view.plan_actual, dimension, lang)
        if frame.empty:
            column.caption(t("monitoring.nothing_planned"))
        else:
            column.dataframe(frame, hide_index=True, width="stretch", column_config=config)
    st.caption(t("monitoring.plan_vs_actual_help"))

    st.subheader(t("monitoring.kpis"))
    if view.kpis:
        progress = t("monitoring.progress")
        st.dataframe(
            _kpi_table(view.kpis, lang),
            hide_index=True,
            width="stretch",
            column_config={
                progress: st.column_config.ProgressColumn(
                    format="%.0f%%", min_value=0, max_value=100
                )
            },
        )
    else:
        st.caption(t("monitoring.no_kpis"))

    st.subheader(t("monitoring.engagement"))
    st.caption(t("monitoring.er_help"))
    left, right = st.columns(2)
    for column, rows, by in ((left, view.by_pillar, "pillar"), (right, view.by_format, "format")):
        with column:
            if rows:
                st.vega_lite_chart(_rates_chart(rows, by, lang), width="stretch")
                st.dataframe(_rates_table(rows, by, lang), hide_index=True, width="stretch")
            else:
                st.caption(t("monitoring.no_matched"))

    st.subheader(t("monitoring.top_bottom"))
    rate_config = {
        t("fields.link"): st.column_config.LinkColumn(display_text=t("monitoring.open")),
        t("monitoring.col_title"): st.column_config.TextColumn(width="medium"),
    }
    left, right = st.columns(2)
    for column, ranked, title in ((left, view.top, "best"), (right, view.bottom, "worst")):
        with column:
            st.markdown(f"**{t(f'monitoring.{title}')}**")
            if ranked:
                st.dataframe(
                    _ranked_table(ranked, lang),
                    hide_index=True,
                    width="stretch",
                    column_config=rate_config,
                )
            else:
                st.caption(t("monitoring.no_rates"))

    st.subheader(t("metrics.follower_growth"))
    if not view.followers:
        st.caption(t("monitoring.no_followers"))
        return
    columns = st.columns(min(len(view.followers), 4))
    for index, growth in enumerate(view.followers):
        columns[index % len(columns)].metric(
            translate(f"platforms.{growth.platform.value}", lang),
            fmt_number(growth.last, lang),
            delta=f"{'+' if growth.change >= 0 else ''}{fmt_number(growth.change, lang)}"
            + (f" ({_pct(growth.percent, lang)})" if growth.percent is not None else ""),
            help=t(
                "monitoring.followers_help",
                first=fmt_number(growth.first, lang),
                start=fmt_date(growth.first_date, lang, "short"),
                end=fmt_date(growth.last_date, lang, "short"),
            ),
            border=True,
        )
    if any(len(g.weeks) > 1 for g in view.followers):
        st.vega_lite_chart(_followers_chart(view.followers, lang), width="stretch")


# --- best times -------------------------------------------------------------------------------


def weekday_names(lang: str) -> list[str]:
    """Monday to Sunday in the language, abbreviated."""
    monday = date(2024, 1, 1)  # a Monday
    return [fmt_date(monday + timedelta(days=i), lang, "EEE") for i in range(7)]


def heatmap(cells: Sequence[HourCell], lang: str) -> dict[str, Any]:
    """Weekday x hour: colour the mean engagement rate, the number of posts written in."""

    def t(key: str) -> str:
        return translate(key, lang)

    days = weekday_names(lang)
    frame = pd.DataFrame(
        [
            {
                "day": days[c.weekday],
                "hour": c.hour,
                "slot": f"{c.hour:02d}:00",
                "posts": c.posts,
                "rate": None if c.mean_rate is None else float(c.mean_rate),
                "denominator": _denominator(c.denominator, lang),
            }
            for c in cells
        ]
    )
    base = alt.Chart(frame).encode(
        x=alt.X(
            "hour:O",
            title=t("monitoring.hour"),
            scale=alt.Scale(domain=list(range(24))),
            axis=alt.Axis(labelAngle=0),
        ),
        y=alt.Y("day:N", title=None, sort=days, scale=alt.Scale(domain=days)),
    )
    tooltip = [
        alt.Tooltip("day:N", title=t("monitoring.weekday")),
        alt.Tooltip("slot:N", title=t("monitoring.hour")),
        alt.Tooltip("posts:Q", title=t("monitoring.posts")),
        alt.Tooltip("rate:Q", title=t("monitoring.mean_er"), format=",.2f"),
        alt.Tooltip("denominator:N", title=t("monitoring.denominator")),
    ]
    rects = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            "rate:Q",
            title=t("monitoring.mean_er"),
            scale=alt.Scale(scheme="greens"),
            legend=alt.Legend(orient="bottom", format=",.1f"),
        ),
        tooltip=tooltip,
    )
    counts = base.mark_text(fontSize=11).encode(text="posts:Q", tooltip=tooltip)
    chart = alt.layer(rects, counts).properties(
        title=t("monitoring.heatmap_title"), height=alt.Step(34)
    )
    return chart_spec(chart, lang)


def _slots_table(cells: Sequence[HourCell], min_posts: int, lang: str) -> pd.DataFrame:
    """Per weekday the hour with the best mean rate among cells with enough posts."""

    def t(key: str) -> str:
        return translate(key, lang)

    days = weekday_names(lang)
    return pd.DataFrame(
        [
            {
                t("monitoring.weekday"): days[c.weekday],
                t("monitoring.hour"): f"{c.hour:02d}:00",
                t("monitoring.mean_er"): _pct(c.mean_rate, lang, 2),
                t("monitoring.denominator"): _denominator(c.denominator, lang),
                t("monitoring.posts"): c.posts,
            }
            for c in best_slots(cells, min_posts)
        ]
    )


@dataclass(frozen=True)
class TimesView:
    """A platform's weekday x hour cells, and the plan with its slots moved to the best."""

    cells: tuple[HourCell, ...]
    moved_plan: EditorialPlan
    moved: int


@st.cache_data(max_entries=16, show_spinner=False)
def times_view(
    version_key: Hashable, platform: Platform, min_posts: int, today: date, _strategy: Strategy
) -> TimesView:
    """Worked out once per versions, platform, minimum and day: not on every rerun. Posts
    matched to a result are out already and never move."""
    results = _strategy.results.posts
    first, last = results_period(results)
    published = {m.post_id for m in analysis(version_key, first, last, _strategy).matches}
    cells = best_times([r for r in results if r.platform == platform])
    plan, moved = move_to_best_times(
        _strategy.plan,
        cells,
        platform=platform,
        min_posts=min_posts,
        today=today,
        published=published,
    )
    return TimesView(tuple(cells), plan, moved)


def render_best_times(cells: Sequence[HourCell], min_posts: int, lang: str) -> None:
    """The heatmap and the best slot per weekday, or what is missing for them."""
    if not cells:
        st.info(translate("monitoring.no_times", lang), icon=":material/schedule:")
        return
    st.vega_lite_chart(heatmap(cells, lang), width="stretch")
    st.caption(translate("monitoring.heatmap_help", lang))
    slots = _slots_table(cells, min_posts, lang)
    if slots.empty:
        st.caption(translate("monitoring.no_best_slots", lang, n=min_posts))
    else:
        st.dataframe(slots, hide_index=True, width="stretch")
