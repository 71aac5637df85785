import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from tests.conftest import make_client
from workbench.db import read_session, write_session
from workbench.errors import ImportFailed, InvalidInput
from workbench.exports.strategy_json import (
    SCHEMA_VERSION,
    dump_strategy,
    export_strategy,
    import_strategy,
    parse_strategy,
)
from workbench.i18n import describe_error
from workbench.strategy import load_strategy

DATA = Path(__file__).parents[1] / "data"
FIXED = datetime(2026, 11, 23, 10, 0, 0)


def test_export_then_import_round_trips_exactly(engine: Engine) -> None:
    client_id = make_client(engine, "Caffè Centrale")
    with read_session(engine) as session:
        original = dump_strategy(export_strategy(session, client_id, now=FIXED))
    with write_session(engine) as session:
        copy = import_strategy(session, original)
    assert copy.id is not None and copy.name == "Caffè Centrale (2)"
    with read_session(engine) as session:
        again = export_strategy(session, copy.id, now=FIXED)
    again["client"]["name"] = "Caffè Centrale"
    assert dump_strategy(again) == original


def test_the_file_names_its_format_and_version(engine: Engine) -> None:
    client_id = make_client(engine)
    with read_session(engine) as session:
        document = json.loads(dump_strategy(export_strategy(session, client_id)))
    assert document["format"] == "strategy-workbench"
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["brief"]["budget_max"] == "650.50"


def test_a_version_1_file_is_migrated_on_import(engine: Engine) -> None:
    with write_session(engine) as session:
        client = import_strategy(session, (DATA / "strategy_v1.json").read_bytes())
    assert client.id is not None
    with read_session(engine) as session:
        brief = load_strategy(session, client.id).brief
    assert [g.value for g in brief.broad_goals] == ["informative"]
    assert [o.value for o in brief.objectives] == ["leads", "awareness"]
    assert str(brief.budget_min) == str(brief.budget_max) == "800.00"
    assert brief.horizon_weeks == 26


@pytest.mark.parametrize(
    ("payload", "key"),
    [
        (b"\x89PNG\r\n\x1a\n\x00", "errors.import_not_json"),
        (b'{"format": "strategy-workbench", "schema_version": 2', "errors.import_not_json"),
        (b'{"name": "a spreadsheet export"}', "errors.import_foreign"),
        (b"[1, 2, 3]", "errors.import_foreign"),
        (b'{"format": "strategy-workbench", "schema_version": "two"}', "errors.import_foreign"),
        (b'{"format": "strategy-workbench", "schema_version": 99}', "errors.import_newer"),
    ],
)
def test_corrupt_or_foreign_files_are_refused(payload: bytes, key: str) -> None:
    with pytest.raises(ImportFailed) as caught:
        parse_strategy(payload)
    assert caught.value.key == key


def test_invalid_fields_are_named_and_nothing_is_written(engine: Engine) -> None:
    document = json.loads((DATA / "strategy_v1.json").read_text(encoding="utf-8"))
    document["brief"]["hours_per_week"] = "500"
    document["brief"]["social_accounts"] = [{"platform": "myspace", "handle": "x"}]
    with pytest.raises(InvalidInput) as caught, write_session(engine) as session:
        import_strategy(session, json.dumps(document))
    locations = [p.loc for p in caught.value.problems]
    assert ("brief", "hours_per_week") in locations
    assert ("brief", "social_accounts", 0, "platform") in locations
    with read_session(engine) as session:
        from workbench.clients import list_clients

        assert list_clients(session).total == 0


def test_a_missing_client_name_is_named() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_strategy(b'{"format": "strategy-workbench", "schema_version": 2, "client": {}}')
    assert caught.value.problems[0].loc == ("client", "name")


def test_the_whole_demo_strategy_round_trips(sqlite_engine: Engine) -> None:
    """Every section (brief, personas, competitors with figures, platforms, budget) survives."""
    from workbench.demo import create_demo_client

    with write_session(sqlite_engine) as session:
        demo = create_demo_client(session)
    assert demo.id is not None
    with read_session(sqlite_engine) as session:
        original = export_strategy(session, demo.id, now=FIXED)
    assert original["audience"]["personas"] and original["competitors"]["competitors"]
    assert original["platforms"]["choices"] and original["budget"]["tier"]
    with write_session(sqlite_engine) as session:
        copy = import_strategy(session, dump_strategy(original))
    assert copy.id is not None
    with read_session(sqlite_engine) as session:
        again = export_strategy(session, copy.id, now=FIXED)
    again["client"]["name"] = original["client"]["name"]
    assert dump_strategy(again) == dump_strategy(original)


def test_a_number_with_too_many_digits_names_its_limit() -> None:
    """Found by the fuzz suite: `decimal_max_digits` has no `le`, and the message read
    "must be at most {limit}" (issue 19)."""
    document = {"format": "strategy-workbench", "schema_version": 2, "client": {"name": "X"}}
    document["budget"] = {"vat_rate": "1e30"}
    with pytest.raises(InvalidInput) as caught:
        parse_strategy(json.dumps(document))
    assert describe_error(caught.value, "en") == (
        "Budget › VAT rate (%): too many digits (at most 6)."
    )
