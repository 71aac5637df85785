"""Plain factories for the plan export tests: a post, a strategy around a plan, the demo."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from sqlalchemy.engine import Engine

from tests.conftest import make_brief
from workbench.db import read_session, write_session
from workbench.demo import create_demo_client
from workbench.models import (
    BudgetPlan,
    Client,
    EditorialPlan,
    Pillar,
    PlannedPost,
    PlatformChoice,
    PlatformSelection,
)
from workbench.strategy import SECTION_MODELS, SectionState, Strategy, load_strategy

PILLARS = [
    Pillar(name="Dietro le quinte", target_share=Decimal(60), colour="#F58518"),
    Pillar(name="Prodotti", target_share=Decimal(40), colour="#4C78A8"),
]


def make_post(n: int = 0, **overrides: object) -> PlannedPost:
    """A planned Instagram photo on 4 Jan 2027 (plus `n` days) at 12:30; override any field."""
    values: dict[str, object] = {
        "id": f"instagram-{n:04d}",
        "platform": "instagram",
        "date": date(2027, 1, 4 + n % 20),
        "time": time(12, 30),
        "pillar": "Prodotti",
        "format": "photo",
        "topic": f"Argomento {n}",
        "brief": "Foto del banco",
        "caption": f"Testo del post {n}",
        "hashtags": ["#roma", "#trattoria"],
        "cta": "Prenota",
        "link": "https://example.it",
        "status": "idea",
        "kind": "planned",
    }
    values.update(overrides)
    return PlannedPost.model_validate(values)


def make_strategy(
    posts: list[PlannedPost],
    *,
    client_id: int = 7,
    name: str = "Trattoria Roma",
    country: str = "IT",
    budget: BudgetPlan | None = None,
) -> Strategy:
    """A strategy held in memory: a complete brief, Instagram and Facebook, the plan."""
    selection = PlatformSelection(
        choices=[
            PlatformChoice(platform="instagram", formats=["photo"], cadence={"photo": Decimal(3)}),
            PlatformChoice(platform="facebook", formats=["photo"], cadence={"photo": Decimal(2)}),
        ]
    )
    models = {
        "brief": make_brief(country=country),
        "platforms": selection,
        "budget": budget or BudgetPlan(tier="essential"),
        "plan": EditorialPlan(pillars=PILLARS, posts=posts),
    }
    sections = {
        section: SectionState(model=models.get(section) or model_type(), version=1)
        for section, model_type in SECTION_MODELS.items()
    }
    client = Client(id=client_id, name=name, name_key=name.casefold())
    return Strategy(client=client, sections=sections)


def demo_strategy(engine: Engine) -> Strategy:
    """The demo client as stored: a 12-week plan from 30 Nov 2026, budget tier essential."""
    with write_session(engine) as session:
        client = create_demo_client(session, today=date(2026, 11, 23))
    assert client.id is not None
    with read_session(engine) as session:
        return load_strategy(session, client.id)
