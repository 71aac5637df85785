"""Drawing Altair charts without re-validating their spec on every rerun."""

from __future__ import annotations

from typing import Any

import streamlit as st

__all__ = ["draw_chart"]


def draw_chart(chart: Any, container: Any = st) -> None:
    """Show an Altair chart; its spec is built without schema validation.

    st.altair_chart validates the whole Vega-Lite schema each call (about 35 ms a chart
    here), which dominated page reruns; the charts are fixed code, checked by the tests.
    """
    container.vega_lite_chart(chart.to_dict(validate=False), width="stretch")
