"""Where each step lives, and moving between pages without losing the client or language."""

from __future__ import annotations

from typing import NoReturn

import streamlit as st

from workbench.strategy import STEPS

from .state import active_client_id, lang, t

__all__ = ["HOME", "STEP_ICONS", "STEP_PAGES", "go", "link_params", "pages"]

HOME = "pages/home.py"
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
    params = link_params()
    if client_id is not None:
        params["client"] = str(client_id)
    st.query_params.from_dict(params)  # read by the next run, in the browser and in AppTest
    st.switch_page(page, query_params=params)


def pages() -> list[st.Page]:
    """The app's pages for st.navigation, titled in the user's language."""
    home = st.Page(HOME, title=t("nav.home"), icon=":material/home:", default=True)
    steps = [
        st.Page(path, title=t(f"steps.{step}"), icon=STEP_ICONS[step], url_path=step)
        for step, path in STEP_PAGES.items()
    ]
    return [home, *steps]
