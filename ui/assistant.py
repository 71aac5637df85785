"""What every assistant button shares: run one action, say where its result came from."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st
from sqlmodel import Session

from ui.saving import write
from ui.state import lang, read, t
from workbench.ai.actions import AiOutcome
from workbench.i18n import fmt_number, render

__all__ = ["outcome_caption", "read", "run_action"]


def run_action(action: Callable[[Session], AiOutcome[Any]], key: str) -> None:
    """Run an assistant action with a spinner; its result stays in session state under `key`
    until the next press, so reruns show it without asking again."""
    with st.spinner(t("aiui.working")):
        outcome = write(action)
    if outcome is not None:
        st.session_state[key] = outcome


def outcome_caption(outcome: AiOutcome[Any], L: str | None = None) -> None:
    """Where a result came from and what it cost; the reason when it is the offline one."""
    L = L or lang()
    if outcome.notice is not None and outcome.notice.key != "ai.offline_no_key":
        # A failure is news; a missing key is not (the status says so), the caption is enough.
        st.warning(render(outcome.notice, L), icon=":material/cloud_off:")
    elif outcome.source == "offline":
        st.caption(t("aiui.from_offline"))
    elif outcome.cached:
        st.caption(t("aiui.from_cache"))
    elif outcome.usage is not None:
        st.caption(
            t(
                "aiui.cost_line",
                tokens=fmt_number(outcome.usage.input_tokens + outcome.usage.output_tokens, L),
                cost=fmt_number(outcome.usage.cost_usd, L, digits=4),
            )
        )
