"""Who is acting, in which workspace, with which role; every client read and write is checked here.

The actor travels with the database session (`bind`), so every function that reaches a
client through `clients.get_client` is checked whoever calls it: pages, imports, the AI
assistant, exports. A session without an actor acts as the local user in their workspace
(the laptop without sign-in, the command line, scripts), unless its engine was marked with
`require_sign_in` (the app with sign-in configured): then an unbound session is refused, so
a forgotten `bind` fails closed instead of opening the default workspace.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from workbench.errors import (
    FieldProblem,
    InvalidInput,
    NoAccess,
    NotFound,
    NotInvited,
    ReadOnlyRole,
    SignInRequired,
)
from workbench.limits import id_in_range
from workbench.models import EMAIL_MAX, NAME_MAX, Client, Member, Role, Workspace

__all__ = [
    "LOCAL_USER",
    "Actor",
    "Membership",
    "act_as",
    "actor_for",
    "actor_of",
    "add_member",
    "bind",
    "client_for",
    "client_scope",
    "create_workspace",
    "ensure_workspace",
    "local_actor",
    "may_found_workspace",
    "members",
    "memberships",
    "normalise_user",
    "require_sign_in",
    "require_write",
    "workspace_owner",
]

LOCAL_USER = "local"
DEFAULT_WORKSPACE = "Default"
_ACTOR = "workbench.actor"
_signed_in_only: weakref.WeakSet[Engine] = weakref.WeakSet()
_engine_actors: weakref.WeakKeyDictionary[Engine, Actor] = weakref.WeakKeyDictionary()
# Deliberately loose: one @, no spaces, a dot in the domain. The provider proves the address.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Actor:
    """The user acting, the workspace they act in and their role there."""

    user: str
    workspace_id: int
    role: Role
    # A review link's session: this one client of the workspace and nothing else.
    only_client: int | None = None

    def sees(self, client: Client) -> bool:
        """Whether `client` is within this actor's reach (workspace, and client if scoped)."""
        return client.workspace_id == self.workspace_id and self.only_client in (None, client.id)

    @property
    def can_write(self) -> bool:
        return self.role in (Role.owner, Role.editor)

    @property
    def is_owner(self) -> bool:
        return self.role is Role.owner


@dataclass(frozen=True)
class Membership:
    """A workspace a user belongs to, as the workspace switcher lists it."""

    workspace_id: int
    name: str
    role: Role


def normalise_user(user: str) -> str:
    """The stored form of a user identity: trimmed, lower case (e-mails compare that way)."""
    return user.strip().lower()


def require_sign_in(engine: Engine) -> None:
    """Refuse sessions on `engine` that carry no actor (the app with sign-in configured)."""
    _signed_in_only.add(engine)


def act_as(engine: Engine, actor: Actor) -> None:
    """Make `actor` the one acting through every session on `engine` that binds no other
    (the command line with --workspace)."""
    _engine_actors[engine] = actor


def workspace_owner(session: Session, workspace_id: int) -> Actor:
    """The local user acting as owner of `workspace_id` (the command line is an admin tool)."""
    if not id_in_range(workspace_id) or session.get(Workspace, workspace_id) is None:
        raise NotFound("errors.workspace_not_found", workspace_id=workspace_id)
    return Actor(user=LOCAL_USER, workspace_id=workspace_id, role=Role.owner)


def bind(session: Session, actor: Actor) -> Session:
    """Make `actor` the one acting through `session`; returns the session."""
    session.info[_ACTOR] = actor
    return session


def actor_of(session: Session) -> Actor:
    """The actor bound to `session`, else its engine's (`act_as`), else the local user
    (refused when the engine requires sign-in)."""
    actor = session.info.get(_ACTOR)
    if isinstance(actor, Actor):
        return actor
    engine = session.get_bind()
    if isinstance(engine, Engine) and engine in _engine_actors:
        return bind(session, _engine_actors[engine]).info[_ACTOR]
    if engine in _signed_in_only:
        raise SignInRequired()
    return bind(session, local_actor(session)).info[_ACTOR]


def local_actor(session: Session) -> Actor:
    """The local user as owner of their first workspace (made if the database has none)."""
    row = session.exec(
        select(Member.workspace_id)
        .where(Member.user == LOCAL_USER, Member.role == Role.owner.value)
        .order_by(col(Member.workspace_id))
    ).first()
    if row is None:
        row = create_workspace(session, LOCAL_USER, DEFAULT_WORKSPACE)
    return Actor(user=LOCAL_USER, workspace_id=row, role=Role.owner)


def require_write(actor: Actor) -> None:
    if not actor.can_write:
        raise ReadOnlyRole()


def client_scope(session: Session) -> list[Any]:
    """SQL conditions on `Client` for the clients the acting user may see."""
    actor = actor_of(session)
    where: list[Any] = [Client.workspace_id == actor.workspace_id]
    if actor.only_client is not None:
        where.append(Client.id == actor.only_client)
    return where


def client_for(session: Session, client_id: int, *, write: bool = False) -> Client:
    """The client if it is in the acting workspace (and, for `write`, the role may change it).

    A client of another workspace raises NoAccess, a NotFound: guessing ids reveals nothing.
    """
    actor = actor_of(session)
    # An id past 64 bits names nothing (and would overflow the database driver).
    client = session.get(Client, client_id) if id_in_range(client_id) else None
    if client is None:
        raise NotFound(client_id=client_id)
    if not actor.sees(client):
        raise NoAccess(client_id=client_id)
    if write:
        require_write(actor)
    return client


# --- workspaces and members ---------------------------------------------------------------


def memberships(session: Session, user: str) -> list[Membership]:
    """The workspaces `user` belongs to, oldest first."""
    rows = session.exec(
        select(Workspace.id, Workspace.name, Member.role)
        .join(Member, col(Member.workspace_id) == col(Workspace.id))
        .where(Member.user == normalise_user(user))
        .order_by(col(Workspace.id))
    ).all()
    return [Membership(workspace_id=w, name=n, role=Role(r)) for w, n, r in rows if w is not None]


def create_workspace(session: Session, user: str, name: str) -> int:
    """A new workspace owned by `user`; returns its id."""
    workspace = Workspace(name=" ".join(name.split())[:NAME_MAX] or DEFAULT_WORKSPACE)
    session.add(workspace)
    session.flush()
    assert workspace.id is not None
    session.add(Member(workspace_id=workspace.id, user=normalise_user(user), role=Role.owner))
    session.flush()
    return workspace.id


def ensure_workspace(session: Session, user: str, name: str) -> list[Membership]:
    """The user's workspaces; a user with none gets one of their own, named `name`."""
    found = memberships(session, user)
    if found:
        return found
    create_workspace(session, user, name)
    return memberships(session, user)


def may_found_workspace(session: Session, user: str, allowed: str) -> bool:
    """Whether a signed-in user with no workspace may create their own.

    The first person ever to sign in founds the agency. After them, `allowed` (setting
    `WORKBENCH_ALLOWED_SIGNUPS`) decides: "*" anyone, a comma-separated list of e-mails and
    "@domain"s those, empty nobody. Everyone else is added by an owner: a stranger with an
    account at the identity provider never gets in, nor uses the agency's AI key.
    """
    someone = session.exec(select(Member).where(Member.user != LOCAL_USER).limit(1)).first()
    if someone is None:
        return True
    user = normalise_user(user)
    entries = [e.strip().lower() for e in allowed.split(",") if e.strip()]
    domain = user.rpartition("@")[2]
    return "*" in entries or user in entries or f"@{domain}" in entries


def actor_for(
    session: Session, user: str, workspace_id: int | None, *, may_found: bool = True
) -> Actor:
    """The actor for a signed-in `user` in `workspace_id` (their first one when None or not
    theirs), creating their own workspace if they have none and `may_found`, else refusing
    (NotInvited)."""
    if not may_found and not memberships(session, user):
        raise NotInvited(user=normalise_user(user))
    found = ensure_workspace(session, user, normalise_user(user))
    chosen = next((m for m in found if m.workspace_id == workspace_id), found[0])
    return Actor(user=normalise_user(user), workspace_id=chosen.workspace_id, role=chosen.role)


def members(session: Session, actor: Actor) -> list[Member]:
    """The members of the acting workspace, by user."""
    return list(
        session.exec(
            select(Member)
            .where(Member.workspace_id == actor.workspace_id)
            .order_by(col(Member.user))
        )
    )


def add_member(session: Session, actor: Actor, user: str, role: Role | str) -> Member:
    """Add `user` (an e-mail) to the acting workspace with `role`, or change their role.

    Owners only. An owner cannot change their own role, so a workspace keeps an owner.
    """
    if not actor.is_owner:
        raise ReadOnlyRole("errors.owners_only")
    email = normalise_user(user)
    if not _EMAIL.match(email) or len(email) > EMAIL_MAX:
        raise InvalidInput([FieldProblem(("email",), "errors.email_invalid")])
    try:
        role = Role(role)
    except ValueError as exc:
        problem = FieldProblem(("role",), "errors.not_a_choice", expected=", ".join(Role))
        raise InvalidInput([problem]) from exc
    if email == actor.user:
        raise InvalidInput([FieldProblem(("email",), "errors.member_is_you")])
    member = session.exec(
        select(Member).where(Member.workspace_id == actor.workspace_id, Member.user == email)
    ).first()
    if member is None:
        member = Member(workspace_id=actor.workspace_id, user=email, role=role)
    else:
        member.role = role
    session.add(member)
    session.flush()
    return member
