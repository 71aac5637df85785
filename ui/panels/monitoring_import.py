"""The Monitoring page's import tab: the results templates, an upload, its preview, the import.

A file is read by `workbench.imports.results`; what it found (format, columns, problems,
posts outside the plan) is shown before anything is stored, and the import is one click.
"""

from __future__ import annotations

import io
from typing import Literal

import pandas as pd
import streamlit as st

from ui.saving import write
from ui.state import settings, t
from ui.views.monitoring import result_row
from workbench.errors import WorkbenchError
from workbench.i18n import describe_error, fmt_date
from workbench.imports.results import (
    ResultsImport,
    apply_results_import,
    parse_results_file,
    write_results_template,
)
from workbench.imports.tables import describe_import_problem
from workbench.models import EditorialPlan, Platform
from workbench.monitoring.analysis import outside_plan, plan_period

__all__ = ["render_import"]

P = "mon."
PREVIEW_COUNTS = ("reach", "views", "likes", "comments", "shares", "saves")


@st.cache_data(show_spinner=False)
def template_file(fmt: Literal["csv", "xlsx"], language: str) -> bytes:
    """The generic results template, written once per format and language."""
    buffer = io.BytesIO()
    write_results_template(buffer, fmt=fmt, lang=language)
    return buffer.getvalue()


def _templates(L: str) -> None:
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


def _parse(data: bytes, name: str, L: str) -> ResultsImport:
    """The file read; when it does not say its platform, the one the manager picks."""
    max_bytes = settings().max_upload_mb * 1024 * 1024
    parsed = parse_results_file(data, name, lang=L, max_bytes=max_bytes)
    if parsed.needs_platform:
        # Never guessed: the manager says where the posts of this file ran.
        chosen = st.selectbox(
            t("monitoring.choose_platform"),
            [None, *Platform],
            format_func=lambda p: "—" if p is None else t(f"platforms.{p.value}"),
            key=f"{P}upload_platform",
        )
        if chosen is not None:
            parsed = parse_results_file(data, name, lang=L, max_bytes=max_bytes, platform=chosen)
    return parsed


def _preview(parsed: ResultsImport, plan: EditorialPlan, L: str) -> None:
    st.markdown(t("monitoring.detected", format=t(f"results.format.{parsed.format}")))
    st.caption(t("results.recognised_columns", columns=", ".join(parsed.columns.values())))
    if parsed.unknown_columns:
        st.caption(t("import.ignored_columns", columns=", ".join(parsed.unknown_columns)))
    for issue in parsed.problems[:50]:
        st.error(describe_import_problem(issue, L), icon=":material/error:")
    for issue in parsed.warnings[:20]:
        st.warning(describe_import_problem(issue, L), icon=":material/warning:")
    if parsed.duplicates:
        st.caption(t("results.file_duplicates", count=parsed.duplicates))
    horizon = plan_period(plan)
    outside = outside_plan(plan, parsed.posts) if horizon else 0
    if horizon and outside:
        st.warning(
            t(
                "monitoring.import_outside_plan",
                count=outside,
                start=fmt_date(horizon[0], L, "short"),
                end=fmt_date(horizon[1], L, "short"),
            ),
            icon=":material/event_busy:",
        )
    preview = [
        {**result_row(p, PREVIEW_COUNTS, L), t("fields.date"): fmt_date(p.date, L, "short")}
        for p in parsed.posts[:200]
    ]
    if preview:
        st.dataframe(pd.DataFrame(preview), hide_index=True, width="stretch")


def render_import(plan: EditorialPlan, client_id: int, L: str) -> None:
    """Templates to fill, the upload and its preview, the import and what it added."""
    ss = st.session_state
    st.caption(t("monitoring.import_help"))
    _templates(L)
    upload = st.file_uploader(t("monitoring.upload"), type=["csv", "xlsx", "txt"], key=f"{P}upload")
    if upload is not None:
        try:
            parsed = _parse(upload.getvalue(), upload.name, L)
        except WorkbenchError as exc:
            st.error(
                t("export.import_rejected", file=upload.name, reason=describe_error(exc, L)),
                icon=":material/error:",
            )
        else:
            _preview(parsed, plan, L)
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
