"""The activity log of a client: who changed what, and when. Newest first when read."""

from __future__ import annotations

from sqlmodel import Session, col, select

from .access import actor_of, client_for
from .models import SHORT_MAX, Activity, Client, utcnow

__all__ = ["ACTIVITY_LIMIT", "client_activity", "record_activity"]

ACTIVITY_LIMIT = 50


def record_activity(
    session: Session, client: Client, action: str, *, section: str = "", summary: str = ""
) -> None:
    """Log one change to `client` by the acting user. `action` names a catalogue entry
    (`activity.actions.<action>`); `summary` is a short detail in the user's own words."""
    assert client.id is not None
    session.add(
        Activity(
            client_id=client.id,
            workspace_id=client.workspace_id,
            user=actor_of(session).user,
            action=action,
            section=section,
            summary=summary[:SHORT_MAX],
            at=utcnow(),
        )
    )


def client_activity(
    session: Session, client_id: int, *, limit: int = ACTIVITY_LIMIT
) -> list[Activity]:
    """The latest `limit` changes to a client of the acting workspace, newest first."""
    client_for(session, client_id)
    return list(
        session.exec(
            select(Activity)
            .where(Activity.client_id == client_id)
            .order_by(col(Activity.at).desc(), col(Activity.id).desc())
            .limit(limit)
        )
    )
