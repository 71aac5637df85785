"""The client's review view: `?review=TOKEN` opens only the plan, to approve or comment per post.

app.py calls `review_requested()` first of all and, when it is true, `run_review()` instead of
the shell: no sidebar, no navigation, no other client and nothing but the plan's posts. The
client has no account; the link alone lets them in, and only while it is active.
"""

from __future__ import annotations

from datetime import date

import streamlit as st
from sqlmodel import Session

from ui.markdown import markdown_text
from ui.state import engine, lang, t
from workbench.db import read_session, write_session
from workbench.errors import WorkbenchError
from workbench.i18n import LANGUAGES, describe_error, fmt_date
from workbench.models import PlannedPost, PostReview, ReviewDecision
from workbench.review import (
    InvalidReviewLink,
    RateLimiter,
    is_news_slot,
    link_strategy,
    record_review,
    resolve,
    reviews_for_link,
)

__all__ = ["REVIEW_PARAM", "review_requested", "run_review"]

REVIEW_PARAM = "review"
K = "review"
LANGUAGE_NAMES = {"it": "IT", "en": "EN"}


@st.cache_resource(show_spinner=False)
def _limiter() -> RateLimiter:
    """One limiter per server process, shared by every session that opens a link."""
    return RateLimiter()


def review_requested() -> bool:
    return REVIEW_PARAM in st.query_params


def run_review(*, navigation: bool = True) -> None:
    """Show only the review view as this run's one page, then stop.

    `navigation=False` when Streamlit already runs a page file (see ui.shell.ensure_shell).
    """
    st.set_page_config(
        page_title=t("review.title"), page_icon=":material/rate_review:", layout="centered"
    )
    if navigation:
        st.navigation([st.Page(_review_page, title=t("review.title"))], position="hidden").run()
    else:
        _review_page()
    st.stop()


def _multiline(text: str) -> str:
    """User text as literal Markdown, its line breaks kept."""
    return "  \n".join(markdown_text(line) for line in text.splitlines() if line.strip())


def _change_language() -> None:
    chosen = st.session_state.get(f"{K}.lang")
    if chosen in LANGUAGES:
        st.query_params["lang"] = chosen


def _review_page() -> None:
    L = lang()
    _, right = st.columns([5, 1])
    right.segmented_control(
        t("sidebar.language"),
        LANGUAGES,
        default=L,
        required=True,
        format_func=LANGUAGE_NAMES.__getitem__,
        key=f"{K}.lang",
        on_change=_change_language,
        label_visibility="collapsed",
    )
    st.title(t("review.title"))
    token = st.query_params.get(REVIEW_PARAM) or ""
    try:
        with read_session(engine()) as session:
            link = resolve(session, token)
            strategy = link_strategy(session, link)
            reviews = reviews_for_link(session, link)
    except InvalidReviewLink:
        st.warning(t("review.link_invalid"), icon=":material/link_off:")
        return
    posts = sorted(strategy.plan.posts, key=lambda p: (p.date, p.time))
    st.markdown(t("review.client", name=markdown_text(strategy.client.name)))
    if not posts:
        st.info(t("review.empty"), icon=":material/calendar_month:")
        return
    st.caption(
        t(
            "review.period",
            start=fmt_date(posts[0].date, L, "d MMMM yyyy"),
            end=fmt_date(posts[-1].date, L, "d MMMM yyyy"),
        )
    )
    st.markdown(t("review.intro"))
    to_review = [p for p in posts if not is_news_slot(p)]
    done = sum(1 for p in to_review if p.id in reviews)
    total = max(1, len(to_review))
    st.progress(done / total, text=t("review.progress", done=done, total=len(to_review)))
    months = sorted({f"{p.date:%Y-%m}" for p in posts})
    month = months[0]
    if len(months) > 1:  # a long plan is read a month at a time
        month = (
            st.segmented_control(
                t("review.month"),
                months,
                default=month,
                required=True,
                format_func=lambda m: fmt_date(
                    date.fromisoformat(f"{m}-01"), L, "LLLL yyyy"
                ).capitalize(),
                key=f"{K}.month",
            )
            or month
        )
    for post in posts:
        if f"{post.date:%Y-%m}" == month:
            _post_card(post, reviews.get(post.id), link.id, L)
    st.caption(t("review.expires", date=fmt_date(link.expires_at.date(), L, "d MMMM yyyy")))


def _status(review: PostReview | None) -> None:
    if review is None:
        st.badge(t("review.status_none"), icon=":material/schedule:", color="gray")
    elif review.decision == ReviewDecision.approved:
        st.badge(t("review.status_approved"), icon=":material/check_circle:", color="green")
    else:
        st.badge(t("review.status_changes"), icon=":material/edit_note:", color="orange")


def _post_card(post: PlannedPost, review: PostReview | None, link_id: int | None, L: str) -> None:
    with st.container(border=True, key=f"{K}.post.{post.id}"):
        when = f"{fmt_date(post.date, L, 'EEEE d MMMM')} · {post.time:%H:%M}"
        where = f"{t(f'platforms.{post.platform.value}')} · {t(f'formats.{post.format.value}')}"
        st.markdown(f"**{when}** · {where}")
        if is_news_slot(post):  # nothing to approve yet: it is filled close to the date
            st.info(t("review.reactive_slot"), icon=":material/bolt:")
            return
        details = [
            (t("fields.pillar"), post.pillar),
            (t("fields.topic"), post.topic),
        ]
        for label, value in details:
            if value:
                st.markdown(f"{label}: {markdown_text(value)}")
        if post.caption.strip():
            st.markdown(_multiline(post.caption))
        if post.link:
            st.caption(f"{t('fields.link')}: {markdown_text(post.link)}")
        _status(review)
        with st.form(key=f"{K}.form.{post.id}", border=False):
            comment = st.text_area(
                t("review.comment"),
                value=review.comment if review else "",
                key=f"{K}.comment.{post.id}",
                height=80,
            )
            a, b = st.columns(2)
            approve = a.form_submit_button(
                t("review.approve"),
                key=f"{K}.approve.{post.id}",
                icon=":material/check:",
                width="stretch",
            )
            changes = b.form_submit_button(
                t("review.request_changes"),
                key=f"{K}.changes.{post.id}",
                icon=":material/edit:",
                width="stretch",
            )
        if approve or changes:
            decision = ReviewDecision.approved if approve else ReviewDecision.changes_requested
            _submit(post.id, decision, comment, link_id)


def _submit(post_id: str, decision: ReviewDecision, comment: str, link_id: int | None) -> None:
    token = st.query_params.get(REVIEW_PARAM) or ""

    def act(session: Session) -> PostReview:
        _limiter().hit(link_id)
        return record_review(session, resolve(session, token), post_id, decision.value, comment)

    # Not ui.state.write: the client has no account; resolving the link binds its viewer.
    try:
        with write_session(engine()) as session:
            act(session)
    except WorkbenchError as exc:
        st.error(describe_error(exc, lang()), icon=":material/error:")
        return
    st.toast(t("review.saved"), icon=":material/check:")
    st.rerun()
