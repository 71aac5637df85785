"""The client report as a PDF, drawn with fpdf2 (pure Python, installs from a PyPI wheel).

Text is set in a TrueType font embedded in the file, so accents, the euro sign and
dashes print on any viewer. The font comes from the system: Liberation Sans
(Debian's fonts-liberation, which scripts/setup installs) or else DejaVu Sans
(fonts-dejavu-core); WORKBENCH_REPORT_FONT_DIR may name a folder holding either pair.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from workbench.errors import WorkbenchError
from workbench.i18n import t
from workbench.report.content import Report, Table

__all__ = ["FONT_CANDIDATES", "find_font", "render_pdf"]

# (regular, bold) file names, looked for in each folder below, in order.
FONT_CANDIDATES = (
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
)
FONT_DIRS = (
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/liberation-sans",  # Fedora
    "/usr/share/fonts/dejavu-sans-fonts",
    "/Library/Fonts",
)
FONT = "ReportSans"
ACCENT = (76, 120, 168)  # #4C78A8, the app's first pillar colour
GREY = (107, 114, 128)
HEADING_FILL = (243, 244, 246)


def find_font() -> tuple[Path, Path]:
    """The (regular, bold) TTF files to embed; WorkbenchError naming the paths tried if none."""
    override = os.environ.get("WORKBENCH_REPORT_FONT_DIR")
    folders = [Path(override)] if override else []
    folders += [Path(d) for d in FONT_DIRS]
    tried = []
    for regular, bold in FONT_CANDIDATES:
        for folder in folders:
            pair = (folder / regular, folder / bold)
            if pair[0].is_file() and pair[1].is_file():
                return pair
            tried.append(str(pair[0]))
    raise WorkbenchError("errors.report_font_missing", paths=", ".join(tried))


class _Document(FPDF):
    def __init__(self, report: Report) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report = report
        regular, bold = find_font()
        self.add_font(FONT, "", str(regular))
        self.add_font(FONT, "B", str(bold))
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=18)
        self.set_title(f"{report.title} – {report.client}")
        self.set_lang(report.lang)
        self.set_creator("Strategy Workbench")

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY)
        left = f"{self.report.client} · {self.report.period}"
        self.cell(0, 5, left, align="L")
        self.set_x(self.l_margin)
        pages = t("report.page", self.report.lang, page=self.page_no(), pages="{nb}")
        self.cell(0, 5, pages, align="R")


def _heading(pdf: _Document, text: str) -> None:
    if pdf.get_y() > pdf.h - 60:  # keep a title with the first lines under it
        pdf.add_page()
    pdf.ln(4)
    pdf.set_font(FONT, "B", 15)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(209, 213, 219)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(3)
    pdf.set_text_color(17, 24, 39)


def _paragraphs(pdf: _Document, paragraphs: Sequence[str], size: float = 10.5) -> None:
    pdf.set_font(FONT, "", size)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 5.5, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)


def _note(pdf: _Document, text: str) -> None:
    pdf.set_font(FONT, "", 8.5)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(0, 4.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(17, 24, 39)
    pdf.ln(2)


def _table(
    pdf: _Document,
    table: Table,
    widths: Sequence[float],
    numeric: Sequence[int] = (),
    size: float = 9,
) -> None:
    pdf.set_font(FONT, "", size)
    align = tuple("RIGHT" if i in numeric else "LEFT" for i in range(len(widths)))
    with pdf.table(
        col_widths=tuple(widths),
        text_align=align,
        first_row_as_headings=bool(table.headings),
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
        line_height=5,
        padding=1.2,
        borders_layout="HORIZONTAL_LINES",
    ) as grid:
        for row in ((table.headings,) if table.headings else ()) + table.rows:
            cells = grid.row()
            for cell in row:
                cells.cell(cell)
    if table.note:
        _note(pdf, table.note)
    pdf.ln(2)


def _cover(pdf: _Document) -> None:
    report = pdf.report
    pdf.add_page()
    pdf.set_y(80)
    pdf.set_font(FONT, "B", 12)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 8, report.title.upper(), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(17, 24, 39)
    pdf.set_font(FONT, "B", 28)
    pdf.multi_cell(0, 13, report.client, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.line(pdf.l_margin, pdf.get_y() + 3, pdf.l_margin + 60, pdf.get_y() + 3)
    pdf.set_line_width(0.2)
    pdf.ln(8)
    pdf.set_font(FONT, "", 14)
    pdf.multi_cell(0, 8, report.period, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(0, 6, report.prepared_on, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(17, 24, 39)


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes: a cover page, then one section after another."""
    pdf = _Document(report)
    _cover(pdf)
    headings, empty = report.headings, report.empty

    pdf.add_page()
    _heading(pdf, headings["summary"])
    _paragraphs(pdf, report.summary)

    _heading(pdf, headings["audience"])
    _paragraphs(pdf, report.audience)
    if report.personas.rows:
        _table(pdf, report.personas, (45, 60, 69))

    _heading(pdf, headings["platforms"])
    if report.platforms.rows:
        _table(pdf, report.platforms, (35, 40, 74, 25), numeric=(3,))
    else:
        _note(pdf, empty["platforms"])

    _heading(pdf, headings["kpis"])
    _table(pdf, report.kpis, (30, 64, 25, 30, 25), numeric=(2, 4))
    _paragraphs(pdf, [f"•  {line}" for line in report.insights], size=10)

    pdf.add_page()
    _heading(pdf, headings["charts"])
    if not report.charts:
        _note(pdf, empty["charts"])
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for chart in report.charts:
        height = width * chart.height / chart.width
        if pdf.get_y() + height + 12 > pdf.h - pdf.b_margin:
            pdf.add_page()
        pdf.set_font(FONT, "B", 10.5)
        pdf.multi_cell(0, 6, chart.title, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        pdf.image(io.BytesIO(chart.png), x=pdf.l_margin, w=width, h=height)
        pdf.ln(6)

    pdf.add_page()
    _heading(pdf, headings["plan"])
    if report.plan.rows:
        _table(pdf, report.plan, (26, 13, 24, 32, 24, 55), size=8)
    else:
        _note(pdf, empty["plan"])

    _heading(pdf, headings["budget"])
    if report.budget.rows:
        _table(pdf, report.budget, (110, 64), numeric=(1,), size=10)
    else:
        _note(pdf, empty["budget"])
    return bytes(pdf.output())
