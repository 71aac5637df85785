"""Competitor metrics: engagement rate with its denominator, cadence, growth, share of voice,
gap to sector benchmarks, and merging imported figures into a client's competitor set.

Every metric is a `Metric`: a value (a `Decimal` rounded to 4 places) or, when it cannot be
computed, no value and a `reason` naming a catalogue key, so a page says why instead of
dividing by zero. Rates always name their denominator (followers, reach, impressions, views):
only rates with the same denominator are compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from pydantic import ValidationError

from workbench.errors import InvalidInput
from workbench.models import Competitor, Competitors, PeriodFigures, Platform, name_key
from workbench.reference import SourcedValue, read_csv
from workbench.validation import problems_from_validation

__all__ = [
    "DENOMINATORS",
    "OVERRIDE_SOURCE",
    "Benchmark",
    "CompetitorRows",
    "MergeResult",
    "Metric",
    "PlatformMetrics",
    "RankedMetrics",
    "benchmark_gap",
    "compute_competitor_metrics",
    "engagement_benchmarks",
    "engagement_rate_by",
    "engagement_rate_by_followers",
    "ensure_client_row",
    "find_benchmark",
    "follower_growth",
    "interactions",
    "merge_competitor_rows",
    "posts_per_week",
    "rank_competitors",
    "share_of_voice",
]

DENOMINATORS = ("followers", "reach", "impressions", "views")
# Rates on what people saw, in order of preference when several are known.
OTHER_DENOMINATORS = ("reach", "impressions", "views")
PERCENT = "%"
POINTS = "pp"  # percentage points: the difference of two rates
PER_WEEK = "posts/week"
# The `source` of a benchmark the manager typed in for this client.
OVERRIDE_SOURCE = "override"
_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Metric:
    """A computed figure, or why it is not available (`reason`, a catalogue key)."""

    value: Decimal | None
    unit: str
    denominator: str | None = None
    reason: str | None = None

    @property
    def available(self) -> bool:
        return self.value is not None


def _round(value: Decimal) -> Decimal:
    return value.quantize(_PLACES, rounding=ROUND_HALF_UP)


def _percent(part: int | Decimal, whole: int | Decimal) -> Decimal:
    return _round(Decimal(part) / Decimal(whole) * 100)


# --- metrics ----------------------------------------------------------------------------------


def interactions(figures: PeriodFigures) -> int | None:
    """Interactions of one period: likes + comments + shares + saves.

    A missing figure counts as 0; None only when all four are missing.
    """
    parts = (figures.likes, figures.comments, figures.shares, figures.saves)
    known = [p for p in parts if p is not None]
    return sum(known) if known else None


def engagement_rate_by_followers(
    interactions: int | None, posts: int | None, followers: int | None
) -> Metric:
    """Average engagement per post on followers, in %.

    ER = interactions / posts / followers x 100
    """
    if not followers:
        return Metric(None, PERCENT, "followers", "metrics.no_followers")
    if not posts:
        return Metric(None, PERCENT, "followers", "metrics.no_posts")
    if interactions is None:
        return Metric(None, PERCENT, "followers", "metrics.no_interactions")
    return Metric(_percent(Decimal(interactions) / posts, followers), PERCENT, "followers")


def engagement_rate_by(interactions: int | None, value: int | None, denominator: str) -> Metric:
    """Engagement on reach, impressions or views, in %.

    ER = interactions / value x 100, where value is the reach, impressions or views.
    """
    if denominator not in OTHER_DENOMINATORS:
        raise ValueError(f"denominator must be one of {OTHER_DENOMINATORS}, not {denominator!r}")
    if not value:
        return Metric(None, PERCENT, denominator, "metrics.no_denominator")
    if interactions is None:
        return Metric(None, PERCENT, denominator, "metrics.no_interactions")
    return Metric(_percent(interactions, value), PERCENT, denominator)


def _per_week(posts: int | None, days: int) -> Metric:
    if posts is None:
        return Metric(None, PER_WEEK, reason="metrics.no_posts")
    return Metric(_round(Decimal(posts) / days * 7), PER_WEEK)


def posts_per_week(posts: int | None, start: date, end: date) -> Metric:
    """Posting frequency over a period, both days included.

    posts per week = posts / ((end - start).days + 1) x 7
    """
    if end < start:
        raise ValueError("the period ends before it starts")
    return _per_week(posts, (end - start).days + 1)


def follower_growth(start: int | None, end: int | None) -> Metric:
    """Follower growth over the period, in %.

    growth = (end - start) / start x 100
    """
    if not start:
        return Metric(None, PERCENT, reason="metrics.no_start_followers")
    if end is None:
        return Metric(None, PERCENT, reason="metrics.no_followers")
    return Metric(_percent(end - start, start), PERCENT)


def share_of_voice(values: Mapping[str, int | None]) -> dict[str, Metric]:
    """Each one's share of the set's interactions on one platform, in %.

    share = interactions / total of the set x 100; a missing value is left out of the total.
    """
    total = sum(v for v in values.values() if v is not None)
    shares = {}
    for name, value in values.items():
        if value is None:
            shares[name] = Metric(None, PERCENT, "interactions", "metrics.no_interactions")
        elif total == 0:
            shares[name] = Metric(None, PERCENT, "interactions", "metrics.zero_total")
        else:
            shares[name] = Metric(_percent(value, total), PERCENT, "interactions")
    return shares


# --- benchmarks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Benchmark:
    """A sector engagement rate for one platform and denominator, with its source."""

    platform: Platform
    denominator: str
    figure: SourcedValue
    scope: str = ""
    overridden: bool = False


@lru_cache(maxsize=1)
def engagement_benchmarks() -> tuple[Benchmark, ...]:
    """Engagement rate benchmarks from data/engagement_benchmarks.csv, loaded once."""
    return tuple(
        Benchmark(
            platform=Platform(row["platform"]),
            denominator=row["denominator"],
            figure=SourcedValue.from_row(row),
            scope=row["scope"],
        )
        for row in read_csv("engagement_benchmarks.csv")
    )


def find_benchmark(
    platform: Platform,
    denominator: str,
    *,
    benchmarks: Sequence[Benchmark] | None = None,
    overrides: Mapping[str, Decimal] | None = None,
) -> Benchmark | None:
    """The benchmark for a platform and denominator: the client's override, else the newest.

    Overrides are keyed `platform:denominator` (e.g. `instagram:followers`), in %.
    """
    matching = [
        b
        for b in (engagement_benchmarks() if benchmarks is None else benchmarks)
        if b.platform == platform and b.denominator == denominator
    ]
    # max() keeps the first of equal years: the order of the data file breaks ties.
    found = max(matching, key=lambda b: b.figure.year) if matching else None
    override = (overrides or {}).get(f"{platform.value}:{denominator}")
    if override is None:
        return found
    figure = SourcedValue(
        value=Decimal(override),
        unit=PERCENT,
        source=OVERRIDE_SOURCE,
        year=found.figure.year if found else 0,
        region=found.figure.region if found else "",
        estimate=True,
    )
    return Benchmark(platform, denominator, figure, found.scope if found else "", overridden=True)


def benchmark_gap(rate: Metric, benchmark: Benchmark | None) -> Metric:
    """How far a rate is above (+) or below (-) its benchmark, in percentage points.

    gap = rate - benchmark; only for a benchmark with the rate's own denominator.
    """
    if benchmark is None:
        return Metric(None, POINTS, rate.denominator, "metrics.no_benchmark")
    if benchmark.denominator != rate.denominator:
        raise ValueError(
            f"a rate on {rate.denominator} cannot be compared with a benchmark on "
            f"{benchmark.denominator}"
        )
    if rate.value is None:
        return Metric(None, POINTS, rate.denominator, rate.reason)
    return Metric(_round(rate.value - benchmark.figure.value), POINTS, rate.denominator)


# --- metrics of a competitor set --------------------------------------------------------------


@dataclass(frozen=True)
class PlatformMetrics:
    """What one competitor (or the client) did on one platform over all its period rows."""

    competitor: str
    is_client: bool
    platform: Platform
    period_start: date
    period_end: date
    rows: int
    followers: int | None  # at the end: the latest row that has it
    followers_start: int | None
    posts: int | None
    interactions: int | None
    reach: int | None
    impressions: int | None
    views: int | None
    er_followers: Metric
    er_other: Metric  # on reach, else impressions, else views: see its denominator
    posts_per_week: Metric
    follower_growth: Metric
    share_of_voice: Metric
    benchmark: Benchmark | None
    benchmark_gap: Metric
    overlapping: bool = False  # some period rows overlap: totals may count a post twice


def _total(values: Iterable[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _er_followers(
    rows: Sequence[PeriodFigures], acts: Sequence[int | None], followers: int | None
) -> Metric:
    # Only periods where both posts and interactions are known, so a week with posts but
    # no recorded likes does not dilute the average.
    pairs = [(r.posts, a) for r, a in zip(rows, acts, strict=True) if r.posts is not None]
    paired = [(p, a) for p, a in pairs if a is not None]
    if paired:
        return engagement_rate_by_followers(
            sum(a for _, a in paired), sum(p for p, _ in paired), followers
        )
    if not followers:
        return Metric(None, PERCENT, "followers", "metrics.no_followers")
    reason = "metrics.no_interactions" if pairs else "metrics.no_posts"
    return Metric(None, PERCENT, "followers", reason)


def _er_other(rows: Sequence[PeriodFigures], acts: Sequence[int | None]) -> Metric:
    for denominator in OTHER_DENOMINATORS:
        paired = [
            (a, getattr(r, denominator))
            for r, a in zip(rows, acts, strict=True)
            if a is not None and getattr(r, denominator) is not None
        ]
        if paired and sum(v for _, v in paired) > 0:
            return engagement_rate_by(
                sum(a for a, _ in paired), sum(v for _, v in paired), denominator
            )
    present = next(
        (d for d in OTHER_DENOMINATORS if any(getattr(r, d) is not None for r in rows)), None
    )
    if present is not None and all(a is None for a in acts):
        return Metric(None, PERCENT, present, "metrics.no_interactions")
    return Metric(None, PERCENT, present, "metrics.no_denominator")


def _benchmark_and_gap(
    platform: Platform,
    rates: Sequence[Metric],
    benchmarks: Sequence[Benchmark],
    overrides: Mapping[str, Decimal],
) -> tuple[Benchmark | None, Metric]:
    # Followers first (what the published benchmarks mostly use), then the other rate.
    candidates = [
        (rate, find_benchmark(platform, denominator, benchmarks=benchmarks, overrides=overrides))
        for rate in rates
        if (denominator := rate.denominator) is not None
    ]
    for rate, benchmark in candidates:
        if benchmark is not None and rate.value is not None:
            return benchmark, benchmark_gap(rate, benchmark)
    for rate, benchmark in candidates:
        if benchmark is not None:
            return benchmark, benchmark_gap(rate, benchmark)
    return None, Metric(None, POINTS, reason="metrics.no_benchmark")


def _overlaps(rows: Sequence[PeriodFigures]) -> bool:
    latest_end: date | None = None
    for row in rows:
        if latest_end is not None and row.period_start <= latest_end:
            return True
        latest_end = row.period_end if latest_end is None else max(latest_end, row.period_end)
    return False


def _platform_metrics(
    competitor: Competitor,
    platform: Platform,
    rows: list[PeriodFigures],
    benchmarks: Sequence[Benchmark],
    overrides: Mapping[str, Decimal],
) -> PlatformMetrics:
    rows.sort(key=lambda r: (r.period_start, r.period_end))
    acts = [interactions(r) for r in rows]
    first = rows[0]
    followers = next((r.followers for r in reversed(rows) if r.followers is not None), None)
    followers_start = first.followers_start
    if followers_start is None and len(rows) > 1:
        followers_start = first.followers
    posted_days = sum((r.period_end - r.period_start).days + 1 for r in rows if r.posts is not None)
    posts = _total(r.posts for r in rows)
    er_followers = _er_followers(rows, acts, followers)
    er_other = _er_other(rows, acts)
    benchmark, gap = _benchmark_and_gap(platform, (er_followers, er_other), benchmarks, overrides)
    return PlatformMetrics(
        competitor=competitor.name,
        is_client=competitor.is_client,
        platform=platform,
        period_start=first.period_start,
        period_end=max(r.period_end for r in rows),
        rows=len(rows),
        followers=followers,
        followers_start=followers_start,
        posts=posts,
        interactions=_total(acts),
        reach=_total(r.reach for r in rows),
        impressions=_total(r.impressions for r in rows),
        views=_total(r.views for r in rows),
        er_followers=er_followers,
        er_other=er_other,
        posts_per_week=_per_week(posts, posted_days),
        follower_growth=follower_growth(followers_start, followers),
        share_of_voice=Metric(None, PERCENT, "interactions", "metrics.zero_total"),
        benchmark=benchmark,
        benchmark_gap=gap,
        overlapping=_overlaps(rows),
    )


def _overrides(competitors: Competitors) -> dict[str, Decimal]:
    return {key.strip().lower(): value for key, value in competitors.benchmark_overrides.items()}


def compute_competitor_metrics(
    competitors: Competitors, *, benchmarks: Sequence[Benchmark] | None = None
) -> list[PlatformMetrics]:
    """Every metric of every competitor on every platform it has figures for.

    All period rows of one competitor on one platform are aggregated: posts, interactions,
    reach, impressions and views are summed; followers are the latest known; followers at
    the start are the earliest row's `followers_start`, else (with several rows) the earliest
    row's followers; the period runs from the first start to the last end. Posts per week
    count the days of the rows that have posts. Share of voice compares total interactions
    within the set on each platform. Ordered as the competitors, then by platform.
    """
    benchmarks = engagement_benchmarks() if benchmarks is None else benchmarks
    overrides = _overrides(competitors)
    order = {p: i for i, p in enumerate(Platform)}
    results: list[PlatformMetrics] = []
    for competitor in competitors.competitors:
        by_platform: dict[Platform, list[PeriodFigures]] = {}
        for row in competitor.figures:
            by_platform.setdefault(row.platform, []).append(row)
        for platform in sorted(by_platform, key=order.__getitem__):
            results.append(
                _platform_metrics(
                    competitor, platform, by_platform[platform], benchmarks, overrides
                )
            )
    by_platform_names: dict[Platform, dict[str, int | None]] = {}
    for m in results:
        by_platform_names.setdefault(m.platform, {})[m.competitor] = m.interactions
    shares = {p: share_of_voice(values) for p, values in by_platform_names.items()}
    return [replace(m, share_of_voice=shares[m.platform][m.competitor]) for m in results]


@dataclass(frozen=True)
class RankedMetrics:
    """A row of a ranked table: the position on its platform (None when not ranked)."""

    rank: int | None
    metrics: PlatformMetrics


def rank_competitors(metrics: Iterable[PlatformMetrics]) -> list[RankedMetrics]:
    """A ranked table per platform by engagement rate on followers, highest first.

    Ties share a rank (1, 2, 2, 4); those without a rate come last, unranked.
    """
    order = {p: i for i, p in enumerate(Platform)}
    by_platform: dict[Platform, list[PlatformMetrics]] = {}
    for m in metrics:
        by_platform.setdefault(m.platform, []).append(m)
    ranked: list[RankedMetrics] = []
    for platform in sorted(by_platform, key=order.__getitem__):
        rows = by_platform[platform]
        rated = sorted(
            (m for m in rows if m.er_followers.value is not None),
            key=lambda m: m.er_followers.value or Decimal(0),
            reverse=True,
        )
        previous: Decimal | None = None
        rank = 0
        for position, m in enumerate(rated, start=1):
            if m.er_followers.value != previous:
                rank, previous = position, m.er_followers.value
            ranked.append(RankedMetrics(rank, m))
        ranked.extend(RankedMetrics(None, m) for m in rows if m.er_followers.value is None)
    return ranked


# --- adding figures to a competitor set -------------------------------------------------------


@dataclass(frozen=True)
class CompetitorRows:
    """Figures of one competitor as read from a file or a form, to merge into the set."""

    name: str
    figures: tuple[PeriodFigures, ...] = ()
    website: str = ""
    handles: Mapping[Platform, str] = field(default_factory=dict)


@dataclass(frozen=True)
class MergeResult:
    competitors: Competitors
    competitors_added: int = 0
    rows_added: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0


def _period_key(figures: PeriodFigures) -> tuple[Platform, date, date]:
    return figures.platform, figures.period_start, figures.period_end


def _merge_figures(old: PeriodFigures, new: PeriodFigures) -> PeriodFigures:
    # A figure left empty in the new row keeps the saved one: re-importing a file with fewer
    # columns never erases what was collected before.
    known = {k: v for k, v in new.model_dump().items() if v is not None}
    return old.model_copy(update=known)


def merge_competitor_rows(
    competitors: Competitors, imported: Iterable[CompetitorRows]
) -> MergeResult:
    """A new competitor set with the imported figures added.

    Competitors are matched by name (case and spaces ignored); a new name adds a competitor.
    Period rows are matched by platform, start and end: a match is updated with the figures
    the new row has, others are added. Website and handles are replaced when given.
    Raises InvalidInput when the result breaks a limit (too many competitors or rows).
    """
    current = list(competitors.competitors)
    index = {name_key(c.name): i for i, c in enumerate(current)}
    added = rows_added = rows_updated = rows_unchanged = 0
    try:
        for entry in imported:
            key = name_key(entry.name)
            if key not in index:
                index[key] = len(current)
                current.append(Competitor(name=entry.name))
                added += 1
            competitor = current[index[key]]
            periods = {_period_key(f): f for f in competitor.figures}
            for figures in entry.figures:
                period = _period_key(figures)
                old = periods.get(period)
                if old is None:
                    periods[period] = figures
                    rows_added += 1
                    continue
                merged = _merge_figures(old, figures)
                if merged == old:
                    rows_unchanged += 1
                else:
                    periods[period] = merged
                    rows_updated += 1
            handles = {**competitor.handles, **{p: h for p, h in entry.handles.items() if h}}
            current[index[key]] = Competitor.model_validate(
                {
                    **competitor.model_dump(exclude={"figures", "handles", "website"}),
                    "figures": list(periods.values()),
                    "handles": handles,
                    "website": entry.website or competitor.website,
                }
            )
        merged_set = Competitors.model_validate(
            {"competitors": current, "benchmark_overrides": competitors.benchmark_overrides}
        )
    except ValidationError as exc:
        raise InvalidInput(problems_from_validation(exc)) from exc
    return MergeResult(merged_set, added, rows_added, rows_updated, rows_unchanged)


def ensure_client_row(competitors: Competitors, client_name: str) -> Competitors:
    """The set with the client itself as its reference row (`is_client`), first if added.

    A competitor already named like the client becomes the reference row.
    """
    if any(c.is_client for c in competitors.competitors):
        return competitors
    key = name_key(client_name)
    rows = [
        c.model_copy(update={"is_client": True}) if name_key(c.name) == key else c
        for c in competitors.competitors
    ]
    if not any(c.is_client for c in rows):
        rows.insert(0, Competitor(name=client_name, is_client=True))
    return competitors.model_copy(update={"competitors": rows})
