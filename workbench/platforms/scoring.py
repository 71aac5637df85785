"""Platform selection: an explainable score for every platform, default choices, capacity check.

Each platform gets five factors, each 0-1, combined with the manager's weights (0-10):

    score = sum(weight x factor) / sum(weights) x 100        (0-100)
    contribution of a factor = weight x factor / sum(weights) x 100

- audience: the target's reach on the platform (`estimate_reach`, a share in %), how much the
  target over- or under-uses it compared with the whole population (affinity), and how many
  personas name it. Parts weigh 0.3, 0.4 and 0.3, renormalised over the parts known.
      reach = share / 100
      affinity = clamp(0.5 + (share / national share - 1), 0, 1)
      personas = personas naming the platform / personas naming any platform
- goals: fit of the platform to the brief's objectives (weight 2 each) and broad goals
  (weight 1 each), from platform_goal_fit.csv, 0.6; fit to what the client is (its kind,
  a B2B market, its sector where a row exists: the mean), platform_kind_fit.csv, 0.4.
- capacity: the best fit on the platform of a format the client can make
  (platform_format_fit.csv), 0.7; the brief's hours a week against the hours the essential
  tier needs there, min(1, available / (2 x needed)), 0.3.
- competitors: share of competitors present on the platform (a handle or figures), 0.6;
  share of those measured whose engagement rate beats the benchmark, 0.4.
- budget: the brief's maximum monthly budget against the essential tier's monthly cost on
  the platform (content and community), min(1, budget / (2 x cost)).

A factor without data is 0.5 (neutral) and says so. Every factor gives its reasons as
messages (catalogue keys with parameters) that the page renders in Italian or English.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from workbench.audience.personas import ReachEstimate, estimate_reach, national_shares
from workbench.budget.estimate import estimate_budget, tier_choice
from workbench.competitors.metrics import PlatformMetrics, compute_competitor_metrics
from workbench.i18n import Amount, Label, Localized, Message, render, t
from workbench.models import (
    Audience,
    Brief,
    BroadGoal,
    BudgetPlan,
    BudgetTier,
    Competitors,
    ContentFormat,
    FactorWeights,
    Objective,
    Platform,
    PlatformChoice,
    PlatformRole,
    PlatformSelection,
)
from workbench.platforms.rules import (
    FitRule,
    format_fit,
    goal_fit,
    kind_fit,
    posting_defaults,
    producible_formats,
)
from workbench.reference import sectors

__all__ = [
    "FACTORS",
    "MAX_DEFAULT_CHOICES",
    "RECOMMEND_FROM",
    "Factor",
    "PlatformScore",
    "capacity_check",
    "default_choices",
    "role_for",
    "score_platforms",
    "scores_as_dict",
]

FACTORS = ("audience", "goals", "capacity", "competitors", "budget")
# A platform is recommended from this score (0-100); the first one always is.
RECOMMEND_FROM = Decimal(70)
MAX_DEFAULT_CHOICES = 3
RETENTION = frozenset({Platform.whatsapp, Platform.telegram})
FOLLOWING = 300  # followers on an existing account that make a base for a channel
NEUTRAL = Decimal("0.5")
ZERO, ONE, TWO, HUNDRED = Decimal(0), Decimal(1), Decimal(2), Decimal(100)
# Affinity beyond these ratios (target share / national share) is worth a sentence.
OVER_USE, UNDER_USE = Decimal("1.15"), Decimal("0.85")
ROLE_BY_GOAL = {
    Objective.awareness.value: PlatformRole.awareness,
    Objective.engagement.value: PlatformRole.community,
    Objective.community.value: PlatformRole.community,
    Objective.traffic.value: PlatformRole.conversion,
    Objective.leads.value: PlatformRole.conversion,
    Objective.sales.value: PlatformRole.conversion,
    BroadGoal.informative.value: PlatformRole.awareness,
    BroadGoal.commercial.value: PlatformRole.conversion,
    BroadGoal.promotional.value: PlatformRole.awareness,
}


@dataclass(frozen=True)
class Factor:
    """One factor of a platform's score: its value (0-1), weight and share of the score."""

    name: str
    value: Decimal
    weight: int
    contribution: Decimal  # points of the 0-100 score
    reasons: tuple[Message, ...]
    known: bool = True  # False: no data, the value is neutral


@dataclass(frozen=True)
class PlatformScore:
    """A platform's place in the ranking, with every factor and the reasons behind it."""

    platform: Platform
    score: Decimal  # 0-100, one decimal
    rank: int
    factors: tuple[Factor, ...]
    recommended: bool

    @property
    def reasons(self) -> tuple[Message, ...]:
        """All reasons, the factor that adds most to the score first."""
        ordered = sorted(self.factors, key=lambda f: -f.contribution)
        return tuple(reason for factor in ordered for reason in factor.reasons)

    def factor(self, name: str) -> Factor:
        return next(f for f in self.factors if f.name == name)


def _platform(platform: Platform) -> Label:
    return Label(f"platforms.{platform.value}")


def _round(value: Decimal, places: str = "0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _clamp(value: Decimal) -> Decimal:
    return min(ONE, max(ZERO, value))


def _blend(parts: Iterable[tuple[Decimal | None, Decimal]]) -> Decimal | None:
    """Weighted mean of the parts that are known (not None); None if none is."""
    known = [(value, weight) for value, weight in parts if value is not None]
    total = sum((weight for _, weight in known), ZERO)
    if not known or total == 0:
        return None
    return sum((value * weight for value, weight in known), ZERO) / total


# --- audience ---------------------------------------------------------------------------------


def _audience(
    platform: Platform,
    reach: ReachEstimate | None,
    national: Decimal | None,
    audience: Audience,
) -> tuple[Decimal | None, list[Message]]:
    reasons: list[Message] = []
    share_part = affinity_part = persona_part = None
    if reach is not None and reach.share is not None:
        share_part = _clamp(reach.share / HUNDRED)
        reasons.append(
            Message(
                "scoring.audience_reach",
                {"share": _round(reach.share, "1"), "people": reach.people or 0},
            )
        )
        if national:
            ratio = reach.share / national
            affinity_part = _clamp(NEUTRAL + ratio - ONE)
            if ratio >= OVER_USE:
                reasons.append(Message("scoring.audience_over", {"ratio": _round(ratio, "0.1")}))
            elif ratio <= UNDER_USE:
                reasons.append(Message("scoring.audience_under", {"ratio": _round(ratio, "0.1")}))
    else:
        reasons.append(Message("scoring.audience_no_data"))
    naming = [p for p in audience.personas if p.platforms]
    if naming:
        users = [p.name for p in naming if platform in p.platforms]
        persona_part = Decimal(len(users)) / len(naming)
        if users:
            reasons.append(
                Message(
                    "scoring.audience_personas",
                    {"count": len(users), "total": len(naming), "names": users},
                )
            )
        else:
            reasons.append(Message("scoring.audience_no_personas"))
    value = _blend(
        [
            (share_part, Decimal("0.3")),
            (affinity_part, Decimal("0.4")),
            (persona_part, Decimal("0.3")),
        ]
    )
    return value, reasons


# --- goals and client kind --------------------------------------------------------------------


def _goal_label(goal: str) -> Label:
    if goal in {o.value for o in Objective}:
        return Label(f"objectives.{goal}")
    return Label(f"goals.{goal}")


def _client_rules(brief: Brief, platform: Platform) -> list[tuple[FitRule, Label | Localized]]:
    """The rules on what the client is: its kind, a B2B market, its sector, when known."""
    rules = kind_fit()
    found: list[tuple[FitRule, Label | Localized]] = []
    sector = next((s for s in sectors() if s.code == brief.sector), None)
    if sector is not None and (rule := rules.get(("sector", sector.code, platform))):
        found.append((rule, Localized(sector.label_it, sector.label_en)))
    if sector is not None and sector.b2b:
        found.append((rules[("market", "b2b", platform)], Label("scoring.market_b2b")))
    if brief.kind is not None:
        found.append(
            (rules[("kind", brief.kind.value, platform)], Label(f"kinds.{brief.kind.value}"))
        )
    return found


def _goals(brief: Brief, platform: Platform) -> tuple[Decimal | None, list[Message]]:
    rules = goal_fit()
    goals = [(o.value, TWO) for o in brief.objectives] + [(g.value, ONE) for g in brief.broad_goals]
    reasons: list[Message] = []
    goal_part = _blend((rules[(goal, platform)].fit, weight) for goal, weight in goals)
    if goals:
        # The goal the platform serves best speaks for it; if even that is weak, say so.
        best, _ = max(goals, key=lambda g: rules[(g[0], platform)].score.value)
        rule = rules[(best, platform)]
        key = "scoring.goal_rule" if rule.score.value >= 3 else "scoring.goal_weak"
        reasons.append(Message(key, {"rule": rule.reason, "goal": _goal_label(best)}))
    client = _client_rules(brief, platform)
    sector_rule = bool(client) and isinstance(client[0][1], Localized)
    # The sector's rule, where there is one, is the most specific and counts twice.
    client_part = _blend(
        (rule.fit, TWO if i == 0 and sector_rule else ONE) for i, (rule, _) in enumerate(client)
    )
    if client:
        rule, label = client[0]
        reasons.append(Message("scoring.client_rule", {"rule": rule.reason, "client": label}))
    if not goals and not client:
        reasons.append(Message("scoring.goals_unknown"))
    return _blend([(goal_part, Decimal("0.6")), (client_part, Decimal("0.4"))]), reasons


# --- capacity and budget ----------------------------------------------------------------------


def _format_labels(formats: Iterable[ContentFormat]) -> list[Label]:
    return [Label(f"formats.{f.value}") for f in formats]


def _capacity(
    brief: Brief, platform: Platform, essential_hours_week: Decimal
) -> tuple[Decimal | None, list[Message]]:
    fit = format_fit()
    ranked = sorted(ContentFormat, key=lambda f: -fit[(f, platform)].score.value)
    strong = [f for f in ranked if fit[(f, platform)].score.value >= 4]
    reasons: list[Message] = []
    format_part = None
    if brief.capabilities:
        possible = producible_formats(brief.capabilities)
        best = max((fit[(f, platform)].fit for f in possible), default=ZERO)
        format_part = best
        made = [f for f in strong if f in possible]
        if made:
            reasons.append(
                Message("scoring.capacity_formats", {"formats": _format_labels(made[:3])})
            )
        else:
            reasons.append(
                Message("scoring.capacity_missing", {"formats": _format_labels(strong[:3])})
            )
    else:
        reasons.append(Message("scoring.capacity_formats_unknown"))
    hours_part = None
    if brief.hours_per_week > 0 and essential_hours_week > 0:
        hours_part = min(ONE, brief.hours_per_week / (TWO * essential_hours_week))
        reasons.append(
            Message(
                "scoring.capacity_hours",
                {"needed": _round(essential_hours_week, "0.1"), "available": brief.hours_per_week},
            )
        )
    elif brief.hours_per_week <= 0:
        reasons.append(Message("scoring.capacity_hours_unknown"))
    return _blend([(format_part, Decimal("0.7")), (hours_part, Decimal("0.3"))]), reasons


def _budget(brief: Brief, cost: Decimal) -> tuple[Decimal | None, list[Message]]:
    if brief.budget_max is None:
        return None, [Message("scoring.budget_unknown")]
    params = {"cost": Amount(cost), "budget": Amount(brief.budget_max)}
    if cost <= 0:
        return ONE, [Message("scoring.budget_fits", params)]
    value = min(ONE, brief.budget_max / (TWO * cost))
    key = "scoring.budget_fits" if cost <= brief.budget_max else "scoring.budget_over"
    return value, [Message(key, params)]


# --- competitors ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rivals:
    total: int
    present: dict[Platform, set[str]]
    metrics: list[PlatformMetrics]


def _rivals(competitors: Competitors | Sequence[PlatformMetrics] | None) -> _Rivals:
    if competitors is None:
        return _Rivals(0, {}, [])
    present: dict[Platform, set[str]] = {}
    if isinstance(competitors, Competitors):
        rivals = [c for c in competitors.competitors if not c.is_client]
        for rival in rivals:
            for platform in {*rival.handles, *(row.platform for row in rival.figures)}:
                present.setdefault(platform, set()).add(rival.name)
        metrics = [m for m in compute_competitor_metrics(competitors) if not m.is_client]
        return _Rivals(len(rivals), present, metrics)
    metrics = [m for m in competitors if not m.is_client]
    for m in metrics:
        present.setdefault(m.platform, set()).add(m.competitor)
    return _Rivals(len({m.competitor for m in metrics}), present, metrics)


def _competitors(rivals: _Rivals, platform: Platform) -> tuple[Decimal | None, list[Message]]:
    if rivals.total == 0:
        return None, [Message("scoring.competitors_none")]
    present = len(rivals.present.get(platform, set()))
    reasons = [
        Message("scoring.competitors_present", {"present": present, "total": rivals.total})
        if present
        else Message("scoring.competitors_absent")
    ]
    gaps = [
        m.benchmark_gap.value
        for m in rivals.metrics
        if m.platform is platform and m.benchmark_gap.value is not None
    ]
    performance = None
    if gaps:
        above = sum(1 for gap in gaps if gap >= 0)
        performance = Decimal(above) / len(gaps)
        reasons.append(
            Message("scoring.competitors_above", {"count": above, "measured": len(gaps)})
        )
    value = _blend(
        [(Decimal(present) / rivals.total, Decimal("0.6")), (performance, Decimal("0.4"))]
    )
    return value, reasons


# --- the score --------------------------------------------------------------------------------


def score_platforms(
    brief: Brief,
    audience: Audience,
    competitors: Competitors | Sequence[PlatformMetrics] | None = None,
    *,
    weights: FactorWeights | None = None,
    plan: BudgetPlan | None = None,
) -> list[PlatformScore]:
    """Every platform scored for the client and ranked, best first (model in the docstring).

    `competitors` is the competitor set or its computed metrics; `plan` gives the client's
    rates for the capacity and budget factors (data defaults otherwise). Ties keep the
    order of `Platform`.
    """
    weights = weights or FactorWeights()
    weight = weights.model_dump()
    total_weight = Decimal(sum(weight.values()))
    reach = {e.platform: e for e in estimate_reach(audience, brief)}
    national = national_shares(audience, brief)
    rivals = _rivals(competitors)
    scored = []
    for platform in Platform:
        essential = PlatformSelection(choices=[tier_choice(platform, brief, BudgetTier.essential)])
        estimate = estimate_budget(brief, essential, plan, tier=BudgetTier.essential)
        hours_week = estimate.platform_hours(platform) * 12 / 52
        share = national.get(platform.value)
        values = {
            "audience": _audience(
                platform, reach.get(platform), share.value if share else None, audience
            ),
            "goals": _goals(brief, platform),
            "capacity": _capacity(brief, platform, hours_week),
            "competitors": _competitors(rivals, platform),
            "budget": _budget(brief, estimate.platform_cost(platform)),
        }
        factors = []
        for name in FACTORS:
            value, reasons = values[name]
            known = value is not None
            value = _round(value if value is not None else NEUTRAL)
            factors.append(
                Factor(
                    name=name,
                    value=value,
                    weight=weight[name],
                    contribution=_round(weight[name] * value / total_weight * HUNDRED, "0.1"),
                    reasons=tuple(reasons),
                    known=known,
                )
            )
        score = sum((weight[f.name] * f.value for f in factors), ZERO) / total_weight * HUNDRED
        scored.append((platform, _round(score, "0.1"), tuple(factors)))
    scored.sort(key=lambda item: -item[1])
    # A channel (WhatsApp, Telegram) reaches people who already know the brand: it comes
    # first, or is recommended, only for community goals with an existing following.
    retention = Objective.community in brief.objectives and any(
        a.followers >= FOLLOWING for a in brief.social_accounts
    )
    if not retention and scored and scored[0][0] in RETENTION:
        first = next((i for i, item in enumerate(scored) if item[0] not in RETENTION), 0)
        scored.insert(0, scored.pop(first))
    return [
        PlatformScore(
            platform=platform,
            score=score,
            rank=rank,
            factors=factors,
            recommended=rank == 1
            or (score >= RECOMMEND_FROM and (platform not in RETENTION or retention)),
        )
        for rank, (platform, score, factors) in enumerate(scored, start=1)
    ]


# --- choices ----------------------------------------------------------------------------------


def role_for(platform: Platform, brief: Brief) -> PlatformRole:
    """The role of the brief's goal this platform serves best (awareness without goals)."""
    goals = [o.value for o in brief.objectives] + [g.value for g in brief.broad_goals]
    if not goals:
        return PlatformRole.awareness
    rules = goal_fit()
    best = max(goals, key=lambda goal: rules[(goal, platform)].score.value)
    return ROLE_BY_GOAL[best]


def default_choices(
    scores: Sequence[PlatformScore], brief: Brief, *, limit: int = MAX_DEFAULT_CHOICES
) -> list[PlatformChoice]:
    """The recommended platforms (at most `limit`, best first) with role, formats, cadence.

    Formats are only those the client can make; the cadence is the growth tier's.
    """
    ranked = sorted(scores, key=lambda s: s.rank)
    chosen = [s for s in ranked if s.recommended][: max(limit, 1)] or ranked[:1]
    return [
        tier_choice(s.platform, brief, BudgetTier.growth, role=role_for(s.platform, brief))
        for s in chosen
    ]


def capacity_check(
    choices: Sequence[PlatformChoice], brief: Brief, plan: BudgetPlan | None = None
) -> list[Message]:
    """Warnings on the chosen set: more hours or money than the brief allows, formats the
    client cannot make, a cadence below the published guidance, no platform at all."""
    selection = PlatformSelection(choices=list(choices))
    warnings = list(estimate_budget(brief, selection, plan).warnings)
    possible = producible_formats(brief.capabilities) if brief.capabilities else None
    defaults = posting_defaults()
    for choice in choices:
        platform = _platform(choice.platform)
        if possible is not None:
            missing = [f for f, n in choice.cadence.items() if n > 0 and f not in possible]
            if missing:
                warnings.append(
                    Message(
                        "scoring.warn_formats",
                        {"platform": platform, "formats": _format_labels(missing)},
                    )
                )
        feed = sum(
            (n for f, n in choice.cadence.items() if f is not ContentFormat.story), Decimal(0)
        )
        low = defaults[(choice.platform, "guidance_min")]
        high = defaults[(choice.platform, "guidance_max")]
        if 0 < feed < low.value:
            warnings.append(
                Message(
                    "scoring.warn_cadence_low",
                    {
                        "platform": platform,
                        "posts": feed,
                        "min": low.value,
                        "max": high.value,
                        "source": f"{low.source.split(',')[0]} {low.year}",
                    },
                )
            )
    return warnings


# --- as JSON ----------------------------------------------------------------------------------


def scores_as_dict(scores: Sequence[PlatformScore], lang: str) -> list[dict[str, Any]]:
    """A JSON-ready view of the ranking: numbers as decimal strings, reasons in `lang`."""
    return [
        {
            "rank": s.rank,
            "platform": s.platform.value,
            "label": t(f"platforms.{s.platform.value}", lang),
            "score": str(s.score),
            "recommended": s.recommended,
            "factors": [
                {
                    "name": f.name,
                    "label": t(f"factors.{f.name}", lang),
                    "value": str(f.value),
                    "weight": f.weight,
                    "contribution": str(f.contribution),
                    "known": f.known,
                    "reasons": [render(r, lang) for r in f.reasons],
                }
                for f in s.factors
            ],
            "reasons": [render(r, lang) for r in s.reasons],
        }
        for s in scores
    ]
