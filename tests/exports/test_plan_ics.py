"""The plan as an iCalendar file, parsed back with icalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.export_factories import make_post, make_strategy
from workbench.errors import WorkbenchError
from workbench.exports.plan_ics import plan_ics
from workbench.exports.plan_rows import TIME_ZONES, time_zone

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _posts() -> list:
    return [
        make_post(0, date=date(2027, 1, 4), time=time(12, 30)),
        make_post(1, platform="facebook", id="facebook-0001", date=date(2027, 7, 5), time=time(9)),
        make_post(2, status="to_approve", topic="", kind="reactive", caption="", pillar=""),
    ]


def _calendar(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def test_one_event_per_post_at_the_post_local_time_in_rome() -> None:
    posts = _posts()
    calendar = _calendar(plan_ics(make_strategy(posts), lang="it", now=NOW))
    events = calendar.events
    assert len(events) == len(posts)
    by_uid = {str(e["UID"]): e for e in events}
    for post in posts:
        event = by_uid[f"{post.id}.7@strategy-workbench"]
        start = event.start
        assert str(start.tzinfo) == "Europe/Rome"
        assert (start.date(), start.time()) == (post.date, post.time)
        assert event.end - start == timedelta(minutes=30)
    summer = by_uid["facebook-0001.7@strategy-workbench"].start
    assert summer.astimezone(UTC).time() == time(7)  # 9:00 in Rome is 7:00 UTC in July
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Rome"]


def test_uids_are_unique_and_the_same_on_every_export() -> None:
    strategy = make_strategy(_posts())
    first = [str(e["UID"]) for e in _calendar(plan_ics(strategy, lang="it")).events]
    again = [str(e["UID"]) for e in _calendar(plan_ics(strategy, lang="en")).events]
    assert len(set(first)) == len(first) == 3
    assert first == again
    other_client = make_strategy(_posts(), client_id=8)
    assert set(first).isdisjoint(
        str(e["UID"]) for e in _calendar(plan_ics(other_client, lang="it")).events
    )


def test_summary_and_description_speak_the_chosen_language() -> None:
    strategy = make_strategy(_posts())
    event = _calendar(plan_ics(strategy, lang="it")).events[0]
    assert str(event["SUMMARY"]) == "[Instagram] Argomento 0"
    description = str(event["DESCRIPTION"])
    for line in (
        "Rubrica: Prodotti",
        "Formato: Foto",
        "Testo: Testo del post 0",
        "Hashtag: #roma #trattoria",
        "Invito all'azione: Prenota",
        "Link: https://example.it",
        "Stato: Idea",
    ):
        assert line in description.splitlines()
    english = {str(e["SUMMARY"]) for e in _calendar(plan_ics(strategy, lang="en")).events}
    assert "[Instagram] Reactive" in english  # no topic: the kind of post stands in


def test_calendar_is_named_after_the_client() -> None:
    calendar = _calendar(plan_ics(make_strategy(_posts()), lang="en"))
    assert str(calendar["X-WR-CALNAME"]) == "Editorial plan: Trattoria Roma"
    assert str(calendar["VERSION"]) == "2.0" and "PRODID" in calendar


@pytest.mark.parametrize(
    ("country", "zone"), [("IT", "Europe/Rome"), ("GB", "Europe/London"), ("US", "UTC")]
)
def test_the_client_country_gives_the_time_zone(country: str, zone: str) -> None:
    assert time_zone(country) == zone
    calendar = _calendar(plan_ics(make_strategy(_posts(), country=country), lang="it"))
    start = calendar.events[0].start
    assert (start.time(), str(start.tzinfo)) == (time(12, 30), zone)


def test_an_empty_plan_is_refused_with_a_message() -> None:
    with pytest.raises(WorkbenchError) as raised:
        plan_ics(make_strategy([]), lang="it")
    assert raised.value.key == "exports.empty_plan"


def test_every_listed_zone_exists() -> None:
    assert all(ZoneInfo(zone) for zone in TIME_ZONES.values())
    assert TIME_ZONES["IT"] == "Europe/Rome"
