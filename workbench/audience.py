"""Audience: persona templates, the target's reach on each platform, the audience summary.

Reach model (`estimate_reach`), every figure from data/ with its source and year:

- Target: the union of the personas' (age, gender) cells, ages 13-100; a persona of any
  gender covers women and men. Without personas: adults 18-65, women and men.
- Target size: residents of those cells in the reach region (population.csv; within a band
  residents are spread evenly over its years). In Italy, when the brief names a region (or a
  province), the size is scaled by that region's share of the national residents
  (it_region_population.csv).
- National share N of a platform: Italy, We Are Social / Meltwater share of internet users
  aged 16-64 using it monthly (chosen over Audiweb users / population because it covers every
  platform with one definition; the Audiweb monthly users are returned alongside as
  `national_users`, for comparison). United States, Pew share of adults. Italian shares
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

from .i18n import DEFAULT_LANGUAGE, LANGUAGES, LOCALES, fmt_number, t
from .models import Audience, Brief, ClientKind, DayMoment, Gender, Persona, Platform, ReachRegion
from .reference import DATA_DIR, SourcedValue, provinces, read_csv

__all__ = [
    "ADULTS",
    "AGE_GROUPS",
    "PlatformShape",
    "PopulationBand",
    "ReachEstimate",
    "ReachFigure",
    "estimate_reach",
    "move_persona",
    "national_shares",
    "national_users",
    "persona_template_note",
    "persona_templates",
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
SHARE_METRICS = {
    ReachRegion.IT: "share_internet_users_16_64",
    ReachRegion.US: "share_adults",
}
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


@dataclass(frozen=True)
class ReachEstimate:
    """How much of the target one platform reaches, with every figure used.

    `share` is the % of the target on the platform and `people` the number of people (None
    when no data covers the platform, see `reason`). `estimated_share` is the model's value
    even when the manager's override replaced it. `method` and `reason` are i18n keys.
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
    area: str | None = None  # the Italian region the target was scaled to

    @property
    def has_estimates(self) -> bool:
        """Whether any figure behind this estimate is itself an editable estimate."""
        return any(value.estimate for value in self.inputs)


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


@lru_cache(maxsize=len(ReachRegion))
def national_shares(region: ReachRegion) -> Mapping[str, SourcedValue]:
    """Platform code -> % of the region's base (see SHARE_METRICS) using it."""
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


def region_of(brief: Brief) -> str | None:
    """The Italian region the brief points to: its region if known, else its province's."""
    if brief.country != "IT":
        return None
    known = {name.casefold(): name for name in region_population()}
    if brief.region and brief.region.strip().casefold() in known:
        return known[brief.region.strip().casefold()]
    by_code = {p.code: p.region for p in provinces()}
    return by_code.get(brief.province)


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


def estimate_reach(audience: Audience, brief: Brief) -> list[ReachEstimate]:
    """One estimate per platform, in `Platform` order; the model is in the module docstring."""
    region = audience.region
    cells = _cells(_target(audience.personas), population(region))
    national_residents = sum((c.residents for c in cells), Decimal(0))
    residents = national_residents
    population_inputs = _unique(c.band.residents for c in cells)

    area = region_of(brief) if region is ReachRegion.IT else None
    area_inputs: tuple[SourcedValue, ...] = ()
    if area is not None:
        regional = region_population()
        national_total = sum((v.value for v in regional.values()), Decimal(0))
        residents = national_residents * regional[area].value / national_total
        area_inputs = (regional[area],)
    target_size = _whole(residents)

    shares, shapes, users = national_shares(region), platform_shapes(), national_users(region)
    estimates = []
    for platform in Platform:
        national = shares.get(platform.value)
        shape = shapes.get(platform.value)
        estimated: Decimal | None = None
        inputs: tuple[SourcedValue, ...] = population_inputs + area_inputs
        method = "audience.method_none"
        reason: str | None = "audience.reason_no_data"
        if national is not None:
            people = sum(
                (c.residents * _cell_share(national.value, shape, c) for c in cells), Decimal(0)
            )
            estimated = people / national_residents
            groups = sorted({c.group for c in cells})
            shape_inputs: tuple[SourcedValue, ...] = ()
            if shape is not None:
                gendered = sorted({c.band.gender for c in cells if c.single_gender})
                shape_inputs = (
                    shape.total,
                    *(shape.by_age[g] for g in groups),
                    *(shape.gender(g) for g in gendered),
                )
            inputs = _unique((national, *shape_inputs, *inputs))
            method = "audience.method_odds" if shape is not None else "audience.method_national"
            reason = None
        override = audience.reach_overrides.get(platform)
        share = override if override is not None else estimated
        if override is not None:
            method, reason = "audience.method_override", None
        estimates.append(
            ReachEstimate(
                platform=platform,
                share=share,
                people=None if share is None else _whole(residents * share / HUNDRED),
                target_size=target_size,
                overridden=override is not None,
                inputs=inputs,
                method=method,
                reason=reason,
                estimated_share=estimated,
                national_users=users.get(platform.value),
                area=area,
            )
        )
    return estimates


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


def _reach_sentences(
    audience: Audience, brief: Brief, estimates: Sequence[ReachEstimate], lang: str
) -> list[str]:
    platform_order = list(Platform)
    reached = [e for e in estimates if e.people is not None and e.share is not None]
    top = sorted(reached, key=lambda e: (-(e.people or 0), platform_order.index(e.platform)))
    top = top[:TOP_PLATFORMS]
    if not top:
        return [t("audience.summary_no_reach", lang)]
    items = [
        t(
            "audience.summary_platform_item",
            lang,
            platform=t(f"platforms.{e.platform.value}", lang),
            people=fmt_number(round(e.people or 0, -3), lang),
            share=fmt_number(e.share or 0, lang),
        )
        for e in top
    ]
    region = region_of(brief) if audience.region is ReachRegion.IT else None
    area = region or t(f"audience.area_{audience.region.value.lower()}", lang)
    inputs = [value for e in top if not e.overridden for value in e.inputs]
    sources = t("audience.summary_sources", lang, sources=_join(source_labels(inputs), lang))
    sentences = [
        t(
            "audience.summary_reach",
            lang,
            area=area,
            target=fmt_number(round(top[0].target_size, -3), lang),
            platforms=_join(items, lang),
            sources=sources,
        )
    ]
    overridden = [t(f"platforms.{e.platform.value}", lang) for e in top if e.overridden]
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
