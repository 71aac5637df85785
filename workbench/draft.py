"""From brief to a whole first strategy in one step, offline: what "Bozza dal brief" does.

`draft_strategy` fills every empty step from the brief and keeps every step already filled:

- audience: the persona templates of the client's kind and sector;
- platforms: the recommendation (`decide`) on the ranking, accepted as it is;
- budget: the recommended package (its tier and ads) on the client's rates;
- plan: the pillar templates and a plan of the brief's horizon from its start date (the
  coming Monday without one), hashtag sets and UTM as saved.

A step counts as filled when it has content (personas, platforms with posts, a tier,
posts). No model is called, so a draft costs nothing and works without a key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from workbench.audience.personas import persona_templates
from workbench.brief.offering import parse_offering
from workbench.clients import create_client
from workbench.errors import FieldProblem, InvalidInput
from workbench.i18n import Message, render
from workbench.models import Audience, Brief, EditorialPlan, PlatformSelection
from workbench.plan.finishing import finish_posts
from workbench.plan.generator import generate_plan, pillar_templates
from workbench.platforms import Decision, decide, decision_as_dict, score_platforms
from workbench.reference import provinces
from workbench.strategy import Strategy, load_strategy, save_section
from workbench.validation import problems_from_validation

__all__ = [
    "ESSENTIALS",
    "DraftResult",
    "brief_from_essentials",
    "draft_as_dict",
    "draft_strategy",
    "save_draft",
    "start_client",
]

# The fields of the one-screen start ("Nuovo cliente"), besides the name and the offering.
ESSENTIALS = (
    "kind",
    "sector",
    "province",
    "city",
    "objectives",
    "budget_min",
    "budget_max",
    "hours_per_week",
    "in_house",
    "capabilities",
)


@dataclass(frozen=True)
class DraftResult:
    """The sections a draft fills (only the empty ones), the decision behind them."""

    sections: dict[str, BaseModel]
    decision: Decision
    kept: tuple[str, ...]  # steps already filled, left as they were
    plan: EditorialPlan
    problems: tuple[Message, ...] = field(default=())


def _next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


def draft_strategy(
    strategy: Strategy, *, weeks: int | None = None, today: date | None = None, lang: str = "it"
) -> DraftResult:
    """The empty steps of `strategy` drafted from its brief (see the module doc)."""
    brief = strategy.brief
    sections: dict[str, BaseModel] = {}
    kept: list[str] = []
    problems: list[Message] = []
    audience = strategy.audience
    if audience.personas:
        kept.append("audience")
    else:
        kind = brief.kind.value if brief.kind else None
        audience = Audience.model_validate(
            {**audience.model_dump(), "personas": persona_templates(kind, brief.sector, lang)}
        )
        sections["audience"] = audience
    scores = score_platforms(
        brief,
        audience,
        strategy.competitors,
        weights=strategy.platforms.weights,
        plan=strategy.budget,
    )
    decision = decide(brief, scores, plan=strategy.budget, base=strategy.platforms)
    problems += decision.problems
    selection: PlatformSelection = strategy.platforms
    if any(c.posts_per_week > 0 for c in selection.choices):
        kept.append("platforms")
    else:
        selection = decision.package.selection
        sections["platforms"] = selection
    if strategy.budget.tier is not None:
        kept.append("budget")
    else:
        sections["budget"] = decision.package.plan(strategy.budget)
    plan = strategy.plan
    if plan.posts:
        kept.append("plan")
    else:
        pillars = plan.pillars or pillar_templates(brief.kind, brief.sector, lang)
        start = plan.start or brief.start_date or _next_monday(today or date.today())
        horizon = weeks or brief.horizon_weeks
        generated = generate_plan(
            brief,
            selection,
            pillars,
            start=start,
            weeks=horizon,
            reactive_share=plan.reactive_share,
            campaigns=plan.campaigns,
            seed=plan.seed,
            lang=lang,
        )
        problems += [m for m in generated.messages if m.key != "plan.template_pillars"]
        posts = finish_posts(generated.posts, plan)
        plan = plan.model_copy(
            update={
                "pillars": list(generated.pillars),
                "start": start,
                "weeks": horizon,
                "posts": list(posts),
            }
        )
        sections["plan"] = EditorialPlan.model_validate(plan.model_dump())
    return DraftResult(sections, decision, tuple(kept), plan, tuple(problems))


def save_draft(
    session: Session,
    client_id: int,
    *,
    weeks: int | None = None,
    today: date | None = None,
    lang: str = "it",
) -> DraftResult:
    """Draft the client's empty steps and store them, each against the version it read."""
    strategy = load_strategy(session, client_id)
    result = draft_strategy(strategy, weeks=weeks, today=today, lang=lang)
    for name, model in result.sections.items():
        save_section(
            session,
            client_id,
            name,
            model,
            expected_version=strategy.sections[name].version,
            activity="draft",
        )
    return result


def draft_as_dict(client_id: int, result: DraftResult, lang: str) -> dict[str, Any]:
    """The `draft --json` contract: platforms, package, fits, what more buys, the plan."""
    decision = decision_as_dict(result.decision, lang)
    plan = result.plan
    return {
        "client_id": client_id,
        "platforms": decision["platforms"],
        "package": decision["package"],
        "hours_per_week": decision["hours_per_week"],
        "fits_budget": decision["fits_budget"],
        "fits_hours": decision["fits_hours"],
        "binding": decision["binding"],
        "explanation": decision["explanation"],
        "more": [
            {"adds": m["adds"], "costs": m["costs"], "hours": m["hours"]} for m in decision["more"]
        ],
        "tiers": decision["tiers"],
        "plan": {
            "start": plan.start.isoformat() if plan.start else None,
            "weeks": plan.weeks,
            "posts": len(plan.posts),
        },
        "filled": sorted(result.sections),
        "kept": list(result.kept),
        "problems": [
            {"field": m.params.get("field", ""), "message": render(m, lang)}
            for m in result.problems
        ],
    }


def brief_from_essentials(
    values: dict[str, Any], offering_text: str = ""
) -> tuple[Brief | None, list[FieldProblem]]:
    """The brief of a new client from the start screen's few fields, or the problems found.

    The region follows the province; an offering typed one item a line (see
    `brief_offering`); in-house when ticked or when the maximum budget is 0. Every bad
    field is named; nothing is half-built.
    """
    data = {k: v for k, v in values.items() if k in ESSENTIALS and v not in (None, "", [])}
    province = next((p for p in provinces() if p.code == data.get("province")), None)
    if province is not None:
        data["region"] = province.region
    if not data.get("in_house"):
        data.pop("in_house", None)  # unticked: a zero budget still implies in-house
    items, problems = parse_offering(offering_text)
    data["offering"] = [item.model_dump() for item in items]
    try:
        brief = Brief.model_validate(data)
    except ValidationError as exc:
        return None, [*problems, *problems_from_validation(exc)]
    return (None if problems else brief), problems


def start_client(
    session: Session, *, name: str, brief: Brief, today: date | None = None, lang: str = "it"
) -> tuple[int, DraftResult]:
    """Create the client with its brief and draft the whole strategy, in one transaction."""
    client = create_client(
        session, name=name, kind=brief.kind.value if brief.kind else "", sector=brief.sector
    )
    if client.id is None:  # pragma: no cover - the database always gives an id
        raise InvalidInput([FieldProblem(("name",), "errors.required")])
    save_section(session, client.id, "brief", brief, activity="create")
    return client.id, save_draft(session, client.id, today=today, lang=lang)
