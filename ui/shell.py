"""What every page runs inside: page config, navigation, the active strategy, the sidebar.

app.py runs the shell and then the page. A page file can also be run directly: Streamlit
does so on the first run of a server process when the URL names a file in pages/ (its
legacy multipage mode), and AppTest does so after a page switch. Each page therefore calls
`ensure_shell()` first, which runs the shell only when app.py did not.

With sign-in configured (`[auth]` in the secrets) the shell is also the gate: nobody signed
in sees the sign-in screen and nothing else. A public page that needs no account (the
client review link, `?review=TOKEN`) must be dispatched in app.py before `run_shell()`, so
it never meets the gate; the database refuses its sessions unless it binds an actor of its
own (workbench.access.bind), which keeps it to the one workspace the link belongs to.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from ui.markdown import markdown_text
from ui.nav import HOME, link_params, pages
from ui.review import review_requested, run_review
from ui.saving import render_conflict
from ui.sidebar import active_strategy, current_strategy, render_sidebar, sign_out
from ui.state import (
    lang,
    opened_on_loopback,
    refresh_actor,
    settings,
    sign_in_configured,
    signed_in_user,
    t,
)
from workbench.errors import NotInvited
from workbench.i18n import describe_error
from workbench.settings import SettingsError
from workbench.strategy import Strategy

__all__ = ["ensure_shell", "inside_app", "run_shell", "sign_in_gate", "step_page"]

# Each session's script runs in its own thread: this marks the runs app.py is driving.
_run = threading.local()


@contextmanager
def inside_app() -> Iterator[None]:
    """Mark the page run that app.py drives, so the page does not draw the frame again."""
    _run.in_app = True
    try:
        yield
    finally:
        _run.in_app = False


def _frame() -> None:
    st.set_page_config(
        page_title="Strategy Workbench", page_icon=":material/strategy:", layout="wide"
    )
    settings_gate()
    sign_in_gate()
    try:
        refresh_actor()
    except NotInvited:
        st.title(t("auth.title"))
        who = markdown_text(signed_in_user() or "")
        st.warning(t("auth.not_invited", user=who), icon=":material/lock:")
        st.button(t("auth.sign_out"), key="auth.sign_out", on_click=sign_out)
        st.stop()
    if not sign_in_configured() and not opened_on_loopback():
        # Served on the network with no sign-in: whoever has the address sees every client.
        st.warning(t("auth.open_to_network"), icon=":material/public:")
    # Loaded once per run; the page reads the same object (ui.sidebar.current_strategy).
    st.session_state["active_strategy"] = strategy = active_strategy()
    render_sidebar(strategy)


def settings_gate() -> None:
    """A setting the app cannot start with: one line naming it, and nothing else."""
    try:
        settings()
    except SettingsError as exc:
        st.error(describe_error(exc, lang()), icon=":material/settings_alert:")
        st.stop()


def sign_in_gate() -> None:
    """With sign-in configured, stop the run on the sign-in screen until someone is signed in
    (with an e-mail: it is their identity in the workspaces). Without it, do nothing."""
    if not sign_in_configured() or signed_in_user() is not None:
        return
    st.title(t("auth.title"))
    if st.user.is_logged_in:
        st.error(t("auth.no_email"), icon=":material/error:")
        st.button(t("auth.sign_out"), key="auth.sign_out", on_click=sign_out)
    else:
        st.write(t("auth.intro"))
        st.button(
            t("auth.sign_in"),
            key="auth.sign_in",
            type="primary",
            icon=":material/login:",
            on_click=st.login,
        )
    st.stop()


def run_shell() -> st.Page:
    """Set up navigation, page and sidebar for this run; returns the page to run."""
    page = st.navigation(pages(), position="hidden")
    _frame()
    return page


def ensure_shell() -> None:
    """Draw the frame unless app.py already did in this run (Streamlit is already running
    this page, so no second st.navigation: the page list is only registered for links)."""
    if not getattr(_run, "in_app", False):
        if review_requested():  # a review link deep-linked to a page file shows only the review
            run_review(navigation=False)
        pages()
        _frame()


def step_page(step: str) -> tuple[Strategy, int]:
    """The step's title and the active strategy with its client id.

    Without an active client the page says what to do, links to the client list and stops.
    """
    ensure_shell()
    st.title(t(f"steps.{step}"))
    render_conflict()
    strategy = current_strategy()
    if strategy is None or strategy.client.id is None:
        st.info(t("common.pick_client"), icon=":material/arrow_back:")
        st.page_link(
            HOME, label=t("common.go_home"), icon=":material/home:", query_params=link_params()
        )
        st.stop()
    return strategy, strategy.client.id
