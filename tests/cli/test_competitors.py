"""The competitor commands, run as automation would: template, import, and the JSON export."""

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy.engine import Engine

from tests.conftest import make_client
from tests.conftest import run_cli as run

GOOD = (
    "Concorrente;Piattaforma;Inizio periodo;Fine periodo;Follower;Post;Mi piace;Commenti;Colore\r\n"
    "Forno Rossi;Instagram;02/11/2026;08/11/2026;1.234;4;180;12;blu\r\n"
    "Forno Rossi;Instagram;09/11/2026;15/11/2026;1.250;3;150;9;rosso\r\n"
    "Caffè Nuovo;TikTok;02/11/2026;08/11/2026;15.400;5;3.100;120;\r\n"
)
BAD = (
    "Concorrente;Piattaforma;Inizio periodo;Fine periodo;Follower;Post\r\n"
    "Forno Rossi;Instagram;02/11/2026;08/11/2026;1.234;4\r\n"
    "Forno Rossi;Instagram;09/11/2026;15/11/2026;mille;3\r\n"
    "Caffè Nuovo;Myspace;08/11/2026;02/11/2026;15.400;5\r\n"
)


@pytest.fixture
def db_env(env: dict[str, str], engine: Engine) -> dict[str, str]:
    """The CLI pointed at the test database (SQLite, then PostgreSQL)."""
    return {**env, "DATABASE_URL": engine.url.render_as_string(hide_password=False)}


def write(path: Path, text: str) -> Path:
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def export(client_id: int, env: dict[str, str]) -> dict:
    return json.loads(run("export", str(client_id), "-o", "-", env=env).stdout)


# --- template ---------------------------------------------------------------------------------


def test_template_csv_opens_with_italian_headers(env: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "modello.csv"
    assert run("template", "competitors", "-o", str(target), env=env).stdout.strip() == str(target)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][:4] == ["Concorrente", "Sito web", "Account", "Piattaforma"]
    assert len(rows) == 3 and rows[1][3] == "Instagram"


def test_template_xlsx_in_english(env: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "template.xlsx"
    out = run("template", "competitors", "-o", str(target), "--lang", "en", "--json", env=env)
    assert json.loads(out.stdout) == {
        "template": "competitors",
        "format": "xlsx",
        "file": str(target),
    }
    sheet = openpyxl.load_workbook(target).worksheets[0]
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert header[:6] == [
        "Competitor",
        "Website",
        "Handle",
        "Platform",
        "Period start",
        "Period end",
    ]
    assert sheet.max_row == 3


def test_template_needs_no_database(env: dict[str, str], tmp_path: Path) -> None:
    env["DATABASE_URL"] = "postgresql+psycopg://nobody@127.0.0.1:1/nowhere"
    run("template", "competitors", "-o", str(tmp_path / "t.csv"), env=env)


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("template", "competitors", "-o", "modello.pdf"), 2, ".xlsx"),
        (("template", "clients", "-o", "modello.csv"), 2, "clients"),
        (("template", "competitors"), 2, "-o"),
        (("import-competitors", "abc", "x.csv"), 2, "abc"),
        (("import-competitors", "1", "no-such-file.csv"), 1, "no-such-file.csv"),
        (("import-competitors", "1", "pyproject.toml"), 1, "Concorrente"),
    ],
)
def test_bad_usage_and_bad_files_give_one_line(
    env: dict[str, str], args: tuple[str, ...], code: int, needle: str
) -> None:
    result = run(*args, env=env, check=False)
    assert result.returncode == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


# --- import -----------------------------------------------------------------------------------


def test_import_merges_and_the_strategy_json_carries_the_raw_figures(
    db_env: dict[str, str], engine: Engine, tmp_path: Path
) -> None:
    client_id = make_client(engine, name="Pasticceria Due Torri")
    source = write(tmp_path / "concorrenti.csv", GOOD)
    out = run("import-competitors", str(client_id), str(source), "--json", env=db_env)
    assert json.loads(out.stdout) == {
        "client_id": client_id,
        "competitors_added": 2,
        "rows_added": 3,
        "rows_updated": 0,
        "rows_unchanged": 0,
        "ignored_columns": ["Colore"],
    }
    section = export(client_id, db_env)["competitors"]
    assert [(c["name"], c["is_client"]) for c in section["competitors"]] == [
        ("Pasticceria Due Torri", True),
        ("Forno Rossi", False),
        ("Caffè Nuovo", False),
    ]
    rossi = section["competitors"][1]
    assert rossi["figures"][0] == {
        "platform": "instagram",
        "period_start": "2026-11-02",
        "period_end": "2026-11-08",
        "followers": 1234,
        "followers_start": None,
        "posts": 4,
        "likes": 180,
        "comments": 12,
        "shares": None,
        "saves": None,
        "views": None,
        "reach": None,
        "impressions": None,
    }

    again = run("import-competitors", str(client_id), str(source), env=db_env).stdout
    assert again.splitlines() == [
        "Importazione completata: 0 concorrenti nuovi, 0 righe aggiunte, 0 aggiornate, "
        "3 già presenti.",
        "Colonne ignorate perché non riconosciute: Colore.",
    ]


def test_import_with_errors_writes_nothing_and_names_row_and_column(
    db_env: dict[str, str], engine: Engine, tmp_path: Path
) -> None:
    client_id = make_client(engine)
    before = export(client_id, db_env)["competitors"]
    source = write(tmp_path / "concorrenti.csv", BAD)
    result = run("import-competitors", str(client_id), str(source), env=db_env, check=False)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "Nulla è stato importato. Riga 3, colonna «Follower»: «mille» non è un numero. "
        "(altri problemi: 2)"
    ]
    assert (
        export(client_id, db_env)["competitors"]
        == before
        == {
            "competitors": [],
            "benchmark_overrides": {},
        }
    )
    english = run(
        "--lang", "en", "import-competitors", str(client_id), str(source), env=db_env, check=False
    )
    assert english.stderr.strip() == (
        "Nothing was imported. Row 3, column “Follower”: “mille” is not a number. "
        "(and 2 more problems)"
    )


def test_import_refuses_files_that_are_not_tables_or_too_large(
    env: dict[str, str], tmp_path: Path
) -> None:
    client_id = run("demo", env=env).stdout.strip()
    image = tmp_path / "logo.csv"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    result = run("import-competitors", client_id, str(image), env=env, check=False)
    assert result.returncode == 1 and "logo.csv" in result.stderr and "CSV" in result.stderr
    huge = tmp_path / "enorme.csv"
    with huge.open("wb") as handle:
        handle.write(GOOD.encode())
        handle.truncate(50 * 1024 * 1024)
    result = run("import-competitors", client_id, str(huge), env=env, check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == "Il file supera il limite di 10 MB."


def test_import_for_a_missing_client(db_env: dict[str, str], tmp_path: Path) -> None:
    source = write(tmp_path / "concorrenti.csv", GOOD)
    result = run("import-competitors", "999", str(source), env=db_env, check=False)
    assert result.returncode == 1 and "999" in result.stderr
