import io
import json
import zipfile
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from tests.conftest import make_client
from workbench.backup import (
    MANIFEST,
    BackupRejected,
    all_client_ids,
    backup_archive,
    read_archive,
    restore_archive,
)
from workbench.clients import archive_client, delete_client, list_clients
from workbench.db import read_session, write_session
from workbench.demo import create_demo_client
from workbench.errors import NotFound
from workbench.exports.strategy_json import export_strategy
from workbench.i18n import describe_error, field_label
from workbench.models import AiCall, Client

MB = 2**20
NOW = datetime(2026, 11, 23, 12, 0)


def _add_ai_call(engine: Engine, client_id: int, cost: str = "0.000125") -> None:
    with write_session(engine) as session:
        session.add(
            AiCall(
                client_id=client_id,
                action="ideas",
                input_hash="a" * 64,
                model="gpt-4o-mini",
                response={"ideas": [{"title": "Dietro le quinte"}]},
                input_tokens=1200,
                output_tokens=300,
                cost_usd=cost,
                created_at=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
            )
        )


def _ai_calls(engine: Engine, client_id: int) -> list[tuple]:
    with read_session(engine) as session:
        rows = session.exec(select(AiCall).where(AiCall.client_id == client_id))
        return [
            (
                r.action,
                r.input_hash,
                r.model,
                r.response,
                r.input_tokens,
                r.output_tokens,
                r.cost_usd,
                r.created_at,
            )
            for r in rows
        ]


def _strategy(engine: Engine, client_id: int) -> dict:
    """The strategy as its JSON export, without what differs between copies."""
    with read_session(engine) as session:
        document = export_strategy(session, client_id, now=NOW)
    document.pop("client")
    return document


def _backup(engine: Engine, ids: list[int] | None = None) -> bytes:
    with read_session(engine) as session:
        return backup_archive(session, all_client_ids(session) if ids is None else ids, now=NOW)


def _zip(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _refused(data: bytes, *, max_bytes: int = 10 * MB) -> BackupRejected:
    with pytest.raises(BackupRejected) as caught:
        read_archive(data, max_bytes=max_bytes)
    return caught.value


def test_a_backup_brings_back_every_client_after_they_are_deleted(engine: Engine) -> None:
    with write_session(engine) as session:
        demo = create_demo_client(session, today=date(2026, 11, 23))
        assert demo.id is not None
    trattoria = make_client(engine, "Trattoria Roma")
    with write_session(engine) as session:
        archive_client(session, trattoria)
    _add_ai_call(engine, trattoria)
    before = {demo.name: _strategy(engine, demo.id), "Trattoria Roma": _strategy(engine, trattoria)}
    ai_before = _ai_calls(engine, trattoria)
    archive = _backup(engine)
    with write_session(engine) as session:
        delete_client(session, demo.id)
        delete_client(session, trattoria)

    with write_session(engine) as session:
        report = restore_archive(session, archive, max_bytes=10 * MB)
    assert [(c.name, c.renamed, c.archived) for c in report.clients] == [
        (demo.name, False, False),
        ("Trattoria Roma", False, True),
    ]
    with read_session(engine) as session:
        clients = {c.name: c for c in session.exec(select(Client))}
    assert set(clients) == set(before)
    for name, strategy in before.items():
        assert _strategy(engine, clients[name].id or 0) == strategy
    assert clients["Trattoria Roma"].archived_at is not None
    assert clients["Trattoria Roma"].sector == "restaurant"
    # The AI requests come back too: the cache answers again and the costs still add up.
    assert _ai_calls(engine, clients["Trattoria Roma"].id or 0) == ai_before
    assert len(ai_before) == 1


def test_restore_into_the_same_database_renames_and_keeps_the_originals(engine: Engine) -> None:
    original = make_client(engine, "Bar Sport")
    archive = _backup(engine)
    with write_session(engine) as session:
        report = restore_archive(session, archive, max_bytes=10 * MB)
    [restored] = report.clients
    assert (restored.name_in_archive, restored.name, restored.renamed) == (
        "Bar Sport",
        "Bar Sport (2)",
        True,
    )
    assert restored.id != original
    assert _strategy(engine, restored.id) == _strategy(engine, original)
    assert report.created_at == "2026-11-23T12:00:00"


def test_the_archive_names_its_format_and_lists_every_client(sqlite_engine: Engine) -> None:
    first = make_client(sqlite_engine, "Caffè Ñandú")
    second = make_client(sqlite_engine, "Bar Sport")
    members = _members(_backup(sqlite_engine, [second, first, second]))
    manifest = json.loads(members[MANIFEST])
    assert manifest["format"] == "strategy-workbench-backup"
    assert manifest["format_version"] == 1
    assert manifest["app_version"]
    assert manifest["created_at"] == "2026-11-23T12:00:00"
    assert [c["name"] for c in manifest["clients"]] == ["Bar Sport", "Caffè Ñandú"]
    assert [c["file"] for c in manifest["clients"]] == [
        "clients/001-bar-sport.json",
        "clients/002-caffe-nandu.json",
    ]
    assert json.loads(members["clients/002-caffe-nandu.json"])["client"]["name"] == "Caffè Ñandú"


def test_an_unknown_client_id_is_refused(sqlite_engine: Engine) -> None:
    with read_session(sqlite_engine) as session, pytest.raises(NotFound):
        backup_archive(session, [404])


def test_an_empty_database_gives_an_archive_that_restores_nothing(sqlite_engine: Engine) -> None:
    archive = _backup(sqlite_engine)
    with write_session(sqlite_engine) as session:
        assert restore_archive(session, archive, max_bytes=MB).clients == []


def _manifest(*files: str) -> str:
    clients = [{"file": f, "name": f} for f in files]
    return json.dumps(
        {"format": "strategy-workbench-backup", "format_version": 1, "clients": clients}
    )


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"PK\x03\x04 not really a zip", "errors.backup_not_zip"),
        (b'{"format": "strategy-workbench"}', "errors.backup_not_zip"),
        (_zip({"notes.txt": "hello"}), "errors.backup_no_manifest"),
        (_zip({MANIFEST: "{not json"}), "errors.backup_foreign"),
        (
            _zip({MANIFEST: '{"format": "something-else", "format_version": 1}'}),
            "errors.backup_foreign",
        ),
        (
            _zip({MANIFEST: '{"format": "strategy-workbench-backup", "format_version": 1}'}),
            "errors.backup_foreign",
        ),
        (
            _zip({MANIFEST: _manifest().replace('"format_version": 1', '"format_version": 9')}),
            "errors.import_newer",
        ),
    ],
)
def test_archives_that_are_not_backups_are_refused(data: bytes, key: str) -> None:
    assert _refused(data).key == key


def test_a_missing_client_file_is_named() -> None:
    error = _refused(_zip({MANIFEST: _manifest("clients/001-a.json")}))
    assert error.key == "errors.backup_missing_member"
    assert "clients/001-a.json" in describe_error(error, "it")


def test_a_bad_client_file_is_named_with_its_reason_and_nothing_is_written(
    engine: Engine,
) -> None:
    make_client(engine, "Bar Sport")
    members = _members(_backup(engine))
    good = next(name for name in members if name.startswith("clients/"))
    bad = json.loads(members[good])
    bad["brief"]["horizon_weeks"] = "many"
    archive = _zip(
        {
            MANIFEST: _manifest(good, "clients/002-bad.json"),
            good: members[good],
            "clients/002-bad.json": json.dumps(bad),
        }
    )
    with write_session(engine) as session, pytest.raises(BackupRejected) as caught:
        restore_archive(session, archive, max_bytes=MB)
    message = describe_error(caught.value, "it")
    assert "clients/002-bad.json" in message
    assert field_label(("brief", "horizon_weeks"), "it") in message  # the field inside
    english = describe_error(caught.value, "en")
    assert english.startswith("the file “clients/002-bad.json” is not valid: ")
    with read_session(engine) as session:
        assert list_clients(session).total == 1  # the good client was not restored either


def test_a_client_file_that_is_not_a_strategy_is_named() -> None:
    archive = _zip({MANIFEST: _manifest("clients/x.json"), "clients/x.json": b"\x00\x01"})
    message = describe_error(_refused(archive), "en")
    assert message == "the file “clients/x.json” is not valid: it is not a valid JSON file."


def test_an_archive_over_the_size_limit_is_refused_before_reading() -> None:
    archive = _zip({MANIFEST: _manifest(), "padding.bin": bytes(range(256)) * 8192})
    error = _refused(archive, max_bytes=len(archive) - 1)
    assert error.key == "errors.backup_archive_too_large"


def test_a_zip_bomb_is_refused(sqlite_engine: Engine) -> None:
    # 30 MB of zeros compress to about 30 KB: more than 20 times the 1 MB limit once extracted.
    bomb = _zip({MANIFEST: _manifest("clients/bomb.json"), "clients/bomb.json": bytes(30 * MB)})
    assert len(bomb) < MB
    assert _refused(bomb, max_bytes=MB).key == "errors.backup_too_large"


def test_a_zip_whose_header_lies_about_the_size_is_refused() -> None:
    big = _zip({MANIFEST: _manifest("clients/big.json"), "clients/big.json": bytes(30 * MB)})
    # The central directory (read last, written after the members) claims 10 bytes.
    patched = bytearray(big)
    central = patched.rfind(b"PK\x01\x02")
    patched[central + 24 : central + 28] = (10).to_bytes(4, "little")
    error = _refused(bytes(patched), max_bytes=MB)
    assert error.key == "errors.backup_bad_member_zip"
    assert "clients/big.json" in describe_error(error, "it")


def test_a_bad_ai_requests_file_is_named(sqlite_engine: Engine) -> None:
    client_id = make_client(sqlite_engine, "Bar Sport")
    _add_ai_call(sqlite_engine, client_id)
    members = _members(_backup(sqlite_engine))
    ai_file = next(name for name in members if name.endswith(".ai.json"))
    rows = json.loads(members[ai_file])
    rows[0]["input_tokens"] = -5
    rows[0]["created_at"] = "2026-11-20T09:30:00"  # no time zone: refused too
    members[ai_file] = json.dumps(rows).encode()
    error = _refused(_zip(members))
    assert describe_error(error, "en") == (
        f"the file “{ai_file}”, with the AI assistant's requests, is not valid."
    )


def test_a_backup_holds_the_acting_workspace_only_and_restores_into_it(engine: Engine) -> None:
    from workbench.access import actor_for, bind

    anna, bruno = "anna@agenzia-a.it", "bruno@agenzia-b.it"
    make_client(engine, "Del portatile")  # the local Default workspace
    with write_session(engine) as session:
        bind(session, actor_for(session, anna, None))
        from workbench.clients import create_client

        create_client(session, name="Cliente di Anna")
    with read_session(engine) as session:
        bind(session, actor_for(session, anna, None))
        ids = all_client_ids(session)
        data = backup_archive(session, ids)
    names = [c.name for c in read_archive(data, max_bytes=10_000_000).clients]
    assert names == ["Cliente di Anna"]
    # Bruno restores it: the client lands in his workspace, Anna's stays hers.
    with write_session(engine) as session:
        bind(session, actor_for(session, bruno, None))
        restore_archive(session, data, max_bytes=10_000_000)
    for user, expected in ((anna, ["Cliente di Anna"]), (bruno, ["Cliente di Anna"])):
        with read_session(engine) as session:
            bind(session, actor_for(session, user, None))
            assert [r.name for r in list_clients(session).rows] == expected
    with read_session(engine) as session:  # the local user sees neither
        assert [r.name for r in list_clients(session).rows] == ["Del portatile"]
