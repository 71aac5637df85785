"""The plan as CSV: the exact headers, Italian and English values, separators, no formulas."""

from __future__ import annotations

import csv
import io
from datetime import date, time

import pytest

from tests.export_factories import make_post
from workbench.errors import WorkbenchError
from workbench.exports.plan_csv import plan_csv
from workbench.exports.plan_rows import safe_cell
from workbench.models import EditorialPlan

BOM = b"\xef\xbb\xbf"


def _plan() -> EditorialPlan:
    return EditorialPlan(
        posts=[
            make_post(1, date=date(2027, 2, 1), time=time(9, 5)),
            make_post(
                0,
                platform="tiktok",
                format="short_video",
                status="to_approve",
                kind="observance",
                pillar="",
                topic="Festa della Repubblica",
            ),
        ]
    )


def _rows(data: bytes, sep: str) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8")), delimiter=sep))


def test_english_header_and_values_are_codes_iso_dates_and_24_hour_times() -> None:
    rows = _rows(plan_csv(_plan(), lang="en", sep=","), ",")
    assert rows[0] == (
        [
            "date",
            "time",
            "platform",
            "pillar",
            "format",
            "topic",
            "caption",
            "hashtags",
            "cta",
            "link",
            "status",
            "kind",
        ]
    )
    # Calendar order, whatever the order in the plan.
    assert rows[1] == [
        "2027-01-04",
        "12:30",
        "tiktok",
        "",
        "short_video",
        "Festa della Repubblica",
        "Testo del post 0",
        "#roma #trattoria",
        "Prenota",
        "https://example.it",
        "to_approve",
        "observance",
    ]
    assert rows[2][:3] == ["2027-02-01", "09:05", "instagram"]
    assert len(rows) == 1 + 2


def test_italian_header_and_values_a_person_reads() -> None:
    rows = _rows(plan_csv(_plan(), lang="it"), ";")
    assert rows[0] == (
        [
            "data",
            "ora",
            "piattaforma",
            "rubrica",
            "formato",
            "argomento",
            "testo",
            "hashtag",
            "cta",
            "link",
            "stato",
            "tipo",
        ]
    )
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["data"] == "04/01/2027"
    assert first["ora"] == "12:30"
    assert (first["piattaforma"], first["formato"]) == ("TikTok", "Video breve")
    assert (first["stato"], first["tipo"]) == ("Da approvare", "Ricorrenza")
    assert dict(zip(rows[0], rows[2], strict=True))["rubrica"] == "Prodotti"


def test_default_is_utf8_bom_and_semicolons_for_italian_excel() -> None:
    data = plan_csv(_plan(), lang="it")
    assert data.startswith(BOM)
    assert data[len(BOM) :].split(b"\r\n")[0] == (
        b"data;ora;piattaforma;rubrica;formato;argomento;testo;hashtag;cta;link;stato;tipo"
    )
    assert b"," not in data.split(b"\r\n")[0]


def test_commas_on_request_and_only_known_separators() -> None:
    data = plan_csv(_plan(), lang="it", sep=",")
    assert data[len(BOM) :].startswith(b"data,ora,piattaforma,")
    with pytest.raises(ValueError):
        plan_csv(_plan(), lang="it", sep="|")


@pytest.mark.parametrize(
    ("caption", "written"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+39 051 123456", "'+39 051 123456"),
        ("-1", "'-1"),
        ("@mention ciao", "'@mention ciao"),
        ("Ciao = saluto", "Ciao = saluto"),
    ],
)
def test_cells_that_a_spreadsheet_would_run_get_an_apostrophe(caption: str, written: str) -> None:
    plan = EditorialPlan(posts=[make_post(caption=caption, pillar='=HYPERLINK("x")')])
    for sep in (";", ","):
        header, row = _rows(plan_csv(plan, lang="en", sep=sep), sep)
        values = dict(zip(header, row, strict=True))
        assert values["caption"] == written
        assert values["pillar"] == '\'=HYPERLINK("x")'


def test_tab_and_carriage_return_starts_are_guarded_too() -> None:
    # A stored post has its text trimmed; the guard still covers cells built otherwise.
    assert safe_cell("\tcmd") == "'\tcmd" and safe_cell("\rcmd") == "'\rcmd"
    assert safe_cell("#roma") == "#roma" and safe_cell("") == ""


def test_separators_quotes_and_new_lines_inside_a_caption_survive() -> None:
    caption = 'Primo; secondo, "terzo"\nseconda riga'
    plan = EditorialPlan(posts=[make_post(caption=caption)])
    for sep in (";", ","):
        header, row = _rows(plan_csv(plan, lang="en", sep=sep), sep)
        assert dict(zip(header, row, strict=True))["caption"] == caption


def test_an_empty_plan_is_refused_with_a_message() -> None:
    with pytest.raises(WorkbenchError) as raised:
        plan_csv(EditorialPlan(), lang="it")
    assert raised.value.key == "exports.empty_plan"
