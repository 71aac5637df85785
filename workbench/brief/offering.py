"""The brief's offering, places, people, differentiators and events as lines a manager types.

One item a line, quick to fill in front of the client:

- offering: `* Brunello di Montalcino | il nostro rosso | 9-11`. A leading `*` marks a
  signature item; the description and the months may be left out (`Nome | 9-11` reads the
  second part as months when it is only months). Months are numbers, ranges (`11-2` runs
  over the new year) or month names, Italian or English, full or three letters.
- places, people, differentiators: one a line.
- events: `Nome | mese`, the month optional.

Each parser returns what the valid lines give and a FieldProblem for each bad line, located
as (field, line index) so the message names the field and the line the manager sees; the
formatters write stored values back in the same syntax (a round trip).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from workbench.errors import FieldProblem
from workbench.models import LIST_MAX, SHORT_MAX, BriefEvent, OfferingItem
from workbench.validation import problems_from_validation

__all__ = [
    "SIGNATURE_MARK",
    "format_events",
    "format_offering",
    "format_words",
    "parse_events",
    "parse_months",
    "parse_offering",
    "parse_words",
]

SIGNATURE_MARK = "*"
_SEPARATOR = "|"

_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("gennaio", "january"),
            ("febbraio", "february"),
            ("marzo", "march"),
            ("aprile", "april"),
            ("maggio", "may"),
            ("giugno", "june"),
            ("luglio", "july"),
            ("agosto", "august"),
            ("settembre", "september", "sept"),
            ("ottobre", "october"),
            ("novembre", "november"),
            ("dicembre", "december"),
        ),
        start=1,
    )
    for full in names
    for name in (full, full[:3])
}
_RANGE = re.compile(r"\s*[-–—]\s*")
_TOKENS = re.compile(r"[,;/\s]+")
# Only numbers and separators: meant as months even when one is wrong ('Rosso | 13').
_NUMERIC = re.compile(r"^[\d\s,;/\-–—]+$")


def _month(token: str) -> int | None:
    folded = token.casefold().rstrip(".")
    if folded.isdigit():
        number = int(folded)
        return number if 1 <= number <= 12 else None
    return _MONTH_NAMES.get(folded)


def parse_months(text: str) -> list[int] | str:
    """'9-11' -> [9, 10, 11]; 'nov-feb' -> [1, 2, 11, 12]; '3, maggio' -> [3, 5]; '' -> [].

    The months sorted without repeats, or the first part that is not a month.
    """
    months: set[int] = set()
    for token in _TOKENS.split(_RANGE.sub("-", text.strip())):
        if not token:
            continue
        ends = token.split("-")
        numbers = [n for n in (_month(end) for end in ends) if n is not None]
        if len(ends) > 2 or len(numbers) != len(ends):
            return next((end for end in ends if _month(end) is None), token) or token
        first, last = numbers[0], numbers[-1]
        span = (last - first) % 12
        months.update((first - 1 + step) % 12 + 1 for step in range(span + 1))
    return sorted(months)


def _format_months(months: Sequence[int]) -> str:
    """[9, 10, 11] -> '9-11'; [3, 5] -> '3, 5'."""
    runs: list[list[int]] = []
    for month in sorted(set(months)):
        if runs and month == runs[-1][-1] + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _lines(text: str | None) -> list[tuple[int, str]]:
    """(index, line) of the non-empty lines, the index counting every line shown."""
    return [(n, line.strip()) for n, line in enumerate((text or "").splitlines()) if line.strip()]


def _too_many(field: str, lines: list[tuple[int, str]]) -> list[FieldProblem]:
    if len(lines) <= LIST_MAX:
        return []
    return [FieldProblem((field, lines[LIST_MAX][0]), "errors.too_many", limit=LIST_MAX)]


def _build(
    model: type[BaseModel], field: str, index: int, data: dict[str, Any]
) -> tuple[Any, list[FieldProblem]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = problems_from_validation(exc)
        for problem in problems:
            problem.loc = (field, index, *problem.loc)
        return None, problems


def parse_offering(text: str | None) -> tuple[list[OfferingItem], list[FieldProblem]]:
    """The offering typed one item a line (see the module docstring); bad lines named."""
    lines = _lines(text)
    problems = _too_many("offering", lines)
    items: list[OfferingItem] = []
    for index, line in lines[:LIST_MAX]:
        signature = line.startswith(SIGNATURE_MARK)
        parts = [p.strip() for p in line.removeprefix(SIGNATURE_MARK).split(_SEPARATOR)]
        name, rest = parts[0], parts[1:]
        months: list[int] | str = []
        description = ""
        if rest:
            last = parse_months(rest[-1])
            if len(rest) == 1 and isinstance(last, str) and not _NUMERIC.match(rest[0]):
                description = rest[0]  # 'Nome | descrizione': the second part is no month
            else:
                months = last
                description = f" {_SEPARATOR} ".join(rest[:-1])
        if not name:
            problems.append(FieldProblem(("offering", index), "errors.line_no_name"))
            continue
        if isinstance(months, str):
            problems.append(FieldProblem(("offering", index), "errors.bad_month", value=months))
            continue
        data = {"name": name, "description": description, "signature": signature}
        item, bad = _build(OfferingItem, "offering", index, {**data, "months": months})
        problems += bad
        if item is not None:
            items.append(item)
    return items, problems


def format_offering(items: Sequence[OfferingItem]) -> str:
    """The offering as the lines `parse_offering` reads back."""
    lines = []
    for item in items:
        parts = [f"{SIGNATURE_MARK} {item.name}" if item.signature else item.name]
        months = _format_months(item.months)
        needs_slot = _SEPARATOR in item.description or isinstance(
            parse_months(item.description), list
        )
        if item.description:
            parts.append(item.description)
        if months or (item.description and needs_slot):
            parts.append(months)
        lines.append(f" {_SEPARATOR} ".join(parts).rstrip())
    return "\n".join(lines)


def parse_events(text: str | None) -> tuple[list[BriefEvent], list[FieldProblem]]:
    """Events typed `Nome | mese` one a line, the month optional; bad lines named."""
    lines = _lines(text)
    problems = _too_many("events", lines)
    events: list[BriefEvent] = []
    for index, line in lines[:LIST_MAX]:
        name, _, when = (part.strip() for part in line.partition(_SEPARATOR))
        if not name:
            problems.append(FieldProblem(("events", index), "errors.line_no_name"))
            continue
        months = parse_months(when)
        if isinstance(months, str):
            problems.append(FieldProblem(("events", index), "errors.bad_month", value=months))
            continue
        if len(months) > 1:
            problems.append(FieldProblem(("events", index), "errors.one_month", value=when))
            continue
        data = {"name": name, "month": months[0] if months else None}
        event, bad = _build(BriefEvent, "events", index, data)
        problems += bad
        if event is not None:
            events.append(event)
    return events, problems


def format_events(events: Sequence[BriefEvent]) -> str:
    """The events as the lines `parse_events` reads back."""
    return "\n".join(f"{e.name} {_SEPARATOR} {e.month}" if e.month else e.name for e in events)


def parse_words(field: str, text: str | None) -> tuple[list[str], list[FieldProblem]]:
    """Places, people or differentiators, one a line; a line over the length limit named."""
    lines = _lines(text)
    problems = _too_many(field, lines)
    words = []
    for index, line in lines[:LIST_MAX]:
        if len(line) > SHORT_MAX:
            problems.append(FieldProblem((field, index), "errors.too_long", limit=SHORT_MAX))
        else:
            words.append(line)
    return words, problems


def format_words(words: Sequence[str]) -> str:
    """One a line."""
    return "\n".join(words)
