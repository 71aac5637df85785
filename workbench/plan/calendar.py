"""Dated events for an editorial plan: Italian holidays, world and awareness days, commercial dates.

- National holidays, and the patron saint of the client's province, come from the `holidays`
  package with Italian (or English) names.
- World, awareness and Italian national days come from data/observances.csv (fixed MM-DD
  dates, with sources), filtered by the client's sector.
- Commercial dates follow rules (Black Friday is the day after the fourth Thursday of
  November; Festa della mamma the second Sunday of May in Italy). The start of the sales
  varies by region each year, so those dates are editable estimates.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from workbench.reference import read_csv, sector_codes_matching, sectors

__all__ = [
    "CalendarEvent",
    "EventKind",
    "calendar_events",
    "commercial_dates",
    "national_holidays",
    "observances",
    "sector_codes",
]

HOLIDAY_LANGUAGES = {"it": "it_IT", "en": "en_US"}
HOLIDAYS_SOURCE = "holidays (Python package), Italy"


class EventKind(StrEnum):
    holiday = "holiday"  # a public holiday, national or the province's patron saint
    observance = "observance"  # a world, awareness or national day
    commercial = "commercial"  # a shopping date


@dataclass(frozen=True)
class CalendarEvent:
    """A date worth a post, named in the reader's language, with where it comes from."""

    date: date
    name: str
    kind: EventKind
    source: str
    note: str = ""
    estimate: bool = False
    key: str = ""  # a holiday's Italian name, the same whatever the reader's language
    patron: bool = False  # the province's patron saint, not a national holiday
    also: tuple[CalendarEvent, ...] = ()  # other holidays of the same date, kept with it
    notice: bool = False  # the opening-hours notice of a holiday period, days before it


def _years(start: date, end: date) -> range:
    return range(start.year, end.year + 1)


@lru_cache(maxsize=64)
def _holidays(province: str, lang: str, years: tuple[int, ...]) -> tuple[tuple[date, str], ...]:
    import holidays  # its country tables load when a plan first needs them

    language = HOLIDAY_LANGUAGES.get(lang, HOLIDAY_LANGUAGES["it"])
    subdiv = province if province in holidays.Italy.subdivisions else None
    days = holidays.country_holidays("IT", subdiv=subdiv, language=language, years=years)
    return tuple((day, name) for day in sorted(days) for name in days.get_list(day))


def national_holidays(
    start: date, end: date, *, province: str = "", lang: str = "it"
) -> list[CalendarEvent]:
    """Italian public holidays from start to end, inclusive, with the province's patron saint."""
    years = tuple(_years(start, end))
    national = set(_holidays("", "it", years))
    named = _holidays(province, lang, years)
    keys = _holidays(province, "it", years)
    return [
        CalendarEvent(
            day,
            name,
            EventKind.holiday,
            HOLIDAYS_SOURCE,
            key=key,
            patron=(day, key) not in national,
        )
        for (day, name), (_, key) in zip(named, keys, strict=True)
        if start <= day <= end
    ]


def sector_codes(sector: str) -> frozenset[str]:
    """The sector codes a brief's sector stands for: the code itself or labels containing it."""
    if sector in {s.code for s in sectors()}:
        return frozenset({sector})
    return sector_codes_matching(sector)


@lru_cache(maxsize=1)
def _observance_rows() -> tuple[dict[str, str], ...]:
    rows = tuple(read_csv("observances.csv"))
    for row in rows:
        month, day = (int(part) for part in row["date"].split("-"))
        date(2024, month, day)  # a bad MM-DD is a data error, raised on load
    return rows


def _on(year: int, month_day: str) -> date | None:
    month, day = (int(part) for part in month_day.split("-"))
    if month == 2 and day == 29 and not calendar.isleap(year):
        return None
    return date(year, month, day)


def observances(
    start: date, end: date, *, sector: str = "", lang: str = "it"
) -> list[CalendarEvent]:
    """World and awareness days in the range that matter to everyone or to the sector."""
    codes = sector_codes(sector)
    events = []
    for row in _observance_rows():
        relevant = set(row["sectors"].split())
        if "all" not in relevant and not relevant & codes:
            continue
        for year in _years(start, end):
            day = _on(year, row["date"])
            if day is not None and start <= day <= end:
                name = row["name_it"] if lang == "it" else row["name_en"]
                events.append(
                    CalendarEvent(day, name, EventKind.observance, row["source"], row["note"])
                )
    return sorted(events, key=lambda e: e.date)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


_COMMERCIAL_NAMES = {
    "valentine": ("San Valentino", "Valentine's Day"),
    "fathers_day": ("Festa del papà", "Father's Day (Italy)"),
    "mothers_day": ("Festa della mamma", "Mother's Day (Italy)"),
    "winter_sales": ("Inizio saldi invernali", "Winter sales start"),
    "summer_sales": ("Inizio saldi estivi", "Summer sales start"),
    "halloween": ("Halloween", "Halloween"),
    "black_friday": ("Black Friday", "Black Friday"),
    "cyber_monday": ("Cyber Monday", "Cyber Monday"),
}
_SALES_NOTE = "stima modificabile: la data esatta la fissa ogni regione"


# Sectors each commercial date matters to; None: every consumer (not B2B) sector.
_SALES_SECTORS = frozenset({"fashion", "retail", "ecommerce", "home_design", "beauty"})
_SHOPPING_SECTORS = _SALES_SECTORS | {"technology", "food_retail", "sport_fitness"}
_COMMERCIAL_SECTORS: dict[str, frozenset[str] | None] = {
    "valentine": None,
    "fathers_day": None,
    "mothers_day": None,
    "winter_sales": _SALES_SECTORS,
    "summer_sales": _SALES_SECTORS,
    "halloween": frozenset(
        {"restaurant", "food_retail", "events", "music_entertainment", "retail"}
    ),
    "black_friday": _SHOPPING_SECTORS,
    "cyber_monday": _SHOPPING_SECTORS,
}


def _commercial_year(year: int) -> Iterator[tuple[str, date, bool]]:
    """(name key, date, estimate) for one year."""
    yield "valentine", date(year, 2, 14), False
    yield "fathers_day", date(year, 3, 19), False
    yield "mothers_day", _nth_weekday(year, 5, calendar.SUNDAY, 2), False
    # Most regions start the winter sales on 5 January (or the working day before Epiphany)
    # and the summer sales on the first Saturday of July: estimates, set region by region.
    yield "winter_sales", date(year, 1, 5), True
    yield "summer_sales", _nth_weekday(year, 7, calendar.SATURDAY, 1), True
    yield "halloween", date(year, 10, 31), False
    black_friday = _nth_weekday(year, 11, calendar.THURSDAY, 4) + timedelta(days=1)
    yield "black_friday", black_friday, False
    yield "cyber_monday", black_friday + timedelta(days=3), False


def _relevant(key: str, codes: frozenset[str]) -> bool:
    wanted = _COMMERCIAL_SECTORS[key]
    if not codes:
        return True
    if wanted is None:
        return any(not s.b2b for s in sectors() if s.code in codes)
    return bool(wanted & codes)


def commercial_dates(
    start: date, end: date, *, sector: str = "", lang: str = "it"
) -> list[CalendarEvent]:
    """Rule-based shopping dates in the range (sales starts are estimates).

    With a sector, only the dates that matter to it (no sales for a restaurant, no
    Valentine's Day for B2B); without one, every date.
    """
    codes = sector_codes(sector)
    events = []
    for year in _years(start, end):
        for key, day, estimate in _commercial_year(year):
            if start <= day <= end and _relevant(key, codes):
                name = _COMMERCIAL_NAMES[key][0 if lang == "it" else 1]
                note = _SALES_NOTE if estimate else ""
                events.append(
                    CalendarEvent(
                        day, name, EventKind.commercial, "Strategy Workbench", note, estimate
                    )
                )
    return sorted(events, key=lambda e: e.date)


def calendar_events(
    start: date, end: date, *, province: str = "", sector: str = "", lang: str = "it"
) -> list[CalendarEvent]:
    """Holidays, relevant observances and commercial dates from start to end, by date."""
    events = [
        *national_holidays(start, end, province=province, lang=lang),
        *observances(start, end, sector=sector, lang=lang),
        *commercial_dates(start, end, sector=sector, lang=lang),
    ]
    return sorted(events, key=lambda e: (e.date, e.kind != EventKind.holiday))
