import pytest
from sqlalchemy.engine import Engine

from tests.conftest import make_brief, make_client
from workbench.clients import (
    archive_client,
    create_client,
    delete_client,
    duplicate_client,
    get_client,
    list_clients,
    rename_client,
    restore_client,
)
from workbench.db import read_session, write_session
from workbench.errors import DuplicateName, InvalidInput, NotFound
from workbench.reference import sector_codes_matching
from workbench.strategy import load_strategy


def test_create_and_list_newest_first(engine: Engine) -> None:
    with write_session(engine) as session:
        create_client(session, name="  Forno   Rossi ")
        create_client(session, name="Studio Bianchi")
    with read_session(engine) as session:
        page = list_clients(session)
    assert [r.name for r in page.rows] == ["Studio Bianchi", "Forno Rossi"]
    assert page.total == 2
    assert page.rows[0].created_at.tzinfo is not None


@pytest.mark.parametrize("name", ["", "   ", "x" * 121])
def test_empty_or_overlong_names_are_refused(engine: Engine, name: str) -> None:
    with pytest.raises(InvalidInput) as caught, write_session(engine) as session:
        create_client(session, name=name)
    assert caught.value.problems[0].loc == ("name",)


def test_duplicate_names_are_refused_ignoring_case_and_spaces(engine: Engine) -> None:
    make_client(engine, "Forno Rossi")
    with pytest.raises(DuplicateName), write_session(engine) as session:
        create_client(session, name="forno  ROSSI")
    with read_session(engine) as session:
        assert list_clients(session).total == 1


def test_rename_keeps_the_strategy_and_refuses_a_taken_name(engine: Engine) -> None:
    first = make_client(engine, "Alfa")
    make_client(engine, "Beta")
    with write_session(engine) as session:
        rename_client(session, first, "Alfa Srl")
    with pytest.raises(DuplicateName), write_session(engine) as session:
        rename_client(session, first, "beta")
    with read_session(engine) as session:
        strategy = load_strategy(session, first)
    assert strategy.client.name == "Alfa Srl"
    assert strategy.brief.city == "Roma"


def test_duplicate_copies_every_section(engine: Engine) -> None:
    source = make_client(engine, "Originale", city="Torino", province="TO", region="Piemonte")
    with write_session(engine) as session:
        copy = duplicate_client(session, source, "Originale (copia)")
    assert copy.id is not None
    with read_session(engine) as session:
        copied = load_strategy(session, copy.id)
        original = load_strategy(session, source)
    assert copied.brief == original.brief
    assert copied.brief.city == "Torino"
    assert copied.steps_done()["brief"] is True


def test_archive_hides_and_restore_brings_back(engine: Engine) -> None:
    client_id = make_client(engine, "Stagionale")
    make_client(engine, "Sempre attivo")
    with write_session(engine) as session:
        archive_client(session, client_id)
    with read_session(engine) as session:
        assert [r.name for r in list_clients(session).rows] == ["Sempre attivo"]
        assert [r.name for r in list_clients(session, archived=True).rows] == ["Stagionale"]
    with write_session(engine) as session:
        restore_client(session, client_id)
    with read_session(engine) as session:
        assert list_clients(session).total == 2


def test_delete_removes_the_client_and_its_strategy(engine: Engine) -> None:
    client_id = make_client(engine, "Da eliminare")
    keep = make_client(engine, "Da tenere")
    with write_session(engine) as session:
        delete_client(session, client_id)
    with read_session(engine) as session:
        with pytest.raises(NotFound):
            get_client(session, client_id)
        assert load_strategy(session, keep).brief.city == "Roma"
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            f"select count(*) from strategy_section where client_id = {client_id}"
        ).scalar()
    assert rows == 0


def test_search_by_name_or_sector_label(engine: Engine) -> None:
    make_client(engine, "Boutique Elena", sector="fashion")
    make_client(engine, "Trattoria Da Mario", sector="restaurant")
    with read_session(engine) as session:
        by_name = list_clients(session, search="mario")
        by_label = list_clients(session, search="moda", sector_codes=sector_codes_matching("moda"))
        nothing = list_clients(session, search="zzz", sector_codes=sector_codes_matching("zzz"))
    assert [r.name for r in by_name.rows] == ["Trattoria Da Mario"]
    assert [r.name for r in by_label.rows] == ["Boutique Elena"]
    assert nothing.total == 0


def test_list_is_paged_and_reports_steps_done(engine: Engine) -> None:
    with write_session(engine) as session:
        for n in range(7):
            create_client(session, name=f"Cliente {n}")
    make_client(engine, "Con brief")
    with read_session(engine) as session:
        page = list_clients(session, limit=5)
        second = list_clients(session, limit=5, offset=5)
    assert page.total == 8 and len(page.rows) == 5 and len(second.rows) == 3
    assert page.rows[0].name == "Con brief"
    assert page.rows[0].steps_done == frozenset({"brief"})
    assert all(r.steps_done == frozenset() for r in page.rows[1:])


def test_incomplete_brief_does_not_count_as_done(engine: Engine) -> None:
    client_id = make_client(engine, "A metà", start_date=None)
    with read_session(engine) as session:
        assert list_clients(session).rows[0].steps_done == frozenset()
        assert load_strategy(session, client_id).steps_done()["brief"] is False
    assert make_brief(start_date=None).start_date is None
