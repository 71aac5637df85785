"""The export page's executive summary: a few paragraphs for the client, to read or download."""

from __future__ import annotations

import streamlit as st

from ui.assistant import outcome_caption, run_action
from ui.markdown import markdown_text
from ui.state import settings, t
from workbench.ai.actions import executive_summary
from workbench.strategy import Strategy

__all__ = ["render_executive_summary"]


def render_executive_summary(strategy: Strategy, slug: str, language: str) -> None:
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
