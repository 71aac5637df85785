"""The activity log of a client: who changed what, and when. Newest first when read."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from workbench.access import actor_of, client_for
from workbench.models import SHORT_MAX, Activity, Client, utcnow

__all__ = ["ACTIVITY_LIMIT", "client_activity", "record_activity"]

ACTIVITY_LIMIT = 50
# Pages save as the user types: saves of one part by one user this close together are one
# entry (its time moves on), not one per field.
SAVES_MERGED_WITHIN = timedelta(minutes=10)


def record_activity(
    session: Session, client: Client, action: str, *, section: str = "", summary: str = ""
) -> None:
    """Log one change to `client` by the acting user. `action` names a catalogue entry
    (`activity.actions.<action>`); `summary` is a short detail in the user's own words."""
    assert client.id is not None
    user, now = actor_of(session).user, utcnow()
    if action == "save":
        recent = session.exec(
            select(Activity)
            .where(Activity.client_id == client.id, Activity.at >= now - SAVES_MERGED_WITHIN)
            .order_by(col(Activity.at).desc(), col(Activity.id).desc())
            .limit(1)
        ).first()
        if recent is not None and (recent.user, recent.action, recent.section) == (
            user,
            action,
            section,
        ):
            recent.at = now
            session.add(recent)
            return
    session.add(
        Activity(
            client_id=client.id,
            workspace_id=client.workspace_id,
            user=user,
            action=action,
            section=section,
            summary=summary[:SHORT_MAX],
            at=now,
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
