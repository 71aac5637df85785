"""Every page through Streamlit's AppTest, driven as a manager would: the app, not the page alone.

Tests move between pages with `at.switch_page`, as the AppTest docs ask for st.navigation apps.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.apptest import PAGES, demo_id, open_app, texts
from tests.conftest import make_client
from workbench.db import read_session
from workbench.i18n import t
from workbench.strategy import load_strategy


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_without_errors(db: Engine, page: str, lang: str) -> None:
    at = open_app(page, client=demo_id(db), lang=lang)
    titles = {
        "home": t("nav.home", lang),
        "present": "Pasticceria Due Torri",
        "start": t("start.title", lang),  # the demo has no fresh draft: the form
    }
    title = titles.get(page) or t(f"steps.{page}", lang)
    assert [h.value for h in at.title] == [title]
    assert not at.error


@pytest.mark.parametrize("page", [p for p in PAGES if p not in {"home", "export", "start"}])
def test_steps_without_a_client_say_what_to_do(db: Engine, page: str) -> None:
    at = open_app(page)
    assert not at.exception
    assert "Nessun cliente attivo" in texts(at)


def test_empty_home_says_how_to_start(db: Engine) -> None:
    at = open_app()
    assert "Crea il primo" in at.info[0].value


def test_create_a_client_from_home(db: Engine) -> None:
    at = open_app()
    at.text_input(key="home.new_name").input("Gelateria Polo")
    at.button(key="FormSubmitter:home.new-Crea cliente").click().run()
    assert at.query_params["client"]
    assert [h.value for h in at.title] == ["Brief"]  # the app moved on to the new brief
    assert at.text_input(key="brief.name").value == "Gelateria Polo"
    with read_session(db) as session:
        strategy = load_strategy(session, int(at.query_params["client"]))
    assert strategy.client.name == "Gelateria Polo"


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "Nome del cliente: campo obbligatorio."), ("gelateria POLO", "Esiste già")],
)
def test_bad_client_names_are_explained(db: Engine, name: str, message: str) -> None:
    make_client(db, "Gelateria Polo")
    at = open_app()
    at.text_input(key="home.new_name").input(name)
    at.button(key="FormSubmitter:home.new-Crea cliente").click().run()
    assert not at.exception
    assert message in at.error[0].value
    assert at.text_input(key="home.new_name").value == name  # what was typed stays


def test_search_by_sector_label(db: Engine) -> None:
    make_client(db, "Boutique Elena", sector="fashion")
    make_client(db, "Trattoria Mario", sector="restaurant")
    at = open_app()
    at.text_input(key="home.search").input("moda").run()
    table = at.dataframe[0].value
    assert list(table["Cliente"]) == ["Boutique Elena"]
    assert list(table["Settore"]) == ["Moda e accessori"]


def _select_first_row(at: AppTest) -> AppTest:
    at.session_state["home.table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    return at.run()


def test_archive_restore_and_delete_with_confirmation(db: Engine) -> None:
    client_id = make_client(db, "Ferramenta Neri")
    at = _select_first_row(open_app())
    at.button(key="home.archive").click().run()
    assert "Non ci sono ancora clienti" in at.info[0].value
    at.toggle(key="home.archived").set_value(True).run()
    at = _select_first_row(at)
    at.button(key="home.restore").click().run()
    at.toggle(key="home.archived").set_value(False).run()
    at = _select_first_row(at)
    at.button(key="home.delete").click().run()
    assert "non si può annullare" in at.warning[0].value
    with read_session(db) as session:
        assert load_strategy(session, client_id).client.archived_at is None
    at.button(key="home.delete_yes").click().run()
    assert "Non ci sono ancora clienti" in at.info[0].value
    with read_session(db) as session, pytest.raises(Exception, match="client"):
        load_strategy(session, client_id)


def test_duplicate_and_rename_from_home(db: Engine) -> None:
    client_id = make_client(db, "Ottica Sole")
    at = _select_first_row(open_app())
    at.button(key="home.duplicate").click().run()
    assert sorted(at.dataframe[0].value["Cliente"]) == ["Ottica Sole", "Ottica Sole (copia)"]

    at = _select_first_row(open_app())  # newest first: the copy
    at.text_input(key=f"home.rename_to.{client_id + 1}").input("Ottica Luna")
    at.button(key="home.rename").click().run()
    assert sorted(at.dataframe[0].value["Cliente"]) == ["Ottica Luna", "Ottica Sole"]

    at = _select_first_row(open_app())
    at.text_input(key=f"home.rename_to.{client_id + 1}").input("ottica sole")
    at.button(key="home.rename").click().run()
    assert "Esiste già" in at.error[0].value


def test_brief_autosaves_and_survives_a_new_session(db: Engine) -> None:
    client_id = make_client(db, "Panificio Sud", city="Bari", province="BA", region="Puglia")
    at = open_app("brief", client=client_id)
    at.text_input(key="brief.city").input("Molfetta").run()
    at.text_input(key="brief.budget_max").input("1.234,5").run()
    at.text_input(key="brief.hours_per_week").input("7,5").run()
    at.multiselect(key="brief.words_to_avoid").set_value(["economico"]).run()
    at.text_area(key="brief.example_phrases").input("Pane caldo alle 7.\nDal 1952.").run()
    assert not at.exception and not at.error
    assert "Salvato" in texts(at)

    with read_session(db) as session:
        brief = load_strategy(session, client_id).brief
    assert brief.city == "Molfetta"
    assert brief.budget_max == Decimal("1234.5")
    assert brief.hours_per_week == Decimal("7.5")
    assert brief.words_to_avoid == ["economico"]
    assert brief.example_phrases == ["Pane caldo alle 7.", "Dal 1952."]

    again = open_app("brief", client=client_id)  # a browser reload is a new session
    assert again.text_input(key="brief.city").value == "Molfetta"
    assert again.text_input(key="brief.budget_max").value == "1.234,5"


def test_brief_bad_input_is_named_and_the_rest_is_saved(db: Engine) -> None:
    client_id = make_client(db, "Enoteca Blu")
    at = open_app("brief", client=client_id, lang="en")
    at.text_input(key="brief.city").input("Asti")
    at.text_input(key="brief.budget_min").input("9000").run()
    errors = [e.value for e in at.error]
    assert errors == [
        "Monthly budget, minimum (€): the maximum budget cannot be below the minimum."
    ]
    assert at.text_input(key="brief.budget_min").value == "9000"  # still on screen
    with read_session(db) as session:
        brief = load_strategy(session, client_id).brief
    assert brief.city == "Asti"
    assert brief.budget_min == Decimal("300.00")


def test_brief_kpi_table_edits_are_saved(db: Engine) -> None:
    client_id = make_client(db, "Palestra Forte")
    at = open_app("brief", client=client_id)
    at.session_state["brief.kpi_editor"] = {
        "edited_rows": {"0": {"target": 55}},
        "added_rows": [{"objective": "community", "metric": "Iscritti al gruppo", "target": 200}],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception and not at.error
    with read_session(db) as session:
        kpis = load_strategy(session, client_id).brief.kpi_targets
    assert [(k.objective.value, k.metric, k.target) for k in kpis] == [
        ("sales", "Prenotazioni", Decimal("55")),
        ("community", "Iscritti al gruppo", Decimal("200")),
    ]


def test_brief_rename_updates_the_sidebar(db: Engine) -> None:
    client_id = make_client(db, "Vecchio Nome")
    at = open_app("brief", client=client_id)
    at.text_input(key="brief.name").input("Nuovo Nome").run()
    assert "Nuovo Nome" in "\n".join(m.value for m in at.sidebar.markdown)


def test_sidebar_counts_the_steps_done(db: Engine) -> None:
    client_id = demo_id(db)
    with read_session(db) as session:
        done = sum(load_strategy(session, client_id).steps_done().values())
    at = open_app("brief", client=client_id)
    sidebar = "\n".join(m.value for m in at.sidebar.markdown)
    assert "Pasticceria Due Torri" in sidebar
    assert done >= 2
    assert f"{done} di 8 passi completati" in "\n".join(c.value for c in at.sidebar.caption)


def test_after_an_action_no_other_client_is_left_selected(db: Engine) -> None:
    alfa = make_client(db, "Alfa Bar")
    make_client(db, "Beta Bar")  # newest: first row, Alfa second
    at = open_app()
    at.session_state["home.table"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    at.run()
    assert at.subheader[0].value == "Alfa Bar"
    at.text_input(key=f"home.rename_to.{alfa}").input("Alfa Bistrot")
    at.button(key="home.rename").click().run()
    # The renamed client moved; the old row position now holds another client.
    assert not at.subheader
    assert "Seleziona una riga" in texts(at)


def test_brief_numbers_typed_the_italian_way(db: Engine) -> None:
    client_id = make_client(db, "Cartoleria Blu")
    at = open_app("brief", client=client_id)
    at.text_input(key="brief.hours_per_week").input("4,5").run()
    with read_session(db) as session:
        assert load_strategy(session, client_id).brief.hours_per_week == Decimal("4.5")
    at.text_input(key="brief.hours_per_week").input("quattro").run()
    assert [e.value for e in at.error] == ["Ore a settimana: non è un numero."]
    with read_session(db) as session:
        assert load_strategy(session, client_id).brief.hours_per_week == Decimal("4.5")


def test_a_bad_setting_stops_the_app_with_one_line_naming_it(
    db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_TIMEZONE", "Europe/Atlantis")
    at = open_app("home").run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Impostazione WORKBENCH_TIMEZONE non valida (unknown time zone Europe/Atlantis): "
        "correggila nelle variabili d'ambiente o in .streamlit/secrets.toml e riavvia l'app."
    ]
    assert not at.button  # nothing else of the app: it stopped there
