"""The client report (issue 8): a period's strategy, plan, KPIs and budget for the client.

`report_html` gives one self-contained HTML file, `report_pdf` the same content as a PDF;
both read `report_content`, so the two never disagree. `summary` is the executive summary
text, from `workbench.ai.executive_summary` (the model's, or the offline template's).
"""

from __future__ import annotations

from datetime import date

from ..strategy import Strategy
from .content import Report, default_period, report_content
from .html import render_html
from .pdf import render_pdf

__all__ = ["Report", "default_period", "report_content", "report_html", "report_pdf"]


def report_html(
    strategy: Strategy,
    *,
    lang: str,
    summary: str,
    period: tuple[date, date],
    today: date | None = None,
) -> str:
    """The client report for `period` (first and last day) as an HTML document."""
    content = report_content(
        strategy, lang=lang, summary=summary, period=period, today=today or date.today()
    )
    return render_html(content)


def report_pdf(
    strategy: Strategy,
    *,
    lang: str,
    summary: str,
    period: tuple[date, date],
    today: date | None = None,
) -> bytes:
    """The client report for `period` (first and last day) as PDF bytes."""
    content = report_content(
        strategy, lang=lang, summary=summary, period=period, today=today or date.today()
    )
    return render_pdf(content)
