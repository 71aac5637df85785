"""Holidays, patron saints, observances and commercial dates for the editorial plan."""

from __future__ import annotations

from datetime import date

from workbench.plan.calendar import (
    EventKind,
    calendar_events,
    commercial_dates,
    national_holidays,
    observances,
)
from workbench.reference import read_csv, sectors


def _names(events: list, day: date) -> set[str]:
    return {e.name for e in events if e.date == day}


def test_bologna_gets_san_petronio_and_the_new_san_francesco_holiday() -> None:
    events = national_holidays(date(2026, 10, 1), date(2026, 10, 31), province="BO")
    names = _names(events, date(2026, 10, 4))
    assert "San Petronio" in names
    assert any("San Francesco" in name for name in names)
    assert {e.kind for e in events} == {EventKind.holiday}


def test_san_francesco_is_a_national_holiday_only_from_2026() -> None:
    assert not _names(national_holidays(date(2025, 10, 4), date(2025, 10, 4)), date(2025, 10, 4))
    assert _names(national_holidays(date(2027, 10, 4), date(2027, 10, 4)), date(2027, 10, 4))


def test_patron_saint_only_for_the_province() -> None:
    rome = national_holidays(date(2026, 10, 4), date(2026, 10, 4), province="RM")
    assert "San Petronio" not in _names(rome, date(2026, 10, 4))
    peter_and_paul = date(2026, 6, 29)
    assert _names(
        national_holidays(peter_and_paul, peter_and_paul, province="RM"), peter_and_paul
    ) == {"Santi Pietro e Paolo"}
    assert not national_holidays(peter_and_paul, peter_and_paul, province="BO")


def test_holiday_names_in_italian_and_english() -> None:
    christmas = date(2026, 12, 25)
    assert _names(national_holidays(christmas, christmas, lang="it"), christmas) == {"Natale"}
    assert _names(national_holidays(christmas, christmas, lang="en"), christmas) == {
        "Christmas Day"
    }


def test_unknown_province_still_gives_national_holidays() -> None:
    events = national_holidays(date(2026, 1, 1), date(2026, 12, 31), province="ZZ")
    assert date(2026, 4, 25) in {e.date for e in events}


def test_observances_are_filtered_by_sector() -> None:
    year = (date(2026, 1, 1), date(2026, 12, 31))
    food = observances(*year, sector="restaurant")
    tech = observances(*year, sector="technology")
    assert "Giornata mondiale della pasta" in {e.name for e in food}
    assert "Giornata mondiale della pasta" not in {e.name for e in tech}
    # Days for everyone appear whatever the sector, and with an unknown one.
    for events in (food, tech, observances(*year, sector="")):
        assert _names(events, date(2026, 3, 8)) == {"Giornata internazionale della donna"}


def test_observance_sector_labels_match_too() -> None:
    events = observances(date(2026, 10, 25), date(2026, 10, 25), sector="Ristorazione", lang="en")
    assert {e.name for e in events} == {"World Pasta Day"}


def test_observances_csv_is_sourced_and_uses_known_sectors() -> None:
    codes = {s.code for s in sectors()} | {"all"}
    for row in read_csv("observances.csv"):
        assert row["source"] and row["year"] and row["region"] and row["note"]
        assert set(row["sectors"].split()) <= codes, row


def test_commercial_dates_follow_their_rules() -> None:
    events = commercial_dates(date(2026, 1, 1), date(2027, 12, 31))
    by_name: dict[str, list[date]] = {}
    for event in events:
        by_name.setdefault(event.name, []).append(event.date)
    assert by_name["Black Friday"] == [date(2026, 11, 27), date(2027, 11, 26)]
    assert by_name["Festa della mamma"] == [date(2026, 5, 10), date(2027, 5, 9)]
    assert by_name["San Valentino"] == [date(2026, 2, 14), date(2027, 2, 14)]
    assert by_name["Inizio saldi estivi"] == [date(2026, 7, 4), date(2027, 7, 3)]
    sales = [e for e in events if e.name.startswith("Inizio saldi")]
    assert sales and all(e.estimate and "stima" in e.note for e in sales)


def test_calendar_events_are_dated_within_the_range_and_sorted() -> None:
    start, end = date(2026, 10, 1), date(2026, 12, 31)
    events = calendar_events(start, end, province="BO", sector="restaurant", lang="it")
    assert all(start <= e.date <= end for e in events)
    assert [e.date for e in events] == sorted(e.date for e in events)
    assert {EventKind.holiday, EventKind.observance, EventKind.commercial} <= {
        e.kind for e in events
    }


def test_commercial_dates_are_filtered_by_sector() -> None:
    year = (date(2026, 1, 1), date(2026, 12, 31))
    fashion = {e.name for e in commercial_dates(*year, sector="fashion")}
    restaurant = {e.name for e in commercial_dates(*year, sector="restaurant")}
    b2b = {e.name for e in commercial_dates(*year, sector="b2b_industry")}
    assert {"Inizio saldi invernali", "Black Friday", "San Valentino"} <= fashion
    assert "Inizio saldi invernali" not in restaurant
    assert {"San Valentino", "Halloween"} <= restaurant
    assert "San Valentino" not in b2b
