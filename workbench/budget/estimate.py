"""Budget: what a platform selection costs a month, in tiers, within a given amount, over a year.

Monthly model (`estimate_budget`), every default from data/rates.csv and data/ad_costs.csv,
each replaceable per client in `BudgetPlan`:

- Content, per platform and format:
      posts a month = posts a week x 52 / 12
      cost = posts a month x hours per post x hourly rate
  A post of a format already made for a platform earlier in the selection is adapted, not
  made again: up to that platform's cadence of the format, posts cost the reuse share
  (25 % by default) of their hours. The first platform of the selection makes them.
- Community management, per platform:
      hours a week = posts a week x comments per post / 100 x hours per 100 comments
                     + base hours a week (messages, reviews, mentions)
      cost = hours a week x 52 / 12 x hourly rate
  (or the client's own hours a week for that platform).
- Strategy and reporting: hours a month x hourly rate. Tools: a monthly amount.
- Set-up, once: (base hours + hours per platform x platforms) x hourly rate, kept apart.
- Paid ads, per platform, paid to the platform and kept apart from the fees:
      impressions = budget / CPM x 1000, clicks = budget / CPC, each a range from the
      CPM and CPC ranges (the high cost gives the low count).

Professional fees carry VAT (22 % by default; 0 under the Italian flat-rate regime): net,
VAT and gross are shown apart. Ad spend is outside our invoice. Money is Decimal,
rounded to the cent per line item (half up); totals add the rounded lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any, Literal

from workbench.i18n import Amount, Label, Message, render
from workbench.models import (
    Brief,
    BudgetPlan,
    BudgetTier,
    ContentFormat,
    CostRange,
    Platform,
    PlatformChoice,
    PlatformRole,
    PlatformSelection,
)
from workbench.platforms.rules import (
    ad_costs,
    format_fit,
    posting_defaults,
    producible_formats,
    rate,
)
from workbench.reference import SourcedValue

__all__ = [
    "FORMATS_PER_TIER",
    "TIERS",
    "AdLine",
    "Assumption",
    "BudgetEstimate",
    "FitResult",
    "LineItem",
    "MonthProjection",
    "Totals",
    "apply_tier",
    "budget_tiers",
    "effective_tier",
    "estimate_as_dict",
    "estimate_budget",
    "fit_to_budget",
    "project_months",
    "tier_choice",
]

TIERS = (BudgetTier.essential, BudgetTier.growth, BudgetTier.premium)
# How many feed formats each tier uses on a platform (stories come on top, from data/).
FORMATS_PER_TIER = {BudgetTier.essential: 1, BudgetTier.growth: 2, BudgetTier.premium: 3}
# A format enters a tier only if it works at least this well on the platform (0-5).
MIN_FORMAT_SCORE = Decimal(3)
CENT = Decimal("0.01")
ZERO = Decimal(0)
WEEKS_A_YEAR = Decimal(52)
MONTHS_A_YEAR = Decimal(12)
HUNDRED = Decimal(100)

Origin = Literal["data", "override", "strategy"]


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _monthly(per_week: Decimal) -> Decimal:
    """A weekly quantity as a monthly one: x 52 / 12."""
    return per_week * WEEKS_A_YEAR / MONTHS_A_YEAR


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assumption:
    """One input of a line item and where it comes from.

    `origin`: data (a default from data/, see `source`), override (the manager's value
    replacing that default for this client) or strategy (a choice made for this client: the
    cadence of the platforms step, the ad budget).
    """

    name: str
    value: Decimal
    unit: str
    origin: Origin
    source: SourcedValue | None = None
    about: str = ""  # the format or platform it concerns, if any

    @property
    def estimate(self) -> bool:
        return self.source is not None and self.source.estimate


@dataclass(frozen=True)
class LineItem:
    """One cost of the month (or of the set-up), net of VAT."""

    category: str  # content, community, strategy, reporting, tools, setup
    label: Message
    amount: Decimal
    hours: Decimal = ZERO
    platform: Platform | None = None
    format: ContentFormat | None = None
    quantity: Decimal | None = None  # posts a month, for content
    inputs: tuple[Assumption, ...] = ()

    @property
    def estimate(self) -> bool:
        return any(a.estimate for a in self.inputs)


@dataclass(frozen=True)
class AdLine:
    """Paid ads on one platform: the monthly spend and what it buys, as ranges.

    Impressions and clicks are None when no CPM or CPC is known for the platform.
    """

    platform: Platform
    spend: Decimal
    impressions: tuple[int, int] | None
    clicks: tuple[int, int] | None
    inputs: tuple[Assumption, ...] = ()

    @property
    def estimate(self) -> bool:
        return any(a.estimate for a in self.inputs)


@dataclass(frozen=True)
class Totals:
    net: Decimal
    vat: Decimal
    gross: Decimal

    @classmethod
    def of(cls, net: Decimal, vat_rate: Decimal) -> Totals:
        vat = _cents(net * vat_rate / HUNDRED)
        return cls(net, vat, net + vat)


@dataclass(frozen=True)
class BudgetEstimate:
    """The monthly cost of a selection: fees (with VAT), ads apart, set-up once, warnings."""

    tier: BudgetTier | None
    selection: PlatformSelection
    items: tuple[LineItem, ...]
    ads: tuple[AdLine, ...]
    setup: LineItem | None
    vat_rate: Assumption
    fees: Totals
    ad_spend: Decimal
    setup_totals: Totals
    hours_per_month: Decimal
    warnings: tuple[Message, ...] = ()

    @property
    def monthly_net(self) -> Decimal:
        """Fees net of VAT plus ad spend: what the month costs the client before VAT."""
        return self.fees.net + self.ad_spend

    @property
    def monthly_gross(self) -> Decimal:
        return self.fees.gross + self.ad_spend

    @property
    def hours_per_week(self) -> Decimal:
        return self.hours_per_month * MONTHS_A_YEAR / WEEKS_A_YEAR

    @property
    def posts_per_week(self) -> Decimal:
        return sum((c.posts_per_week for c in self.selection.choices), ZERO)

    @property
    def has_estimates(self) -> bool:
        return any(i.estimate for i in self.items) or any(a.estimate for a in self.ads)

    def by_category(self) -> dict[str, Decimal]:
        """Net monthly amount by category, ads included as `ads`."""
        totals: dict[str, Decimal] = {}
        for item in self.items:
            totals[item.category] = totals.get(item.category, ZERO) + item.amount
        if self.ads:
            totals["ads"] = self.ad_spend
        return totals

    def by_platform(self) -> dict[Platform | None, Decimal]:
        """Net monthly amount by platform (fees and ads); None: costs of the whole service."""
        totals: dict[Platform | None, Decimal] = {}
        for item in self.items:
            totals[item.platform] = totals.get(item.platform, ZERO) + item.amount
        for ad in self.ads:
            totals[ad.platform] = totals.get(ad.platform, ZERO) + ad.spend
        return totals

    def platform_cost(self, platform: Platform) -> Decimal:
        """Content and community for one platform, net (no ads, no shared costs)."""
        return sum((i.amount for i in self.items if i.platform is platform), ZERO)

    def platform_hours(self, platform: Platform) -> Decimal:
        """Hours a month of content and community for one platform."""
        return sum((i.hours for i in self.items if i.platform is platform), ZERO)


# --- assumptions ------------------------------------------------------------------------------


def _pick(
    name: str, override: Decimal | None, default: SourcedValue, unit: str, about: str = ""
) -> Assumption:
    if override is not None:
        return Assumption(name, Decimal(override), unit, "override", about=about)
    return Assumption(name, default.value, unit, "data", default, about)


def _hourly_rate(plan: BudgetPlan, brief: Brief | None = None) -> Assumption:
    """The agency's hourly rate; nothing for an in-house client, whose own people do the work."""
    if brief is not None and brief.in_house:
        return Assumption("hourly_rate", ZERO, "EUR/h", "strategy", about="in_house")
    return _pick("hourly_rate", plan.hourly_rate, rate("hourly_rate"), "EUR/h")


def _tools(plan: BudgetPlan, brief: Brief) -> Assumption:
    """Tools a month: the agency's share of subscriptions; none by default in-house."""
    if brief.in_house and plan.tools_per_month is None:
        return Assumption("tools_per_month", ZERO, "EUR/month", "strategy", about="in_house")
    return _pick("tools_per_month", plan.tools_per_month, rate("tools_per_month"), "EUR/month")


def _hours_per_post(plan: BudgetPlan, fmt: ContentFormat) -> Assumption:
    return _pick(
        "hours_per_post",
        plan.hours_per_format.get(fmt),
        rate("hours_per_post", fmt.value),
        "h/post",
        fmt.value,
    )


def _vat_rate(plan: BudgetPlan) -> Assumption:
    default = rate("vat_rate")
    override = None if plan.vat_rate == default.value else plan.vat_rate
    return _pick("vat_rate", override, default, "%")


def _cost_range(
    plan_ranges: Mapping[Platform, CostRange], platform: Platform, metric: str
) -> tuple[Assumption, Assumption] | None:
    override = plan_ranges.get(platform)
    if override is not None:
        return (
            Assumption(f"{metric}_min", override.min, "EUR", "override", about=platform.value),
            Assumption(f"{metric}_max", override.max, "EUR", "override", about=platform.value),
        )
    figure = ad_costs().get((platform, metric))
    if figure is None:
        return None
    return (
        Assumption(f"{metric}_min", figure.low.value, "EUR", "data", figure.low, platform.value),
        Assumption(f"{metric}_max", figure.high.value, "EUR", "data", figure.high, platform.value),
    )


def _label(key: str, **params: Any) -> Message:
    return Message(key, params)


def _platform(platform: Platform) -> Label:
    return Label(f"platforms.{platform.value}")


def _format(fmt: ContentFormat) -> Label:
    return Label(f"formats.{fmt.value}")


# --- the monthly estimate ---------------------------------------------------------------------


def _content_items(
    choice: PlatformChoice,
    plan: BudgetPlan,
    hourly: Assumption,
    made: dict[ContentFormat, Decimal],
) -> list[LineItem]:
    """Content line items of one platform; `made` holds the posts a week of each format made
    for the platforms before it, and is updated."""
    items = []
    reuse = _pick("reuse_percent", plan.reuse_percent, rate("reuse_percent"), "%")
    for fmt in choice.formats:
        per_week = choice.cadence.get(fmt, ZERO)
        if per_week <= 0:
            continue
        hours = _hours_per_post(plan, fmt)
        reused = min(per_week, made.get(fmt, ZERO))
        made[fmt] = max(made.get(fmt, ZERO), per_week)
        cadence = Assumption("posts_per_week", per_week, "posts/week", "strategy", about=fmt.value)
        inputs: tuple[Assumption, ...] = (cadence, hours, hourly)
        label = _label(
            "budget.item_content",
            format=_format(fmt),
            platform=_platform(choice.platform),
            posts=per_week,
        )
        if reused > 0:
            shared = Assumption(
                "reused_posts_per_week", reused, "posts/week", "strategy", about=fmt.value
            )
            inputs = (cadence, shared, reuse, hours, hourly)
            label = Message("budget.item_content_reused", {**label.params, "reused": reused})
        effort = per_week - reused + reused * reuse.value / HUNDRED  # posts a week, made-equivalent
        items.append(
            LineItem(
                category="content",
                label=label,
                amount=_cents(effort * WEEKS_A_YEAR * hours.value * hourly.value / MONTHS_A_YEAR),
                hours=_monthly(effort) * hours.value,
                platform=choice.platform,
                format=fmt,
                quantity=_monthly(per_week),
                inputs=inputs,
            )
        )
    return items


def _community_item(choice: PlatformChoice, plan: BudgetPlan, hourly: Assumption) -> LineItem:
    platform = choice.platform
    own = plan.community_hours_per_week.get(platform)
    if own is not None:
        per_week = Decimal(own)
        inputs: tuple[Assumption, ...] = (
            Assumption(
                "community_hours_per_week", per_week, "h/week", "override", about=platform.value
            ),
            hourly,
        )
    else:
        comments = _pick(
            "comments_per_post",
            plan.comments_per_post.get(platform),
            rate("comments_per_post", platform.value),
            "comments/post",
            platform.value,
        )
        per_hundred = _pick(
            "hours_per_100_comments",
            plan.hours_per_100_comments,
            rate("hours_per_100_comments"),
            "h/100 comments",
        )
        base = _pick(
            "community_base_hours_per_week", None, rate("community_base_hours_per_week"), "h/week"
        )
        posts = Assumption(
            "posts_per_week", choice.posts_per_week, "posts/week", "strategy", about=platform.value
        )
        per_week = posts.value * comments.value / HUNDRED * per_hundred.value + base.value
        inputs = (posts, comments, per_hundred, base, hourly)
    return LineItem(
        category="community",
        label=_label("budget.item_community", platform=_platform(platform), hours=per_week),
        amount=_cents(per_week * WEEKS_A_YEAR * hourly.value / MONTHS_A_YEAR),
        hours=_monthly(per_week),
        platform=platform,
        inputs=inputs,
    )


def _hours_item(category: str, hours: Assumption, hourly: Assumption) -> LineItem:
    return LineItem(
        category=category,
        label=_label(f"budget.item_{category}", hours=hours.value),
        amount=_cents(hours.value * hourly.value),
        hours=hours.value,
        inputs=(hours, hourly),
    )


def _setup_item(plan: BudgetPlan, platforms: int, hourly: Assumption) -> LineItem:
    if plan.setup_hours is not None:
        hours = Assumption("setup_hours", plan.setup_hours, "h", "override")
        inputs: tuple[Assumption, ...] = (hours, hourly)
    else:
        base = _pick("setup_base_hours", None, rate("setup_base_hours"), "h")
        each = _pick(
            "setup_hours_per_platform", None, rate("setup_hours_per_platform"), "h/platform"
        )
        hours = Assumption("setup_hours", base.value + each.value * platforms, "h", "data")
        inputs = (base, each, hourly)
    return LineItem(
        category="setup",
        label=_label("budget.item_setup", hours=hours.value, platforms=platforms),
        amount=_cents(hours.value * hourly.value),
        hours=hours.value,
        inputs=inputs,
    )


def _range(spend: Decimal, low: Assumption, high: Assumption, per: Decimal) -> tuple[int, int]:
    """What `spend` buys at the high cost and at the low cost, in whole units."""
    fewest = (spend / high.value * per).to_integral_value(rounding=ROUND_DOWN)
    most = (spend / low.value * per).to_integral_value(rounding=ROUND_DOWN)
    return int(fewest), int(most)


def _ad_line(platform: Platform, spend: Decimal, plan: BudgetPlan) -> AdLine:
    cpm = _cost_range(plan.cpm, platform, "cpm")
    cpc = _cost_range(plan.cpc, platform, "cpc")
    amount = Assumption("ad_spend", spend, "EUR/month", "strategy", about=platform.value)
    return AdLine(
        platform=platform,
        spend=_cents(spend),
        impressions=None if cpm is None else _range(spend, *cpm, Decimal(1000)),
        clicks=None if cpc is None else _range(spend, *cpc, Decimal(1)),
        inputs=(amount, *(cpm or ()), *(cpc or ())),
    )


def _warnings(
    brief: Brief, selection: PlatformSelection, plan: BudgetPlan, estimate: BudgetEstimate
) -> list[Message]:
    warnings: list[Message] = []
    if selection.choices and not brief.in_house and _hourly_rate(plan).value == 0:
        warnings.append(Message("budget.warn_zero_rate"))
    for choice in selection.choices:
        if choice.posts_per_week <= 0:
            warnings.append(
                Message("budget.warn_no_posts", {"platform": _platform(choice.platform)})
            )
    used = {f for c in selection.choices for f, n in c.cadence.items() if n > 0}
    for fmt in sorted(used, key=list(ContentFormat).index):
        if _hours_per_post(plan, fmt).value == 0:
            warnings.append(Message("budget.warn_zero_hours", {"format": _format(fmt)}))
    chosen = {c.platform for c in selection.choices}
    for platform, spend in plan.ad_spend.items():
        if spend > 0 and platform not in chosen:
            warnings.append(
                Message("budget.warn_ads_not_chosen", {"platform": _platform(platform)})
            )
    for ad in estimate.ads:
        if ad.impressions is None and ad.clicks is None:
            warnings.append(
                Message("budget.warn_no_ad_costs", {"platform": _platform(ad.platform)})
            )
    if brief.budget_max is not None and estimate.monthly_net > brief.budget_max:
        warnings.append(
            Message(
                "budget.warn_over_budget",
                {"cost": Amount(estimate.monthly_net), "budget": Amount(brief.budget_max)},
            )
        )
    if brief.hours_per_week > 0 and estimate.hours_per_week > brief.hours_per_week:
        warnings.append(
            Message(
                "budget.warn_over_hours",
                {
                    "needed": estimate.hours_per_week.quantize(Decimal("0.1")),
                    "available": brief.hours_per_week,
                },
            )
        )
    low, high = rate("monthly_fee_min"), rate("monthly_fee_max")
    if selection.choices and not brief.in_house and estimate.fees.net < low.value:
        warnings.append(
            Message(
                "budget.warn_below_market",
                {
                    "fee": Amount(estimate.fees.net),
                    "min": Amount(low.value),
                    "max": Amount(high.value),
                },
            )
        )
    return warnings


def estimate_budget(
    brief: Brief,
    selection: PlatformSelection,
    plan: BudgetPlan | None = None,
    *,
    tier: BudgetTier | None = None,
) -> BudgetEstimate:
    """The monthly cost of `selection` with the client's assumptions (model in the docstring).

    Never raises on odd input: no platform gives an empty estimate with a warning; zero
    rates or hours give zero amounts with a warning. `tier` labels the result (default: the
    plan's tier if the selection still matches it, else custom).
    """
    plan = plan or BudgetPlan()
    hourly = _hourly_rate(plan, brief)
    vat = _vat_rate(plan)
    items: list[LineItem] = []
    ads: list[AdLine] = []
    setup: LineItem | None = None
    if selection.choices:
        made: dict[ContentFormat, Decimal] = {}
        for choice in selection.choices:
            items += _content_items(choice, plan, hourly, made)
            items.append(_community_item(choice, plan, hourly))
        items.append(
            _hours_item(
                "strategy",
                _pick(
                    "strategy_hours_per_month",
                    plan.strategy_hours_per_month,
                    rate("strategy_hours_per_month"),
                    "h/month",
                ),
                hourly,
            )
        )
        items.append(
            _hours_item(
                "reporting",
                _pick(
                    "reporting_hours_per_month",
                    plan.reporting_hours_per_month,
                    rate("reporting_hours_per_month"),
                    "h/month",
                ),
                hourly,
            )
        )
        tools = _tools(plan, brief)
        items.append(
            LineItem("tools", _label("budget.item_tools"), _cents(tools.value), inputs=(tools,))
        )
        setup = _setup_item(plan, len(selection.choices), hourly)
        for choice in selection.choices:
            spend = plan.ad_spend.get(choice.platform, ZERO)
            if spend > 0:
                ads.append(_ad_line(choice.platform, spend, plan))
    fees_net = sum((i.amount for i in items), ZERO)
    estimate = BudgetEstimate(
        tier=tier if tier is not None else effective_tier(brief, selection, plan),
        selection=selection,
        items=tuple(items),
        ads=tuple(ads),
        setup=setup,
        vat_rate=vat,
        fees=Totals.of(fees_net, vat.value),
        ad_spend=sum((a.spend for a in ads), ZERO),
        setup_totals=Totals.of(setup.amount if setup else ZERO, vat.value),
        hours_per_month=sum((i.hours for i in items), ZERO),
    )
    warnings = [Message("budget.warn_no_platforms")] if not selection.choices else []
    warnings += _warnings(brief, selection, plan, estimate)
    return replace(estimate, warnings=tuple(warnings))


# --- tiers ------------------------------------------------------------------------------------


def _format_order(platform: Platform, formats: Iterable[ContentFormat]) -> list[ContentFormat]:
    """Best fit on the platform first; at equal fit the quicker format to make."""
    fit = format_fit()
    return sorted(
        formats,
        key=lambda f: (
            -fit[(f, platform)].score.value,
            rate("hours_per_post", f.value).value,
            list(ContentFormat).index(f),
        ),
    )


def _candidate_formats(platform: Platform, brief: Brief) -> list[ContentFormat]:
    """Feed formats the client can make that work on the platform, best first.

    Without capabilities in the brief every format counts as possible. When nothing the
    client makes reaches MIN_FORMAT_SCORE, the best of what it makes (if it fits at all).
    """
    fit = format_fit()
    possible = producible_formats(brief.capabilities) if brief.capabilities else set(ContentFormat)
    feed = [
        f for f in possible if f is not ContentFormat.story and fit[(f, platform)].score.value > 0
    ]
    ordered = _format_order(platform, feed)
    good = [f for f in ordered if fit[(f, platform)].score.value >= MIN_FORMAT_SCORE]
    return good or ordered[:1]


def _split(total: Decimal, parts: int) -> list[Decimal]:
    """Whole posts shared out, the first formats taking the remainder; a fraction goes first."""
    whole = int(total)
    shares = [Decimal(whole // parts + (1 if i < whole % parts else 0)) for i in range(parts)]
    shares[0] += total - whole
    return shares


def tier_choice(
    platform: Platform,
    brief: Brief,
    tier: BudgetTier,
    *,
    role: PlatformRole = PlatformRole.awareness,
) -> PlatformChoice:
    """The formats and weekly cadence of a tier on one platform, for what the client can make.

    Essential: the quickest good format at the essential cadence; growth: the two best
    formats; premium: the three best. Cadence from posting_defaults.csv, shared out in
    whole posts; stories added where the data gives them and the client can make them.
    A custom tier is treated as growth.
    """
    level = BudgetTier.growth if tier in (BudgetTier.custom, BudgetTier.recommended) else tier
    candidates = _candidate_formats(platform, brief)
    if level is BudgetTier.essential:
        quickest = sorted(candidates, key=lambda f: rate("hours_per_post", f.value).value)
        formats = quickest[:1]
    else:
        formats = candidates[: FORMATS_PER_TIER[level]]
    defaults = posting_defaults()
    per_week = defaults[(platform, level.value)].value
    cadence: dict[ContentFormat, Decimal] = {}
    if formats:
        for fmt, posts in zip(formats, _split(per_week, len(formats)), strict=True):
            if posts > 0:
                cadence[fmt] = posts
    stories = defaults.get((platform, f"stories_{level.value}"))
    possible = producible_formats(brief.capabilities) if brief.capabilities else set(ContentFormat)
    if stories is not None and stories.value > 0 and ContentFormat.story in possible:
        cadence[ContentFormat.story] = stories.value
    return PlatformChoice(platform=platform, role=role, formats=list(cadence), cadence=cadence)


def apply_tier(brief: Brief, selection: PlatformSelection, tier: BudgetTier) -> PlatformSelection:
    """The selection with the tier's formats and cadence on each platform; roles and order kept.

    A custom or recommended tier (decided per brief, see `platforms.decide`) leaves the
    selection as it is.
    """
    if tier in (BudgetTier.custom, BudgetTier.recommended):
        return selection
    choices = [tier_choice(c.platform, brief, tier, role=c.role) for c in selection.choices]
    return selection.model_copy(update={"choices": choices})


def effective_tier(
    brief: Brief, selection: PlatformSelection, plan: BudgetPlan
) -> BudgetTier | None:
    """The plan's tier until the manager changes a platform (custom from then on).

    None when no tier has been picked.
    """
    if plan.tier is None or plan.tier is BudgetTier.custom:
        return plan.tier
    # A package (decided, or a tier of the data) stays what it was until a person changes
    # a platform's formats or cadence, which marks the choice as overridden.
    if any(c.overridden for c in selection.choices):
        return BudgetTier.custom
    return plan.tier


def budget_tiers(
    brief: Brief, selection: PlatformSelection, plan: BudgetPlan | None = None
) -> dict[BudgetTier, BudgetEstimate]:
    """Essential, growth and premium side by side for the selected platforms."""
    return {
        tier: estimate_budget(brief, apply_tier(brief, selection, tier), plan, tier=tier)
        for tier in TIERS
    }


# --- fitting a budget -------------------------------------------------------------------------


@dataclass(frozen=True)
class FitResult:
    """What fits in a monthly amount (net of VAT, fees plus ads; set-up not included).

    `selection` and `plan` are the proposal; `dropped` says what had to go, `summary` says
    what is left (or, when nothing fits, the least that would). `minimum` is the cost of
    one platform at one post a week, given when even that does not fit.
    """

    amount: Decimal
    fits: bool
    selection: PlatformSelection
    plan: BudgetPlan
    estimate: BudgetEstimate
    summary: Message
    dropped: tuple[Message, ...] = ()
    spare: Decimal = ZERO
    minimum: Decimal | None = None


@dataclass
class _Draft:
    """A mutable copy of the choices while cutting: platform -> format -> posts a week."""

    choices: list[PlatformChoice]
    cadence: dict[Platform, dict[ContentFormat, Decimal]] = field(default_factory=dict)

    @classmethod
    def of(cls, selection: PlatformSelection) -> _Draft:
        draft = cls(list(selection.choices))
        for c in selection.choices:
            draft.cadence[c.platform] = {f: n for f, n in c.cadence.items() if n > 0}
        return draft

    def selection(self, base: PlatformSelection) -> PlatformSelection:
        choices = []
        for c in self.choices:
            if c.platform not in self.cadence:
                continue
            cadence = dict(self.cadence[c.platform])
            formats = [f for f in c.formats if f in cadence]
            formats += [f for f in cadence if f not in formats]
            choices.append(
                PlatformChoice(
                    platform=c.platform,
                    role=c.role,
                    formats=formats,
                    cadence=cadence,
                    overridden=c.overridden,  # cut by the tool, not changed by a person
                )
            )
        return base.model_copy(update={"choices": choices})


def _hours(plan: BudgetPlan, fmt: ContentFormat) -> Decimal:
    return _hours_per_post(plan, fmt).value


def _cuts(draft: _Draft, brief: Brief, plan: BudgetPlan) -> Iterable[None]:
    """Cut the draft one step at a time, yielding after each step; cheapest losses first.

    1. stories; 2. the slowest formats, their posts moved to the quickest format left on the
    same platform; 3. that format swapped for the quickest good one the client can make;
    4. cadence down to each platform's essential level, lowest priority first; 5. whole
    platforms, lowest priority first, keeping the first; 6. the remaining platform down to
    one post a week.
    """
    platforms = [c.platform for c in draft.choices if c.platform in draft.cadence]
    for platform in platforms:
        if draft.cadence[platform].pop(ContentFormat.story, None) is not None:
            yield None
    while True:
        several = [p for p in platforms if len(draft.cadence[p]) > 1]
        if not several:
            break
        platform, fmt = max(
            ((p, f) for p in several for f in draft.cadence[p]),
            key=lambda pf: (_hours(plan, pf[1]), platforms.index(pf[0])),
        )
        posts = draft.cadence[platform].pop(fmt)
        quickest = min(draft.cadence[platform], key=lambda f: _hours(plan, f))
        draft.cadence[platform][quickest] += posts
        yield None
    for platform in reversed(platforms):
        cadence = draft.cadence[platform]
        if not cadence:
            continue
        ((current, posts),) = cadence.items()
        candidates = _candidate_formats(platform, brief)
        quickest = min(candidates, key=lambda f: _hours(plan, f), default=current)
        if _hours(plan, quickest) < _hours(plan, current):
            draft.cadence[platform] = {quickest: posts}
            yield None
    defaults = posting_defaults()
    for platform in reversed(platforms):
        floor = defaults[(platform, BudgetTier.essential.value)].value
        while _posts(draft, platform) - 1 >= floor:
            _reduce(draft, platform, Decimal(1))
            yield None
    for platform in reversed(platforms[1:]):
        del draft.cadence[platform]
        yield None
    if platforms:
        first = platforms[0]
        while _posts(draft, first) > 1:
            _reduce(draft, first, min(Decimal(1), _posts(draft, first) - 1))
            yield None


def _posts(draft: _Draft, platform: Platform) -> Decimal:
    return sum(draft.cadence[platform].values(), ZERO)


def _reduce(draft: _Draft, platform: Platform, by: Decimal) -> None:
    cadence = draft.cadence[platform]
    fmt = next(iter(cadence))
    cadence[fmt] -= by


def _scaled_ads(plan: BudgetPlan, room: Decimal) -> BudgetPlan:
    """The plan's ads scaled down to `room` euros in all, in whole euros, proportionally."""
    total = sum(plan.ad_spend.values(), ZERO)
    scaled = {
        p: (spend * room / total).to_integral_value(rounding=ROUND_DOWN)
        for p, spend in plan.ad_spend.items()
    }
    return plan.model_copy(update={"ad_spend": {p: s for p, s in scaled.items() if s > 0}})


def _dropped(
    before: PlatformSelection, after: PlatformSelection, plan: BudgetPlan, fitted: BudgetPlan
) -> list[Message]:
    messages = []
    ads_before = sum(plan.ad_spend.values(), ZERO)
    ads_after = sum(fitted.ad_spend.values(), ZERO)
    if ads_before > 0 and ads_after == 0:
        messages.append(Message("budget.drop_ads", {"amount": Amount(ads_before)}))
    elif ads_after < ads_before:
        messages.append(
            Message("budget.reduce_ads", {"before": Amount(ads_before), "after": Amount(ads_after)})
        )
    kept = {c.platform: c for c in after.choices}
    for choice in before.choices:
        platform = _platform(choice.platform)
        now = kept.get(choice.platform)
        if now is None:
            messages.append(Message("budget.drop_platform", {"platform": platform}))
            continue
        gone = [_format(f) for f, n in choice.cadence.items() if n > 0 and f not in now.cadence]
        added = [_format(f) for f in now.cadence if choice.cadence.get(f, ZERO) <= 0]
        if gone and added:
            messages.append(
                Message(
                    "budget.replace_formats",
                    {"platform": platform, "formats": added, "instead_of": gone},
                )
            )
        elif gone:
            messages.append(Message("budget.drop_formats", {"platform": platform, "formats": gone}))
        if now.posts_per_week < choice.posts_per_week:
            messages.append(
                Message(
                    "budget.reduce_cadence",
                    {
                        "platform": platform,
                        "before": choice.posts_per_week,
                        "after": now.posts_per_week,
                    },
                )
            )
    return messages


def _summary(amount: Decimal, selection: PlatformSelection) -> Message:
    platforms = [_platform(c.platform) for c in selection.choices]
    posts = sum((c.posts_per_week for c in selection.choices), ZERO)
    key = "budget.fit_one" if len(platforms) == 1 else "budget.fit_many"
    if posts == 1:
        key += "_weekly"
    return Message(
        key,
        {"amount": Amount(amount), "count": len(platforms), "platforms": platforms, "posts": posts},
    )


def fit_to_budget(
    brief: Brief,
    selection: PlatformSelection,
    amount: Decimal,
    plan: BudgetPlan | None = None,
) -> FitResult:
    """The richest part of `selection` whose month costs at most `amount` net of VAT.

    Ads are scaled down first, then content is cut in the order given by `_cuts`, checking
    the cost after every step. A negative amount counts as zero. Never raises.
    """
    plan = plan or BudgetPlan()
    amount = max(_cents(Decimal(amount)), ZERO)
    if not selection.choices:
        estimate = estimate_budget(brief, selection, plan)
        return FitResult(
            amount,
            False,
            selection,
            plan,
            estimate,
            Message("budget.fit_no_platforms"),
            spare=amount,
        )
    full = estimate_budget(brief, selection, plan)
    if full.monthly_net <= amount:
        return FitResult(
            amount,
            True,
            selection,
            plan,
            full,
            Message(
                "budget.fit_ok",
                {"amount": Amount(amount), "spare": Amount(amount - full.monthly_net)},
            ),
            spare=amount - full.monthly_net,
        )
    fitted_plan = plan
    if plan.ad_spend:
        room = amount - full.fees.net
        fitted_plan = (
            _scaled_ads(plan, room) if room > 0 else plan.model_copy(update={"ad_spend": {}})
        )
    draft = _Draft.of(selection)
    proposal = selection
    estimate = estimate_budget(brief, proposal, fitted_plan)
    if estimate.monthly_net > amount:
        for _ in _cuts(draft, brief, fitted_plan):
            proposal = draft.selection(selection)
            estimate = estimate_budget(brief, proposal, fitted_plan)
            if estimate.monthly_net <= amount:
                break
    dropped = tuple(_dropped(selection, proposal, plan, fitted_plan))
    if estimate.monthly_net > amount:
        minimum = estimate.monthly_net
        return FitResult(
            amount,
            False,
            proposal,
            fitted_plan,
            estimate,
            Message("budget.fit_none", {"amount": Amount(amount), "minimum": Amount(minimum)}),
            dropped,
            minimum=minimum,
        )
    return FitResult(
        amount,
        True,
        proposal,
        fitted_plan,
        estimate,
        _summary(amount, proposal),
        dropped,
        spare=amount - estimate.monthly_net,
    )


# --- a year -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthProjection:
    """One month of the projection; set-up falls in month 1."""

    month: int
    start: date | None
    fees: Totals
    ad_spend: Decimal
    setup: Totals
    total_net: Decimal
    total_gross: Decimal
    cumulative_gross: Decimal


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def project_months(
    estimate: BudgetEstimate, months: int = 12, *, start: date | None = None
) -> list[MonthProjection]:
    """The estimate month by month (set-up in month 1), with the running gross total.

    With `start`, each month carries the first day of its calendar month.
    """
    none = Totals(ZERO, ZERO, ZERO)
    rows = []
    running = ZERO
    for month in range(1, max(months, 0) + 1):
        setup = estimate.setup_totals if month == 1 else none
        net = estimate.fees.net + estimate.ad_spend + setup.net
        gross = estimate.fees.gross + estimate.ad_spend + setup.gross
        running += gross
        rows.append(
            MonthProjection(
                month=month,
                start=None if start is None else _add_months(start.replace(day=1), month - 1),
                fees=estimate.fees,
                ad_spend=estimate.ad_spend,
                setup=setup,
                total_net=net,
                total_gross=gross,
                cumulative_gross=running,
            )
        )
    return rows


# --- as JSON ----------------------------------------------------------------------------------


def _money(value: Decimal) -> str:
    return str(_cents(value))


def _assumption_dict(a: Assumption) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": a.name,
        "value": str(a.value),
        "unit": a.unit,
        "origin": a.origin,
        "estimate": a.estimate,
    }
    if a.about:
        data["about"] = a.about
    if a.source is not None:
        data.update(source=a.source.source, year=a.source.year, region=a.source.region)
    return data


def _item_dict(item: LineItem, lang: str) -> dict[str, Any]:
    return {
        "category": item.category,
        "label": render(item.label, lang),
        "platform": item.platform.value if item.platform else None,
        "format": item.format.value if item.format else None,
        "posts_per_month": None if item.quantity is None else str(item.quantity.quantize(CENT)),
        "hours_per_month": str(item.hours.quantize(CENT)),
        "amount": _money(item.amount),
        "estimate": item.estimate,
        "inputs": [_assumption_dict(a) for a in item.inputs],
    }


def _totals_dict(totals: Totals) -> dict[str, str]:
    return {"net": _money(totals.net), "vat": _money(totals.vat), "gross": _money(totals.gross)}


def estimate_as_dict(estimate: BudgetEstimate, lang: str) -> dict[str, Any]:
    """A JSON-ready view: money as decimal strings in EUR, labels and warnings in `lang`."""
    return {
        "tier": estimate.tier.value if estimate.tier else None,
        "currency": "EUR",
        "vat_rate": _assumption_dict(estimate.vat_rate),
        "items": [_item_dict(i, lang) for i in estimate.items],
        "ads": [
            {
                "platform": ad.platform.value,
                "spend": _money(ad.spend),
                "impressions": None if ad.impressions is None else list(ad.impressions),
                "clicks": None if ad.clicks is None else list(ad.clicks),
                "estimate": ad.estimate,
                "inputs": [_assumption_dict(a) for a in ad.inputs],
            }
            for ad in estimate.ads
        ],
        "setup": None if estimate.setup is None else _item_dict(estimate.setup, lang),
        "totals": {
            "fees": _totals_dict(estimate.fees),
            "ad_spend": _money(estimate.ad_spend),
            "monthly_net": _money(estimate.monthly_net),
            "monthly_gross": _money(estimate.monthly_gross),
            "setup": _totals_dict(estimate.setup_totals),
        },
        "hours_per_month": str(estimate.hours_per_month.quantize(CENT)),
        "hours_per_week": str(estimate.hours_per_week.quantize(CENT)),
        "has_estimates": estimate.has_estimates,
        "warnings": [render(w, lang) for w in estimate.warnings],
    }
