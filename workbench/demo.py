"""The demo client: a small Bolognese pastry shop, filled enough for every step to show data."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlmodel import Session, select

from workbench.access import actor_of
from workbench.models import Brief, Client, EditorialPlan, PlatformSelection, name_key
from workbench.reference import DATA_DIR

__all__ = ["DEMO_FILE", "create_demo_client", "find_demo_client"]

DEMO_FILE = DATA_DIR / "demo_client.json"


def _next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


def _shift(value: str, days: int) -> str:
    return (date.fromisoformat(value) + timedelta(days=days)).isoformat()


def _demo_document(today: date) -> dict:
    """The demo as a strategy document, its dates moved to start on the coming Monday (so
    the demo never shows a past calendar) and its plan generated from its own pillars."""
    # The generator brings the holiday calendars: loaded when a demo is made, not with the
    # home page that offers it.
    from workbench.plan.finishing import finish_posts
    from workbench.plan.generator import generate_plan

    document = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    start = _next_monday(today)
    shift = (start - date.fromisoformat(document["brief"]["start_date"])).days
    document["brief"]["start_date"] = start.isoformat()
    plan_data = document["plan"]
    plan_data["start"] = start.isoformat()
    for campaign in plan_data["campaigns"]:
        campaign["start"] = _shift(campaign["start"], shift)
        campaign["end"] = _shift(campaign["end"], shift)
    plan = EditorialPlan.model_validate(plan_data)
    generated = generate_plan(
        Brief.model_validate(document["brief"]),
        PlatformSelection.model_validate(document["platforms"]),
        plan.pillars,
        start=start,
        weeks=plan.weeks,
        reactive_share=plan.reactive_share,
        campaigns=plan.campaigns,
        seed=plan.seed,
        lang="it",
    )
    posts = finish_posts(generated.posts, plan)
    plan_data["posts"] = [post.model_dump(mode="json") for post in posts]
    return document


def find_demo_client(session: Session) -> Client | None:
    """The demo client of the acting workspace, if it has one."""
    name = json.loads(DEMO_FILE.read_text(encoding="utf-8"))["client"]["name"]
    workspace_id = actor_of(session).workspace_id
    return session.exec(
        select(Client).where(Client.workspace_id == workspace_id, Client.name_key == name_key(name))
    ).first()


def create_demo_client(
    session: Session, *, today: date | None = None, if_missing: bool = False
) -> Client:
    """Create the demo client (a new copy each time, unless `if_missing` finds one)."""
    if if_missing and (existing := find_demo_client(session)) is not None:
        return existing
    from workbench.exports.strategy_json import dump_strategy, import_strategy

    return import_strategy(session, dump_strategy(_demo_document(today or date.today())))
