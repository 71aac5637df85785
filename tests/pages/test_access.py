"""Sign-in, workspaces and the activity log as a user meets them in the app (AppTest).

With sign-in configured (`[auth]` in the secrets) AppTest plays the signed-in user through
`AppTest.user`, which is what st.user reads; tests/e2e/test_sign_in.py does the real OIDC
round trip in Chromium.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.apptest import AUTH_SECRETS, open_app, texts
from tests.conftest import ROOT, make_brief, make_client
from workbench.access import actor_for, add_member, bind, memberships
from workbench.clients import create_client, list_clients, rename_client
from workbench.db import read_session, write_session
from workbench.strategy import load_strategy, save_section

ANNA = "anna@agenzia-a.it"
BRUNO = "bruno@agenzia-b.it"


def client_of(db: Engine, user: str, name: str) -> int:
    """A client with a brief in `user`'s own workspace (made on first use)."""
    with write_session(db) as session:
        bind(session, actor_for(session, user, None))
        client = create_client(session, name=name)
        assert client.id is not None
        save_section(session, client.id, "brief", make_brief(city="Torino"))
        return client.id


def select_first_row(at: AppTest) -> AppTest:
    at.session_state["home.table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    return at.run()


def test_a_guessed_client_id_in_the_url_opens_nothing_in_local_mode(db: Engine) -> None:
    make_client(db, "Del portatile")
    other = client_of(db, BRUNO, "Cliente di Bruno")
    at = open_app("brief", client=other)
    assert "Cliente di Bruno" not in texts(at)
    assert "client" not in at.query_params
    assert "Nessun cliente attivo" in at.info[0].value
    at = open_app()
    assert list(at.dataframe[0].value["Cliente"]) == ["Del portatile"]


def test_signed_out_users_see_only_the_sign_in_screen(db: Engine) -> None:
    client_id = make_client(db, "Del portatile")
    at = open_app(client=client_id, user=None)
    assert [h.value for h in at.title] == ["Accedi a Strategy Workbench"]
    assert at.button(key="auth.sign_in").label == "Accedi"
    assert "Del portatile" not in texts(at)
    assert not at.dataframe
    assert not at.sidebar.selectbox  # not even the sidebar


def test_an_account_without_a_verified_e_mail_cannot_enter(db: Engine) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.secrets["auth"] = AUTH_SECRETS
    at.user = {"is_logged_in": True, "email": ANNA, "email_verified": False}
    at.run()
    assert "e-mail verificato" in at.error[0].value
    assert at.button(key="auth.sign_out").label == "Esci"
    assert not at.dataframe
    with read_session(db) as session:
        assert memberships(session, ANNA) == []  # no workspace made for them


def test_a_new_user_gets_an_empty_workspace_of_their_own(db: Engine) -> None:
    make_client(db, "Del portatile")  # the local workspace: not theirs
    at = open_app(user=ANNA, lang="en")
    assert "Create the first" in at.info[0].value
    assert "Signed in as anna@agenzia-a.it" in texts(at)
    assert "Your role: owner" in texts(at)
    at.text_input(key="home.new_name").input("Forno Antico")
    at.button(key="FormSubmitter:home.new-Create client").click().run()
    assert not at.exception
    with read_session(db) as session:
        (workspace,) = memberships(session, ANNA)
        bind(session, actor_for(session, ANNA, None))
        assert [r.name for r in list_clients(session).rows] == ["Forno Antico"]


def test_a_user_never_sees_another_workspace_s_client_even_by_its_id(db: Engine) -> None:
    theirs = client_of(db, ANNA, "Forno Antico")
    client_of(db, BRUNO, "Bar Centrale")
    at = open_app("brief", client=theirs, user=BRUNO)
    assert "Forno Antico" not in texts(at)
    assert "client" not in at.query_params
    at = open_app(user=BRUNO)
    assert list(at.dataframe[0].value["Cliente"]) == ["Bar Centrale"]


def test_owners_add_members_and_viewers_cannot_change_anything(db: Engine) -> None:
    client_id = client_of(db, ANNA, "Forno Antico")
    at = open_app(user=ANNA)
    at.text_input(key="workspace.email").input(BRUNO)
    at.selectbox(key="workspace.role").set_value(at.selectbox(key="workspace.role").options[1])
    at.button(key="FormSubmitter:workspace.add_member-Salva").click().run()
    assert "bruno@agenzia-b.it ora è lettore in questo workspace." in at.success[0].value

    at = open_app(client=client_id, user=BRUNO)
    assert "Il tuo ruolo: lettore" in texts(at)
    assert list(at.dataframe[0].value["Cliente"]) == ["Forno Antico"]
    assert not at.expander  # no members panel for a viewer
    assert "Sola lettura" in at.sidebar.info[0].value
    assert at.button(key="FormSubmitter:home.new-Crea cliente").disabled
    assert at.button(key="home.demo").disabled
    at = select_first_row(at)
    assert at.button(key="home.open").disabled is False  # opening is reading
    assert all(at.button(key=k).disabled for k in ("home.archive", "home.delete"))
    at.switch_page("pages/brief.py").run()  # a change on a step page is refused, and said so
    at.text_input(key="brief.city").input("Milano").run()
    assert "puoi vedere ma non modificare" in at.error[0].value
    with read_session(db) as session:
        bind(session, actor_for(session, ANNA, None))
        assert list_clients(session).total == 1
        assert load_strategy(session, client_id).brief.city == "Torino"


def test_the_workspace_switcher_changes_the_clients_listed(db: Engine) -> None:
    client_of(db, ANNA, "Forno Antico")
    client_of(db, BRUNO, "Bar Centrale")
    with write_session(db) as session:
        anna = actor_for(session, ANNA, None)
        add_member(session, anna, BRUNO, "editor")
    at = open_app(user=BRUNO)
    switcher = at.sidebar.selectbox(key="access.workspace")
    assert len(switcher.options) == 2
    assert list(at.dataframe[0].value["Cliente"]) == ["Forno Antico"]  # the first one joined
    with read_session(db) as session:
        own = memberships(session, BRUNO)[1].workspace_id
    at.sidebar.selectbox(key="access.workspace").set_value(own).run()
    assert list(at.dataframe[0].value["Cliente"]) == ["Bar Centrale"]
    assert "Il tuo ruolo: titolare" in texts(at)


def test_the_activity_log_shows_who_changed_what_newest_first(db: Engine) -> None:
    client_id = client_of(db, ANNA, "Forno Antico")
    with write_session(db) as session:
        bind(session, actor_for(session, ANNA, None))
        rename_client(session, client_id, "Forno [Antico](http://x.it)")
    at = select_first_row(open_app(user=ANNA, lang="en"))
    lines = [m.value for m in at.expander[-1].markdown]
    assert [line.split(" · ", 1)[1] for line in lines] == [
        # User text stays text: no link is made of the new name.
        "**anna\\@agenzia\\-a\\.it** renamed the client to"
        " “Forno \\[Antico\\]\\(http\\:\\/\\/x\\.it\\)”",
        "**anna\\@agenzia\\-a\\.it** saved: Brief",
        "**anna\\@agenzia\\-a\\.it** created the client",
    ]
