"""The Monitoring page's best-times tab: when the client's posts did best, and the plan's
slots moved there on request."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date

import streamlit as st

from ui.state import lang, t
from ui.views.monitoring import render_best_times, times_view
from workbench.models import EditorialPlan
from workbench.monitoring.analysis import timed_platforms
from workbench.strategy import Strategy

__all__ = ["render_times"]

P = "mon."


def render_times(
    strategy: Strategy, version_key: Hashable, save_plan: Callable[[EditorialPlan, str], None]
) -> None:
    """A platform and a least number of posts; the heatmap, the best slots, the move."""
    L = lang()
    counts = dict(timed_platforms(strategy.results.posts))
    if not counts:
        st.info(t("monitoring.no_times"), icon=":material/schedule:")
        return
    c1, c2 = st.columns(2)
    platform = c1.selectbox(
        t("fields.platform"),
        list(counts),
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
    times = times_view(version_key, platform, int(min_posts), date.today(), strategy)
    render_best_times(times.cells, int(min_posts), L)
    st.caption(t("monitoring.move_help"))
    if not times.moved:
        st.caption(t("monitoring.nothing_to_move"))
    elif st.button(
        t("monitoring.move", n=times.moved), key=f"{P}times.move", icon=":material/schedule_send:"
    ):
        save_plan(times.moved_plan, t("monitoring.moved", n=times.moved))
