"""Client review links: a private, expiring, revocable link to approve the plan post by post.

The URL carries `<link id>.<secret>`; the database keeps only the SHA-256 of the secret, and
the check compares digests in constant time. Expired, revoked, unknown and malformed links
all fail the same way (`InvalidReviewLink`), so a visitor learns nothing from the message.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from workbench.access import Actor, bind
from workbench.activity import record_activity
from workbench.clients import get_client
from workbench.errors import FieldProblem, InvalidInput, NotFound, WorkbenchError
from workbench.models import (
    NAME_MAX,
    REVIEW_COMMENT_MAX,
    Client,
    PlannedPost,
    PostKind,
    PostReview,
    ReviewDecision,
    ReviewLink,
    Role,
    utcnow,
)
from workbench.strategy import Strategy, load_strategy

__all__ = [
    "LINK_DAYS_DEFAULT",
    "LINK_DAYS_MAX",
    "RATE_LIMIT_ACTIONS",
    "RATE_LIMIT_WINDOW_S",
    "InvalidReviewLink",
    "RateLimiter",
    "ReviewRateLimited",
    "active_links",
    "changed_since_review",
    "create_link",
    "hash_secret",
    "is_news_slot",
    "link_strategy",
    "post_fingerprint",
    "record_review",
    "resolve",
    "reviews_for_client",
    "reviews_for_link",
    "revoke_link",
]

LINK_DAYS_DEFAULT = 14
LINK_DAYS_MAX = 90
RATE_LIMIT_ACTIONS = 300  # a 52-week plan on several platforms, with changes of mind
RATE_LIMIT_WINDOW_S = 600.0
# Compared against when the link id is unknown, so that case costs the same as a bad secret.
_NO_HASH = "0" * 64


class InvalidReviewLink(WorkbenchError):
    """The link is unknown, malformed, expired or revoked: one neutral message for all."""

    key = "review.link_invalid"


class ReviewRateLimited(WorkbenchError):
    key = "review.rate_limited"


def is_news_slot(post: PlannedPost) -> bool:
    """A reactive slot the manager has not filled: shown to the client as room for current
    news, never asked for approval."""
    return post.kind == PostKind.reactive and not post.edited


def hash_secret(secret: str) -> str:
    """SHA-256 of a link's secret, hex: what the database stores instead of the secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _is_active(link: ReviewLink, now: datetime) -> bool:
    return link.revoked_at is None and link.expires_at > now


def create_link(
    session: Session,
    client_id: int,
    *,
    days: int = LINK_DAYS_DEFAULT,
    label: str = "",
    now: datetime | None = None,
) -> tuple[ReviewLink, str]:
    """A new link valid for `days` days; returns it with the URL token (shown once, not kept)."""
    problems = []
    if not 1 <= days <= LINK_DAYS_MAX:
        problems.append(FieldProblem(("review_days",), "review.bad_days", max=LINK_DAYS_MAX))
    label = " ".join(label.split())
    if len(label) > NAME_MAX:
        problems.append(FieldProblem(("review_label",), "errors.too_long", limit=NAME_MAX))
    if problems:
        raise InvalidInput(problems)
    client = get_client(session, client_id, write=True)  # publishing the plan: an editor's act
    now = now or utcnow()
    secret = secrets.token_urlsafe(32)
    link = ReviewLink(
        client_id=client_id,
        token_hash=hash_secret(secret),
        label=label,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(link)
    session.flush()
    record_activity(session, client, "link_created", summary=label)
    return link, f"{link.id}.{secret}"


def revoke_link(
    session: Session, client_id: int, link_id: int, *, now: datetime | None = None
) -> ReviewLink:
    """Close a link of this client at once; the decisions already given stay."""
    client = get_client(session, client_id, write=True)  # the acting workspace, an editor
    link = session.get(ReviewLink, link_id)
    if link is None or link.client_id != client_id:
        raise NotFound("review.link_not_found")
    if link.revoked_at is None:
        link.revoked_at = now or utcnow()
        session.add(link)
        session.flush()
        record_activity(session, client, "link_revoked", summary=link.label)
    return link


def active_links(
    session: Session, client_id: int, *, now: datetime | None = None
) -> list[ReviewLink]:
    """The client's links that still open, newest first."""
    get_client(session, client_id)  # only within the acting user's workspace
    now = now or utcnow()
    links = session.exec(
        select(ReviewLink)
        .where(ReviewLink.client_id == client_id, col(ReviewLink.revoked_at).is_(None))
        .order_by(col(ReviewLink.created_at).desc(), col(ReviewLink.id).desc())
    ).all()
    return [link for link in links if _is_active(link, now)]


def resolve(session: Session, token: str, *, now: datetime | None = None) -> ReviewLink:
    """The active link for a URL token, or InvalidReviewLink (same error whatever is wrong)."""
    link_part, _, secret = token.strip().partition(".")
    link = None
    if (
        link_part.isascii() and link_part.isdigit() and len(link_part) <= 9 and secret
    ):  # ids fit a 32-bit integer
        link = session.get(ReviewLink, int(link_part))
    expected = link.token_hash if link is not None else _NO_HASH
    matches = hmac.compare_digest(hash_secret(secret), expected)
    if link is None or not matches or not _is_active(link, now or utcnow()):
        raise InvalidReviewLink()
    client = session.get(Client, link.client_id)
    if client is None or client.archived_at is not None:
        raise InvalidReviewLink()
    # The link is the client's only credential: it acts as a viewer scoped to that one
    # client (`Actor.only_client`), so every read that follows sees that client's name and
    # plan and nothing else, and it writes nothing but answers.
    bind(
        session,
        Actor(
            user=f"review:{link.id}",
            workspace_id=client.workspace_id,
            role=Role.viewer,
            only_client=client.id,
        ),
    )
    return link


def link_strategy(session: Session, link: ReviewLink) -> Strategy:
    """The strategy the link shows (the review view reads only its client name and plan)."""
    return load_strategy(session, link.client_id)


def record_review(
    session: Session,
    link: ReviewLink,
    post_id: str,
    decision: str,
    comment: str = "",
    *,
    now: datetime | None = None,
) -> PostReview:
    """Store the client's decision on one post of the plan; a new one replaces the last."""
    now = now or utcnow()
    # The link may have been revoked or have expired since the page was opened.
    fresh = session.get(ReviewLink, link.id)
    if fresh is None or not _is_active(fresh, now):
        raise InvalidReviewLink()
    # Archived or deleted since the page was opened: the link no longer takes answers.
    client = session.get(Client, fresh.client_id)
    if client is None or client.archived_at is not None:
        raise InvalidReviewLink()
    problems = []
    if decision not in {d.value for d in ReviewDecision}:
        problems.append(FieldProblem(("review_decision",), "review.bad_decision"))
    comment = comment.strip()
    if len(comment) > REVIEW_COMMENT_MAX:
        problems.append(
            FieldProblem(("review_comment",), "errors.too_long", limit=REVIEW_COMMENT_MAX)
        )
    plan = load_strategy(session, fresh.client_id).plan
    post = next((p for p in plan.posts if p.id == post_id), None)
    if post is None:
        problems.append(FieldProblem(("review_post",), "review.unknown_post"))
    elif is_news_slot(post):
        problems.append(FieldProblem(("review_post",), "review.reactive_not_reviewable"))
    if problems:
        raise InvalidInput(problems)
    review = session.exec(
        select(PostReview).where(PostReview.link_id == fresh.id, PostReview.post_id == post_id)
    ).first()
    if review is None:
        assert fresh.id is not None
        review = PostReview(
            client_id=fresh.client_id, link_id=fresh.id, post_id=post_id, decision=""
        )
    assert post is not None
    review.decision, review.comment, review.updated_at = decision, comment, now
    review.post_fingerprint = post_fingerprint(post)
    when = f"{post.date.isoformat()} {post.time:%H:%M} {post.platform.value}"
    record_activity(
        session,
        client,
        "review_approved" if decision == ReviewDecision.approved else "review_changes",
        summary=f"{when}: {comment}" if comment else when,
    )
    session.add(review)
    session.flush()
    return review


def post_fingerprint(post: PlannedPost) -> str:
    """SHA-256 of what the client reviews: when, where, what format, the topic, the text,
    the link. A post edited after the client's answer no longer matches it."""
    seen = [
        post.date.isoformat(),
        post.time.strftime("%H:%M"),
        post.platform.value,
        post.format.value,
        post.topic,
        post.caption,
        post.link,
    ]
    return hashlib.sha256("\x1f".join(seen).encode("utf-8")).hexdigest()


def changed_since_review(post: PlannedPost, review: PostReview) -> bool:
    """The post is not what the client answered about (answers before fingerprints count
    as current)."""
    return bool(review.post_fingerprint) and review.post_fingerprint != post_fingerprint(post)


def _latest(reviews: list[PostReview]) -> dict[str, PostReview]:
    latest: dict[str, PostReview] = {}
    for review in sorted(reviews, key=lambda r: (r.updated_at, r.id or 0)):
        latest[review.post_id] = review
    return latest


def reviews_for_client(session: Session, client_id: int) -> dict[str, PostReview]:
    """The latest decision on each post of the client, whichever link it came through."""
    get_client(session, client_id)  # only within the acting user's workspace
    rows = session.exec(select(PostReview).where(PostReview.client_id == client_id)).all()
    return _latest(list(rows))


def reviews_for_link(session: Session, link: ReviewLink) -> dict[str, PostReview]:
    """The decisions given through this link, by post id (what the client sees as theirs)."""
    rows = session.exec(select(PostReview).where(PostReview.link_id == link.id)).all()
    return _latest(list(rows))


@dataclass
class RateLimiter:
    """At most `limit` actions per key within the last `window` seconds (sliding window).

    In-process: each app replica counts its own sessions, enough to stop a script hammering
    one link. `clock` is injectable for tests.
    """

    limit: int = RATE_LIMIT_ACTIONS
    window: float = RATE_LIMIT_WINDOW_S
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self._hits: dict[object, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: object) -> None:
        """Count one action for `key`; ReviewRateLimited when the window is already full."""
        now = self.clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                raise ReviewRateLimited(minutes=max(1, round((hits[0] + self.window - now) / 60)))
            hits.append(now)
            # Forget keys whose window is empty, so the map does not grow for ever.
            for stale in [k for k, v in self._hits.items() if v and v[-1] <= now - self.window]:
                del self._hits[stale]
