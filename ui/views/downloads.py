"""The files a client receives, as download buttons: the plan's files and the client report.

The export page and the proposal after a draft both offer them through here. A file is
made when its button is pressed, never on a run of the page, as the user who pressed it; a
plan file is built once per format, client, versions of its inputs, language and separator.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Literal

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ui.state import actor, settings, t, writing
from workbench.exports.plan_files import (
    MIME_TYPES,
    SEPARATORS,
    PlanFile,
    build_plan_file,
    plan_file_name,
)
from workbench.exports.plan_rows import time_zone
from workbench.exports.plan_scheduler import skipped_messages, skipped_posts
from workbench.i18n import render
from workbench.report import client_report
from workbench.strategy import Strategy

__all__ = ["REPORT_MIME", "download", "plan_file", "render_plan_downloads", "report_file"]

# The sections a plan file reads: a new version of any of them makes a new file.
PLAN_INPUTS = ("brief", "platforms", "budget", "plan")
REPORT_MIME = {"pdf": "application/pdf", "html": "text/html"}


@st.cache_data(show_spinner=False, max_entries=64)
def _plan_file(
    fmt: str,
    client_id: int | None,
    versions: tuple[int, ...],
    client_name: str,
    language: str,
    sep: str,
    _strategy: Strategy,
) -> PlanFile:
    """Built once per format, client, versions of its inputs, name, language and separator:
    a rerun that changed nothing rebuilds nothing."""
    return build_plan_file(_strategy, fmt, lang=language, sep=sep)


def plan_file(strategy: Strategy, fmt: str, language: str, sep: str = ";") -> Callable[[], bytes]:
    """The plan as `fmt` (xlsx, csv, ics, scheduler), made when the button asks for it."""
    versions = tuple(strategy.sections[name].version for name in PLAN_INPUTS)
    client = strategy.client
    return lambda: _plan_file(fmt, client.id, versions, client.name, language, sep, strategy).data


def report_file(
    strategy: Strategy, fmt: Literal["html", "pdf"], language: str, period: tuple[date, date]
) -> Callable[[], bytes]:
    """The client report of `period`, made when the button asks for it, as who is here now."""
    acting = actor()

    def data() -> bytes:
        # Written: the model's summary is cached and its cost recorded with the client.
        with writing(acting) as session:
            return client_report(
                session, strategy, fmt=fmt, lang=language, period=period, settings=settings()
            )

    return data


def download(
    where: DeltaGenerator,
    label: str,
    data: Callable[[], bytes],
    *,
    file_name: str,
    mime: str,
    key: str,
    icon: str,
    primary: bool = False,
    help_text: str | None = None,
) -> None:
    """A full-width download button whose file is made only when it is pressed."""
    where.download_button(
        label,
        data,
        file_name=file_name,
        mime=mime,
        key=key,
        help=help_text,
        on_click="ignore",
        icon=icon,
        width="stretch",
        type="primary" if primary else "secondary",
    )


def render_plan_downloads(strategy: Strategy, language: str) -> None:
    """The plan's four files in a row: the workbook (what the client receives, the main
    button), CSV with its separator, the calendar and the scheduler's bulk upload."""
    st.caption(t("export.plan_help"))
    if not strategy.plan.posts:
        st.info(t("exports.empty_plan"), icon=":material/event_note:")
        return
    name = strategy.client.name

    def button(where: DeltaGenerator, fmt: str, label: str, help_text: str, sep: str = ";") -> None:
        download(
            where,
            label,
            plan_file(strategy, fmt, language, sep),
            file_name=plan_file_name(name, fmt, language),
            mime=MIME_TYPES[fmt],
            key=f"export.plan_{fmt}",
            icon=":material/download:",
            primary=fmt == "xlsx",
            help_text=help_text,
        )

    xlsx, csv, ics, scheduler = st.columns(4)
    button(xlsx, "xlsx", t("export.xlsx_download"), t("export.xlsx_help"))
    # The choice made below the button on an earlier run, so the buttons stay in a row.
    sep = st.session_state.get("export.csv_sep", SEPARATORS[0])
    button(csv, "csv", t("export.csv_download"), t("export.csv_help"), sep)
    csv.radio(
        t("export.csv_separator"),
        SEPARATORS,
        format_func=lambda s: t("export.sep_semicolon" if s == ";" else "export.sep_comma"),
        key="export.csv_sep",
    )
    zone = time_zone(strategy.brief.country)
    button(ics, "ics", t("export.ics_download"), t("export.ics_help", zone=zone))
    button(scheduler, "scheduler", t("export.scheduler_download"), t("export.scheduler_help"))
    for message in skipped_messages(skipped_posts(strategy.plan)):
        scheduler.caption(render(message, language))
