"""The manager's side of client review: create, list and revoke links; read the decisions."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

import streamlit as st
from sqlmodel import Session

from ui.markdown import markdown_text
from ui.review import REVIEW_PARAM
from ui.saving import write
from ui.state import actor, lang, opened_on_loopback, read, sign_in_configured, t
from workbench.i18n import fmt_date, fmt_datetime
from workbench.models import EditorialPlan, PostReview, ReviewDecision
from workbench.review import (
    LINK_DAYS_DEFAULT,
    LINK_DAYS_MAX,
    active_links,
    changed_since_review,
    create_link,
    reviews_for_client,
    revoke_link,
)
from workbench.strategy import STEPS

__all__ = ["client_reviews", "render_review_panel", "review_labels", "review_url"]

K = "plan.review"


def client_reviews(client_id: int, plan: EditorialPlan) -> tuple[dict[str, PostReview], set[str]]:
    """The client's latest decision on each post still as the client saw it, and the ids
    of posts edited since the client answered (to be reviewed again)."""
    with read() as session:
        found = reviews_for_client(session, client_id)
    posts = {p.id: p for p in plan.posts}
    stale = {k for k, r in found.items() if k in posts and changed_since_review(posts[k], r)}
    return {k: r for k, r in found.items() if k not in stale}, stale


def review_labels(reviews: Mapping[str, PostReview], stale: set[str]) -> dict[str, str]:
    """What the post table shows per post: '✅ Approvato' or '✏️ Modifiche: <comment>', or
    that the post changed after the client's answer."""
    labels = {post_id: t("plan.review_stale") for post_id in stale}
    for post_id, review in reviews.items():
        if review.decision == ReviewDecision.approved:
            labels[post_id] = t("plan.review_approved")
        elif review.comment:
            labels[post_id] = t("plan.review_changes", comment=review.comment)
        else:
            labels[post_id] = t("plan.review_changes_bare")
    return labels


def review_url(token: str) -> str:
    """The link to send: the app's address as the browser sees it, without the page path."""
    query = f"{REVIEW_PARAM}={token}"
    current = st.context.url
    if not current:
        return f"?{query}"
    parts = urlsplit(current)
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last in STEPS:  # the plan page's own path: the review view lives at the app's root
        path = head
    return urlunsplit((parts.scheme, parts.netloc, f"{path}/", query, ""))


def render_review_panel(
    plan: EditorialPlan, client_id: int, reviews: Mapping[str, PostReview]
) -> None:
    """Create a link (its URL shown once), the active links with a revoke button, the answers."""
    L = lang()
    st.caption(t("plan.review_intro"))
    a, b, c = st.columns([2, 4, 2], vertical_alignment="bottom")
    # Bounds wider than the domain's, so that a wrong number gets our message.
    days = a.number_input(
        t("fields.review_days"),
        0,
        999,
        value=LINK_DAYS_DEFAULT,
        step=1,
        key=f"{K}.days",
        help=t("plan.review_days_help", max=LINK_DAYS_MAX),
    )
    label = b.text_input(
        t("fields.review_label"), key=f"{K}.label", max_chars=120, help=t("plan.review_label_help")
    )
    exposed = not sign_in_configured() and not opened_on_loopback()
    if exposed:
        # Without sign-in, whoever has the app's address sees every client: a link would
        # hand the client that address.
        st.warning(t("plan.review_needs_sign_in"), icon=":material/lock_open:")
    if c.button(
        t("plan.review_create"),
        key=f"{K}.create",
        icon=":material/add_link:",
        width="stretch",
        disabled=exposed or not actor().can_write,
    ):
        created = write(lambda s: create_link(s, client_id, days=int(days), label=label))
        if created is not None:
            # Shown in this run only: the database keeps the hash, never the link itself.
            st.success(t("plan.review_created"), icon=":material/link:")
            st.code(review_url(created[1]), language=None, wrap_lines=True)

    st.subheader(t("plan.review_active"))
    with read() as session:
        links = active_links(session, client_id)
    if not links:
        st.caption(t("plan.review_none"))
    for link in links:
        row, button = st.columns([6, 1], vertical_alignment="center")
        row.markdown(
            t(
                "plan.review_link_row",
                label=markdown_text(link.label) if link.label else t("plan.review_unnamed"),
                created=fmt_datetime(link.created_at, L),
                expires=fmt_date(link.expires_at.date(), L, "d MMM yyyy"),
            )
        )
        if button.button(
            t("plan.review_revoke"), key=f"{K}.revoke.{link.id}", icon=":material/link_off:"
        ):

            def revoke(session: Session, link_id: int | None = link.id) -> object:
                assert link_id is not None
                return revoke_link(session, client_id, link_id)

            if write(revoke) is not None:
                st.toast(t("plan.review_revoked"), icon=":material/link_off:")
                st.rerun()

    _answers(plan, reviews, L)


def _answers(plan: EditorialPlan, reviews: Mapping[str, PostReview], L: str) -> None:
    ids = {p.id for p in plan.posts}
    shown = {k: r for k, r in reviews.items() if k in ids}
    approved = sum(1 for r in shown.values() if r.decision == ReviewDecision.approved)
    changes = [
        p for p in plan.posts if p.id in shown and shown[p.id].decision != ReviewDecision.approved
    ]
    st.markdown(
        t(
            "plan.review_summary",
            approved=approved,
            changes=len(changes),
            pending=len(plan.posts) - len(shown),
        )
    )
    if changes:
        st.subheader(t("plan.review_changes_title"))
        for post in sorted(changes, key=lambda p: (p.date, p.time)):
            review = shown[post.id]
            when = f"{fmt_date(post.date, L, 'EEE d MMM')} {post.time:%H:%M}"
            platform = t(f"platforms.{post.platform.value}")
            topic = markdown_text(post.topic, 80) if post.topic else ""
            st.markdown(f"**{when}** · {platform} · {topic}")
            if review.comment:
                st.caption(markdown_text(review.comment))
