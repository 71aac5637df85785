"""Steps that later releases fill: say plainly what they will hold, pretend nothing."""

from __future__ import annotations

import streamlit as st

from .nav import STEP_PAGES, link_params
from .sidebar import current_strategy
from .state import t

__all__ = ["render_upcoming"]


def render_upcoming(step: str) -> None:
    st.title(t(f"steps.{step}"))
    st.info(t("upcoming.not_yet"), icon=":material/construction:")
    st.markdown(t(f"upcoming.{step}"))
    strategy = current_strategy()
    if strategy is not None and not strategy.steps_done()["brief"]:
        st.page_link(
            STEP_PAGES["brief"],
            label=t("upcoming.back_to_brief"),
            icon=":material/description:",
            query_params=link_params(),
        )
