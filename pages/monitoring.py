"""Monitoring: import what the platforms exported, then plan against actual and what worked."""

from __future__ import annotations

import io
from datetime import date
from typing import Literal

import pandas as pd
import streamlit as st

from ui.forms import date_input_format
from ui.saving import write
from ui.shell import step_page
from ui.state import lang, settings, t
from ui.views.monitoring import (
    analysis,
    default_period,
    plan_period,
    render_analysis,
    render_best_times,
    times_view,
    to_publish,
)
from workbench.errors import WorkbenchError
from workbench.i18n import describe_error, fmt_date, fmt_number
from workbench.imports.results import (
    apply_results_import,
    parse_results_file,
    write_results_template,
)
from workbench.imports.tables import describe_import_problem
from workbench.models import EditorialPlan, Platform
from workbench.monitoring.analysis import mark_published
from workbench.strategy import save_section

strategy, client_id = step_page("monitoring")
L = lang()
P = "mon."
ss = st.session_state
results = strategy.results
plan = strategy.plan
versions = tuple(strategy.sections[name].version for name in ("brief", "plan", "results"))


def save_plan(new: EditorialPlan, message: str) -> None:
    """Store the plan (refused if someone saved it meanwhile) and say what changed."""
    version = strategy.sections["plan"].version
    if write(lambda s: save_section(s, client_id, "plan", new, expected_version=version)):
        ss[f"{P}done"] = message
        st.rerun()


def count(value: int | None) -> str:
    """A count in the user's format; a column the export does not have stays empty."""
    return "" if value is None else fmt_number(value, L)


def no_results() -> bool:
    """Say what to do when nothing is imported yet; True when there is nothing."""
    if not results.posts:
        st.info(t("monitoring.no_results"), icon=":material/upload_file:")
    return not results.posts


@st.cache_data(show_spinner=False)
def template_file(fmt: Literal["csv", "xlsx"], language: str) -> bytes:
    """The generic results template, written once per format and language."""
    buffer = io.BytesIO()
    write_results_template(buffer, fmt=fmt, lang=language)
    return buffer.getvalue()


import_tab, results_tab, analysis_tab, times_tab = st.tabs(
    [
        t("monitoring.tab_import"),
        t("monitoring.tab_results"),
        t("monitoring.tab_analysis"),
        t("monitoring.tab_times"),
    ],
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
            max_bytes = limit_mb * 1024 * 1024
            try:
                parsed = parse_results_file(
                    upload.getvalue(), upload.name, lang=L, max_bytes=max_bytes
                )
                if parsed.needs_platform:
                    # Never guessed: the manager says where the posts of this file ran.
                    chosen = st.selectbox(
                        t("monitoring.choose_platform"),
                        [None, *Platform],
                        format_func=lambda p: "—" if p is None else t(f"platforms.{p.value}"),
                        key=f"{P}upload_platform",
                    )
                    if chosen is not None:
                        parsed = parse_results_file(
                            upload.getvalue(),
                            upload.name,
                            lang=L,
                            max_bytes=max_bytes,
                            platform=chosen,
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
                horizon = plan_period(plan)
                outside = [
                    p for p in parsed.posts if horizon and not horizon[0] <= p.date <= horizon[1]
                ]
                if horizon and outside:
                    st.warning(
                        t(
                            "monitoring.import_outside_plan",
                            count=len(outside),
                            start=fmt_date(horizon[0], L, "short"),
                            end=fmt_date(horizon[1], L, "short"),
                        ),
                        icon=":material/event_busy:",
                    )
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
        if not no_results():
            rows = [
                {
                    t("fields.date"): p.date,
                    t("fields.time"): p.time.strftime("%H:%M") if p.time else "",
                    t("fields.platform"): t(f"platforms.{p.platform.value}"),
                    t("monitoring.col_title"): p.title,
                    **{
                        t(f"monitoring.col_{k}"): count(getattr(p, k))
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
                    t("fields.date"): st.column_config.DateColumn(format=date_input_format(L)),
                    t("fields.link"): st.column_config.LinkColumn(),
                },
            )

if message := ss.pop(f"{P}done", None):
    st.toast(message, icon=":material/check_circle:")

# --- analysis ---------------------------------------------------------------------------------
if analysis_tab.open:
    with analysis_tab:
        if not no_results():
            first, last = default_period(results.posts)
            picked = st.date_input(
                t("monitoring.period"),
                value=(first, last),
                format=date_input_format(L),
                key=f"{P}period.{client_id}",
                help=t("monitoring.period_help"),
            )
            # While the second day is being picked the input holds one date.
            if isinstance(picked, tuple) and len(picked) == 2:
                start, end = picked
            else:
                start, end = first, last
                st.caption(t("monitoring.period_incomplete"))
            view = analysis((client_id, versions), start, end, strategy)
            pending = to_publish(plan, view.matches)
            if pending:
                c1, c2 = st.columns([3, 1], vertical_alignment="center")
                c1.markdown(t("monitoring.mark_published_help", n=pending))
                if c2.button(
                    t("monitoring.mark_published", n=pending),
                    key=f"{P}mark_published",
                    icon=":material/task_alt:",
                    width="stretch",
                ):
                    save_plan(
                        mark_published(plan, view.matches),
                        t("monitoring.marked_published", n=pending),
                    )
            render_analysis(view, plan, L)

# --- best times -------------------------------------------------------------------------------
if times_tab.open:
    with times_tab:
        if not no_results():
            counts = dict.fromkeys(Platform, 0)
            for r in results.posts:
                if r.time is not None:
                    counts[r.platform] += 1
            platforms = sorted((p for p in counts if counts[p]), key=lambda p: -counts[p])
            if not platforms:
                st.info(t("monitoring.no_times"), icon=":material/schedule:")
            else:
                c1, c2 = st.columns(2)
                platform = c1.selectbox(
                    t("fields.platform"),
                    platforms,
                    format_func=lambda p: t(
                        "monitoring.platform_posts", platform=t(f"platforms.{p.value}"), n=counts[p]
                    ),
                    key=f"{P}times.platform",
                )
                min_posts = c2.number_input(
                    t("monitoring.min_posts"),
                    min_value=1,
                    max_value=50,
                    value=2,
                    step=1,
                    key=f"{P}times.min_posts",
                    help=t("monitoring.min_posts_help"),
                )
                times = times_view(
                    (client_id, versions), platform, int(min_posts), date.today(), strategy
                )
                render_best_times(times.cells, int(min_posts), L)
                moved_plan, moved = times.moved_plan, times.moved
                st.caption(t("monitoring.move_help"))
                if not moved:
                    st.caption(t("monitoring.nothing_to_move"))
                elif st.button(
                    t("monitoring.move", n=moved),
                    key=f"{P}times.move",
                    icon=":material/schedule_send:",
                ):
                    save_plan(moved_plan, t("monitoring.moved", n=moved))
