"""The activity log: every change with who and when, newest first, autosaves merged."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.conftest import make_brief, make_client
from workbench.access import actor_for, add_member, bind, local_actor
from workbench.activity import SAVES_MERGED_WITHIN, client_activity
from workbench.clients import archive_client, duplicate_client, rename_client, restore_client
from workbench.db import read_session, write_session
from workbench.imports.results import ResultsImport, apply_results_import
from workbench.models import Activity, Audience, PostResult, utcnow
from workbench.strategy import save_section


def log(engine: Engine, client_id: int) -> list[tuple[str, str, str, str]]:
    with read_session(engine) as session:
        return [
            (a.user, a.action, a.section, a.summary) for a in client_activity(session, client_id)
        ]


def test_every_change_is_logged_newest_first(engine: Engine) -> None:
    client_id = make_client(engine, "Forno Antico")
    with write_session(engine) as session:
        rename_client(session, client_id, "Forno Antico Srl")
        save_section(session, client_id, "audience", Audience())
        archive_client(session, client_id)
        restore_client(session, client_id)
        copy = duplicate_client(session, client_id, "Forno Nuovo")
    assert log(engine, client_id) == [
        ("local", "restore", "", ""),
        ("local", "archive", "", ""),
        ("local", "save", "audience", ""),
        ("local", "rename", "", "Forno Antico Srl"),
        ("local", "save", "brief", ""),
        ("local", "create", "", "Forno Antico"),
    ]
    assert copy.id is not None
    assert log(engine, copy.id) == [
        ("local", "duplicate", "", "Forno Antico Srl"),
        ("local", "create", "", "Forno Nuovo"),
    ]


def test_saves_of_one_part_by_one_user_in_a_row_are_one_entry(engine: Engine) -> None:
    client_id = make_client(engine, "Forno Antico")
    with write_session(engine) as session:
        local = local_actor(session)
        add_member(session, local, "anna@agenzia-a.it", "editor")
    for city in ("Roma", "Milano", "Torino"):  # autosave, field by field
        with write_session(engine) as session:
            save_section(session, client_id, "brief", make_brief(city=city))
    with write_session(engine) as session:
        bind(session, actor_for(session, "anna@agenzia-a.it", local.workspace_id))
        save_section(session, client_id, "brief", make_brief(city="Bari"))
    assert [entry[:3] for entry in log(engine, client_id)] == [
        ("anna@agenzia-a.it", "save", "brief"),
        ("local", "save", "brief"),
        ("local", "create", ""),
    ]


def test_a_save_after_a_pause_is_a_new_entry(engine: Engine) -> None:
    client_id = make_client(engine, "Forno Antico")
    with engine.begin() as conn:  # the brief was saved a while ago
        earlier = utcnow() - SAVES_MERGED_WITHIN - timedelta(minutes=1)
        conn.execute(sa.update(Activity).values(at=earlier))
    with write_session(engine) as session:
        save_section(session, client_id, "brief", make_brief(city="Milano"))
    assert [entry[1:3] for entry in log(engine, client_id)] == [
        ("save", "brief"),
        ("save", "brief"),
        ("create", ""),
    ]


def test_the_log_is_bounded(engine: Engine) -> None:
    client_id = make_client(engine, "Forno Antico")
    with write_session(engine) as session:
        for n in range(5):
            rename_client(session, client_id, f"Forno {n}")
    with read_session(engine) as session:
        latest = client_activity(session, client_id, limit=3)
    assert [a.summary for a in latest] == ["Forno 4", "Forno 3", "Forno 2"]


@pytest.mark.parametrize("action", ["import", "ai_accept"])
def test_imports_and_accepted_suggestions_say_so(engine: Engine, action: str) -> None:
    client_id = make_client(engine, "Forno Antico")
    with write_session(engine) as session:
        save_section(session, client_id, "brief", make_brief(), activity=action, summary="3")
    assert log(engine, client_id)[0] == ("local", action, "brief", "3")


def test_a_results_import_is_logged_as_an_import(engine: Engine) -> None:
    client_id = make_client(engine, "Forno Antico")
    parsed = ResultsImport(
        format="generic",
        columns={},
        unknown_columns=(),
        posts=(PostResult(platform="instagram", date=date(2026, 11, 2), reach=100),),
        problems=(),
    )
    with write_session(engine) as session:
        apply_results_import(session, client_id, parsed)
    assert log(engine, client_id)[0] == ("local", "import", "results", "")
