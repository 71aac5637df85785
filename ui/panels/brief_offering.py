"""The brief's "Offerta" section: offering, places, people, differentiators and events as lines.

The text stays in the widgets as typed; what its valid lines give is saved with the rest of
the brief, and each bad line is named (workbench.brief.offering).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.state import t
from workbench.brief.offering import (
    format_events,
    format_offering,
    format_words,
    parse_events,
    parse_offering,
    parse_words,
)
from workbench.errors import FieldProblem
from workbench.models import TEXT_MAX, Brief

__all__ = ["load_offering", "offering_changes", "render_offering"]

WORD_FIELDS = ("places", "people", "differentiators")


def load_offering(brief: Brief) -> None:
    """Put the stored offering, places, people, differentiators and events into the widgets."""
    ss = st.session_state
    ss["brief.offering"] = format_offering(brief.offering)
    for field in WORD_FIELDS:
        ss[f"brief.{field}"] = format_words(getattr(brief, field))
    ss["brief.events"] = format_events(brief.events)


def render_offering() -> None:
    """The section's widgets: the offering wide, the other four two by two."""
    st.subheader(t("brief.section_offering"))
    st.caption(t("brief.offering_caption"))
    st.text_area(
        t("fields.offering"),
        key="brief.offering",
        height=140,
        max_chars=TEXT_MAX * 4,
        help=t("brief.offering_help"),
        placeholder=t("brief.offering_placeholder"),
    )
    c1, c2 = st.columns(2)
    c3, c4 = st.columns(2)
    for column, field in zip((c1, c2, c3), WORD_FIELDS, strict=True):
        column.text_area(
            t(f"fields.{field}"),
            key=f"brief.{field}",
            height=90,
            max_chars=TEXT_MAX,
            help=t(f"brief.{field}_help"),
        )
    c4.text_area(
        t("fields.events"),
        key="brief.events",
        height=90,
        max_chars=TEXT_MAX,
        help=t("brief.events_help"),
    )


def offering_changes() -> tuple[dict[str, Any], list[FieldProblem]]:
    """The brief fields the section's text gives, and a problem for each bad line."""
    ss = st.session_state
    changes: dict[str, Any] = {}
    changes["offering"], problems = parse_offering(ss["brief.offering"])
    for field in WORD_FIELDS:
        changes[field], bad = parse_words(field, ss[f"brief.{field}"])
        problems += bad
    changes["events"], bad = parse_events(ss["brief.events"])
    return changes, problems + bad
