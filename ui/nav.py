"""Where each step lives, and moving between pages without losing the client or language."""

from __future__ import annotations

from typing import NoReturn

import streamlit as st

from ui.state import active_client_id, lang, t
from workbench.strategy import STEPS

__all__ = ["HOME", "PRESENT", "START", "STEP_ICONS", "STEP_PAGES", "go", "link_params", "pages"]

HOME = "pages/home.py"
PRESENT = "pages/present.py"  # the one-screen summary for the meeting: not a step
START = "pages/start.py"  # a new client's essentials and the one-click draft
# File stems equal the URL paths: Streamlit's legacy pages/ mode, used on a server's first
# run, then finds the same page (see ui.shell).
STEP_PAGES = {step: f"pages/{step}.py" for step in STEPS}
STEP_ICONS = {
    "brief": ":material/description:",
    "audience": ":material/groups:",
    "competitors": ":material/leaderboard:",
    "platforms": ":material/hub:",
    "budget": ":material/euro:",
    "plan": ":material/calendar_month:",
    "monitoring": ":material/monitoring:",
    "export": ":material/download:",
}


def link_params() -> dict[str, str]:
    """Query parameters every link carries: the active client and the language."""
    params = {"lang": lang()}
    client_id = active_client_id()
    if client_id is not None:
        params["client"] = str(client_id)
    return params


def go(page: str, client_id: int | None = None) -> NoReturn:
    """Switch to a page (a path of HOME or STEP_PAGES), optionally making a client active."""
    params = link_params()
    if client_id is not None:
        params["client"] = str(client_id)
    st.switch_page(_registered.get(page, page), query_params=params)


# The st.Page objects of the current run, by path: switching with the object itself is
# what both the browser and AppTest resolve to the navigation page.
_registered: dict[str, st.Page] = {}


def pages() -> list[st.Page]:
    """The app's pages for st.navigation, titled in the user's language."""
    home = st.Page(HOME, title=t("nav.home"), icon=":material/home:", default=True)
    steps = {
        path: st.Page(path, title=t(f"steps.{step}"), icon=STEP_ICONS[step], url_path=step)
        for step, path in STEP_PAGES.items()
    }
    present = st.Page(
        PRESENT, title=t("present.title"), icon=":material/co_present:", url_path="present"
    )
    start = st.Page(START, title=t("start.nav"), icon=":material/auto_awesome:", url_path="start")
    # Same URLs for every session and language.
    _registered.update({HOME: home, **steps, PRESENT: present, START: start})
    return [home, start, *steps.values(), present]
