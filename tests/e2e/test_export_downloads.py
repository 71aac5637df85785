"""The editorial plan's files, downloaded from the export page in Chromium, open."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from icalendar import Calendar
from pypdf import PdfReader

pytestmark = pytest.mark.e2e


def _download(app, label: str, directory: Path) -> Path:  # noqa: ANN001
    with app.page.expect_download() as started:
        app.page.get_by_role("button", name=label, exact=True).click()
    path = directory / started.value.suggested_filename
    started.value.save_as(path)
    return path


def test_plan_files_download_and_open(app, demo_client_id: int, tmp_path: Path) -> None:  # noqa: ANN001
    app.open("export", client=demo_client_id, lang="it")

    workbook = _download(app, "Excel (.xlsx)", tmp_path)
    assert workbook.name == "pasticceria-due-torri-piano-editoriale.xlsx"
    assert openpyxl.load_workbook(workbook).sheetnames[:2] == ["Riepilogo", "Piano"]

    calendar = Calendar.from_ical(_download(app, "Calendario (.ics)", tmp_path).read_bytes())
    assert calendar.events

    app.rerun_after(lambda: app.page.get_by_text("Virgola ( , )").click())
    table = _download(app, "CSV", tmp_path).read_text(encoding="utf-8-sig")
    assert table.startswith("data,ora,piattaforma,")

    metricool = _download(app, "CSV per Metricool", tmp_path)
    assert metricool.name == "pasticceria-due-torri-metricool.csv"
    assert metricool.read_text(encoding="utf-8").startswith("Text,Date,Time,Draft,")
    app.expect_no_error_page()


def test_the_client_report_downloads_as_pdf_and_html(  # noqa: ANN001
    app, demo_client_id: int, tmp_path: Path
) -> None:
    app.open("export", client=demo_client_id, lang="en")
    pdf = _download(app, "Download the PDF report", tmp_path)
    assert pdf.name.startswith("pasticceria-due-torri-report-") and pdf.suffix == ".pdf"
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 4
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Pasticceria Due Torri" in text and "KPIs against targets" in text
    html = _download(app, "Download the HTML report", tmp_path).read_text(encoding="utf-8")
    assert "<h1>Pasticceria Due Torri</h1>" in html and "data:image/png;base64," in html
    app.expect_no_error_page("en")
