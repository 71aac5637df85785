"""The plan workbook, opened with openpyxl as Excel would read it."""

from __future__ import annotations

import io
from datetime import date, datetime, time
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.workbook import Workbook
from sqlalchemy.engine import Engine

from tests.export_factories import PILLARS, demo_strategy, make_post, make_strategy
from workbench.budget.estimate import estimate_budget
from workbench.errors import WorkbenchError
from workbench.exports.plan_xlsx import plan_xlsx, sheet_name
from workbench.i18n import t
from workbench.models import BudgetPlan

INJECTIONS = ["=SUM(A1)", "+39 051 123456", "@mention ciao", "-1", "=cmd|' /C calc'!A0"]


def _open(data: bytes) -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _posts() -> list:
    january = [make_post(n, date=date(2027, 1, 4 + n)) for n in range(5)]
    february = [
        make_post(10 + n, date=date(2027, 2, 1 + n), pillar="Dietro le quinte") for n in range(3)
    ]
    return february + january  # out of order on purpose


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        ("it", ["Riepilogo", "Piano", "gennaio 2027", "febbraio 2027", "Budget"]),
        ("en", ["Summary", "Plan", "January 2027", "February 2027", "Budget"]),
    ],
)
def test_sheets_summary_plan_one_per_month_and_budget(lang: str, names: list[str]) -> None:
    book = _open(plan_xlsx(make_strategy(_posts()), lang=lang))
    assert book.sheetnames == names


def test_plan_sheet_has_a_frozen_filtered_header_and_real_dates_and_times() -> None:
    posts = _posts()
    book = _open(plan_xlsx(make_strategy(posts), lang="it"))
    for name in ("Piano", "gennaio 2027", "febbraio 2027"):
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:N{sheet.max_row}"
    sheet = book["Piano"]
    header = [c.value for c in sheet[1]]
    # What the client reads first: when, where, what and the words (issue 18).
    assert header[:6] == ["Data", "Giorno", "Ora", "Piattaforma", "Argomento", "Testo"]
    assert header[6:8] == ["Formato", "Rubrica"] and "Stato" in header
    first = sheet[2]
    assert isinstance(first[0].value, datetime) and first[0].value.date() == date(2027, 1, 4)
    assert first[0].is_date
    assert first[1].value == "lun"
    assert first[2].value == time(12, 30)
    assert [first[3].value, first[6].value, first[7].value] == ["Instagram", "Foto", "Prodotti"]
    assert first[5].alignment.wrap_text  # the caption wraps
    dates = [row[0].value.date() for row in sheet.iter_rows(min_row=2)]
    assert dates == sorted(p.date for p in posts)


def test_each_pillar_cell_wears_its_pillar_colour() -> None:
    book = _open(plan_xlsx(make_strategy(_posts()), lang="it"))
    colours = {p.name: "FF" + p.colour[1:].upper() for p in PILLARS}
    seen = set()
    for row in book["Piano"].iter_rows(min_row=2):
        pillar = row[7]
        assert pillar.fill.fill_type == "solid"
        assert pillar.fill.fgColor.rgb == colours[pillar.value]
        seen.add(pillar.value)
    assert seen == set(colours)
    summary = book["Riepilogo"]
    swatches = {c.value: c.fill.fgColor.rgb for row in summary.iter_rows() for c in row if c.fill}
    assert swatches["#F58518"] == "FFF58518"


def test_text_that_looks_like_a_formula_stays_text_and_no_cell_is_a_formula() -> None:
    posts = [
        make_post(n, caption=text, topic=text, cta=text, pillar=text)
        for n, text in enumerate(INJECTIONS)
    ]
    book = _open(plan_xlsx(make_strategy(posts), lang="en"))
    captions = {row[5].value for row in book["Plan"].iter_rows(min_row=2)}
    assert captions == set(INJECTIONS)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if cell.value in INJECTIONS:
                    assert cell.data_type == "s"


def test_month_sheets_split_the_plan_without_losing_a_post(tmp_path) -> None:  # noqa: ANN001
    posts = [make_post(n, date=date(2026, 12, 1 + n % 28)) for n in range(40)]
    posts += [make_post(100 + n, date=date(2027, 1, 1 + n % 28)) for n in range(25)]
    book = _open(plan_xlsx(make_strategy(posts), lang="it"))
    months = [s for s in book.worksheets if s.title in ("dicembre 2026", "gennaio 2027")]
    assert [s.max_row - 1 for s in months] == [40, 25]
    assert sum(s.max_row - 1 for s in months) == book["Piano"].max_row - 1 == len(posts)
    for sheet in months:
        assert {row[0].value.month for row in sheet.iter_rows(min_row=2)} == {
            12 if sheet.title.startswith("dic") else 1
        }


def test_summary_names_client_period_pillars_and_cadence() -> None:
    book = _open(plan_xlsx(make_strategy(_posts()), lang="en"))
    rows = [[c.value for c in row] for row in book["Summary"].iter_rows()]
    assert rows[0][0] == "Editorial plan: Trattoria Roma"
    values = {row[0]: row[1] for row in rows if row[0]}
    assert values["Client"] == "Trattoria Roma"
    assert values["Start"].date() == date(2027, 1, 4)
    assert values["End"].date() == date(2027, 2, 3)
    assert values["Posts in the plan"] == 8
    pillars = {row[0]: row[1:5] for row in rows if row[0] in {p.name for p in PILLARS}}
    assert pillars["Prodotti"] == [40, "#4C78A8", 5, 62.5]
    assert pillars["Dietro le quinte"] == [60, "#F58518", 3, 37.5]
    cadence = {row[0]: row[1:3] for row in rows if row[0] in ("Instagram", "Facebook")}
    assert cadence == {"Instagram": [3, "Photo 3"], "Facebook": [2, "Photo 2"]}


TOTALS = (
    "Compensi netti",
    "IVA (22 %)",
    "Compensi lordi",
    "Pubblicità (senza IVA)",
    "Totale del mese",
    "Netto",
    "Lordo",
)


def test_budget_sheet_has_the_totals_of_the_estimate(sqlite_engine: Engine) -> None:
    strategy = demo_strategy(sqlite_engine)
    estimate = estimate_budget(strategy.brief, strategy.platforms, strategy.budget)
    book = _open(plan_xlsx(strategy, lang="it"))
    sheet = book["Budget"]
    assert sheet["A1"].value == "Budget del mese: pacchetto Essenziale"
    totals = [(row[0].value, row[5].value) for row in sheet.iter_rows() if row[0].value in TOTALS]
    expected = [
        estimate.fees.net,
        estimate.fees.vat,
        estimate.fees.gross,
        estimate.ad_spend,
        estimate.monthly_gross,
        estimate.setup_totals.net,
        estimate.setup_totals.vat,
        estimate.setup_totals.gross,
    ]
    assert [label for label, _ in totals] == [*TOTALS[:6], "IVA (22 %)", "Lordo"]
    assert [value for _, value in totals] == pytest.approx([float(v) for v in expected])
    items = [
        row for row in sheet.iter_rows(min_row=5) if row[0].value in ("Contenuti", "Community")
    ]
    assert len(items) == sum(1 for i in estimate.items if i.category in ("content", "community"))
    assert sum(r[5].value for r in items) == pytest.approx(
        float(sum(i.amount for i in estimate.items if i.category in ("content", "community")))
    )
    ads = [row for row in sheet.iter_rows() if row[0].value == "Instagram" and row[2].value]
    assert [(r[1].value, r[2].value, r[3].value) for r in ads] == [
        (float(a.spend), *a.impressions) for a in estimate.ads if a.impressions
    ]


def test_budget_sheet_says_when_no_package_was_chosen() -> None:
    strategy = make_strategy(_posts(), budget=BudgetPlan(vat_rate=Decimal(0)))
    book = _open(plan_xlsx(strategy, lang="en"))
    texts = [c.value for row in book["Budget"].iter_rows() for c in row if c.value]
    assert t("exports.budget_no_tier", "en") in texts
    assert "VAT (0%)" in texts  # the estimate of the current cadence still shows


def test_status_column_offers_the_statuses_as_a_list() -> None:
    book = _open(plan_xlsx(make_strategy(_posts()), lang="en"))
    validation = book["Plan"].data_validations.dataValidation[0]
    assert validation.type == "list"
    assert "To approve" in validation.formula1


def test_sheet_names_are_valid_and_unique() -> None:
    taken: set[str] = set()
    assert sheet_name("Piano: [bozza]/2027?*", taken) == "Piano   bozza  2027"
    long = sheet_name("x" * 40, taken)
    assert len(long) == 31
    assert sheet_name("x" * 40, taken) == "x" * 27 + " (2)"
    assert sheet_name("'quoted'", taken) == "quoted"


def test_an_empty_plan_is_refused_with_a_message() -> None:
    with pytest.raises(WorkbenchError) as raised:
        plan_xlsx(make_strategy([]), lang="it")
    assert raised.value.key == "exports.empty_plan"


def test_columns_no_post_fills_are_hidden_and_filled_ones_shown() -> None:
    posts = [make_post(n, link="", brief="", hashtags=[]) for n in range(3)]
    sheet = _open(plan_xlsx(make_strategy(posts), lang="it"))["Piano"]
    header = [c.value for c in sheet[1]]
    hidden = {
        header[col - 1]
        for dimension in sheet.column_dimensions.values()
        if dimension.hidden
        for col in range(dimension.min, dimension.max + 1)
    }
    assert hidden == {"Link", "Indicazioni", "Hashtag"}  # still there, for a filter or a paste
    assert len(header) == 14
