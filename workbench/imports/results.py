"""Published posts' results from the platforms' own exports or the generic template.

Accepted formats, told apart by their headers (Italian or English):
- Meta Business Suite post export, Instagram and Facebook (`Publish time`/`Orario di
  pubblicazione`, `Permalink`, `Post ID`, `Post type`, `Reach`/`Copertura`, ...);
- LinkedIn page analytics, content export (`Post title`, `Post link`, `Post type`,
  `Created date`, `Impressions`, `Views`, `Clicks`, `Likes`, `Comments`, `Reposts`, `Follows`);
- TikTok content export (`Video title`, `Video link`, `Post time`, `Total likes`, ...);
- YouTube Studio content export (`Content`, `Video title`, `Video publish time`, `Views`, ...);
- the generic template (`write_results_template`).

The file is read by `tables.read_table` (separators, encodings, Italian numbers). Every cell
problem names its row and column; a file with problems is never applied. Rows repeated inside
the file are counted and kept once; rows already stored are skipped on import, so importing
the same file twice adds nothing.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, Literal

import xlsxwriter
from sqlmodel import Session

from workbench.errors import ImportFailed
from workbench.i18n import t
from workbench.imports.competitor_figures import parse_platform
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
    parse_number,
    read_table,
)
from workbench.models import (
    RESULTS_MAX,
    SHORT_MAX,
    Platform,
    PostResult,
    Results,
    ResultSource,
    utcnow,
)
from workbench.strategy import load_strategy, save_section

__all__ = [
    "COUNT_FIELDS",
    "FORMATS",
    "FORMAT_COLUMNS",
    "TEMPLATE_HEADERS",
    "ResultsImport",
    "apply_results_import",
    "parse_results_file",
    "result_key",
    "write_results_template",
]

COUNT_FIELDS = (
    "reach",
    "impressions",
    "views",
    "likes",
    "comments",
    "shares",
    "saves",
    "clicks",
    "followers",
)
COUNT_LIMIT = 10_000_000_000  # as `Count` in the models
TITLE_MAX = SHORT_MAX

# The formats in the order they are tried and listed.
FORMATS: tuple[ResultSource, ...] = (
    "meta_instagram",
    "meta_facebook",
    "linkedin",
    "tiktok",
    "youtube",
    "generic",
)

_META: dict[str, tuple[str, ...]] = {
    "published": ("publish time", "orario di pubblicazione", "ora di pubblicazione"),
    "post_id": ("post id", "id post", "id del post"),
    "link": ("permalink", "link permanente"),
    "title": ("title", "titolo"),
    "description": ("description", "descrizione"),
    "post_type": ("post type", "tipo di post", "tipo di contenuto"),
    "reach": ("reach", "copertura"),
    "impressions": ("impressions", "impressioni", "visualizzazioni delle impressioni"),
    "views": ("views", "visualizzazioni", "plays", "riproduzioni"),
    "likes": ("likes", "mi piace", "reactions", "reazioni"),
    "comments": ("comments", "commenti"),
    "shares": ("shares", "condivisioni"),
    "saves": ("saves", "salvataggi", "elementi salvati"),
    "clicks": ("total clicks", "clic totali", "link clicks", "clic sul link"),
    "followers": ("follows", "follow"),
}
# Canonical field -> accepted headers, per format. Fields: published (date and time, or date
# alone), time, platform, post_id, link, title, post_type and the counts.
FORMAT_COLUMNS: dict[ResultSource, dict[str, tuple[str, ...]]] = {
    "meta_instagram": _META,
    "meta_facebook": _META,
    "linkedin": {
        "published": ("created date", "data di creazione", "date", "data"),
        "link": ("post link", "link del post", "link al post"),
        "title": ("post title", "titolo del post"),
        "post_type": ("post type", "tipo di post"),
        "impressions": ("impressions", "impressioni"),
        "views": ("views excluding off site video views", "views", "visualizzazioni"),
        "clicks": ("clicks", "clic"),
        "likes": ("likes", "reactions", "reazioni", "mi piace"),
        "comments": ("comments", "commenti"),
        "shares": ("reposts", "diffusioni", "shares", "condivisioni"),
        "followers": ("follows", "follower"),
    },
    "tiktok": {
        "published": ("post time", "ora di pubblicazione", "orario di pubblicazione"),
        "link": ("video link", "link del video"),
        "title": ("video title", "titolo del video"),
        "views": ("total views", "visualizzazioni totali"),
        "likes": ("total likes", "mi piace totali"),
        "comments": ("total comments", "commenti totali"),
        "shares": ("total shares", "condivisioni totali"),
        "saves": ("add to favorites", "aggiunti ai preferiti"),
    },
    "youtube": {
        "published": ("video publish time", "ora pubblicazione video", "publish time"),
        "post_id": ("content", "contenuti", "video id"),
        "title": ("video title", "titolo video"),
        "views": ("views", "visualizzazioni"),
        "impressions": ("impressions", "impressioni"),
        "likes": ("likes", "mi piace"),
        "comments": ("comments added", "commenti aggiunti", "comments", "commenti"),
        "shares": ("shares", "condivisioni"),
        "followers": ("subscribers", "iscritti", "subscribers gained", "iscritti ottenuti"),
    },
    "generic": {
        "published": ("date", "data", "data pubblicazione", "publish date", "giorno"),
        "time": ("time", "ora", "orario"),
        "platform": ("platform", "piattaforma", "social", "canale", "channel"),
        "post_id": ("post id", "id post", "id"),
        "link": ("post link", "link al post", "link", "url", "permalink"),
        "title": ("title", "titolo", "caption", "testo", "description", "descrizione"),
        "post_type": ("format", "formato", "post type", "tipo di post", "tipo"),
        "reach": ("reach", "copertura"),
        "impressions": ("impressions", "impressioni"),
        "views": ("views", "visualizzazioni"),
        "likes": ("likes", "mi piace", "reactions", "reazioni"),
        "comments": ("comments", "commenti"),
        "shares": ("shares", "condivisioni"),
        "saves": ("saves", "salvataggi"),
        "clicks": ("clicks", "clic"),
        "followers": ("followers", "follower"),
    },
}
# Headers that only one format writes: any one of them decides the format (normalised).
_SIGNATURES: dict[ResultSource, tuple[str, ...]] = {
    # A platform column: no platform's own export has one (they are one platform each).
    "generic": ("platform", "piattaforma"),
    "tiktok": ("video link", "total views", "total likes", "link del video"),
    "youtube": ("video publish time", "ora pubblicazione video", "titolo video"),
    "linkedin": ("post link", "created date", "link del post", "data di creazione"),
    "meta_facebook": (
        "reactions comments and shares",
        "reazioni commenti e condivisioni",
        "page id",
        "id pagina",
        "page name",
        "nome della pagina",
    ),
    "meta_instagram": ("publish time", "orario di pubblicazione", "permalink"),
}
# Besides one signature, what each format cannot do without.
REQUIRED: dict[ResultSource, tuple[str, ...]] = {
    "meta_instagram": ("published",),
    "meta_facebook": ("published",),
    "linkedin": ("published",),
    "tiktok": ("published",),
    "youtube": ("published",),
    "generic": ("published", "platform"),
}
_PLATFORMS: dict[ResultSource, Platform] = {
    "meta_instagram": Platform.instagram,
    "meta_facebook": Platform.facebook,
    "linkedin": Platform.linkedin,
    "tiktok": Platform.tiktok,
    "youtube": Platform.youtube,
}
# English headers of these formats write dates month first (09/15/2026).
_ENGLISH_PUBLISHED = {"publish time", "created date", "post time"}

TEMPLATE_HEADERS: dict[str, dict[str, str]] = {
    "it": {
        "published": "Data",
        "time": "Ora",
        "platform": "Piattaforma",
        "link": "Link al post",
        "post_id": "ID post",
        "title": "Titolo",
        "post_type": "Formato",
        "reach": "Copertura",
        "impressions": "Impressioni",
        "views": "Visualizzazioni",
        "likes": "Mi piace",
        "comments": "Commenti",
        "shares": "Condivisioni",
        "saves": "Salvataggi",
        "clicks": "Clic",
        "followers": "Follower",
    },
    "en": {
        "published": "Date",
        "time": "Time",
        "platform": "Platform",
        "link": "Post link",
        "post_id": "Post ID",
        "title": "Title",
        "post_type": "Format",
        "reach": "Reach",
        "impressions": "Impressions",
        "views": "Views",
        "likes": "Likes",
        "comments": "Comments",
        "shares": "Shares",
        "saves": "Saves",
        "clicks": "Clicks",
        "followers": "Followers",
    },
}


# --- detection --------------------------------------------------------------------------------


def _detect(header: Sequence[str]) -> ResultSource | None:
    normal = {normalise_header(h) for h in header}
    for fmt, signatures in _SIGNATURES.items():  # in order: generic, then most specific
        if normal & set(signatures):
            return fmt
    return None


def _with_header_row(table: Table, index: int) -> Table:
    """The table read again with data row `index` as its header (LinkedIn writes a title row)."""
    row = table.rows[index]
    return Table(
        tuple(cell_text(c) for c in row.cells),
        table.rows[index + 1 :],
        table.kind,
        table.delimiter,
        table.encoding,
        table.decimal_comma,
        row.number,
    )


# --- dates ------------------------------------------------------------------------------------

_MONTHS = {
    **{m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun"), start=1)},
    **{m: i for i, m in enumerate(("jul", "aug", "sep", "oct", "nov", "dec"), start=7)},
    **{m: i for i, m in enumerate(("gen", "feb", "mar", "apr", "mag", "giu"), start=1)},
    **{m: i for i, m in enumerate(("lug", "ago", "set", "ott", "nov", "dic"), start=7)},
}
_TIME = r"(?:[ T,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?\s*([ap]\.?m\.?)?)?"
_ZONE = r"\s*(?:z|utc|[+-]\d{2}:?\d{2})?"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME + _ZONE, re.IGNORECASE)
_NUMERIC = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})" + _TIME + _ZONE, re.IGNORECASE)
_MONTH_FIRST_NAME = re.compile(r"([a-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})" + _TIME, re.IGNORECASE)
_DAY_FIRST_NAME = re.compile(r"(\d{1,2}) ([a-z]{3})[a-z]*\.? (\d{4})" + _TIME, re.IGNORECASE)


def _clock(match: re.Match[str], first: int) -> time | None:
    hour, minute, second, half = match.group(first, first + 1, first + 2, first + 3)
    if hour is None:
        return None
    h = int(hour)
    if half:
        if not 1 <= h <= 12:
            raise ValueError("hour")
        h = h % 12 + (12 if half.lower().startswith("p") else 0)
    return time(h, int(minute), int(second or 0))


def parse_published(cell: Cell, *, month_first: bool) -> tuple[date, time | None] | None:
    """A publication date and time as the exports write them; None when empty or `Lifetime`.

    ISO (`2026-09-15T18:00:00+0200`, the offset dropped: times stay local), `15/09/2026 18:00`
    (day first, unless `month_first` or the first number is over 12 ... or the second is),
    `Sep 15, 2026`, `15 set 2026`, 12-hour clocks. Raises CellProblem (`results.not_a_date`).
    """
    if isinstance(cell, datetime):
        return cell.date(), (cell.time() if cell.time() != time() else None)
    raw = cell_text(cell).strip()
    if not raw or raw.casefold() in {"lifetime", "totale", "sempre", "-"}:
        return None
    try:
        if m := _ISO.fullmatch(raw):
            return date(int(m[1]), int(m[2]), int(m[3])), _clock(m, 4)
        if m := _NUMERIC.fullmatch(raw):
            first, second = int(m[1]), int(m[3])
            year = int(m[4]) + (2000 if len(m[4]) == 2 else 0)
            if second > 12:
                month_first = True
            elif first > 12:
                month_first = False
            month, day = (first, second) if month_first else (second, first)
            return date(year, month, day), _clock(m, 5)
        if (m := _MONTH_FIRST_NAME.fullmatch(raw)) and m[1].lower() in _MONTHS:
            return date(int(m[3]), _MONTHS[m[1].lower()], int(m[2])), _clock(m, 4)
        if (m := _DAY_FIRST_NAME.fullmatch(raw)) and m[2].lower() in _MONTHS:
            return date(int(m[3]), _MONTHS[m[2].lower()], int(m[1])), _clock(m, 4)
    except ValueError:
        pass
    raise CellProblem("results.not_a_date", value=raw)


def _parse_time(cell: Cell) -> time | None:
    if isinstance(cell, datetime):
        return cell.time()
    raw = cell_text(cell).strip()
    if not raw:
        return None
    if m := re.fullmatch(r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?", raw):
        try:
            return time(int(m[1]), int(m[2]), int(m[3] or 0))
        except ValueError:
            pass
    raise CellProblem("results.not_a_time", value=raw)


# --- parsing ----------------------------------------------------------------------------------


def result_key(post: PostResult) -> tuple[str, ...]:
    """What makes two results the same post: platform and id, else link, else time and title."""
    if post.post_id:
        return (post.platform.value, "id", post.post_id.casefold())
    if post.link:
        return (post.platform.value, "link", post.link.rstrip("/").casefold())
    title = hashlib.sha256(" ".join(post.title.split()).casefold().encode()).hexdigest()[:16]
    return (post.platform.value, "at", post.published_at.isoformat(), title)


@dataclass(frozen=True)
class ResultsImport:
    """The preview of an import: the format, the columns recognised (field -> header as
    written), the columns ignored, the valid rows, every problem, and warnings that do not
    stop the import (zero reach, rows repeated in the file)."""

    format: ResultSource
    columns: Mapping[str, str]
    unknown_columns: tuple[str, ...]
    posts: tuple[PostResult, ...]
    problems: tuple[ImportProblem, ...]
    warnings: tuple[ImportProblem, ...] = ()
    duplicates: int = 0
    rows_read: int = 0
    zero_reach_rows: tuple[int, ...] = field(default=())
    # The generic layout without a platform column, and no platform given: ask for one.
    needs_platform: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def _format_names(lang: str | None) -> str:
    return "; ".join(t(f"results.format.{fmt}", lang) for fmt in FORMATS)


def _generic_without_platform(header: Sequence[str], fmt: ResultSource | None) -> bool:
    """Whether the file is the generic layout missing its platform column.

    It has a date column the template names, and the template's columns read more of it than
    the detected platform's export would (`Post link` alone makes a file look like LinkedIn's).
    """
    generic = match_columns(header, FORMAT_COLUMNS["generic"]).columns
    if "published" not in generic or fmt == "generic":
        return False
    if fmt is None:
        return True
    return len(generic) > len(match_columns(header, FORMAT_COLUMNS[fmt]).columns)


def parse_results_file(
    data: bytes,
    filename: str,
    *,
    lang: str | None = None,
    max_bytes: int = MAX_BYTES,
    platform: Platform | None = None,
) -> ResultsImport:
    """Read results from CSV or .xlsx bytes: detect the format, read every row.

    A file in the generic layout without a platform column takes `platform` for every row;
    without it the result `needs_platform` and is refused: the platform is never guessed.
    Raises ImportFailed when the file cannot be read or its format is not one of `FORMATS`
    (the message lists them, in `lang`); problems with the content are in the result.
    """
    table = read_table(data, filename, max_bytes=max_bytes)
    fmt = _detect(table.header)
    if fmt is None:
        # Some exports (LinkedIn) put a title above the header: look a few rows down.
        for index in range(min(3, len(table.rows))):
            candidate = _with_header_row(table, index)
            if fmt := _detect(candidate.header):
                table = candidate
                break
    if _generic_without_platform(table.header, fmt):
        fmt = "generic"
    if fmt is None:
        raise ImportFailed("results.unknown_format", name=filename, formats=_format_names(lang))
    aliases = FORMAT_COLUMNS[fmt]
    match = match_columns(table.header, aliases)
    columns = {name: table.header[i] for name, i in match.columns.items()}
    needs_platform = fmt == "generic" and "platform" not in match.columns and platform is None
    required = [n for n in REQUIRED[fmt] if not (n == "platform" and platform is not None)]
    problems = [
        ImportProblem(
            None,
            None,
            "results.platform_needed" if name == "platform" else "results.missing_column",
            {"names": _names(fmt, name)},
        )
        for name in required
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
    if not problems and not table.rows:
        problems.append(ImportProblem(None, None, "import.no_rows"))
    if problems:
        return ResultsImport(
            fmt,
            columns,
            match.unknown,
            (),
            tuple(problems),
            (),
            0,
            len(table.rows),
            needs_platform=needs_platform,
        )
    published = normalise_header(table.header[match.columns["published"]])
    reader = _RowReader(
        table, match.columns, fmt, month_first=published in _ENGLISH_PUBLISHED, platform=platform
    )
    for row in table.rows:
        reader.read(row)
    if len(reader.posts) > RESULTS_MAX:
        reader.problems.insert(
            0,
            ImportProblem(
                None, None, "results.too_many", {"limit": RESULTS_MAX, "count": len(reader.posts)}
            ),
        )
    return ResultsImport(
        fmt,
        columns,
        match.unknown,
        tuple(reader.posts),
        tuple(reader.problems),
        tuple(reader.warnings),
        reader.duplicates,
        len(table.rows),
        tuple(reader.zero_reach),
    )


def _names(fmt: ResultSource, name: str) -> tuple[str, ...]:
    if fmt == "generic":
        return tuple(headers[name] for headers in TEMPLATE_HEADERS.values())
    return FORMAT_COLUMNS[fmt][name][:2]


class _RowReader:
    """Reads rows one by one into PostResult, collecting problems, warnings and duplicates."""

    def __init__(
        self,
        table: Table,
        columns: Mapping[str, int],
        fmt: ResultSource,
        *,
        month_first: bool,
        platform: Platform | None = None,
    ) -> None:
        self.platform = platform
        self.table = table
        self.columns = columns
        self.fmt = fmt
        self.month_first = month_first
        self.posts: list[PostResult] = []
        self.problems: list[ImportProblem] = []
        self.warnings: list[ImportProblem] = []
        self.duplicates = 0
        self.zero_reach: list[int] = []
        self._seen: dict[tuple[str, ...], int] = {}

    def _header(self, name: str) -> str:
        return self.table.header[self.columns[name]]

    def _cell(self, row: TableRow, name: str) -> Cell:
        return row.cell(self.columns[name]) if name in self.columns else ""

    def _problem(self, row: TableRow, name: str, key: str, **params: Any) -> None:
        self.problems.append(ImportProblem(row.number, self._header(name), key, params))

    def _text(self, row: TableRow, name: str, limit: int) -> str:
        text = " ".join(cell_text(self._cell(row, name)).split())
        return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

    def _count(self, row: TableRow, name: str) -> int | None:
        cell = self._cell(row, name)
        try:
            number = parse_cell_number(cell, decimal_comma=self.table.decimal_comma)
        except CellProblem as problem:
            self._problem(row, name, problem.key, **problem.params)
            return None
        if number is None:
            return None
        if number != number.to_integral_value() and isinstance(cell, str):
            # A count is whole: `1.234` in a comma-separated Italian export is 1234.
            with contextlib.suppress(CellProblem):
                number = parse_number(cell) or number
        value = cell_text(cell)
        if number < 0:
            self._problem(row, name, "import.negative", value=value)
        elif number != number.to_integral_value():
            self._problem(row, name, "import.not_whole", value=value)
        elif number > COUNT_LIMIT:
            self._problem(row, name, "import.too_large", value=value, limit=COUNT_LIMIT)
        else:
            return int(number)
        return None

    def _published(self, row: TableRow) -> tuple[date, time | None] | None:
        try:
            value = parse_published(self._cell(row, "published"), month_first=self.month_first)
        except CellProblem as problem:
            self._problem(row, "published", problem.key, **problem.params)
            return None
        if value is None:
            self._problem(row, "published", "import.required")
            return None
        day, clock = value
        if clock is None and "time" in self.columns:
            try:
                clock = _parse_time(self._cell(row, "time"))
            except CellProblem as problem:
                self._problem(row, "time", problem.key, **problem.params)
        return day, clock

    def _platform(self, row: TableRow) -> Platform | None:
        if self.fmt in ("meta_instagram", "meta_facebook"):
            kind = self._text(row, "post_type", 100).casefold()
            link = self._text(row, "link", 1000).casefold()
            if kind.startswith("ig ") or "instagram.com" in link:
                return Platform.instagram
            if kind.startswith("fb ") or "facebook.com" in link:
                return Platform.facebook
            return _PLATFORMS[self.fmt]
        if self.fmt != "generic":
            return _PLATFORMS[self.fmt]
        if "platform" not in self.columns:
            return self.platform
        text = self._text(row, "platform", SHORT_MAX)
        if not text:
            self._problem(row, "platform", "import.required")
            return None
        platform = parse_platform(text)
        if platform is None:
            self._problem(row, "platform", "import.unknown_platform", value=text)
        return platform

    def read(self, row: TableRow) -> None:
        before = len(self.problems)
        if self._is_total_row(row):
            return
        published = self._published(row)
        platform = self._platform(row)
        counts = {name: self._count(row, name) for name in COUNT_FIELDS}
        if len(self.problems) > before or published is None or platform is None:
            return
        post_id = self._text(row, "post_id", 200)
        if self.fmt == "youtube" and post_id.casefold() in {"total", "totale"}:
            return
        post = PostResult(
            platform=platform,
            date=published[0],
            time=published[1],
            post_id=post_id,
            link=self._text(row, "link", 1000) or self._youtube_link(post_id),
            title=self._text(row, "title", TITLE_MAX) or self._text(row, "description", TITLE_MAX),
            post_type=self._text(row, "post_type", 100),
            source=self.fmt,
            **counts,
        )
        key = result_key(post)
        if key in self._seen:
            self.duplicates += 1
            column = "post_id" if post.post_id else "link" if post.link else "published"
            self.warnings.append(
                ImportProblem(
                    row.number,
                    self._header(column) if column in self.columns else None,
                    "results.duplicate_row",
                    {"other": str(self._seen[key])},
                )
            )
            return
        self._seen[key] = row.number
        if post.reach == 0:
            self.zero_reach.append(row.number)
            self.warnings.append(
                ImportProblem(row.number, self._header("reach"), "results.zero_reach")
            )
        self.posts.append(post)

    def _youtube_link(self, post_id: str) -> str:
        """YouTube Studio gives the video id (`Content`): its watch link is known."""
        if self.fmt == "youtube" and re.fullmatch(r"[A-Za-z0-9_-]{11}", post_id):
            return f"https://www.youtube.com/watch?v={post_id}"
        return ""

    def _is_total_row(self, row: TableRow) -> bool:
        """YouTube Studio writes a `Total`/`Totale` row first, without a publish time."""
        first = cell_text(row.cell(0)).strip().casefold()
        published = cell_text(self._cell(row, "published")).strip()
        return first in {"total", "totale", "totali"} and not published


def apply_results_import(
    session: Session, client_id: int, parsed: ResultsImport
) -> tuple[int, int]:
    """Add the parsed results to the client's `results` section: (added, skipped duplicates).

    A post already stored (same `result_key`) is skipped, so importing a file twice adds
    nothing. Refuses (ImportFailed) a file with problems: nothing of it is added.
    """
    if parsed.problems:
        raise ImportFailed("errors.import_has_problems", count=len(parsed.problems))
    state = load_strategy(session, client_id).sections["results"]
    current = state.model
    assert isinstance(current, Results)
    seen = {result_key(p) for p in current.posts}
    now = utcnow()
    added: list[PostResult] = []
    for post in parsed.posts:
        key = result_key(post)
        if key in seen:
            continue
        seen.add(key)
        added.append(post.model_copy(update={"imported_at": now}))
    if len(current.posts) + len(added) > RESULTS_MAX:
        raise ImportFailed(
            "results.too_many_stored",
            limit=RESULTS_MAX,
            stored=len(current.posts),
            count=len(added),
        )
    if added:
        updated = Results(posts=[*current.posts, *added])
        save_section(
            session,
            client_id,
            "results",
            updated,
            expected_version=state.version,
            activity="import",
        )
    return len(added), len(parsed.posts) - len(added)


# --- template ---------------------------------------------------------------------------------

_EXAMPLE: dict[str, Any] = {
    "published": date(2026, 11, 2),
    "time": "18:30",
    "platform": "Instagram",
    "link": "https://www.instagram.com/p/EXAMPLE1/",
    "post_type": "Reel",
    "reach": 1234,
    "impressions": 1800,
    "views": 2500,
    "likes": 96,
    "comments": 7,
    "shares": 4,
    "saves": 12,
    "followers": 3,
}
_TITLES = {"it": "Dietro le quinte del forno", "en": "Behind the scenes at the bakery"}


def _template_lang(lang: str | None) -> str:
    return lang if lang in TEMPLATE_HEADERS else "it"


def _example(lang: str) -> dict[str, Any]:
    return {**_EXAMPLE, "title": _TITLES[lang]}


def write_results_template(
    target: str | Path | BinaryIO, *, fmt: Literal["csv", "xlsx"], lang: str | None = "it"
) -> None:
    """Write the generic results template: headers in `lang`, one example row.

    CSV: UTF-8 with BOM, `;` and dd/mm/yyyy for `it`, `,` and yyyy-mm-dd for `en`.
    """
    lang = _template_lang(lang)
    headers = TEMPLATE_HEADERS[lang]
    example = _example(lang)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";" if lang == "it" else ",", lineterminator="\r\n")
        writer.writerow(headers.values())
        writer.writerow(_csv_value(example.get(name), lang) for name in headers)
        data = buffer.getvalue().encode("utf-8-sig")
        if isinstance(target, str | Path):
            Path(target).write_bytes(data)
        else:
            target.write(data)
        return
    if fmt != "xlsx":
        raise ValueError(f"unknown template format {fmt!r}")
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    workbook = xlsxwriter.Workbook(str(target) if isinstance(target, Path) else target, options)
    bold = workbook.add_format({"bold": True, "bg_color": "#EDEDED", "border": 1})
    day = workbook.add_format({"num_format": "dd/mm/yyyy" if lang == "it" else "yyyy-mm-dd"})
    sheet = workbook.add_worksheet(t("results.template_sheet", lang))
    for column, name in enumerate(headers):
        sheet.write_string(0, column, headers[name], bold)
        sheet.set_column(column, column, max(12, len(headers[name]) + 4))
        value = example.get(name)
        if isinstance(value, date):
            sheet.write_datetime(1, column, datetime.combine(value, time()), day)
        elif isinstance(value, int | Decimal):
            sheet.write_number(1, column, value)
        elif value is not None:
            sheet.write_string(1, column, str(value))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, 1, len(headers) - 1)
    workbook.close()


def _csv_value(value: Any, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y" if lang == "it" else "%Y-%m-%d")
    return str(value)
