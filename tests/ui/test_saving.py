"""Two sessions edit the same part of a strategy: the second save is refused and the user
chooses, with their edits still on screen (ui.saving, workbench.strategy.overwriting)."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from tests.apptest import open_app, texts
from tests.conftest import make_client
from workbench.db import read_session, write_session
from workbench.errors import StaleWrite
from workbench.models import Brief
from workbench.strategy import load_strategy, overwriting, save_section


def stored_brief(db: Engine, client_id: int) -> Brief:
    with read_session(db) as session:
        return load_strategy(session, client_id).brief


def two_sessions_editing(db: Engine):  # noqa: ANN201
    """A opens the brief, B saves the city, then A types another city: both changed it."""
    client_id = make_client(db, "Panificio Sud", city="Bari", province="BA", region="Puglia")
    first = open_app("brief", client=client_id)
    second = open_app("brief", client=client_id)
    second.text_input(key="brief.city").input("Molfetta").run()
    assert stored_brief(db, client_id).city == "Molfetta"
    first.text_input(key="brief.city").input("Trani").run()
    return client_id, first


def test_edits_of_different_fields_are_merged_without_asking(db: Engine) -> None:
    client_id = make_client(db, "Panificio Sud", city="Bari", province="BA", region="Puglia")
    first = open_app("brief", client=client_id)
    second = open_app("brief", client=client_id)
    second.text_input(key="brief.city").input("Molfetta").run()
    first.text_area(key="brief.description").input("Pane e focacce dal 1952").run()
    assert not first.exception and not first.error
    brief = stored_brief(db, client_id)
    assert (brief.city, brief.description) == ("Molfetta", "Pane e focacce dal 1952")
    # A's page now shows both edits, and says so.
    assert first.text_input(key="brief.city").value == "Molfetta"
    assert first.text_area(key="brief.description").value == "Pane e focacce dal 1952"
    assert "Qualcun altro ha salvato" not in texts(first)
    # A keeps typing: saved normally, nothing lost.
    first.text_input(key="brief.approver").input("Rosa").run()
    brief = stored_brief(db, client_id)
    assert (brief.city, brief.approver) == ("Molfetta", "Rosa")


def test_a_stale_save_is_refused_and_the_edits_stay(db: Engine) -> None:
    client_id, first = two_sessions_editing(db)
    assert not first.exception
    assert "Qualcun altro ha salvato «Brief» mentre lo modificavi" in texts(first)
    assert "avete cambiato gli stessi campi: Brief › Città" in texts(first)
    assert first.text_input(key="brief.city").value == "Trani"  # A's edit stays on screen
    assert stored_brief(db, client_id).city == "Molfetta"  # and is not saved
    # The choice stays on the page until it is made, even after another rerun.
    first.run()
    assert "Qualcun altro ha salvato «Brief»" in texts(first)
    assert [b.label for b in first.button if b.key.startswith("conflict.")] == [
        "Ricarica la versione salvata",
        "Sovrascrivi con la mia versione",
    ]


def test_overwrite_knowingly_saves_my_version(db: Engine) -> None:
    client_id, first = two_sessions_editing(db)
    [overwrite] = [b for b in first.button if b.key.startswith("conflict.overwrite")]
    overwrite.click().run()
    assert not first.exception and not first.error
    brief = stored_brief(db, client_id)
    assert brief.city == "Trani"
    assert "Qualcun altro ha salvato" not in texts(first)


def test_reload_shows_the_saved_version(db: Engine) -> None:
    client_id, first = two_sessions_editing(db)
    [reload] = [b for b in first.button if b.key.startswith("conflict.reload")]
    reload.click().run()
    assert not first.exception and not first.error
    assert first.text_input(key="brief.city").value == "Molfetta"
    assert stored_brief(db, client_id).city == "Molfetta"
    assert "Qualcun altro ha salvato" not in texts(first)


def test_overwriting_accepts_only_the_version_the_user_was_told_about(engine: Engine) -> None:
    client_id = make_client(engine, "Forno Nord")
    with write_session(engine) as session:
        read = load_strategy(session, client_id).sections["brief"].version  # what A read
        save_section(session, client_id, "brief", Brief(city="Lecco"))  # B saves
    with pytest.raises(StaleWrite) as refused, write_session(engine) as session:
        save_section(session, client_id, "brief", Brief(city="Monza"), expected_version=read)
    found = refused.value.params["found"]
    assert found == read + 1
    # Told about B's version, A overwrites it.
    with overwriting(client_id, "brief", found), write_session(engine) as session:
        save_section(session, client_id, "brief", Brief(city="Monza"), expected_version=read)
    assert stored_brief(engine, client_id).city == "Monza"
    # Someone saved again since: the same choice no longer applies.
    with (
        pytest.raises(StaleWrite),
        overwriting(client_id, "brief", found),
        write_session(engine) as session,
    ):
        save_section(session, client_id, "brief", Brief(city="Varese"), expected_version=read)
    assert stored_brief(engine, client_id).city == "Monza"
