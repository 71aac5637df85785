"""The demo client: a small Bolognese pastry shop, filled enough for every step to show data."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlmodel import Session, select

from .exports.strategy_json import dump_strategy, import_strategy
from .models import Client, name_key
from .reference import DATA_DIR

__all__ = ["DEMO_FILE", "create_demo_client", "find_demo_client"]

DEMO_FILE = DATA_DIR / "demo_client.json"


def _next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


def _demo_document(today: date) -> dict:
    document = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    # The plan always starts on the coming Monday, so the demo never shows a past calendar.
    document["brief"]["start_date"] = _next_monday(today).isoformat()
    return document


def find_demo_client(session: Session) -> Client | None:
    name = json.loads(DEMO_FILE.read_text(encoding="utf-8"))["client"]["name"]
    return session.exec(select(Client).where(Client.name_key == name_key(name))).first()


def create_demo_client(
    session: Session, *, today: date | None = None, if_missing: bool = False
) -> Client:
    """Create the demo client (a new copy each time, unless `if_missing` finds one)."""
    if if_missing and (existing := find_demo_client(session)) is not None:
        return existing
    return import_strategy(session, dump_strategy(_demo_document(today or date.today())))
