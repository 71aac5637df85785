from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy.engine import Engine

from tests.conftest import make_brief
from workbench.audience.personas import (
    AGE_GROUPS,
    ReachEstimate,
    estimate_reach,
    keep_countable_places,
    local_population,
    move_persona,
    national_shares,
    national_users,
    persona_template_note,
    persona_templates,
    persona_weights,
    place_notes,
    platform_shapes,
    population,
    reach_figures,
    region_population,
    source_labels,
    summarize_audience,
)
from workbench.db import read_session, write_session
from workbench.demo import create_demo_client
from workbench.i18n import catalogue, describe_problem, t
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
from workbench.platforms import score_platforms
from workbench.reference import provinces as reference_provinces
from workbench.reference import regions
from workbench.strategy import load_strategy
from workbench.validation import merge_valid_fields

TEMPLATE_SECTORS = (
    "food_retail",
    "restaurant",
    "fashion",
    "beauty",
    "professional_services",
    "b2b_industry",
    "technology",
    "hospitality",
    "culture_arts",
    "music_entertainment",
    "events",
    "sport_fitness",
    "education",
    "nonprofit",
    "retail",
)
NATIONAL = Brief()  # no Italian region: national figures


def persona(age_min: int, age_max: int, gender: str = "any", **fields: object) -> Persona:
    return Persona.model_validate(
        {"name": f"{gender} {age_min}-{age_max}", "age_min": age_min, "age_max": age_max}
        | {"gender": gender, **fields}
    )


def young_women(**audience: object) -> Audience:
    return Audience.model_validate({"personas": [persona(18, 29, "female")], **audience})


def by_platform(audience: Audience, brief: Brief = NATIONAL) -> dict[Platform, ReachEstimate]:
    return {e.platform: e for e in estimate_reach(audience, brief)}


def odds(share: int | str) -> Decimal:
    return Decimal(share) / (100 - Decimal(share))


def from_odds(value: Decimal) -> Decimal:
    return 100 * value / (1 + value)


# --- the estimate -------------------------------------------------------------------------


def test_women_18_29_in_italy_on_instagram_match_the_hand_computation() -> None:
    instagram = by_platform(young_women())[Platform.instagram]
    # We Are Social IT 75 %; Pew Instagram: all adults 47, ages 18-29 78, women 55.
    expected = from_odds(odds(75) * odds(78) / odds(47) * odds(55) / odds(47))
    assert abs(instagram.share - expected) < Decimal("1e-20")
    assert instagram.share.quantize(Decimal("0.01")) == Decimal("94.30")
    # ISTAT women 18-24 (1,989,000) and half of women 25-34 (3,026,000 / 2).
    assert instagram.target_size == 3_502_000
    assert instagram.people == 3_302_240
    assert instagram.method == "audience.method_odds" and not instagram.overridden


def test_a_band_across_two_pew_groups_weights_them_by_residents() -> None:
    facebook = by_platform(Audience(personas=[persona(25, 34, "male")]))[Platform.facebook]
    # Men 25-34: ages 25-29 in Pew's 18-29 group, 30-34 in 30-49; equal residents each.
    men = odds(59) / odds(68)
    young = from_odds(odds(75) * odds(67) / odds(68) * men)
    older = from_odds(odds(75) * odds(75) / odds(68) * men)
    assert abs(facebook.share - (young + older) / 2) < Decimal("1e-20")
    assert facebook.target_size == 3_124_000


def test_switching_to_us_uses_pew_totals_and_census_residents() -> None:
    estimates = by_platform(young_women(region="US"))
    instagram = estimates[Platform.instagram]
    expected = from_odds(odds(50) * odds(78) / odds(47) * odds(55) / odds(47))
    assert abs(instagram.share - expected) < Decimal("1e-20")
    # Census women 18-24 (15,110,000) and half of women 25-34 (22,580,000 / 2).
    assert instagram.target_size == 26_400_000
    sources = {value.source for value in instagram.inputs}
    assert any("Census" in s for s in sources) and not any("ISTAT" in s for s in sources)
    assert instagram.national_users is None
    telegram = estimates[Platform.telegram]
    assert (telegram.share, telegram.people) == (None, None)
    assert telegram.reason == "audience.reason_no_data"


def test_an_override_replaces_the_share_of_that_platform_only() -> None:
    plain = by_platform(young_women())
    changed = by_platform(young_women(reach_overrides={"instagram": "12.5"}))
    instagram = changed[Platform.instagram]
    assert instagram.share == Decimal("12.5") and instagram.overridden
    assert instagram.people == 437_750  # 3,502,000 x 12.5 %
    assert instagram.estimated_share == plain[Platform.instagram].share
    assert instagram.method == "audience.method_override"
    assert changed[Platform.facebook] == plain[Platform.facebook]


def test_an_override_fills_a_platform_without_data() -> None:
    telegram = by_platform(young_women(region="US", reach_overrides={"telegram": 10}))[
        Platform.telegram
    ]
    assert telegram.share == 10 and telegram.people == 2_640_000 and telegram.reason is None


def test_without_personas_the_target_is_adults_18_to_65() -> None:
    estimates = estimate_reach(Audience(), NATIONAL)
    # ISTAT 18-64 both genders (35,652,000) plus age 65: a tenth of 65-74 (7,150,000).
    assert {e.target_size for e in estimates} == {36_367_000}
    assert all(e.share is not None for e in estimates)


def test_overlapping_personas_count_each_person_once() -> None:
    one = by_platform(Audience(personas=[persona(18, 29, "female")]))
    twice = by_platform(Audience(personas=[persona(18, 29, "female"), persona(20, 25, "female")]))
    assert twice[Platform.tiktok].target_size == one[Platform.tiktok].target_size
    mixed = by_platform(Audience(personas=[persona(18, 29, "female"), persona(18, 29, "male")]))
    both = by_platform(Audience(personas=[persona(18, 29)]))
    # The same figures; only the names of the personas behind them differ.
    assert replace(mixed[Platform.tiktok], areas=()) == replace(both[Platform.tiktok], areas=())
    # Both genders at those ages: no gender index, so the share sits between men and women.
    men = by_platform(Audience(personas=[persona(18, 29, "male")]))
    assert men[Platform.tiktok].share < both[Platform.tiktok].share < one[Platform.tiktok].share


@pytest.mark.parametrize(
    "brief",
    [
        make_brief(region="Emilia-Romagna", province="BO"),
        make_brief(region="", province="BO"),
        make_brief(region="emilia-romagna ", province=""),
    ],
)
def test_an_italian_region_scales_the_target_not_the_share(brief: Brief) -> None:
    national = by_platform(young_women())[Platform.instagram]
    regional = by_platform(young_women(), brief)[Platform.instagram]
    # ISTAT: Emilia-Romagna 4,465,000 of 58,943,000 residents.
    size = Decimal(3_502_000) * 4_465_000 / 58_943_000
    assert regional.target_size == round(size) == 265_281
    assert regional.share == national.share and regional.area == "Emilia-Romagna"
    assert regional.people == round(size * regional.share / 100)
    assert any("regione Emilia-Romagna" in value.note for value in regional.inputs)


@pytest.mark.parametrize(
    ("brief", "region"),
    [
        (make_brief(region="Atlantide", province=""), "IT"),
        (make_brief(country="FR", region="Emilia-Romagna", province=""), "IT"),
        (make_brief(region="Emilia-Romagna", province="BO"), "US"),
    ],
)
def test_no_scaling_outside_a_known_italian_region(brief: Brief, region: str) -> None:
    scaled = by_platform(young_women(region=region), brief)[Platform.facebook]
    national = by_platform(young_women(region=region))[Platform.facebook]
    assert scaled == national and scaled.area is None


def test_every_estimate_names_the_source_and_year_of_each_input() -> None:
    brief = make_brief(region="Lazio", province="RM")
    for region in ReachRegion:
        for estimate in estimate_reach(young_women(region=region), brief):
            assert estimate.inputs
            assert all(v.source and 2020 <= v.year <= 2026 for v in estimate.inputs)
            assert all(v.region in {"IT", "US", region.value} for v in estimate.inputs)
            if estimate.share is not None:
                national = national_shares(region)[estimate.platform.value]
                assert estimate.inputs[0] == national
    italy = by_platform(young_women())
    assert italy[Platform.facebook].national_users.value == 35_950_000
    assert italy[Platform.youtube].has_estimates  # the YouTube share is an editable estimate


@pytest.mark.parametrize("region", list(ReachRegion))
@pytest.mark.parametrize(
    "personas",
    [
        [persona(13, 17, "female")],
        [persona(13, 100)],
        [persona(65, 100, "male"), persona(18, 22, "female")],
        [persona(30, 30, "female"), persona(30, 30, "male")],
        [persona(22, 30, "female"), persona(40, 55)],
    ],
)
def test_estimates_stay_within_100_percent_and_the_target(
    personas: list[Persona], region: ReachRegion
) -> None:
    for estimate in estimate_reach(Audience(personas=personas, region=region), NATIONAL):
        if estimate.share is None:
            continue
        assert 0 <= estimate.share <= 100
        assert 0 <= (estimate.people or 0) <= estimate.target_size


def test_reach_data_has_a_source_year_and_region_for_every_row() -> None:
    for figure in reach_figures():
        value = figure.figure
        assert value.source and value.year >= 2024 and value.region in set(ReachRegion)
        assert value.note
        if value.estimate:
            assert "stima modificabile" in value.note
    assert {p.value for p in Platform} <= set(national_shares(ReachRegion.IT))
    assert {p.value for p in Platform} - set(national_shares(ReachRegion.US)) == {"telegram"}
    for region in set(ReachRegion) - {ReachRegion.US}:
        assert {p.value for p in Platform} <= set(national_shares(region)), region
    assert set(national_users(ReachRegion.IT)) == {"facebook", "instagram", "tiktok"}


def test_pew_shape_and_population_are_complete_and_labelled() -> None:
    for shape in platform_shapes().values():
        assert len(shape.by_age) == len(AGE_GROUPS)
        for value in (shape.total, *shape.by_age, shape.women, shape.men):
            assert value.region == "US" and "Pew" in value.source
    assert {"facebook", "instagram", "tiktok", "youtube"} <= set(platform_shapes())
    for region in ReachRegion:
        bands = population(region)
        assert {b.gender for b in bands} == {Gender.female, Gender.male}
        assert all(b.residents.source and b.residents.year >= 2024 for b in bands)
    assert set(region_population()) == set(regions())


# --- personas -----------------------------------------------------------------------------


def _filled(p: Persona) -> bool:
    texts = (p.name, p.location, p.occupation, p.lifestyle, p.wants, p.tone)
    lists = (p.interests, p.needs, p.objections, p.platforms, p.online_moments)
    return all(texts) and all(lists)


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize(
    ("kind", "sector"),
    [(None, s) for s in TEMPLATE_SECTORS] + [(k.value, "") for k in ClientKind],
)
def test_templates_exist_for_every_sector_and_kind_in_both_languages(
    kind: str | None, sector: str, lang: str
) -> None:
    personas = persona_templates(kind, sector, lang)
    assert 2 <= len(personas) <= 3
    assert all(_filled(p) for p in personas)
    other = persona_templates(kind, sector, "en" if lang == "it" else "it")
    assert [p.name for p in personas] != [p.name for p in other]
    assert [(p.age_min, p.platforms) for p in personas] == [(p.age_min, p.platforms) for p in other]


def test_the_sector_template_wins_over_the_kind_and_the_kind_over_the_default() -> None:
    bakery = persona_templates("artist", "food_retail", "it")
    assert bakery[0].name == "Mamma organizzata"
    assert persona_templates("artist", "health", "it") == persona_templates("artist", "", "it")
    assert persona_templates("artist", "", "it") != persona_templates("company", "", "it")
    assert persona_templates(None, "other", "it") == persona_templates("company", "", "it")
    assert "non statistiche" in persona_template_note("it")
    assert "not statistics" in persona_template_note("en")


def test_templates_are_fresh_objects_the_page_can_edit() -> None:
    first = persona_templates("company", "restaurant", "it")
    first[0].name = "Modificata"
    assert persona_templates("company", "restaurant", "it")[0].name != "Modificata"


def test_move_persona_reorders_and_clamps() -> None:
    a, b, c = persona(20, 30), persona(31, 40), persona(41, 50)
    assert move_persona([a, b, c], 2, -1) == [a, c, b]
    assert move_persona([a, b, c], 0, 5) == [b, c, a]
    assert move_persona([a, b, c], 0, -1) == [a, b, c]
    with pytest.raises(IndexError):
        move_persona([a], 1, 1)


# --- summary ------------------------------------------------------------------------------


def _bakery() -> tuple[Audience, Brief]:
    brief = make_brief(kind="company", sector="food_retail", region="Emilia-Romagna", province="BO")
    return Audience(personas=persona_templates("company", "food_retail", "it")), brief


def test_the_summary_names_personas_top_platforms_and_sources() -> None:
    audience, brief = _bakery()
    estimates = estimate_reach(audience, brief)
    text = summarize_audience(audience, brief, estimates, "it")
    top = max(estimates, key=lambda e: e.people or 0)
    reach = text[text.index("Nel target") :]
    assert reach.split(" sono ")[1].startswith(t(f"platforms.{top.platform.value}", "it"))
    assert "We Are Social / Meltwater 2025" in text and "Pew Research Center 2024" in text
    assert "ISTAT 2025" in text and "Emilia-Romagna" in text
    assert "Mamma organizzata, 32-45 anni, donne: Instagram, Facebook e Canali WhatsApp;" in text
    assert "online: pausa pranzo (12-14) e sera (18-22)." in text
    assert "Studente goloso, 19-27 anni: Instagram e TikTok;" in text
    assert "Interessi principali: feste di compleanno, colazione, tradizione," in text
    assert "stime modificabili" in text
    assert text == summarize_audience(audience, brief, estimates, "it")


def test_shared_interests_come_first_then_each_persona_in_turn() -> None:
    audience = Audience(
        personas=[
            persona(20, 30, interests=["dolci", "caffè"]),
            persona(30, 40, interests=["musica", "Dolci"]),
            persona(40, 50, interests=["sport"]),
        ]
    )
    text = summarize_audience(audience, NATIONAL, [], "it")
    assert "Interessi principali: dolci, musica, sport e caffè." in text


def test_the_summary_follows_the_language_and_the_overrides() -> None:
    audience, brief = _bakery()
    audience = audience.model_copy(update={"reach_overrides": {Platform.tiktok: Decimal(99)}})
    estimates = estimate_reach(audience, brief)
    text = summarize_audience(audience, brief, estimates, "en")
    assert "people" in text and "persone" not in text
    assert "The shares of TikTok were set by the manager." in text
    assert "(about 1,834,000 people, 99%)" in text  # 99 % of the Emilia-Romagna target


def test_the_summary_without_personas_or_data() -> None:
    empty = Audience(region="US")
    text = summarize_audience(empty, NATIONAL, estimate_reach(empty, NATIONAL), "it")
    assert text.startswith("Non ci sono ancora profili")
    assert "Stati Uniti" in text and "U.S. Census Bureau 2024" in text
    assert "Pew Research Center 2024/2025" in text
    assert "dati di copertura" in summarize_audience(empty, NATIONAL, [], "it")


def test_source_labels_group_years_by_source() -> None:
    estimates = estimate_reach(Audience(region="US"), NATIONAL)
    labels = source_labels(v for e in estimates for v in e.inputs)
    assert labels == ["Pew Research Center 2024/2025", "U.S. Census Bureau 2024"]


def test_every_label_the_audience_step_needs_is_translated() -> None:
    keys = [f"moments.{m.value}" for m in DayMoment] + [f"genders.{g.value}" for g in Gender]
    keys += [f"audience.area_{r.value.lower()}" for r in ReachRegion]
    keys += ["audience.method_odds", "audience.method_national", "audience.method_override"]
    keys += ["audience.method_none", "audience.reason_no_data", "audience.editable_estimate"]
    for lang in ("it", "en"):
        assert [k for k in keys if k not in catalogue(lang)] == []


# --- demo ---------------------------------------------------------------------------------


def test_the_demo_client_has_three_personas_and_a_sourced_summary(
    sqlite_engine: Engine,
) -> None:
    with write_session(sqlite_engine) as session:
        demo = create_demo_client(session)
    assert demo.id is not None
    with read_session(sqlite_engine) as session:
        strategy = load_strategy(session, demo.id)
    audience = strategy.audience
    assert len(audience.personas) >= 3 and all(_filled(p) for p in audience.personas)
    assert audience.region is ReachRegion.IT and not audience.reach_overrides
    assert strategy.steps_done()["audience"]
    estimates = estimate_reach(audience, strategy.brief)
    top = max(estimates, key=lambda e: e.people or 0)
    assert t(f"platforms.{top.platform.value}", "it") in audience.summary
    assert "comune di Bologna" in audience.summary and "We Are Social" in audience.summary


# --- places: city, province, abroad, shares -------------------------------------------------

BOLOGNA = make_brief(region="Emilia-Romagna", province="BO", city="Bologna")


def national_total() -> Decimal:
    return sum((v.value for v in region_population().values()), Decimal(0))


def local(kind: str, name: str) -> Decimal:
    return next(a.residents.value for a in local_population() if (a.kind, a.name) == (kind, name))


def test_the_demo_counts_the_city_of_bologna_from_the_data(sqlite_engine: Engine) -> None:
    with write_session(sqlite_engine) as session:
        demo = create_demo_client(session)
    with read_session(sqlite_engine) as session:
        strategy = load_strategy(session, demo.id)
    estimates = estimate_reach(strategy.audience, strategy.brief)
    # National residents of the personas' ages and genders, scaled to Bologna's residents.
    national = estimate_reach(
        strategy.audience.model_copy(
            update={
                "personas": [
                    p.model_copy(update={"area": AudienceArea.country})
                    for p in strategy.audience.personas
                ]
            }
        ),
        strategy.brief,
    )[0].target_size
    assert local("city", "Bologna") == 391_000
    expected = Decimal(national) * 391_000 / national_total()
    assert {e.target_size for e in estimates} == {round(expected)} == {157_867}
    assert {e.area for e in estimates} == {"Bologna"}
    place = estimates[0].areas[0].places[0]
    assert (place.kind, place.name, place.why) == (AudienceArea.city, "Bologna", None)
    assert "comune di Bologna" in strategy.audience.summary
    assert "comune di Bologna" in place_notes(estimates, "it")[0]


@pytest.mark.parametrize(
    ("brief", "counted", "name", "why"),
    [
        (
            make_brief(province="BO", city="Imola"),
            AudienceArea.province,
            "Bologna",
            "why_no_city_data",
        ),
        (make_brief(province="BO", city=""), AudienceArea.province, "Bologna", "why_no_city"),
        (
            make_brief(region="Toscana", province="ZZ", city="Montalcino"),
            AudienceArea.region,
            "Toscana",
            "why_no_city_data",
        ),
        (make_brief(region="", province="", city=""), AudienceArea.country, None, "why_no_city"),
    ],
)
def test_a_city_the_data_lacks_falls_back_to_the_nearest_area_and_says_why(
    brief: Brief, counted: AudienceArea, name: str | None, why: str
) -> None:
    audience = Audience(personas=[persona(30, 60, area="city")])
    area = estimate_reach(audience, brief)[0].areas[0]
    place = area.places[0]
    assert (place.kind, place.name) == (counted, name)
    assert place.why is not None and place.why.key == f"audience.{why}"
    assert place_notes(estimate_reach(audience, brief), "en")[0].endswith("is counted.")


def test_a_province_persona_counts_the_province_residents() -> None:
    regional = by_platform(young_women(), BOLOGNA)[Platform.instagram]
    audience = Audience(personas=[persona(18, 29, "female", area="province")])
    province = by_platform(audience, BOLOGNA)[Platform.instagram]
    # ISTAT: the province of Bologna 1,020,000 of 58,943,000 residents.
    assert province.target_size == round(Decimal(3_502_000) * 1_020_000 / national_total())
    assert province.target_size == 60_602
    assert province.share == regional.share and province.area == "Bologna"


def dach(share: int | None = 70) -> Persona:
    return persona(35, 65, countries=["DE", "CH"], share=share)


def test_a_main_persona_in_germany_and_switzerland_ranks_and_counts_with_their_figures() -> None:
    audience = Audience(personas=[dach(), persona(30, 50, share=30)])
    brief = make_brief(region="Toscana", province="SI", city="Montalcino")
    instagram = by_platform(audience, brief)[Platform.instagram]
    abroad, italy = instagram.areas
    # Residents 35-65 in each country (population.csv) and each country's share.
    shape = platform_shapes()["instagram"]
    people, size, baseline = Decimal(0), Decimal(0), Decimal(0)
    for code in ("DE", "CH"):
        national = national_shares(ReachRegion(code))["instagram"].value
        for band in population(ReachRegion(code)):
            for age in range(max(band.age_min, 35), min(band.age_max, 65) + 1):
                group = 1 if age <= 49 else 2 if age <= 64 else 3
                cell = from_odds(
                    odds(national) * odds(shape.by_age[group].value) / odds(shape.total.value)
                )
                residents = band.residents.value / band.years
                people += residents * cell / 100
                size += residents
                baseline += residents * national
    assert abroad.target_size == round(size) and abroad.weight == 70
    assert abs(abroad.share - people / size * 100) < Decimal("1e-18")
    assert instagram.people == abroad.people and instagram.target_size == abroad.target_size
    assert abs(instagram.share - (70 * abroad.share + 30 * italy.share) / 100) < Decimal("1e-18")
    weighted = (70 * baseline / size + 30 * 75) / 100
    assert abs(national_shares(audience, brief)["instagram"].value - weighted) < Decimal("1e-18")
    assert instagram.method == "audience.method_weighted"
    assert {v.region for v in instagram.inputs} >= {"DE", "CH", "IT", "US"}
    # The ranking uses the same share and baseline: its audience factor says so.
    score = next(s for s in score_platforms(brief, audience) if s.platform is Platform.instagram)
    factor = next(f for f in score.factors if f.name == "audience")
    ratio = instagram.share / weighted
    affinity = min(max(Decimal("0.5") + ratio - 1, Decimal(0)), Decimal(1))
    # No persona names a platform: reach (0.3) and affinity (0.4) renormalised.
    expected = (Decimal("0.3") * instagram.share / 100 + Decimal("0.4") * affinity) / Decimal("0.7")
    assert abs(factor.value - expected) < Decimal("0.01")
    italian = next(
        s
        for s in score_platforms(brief, Audience(personas=[persona(35, 65), persona(30, 50)]))
        if s.platform is Platform.instagram
    )
    assert next(f for f in italian.factors if f.name == "audience").value != factor.value


def test_areas_are_counted_apart_and_the_summary_names_them() -> None:
    audience = Audience(
        personas=[
            persona(30, 45, "female", area="city", share=50),
            persona(20, 30, area="region"),
            dach(share=None),
        ]
    )
    estimates = estimate_reach(audience, BOLOGNA)
    areas = estimates[0].areas
    assert [a.weight for a in areas] == [50, 25, 25]
    assert [a.places[0].kind for a in areas] == [
        AudienceArea.city,
        AudienceArea.region,
        AudienceArea.country,
    ]
    # Totals stay per area: the main area (the city) is the figure, never a sum.
    assert estimates[0].target_size == areas[0].target_size
    assert estimates[0].target_size < areas[1].target_size
    text = summarize_audience(audience, BOLOGNA, estimates, "it")
    assert "Il pubblico vive in 3 aree, contate a parte" in text
    assert "comune di Bologna (50% del pubblico" in text
    assert "Emilia-Romagna (25% del pubblico" in text
    assert "Germania e Svizzera (25% del pubblico" in text
    lines = place_notes(estimates, "en")
    assert lines[2].startswith("Germany and Switzerland: about")


@pytest.mark.parametrize(
    ("shares", "weights"),
    [
        ([None, None, None, None], [25, 25, 25, 25]),
        ([60, None, None], [60, 20, 20]),
        ([100, None], [100, 0]),
        ([30, 30], [50, 50]),  # relative shares, scaled to 100
        ([0, 0], [50, 50]),
        ([80, 40], [Decimal(200) / 3, Decimal(100) / 3]),
    ],
)
def test_persona_weights_split_what_is_left_and_add_up_to_100(
    shares: list[int | None], weights: list[Decimal]
) -> None:
    personas = [persona(20, 30, share=s) for s in shares]
    assert persona_weights(personas) == [Decimal(w) for w in weights]


def test_bad_places_are_named_by_persona_and_field_and_saved_values_are_kept() -> None:
    brief = make_brief(region="Emilia-Romagna", province="ZZ", city="Bologna")
    saved = [persona(20, 30, share=40), persona(30, 40), persona(40, 50, countries=["DE"])]
    edited = [
        persona(20, 30, share=40),
        persona(30, 40, share=70, area="city"),
        persona(40, 50, countries=["EU", "DE"]),
    ]
    kept, problems = keep_countable_places(edited, saved, brief, ReachRegion.IT)
    messages = [describe_problem(p, "it") for p in problems]
    assert messages == [
        "Personas › riga 2 › Area: any 30-40: la provincia ZZ del brief non è tra le province"
        " italiane; correggila nel brief.",
        "Personas › riga 2 › Quota del pubblico: any 30-40: le quote del pubblico arrivano al"
        " 110%, oltre il 100%.",
        "Personas › riga 3 › Paesi: any 40-50: paesi che si sovrappongono (Mondo include tutti,"
        " l'Unione europea i suoi membri); contane uno solo.",
    ]
    assert kept[1].share is None and kept[1].area is AudienceArea.city  # the area is kept
    assert kept[2].countries == [ReachRegion.DE]
    assert kept[0] == edited[0]


def test_an_unknown_country_code_is_refused_naming_the_persona_row_and_field() -> None:
    original = persona(20, 30, countries=["DE"])
    merged, problems = merge_valid_fields(
        original, {"countries": ["DE", "XX"], "occupation": "Chef"}
    )
    assert merged.countries == [ReachRegion.DE] and merged.occupation == "Chef"
    problem = problems[0]
    problem.loc = ("personas", 0, *problem.loc)
    text = describe_problem(problem, "en")
    assert text.startswith("Personas › row 1 › Countries › row 2: unexpected value")
    assert "'DE'" in text and "'WW'" in text


def test_older_personas_load_with_the_brief_region_and_the_new_fields_round_trip() -> None:
    old = {"name": "Chiara", "age_min": 30, "age_max": 44, "gender": "female"}
    loaded = Persona.model_validate(old)
    assert (loaded.area, loaded.countries, loaded.share) == (None, [], None)
    assert (
        by_platform(Audience(personas=[loaded]), BOLOGNA)[Platform.facebook].area
        == "Emilia-Romagna"
    )
    new = loaded.model_copy(
        update={
            "area": AudienceArea.city,
            "countries": [ReachRegion.IT, ReachRegion.CH],
            "share": Decimal("62.5"),
        }
    )
    dumped = new.model_dump(mode="json")
    assert (
        dumped["area"] == "city"
        and dumped["countries"] == ["IT", "CH"]
        and dumped["share"] == "62.5"
    )
    assert Persona.model_validate(dumped) == new


def test_local_population_covers_every_province_and_adds_up_to_its_region() -> None:
    areas = local_population()
    provinces_ = {a.code: a for a in areas if a.kind is AudienceArea.province}
    assert set(provinces_) == {p.code for p in reference_provinces()}
    by_region: dict[str, Decimal] = {}
    for p in reference_provinces():
        by_region[p.region] = (
            by_region.get(p.region, Decimal(0)) + provinces_[p.code].residents.value
        )
    assert {r: v.value for r, v in region_population().items()} == by_region
    cities = [a for a in areas if a.kind is AudienceArea.city]
    assert {a.code for a in cities} == set(provinces_)
    for area in areas:
        value = area.residents
        assert value.source.startswith("ISTAT") and value.year == 2025 and value.region == "IT"
        assert value.estimate and "da verificare" in value.note
        if area.kind is AudienceArea.city:
            assert value.value < provinces_[area.code].residents.value
