"""Platform scores: the rankings a manager expects, explained, adjustable, for every client."""

import json
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy.engine import Engine

from tests.conftest import make_brief, make_client
from workbench.competitors.metrics import compute_competitor_metrics
from workbench.db import read_session, write_session
from workbench.exports.strategy_json import export_strategy, parse_strategy
from workbench.i18n import render
from workbench.models import (
    Audience,
    Brief,
    BudgetPlan,
    BudgetTier,
    ClientKind,
    Competitor,
    Competitors,
    ContentFormat,
    FactorWeights,
    Persona,
    Platform,
    PlatformChoice,
    PlatformRole,
    PlatformSelection,
)
from workbench.platforms import (
    FACTORS,
    capacity_check,
    default_choices,
    role_for,
    score_platforms,
    scores_as_dict,
)
from workbench.strategy import load_strategy, save_section
from workbench.validation import problems_from_validation

D = Decimal


def audience(*bands: tuple[int, int], **overrides: Any) -> Audience:
    personas = [Persona(name=f"{a}-{b}", age_min=a, age_max=b) for a, b in bands]
    return Audience(personas=personas, **overrides)


def ranking(brief: Brief, who: Audience, competitors: Any = None, **kwargs: Any) -> list[str]:
    return [s.platform.value for s in score_platforms(brief, who, competitors, **kwargs)]


B2B = make_brief(
    kind="professional",
    sector="professional_services",
    objectives=["leads"],
    broad_goals=["commercial"],
    capabilities=["writing", "graphics"],
)
FASHION = make_brief(
    kind="company",
    sector="fashion",
    objectives=["awareness", "sales"],
    capabilities=["photo", "short_video"],
)
RESTAURANT = make_brief(
    kind="company",
    sector="restaurant",
    objectives=["awareness", "sales"],
    capabilities=["photo", "short_video"],
)
EVENT = make_brief(
    kind="event",
    sector="events",
    objectives=["awareness", "engagement"],
    broad_goals=["promotional"],
    capabilities=["photo", "short_video"],
)


# --- the rankings a manager expects -------------------------------------------------------------


def test_a_b2b_professional_service_gets_linkedin_first() -> None:
    assert ranking(B2B, audience((30, 55)))[0] == "linkedin"


def test_a_fashion_brand_for_18_to_24_gets_tiktok_and_instagram_first() -> None:
    assert set(ranking(FASHION, audience((18, 24)))[:2]) == {"tiktok", "instagram"}


def test_a_local_restaurant_for_35_to_65_gets_instagram_and_facebook_first() -> None:
    assert set(ranking(RESTAURANT, audience((35, 65)))[:2]) == {"instagram", "facebook"}


def test_an_event_gets_instagram_among_the_first_three() -> None:
    assert "instagram" in ranking(EVENT, audience((25, 45)))[:3]


def test_the_age_of_the_audience_moves_the_ranking() -> None:
    young = ranking(RESTAURANT, audience((18, 24)))
    older = ranking(RESTAURANT, audience((55, 75)))
    assert young.index("tiktok") < older.index("tiktok")
    assert older.index("facebook") <= young.index("facebook")


@pytest.mark.parametrize("kind", list(ClientKind))
def test_every_client_kind_gets_a_full_explained_ranking(kind: ClientKind) -> None:
    scores = score_platforms(make_brief(kind=kind.value, sector="other"), Audience())
    assert [s.rank for s in scores] == list(range(1, len(Platform) + 1))
    assert {s.platform for s in scores} == set(Platform)
    assert scores[0].recommended
    for score in scores:
        assert [f.name for f in score.factors] == list(FACTORS)
        assert all(0 <= f.value <= 1 and f.reasons for f in score.factors)
        assert score.score == pytest.approx(
            sum(f.contribution for f in score.factors), abs=D("0.3")
        )


def test_an_empty_brief_scores_every_platform_with_neutral_factors() -> None:
    scores = score_platforms(Brief(), Audience())
    top = scores[0]
    unknown = {f.name for f in top.factors if not f.known}
    assert unknown == {"goals", "capacity", "competitors", "budget"}
    assert all(f.value == D("0.5") for f in top.factors if not f.known)
    keys = {r.key for r in top.reasons}
    assert {"scoring.goals_unknown", "scoring.budget_unknown", "scoring.competitors_none"} <= keys


# --- explained and adjustable -----------------------------------------------------------------


def test_reasons_are_plain_language_in_both_languages() -> None:
    linkedin = score_platforms(B2B, audience((30, 55)))[0]
    italian = [render(r, "it") for r in linkedin.factor("goals").reasons]
    english = [render(r, "en") for r in linkedin.factor("goals").reasons]
    assert italian[0] == (
        "LinkedIn è il canale dei contatti B2B: ruoli, aziende e moduli lead"
        " — obiettivo «Contatti (lead)»."
    )
    assert english[0].startswith("LinkedIn is the channel for B2B leads")
    assert "(mercato B2B)" in italian[1]
    capacity = [render(r, "en") for r in linkedin.factor("capacity").reasons]
    assert capacity[0] == "The client makes Carousel, Text and Graphic, which work well here."


def test_each_factor_contributes_its_weighted_share() -> None:
    weights = FactorWeights(audience=1, goals=1, capacity=0, competitors=0, budget=0)
    score = score_platforms(FASHION, audience((18, 24)), weights=weights)[0]
    audience_f, goals_f = score.factor("audience"), score.factor("goals")
    assert audience_f.contribution == (audience_f.value * 50).quantize(D("0.1"))
    assert score.factor("budget").contribution == 0
    assert score.score == ((audience_f.value + goals_f.value) * 50).quantize(D("0.1"))


def test_weights_change_the_ranking() -> None:
    who = audience((30, 55))
    by_goals = ranking(
        B2B, who, weights=FactorWeights(audience=0, goals=10, capacity=0, competitors=0, budget=0)
    )
    by_audience = ranking(
        B2B, who, weights=FactorWeights(audience=10, goals=0, capacity=0, competitors=0, budget=0)
    )
    assert by_goals[0] == "linkedin"
    assert by_audience.index("linkedin") > by_goals.index("linkedin")


def test_all_weights_at_zero_are_refused() -> None:
    with pytest.raises(ValidationError) as error:
        FactorWeights(audience=0, goals=0, capacity=0, competitors=0, budget=0)
    assert [p.key for p in problems_from_validation(error.value)] == ["errors.weights_zero"]


def test_a_reach_override_feeds_the_audience_factor() -> None:
    who = audience((18, 24))
    plain = score_platforms(FASHION, who)
    overridden = score_platforms(FASHION, audience((18, 24), reach_overrides={"tiktok": 5}))

    def tiktok(scores: list) -> Decimal:  # noqa: ANN001
        return next(s for s in scores if s.platform is Platform.tiktok).factor("audience").value

    assert tiktok(overridden) < tiktok(plain)


def test_personas_naming_a_platform_raise_it() -> None:
    plain = score_platforms(RESTAURANT, audience((35, 65)))
    named = Audience(
        personas=[Persona(name="Franco", age_min=35, age_max=65, platforms=["whatsapp"])]
    )
    with_personas = score_platforms(RESTAURANT, named)

    def whatsapp(scores: list) -> Any:  # noqa: ANN001
        return next(s for s in scores if s.platform is Platform.whatsapp).factor("audience")

    assert whatsapp(with_personas).value > whatsapp(plain).value
    assert render(whatsapp(with_personas).reasons[-1], "en") == (
        "1 of 1 audience profiles use it: Franco."
    )


# --- competitors ------------------------------------------------------------------------------


def _rivals() -> Competitors:
    def row(platform: str, followers: int, likes: int) -> dict:
        return {
            "platform": platform,
            "period_start": "2026-11-02",
            "period_end": "2026-11-08",
            "followers": followers,
            "posts": 3,
            "likes": likes,
        }

    return Competitors(
        competitors=[
            Competitor(name="Noi", is_client=True, figures=[row("instagram", 900, 30)]),
            Competitor(
                name="Rivale A", figures=[row("tiktok", 2000, 900), row("instagram", 1000, 3)]
            ),
            Competitor(name="Rivale B", handles={"tiktok": "@b"}),
        ]
    )


def test_competitor_presence_and_performance_count() -> None:
    scores = {s.platform: s for s in score_platforms(FASHION, audience((18, 24)), _rivals())}
    tiktok, pinterest = scores[Platform.tiktok], scores[Platform.pinterest]
    assert tiktok.factor("competitors").value > pinterest.factor("competitors").value
    reasons = [render(r, "en") for r in tiktok.factor("competitors").reasons]
    assert reasons == [
        "2 of 2 competitors are active here.",
        "1 of 1 measured competitors beat the engagement benchmark.",
    ]
    assert pinterest.factor("competitors").reasons[0].key == "scoring.competitors_absent"


def test_competitor_metrics_work_in_place_of_the_model() -> None:
    metrics = compute_competitor_metrics(_rivals())
    from_metrics = score_platforms(FASHION, audience((18, 24)), metrics)
    tiktok = next(s for s in from_metrics if s.platform is Platform.tiktok)
    assert tiktok.factor("competitors").known
    assert render(tiktok.factor("competitors").reasons[0], "en") == (
        "1 of 1 competitors are active here."  # a handle alone is not in the metrics
    )


# --- choices and capacity ---------------------------------------------------------------------


def test_default_choices_take_the_recommended_with_formats_the_client_makes() -> None:
    scores = score_platforms(B2B, audience((30, 55)))
    choices = default_choices(scores, B2B)
    assert 1 <= len(choices) <= 3
    assert choices[0].platform is Platform.linkedin
    assert choices[0].role is PlatformRole.conversion  # the brief's goal: leads
    makes = {ContentFormat.text, ContentFormat.graphic, ContentFormat.carousel, ContentFormat.story}
    for chosen in choices:
        assert chosen.posts_per_week > 0 and set(chosen.formats) <= makes
    assert default_choices(scores, B2B, limit=1) == choices[:1]


def test_default_choices_never_come_back_empty() -> None:
    scores = score_platforms(Brief(), Audience())
    assert len(default_choices(scores, Brief())) == 1


def test_roles_follow_the_goal_each_platform_serves_best() -> None:
    brief = make_brief(objectives=["awareness", "community"], broad_goals=[])
    assert role_for(Platform.tiktok, brief) is PlatformRole.awareness
    assert role_for(Platform.facebook, brief) is PlatformRole.community
    assert role_for(Platform.x, Brief()) is PlatformRole.awareness


def test_capacity_check_warns_about_hours_money_formats_and_cadence() -> None:
    brief = make_brief(
        capabilities=["photo"], hours_per_week=D(2), budget_max=D(300), budget_min=D(100)
    )
    choices = [
        PlatformChoice(platform="instagram", formats=["photo"], cadence={"photo": 1}),
        PlatformChoice(platform="tiktok", formats=["short_video"], cadence={"short_video": 3}),
    ]
    messages = [render(m, "en") for m in capacity_check(choices, brief)]
    assert any(m.startswith("Fees and ads together (") for m in messages)
    assert any("hours a week, more than the 2 in the brief" in m for m in messages)
    assert "TikTok: the client does not make Short video." in messages
    assert "Instagram: 1 post a week, below the suggested 3-7 (Hootsuite 2023)." in messages
    assert [m.key for m in capacity_check([], brief)] == ["budget.warn_no_platforms"]


def test_a_set_within_the_brief_raises_no_warning() -> None:
    brief = make_brief(capabilities=["photo"], hours_per_week=D(20), budget_max=D(2000))
    choices = [PlatformChoice(platform="instagram", formats=["photo"], cadence={"photo": 3})]
    assert capacity_check(choices, brief, BudgetPlan()) == []


def test_platform_choices_refuse_duplicates_and_stray_cadence() -> None:
    with pytest.raises(ValidationError) as twice:
        PlatformSelection(choices=[{"platform": "x"}, {"platform": "x"}])
    assert [p.key for p in problems_from_validation(twice.value)] == ["errors.duplicate_platform"]
    with pytest.raises(ValidationError) as stray:
        PlatformChoice(platform="instagram", formats=["photo"], cadence={"carousel": 2})
    (problem,) = problems_from_validation(stray.value)
    assert problem.key == "errors.cadence_format" and problem.loc == ("cadence",)


# --- stored with the strategy -----------------------------------------------------------------


def test_choices_and_budget_are_saved_exported_and_mark_the_steps_done(engine: Engine) -> None:
    client_id = make_client(engine)
    chosen = PlatformSelection(
        weights=FactorWeights(audience=5),
        choices=[
            PlatformChoice(
                platform="instagram",
                role="community",
                formats=["carousel", "story"],
                cadence={"carousel": "2.5", "story": 3},
                overridden=True,
            )
        ],
    )
    plan = BudgetPlan(
        tier=BudgetTier.growth, hourly_rate=D("37.50"), ad_spend={"instagram": D("120.00")}
    )
    with write_session(engine) as session:
        save_section(session, client_id, "platforms", chosen)
        save_section(session, client_id, "budget", plan)
    with read_session(engine) as session:
        strategy = load_strategy(session, client_id)
        document = export_strategy(session, client_id)
    assert strategy.platforms == chosen and strategy.budget == plan
    assert strategy.platforms.choices[0].cadence[ContentFormat.carousel] == D("2.5")
    assert strategy.steps_done()["platforms"] and strategy.steps_done()["budget"]
    assert document["budget"]["hourly_rate"] == "37.50"
    _, sections = parse_strategy(json.dumps(document))
    assert sections["platforms"] == chosen and sections["budget"] == plan


def test_an_empty_selection_and_an_unpicked_tier_are_not_done(engine: Engine) -> None:
    client_id = make_client(engine)
    paused = PlatformSelection(choices=[PlatformChoice(platform="instagram")])
    with write_session(engine) as session:
        save_section(session, client_id, "platforms", paused)
        save_section(session, client_id, "budget", BudgetPlan())
    with read_session(engine) as session:
        done = load_strategy(session, client_id).steps_done()
    assert not done["platforms"] and not done["budget"]


def test_the_ranking_as_json() -> None:
    data = scores_as_dict(score_platforms(B2B, audience((30, 55))), "it")
    json.dumps(data)
    first = data[0]
    assert (first["rank"], first["platform"], first["label"]) == (1, "linkedin", "LinkedIn")
    assert [f["name"] for f in first["factors"]] == list(FACTORS)
    assert first["factors"][1]["label"] == "Obiettivi e tipo di cliente"
    assert Decimal(first["score"]) > Decimal(data[1]["score"])
    assert any("contatti B2B" in reason for reason in first["reasons"])
