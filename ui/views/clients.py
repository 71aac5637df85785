"""The home page's client list: name, sector, steps done, when created and updated."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.state import settings, t
from workbench.clients import ClientPage
from workbench.reference import sectors
from workbench.strategy import STEPS

__all__ = ["render_client_table"]

# Real datetimes, so the columns sort by time; shown in the user's time zone.
WHEN = "DD/MM/YYYY HH:mm"


def render_client_table(result: ClientPage, lang: str) -> list[int]:
    """The page of clients as a table with one row to select; the selected row positions."""
    sector_labels = {s.code: s.label(lang) for s in sectors()}
    tz = settings().timezone
    progress_label = t("home.col_progress")
    table: dict[str, list[Any]] = {
        t("home.col_name"): [r.name for r in result.rows],
        t("home.col_sector"): [sector_labels.get(r.sector, r.sector) for r in result.rows],
        progress_label: [len(r.steps_done) for r in result.rows],
        t("home.col_created"): [r.created_at for r in result.rows],
        t("home.col_updated"): [r.updated_at for r in result.rows],
    }
    event = st.dataframe(
        table,
        key="home.table",
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            progress_label: st.column_config.ProgressColumn(
                progress_label,
                help=t("home.progress_help"),
                min_value=0,
                max_value=len(STEPS),
                format=f"%d/{len(STEPS)}",
            ),
            t("home.col_created"): st.column_config.DatetimeColumn(
                t("home.col_created"), format=WHEN, timezone=tz
            ),
            t("home.col_updated"): st.column_config.DatetimeColumn(
                t("home.col_updated"), format=WHEN, timezone=tz
            ),
        },
    )
    return list(event.selection.rows) if event is not None else []
