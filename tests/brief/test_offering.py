"""The offering, places, people, differentiators and events typed one a line on the brief."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT
from workbench.brief.offering import (
    format_events,
    format_offering,
    parse_events,
    parse_months,
    parse_offering,
    parse_words,
)
from workbench.i18n import describe_problem
from workbench.models import LIST_MAX, Brief, BriefEvent, OfferingItem


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("9-11", [9, 10, 11]),
        ("9 - 11", [9, 10, 11]),
        ("nov-feb", [1, 2, 11, 12]),
        ("3, maggio", [3, 5]),
        ("Settembre–Novembre", [9, 10, 11]),
        ("june/jul aug.", [6, 7, 8]),
        ("dic", [12]),
        ("", []),
    ],
)
def test_months_as_numbers_ranges_and_names(text: str, months: list[int]) -> None:
    assert parse_months(text) == months


@pytest.mark.parametrize(("text", "bad"), [("13", "13"), ("9-13", "13"), ("brumaio", "brumaio")])
def test_a_part_that_is_no_month_is_returned(text: str, bad: str) -> None:
    assert parse_months(text) == bad


def test_an_offering_line_with_signature_description_and_months() -> None:
    items, problems = parse_offering(
        "* Brunello di Montalcino | il nostro rosso | 9-11\n"
        "Olio nuovo | ottobre-dicembre\n"
        "Visite in cantina | su prenotazione\n"
        "Rosso di Montalcino\n"
    )
    assert problems == []
    assert items == [
        OfferingItem(
            name="Brunello di Montalcino",
            description="il nostro rosso",
            signature=True,
            months=[9, 10, 11],
        ),
        OfferingItem(name="Olio nuovo", months=[10, 11, 12]),
        OfferingItem(name="Visite in cantina", description="su prenotazione"),
        OfferingItem(name="Rosso di Montalcino"),
    ]


def test_bad_lines_are_named_by_field_and_line_and_the_good_ones_kept() -> None:
    text = "Brunello | il nostro rosso | 9-13\n\n  | senza nome\nRosso | 13\nOlio | 11"
    items, problems = parse_offering(text)
    assert items == [OfferingItem(name="Olio", months=[11])]
    assert [describe_problem(p, "it") for p in problems] == [
        "Offerta › riga 1: «13» non è un mese: scrivi un numero da 1 a 12, un intervallo come"
        " 9-11 o il nome del mese.",
        "Offerta › riga 3: manca il nome, da scrivere prima della barra «|».",
        "Offerta › riga 4: «13» non è un mese: scrivi un numero da 1 a 12, un intervallo come"
        " 9-11 o il nome del mese.",
    ]
    assert describe_problem(problems[1], "en") == (
        "Offering › row 3: the name is missing: write it before the bar “|”."
    )


def test_a_description_over_the_limit_is_named_with_its_column() -> None:
    items, problems = parse_offering("Brunello | " + "x" * 201)
    assert items == []
    assert describe_problem(problems[0], "it") == (
        "Offerta › riga 1 › Descrizione: troppo lungo (massimo 200 caratteri)."
    )


def test_more_lines_than_the_limit_keep_the_first_ones() -> None:
    items, problems = parse_offering("\n".join(f"Voce {n}" for n in range(LIST_MAX + 3)))
    assert len(items) == LIST_MAX
    assert [(p.loc, p.key) for p in problems] == [(("offering", LIST_MAX), "errors.too_many")]


def test_the_demo_offering_round_trips() -> None:
    demo = json.loads((ROOT / "data" / "demo_client.json").read_text(encoding="utf-8"))
    brief = Brief.model_validate(demo["brief"])
    text = format_offering(brief.offering)
    assert text.splitlines()[:3] == [
        "* torta di riso | la ricetta bolognese di famiglia",
        "certosino | il dolce di Natale bolognese | 11-12",
        "raviole di San Giuseppe | 3",
    ]
    assert parse_offering(text) == (brief.offering, [])
    assert parse_events(format_events(brief.events)) == (brief.events, [])


def test_a_description_that_reads_as_months_or_holds_a_bar_keeps_its_place() -> None:
    items = [
        OfferingItem(name="Raviole", description="marzo"),
        OfferingItem(name="Menu", description="pranzo | cena", months=[1]),
        OfferingItem(name="Brunch", description="sabato | domenica"),
    ]
    assert parse_offering(format_offering(items)) == (items, [])


def test_events_with_one_month_or_none() -> None:
    events, problems = parse_events("Vinitaly | aprile\nOpen day\nVendemmia | 9-10\n| 5")
    assert events == [BriefEvent(name="Vinitaly", month=4), BriefEvent(name="Open day")]
    assert [describe_problem(p, "it") for p in problems] == [
        "Eventi del cliente › riga 3: «9-10» sono più mesi, ma un evento ne ha uno solo:"
        " scrivi una riga per ogni mese.",
        "Eventi del cliente › riga 4: manca il nome, da scrivere prima della barra «|».",
    ]


def test_places_one_a_line_and_a_long_one_named() -> None:
    words, problems = parse_words("places", "il laboratorio\n\n" + "x" * 201 + "\nla vetrina")
    assert words == ["il laboratorio", "la vetrina"]
    assert [describe_problem(p, "it") for p in problems] == [
        "Luoghi › riga 3: troppo lungo (massimo 200 caratteri)."
    ]
