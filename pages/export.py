"""Export and import: the whole strategy as JSON, the editorial plan as Excel, CSV, calendar
and Metricool file."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Literal

import streamlit as st

from ui.assistant import outcome_caption, run_action
from ui.markdown import markdown_text
from ui.nav import STEP_PAGES, go
from ui.panels.backup import render_backup
from ui.saving import write
from ui.shell import ensure_shell
from ui.sidebar import LANGUAGE_NAMES, current_strategy
from ui.state import actor, lang, read, settings, t, writing
from workbench.ai.actions import executive_summary
from workbench.ai.seam import ai_status
from workbench.errors import WorkbenchError
from workbench.exports.plan_files import (
    MIME_TYPES,
    SEPARATORS,
    PlanFile,
    build_plan_file,
    plan_file_name,
)
from workbench.exports.plan_rows import time_zone
from workbench.exports.plan_scheduler import skipped_messages, skipped_posts
from workbench.exports.strategy_json import (
    dump_strategy,
    export_strategy,
    import_strategy,
    parse_strategy,
)
from workbench.i18n import LANGUAGES, describe_error, render
from workbench.reference import sectors
from workbench.report import client_report, default_period
from workbench.strategy import Strategy

# The sections a plan file reads: a new version of any of them makes a new file.
PLAN_INPUTS = ("brief", "platforms", "budget", "plan")


@st.cache_data(show_spinner=False, max_entries=64)
def _plan_file(
    fmt: str,
    client_id: int,
    versions: tuple[int, ...],
    client_name: str,
    language: str,
    sep: str,
    _strategy: Strategy,
) -> PlanFile:
    """Built once per format, client, versions of its inputs, name, language and separator:
    a rerun that changed nothing rebuilds nothing."""
    return build_plan_file(_strategy, fmt, lang=language, sep=sep)


def _plan_downloads(strategy: Strategy, client_id: int, language: str) -> None:
    st.caption(t("export.plan_help"))
    if not strategy.plan.posts:
        st.info(t("exports.empty_plan"), icon=":material/event_note:")
        return
    versions = tuple(strategy.sections[name].version for name in PLAN_INPUTS)
    name = strategy.client.name

    def download(fmt: str, label: str, help_text: str, sep: str = ";") -> None:
        # The workbook is what the client receives: it is the page's main button.
        # The file is made when the button is clicked, not on every run of the page.
        def data() -> bytes:
            return _plan_file(fmt, client_id, versions, name, language, sep, strategy).data

        st.download_button(
            label,
            data,
            file_name=plan_file_name(name, fmt, language),
            mime=MIME_TYPES[fmt],
            key=f"export.plan_{fmt}",
            help=help_text,
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
            type="primary" if fmt == "xlsx" else "secondary",
        )

    xlsx, csv, ics, scheduler = st.columns(4)
    with xlsx:
        download("xlsx", t("export.xlsx_download"), t("export.xlsx_help"))
    with csv:
        # The choice made below the button on an earlier run, so the buttons stay in a row.
        download(
            "csv",
            t("export.csv_download"),
            t("export.csv_help"),
            st.session_state.get("export.csv_sep", SEPARATORS[0]),
        )
        st.radio(
            t("export.csv_separator"),
            SEPARATORS,
            format_func=lambda s: t("export.sep_semicolon" if s == ";" else "export.sep_comma"),
            key="export.csv_sep",
        )
    with ics:
        zone = time_zone(strategy.brief.country)
        download("ics", t("export.ics_download"), t("export.ics_help", zone=zone))
    with scheduler:
        download("scheduler", t("export.scheduler_download"), t("export.scheduler_help"))
        for message in skipped_messages(skipped_posts(strategy.plan)):
            st.caption(render(message, language))


def _executive_summary(strategy: Strategy, slug: str, language: str) -> None:
    """A few paragraphs for the client: the model's with a key, the templates' without."""
    st.subheader(t("aiui.summary_title"))
    st.caption(t("aiui.summary_help"))
    key = f"export.summary.{strategy.client.id}"
    if st.button(t("aiui.summary_go"), key="export.summary_go", icon=":material/smart_toy:"):
        run_action(
            lambda s: executive_summary(s, strategy, settings=settings(), lang=language), key
        )
    outcome = st.session_state.get(key)
    if outcome is None:
        return
    outcome_caption(outcome, language)
    text = outcome.items[0]
    with st.container(border=True):
        for paragraph in text.split("\n\n"):
            st.markdown(markdown_text(paragraph))
    st.download_button(
        t("aiui.summary_download"),
        text.encode("utf-8"),
        file_name=f"{slug}-summary.txt",
        mime="text/plain",
        key="export.summary_download",
        icon=":material/download:",
    )


def _client_report(strategy: Strategy, slug: str, language: str) -> None:
    """The client report for a period, as PDF or HTML, made when a button is pressed."""
    st.subheader(t("export.report_title"))
    st.caption(t("export.report_help"))
    first, last = default_period(strategy, date.today())
    c1, c2 = st.columns([2, 1])
    picked = c1.date_input(
        t("export.report_period"),
        value=(first, last),
        format="DD/MM/YYYY" if language == "it" else "YYYY-MM-DD",
        key=f"export.report_period.{strategy.client.id}",
    )
    report_lang = c2.selectbox(
        t("export.report_lang"),
        LANGUAGES,
        index=LANGUAGES.index(language),
        format_func=LANGUAGE_NAMES.__getitem__,
        key="export.report_lang",
    )
    if not (isinstance(picked, tuple) and len(picked) == 2):
        st.caption(t("export.report_pick_end"))
        return
    period = (picked[0], picked[1])
    name = f"{slug}-report-{period[0].isoformat()}"

    acting = actor()  # who asked: the file is made later, when the button is pressed

    def build(fmt: Literal["html", "pdf"]) -> Callable[[], bytes]:
        def data() -> bytes:
            # Written: the model's summary is cached and its cost recorded with the client.
            with writing(acting) as session:
                return client_report(
                    session,
                    strategy,
                    fmt=fmt,
                    lang=report_lang,
                    period=period,
                    settings=settings(),
                )

        return data

    formats: tuple[tuple[Literal["pdf", "html"], str, str], ...] = (
        ("pdf", "application/pdf", ":material/picture_as_pdf:"),
        ("html", "text/html", ":material/html:"),
    )
    for column, (fmt, mime, icon) in zip(st.columns(2), formats, strict=True):
        column.download_button(
            t(f"export.report_{fmt}"),
            build(fmt),
            file_name=f"{name}.{fmt}",
            mime=mime,
            key=f"export.report_{fmt}",
            on_click="ignore",
            icon=icon,
            type="primary" if fmt == "pdf" else "secondary",  # the file a client expects
            width="stretch",
        )
    st.caption(
        t(
            "export.report_summary_ai"
            if ai_status(settings()).enabled
            else "export.report_summary_offline"
        )
    )


ensure_shell()

L = lang()
st.title(t("steps.export"))

strategy = current_strategy()
if strategy is None or strategy.client.id is None:
    st.info(t("export.pick_client"), icon=":material/arrow_back:")
else:
    client_id = strategy.client.id
    slug = re.sub(r"[^a-z0-9]+", "-", strategy.client.name.casefold()).strip("-") or "client"
    # What the client receives first; the backup after.
    st.subheader(t("export.plan_title"))
    _plan_downloads(strategy, client_id, L)
    st.divider()
    _client_report(strategy, slug, L)
    st.divider()
    _executive_summary(strategy, slug, L)
    st.divider()
    st.subheader(t("export.json_title"))
    st.caption(t("export.json_help"))

    acting = actor()

    def strategy_json() -> bytes:
        # Made when the button is pressed, not on every run of the page.
        with read(acting) as session:
            return dump_strategy(export_strategy(session, client_id)).encode("utf-8")

    st.download_button(
        t("export.json_download"),
        strategy_json,
        file_name=f"{slug}-strategy.json",
        mime="application/json",
        key="export.json",
        on_click="ignore",
        icon=":material/download:",
    )

st.divider()
render_backup()

st.divider()
st.subheader(t("export.import_title"))
st.caption(t("export.import_help"))
limit_mb = settings().max_upload_mb
upload = st.file_uploader(t("export.import_file"), type=["json"], key="export.upload")
if upload is not None:
    data = upload.getvalue()
    if len(data) > limit_mb * 1024 * 1024:
        st.error(t("errors.file_too_large", limit=limit_mb), icon=":material/error:")
        st.stop()
    try:
        name, sections = parse_strategy(data)
    except WorkbenchError as exc:
        st.error(
            t("export.import_rejected", file=upload.name, reason=describe_error(exc, L)),
            icon=":material/error:",
        )
        st.stop()
    brief = sections["brief"]
    sector_labels = {s.code: s.label(L) for s in sectors()}
    with st.container(border=True):
        st.markdown(f"**{markdown_text(name)}**")
        sector = getattr(brief, "sector", "")
        st.caption(f"{t('fields.sector')}: {sector_labels.get(sector, sector) or '—'}")
    if st.button(t("export.import_confirm"), key="export.import", type="primary"):
        client = write(lambda s: import_strategy(s, data))
        if client is not None:
            st.toast(t("export.imported", name=markdown_text(client.name)))
            go(STEP_PAGES["brief"], client.id)
