import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.engine import Engine

from tests.conftest import make_brief, make_client
from workbench.db import read_session, write_session
from workbench.errors import StaleWrite, StorageUnavailable
from workbench.models import Brief, Competitor, Competitors
from workbench.strategy import brief_missing_fields, load_strategy, save_section


def test_brief_round_trips_with_exact_types(engine: Engine) -> None:
    client_id = make_client(engine)
    with read_session(engine) as session:
        brief = load_strategy(session, client_id).brief
    assert brief.budget_max == Decimal("650.50")
    assert isinstance(brief.budget_max, Decimal)
    assert brief.hours_per_week == Decimal("5.5")
    assert brief.start_date == date(2027, 1, 4)
    assert brief.kpi_targets[0].target == Decimal("40.50")
    assert brief.social_accounts[0].followers == 1200


def test_money_is_stored_as_decimal_text_never_float(engine: Engine) -> None:
    client_id = make_client(engine, budget_max=Decimal("0.10"), budget_min=Decimal("0.10"))
    with engine.connect() as conn:
        data = conn.exec_driver_sql(
            f"select data from strategy_section where client_id = {client_id}"
        ).scalar()
    stored = data if isinstance(data, dict) else __import__("json").loads(data)
    assert stored["budget_max"] == "0.10"
    assert stored["start_date"] == "2027-01-04"


def test_each_save_increments_the_version_and_updates_the_client(engine: Engine) -> None:
    client_id = make_client(engine)
    with read_session(engine) as session:
        before = load_strategy(session, client_id)
    with write_session(engine) as session:
        state = save_section(
            session, client_id, "brief", make_brief(city="Ostia"), expected_version=1
        )
    assert state.version == 2
    with read_session(engine) as session:
        after = load_strategy(session, client_id)
    assert after.brief.city == "Ostia"
    assert after.client.updated_at > before.client.updated_at
    assert after.client.sector == "restaurant"


def test_a_stale_save_is_refused_and_changes_nothing(engine: Engine) -> None:
    client_id = make_client(engine)
    with write_session(engine) as session:
        save_section(session, client_id, "brief", make_brief(city="Prima"), expected_version=1)
    with pytest.raises(StaleWrite), write_session(engine) as session:
        save_section(session, client_id, "brief", make_brief(city="Seconda"), expected_version=1)
    with read_session(engine) as session:
        assert load_strategy(session, client_id).brief.city == "Prima"


def test_a_client_without_a_brief_gets_an_empty_one(engine: Engine) -> None:
    from workbench.clients import create_client

    with write_session(engine) as session:
        client = create_client(session, name="Vuoto")
    assert client.id is not None
    with read_session(engine) as session:
        strategy = load_strategy(session, client.id)
    assert strategy.brief == Brief()
    assert strategy.sections["brief"].version == 0
    assert not any(strategy.steps_done().values())


def test_missing_fields_name_what_the_brief_still_needs() -> None:
    assert brief_missing_fields(make_brief()) == []
    missing = brief_missing_fields(
        make_brief(website="", social_accounts=[], capabilities=[], start_date=None)
    )
    assert missing == ["presence", "capabilities", "start_date"]
    assert "presence" not in brief_missing_fields(
        make_brief(website="", social_accounts=[], social_only=True)
    )
    assert len(brief_missing_fields(Brief())) == 10


def test_merge_keeps_both_edits_unless_the_same_field_changed_twice() -> None:
    from workbench.models import Brief
    from workbench.strategy import merge_changes

    base = Brief(city="Bari", approver="Rosa")
    theirs = base.model_copy(update={"city": "Molfetta"})
    merged, clash = merge_changes(base, base.model_copy(update={"approver": "Anna"}), theirs)
    assert (merged.city, merged.approver, clash) == ("Molfetta", "Anna", set())
    merged, clash = merge_changes(base, base.model_copy(update={"city": "Trani"}), theirs)
    assert clash == {"city"}
    same, clash = merge_changes(base, theirs, theirs)  # the same edit twice is no clash
    assert (same, clash) == (theirs, set())


def _add_competitor(engine: Engine, client_id: int, name: str, start: threading.Barrier) -> bool:
    """One `import-competitors`: read the section, add one competitor, save; True if saved."""
    start.wait()
    try:
        with write_session(engine) as session:
            state = load_strategy(session, client_id).sections["competitors"]
            current = state.model
            assert isinstance(current, Competitors)
            added = current.model_copy(
                update={"competitors": [*current.competitors, Competitor(name=name)]}
            )
            save_section(session, client_id, "competitors", added, expected_version=state.version)
    except (StaleWrite, StorageUnavailable):
        return False
    return True


def test_two_writers_at_once_never_lose_a_save(engine: Engine) -> None:
    """Every save reported as done is in the store, 50 times over (issue 19: a lost update)."""
    client_id = make_client(engine)
    with write_session(engine) as session:
        save_section(session, client_id, "competitors", Competitors())
    saved: list[str] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for round_ in range(50):
            start = threading.Barrier(2)
            names = [f"Rivale {round_}-{n}" for n in range(2)]
            futures = {pool.submit(_add_competitor, engine, client_id, n, start): n for n in names}
            saved += [name for future, name in futures.items() if future.result()]
            if len(saved) > 40:  # the section holds at most 50 competitors
                with write_session(engine) as session:
                    save_section(session, client_id, "competitors", Competitors())
                saved = []
            with read_session(engine) as session:
                stored = {c.name for c in load_strategy(session, client_id).competitors.competitors}
            assert set(saved) <= stored, f"round {round_}: {set(saved) - stored} reported saved"
            assert stored <= set(saved)
