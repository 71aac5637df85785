"""The recommendation as a decision under the brief's money and hours (platforms/decision.py)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from workbench.audience.personas import persona_templates
from workbench.budget.estimate import estimate_budget
from workbench.i18n import render
from workbench.models import (
    Audience,
    Brief,
    BudgetPlan,
    BudgetTier,
    ContentFormat,
    Persona,
    Platform,
)
from workbench.platforms import RETENTION_CHANNELS, decide, decision_as_dict, score_platforms
from workbench.platforms.rules import posting_defaults
from workbench.reference import DATA_DIR

EXAMPLES = json.loads((DATA_DIR / "example_briefs.json").read_text(encoding="utf-8"))["briefs"]
PUBLIC = EXAMPLES[:6]


def _audience(example: dict[str, Any], brief: Brief) -> Audience:
    personas = [Persona.model_validate(p) for p in example.get("personas", [])]
    kind = brief.kind.value if brief.kind else None
    return Audience(personas=personas or persona_templates(kind, brief.sector, "it"))


def _decide(example: dict[str, Any]):  # noqa: ANN202
    brief = Brief.model_validate(example["brief"])
    scores = score_platforms(brief, _audience(example, brief))
    return brief, scores, decide(brief, scores)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_the_package_fits_the_budget_and_hours_and_says_so(example: dict[str, Any]) -> None:
    brief, _, decision = _decide(example)
    package = decision.package
    estimate = estimate_budget(brief, package.selection, package.plan(BudgetPlan()))
    cost = estimate.monthly_gross if brief.budget_includes_vat else estimate.monthly_net
    assert cost == package.cost  # the number shown is the budget model's
    assert decision.fits_hours == (package.estimate.hours_per_week <= brief.hours_per_week)
    assert decision.fits_hours
    if brief.budget_max is not None:
        assert decision.fits_budget == (cost <= brief.budget_max)
    lines = [render(m, "it") for m in decision.lines]
    verdict = "Rientra nel budget massimo" if decision.fits_budget else "supera il budget"
    assert any(verdict in line for line in lines)


@pytest.mark.parametrize("example", PUBLIC, ids=[e["name"] for e in PUBLIC])
def test_the_public_examples_fit_budget_and_hours(example: dict[str, Any]) -> None:
    brief, scores, decision = _decide(example)
    assert decision.fits_budget and decision.fits_hours
    chosen = [c.platform for c in decision.package.selection.choices]
    must = example["must"]
    if "first" in must:
        assert chosen[0] is Platform(must["first"])
    if must.get("in_house"):
        assert brief.in_house
        assert decision.package.estimate.fees.net == 0  # no fees, no tools by default
    if must.get("ads"):
        assert sum(decision.package.ad_spend.values(), Decimal(0)) > 0
    if "not_first" in must:
        assert chosen[0] not in {Platform(p) for p in must["not_first"]}
    assert chosen[0] not in RETENTION_CHANNELS
    if brief.budget_max:
        lower = brief.budget_min if brief.budget_min is not None else brief.budget_max * 8 / 10
        assert decision.package.cost >= lower or decision.binding in ("hours", "both")


def test_every_kept_platform_is_at_or_above_its_small_account_floor() -> None:
    for example in EXAMPLES:
        _, _, decision = _decide(example)
        for choice in decision.package.selection.choices:
            feed = sum(
                (n for f, n in choice.cadence.items() if f is not ContentFormat.story), Decimal(0)
            )
            floor = posting_defaults()[(choice.platform, "small_floor")].value
            top = posting_defaults()[(choice.platform, "small_max")].value
            assert floor <= feed <= top, (example["name"], choice.platform)


def test_short_video_is_kept_where_the_client_can_film_it_and_the_money_allows() -> None:
    example = next(e for e in EXAMPLES if e["name"] == "Negozio di bici Trento")
    _, _, decision = _decide(example)
    formats = {f for c in decision.package.selection.choices for f in c.cadence}
    assert ContentFormat.short_video in formats


def test_a_zero_budget_is_in_house_and_fits_the_hours() -> None:
    brief = Brief.model_validate(
        {
            "kind": "non_profit",
            "sector": "nonprofit",
            "objectives": ["community"],
            "capabilities": ["photo"],
            "hours_per_week": "2",
            "budget_max": "0",
        }
    )
    decision = decide(brief, score_platforms(brief, Audience()))
    assert brief.in_house
    assert decision.package.cost == 0 and decision.package.selection.choices
    assert decision.fits_budget and decision.fits_hours
    assert any("Lavoro interno" in render(m, "it") for m in decision.lines)


def test_an_agency_with_a_zero_budget_is_told_it_cannot_work_for_free() -> None:
    brief = Brief.model_validate(
        {
            "kind": "company",
            "sector": "retail",
            "hours_per_week": "3",
            "budget_max": "0",
            "in_house": False,
        }
    )
    decision = decide(brief, score_platforms(brief, Audience()))
    assert not decision.fits_budget
    assert [p.key for p in decision.problems] == ["decision.zero_budget_agency"]


def test_ads_only_serve_reach_or_click_goals() -> None:
    base = {
        "kind": "company",
        "sector": "restaurant",
        "capabilities": ["photo"],
        "hours_per_week": "3",
        "budget_max": "900",
    }
    community = Brief.model_validate({**base, "objectives": ["community"]})
    sales = Brief.model_validate({**base, "objectives": ["sales"]})
    assert not decide(community, score_platforms(community, Audience())).package.ad_spend
    ads = decide(sales, score_platforms(sales, Audience())).package.ad_spend
    assert sum(ads.values(), Decimal(0)) > 0


def test_a_small_ad_budget_is_a_boost_of_the_best_post() -> None:
    brief = Brief.model_validate(
        {
            "kind": "company",
            "sector": "restaurant",
            "objectives": ["awareness"],
            "capabilities": ["photo"],
            "hours_per_week": "4",
            "budget_max": "60",
            "in_house": True,
        }
    )
    decision = decide(brief, score_platforms(brief, Audience()))
    assert 0 < sum(decision.package.ad_spend.values(), Decimal(0)) <= 60
    assert any("sponsorizzare il post migliore" in render(m, "it") for m in decision.lines)


def test_retention_channels_are_a_complement_unless_community_with_a_following() -> None:
    for example in EXAMPLES:
        brief, scores, decision = _decide(example)
        assert scores[0].platform not in RETENTION_CHANNELS
        following = any(a.followers >= 300 for a in brief.social_accounts)
        if not following:
            assert not {c.platform for c in decision.package.selection.choices} & RETENTION_CHANNELS


def test_the_budget_including_vat_compares_the_gross() -> None:
    base = {
        "kind": "company",
        "sector": "restaurant",
        "objectives": ["community"],
        "capabilities": ["photo"],
        "hours_per_week": "5",
        "budget_max": "600",
    }
    net = Brief.model_validate(base)
    gross = Brief.model_validate({**base, "budget_includes_vat": True})
    with_vat = decide(gross, score_platforms(gross, Audience()))
    assert with_vat.package.estimate.monthly_gross <= 600
    assert with_vat.package.cost == with_vat.package.estimate.monthly_gross
    without = decide(net, score_platforms(net, Audience()))
    assert without.package.estimate.monthly_net > with_vat.package.estimate.monthly_net


def test_tiers_say_what_more_would_buy_and_only_the_fitting_one_is_recommended() -> None:
    example = next(e for e in EXAMPLES if e["name"] == "Software house B2B Torino")
    brief, _, decision = _decide(example)
    assert decision.tiers[BudgetTier.recommended] is decision.package
    assert decision.tiers[BudgetTier.premium].cost > decision.package.cost
    data = decision_as_dict(decision, "it")
    assert data["package"]["tier"] == "recommended"
    for step in data["more"]:
        assert step["adds"].startswith("+ ")
        assert Decimal(step["costs"]) >= decision.package.cost
