"""Export and import: the whole strategy as JSON, the editorial plan as Excel, CSV, calendar
and Metricool file."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

import streamlit as st

from ui.panels.backup import render_backup
from ui.panels.export_summary import render_executive_summary
from ui.panels.strategy_import import render_strategy_import
from ui.shell import ensure_shell
from ui.sidebar import LANGUAGE_NAMES, current_strategy
from ui.state import actor, lang, read, settings, t
from ui.views.downloads import REPORT_MIME, download, render_plan_downloads, report_file
from workbench.ai.seam import ai_status
from workbench.exports.strategy_json import dump_strategy, export_strategy
from workbench.i18n import LANGUAGES
from workbench.report import default_period
from workbench.strategy import Strategy


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

    formats: tuple[tuple[Literal["pdf", "html"], str], ...] = (
        ("pdf", ":material/picture_as_pdf:"),
        ("html", ":material/html:"),
    )
    for column, (fmt, icon) in zip(st.columns(2), formats, strict=True):
        download(
            column,
            t(f"export.report_{fmt}"),
            report_file(strategy, fmt, report_lang, period),
            file_name=f"{name}.{fmt}",
            mime=REPORT_MIME[fmt],
            key=f"export.report_{fmt}",
            icon=icon,
            primary=fmt == "pdf",  # the file a client expects
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
    render_plan_downloads(strategy, L)
    st.divider()
    _client_report(strategy, slug, L)
    st.divider()
    render_executive_summary(strategy, slug, L)
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
render_strategy_import(L)
