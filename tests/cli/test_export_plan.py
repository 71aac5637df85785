"""`python -m workbench export --format xlsx|csv|ics|scheduler`, run as automation runs it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from icalendar import Calendar

from tests.conftest import run_cli as run

EMPTY_STRATEGY = {"format": "strategy-workbench", "schema_version": 2, "client": {"name": "Vuoto"}}


@pytest.fixture
def demo(env: dict[str, str]) -> str:
    """The demo client's id: its plan has 12 weeks of posts."""
    return run("demo", env=env).stdout.strip()


def _posts(client: str, env: dict[str, str]) -> list[dict]:
    """The client's planned posts, as the JSON export has them."""
    return json.loads(run("export", client, "-o", "-", env=env).stdout)["plan"]["posts"]


def test_xlsx_to_a_file_opens_and_is_reported(
    env: dict[str, str], demo: str, tmp_path: Path
) -> None:
    out = tmp_path / "ped.xlsx"
    reported = json.loads(
        run("export", demo, "--format", "xlsx", "-o", str(out), "--json", env=env).stdout
    )
    assert reported == {"client_id": int(demo), "format": "xlsx", "file": str(out)}
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:2] == ["Riepilogo", "Piano"] and book.sheetnames[-1] == "Budget"
    english = tmp_path / "plan.xlsx"
    assert run("--lang", "en", "export", demo, "--format", "xlsx", "-o", str(english), env=env)
    assert openpyxl.load_workbook(english).sheetnames[:2] == ["Summary", "Plan"]


def test_csv_to_stdout_in_english_with_commas(env: dict[str, str], demo: str) -> None:
    result = run(
        "export", demo, "--format", "csv", "--lang", "en", "--sep", ",", "-o", "-", env=env
    )
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(result.stdout[1:])))
    assert (
        ",".join(rows[0])
        == "date,time,platform,pillar,format,topic,caption,hashtags,cta,link,status,kind"
    )
    assert len(rows) - 1 == len(_posts(demo, env)) > 50  # 12 weeks at five posts a week
    assert rows[1][0].count("-") == 2 and rows[1][2] in {"instagram", "facebook"}
    assert result.stderr == ""


def test_csv_defaults_to_italian_and_semicolons(
    env: dict[str, str], demo: str, tmp_path: Path
) -> None:
    out = tmp_path / "ped.csv"
    assert run("export", demo, "--format", "csv", "-o", str(out), env=env).stdout.strip() == str(
        out
    )
    header = out.read_bytes().split(b"\r\n")[0].decode("utf-8")
    assert (
        header
        == "\ufeffdata;ora;piattaforma;rubrica;formato;argomento;testo;hashtag;cta;link;stato;tipo"
    )


def test_ics_to_stdout_parses(env: dict[str, str], demo: str) -> None:
    result = run("export", demo, "--format", "ics", "-o", "-", env=env)
    events = Calendar.from_ical(result.stdout).events
    assert len(events) == len(_posts(demo, env))
    assert str(events[0].start.tzinfo) == "Europe/Rome"


def test_scheduler_reports_the_reactive_slots_it_left_out(
    env: dict[str, str], demo: str, tmp_path: Path
) -> None:
    out = tmp_path / "metricool.csv"
    result = run("export", demo, "--format", "scheduler", "-o", str(out), "--json", env=env)
    reported = json.loads(result.stdout)
    posts = _posts(demo, env)
    unwritten = [p["id"] for p in posts if p["kind"] == "reactive" and not p["caption"]]
    assert unwritten  # the demo keeps slots free for news
    assert sorted(s["post_id"] for s in reported["skipped"]) == sorted(unwritten)
    assert {s["reason"] for s in reported["skipped"]} == {"no_caption"}
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == len(posts) - len(unwritten)
    assert result.stderr.strip() == (
        f"Fuori dal file per Metricool: {len(unwritten)} post senza testo "
        "(slot reattivi o ancora da scrivere)."
    )


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("--format", "pdf", "-o", "x.pdf"), 2, "pdf"),
        (("--format", "csv", "--sep", "|", "-o", "x.csv"), 2, "|"),
        (("--format", "xlsx", "-o", "-"), 2, "-o"),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(
    env: dict[str, str], demo: str, args: tuple[str, ...], code: int, needle: str
) -> None:
    result = run("export", demo, *args, env=env, check=False)
    assert result.returncode == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "ics", "scheduler"])
def test_an_empty_plan_exits_1_with_one_localised_line(
    env: dict[str, str], tmp_path: Path, fmt: str
) -> None:
    document = tmp_path / "empty.json"
    document.write_text(json.dumps(EMPTY_STRATEGY), encoding="utf-8")
    client = run("import", str(document), env=env).stdout.strip()
    out = tmp_path / f"out.{fmt}"
    result = run("export", client, "--format", fmt, "-o", str(out), env=env, check=False)
    assert result.returncode == 1
    assert result.stderr == "Il piano editoriale è vuoto: generalo nella pagina Piano editoriale.\n"
    assert not out.exists()
    english = run(
        "--lang", "en", "export", client, "--format", fmt, "-o", str(out), env=env, check=False
    )
    assert english.returncode == 1
    assert english.stderr.strip() == (
        "The editorial plan is empty: generate it on the Editorial plan page."
    )
    json_export = run("export", client, "--format", "json", "-o", "-", env=env)
    assert json.loads(json_export.stdout)["plan"]["posts"] == []  # the strategy still exports
