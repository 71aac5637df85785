"""The strategy on one screen, for the meeting: goals, audience, platforms and why, budget
tier, and the coming month of the plan at a glance. Pure: the page only lays it out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from workbench.ai.offline import offline_audience_summary
from workbench.budget.estimate import estimate_budget
from workbench.i18n import Message
from workbench.models import (
    BroadGoal,
    BudgetTier,
    ContentFormat,
    KpiTarget,
    Objective,
    PlannedPost,
    Platform,
    PlatformRole,
    PostKind,
)
from workbench.plan.summary import PillarMix, pillar_mix
from workbench.platforms import score_platforms
from workbench.strategy import Strategy

__all__ = ["GLANCE_WEEKS", "Presentation", "PlatformLine", "WeekGlance", "presentation"]

GLANCE_WEEKS = 4
REASONS = 2  # reasons shown per platform: the factors that add most to its score
KEY_DATES = 3  # holidays and campaign posts named per week


@dataclass(frozen=True)
class PlatformLine:
    platform: Platform
    role: PlatformRole
    formats: tuple[ContentFormat, ...]
    posts_per_week: Decimal
    score: Decimal | None
    reasons: tuple[Message, ...]


@dataclass(frozen=True)
class WeekGlance:
    start: date  # a Monday
    posts: tuple[tuple[Platform, int], ...]  # by platform, in the selection's order
    total: int
    key_dates: tuple[PlannedPost, ...]  # observances and campaign posts of the week


@dataclass(frozen=True)
class Presentation:
    client: str
    sector: str
    place: str
    goals: tuple[BroadGoal, ...]
    objectives: tuple[Objective, ...]
    kpis: tuple[KpiTarget, ...]
    audience: str  # the first paragraph of the audience summary
    personas: tuple[tuple[str, int, int], ...]  # name, age from, age to
    platforms: tuple[PlatformLine, ...]
    tier: BudgetTier | None
    monthly_gross: Decimal | None
    start: date  # first day of the glance (a Monday)
    weeks: tuple[WeekGlance, ...]
    mix: tuple[PillarMix, ...]  # pillar mix of the glance's posts


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def presentation(strategy: Strategy, *, today: date, lang: str) -> Presentation:
    """The one-screen summary; the glance starts on the Monday of this week, or of the
    plan's first week when the plan starts later."""
    brief, plan, selection = strategy.brief, strategy.plan, strategy.platforms
    chosen = [c for c in selection.choices if c.posts_per_week > 0]
    scores = {}
    if chosen:
        ranking = score_platforms(
            brief,
            strategy.audience,
            strategy.competitors,
            weights=selection.weights,
            plan=strategy.budget,
        )
        scores = {s.platform: s for s in ranking}
    platforms = tuple(
        PlatformLine(
            platform=c.platform,
            role=c.role,
            formats=tuple(f for f in c.formats if c.cadence.get(f)),
            posts_per_week=c.posts_per_week,
            score=scores[c.platform].score if c.platform in scores else None,
            reasons=scores[c.platform].reasons[:REASONS] if c.platform in scores else (),
        )
        for c in chosen
    )
    estimate = estimate_budget(brief, selection, strategy.budget) if chosen else None

    start = _monday(max(today, plan.start or today))
    end = start + timedelta(days=7 * GLANCE_WEEKS - 1)
    posts = sorted(
        (p for p in plan.posts if start <= p.date <= end), key=lambda p: (p.date, p.time)
    )
    order = [c.platform for c in chosen]
    weeks = []
    for n in range(GLANCE_WEEKS):
        monday = start + timedelta(days=7 * n)
        week = [p for p in posts if monday <= p.date < monday + timedelta(days=7)]
        counts = Counter(p.platform for p in week)
        platforms_order = order + sorted(set(counts) - set(order), key=lambda p: p.value)
        key_dates = [p for p in week if p.kind in (PostKind.observance, PostKind.campaign)]
        # One line per occasion: the same holiday on two platforms (each with its own
        # version of the topic) is named once.
        seen: set[tuple[date, PostKind]] = set()
        unique = []
        for p in key_dates:
            if (p.date, p.kind) not in seen:
                seen.add((p.date, p.kind))
                unique.append(p)
        weeks.append(
            WeekGlance(
                start=monday,
                posts=tuple((p, counts[p]) for p in platforms_order if counts[p]),
                total=len(week),
                key_dates=tuple(unique[:KEY_DATES]),
            )
        )
    glance = plan.model_copy(update={"posts": posts})
    mix = tuple(m for m in pillar_mix(glance) if m.posts)

    summary = strategy.audience.summary or offline_audience_summary(
        strategy.audience, brief, lang=lang
    )
    first = next((p.strip() for p in summary.split("\n\n") if p.strip()), "")
    return Presentation(
        client=strategy.client.name,
        sector=brief.sector,
        place=", ".join(x for x in (brief.city, brief.region) if x),
        goals=tuple(brief.broad_goals),
        objectives=tuple(brief.objectives),
        kpis=tuple(brief.kpi_targets),
        audience=first,
        personas=tuple((p.name, p.age_min, p.age_max) for p in strategy.audience.personas),
        platforms=platforms,
        tier=estimate.tier if estimate else None,
        monthly_gross=estimate.monthly_gross if estimate else None,
        start=start,
        weeks=tuple(weeks),
        mix=mix,
    )
