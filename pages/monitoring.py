"""Monitoring: import what the platforms exported, then plan against actual and what worked."""

from __future__ import annotations

import io
from typing import Literal

import pandas as pd
import streamlit as st

from ui.shell import step_page
from ui.state import lang, settings, t, write
from workbench.errors import WorkbenchError
from workbench.i18n import describe_error, fmt_date, fmt_number
from workbench.imports.results import (
    apply_results_import,
    parse_results_file,
    write_results_template,
)
from workbench.imports.tables import describe_import_problem

strategy, client_id = step_page("monitoring")
L = lang()
P = "mon."
ss = st.session_state
results = strategy.results


@st.cache_data(show_spinner=False)
def template_file(fmt: Literal["csv", "xlsx"], language: str) -> bytes:
    """The generic results template, written once per format and language."""
    buffer = io.BytesIO()
    write_results_template(buffer, fmt=fmt, lang=language)
    return buffer.getvalue()


import_tab, results_tab = st.tabs(
    [t("monitoring.tab_import"), t("monitoring.tab_results")],
    key=f"{P}tab",
    on_change="rerun",
)

# --- import -----------------------------------------------------------------------------------
if import_tab.open:
    with import_tab:
        st.caption(t("monitoring.import_help"))
        c1, c2 = st.columns(2)
        for column, fmt in ((c1, "csv"), (c2, "xlsx")):
            column.download_button(
                t("monitoring.template", fmt=fmt.upper()),
                template_file(fmt, L),  # type: ignore[arg-type]
                file_name=f"results-template-{L}.{fmt}",
                key=f"{P}template.{fmt}",
                icon=":material/download:",
                width="stretch",
            )
        limit_mb = settings().max_upload_mb
        upload = st.file_uploader(
            t("monitoring.upload"), type=["csv", "xlsx", "txt"], key=f"{P}upload"
        )
        if upload is not None:
            try:
                parsed = parse_results_file(
                    upload.getvalue(), upload.name, lang=L, max_bytes=limit_mb * 1024 * 1024
                )
            except WorkbenchError as exc:
                st.error(
                    t("export.import_rejected", file=upload.name, reason=describe_error(exc, L)),
                    icon=":material/error:",
                )
            else:
                st.markdown(t("monitoring.detected", format=t(f"results.format.{parsed.format}")))
                st.caption(
                    t("results.recognised_columns", columns=", ".join(parsed.columns.values()))
                )
                if parsed.unknown_columns:
                    st.caption(
                        t("import.ignored_columns", columns=", ".join(parsed.unknown_columns))
                    )
                for issue in parsed.problems[:50]:
                    st.error(describe_import_problem(issue, L), icon=":material/error:")
                for issue in parsed.warnings[:20]:
                    st.warning(describe_import_problem(issue, L), icon=":material/warning:")
                if parsed.duplicates:
                    st.caption(t("results.file_duplicates", count=parsed.duplicates))
                preview = [
                    {
                        t("fields.date"): fmt_date(p.date, L, "short"),
                        t("fields.time"): p.time.strftime("%H:%M") if p.time else "",
                        t("fields.platform"): t(f"platforms.{p.platform.value}"),
                        t("monitoring.col_title"): p.title,
                        **{
                            t(f"monitoring.col_{k}"): ""
                            if getattr(p, k) is None
                            else fmt_number(getattr(p, k), L)
                            for k in ("reach", "views", "likes", "comments", "shares", "saves")
                        },
                    }
                    for p in parsed.posts[:200]
                ]
                if preview:
                    st.dataframe(pd.DataFrame(preview), hide_index=True, width="stretch")
                if st.button(
                    t("monitoring.import_confirm", rows=len(parsed.posts)),
                    key=f"{P}import",
                    type="primary",
                    disabled=bool(parsed.problems) or not parsed.posts,
                ):
                    outcome = write(lambda s: apply_results_import(s, client_id, parsed))
                    if outcome is not None:
                        added, duplicates = outcome
                        ss[f"{P}imported"] = t(
                            "results.summary",
                            format=t(f"results.format.{parsed.format}"),
                            added=added,
                            duplicates=duplicates,
                        )
                        ss.pop(f"{P}upload", None)
                        st.rerun()
        if message := ss.pop(f"{P}imported", None):
            st.success(message, icon=":material/check_circle:")

# --- results ----------------------------------------------------------------------------------
if results_tab.open:
    with results_tab:
        if not results.posts:
            st.info(t("monitoring.no_results"), icon=":material/upload_file:")
        else:
            rows = [
                {
                    t("fields.date"): p.date,
                    t("fields.time"): p.time.strftime("%H:%M") if p.time else "",
                    t("fields.platform"): t(f"platforms.{p.platform.value}"),
                    t("monitoring.col_title"): p.title,
                    **{
                        t(f"monitoring.col_{k}"): getattr(p, k)
                        for k in ("reach", "impressions", "views", "likes", "comments")
                        + ("shares", "saves", "clicks", "followers")
                    },
                    t("fields.link"): p.link,
                }
                for p in sorted(results.posts, key=lambda p: p.published_at, reverse=True)
            ]
            st.caption(t("monitoring.results_count", count=len(results.posts)))
            st.dataframe(
                pd.DataFrame(rows),
                hide_index=True,
                width="stretch",
                column_config={
                    t("fields.date"): st.column_config.DateColumn(
                        format="DD/MM/YYYY" if L == "it" else "YYYY-MM-DD"
                    ),
                    t("fields.link"): st.column_config.LinkColumn(),
                },
            )
