"""The recommendation: platforms, formats, weekly cadence and money decided together.

The ranking (`score_platforms`) says which platforms suit the client; this module decides
how much of them the brief's money and hours can carry. A greedy on marginal value per
resource, in three steps:

1. Ads reserve. When the objectives need reach or clicks (awareness, traffic, leads, sales)
   a share of the budget is kept for ads (rates.csv `ad_share`, the largest share of the
   goals), unless it is below `ad_min_month`.
2. Organic package. Starting from nothing, the best move is taken again and again while it
   fits: open a platform at its small-account floor (posting_defaults.csv `small_floor`),
   or add one post a week of a format on an open platform (up to `small_max`), or a story.
   The first platform carries the most posts. It is the best of the ranking whose floor
   fits; then platforms open in ranking order: only the next two not yet open, and only
   within 15 points of the best score. The greedy is run again with the second platform
   opened early, kept when it is worth 10 % more and the first platform still leads.
       value of a post = W x fit x goal value x 0.75^(posts of that format) x 0.9^(posts)
       W = (score / 100)^2, fit = format fit on the platform / 5, goal value = half the
       format's reach (every goal needs people to see the post) and half its mean over the
       metrics the goals need (format_goal_value.csv: reach, interactions, clicks); the
       first post of a second format on a platform is worth 20 % more.
       efficiency = value / (extra cost / money available + extra hours / hours available)
   Cost is the budget model's month (`estimate_budget`, net, or gross when the brief's
   budget includes VAT), hours are its hours a week. At most three platforms; retention
   channels (WhatsApp, Telegram) only as a complement, and only when the goal is community
   with an existing following; never first.
3. Ads. What is left of the budget (the reserve, plus what the hours could not use) goes to
   ads on the kept platform whose goal fit is best (split over two from 300 EUR); below
   `ad_boost_below` a month this is "boost the best post".

Tiers are the same decision with less (60 %) and more (150 %, at least +1 h and +100 EUR)
money and hours; `more` says what one more step of money or of hours would buy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any, Literal

from workbench.budget.estimate import BudgetEstimate, estimate_budget
from workbench.i18n import Amount, Label, Localized, Message, render
from workbench.models import (
    Brief,
    BudgetPlan,
    BudgetTier,
    ContentFormat,
    Objective,
    Platform,
    PlatformChoice,
    PlatformSelection,
)
from workbench.platforms.rules import (
    GOAL_METRIC,
    ad_costs,
    format_fit,
    format_goal_value,
    goal_fit,
    posting_defaults,
    producible_formats,
    rate,
)
from workbench.platforms.scoring import FOLLOWING, RETENTION, PlatformScore, role_for

__all__ = [
    "RETENTION_CHANNELS",
    "Decision",
    "compare_packages",
    "MoreStep",
    "Package",
    "decide",
    "decision_as_dict",
    "package_as_dict",
]

ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)
TEN = Decimal(10)
RETENTION_CHANNELS = RETENTION
AD_GOALS = (Objective.awareness, Objective.traffic, Objective.leads, Objective.sales)
MAX_PLATFORMS = 3
CANDIDATES = 6  # platforms of the ranking considered, best first
WIDER_GAIN = Decimal("1.1")  # a wider package must be worth this much more to replace
OPEN_WITHIN = Decimal(15)  # points of score below the best that a platform may open within
FORMATS_PER_PLATFORM = 3
MIN_FORMAT_SCORE = Decimal(3)
FORMAT_DECAY = Decimal("0.75")
PLATFORM_DECAY = Decimal("0.9")
VARIETY_BONUS = Decimal("1.2")
STORY_MAX = {Platform.instagram: Decimal(5), Platform.facebook: Decimal(3)}
SPLIT_ADS_FROM = Decimal(300)
LESS, MORE = Decimal("0.6"), Decimal("1.5")

Binding = Literal["money", "hours", "both", "none"]


@dataclass(frozen=True)
class Package:
    """One proposal: the chosen platforms with cadence, the ads, and what they cost."""

    tier: BudgetTier
    selection: PlatformSelection
    ad_spend: Mapping[Platform, Decimal]
    estimate: BudgetEstimate
    cost: Decimal  # what is compared with the budget: net, or gross with VAT included

    @property
    def hours_per_week(self) -> Decimal:
        return self.estimate.hours_per_week.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def plan(self, base: BudgetPlan) -> BudgetPlan:
        """The budget step for this package: the tier and its ads on the client's rates."""
        return base.model_copy(update={"tier": self.tier, "ad_spend": dict(self.ad_spend)})


@dataclass(frozen=True)
class MoreStep:
    """What one more step of money or hours would buy over the recommendation."""

    resource: Literal["money", "hours"]
    adds: tuple[Message, ...]
    costs: Decimal  # the month with it
    hours: Decimal  # hours a week with it
    over_budget: Decimal  # how much over the maximum budget, 0 when within


@dataclass(frozen=True)
class Decision:
    """The recommendation for a brief, why, and what the other tiers would give."""

    package: Package
    tiers: Mapping[BudgetTier, Package]
    fits_budget: bool
    fits_hours: bool
    binding: Binding
    lines: tuple[Message, ...]
    more: tuple[MoreStep, ...]
    problems: tuple[Message, ...] = ()


# --- the value model --------------------------------------------------------------------------


def _goal_metrics(brief: Brief) -> list[str]:
    goals = [o.value for o in brief.objectives] + [g.value for g in brief.broad_goals]
    metrics = sorted({GOAL_METRIC[g] for g in goals})
    return metrics or ["reach", "interactions", "clicks"]


def _format_value(fmt: ContentFormat, platform: Platform, metrics: Sequence[str]) -> Decimal:
    """Fit on the platform x (half reach, which every goal needs, half what the goals ask)."""
    fit = format_fit()[(fmt, platform)].fit
    values = format_goal_value()
    goal = sum((values[(fmt, m)].value for m in metrics), ZERO) / len(metrics)
    return fit * (values[(fmt, "reach")].value + goal) / 2


def _candidate_formats(platform: Platform, brief: Brief) -> list[ContentFormat]:
    """Feed formats the client can make that work well on the platform (fit 3 or more)."""
    possible = producible_formats(brief.capabilities) if brief.capabilities else set(ContentFormat)
    fit = format_fit()
    good: list[ContentFormat] = [
        f
        for f in ContentFormat
        if f is not ContentFormat.story
        and f in possible
        and fit[(f, platform)].score.value >= MIN_FORMAT_SCORE
    ]
    metrics = _goal_metrics(brief)
    good.sort(key=lambda f: -_format_value(f, platform, metrics))
    return good[:FORMATS_PER_PLATFORM]


def _can_story(platform: Platform, brief: Brief) -> bool:
    possible = producible_formats(brief.capabilities) if brief.capabilities else set(ContentFormat)
    return platform in STORY_MAX and ContentFormat.story in possible


def _small(platform: Platform, metric: str) -> Decimal:
    return posting_defaults()[(platform, f"small_{metric}")].value


def _step(platform: Platform) -> Decimal:
    """The smallest cadence change: half a post a week where the floor is a half."""
    return Decimal("0.5") if _small(platform, "floor") < 1 else ONE


def _has_following(brief: Brief) -> bool:
    return any(a.followers >= FOLLOWING for a in brief.social_accounts)


def _retention_allowed(brief: Brief) -> bool:
    """WhatsApp and Telegram reach people who already know the brand: community goals only."""
    return Objective.community in brief.objectives and _has_following(brief)


# --- the greedy -------------------------------------------------------------------------------


@dataclass
class _State:
    order: list[Platform] = field(default_factory=list)
    cadence: dict[Platform, dict[ContentFormat, Decimal]] = field(default_factory=dict)

    def copy(self) -> _State:
        return _State(list(self.order), {p: dict(c) for p, c in self.cadence.items()})

    def feed(self, platform: Platform) -> Decimal:
        cadence = self.cadence.get(platform, {})
        return sum((n for f, n in cadence.items() if f is not ContentFormat.story), ZERO)

    def selection(self, brief: Brief, base: PlatformSelection) -> PlatformSelection:
        choices = []
        for platform in self.order:
            cadence = {
                f: n.quantize(ONE) if n == n.to_integral_value() else n
                for f, n in self.cadence[platform].items()
                if n > 0
            }
            formats = sorted(cadence, key=lambda f: (f is ContentFormat.story, -cadence[f]))
            choices.append(
                PlatformChoice(
                    platform=platform,
                    role=role_for(platform, brief),
                    formats=formats,
                    cadence={f: cadence[f] for f in formats},
                )
            )
        return base.model_copy(update={"choices": choices})


@dataclass(frozen=True)
class _Limits:
    money: Decimal | None  # for organic content and community (ads reserve taken out)
    hours: Decimal | None
    max_platforms: int
    retention: bool
    cap: str  # "max" or "min": the comfortable cadence a platform may reach


def _post_value(
    weight: Decimal, state: _State, platform: Platform, fmt: ContentFormat, metrics: list[str]
) -> Decimal:
    cadence = state.cadence.get(platform, {})
    same = cadence.get(fmt, ZERO)
    value = weight * _format_value(fmt, platform, metrics)
    value *= FORMAT_DECAY ** int(same) * PLATFORM_DECAY ** int(state.feed(platform))
    if same == 0 and state.feed(platform) > 0:
        value *= VARIETY_BONUS
    return value


def _moves(
    state: _State,
    brief: Brief,
    ranked: Sequence[PlatformScore],
    limits: _Limits,
    metrics: list[str],
) -> list[tuple[Decimal, _State]]:
    """Every next step from `state`, each with the value it adds."""
    weights = {s.platform: (s.score / HUNDRED) ** 2 for s in ranked}
    moves: list[tuple[Decimal, _State]] = []
    lead = state.feed(state.order[0]) if state.order else ZERO
    for platform in state.order:
        top = _small(platform, limits.cap)
        if platform is not state.order[0]:
            top = min(top, max(lead, _small(platform, "floor")))  # the first platform leads
        step = _step(platform)
        if state.feed(platform) + step <= top:
            for fmt in _candidate_formats(platform, brief):
                value = _post_value(weights[platform], state, platform, fmt, metrics) * step
                after = state.copy()
                after.cadence[platform][fmt] = after.cadence[platform].get(fmt, ZERO) + step
                moves.append((value, after))
        stories = state.cadence[platform].get(ContentFormat.story, ZERO)
        if _can_story(platform, brief) and stories < STORY_MAX[platform]:
            value = _post_value(weights[platform], state, platform, ContentFormat.story, metrics)
            after = state.copy()
            after.cadence[platform][ContentFormat.story] = stories + 1
            moves.append((value, after))
    if len(state.order) >= limits.max_platforms:
        return moves
    for score in _openable(state, brief, ranked, limits):
        platform = score.platform
        floor = _small(platform, "floor")
        step = _step(platform)
        formats = _candidate_formats(platform, brief)
        # Open with one format, or with the best two taking turns (a reel and a photo).
        openings = [[f] for f in formats] + [
            [a, b] for i, a in enumerate(formats) for b in formats[i + 1 :]
        ]
        for mix in openings:
            after = state.copy()
            after.order.append(platform)
            after.cadence[platform] = {}
            value = ZERO
            turn = 0
            while after.feed(platform) < floor:
                fmt = mix[turn % len(mix)]
                value += _post_value(weights[platform], after, platform, fmt, metrics) * step
                after.cadence[platform][fmt] = after.cadence[platform].get(fmt, ZERO) + step
                turn += 1
            moves.append((value, after))
    return moves


def _openable(
    state: _State, brief: Brief, ranked: Sequence[PlatformScore], limits: _Limits
) -> list[PlatformScore]:
    """The platforms that may open next: the next two of the ranking not open yet, within
    OPEN_WITHIN points of the best; retention channels only as a complement."""
    best = ranked[0].score if ranked else ZERO
    eligible = [
        s
        for s in ranked[:CANDIDATES]
        if s.platform not in state.cadence
        and s.score >= best - OPEN_WITHIN
        and _candidate_formats(s.platform, brief)
        and (s.platform not in RETENTION_CHANNELS or (limits.retention and state.order))
    ]
    # The first platform is the best of the ranking that fits (see `_organic`).
    return eligible if not state.order else eligible[:2]


@dataclass(frozen=True)
class _Priced:
    state: _State
    selection: PlatformSelection
    estimate: BudgetEstimate
    cost: Decimal
    hours: Decimal


def _compared(brief: Brief, estimate: BudgetEstimate) -> Decimal:
    """The month as the brief's budget counts it: gross when it includes VAT."""
    return estimate.monthly_gross if brief.budget_includes_vat else estimate.monthly_net


def _price(
    state: _State,
    brief: Brief,
    base: PlatformSelection,
    plan: BudgetPlan,
    ads: Mapping[Platform, Decimal],
) -> _Priced:
    selection = state.selection(brief, base)
    estimate = estimate_budget(
        brief,
        selection,
        plan.model_copy(update={"ad_spend": dict(ads)}),
        tier=BudgetTier.recommended,
    )
    return _Priced(state, selection, estimate, _compared(brief, estimate), estimate.hours_per_week)


def _fits(priced: _Priced, limits: _Limits) -> bool:
    money_ok = limits.money is None or priced.cost <= limits.money
    hours_ok = limits.hours is None or priced.hours <= limits.hours
    return money_ok and hours_ok


def _organic(
    brief: Brief,
    ranked: Sequence[PlatformScore],
    base: PlatformSelection,
    plan: BudgetPlan,
    limits: _Limits,
    start: _State | None = None,
) -> tuple[_Priced, Binding]:
    """The greedy: the most value per share of money and hours, one move at a time."""
    metrics = _goal_metrics(brief)
    current = _price(start or _State(), brief, base, plan, {})
    binding: Binding = "none"
    while True:
        best: tuple[Decimal, _Priced] | None = None
        money_short = hours_short = False
        first_open: Platform | None = None
        for value, state in _moves(current.state, brief, ranked, limits, metrics):
            priced = _price(state, brief, base, plan, {})
            if not _fits(priced, limits):
                money_short |= limits.money is not None and priced.cost > limits.money
                hours_short |= limits.hours is not None and priced.hours > limits.hours
                continue
            if not current.state.order:
                # The first platform: the highest ranked whose opening fits, whatever is cheaper.
                platform = state.order[0]
                if first_open is None:
                    first_open = platform
                elif platform is not first_open:
                    continue
            extra_cost = max(priced.cost - current.cost, ZERO)
            extra_hours = max(priced.hours - current.hours, ZERO)
            used = ZERO
            if limits.money:
                used += extra_cost / limits.money
            if limits.hours:
                used += extra_hours / limits.hours
            efficiency = value / used if used > 0 else value * 1000
            if best is None or efficiency > best[0]:
                best = (efficiency, priced)
        if best is None:
            if money_short and hours_short:
                binding = "both"
            elif money_short:
                binding = "money"
            elif hours_short:
                binding = "hours"
            return current, binding
        current = best[1]


def _state_value(state: _State, ranked: Sequence[PlatformScore], metrics: list[str]) -> Decimal:
    """The value of a whole package, its posts added one by one in a fixed order."""
    weights = {s.platform: (s.score / HUNDRED) ** 2 for s in ranked}
    built = _State()
    total = ZERO
    for platform in state.order:
        built.order.append(platform)
        built.cadence[platform] = {}
        step = _step(platform)
        for fmt, posts in sorted(state.cadence[platform].items(), key=lambda item: -item[1]):
            added = ZERO
            while added < posts:
                unit = step if fmt is not ContentFormat.story else ONE
                total += _post_value(weights[platform], built, platform, fmt, metrics) * unit
                built.cadence[platform][fmt] = built.cadence[platform].get(fmt, ZERO) + unit
                added += unit
    return total


def _wider(
    brief: Brief,
    ranked: Sequence[PlatformScore],
    base: PlatformSelection,
    plan: BudgetPlan,
    limits: _Limits,
    found: _Priced,
    binding: Binding,
) -> tuple[_Priced, Binding]:
    """The greedy again with the next platforms opened early: a greedy cannot undo the
    stories it added first, and one more platform at its floor may be worth more."""
    if len(found.state.order) != 1 or limits.max_platforms < 2:
        return found, binding
    metrics = _goal_metrics(brief)
    first = found.state.order[0]
    best = (_state_value(found.state, ranked, metrics), found, binding)
    feed = {f: n for f, n in found.state.cadence[first].items() if f is not ContentFormat.story}
    if not feed:
        return found, binding
    seed = _State([first], {first: {}})
    turn = 0
    kinds = sorted(feed, key=lambda f: -feed[f])
    while seed.feed(first) < _small(first, "floor"):
        fmt = kinds[turn % len(kinds)]
        seed.cadence[first][fmt] = seed.cadence[first].get(fmt, ZERO) + _step(first)
        turn += 1
    for _value, opened in _moves(seed, brief, ranked, limits, metrics):
        if len(opened.order) < 2 or not _fits(_price(opened, brief, base, plan, {}), limits):
            continue
        priced, bound = _organic(brief, ranked, base, plan, limits, start=opened)
        total = _state_value(priced.state, ranked, metrics)
        leads = all(priced.state.feed(first) >= priced.state.feed(p) for p in priced.state.order)
        if leads and total > best[0] * WIDER_GAIN:
            best = (total, priced, bound)
    return best[1], best[2]


def _core_cost(
    brief: Brief,
    ranked: Sequence[PlatformScore],
    base: PlatformSelection,
    plan: BudgetPlan,
    money: Decimal,
    hours: Decimal | None,
) -> Decimal:
    """The cost of the organic core: the first platform opened the way it is worth most
    (a reel with a photo rather than two photos) among the openings that fit."""
    limits = _Limits(money, hours, 1, False, "max")
    metrics = _goal_metrics(brief)
    best: tuple[Decimal, Decimal] | None = None
    first: Platform | None = None
    for value, state in _moves(_State(), brief, ranked, limits, metrics):
        priced = _price(state, brief, base, plan, {})
        if not _fits(priced, limits):
            continue
        first = first or state.order[0]
        if state.order[0] is first and (best is None or value > best[0]):
            best = (value, priced.cost)
    return best[1] if best else _smallest(brief, ranked, base, plan).cost


def _smallest(
    brief: Brief, ranked: Sequence[PlatformScore], base: PlatformSelection, plan: BudgetPlan
) -> _Priced:
    """The least that is still a presence: the best platform at its floor, quickest format."""
    for score in ranked:
        if score.platform in RETENTION_CHANNELS:
            continue
        formats = _candidate_formats(score.platform, brief)
        if not formats:
            continue
        quickest = min(formats, key=lambda f: rate("hours_per_post", f.value).value)
        state = _State(
            [score.platform], {score.platform: {quickest: _small(score.platform, "floor")}}
        )
        return _price(state, brief, base, plan, {})
    return _price(_State(), brief, base, plan, {})


def _thinner(smallest: _Priced) -> _State | None:
    """The smallest package at one step a week, below the floor: for very few hours."""
    if not smallest.state.order:
        return None
    platform = smallest.state.order[0]
    ((fmt, _),) = smallest.state.cadence[platform].items()
    return _State([platform], {platform: {fmt: _step(platform)}})


# --- ads --------------------------------------------------------------------------------------


def _ad_goals(brief: Brief) -> list[Objective]:
    return [g for g in AD_GOALS if g in brief.objectives]


def _ad_share(brief: Brief) -> Decimal:
    return max((rate("ad_share", g.value).value for g in _ad_goals(brief)), default=ZERO)


def _tens(amount: Decimal) -> Decimal:
    return (amount / TEN).to_integral_value(rounding=ROUND_DOWN) * TEN


def _ads_for(
    brief: Brief, ranked: Sequence[PlatformScore], kept: Sequence[Platform], amount: Decimal
) -> dict[Platform, Decimal]:
    """`amount` a month of ads on the kept platforms whose fit to the ad goals is best."""
    if amount < rate("ad_min_month").value:
        return {}
    costs = ad_costs()
    rank = {s.platform: s.rank for s in ranked}
    goals = [g.value for g in _ad_goals(brief)]
    fit = goal_fit()
    able = [p for p in kept if (p, "cpm") in costs or (p, "cpc") in costs]
    able.sort(key=lambda p: (-sum((fit[(g, p)].score.value for g in goals), ZERO), rank.get(p, 99)))
    if not able:
        return {}
    if amount >= SPLIT_ADS_FROM and len(able) > 1:
        first = _tens(amount * Decimal("0.6"))
        return {able[0]: first, able[1]: amount - first}
    return {able[0]: amount}


# --- one package ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Outcome:
    package: Package
    binding: Binding
    fits_budget: bool
    fits_hours: bool


def _package(
    brief: Brief,
    ranked: Sequence[PlatformScore],
    base: PlatformSelection,
    plan: BudgetPlan,
    *,
    tier: BudgetTier,
    money: Decimal | None,
    hours: Decimal | None,
    max_platforms: int = MAX_PLATFORMS,
    retention: bool = False,
) -> _Outcome:
    reserve = ZERO
    if money is not None and _ad_goals(brief):
        # Ads come on top of a sound organic core, never instead of it.
        core = _core_cost(brief, ranked, base, plan, money, hours)
        reserve = _tens(min(money * _ad_share(brief) / HUNDRED, max(money - core, ZERO)))
        if reserve < rate("ad_min_month").value:
            reserve = ZERO
    unknown = money is None and hours is None
    limits = _Limits(
        money=None if money is None else money - reserve,
        hours=hours,
        max_platforms=max_platforms,
        retention=retention or _retention_allowed(brief),
        cap="min" if unknown else "max",
    )
    organic, binding = _organic(brief, ranked, base, plan, limits)
    organic, binding = _wider(brief, ranked, base, plan, limits, organic, binding)
    if not organic.state.order:
        organic = _smallest(brief, ranked, base, plan)
        # In-house, the hours are all there is: below the floor beats nothing at all.
        thinner = _thinner(organic) if brief.in_house else None
        if thinner is not None and _fits(_price(thinner, brief, base, plan, {}), limits):
            organic = _price(thinner, brief, base, plan, {})
    ads: dict[Platform, Decimal] = {}
    if money is not None and _ad_goals(brief) and organic.state.order:
        ads = _ads_for(brief, ranked, organic.state.order, _tens(max(money - organic.cost, ZERO)))
    final = _price(organic.state, brief, base, plan, ads)
    package = Package(tier, final.selection, ads, final.estimate, final.cost)
    fits_budget = money is None or final.cost <= money
    fits_hours = hours is None or final.hours <= hours
    return _Outcome(package, binding, fits_budget, fits_hours)


# --- explaining -------------------------------------------------------------------------------


def _platform(platform: Platform) -> Label:
    return Label(f"platforms.{platform.value}")


def _cadence_parts(choice: PlatformChoice) -> list[Message]:
    return [
        Message("decision.cadence_part", {"posts": n, "format": Label(f"formats.{f.value}")})
        for f, n in choice.cadence.items()
        if n > 0
    ]


def _rounded(value: int, up: bool) -> int:
    """Two significant figures: a range of estimates, not a count to the unit."""
    if value < 100:
        return value
    unit = 10 ** (len(str(value)) - 2)
    whole = -(-value // unit) if up else value // unit
    return int(whole * unit)


def _ads_message(
    brief: Brief, platform: Platform, spend: Decimal, estimate: BudgetEstimate
) -> Message:
    """The ad line: clicks for traffic, leads and sales; impressions for awareness."""
    line = next((a for a in estimate.ads if a.platform is platform), None)
    name, amount = _platform(platform), Amount(spend)
    goal = next((g for g in _ad_goals(brief) if g is not Objective.awareness), None)
    objective = Label(f"decision.ad_objective.{(goal or Objective.awareness).value}")
    if spend < rate("ad_boost_below").value:
        weekly = Amount((spend * 12 / 52).quantize(ONE, rounding=ROUND_DOWN))
        return Message(
            "decision.ads_boost",
            {"platform": name, "amount": amount, "weekly": weekly, "objective": objective},
        )
    clicks = line.clicks if line is not None else None
    impressions = line.impressions if line is not None else None
    if clicks is not None and (goal is not None or impressions is None):
        return Message(
            "decision.ads_clicks",
            {
                "platform": name,
                "amount": amount,
                "objective": objective,
                "low": _rounded(clicks[0], up=False),
                "high": _rounded(clicks[1], up=True),
            },
        )
    if impressions is not None:
        return Message(
            "decision.ads_reach",
            {
                "platform": name,
                "amount": amount,
                "objective": objective,
                "low": _rounded(impressions[0], up=False),
                "high": _rounded(impressions[1], up=True),
            },
        )
    return Message("decision.ads_plain", {"platform": name, "amount": amount})


def _lines(
    brief: Brief,
    ranked: Sequence[PlatformScore],
    outcome: _Outcome,
    money: Decimal | None,
    lower: Decimal | None,
) -> list[Message]:
    package = outcome.package
    scores = {s.platform: s for s in ranked}
    lines: list[Message] = []
    for choice in package.selection.choices:
        score = scores.get(choice.platform)
        main = next((f for f in choice.formats if f is not ContentFormat.story), None)
        fit = format_fit()
        why: Message | Localized | str = fit[(main, choice.platform)].reason if main else ""
        better = [
            f
            for f in _candidate_formats(choice.platform, brief)
            if main is not None
            and fit[(f, choice.platform)].score.value > fit[(main, choice.platform)].score.value
            and f not in choice.cadence
        ]
        if better:  # say plainly why the better format is not in, and where it is
            why = Message(
                "decision.why_within",
                {
                    "format": Label(f"formats.{main.value}") if main else "",
                    "better": Label(f"formats.{better[0].value}"),
                },
            )
        lines.append(
            Message(
                "decision.platform_line",
                {
                    "platform": _platform(choice.platform),
                    "rank": score.rank if score else 0,
                    "parts": _cadence_parts(choice),
                    "why": why or "",
                },
            )
        )
    for platform, spend in package.ad_spend.items():
        lines.append(_ads_message(brief, platform, spend, package.estimate))
    estimate = package.estimate
    totals = {
        "cost": Amount(package.cost),
        "fees": Amount(estimate.fees.net),
        "ads": Amount(estimate.ad_spend),
        "hours": package.hours_per_week,
    }
    lines.append(
        Message("decision.totals_gross" if brief.budget_includes_vat else "decision.totals", totals)
    )
    for choice in package.selection.choices:
        feed = sum((n for f, n in choice.cadence.items() if f is not ContentFormat.story), ZERO)
        floor = _small(choice.platform, "floor")
        if feed < floor:
            lines.append(
                Message(
                    "decision.below_floor",
                    {"platform": _platform(choice.platform), "posts": feed, "floor": floor},
                )
            )
    if brief.in_house:
        lines.append(Message("decision.in_house", {"hours": package.hours_per_week}))
    if money is not None:
        key = "decision.fits_budget" if outcome.fits_budget else "decision.over_budget"
        lines.append(Message(key, {"budget": Amount(money), "cost": Amount(package.cost)}))
    else:
        lines.append(Message("decision.no_budget"))
    if brief.hours_per_week > 0:
        fits = "decision.fits_hours_own" if brief.in_house else "decision.fits_hours"
        key = fits if outcome.fits_hours else "decision.over_hours"
        lines.append(
            Message(key, {"available": brief.hours_per_week, "needed": package.hours_per_week})
        )
    else:
        lines.append(Message("decision.no_hours"))
    if lower is not None and package.cost < lower and money:
        unused = Amount(money - package.cost)
        if outcome.binding in ("hours", "both"):
            lines.append(Message("decision.hours_bind", {"unused": unused}))
        else:
            lines.append(Message("decision.needs_less", {"unused": unused}))
    return lines


def compare_packages(base: Package, other: Package) -> list[Message]:
    """How `other` differs from `base`: platforms, posts a week of a format and ads added
    ("+ ...") or taken away ("− ...")."""
    before = {c.platform: c for c in base.selection.choices}
    after = {c.platform: c for c in other.selection.choices}
    changes: list[Message] = []
    for choice in other.selection.choices:
        if choice.platform not in before:
            changes.append(
                Message(
                    "decision.adds_platform",
                    {"platform": _platform(choice.platform), "parts": _cadence_parts(choice)},
                )
            )
    for choice in base.selection.choices:
        if choice.platform not in after:
            changes.append(
                Message("decision.drops_platform", {"platform": _platform(choice.platform)})
            )
    for platform, choice in after.items():
        old = before.get(platform)
        if old is None:
            continue
        for fmt in dict.fromkeys([*old.cadence, *choice.cadence]):
            extra = choice.cadence.get(fmt, ZERO) - old.cadence.get(fmt, ZERO)
            if extra == 0:
                continue
            changes.append(
                Message(
                    "decision.adds_posts" if extra > 0 else "decision.drops_posts",
                    {
                        "platform": _platform(platform),
                        "posts": abs(extra),
                        "format": Label(f"formats.{fmt.value}"),
                    },
                )
            )
    extra_ads = sum(other.ad_spend.values(), ZERO) - sum(base.ad_spend.values(), ZERO)
    if extra_ads > 0:
        changes.append(Message("decision.adds_ads", {"amount": Amount(extra_ads)}))
    elif extra_ads < 0:
        changes.append(Message("decision.fewer_ads", {"amount": Amount(-extra_ads)}))
    return changes


def _money_step(money: Decimal | None) -> Decimal:
    if not money:
        return Decimal(100)
    return max(Decimal(100), _tens(money * Decimal("0.25") / 5) * 5)


# --- the decision -----------------------------------------------------------------------------


def decide(
    brief: Brief,
    ranked: Sequence[PlatformScore],
    *,
    plan: BudgetPlan | None = None,
    base: PlatformSelection | None = None,
) -> Decision:
    """The recommended package for the brief's budget and hours, with tiers (see module doc).

    `ranked` is the platform ranking; `plan` the client's rates (data defaults otherwise);
    `base` keeps the saved weights in the returned selections. Never raises.
    """
    plan = plan or BudgetPlan()
    base = base or PlatformSelection()
    ranked = sorted(ranked, key=lambda s: s.rank)
    money = brief.budget_max
    hours = brief.hours_per_week if brief.hours_per_week > 0 else None
    lower = None
    if money is not None:
        lower = brief.budget_min if brief.budget_min is not None else money * Decimal("0.8")
    recommended = _package(
        brief, ranked, base, plan, tier=BudgetTier.recommended, money=money, hours=hours
    )

    def scaled(factor: Decimal, at_least: Decimal, value: Decimal | None) -> Decimal | None:
        if value is None:
            return None
        grown = value * factor
        if factor > 1:
            grown = max(grown, value + at_least)
        return grown

    essential = _package(
        brief,
        ranked,
        base,
        plan,
        tier=BudgetTier.essential,
        money=None if money is None else scaled(LESS, ZERO, money),
        hours=scaled(LESS, ZERO, hours) if hours is not None else None,
        max_platforms=2,
    )
    premium = _package(
        brief,
        ranked,
        base,
        plan,
        tier=BudgetTier.premium,
        money=scaled(MORE, Decimal(100), money),
        hours=scaled(MORE, ONE, hours),
        max_platforms=MAX_PLATFORMS + 1,
        retention=True,
    )
    more: list[MoreStep] = []
    steps: list[tuple[Literal["money", "hours"], Decimal | None, Decimal | None]] = []
    if money is not None:
        steps.append(("money", money + _money_step(money), hours))
    if hours is not None:
        steps.append(("hours", money, hours + ONE))
    for resource, step_money, step_hours in steps:
        bigger = _package(
            brief, ranked, base, plan, tier=BudgetTier.custom, money=step_money, hours=step_hours
        )
        adds = compare_packages(recommended.package, bigger.package)
        if adds:
            over = ZERO if money is None else max(bigger.package.cost - money, ZERO)
            more.append(
                MoreStep(
                    resource,
                    tuple(adds),
                    bigger.package.cost,
                    bigger.package.hours_per_week,
                    over,
                )
            )
    problems: list[Message] = []
    if money is not None and money == 0 and not brief.in_house:
        problems.append(Message("decision.zero_budget_agency"))
    return Decision(
        package=recommended.package,
        tiers={
            BudgetTier.essential: essential.package,
            BudgetTier.recommended: recommended.package,
            BudgetTier.premium: premium.package,
        },
        fits_budget=recommended.fits_budget,
        fits_hours=recommended.fits_hours,
        binding=recommended.binding,
        lines=tuple(_lines(brief, ranked, recommended, money, lower)),
        more=tuple(more),
        problems=tuple(problems),
    )


# --- as JSON ----------------------------------------------------------------------------------


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def package_as_dict(package: Package) -> dict[str, Any]:
    estimate = package.estimate
    tools = sum((i.amount for i in estimate.items if i.category == "tools"), ZERO)
    return {
        "tier": package.tier.value,
        "monthly_net": _money(estimate.monthly_net),
        "vat": _money(estimate.fees.vat),
        "monthly_gross": _money(estimate.monthly_gross),
        "fees": _money(estimate.fees.net - tools),
        "tools": _money(tools),
        "ads": {p.value: _money(a) for p, a in package.ad_spend.items()},
    }


def decision_as_dict(decision: Decision, lang: str) -> dict[str, Any]:
    """The contract's JSON: platforms with cadence, the package, fits, what more would buy."""
    package = decision.package
    return {
        "platforms": [
            {
                "platform": c.platform.value,
                "role": c.role.value,
                "formats": [f.value for f in c.formats],
                "cadence": {f.value: str(n) for f, n in c.cadence.items()},
            }
            for c in package.selection.choices
        ],
        "package": package_as_dict(package),
        "hours_per_week": str(package.hours_per_week),
        "fits_budget": decision.fits_budget,
        "fits_hours": decision.fits_hours,
        "binding": decision.binding,
        "explanation": [render(m, lang) for m in decision.lines],
        "more": [
            {
                "resource": step.resource,
                "adds": "; ".join(render(m, lang) for m in step.adds),
                "costs": _money(step.costs),
                "hours": str(step.hours),
                "over_budget": _money(step.over_budget),
            }
            for step in decision.more
        ],
        "tiers": {tier.value: package_as_dict(p) for tier, p in decision.tiers.items()},
    }
