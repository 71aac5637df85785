"""The strategy aggregate: load a client's sections, save one section with a version check."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from threading import Lock
from typing import Any, TypeVar

import sqlalchemy as sa
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from workbench.access import actor_of
from workbench.activity import record_activity
from workbench.clients import get_client
from workbench.errors import InvalidInput, StaleWrite
from workbench.models import (
    Audience,
    Brief,
    BudgetPlan,
    Client,
    Competitors,
    EditorialPlan,
    PlatformSelection,
    Results,
    StrategySection,
    utcnow,
)
from workbench.validation import problems_from_validation

__all__ = [
    "SECTION_MODELS",
    "STEPS",
    "SectionState",
    "Strategy",
    "brief_missing_fields",
    "load_strategy",
    "merge_changes",
    "overwriting",
    "save_section",
    "section_is_complete",
]

# The steps of the flow, in order. A step with a section model stores one StrategySection.
# A step whose saved part has another name.
STEP_SECTIONS = {"monitoring": "results"}
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
SECTION_MODELS: dict[str, type[BaseModel]] = {
    "brief": Brief,
    "audience": Audience,
    "competitors": Competitors,
    "platforms": PlatformSelection,
    "budget": BudgetPlan,
    "plan": EditorialPlan,
    "results": Results,
}


# What a client reviewing through a link may read of the strategy.
REVIEW_SECTIONS = frozenset({"plan"})


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
    """Whether a step counts as done: what the later steps need from it is there."""
    if isinstance(model, Brief):
        return not brief_missing_fields(model)
    if isinstance(model, Audience):
        return bool(model.personas)
    if isinstance(model, Competitors):
        return any(not c.is_client and c.figures for c in model.competitors)
    if isinstance(model, PlatformSelection):
        return any(choice.posts_per_week > 0 for choice in model.choices)
    if isinstance(model, BudgetPlan):
        return model.tier is not None
    if isinstance(model, EditorialPlan):
        return bool(model.posts)
    if isinstance(model, Results):
        return bool(model.posts)
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

    @property
    def audience(self) -> Audience:
        model = self.sections["audience"].model
        assert isinstance(model, Audience)
        return model

    @property
    def competitors(self) -> Competitors:
        model = self.sections["competitors"].model
        assert isinstance(model, Competitors)
        return model

    @property
    def platforms(self) -> PlatformSelection:
        model = self.sections["platforms"].model
        assert isinstance(model, PlatformSelection)
        return model

    @property
    def budget(self) -> BudgetPlan:
        model = self.sections["budget"].model
        assert isinstance(model, BudgetPlan)
        return model

    @property
    def plan(self) -> EditorialPlan:
        model = self.sections["plan"].model
        assert isinstance(model, EditorialPlan)
        return model

    @property
    def results(self) -> Results:
        model = self.sections["results"].model
        assert isinstance(model, Results)
        return model

    def steps_done(self) -> dict[str, bool]:
        """Each step of STEPS done or not; monitoring is done once results are imported."""
        sections = {step: STEP_SECTIONS.get(step, step) for step in STEPS}
        return {
            step: name in self.sections and self.sections[name].complete
            for step, name in sections.items()
        }


def _parse(name: str, data: Mapping[str, Any]) -> BaseModel:
    model_type = SECTION_MODELS[name]
    try:
        return model_type.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(problems_from_validation(exc)) from exc


class _ParsedSections:
    """Parsed sections by (database, row, version, saved at), shared by the whole process.

    A Streamlit page reruns on every click; re-reading and re-validating a large section
    (thousands of competitor figures) each time would dominate the rerun. A saved section
    never changes under the same version, so the parsed model can be reused. Callers treat
    models as read-only and save new ones.
    """

    def __init__(self, size: int = 256) -> None:
        self._items: OrderedDict[tuple[str, int, int, datetime], BaseModel] = OrderedDict()
        self._size = size
        self._lock = Lock()

    def get(self, key: tuple[str, int, int, datetime]) -> BaseModel | None:
        with self._lock:
            model = self._items.get(key)
            if model is not None:
                self._items.move_to_end(key)
            return model

    def put(self, key: tuple[str, int, int, datetime], model: BaseModel) -> None:
        with self._lock:
            self._items[key] = model
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


_parsed = _ParsedSections()


def load_strategy(session: Session, client_id: int) -> Strategy:
    """The client and every section (defaults for those never saved).

    Reads the versions first and fetches a section's JSON only when that version has not
    been parsed before in this process.
    """
    client = get_client(session, client_id)
    # A review link's session reads the plan alone (the other steps keep their defaults).
    readable = REVIEW_SECTIONS if actor_of(session).only_client is not None else SECTION_MODELS
    strategy = Strategy(client=client)
    database = str(session.get_bind().engine.url)
    heads = session.execute(
        sa.select(
            col(StrategySection.id),
            col(StrategySection.section),
            col(StrategySection.version),
            col(StrategySection.updated_at),
            col(StrategySection.complete),
        ).where(col(StrategySection.client_id) == client_id)
    ).all()
    for row_id, name, version, updated_at, complete in heads:
        if name not in readable:
            continue
        key = (database, row_id, version, updated_at)
        model = _parsed.get(key)
        if model is None:
            data = session.exec(
                select(StrategySection.data).where(StrategySection.id == row_id)
            ).one()
            model = _parse(name, data)
            _parsed.put(key, model)
        strategy.sections[name] = SectionState(
            model=model, version=version, updated_at=updated_at, complete=complete
        )
    for name, model_type in SECTION_MODELS.items():
        strategy.sections.setdefault(name, SectionState(model=model_type()))
    return strategy


M = TypeVar("M", bound=BaseModel)


def merge_changes(base: M, mine: M, theirs: M) -> tuple[M, set[str]]:
    """Three-way merge by top-level field: `theirs` with the fields `mine` changed from
    `base`, and the fields both changed (to different values), which `mine` cannot take
    without losing the other edit. With no such field the merge loses nothing."""
    names = list(type(base).model_fields)
    changed = {n for n in names if getattr(mine, n) != getattr(base, n)}
    clash = {
        n
        for n in changed
        if getattr(theirs, n) != getattr(base, n) and getattr(theirs, n) != getattr(mine, n)
    }
    data = theirs.model_dump()
    data.update({n: mine.model_dump()[n] for n in changed})
    return type(theirs).model_validate(data), clash


# A stale save the user chose to make anyway, having been told of the newer version.
_overwrite: ContextVar[tuple[int, str, int] | None] = ContextVar("overwrite", default=None)


@contextmanager
def overwriting(client_id: int, section: str, version: int) -> Iterator[None]:
    """Inside this block a save of the client's `section` that expected an older version is
    accepted when the stored version is exactly `version`, the one the user was told about
    (`StaleWrite.params["found"]`); a save made by someone else meanwhile is still refused."""
    token = _overwrite.set((client_id, section, version))
    try:
        yield
    finally:
        _overwrite.reset(token)


def save_section(
    session: Session,
    client_id: int,
    name: str,
    model: BaseModel,
    *,
    expected_version: int | None = None,
    activity: str = "save",
    summary: str = "",
) -> SectionState:
    """Store one section. With `expected_version`, refuse if someone saved it since.

    The version goes up by one on every save; the client's updated date follows. The save
    goes in the activity log as `activity` (e.g. "import", "ai_accept") with `summary`.
    """
    if not isinstance(model, SECTION_MODELS[name]):
        raise TypeError(f"section {name} takes {SECTION_MODELS[name].__name__}")
    client = get_client(session, client_id, write=True)
    head = session.execute(
        sa.select(col(StrategySection.id), col(StrategySection.version))
        .where(col(StrategySection.client_id) == client_id, col(StrategySection.section) == name)
        .with_for_update()
    ).first()
    current_version = head.version if head else 0
    if (
        expected_version is not None
        and expected_version != current_version
        and _overwrite.get() != (client_id, name, current_version)
    ):
        raise StaleWrite(
            section=name, expected=expected_version, found=current_version, client_id=client_id
        )
    now = utcnow()
    complete = section_is_complete(name, model)
    data = model.model_dump(mode="json")
    if head is None:
        _insert_section(session, client_id, name, data, complete, now, expected_version or 0)
        version = 1
    else:
        # Compare-and-swap: the row changes only if nobody saved it since it was read.
        updated: sa.CursorResult[Any] = session.execute(  # type: ignore[assignment]
            sa.update(StrategySection)
            .where(
                col(StrategySection.id) == head.id,
                col(StrategySection.version) == current_version,
            )
            .values(data=data, version=current_version + 1, complete=complete, updated_at=now)
        )
        if updated.rowcount != 1:
            found = session.execute(
                sa.select(col(StrategySection.version)).where(col(StrategySection.id) == head.id)
            ).scalar_one_or_none()
            raise StaleWrite(
                section=name,
                expected=current_version if expected_version is None else expected_version,
                found=found if found is not None else 0,
                client_id=client_id,
            )
        version = current_version + 1
    client.updated_at = now
    if isinstance(model, Brief):
        client.kind = model.kind.value if model.kind else ""
        client.sector = model.sector
    session.add(client)
    record_activity(session, client, activity, section=name, summary=summary)
    session.flush()
    return SectionState(model=model, version=version, updated_at=now, complete=complete)


def _insert_section(
    session: Session,
    client_id: int,
    name: str,
    data: dict[str, Any],
    complete: bool,
    now: datetime,
    expected: int,
) -> None:
    """The section's first version; one created meanwhile by another writer makes it stale."""
    try:
        session.execute(
            sa.insert(StrategySection).values(
                client_id=client_id,
                section=name,
                data=data,
                version=1,
                complete=complete,
                updated_at=now,
            )
        )
    except IntegrityError as exc:
        raise StaleWrite(section=name, expected=expected, found=1, client_id=client_id) from exc
