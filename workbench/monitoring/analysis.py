"""Monitoring: published results against the plan, engagement, best times, KPI progress.

Everything here is pure: it reads the editorial plan, the imported `PostResult`s and the
brief, and returns plain dataclasses (or a new plan). Engagement rates always name their
denominator (reach, else views, else impressions) and only rates on the same denominator
are averaged or compared. Domain text is returned as `Message`, rendered by i18n.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from workbench.i18n import Label, Message, render
from workbench.models import (
    Brief,
    EditorialPlan,
    KpiTarget,
    Objective,
    PlannedPost,
    Platform,
    PostResult,
    PostStatus,
)

__all__ = [
    "DENOMINATORS",
    "FollowerGrowth",
    "GroupRate",
    "HourCell",
    "KpiProgress",
    "Match",
    "PeriodAnalysis",
    "PlanActual",
    "RankedResult",
    "ResultRate",
    "WeekFollowers",
    "analyse_period",
    "best_slots",
    "best_times",
    "engagement_rate",
    "follower_growth",
    "interactions",
    "kpi_progress",
    "mark_published",
    "match_results",
    "move_to_best_times",
    "normalise_link",
    "outside_plan",
    "plan_period",
    "plan_vs_actual",
    "rates_by",
    "rates_on",
    "result_rate",
    "results_period",
    "suggestions",
    "timed_platforms",
    "to_publish",
    "top_and_bottom",
]

# Denominators of a post's engagement rate, in order of preference.
DENOMINATORS = ("reach", "views", "impressions")
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
TENTH = Decimal("0.1")
# Suggestions: the least posts per compared group and the least ratio worth saying.
MIN_SAMPLE = 3
MIN_RATIO = Decimal("1.3")
MAX_SUGGESTIONS = 5


def _round(value: Decimal, places: Decimal = CENT) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP)


def _mean(values: Sequence[Decimal]) -> Decimal:
    return _round(sum(values, Decimal(0)) / len(values))


# --- matching results to planned posts ----------------------------------------------------


@dataclass(frozen=True)
class Match:
    """A result (by its position in the results given) paired with a planned post.

    `by` says how: the same link, or the same platform on the nearest day and time.
    """

    result_index: int
    post_id: str
    by: Literal["link", "slot"]


def normalise_link(url: str) -> str:
    """A link in the form compared for matching: no utm_ parameters, fragment or final slash.

    Scheme and host are lower-cased; other query parameters are kept in their order.
    """
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    kept = [(k, v) for k, v in query if not k.lower().startswith("utm_")]
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), host, path, urlencode(kept), ""))


def _minutes_apart(post: PlannedPost, result: PostResult) -> int:
    """Minutes between the planned slot and the publication (a missing time is noon)."""
    published = datetime.combine(result.date, result.time or time(12))
    planned = datetime.combine(post.date, post.time)
    return abs(int((published - planned).total_seconds() // 60))


def match_results(plan: EditorialPlan, results: Sequence[PostResult]) -> list[Match]:
    """Pair each result with at most one planned post, and each planned post at most once.

    First by link: the same link ignoring utm_ parameters, fragment and a trailing slash.
    Then, for the results left, the same platform on the same day at the nearest time; when
    no unused post is planned that day, the nearest post the day before or after. Results
    are paired in publication order; matches come back in the order of `results`.
    """
    used: set[str] = set()
    found: dict[int, Match] = {}
    by_link: dict[str, list[PlannedPost]] = defaultdict(list)
    for post in plan.posts:
        if key := normalise_link(post.link):
            by_link[key].append(post)
    for index, result in enumerate(results):
        key = normalise_link(result.link)
        for post in by_link.get(key, []) if key else []:
            if post.id not in used:
                used.add(post.id)
                found[index] = Match(index, post.id, "link")
                break
    order = sorted(
        (i for i in range(len(results)) if i not in found),
        key=lambda i: (results[i].published_at, i),
    )
    for index in order:
        result = results[index]
        for days in (0, 1):
            window = {result.date - timedelta(days=days), result.date + timedelta(days=days)}
            candidates = [
                p
                for p in plan.posts
                if p.id not in used and p.platform == result.platform and p.date in window
            ]
            if candidates:
                best = min(candidates, key=lambda p: (_minutes_apart(p, result), p.date, p.id))
                used.add(best.id)
                found[index] = Match(index, best.id, "slot")
                break
    return [found[i] for i in sorted(found)]


def mark_published(plan: EditorialPlan, matches: Iterable[Match]) -> EditorialPlan:
    """A copy of the plan with every matched post `published` and marked `edited`.

    Marked edited so that regenerating the plan never replaces a post already out.
    """
    ids = {m.post_id for m in matches}
    posts = [
        p.model_copy(update={"status": PostStatus.published, "edited": True})
        if p.id in ids and (p.status != PostStatus.published or not p.edited)
        else p
        for p in plan.posts
    ]
    return plan.model_copy(update={"posts": posts})


def to_publish(plan: EditorialPlan, matches: Iterable[Match]) -> int:
    """Planned posts matched to a result that the plan does not mark published yet."""
    ids = {m.post_id for m in matches}
    return sum(1 for p in plan.posts if p.id in ids and p.status != PostStatus.published)


# --- periods --------------------------------------------------------------------------------


def plan_period(plan: EditorialPlan) -> tuple[date, date] | None:
    """The plan's horizon: its start to the end of its last week, else its posts' dates."""
    if plan.start is not None and plan.weeks:
        return plan.start, plan.start + timedelta(days=plan.weeks * 7 - 1)
    if plan.posts:
        return min(p.date for p in plan.posts), max(p.date for p in plan.posts)
    return None


def results_period(results: Sequence[PostResult]) -> tuple[date, date]:
    """From the first result to the last (there must be one)."""
    days = [r.date for r in results]
    return min(days), max(days)


def outside_plan(plan: EditorialPlan, results: Iterable[PostResult]) -> int:
    """Results dated outside the plan's horizon: all of them when the plan has none."""
    horizon = plan_period(plan)
    if horizon is None:
        return sum(1 for _ in results)
    return sum(1 for r in results if not horizon[0] <= r.date <= horizon[1])


# --- plan against actual ------------------------------------------------------------------


@dataclass(frozen=True)
class PlanActual:
    """One platform or pillar over a period: posts planned, published as planned, unplanned.

    `dimension` is "platform" or "pillar"; `group` the platform value or the pillar name
    ("" for posts without a pillar). Unplanned results are counted by platform only.
    """

    dimension: Literal["platform", "pillar"]
    group: str
    planned: int
    published: int
    unplanned: int

    @property
    def percent_published(self) -> Decimal | None:
        """Planned posts published, in % of those planned; None when none was planned."""
        return _round(Decimal(self.published) / self.planned * HUNDRED) if self.planned else None


def plan_vs_actual(
    plan: EditorialPlan,
    results: Sequence[PostResult],
    matches: Iterable[Match],
    start: date,
    end: date,
) -> list[PlanActual]:
    """Per platform, then per pillar: planned posts dated from `start` to `end` (inclusive),
    how many of them were published (matched to a result), and results in the period that
    match no planned post (unplanned). Groups are sorted by name.
    """
    matches = _as_list(matches)
    matched = {m.post_id for m in matches}
    matched_results = {m.result_index for m in matches}
    posts = [p for p in plan.posts if start <= p.date <= end]
    extra = [
        r for i, r in enumerate(results) if i not in matched_results and start <= r.date <= end
    ]
    rows: list[PlanActual] = []
    dimensions: tuple[tuple[Literal["platform", "pillar"], Callable[[PlannedPost], str]], ...] = (
        ("platform", lambda p: p.platform.value),
        ("pillar", lambda p: p.pillar),
    )
    for dimension, key in dimensions:
        planned: dict[str, int] = defaultdict(int)
        published: dict[str, int] = defaultdict(int)
        unplanned: dict[str, int] = defaultdict(int)
        for post in posts:
            planned[key(post)] += 1
            published[key(post)] += post.id in matched
        if dimension == "platform":  # an unplanned result has no pillar to count it under
            for result in extra:
                unplanned[result.platform.value] += 1
        for group in sorted(set(planned) | set(unplanned), key=str.casefold):
            rows.append(
                PlanActual(dimension, group, planned[group], published[group], unplanned[group])
            )
    return rows


def _as_list(matches: Iterable[Match]) -> list[Match]:
    return matches if isinstance(matches, list) else list(matches)


# --- engagement ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultRate:
    """A post's engagement rate in % and the denominator it is on (None when not computable)."""

    rate: Decimal | None
    denominator: str | None


def interactions(result: PostResult) -> int | None:
    """Likes + comments + shares + saves; a missing count is 0, None when all four are missing."""
    parts = (result.likes, result.comments, result.shares, result.saves)
    known = [p for p in parts if p is not None]
    return sum(known) if known else None


def result_rate(result: PostResult) -> ResultRate:
    """ER = (likes + comments + shares + saves) / denominator x 100, to 0.01.

    The denominator is the reach, else the views, else the impressions: the first of them
    the export has and is not zero (a zero reach with views counted is on views). All
    zero, or no interactions, gives no rate.
    """
    present = [d for d in DENOMINATORS if getattr(result, d) is not None]
    # A zero (reach 0 on a post that has views) gives way to the next base that is not zero.
    usable = [d for d in present if getattr(result, d)] or present[:1]
    if not usable:
        return ResultRate(None, None)
    denominator = usable[0]
    value = getattr(result, denominator)
    acts = interactions(result)
    if not value or acts is None:
        return ResultRate(None, denominator)
    return ResultRate(_round(Decimal(acts) / value * HUNDRED), denominator)


def rates_on(results: Iterable[PostResult], denominator: str = "reach") -> list[Decimal]:
    """The engagement rates of the posts whose rate is on `denominator`, in order."""
    rates = (result_rate(r) for r in results)
    return [r.rate for r in rates if r.rate is not None and r.denominator == denominator]


def engagement_rate(result: PostResult) -> Decimal | None:
    """The post's engagement rate in %; its denominator is `result_rate(result).denominator`."""
    return result_rate(result).rate


@dataclass(frozen=True)
class GroupRate:
    """The mean engagement rate of the posts of one pillar or format, on one denominator."""

    group: str  # the pillar name, or the ContentFormat value
    denominator: str
    posts: int
    mean_rate: Decimal  # %, to 0.01


def _matched_posts(
    results: Sequence[PostResult], matches: Iterable[Match], plan: EditorialPlan
) -> list[tuple[PostResult, PlannedPost]]:
    posts = {p.id: p for p in plan.posts}
    return [
        (results[m.result_index], posts[m.post_id])
        for m in matches
        if m.post_id in posts and 0 <= m.result_index < len(results)
    ]


def rates_by(
    results: Sequence[PostResult],
    matches: Iterable[Match],
    plan: EditorialPlan,
    by: Literal["pillar", "format"] = "pillar",
) -> list[GroupRate]:
    """Mean engagement rate per pillar (or format) of the results matched to planned posts.

    Only results with a rate count; a group is split by denominator, since rates on reach and
    on views are not comparable. Highest mean first, then by name.
    """
    groups: dict[tuple[str, str], list[Decimal]] = defaultdict(list)
    for result, post in _matched_posts(results, matches, plan):
        rate = result_rate(result)
        if rate.rate is None or rate.denominator is None:
            continue
        name = post.pillar if by == "pillar" else post.format.value
        groups[(name, rate.denominator)].append(rate.rate)
    rows = [
        GroupRate(group, denominator, len(rates), _mean(rates))
        for (group, denominator), rates in groups.items()
    ]
    return sorted(rows, key=lambda r: (-r.mean_rate, r.group.casefold(), r.denominator))


@dataclass(frozen=True)
class RankedResult:
    """A result with its engagement rate, for the best and worst posts."""

    result_index: int
    result: PostResult
    rate: Decimal
    denominator: str


def top_and_bottom(
    results: Sequence[PostResult], n: int = 3
) -> tuple[list[RankedResult], list[RankedResult]]:
    """The `n` posts with the highest engagement rate (best first) and the `n` lowest (worst
    first), among results with a rate; a post is never in both lists.
    """
    ranked = []
    for index, result in enumerate(results):
        rate = result_rate(result)
        if rate.rate is not None and rate.denominator is not None:
            ranked.append(RankedResult(index, result, rate.rate, rate.denominator))
    ranked.sort(key=lambda r: (-r.rate, r.result.published_at, r.result_index))
    top = ranked[: max(n, 0)]
    rest = ranked[len(top) :]
    bottom = sorted(rest, key=lambda r: (r.rate, r.result.published_at, r.result_index))
    return top, bottom[: max(n, 0)]


# --- followers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekFollowers:
    """The last follower count read in a week (weeks start on Monday) and the change since
    the previous week with a reading (None for the first)."""

    week_start: date
    followers: int
    change: int | None


@dataclass(frozen=True)
class FollowerGrowth:
    """Followers on one platform from the first reading to the last."""

    platform: Platform
    first_date: date
    first: int
    last_date: date
    last: int
    weeks: tuple[WeekFollowers, ...]

    @property
    def change(self) -> int:
        return self.last - self.first

    @property
    def percent(self) -> Decimal | None:
        """Change in % of the first reading; None when the first reading is zero."""
        return _round(Decimal(self.change) / self.first * HUNDRED) if self.first else None


def follower_growth(results: Sequence[PostResult]) -> list[FollowerGrowth]:
    """Per platform, from the `followers` column: first against last reading, and per week.

    Only results with a follower count are read, in publication order; platforms without
    any are left out. Sorted by platform.
    """
    readings: dict[Platform, list[PostResult]] = defaultdict(list)
    for result in results:
        if result.followers is not None:
            readings[result.platform].append(result)
    growth = []
    for platform in sorted(readings, key=lambda p: p.value):
        rows = sorted(readings[platform], key=lambda r: r.published_at)
        last_of_week: dict[date, int] = {}
        for row in rows:
            assert row.followers is not None
            last_of_week[row.date - timedelta(days=row.date.weekday())] = row.followers
        weeks = []
        previous: int | None = None
        for week_start in sorted(last_of_week):
            count = last_of_week[week_start]
            weeks.append(
                WeekFollowers(week_start, count, None if previous is None else count - previous)
            )
            previous = count
        first, last = rows[0], rows[-1]
        assert first.followers is not None and last.followers is not None
        growth.append(
            FollowerGrowth(
                platform, first.date, first.followers, last.date, last.followers, tuple(weeks)
            )
        )
    return growth


# --- KPI progress -------------------------------------------------------------------------

Measure = Literal[
    "engagement_rate",
    "posts_per_week",
    "followers",
    "reach",
    "impressions",
    "views",
    "clicks",
    "comments",
    "shares",
    "saves",
    "likes",
    "interactions",
]

# Metric keywords, Italian and English, checked in this order on the lower-cased metric.
_KEYWORDS: tuple[tuple[Measure, tuple[str, ...]], ...] = (
    (
        "posts_per_week",
        (
            "post a settimana",
            "post/settimana",
            "post per settimana",
            "posts per week",
            "posts a week",
            "post/week",
            "posts/week",
            "pubblicazioni a settimana",
            "frequenza",
        ),
    ),
    (
        "engagement_rate",
        (
            "engagement rate",
            "tasso di engagement",
            "tasso di coinvolgimento",
            "er %",
            "er%",
            "engagement %",
            "engagement%",
        ),
    ),
    ("followers", ("follower", "iscritti", "subscriber", "fan", "seguaci")),
    ("reach", ("reach", "copertura", "portata", "persone raggiunte")),
    ("impressions", ("impression",)),
    ("views", ("visualizzazion", "views", "view", "play")),
    ("clicks", ("clic", "click", "link")),
    ("comments", ("comment",)),
    ("shares", ("condivision", "share")),
    ("saves", ("salvataggi", "salvati", "saves", "saved")),
    ("likes", ("mi piace", "like")),
    ("interactions", ("interazion", "interaction", "engagement")),
)


# Metrics no platform export holds, whatever other words they contain ("share of voice",
# "new Google reviews", "orders from social"): checked first, as word beginnings.
_NOT_MEASURABLE = (
    "share of voice",
    "recension",
    "review",
    "ordin",
    "order",
    "lead",
    "vendit",
    "sales",
    "fatturato",
    "revenue",
    "iscrizion",
    "sign-up",
    "signup",
    "prenotazion",
    "booking",
    "contatt",
    "sentiment",
)


def _has(metric: str, word: str) -> bool:
    """`word` starts a word of `metric` ("view" is in "views", not in "reviews")."""
    return re.search(rf"(?<![\w]){re.escape(word)}", metric) is not None


def _measure(kpi: KpiTarget) -> Measure | None:
    """What a KPI target measures, from its metric's words and its objective.

    A bare "%" or "rate"/"tasso" under the engagement objective is the engagement rate.
    """
    metric = " ".join(kpi.metric.lower().split())
    if any(_has(metric, word) for word in _NOT_MEASURABLE):
        return None
    if re.search(r"(?<!\w)er(?!\w)", metric):  # "ER", "ER medio %"
        return "engagement_rate"
    for measure, words in _KEYWORDS:
        if any(_has(metric, word) for word in words):
            if measure == "interactions" and ("%" in metric or _has(metric, "rate")):
                return "engagement_rate"
            return measure
    if kpi.objective == Objective.engagement and (
        "%" in metric
        or any(_has(metric, w) for w in ("rate", "tasso", "er "))
        or metric.endswith(" er")
        or metric == "er"
    ):
        return "engagement_rate"
    if kpi.objective == Objective.community and "crescita" in metric:
        return "followers"
    return None


# The base an engagement-rate metric names ("ER % su follower", "ER on reach").
_BASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("followers", ("follower", "fan", "iscritti", "subscriber")),
    ("reach", ("copertura", "reach", "persone raggiunte")),
    ("impressions", ("impression",)),
    ("views", ("visualizzazion", "views")),
)


def _base(kpi: KpiTarget) -> str | None:
    metric = " ".join(kpi.metric.lower().split())
    named = [base for base, words in _BASES if any(_has(metric, w) for w in words)]
    return named[0] if len(named) == 1 else None


@dataclass(frozen=True)
class KpiProgress:
    """One KPI target with what the results show: `actual` and `percent` of the target.

    `measure` is None (and `note` says why) when the exports cannot measure the metric;
    `actual` is None when it is measurable but no result has the figure yet.
    """

    kpi: KpiTarget
    measure: str | None
    actual: Decimal | None
    percent: Decimal | None  # actual / target x 100, to 0.01
    denominator: str | None = None  # for the engagement rate
    note: Message | None = None
    platform: Platform | None = None  # the platform the metric names, its results only


# Platform names as a metric may write them (X only as a word: "x" is in many words).
_PLATFORM_WORDS: tuple[tuple[Platform, re.Pattern[str]], ...] = tuple(
    (
        platform,
        re.compile(
            r"\b(x|twitter)\b" if platform == Platform.x else rf"\b{platform.value}\b",
            re.IGNORECASE,
        ),
    )
    for platform in Platform
)


def _platform(kpi: KpiTarget) -> Platform | None:
    """The one platform a KPI's metric names ("Follower Instagram"), else None."""
    named = [p for p, pattern in _PLATFORM_WORDS if pattern.search(kpi.metric)]
    return named[0] if len(named) == 1 else None


def _rate_on(result: PostResult, base: str) -> Decimal | None:
    """The post's engagement rate on one named base (followers: those the export read)."""
    value = getattr(result, base)
    acts = interactions(result)
    if not value or acts is None:
        return None
    return _round(Decimal(acts) / value * HUNDRED)


def _actual(
    measure: Measure, results: Sequence[PostResult], plan: EditorialPlan, base: str | None = None
) -> tuple[Decimal | None, str | None]:
    if not results:
        return None, None
    if measure == "engagement_rate" and base is not None:
        rates = [r for r in (_rate_on(result, base) for result in results) if r is not None]
        return (_mean(rates), base) if rates else (None, base)
    if measure == "engagement_rate":
        by_denominator: dict[str, list[Decimal]] = defaultdict(list)
        for result in results:
            rate = result_rate(result)
            if rate.rate is not None and rate.denominator is not None:
                by_denominator[rate.denominator].append(rate.rate)
        for denominator in DENOMINATORS:  # the preferred denominator the results have
            if by_denominator[denominator]:
                return _mean(by_denominator[denominator]), denominator
        return None, None
    if measure == "posts_per_week":
        first = min(r.date for r in results)
        if plan.start is not None and plan.start < first:
            first = plan.start
        days = max((max(r.date for r in results) - first).days + 1, 7)
        return _round(Decimal(len(results)) * 7 / days), None
    if measure == "followers":
        latest = [g.last for g in follower_growth(results)]
        return (Decimal(sum(latest)), None) if latest else (None, None)
    if measure == "interactions":
        values = [interactions(r) for r in results]
    else:
        values = [getattr(r, measure) for r in results]
    known = [v for v in values if v is not None]
    return (Decimal(sum(known)), None) if known else (None, None)


def kpi_progress(
    brief: Brief, results: Sequence[PostResult], plan: EditorialPlan
) -> list[KpiProgress]:
    """Progress of each of the brief's KPI targets, in the brief's order.

    Measurable from the exports: engagement rate % (mean per post, on the base the metric
    names, "su follower" or "on reach"; else on reach, else views, else impressions), posts
    per week (results over the weeks from the plan start, or the first result, to the last
    result; at least one week), followers (the latest count, summed over platforms), and
    totals of reach, impressions, views, clicks, comments, shares, saves, likes and
    interactions. Reviews, orders, leads, sales, sign-ups and the like are not measurable.
    Results after a target's deadline do not count for it; a metric that names one
    platform ("Follower Instagram") counts that platform's results only.
    """
    rows = []
    for kpi in brief.kpi_targets:
        measure = _measure(kpi)
        if measure is None:
            rows.append(
                KpiProgress(kpi, None, None, None, note=Message("monitoring.kpi_not_measurable"))
            )
            continue
        platform = _platform(kpi)
        counted = [
            r
            for r in results
            if (kpi.deadline is None or r.date <= kpi.deadline)
            and (platform is None or r.platform == platform)
        ]
        base = _base(kpi) if measure == "engagement_rate" else None
        actual, denominator = _actual(measure, counted, plan, base)
        percent = (
            _round(actual / kpi.target * HUNDRED) if actual is not None and kpi.target else None
        )
        note = Message("monitoring.kpi_no_data") if actual is None else None
        rows.append(KpiProgress(kpi, measure, actual, percent, denominator, note, platform))
    return rows


# --- best times ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HourCell:
    """Posts published on one platform on a weekday (0 Monday) in an hour (0-23).

    `mean_rate` is the mean engagement rate of those with a rate on `denominator`, the most
    preferred denominator among them; None when none has a rate.
    """

    platform: Platform
    weekday: int
    hour: int
    posts: int
    mean_rate: Decimal | None
    denominator: str | None


def best_times(results: Sequence[PostResult]) -> list[HourCell]:
    """Weekday x hour cells per platform, from results whose time is known.

    Sorted by platform, weekday and hour; only cells with posts.
    """
    cells: dict[tuple[Platform, int, int], list[PostResult]] = defaultdict(list)
    for result in results:
        if result.time is not None:
            cells[(result.platform, result.date.weekday(), result.time.hour)].append(result)
    out = []
    for (platform, weekday, hour), rows in sorted(
        cells.items(), key=lambda c: (c[0][0].value, c[0][1], c[0][2])
    ):
        rates = [result_rate(r) for r in rows]
        mean: Decimal | None = None
        denominator: str | None = None
        for name in DENOMINATORS:
            values = [r.rate for r in rates if r.denominator == name and r.rate is not None]
            if values:
                mean, denominator = _mean(values), name
                break
        out.append(HourCell(platform, weekday, hour, len(rows), mean, denominator))
    return out


def best_slots(best: Iterable[HourCell], min_posts: int) -> list[HourCell]:
    """The best cell per platform and weekday among cells with at least `min_posts` posts
    and a rate: the highest mean rate, then more posts, then the earlier hour. Sorted by
    platform and weekday."""
    chosen: dict[tuple[Platform, int], HourCell] = {}
    for cell in best:
        if cell.posts < min_posts or cell.mean_rate is None:
            continue
        key = (cell.platform, cell.weekday)
        current = chosen.get(key)
        if current is None or (cell.mean_rate, cell.posts, -cell.hour) > (
            current.mean_rate or Decimal(0),
            current.posts,
            -current.hour,
        ):
            chosen[key] = cell
    return [chosen[key] for key in sorted(chosen, key=lambda k: (k[0].value, k[1]))]


def _best_hours(best: Iterable[HourCell], min_posts: int) -> dict[tuple[Platform, int], int]:
    return {(c.platform, c.weekday): c.hour for c in best_slots(best, min_posts)}


def timed_platforms(results: Iterable[PostResult]) -> list[tuple[Platform, int]]:
    """The platforms with results whose time is known, and how many: most first (ties in
    the platforms' order), the ones to offer for best times."""
    counts = dict.fromkeys(Platform, 0)
    for result in results:
        if result.time is not None:
            counts[result.platform] += 1
    return sorted(((p, n) for p, n in counts.items() if n), key=lambda item: -item[1])


def move_to_best_times(
    plan: EditorialPlan,
    best: Iterable[HourCell],
    *,
    platform: Platform | None = None,
    min_posts: int = 3,
    today: date | None = None,
    published: Collection[str] = (),
) -> tuple[EditorialPlan, int]:
    """Move posts still to publish to the best hour of their weekday on their platform.

    A post moves when it is not published (nor matched to a result: `published` ids), not
    dated before `today`, not locked and not edited, is on `platform` (any when None), and
    its platform and weekday have a cell with at least `min_posts` posts
    and a rate: it then goes to that hour, at minute 0, and is marked edited (so that
    regenerating keeps it). Posts already in that hour stay. Returns the new plan and how
    many posts moved.
    """
    hours = _best_hours(best, min_posts)
    moved = 0
    posts = []
    for post in plan.posts:
        hour = hours.get((post.platform, post.date.weekday()))
        if (
            hour is None
            or post.status == PostStatus.published
            or post.id in published
            or (today is not None and post.date < today)
            or post.locked
            or post.edited
            or (platform is not None and post.platform != platform)
            or post.time.hour == hour
        ):
            posts.append(post)
            continue
        posts.append(post.model_copy(update={"time": time(hour), "edited": True}))
        moved += 1
    return plan.model_copy(update={"posts": posts}), moved


# --- suggestions --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Finding:
    ratio: Decimal
    message: Message


def _compare(rows: Sequence[GroupRate], key: str, params: dict[str, object]) -> list[_Finding]:
    """The best against the worst group per denominator, when both are big enough."""
    findings = []
    for denominator in DENOMINATORS:
        sample = [r for r in rows if r.denominator == denominator and r.posts >= MIN_SAMPLE]
        if len(sample) < 2:
            continue
        high = max(sample, key=lambda r: (r.mean_rate, r.posts))
        low = min(sample, key=lambda r: (r.mean_rate, -r.posts))
        if low.mean_rate <= 0 or high is low:
            continue
        ratio = _round(high.mean_rate / low.mean_rate, TENTH)
        if ratio < MIN_RATIO:
            continue
        named: dict[str, object] = (
            {"format": Label(f"formats.{high.group}"), "other": Label(f"formats.{low.group}")}
            if "format" in key
            else {"pillar": high.group, "other": low.group}
        )
        message = Message(
            key,
            {
                **params,
                **named,
                "ratio": ratio,
                "rate": high.mean_rate,
                "other_rate": low.mean_rate,
                "posts": high.posts,
                "other_posts": low.posts,
                "denominator": Label(f"metrics.denominator.{denominator}"),
            },
        )
        findings.append(_Finding(ratio, message))
    return findings


def suggestions(
    results: Sequence[PostResult],
    matches: Iterable[Match],
    plan: EditorialPlan,
    lang: str | None = None,
) -> list[Message]:
    """Plain-language findings backed by numbers, strongest (highest ratio) first, at most 5.

    Compared: pillars, formats, and formats within each pillar, by mean engagement rate on
    the same denominator (best group against worst). A finding needs at least 3 posts in
    each group compared and the better group at least 1.3 times the other. `lang` only
    orders findings of equal strength by their text; the caller renders the messages.
    """
    matches = _as_list(matches)
    by_pillar = [r for r in rates_by(results, matches, plan, "pillar") if r.group]
    findings = _compare(by_pillar, "monitoring.suggest_pillar", {})
    formats = rates_by(results, matches, plan, "format")
    overall = True  # said once per pillar instead when one pillar holds every such post
    posts = {p.id: p for p in plan.posts}
    pillars = sorted({posts[m.post_id].pillar for m in matches if m.post_id in posts} - {""})
    for pillar in pillars:
        inside = [m for m in matches if m.post_id in posts and posts[m.post_id].pillar == pillar]
        pillar_formats = rates_by(results, inside, plan, "format")
        overall = overall and pillar_formats != formats
        findings += _compare(
            pillar_formats, "monitoring.suggest_format_in_pillar", {"pillar": pillar}
        )
    if overall:
        findings += _compare(formats, "monitoring.suggest_format", {})
    findings.sort(key=lambda f: (-f.ratio, render(f.message, lang).casefold()))
    return [f.message for f in findings[:MAX_SUGGESTIONS]]


# --- a period at a glance -----------------------------------------------------------------

TOP_N = 5


@dataclass(frozen=True)
class PeriodAnalysis:
    """What the results of a period say: every figure of the Monitoring page's analysis."""

    results: tuple[PostResult, ...]  # the period's, in the order stored
    matches: tuple[Match, ...]
    plan_actual: tuple[PlanActual, ...]
    kpis: tuple[KpiProgress, ...]
    by_pillar: tuple[GroupRate, ...]
    by_format: tuple[GroupRate, ...]
    top: tuple[RankedResult, ...]
    bottom: tuple[RankedResult, ...]
    followers: tuple[FollowerGrowth, ...]
    advice: tuple[Message, ...]
    on_reach: tuple[Decimal, ...]  # the rates of the posts with a rate on reach
    outside_plan: int  # results of the period dated outside the plan's horizon


def analyse_period(
    plan: EditorialPlan, brief: Brief, results: Iterable[PostResult], start: date, end: date
) -> PeriodAnalysis:
    """The results from `start` to `end` against the plan and the brief's KPIs. The best and
    worst lists hold up to 5 posts each; with few posts, half each, so none is missing."""
    chosen = [r for r in results if start <= r.date <= end]
    matches = match_results(plan, chosen)
    rated = sum(1 for r in chosen if result_rate(r).rate is not None)
    top, bottom = top_and_bottom(chosen, min(TOP_N, max(rated // 2, 1)))
    return PeriodAnalysis(
        results=tuple(chosen),
        matches=tuple(matches),
        plan_actual=tuple(plan_vs_actual(plan, chosen, matches, start, end)),
        kpis=tuple(kpi_progress(brief, chosen, plan)),
        by_pillar=tuple(rates_by(chosen, matches, plan, "pillar")),
        by_format=tuple(rates_by(chosen, matches, plan, "format")),
        top=tuple(top),
        bottom=tuple(bottom),
        followers=tuple(follower_growth(chosen)),
        advice=tuple(suggestions(chosen, matches, plan)),
        on_reach=tuple(rates_on(chosen)),
        outside_plan=outside_plan(plan, chosen),
    )
