"""Italian (default) and English: one JSON catalogue per language, Babel for formats."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal

from workbench.errors import FieldProblem, InvalidInput, WorkbenchError

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "Amount",
    "Label",
    "Localized",
    "Message",
    "catalogue",
    "describe_error",
    "describe_problem",
    "field_label",
    "fmt_date",
    "fmt_datetime",
    "fmt_money",
    "fill",
    "fmt_number",
    "is_one",
    "one_line",
    "render",
    "t",
]

LANGUAGES = ("it", "en")
DEFAULT_LANGUAGE = "it"
LOCALES = {"it": "it_IT", "en": "en_GB"}
CATALOGUE_DIR = Path(__file__).resolve().parent / "locales"


@lru_cache(maxsize=len(LANGUAGES))
def catalogue(lang: str) -> dict[str, str]:
    """All strings of one language, keyed by dotted names."""
    path = CATALOGUE_DIR / f"{lang}.json"
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _lang(lang: str | None) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


# Parameters that hold a count: with one of them equal to 1, `KEY.one` is used if it exists.
COUNT_PARAMS = ("n", "count", "rows")


# `{hours|ora|ore}` in a catalogue string: the first form when the parameter is one.
_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")
# Italian elision before a number read with a vowel: otto..., undici (not diciotto).
_ELISION = re.compile(r"\b([Dd]al|[Aa]l|[Dd]el|[Nn]el|[Ss]ul|[Ii]l) (?=8|11(?![\d,]))")
_ELIDED = {"dal": "dall'", "al": "all'", "del": "dell'", "nel": "nell'", "sul": "sull'", "il": "l'"}


def is_one(value: Any) -> bool:
    """A count of exactly one, given as a number or as the text shown ("1")."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        return value == 1
    return isinstance(value, str) and value.strip() == "1"


def fill(text: str, lang: str, params: Mapping[str, Any]) -> str:
    """A catalogue string with its parameters, in good grammar: "1 ora", "2 ore", "dall'8".

    A form that depends on a count is written `{hours|ora|ore}` (the first when the parameter
    is one); in Italian a preposition before a number said with a vowel (8, 11, 80, 800) is
    elided, after the values are in ("dal {start}" with start "8 dicembre").
    """
    text = _PLURAL.sub(lambda m: m[2] if is_one(params.get(m[1])) else m[3], text)
    text = text.format(**params)
    return _ELISION.sub(lambda m: _elided(m[1]), text) if lang == "it" else text


def _elided(word: str) -> str:
    short = _ELIDED[word.lower()]
    return short.capitalize() if word[0].isupper() else short


def t(key: str, lang: str | None = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The string for `key` in `lang`, with `{name}` parameters filled; Italian as fallback.

    A message with a count of exactly one reads `KEY.one` when the catalogue has it
    ("1 post spostato" against "{n} post spostati"); plural forms and elision: `fill`.
    """
    lang = _lang(lang)
    if any(is_one(params.get(name)) for name in COUNT_PARAMS):
        one = catalogue(lang).get(f"{key}.one")
        if one:
            return fill(one, lang, params)
    text = catalogue(lang).get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
    return fill(text, lang, params) if params else text


def fmt_number(value: int | float | Decimal, lang: str | None, digits: int = 0) -> str:
    """1234.5 -> '1.234,5' (it) or '1,234.5' (en); at most `digits` decimals."""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALES[_lang(lang)])


def fmt_money(value: Decimal | int, lang: str | None, currency: str = "EUR") -> str:
    """Decimal('1234.5') -> '1.234,50 €' (it) or '€1,234.50' (en)."""
    return format_currency(value, currency, locale=LOCALES[_lang(lang)])


def fmt_date(value: date, lang: str | None, fmt: str = "medium") -> str:
    return format_date(value, format=fmt, locale=LOCALES[_lang(lang)])


def fmt_datetime(value: datetime, lang: str | None, tz: str = "Europe/Rome") -> str:
    """A stored UTC time in the user's time zone, to the minute, e.g. '23 nov 2026, 10:32'."""
    local = value.astimezone(ZoneInfo(tz))
    locale = LOCALES[_lang(lang)]
    day = format_date(local, "medium", locale=locale)
    return f"{day}, {format_time(local, 'short', locale=locale)}"


def field_label(loc: tuple[str | int, ...], lang: str | None) -> str:
    """'Brief › Account social › riga 2 › Follower' from ('brief', 'social_accounts', 1, ...).

    A field named under a parent may have its own label (`fields.personas.name`).
    """
    known = catalogue(DEFAULT_LANGUAGE)
    parts: list[str] = []
    parent: str | None = None
    for part in loc:
        if isinstance(part, int):
            parts.append(t("fields.row", lang, n=part + 1))
            continue
        for key in (f"fields.{parent}.{part}", f"fields.{part}"):
            if key in known:
                parts.append(t(key, lang))
                break
        else:
            parts.append(_as_shown(part))
        parent = part
    return " › ".join(parts)


# A field name no catalogue knows comes from the file itself (an unknown key of a JSON).
_SHOWN_MAX = 60


def one_line(text: str, limit: int | None = None) -> str:
    """Text from an untrusted file as one line: control characters and runs of spaces
    become one space; with `limit`, at most that many characters (ending in …)."""
    text = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def _as_shown(name: str) -> str:
    """A field name from a file: one short line, never empty."""
    return one_line(name, _SHOWN_MAX) or repr(name)


def _value(value: Any, lang: str | None) -> str:
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return fmt_number(value, lang, digits=2)
    return one_line(str(value))  # a message is one line, whatever a file put in it


def describe_problem(problem: FieldProblem, lang: str | None) -> str:
    params = {k: _value(v, lang) for k, v in problem.params.items()}
    message = t(problem.key, lang, **params)
    return f"{field_label(problem.loc, lang)}: {message}" if problem.loc else message


def describe_error(error: WorkbenchError, lang: str | None) -> str:
    """One message for the user; for invalid input, every field problem joined."""
    if isinstance(error, InvalidInput):
        return "; ".join(describe_problem(p, lang) for p in error.problems)
    params = {k: _value(v, lang) for k, v in error.params.items()}
    text = t(error.key, lang, **params)
    # An error about a file inside another (an archive member) carries the inner reason.
    cause = getattr(error, "cause", None)
    if isinstance(cause, WorkbenchError):
        text = f"{text}: {describe_error(cause, lang)}"
    return text


# --- messages built by the domain, rendered in the reader's language ---------------------


@dataclass(frozen=True)
class Label:
    """A parameter that is itself a catalogue key, e.g. `Label("platforms.linkedin")`."""

    key: str


@dataclass(frozen=True)
class Amount:
    """A parameter that is money: shown with its currency in the reader's locale."""

    value: Decimal
    currency: str = "EUR"


@dataclass(frozen=True)
class Localized:
    """A parameter from data/ that carries its own translations, e.g. a rule's reasoning."""

    it: str
    en: str


@dataclass(frozen=True)
class Message:
    """What the domain wants to say, in no language yet: a catalogue key and its parameters.

    Parameter values may be Label, Amount, Localized, another Message (rendered in the same
    language, e.g. the reason inside "AI unavailable: {reason}"), numbers, text or lists.
    """

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


def _param(value: Any, lang: str) -> str:
    if isinstance(value, Message):
        return render(value, lang)
    if isinstance(value, Label):
        return t(value.key, lang)
    if isinstance(value, Amount):
        return fmt_money(value.value, lang, value.currency)
    if isinstance(value, Localized):
        return value.it if lang == "it" else value.en
    if isinstance(value, list | tuple):
        return format_list([_param(item, lang) for item in value], locale=LOCALES[lang])
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return fmt_number(value, lang, digits=2)
    return str(value)


def render(message: Message, lang: str | None) -> str:
    """The message in `lang` (Italian when unknown), every parameter formatted for it."""
    lang = _lang(lang)
    return t(message.key, lang, **{k: _param(v, lang) for k, v in message.params.items()})
