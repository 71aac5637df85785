"""Strategy Workbench: `streamlit run app.py`."""

from __future__ import annotations

import logging

import streamlit as st

from ui.review import review_requested, run_review
from ui.saving import user_errors
from ui.shell import inside_app, run_shell
from ui.state import t

log = logging.getLogger("workbench.app")

page = None
try:
    with user_errors():
        # A client's review link opens its view and nothing else, before any sign-in.
        if review_requested():
            run_review()
        page = run_shell()
        with inside_app():
            page.run()
except Exception:  # never show a traceback: log it for us, say it plainly to the user
    log.exception("page %s failed", page.title if page else "?")
    st.error(t("errors.page_failed"), icon=":material/error:")
