"""Client operations: create, list and search, rename, duplicate, archive, delete.

Each one acts in the session's workspace (workbench.access): a client of another workspace
is not found, a viewer changes nothing, and every change goes in the activity log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from workbench.access import actor_of, client_for, client_scope, require_write
from workbench.activity import record_activity
from workbench.errors import DuplicateName, FieldProblem, InvalidInput
from workbench.models import NAME_MAX, Client, StrategySection, name_key, utcnow

__all__ = [
    "ClientPage",
    "ClientRow",
    "archive_client",
    "create_client",
    "delete_client",
    "duplicate_client",
    "get_client",
    "list_clients",
    "rename_client",
    "restore_client",
    "unique_name",
    "validate_name",
]

PAGE_SIZE = 50


@dataclass(frozen=True)
class ClientRow:
    """One line of the client list."""

    id: int
    name: str
    kind: str
    sector: str
    created_at: datetime
    updated_at: datetime
    archived: bool
    steps_done: frozenset[str]


@dataclass(frozen=True)
class ClientPage:
    rows: list[ClientRow]
    total: int
    offset: int
    limit: int


def validate_name(name: str) -> str:
    """Return the cleaned name, or raise InvalidInput naming the field."""
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise InvalidInput([FieldProblem(("name",), "errors.required")])
    if len(cleaned) > NAME_MAX:
        raise InvalidInput([FieldProblem(("name",), "errors.too_long", limit=NAME_MAX)])
    return cleaned


def _name_taken(session: Session, name: str) -> Any:
    """The query for a client of the acting workspace with this name."""
    workspace_id = actor_of(session).workspace_id
    return select(Client.id).where(
        Client.workspace_id == workspace_id, Client.name_key == name_key(name)
    )


def _ensure_name_free(session: Session, name: str, *, except_id: int | None = None) -> None:
    query = _name_taken(session, name)
    if except_id is not None:
        query = query.where(Client.id != except_id)
    if session.exec(query).first() is not None:
        raise DuplicateName(name=name)


def unique_name(session: Session, base: str) -> str:
    """`base`, or `base (2)`, `base (3)`... whichever is free, within the length limit."""
    base = validate_name(base)
    candidate, n = base, 1
    while session.exec(_name_taken(session, candidate)).first():
        n += 1
        suffix = f" ({n})"
        candidate = base[: NAME_MAX - len(suffix)] + suffix
    return candidate


def _flush_or_duplicate(session: Session, name: str) -> None:
    # The unique index is the real guard when two people create the same name at once.
    try:
        session.flush()
    except IntegrityError as exc:
        session.rollback()
        raise DuplicateName(name=name) from exc


def create_client(session: Session, *, name: str, kind: str = "", sector: str = "") -> Client:
    """Create a client with an empty strategy in the acting workspace."""
    actor = actor_of(session)
    require_write(actor)
    cleaned = validate_name(name)
    _ensure_name_free(session, cleaned)
    client = Client(
        workspace_id=actor.workspace_id,
        name=cleaned,
        name_key=name_key(cleaned),
        kind=kind,
        sector=sector,
    )
    session.add(client)
    _flush_or_duplicate(session, cleaned)
    record_activity(session, client, "create", summary=cleaned)
    return client


def get_client(session: Session, client_id: int, *, write: bool = False) -> Client:
    """The client, if the acting workspace holds it (and, for `write`, the role may change it)."""
    return client_for(session, client_id, write=write)


def rename_client(session: Session, client_id: int, name: str) -> Client:
    client = get_client(session, client_id, write=True)
    cleaned = validate_name(name)
    if cleaned == client.name:
        return client
    _ensure_name_free(session, cleaned, except_id=client_id)
    client.name, client.name_key, client.updated_at = cleaned, name_key(cleaned), utcnow()
    session.add(client)
    _flush_or_duplicate(session, cleaned)
    record_activity(session, client, "rename", summary=cleaned)
    return client


def duplicate_client(session: Session, client_id: int, name: str) -> Client:
    """Copy a client and every section of its strategy under a new name."""
    source = get_client(session, client_id)
    copy = create_client(session, name=name, kind=source.kind, sector=source.sector)
    assert copy.id is not None
    sections = session.exec(select(StrategySection).where(StrategySection.client_id == client_id))
    for section in sections:
        session.add(
            StrategySection(
                client_id=copy.id,
                section=section.section,
                data=section.data,
                complete=section.complete,
            )
        )
    session.flush()
    record_activity(session, copy, "duplicate", summary=source.name)
    return copy


def archive_client(session: Session, client_id: int) -> Client:
    client = get_client(session, client_id, write=True)
    client.archived_at = utcnow()
    session.add(client)
    record_activity(session, client, "archive")
    return client


def restore_client(session: Session, client_id: int) -> Client:
    client = get_client(session, client_id, write=True)
    client.archived_at = None
    session.add(client)
    record_activity(session, client, "restore")
    return client


def delete_client(session: Session, client_id: int) -> int:
    """Delete a client and its whole strategy; returns the deleted id."""
    # The foreign key's ON DELETE CASCADE removes the strategy sections with it.
    session.delete(get_client(session, client_id, write=True))
    return client_id


def list_clients(
    session: Session,
    *,
    search: str = "",
    sector_codes: frozenset[str] = frozenset(),
    archived: bool = False,
    limit: int = PAGE_SIZE,
    offset: int = 0,
) -> ClientPage:
    """One page of the acting workspace's clients, most recently updated first.

    `search` matches the name (case-insensitive); `sector_codes` are the sector codes whose
    label matched the same text, so a search for "moda" finds fashion clients.
    """
    where: list[Any] = [
        *client_scope(session),
        col(Client.archived_at).is_not(None) if archived else col(Client.archived_at).is_(None),
    ]
    text = " ".join(search.split())
    if text:
        pattern = f"%{name_key(text)}%"
        matches = col(Client.name_key).like(pattern) | col(Client.sector).ilike(f"%{text}%")
        if sector_codes:
            matches = matches | col(Client.sector).in_(sorted(sector_codes))
        where.append(matches)
    total = session.exec(select(func.count()).select_from(Client).where(*where)).one()
    clients = session.exec(
        select(Client)
        .where(*where)
        .order_by(col(Client.updated_at).desc(), col(Client.id).desc())
        .limit(limit)
        .offset(offset)
    ).all()
    ids = [c.id for c in clients]
    present: dict[int, set[str]] = {i: set() for i in ids if i is not None}
    if ids:
        for client_id, section in session.exec(
            select(StrategySection.client_id, StrategySection.section).where(
                col(StrategySection.client_id).in_(ids), col(StrategySection.complete)
            )
        ):
            present[client_id].add(section)
    rows = [
        ClientRow(
            id=c.id,
            name=c.name,
            kind=c.kind,
            sector=c.sector,
            created_at=c.created_at,
            updated_at=c.updated_at,
            archived=c.archived_at is not None,
            steps_done=frozenset(present.get(c.id, set())),
        )
        for c in clients
        if c.id is not None
    ]
    return ClientPage(rows=rows, total=total, offset=offset, limit=limit)
