"""The presentation page through AppTest: the strategy on one screen, nothing to edit."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from tests.apptest import demo_id, open_app, texts
from tests.conftest import make_client

EDITING = (
    "text_input",
    "text_area",
    "number_input",
    "selectbox",
    "multiselect",
    "date_input",
    "checkbox",
    "toggle",
    "radio",
    "button",
    "file_uploader",
    "data_editor",
)


def test_the_demo_strategy_fits_one_screen_without_editing_controls(db: Engine) -> None:
    at = open_app("present", client=demo_id(db))
    assert not at.exception and not at.error
    assert at.title[0].value == "Pasticceria Due Torri"
    for kind in EDITING:
        assert at.main.get(kind) == [], kind
    said = texts(at)
    for part in ("Obiettivi", "Pubblico", "Budget", "Piattaforme e perché", "Il prossimo mese"):
        assert f"#### {part}" in said
    assert "Follower Instagram: **3.500**" in said
    assert "Pacchetto: **Essenziale**" in said
    assert "3 post a settimana: Foto" in said


def test_in_english_and_for_a_new_client_it_says_what_is_missing(db: Engine) -> None:
    at = open_app("present", client=make_client(db, "Gelateria Polo"), lang="en")
    assert not at.exception and not at.error
    said = texts(at)
    assert "No platform chosen yet." in said
    assert "Budget not estimated yet: choose the platforms." in said
    assert "No post planned for these weeks" in said
