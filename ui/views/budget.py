"""The Budget page's figures, built once per saved version of the inputs and language.

Three tiers, the chosen estimate, a year's projection and three chart specs take a few
estimates and a few hundred Babel calls; they only change when the brief, the platforms
or the budget section is saved again, so a rerun that changed nothing reuses them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from ui.charts import chart_spec
from workbench.budget.estimate import (
    Assumption,
    BudgetEstimate,
    Totals,
    effective_tier,
    estimate_budget,
    project_months,
)
from workbench.i18n import fmt_date, fmt_money, fmt_number, render
from workbench.i18n import t as translate
from workbench.models import (
    Audience,
    Brief,
    BudgetPlan,
    BudgetTier,
    Competitors,
    ContentFormat,
    PlatformSelection,
)
from workbench.platforms import Decision, compare_packages, decide, score_platforms

__all__ = [
    "BudgetView",
    "FitView",
    "TierCard",
    "Versions",
    "budget_view",
    "describe_assumption",
    "fit_view",
    "show_amount",
]

# (version, saved at) of each section the figures depend on: a new save is a new key.
Versions = tuple[tuple[int, datetime | None], ...]

# How a value with this unit reads ("{value}" is the number, money already formatted).
UNIT_KEYS = {
    "EUR/h": "budget.unit_money_per_hour",
    "EUR/month": "budget.unit_money_per_month",
    "%": "budget.unit_percent",
    "h/post": "budget.unit_hours_per_post",
    "posts/week": "budget.unit_posts_per_week",
    "comments/post": "budget.unit_comments_per_post",
    "h/100 comments": "budget.unit_hours_per_100_comments",
    "h/week": "budget.unit_hours_per_week",
    "h/week per platform": "budget.unit_hours_per_week",
    "h/month": "budget.unit_hours_per_month",
    "h": "budget.unit_hours",
    "h/platform": "budget.unit_hours_per_platform",
}
ESTIMATE_NOTE = "stima modificabile"  # how data/ notes (in Italian) flag an estimate
FORMAT_CODES = {f.value for f in ContentFormat}
FEES_COLOUR, ADS_COLOUR, SETUP_COLOUR, LINE_COLOUR = "#C2410C", "#2563EB", "#9CA3AF", "#111827"


def show_amount(value: Decimal, unit: str, lang: str) -> str:
    """A value with its unit in the reader's language: '40,00 € l'ora', '0,5 h a post'."""
    money = unit.startswith("EUR")
    shown = fmt_money(value, lang) if money else fmt_number(value, lang, digits=2)
    key = UNIT_KEYS.get(unit)
    return translate(key, lang, value=shown) if key else shown


def _about(a: Assumption, lang: str) -> str:
    """The format or platform an input concerns, named, or ''."""
    if not a.about:
        return ""
    kind = "formats" if a.about in FORMAT_CODES else "platforms"
    return translate(f"{kind}.{a.about}", lang)


def describe_origin(a: Assumption, lang: str) -> str:
    """Where a value comes from: 'dato predefinito: Fonte, 2025, stima modificabile',
    'valore del cliente', 'scelta della strategia'."""
    origin = translate(f"budget.origin_{a.origin}", lang)
    if a.origin == "data" and a.source is not None:
        origin += f": {a.source.source}, {a.source.year}"
        if a.source.estimate:
            origin += f", {translate('budget.estimate', lang)}"
    return origin


def describe_assumption(a: Assumption, lang: str, *, about: bool = False) -> str:
    """'Tariffa oraria: 40,00 € l'ora (Fonte, 2025)': name, value and where it comes from."""
    name = translate(f"budget.input_{a.name}", lang)
    if about and (concerns := _about(a, lang)):
        name += f" ({concerns})"
    return f"{name}: {show_amount(a.value, a.unit, lang)} ({describe_origin(a, lang)})"


@dataclass
class TierCard:
    tier: BudgetTier
    lines: list[tuple[str, str]]  # (label, value) in the reader's language
    cadence: list[str]  # "Instagram: Foto 3, Storia 5" per platform
    monthly_gross: str
    fees_gross: str
    over_budget: bool
    selection: PlatformSelection | None = None  # the package's platforms, to choose it
    plan: BudgetPlan | None = None  # the package's budget step (tier, ads)
    compared: list[str] = field(default_factory=list)  # against the recommendation
    recommended: bool = False  # the package that fits the brief
    same_as_saved: bool = False


@dataclass
class BudgetView:
    tiers: list[TierCard]
    current: BudgetTier | None
    metrics: list[tuple[str, str]]  # (label, value): the month at a glance
    items: pd.DataFrame
    ads: pd.DataFrame
    setup: list[str]  # the one-off set-up: label, then amounts
    setup_hours: str  # the set-up hours the estimate counts
    fees_line: str
    warnings: list[str]
    sources: list[str]
    community_hours: dict[str, str]  # platform -> hours a week the estimate uses
    projection: pd.DataFrame
    year_total: str
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> Vega-Lite spec
    empty: bool = False


def _spec(chart: Any, lang: str) -> dict[str, Any]:
    return chart_spec(chart, lang)


def _totals_lines(totals: Totals, vat_rate: Decimal, lang: str) -> list[tuple[str, str]]:
    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    rate = fmt_number(vat_rate, lang, digits=2)
    return [
        (t("budget.fees_net"), fmt_money(totals.net, lang)),
        (t("budget.vat", rate=rate), fmt_money(totals.vat, lang)),
        (t("budget.fees_gross"), fmt_money(totals.gross, lang)),
    ]


def _cadence_lines(estimate: BudgetEstimate, lang: str) -> list[str]:
    lines = []
    for choice in estimate.selection.choices:
        posts = ", ".join(
            f"{translate(f'formats.{f.value}', lang)} {fmt_number(n, lang, digits=1)}"
            for f, n in choice.cadence.items()
            if n > 0
        )
        name = translate(f"platforms.{choice.platform.value}", lang)
        lines.append(f"{name}: {posts or translate('budget.no_posts', lang)}")
    return lines


def _same(a: PlatformSelection, b: PlatformSelection) -> bool:
    return [(c.platform, c.cadence) for c in a.choices] == [
        (c.platform, c.cadence) for c in b.choices
    ]


def _decided_cards(
    decision: Decision, brief: Brief, selection: PlatformSelection, plan: BudgetPlan, lang: str
) -> list[TierCard]:
    """Essential, recommended and premium from the decision, each against the recommendation."""
    cards = []
    chosen = decision.package
    for tier, package in decision.tiers.items():
        card = _tier_card(tier, package.estimate, lang)
        over = brief.budget_max is not None and package.cost > brief.budget_max
        compared: list[str] = []
        if package is not chosen:
            bigger = package.cost >= chosen.cost
            changes = "; ".join(render(m, lang) for m in compare_packages(chosen, package))
            key = "budget.tier_adds" if bigger else "budget.tier_without"
            difference = fmt_money(abs(package.cost - chosen.cost), lang)
            compared.append(translate(key, lang, changes=changes or "—", difference=difference))
            if over and brief.budget_max is not None:
                compared.append(
                    translate(
                        "budget.tier_over_by",
                        lang,
                        over=fmt_money(package.cost - brief.budget_max, lang),
                    )
                )
        card.over_budget = over
        card.selection = package.selection
        card.plan = package.plan(plan)
        card.compared = compared
        card.recommended = package is chosen and decision.fits_budget and decision.fits_hours
        card.same_as_saved = (
            plan.tier is tier
            and not any(c.overridden for c in selection.choices)
            and _same(package.selection, selection)
        )
        cards.append(card)
    return cards


def _tier_card(tier: BudgetTier, estimate: BudgetEstimate, lang: str) -> TierCard:
    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    lines = [
        (t("budget.posts_per_week"), fmt_number(estimate.posts_per_week, lang, digits=1)),
        (t("budget.hours_per_week"), fmt_number(estimate.hours_per_week, lang, digits=1)),
        *_totals_lines(estimate.fees, estimate.vat_rate.value, lang),
        (t("budget.ad_spend"), fmt_money(estimate.ad_spend, lang)),
        (t("budget.monthly_net"), fmt_money(estimate.monthly_net, lang)),
    ]
    return TierCard(
        tier=tier,
        lines=lines,
        cadence=_cadence_lines(estimate, lang),
        monthly_gross=fmt_money(estimate.monthly_gross, lang),
        fees_gross=fmt_money(estimate.fees.gross, lang),
        over_budget=any(w.key == "budget.warn_over_budget" for w in estimate.warnings),
    )


def _item_rows(estimate: BudgetEstimate, lang: str) -> pd.DataFrame:
    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    rows = [
        {
            t("budget.col_category"): t(f"budget.category_{item.category}"),
            t("budget.col_item"): render(item.label, lang),
            t("fields.platform"): t(f"platforms.{item.platform.value}") if item.platform else "",
            t("budget.col_format"): t(f"formats.{item.format.value}") if item.format else "",
            t("budget.col_posts_month"): ""
            if item.quantity is None
            else fmt_number(item.quantity, lang, digits=1),
            t("budget.col_hours_month"): fmt_number(item.hours, lang, digits=1)
            if item.hours
            else "",
            t("budget.col_amount"): fmt_money(item.amount, lang),
            t("budget.col_estimate"): item.estimate,
            t("budget.col_inputs"): " · ".join(describe_assumption(a, lang) for a in item.inputs),
        }
        for item in estimate.items
    ]
    return pd.DataFrame(rows)


def _range(values: tuple[int, int] | None, lang: str) -> str:
    if values is None:
        return translate("budget.no_data", lang)
    low, high = (fmt_number(v, lang) for v in values)
    return translate("budget.range", lang, low=low, high=high)


def _ad_rows(estimate: BudgetEstimate, lang: str) -> pd.DataFrame:
    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    rows = []
    for ad in estimate.ads:
        costs = {a.name: a for a in ad.inputs}
        shown: dict[str, str] = {}
        origins: list[str] = []
        for metric in ("cpm", "cpc"):
            low, high = costs.get(f"{metric}_min"), costs.get(f"{metric}_max")
            if low is None or high is None:
                shown[metric] = t("budget.no_data")
                continue
            low_money, high_money = fmt_money(low.value, lang), fmt_money(high.value, lang)
            shown[metric] = t("budget.range", low=low_money, high=high_money)
            origins.append(f"{metric.upper()}: {describe_origin(low, lang)}")
        rows.append(
            {
                t("fields.platform"): t(f"platforms.{ad.platform.value}"),
                t("budget.col_spend"): fmt_money(ad.spend, lang),
                t("budget.col_impressions"): _range(ad.impressions, lang),
                t("budget.col_clicks"): _range(ad.clicks, lang),
                t("budget.col_cpm"): shown["cpm"],
                t("budget.col_cpc"): shown["cpc"],
                t("budget.col_source"): " · ".join(origins),
            }
        )
    return pd.DataFrame(rows)


def _sources(estimate: BudgetEstimate, lang: str) -> list[str]:
    """Each default from data/ the estimate uses, once, with its source, year, region, note."""
    inputs = [a for i in estimate.items for a in i.inputs]
    inputs += [a for ad in estimate.ads for a in ad.inputs]
    if estimate.setup is not None:
        inputs += estimate.setup.inputs
    inputs.append(estimate.vat_rate)
    lines: dict[tuple[str, str], str] = {}
    for a in inputs:
        if a.origin != "data" or a.source is None or (a.name, a.about) in lines:
            continue
        s = a.source
        name = translate(f"budget.input_{a.name}", lang)
        if concerns := _about(a, lang):
            name += f" ({concerns})"
        value = show_amount(a.value, a.unit, lang)
        flag = f" · _{translate('budget.estimate', lang)}_" if s.estimate else ""
        # Notes of estimates in data/ open with the same flag: say it once.
        note = s.note.removeprefix(f"{ESTIMATE_NOTE}: ") if s.estimate else s.note
        note = f" — {note}" if note else ""
        lines[(a.name, a.about)] = (
            f"**{name}**: {value} · {s.source}, {s.year} ({s.region}){flag}{note}"
        )
    return list(lines.values())


def _category_chart(estimate: BudgetEstimate, lang: str) -> dict[str, Any]:
    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    rows = [
        {"what": t(f"budget.category_{category}"), "amount": float(amount), "kind": t(kind)}
        for category, amount in estimate.by_category().items()
        for kind in ["budget.kind_ads" if category == "ads" else "budget.kind_fees"]
    ]
    chart = (
        alt.Chart(pd.DataFrame(rows), title=t("budget.chart_category"))
        .mark_bar()
        .encode(
            x=alt.X("amount:Q", title=t("budget.axis_amount"), axis=alt.Axis(format="$,.0f")),
            y=alt.Y("what:N", sort="-x", title=None),
            color=alt.Color(
                "kind:N",
                title=None,
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(
                    domain=[t("budget.kind_fees"), t("budget.kind_ads")],
                    range=[FEES_COLOUR, ADS_COLOUR],
                ),
            ),
            tooltip=[
                alt.Tooltip("what:N", title=t("budget.col_category")),
                alt.Tooltip("amount:Q", title=t("budget.col_amount"), format="$,.2f"),
            ],
        )
        .properties(height=alt.Step(30))
    )
    return _spec(chart, lang)


def _platform_chart(estimate: BudgetEstimate, lang: str) -> dict[str, Any]:
    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    shared = t("budget.shared_costs")
    rows = [
        {
            "platform": t(f"platforms.{i.platform.value}") if i.platform else shared,
            "category": t(f"budget.category_{i.category}"),
            "amount": float(i.amount),
        }
        for i in estimate.items
    ]
    rows += [
        {
            "platform": t(f"platforms.{ad.platform.value}"),
            "category": t("budget.category_ads"),
            "amount": float(ad.spend),
        }
        for ad in estimate.ads
    ]
    chart = (
        alt.Chart(pd.DataFrame(rows), title=t("budget.chart_platform"))
        .mark_bar()
        .encode(
            x=alt.X("sum(amount):Q", title=t("budget.axis_amount"), axis=alt.Axis(format="$,.0f")),
            y=alt.Y("platform:N", sort="-x", title=None),
            color=alt.Color(
                "category:N", title=None, legend=alt.Legend(orient="bottom", columns=3)
            ),
            tooltip=[
                alt.Tooltip("platform:N", title=t("fields.platform")),
                alt.Tooltip("category:N", title=t("budget.col_category")),
                alt.Tooltip("sum(amount):Q", title=t("budget.col_amount"), format="$,.2f"),
            ],
        )
        .properties(height=alt.Step(30))
    )
    return _spec(chart, lang)


def _projection(
    estimate: BudgetEstimate, brief: Brief, lang: str
) -> tuple[pd.DataFrame, str, dict[str, Any]]:
    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    months = project_months(estimate, 12, start=brief.start_date)
    labels = [
        fmt_date(m.start, lang, "MMM y") if m.start else t("budget.month_n", n=m.month)
        for m in months
    ]
    table = pd.DataFrame(
        [
            {
                t("budget.col_month"): label,
                t("budget.fees_gross"): fmt_money(m.fees.gross, lang),
                t("budget.ad_spend"): fmt_money(m.ad_spend, lang),
                t("budget.col_setup_gross"): fmt_money(m.setup.gross, lang),
                t("budget.col_month_gross"): fmt_money(m.total_gross, lang),
                t("budget.col_cumulative"): fmt_money(m.cumulative_gross, lang),
            }
            for label, m in zip(labels, months, strict=True)
        ]
    )
    parts = [
        (t("budget.fees_gross"), "fees"),
        (t("budget.ad_spend"), "ads"),
        (t("budget.col_setup_gross"), "setup"),
    ]
    bars = pd.DataFrame(
        [
            {"month": label, "part": name, "amount": float(value), "order": order}
            for label, m in zip(labels, months, strict=True)
            for order, (name, value) in enumerate(
                zip(
                    [p[0] for p in parts],
                    [m.fees.gross, m.ad_spend, m.setup.gross],
                    strict=True,
                )
            )
        ]
    )
    running = pd.DataFrame(
        [
            {"month": label, "cumulative": float(m.cumulative_gross)}
            for label, m in zip(labels, months, strict=True)
        ]
    )
    month_axis = alt.X("month:N", sort=labels, title=None, axis=alt.Axis(labelAngle=0))
    stacked = (
        alt.Chart(bars)
        .mark_bar()
        .encode(
            x=month_axis,
            y=alt.Y("amount:Q", title=t("budget.axis_month"), axis=alt.Axis(format="$,.0f")),
            color=alt.Color(
                "part:N",
                title=None,
                sort=[p[0] for p in parts],
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(
                    domain=[p[0] for p in parts], range=[FEES_COLOUR, ADS_COLOUR, SETUP_COLOUR]
                ),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("month:N", title=t("budget.col_month")),
                alt.Tooltip("part:N", title=t("budget.col_category")),
                alt.Tooltip("amount:Q", title=t("budget.col_amount"), format="$,.2f"),
            ],
        )
    )
    line = (
        alt.Chart(running)
        .mark_line(point=True, color=LINE_COLOUR)
        .encode(
            x=month_axis,
            y=alt.Y(
                "cumulative:Q", title=t("budget.col_cumulative"), axis=alt.Axis(format="$,.0f")
            ),
            tooltip=[
                alt.Tooltip("month:N", title=t("budget.col_month")),
                alt.Tooltip("cumulative:Q", title=t("budget.col_cumulative"), format="$,.2f"),
            ],
        )
    )
    chart = (
        alt.layer(stacked, line)
        .resolve_scale(y="independent")
        .properties(title=t("budget.chart_projection"), height=320)
    )
    total = months[-1].cumulative_gross if months else Decimal(0)
    year = t(
        "budget.year_total",
        total=fmt_money(total, lang),
        setup=fmt_money(estimate.setup_totals.gross, lang),
    )
    return table, year, _spec(chart, lang)


@st.cache_data(max_entries=64, show_spinner=False)
def budget_view(
    client: int,
    versions: Versions,
    lang: str,
    _brief: Brief,
    _selection: PlatformSelection,
    _plan: BudgetPlan,
    _decision: Decision,
) -> BudgetView:
    """The decided tiers, the chosen estimate, its sources, the year and the charts."""

    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    estimate = estimate_budget(_brief, _selection, _plan)
    current = effective_tier(_brief, _selection, _plan)
    tiers = _decided_cards(_decision, _brief, _selection, _plan, lang)
    fees, vat_rate = estimate.fees, estimate.vat_rate.value
    metrics = [
        *_totals_lines(fees, vat_rate, lang),
        (t("budget.ad_spend"), fmt_money(estimate.ad_spend, lang)),
        (t("budget.monthly_gross"), fmt_money(estimate.monthly_gross, lang)),
    ]
    setup: list[str] = []
    if estimate.setup is not None:
        s = estimate.setup_totals
        setup = [
            render(estimate.setup.label, lang),
            t(
                "budget.setup_amounts",
                net=fmt_money(s.net, lang),
                vat=fmt_money(s.vat, lang),
                gross=fmt_money(s.gross, lang),
            ),
        ]
    # The hours a week each platform's community line counts (its label says them too).
    community = {
        i.platform.value: fmt_number(i.label.params["hours"], lang, digits=2)
        for i in estimate.items
        if i.category == "community" and i.platform is not None
    }
    view = BudgetView(
        tiers=tiers,
        current=current,
        metrics=metrics,
        items=_item_rows(estimate, lang),
        ads=_ad_rows(estimate, lang),
        setup=setup,
        setup_hours=fmt_number(estimate.setup.hours, lang, digits=2) if estimate.setup else "",
        fees_line=t(
            "budget.fees_line",
            net=fmt_money(fees.net, lang),
            rate=fmt_number(vat_rate, lang, digits=2),
            vat=fmt_money(fees.vat, lang),
            gross=fmt_money(fees.gross, lang),
        ),
        warnings=[render(w, lang) for w in estimate.warnings],
        sources=_sources(estimate, lang),
        community_hours=community,
        projection=pd.DataFrame(),
        year_total="",
        empty=not estimate.items,
    )
    if view.empty:
        return view
    view.projection, view.year_total, view.charts["projection"] = _projection(
        estimate, _brief, lang
    )
    view.charts["category"] = _category_chart(estimate, lang)
    view.charts["platform"] = _platform_chart(estimate, lang)
    return view


@dataclass
class FitView:
    fits: bool
    summary: str
    dropped: list[str]
    cost: str
    cadence: list[str]
    selection: PlatformSelection
    plan: BudgetPlan
    changes: bool  # whether applying it would change what is saved


@st.cache_data(max_entries=64, show_spinner=False)
def fit_view(
    client: int,
    versions: Versions,
    lang: str,
    amount: str,
    _brief: Brief,
    _audience: Audience,
    _competitors: Competitors,
    _selection: PlatformSelection,
    _plan: BudgetPlan,
) -> FitView:
    """The package decided for `amount` a month instead of the brief's budget, explained."""
    brief = _brief.model_copy(update={"budget_max": Decimal(amount), "budget_min": None})
    scores = score_platforms(brief, _audience, _competitors, weights=_selection.weights, plan=_plan)
    decision = decide(brief, scores, plan=_plan, base=_selection)
    package = decision.package
    estimate = package.estimate
    cost = translate(
        "budget.fit_cost",
        lang,
        net=fmt_money(estimate.fees.net, lang),
        vat=fmt_money(estimate.fees.vat, lang),
        gross=fmt_money(estimate.fees.gross, lang),
        ads=fmt_money(estimate.ad_spend, lang),
        total=fmt_money(estimate.monthly_net, lang),
    )
    plan = package.plan(_plan).model_copy(update={"tier": BudgetTier.custom})
    return FitView(
        fits=decision.fits_budget,
        summary=" ".join(render(m, lang) for m in decision.lines[-3:]),
        dropped=[],
        cost=cost,
        cadence=_cadence_lines(estimate, lang),
        selection=package.selection,
        plan=plan,
        changes=not _same(package.selection, _selection) or plan != _plan,
    )
