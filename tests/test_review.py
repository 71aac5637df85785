"""Client review links: tokens, expiry, revocation, decisions per post, the rate limit."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.conftest import make_client
from workbench.clients import archive_client, delete_client
from workbench.db import read_session, write_session
from workbench.errors import InvalidInput, NotFound, ReadOnlyRole
from workbench.i18n import describe_error
from workbench.models import EditorialPlan, PlannedPost, ReviewLink
from workbench.review import (
    InvalidReviewLink,
    RateLimiter,
    ReviewRateLimited,
    active_links,
    create_link,
    record_review,
    resolve,
    reviews_for_client,
    reviews_for_link,
    revoke_link,
)
from workbench.strategy import load_strategy, save_section

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


def make_post(post_id: str, day: int = 4, **values: object) -> PlannedPost:
    fields: dict[str, object] = {
        "id": post_id,
        "platform": "instagram",
        "date": date(2027, 1, day),
        "time": time(12, 30),
        "format": "carousel",
        "pillar": "Dietro le quinte",
        "topic": f"Topic {post_id}",
        "caption": f"Caption {post_id}",
    }
    fields.update(values)
    return PlannedPost.model_validate(fields)


def client_with_plan(engine: Engine, name: str = "Trattoria Roma", *ids: str) -> int:
    """A client whose plan holds posts with these ids (p1, p2 when none are given)."""
    client_id = make_client(engine, name)
    posts = [make_post(i, day=4 + n) for n, i in enumerate(ids or ("p1", "p2"))]
    with write_session(engine) as session:
        save_section(session, client_id, "plan", EditorialPlan(start=date(2027, 1, 4), posts=posts))
    return client_id


def new_link(engine: Engine, client_id: int, days: int = 14) -> tuple[int, str]:
    with write_session(engine) as session:
        link, token = create_link(session, client_id, days=days, now=NOW)
        assert link.id is not None
        return link.id, token


def test_the_token_opens_the_link_and_only_its_hash_is_stored(engine: Engine) -> None:
    client_id = client_with_plan(engine)
    link_id, token = new_link(engine, client_id)
    link_part, secret = token.split(".")
    assert link_part == str(link_id)
    assert len(secret) >= 43  # token_urlsafe(32)
    with read_session(engine) as session:
        assert resolve(session, token, now=NOW + timedelta(days=13)).client_id == client_id
    with engine.connect() as conn:
        stored = conn.execute(sa.text("select token_hash from review_link")).scalar_one()
    assert stored == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in stored


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # one character of the secret
        lambda t: "999." + t.split(".")[1],  # an unknown link id
        lambda t: t.split(".")[1],  # no link id
        lambda t: "",
        lambda t: "<script>.x",
        lambda t: "99999999999999999999." + t.split(".")[1],  # beyond any database integer
    ],
)
def test_a_wrong_token_is_refused(engine: Engine, mangle) -> None:
    client_id = client_with_plan(engine)
    _, token = new_link(engine, client_id)
    with read_session(engine) as session, pytest.raises(InvalidReviewLink):
        resolve(session, mangle(token), now=NOW)


def test_expired_revoked_and_unknown_links_give_the_same_neutral_message(engine: Engine) -> None:
    client_id = client_with_plan(engine)
    _, expired = new_link(engine, client_id, days=1)
    revoked_id, revoked = new_link(engine, client_id)
    with write_session(engine) as session:
        revoke_link(session, client_id, revoked_id, now=NOW)
    messages = set()
    for token, when in [(expired, NOW + timedelta(days=1)), (revoked, NOW), ("1.nope", NOW)]:
        with read_session(engine) as session, pytest.raises(InvalidReviewLink) as caught:
            resolve(session, token, now=when)
        messages.add(describe_error(caught.value, "it"))
    assert len(messages) == 1
    assert "scadut" in messages.pop()  # says it may have expired, not which case it is


def test_active_links_leave_out_expired_and_revoked_ones(engine: Engine) -> None:
    client_id = client_with_plan(engine)
    other = client_with_plan(engine, "Altro cliente")
    short_id, _ = new_link(engine, client_id, days=1)
    long_id, _ = new_link(engine, client_id, days=30)
    gone_id, _ = new_link(engine, client_id, days=30)
    new_link(engine, other)
    with write_session(engine) as session:
        revoke_link(session, client_id, gone_id, now=NOW)
    with read_session(engine) as session:
        assert {link.id for link in active_links(session, client_id, now=NOW)} == {
            short_id,
            long_id,
        }
        later = active_links(session, client_id, now=NOW + timedelta(days=2))
        assert [link.id for link in later] == [long_id]
        assert later[0].expires_at == NOW + timedelta(days=30)


def test_a_link_of_another_client_cannot_be_revoked(engine: Engine) -> None:
    client_id = client_with_plan(engine)
    other = client_with_plan(engine, "Altro cliente")
    link_id, token = new_link(engine, client_id)
    with write_session(engine) as session, pytest.raises(NotFound):
        revoke_link(session, other, link_id, now=NOW)
    with read_session(engine) as session:
        assert resolve(session, token, now=NOW).id == link_id


@pytest.mark.parametrize("days", [0, -1, 91])
def test_validity_must_be_between_one_and_ninety_days(engine: Engine, days: int) -> None:
    client_id = client_with_plan(engine)
    with write_session(engine) as session, pytest.raises(InvalidInput) as caught:
        create_link(session, client_id, days=days, now=NOW)
    assert "Validità del link" in describe_error(caught.value, "it")
    with read_session(engine) as session:
        assert active_links(session, client_id, now=NOW) == []


def test_decisions_are_stored_and_the_latest_wins(engine: Engine) -> None:
    client_id = client_with_plan(engine)
    link_id, token = new_link(engine, client_id)
    with write_session(engine) as session:
        link = resolve(session, token, now=NOW)
        record_review(session, link, "p1", "approved", now=NOW)
        record_review(session, link, "p2", "approved", now=NOW)
    with write_session(engine) as session:
        link = resolve(session, token, now=NOW)
        record_review(
            session,
            link,
            "p2",
            "changes_requested",
            "  Foto più luminosa  ",
            now=NOW + timedelta(1),
        )
    with read_session(engine) as session:
        reviews = reviews_for_client(session, client_id)
        own = reviews_for_link(session, session.get(ReviewLink, link_id))  # type: ignore[arg-type]
    assert {k: (r.decision, r.comment) for k, r in reviews.items()} == {
        "p1": ("approved", ""),
        "p2": ("changes_requested", "Foto più luminosa"),
    }
    assert own.keys() == reviews.keys()
    with engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from post_review")).scalar() == 2


def test_the_newest_decision_across_links_is_the_one_shown(engine: Engine) -> None:
    client_id = client_with_plan(engine)
    _, first = new_link(engine, client_id)
    _, second = new_link(engine, client_id)
    with write_session(engine) as session:
        record_review(session, resolve(session, first, now=NOW), "p1", "approved", now=NOW)
        later = NOW + timedelta(hours=1)
        link = resolve(session, second, now=later)
        record_review(session, link, "p1", "changes_requested", "Cambia titolo", now=later)
    with read_session(engine) as session:
        assert reviews_for_client(session, client_id)["p1"].comment == "Cambia titolo"


def test_a_review_is_checked_against_the_clients_own_plan(engine: Engine) -> None:
    client_id = client_with_plan(engine)
    client_with_plan(engine, "Altro cliente", "other-post")
    _, token = new_link(engine, client_id)
    bad = [
        ("other-post", "approved", "", "Post"),
        ("p1", "maybe", "", "Decisione"),
        ("p1", "changes_requested", "x" * 1001, "massimo 1.000 caratteri"),
    ]
    for post_id, decision, comment, shown in bad:
        with write_session(engine) as session, pytest.raises(InvalidInput) as caught:
            record_review(session, resolve(session, token, now=NOW), post_id, decision, comment)
        assert shown in describe_error(caught.value, "it")
    with read_session(engine) as session:
        assert reviews_for_client(session, client_id) == {}


def test_a_link_revoked_while_open_records_nothing(engine: Engine) -> None:
    client_id = client_with_plan(engine)
    link_id, token = new_link(engine, client_id)
    with read_session(engine) as session:
        link = resolve(session, token, now=NOW)
    with write_session(engine) as session:
        revoke_link(session, client_id, link_id, now=NOW)
    with write_session(engine) as session, pytest.raises(InvalidReviewLink):
        record_review(session, link, "p1", "approved", now=NOW)
    with read_session(engine) as session:
        assert reviews_for_client(session, client_id) == {}


def test_an_archived_client_link_stops_working_and_a_deleted_one_takes_everything(
    engine: Engine,
) -> None:
    client_id = client_with_plan(engine)
    _, token = new_link(engine, client_id)
    with write_session(engine) as session:
        record_review(session, resolve(session, token, now=NOW), "p1", "approved", now=NOW)
        # The session a link resolved in acts as that workspace's viewer: it cannot archive.
        with pytest.raises(ReadOnlyRole):
            archive_client(session, client_id)
    with write_session(engine) as session:
        archive_client(session, client_id)
    with read_session(engine) as session, pytest.raises(InvalidReviewLink):
        resolve(session, token, now=NOW)
    with write_session(engine) as session:
        delete_client(session, client_id)
    with engine.connect() as conn:
        for table in ("review_link", "post_review"):
            assert conn.execute(sa.text(f"select count(*) from {table}")).scalar() == 0


def test_rate_limit_allows_sixty_actions_in_ten_minutes_per_link() -> None:
    now = [1000.0]
    limiter = RateLimiter(limit=60, window=600, clock=lambda: now[0])
    for _ in range(60):
        limiter.hit(1)
        now[0] += 1
    with pytest.raises(ReviewRateLimited) as caught:
        limiter.hit(1)
    assert "Troppe azioni" in describe_error(caught.value, "it")
    limiter.hit(2)  # another link has its own window
    now[0] = 1000.0 + 600.5  # the first action has left the window
    limiter.hit(1)
    with pytest.raises(ReviewRateLimited):
        limiter.hit(1)


def test_every_check_compares_digests_in_constant_time(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Known and unknown link ids alike go through hmac.compare_digest, never `==`."""
    client_id = client_with_plan(engine)
    link_id, token = new_link(engine, client_id)
    compared: list[tuple[str, str]] = []
    real = hmac.compare_digest

    def spy(a: str, b: str) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr("workbench.review.hmac.compare_digest", spy)
    with read_session(engine) as session:
        assert resolve(session, token, now=NOW).id == link_id
        for wrong in (f"{link_id}.guess", "424242.guess"):
            with pytest.raises(InvalidReviewLink):
                resolve(session, wrong, now=NOW)
    secret = token.split(".")[1]
    assert [a for a, _ in compared] == [
        hashlib.sha256(s.encode()).hexdigest() for s in (secret, "guess", "guess")
    ]


def test_an_answer_no_longer_counts_once_the_post_changes(engine: Engine) -> None:
    from workbench.review import changed_since_review

    client_id = client_with_plan(engine)
    _, token = new_link(engine, client_id)
    with write_session(engine) as session:
        review = record_review(session, resolve(session, token, now=NOW), "p1", "approved", now=NOW)
        fingerprint = review.post_fingerprint
    with read_session(engine) as session:
        plan = load_strategy(session, client_id).plan
        [stored] = [r for k, r in reviews_for_client(session, client_id).items() if k == "p1"]
    post = next(p for p in plan.posts if p.id == "p1")
    assert stored.post_fingerprint == fingerprint and not changed_since_review(post, stored)
    for change in (
        {"caption": "Un'altra didascalia"},
        {"topic": "Altro"},
        {"link": "https://x.it"},
    ):
        assert changed_since_review(post.model_copy(update=change), stored), change
    assert not changed_since_review(post.model_copy(update={"status": "approved"}), stored)


def test_links_and_answers_go_in_the_activity_log_and_viewers_cannot_publish(
    engine: Engine,
) -> None:
    from workbench.access import Actor, actor_for, add_member, bind
    from workbench.activity import client_activity
    from workbench.clients import create_client
    from workbench.models import Role

    with write_session(engine) as session:
        owner = actor_for(session, "anna@agenzia-a.it", None)
        bind(session, owner)
        client_id = create_client(session, name="Forno").id
        assert client_id is not None
        save_section(session, client_id, "plan", EditorialPlan(posts=[make_post("p1")]))
        link, token = create_link(session, client_id, label="Per Mario", now=NOW)
        add_member(session, owner, "vera@agenzia-a.it", Role.viewer)
    with write_session(engine) as session:
        record_review(
            session,
            resolve(session, token, now=NOW),
            "p1",
            "changes_requested",
            "Più luce",
            now=NOW,
        )
    with write_session(engine) as session:
        viewer = Actor("vera@agenzia-a.it", owner.workspace_id, Role.viewer)
        bind(session, viewer)
        with pytest.raises(ReadOnlyRole):
            create_link(session, client_id)
    with read_session(engine) as session:
        bind(session, owner)
        log = [(a.user, a.action, a.summary) for a in client_activity(session, client_id)]
    assert log[0][:2] == (f"review:{link.id}", "review_changes") and log[0][2].endswith("Più luce")
    assert ("anna@agenzia-a.it", "link_created", "Per Mario") in log


# --- issue 19: a link's session reaches one client, and only its plan ---------------------


def test_a_link_session_reads_only_its_client_and_its_plan(engine: Engine) -> None:
    from workbench.clients import get_client, list_clients
    from workbench.errors import NoAccess

    client_id = client_with_plan(engine)
    other_id = client_with_plan(engine, "Bottega Nord")
    _, token = new_link(engine, client_id)
    with read_session(engine) as session:
        resolve(session, token, now=NOW)
        with pytest.raises(NoAccess):
            get_client(session, other_id)
        with pytest.raises(NoAccess):
            load_strategy(session, other_id)
        assert [row.id for row in list_clients(session).rows] == [client_id]
        strategy = load_strategy(session, client_id)
        assert [p.id for p in strategy.plan.posts] == ["p1", "p2"]
        assert strategy.brief.city == ""  # the brief stays with the agency
        assert strategy.sections["brief"].version == 0


def test_a_link_session_cannot_save_any_step(engine: Engine) -> None:
    client_id = client_with_plan(engine)
    _, token = new_link(engine, client_id)
    with write_session(engine) as session:
        resolve(session, token, now=NOW)
        with pytest.raises(ReadOnlyRole):
            save_section(session, client_id, "plan", EditorialPlan())


@pytest.mark.parametrize("change", ["archive", "delete"])
def test_an_answer_from_a_page_opened_before_the_client_was_archived_is_refused(
    engine: Engine, change: str
) -> None:
    client_id = client_with_plan(engine)
    _, token = new_link(engine, client_id)
    with read_session(engine) as session:
        link = resolve(session, token, now=NOW)  # the page is open
    with write_session(engine) as session:
        (archive_client if change == "archive" else delete_client)(session, client_id)
    with write_session(engine) as session, pytest.raises(InvalidReviewLink):
        record_review(session, link, "p1", "approved", now=NOW)
    with engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from post_review")).scalar() == 0


def test_an_empty_reactive_slot_is_room_for_news_never_approved(engine: Engine) -> None:
    client_id = make_client(engine, "Pizzeria Napoli")
    posts = [make_post("p1"), make_post("news", day=5, kind="reactive", topic="", caption="")]
    with write_session(engine) as session:
        save_section(session, client_id, "plan", EditorialPlan(start=date(2027, 1, 4), posts=posts))
    _, token = new_link(engine, client_id)
    with write_session(engine) as session, pytest.raises(InvalidInput) as raised:
        record_review(session, resolve(session, token, now=NOW), "news", "approved", now=NOW)
    assert "attualità" in describe_error(raised.value, "it")
