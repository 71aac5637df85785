"""Strategy Workbench: `streamlit run app.py`."""

from __future__ import annotations

import logging

import streamlit as st

from ui.nav import pages
from ui.sidebar import active_strategy, render_sidebar
from ui.state import t, user_errors

log = logging.getLogger("workbench.app")

st.set_page_config(page_title="Strategy Workbench", page_icon=":material/strategy:", layout="wide")

page = st.navigation(pages(), position="hidden")
try:
    with user_errors():
        # Loaded once per run; the page reads the same object (ui.sidebar.current_strategy).
        st.session_state["active_strategy"] = strategy = active_strategy()
        render_sidebar(strategy)
        page.run()
except Exception:  # never show a traceback: log it for us, say it plainly to the user
    log.exception("page %s failed", page.title)
    st.error(t("errors.page_failed"), icon=":material/error:")
