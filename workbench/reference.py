"""Reference data from data/: loaded once, every row keeping its source, year and region."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from babel import Locale

__all__ = [
    "DATA_DIR",
    "SourcedValue",
    "Province",
    "Sector",
    "countries",
    "provinces",
    "regions",
    "sector_codes_matching",
    "sectors",
]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def read_csv(name: str) -> list[dict[str, str]]:
    """Rows of a data/ CSV file as dicts (UTF-8, BOM tolerated)."""
    with (DATA_DIR / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True)
class SourcedValue:
    """A figure from the world with where it comes from; `estimate` when no source has it."""

    value: Decimal
    unit: str
    source: str
    year: int
    region: str
    note: str = ""
    estimate: bool = False

    @classmethod
    def from_row(cls, row: dict[str, str], value_column: str = "value") -> SourcedValue:
        """A data/ CSV row with value, unit, source, year, region and optional note/estimate."""
        return cls(
            value=Decimal(row[value_column]),
            unit=row.get("unit", ""),
            source=row["source"],
            year=int(row["year"]),
            region=row["region"],
            note=row.get("note", ""),
            estimate=row.get("estimate", "").strip().lower() in {"true", "1", "yes"},
        )


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    region: str


@dataclass(frozen=True)
class Sector:
    code: str
    label_it: str
    label_en: str
    b2b: bool

    def label(self, lang: str) -> str:
        return self.label_it if lang == "it" else self.label_en


@lru_cache(maxsize=1)
def provinces() -> tuple[Province, ...]:
    """Italian provinces with their region (ISTAT codes, as the holidays package uses)."""
    rows = read_csv("it_provinces.csv")
    return tuple(Province(r["code"], r["name"], r["it_region"]) for r in rows)


@lru_cache(maxsize=1)
def regions() -> tuple[str, ...]:
    return tuple(sorted({p.region for p in provinces()}))


@lru_cache(maxsize=1)
def sectors() -> tuple[Sector, ...]:
    return tuple(
        Sector(r["code"], r["label_it"], r["label_en"], r["b2b"] == "true")
        for r in read_csv("sectors.csv")
    )


def sector_codes_matching(text: str) -> frozenset[str]:
    """Codes of the sectors whose label, in either language, contains `text`."""
    needle = text.casefold().strip()
    if not needle:
        return frozenset()
    return frozenset(
        s.code
        for s in sectors()
        if needle in s.label_it.casefold() or needle in s.label_en.casefold()
    )


@lru_cache(maxsize=4)
def countries(lang: str) -> tuple[tuple[str, str], ...]:
    """(ISO code, localised name) of every country, sorted by name; from Babel's CLDR data."""
    names = Locale.parse(lang).territories
    items = [(code, name) for code, name in names.items() if len(code) == 2 and code.isalpha()]
    return tuple(sorted(items, key=lambda item: item[1].casefold()))
