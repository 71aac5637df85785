"""Every chart in the user's language: one Vega-Lite locale, set on every spec we draw.

Numbers ("1.234,5" in Italian), money ("1.234 €") and dates (month and day names) follow
`lang` through the spec's `config.locale` (Vega-Lite's d3 number and time format locale),
so an axis, a label or a tooltip never falls back to the browser's en-US.
"""

from __future__ import annotations

from typing import Any

__all__ = ["chart_spec", "chart_locale", "localized"]

_TIME = {
    "it": {
        "dateTime": "%A %e %B %Y, %X",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["domenica", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato"],
        "shortDays": ["dom", "lun", "mar", "mer", "gio", "ven", "sab"],
        "months": [
            "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
            "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre",
        ],
        "shortMonths": [
            "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"
        ],
    },
    "en": {
        "dateTime": "%a %e %b %Y, %X",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        "months": [
            "January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December",
        ],
        "shortMonths": [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
        ],
    },
}  # fmt: skip
_NUMBER = {
    "it": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", "\u00a0€"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]},
}


def chart_locale(lang: str) -> dict[str, Any]:
    """Vega-Lite's `config.locale` for `lang` (Italian when unknown)."""
    lang = lang if lang in _NUMBER else "it"
    return {"number": _NUMBER[lang], "time": _TIME[lang]}


def localized(spec: dict[str, Any], lang: str) -> dict[str, Any]:
    """`spec` (a Vega-Lite dict) with the locale of `lang` set; the spec is changed in place."""
    spec.setdefault("config", {})["locale"] = chart_locale(lang)
    return spec


def chart_spec(chart: Any, lang: str) -> dict[str, Any]:
    """An Altair chart as the Vega-Lite dict Streamlit draws, in the language of `lang`."""
    spec: dict[str, Any] = chart.to_dict(validate=False)
    return localized(spec, lang)
