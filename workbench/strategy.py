"""The strategy aggregate: load a client's sections, save one section with a version check."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlmodel import Session, select

from .clients import get_client
from .errors import InvalidInput, StaleWrite
from .models import Brief, Client, StrategySection, utcnow
from .validation import problems_from_validation

__all__ = [
    "AVAILABLE_STEPS",
    "SECTION_MODELS",
    "STEPS",
    "SectionState",
    "Strategy",
    "brief_missing_fields",
    "load_strategy",
    "save_section",
    "section_is_complete",
]

# The steps of the flow, in order. A step with a section model stores one StrategySection.
STEPS = (
    "brief",
    "audience",
    "competitors",
    "platforms",
    "budget",
    "plan",
    "monitoring",
    "export",
)
SECTION_MODELS: dict[str, type[BaseModel]] = {"brief": Brief}
AVAILABLE_STEPS = frozenset(SECTION_MODELS) | {"export"}


def brief_missing_fields(brief: Brief) -> list[str]:
    """The brief fields still needed before the later steps can rely on it."""
    missing = []
    if brief.kind is None:
        missing.append("kind")
    if not brief.sector:
        missing.append("sector")
    if not brief.broad_goals:
        missing.append("broad_goals")
    if not brief.objectives:
        missing.append("objectives")
    has_presence = brief.website or brief.blog or brief.newsletter or brief.social_accounts
    if not (brief.social_only or has_presence):
        missing.append("presence")
    if not brief.tone_descriptors:
        missing.append("tone_descriptors")
    if brief.hours_per_week <= 0:
        missing.append("hours_per_week")
    if not brief.capabilities:
        missing.append("capabilities")
    if brief.budget_max is None:
        missing.append("budget_max")
    if brief.start_date is None:
        missing.append("start_date")
    return missing


def section_is_complete(name: str, model: BaseModel) -> bool:
    if isinstance(model, Brief):
        return not brief_missing_fields(model)
    return False


@dataclass
class SectionState:
    """A section as loaded: the validated model and the version it was read at (0: never saved)."""

    model: BaseModel
    version: int = 0
    updated_at: datetime | None = None
    complete: bool = False


@dataclass
class Strategy:
    client: Client
    sections: dict[str, SectionState] = field(default_factory=dict)

    @property
    def brief(self) -> Brief:
        model = self.sections["brief"].model
        assert isinstance(model, Brief)
        return model

    def steps_done(self) -> dict[str, bool]:
        return {step: step in self.sections and self.sections[step].complete for step in STEPS}


def _parse(name: str, data: dict[str, Any]) -> BaseModel:
    model_type = SECTION_MODELS[name]
    try:
        return model_type.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(problems_from_validation(exc)) from exc


def load_strategy(session: Session, client_id: int) -> Strategy:
    """The client and every section (defaults for those never saved)."""
    client = get_client(session, client_id)
    strategy = Strategy(client=client)
    rows = session.exec(select(StrategySection).where(StrategySection.client_id == client_id))
    for row in rows:
        if row.section in SECTION_MODELS:
            strategy.sections[row.section] = SectionState(
                model=_parse(row.section, row.data),
                version=row.version,
                updated_at=row.updated_at,
                complete=row.complete,
            )
    for name, model_type in SECTION_MODELS.items():
        strategy.sections.setdefault(name, SectionState(model=model_type()))
    return strategy


def save_section(
    session: Session,
    client_id: int,
    name: str,
    model: BaseModel,
    *,
    expected_version: int | None = None,
) -> SectionState:
    """Store one section. With `expected_version`, refuse if someone saved it since.

    The version goes up by one on every save; the client's updated date follows.
    """
    if not isinstance(model, SECTION_MODELS[name]):
        raise TypeError(f"section {name} takes {SECTION_MODELS[name].__name__}")
    client = get_client(session, client_id)
    row = session.exec(
        select(StrategySection)
        .where(StrategySection.client_id == client_id, StrategySection.section == name)
        .with_for_update()
    ).first()
    current_version = row.version if row else 0
    if expected_version is not None and expected_version != current_version:
        raise StaleWrite(section=name, expected=expected_version, found=current_version)
    now = utcnow()
    complete = section_is_complete(name, model)
    data = model.model_dump(mode="json")
    if row is None:
        row = StrategySection(client_id=client_id, section=name, data=data, complete=complete)
    else:
        row.data, row.version, row.complete, row.updated_at = data, row.version + 1, complete, now
    session.add(row)
    client.updated_at = now
    if isinstance(model, Brief):
        client.kind = model.kind.value if model.kind else ""
        client.sector = model.sector
    session.add(client)
    session.flush()
    return SectionState(model=model, version=row.version, updated_at=now, complete=complete)
