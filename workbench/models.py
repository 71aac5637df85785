"""All persistent tables and the pydantic schemas of a client strategy, in one place.

Storage layout: `Client` holds what the client list shows and searches; each part of a
strategy (brief now; audience, competitors, platforms, budget, plan later) is one
`StrategySection` row whose `data` is the JSON of the pydantic model for that part,
with a `version` for optimistic concurrency. Inside the JSON, dates are ISO dates and
money is a decimal string, parsed back to `date` and `Decimal` by the models, so no
float ever touches a figure.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Column, SQLModel
from sqlmodel import Field as DbField

__all__ = [
    "HASHTAG_LENGTH_MAX",
    "NAME_MAX",
    "AiCall",
    "Activity",
    "EMAIL_MAX",
    "Member",
    "Role",
    "Workspace",
    "Audience",
    "AudienceArea",
    "CaptionDraft",
    "Idea",
    "BudgetPlan",
    "BudgetTier",
    "BriefEvent",
    "OfferingItem",
    "Campaign",
    "EditorialPlan",
    "HashtagSet",
    "UtmSettings",
    "Pillar",
    "PlannedPost",
    "PostResult",
    "RESULTS_MAX",
    "Results",
    "PostKind",
    "PostReview",
    "PostStatus",
    "REVIEW_COMMENT_MAX",
    "ReviewDecision",
    "ReviewLink",
    "ContentFormat",
    "CostRange",
    "FactorWeights",
    "PlatformChoice",
    "PlatformRole",
    "PlatformSelection",
    "Competitor",
    "Competitors",
    "DayMoment",
    "Gender",
    "PeriodFigures",
    "Persona",
    "ReachRegion",
    "TEXT_MAX",
    "Brief",
    "BroadGoal",
    "Capability",
    "Client",
    "ClientKind",
    "KpiTarget",
    "Objective",
    "Platform",
    "SocialAccount",
    "StrategySection",
    "name_key",
    "utcnow",
]

NAME_MAX = 120
SHORT_MAX = 200
TEXT_MAX = 4000
LIST_MAX = 50


def utcnow() -> datetime:
    """Aware UTC timestamp; SQLModel stores and returns datetimes in UTC on every database."""
    return datetime.now(UTC)


def name_key(name: str) -> str:
    """The form of a client name that must be unique: trimmed, spaces folded, case-folded."""
    return " ".join(name.split()).casefold()


class ClientKind(StrEnum):
    company = "company"
    artist = "artist"
    professional = "professional"
    public_figure = "public_figure"
    project = "project"
    event = "event"
    public_body = "public_body"  # town hall, library, health authority, school
    non_profit = "non_profit"  # association, NGO, sports club


class BroadGoal(StrEnum):
    informative = "informative"
    commercial = "commercial"
    promotional = "promotional"


class Objective(StrEnum):
    awareness = "awareness"
    engagement = "engagement"
    traffic = "traffic"
    leads = "leads"
    sales = "sales"
    community = "community"


class Capability(StrEnum):
    photo = "photo"
    graphics = "graphics"
    short_video = "short_video"
    long_video = "long_video"
    live = "live"
    writing = "writing"


class Platform(StrEnum):
    facebook = "facebook"
    instagram = "instagram"
    tiktok = "tiktok"
    youtube = "youtube"
    linkedin = "linkedin"
    x = "x"
    pinterest = "pinterest"
    threads = "threads"
    whatsapp = "whatsapp"
    telegram = "telegram"


ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=SHORT_MAX)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=TEXT_MAX)]
Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=SHORT_MAX)]
Money = Annotated[Decimal, Field(ge=0, le=Decimal("10000000"), max_digits=12, decimal_places=2)]


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)


class SocialAccount(_Schema):
    """An account the client already has."""

    platform: Platform
    handle: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    followers: int = Field(default=0, ge=0, le=5_000_000_000)


class KpiTarget(_Schema):
    """A measurable objective with its target, e.g. engagement: 'engagement rate %' = 3.5."""

    objective: Objective
    metric: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    target: Decimal = Field(ge=0, le=Decimal("100000000000"), max_digits=15, decimal_places=2)
    deadline: date | None = None


Month = Annotated[int, Field(ge=1, le=12)]


class OfferingItem(_Schema):
    """Something the client sells or does; `signature` marks what it is known for.

    `months` are the months it matters (a seasonal dish, the registration period); empty
    means all year.
    """

    name: Word
    description: ShortText = ""
    signature: bool = False
    months: list[Month] = Field(default_factory=list, max_length=12)


class BriefEvent(_Schema):
    """A recurring date of the client's own (an open day, a festival, a season opening)."""

    name: Word
    month: Month | None = None


class Brief(_Schema):
    """What the client is, wants and can do: the first step of every strategy.

    `in_house`: the client's own staff or volunteers do the work (no agency fees; the hours
    are theirs). A brief whose maximum budget is 0 and that does not say otherwise is
    in-house. `budget_includes_vat`: the budget figures are gross (VAT included).
    """

    kind: ClientKind | None = None
    sector: ShortText = ""
    description: LongText = ""
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] = "IT"
    region: ShortText = ""
    province: Annotated[str, StringConstraints(pattern=r"^([A-Z]{2})?$")] = ""
    city: ShortText = ""

    broad_goals: list[BroadGoal] = Field(default_factory=list, max_length=3)
    objectives: list[Objective] = Field(default_factory=list, max_length=6)
    kpi_targets: list[KpiTarget] = Field(default_factory=list, max_length=LIST_MAX)

    social_only: bool = False
    website: ShortText = ""
    blog: ShortText = ""
    newsletter: ShortText = ""
    social_accounts: list[SocialAccount] = Field(default_factory=list, max_length=LIST_MAX)

    tone_descriptors: list[Word] = Field(default_factory=list, max_length=LIST_MAX)
    words_to_use: list[Word] = Field(default_factory=list, max_length=LIST_MAX)
    words_to_avoid: list[Word] = Field(default_factory=list, max_length=LIST_MAX)
    example_phrases: list[Word] = Field(default_factory=list, max_length=LIST_MAX)

    hours_per_week: Decimal = Field(default=Decimal("0"), ge=0, le=168, decimal_places=1)
    approver: ShortText = ""
    capabilities: list[Capability] = Field(default_factory=list, max_length=6)

    budget_min: Money | None = None
    budget_max: Money | None = None
    budget_includes_vat: bool = False
    in_house: bool = False
    start_date: date | None = None
    horizon_weeks: int = Field(default=12, ge=1, le=52)

    # What the client offers: the specifics posts are made of.
    offering: list[OfferingItem] = Field(default_factory=list, max_length=LIST_MAX)
    places: list[Word] = Field(default_factory=list, max_length=LIST_MAX)
    people: list[Word] = Field(default_factory=list, max_length=LIST_MAX)  # roles: "lo chef"
    differentiators: list[Word] = Field(default_factory=list, max_length=LIST_MAX)
    events: list[BriefEvent] = Field(default_factory=list, max_length=LIST_MAX)

    @model_validator(mode="before")
    @classmethod
    def _zero_budget_is_in_house(cls, data: Any) -> Any:
        if isinstance(data, dict) and "in_house" not in data:
            top = data.get("budget_max")
            try:
                zero = top is not None and top != "" and Decimal(str(top)) == 0
            except ArithmeticError:
                zero = False
            if zero:
                data = {**data, "in_house": True}
        return data

    @model_validator(mode="after")
    def _budget_range_is_ordered(self) -> Brief:
        if (
            self.budget_min is not None
            and self.budget_max is not None
            and self.budget_min > self.budget_max
        ):
            raise PydanticCustomError("budget_range", "minimum budget above maximum")
        return self

    @model_validator(mode="after")
    def _presence_is_consistent(self) -> Brief:
        if self.social_only and (self.website or self.blog or self.newsletter):
            raise PydanticCustomError("social_only", "social-only client with other channels")
        return self


class Gender(StrEnum):
    any = "any"
    female = "female"
    male = "male"


class DayMoment(StrEnum):
    """When a persona is online, in local time."""

    early_morning = "early_morning"  # 6-9
    morning = "morning"  # 9-12
    lunch = "lunch"  # 12-14
    afternoon = "afternoon"  # 14-18
    evening = "evening"  # 18-22
    night = "night"  # 22-1


class ReachRegion(StrEnum):
    """A country (ISO code) or a wider area with platform and population figures in data/.

    `EU` is the European Union of 27 and `WW` the whole world: neither is an ISO country.
    """

    IT = "IT"
    US = "US"
    DE = "DE"
    FR = "FR"
    ES = "ES"
    NL = "NL"
    CH = "CH"
    GB = "GB"
    EU = "EU"
    WW = "WW"


class AudienceArea(StrEnum):
    """How much of the brief's place a persona lives in; abroad, always the whole country."""

    city = "city"  # the brief's city, if it is a provincial capital in data/
    province = "province"  # the brief's province
    region = "region"  # the brief's Italian region
    country = "country"  # the whole of each of the persona's countries


Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=6, decimal_places=2)]
Count = Annotated[int, Field(ge=0, le=10_000_000_000)]


class Persona(_Schema):
    """A typical member of the client's audience."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    age_min: int = Field(default=25, ge=13, le=100)
    age_max: int = Field(default=54, ge=13, le=100)
    gender: Gender = Gender.any
    location: ShortText = ""
    occupation: ShortText = ""
    lifestyle: LongText = ""
    interests: list[Word] = Field(default_factory=list, max_length=LIST_MAX)
    needs: list[Word] = Field(default_factory=list, max_length=LIST_MAX)  # needs and pains
    wants: LongText = ""  # what they want from the brand
    objections: list[Word] = Field(default_factory=list, max_length=LIST_MAX)
    platforms: list[Platform] = Field(default_factory=list, max_length=len(Platform))
    online_moments: list[DayMoment] = Field(default_factory=list, max_length=len(DayMoment))
    tone: ShortText = ""  # the tone that speaks to them
    # Where the persona lives. None: as before personas had a place (the brief's region in
    # Italy, else the whole country). No countries: the audience's `region`.
    area: AudienceArea | None = None
    countries: list[ReachRegion] = Field(default_factory=list, max_length=len(ReachRegion))
    # % of the audience this persona stands for; None shares what the others leave equally.
    share: Percent | None = None

    @model_validator(mode="after")
    def _age_band_is_ordered(self) -> Persona:
        if self.age_min > self.age_max:
            raise PydanticCustomError("age_range", "minimum age above maximum")
        return self


class Audience(_Schema):
    """Personas, the region of the reach figures, the manager's overrides, the summary."""

    personas: list[Persona] = Field(default_factory=list, max_length=20)
    region: ReachRegion = ReachRegion.IT
    # Share of the target on a platform, in %, replacing the estimate for this client.
    reach_overrides: dict[Platform, Percent] = Field(default_factory=dict)
    summary: LongText = ""


class PeriodFigures(_Schema):
    """What one account did on one platform over one period (a week, a month...).

    Every figure is optional: managers collect what the platform shows them.
    """

    platform: Platform
    period_start: date
    period_end: date
    followers: Count | None = None  # at the end of the period
    followers_start: Count | None = None
    posts: Count | None = None
    likes: Count | None = None
    comments: Count | None = None
    shares: Count | None = None
    saves: Count | None = None
    views: Count | None = None
    reach: Count | None = None
    impressions: Count | None = None

    @model_validator(mode="after")
    def _period_is_ordered(self) -> PeriodFigures:
        if self.period_start > self.period_end:
            raise PydanticCustomError("period_range", "period ends before it starts")
        return self


class Competitor(_Schema):
    """A competitor, or the client itself as the reference row (`is_client`)."""

    name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX)
    ]
    is_client: bool = False
    website: ShortText = ""
    handles: dict[
        Platform, Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]
    ] = Field(default_factory=dict)
    figures: list[PeriodFigures] = Field(default_factory=list, max_length=10_000)
    formats: list[Word] = Field(default_factory=list, max_length=LIST_MAX)
    tone: ShortText = ""
    best_themes: list[Word] = Field(default_factory=list, max_length=LIST_MAX)
    example_links: list[Word] = Field(default_factory=list, max_length=LIST_MAX)
    strengths: LongText = ""
    weaknesses: LongText = ""
    to_borrow: LongText = ""
    gaps: LongText = ""  # gaps to exploit


class Competitors(_Schema):
    """The competitor set of a client, with benchmark overrides keyed `platform:denominator`."""

    competitors: list[Competitor] = Field(default_factory=list, max_length=50)
    benchmark_overrides: dict[str, Percent] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _names_are_unique(self) -> Competitors:
        seen: set[str] = set()
        for competitor in self.competitors:
            key = name_key(competitor.name)
            if key in seen:
                raise PydanticCustomError("duplicate_competitor", "two competitors share a name")
            seen.add(key)
        return self


# --- platforms and budget -----------------------------------------------------------------


class ContentFormat(StrEnum):
    photo = "photo"
    graphic = "graphic"
    carousel = "carousel"
    short_video = "short_video"
    long_video = "long_video"
    story = "story"
    text = "text"
    live = "live"


class PlatformRole(StrEnum):
    """What a platform is for in this strategy."""

    awareness = "awareness"
    community = "community"
    conversion = "conversion"
    customer_care = "customer_care"


class BudgetTier(StrEnum):
    essential = "essential"
    growth = "growth"
    premium = "premium"
    recommended = "recommended"  # the package decided for the brief's budget and hours
    custom = "custom"


Cadence = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]  # posts/week
Hours = Annotated[Decimal, Field(ge=0, le=1000, max_digits=6, decimal_places=2)]
Weight = Annotated[int, Field(ge=0, le=10)]
Comments = Annotated[Decimal, Field(ge=0, le=100_000, max_digits=8, decimal_places=2)]


class PlatformChoice(_Schema):
    """A platform the strategy adopts: its role, formats (primary first) and weekly cadence.

    `cadence` holds posts a week per format; a listed format without a cadence is not posted.
    `overridden` is true once the manager changed the recommendation.
    """

    platform: Platform
    role: PlatformRole = PlatformRole.awareness
    formats: list[ContentFormat] = Field(default_factory=list, max_length=len(ContentFormat))
    cadence: dict[ContentFormat, Cadence] = Field(default_factory=dict)
    overridden: bool = False

    @property
    def posts_per_week(self) -> Decimal:
        return sum(self.cadence.values(), Decimal(0))

    @model_validator(mode="after")
    def _formats_are_unique(self) -> PlatformChoice:
        if len(set(self.formats)) != len(self.formats):
            raise PydanticCustomError("duplicate_format", "a format is listed twice")
        return self

    @model_validator(mode="after")
    def _cadence_is_for_listed_formats(self) -> PlatformChoice:
        if not set(self.cadence) <= set(self.formats):
            raise PydanticCustomError("cadence_format", "cadence for a format not listed")
        return self


class FactorWeights(_Schema):
    """How much each factor counts in the platform score, 0-10 each."""

    audience: Weight = 3
    goals: Weight = 4
    capacity: Weight = 2
    competitors: Weight = 1
    budget: Weight = 1

    @model_validator(mode="after")
    def _some_weight(self) -> FactorWeights:
        if not any(self.model_dump().values()):
            raise PydanticCustomError("weights_zero", "every weight is zero")
        return self


class PlatformSelection(_Schema):
    """The platforms step: the scoring weights and the platforms adopted, in priority order."""

    weights: FactorWeights = Field(default_factory=FactorWeights)
    choices: list[PlatformChoice] = Field(default_factory=list, max_length=len(Platform))

    @model_validator(mode="after")
    def _platforms_are_unique(self) -> PlatformSelection:
        platforms = [choice.platform for choice in self.choices]
        if len(set(platforms)) != len(platforms):
            raise PydanticCustomError("duplicate_platform", "a platform is chosen twice")
        return self


Price = Annotated[Decimal, Field(gt=0, le=Decimal("100000"), max_digits=9, decimal_places=2)]


class CostRange(_Schema):
    """A unit cost as a range, e.g. a CPM of 7.50-11.00 EUR; never zero."""

    min: Price
    max: Price

    @model_validator(mode="after")
    def _range_is_ordered(self) -> CostRange:
        if self.min > self.max:
            raise PydanticCustomError("cost_range", "minimum cost above maximum")
        return self


class BudgetPlan(_Schema):
    """The budget step: the tier picked and this client's assumptions.

    Every assumption left empty (None, or absent from a dict) takes its default from data/.
    """

    tier: BudgetTier | None = None
    hourly_rate: Money | None = None
    hours_per_format: dict[ContentFormat, Hours] = Field(default_factory=dict)
    # Time to adapt a post already made for another platform, in % of making it.
    reuse_percent: Percent | None = None
    comments_per_post: dict[Platform, Comments] = Field(default_factory=dict)
    hours_per_100_comments: Hours | None = None
    community_hours_per_week: dict[Platform, Hours] = Field(default_factory=dict)
    strategy_hours_per_month: Hours | None = None
    reporting_hours_per_month: Hours | None = None
    tools_per_month: Money | None = None
    setup_hours: Hours | None = None
    ad_spend: dict[Platform, Money] = Field(default_factory=dict)
    cpm: dict[Platform, CostRange] = Field(default_factory=dict)
    cpc: dict[Platform, CostRange] = Field(default_factory=dict)
    vat_rate: Percent = Decimal("22")


# --- editorial plan -----------------------------------------------------------------------

HexColour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
PillarName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX)
]
PLAN_POSTS_MAX = 20_000
# Aliases so that PlannedPost can name its fields `date` and `time`.
PostDate = date
PostTime = time


class Pillar(_Schema):
    """A content pillar (rubrica): a recurring theme with its target share of the posts."""

    name: PillarName
    description: LongText = ""
    goal: BroadGoal | Objective | None = None
    target_share: Percent = Decimal("0")
    colour: HexColour = "#4C78A8"
    formats: list[ContentFormat] = Field(default_factory=list, max_length=len(ContentFormat))
    example_ideas: list[Word] = Field(default_factory=list, max_length=LIST_MAX)


class PostKind(StrEnum):
    planned = "planned"
    reactive = "reactive"  # a slot kept free for news and trends
    observance = "observance"  # a holiday, world day or commercial date
    campaign = "campaign"


class PostStatus(StrEnum):
    idea = "idea"
    draft = "draft"
    to_approve = "to_approve"
    approved = "approved"
    scheduled = "scheduled"
    published = "published"


class Campaign(_Schema):
    """A client's own event or campaign (launch, sale, fair) over a date range."""

    name: PillarName
    start: date
    end: date
    description: LongText = ""

    @model_validator(mode="after")
    def _dates_are_ordered(self) -> Campaign:
        if self.start > self.end:
            raise PydanticCustomError("campaign_range", "campaign ends before it starts")
        return self


class PlannedPost(_Schema):
    """One dated post of the editorial plan. `id` stays the same across edits and exports."""

    id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    platform: Platform
    date: PostDate
    time: PostTime
    pillar: ShortText = ""
    format: ContentFormat
    topic: ShortText = ""
    brief: LongText = ""
    caption: LongText = ""
    hashtags: list[Word] = Field(default_factory=list, max_length=LIST_MAX)
    cta: ShortText = ""
    link: ShortText = ""
    status: PostStatus = PostStatus.idea
    kind: PostKind = PostKind.planned
    locked: bool = False
    edited: bool = False
    ai_assisted: bool = False  # text accepted from the AI assistant


# Characters of a hashtag after its #.
HASHTAG_LENGTH_MAX = 100
Hashtag = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=rf"^#[^\s#]{{1,{HASHTAG_LENGTH_MAX}}}$"),
]


class HashtagSet(_Schema):
    """A named group of hashtags reused across posts: on every post, or one pillar's posts."""

    name: PillarName
    tags: list[Hashtag] = Field(default_factory=list, max_length=30)
    pillar: ShortText = ""  # empty: every post


class UtmSettings(_Schema):
    """How post links are tagged for analytics: source is the platform, content the post."""

    enabled: bool = False
    medium: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = "social"
    campaign: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = ""


class EditorialPlan(_Schema):
    """The plan step: pillars, campaigns, the reactive share, the seed and the posts.

    `start` and `weeks` are the horizon of the last generation (the brief gives the first).
    """

    pillars: list[Pillar] = Field(default_factory=list, max_length=20)
    campaigns: list[Campaign] = Field(default_factory=list, max_length=LIST_MAX)
    start: date | None = None
    weeks: int = Field(default=8, ge=1, le=52)
    hashtag_sets: list[HashtagSet] = Field(default_factory=list, max_length=LIST_MAX)
    utm: UtmSettings = Field(default_factory=UtmSettings)
    reactive_share: Annotated[Decimal, Field(ge=0, le=30, max_digits=4, decimal_places=1)] = (
        Decimal("15")
    )
    seed: int = Field(default=1, ge=0, le=2**31 - 1)
    posts: list[PlannedPost] = Field(default_factory=list, max_length=PLAN_POSTS_MAX)

    @model_validator(mode="after")
    def _pillar_names_are_unique(self) -> EditorialPlan:
        names = [name_key(p.name) for p in self.pillars]
        if len(set(names)) != len(names):
            raise PydanticCustomError("duplicate_pillar", "two pillars share a name")
        return self


# --- monitoring results -------------------------------------------------------------------

RESULTS_MAX = 20_000
ResultSource = Literal[
    "meta_instagram", "meta_facebook", "linkedin", "tiktok", "youtube", "generic"
]


class PostResult(_Schema):
    """What one published post did, as read from a platform export or the generic template.

    `date` and `time` are local (naive), as the exports write them; `time` is None when the
    file gives only the day. Counts are None when the file does not have them.
    """

    platform: Platform
    date: PostDate
    time: PostTime | None = None
    post_id: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    link: Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)] = ""
    title: ShortText = ""  # the title or the opening of the caption
    post_type: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = ""
    reach: Count | None = None
    impressions: Count | None = None
    views: Count | None = None
    likes: Count | None = None
    comments: Count | None = None
    shares: Count | None = None
    saves: Count | None = None
    clicks: Count | None = None
    followers: Count | None = None
    source: ResultSource = "generic"
    imported_at: datetime | None = None

    @property
    def published_at(self) -> datetime:
        """Date and time together (midnight when the time is not known)."""
        return datetime.combine(self.date, self.time or time())


class Results(_Schema):
    """The monitoring step: the published posts' results imported so far."""

    posts: list[PostResult] = Field(default_factory=list, max_length=RESULTS_MAX)


# --- AI assistant output ------------------------------------------------------------------


class _AiOutput(BaseModel):
    """What the assistant (or its offline stand-in) proposes: shown, then accepted or not.

    The same classes are the response format sent to the model, so field descriptions are
    part of the prompt. No length limits here: Structured Outputs do not take them, and an
    answer a little too long is trimmed after parsing rather than thrown away.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)


class Idea(_AiOutput):
    """A post idea for a pillar; `source` says whether the model or the templates wrote it."""

    title: str = Field(description="Short title of the idea, at most 80 characters")
    brief: str = Field(description="What to show or shoot, in one or two sentences")
    caption: str = Field(description="A draft caption in the brand voice")
    hashtags: list[str] = Field(description="Up to 5 hashtags, each starting with #")
    format: ContentFormat | None = Field(description="The best content format for the idea")
    source: SkipJsonSchema[Literal["model", "offline"]] = "model"


class CaptionDraft(_AiOutput):
    """A caption proposed for one planned post, with its opening hook and hashtags."""

    post_id: str = Field(description="The id of the post, exactly as given in the data")
    hook: str = Field(description="The opening line that makes people stop scrolling")
    caption: str = Field(description="The full caption, starting with the hook")
    hashtags: list[str] = Field(description="Hashtags for the post, each starting with #")


# --- tables -------------------------------------------------------------------------------

JsonDocument = sa.JSON().with_variant(JSONB(), "postgresql")


class Role(StrEnum):
    """What a member may do in a workspace: owners also manage the members."""

    owner = "owner"
    editor = "editor"
    viewer = "viewer"


EMAIL_MAX = 320


class Workspace(SQLModel, table=True):
    """An agency (or one freelancer): its members share its clients, and nothing else."""

    __tablename__ = "workspace"

    id: int | None = DbField(default=None, primary_key=True)
    name: str = DbField(max_length=NAME_MAX)
    created_at: datetime = DbField(default_factory=utcnow)


class Member(SQLModel, table=True):
    """A user's role in a workspace. `user` is the sign-in identity: the e-mail, lower case."""

    __tablename__ = "member"
    __table_args__ = (sa.UniqueConstraint("workspace_id", "user", name="uq_member_workspace_user"),)

    id: int | None = DbField(default=None, primary_key=True)
    workspace_id: int = DbField(
        sa_column=Column(
            sa.Integer, sa.ForeignKey("workspace.id", ondelete="CASCADE"), nullable=False
        )
    )
    user: str = DbField(max_length=EMAIL_MAX, index=True)
    role: str = DbField(max_length=16)
    created_at: datetime = DbField(default_factory=utcnow)


class Client(SQLModel, table=True):
    """A client: what the list shows and searches. The strategy lives in its sections.

    The name is unique within its workspace (by `name_key`), not across workspaces.
    """

    __tablename__ = "client"
    __table_args__ = (
        sa.UniqueConstraint("workspace_id", "name_key", name="uq_client_workspace_name"),
    )

    id: int | None = DbField(default=None, primary_key=True)
    workspace_id: int = DbField(
        sa_column=Column(sa.Integer, sa.ForeignKey("workspace.id"), nullable=False, index=True)
    )
    name: str = DbField(max_length=NAME_MAX)
    name_key: str = DbField(max_length=NAME_MAX)
    kind: str = DbField(default="", max_length=32)
    sector: str = DbField(default="", max_length=SHORT_MAX, index=True)
    created_at: datetime = DbField(default_factory=utcnow)
    updated_at: datetime = DbField(default_factory=utcnow, index=True)
    archived_at: datetime | None = DbField(default=None)


class StrategySection(SQLModel, table=True):
    """One part of a client's strategy as a validated JSON document, versioned."""

    __tablename__ = "strategy_section"
    __table_args__ = (sa.UniqueConstraint("client_id", "section", name="uq_section_client"),)

    id: int | None = DbField(default=None, primary_key=True)
    client_id: int = DbField(
        sa_column=Column(sa.Integer, sa.ForeignKey("client.id", ondelete="CASCADE"), nullable=False)
    )
    section: str = DbField(max_length=32)
    data: dict[str, Any] = DbField(default_factory=dict, sa_column=Column(JsonDocument))
    version: int = DbField(default=1)
    # Whether this step counts as done, worked out when saved so the client list stays cheap.
    complete: bool = DbField(default=False)
    updated_at: datetime = DbField(default_factory=utcnow)


class AiCall(SQLModel, table=True):
    """One request to the AI model: the cache of its answer (by input hash) and its cost.

    `response` is the parsed answer as JSON; None for a request that failed yet was billed
    (an answer cut off at the token limit), which counts in the costs and is never reused.
    """

    __tablename__ = "ai_call"
    __table_args__ = (sa.Index("ix_ai_call_client_hash", "client_id", "input_hash"),)

    id: int | None = DbField(default=None, primary_key=True)
    client_id: int = DbField(
        sa_column=Column(sa.Integer, sa.ForeignKey("client.id", ondelete="CASCADE"), nullable=False)
    )
    action: str = DbField(max_length=32)
    input_hash: str = DbField(max_length=64)
    model: str = DbField(max_length=200)
    response: dict[str, Any] | None = DbField(
        default=None, sa_column=Column(JsonDocument, nullable=True)
    )
    input_tokens: int = DbField(default=0)
    output_tokens: int = DbField(default=0)
    cost_usd: str = DbField(default="0", max_length=32)  # a decimal string, like money in JSON
    created_at: datetime = DbField(default_factory=utcnow)


class Activity(SQLModel, table=True):
    """One change to a client: who did what to which part, and when (the activity log)."""

    __tablename__ = "activity"
    __table_args__ = (sa.Index("ix_activity_client_at", "client_id", "at"),)

    id: int | None = DbField(default=None, primary_key=True)
    client_id: int = DbField(
        sa_column=Column(sa.Integer, sa.ForeignKey("client.id", ondelete="CASCADE"), nullable=False)
    )
    workspace_id: int = DbField(
        sa_column=Column(
            sa.Integer, sa.ForeignKey("workspace.id", ondelete="CASCADE"), nullable=False
        )
    )
    user: str = DbField(max_length=EMAIL_MAX)
    action: str = DbField(max_length=32)
    section: str = DbField(default="", max_length=32)
    summary: str = DbField(default="", max_length=SHORT_MAX)
    at: datetime = DbField(default_factory=utcnow)


# --- client review links ------------------------------------------------------------------

REVIEW_COMMENT_MAX = 1000


class ReviewDecision(StrEnum):
    approved = "approved"
    changes_requested = "changes_requested"


class ReviewLink(SQLModel, table=True):
    """A private link through which a client reviews the plan without an account.

    Only the SHA-256 of the link's secret is stored: the URL cannot be rebuilt from the
    database. A link is active until `expires_at` or until it is revoked.
    """

    __tablename__ = "review_link"

    id: int | None = DbField(default=None, primary_key=True)
    client_id: int = DbField(
        sa_column=Column(
            sa.Integer, sa.ForeignKey("client.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    token_hash: str = DbField(max_length=64)
    label: str = DbField(default="", max_length=NAME_MAX)
    created_at: datetime = DbField(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = DbField(default=None)


class PostReview(SQLModel, table=True):
    """A client's decision on one post through one link; a new decision replaces the old."""

    __tablename__ = "post_review"
    __table_args__ = (sa.UniqueConstraint("link_id", "post_id", name="uq_post_review_link_post"),)

    id: int | None = DbField(default=None, primary_key=True)
    client_id: int = DbField(
        sa_column=Column(
            sa.Integer, sa.ForeignKey("client.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    link_id: int = DbField(
        sa_column=Column(
            sa.Integer, sa.ForeignKey("review_link.id", ondelete="CASCADE"), nullable=False
        )
    )
    post_id: str = DbField(max_length=64)
    decision: str = DbField(max_length=32)
    comment: str = DbField(default="", max_length=REVIEW_COMMENT_MAX)
    # What the client saw (review.post_fingerprint): a post changed since is reviewed again.
    post_fingerprint: str = DbField(default="", max_length=64)
    updated_at: datetime = DbField(default_factory=utcnow)
