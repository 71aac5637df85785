"""The Budget page through AppTest: tiers, the month, rates, a given amount, no platforms."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.apptest import demo_id, open_app, texts
from tests.apptest import open_tab as open_step_tab
from tests.conftest import make_client
from workbench.budget.estimate import estimate_budget
from workbench.db import read_session, write_session
from workbench.i18n import fmt_money
from workbench.models import Brief, BudgetTier
from workbench.platforms import Decision, decide, score_platforms
from workbench.strategy import Strategy, load_strategy, save_section


def stored(db: Engine, client_id: int) -> Strategy:
    with read_session(db) as session:
        return load_strategy(session, client_id)


def open_tab(at: AppTest, label: str) -> AppTest:
    return open_step_tab(at, "bud.tab", label)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def decided(strategy: Strategy) -> Decision:
    scores = score_platforms(
        strategy.brief,
        strategy.audience,
        strategy.competitors,
        weights=strategy.platforms.weights,
        plan=strategy.budget,
    )
    return decide(strategy.brief, scores, plan=strategy.budget, base=strategy.platforms)


def test_demo_shows_the_decided_tiers_side_by_side(db: Engine) -> None:
    client_id = demo_id(db)
    strategy = stored(db, client_id)
    decision = decided(strategy)
    at = open_app("budget", client=client_id)
    assert not at.error
    shown = texts(at)
    assert list(decision.tiers) == [
        BudgetTier.essential,
        BudgetTier.recommended,
        BudgetTier.premium,
    ]
    for name, package in zip(
        ("Essenziale", "Consigliato", "Premium"), decision.tiers.values(), strict=True
    ):
        assert f"#### {name}" in shown
        fees = package.estimate.fees.gross
        assert f"Compensi lordi: **{fmt_money(fees, 'it')}**" in shown
        assert f"Totale del mese: **{fmt_money(package.estimate.monthly_gross, 'it')}**" in shown
    assert decision.fits_budget and "Su misura del brief" in shown  # the one that fits
    essential = decision.tiers[BudgetTier.essential]
    less = fmt_money(decision.package.cost - essential.cost, "it")
    assert f"{less} in meno al mese" in shown  # each other tier says what it changes
    premium = decision.tiers[BudgetTier.premium]
    more = fmt_money(premium.cost - decision.package.cost, "it")
    assert f"{more} in più al mese" in shown
    # The demo's saved package comes from an earlier proposal: said, not "changed by hand".
    assert "Pacchetto salvato: Essenziale" in shown and "a mano" not in shown
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


def test_choosing_a_tier_stores_its_package(db: Engine) -> None:
    client_id = demo_id(db)
    before = stored(db, client_id)
    premium = decided(before).tiers[BudgetTier.premium]
    at = open_app("budget", client=client_id)
    at.button(key="bud.tier.premium").click().run()
    assert not at.exception and not at.error
    after = stored(db, client_id)
    assert after.budget.tier is BudgetTier.premium
    assert after.platforms.choices == premium.selection.choices
    assert after.budget.ad_spend == dict(premium.ad_spend)
    assert after.budget.hourly_rate == before.budget.hourly_rate  # the rates are kept
    assert at.button(key="bud.tier.premium").proto.disabled  # now the current package


def test_a_cadence_changed_by_hand_shows_as_custom(db: Engine) -> None:
    client_id = demo_id(db)
    at = open_app("budget", client=client_id, lang="en")
    at.button(key="bud.tier.premium").click().run()
    strategy = stored(db, client_id)
    first = strategy.platforms.choices[0]
    fewer = first.model_copy(
        update={
            "cadence": {f: n + 1 for f, n in first.cadence.items()},
            "overridden": True,  # what the platforms page marks when a person edits
        }
    )
    selection = strategy.platforms.model_copy(
        update={"choices": [fewer, *strategy.platforms.choices[1:]]}
    )
    with write_session(db) as session:
        save_section(session, client_id, "platforms", selection)
    at = open_app("budget", client=client_id, lang="en")
    assert "Current package: custom (the cadence was changed by hand)" in texts(at)
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


def fitted(strategy: Strategy, amount: str) -> Decision:
    brief = strategy.brief.model_copy(update={"budget_max": Decimal(amount), "budget_min": None})
    return decided(_with_brief(strategy, brief))


def _with_brief(strategy: Strategy, brief: Brief) -> Strategy:
    sections = dict(strategy.sections)
    sections["brief"] = replace(sections["brief"], model=brief)
    return Strategy(strategy.client, sections)


def test_a_given_amount_shows_the_package_decided_for_it(db: Engine) -> None:
    client_id = demo_id(db)
    strategy = stored(db, client_id)
    at = open_tab(open_app("budget", client=client_id), "Budget dato")
    at.number_input(key="bud.fit_amount").set_value(150.0)
    at.button(key="bud.fit_go").click().run()
    assert not at.exception
    decision = fitted(strategy, "150")
    assert not decision.fits_budget
    shown = texts(at)
    assert "Anche il minimo sensato" in shown  # nothing fits: the least that would is named
    assert fmt_money(decision.package.cost, "it") in shown
    assert at.button(key="bud.fit_apply").proto.disabled


def test_the_proposal_stays_when_coming_back_to_its_tab(db: Engine) -> None:
    client_id = demo_id(db)
    at = open_tab(open_app("budget", client=client_id, lang="en"), "Given budget")
    assert at.number_input(key="bud.fit_amount").value == 700.0  # the brief's maximum
    at.number_input(key="bud.fit_amount").set_value(400.0)
    at.button(key="bud.fit_go").click().run()
    summary = "Within the maximum budget of €400.00."
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
    assert "is over the maximum budget of €0.00" in texts(at)


def test_a_proposal_that_fits_is_applied_to_platforms_and_budget(db: Engine) -> None:
    client_id = demo_id(db)
    strategy = stored(db, client_id)
    at = open_tab(open_app("budget", client=client_id), "Budget dato")
    at.number_input(key="bud.fit_amount").set_value(500.0)
    at.button(key="bud.fit_go").click().run()
    decision = fitted(strategy, "500")
    assert decision.fits_budget
    assert "Rientra nel budget massimo di 500,00\xa0€." in texts(at)
    at.button(key="bud.fit_apply").click().run()
    assert not at.exception and not at.error
    after = stored(db, client_id)
    assert after.platforms.choices == decision.package.selection.choices
    assert after.budget.ad_spend == dict(decision.package.ad_spend)
    assert after.budget.tier is BudgetTier.custom
    assert "Proposta applicata" in texts(at)
    assert "adattato a un importo" in texts(at) and "a mano" not in texts(at)


def test_without_platforms_the_page_says_to_choose_them_first(db: Engine) -> None:
    client_id = make_client(db, "Ferramenta Neri")
    at = open_app("budget", client=client_id)
    assert not at.exception and not at.error
    assert "Scegli prima le piattaforme" in texts(at)
    assert "Niente da stimare" in texts(at)
    links = [link.proto.page for link in at.get("page_link")]
    assert any("platforms" in page for page in links)
    at = open_tab(at, "Budget dato")
    at.number_input(key="bud.fit_amount").set_value(600.0)
    at.button(key="bud.fit_go").click().run()
    assert not at.exception and not at.error
    assert "Rientra nel budget massimo di 600,00\xa0€." in texts(at)


def test_a_drafted_public_example_shows_the_drafts_numbers(db: Engine) -> None:
    import json

    from workbench.draft import draft_as_dict, save_draft
    from workbench.reference import DATA_DIR

    example = json.loads((DATA_DIR / "example_briefs.json").read_text(encoding="utf-8"))["briefs"][
        3
    ]  # the software house: fees and ads
    client_id = make_client(db, example["name"])
    with write_session(db) as session:
        save_section(session, client_id, "brief", Brief.model_validate(example["brief"]))
    with write_session(db) as session:
        data = draft_as_dict(client_id, save_draft(session, client_id), "it")
    at = open_app("budget", client=client_id)
    assert not at.exception and not at.error
    shown = texts(at)
    net = fmt_money(Decimal(data["package"]["monthly_net"]), "it")
    assert f"Totale IVA esclusa: **{net}**" in shown
    assert f"Totale: {net} al mese IVA esclusa" in shown  # the proposal's own line
    assert "Rientra nel budget massimo di 1.400,00\xa0€." in shown
    assert at.button(key="bud.tier.recommended").proto.disabled  # the saved package
    assert metrics(at)["Totale del mese"] == fmt_money(
        Decimal(data["package"]["monthly_gross"]), "it"
    )
