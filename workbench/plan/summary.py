"""Read-only views of the editorial plan: pillar mix, weekly cadence, calendar grids.

Everything here is computed from the saved plan and the platform selection, so the plan
page can show how the plan holds up after the manager edited, moved or deleted posts.
"""

from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from workbench.models import (
    Brief,
    ContentFormat,
    EditorialPlan,
    PlannedPost,
    Platform,
    PlatformSelection,
    PostKind,
    PostStatus,
)

# The generator's own cadence rules, so that targets match what it plans to the post.
from workbench.plan.generator import _usable_cadence, _week_count, largest_remainder
from workbench.platforms.rules import producible_formats

__all__ = [
    "NEUTRAL_COLOUR",
    "DayCell",
    "PillarMix",
    "WeekCadence",
    "cadence_by_week",
    "month_grid",
    "pillar_mix",
    "plan_months",
    "plan_weeks",
    "posts_by_day",
    "status_counts",
    "week_days",
]

NEUTRAL_COLOUR = "#9CA3AF"  # posts whose pillar is no longer among the plan's pillars
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class PillarMix:
    """How many pillar posts one pillar has against its target share of them.

    `known` is false for a pillar name found on posts but not among the plan's pillars.
    """

    name: str
    colour: str
    known: bool
    posts: int
    share: Decimal  # % of the plan's pillar posts, to 0.1; the mix adds up to 100
    target_share: Decimal  # %, normalised so the plan's pillars add up to 100
    target_posts: Decimal  # pillar posts x target share / 100, to 0.01

    @property
    def difference(self) -> Decimal:
        """Posts above (positive) or below (negative) the target."""
        return self.posts - self.target_posts

    @property
    def on_target(self) -> bool:
        """Within one post of the target: the whole counts next to it are both fine."""
        return abs(self.difference) < 1


@dataclass(frozen=True)
class WeekCadence:
    """One platform in one plan week: posts planned against the selection's cadence."""

    platform: Platform
    week: int  # 1 is the week from `start`
    start: date
    end: date
    posts: int
    target: int
    statuses: dict[PostStatus, int] = field(default_factory=dict)  # every status, zeros too

    @property
    def difference(self) -> int:
        return self.posts - self.target

    @property
    def on_target(self) -> bool:
        return self.posts == self.target


@dataclass(frozen=True)
class DayCell:
    """A calendar day with its posts by time; `outside` marks a day of another month."""

    day: date
    posts: tuple[PlannedPost, ...] = ()
    outside: bool = False


def _normalised_targets(shares: Sequence[Decimal]) -> list[Decimal]:
    """Target shares scaled to add up to 100, as the generator does (equal when all zero)."""
    total = sum(shares, Decimal(0))
    if not shares:
        return []
    if total <= 0:
        return [HUNDRED / len(shares)] * len(shares)
    return [s * HUNDRED / total for s in shares]


def pillar_mix(plan: EditorialPlan) -> list[PillarMix]:
    """Each pillar's planned posts, actual share and target: share = posts / pillar posts x 100.

    Pillar posts are posts of kind `planned` with a pillar. The plan's pillars come first in
    their order (with zero posts too), then names found only on posts, alphabetically.
    """
    counts = Counter(p.pillar for p in plan.posts if p.kind == PostKind.planned and p.pillar)
    total = sum(counts.values())
    known = [p.name for p in plan.pillars]
    unknown = sorted(set(counts) - set(known), key=str.casefold)
    names = [*known, *unknown]
    targets = [
        *_normalised_targets([p.target_share for p in plan.pillars]),
        *[Decimal(0)] * len(unknown),
    ]
    colours = [p.colour for p in plan.pillars] + [NEUTRAL_COLOUR] * len(unknown)
    # Tenths of a percent by largest remainder, so the shown shares add up to exactly 100.
    tenths = largest_remainder(1000, [Decimal(counts[n]) for n in names])
    return [
        PillarMix(
            name=name,
            colour=colour,
            known=i < len(known),
            posts=counts[name],
            share=Decimal(tenth) / 10,
            target_share=target.quantize(CENT),
            target_posts=(total * target / HUNDRED).quantize(CENT),
        )
        for i, (name, colour, target, tenth) in enumerate(
            zip(names, colours, targets, tenths, strict=True)
        )
    ]


def cadence_by_week(
    plan: EditorialPlan,
    selection: PlatformSelection,
    start: date,
    weeks: int,
    *,
    brief: Brief | None = None,
) -> list[WeekCadence]:
    """Posts per platform per plan week (week 1 = start..start+6) against the cadence.

    target = sum over formats of floor(w x c) - floor((w - 1) x c) for week w and a format
    at c posts a week, the generator's spread. With the brief, a format the client cannot
    make counts as the one the generator puts in its place (their cadences add up before
    the spread). Platforms of the selection come first in its order, then platforms that
    only have posts (target 0). Posts outside the weeks are not counted.
    """
    end = start + timedelta(days=7 * weeks)
    by_week: dict[tuple[Platform, int], list[PlannedPost]] = defaultdict(list)
    for post in plan.posts:
        if start <= post.date < end:
            by_week[(post.platform, (post.date - start).days // 7)].append(post)
    cadence: dict[Platform, dict[ContentFormat, Decimal]]
    if brief is None:
        cadence = {c.platform: c.cadence for c in selection.choices if c.posts_per_week > 0}
    else:
        producible = producible_formats(brief.capabilities) or frozenset(ContentFormat)
        cadence = _usable_cadence(selection, producible, [])
    platforms = list(cadence)
    platforms += sorted({p for p, _ in by_week} - set(cadence), key=lambda p: p.value)
    rows = []
    for platform in platforms:
        per_format = cadence.get(platform, {})
        for week in range(weeks):
            posts = by_week.get((platform, week), [])
            week_start = start + timedelta(days=7 * week)
            rows.append(
                WeekCadence(
                    platform=platform,
                    week=week + 1,
                    start=week_start,
                    end=week_start + timedelta(days=6),
                    posts=len(posts),
                    target=sum(_week_count(c, week) for c in per_format.values()),
                    statuses=status_counts(posts),
                )
            )
    return rows


def status_counts(posts: Iterable[PlannedPost]) -> dict[PostStatus, int]:
    """Posts per status, every status listed in workflow order (zero when none)."""
    counts = Counter(p.status for p in posts)
    return {status: counts[status] for status in PostStatus}


def posts_by_day(posts: Iterable[PlannedPost]) -> dict[date, list[PlannedPost]]:
    """Posts grouped by date, each day's sorted by time and platform."""
    days: dict[date, list[PlannedPost]] = defaultdict(list)
    for post in posts:
        days[post.date].append(post)
    for day_posts in days.values():
        day_posts.sort(key=lambda p: (p.time, p.platform.value))
    return dict(days)


def month_grid(posts: Iterable[PlannedPost], year: int, month: int) -> list[list[DayCell]]:
    """The weeks (Monday first) that show a month, 4 to 6 of them; days of the months
    around it are flagged `outside` and carry no posts."""
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    days = posts_by_day(p for p in posts if first <= p.date <= last)
    return [
        [
            DayCell(day, tuple(days.get(day, ())), False)
            if day.month == month
            else DayCell(day, (), True)
            for day in week
        ]
        for week in weeks
    ]


def week_days(posts: Iterable[PlannedPost], start: date) -> list[DayCell]:
    """The seven days from `start` (a plan week, or a Monday), each with its posts by time."""
    end = start + timedelta(days=6)
    days = posts_by_day(p for p in posts if start <= p.date <= end)
    return [DayCell(d, tuple(days.get(d, ()))) for d in (start + timedelta(n) for n in range(7))]


def plan_months(posts: Iterable[PlannedPost]) -> list[tuple[int, int]]:
    """Every (year, month) from the first post's month to the last one's, empty ones too."""
    dates = [p.date for p in posts]
    if not dates:
        return []
    first, last = min(dates), max(dates)
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def plan_weeks(plan: EditorialPlan) -> list[date]:
    """The first day of each plan week, from the plan's start (the first post when it is
    earlier, or has no start) through its horizon and its last post."""
    dates = [p.date for p in plan.posts]
    if plan.start is not None:
        dates += [plan.start, plan.start + timedelta(days=7 * plan.weeks - 1)]
    if not dates:
        return []
    start = min(dates)
    count = (max(dates) - start).days // 7 + 1
    return [start + timedelta(days=7 * w) for w in range(count)]
