"""The client report (issue 8): a period's strategy, plan, KPIs and budget for the client.

`report_html` gives one self-contained HTML file, `report_pdf` the same content as a PDF;
both read `report_content`, so the two never disagree. `summary` is the executive summary
text, from `workbench.ai.actions.executive_summary` (the model's, or the offline template's).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from sqlmodel import Session

from workbench.ai.actions import executive_summary
from workbench.report.content import Report, default_period, report_content
from workbench.settings import Settings
from workbench.strategy import Strategy

__all__ = [
    "Report",
    "client_report",
    "default_period",
    "report_content",
    "report_html",
    "report_pdf",
]


def report_html(
    strategy: Strategy,
    *,
    lang: str,
    summary: str,
    period: tuple[date, date],
    today: date | None = None,
) -> str:
    """The client report for `period` (first and last day) as an HTML document."""
    from workbench.report.html import render_html  # Jinja, loaded when a report is made

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
    from workbench.report.pdf import render_pdf  # fpdf2, loaded when a PDF is made

    content = report_content(
        strategy, lang=lang, summary=summary, period=period, today=today or date.today()
    )
    return render_pdf(content)


def client_report(
    session: Session,
    strategy: Strategy,
    *,
    fmt: Literal["html", "pdf"],
    lang: str,
    period: tuple[date, date],
    settings: Settings,
    today: date | None = None,
) -> bytes:
    """The report file with its executive summary: the model's when a key is set (cached,
    its cost recorded with the client, hence the write session), else the offline text."""
    outcome = executive_summary(session, strategy, settings=settings, lang=lang)
    summary = "\n\n".join(outcome.items)
    if fmt == "html":
        html = report_html(strategy, lang=lang, summary=summary, period=period, today=today)
        return html.encode("utf-8")
    return report_pdf(strategy, lang=lang, summary=summary, period=period, today=today)
