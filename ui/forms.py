"""Conversions between widget values and model fields (floats from widgets, tables, lines)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

import pandas as pd

from workbench.i18n import t
from workbench.imports.tables import CellProblem, parse_number

__all__ = [
    "cell",
    "code_label",
    "date_input_format",
    "decimal_or_none",
    "lines",
    "parse_typed_number",
    "records",
]


def decimal_or_none(value: float | int | None) -> Decimal | None:
    """A number_input value as Decimal, going through its shortest text so 3.1 stays 3.1."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def cell(value: Any) -> Any:
    """A data_editor cell as a plain value: NaN/NaT to None, timestamps to dates, floats exact."""
    if value is None or (not isinstance(value, str | list) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp | datetime):
        return value.date()
    if isinstance(value, float):
        return decimal_or_none(value)
    if hasattr(value, "item"):  # numpy scalars
        return cell(value.item())
    if isinstance(value, str):
        return value.strip() or None
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of an edited table as dicts, dropping rows the user left entirely empty."""
    rows = []
    for raw in frame.to_dict("records"):
        row = {str(k): cell(v) for k, v in raw.items()}
        if any(v not in (None, "") for v in row.values()):
            rows.append({k: v for k, v in row.items() if v is not None})
    return rows


def lines(text: str | None) -> list[str]:
    """Non-empty lines of a text area, trimmed."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def code_label(prefix: str, lang: str) -> Callable[[Any], str]:
    """A widget's format_func naming a code in `lang`: `prefix.code` from the catalogue.

    Bound to the language now, because Streamlit may call it after the run.
    """
    return lambda code: t(f"{prefix}.{getattr(code, 'value', code)}", lang) if code else ""


def parse_typed_number(text: str | None, lang: str) -> Decimal | None:
    """A number typed by the user: '4,5' and '1.234,5' in Italian, '4.5' understood too.

    Empty is None; anything else that is not a number raises ValueError.
    """
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    for decimal_comma in (lang == "it", lang != "it"):
        try:
            value = parse_number(cleaned, decimal_comma=decimal_comma)
        except CellProblem:
            continue
        if value is not None:
            return value
    raise ValueError(cleaned)


def date_input_format(lang: str) -> str:
    """The format of a date widget in `lang`: day first in Italian, ISO in English."""
    return "DD/MM/YYYY" if lang == "it" else "YYYY-MM-DD"
