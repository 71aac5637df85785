"""Reading the spreadsheets people bring: separators, encodings, Excel, numbers, dates."""

import io
import os
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
import xlsxwriter

from workbench.errors import ImportFailed
from workbench.i18n import describe_error
from workbench.imports.tables import (
    CELL_MAX_CHARS,
    CellProblem,
    ImportProblem,
    describe_import_problem,
    match_columns,
    normalise_header,
    parse_cell_number,
    parse_date,
    parse_number,
    read_table,
)


def refused(data: bytes, name: str = "dati.csv", **limits: int) -> ImportFailed:
    with pytest.raises(ImportFailed) as caught:
        read_table(data, name, **limits)
    return caught.value


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "decimal_comma", "expected"),
    [
        ("1.234,5", True, Decimal("1234.5")),
        ("1234,5", True, Decimal("1234.5")),
        ("1.234.567", True, Decimal("1234567")),
        ("1,234.5", False, Decimal("1234.5")),
        ("15,000", False, Decimal("15000")),
        ("1234", True, Decimal("1234")),
        ("1234", False, Decimal("1234")),
        ("0,5", True, Decimal("0.5")),
        (",5", True, Decimal("0.5")),
        ("1 234", True, Decimal("1234")),
        ("1\u00a0234,5", True, Decimal("1234.5")),  # non-breaking space, as Excel writes it
        ("1\u202f234", False, Decimal("1234")),
        ("  12,5 % ", True, Decimal("12.5")),
        ("3,7%", True, Decimal("3.7")),
        ("-42", True, Decimal("-42")),
        ("\u221242", True, Decimal("-42")),
        ("+7", False, Decimal("7")),
        # both marks: the last one is decimal, whatever the file says
        ("1,234.5", True, Decimal("1234.5")),
        ("1.234,5", False, Decimal("1234.5")),
        # no convention given: guessed from the text
        ("1.234", None, Decimal("1234")),
        ("1,5", None, Decimal("1.5")),
        ("0.125", None, Decimal("0.125")),
        ("1234.567", None, Decimal("1234.567")),
        ("1.234.567", None, Decimal("1234567")),
    ],
)
def test_numbers_as_people_write_them(
    text: str, decimal_comma: bool | None, expected: Decimal
) -> None:
    assert parse_number(text, decimal_comma=decimal_comma) == expected


@pytest.mark.parametrize("text", ["", "   ", "-", "n.d.", "N/A", "nd"])
def test_empty_and_not_available_are_none(text: str) -> None:
    assert parse_number(text, decimal_comma=True) is None


@pytest.mark.parametrize(
    ("text", "decimal_comma"),
    [
        ("abc", True),
        ("12,34,56", True),
        ("12,34,56", False),
        ("12,34,56", None),
        ("1.23.4", True),
        ("12,", True),
        ("1,2,3", False),
        ("12abc", True),
        ("1e5", False),
        (".", False),
        ("€ 12", True),
    ],
)
def test_text_that_is_not_a_number_is_a_problem(text: str, decimal_comma: bool | None) -> None:
    with pytest.raises(CellProblem) as caught:
        parse_number(text, decimal_comma=decimal_comma)
    assert caught.value.key == "import.not_a_number"
    assert caught.value.params == {"value": text.strip()}


def test_excel_numbers_pass_through() -> None:
    assert parse_cell_number(Decimal("1234.5"), decimal_comma=True) == Decimal("1234.5")
    with pytest.raises(CellProblem):
        parse_cell_number(datetime(2026, 11, 2), decimal_comma=True)


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("15/11/2026", date(2026, 11, 15)),
        ("5/3/2026", date(2026, 3, 5)),
        ("15.11.2026", date(2026, 11, 15)),
        ("15-11-2026", date(2026, 11, 15)),
        ("15/11/26", date(2026, 11, 15)),
        ("2026-11-15", date(2026, 11, 15)),
        ("2026-11-15 18:00:00", date(2026, 11, 15)),
        ("2026-11-15T18:00", date(2026, 11, 15)),
        ("15/11/2026 18:00", date(2026, 11, 15)),
        (datetime(2026, 11, 15, 0, 0), date(2026, 11, 15)),
        (Decimal("46341"), date(2026, 11, 15)),  # an Excel date that lost its format
        ("", None),
    ],
)
def test_dates(cell: object, expected: date | None) -> None:
    assert parse_date(cell) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "cell", ["31/02/2026", "2026-13-01", "ieri", "15/11", "15/11-2026", Decimal("12.5")]
)
def test_impossible_dates_are_a_problem(cell: object) -> None:
    with pytest.raises(CellProblem) as caught:
        parse_date(cell)  # type: ignore[arg-type]
    assert caught.value.key == "import.not_a_date"


# --- headers ----------------------------------------------------------------------------------


def test_headers_are_matched_without_case_accents_or_punctuation() -> None:
    assert normalise_header("  Follower (Inizio periodo) ") == "follower inizio periodo"
    assert normalise_header("Località_Città") == "localita citta"
    aliases = {"platform": ("piattaforma",), "period_start": ("inizio periodo",)}
    match = match_columns(["PIATTAFORMA", "Inizio-periodo", "Note", "", "Period start"], aliases)
    assert dict(match.columns) == {"platform": 0, "period_start": 1}
    assert match.unknown == ("Note",)
    assert match.duplicates == (("period_start", 1, 4),)


# --- CSV --------------------------------------------------------------------------------------

ITALIAN = "Nome;Follower;Note\r\nForno Rossi;1.234;caffè\r\n"


def test_italian_csv_with_bom() -> None:
    table = read_table(b"\xef\xbb\xbf" + ITALIAN.encode("utf-8"), "dati.csv")
    assert table.header == ("Nome", "Follower", "Note")
    assert (table.kind, table.delimiter, table.encoding) == ("csv", ";", "utf-8-sig")
    assert table.decimal_comma is True
    assert [(r.number, r.cells) for r in table.rows] == [(2, ("Forno Rossi", "1.234", "caffè"))]


def test_english_csv_with_quoted_thousands_and_a_comma_in_a_header() -> None:
    text = 'Name,"Reactions, comments and shares",Followers\n"Rossi, Bakery","15,000",12\n'
    table = read_table(text.encode("utf-8"), "export.csv")
    assert table.delimiter == "," and table.decimal_comma is False
    assert table.header == ("Name", "Reactions, comments and shares", "Followers")
    assert table.rows[0].cells == ("Rossi, Bakery", "15,000", "12")
    assert parse_number(table.rows[0].cells[1], decimal_comma=table.decimal_comma) == 15000


def test_windows_1252_from_an_old_excel() -> None:
    table = read_table(ITALIAN.encode("cp1252"), "dati.csv")
    assert table.encoding == "cp1252" and table.rows[0].cells[2] == "caffè"


def test_utf16_tab_separated_unicode_text() -> None:
    table = read_table("Nome\tFollower\nCaffè Roma\t12\n".encode("utf-16"), "dati.txt")
    assert table.delimiter == "\t" and table.decimal_comma is None
    assert table.rows[0].cells == ("Caffè Roma", "12")


def test_sep_line_blank_rows_and_row_numbers() -> None:
    text = "sep=,\nA,B\n\n1,2\n,\n3,4\n\n"
    table = read_table(text.encode(), "dati.csv")
    assert table.header == ("A", "B") and table.header_row == 1
    # the spreadsheet's own row numbers: blank rows count, but are not returned
    assert [(r.number, r.cells) for r in table.rows] == [(3, ("1", "2")), (5, ("3", "4"))]
    assert table.rows[0].cell(7) == ""


def test_a_header_after_blank_lines_keeps_its_row_number() -> None:
    table = read_table(b"\n\nA;B\n1;2\n", "dati.csv")
    assert table.header_row == 3 and table.rows[0].number == 4


# --- Excel ------------------------------------------------------------------------------------


def xlsx_with(rows: list[list[object]], *, second_sheet: bool = False) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("Dati")
    dates = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write_datetime(r, c, value, dates)
            elif value is not None:
                sheet.write(r, c, value)
    if second_sheet:
        workbook.add_worksheet("Altro").write(0, 0, "ignorato")
    workbook.close()
    return buffer.getvalue()


def test_excel_first_sheet_with_numbers_dates_and_text() -> None:
    data = xlsx_with(
        [
            ["Nome", "Follower", "Inizio", "Quota"],
            ["Forno Rossi", 1234, datetime(2026, 11, 2), 0.125],
            [None, None, None, None],
            ["Bar Nuovo", "1.234,5", "02/11/2026", None],
        ],
        second_sheet=True,
    )
    table = read_table(data, "dati.xlsx")
    assert (table.kind, table.decimal_comma) == ("xlsx", None)
    assert table.header == ("Nome", "Follower", "Inizio", "Quota")
    first, second = table.rows
    assert first.number == 2 and second.number == 4
    assert first.cells == ("Forno Rossi", Decimal("1234"), datetime(2026, 11, 2), Decimal("0.125"))
    assert parse_cell_number(first.cells[3]) == Decimal("0.125")  # never read as 125
    assert parse_date(first.cells[2]) == date(2026, 11, 2)
    # text cells typed the Italian way
    assert parse_cell_number(second.cells[1], decimal_comma=table.decimal_comma) == Decimal(
        "1234.5"
    )
    assert parse_date(second.cells[2]) == date(2026, 11, 2)


def test_excel_written_by_openpyxl_is_read_by_content_not_name() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Nome", "Follower"])
    workbook.active.append(["Forno Rossi", 10])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "renamed.csv")
    assert table.kind == "xlsx" and table.rows[0].cells == ("Forno Rossi", Decimal("10"))


# --- files that are not tables ----------------------------------------------------------------


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "logo.csv"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", "report.csv"),
        (docx_bytes(), "lettera.csv"),
        (bytes((i * 37 + 11) % 256 for i in range(4096)), "garbage.csv"),
        (b"PK\x03\x04 this is not really a zip", "broken.xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "old.doc"),
    ],
)
def test_what_is_not_csv_or_excel_is_refused_by_name(data: bytes, name: str) -> None:
    error = refused(data, name)
    assert error.key == "errors.import_not_table"
    assert name in describe_error(error, "it") and "CSV" in describe_error(error, "it")


def test_old_xls_is_told_to_save_as_xlsx() -> None:
    error = refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "vecchio.xls")
    assert error.key == "errors.import_old_excel" and ".xlsx" in describe_error(error, "it")


def test_empty_files_are_refused() -> None:
    assert refused(b"", "vuoto.csv").key == "errors.import_empty"
    assert refused(b"\xef\xbb\xbf\r\n ;\r\n", "vuoto.csv").key == "errors.import_empty"
    assert refused(xlsx_with([]), "vuoto.xlsx").key == "errors.import_empty"


def test_a_50_mb_file_is_refused_before_parsing() -> None:
    data = b"A;B\n" + os.urandom(50 * 1024 * 1024)  # unreadable anyway: never parsed
    error = refused(data, "enorme.csv")
    assert (error.key, error.params) == ("errors.file_too_large", {"limit": 10})
    assert describe_error(error, "it") == "Il file supera il limite di 10 MB."
    smaller = refused(b"A;B\n" + b"1;2\n" * 400_000, "medio.csv", max_bytes=1_572_864)
    assert describe_error(smaller, "en") == "The file is over the 1.5 MB limit."


def test_too_many_rows_are_refused() -> None:
    data = "A\n" + "1\n" * 11
    error = refused(data.encode(), "lungo.csv", max_rows=10)
    assert error.key == "errors.import_too_many_rows" and error.params["limit"] == 10


def test_problems_name_row_and_column_in_both_languages() -> None:
    problem = ImportProblem(5, "Follower", "import.not_a_number", {"value": "abc"})
    assert describe_import_problem(problem, "it") == (
        "Riga 5, colonna «Follower»: «abc» non è un numero."
    )
    assert describe_import_problem(problem, "en") == (
        "Row 5, column “Follower”: “abc” is not a number."
    )
    whole_file = ImportProblem(
        None, None, "import.missing_column", {"names": ("Piattaforma", "Platform")}
    )
    assert describe_import_problem(whole_file, "it") == (
        "Manca la colonna «Piattaforma / Platform», che è obbligatoria."
    )


def test_a_cell_over_the_csv_limit_is_named_not_called_a_non_csv() -> None:
    data = b"Nome;Note\nRivale;" + b"x" * (CELL_MAX_CHARS + 1) + b"\n"
    with pytest.raises(ImportFailed) as caught:
        read_table(data, "rivali.csv")
    assert caught.value.key == "errors.import_cell_too_long"
    assert describe_error(caught.value, "en") == (
        "“rivali.csv”, row 2: a cell is over 131,072 characters, more than any export writes."
    )


def test_a_cell_quoted_in_a_message_stays_on_one_line() -> None:
    """Found by the fuzz suite: a cell holding a line break split the message (issue 19)."""
    problem = ImportProblem(2, "Condi\nvisioni", "import.not_a_number", {"value": "F4\x8a\n\x06"})
    assert describe_import_problem(problem, "en") == (
        "Row 2, column “Condi visioni”: “F4” is not a number."
    )
