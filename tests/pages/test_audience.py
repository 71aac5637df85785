"""The Audience page through AppTest: personas, reach with sources, overrides, summary."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.engine import Engine

from tests.apptest import demo_id, open_app, texts
from tests.conftest import make_client
from workbench.db import read_session
from workbench.models import Audience
from workbench.strategy import load_strategy


def stored(db: Engine, client_id: int) -> Audience:
    with read_session(db) as session:
        return load_strategy(session, client_id).audience


def test_demo_audience_shows_personas_charts_and_sources(db: Engine) -> None:
    client_id = demo_id(db)
    at = open_app("audience", client=client_id, lang="en")
    assert not at.error
    assert len(at.expander) == len(stored(db, client_id).personas) + 1  # + sources
    assert len(at.get("vega_lite_chart")) == 2
    shown = texts(at)
    assert "We Are Social" in shown and "Pew Research Center" in shown
    # The demo counts the city of Bologna, and says so (2025 residents in data/).
    assert "city of Bologna: about 157,867 people in the target" in shown
    assert "Italy's age and sex structure (ISTAT)" in shown


def test_personas_are_added_reordered_and_deleted(db: Engine) -> None:
    client_id = make_client(db, "Libreria Alfa", sector="culture_arts")
    at = open_app("audience", client=client_id)
    assert "Nessun profilo ancora" in texts(at)
    at.button(key="aud.add_blank").click().run()
    at.selectbox(key="aud.template").set_value(0).run()
    at.button(key="aud.add_template").click().run()
    names = [p.name for p in stored(db, client_id).personas]
    assert len(names) == 2 and names[0] == "Profilo 1"
    at = open_app("audience", client=client_id)
    offered = at.selectbox(key="aud.template").options  # shown as "Name · ages"
    assert not any(o.startswith(f"{names[1]} ·") for o in offered)  # a template is added once

    at = open_app("audience", client=client_id)
    at.button(key="aud.0.down").click().run()
    assert [p.name for p in stored(db, client_id).personas] == [names[1], names[0]]
    at = open_app("audience", client=client_id)
    at.button(key="aud.1.delete").click().run()
    assert [p.name for p in stored(db, client_id).personas] == [names[1]]


def test_persona_edits_autosave_and_bad_ones_are_named(db: Engine) -> None:
    client_id = demo_id(db)
    before = stored(db, client_id).personas[0]
    at = open_app("audience", client=client_id)
    at.text_input(key="aud.0.occupation").input("Insegnante").run()
    at.text_input(key="aud.0.name").input("").run()
    assert [e.value for e in at.error] == [
        "Personas › riga 1 › Nome del profilo: campo obbligatorio."
    ]
    after = stored(db, client_id).personas[0]
    assert after.occupation == "Insegnante"
    assert after.name == before.name  # the saved name is kept


def test_override_region_and_summary_are_saved(db: Engine) -> None:
    client_id = demo_id(db)
    at = open_app("audience", client=client_id)
    at.session_state["aud.overrides"] = {
        "edited_rows": {"1": {"override": "61,5"}},  # typed the Italian way
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.error
    assert stored(db, client_id).reach_overrides == {"instagram": Decimal("61.5")}
    assert "Pew Research Center" in " ".join(at.dataframe[0].value["sources"])

    at = open_app("audience", client=client_id)
    at.session_state["aud.overrides"] = {
        "edited_rows": {"1": {"override": "tanto"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert any("Instagram: non è un numero." in e.value for e in at.error)
    assert stored(db, client_id).reach_overrides == {"instagram": Decimal("61.5")}

    at = open_app("audience", client=client_id)
    at.button(key="aud.regenerate").click().run()
    summary = stored(db, client_id).summary
    assert "Instagram" in summary or "Facebook" in summary

    at = open_app("audience", client=client_id)
    at.selectbox(key="aud.region").set_value("US").run()
    assert stored(db, client_id).region.value == "US"
    assert "Stati Uniti" in texts(at)


def test_a_persona_abroad_with_a_share_is_saved_and_counted_apart(db: Engine) -> None:
    client_id = demo_id(db)
    at = open_app("audience", client=client_id, lang="en")
    at.multiselect(key="aud.0.countries").set_value(["DE", "CH"]).run()
    at.number_input(key="aud.0.share").set_value(60).run()
    assert not at.error
    first = stored(db, client_id).personas[0]
    assert [c.value for c in first.countries] == ["DE", "CH"] and first.share == Decimal(60)
    shown = texts(at)
    assert "Germany and Switzerland: about" in shown and "60% of the audience" in shown
    assert "city of Bologna: about" in shown and "do not add up" in shown


def test_shares_over_100_are_named_and_the_saved_share_is_kept(db: Engine) -> None:
    client_id = demo_id(db)
    at = open_app("audience", client=client_id)
    at.number_input(key="aud.0.share").set_value(70).run()
    at.number_input(key="aud.1.share").set_value(50).run()
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "Personas › riga 2 › Quota del pubblico" in errors[0]
    assert "Studenti fuori sede" in errors[0] and "120%" in errors[0]
    personas = stored(db, client_id).personas
    assert personas[0].share == Decimal(70) and personas[1].share is None  # 50 not saved
    assert at.number_input(key="aud.1.share").value == 50  # what was typed stays on screen
