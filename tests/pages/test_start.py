"""The guided start through AppTest: the essentials, one button, the whole first strategy."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.engine import Engine
from sqlmodel import select

from tests.apptest import open_app, texts
from workbench.budget.estimate import estimate_budget
from workbench.db import read_session
from workbench.i18n import fmt_money
from workbench.models import Client, Platform
from workbench.strategy import load_strategy


def _fill(at, **values: object):  # noqa: ANN001, ANN202
    for key, value in values.items():
        widget = at.get("text_input") + at.get("text_area")
        found = [w for w in widget if w.key == f"start.{key}"]
        if found:
            found[0].set_value(value)
            continue
        for kind in ("selectbox", "multiselect", "checkbox"):
            matches = [w for w in at.get(kind) if w.key == f"start.{key}"]
            if matches:
                matches[0].set_value(value)
                break
    return at


def test_the_essentials_draft_the_whole_strategy_in_one_click(db: Engine) -> None:
    at = open_app("start")
    assert "Nuovo cliente" in at.title[0].value
    _fill(
        at,
        name="Negozio di bici Trento",
        kind="company",
        sector="retail",
        province="TN",
        city="Trento",
        objectives=["sales", "traffic"],
        budget_min="700",
        budget_max="900",
        hours_per_week="8",
        capabilities=["photo", "short_video", "long_video"],
        offering="* e-bike | le nostre elettriche\nofficina\nnoleggio | 4-9",
    ).run()
    at.button(key="start.go").click().run()
    assert not at.exception and not at.error
    with read_session(db) as session:
        client = session.exec(select(Client)).one()
        strategy = load_strategy(session, client.id)
    assert strategy.brief.region == "Trentino-Alto Adige"
    assert [i.name for i in strategy.brief.offering] == ["e-bike", "officina", "noleggio"]
    assert strategy.brief.offering[0].signature and strategy.brief.offering[2].months == [
        4,
        5,
        6,
        7,
        8,
        9,
    ]
    done = strategy.steps_done()
    assert all(done[s] for s in ("audience", "platforms", "budget", "plan"))
    assert strategy.platforms.choices[0].platform is Platform.instagram
    estimate = estimate_budget(strategy.brief, strategy.platforms, strategy.budget)
    assert estimate.monthly_net <= Decimal(900)
    shown = texts(at)
    assert "Cosa proponiamo" in at.title[0].value
    assert "Rientra nel budget massimo di 900,00\xa0€." in shown
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Costo al mese (IVA esclusa)"] == fmt_money(estimate.monthly_net, "it")
    assert {b.label for b in at.get("download_button")} == {
        "Scarica il piano editoriale (Excel)",
        "Scarica il report (PDF)",
    }
    table = at.dataframe[0].value
    assert len(table) > 0 and set(table["Piattaforma"]) <= {"Instagram", "YouTube", "Facebook"}


def test_bad_essentials_are_named_and_nothing_is_created_or_lost(db: Engine) -> None:
    at = open_app("start")
    _fill(at, name="Studio Rossi", budget_min="900", budget_max="500", hours_per_week="tre")
    at.run()
    at.button(key="start.go").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("Ore a settimana" in e and "non è un numero" in e for e in errors)
    with read_session(db) as session:
        assert session.exec(select(Client)).first() is None
    assert at.text_input(key="start.hours_per_week").value == "tre"  # still on screen
    assert at.text_input(key="start.name").value == "Studio Rossi"


def test_a_zero_budget_drafts_an_in_house_plan(db: Engine) -> None:
    at = open_app("start")
    _fill(
        at,
        name="ASD Pallavolo Perugia",
        kind="non_profit",
        sector="sport_fitness",
        objectives=["community"],
        budget_max="0",
        hours_per_week="4",
        capabilities=["photo", "short_video"],
    ).run()
    at.button(key="start.go").click().run()
    assert not at.exception and not at.error
    with read_session(db) as session:
        client = session.exec(select(Client)).one()
        strategy = load_strategy(session, client.id)
    assert strategy.brief.in_house
    assert "Lavoro interno" in texts(at)
    assert {m.label: m.value for m in at.metric}["Costo al mese (IVA esclusa)"] == "0,00\xa0€"
