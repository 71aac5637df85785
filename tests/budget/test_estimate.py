"""Budget estimates against figures worked out by hand, tiers, fitting a budget, a year ahead."""

import json
from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from tests.conftest import make_brief
from workbench.budget.estimate import (
    TIERS,
    apply_tier,
    budget_tiers,
    effective_tier,
    estimate_as_dict,
    estimate_budget,
    fit_to_budget,
    project_months,
    tier_choice,
)
from workbench.i18n import render
from workbench.models import (
    BudgetPlan,
    BudgetTier,
    ContentFormat,
    Platform,
    PlatformChoice,
    PlatformSelection,
)
from workbench.validation import problems_from_validation

D = Decimal


def choice(platform: str, **cadence: int | str) -> PlatformChoice:
    return PlatformChoice(platform=platform, formats=list(cadence), cadence=cadence)


def selection(*choices: PlatformChoice) -> PlatformSelection:
    return PlatformSelection(choices=list(choices))


CAROUSELS = selection(choice("instagram", carousel=3))


def item(estimate, category: str, platform: str | None = None):  # noqa: ANN001, ANN201
    found = [
        i
        for i in estimate.items
        if i.category == category and (platform is None or i.platform == platform)
    ]
    assert len(found) == 1, found
    return found[0]


# --- the monthly model ------------------------------------------------------------------------


def test_content_costs_posts_a_month_times_hours_times_rate() -> None:
    plan = BudgetPlan(hourly_rate=D(40), hours_per_format={"carousel": D("1.5")})
    content = item(estimate_budget(make_brief(), CAROUSELS, plan), "content")
    # 3 a week x 52 / 12 = 13 carousels a month; 13 x 1.5 h = 19.5 h; x 40 EUR = 780.00
    assert (content.quantity, content.hours, content.amount) == (D(13), D("19.5"), D("780.00"))
    assert content.platform is Platform.instagram and content.format is ContentFormat.carousel
    origins = {a.name: a.origin for a in content.inputs}
    assert origins == {
        "posts_per_week": "strategy",
        "hours_per_post": "override",
        "hourly_rate": "override",
    }


def test_defaults_come_from_data_with_their_source() -> None:
    content = item(estimate_budget(make_brief(), CAROUSELS), "content")
    rate = next(a for a in content.inputs if a.name == "hourly_rate")
    assert (rate.value, rate.origin, rate.estimate) == (D(40), "data", False)
    assert rate.source is not None and rate.source.year == 2025
    hours = next(a for a in content.inputs if a.name == "hours_per_post")
    assert hours.origin == "data" and hours.estimate  # hours per post have no public source
    assert content.estimate and content.amount == D("780.00")  # the default carousel is 1.5 h


def test_a_post_made_for_one_platform_is_adapted_for_the_next() -> None:
    both = selection(choice("instagram", photo=3, short_video=1), choice("facebook", photo=2))
    estimate = estimate_budget(make_brief(), both)
    facebook = item(estimate, "content", "facebook")
    # 2 photos adapted from Instagram at 25 % of 0.5 h: 2 x 0.25 x 0.5 x 52 / 12 x 40 = 43.33
    assert facebook.amount == D("43.33") and facebook.quantity == D(2) * 52 / 12
    assert render(facebook.label, "en") == (
        "Photo on Facebook, 2 a week, 2 of them adapted from another channel"
    )
    instagram = [i for i in estimate.items if i.category == "content" and i.platform == "instagram"]
    assert [i.amount for i in instagram] == [D("260.00"), D("260.00")]  # 3 x 0.5 h; 1 x 1.5 h
    own = BudgetPlan(reuse_percent=D(100))  # adapting takes as long as making
    assert item(estimate_budget(make_brief(), both, own), "content", "facebook").amount == D(
        "173.33"
    )
    first = selection(choice("facebook", photo=2), choice("instagram", photo=3))
    facebook_first = item(estimate_budget(make_brief(), first), "content", "instagram")
    assert facebook_first.amount == D("130.00")  # 1 made (86.67) + 2 adapted (43.33)


def test_community_hours_follow_the_expected_comments() -> None:
    plan = BudgetPlan(comments_per_post={"instagram": D(10)}, hours_per_100_comments=D(2))
    community = item(estimate_budget(make_brief(), CAROUSELS, plan), "community")
    # 3 posts x 10 comments / 100 x 2 h = 0.6 h, + 0.25 h base = 0.85 h a week
    # 0.85 x 52 / 12 x 40 EUR = 147.333... -> 147.33
    assert community.amount == D("147.33")
    assert community.hours == D("0.85") * 52 / 12
    own = BudgetPlan(community_hours_per_week={"instagram": D(2)})
    community = item(estimate_budget(make_brief(), CAROUSELS, own), "community")
    assert community.amount == D("346.67")  # 2 x 52 / 12 x 40
    assert [a.origin for a in community.inputs] == ["override", "data"]


def test_vat_applies_to_fees_only_and_ads_stay_apart() -> None:
    plan = BudgetPlan(ad_spend={"instagram": D(300)})
    estimate = estimate_budget(make_brief(), CAROUSELS, plan)
    # 780.00 content + 108.33 community (0.625 h/week) + 80 strategy + 40 reporting + 15 tools
    assert estimate.fees.net == D("1023.33")
    assert estimate.fees.vat == D("225.13")  # 22 % of 1023.33 = 225.1326
    assert estimate.fees.gross == D("1248.46")
    assert estimate.ad_spend == D("300.00")
    assert estimate.monthly_net == D("1323.33")
    assert estimate.monthly_gross == D("1548.46")  # no VAT added on the ad spend
    assert estimate.by_category()["ads"] == D("300.00")
    assert estimate.by_platform()[Platform.instagram] == D("780.00") + D("108.33") + D(300)
    flat_rate = estimate_budget(make_brief(), CAROUSELS, BudgetPlan(vat_rate=D(0)))
    assert flat_rate.fees.vat == 0 and flat_rate.vat_rate.origin == "override"


def test_ads_buy_impressions_and_clicks_as_ranges() -> None:
    plan = BudgetPlan(ad_spend={"instagram": D(300)})
    (ad,) = estimate_budget(make_brief(), CAROUSELS, plan).ads
    assert ad.impressions == (27272, 40000)  # 300 / 11.00 x 1000, 300 / 7.50 x 1000
    assert ad.clicks == (500, 750)  # 300 / 0.60, 300 / 0.40
    own = BudgetPlan(
        ad_spend={"instagram": D(100)},
        cpm={"instagram": {"min": "5", "max": "10"}},
        cpc={"instagram": {"min": "1", "max": "2"}},
    )
    (ad,) = estimate_budget(make_brief(), CAROUSELS, own).ads
    assert (ad.impressions, ad.clicks) == ((10000, 20000), (50, 100))
    assert {a.origin for a in ad.inputs if a.name.startswith("cp")} == {"override"}


def test_a_platform_without_ad_costs_says_so() -> None:
    chosen = selection(choice("whatsapp", text=2))
    estimate = estimate_budget(make_brief(), chosen, BudgetPlan(ad_spend={"whatsapp": D(50)}))
    (ad,) = estimate.ads
    assert ad.impressions is None and ad.clicks is None
    assert any(w.key == "budget.warn_no_ad_costs" for w in estimate.warnings)


def test_setup_is_once_and_kept_out_of_the_month() -> None:
    two = selection(choice("instagram", photo=3), choice("facebook", photo=2))
    estimate = estimate_budget(make_brief(), two)
    assert estimate.setup is not None
    assert estimate.setup.hours == D(8)  # 4 h + 2 h per platform x 2
    assert estimate.setup_totals.net == D("320.00") and estimate.setup_totals.vat == D("70.40")
    assert all(i.category != "setup" for i in estimate.items)
    fixed = estimate_budget(make_brief(), two, BudgetPlan(setup_hours=D(1)))
    assert fixed.setup_totals.net == D("40.00")


def test_warnings_name_what_the_brief_cannot_afford() -> None:
    brief = make_brief(budget_max=D("650.50"), hours_per_week=D("5.5"))
    estimate = estimate_budget(brief, CAROUSELS)
    messages = [render(w, "it") for w in estimate.warnings]
    assert "(1.023,33\xa0€ al mese, IVA esclusa) superano il budget massimo" in messages[0]
    assert estimate.hours_per_week > D("5.5")
    assert any("ore a settimana, più delle 5,5" in m for m in messages)


# --- bad input --------------------------------------------------------------------------------


def test_no_platform_gives_an_empty_estimate_and_a_message() -> None:
    estimate = estimate_budget(make_brief(), PlatformSelection())
    assert estimate.items == () and estimate.setup is None
    assert (estimate.fees.gross, estimate.monthly_net) == (0, 0)
    assert [w.key for w in estimate.warnings] == ["budget.warn_no_platforms"]
    fit = fit_to_budget(make_brief(), PlatformSelection(), D(500))
    assert not fit.fits and fit.summary.key == "budget.fit_no_platforms"


def test_zero_rate_and_zero_hours_give_zero_fees_with_warnings() -> None:
    plan = BudgetPlan(hourly_rate=D(0), hours_per_format={"carousel": D(0)}, tools_per_month=D(0))
    estimate = estimate_budget(make_brief(), CAROUSELS, plan)
    assert estimate.fees.net == 0
    keys = [w.key for w in estimate.warnings]
    assert "budget.warn_zero_rate" in keys and "budget.warn_zero_hours" in keys
    paused = estimate_budget(make_brief(), selection(choice("instagram", photo=0)))
    assert any(w.key == "budget.warn_no_posts" for w in paused.warnings)


def test_negative_rates_and_inverted_ranges_are_refused_by_validation() -> None:
    with pytest.raises(ValidationError) as negative:
        BudgetPlan(hourly_rate=D(-1))
    assert [p.key for p in problems_from_validation(negative.value)] == ["errors.too_small"]
    with pytest.raises(ValidationError) as inverted:
        BudgetPlan(cpm={"instagram": {"min": "11", "max": "7.5"}})
    (problem,) = problems_from_validation(inverted.value)
    assert problem.key == "errors.cost_range" and problem.loc == ("cpm", "instagram")
    with pytest.raises(ValidationError):
        BudgetPlan(cpc={"linkedin": {"min": "0", "max": "5"}})  # a free click is no data


# --- tiers ------------------------------------------------------------------------------------


THREE = selection(
    PlatformChoice(platform="instagram"),
    PlatformChoice(platform="facebook"),
    PlatformChoice(platform="tiktok"),
)


def test_tiers_differ_in_cadence_and_formats_and_rise_in_cost() -> None:
    tiers = budget_tiers(make_brief(capabilities=["photo", "short_video"]), THREE)
    essential, growth, premium = (tiers[t] for t in TIERS)
    assert essential.monthly_net < growth.monthly_net < premium.monthly_net
    assert essential.posts_per_week < growth.posts_per_week < premium.posts_per_week
    instagram = [t.selection.choices[0] for t in (essential, growth, premium)]
    assert [len(c.formats) for c in instagram] == [1, 3, 4]  # stories on top from growth
    assert instagram[0].cadence == {ContentFormat.photo: 3}  # the quickest good format
    assert instagram[1].cadence == {
        ContentFormat.carousel: 2,
        ContentFormat.short_video: 2,
        ContentFormat.story: 3,
    }
    assert {e.tier for e in tiers.values()} == set(tiers)


def test_tiers_use_only_what_the_client_can_make() -> None:
    writer = make_brief(capabilities=["writing"])
    linkedin = tier_choice(Platform.linkedin, writer, BudgetTier.premium)
    assert linkedin.formats == [ContentFormat.text] and linkedin.posts_per_week == 5
    # Nothing the client makes works on TikTok: no formats, no posts, nothing to pay for.
    assert tier_choice(Platform.tiktok, writer, BudgetTier.growth).cadence == {}


def test_a_tier_stays_picked_until_a_person_changes_a_platform() -> None:
    brief = make_brief()
    chosen = apply_tier(brief, THREE, BudgetTier.essential)
    plan = BudgetPlan(tier=BudgetTier.essential)
    assert effective_tier(brief, chosen, plan) is BudgetTier.essential
    assert estimate_budget(brief, chosen, plan).tier is BudgetTier.essential
    edited = chosen.model_copy(update={"choices": [choice("instagram", photo=5)]})
    assert effective_tier(brief, edited, plan) is BudgetTier.essential  # not by a person
    by_hand = [c.model_copy(update={"overridden": True}) for c in edited.choices]
    edited = edited.model_copy(update={"choices": by_hand})
    assert effective_tier(brief, edited, plan) is BudgetTier.custom
    assert effective_tier(brief, chosen, BudgetPlan()) is None


# --- fitting a budget -------------------------------------------------------------------------


GROWTH = apply_tier(make_brief(), THREE, BudgetTier.growth)


def test_with_150_euros_and_default_rates_nothing_fits_and_the_minimum_is_named() -> None:
    fit = fit_to_budget(make_brief(), GROWTH, D(150))
    assert not fit.fits
    # One photo a week on Instagram: 86.67 content + 65.00 community (0.375 h a week)
    # + 80 strategy + 40 reporting + 15 tools
    assert fit.minimum == D("286.67")
    assert render(fit.summary, "it").startswith(
        "Con 150,00\xa0€ al mese (IVA esclusa) non ci sta neanche un post a settimana"
    )
    assert "286,67" in render(fit.summary, "it")


def test_with_150_euros_at_a_cheaper_rate_one_platform_two_posts_a_week() -> None:
    plan = BudgetPlan(
        hourly_rate=D(15),
        strategy_hours_per_month=D(1),
        reporting_hours_per_month=D(0),
        tools_per_month=D(0),
    )
    fit = fit_to_budget(make_brief(), GROWTH, D(150), plan)
    assert fit.fits
    (kept,) = fit.selection.choices
    assert kept.platform is Platform.instagram and kept.cadence == {ContentFormat.photo: 2}
    assert not kept.overridden  # cut by the tool: "changed by hand" is for people's changes
    # 2 photos: 2 x 52 / 12 x 0.5 h x 15 = 65.00; community 0.5 h a week = 32.50; strategy 15
    # (3 photos would cost 97.50 + 40.63 + 15 = 153.13)
    assert fit.estimate.monthly_net == D("112.50") and fit.spare == D("37.50")
    assert render(fit.summary, "en") == (
        "With €150.00 a month (before VAT): one platform (Instagram), 2 posts a week."
    )
    dropped = [render(m, "en") for m in fit.dropped]
    assert "Facebook dropped." in dropped and "TikTok dropped." in dropped
    assert any(m.startswith("Instagram: Photo instead of") for m in dropped)


def test_a_budget_that_covers_the_choice_keeps_it_whole() -> None:
    full = estimate_budget(make_brief(), GROWTH).monthly_net
    fit = fit_to_budget(make_brief(), GROWTH, full + 10)
    assert fit.fits and fit.selection == GROWTH and fit.dropped == ()
    assert fit.spare == D(10)


def test_ads_shrink_before_any_content_is_cut() -> None:
    plan = BudgetPlan(ad_spend={"instagram": D(300), "facebook": D(100)})
    fees = estimate_budget(make_brief(), GROWTH, plan).fees.net
    fit = fit_to_budget(make_brief(), GROWTH, fees + 200, plan)
    assert fit.fits and fit.selection == GROWTH
    assert fit.plan.ad_spend == {Platform.instagram: D(150), Platform.facebook: D(50)}
    assert [m.key for m in fit.dropped] == ["budget.reduce_ads"]


@pytest.mark.parametrize("amount", [D(0), D(-20)])
def test_zero_or_negative_budget_gives_a_clear_answer(amount: Decimal) -> None:
    fit = fit_to_budget(make_brief(), GROWTH, amount)
    assert not fit.fits and fit.amount == 0
    assert fit.minimum == D("286.67")
    assert "0,00\xa0€" in render(fit.summary, "it")


# --- a year -----------------------------------------------------------------------------------


def test_twelve_months_with_the_set_up_in_the_first() -> None:
    plan = BudgetPlan(ad_spend={"instagram": D(100)})
    estimate = estimate_budget(make_brief(), CAROUSELS, plan)
    months = project_months(estimate, start=date(2027, 11, 15))
    assert [m.month for m in months] == list(range(1, 13))
    assert months[0].start == date(2027, 11, 1) and months[2].start == date(2028, 1, 1)
    assert months[0].setup == estimate.setup_totals and months[1].setup.gross == 0
    assert months[1].total_gross == estimate.fees.gross + D(100)
    year = 12 * (estimate.fees.gross + D(100)) + estimate.setup_totals.gross
    assert months[-1].cumulative_gross == year
    assert project_months(estimate, 0) == []


def test_the_estimate_as_json_keeps_money_as_decimal_strings() -> None:
    plan = BudgetPlan(ad_spend={"instagram": D(300)})
    data = estimate_as_dict(estimate_budget(make_brief(), CAROUSELS, plan), "en")
    json.dumps(data)
    assert data["totals"]["fees"] == {"net": "1023.33", "vat": "225.13", "gross": "1248.46"}
    assert data["totals"]["ad_spend"] == "300.00"
    content = data["items"][0]
    assert content["label"] == "Carousel on Instagram, 3 a week"
    assert content["amount"] == "780.00" and content["posts_per_month"] == "13.00"
    names = {i["name"] for i in content["inputs"]}
    assert names == {"posts_per_week", "hours_per_post", "hourly_rate"}
    assert data["ads"][0]["impressions"] == [27272, 40000]
