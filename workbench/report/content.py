"""What the client report says, in one language, before it becomes HTML or PDF.

`report_content` reads the strategy once and returns plain, already formatted strings
(dates, numbers and money in the report's language) plus the charts as PNG images, so
the HTML and the PDF renderers only lay them out and can never disagree on a figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from workbench.ai.offline import offline_audience_summary
from workbench.budget.estimate import estimate_budget
from workbench.i18n import fmt_date, fmt_money, fmt_number, render, t
from workbench.monitoring.analysis import (
    KpiProgress,
    kpi_progress,
    match_results,
    rates_by,
    rates_on,
    suggestions,
)
from workbench.plan.summary import cadence_by_week, pillar_mix
from workbench.report.charts import Chart, cadence_chart, mix_chart, rates_chart
from workbench.review import is_news_slot
from workbench.strategy import Strategy

__all__ = [
    "PLAN_ROWS_MAX",
    "Report",
    "Table",
    "default_period",
    "plan_period",
    "report_content",
]

DASH = "—"
PLAN_ROWS_MAX = 400  # a year of a busy plan; more would make a report nobody reads


@dataclass(frozen=True)
class Table:
    """Column headings and rows of formatted cells; `note` is shown under the table."""

    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class Report:
    """The report's text, section by section, and its charts."""

    lang: str
    title: str
    client: str
    period: str
    prepared_on: str
    headings: dict[str, str]  # section key -> title
    summary: tuple[str, ...]  # paragraphs
    audience: tuple[str, ...]  # paragraphs
    personas: Table
    platforms: Table
    kpis: Table
    insights: tuple[str, ...]  # what the period's results say, one sentence each
    charts: tuple[Chart, ...]
    plan: Table
    budget: Table
    empty: dict[str, str] = field(default_factory=dict)  # section key -> "nothing here" text


SECTIONS = ("summary", "audience", "platforms", "kpis", "charts", "plan", "budget")


def default_period(strategy: Strategy, today: date) -> tuple[date, date]:
    """The period a report covers by default.

    With monitoring results: the four weeks (Monday to Sunday) up to the week of the last
    result, never past yesterday, what the client wants to hear about. Without: four weeks
    from the plan's start, or from today once the plan has started (a strategy proposal).
    """
    if strategy.results.posts:
        last = max(r.date for r in strategy.results.posts)
        end = min(last + timedelta(days=6 - last.weekday()), today - timedelta(days=1))
        return end - timedelta(days=27), end
    plan = strategy.plan
    first = plan.start or min((p.date for p in plan.posts), default=None) or today
    start = max(first, today)
    return start, start + timedelta(days=27)


def plan_period(period: tuple[date, date], today: date) -> tuple[date, date]:
    """The plan the report shows: the four weeks after a period already over, else the
    period itself."""
    start, end = period
    if end < today:
        return end + timedelta(days=1), end + timedelta(days=28)
    return period


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip())


def _number(value: Decimal, lang: str) -> str:
    return fmt_number(value, lang, digits=1 if value % 1 else 0)


def _personas(strategy: Strategy, lang: str) -> Table:
    rows = []
    for persona in strategy.audience.personas:
        who = [t("report.persona_age", lang, min=persona.age_min, max=persona.age_max)]
        who += [text for text in (persona.occupation, persona.location) if text]
        rows.append((persona.name, ", ".join(who), ", ".join(persona.needs[:4])))
    headings = (
        t("fields.persona_name", lang),
        t("fields.occupation", lang),
        t("fields.needs", lang),
    )
    return Table(headings, tuple(rows))


def _platforms(strategy: Strategy, lang: str) -> Table:
    rows = tuple(
        (
            t(f"platforms.{c.platform.value}", lang),
            t(f"roles.{c.role.value}", lang),
            ", ".join(t(f"formats.{f.value}", lang) for f in c.formats),
            _number(c.posts_per_week, lang),
        )
        for c in strategy.platforms.choices
        if c.posts_per_week > 0
    )
    headings = (
        t("fields.platform", lang),
        t("fields.role", lang),
        t("fields.formats", lang),
        t("report.cadence", lang),
    )
    return Table(headings, rows)


def _actual(row: KpiProgress, lang: str) -> str:
    """'2.914 (83%)': what the results show against the target, or — when they cannot."""
    if row.actual is None:
        return DASH
    digits = 2 if row.measure in ("engagement_rate", "posts_per_week") and row.actual % 1 else 0
    text = fmt_number(row.actual, lang, digits=digits)
    if row.measure == "engagement_rate":
        text += "%"
    if row.percent is not None:
        text += f" ({fmt_number(row.percent, lang)}%)"
    return text


def _kpis(strategy: Strategy, period: tuple[date, date], lang: str) -> Table:
    start, end = period
    # The period's results, as the monitoring page shows them for the same period.
    results = [r for r in strategy.results.posts if start <= r.date <= end]
    progress = kpi_progress(strategy.brief, results, strategy.plan)
    rows = [
        (
            t(f"objectives.{row.kpi.objective.value}", lang),
            row.kpi.metric,
            _number(row.kpi.target, lang),
            fmt_date(row.kpi.deadline, lang) if row.kpi.deadline else DASH,
            _actual(row, lang),
        )
        for row in progress
    ]
    planned = sum(1 for p in strategy.plan.posts if start <= p.date <= end)
    published = sum(1 for r in strategy.results.posts if start <= r.date <= end)
    rows.append(
        (
            "",
            t("report.posts_in_period", lang),
            fmt_number(planned, lang),
            fmt_date(end, lang),
            fmt_number(published, lang) if strategy.results.posts else DASH,
        )
    )
    headings = (
        t("fields.objective", lang),
        t("fields.metric", lang),
        t("fields.target", lang),
        t("fields.deadline", lang),
        t("report.actual", lang),
    )
    return Table(headings, tuple(rows), note=t("report.kpi_note", lang))


def _insights(strategy: Strategy, period: tuple[date, date], lang: str) -> tuple[str, ...]:
    """What the period's results say, each sentence with its numbers; none without results."""
    start, end = period
    results = [r for r in strategy.results.posts if start <= r.date <= end]
    if not results:
        return ()
    plan = strategy.plan
    matches = match_results(plan, results)
    on_reach = rates_on(results)
    lines = [
        t(
            "report.results_line",
            lang,
            posts=fmt_number(len(results), lang),
            matched=fmt_number(len(matches), lang),
        )
    ]
    if on_reach:
        mean = sum(on_reach, Decimal(0)) / len(on_reach)
        lines.append(
            t(
                "report.er_line",
                lang,
                rate=fmt_number(mean, lang, digits=2),
                posts=fmt_number(len(on_reach), lang),
            )
        )
    lines += [render(m, lang) for m in suggestions(results, matches, plan)]
    return tuple(lines)


def _plan(strategy: Strategy, period: tuple[date, date], lang: str) -> Table:
    start, end = period
    posts = sorted(
        (p for p in strategy.plan.posts if start <= p.date <= end), key=lambda p: (p.date, p.time)
    )
    rows = tuple(
        (
            fmt_date(p.date, lang, "EEE d MMM"),
            p.time.strftime("%H:%M"),
            t(f"platforms.{p.platform.value}", lang),
            p.pillar,
            t(f"formats.{p.format.value}", lang),
            t("report.reactive_slot", lang) if is_news_slot(p) else p.topic,
        )
        for p in posts[:PLAN_ROWS_MAX]
    )
    headings = tuple(
        t(f"fields.{name}", lang)
        for name in ("date", "time", "platform", "pillar", "format", "topic")
    )
    return Table(headings, rows)


def _budget(strategy: Strategy, lang: str) -> Table:
    if not any(c.posts_per_week > 0 for c in strategy.platforms.choices):
        return Table((), ())
    estimate = estimate_budget(strategy.brief, strategy.platforms, strategy.budget)
    rate = _number(estimate.vat_rate.value, lang)
    rows = [
        (t("report.fees_net", lang), fmt_money(estimate.fees.net, lang)),
        (t("report.ad_spend", lang), fmt_money(estimate.ad_spend, lang)),
        (t("report.monthly_net", lang), fmt_money(estimate.monthly_net, lang)),
        (t("report.vat", lang, rate=rate), fmt_money(estimate.fees.vat, lang)),
        (t("report.monthly_gross", lang), fmt_money(estimate.monthly_gross, lang)),
    ]
    if estimate.setup is not None:
        rows.append((t("report.setup_gross", lang), fmt_money(estimate.setup_totals.gross, lang)))
    tier = t(f"tiers.{estimate.tier.value}", lang) if estimate.tier else DASH
    return Table((f"{t('fields.tier', lang)}: {tier}", ""), tuple(rows))


def _charts(
    strategy: Strategy, period: tuple[date, date], upcoming: tuple[date, date], lang: str
) -> tuple[Chart, ...]:
    """The period's engagement by pillar (with results), then the plan's pillar mix and
    weekly cadence for the plan the report shows."""
    charts = []
    start, end = period
    results = [r for r in strategy.results.posts if start <= r.date <= end]
    if results:
        rates = rates_by(results, match_results(strategy.plan, results), strategy.plan)
        rates = [r for r in rates if r.group and r.denominator == "reach"]
        if rates:
            charts.append(rates_chart(rates, lang))
    start, end = upcoming
    in_period = [p for p in strategy.plan.posts if start <= p.date <= end]
    if not in_period:
        return tuple(charts)
    plan = strategy.plan.model_copy(update={"posts": in_period})
    mix = [m for m in pillar_mix(plan) if m.posts or m.target_share]
    if mix:
        charts.append(mix_chart(mix, lang))
    weeks = (end - start).days // 7 + 1
    cadence = cadence_by_week(plan, strategy.platforms, start, weeks, brief=strategy.brief)
    if cadence:
        charts.append(cadence_chart(cadence, lang))
    return tuple(charts)


def report_content(
    strategy: Strategy, *, lang: str, summary: str, period: tuple[date, date], today: date
) -> Report:
    """The report of `strategy` for `period` (first and last day), in `lang`: results and
    KPIs of the period, the plan of the period or, once it is over, of the four weeks after."""
    start, end = period
    upcoming = plan_period(period, today)
    audience = strategy.audience.summary or offline_audience_summary(
        strategy.audience, strategy.brief, lang=lang
    )
    paragraphs = _paragraphs(summary)
    # The offline summary already tells the audience: do not print the same paragraph twice.
    audience_paragraphs = tuple(p for p in _paragraphs(audience) if p not in paragraphs)
    empty = {
        "platforms": t("report.no_platforms", lang),
        "kpis": t("report.no_kpis", lang),
        "plan": t("report.no_posts", lang),
        "charts": t("report.no_posts", lang),
        "budget": t("report.no_budget", lang),
    }
    return Report(
        lang=lang,
        title=t("report.title", lang),
        client=strategy.client.name,
        period=t("report.period", lang, start=fmt_date(start, lang), end=fmt_date(end, lang)),
        prepared_on=t("report.prepared_on", lang, date=fmt_date(today, lang)),
        headings={
            **{key: t(f"report.{key}", lang) for key in SECTIONS},
            "plan": t(
                "report.plan_next" if upcoming != period else "report.plan",
                lang,
                start=fmt_date(upcoming[0], lang),
                end=fmt_date(upcoming[1], lang),
            ),
        },
        summary=paragraphs,
        audience=audience_paragraphs,
        personas=_personas(strategy, lang),
        platforms=_platforms(strategy, lang),
        kpis=_kpis(strategy, period, lang),
        insights=_insights(strategy, period, lang),
        charts=_charts(strategy, period, upcoming, lang),
        plan=_plan(strategy, upcoming, lang),
        budget=_budget(strategy, lang),
        empty=empty,
    )
