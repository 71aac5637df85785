"""Widgets the pages share."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import streamlit as st

from ui.forms import records
from ui.state import t

__all__ = ["editable_table"]


def editable_table(
    key: str,
    rows: list[dict[str, Any]],
    columns: dict[str, str],
    *,
    token: object,
    **editor_options: Any,
) -> list[dict[str, Any]] | None:
    """A data_editor over `rows`: the edited rows as plain dicts, or None when nothing changed.

    The editor keeps its edits as a delta against the table it was first given, so that
    base table is kept in session state and only replaced when `token` changes (another
    client, or a save made elsewhere, such as an import). `columns` maps each column to a
    pandas dtype. Returning None for an untouched table spares converting and validating
    every row on each rerun. Rows left entirely empty are dropped, with a line saying so.
    """
    base_key, token_key = f"{key}.base", f"{key}.token"
    if st.session_state.get(token_key) != token or base_key not in st.session_state:
        dates = [c for c, dtype in columns.items() if dtype == "datetime64[ns]"]
        frame = pd.DataFrame(rows, columns=list(columns))
        frame = frame.astype({c: d for c, d in columns.items() if c not in dates})
        for column in dates:
            frame[column] = pd.to_datetime(frame[column])
        st.session_state[base_key] = frame
        st.session_state[token_key] = token
        st.session_state.pop(key, None)
    edited = st.data_editor(st.session_state[base_key], key=key, **editor_options)
    delta = st.session_state.get(key) or {}
    if not any(delta.get(part) for part in ("edited_rows", "added_rows", "deleted_rows")):
        return None
    kept = records(edited)
    if empty := len(edited) - len(kept):  # never saved, never shown as "—": said so
        message = t("tables.empty_rows_dropped", n=empty)
        st.caption(message)
        signature = json.dumps(delta, sort_keys=True, default=str)
        if st.session_state.get(f"{key}.empty") != signature:  # once per edit, across a save
            st.session_state[f"{key}.empty"] = signature
            st.toast(message, icon=":material/info:")
    return kept
