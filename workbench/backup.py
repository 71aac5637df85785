"""Backup and restore: many clients' strategies in one ZIP archive.

Layout of an archive (format version 1):
- `manifest.json`: `{"format": "strategy-workbench-backup", "format_version": 1,
  "app_version", "created_at", "clients": [{"file", "ai_calls", "name", "archived"}]}`;
- `clients/NNN-<name>.json`: each client's strategy JSON (`exports.strategy_json`), every
  step with the monitoring results;
- `clients/NNN-<name>.ai.json`: the client's AI requests (`ai_call`: the cached answers,
  tokens and costs), so a restored client keeps its AI cost history and cache. The manifest
  names it (`"ai_calls"`); an archive without it restores the strategy alone.

A restore checks the whole archive before it writes anything: a bad archive restores no
client at all. Restored clients are new clients; a name already taken gets a ` (2)` suffix,
as an imported strategy does (`clients.unique_name`), so restoring twice never overwrites.
Workspaces: `backup_archive` takes the ids to save and `restore_archive` creates clients
as `create_client` does; scoping both to a workspace is the caller's job.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from importlib import metadata
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from sqlmodel import Session, col, select

from workbench.access import client_scope
from workbench.clients import archive_client, create_client, get_client, unique_name
from workbench.errors import ImportFailed, WorkbenchError
from workbench.exports.strategy_json import dump_strategy, export_strategy, parse_strategy
from workbench.limits import JSON_MAX_BYTES, load_json
from workbench.models import AiCall, Client, utcnow
from workbench.strategy import save_section

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MANIFEST",
    "BackupContents",
    "BackupRejected",
    "RestoreReport",
    "RestoredClient",
    "all_client_ids",
    "backup_archive",
    "backup_file_name",
    "read_archive",
    "restore_archive",
]

FORMAT_NAME = "strategy-workbench-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# A ZIP can claim little and expand to gigabytes: what is read is counted as it is read,
# up to this many times the archive's own size limit, and so is the number of files.
MAX_EXPANSION = 20
MAX_MEMBERS = 10_000
_CHUNK = 2**20


class BackupRejected(ImportFailed):
    """The archive cannot be restored; nothing was written. `cause` is the inner reason."""

    def __init__(self, key: str, *, cause: WorkbenchError | None = None, **params: Any) -> None:
        super().__init__(key, **params)
        self.cause = cause


@dataclass(frozen=True)
class RestoredClient:
    name_in_archive: str
    name: str
    id: int
    archived: bool

    @property
    def renamed(self) -> bool:
        return self.name != self.name_in_archive


@dataclass(frozen=True)
class RestoreReport:
    created_at: str
    app_version: str
    clients: list[RestoredClient]


class _ManifestClient(BaseModel):
    model_config = ConfigDict(extra="ignore")
    file: str
    ai_calls: str | None = None
    name: str
    archived: bool = False


class _AiCallRecord(BaseModel):
    """One `ai_call` row as the archive holds it."""

    model_config = ConfigDict(extra="ignore")
    action: str = Field(max_length=32)
    input_hash: str = Field(max_length=64)
    model: str = Field(max_length=200)
    response: dict[str, Any] | None = None
    input_tokens: int = Field(ge=0)
    output_tokens: int = Field(ge=0)
    cost_usd: Decimal = Field(ge=0, max_digits=20)
    created_at: AwareDatetime


_AI_CALLS = TypeAdapter(list[_AiCallRecord])


def _ai_calls(session: Session, client_id: int) -> list[dict[str, Any]]:
    rows = session.exec(
        select(AiCall).where(AiCall.client_id == client_id).order_by(col(AiCall.id))
    )
    fields = _AiCallRecord.model_fields
    return [
        _AiCallRecord.model_validate(row.model_dump(include=set(fields))).model_dump(mode="json")
        for row in rows
    ]


class _Manifest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    format: str
    format_version: int
    app_version: str = ""
    created_at: str = ""
    clients: list[_ManifestClient]


def _app_version() -> str:
    try:
        return metadata.version("strategy-workbench")
    except metadata.PackageNotFoundError:
        return "unknown"


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.casefold()).strip("-")[:40] or "client"


def backup_file_name(now: datetime | None = None) -> str:
    """The archive's file name, with its date: `strategy-workbench-backup-2026-11-23.zip`."""
    return f"{FORMAT_NAME}-{(now or utcnow()).date().isoformat()}.zip"


def all_client_ids(session: Session) -> list[int]:
    """Every client of the acting user's workspace (archived ones too), by id."""
    query = select(Client.id).where(*client_scope(session)).order_by(col(Client.id))
    return [i for i in session.exec(query) if i is not None]


def backup_archive(
    session: Session, client_ids: list[int], *, now: datetime | None = None
) -> bytes:
    """A ZIP of the clients' strategies and a manifest; an unknown id raises NotFound."""
    now = now or utcnow()
    entries: list[dict[str, Any]] = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, client_id in enumerate(dict.fromkeys(client_ids), start=1):
            client = get_client(session, client_id)
            stem = f"clients/{number:03d}-{_slug(client.name)}"
            document = export_strategy(session, client_id, now=now)
            archive.writestr(f"{stem}.json", dump_strategy(document))
            ai_calls = json.dumps(_ai_calls(session, client_id), ensure_ascii=False, indent=1)
            archive.writestr(f"{stem}.ai.json", ai_calls + "\n")
            entries.append(
                {
                    "file": f"{stem}.json",
                    "ai_calls": f"{stem}.ai.json",
                    "name": client.name,
                    "archived": client.archived_at is not None,
                }
            )
        manifest = {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "app_version": _app_version(),
            "created_at": now.isoformat(timespec="seconds"),
            "clients": entries,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return buffer.getvalue()


class _Reader:
    """Reads members of an untrusted ZIP, counting the bytes really extracted."""

    def __init__(self, data: bytes, max_bytes: int) -> None:
        self.budget = max_bytes * MAX_EXPANSION
        self.limit_mb = max_bytes / 2**20
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            infos = self.archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
            raise BackupRejected("errors.backup_not_zip") from exc
        if len(infos) > MAX_MEMBERS:
            raise BackupRejected("errors.backup_too_many_files", limit=MAX_MEMBERS)
        # Headers can lie, but an honest header over the limit is refused at once.
        if sum(info.file_size for info in infos) > self.budget:
            raise self._too_large()
        self.names = {info.filename for info in infos}

    def _too_large(self) -> BackupRejected:
        return BackupRejected("errors.backup_too_large", limit=round(self.limit_mb * MAX_EXPANSION))

    def read(self, member: str) -> bytes:
        if member not in self.names:
            if member == MANIFEST:
                raise BackupRejected("errors.backup_no_manifest")
            raise BackupRejected("errors.backup_missing_member", member=member)
        if self.archive.getinfo(member).file_size > JSON_MAX_BYTES:
            raise self._member_too_large(member)
        # Read in chunks and stop at the first byte over a limit: a header may lie about the
        # size, and a member that expands to gigabytes is refused having held one limit's worth.
        data = bytearray()
        try:
            with self.archive.open(member) as stream:
                while chunk := stream.read(_CHUNK):
                    data += chunk
                    self.budget -= len(chunk)
                    if self.budget < 0:
                        raise self._too_large()
                    if len(data) > JSON_MAX_BYTES:
                        raise self._member_too_large(member)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
            raise BackupRejected("errors.backup_bad_member_zip", member=member) from exc
        return bytes(data)

    def _member_too_large(self, member: str) -> BackupRejected:
        limit = round(JSON_MAX_BYTES / 2**20)
        return BackupRejected("errors.backup_member_too_large", member=member, limit=limit)


def _manifest(reader: _Reader) -> _Manifest:
    raw = reader.read(MANIFEST)
    try:
        document = load_json(raw)
    except ImportFailed as exc:
        if exc.key == "errors.import_not_json":
            raise BackupRejected("errors.backup_foreign") from exc
        raise BackupRejected("errors.backup_bad_member", member=MANIFEST, cause=exc) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise BackupRejected("errors.backup_foreign")
    version = document.get("format_version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise BackupRejected("errors.import_newer", version=version, supported=FORMAT_VERSION)
    try:
        manifest = _Manifest.model_validate(document)
    except ValidationError as exc:
        raise BackupRejected("errors.backup_foreign") from exc
    if manifest.format_version < 1:
        raise BackupRejected("errors.backup_foreign")
    return manifest


@dataclass(frozen=True)
class _ArchivedClient:
    name: str
    archived: bool
    sections: dict[str, BaseModel]
    ai_calls: list[_AiCallRecord]


def _read_ai_calls(reader: _Reader, member: str) -> list[_AiCallRecord]:
    raw = reader.read(member)
    try:
        document = load_json(raw)
    except ImportFailed as exc:
        raise BackupRejected("errors.backup_bad_member", member=member, cause=exc) from exc
    try:
        return _AI_CALLS.validate_python(document)
    except ValidationError as exc:
        raise BackupRejected("errors.backup_bad_ai_calls", member=member) from exc


@dataclass(frozen=True)
class BackupContents:
    """A checked archive: when it was made and each client's name and strategy."""

    created_at: str
    app_version: str
    clients: list[_ArchivedClient]

    @property
    def names(self) -> list[str]:
        return [client.name for client in self.clients]


def read_archive(data: bytes, *, max_bytes: int) -> BackupContents:
    """Check a whole archive and parse every client in it; nothing is written.

    Raises BackupRejected naming what is wrong: the file inside the archive and the reason.
    """
    if len(data) > max_bytes:
        raise BackupRejected("errors.backup_archive_too_large", limit=round(max_bytes / 2**20, 1))
    reader = _Reader(data, max_bytes)
    manifest = _manifest(reader)
    clients = []
    for entry in manifest.clients:
        content = reader.read(entry.file)
        try:
            name, sections = parse_strategy(content)
        except WorkbenchError as exc:
            raise BackupRejected("errors.backup_bad_member", member=entry.file, cause=exc) from exc
        ai_calls = _read_ai_calls(reader, entry.ai_calls) if entry.ai_calls else []
        clients.append(_ArchivedClient(name, entry.archived, sections, ai_calls))
    return BackupContents(manifest.created_at, manifest.app_version, clients)


def restore_archive(session: Session, data: bytes, *, max_bytes: int) -> RestoreReport:
    """Create the archive's clients as new clients, after checking every file in it.

    A bad archive raises BackupRejected before anything is written. The caller commits
    (`db.write_session`), so the clients arrive all together or not at all.
    """
    contents = read_archive(data, max_bytes=max_bytes)
    restored: list[RestoredClient] = []
    for archived_client in contents.clients:
        name = archived_client.name
        client = create_client(session, name=unique_name(session, name))
        assert client.id is not None
        for section, model in archived_client.sections.items():
            save_section(session, client.id, section, model)
        for call in archived_client.ai_calls:
            values = call.model_dump()
            values["cost_usd"] = f"{call.cost_usd:f}"
            session.add(AiCall(client_id=client.id, **values))
        if archived_client.archived:
            archive_client(session, client.id)
        restored.append(RestoredClient(name, client.name, client.id, archived_client.archived))
    return RestoreReport(contents.created_at, contents.app_version, restored)
