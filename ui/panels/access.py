"""The workspace's members (owners add people and set roles) and a client's activity log."""

from __future__ import annotations

import streamlit as st

from ui.markdown import markdown_text
from ui.saving import write
from ui.state import actor, lang, read, settings, sign_in_configured, t
from workbench.access import LOCAL_USER, add_member, members
from workbench.activity import ACTIVITY_LIMIT, client_activity
from workbench.i18n import fmt_datetime
from workbench.models import Role
from workbench.strategy import STEP_SECTIONS

__all__ = ["render_activity", "render_members"]

# The activity log names the part saved by its step (results -> monitoring).
_SECTION_STEPS = {section: step for step, section in STEP_SECTIONS.items()}


def _role(role: str) -> str:
    return t(f"workspace.roles.{role}")


def render_members() -> None:
    """Owners, when sign-in is on: who is in the workspace, and a form to add or change one."""
    acting = actor()
    if not sign_in_configured() or not acting.is_owner:
        return
    with st.expander(t("workspace.members"), icon=":material/group:"):
        with read() as session:
            for member in members(session, acting):
                line = t("workspace.member_line", user=member.user, role=_role(member.role))
                st.markdown(markdown_text(line))
        with st.form("workspace.add_member", border=False):
            st.caption(t("workspace.add_member"))
            email_col, role_col, button_col = st.columns([3, 2, 1], vertical_alignment="bottom")
            email = email_col.text_input(t("fields.email"), key="workspace.email", max_chars=320)
            role = role_col.selectbox(
                t("fields.role"),
                [Role.editor, Role.viewer, Role.owner],
                format_func=lambda r: _role(r.value),
                key="workspace.role",
            )
            if button_col.form_submit_button(t("workspace.add"), width="stretch"):
                added = write(lambda s: add_member(s, acting, email, role))
                if added is not None:
                    st.success(t("workspace.member_added", user=added.user, role=_role(added.role)))


def render_activity(client_id: int) -> None:
    """The client's latest changes, newest first: when, who, what."""
    L = lang()
    with st.expander(t("activity.title"), icon=":material/history:"):
        with read() as session:
            entries = client_activity(session, client_id)
        if not entries:
            st.caption(t("activity.empty"))
            return
        st.caption(t("activity.limit", count=ACTIVITY_LIMIT))
        for entry in entries:
            step = _SECTION_STEPS.get(entry.section, entry.section)
            section = t(f"steps.{step}") if step else ""
            summary = markdown_text(entry.summary)
            action = t(f"activity.actions.{entry.action}", section=section, summary=summary)
            if entry.user == LOCAL_USER:
                user = t("activity.local_user")
            elif entry.user.startswith("review:"):  # an answer through a review link
                user = t("activity.review_user")
            else:
                user = entry.user
            user = markdown_text(user)
            when = fmt_datetime(entry.at, L, settings().timezone)
            st.markdown(t("activity.line", when=when, user=user, action=action))
