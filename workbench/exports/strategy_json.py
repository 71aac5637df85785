"""The whole client strategy as one JSON document that round-trips exactly.

The document names its format and schema version. Older versions are migrated step by
step on import (`_MIGRATIONS`); a newer version than this code knows is refused.

Version history:
- 1: the prototype's format: `brief.goals` mixed broad goals and objectives in one list,
  and the budget was one amount, `brief.budget_monthly`.
- 2: broad goals and objectives apart; the budget is a range (`budget_min`, `budget_max`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from workbench.clients import create_client, unique_name, validate_name
from workbench.errors import FieldProblem, ImportFailed, InvalidInput
from workbench.limits import load_json
from workbench.models import BroadGoal, Client, utcnow
from workbench.strategy import SECTION_MODELS, load_strategy, save_section
from workbench.validation import problems_from_validation

__all__ = [
    "FORMAT_NAME",
    "SCHEMA_VERSION",
    "dump_strategy",
    "export_strategy",
    "import_strategy",
    "parse_strategy",
]

FORMAT_NAME = "strategy-workbench"
SCHEMA_VERSION = 2


def export_strategy(session: Session, client_id: int, *, now: datetime | None = None) -> dict:
    """The client's strategy as a JSON-ready dict of the current schema version."""
    strategy = load_strategy(session, client_id)
    document: dict[str, Any] = {
        "format": FORMAT_NAME,
        "schema_version": SCHEMA_VERSION,
        "exported_at": (now or utcnow()).isoformat(timespec="seconds"),
        "client": {"name": strategy.client.name},
    }
    for name, state in strategy.sections.items():
        document[name] = state.model.model_dump(mode="json")
    return document


def dump_strategy(document: dict) -> str:
    """Stable text for a strategy document: sorted keys, UTF-8 kept readable."""
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _v1_to_v2(document: dict) -> dict:
    brief = dict(document.get("brief") or {})
    goals = brief.pop("goals", []) or []
    broad = {g.value for g in BroadGoal}
    brief["broad_goals"] = [g for g in goals if g in broad]
    brief["objectives"] = [g for g in goals if g not in broad]
    amount = brief.pop("budget_monthly", None)
    brief["budget_min"] = brief["budget_max"] = amount
    return {**document, "brief": brief, "schema_version": 2}


_MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2}


def parse_strategy(text: str | bytes) -> tuple[str, dict[str, BaseModel]]:
    """Validate a strategy document (any known version): the client name and its sections.

    Raises ImportFailed for what is not a strategy file and InvalidInput naming each bad field.
    """
    document = load_json(text)
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ImportFailed("errors.import_foreign")
    version = document.get("schema_version")
    if not isinstance(version, int) or version < 1:
        raise ImportFailed("errors.import_foreign")
    if version > SCHEMA_VERSION:
        raise ImportFailed("errors.import_newer", version=version, supported=SCHEMA_VERSION)
    while version < SCHEMA_VERSION:
        document = _MIGRATIONS[version](document)
        version = document["schema_version"]

    client = document.get("client")
    name = client.get("name") if isinstance(client, dict) else None
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput([FieldProblem(("client", "name"), "errors.required")])
    name = validate_name(name)  # checked here, so a restore names the archive's file
    sections: dict[str, BaseModel] = {}
    problems: list[FieldProblem] = []
    for section, model_type in SECTION_MODELS.items():
        try:
            sections[section] = model_type.model_validate(document.get(section) or {})
        except ValidationError as exc:
            for problem in problems_from_validation(exc):
                problem.loc = (section, *problem.loc)
                problems.append(problem)
    if problems:
        raise InvalidInput(problems)
    return name, sections


def import_strategy(session: Session, text: str | bytes) -> Client:
    """Create a new client from a strategy document; a taken name gets a ` (2)` suffix."""
    name, sections = parse_strategy(text)
    client = create_client(session, name=unique_name(session, name))
    assert client.id is not None
    for section, model in sections.items():
        save_section(session, client.id, section, model, activity="import")
    return client
