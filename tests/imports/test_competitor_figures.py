"""Competitor figures from CSV and Excel: headers in either language, problems by row and
column, nothing merged from a file with problems, and the template reads back."""

import csv
import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from workbench.competitors.metrics import compute_competitor_metrics
from workbench.errors import ImportFailed
from workbench.i18n import catalogue
from workbench.imports.competitor_figures import (
    TEMPLATE_HEADERS,
    CompetitorImport,
    apply_competitor_import,
    parse_competitor_file,
    parse_platform,
    write_competitor_template,
)
from workbench.imports.tables import describe_import_problem
from workbench.models import Competitor, Competitors, PeriodFigures, Platform

ITALIAN = (
    "Concorrente;Piattaforma;Inizio periodo;Fine periodo;Follower;Post;Mi piace;Commenti;"
    "Condivisioni;Salvataggi;Copertura;Note interne\r\n"
    "Forno Rossi;Instagram;02/11/2026;08/11/2026;1.234;4;180;12;;6;2.500,0;chiedere a Marta\r\n"
    "Forno Rossi;Facebook;02/11/2026;08/11/2026;2.000;2;40;3;1;;;\r\n"
    "  forno rossi ;IG;09/11/2026;15/11/2026;1.250;3;150;9;;4;;\r\n"
    "Caffè Nuovo;TikTok;02/11/2026;08/11/2026;15.400;5;3.100;120;210;300;;\r\n"
)
ENGLISH = (
    "Competitor name,platform,Start date,End date,Followers,Followers at start,Posts,Likes,"
    "Comments,Shares,Saves,Views,Reach,Impressions,Website,Handle\n"
    'Rossi Bakery,Twitter,2026-11-02,2026-11-08,"15,000","14,800",7,"1,210",40,22,,,,'
    "9000,https://rossi.example,@rossi\n"
    "Rossi Bakery,Canali WhatsApp,2026-11-02,2026-11-08,800,,3,55,,,,,,,,\n"
)


def parse(text: str, name: str = "concorrenti.csv", *, bom: bool = True) -> CompetitorImport:
    data = text.encode("utf-8")
    return parse_competitor_file((b"\xef\xbb\xbf" if bom else b"") + data, name)


def problems(text: str) -> list[tuple[int | None, str | None, str]]:
    result = parse(text)
    return [(p.row, p.column, p.key) for p in result.problems]


def test_italian_file_with_italian_numbers_and_an_unknown_column() -> None:
    result = parse(ITALIAN)
    assert result.ok and result.problems == ()
    assert result.rows_read == 4
    assert result.unknown_columns == ("Note interne",)
    assert result.columns["competitor"] == "Concorrente" and result.columns["reach"] == "Copertura"
    rossi, nuovo = result.competitors
    assert rossi.name == "Forno Rossi" and len(rossi.figures) == 3  # one competitor, any spelling
    first = rossi.figures[0]
    assert first == PeriodFigures(
        platform="instagram",
        period_start=date(2026, 11, 2),
        period_end=date(2026, 11, 8),
        followers=1234,
        posts=4,
        likes=180,
        comments=12,
        saves=6,
        reach=2500,
    )
    assert rossi.figures[2].platform == Platform.instagram  # "IG"
    assert (nuovo.name, nuovo.figures[0].followers, nuovo.figures[0].likes) == (
        "Caffè Nuovo",
        15400,
        3100,
    )


def test_english_file_with_quoted_thousands_website_and_handles() -> None:
    result = parse(ENGLISH, "competitors.csv", bom=False)
    assert result.ok, result.problems
    assert result.unknown_columns == ()
    (rossi,) = result.competitors
    assert rossi.website == "https://rossi.example"
    assert dict(rossi.handles) == {Platform.x: "@rossi"}
    x, whatsapp = rossi.figures
    assert (x.platform, x.followers, x.followers_start, x.likes, x.impressions) == (
        "x",
        15000,
        14800,
        1210,
        9000,
    )
    assert whatsapp.platform == Platform.whatsapp and whatsapp.comments is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Instagram", Platform.instagram),
        ("  instagram ", Platform.instagram),
        ("IG", Platform.instagram),
        ("facebook", Platform.facebook),
        ("FB", Platform.facebook),
        ("X", Platform.x),
        ("Twitter", Platform.x),
        ("X (Twitter)", Platform.x),
        ("Tik Tok", Platform.tiktok),
        ("Canali WhatsApp", Platform.whatsapp),
        ("WhatsApp Channels", Platform.whatsapp),
        ("You Tube", Platform.youtube),
        ("LinkedIn", Platform.linkedin),
        ("MySpace", None),
        ("", None),
    ],
)
def test_platform_names_in_either_language(text: str, expected: Platform | None) -> None:
    assert parse_platform(text) == expected


BAD = (
    "Concorrente;Piattaforma;Inizio periodo;Fine periodo;Follower;Post;Mi piace\r\n"
    "Forno Rossi;Instagram;02/11/2026;08/11/2026;abc;4;180\r\n"  # row 2: not a number
    "Forno Rossi;Instagram;09/11/2026;15/11/2026;1.200;-3;12,5\r\n"  # row 3: negative, decimals
    "Forno Rossi;Myspace;15/11/2026;09/11/2026;1.200;1;1\r\n"  # row 4: platform, reversed
    ";Facebook;31/02/2026;;1;1;1\r\n"  # row 5: no name, bad date, missing end
    "Forno Rossi;Facebook;02/11/2026;08/11/2026;10;1;1\r\n"  # row 6: fine
    "FORNO ROSSI;facebook;02/11/2026;08/11/2026;10;1;1\r\n"  # row 7: same as row 6
)


def test_every_problem_names_its_row_and_column() -> None:
    assert problems(BAD) == [
        (2, "Follower", "import.not_a_number"),
        (3, "Post", "import.negative"),
        (3, "Mi piace", "import.not_whole"),
        (4, "Piattaforma", "import.unknown_platform"),
        (4, "Fine periodo", "import.period_reversed"),
        (5, "Concorrente", "import.required"),
        (5, "Inizio periodo", "import.not_a_date"),
        (5, "Fine periodo", "import.required"),
        (7, "Inizio periodo", "import.duplicate_row"),
    ]
    result = parse(BAD)
    messages = [describe_import_problem(p, "it") for p in result.problems]
    assert messages[0] == "Riga 2, colonna «Follower»: «abc» non è un numero."
    assert (
        messages[1] == "Riga 3, colonna «Post»: «-3» è negativo: qui servono numeri da zero in su."
    )
    assert messages[4] == (
        "Riga 4, colonna «Fine periodo»: la fine del periodo (9 nov 2026) viene prima "
        "dell'inizio (15 nov 2026)."
    )
    assert messages[-1].endswith(
        "stesso concorrente, piattaforma e periodo della riga 6: tienine una sola."
    )
    english = describe_import_problem(result.problems[3], "en")
    assert english.startswith("Row 4, column “Piattaforma”: “Myspace” is not a platform")


def test_a_file_with_problems_is_never_merged() -> None:
    result = parse(BAD)
    assert not result.ok
    saved = Competitors(competitors=[Competitor(name="Forno Rossi")])
    with pytest.raises(ImportFailed) as caught:
        apply_competitor_import(saved, result, client_name="Pasticceria Due Torri")
    assert caught.value.params == {"count": 9}
    assert saved.competitors[0].figures == []


def test_missing_required_columns_are_named_before_any_row() -> None:
    result = parse("Nome;Follower;Colore\r\nForno Rossi;12;blu\r\n")
    assert [(p.row, p.column, p.key) for p in result.problems] == [
        (None, None, "import.missing_column"),
        (None, None, "import.missing_column"),
        (None, None, "import.missing_column"),
    ]
    names = [p.params["names"] for p in result.problems]
    assert names == [
        ("Piattaforma", "Platform"),
        ("Inizio periodo", "Period start"),
        ("Fine periodo", "Period end"),
    ]
    assert result.competitors == () and result.unknown_columns == ("Colore",)


def test_a_repeated_column_is_a_problem_of_the_header_row() -> None:
    text = (
        "Concorrente;Piattaforma;Inizio;Fine;Follower;Followers\r\n"
        "A;IG;02/11/2026;08/11/2026;1;2\r\n"
    )
    assert problems(text) == [(1, "Followers", "import.duplicate_column")]


def test_header_only_file_has_no_rows() -> None:
    assert problems("Concorrente;Piattaforma;Inizio periodo;Fine periodo\r\n") == [
        (None, None, "import.no_rows")
    ]


def test_not_a_table_is_refused_before_any_preview() -> None:
    with pytest.raises(ImportFailed) as caught:
        parse_competitor_file(b"%PDF-1.4 fake", "concorrenti.pdf")
    assert caught.value.key == "errors.import_not_table"
    with pytest.raises(ImportFailed) as too_big:
        parse_competitor_file(ITALIAN.encode() * 10, "concorrenti.csv", max_bytes=100)
    assert too_big.value.key == "errors.file_too_large"


def test_import_adds_the_client_row_and_upserts() -> None:
    saved = Competitors(
        competitors=[Competitor(name="Forno Rossi", strengths="Pane buono")],
        benchmark_overrides={"instagram:followers": "1.5"},
    )
    result = apply_competitor_import(saved, parse(ITALIAN), client_name="Due Torri")
    names = [(c.name, c.is_client) for c in result.competitors.competitors]
    assert names == [("Due Torri", True), ("Forno Rossi", False), ("Caffè Nuovo", False)]
    assert (result.competitors_added, result.rows_added, result.rows_updated) == (1, 4, 0)
    assert result.competitors.benchmark_overrides == {"instagram:followers": 1.5}
    assert result.competitors.competitors[1].strengths == "Pane buono"
    again = apply_competitor_import(result.competitors, parse(ITALIAN), client_name="Due Torri")
    assert (again.rows_added, again.rows_updated, again.rows_unchanged) == (0, 0, 4)
    metrics = compute_competitor_metrics(again.competitors)
    assert {(m.competitor, m.platform) for m in metrics} == {
        ("Forno Rossi", "instagram"),
        ("Forno Rossi", "facebook"),
        ("Caffè Nuovo", "tiktok"),
    }


# --- template ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_reads_back_as_its_two_example_rows(
    tmp_path: Path, lang: str, fmt: str
) -> None:
    path = tmp_path / f"modello.{fmt}"
    write_competitor_template(path, fmt=fmt, lang=lang)  # type: ignore[arg-type]
    result = parse_competitor_file(path.read_bytes(), path.name)
    assert result.ok, result.problems
    assert result.unknown_columns == ()
    assert set(result.columns.values()) == set(TEMPLATE_HEADERS[lang].values())
    (example,) = result.competitors
    instagram, facebook = example.figures
    assert (instagram.platform, facebook.platform) == ("instagram", "facebook")
    assert (instagram.period_start, instagram.period_end) == (date(2026, 11, 2), date(2026, 11, 8))
    assert (instagram.followers, instagram.followers_start, instagram.likes) == (4250, 4180, 612)
    assert facebook.saves is None and facebook.followers == 3900


def test_italian_csv_template_is_what_italian_excel_expects(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    write_competitor_template(buffer, fmt="csv", lang="it")
    data = buffer.getvalue()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Concorrente", "Sito web", "Account", "Piattaforma"]
    assert rows[1][4:6] == ["02/11/2026", "08/11/2026"]
    english = io.BytesIO()
    write_competitor_template(english, fmt="csv", lang="en")
    header = english.getvalue().decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Competitor,Website,Handle,Platform,Period start")


def test_excel_template_has_real_dates_and_explains_every_column(tmp_path: Path) -> None:
    path = tmp_path / "modello.xlsx"
    write_competitor_template(path, fmt="xlsx", lang="it")
    workbook = openpyxl.load_workbook(path)
    data, help_sheet = workbook.worksheets
    assert (data.title, help_sheet.title) == ("Dati", "Istruzioni")
    assert data.freeze_panes == "A2" and data.auto_filter.ref
    assert data["E2"].value.date() == date(2026, 11, 2)
    assert data["G2"].value == 4250
    explained = {row[0].value: row[1].value for row in help_sheet.iter_rows(min_row=2)}
    assert set(explained) == set(TEMPLATE_HEADERS["it"].values())
    known = set(catalogue("it").values())
    assert all(text in known and not text.startswith("import.") for text in explained.values())
