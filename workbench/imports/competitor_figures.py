"""Competitor figures from a CSV or Excel file: the column schema, the template, the preview.

One row is what one account did on one platform over one period. Headers may be Italian or
English (case, accents and punctuation do not matter); platforms may be written in either
language ("Instagram", "IG", "Twitter", "Canali WhatsApp"). Columns nobody asked for are
listed and ignored. Every problem names its spreadsheet row and the column header as written;
a file with problems is never merged (`apply_competitor_import` refuses it).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO, Literal

import xlsxwriter

from workbench.competitors.metrics import (
    CompetitorRows,
    MergeResult,
    ensure_client_row,
    merge_competitor_rows,
)
from workbench.errors import ImportFailed
from workbench.i18n import catalogue, t
from workbench.imports.tables import (
    MAX_BYTES,
    Cell,
    CellProblem,
    ImportProblem,
    Table,
    TableRow,
    cell_text,
    match_columns,
    normalise_header,
    parse_cell_number,
    parse_date,
    read_table,
)
from workbench.models import NAME_MAX, SHORT_MAX, Competitors, PeriodFigures, Platform, name_key

__all__ = [
    "COLUMNS",
    "COUNT_COLUMNS",
    "REQUIRED_COLUMNS",
    "TEMPLATE_HEADERS",
    "CompetitorImport",
    "apply_competitor_import",
    "parse_competitor_file",
    "parse_platform",
    "write_competitor_template",
]

# Canonical column -> the other headers accepted for it, Italian and English.
COLUMNS: dict[str, tuple[str, ...]] = {
    "competitor": (
        "concorrente",
        "competitor name",
        "nome competitor",
        "nome concorrente",
        "nome",
        "name",
        "brand",
    ),
    "website": ("sito", "sito web", "sito internet", "web site", "url"),
    "handle": ("account", "nome account", "profilo", "username", "nome utente"),
    "platform": ("piattaforma", "social", "social network", "canale", "channel", "network"),
    "period_start": ("inizio periodo", "data inizio", "inizio", "dal", "start", "start date"),
    "period_end": ("fine periodo", "data fine", "fine", "al", "end", "end date"),
    "followers": (
        "follower",
        "follower fine periodo",
        "followers at end",
        "fan",
        "iscritti",
        "subscribers",
    ),
    "followers_start": (
        "follower inizio periodo",
        "follower inizio",
        "followers at start",
        "followers start",
        "iscritti inizio periodo",
    ),
    "posts": ("post", "pubblicazioni", "post pubblicati", "numero post", "n post"),
    "likes": ("like", "mi piace", "reazioni", "reactions"),
    "comments": ("commenti",),
    "shares": ("condivisioni",),
    "saves": ("salvataggi", "salvati"),
    "views": ("visualizzazioni", "riproduzioni", "plays"),
    "reach": ("copertura", "persone raggiunte"),
    "impressions": ("impressioni", "impression"),
}
REQUIRED_COLUMNS = ("competitor", "platform", "period_start", "period_end")
COUNT_COLUMNS = (
    "followers",
    "followers_start",
    "posts",
    "likes",
    "comments",
    "shares",
    "saves",
    "views",
    "reach",
    "impressions",
)
COUNT_LIMIT = 10_000_000_000  # as `Count` in the models
HANDLE_MAX = 100

TEMPLATE_HEADERS: dict[str, dict[str, str]] = {
    "it": {
        "competitor": "Concorrente",
        "website": "Sito web",
        "handle": "Account",
        "platform": "Piattaforma",
        "period_start": "Inizio periodo",
        "period_end": "Fine periodo",
        "followers": "Follower",
        "followers_start": "Follower inizio periodo",
        "posts": "Post",
        "likes": "Mi piace",
        "comments": "Commenti",
        "shares": "Condivisioni",
        "saves": "Salvataggi",
        "views": "Visualizzazioni",
        "reach": "Copertura",
        "impressions": "Impressioni",
    },
    "en": {
        "competitor": "Competitor",
        "website": "Website",
        "handle": "Handle",
        "platform": "Platform",
        "period_start": "Period start",
        "period_end": "Period end",
        "followers": "Followers",
        "followers_start": "Followers at start",
        "posts": "Posts",
        "likes": "Likes",
        "comments": "Comments",
        "shares": "Shares",
        "saves": "Saves",
        "views": "Views",
        "reach": "Reach",
        "impressions": "Impressions",
    },
}

_PLATFORM_ALIASES: dict[str, tuple[str, ...]] = {
    "facebook": ("fb", "pagina facebook", "facebook page"),
    "instagram": ("ig", "insta"),
    "tiktok": ("tik tok", "tt"),
    "youtube": ("yt", "you tube"),
    "linkedin": ("linked in", "pagina linkedin", "linkedin page"),
    "x": ("twitter", "x twitter", "twitter x"),
    "pinterest": (),
    "threads": (),
    "whatsapp": ("canale whatsapp", "canali whatsapp", "whatsapp channel", "whatsapp channels"),
    "telegram": ("canale telegram", "telegram channel"),
}


@lru_cache(maxsize=1)
def _platform_lookup() -> dict[str, Platform]:
    lookup: dict[str, Platform] = {}
    for platform in Platform:
        names = [platform.value, *_PLATFORM_ALIASES[platform.value]]
        names += [
            catalogue(lang).get(f"platforms.{platform.value}", "") for lang in TEMPLATE_HEADERS
        ]
        for name in names:
            if normal := normalise_header(name):
                lookup[normal] = platform
    return lookup


def parse_platform(text: str) -> Platform | None:
    """'Instagram', 'IG', 'Twitter', 'Canali WhatsApp'... -> the Platform; None if unknown."""
    return _platform_lookup().get(normalise_header(text))


# --- parsing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompetitorImport:
    """The preview of an import: the rows read (only the valid ones), which columns were
    recognised (canonical -> header as written), which were ignored, and every problem."""

    competitors: tuple[CompetitorRows, ...]
    columns: Mapping[str, str]
    unknown_columns: tuple[str, ...]
    problems: tuple[ImportProblem, ...]
    rows_read: int = 0
    table: Table | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def figures_count(self) -> int:
        return sum(len(c.figures) for c in self.competitors)


def parse_competitor_file(
    data: bytes, filename: str, *, max_bytes: int = MAX_BYTES
) -> CompetitorImport:
    """Read competitor figures from CSV or .xlsx bytes into a preview with its problems.

    Raises ImportFailed when the file itself cannot be read (too large, not CSV or Excel,
    empty); problems with its content are listed in the result instead.
    """
    table = read_table(data, filename, max_bytes=max_bytes)
    match = match_columns(table.header, COLUMNS)
    columns = {name: table.header[i] for name, i in match.columns.items()}
    problems = [
        ImportProblem(None, None, "import.missing_column", {"names": _names(name)})
        for name in REQUIRED_COLUMNS
        if name not in match.columns
    ]
    problems += [
        ImportProblem(
            table.header_row,
            table.header[repeated],
            "import.duplicate_column",
            {"first": table.header[first]},
        )
        for _, first, repeated in match.duplicates
    ]
    if problems:
        return CompetitorImport((), columns, match.unknown, tuple(problems), len(table.rows), table)
    if not table.rows:
        problems.append(ImportProblem(None, None, "import.no_rows"))
    reader = _RowReader(table, match.columns)
    for row in table.rows:
        reader.read(row)
    problems += reader.problems
    return CompetitorImport(
        tuple(reader.competitors()),
        columns,
        match.unknown,
        tuple(problems),
        len(table.rows),
        table,
    )


def _names(canonical: str) -> tuple[str, ...]:
    return tuple(headers[canonical] for headers in TEMPLATE_HEADERS.values())


class _RowReader:
    """Reads rows one by one, collecting valid figures per competitor and every problem."""

    def __init__(self, table: Table, columns: Mapping[str, int]) -> None:
        self.table = table
        self.columns = columns
        self.problems: list[ImportProblem] = []
        self._entries: dict[str, dict[str, Any]] = {}
        self._seen: dict[tuple[str, Platform, date, date], int] = {}

    def _header(self, name: str) -> str:
        return self.table.header[self.columns[name]]

    def _cell(self, row: TableRow, name: str) -> Cell:
        return row.cell(self.columns[name]) if name in self.columns else ""

    def _problem(self, row: TableRow, name: str, key: str, **params: Any) -> None:
        self.problems.append(ImportProblem(row.number, self._header(name), key, params))

    def _text(self, row: TableRow, name: str, limit: int, *, required: bool = False) -> str | None:
        text = cell_text(self._cell(row, name)).strip()
        if required and not text:
            self._problem(row, name, "import.required")
            return None
        if len(text) > limit:
            self._problem(row, name, "import.too_long", limit=limit)
            return None
        return text

    def _date(self, row: TableRow, name: str) -> date | None:
        try:
            value = parse_date(self._cell(row, name))
        except CellProblem as problem:
            self._problem(row, name, problem.key, **problem.params)
            return None
        if value is None:
            self._problem(row, name, "import.required")
        return value

    def _count(self, row: TableRow, name: str) -> tuple[bool, int | None]:
        cell = self._cell(row, name)
        try:
            number = parse_cell_number(cell, decimal_comma=self.table.decimal_comma)
        except CellProblem as problem:
            self._problem(row, name, problem.key, **problem.params)
            return False, None
        if number is None:
            return True, None
        value = cell_text(cell)
        if number < 0:
            self._problem(row, name, "import.negative", value=value)
        elif number != number.to_integral_value():
            self._problem(row, name, "import.not_whole", value=value)
        elif number > COUNT_LIMIT:
            self._problem(row, name, "import.too_large", value=value, limit=COUNT_LIMIT)
        else:
            return True, int(number)
        return False, None

    def read(self, row: TableRow) -> None:
        before = len(self.problems)
        name = self._text(row, "competitor", NAME_MAX, required=True)
        website = self._text(row, "website", SHORT_MAX)
        handle = self._text(row, "handle", HANDLE_MAX)
        platform = self._platform(row)
        start, end = self._date(row, "period_start"), self._date(row, "period_end")
        if start and end and start > end:
            self._problem(row, "period_end", "import.period_reversed", start=start, end=end)
        counts: dict[str, int | None] = {}
        for column in COUNT_COLUMNS:
            valid, value = self._count(row, column)
            if valid:
                counts[column] = value
        if len(self.problems) > before or not (name and platform and start and end):
            return
        key = (name_key(name), platform, start, end)
        if key in self._seen:
            self._problem(row, "period_start", "import.duplicate_row", other=str(self._seen[key]))
            return
        self._seen[key] = row.number
        figures = PeriodFigures(platform=platform, period_start=start, period_end=end, **counts)
        entry = self._entries.setdefault(
            name_key(name), {"name": name, "figures": [], "website": "", "handles": {}}
        )
        entry["figures"].append(figures)
        entry["website"] = website or entry["website"]
        if handle:
            entry["handles"][platform] = handle

    def _platform(self, row: TableRow) -> Platform | None:
        text = self._text(row, "platform", SHORT_MAX, required=True)
        if not text:
            return None
        platform = parse_platform(text)
        if platform is None:
            self._problem(row, "platform", "import.unknown_platform", value=text)
        return platform

    def competitors(self) -> list[CompetitorRows]:
        return [
            CompetitorRows(e["name"], tuple(e["figures"]), e["website"], e["handles"])
            for e in self._entries.values()
        ]


def apply_competitor_import(
    competitors: Competitors, parsed: CompetitorImport, *, client_name: str
) -> MergeResult:
    """The client's competitor set with an import merged in, the client as reference row.

    Refuses (ImportFailed) a file with problems: nothing of it is merged.
    """
    if parsed.problems:
        raise ImportFailed("errors.import_has_problems", count=len(parsed.problems))
    return merge_competitor_rows(ensure_client_row(competitors, client_name), parsed.competitors)


# --- template ---------------------------------------------------------------------------------

_EXAMPLES: dict[str, tuple[dict[str, Any], ...]] = {
    lang: (
        {
            "competitor": name,
            "website": website,
            "handle": handle,
            "platform": "Instagram",
            "period_start": date(2026, 11, 2),
            "period_end": date(2026, 11, 8),
            "followers": 4250,
            "followers_start": 4180,
            "posts": 5,
            "likes": 612,
            "comments": 48,
            "shares": 21,
            "saves": 35,
            "views": 9800,
        },
        {
            "competitor": name,
            "website": website,
            "handle": handle.removeprefix("@"),
            "platform": "Facebook",
            "period_start": date(2026, 11, 2),
            "period_end": date(2026, 11, 8),
            "followers": 3900,
            "posts": 3,
            "likes": 140,
            "comments": 12,
            "shares": 9,
        },
    )
    for lang, name, website, handle in (
        ("it", "Forno Esempio", "https://www.fornoesempio.it", "@fornoesempio"),
        ("en", "Example Bakery", "https://www.examplebakery.com", "@examplebakery"),
    )
}
_DATE_FORMATS = {"it": ("%d/%m/%Y", "dd/mm/yyyy"), "en": ("%Y-%m-%d", "yyyy-mm-dd")}


def _template_lang(lang: str) -> str:
    return lang if lang in TEMPLATE_HEADERS else "it"


def _csv_value(value: Any, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime(_DATE_FORMATS[lang][0])
    return str(value)


def write_competitor_template(
    target: str | Path | BinaryIO, *, fmt: Literal["csv", "xlsx"], lang: str = "it"
) -> None:
    """Write the import template: headers in `lang`, two example rows.

    CSV: UTF-8 with BOM, `;` and Italian decimals for `it`, `,` for `en`. Excel: a data
    sheet (frozen header, filters, real dates and numbers) and a sheet explaining the columns.
    """
    lang = _template_lang(lang)
    headers = TEMPLATE_HEADERS[lang]
    examples = _EXAMPLES[lang]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";" if lang == "it" else ",", lineterminator="\r\n")
        writer.writerow(headers.values())
        for example in examples:
            writer.writerow(_csv_value(example.get(name), lang) for name in headers)
        data = buffer.getvalue().encode("utf-8-sig")
        if isinstance(target, str | Path):
            Path(target).write_bytes(data)
        else:
            target.write(data)
        return
    if fmt != "xlsx":
        raise ValueError(f"unknown template format {fmt!r}")
    _write_xlsx_template(target, lang)


def _write_xlsx_template(target: str | Path | BinaryIO, lang: str) -> None:
    headers = TEMPLATE_HEADERS[lang]
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    workbook = xlsxwriter.Workbook(str(target) if isinstance(target, Path) else target, options)
    bold = workbook.add_format({"bold": True, "bg_color": "#EDEDED", "border": 1})
    day = workbook.add_format({"num_format": _DATE_FORMATS[lang][1]})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    data = workbook.add_worksheet(t("import.template_sheet", lang))
    for column, name in enumerate(headers):
        data.write_string(0, column, headers[name], bold)
        data.set_column(column, column, max(12, len(headers[name]) + 4))
        for row, example in enumerate(_EXAMPLES[lang], start=1):
            value = example.get(name)
            if value is None:
                continue
            if isinstance(value, date):
                data.write_datetime(row, column, value, day)
            elif isinstance(value, int):
                data.write_number(row, column, value)
            else:
                data.write_string(row, column, str(value))
    data.set_column(0, 1, 26)
    data.freeze_panes(1, 0)
    data.autofilter(0, 0, len(_EXAMPLES[lang]), len(headers) - 1)

    help_sheet = workbook.add_worksheet(t("import.template_help_sheet", lang))
    help_sheet.write_string(0, 0, t("import.template_help_column", lang), bold)
    help_sheet.write_string(0, 1, t("import.template_help_text", lang), bold)
    help_sheet.set_column(0, 0, 26)
    help_sheet.set_column(1, 1, 90)
    for row, name in enumerate(headers, start=1):
        help_sheet.write_string(row, 0, headers[name])
        help_sheet.write_string(row, 1, t(f"import.template_help.{name}", lang), wrap)
    help_sheet.freeze_panes(1, 0)
    workbook.close()
