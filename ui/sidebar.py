"""The sidebar: language, account and workspace, active client and the steps, done or not."""

from __future__ import annotations

import streamlit as st

from ui.markdown import markdown_text
from ui.nav import HOME, PRESENT, STEP_PAGES, link_params
from ui.state import (
    WORKSPACE_KEY,
    active_client_id,
    actor,
    lang,
    read,
    set_active_client,
    sign_in_configured,
    t,
)
from workbench.access import Actor, memberships
from workbench.errors import NotFound
from workbench.i18n import LANGUAGES
from workbench.strategy import STEPS, Strategy, load_strategy

__all__ = ["active_strategy", "current_strategy", "render_sidebar", "sign_out"]

LANGUAGE_NAMES = {"it": "Italiano", "en": "English"}
DONE_ICON = ":material/check_circle:"
TODO_ICON = ":material/radio_button_unchecked:"


def active_strategy() -> Strategy | None:
    """The active client's strategy, or None (and the URL cleared) if it no longer exists or
    is not in the acting workspace (a guessed `?client=` id)."""
    client_id = active_client_id()
    if client_id is None:
        return None
    try:
        with read() as session:
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


def _change_workspace() -> None:
    set_active_client(None)  # the active client belongs to the workspace left


def _render_account(acting: Actor) -> None:
    """Who is signed in, the workspace switcher (with several workspaces) and the role."""
    st.caption(t("auth.signed_in_as", user=acting.user))
    with read() as session:
        found = memberships(session, acting.user)
    names = {m.workspace_id: m.name for m in found}
    if len(found) > 1:
        ids = list(names)
        st.session_state[WORKSPACE_KEY] = acting.workspace_id
        st.selectbox(
            t("workspace.label"),
            ids,
            format_func=names.__getitem__,
            key=WORKSPACE_KEY,
            on_change=_change_workspace,
        )
    elif names:
        st.markdown(f"**{t('workspace.label')}**  \n{names[acting.workspace_id]}")
    st.caption(t("workspace.role", role=t(f"workspace.roles.{acting.role.value}")))
    if not acting.can_write:
        st.info(t("workspace.read_only"), icon=":material/visibility:")
    st.button(
        t("auth.sign_out"),
        key="sidebar.sign_out",
        icon=":material/logout:",
        on_click=sign_out,
    )


def sign_out() -> None:
    """End the sign-in (st.logout) and forget the workspace picked."""
    st.session_state.pop(WORKSPACE_KEY, None)
    st.logout()


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
        if sign_in_configured():
            _render_account(actor())
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
