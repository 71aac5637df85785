"""The plan page's client review through AppTest: links created, listed, revoked; answers shown."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from tests.apptest import demo_id, open_app, texts
from tests.apptest import open_tab as open_step_tab
from tests.pages.test_plan import saved_plan
from tests.pages.test_review import open_review
from workbench.clients import get_client
from workbench.db import read_session, write_session
from workbench.models import ReviewLink
from workbench.review import create_link, record_review, resolve


def open_review_tab(db: Engine, lang: str = "it") -> tuple[AppTest, int]:
    client_id = demo_id(db)
    at = open_app("plan", client=client_id, lang=lang)
    tab = "Revisione cliente" if lang == "it" else "Client review"
    open_step_tab(at, "plan.tab", tab)
    assert not at.exception
    return at, client_id


def test_create_list_and_revoke_a_link(db: Engine) -> None:
    at, client_id = open_review_tab(db)
    assert "Nessun link attivo." in texts(at)
    at.number_input(key="plan.review.days").set_value(7)
    at.text_input(key="plan.review.label").input("Gennaio per Marta")
    at.button(key="plan.review.create").click().run()
    assert not at.exception and not at.error
    [shown] = [c.value for c in at.code]
    assert shown.startswith("?review=")
    token = shown.removeprefix("?review=")
    assert "Copialo ora" in texts(at)
    assert "Gennaio per Marta" in texts(at)
    with read_session(db) as session:
        link = resolve(session, token)
        assert (link.expires_at - link.created_at).days == 7
        assert token.split(".")[1] not in link.token_hash

    at.run()  # any later run: the URL is not shown again
    assert not at.code
    assert "Gennaio per Marta" in texts(at)

    with read_session(db) as session:
        name = get_client(session, client_id).name
    assert name in texts(open_review(token))

    at.button(key=f"plan.review.revoke.{link.id}").click().run()
    assert not at.exception
    assert "Nessun link attivo." in texts(at)
    assert "non è valido o è scaduto" in texts(open_review(token))
    with read_session(db) as session:
        assert session.get(ReviewLink, link.id).revoked_at is not None  # type: ignore[union-attr]


def test_a_bad_validity_names_the_field_and_creates_nothing(db: Engine) -> None:
    at, _ = open_review_tab(db, lang="en")
    at.number_input(key="plan.review.days").set_value(120)
    at.button(key="plan.review.create").click().run()
    assert not at.exception
    [error] = at.error
    assert "Link validity (days)" in error.value and "90" in error.value
    assert not at.code
    with read_session(db) as session:
        assert session.exec(select(ReviewLink)).all() == []


def test_the_clients_answers_show_in_the_table_and_the_review_tab(db: Engine) -> None:
    client_id = demo_id(db)
    posts = saved_plan(db, client_id).posts
    first, second = posts[0], posts[1]
    with write_session(db) as session:
        link, token = create_link(session, client_id)
        record_review(session, link, first.id, "approved")
        record_review(session, link, second.id, "changes_requested", "Usa la foto del forno")

    at = open_app("plan", client=client_id)
    assert not at.exception
    table = at.session_state["plan.table.base"]
    by_id = dict(zip(at.session_state["plan.table.ids"], table["review"], strict=True))
    assert by_id[first.id] == "✅ Approvato"
    assert by_id[second.id] == "✏️ Modifiche: Usa la foto del forno"
    assert by_id[posts[2].id] == ""

    at.toggle(key="plan.table.f_to_change").set_value(True).run()
    assert at.toggle(key="plan.table.f_to_change").label == "Solo da modificare (1)"
    assert at.session_state["plan.table.ids"] == [second.id]
    assert f"1 post mostrati su {len(posts)}" in texts(at)

    open_step_tab(at, "plan.tab", "Revisione cliente")
    shown = texts(at)
    assert f"1 approvato, 1 da modificare, {len(posts) - 2} senza risposta" in shown
    assert "Usa la foto del forno" in shown
    assert token not in shown  # the link itself is never shown again
