"""Audience: persona templates, the target's reach on each platform, the audience summary.

Reach model (`estimate_reach`), every figure from data/ with its source and year:

- Target: the union of the personas' (age, gender) cells, ages 13-100; a persona of any
  gender covers women and men. Without personas: adults 18-65, women and men.
- Places (`place_of`): each persona lives in its `countries` (none: the audience's `region`)
  and, in Italy, in its `area` of the brief: the city (a provincial capital in
  it_local_population.csv, in the brief's province if set), the province, the region or the
  whole country. A missing or unknown city falls back to the province, then the region, then
  Italy, and the place says why (`Place.why`). No area (files from before areas): the brief's
  region, as before. Abroad the whole country counts: data/ has no finer figures.
- Personas living in the same places are one target (each person counted once); places are
  estimated apart and never summed, since a city lies inside its region. Countries of one
  place do not overlap (the world or the EU with its members is refused), so they add up.
- Target size: residents of those cells in each country (population.csv; within a band
  residents are spread evenly over its years). An Italian city, province or region scales
  the national cells by its residents over Italy's (it_local_population.csv,
  it_region_population.csv): Italy's age and sex structure is used for the area.
- Weights: each persona's `share` of the audience (`persona_weights`: unset shares split
  what the others leave equally; all scaled to 100). A platform's `share` is the mean of the
  places' shares weighted by their personas' weights; so is the baseline the platform
  ranking compares it with (`national_shares(audience, brief)`).
- National share N of a platform: Italy, We Are Social / Meltwater share of internet users
  aged 16-64 using it monthly (chosen over Audiweb users / population because it covers every
  platform with one definition; the Audiweb monthly users are returned alongside as
  `national_users`, for comparison). United States, Pew share of adults. Other countries,
  the EU (a mean of its members in data/) and the world: DataReportal / GWI's share of
  internet users 16-64, as Italy, all editable estimates. These shares
  are of internet users and are applied to all residents of the target: an upper bound where
  part of the target is offline, mostly over 65.
- Age and gender shape, from Pew's US split (platform_demographics.csv), applied as odds ratios
  so that a high national share cannot pass 100 %:

      odds(p) = p / (100 - p)
      age index A = odds(Pew share of the age group) / odds(Pew share of all adults)
      gender index G = odds(Pew share of that gender) / odds(Pew share of all adults),
                       or 1 where the target covers both genders at that age
      cell share = 100 x odds(N) x A x G / (1 + odds(N) x A x G)

  Pew groups: 18-29, 30-49, 50-64, 65+ (ages 13-17 take the 18-29 shape: Pew's adult survey
  does not cover them). For small shares this is the plain product N x A x G.
- Target share = people / target size x 100, with people = sum over the cells of
  residents x cell share / 100. A platform without a Pew shape keeps N for every cell.
- `audience.reach_overrides[platform]` (a %) replaces the share of that platform.

All arithmetic is Decimal; callers round for display.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from babel.lists import format_list

from workbench.errors import FieldProblem
from workbench.i18n import DEFAULT_LANGUAGE, LANGUAGES, LOCALES, Message, fmt_number, render, t
from workbench.models import (
    Audience,
    AudienceArea,
    Brief,
    ClientKind,
    DayMoment,
    Gender,
    Persona,
    Platform,
    ReachRegion,
)
from workbench.reference import DATA_DIR, SourcedValue, provinces, read_csv

__all__ = [
    "ADULTS",
    "AGE_GROUPS",
    "EU_MEMBERS",
    "AreaEstimate",
    "LocalArea",
    "Place",
    "PlatformShape",
    "PopulationBand",
    "ReachEstimate",
    "ReachFigure",
    "estimate_reach",
    "keep_countable_places",
    "local_population",
    "move_persona",
    "national_shares",
    "national_users",
    "persona_template_note",
    "persona_templates",
    "persona_weights",
    "place_label",
    "place_notes",
    "place_of",
    "place_problems",
    "platform_shapes",
    "population",
    "reach_figures",
    "region_of",
    "region_population",
    "source_labels",
    "summarize_audience",
]

# Pew's adult age groups, (label, first age, last age); 100 is the oldest age a persona takes.
AGE_GROUPS: tuple[tuple[str, int, int], ...] = (
    ("18-29", 18, 29),
    ("30-49", 30, 49),
    ("50-64", 50, 64),
    ("65+", 65, 100),
)
ADULTS = (18, 65)  # the target when there are no personas
# The share measured in every region (DataReportal / GWI), except Pew's in the US.
SHARE_METRIC = "share_internet_users_16_64"
SHARE_METRICS = dict.fromkeys(ReachRegion, SHARE_METRIC) | {ReachRegion.US: "share_adults"}
# Members of the EU with their own rows in data/: a persona may not count them twice.
EU_MEMBERS = frozenset(
    {ReachRegion.IT, ReachRegion.DE, ReachRegion.FR, ReachRegion.ES, ReachRegion.NL}
)
USERS_METRIC = "monthly_unique_users"
BOTH_GENDERS = frozenset({Gender.female, Gender.male})
PEW_GENDERS = {Gender.female: "women", Gender.male: "men"}
TOP_PLATFORMS = 3
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ReachFigure:
    """One row of platform_reach.csv: a platform (or `all`), what is measured, the figure."""

    platform: str
    metric: str
    figure: SourcedValue


@dataclass(frozen=True)
class PlatformShape:
    """Pew's split of one platform: all adults, each age group (AGE_GROUPS order), each gender."""

    platform: str
    total: SourcedValue
    by_age: tuple[SourcedValue, ...]
    women: SourcedValue
    men: SourcedValue

    def gender(self, gender: Gender) -> SourcedValue:
        return self.women if gender is Gender.female else self.men


@dataclass(frozen=True)
class PopulationBand:
    """Residents of one age band and gender in a region."""

    age_min: int
    age_max: int
    gender: Gender
    residents: SourcedValue

    @property
    def years(self) -> int:
        return self.age_max - self.age_min + 1


# --- reference data -----------------------------------------------------------------------


def _share(row: dict[str, str], name: str) -> SourcedValue:
    value = SourcedValue.from_row(row)
    if value.unit == "%" and not 0 < value.value < 100:
        raise ValueError(f"{name}: share out of range (0-100 exclusive) in row {row}")
    return value


@lru_cache(maxsize=1)
def reach_figures() -> tuple[ReachFigure, ...]:
    """Every row of platform_reach.csv."""
    return tuple(
        ReachFigure(row["platform"], row["metric"], _share(row, "platform_reach.csv"))
        for row in read_csv("platform_reach.csv")
    )


def national_shares(
    where: ReachRegion | Audience, brief: Brief | None = None
) -> Mapping[str, SourcedValue]:
    """Platform code -> % of the base (see SHARE_METRICS) using it, in a region or an audience.

    For an audience, the whole population's share in its personas' places, weighted as
    `estimate_reach` weighs the target's (`ReachEstimate.baseline`): what affinity compares
    the target with. An audience in one country gets that country's rows.
    """
    if isinstance(where, ReachRegion):
        return _region_shares(where)
    estimates = estimate_reach(where, brief or Brief())
    return MappingProxyType(
        {e.platform.value: e.baseline for e in estimates if e.baseline is not None}
    )


@lru_cache(maxsize=len(ReachRegion))
def _region_shares(region: ReachRegion) -> Mapping[str, SourcedValue]:
    metric = SHARE_METRICS[region]
    return MappingProxyType(
        {
            f.platform: f.figure
            for f in reach_figures()
            if f.metric == metric and f.figure.region == region.value
        }
    )


@lru_cache(maxsize=len(ReachRegion))
def national_users(region: ReachRegion) -> Mapping[str, SourcedValue]:
    """Platform code -> monthly unique users counted in the region (Audiweb / Agcom in Italy)."""
    return MappingProxyType(
        {
            f.platform: f.figure
            for f in reach_figures()
            if f.metric == USERS_METRIC and f.figure.region == region.value
        }
    )


@lru_cache(maxsize=1)
def platform_shapes() -> Mapping[str, PlatformShape]:
    """Platform code -> Pew's age and gender split (platforms Pew does not cover are absent)."""
    rows: dict[str, dict[tuple[str, str], SourcedValue]] = {}
    for row in read_csv("platform_demographics.csv"):
        value = _share(row, "platform_demographics.csv")
        rows.setdefault(row["platform"], {})[(row["group_kind"], row["group"])] = value
    shapes = {}
    for platform, groups in rows.items():
        try:
            shapes[platform] = PlatformShape(
                platform=platform,
                total=groups[("total", "adults")],
                by_age=tuple(groups[("age", label)] for label, _, _ in AGE_GROUPS),
                women=groups[("gender", "women")],
                men=groups[("gender", "men")],
            )
        except KeyError as exc:
            raise ValueError(f"platform_demographics.csv: {platform} lacks {exc}") from exc
    return MappingProxyType(shapes)


@lru_cache(maxsize=len(ReachRegion))
def population(region: ReachRegion) -> tuple[PopulationBand, ...]:
    """Residents of the region by age band and gender, covering ages 13-100 for both genders."""
    bands = tuple(
        PopulationBand(
            int(row["age_min"]),
            int(row["age_max"]),
            Gender(row["gender"]),
            SourcedValue.from_row(row),
        )
        for row in read_csv("population.csv")
        if row["region"] == region.value
    )
    for gender in BOTH_GENDERS:
        ages = sorted(
            age for b in bands if b.gender is gender for age in range(b.age_min, b.age_max + 1)
        )
        if ages != list(range(13, 101)):
            raise ValueError(f"population.csv: {region} {gender} does not cover ages 13-100 once")
    return bands


@lru_cache(maxsize=1)
def region_population() -> Mapping[str, SourcedValue]:
    """Italian region (as in it_provinces.csv) -> residents."""
    return MappingProxyType(
        {
            row["it_region"]: SourcedValue.from_row(row)
            for row in read_csv("it_region_population.csv")
        }
    )


@dataclass(frozen=True)
class LocalArea:
    """An Italian province (or metropolitan city) or a provincial capital, with its residents."""

    kind: AudienceArea
    code: str  # the province's code
    name: str
    residents: SourcedValue


@lru_cache(maxsize=1)
def local_population() -> tuple[LocalArea, ...]:
    """Italian provinces and provincial capitals with their residents (it_local_population.csv)."""
    return tuple(
        LocalArea(AudienceArea(row["kind"]), row["code"], row["name"], SourcedValue.from_row(row))
        for row in read_csv("it_local_population.csv")
    )


def region_of(brief: Brief) -> str | None:
    """The Italian region the brief points to: its region if known, else its province's."""
    if brief.country != "IT":
        return None
    known = {name.casefold(): name for name in region_population()}
    if brief.region and brief.region.strip().casefold() in known:
        return known[brief.region.strip().casefold()]
    by_code = {p.code: p.region for p in provinces()}
    return by_code.get(brief.province)


# --- places -------------------------------------------------------------------------------

LOCAL_KINDS = (AudienceArea.city, AudienceArea.province, AudienceArea.region)


@dataclass(frozen=True)
class Place:
    """Where part of the audience lives: a whole country, or a city, province or region of Italy.

    `kind` and `name` say what is counted; `asked` is what the persona asked for and `why`
    says why the two differ (the brief lacks the city, the province is unknown...).
    `residents` are the local residents that scale the national figures (None: the country).
    """

    country: ReachRegion
    kind: AudienceArea
    name: str | None = None
    asked: AudienceArea | None = None
    why: Message | None = None
    residents: SourcedValue | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.country.value, self.kind.value, self.name or "")


def _city(brief: Brief) -> LocalArea | None:
    """The brief's city among the provincial capitals in data/, in the brief's province if set."""
    wanted = brief.city.strip().casefold()
    return next(
        (
            a
            for a in local_population()
            if a.kind is AudienceArea.city
            and a.name.casefold() == wanted
            and (not brief.province or a.code == brief.province)
        ),
        None,
    )


def _province(brief: Brief) -> LocalArea | None:
    return next(
        (
            a
            for a in local_population()
            if a.kind is AudienceArea.province and a.code == brief.province
        ),
        None,
    )


def _region_place(brief: Brief, asked: AudienceArea | None, why: Message | None) -> Place:
    region = region_of(brief)
    if region is None:
        if asked is not None and why is None:
            why = Message("audience.why_no_region")
        return Place(ReachRegion.IT, AudienceArea.country, None, asked, why)
    return Place(
        ReachRegion.IT, AudienceArea.region, region, asked, why, region_population()[region]
    )


def place_of(country: ReachRegion, asked: AudienceArea | None, brief: Brief) -> Place:
    """Where a persona of `country` asking for `asked` is counted (module docstring, "Places")."""
    if country is not ReachRegion.IT:
        abroad = Message("audience.why_abroad") if asked in LOCAL_KINDS else None
        return Place(country, AudienceArea.country, None, asked, abroad)
    if asked is None:
        return _region_place(brief, None, None)
    if asked is AudienceArea.country:
        return Place(country, AudienceArea.country, None, asked)
    if brief.country != "IT":
        return Place(country, AudienceArea.country, None, asked, Message("audience.why_not_italy"))
    why: Message | None = None
    if asked is AudienceArea.city:
        city = _city(brief)
        if city is not None:
            return Place(country, AudienceArea.city, city.name, asked, None, city.residents)
        why = (
            Message("audience.why_no_city_data", {"city": brief.city.strip()})
            if brief.city.strip()
            else Message("audience.why_no_city")
        )
    if asked in (AudienceArea.city, AudienceArea.province):
        province = _province(brief)
        if province is not None:
            return Place(
                country, AudienceArea.province, province.name, asked, why, province.residents
            )
        if why is None:
            why = (
                Message("audience.why_unknown_province", {"code": brief.province})
                if brief.province
                else Message("audience.why_no_province")
            )
    return _region_place(brief, asked, why)


def persona_weights(personas: Sequence[Persona]) -> list[Decimal]:
    """Each persona's % of the audience, adding up to 100.

    A persona without a share gets an equal part of what the others leave (nothing when
    they take 100 % or more); the shares are then scaled to add up to 100. All zero (or no
    shares left to split): an equal split.
    """
    if not personas:
        return []
    given = sum((p.share for p in personas if p.share is not None), Decimal(0))
    unset = sum(1 for p in personas if p.share is None)
    rest = max(HUNDRED - given, Decimal(0)) / unset if unset else Decimal(0)
    raw = [p.share if p.share is not None else rest for p in personas]
    total = sum(raw, Decimal(0))
    if total == 0:
        return [HUNDRED / len(personas)] * len(personas)
    return [HUNDRED * value / total for value in raw]


@dataclass(frozen=True)
class _Group:
    """Personas living in the same places, counted together (each person once)."""

    places: tuple[Place, ...]
    personas: tuple[Persona, ...]
    weight: Decimal  # % of the audience


def _countries(persona: Persona, audience: Audience) -> list[ReachRegion]:
    return list(dict.fromkeys(persona.countries)) or [audience.region]


def _groups(audience: Audience, brief: Brief) -> list[_Group]:
    """The audience's places in the order personas name them, with their personas and share."""
    if not audience.personas:
        return [_Group((place_of(audience.region, None, brief),), (), HUNDRED)]
    grouped: dict[tuple[tuple[str, str, str], ...], _Group] = {}
    for persona, weight in zip(audience.personas, persona_weights(audience.personas), strict=True):
        places = tuple(place_of(c, persona.area, brief) for c in _countries(persona, audience))
        key = tuple(sorted(p.key for p in places))
        group = grouped.get(key)
        grouped[key] = (
            _Group(places, (persona,), weight)
            if group is None
            else _Group(group.places, (*group.personas, persona), group.weight + weight)
        )
    return list(grouped.values())


# --- reach --------------------------------------------------------------------------------


def _target(personas: Sequence[Persona]) -> dict[int, frozenset[Gender]]:
    """Age -> genders of the target at that age."""
    if not personas:
        return dict.fromkeys(range(ADULTS[0], ADULTS[1] + 1), BOTH_GENDERS)
    cells: dict[int, set[Gender]] = {}
    for persona in personas:
        genders = BOTH_GENDERS if persona.gender is Gender.any else {persona.gender}
        for age in range(persona.age_min, persona.age_max + 1):
            cells.setdefault(age, set()).update(genders)
    return {age: frozenset(genders) for age, genders in sorted(cells.items())}


def _age_group(age: int) -> int:
    """Index in AGE_GROUPS; under-18s take the youngest adult group."""
    return next((i for i, (_, first, last) in enumerate(AGE_GROUPS) if first <= age <= last), 0)


@dataclass(frozen=True)
class _Cell:
    """Residents of the target sharing one band, one gender, one Pew age group."""

    band: PopulationBand
    group: int
    single_gender: bool
    residents: Decimal


def _cells(target: Mapping[int, frozenset[Gender]], bands: Sequence[PopulationBand]) -> list[_Cell]:
    counts: Counter[tuple[PopulationBand, int, bool]] = Counter()
    for age, genders in target.items():
        for band in bands:
            if band.gender in genders and band.age_min <= age <= band.age_max:
                counts[(band, _age_group(age), len(genders) == 1)] += 1
    return [
        _Cell(band, group, single, band.residents.value * years / band.years)
        for (band, group, single), years in counts.items()
    ]


def _odds(share: Decimal) -> Decimal:
    return share / (HUNDRED - share)


def _cell_share(national: Decimal, shape: PlatformShape | None, cell: _Cell) -> Decimal:
    if shape is None:
        return national
    total = _odds(shape.total.value)
    odds = _odds(national) * _odds(shape.by_age[cell.group].value) / total
    if cell.single_gender:
        odds = odds * _odds(shape.gender(cell.band.gender).value) / total
    return HUNDRED * odds / (1 + odds)


def _unique(values: Iterable[SourcedValue]) -> tuple[SourcedValue, ...]:
    return tuple(dict.fromkeys(values))


def _whole(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class AreaEstimate:
    """One platform in one place of the audience: the share of the target there, the people.

    `weight` is the % of the audience the place's personas stand for; `baseline` the share of
    the whole population of those countries using the platform (for affinity).
    """

    places: tuple[Place, ...]
    personas: tuple[str, ...]
    weight: Decimal
    share: Decimal | None
    people: int | None
    target_size: int
    estimated_share: Decimal | None
    baseline: Decimal | None
    nationals: tuple[SourcedValue, ...]
    inputs: tuple[SourcedValue, ...]
    method: str
    reason: str | None = None


@dataclass(frozen=True)
class ReachEstimate:
    """How much of the target one platform reaches, with every figure used.

    `share` is the % of the target on the platform and `people` the number of people (None
    when no data covers the platform, see `reason`). `estimated_share` is the model's value
    even when the manager's override replaced it. `method` and `reason` are i18n keys.
    With personas in several places, `share` is the mean of the places' shares weighted by
    their share of the audience, and `people`, `target_size` and `area` are the main place's
    (the largest share of the audience); `areas` has every place, in the personas' order.
    `baseline` is the whole population's share in the same places, weighted the same way.
    """

    platform: Platform
    share: Decimal | None
    people: int | None
    target_size: int
    overridden: bool
    inputs: tuple[SourcedValue, ...]
    method: str
    reason: str | None = None
    estimated_share: Decimal | None = None
    national_users: SourcedValue | None = None
    area: str | None = None  # the Italian city, province or region of the main place
    areas: tuple[AreaEstimate, ...] = ()
    baseline: SourcedValue | None = None

    @property
    def has_estimates(self) -> bool:
        """Whether any figure behind this estimate is itself an editable estimate."""
        return any(value.estimate for value in self.inputs)


@dataclass(frozen=True)
class _Country:
    """The target's cells in one country of a place, and the factor to the local residents."""

    place: Place
    cells: list[_Cell]
    national_residents: Decimal
    factor: Decimal


def _country_parts(group: _Group) -> list[_Country]:
    target = _target(group.personas)
    parts = []
    for place in group.places:
        cells = _cells(target, population(place.country))
        residents = sum((c.residents for c in cells), Decimal(0))
        factor = Decimal(1)
        if place.residents is not None:
            national_total = sum((v.value for v in region_population().values()), Decimal(0))
            factor = place.residents.value / national_total
        parts.append(_Country(place, cells, residents, factor))
    return parts


def _area_estimate(
    group: _Group, parts: Sequence[_Country], platform: Platform, audience: Audience
) -> AreaEstimate:
    shape = platform_shapes().get(platform.value)
    sizes = [part.national_residents * part.factor for part in parts]
    size = sum(sizes, Decimal(0))
    nationals = [_region_shares(part.place.country).get(platform.value) for part in parts]
    population_inputs = _unique(c.band.residents for part in parts for c in part.cells)
    area_inputs = _unique(p.place.residents for p in parts if p.place.residents is not None)
    inputs: tuple[SourcedValue, ...] = population_inputs + area_inputs
    estimated: Decimal | None = None
    baseline: Decimal | None = None
    method = "audience.method_none"
    reason: str | None = "audience.reason_no_data"
    known = [n for n in nationals if n is not None]
    if len(known) == len(nationals):
        shares = [
            sum((c.residents * _cell_share(n.value, shape, c) for c in part.cells), Decimal(0))
            / part.national_residents
            for part, n in zip(parts, known, strict=True)
        ]
        if len(parts) == 1:
            estimated, baseline = shares[0], known[0].value
        else:
            estimated = sum((w * s for w, s in zip(sizes, shares, strict=True)), Decimal(0)) / size
            baseline = sum((w * n.value for w, n in zip(sizes, known, strict=True)), Decimal(0))
            baseline = baseline / size
        shape_inputs: tuple[SourcedValue, ...] = ()
        if shape is not None:
            cells = [c for part in parts for c in part.cells]
            groups = sorted({c.group for c in cells})
            gendered = sorted({c.band.gender for c in cells if c.single_gender})
            shape_inputs = (
                shape.total,
                *(shape.by_age[g] for g in groups),
                *(shape.gender(g) for g in gendered),
            )
        inputs = _unique((*known, *shape_inputs, *inputs))
        method = "audience.method_odds" if shape is not None else "audience.method_national"
        reason = None
    override = audience.reach_overrides.get(platform)
    share = override if override is not None else estimated
    if override is not None:
        method, reason = "audience.method_override", None
    return AreaEstimate(
        places=group.places,
        personas=tuple(p.name for p in group.personas),
        weight=group.weight,
        share=share,
        people=None if share is None else _whole(size * share / HUNDRED),
        target_size=_whole(size),
        estimated_share=estimated,
        baseline=baseline,
        nationals=tuple(known),
        inputs=inputs,
        method=method,
        reason=reason,
    )


def _weighted(areas: Sequence[AreaEstimate], value: str) -> Decimal | None:
    known = [(a.weight, getattr(a, value)) for a in areas if getattr(a, value) is not None]
    if len(known) == 1:
        return known[0][1]
    weight = sum((w for w, _ in known), Decimal(0))
    if not known or weight == 0:
        return None
    return sum((w * v for w, v in known), Decimal(0)) / weight


def _baseline(areas: Sequence[AreaEstimate]) -> SourcedValue | None:
    """The national share the target is compared with: the row itself when there is one."""
    value = _weighted(areas, "baseline")
    nationals = _unique(n for a in areas if a.baseline is not None for n in a.nationals)
    if value is None or not nationals:
        return None
    if len(nationals) == 1:
        return nationals[0]
    return SourcedValue(
        value=value,
        unit="%",
        source="; ".join(dict.fromkeys(n.source for n in nationals)),
        year=max(n.year for n in nationals),
        region="+".join(dict.fromkeys(n.region for n in nationals)),
        estimate=any(n.estimate for n in nationals),
    )


def estimate_reach(audience: Audience, brief: Brief) -> list[ReachEstimate]:
    """One estimate per platform, in `Platform` order; the model is in the module docstring."""
    groups = _groups(audience, brief)
    parts = [_country_parts(group) for group in groups]
    main = max(range(len(groups)), key=lambda i: (groups[i].weight, -i))
    main_place = groups[main].places[0]
    users = national_users(main_place.country)
    estimates = []
    for platform in Platform:
        areas = tuple(
            _area_estimate(g, p, platform, audience) for g, p in zip(groups, parts, strict=True)
        )
        first = areas[main]
        share = _weighted(areas, "share")
        method = first.method
        if len(areas) > 1 and share is not None and platform not in audience.reach_overrides:
            method = "audience.method_weighted"
        estimates.append(
            ReachEstimate(
                platform=platform,
                share=share,
                people=first.people,
                target_size=first.target_size,
                overridden=platform in audience.reach_overrides,
                inputs=_unique(v for a in (first, *areas) for v in a.inputs),
                method=method,
                reason=None if share is not None else "audience.reason_no_data",
                estimated_share=_weighted(areas, "estimated_share"),
                national_users=users.get(platform.value),
                area=main_place.name if len(first.places) == 1 else None,
                areas=areas,
                baseline=_baseline(areas),
            )
        )
    return estimates


def place_label(places: Sequence[Place], lang: str) -> str:
    """'comune di Bologna', 'Germania e Svizzera': what a place counts, in the reader's language."""
    lang = _language(lang)
    labels = []
    for place in places:
        if place.name is None:
            labels.append(t(f"audience.area_{place.country.value.lower()}", lang))
        else:
            labels.append(t(f"audience.place_{place.kind.value}", lang, name=place.name))
    return _join(labels, lang)


def place_notes(estimates: Sequence[ReachEstimate], lang: str) -> list[str]:
    """One line per place of the audience: what it counts, for whom, and why that area."""
    lang = _language(lang)
    if not estimates:
        return []
    reference = next((e for e in estimates if e.areas and e.share is not None), estimates[0])
    lines = []
    for area in reference.areas:
        why = [render(p.why, lang) for p in area.places if p.why is not None]
        key = "audience.place_line" if area.personas else "audience.place_line_nobody"
        line = t(
            key,
            lang,
            area=place_label(area.places, lang),
            people=fmt_number(area.target_size, lang),
            personas=_join(list(area.personas), lang) if area.personas else "",
            share=fmt_number(area.weight, lang, digits=1),
        )
        lines.append(" ".join([line, *why]))
    return lines


# --- problems -----------------------------------------------------------------------------


def place_problems(audience: Audience, brief: Brief) -> list[FieldProblem]:
    """What in the personas' places cannot be counted as written, at ("personas", i, field).

    Countries that overlap (the world with anything, the EU with a member in data/), an
    area in a province the data lacks, shares of the audience adding up to more than 100 %
    (named on the persona that passes 100).
    """
    problems = []
    running = Decimal(0)
    passed = False
    for i, persona in enumerate(audience.personas):
        countries = set(persona.countries)
        if (ReachRegion.WW in countries and len(countries) > 1) or (
            ReachRegion.EU in countries and countries & EU_MEMBERS
        ):
            problems.append(
                FieldProblem(
                    ("personas", i, "countries"), "errors.countries_overlap", persona=persona.name
                )
            )
        in_italy = ReachRegion.IT in (countries or {audience.region})
        if (
            in_italy
            and persona.area in (AudienceArea.city, AudienceArea.province)
            and brief.province
            and _province(brief) is None
        ):
            problems.append(
                FieldProblem(
                    ("personas", i, "area"),
                    "errors.unknown_province",
                    persona=persona.name,
                    code=brief.province,
                )
            )
        if persona.share is not None:
            running += persona.share
            if running > HUNDRED and not passed:
                passed = True
                problems.append(
                    FieldProblem(
                        ("personas", i, "share"),
                        "errors.shares_over_100",
                        persona=persona.name,
                        total=running,
                    )
                )
    return problems


def keep_countable_places(
    personas: Sequence[Persona], saved: Sequence[Persona], brief: Brief, region: ReachRegion
) -> tuple[list[Persona], list[FieldProblem]]:
    """The personas with overlapping countries and shares over 100 % back at their saved value.

    The problems (`place_problems`) name the persona and the field; what the manager typed
    stays on screen, what is saved stays countable. Later personas' shares are checked
    against the reverted ones.
    """
    kept = list(personas)
    problems = place_problems(Audience(personas=kept, region=region), brief)
    for problem in problems:
        _, i, field = problem.loc
        if field not in ("countries", "share") or not isinstance(i, int):
            continue
        before = saved[i] if i < len(saved) else Persona(name=kept[i].name)
        kept[i] = kept[i].model_copy(update={field: getattr(before, field)})
    if any(p.loc[2] == "share" for p in problems):
        still = place_problems(Audience(personas=kept, region=region), brief)
        for problem in still:
            if problem.loc[2] == "share" and isinstance(problem.loc[1], int):
                i = problem.loc[1]
                kept[i] = kept[i].model_copy(update={"share": None})
    return kept, problems


# --- personas -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _templates() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        (DATA_DIR / "persona_templates.json").read_text(encoding="utf-8")
    )
    return document


def _language(lang: str | None) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def persona_templates(kind: str | None, sector: str, lang: str) -> list[Persona]:
    """Starting personas for a client: by sector if there is a template, else by client kind.

    Without a matching sector or kind, the company template. New objects on every call.
    """
    document = _templates()
    entry = (
        document["by_sector"].get(sector)
        or document["by_kind"].get(kind or "")
        or document["by_kind"][ClientKind.company.value]
    )
    return [Persona.model_validate(persona) for persona in entry[_language(lang)]]


def persona_template_note(lang: str) -> str:
    """What the templates are: editorial starting points, not statistics."""
    document = _templates()
    return str(document["note"][_language(lang)])


def move_persona(personas: Sequence[Persona], index: int, offset: int) -> list[Persona]:
    """The personas with the one at `index` moved by `offset` places (clamped to the ends)."""
    if not 0 <= index < len(personas):
        raise IndexError(f"no persona at {index}")
    moved = list(personas)
    persona = moved.pop(index)
    moved.insert(min(max(index + offset, 0), len(moved)), persona)
    return moved


# --- summary ------------------------------------------------------------------------------


def source_labels(values: Iterable[SourcedValue]) -> list[str]:
    """Short citations, e.g. ['We Are Social / Meltwater 2025', 'Pew Research Center 2024/2025']."""
    years: dict[str, set[int]] = {}
    for value in values:
        years.setdefault(value.source.split(",")[0].strip(), set()).add(value.year)
    return [f"{name} {'/'.join(str(y) for y in sorted(ys))}" for name, ys in years.items()]


def _join(items: Sequence[str], lang: str) -> str:
    return format_list(list(items), locale=LOCALES[lang])


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _main_interests(personas: Sequence[Persona], limit: int) -> list[str]:
    """Interests shared by most personas first, then taking each persona's in turn."""
    counts: Counter[str] = Counter()
    first: dict[str, tuple[int, int, str]] = {}
    for index, persona in enumerate(personas):
        for position, interest in enumerate(dict.fromkeys(persona.interests)):
            key = interest.casefold()
            counts[key] += 1
            first.setdefault(key, (position, index, interest))
    ranked = sorted(counts, key=lambda key: (-counts[key], first[key][:2]))
    return [first[key][2] for key in ranked[:limit]]


def _persona_sentence(persona: Persona, lang: str) -> str:
    who = [t("audience.age_band", lang, min=persona.age_min, max=persona.age_max)]
    if persona.gender is not Gender.any:
        who.append(_lower_first(t(f"genders.{persona.gender.value}", lang)))
    habits = []
    if persona.platforms:
        labels = [t(f"platforms.{p.value}", lang) for p in persona.platforms]
        habits.append(_join(labels, lang))
    if persona.online_moments:
        moments = sorted(persona.online_moments, key=list(DayMoment).index)
        labels = [_lower_first(t(f"moments.{m.value}", lang)) for m in moments]
        habits.append(t("audience.summary_online", lang, moments=_join(labels, lang)))
    if not habits:
        return t("audience.summary_persona_plain", lang, name=persona.name, who=", ".join(who))
    return t(
        "audience.summary_persona",
        lang,
        name=persona.name,
        who=", ".join(who),
        habits="; ".join(habits),
    )


def _persona_sentences(personas: Sequence[Persona], lang: str) -> list[str]:
    key = "audience.summary_personas_one" if len(personas) == 1 else "audience.summary_personas"
    sentences = [t(key, lang, count=len(personas))]
    sentences += [_persona_sentence(persona, lang) for persona in personas]
    interests = _main_interests(personas, 5)
    if interests:
        sentences.append(t("audience.summary_interests", lang, interests=_join(interests, lang)))
    return sentences


Row = tuple[Platform, int | None, Decimal | None]  # platform, people, share


def _top(rows: Sequence[Row]) -> list[Row]:
    """The platforms reaching the most people, most first."""
    platform_order = list(Platform)
    reached = [row for row in rows if row[1] is not None and row[2] is not None]
    top = sorted(reached, key=lambda row: (-(row[1] or 0), platform_order.index(row[0])))
    return top[:TOP_PLATFORMS]


def _platform_items(top: Sequence[Row], lang: str) -> list[str]:
    """ "Instagram (about 1,000 people, 75%)" items."""
    return [
        t(
            "audience.summary_platform_item",
            lang,
            platform=t(f"platforms.{platform.value}", lang),
            people=fmt_number(round(people or 0, -3), lang),
            share=fmt_number(share or 0, lang),
        )
        for platform, people, share in top
    ]


def _reach_sentences(
    audience: Audience, brief: Brief, estimates: Sequence[ReachEstimate], lang: str
) -> list[str]:
    areas = estimates[0].areas if estimates else ()
    tops = [_top([(e.platform, e.people, e.share) for e in estimates])]
    if len(areas) > 1:
        tops = [
            _top([(e.platform, e.areas[i].people, e.areas[i].share) for e in estimates])
            for i in range(len(areas))
        ]
    if not any(tops):
        return [t("audience.summary_no_reach", lang)]
    named = {row[0] for top in tops for row in top}
    used = [e for e in estimates if e.platform in named]
    inputs = [value for e in used if not e.overridden for value in e.inputs]
    sources = t("audience.summary_sources", lang, sources=_join(source_labels(inputs), lang))
    if len(areas) > 1:
        parts = []
        for area, top in zip(areas, tops, strict=True):
            if not top:
                continue
            parts.append(
                t(
                    "audience.summary_area_item",
                    lang,
                    area=place_label(area.places, lang),
                    share=fmt_number(round(area.weight), lang),
                    target=fmt_number(round(area.target_size, -3), lang),
                    platforms=_join(_platform_items(top, lang), lang),
                )
            )
        sentence = t(
            "audience.summary_areas",
            lang,
            count=len(areas),
            sources=sources,
            areas="; ".join(parts),
        )
    else:
        target = estimates[0].target_size
        sentence = t(
            "audience.summary_reach",
            lang,
            area=place_label(areas[0].places, lang) if areas else "",
            target=fmt_number(round(target, -3), lang),
            platforms=_join(_platform_items(tops[0], lang), lang),
            sources=sources,
        )
    sentences = [sentence]
    overridden = [t(f"platforms.{e.platform.value}", lang) for e in used if e.overridden]
    if overridden:
        sentences.append(t("audience.summary_overrides", lang, platforms=_join(overridden, lang)))
    if any(value.estimate for value in inputs):
        sentences.append(t("audience.summary_estimates", lang))
    return sentences


def summarize_audience(
    audience: Audience, brief: Brief, estimates: Sequence[ReachEstimate], lang: str
) -> str:
    """A paragraph on who the audience is and where to reach it, naming the sources.

    Built from the personas (ages, interests, platforms, online moments) and the platforms
    with the most people of the target in `estimates`; the same inputs give the same text.
    """
    lang = _language(lang)
    if audience.personas:
        sentences = _persona_sentences(audience.personas, lang)
    else:
        sentences = [t("audience.summary_no_personas", lang, min=ADULTS[0], max=ADULTS[1])]
    sentences += _reach_sentences(audience, brief, estimates, lang)
    return " ".join(sentences)
