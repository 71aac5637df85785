"""Read the spreadsheet a manager uploads (CSV or Excel .xlsx) into rows of cells.

Generic on purpose: the competitor figures use it, and so will the platforms' own exports.
What people actually bring: CSV with `;` (Italian Excel) or `,` or tabs, UTF-8 with or without
BOM, Windows-1252 from an old Excel, UTF-16 from Excel's "Unicode text"; numbers written
`1.234,5` or `1,234.5` or `"15,000"`; dates `dd/mm/yyyy`, `yyyy-mm-dd`, `dd.mm.yyyy` or real
Excel dates. The content decides the format, not the file name.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from workbench.errors import ImportFailed
from workbench.i18n import fmt_date, fmt_number, one_line, t

__all__ = [
    "CELL_MAX_CHARS",
    "MAX_BYTES",
    "MAX_ROWS",
    "Cell",
    "CellProblem",
    "ColumnMatch",
    "ImportProblem",
    "Table",
    "TableRow",
    "cell_text",
    "describe_import_problem",
    "match_columns",
    "normalise_header",
    "parse_cell_number",
    "parse_date",
    "parse_number",
    "read_table",
]

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
# A cell or header quoted in a message: enough to recognise it, on one line.
CELL_SHOWN_MAX = 80
# The csv module's own limit on one cell; no export writes cells anywhere near it.
CELL_MAX_CHARS = csv.field_size_limit()

# Text from CSV and Excel text cells; Decimal from Excel number cells; datetime from Excel dates.
Cell = str | Decimal | datetime

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary Office formats (.xls, .doc)
_ZIP = b"PK\x03\x04"
# Files that can pass for text at first sight: PDF, images, RTF.
_NOT_TABLES = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"{\\rtf")
_DELIMITERS = (";", ",", "\t")  # ties go to the first: Italian Excel's own
# How much an .xlsx may grow when unzipped, against the size limit (guards against zip bombs).
_UNZIP_FACTOR = 20


@dataclass(frozen=True)
class TableRow:
    """One data row: its number as a spreadsheet shows it, and its cells."""

    number: int
    cells: tuple[Cell, ...]

    def cell(self, index: int) -> Cell:
        return self.cells[index] if index < len(self.cells) else ""


@dataclass(frozen=True)
class Table:
    """A sheet: the header row as written, the non-empty rows below it, how it was read.

    `decimal_comma` is True for `;` files (Italian), False for `,` files, None when each cell
    says for itself (tab-separated text, Excel text cells).
    """

    header: tuple[str, ...]
    rows: tuple[TableRow, ...]
    kind: str  # "csv" or "xlsx"
    delimiter: str | None = None
    encoding: str | None = None
    decimal_comma: bool | None = None
    header_row: int = 1


class CellProblem(ValueError):
    """A cell that cannot be read as what its column needs; `key` names the message."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(key)


@dataclass(frozen=True)
class ImportProblem:
    """What is wrong in an imported file, where: spreadsheet row (header = 1) and column header
    as written in the file; either is None for a problem of the whole file or column."""

    row: int | None
    column: str | None
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


# --- reading ----------------------------------------------------------------------------------


def _mb(size: int) -> int | Decimal:
    megabytes = Decimal(size) / (1024 * 1024)
    return int(megabytes) if megabytes == int(megabytes) else round(megabytes, 1)


def read_table(
    data: bytes, filename: str, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS
) -> Table:
    """The first sheet of a CSV or .xlsx file as a header and rows of cells.

    Raises ImportFailed when the file is too large, not a CSV or Excel file, or empty.
    """
    if len(data) > max_bytes:
        raise ImportFailed("errors.file_too_large", limit=_mb(max_bytes))
    if data.startswith(_ZIP):
        return _read_xlsx(data, filename, max_bytes=max_bytes, max_rows=max_rows)
    if data.startswith(_OLE):
        if filename.lower().endswith(".xls"):
            raise ImportFailed("errors.import_old_excel", name=filename)
        raise ImportFailed("errors.import_not_table", name=filename)
    if data.startswith(_NOT_TABLES):
        raise ImportFailed("errors.import_not_table", name=filename)
    return _read_csv(data, filename, max_rows=max_rows)


def _decode(data: bytes, filename: str) -> tuple[str, str]:
    candidates: tuple[str, ...]
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    else:
        # cp1252: what Excel on Windows writes for "CSV (delimitato dal separatore di elenco)".
        candidates = ("utf-8", "cp1252")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ImportFailed("errors.import_not_table", name=filename)


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    controls = sum(1 for c in text if c < " " and c not in "\t\r\n")
    return controls > max(2, len(text) // 100)


def _sniff_delimiter(first_line: str) -> str:
    def fields(delimiter: str) -> int:
        return len(next(csv.reader([first_line], delimiter=delimiter), []))

    return max(_DELIMITERS, key=fields)  # max keeps the first of equal counts


_SEP_HINT = re.compile(r"^sep=(.)\s*$", re.IGNORECASE)


def _read_csv(data: bytes, filename: str, *, max_rows: int) -> Table:
    text, encoding = _decode(data, filename)
    if _looks_binary(text):
        raise ImportFailed("errors.import_not_table", name=filename)
    lines = text.splitlines(keepends=True)
    # Excel honours (and hides) a first line `sep=;`: the header is the line after it.
    hint = _SEP_HINT.match(lines[0]) if lines else None
    if hint:
        lines = lines[1:]
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise ImportFailed("errors.import_empty", name=filename)
    delimiter = hint.group(1) if hint else _sniff_delimiter(first)
    reader = csv.reader(io.StringIO("".join(lines)), delimiter=delimiter)
    try:
        records = [tuple(cell.strip() for cell in record) for record in reader]
    except csv.Error as exc:
        if "field limit" in str(exc):  # csv says "field larger than field limit (131072)"
            row = reader.line_num + (1 if hint else 0)
            raise ImportFailed(
                "errors.import_cell_too_long", name=filename, row=row, limit=CELL_MAX_CHARS
            ) from exc
        raise ImportFailed("errors.import_not_table", name=filename) from exc
    decimal_comma = {";": True, ",": False}.get(delimiter)
    return _table(
        records,
        filename,
        kind="csv",
        max_rows=max_rows,
        delimiter=delimiter,
        encoding=encoding,
        decimal_comma=decimal_comma,
    )


def _table(
    records: Iterable[tuple[Cell, ...]],
    filename: str,
    *,
    kind: str,
    max_rows: int,
    delimiter: str | None = None,
    encoding: str | None = None,
    decimal_comma: bool | None = None,
) -> Table:
    header: tuple[str, ...] | None = None
    header_row = 0
    rows: list[TableRow] = []
    for number, record in enumerate(records, start=1):
        cells = _trim(record)
        if not cells:
            continue
        if header is None:
            header, header_row = tuple(cell_text(c) for c in cells), number
            continue
        if len(rows) >= max_rows:
            raise ImportFailed("errors.import_too_many_rows", name=filename, limit=max_rows)
        rows.append(TableRow(number, cells))
    if header is None:
        raise ImportFailed("errors.import_empty", name=filename)
    return Table(header, tuple(rows), kind, delimiter, encoding, decimal_comma, header_row)


def _trim(record: Sequence[Cell]) -> tuple[Cell, ...]:
    end = len(record)
    while end and record[end - 1] == "":
        end -= 1
    return tuple(record[:end])


def _excel_cell(value: object) -> Cell:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    return str(value).strip()


def _read_xlsx(data: bytes, filename: str, *, max_bytes: int, max_rows: int) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFailed("errors.import_not_table", name=filename) from exc
    if "xl/workbook.xml" not in names:  # a Word file, an OpenDocument sheet, any other zip
        raise ImportFailed("errors.import_not_table", name=filename)
    if unpacked > max_bytes * _UNZIP_FACTOR:
        raise ImportFailed("errors.file_too_large", limit=_mb(max_bytes))
    try:
        import openpyxl
    except ImportError as exc:
        raise ImportFailed("errors.import_xlsx_unavailable") from exc
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged file can fail anywhere inside openpyxl
        raise ImportFailed("errors.import_not_table", name=filename) from exc
    try:
        if not workbook.worksheets:
            raise ImportFailed("errors.import_empty", name=filename)
        sheet = workbook.worksheets[0]
        records = (
            tuple(_excel_cell(v) for v in values) for values in sheet.iter_rows(values_only=True)
        )
        return _table(records, filename, kind="xlsx", max_rows=max_rows)
    finally:
        workbook.close()


# --- cells ------------------------------------------------------------------------------------


def cell_text(cell: Cell) -> str:
    """A cell as the text a person would read in it."""
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == time() else cell.isoformat(" ")
    if isinstance(cell, Decimal):
        return format(cell.normalize(), "f") if cell == cell.to_integral_value() else str(cell)
    return cell


# Written in place of a number when it is not known.
_NOT_AVAILABLE = {"", "-", "–", "—", "n/d", "n.d.", "nd", "n/a", "n.a.", "na"}
_GROUP_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'")
_DIGITS = re.compile(r"[\d.,]+")


def _decimal_mark(digits: str, decimal_comma: bool | None) -> str:
    if "." in digits and "," in digits:
        # Both marks: the last one is the decimal mark, whatever the file's convention.
        return "." if digits.rfind(".") > digits.rfind(",") else ","
    if decimal_comma is not None:
        return "," if decimal_comma else "."
    mark = "." if "." in digits else ","
    if digits.count(mark) > 1:
        return "," if mark == "." else "."
    integer, _, fraction = digits.partition(mark)
    grouped = len(fraction) == 3 and 1 <= len(integer) <= 3 and not integer.startswith("0")
    return ("," if mark == "." else ".") if grouped else mark


def parse_number(text: str, *, decimal_comma: bool | None = None) -> Decimal | None:
    """A number as people write it: `1.234,5`, `1,234.5`, `15,000`, `12 %`; None when empty.

    `decimal_comma` says which mark is decimal when only one kind appears (True: Italian);
    None guesses from the text. A trailing % is dropped (the value stays in %).
    Raises CellProblem (`import.not_a_number`) for anything else.
    """
    raw = text.strip()
    if raw.casefold() in _NOT_AVAILABLE:
        return None
    digits = raw.translate(_GROUP_SPACES).replace("\u2212", "-").removesuffix("%")
    negative = digits.startswith("-")
    digits = digits.lstrip("+-")
    if not _DIGITS.fullmatch(digits):
        raise CellProblem("import.not_a_number", value=raw)
    decimal = _decimal_mark(digits, decimal_comma)
    group = "," if decimal == "." else "."
    integer, mark, fraction = digits.partition(decimal)
    valid = (
        (integer or fraction)
        and (not mark or fraction.isdigit())
        and (group not in integer or _grouped(integer, group))
    )
    if not valid:
        raise CellProblem("import.not_a_number", value=raw)
    number = Decimal((integer.replace(group, "") or "0") + ("." + fraction if fraction else ""))
    return -number if negative else number


def _grouped(integer: str, group: str) -> bool:
    return re.fullmatch(rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+", integer) is not None


def parse_cell_number(cell: Cell, *, decimal_comma: bool | None = None) -> Decimal | None:
    """A number cell: Excel numbers as they are, text through `parse_number`."""
    if isinstance(cell, Decimal):
        return cell
    if isinstance(cell, datetime):
        raise CellProblem("import.not_a_number", value=cell_text(cell))
    return parse_number(cell, decimal_comma=decimal_comma)


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DAY_FIRST = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
_EXCEL_EPOCH = date(1899, 12, 30)
# Serial numbers Excel uses for dates from 2000 to 2099, when a date cell lost its format.
_EXCEL_SERIALS = range(36526, 73051)


def parse_date(cell: Cell) -> date | None:
    """A date: Excel dates, `dd/mm/yyyy`, `dd.mm.yyyy`, `dd-mm-yyyy`, `yyyy-mm-dd`; None if empty.

    Day first, as in Italy; two-digit years are 20xx. Raises CellProblem (`import.not_a_date`).
    """
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, Decimal):
        if cell == cell.to_integral_value() and int(cell) in _EXCEL_SERIALS:
            return _EXCEL_EPOCH + timedelta(days=int(cell))
        raise CellProblem("import.not_a_date", value=cell_text(cell))
    raw = cell.strip()
    if not raw:
        return None
    try:
        if iso := _ISO_DATE.fullmatch(raw):
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if day_first := _DAY_FIRST.fullmatch(raw):
            year = int(day_first[4]) + (2000 if len(day_first[4]) == 2 else 0)
            return date(year, int(day_first[3]), int(day_first[1]))
    except ValueError:
        pass
    raise CellProblem("import.not_a_date", value=raw)


# --- headers ----------------------------------------------------------------------------------


def normalise_header(text: str) -> str:
    """' Follower (Inizio periodo)' -> 'follower inizio periodo': no case, accents, punctuation."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


@dataclass(frozen=True)
class ColumnMatch:
    """Which column holds each known field, and the headers that matched nothing."""

    columns: Mapping[str, int]  # canonical name -> column index
    unknown: tuple[str, ...]
    duplicates: tuple[tuple[str, int, int], ...]  # (canonical name, first index, repeated index)


def match_columns(header: Sequence[str], aliases: Mapping[str, Iterable[str]]) -> ColumnMatch:
    """Match a header row against the accepted names of each field (compared normalised)."""
    lookup = {normalise_header(a): name for name, names in aliases.items() for a in (name, *names)}
    columns: dict[str, int] = {}
    unknown: list[str] = []
    duplicates: list[tuple[str, int, int]] = []
    for index, text in enumerate(header):
        normal = normalise_header(text)
        if not normal:
            continue
        name = lookup.get(normal)
        if name is None:
            unknown.append(text)
        elif name in columns:
            duplicates.append((name, columns[name], index))
        else:
            columns[name] = index
    return ColumnMatch(columns, tuple(unknown), tuple(duplicates))


# --- messages ---------------------------------------------------------------------------------


def _param(value: Any, lang: str | None) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Decimal):
        return fmt_number(value, lang, digits=2)
    if isinstance(value, date):
        return fmt_date(value, lang)
    if isinstance(value, tuple | list):
        return " / ".join(_param(v, lang) for v in value)
    return one_line(str(value), CELL_SHOWN_MAX)


def describe_import_problem(problem: ImportProblem, lang: str | None) -> str:
    """'Riga 5, colonna «Follower»: «abc» non è un numero.' in the user's language."""
    message = t(problem.key, lang, **{k: _param(v, lang) for k, v in problem.params.items()})
    column = None if problem.column is None else one_line(problem.column, CELL_SHOWN_MAX)
    if problem.row is not None and column is not None:
        return t("import.at_row_column", lang, row=problem.row, column=column, message=message)
    if problem.row is not None:
        return t("import.at_row", lang, row=problem.row, message=message)
    if column is not None:
        return t("import.at_column", lang, column=column, message=message)
    return message[:1].upper() + message[1:]
