"""The client review view through AppTest: only the plan, decisions recorded, bad links refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.apptest import texts
from tests.conftest import ROOT
from tests.test_review import client_with_plan, make_post
from ui.review import _limiter
from workbench.db import read_session, write_session
from workbench.models import EditorialPlan, utcnow
from workbench.review import create_link, reviews_for_client, revoke_link
from workbench.strategy import save_section


def open_review(token: str, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["review"] = token
    if lang:
        at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def new_token(db: Engine, client_id: int, days: int = 14) -> str:
    with write_session(db) as session:
        return create_link(session, client_id, days=days)[1]


def everything(at: AppTest) -> str:
    """Every text on the page, widget labels included."""
    labels = [w.label for kind in ("button", "text_area", "selectbox") for w in getattr(at, kind)]
    progress = [p.proto.text for p in at.get("progress")]
    return "\n".join([texts(at), *labels, *progress, *(h.value for h in at.title)])


def test_a_valid_link_shows_only_the_plan_and_records_decisions(db: Engine) -> None:
    client_id = client_with_plan(db, "Trattoria Roma")
    other_id = client_with_plan(db, "Cliente Segreto", "secret-post")
    with write_session(db) as session:
        secret = make_post("secret-post", topic="Progetto riservato", caption="Non mostrare")
        save_section(session, other_id, "plan", EditorialPlan(posts=[secret]))
    at = open_review(new_token(db, client_id))

    shown = everything(at)
    assert "Revisione del piano editoriale" in shown
    assert "Trattoria Roma" in shown
    assert "Topic p1" in shown and "Caption p2" in shown
    assert "Cliente Segreto" not in shown and "Progetto riservato" not in shown
    assert "Brief" not in shown and not at.sidebar.children  # no sidebar, no navigation
    assert "0 post rivisti su 2" in shown

    at.button(key="review.approve.p1").click().run()
    at.text_area(key="review.comment.p2").input("La foto è troppo scura")
    at.button(key="review.changes.p2").click().run()
    assert not at.exception

    with read_session(db) as session:
        reviews = reviews_for_client(session, client_id)
    assert {k: (r.decision, r.comment) for k, r in reviews.items()} == {
        "p1": ("approved", ""),
        "p2": ("changes_requested", "La foto è troppo scura"),
    }
    shown = everything(at)
    assert ":green-badge[:material/check_circle: Approvato]" in shown
    assert ":orange-badge[:material/edit_note: Modifiche richieste]" in shown
    assert "2 post rivisti su 2" in shown


def test_user_text_is_shown_as_text_never_as_html(db: Engine) -> None:
    client_id = client_with_plan(db, "<b>Bold</b> & Co")
    with write_session(db) as session:
        post = make_post("p1", topic="<img src=x onerror=alert(1)>", caption="**non grassetto**")
        save_section(session, client_id, "plan", EditorialPlan(posts=[post]))
    at = open_review(new_token(db, client_id))
    markdown = "\n".join(m.value for m in at.markdown)
    assert "\\<img src\\=x onerror\\=alert\\(1\\)\\>" in markdown
    assert "\\*\\*non grassetto\\*\\*" in markdown
    assert "\\<b\\>Bold\\<\\/b\\> \\& Co" in markdown


def test_a_long_plan_is_shown_a_month_at_a_time(db: Engine) -> None:
    client_id = client_with_plan(db)
    with write_session(db) as session:
        posts = [make_post("jan", day=4), make_post("feb", date=date(2027, 2, 1))]
        save_section(session, client_id, "plan", EditorialPlan(posts=posts))
    at = open_review(new_token(db, client_id))
    assert "Topic jan" in everything(at) and "Topic feb" not in everything(at)
    assert "0 post rivisti su 2" in everything(at)
    at.segmented_control(key="review.month").set_value("2027-02").run()
    assert "Topic feb" in everything(at) and "Topic jan" not in everything(at)


def test_the_view_speaks_english_too(db: Engine) -> None:
    at = open_review(new_token(db, client_with_plan(db)), lang="en")
    shown = everything(at)
    assert "Editorial plan review" in shown and "Request changes" in shown


def test_the_client_switches_the_language_on_the_page(db: Engine) -> None:
    at = open_review(new_token(db, client_with_plan(db)))
    at.segmented_control(key="review.lang").set_value("en").run()
    assert not at.exception
    assert at.query_params["lang"] == "en"
    assert "Editorial plan review" in everything(at) and "Topic p1" in everything(at)


def _expired(db: Engine, client_id: int) -> str:
    with write_session(db) as session:
        return create_link(session, client_id, days=1, now=utcnow() - timedelta(days=2))[1]


def _revoked(db: Engine, client_id: int) -> str:
    with write_session(db) as session:
        link, token = create_link(session, client_id)
        assert link.id is not None
        revoke_link(session, client_id, link.id)
    return token


@pytest.mark.parametrize(
    "make_token",
    [_expired, _revoked, lambda db, cid: new_token(db, cid)[:-2] + "xx", lambda db, cid: ""],
    ids=["expired", "revoked", "wrong", "empty"],
)
def test_a_bad_link_shows_the_neutral_message_and_no_client_data(db: Engine, make_token) -> None:
    client_id = client_with_plan(db, "Trattoria Roma")
    at = open_review(make_token(db, client_id))
    shown = everything(at)
    assert "non è valido o è scaduto" in shown
    assert "Trattoria Roma" not in shown and "Topic p1" not in shown
    assert not at.button and not at.sidebar.children


def test_a_link_revoked_while_the_page_is_open_records_nothing(db: Engine) -> None:
    client_id = client_with_plan(db)
    with write_session(db) as session:
        link, token = create_link(session, client_id)
    at = open_review(token)
    with write_session(db) as session:
        assert link.id is not None
        revoke_link(session, client_id, link.id)
    at.button(key="review.approve.p1").click().run()
    assert "non è valido o è scaduto" in everything(at)
    with read_session(db) as session:
        assert reviews_for_client(session, client_id) == {}


def test_too_many_answers_through_one_link_are_refused(db: Engine) -> None:
    client_id = client_with_plan(db)
    with write_session(db) as session:
        link, token = create_link(session, client_id)
    at = open_review(token)
    limiter = _limiter()  # the app's own, shared by the sessions of this server process
    for _ in range(limiter.limit):
        limiter.hit(link.id)
    at.button(key="review.approve.p1").click().run()
    assert not at.exception
    assert "Troppe azioni in poco tempo" in everything(at)
    with read_session(db) as session:
        assert reviews_for_client(session, client_id) == {}


def test_with_sign_in_configured_a_link_needs_no_account_and_shows_its_workspace_only(
    db: Engine,
) -> None:
    from tests.apptest import AUTH_SECRETS
    from tests.pages.test_access import BRUNO, client_of
    from workbench.access import actor_for, bind

    client_id = client_of(db, BRUNO, "Forno di Bruno")  # a workspace of a signed-in agency
    with write_session(db) as session:
        bind(session, actor_for(session, BRUNO, None))
        save_section(session, client_id, "plan", EditorialPlan(posts=[make_post("b1")]))
        token = create_link(session, client_id)[1]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.secrets["auth"] = AUTH_SECRETS
    at.user = {"is_logged_in": False}  # the client has no account
    at.query_params["review"] = token
    at.run()
    assert not at.exception, at.exception
    shown = everything(at)
    assert "Forno di Bruno" in shown and "Accedi" not in shown
    at.button(key="review.approve.b1").click().run()
    assert not at.exception and not at.error
    with write_session(db) as session:
        bind(session, actor_for(session, BRUNO, None))
        assert reviews_for_client(session, client_id)["b1"].decision == "approved"
