"""The brief page's "Offerta" section through AppTest: shown, typed, saved, bad lines named."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from tests.apptest import demo_id, open_app, texts
from tests.conftest import make_client
from workbench.db import read_session
from workbench.models import BriefEvent, OfferingItem
from workbench.strategy import load_strategy


def test_the_demo_offering_shows_in_its_section(db: Engine) -> None:
    at = open_app("brief", client=demo_id(db))
    assert "Offerta" in [h.value for h in at.subheader]
    offering = at.text_area(key="brief.offering").value.splitlines()
    assert offering[0] == "* torta di riso | la ricetta bolognese di famiglia"
    assert "certosino | il dolce di Natale bolognese | 11-12" in offering
    assert len(offering) == 8
    assert at.text_area(key="brief.places").value == (
        "il laboratorio a vista\nil banco di via Castiglione"
    )
    assert at.text_area(key="brief.people").value.startswith("Giulia, la pasticcera")
    assert at.text_area(key="brief.events").value == (
        "Settimana della colomba | 2\nSan Petronio | 10"
    )
    assert not at.error


def test_the_offering_typed_one_a_line_is_saved_and_survives_a_reload(db: Engine) -> None:
    client_id = make_client(db, "Cantina Colle")
    at = open_app("brief", client=client_id)
    at.text_area(key="brief.offering").input(
        "* Brunello di Montalcino | il nostro rosso | 9-11\nOlio nuovo | ottobre-dicembre"
    ).run()
    at.text_area(key="brief.places").input("la cantina\nla vigna").run()
    at.text_area(key="brief.events").input("Vendemmia aperta | settembre").run()
    assert not at.exception and not at.error
    with read_session(db) as session:
        brief = load_strategy(session, client_id).brief
    assert brief.offering == [
        OfferingItem(
            name="Brunello di Montalcino",
            description="il nostro rosso",
            signature=True,
            months=[9, 10, 11],
        ),
        OfferingItem(name="Olio nuovo", months=[10, 11, 12]),
    ]
    assert brief.places == ["la cantina", "la vigna"]
    assert brief.events == [BriefEvent(name="Vendemmia aperta", month=9)]

    again = open_app("brief", client=client_id)
    assert again.text_area(key="brief.offering").value == (
        "* Brunello di Montalcino | il nostro rosso | 9-11\nOlio nuovo | 10-12"
    )


def test_a_bad_line_is_named_stays_on_screen_and_the_good_lines_are_saved(db: Engine) -> None:
    client_id = make_client(db, "Enoteca Blu")
    at = open_app("brief", client=client_id, lang="en")
    typed = "Brunello | our red | 9-13\n | no name\nRosso di Montalcino"
    at.text_area(key="brief.offering").input(typed)
    at.text_input(key="brief.city").input("Siena").run()
    assert [e.value for e in at.error] == [
        "Offering › row 1: “13” is not a month: write a number from 1 to 12, a range such as"
        " 9-11 or the month's name.",
        "Offering › row 2: the name is missing: write it before the bar “|”.",
    ]
    assert at.text_area(key="brief.offering").value == typed  # nothing typed is lost
    assert "Everything saved except" in texts(at)
    with read_session(db) as session:
        brief = load_strategy(session, client_id).brief
    assert brief.offering == [OfferingItem(name="Rosso di Montalcino")]
    assert brief.city == "Siena"

    at.text_area(key="brief.offering").input(typed.replace("9-13", "9-11")).run()
    assert len(at.error) == 1
    with read_session(db) as session:
        names = [i.name for i in load_strategy(session, client_id).brief.offering]
    assert names == ["Brunello", "Rosso di Montalcino"]
