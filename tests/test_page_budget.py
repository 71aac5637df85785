"""The Budget page through AppTest: tiers, the month, rates, a given amount, no platforms."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.apptest import demo_id, open_app, texts
from tests.apptest import open_tab as open_step_tab
from tests.conftest import make_client
from workbench.budget import apply_tier, budget_tiers, estimate_budget, fit_to_budget
from workbench.db import read_session, write_session
from workbench.i18n import fmt_money, render
from workbench.models import BudgetTier
from workbench.strategy import Strategy, load_strategy, save_section


def stored(db: Engine, client_id: int) -> Strategy:
    with read_session(db) as session:
        return load_strategy(session, client_id)


def open_tab(at: AppTest, label: str) -> AppTest:
    return open_step_tab(at, "bud.tab", label)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_demo_shows_three_tiers_side_by_side(db: Engine) -> None:
    client_id = demo_id(db)
    strategy = stored(db, client_id)
    at = open_app("budget", client=client_id)
    assert not at.error
    shown = texts(at)
    tiers = budget_tiers(strategy.brief, strategy.platforms, strategy.budget)
    assert list(tiers) == [BudgetTier.essential, BudgetTier.growth, BudgetTier.premium]
    for name, estimate in zip(("Essenziale", "Crescita", "Premium"), tiers.values(), strict=True):
        assert f"#### {name}" in shown
        assert f"Compensi lordi: **{fmt_money(estimate.fees.gross, 'it')}**" in shown
        assert f"Totale del mese: **{fmt_money(estimate.monthly_gross, 'it')}**" in shown
    assert "Pacchetto attuale" in shown  # the demo's essential tier is marked
    assert at.button(key="bud.tier.essential").proto.disabled  # it is the current one
    assert len(at.get("vega_lite_chart")) == 2  # by item and by platform


def test_vat_is_shown_apart_and_is_22_percent_of_the_fees(db: Engine) -> None:
    client_id = demo_id(db)
    strategy = stored(db, client_id)
    estimate = estimate_budget(strategy.brief, strategy.platforms, strategy.budget)
    at = open_app("budget", client=client_id)
    shown = metrics(at)
    vat = (estimate.fees.net * Decimal("0.22")).quantize(Decimal("0.01"))
    assert shown["IVA 22 %"] == fmt_money(vat, "it")
    assert shown["Compensi netti"] == fmt_money(estimate.fees.net, "it")
    assert shown["Compensi lordi"] == fmt_money(estimate.fees.net + vat, "it")
    assert shown["Pubblicità (senza IVA)"] == fmt_money(estimate.ad_spend, "it")  # not taxed
    items = at.dataframe[0].value
    assert "Valori usati e loro origine" in items.columns
    assert any("stima modificabile" in v for v in items["Valori usati e loro origine"])
    ads = at.dataframe[1].value
    impressions = estimate.ads[0].impressions
    assert impressions is not None
    assert ads["Impressioni al mese"][0] == f"da {impressions[0]:,} a {impressions[1]:,}".replace(
        ",", "."
    )


def test_choosing_the_growth_tier_stores_tier_and_cadence(db: Engine) -> None:
    client_id = demo_id(db)
    before = stored(db, client_id)
    at = open_app("budget", client=client_id)
    at.button(key="bud.tier.growth").click().run()
    assert not at.exception and not at.error
    after = stored(db, client_id)
    assert after.budget.tier is BudgetTier.growth
    assert after.platforms == apply_tier(before.brief, before.platforms, BudgetTier.growth)
    assert after.budget.ad_spend == before.budget.ad_spend  # the rest of the plan is kept
    assert at.button(key="bud.tier.growth").proto.disabled  # now the current tier


def test_a_cadence_changed_by_hand_shows_as_custom(db: Engine) -> None:
    client_id = demo_id(db)
    at = open_app("budget", client=client_id, lang="en")
    at.button(key="bud.tier.premium").click().run()
    strategy = stored(db, client_id)
    first = strategy.platforms.choices[0]
    fewer = first.model_copy(
        update={"cadence": {f: n - 1 if n > 1 else n for f, n in first.cadence.items()}}
    )
    selection = strategy.platforms.model_copy(
        update={"choices": [fewer, *strategy.platforms.choices[1:]]}
    )
    with write_session(db) as session:
        save_section(session, client_id, "platforms", selection)
    at = open_app("budget", client=client_id, lang="en")
    assert "Current package: custom, started from Premium" in texts(at)
    assert not at.button(key="bud.tier.premium").proto.disabled  # it can be restored


def test_editing_the_hourly_rate_changes_the_total(db: Engine) -> None:
    client_id = demo_id(db)
    strategy = stored(db, client_id)
    at = open_tab(open_app("budget", client=client_id), "Tariffe e ore")
    at.number_input(key="bud.hourly_rate").set_value(55.0).run()
    assert not at.error
    plan = stored(db, client_id).budget
    assert plan.hourly_rate == Decimal("55")
    expected = estimate_budget(strategy.brief, strategy.platforms, plan)
    assert expected.fees.net != estimate_budget(strategy.brief, strategy.platforms).fees.net
    at = open_tab(at, "Stima del mese")
    assert metrics(at)["Compensi netti"] == fmt_money(expected.fees.net, "it")
    assert f"Compensi netti: **{fmt_money(expected.fees.net, 'it')}**" in texts(at)


def test_a_negative_rate_is_refused_by_name_and_the_saved_one_kept(db: Engine) -> None:
    client_id = demo_id(db)
    at = open_tab(open_app("budget", client=client_id), "Tariffe e ore")
    at.number_input(key="bud.hourly_rate").set_value(45.0).run()
    at.number_input(key="bud.hourly_rate").set_value(-5.0)
    at.number_input(key="bud.tools_per_month").set_value(20.0).run()
    assert [e.value for e in at.error] == ["Tariffa oraria (€): il valore deve essere almeno 0."]
    plan = stored(db, client_id).budget
    assert plan.hourly_rate == Decimal("45")  # the previous value
    assert plan.tools_per_month == Decimal("20")  # the valid change next to it is saved
    assert at.number_input(key="bud.hourly_rate").value == -5.0  # still on screen


def test_hours_per_format_and_ad_costs_are_edited_in_tables(db: Engine) -> None:
    client_id = demo_id(db)
    at = open_tab(open_app("budget", client=client_id, lang="en"), "Rates and hours")
    at.session_state["bud.formats"] = {
        "edited_rows": {"0": {"client": 0.75}},  # photo
        "added_rows": [],
        "deleted_rows": [],
    }
    at.session_state["bud.ads"] = {
        "edited_rows": {"0": {"cpm_min": 12.0}},  # instagram: above the data's highest CPM
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    plan = stored(db, client_id).budget
    assert plan.hours_per_format == {"photo": Decimal("0.75")}
    assert plan.cpm == {}
    assert [e.value for e in at.error] == [
        "CPM (€ per 1,000 impressions) › Instagram › Highest: "
        "the highest cost cannot be below the lowest."
    ]


def test_a_given_amount_shows_what_fits_and_what_was_dropped(db: Engine) -> None:
    client_id = demo_id(db)
    strategy = stored(db, client_id)
    at = open_tab(open_app("budget", client=client_id), "Budget dato")
    at.number_input(key="bud.fit_amount").set_value(150.0)
    at.button(key="bud.fit_go").click().run()
    assert not at.exception
    fit = fit_to_budget(strategy.brief, strategy.platforms, Decimal(150), strategy.budget)
    shown = texts(at)
    assert render(fit.summary, "it") in shown
    assert "ne servono almeno" in shown  # nothing fits: the least that would is named
    for message in fit.dropped:
        assert render(message, "it") in shown
    assert at.button(key="bud.fit_apply").proto.disabled


def test_the_proposal_stays_when_coming_back_to_its_tab(db: Engine) -> None:
    client_id = demo_id(db)
    at = open_tab(open_app("budget", client=client_id, lang="en"), "Given budget")
    assert at.number_input(key="bud.fit_amount").value == 700.0  # the brief's maximum
    at.number_input(key="bud.fit_amount").set_value(400.0)
    at.button(key="bud.fit_go").click().run()
    summary = "With €400.00 a month (before VAT): one platform (Instagram)"
    assert summary in texts(at)
    at = open_tab(open_tab(at, "12 months"), "Given budget")
    assert at.number_input(key="bud.fit_amount").value == 400.0
    assert summary in texts(at)


def test_zero_is_a_clear_answer_not_an_error(db: Engine) -> None:
    client_id = demo_id(db)
    at = open_tab(open_app("budget", client=client_id, lang="en"), "Given budget")
    at.number_input(key="bud.fit_amount").set_value(0.0)
    at.button(key="bud.fit_go").click().run()
    assert not at.exception and not at.error
    assert "With €0.00 a month (before VAT) not even one post a week" in texts(at)


def test_a_proposal_that_fits_is_applied_to_platforms_and_budget(db: Engine) -> None:
    client_id = demo_id(db)
    strategy = stored(db, client_id)
    at = open_tab(open_app("budget", client=client_id), "Budget dato")
    at.number_input(key="bud.fit_amount").set_value(400.0)
    at.button(key="bud.fit_go").click().run()
    fit = fit_to_budget(strategy.brief, strategy.platforms, Decimal(400), strategy.budget)
    assert fit.fits
    assert render(fit.summary, "it") in texts(at)
    at.button(key="bud.fit_apply").click().run()
    assert not at.exception and not at.error
    after = stored(db, client_id)
    assert after.platforms == fit.selection
    assert after.budget.ad_spend == fit.plan.ad_spend
    assert after.budget.tier is BudgetTier.custom
    assert "Proposta applicata" in texts(at)


def test_without_platforms_the_page_says_to_choose_them_first(db: Engine) -> None:
    client_id = make_client(db, "Ferramenta Neri")
    at = open_app("budget", client=client_id)
    assert not at.exception and not at.error
    assert "Scegli prima le piattaforme" in texts(at)
    assert "Niente da stimare" in texts(at)
    links = [link.proto.page for link in at.get("page_link")]
    assert any("platforms" in page for page in links)
    at = open_tab(at, "Budget dato")
    assert "parto da quelle consigliate" in texts(at)
    at.number_input(key="bud.fit_amount").set_value(600.0)
    at.button(key="bud.fit_go").click().run()
    assert not at.exception and not at.error
    assert "Con 600,00\xa0€ al mese (IVA esclusa)" in texts(at)
