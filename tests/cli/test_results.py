"""The results commands, run as automation would: the template, the import, twice, and errors."""

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy.engine import Engine

from tests.conftest import make_client
from tests.conftest import run_cli as run

DATA = Path(__file__).parents[1] / "data" / "results"


@pytest.fixture
def db_env(env: dict[str, str], engine: Engine) -> dict[str, str]:
    """The CLI pointed at the test database (SQLite, then PostgreSQL)."""
    return {**env, "DATABASE_URL": engine.url.render_as_string(hide_password=False)}


def test_template_csv_in_italian(env: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "risultati.csv"
    assert run("template", "results", "-o", str(target), env=env).stdout.strip() == str(target)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][:4] == ["Data", "Ora", "Piattaforma", "Link al post"]
    assert len(rows) == 2 and rows[1][2] == "Instagram"


def test_template_xlsx_in_english(env: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "results.xlsx"
    out = run("template", "results", "-o", str(target), "--lang", "en", "--json", env=env)
    assert json.loads(out.stdout) == {"template": "results", "format": "xlsx", "file": str(target)}
    sheet = openpyxl.load_workbook(target).worksheets[0]
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert header[:3] == ["Date", "Time", "Platform"] and sheet.max_row == 2


def test_import_twice_adds_nothing(db_env: dict[str, str], engine: Engine) -> None:
    client_id = str(make_client(engine))
    sample = str(DATA / "meta_facebook_it.csv")
    first = json.loads(run("import-results", client_id, sample, "--json", env=db_env).stdout)
    assert first["format"] == "meta_facebook"
    assert (first["added"], first["duplicates"], first["file_duplicates"]) == (2, 0, 1)
    assert first["columns"]["reach"] == "Copertura"
    again = json.loads(run("import-results", client_id, sample, "--json", env=db_env).stdout)
    assert (again["added"], again["duplicates"]) == (0, 2)
    text = run("import-results", client_id, str(DATA / "tiktok.csv"), env=db_env).stdout
    assert "TikTok" in text and "2 post aggiunti" in text
    document = json.loads(run("export", client_id, "-o", "-", env=db_env).stdout)
    assert len(document["results"]["posts"]) == 4


def test_filled_template_imports(db_env: dict[str, str], engine: Engine, tmp_path: Path) -> None:
    client_id = str(make_client(engine))
    target = tmp_path / "results.csv"
    run("template", "results", "-o", str(target), "--lang", "en", env=db_env)
    with target.open("a", encoding="utf-8", newline="") as handle:
        handle.write('2026-10-01,09:00,Facebook,,fb-1,Open day,Photo,"15,000",,,40,3,2,,17,\r\n')
    out = run("import-results", client_id, str(target), "--json", "--lang", "en", env=db_env)
    summary = json.loads(out.stdout)
    assert summary["format"] == "generic" and summary["added"] == 2
    assert summary["ignored_columns"] == []


def test_errors_are_one_line(db_env: dict[str, str], engine: Engine, tmp_path: Path) -> None:
    client_id = str(make_client(engine))
    unknown = tmp_path / "persone.csv"
    unknown.write_text("Nome;Cognome\nMario;Rossi\n", encoding="utf-8")
    result = run("import-results", client_id, str(unknown), "--lang", "en", env=db_env, check=False)
    assert result.returncode == 1 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Accepted formats" in result.stderr and "YouTube" in result.stderr

    bad = tmp_path / "risultati.csv"
    bad.write_text("Data;Piattaforma;Copertura\n15/09/2026;Instagram;mille\n", encoding="utf-8")
    result = run("import-results", client_id, str(bad), env=db_env, check=False)
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "Riga 2" in result.stderr and "Copertura" in result.stderr

    missing = run("import-results", "999", str(DATA / "tiktok.csv"), env=db_env, check=False)
    assert missing.returncode == 1 and missing.stderr.strip()
