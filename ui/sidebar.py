"""The sidebar: language, active client and the steps, each marked done or not."""

from __future__ import annotations

import streamlit as st

from workbench.db import read_session
from workbench.errors import NotFound
from workbench.i18n import LANGUAGES
from workbench.strategy import STEPS, Strategy, load_strategy

from .nav import HOME, PRESENT, STEP_PAGES, link_params
from .plan_views import markdown_text
from .state import active_client_id, engine, lang, set_active_client, t

__all__ = ["active_strategy", "current_strategy", "render_sidebar"]

LANGUAGE_NAMES = {"it": "Italiano", "en": "English"}
DONE_ICON = ":material/check_circle:"
TODO_ICON = ":material/radio_button_unchecked:"


def active_strategy() -> Strategy | None:
    """The active client's strategy, or None (and the URL cleared) if it no longer exists."""
    client_id = active_client_id()
    if client_id is None:
        return None
    try:
        with read_session(engine()) as session:
            return load_strategy(session, client_id)
    except NotFound:
        set_active_client(None)
        return None


def current_strategy() -> Strategy | None:
    """The strategy app.py loaded for this run."""
    strategy = st.session_state.get("active_strategy")
    return strategy if isinstance(strategy, Strategy) else None


def _change_language() -> None:
    st.query_params["lang"] = st.session_state["sidebar.lang"]


def render_sidebar(strategy: Strategy | None) -> None:
    with st.sidebar:
        st.markdown(f"### {t('app.title')}")
        current = lang()
        st.selectbox(
            t("sidebar.language"),
            LANGUAGES,
            index=LANGUAGES.index(current),
            format_func=LANGUAGE_NAMES.__getitem__,
            key="sidebar.lang",
            on_change=_change_language,
        )
        st.page_link(HOME, label=t("nav.home"), icon=":material/home:", query_params=link_params())
        st.divider()
        if strategy is None:
            st.caption(t("sidebar.no_client"))
            return
        name = markdown_text(strategy.client.name)
        st.markdown(f"**{t('sidebar.active_client')}**  \n{name}")
        done = strategy.steps_done()
        st.caption(t("sidebar.progress", done=sum(done.values()), total=len(STEPS)))
        for number, step in enumerate(STEPS, start=1):
            st.page_link(
                STEP_PAGES[step],
                label=f"{number}. {t(f'steps.{step}')}",
                icon=DONE_ICON if done[step] else TODO_ICON,
                help=t("sidebar.done") if done[step] else t("sidebar.todo"),
                query_params=link_params(),
            )
        st.divider()
        st.page_link(
            PRESENT,
            label=t("present.title"),
            icon=":material/co_present:",
            help=t("present.help"),
            query_params=link_params(),
        )
