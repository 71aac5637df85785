"""The editable rule tables and defaults behind platform scores and budgets, from data/.

- platform_goal_fit.csv: how well a platform serves a goal (an objective or a broad goal), 0-5.
- platform_kind_fit.csv: how well it suits a client kind, a B2B market or a sector, 0-5.
- platform_format_fit.csv: how well a content format works on it, 0-5.
- posting_defaults.csv: published cadence guidance and the weekly cadence of each budget tier.
- rates.csv: hourly rate, fee range, VAT, hours per post, community, strategy, tools, set-up.
- ad_costs.csv: CPM and CPC ranges by platform.
- format_goal_value.csv: what a format does for reach, interactions and clicks, 0-1.

Every row keeps its source, year, region, note and whether it is an estimate; the fit rules
carry their reasoning in Italian and English. Files are read once and checked on load: a
missing row or an out-of-range score is a data error, raised as ValueError.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType

from workbench.i18n import Localized
from workbench.models import BroadGoal, Capability, ClientKind, ContentFormat, Objective, Platform
from workbench.reference import SourcedValue, read_csv

__all__ = [
    "CAPABILITY_FORMATS",
    "GOALS",
    "MAX_SCORE",
    "CostFigure",
    "FitRule",
    "GOAL_METRIC",
    "ad_costs",
    "format_fit",
    "format_goal_value",
    "goal_fit",
    "kind_fit",
    "posting_defaults",
    "producible_formats",
    "rate",
    "rates",
]

MAX_SCORE = Decimal(5)
GOALS: tuple[str, ...] = (*(o.value for o in Objective), *(g.value for g in BroadGoal))
KIND_GROUPS = ("kind", "market", "sector")
# What each thing the client can produce makes possible. Carousels and stories are sequences
# of photos or graphics (stories also of short videos).
CAPABILITY_FORMATS: Mapping[Capability, tuple[ContentFormat, ...]] = MappingProxyType(
    {
        Capability.photo: (ContentFormat.photo, ContentFormat.carousel, ContentFormat.story),
        Capability.graphics: (ContentFormat.graphic, ContentFormat.carousel, ContentFormat.story),
        Capability.short_video: (ContentFormat.short_video, ContentFormat.story),
        Capability.long_video: (ContentFormat.long_video,),
        Capability.live: (ContentFormat.live,),
        Capability.writing: (ContentFormat.text,),
    }
)


def producible_formats(capabilities: Iterable[Capability]) -> frozenset[ContentFormat]:
    """The formats a client can make with its capabilities."""
    return frozenset(f for c in capabilities for f in CAPABILITY_FORMATS[c])


@dataclass(frozen=True)
class FitRule:
    """How well a platform fits a goal, a kind of client or a format: a 0-5 score and why."""

    subject: str
    platform: Platform
    score: SourcedValue
    reason: Localized

    @property
    def fit(self) -> Decimal:
        """The score as a share of the maximum, 0-1."""
        return self.score.value / MAX_SCORE


def _rule(row: dict[str, str], subject: str, name: str) -> FitRule:
    score = SourcedValue.from_row(row, "score")
    if not 0 <= score.value <= MAX_SCORE:
        raise ValueError(f"{name}: score out of 0-5 in row {row}")
    return FitRule(
        subject, Platform(row["platform"]), score, Localized(row["reason_it"], row["reason_en"])
    )


def _complete(name: str, keys: Iterable[tuple[str, Platform]], subjects: Iterable[str]) -> None:
    missing = {(s, p) for s in subjects for p in Platform} - set(keys)
    if missing:
        raise ValueError(f"{name}: no rule for {sorted(missing)[:5]}")


@lru_cache(maxsize=1)
def goal_fit() -> Mapping[tuple[str, Platform], FitRule]:
    """(goal, platform) -> rule, for every objective and broad goal."""
    rules = {}
    for row in read_csv("platform_goal_fit.csv"):
        rule = _rule(row, row["goal"], "platform_goal_fit.csv")
        rules[(rule.subject, rule.platform)] = rule
    _complete("platform_goal_fit.csv", rules, GOALS)
    return MappingProxyType(rules)


@lru_cache(maxsize=1)
def kind_fit() -> Mapping[tuple[str, str, Platform], FitRule]:
    """(group, code, platform) -> rule; groups: kind (every client kind), market (b2b), sector.

    Sector rows are sparse: only where a sector departs from its client kind.
    """
    rules = {}
    for row in read_csv("platform_kind_fit.csv"):
        if row["group"] not in KIND_GROUPS:
            raise ValueError(f"platform_kind_fit.csv: unknown group in row {row}")
        rule = _rule(row, row["code"], "platform_kind_fit.csv")
        rules[(row["group"], rule.subject, rule.platform)] = rule
    kinds = [(code, p) for group, code, p in rules if group == "kind"]
    _complete("platform_kind_fit.csv", kinds, (k.value for k in ClientKind))
    _complete("platform_kind_fit.csv", [(c, p) for g, c, p in rules if g == "market"], ["b2b"])
    return MappingProxyType(rules)


@lru_cache(maxsize=1)
def format_fit() -> Mapping[tuple[ContentFormat, Platform], FitRule]:
    """(format, platform) -> rule, for every format."""
    rules = {}
    for row in read_csv("platform_format_fit.csv"):
        rule = _rule(row, row["format"], "platform_format_fit.csv")
        rules[(ContentFormat(rule.subject), rule.platform)] = rule
    _complete("platform_format_fit.csv", rules, list(ContentFormat))
    return MappingProxyType(rules)


@lru_cache(maxsize=1)
def posting_defaults() -> Mapping[tuple[Platform, str], SourcedValue]:
    """(platform, metric) -> posts (or stories) a week.

    Metrics: guidance_min and guidance_max (published guidance, for large pages), essential,
    growth and premium (feed posts a week of each budget tier), stories_<tier> (stories on
    top), and for small accounts small_floor (the least that keeps a platform alive) and
    small_min-small_max (the comfortable range).
    """
    values = {
        (Platform(row["platform"]), row["metric"]): SourcedValue.from_row(row)
        for row in read_csv("posting_defaults.csv")
    }
    for platform in Platform:
        for metric in (
            "guidance_min",
            "guidance_max",
            "essential",
            "growth",
            "premium",
            "small_floor",
            "small_min",
            "small_max",
        ):
            if (platform, metric) not in values:
                raise ValueError(f"posting_defaults.csv: {platform} lacks {metric}")
    return MappingProxyType(values)


@lru_cache(maxsize=1)
def rates() -> Mapping[tuple[str, str], SourcedValue]:
    """(item, key) -> value: key is a format, a platform or empty (see rates.csv)."""
    values = {
        (row["item"], row["key"]): SourcedValue.from_row(row) for row in read_csv("rates.csv")
    }
    needed = [
        ("hourly_rate", ""),
        ("monthly_fee_min", ""),
        ("monthly_fee_max", ""),
        ("vat_rate", ""),
        ("hours_per_100_comments", ""),
        ("reuse_percent", ""),
        ("community_base_hours_per_week", ""),
        ("strategy_hours_per_month", ""),
        ("reporting_hours_per_month", ""),
        ("tools_per_month", ""),
        ("setup_base_hours", ""),
        ("setup_hours_per_platform", ""),
        *(("hours_per_post", f.value) for f in ContentFormat),
        *(("comments_per_post", p.value) for p in Platform),
    ]
    missing = [key for key in needed if key not in values]
    if missing:
        raise ValueError(f"rates.csv: missing {missing}")
    return MappingProxyType(values)


def rate(item: str, key: str = "") -> SourcedValue:
    """One default from rates.csv, e.g. `rate("hours_per_post", "carousel")`."""
    return rates()[(item, key)]


@dataclass(frozen=True)
class CostFigure:
    """A unit cost range from ad_costs.csv (CPM: per 1,000 impressions; CPC: per click)."""

    low: SourcedValue
    high: SourcedValue


@lru_cache(maxsize=1)
def ad_costs() -> Mapping[tuple[Platform, str], CostFigure]:
    """(platform, 'cpm' or 'cpc') -> range; platforms without self-serve ads are absent."""
    costs = {}
    for row in read_csv("ad_costs.csv"):
        figure = CostFigure(SourcedValue.from_row(row, "min"), SourcedValue.from_row(row, "max"))
        if not 0 < figure.low.value <= figure.high.value:
            raise ValueError(f"ad_costs.csv: bad range in row {row}")
        costs[(Platform(row["platform"]), row["metric"])] = figure
    return MappingProxyType(costs)


# What each goal asks of a post: objectives and broad goals to the metric they need.
GOAL_METRIC: Mapping[str, str] = MappingProxyType(
    {
        Objective.awareness.value: "reach",
        Objective.engagement.value: "interactions",
        Objective.community.value: "interactions",
        Objective.traffic.value: "clicks",
        Objective.leads.value: "clicks",
        Objective.sales.value: "clicks",
        BroadGoal.informative.value: "reach",
        BroadGoal.commercial.value: "clicks",
        BroadGoal.promotional.value: "reach",
    }
)
VALUE_METRICS = ("reach", "interactions", "clicks")


@lru_cache(maxsize=1)
def format_goal_value() -> Mapping[tuple[ContentFormat, str], SourcedValue]:
    """(format, metric) -> 0-1: how much a format does for reach, interactions or clicks."""
    values = {
        (ContentFormat(row["format"]), row["metric"]): SourcedValue.from_row(row)
        for row in read_csv("format_goal_value.csv")
    }
    for fmt in ContentFormat:
        for metric in VALUE_METRICS:
            value = values.get((fmt, metric))
            if value is None or not 0 <= value.value <= 1:
                raise ValueError(f"format_goal_value.csv: {fmt} {metric} missing or out of 0-1")
    return MappingProxyType(values)
