"""Workspaces keep their clients apart: a user of workspace A never reads or changes B's data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.conftest import make_brief, make_client
from workbench.access import (
    LOCAL_USER,
    Actor,
    actor_for,
    add_member,
    bind,
    local_actor,
    members,
    memberships,
    require_sign_in,
)
from workbench.activity import client_activity
from workbench.ai import actions as ai
from workbench.clients import (
    archive_client,
    create_client,
    delete_client,
    duplicate_client,
    get_client,
    list_clients,
    rename_client,
)
from workbench.db import make_engine, migrate, read_session, write_session
from workbench.errors import InvalidInput, NoAccess, ReadOnlyRole, SignInRequired
from workbench.exports.strategy_json import export_strategy
from workbench.i18n import describe_error
from workbench.imports.results import ResultsImport, apply_results_import
from workbench.models import PostResult, Role
from workbench.settings import Settings
from workbench.strategy import load_strategy, save_section

ONE_RESULT = ResultsImport(
    format="generic",
    columns={},
    unknown_columns=(),
    posts=(PostResult(platform="instagram", date=date(2026, 11, 2), reach=100),),
    problems=(),
)
ANNA = "anna@agenzia-a.it"
BRUNO = "bruno@agenzia-b.it"


@contextmanager
def acting(engine: Engine, actor: Actor) -> Iterator[Session]:
    with write_session(engine) as session:
        yield bind(session, actor)


def signed_in(engine: Engine, user: str, workspace_id: int | None = None) -> Actor:
    with write_session(engine) as session:
        return actor_for(session, user, workspace_id)


@pytest.fixture
def two_agencies(engine: Engine) -> tuple[Actor, Actor, int]:
    """Anna's workspace with a client, and Bruno's own (empty) workspace."""
    anna = signed_in(engine, ANNA)
    bruno = signed_in(engine, BRUNO)
    with acting(engine, anna) as session:
        client = create_client(session, name="Forno Antico")
        assert client.id is not None
        save_section(session, client.id, "brief", make_brief())
    return anna, bruno, client.id


def test_a_new_user_gets_a_workspace_of_their_own(engine: Engine) -> None:
    anna = signed_in(engine, "  Anna@Agenzia-A.it ")
    with read_session(engine) as session:
        assert memberships(session, ANNA) == memberships(session, "anna@agenzia-a.it")
        (only,) = memberships(session, ANNA)
        local = local_actor(session)
    assert (anna.user, anna.role, anna.workspace_id) == (ANNA, Role.owner, only.workspace_id)
    assert anna.workspace_id != local.workspace_id  # not the default (local) workspace


def test_each_workspace_lists_only_its_own_clients(
    engine: Engine, two_agencies: tuple[Actor, Actor, int]
) -> None:
    anna, bruno, _ = two_agencies
    make_client(engine, "Del portatile")  # the local user's default workspace
    with acting(engine, bruno) as session:
        create_client(session, name="Forno Antico")  # the same name is free in another one
        assert [r.name for r in list_clients(session).rows] == ["Forno Antico"]
        assert list_clients(session, search="forno").total == 1
    with acting(engine, anna) as session:
        assert [r.name for r in list_clients(session).rows] == ["Forno Antico"]
    with read_session(engine) as session:
        assert [r.name for r in list_clients(session).rows] == ["Del portatile"]


ATTEMPTS: dict[str, Callable[[Session, int], Any]] = {
    "get": lambda s, c: get_client(s, c),
    "load": lambda s, c: load_strategy(s, c),
    "save": lambda s, c: save_section(s, c, "brief", make_brief(city="Milano")),
    "rename": lambda s, c: rename_client(s, c, "Mio"),
    "archive": lambda s, c: archive_client(s, c),
    "delete": lambda s, c: delete_client(s, c),
    "duplicate": lambda s, c: duplicate_client(s, c, "Copia"),
    "export": lambda s, c: export_strategy(s, c),
    "activity": lambda s, c: client_activity(s, c),
    "ai usage": lambda s, c: ai.usage_totals(s, c),
    "import results": lambda s, c: apply_results_import(s, c, ONE_RESULT),
}


@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_a_guessed_client_id_of_another_workspace_is_not_found(
    engine: Engine, two_agencies: tuple[Actor, Actor, int], attempt: str
) -> None:
    anna, bruno, client_id = two_agencies
    with pytest.raises(NoAccess) as caught, acting(engine, bruno) as session:
        ATTEMPTS[attempt](session, client_id)
    assert describe_error(caught.value, "en") == (
        f"Client {client_id} is not in this workspace, or no longer exists."
    )
    with acting(engine, anna) as session:
        strategy = load_strategy(session, client_id)
        assert strategy.client.name == "Forno Antico"
        assert strategy.client.archived_at is None
        assert strategy.brief.city == "Roma"
        assert strategy.sections["brief"].version == 1
        assert list_clients(session).total == 1


def test_ai_actions_refuse_another_workspace_s_client(
    engine: Engine, two_agencies: tuple[Actor, Actor, int]
) -> None:
    anna, bruno, client_id = two_agencies
    with acting(engine, anna) as session:
        strategy = load_strategy(session, client_id)
    settings = Settings(OPENAI_API_KEY="sk-test", OPENAI_BASE_URL="http://127.0.0.1:9/v1")
    with pytest.raises(NoAccess), acting(engine, bruno) as session:
        ai.hashtags(session, strategy, pillar=None, count=5, settings=settings, lang="it")


def test_viewers_read_but_never_write(engine: Engine, two_agencies: tuple[Actor, Actor, int]):
    anna, bruno, client_id = two_agencies
    with acting(engine, anna) as session:
        add_member(session, anna, BRUNO, "viewer")
    viewer = signed_in(engine, BRUNO, anna.workspace_id)
    assert viewer.role is Role.viewer
    with acting(engine, viewer) as session:
        assert load_strategy(session, client_id).brief.city == "Roma"
    for attempt in ("save", "rename", "archive", "delete", "import results"):
        with pytest.raises(ReadOnlyRole) as caught, acting(engine, viewer) as session:
            ATTEMPTS[attempt](session, client_id)
        assert "viewer" in describe_error(caught.value, "en")
    with pytest.raises(ReadOnlyRole), acting(engine, viewer) as session:
        create_client(session, name="Nuovo")
    with acting(engine, anna) as session:
        assert load_strategy(session, client_id).sections["brief"].version == 1


def test_an_editor_works_on_the_clients_but_cannot_add_members(
    engine: Engine, two_agencies: tuple[Actor, Actor, int]
) -> None:
    anna, _, client_id = two_agencies
    with acting(engine, anna) as session:
        add_member(session, anna, BRUNO, Role.editor)
    editor = signed_in(engine, BRUNO, anna.workspace_id)
    with acting(engine, editor) as session:
        save_section(session, client_id, "brief", make_brief(city="Milano"))
    with pytest.raises(ReadOnlyRole) as caught, acting(engine, editor) as session:
        add_member(session, editor, "carla@agenzia-a.it", "owner")
    assert describe_error(caught.value, "it") == (
        "Solo chi possiede il workspace può gestire i membri."
    )
    with read_session(engine) as session:
        bind(session, anna)
        assert [(m.user, m.role) for m in members(session, anna)] == [
            (ANNA, "owner"),
            (BRUNO, "editor"),
        ]


def test_a_user_in_two_workspaces_switches_between_them(
    engine: Engine, two_agencies: tuple[Actor, Actor, int]
) -> None:
    anna, bruno, _ = two_agencies
    with acting(engine, anna) as session:
        add_member(session, anna, BRUNO, "editor")
    with read_session(engine) as session:
        names = [(m.workspace_id, m.role) for m in memberships(session, BRUNO)]
    assert names == [(anna.workspace_id, Role.editor), (bruno.workspace_id, Role.owner)]
    assert signed_in(engine, BRUNO).workspace_id == anna.workspace_id  # the first one
    assert signed_in(engine, BRUNO, bruno.workspace_id).workspace_id == bruno.workspace_id
    # Not a member of that workspace: the choice is ignored, not honoured.
    carla = signed_in(engine, "carla@altrove.it", anna.workspace_id)
    assert carla.workspace_id not in {anna.workspace_id, bruno.workspace_id}


@pytest.mark.parametrize(
    ("email", "role", "field"),
    [("non-una-mail", "editor", "email"), ("x@y.it", "admin", "role"), (ANNA, "editor", "email")],
)
def test_adding_a_member_checks_the_email_and_role(
    engine: Engine, email: str, role: str, field: str
) -> None:
    anna = signed_in(engine, ANNA)
    with pytest.raises(InvalidInput) as caught, acting(engine, anna) as session:
        add_member(session, anna, email, role)
    assert caught.value.problems[0].loc == (field,)


def test_without_an_actor_a_signed_in_only_engine_refuses(tmp_path: Any) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'hosted.db'}")
    migrate(engine)
    make_client(engine, "Del portatile")
    require_sign_in(engine)
    with pytest.raises(SignInRequired), read_session(engine) as session:
        list_clients(session)
    with write_session(engine) as session:
        bind(session, actor_for(session, ANNA, None))
        assert list_clients(session).total == 0
    engine.dispose()


def test_the_local_user_owns_the_default_workspace(engine: Engine) -> None:
    with read_session(engine) as session:
        actor = local_actor(session)
        assert actor.user == LOCAL_USER
        assert actor.role is Role.owner
        assert [m.name for m in memberships(session, LOCAL_USER)] == ["Default"]


def test_only_the_founder_and_the_allowed_may_open_a_workspace(engine: Engine) -> None:
    from workbench.access import may_found_workspace
    from workbench.errors import NotInvited

    with write_session(engine) as session:
        make_client(engine, "Del portatile")  # the local user does not count as a founder
        assert may_found_workspace(session, "anna@agenzia-a.it", "")
        actor_for(session, "anna@agenzia-a.it", None)  # the founder
    with write_session(engine) as session:
        assert not may_found_workspace(session, "carla@altrove.it", "")
        assert may_found_workspace(session, "Bruno@Agenzia-B.it", "@agenzia-b.it, x@y.it")
        assert may_found_workspace(session, "x@y.it", "@agenzia-b.it, x@y.it")
        assert not may_found_workspace(session, "z@agenzia-b.it.evil.com", "@agenzia-b.it")
        assert may_found_workspace(session, "carla@altrove.it", "*")
        with pytest.raises(NotInvited) as refused:
            actor_for(session, "carla@altrove.it", None, may_found=False)
        assert "chiedi a un owner" in describe_error(refused.value, "it")
        # A member added by an owner gets in whatever the setting.
        anna = actor_for(session, "anna@agenzia-a.it", None)
        add_member(session, anna, "carla@altrove.it", Role.editor)
        carla = actor_for(session, "carla@altrove.it", None, may_found=False)
        assert (carla.workspace_id, carla.role) == (anna.workspace_id, Role.editor)
