"""The Platforms page through AppTest: ranking, weights, accepting and editing the choices."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.engine import Engine

from tests.apptest import demo_id, open_app, texts
from tests.conftest import make_client
from ui.views.decision import decision_view
from workbench.db import read_session
from workbench.i18n import render
from workbench.models import BudgetTier, FactorWeights, PlatformSelection
from workbench.platforms import capacity_check, decide, score_platforms
from workbench.strategy import Strategy, load_strategy


def strategy_of(db: Engine, client_id: int) -> Strategy:
    with read_session(db) as session:
        return load_strategy(session, client_id)


def ranking_titles(at) -> list[str]:  # noqa: ANN001
    return [e.label.split(" — ")[0] for e in at.expander if e.label[0].isdigit()]


def test_ranking_matches_the_scores_with_reasons(db: Engine) -> None:
    client_id = demo_id(db)
    s = strategy_of(db, client_id)
    scores = score_platforms(s.brief, s.audience, s.competitors, weights=s.platforms.weights)
    at = open_app("platforms", client=client_id, lang="en")
    assert not at.error
    expected = [f"{x.rank}. {render_platform(x.platform.value)}" for x in scores]
    assert ranking_titles(at) == sorted(expected, key=lambda e: int(e.split(".")[0]))
    assert len(at.get("vega_lite_chart")) == 1
    first_reasons = [render(r, "en") for r in sorted(scores, key=lambda x: x.rank)[0].reasons]
    shown = texts(at)
    assert all(reason in shown for reason in first_reasons)


def render_platform(code: str) -> str:
    from workbench.i18n import t

    return t(f"platforms.{code}", "en")


def test_weights_change_the_ranking_and_are_saved(db: Engine) -> None:
    client_id = demo_id(db)
    at = open_app("platforms", client=client_id, lang="en")
    at.slider(key="plat.w.goals").set_value(0).run()
    at.slider(key="plat.w.audience").set_value(10).run()
    s = strategy_of(db, client_id)
    assert (s.platforms.weights.goals, s.platforms.weights.audience) == (0, 10)
    weights = FactorWeights(audience=10, goals=0, capacity=2, competitors=1, budget=1)
    scores = score_platforms(s.brief, s.audience, s.competitors, weights=weights, plan=s.budget)
    best = min(scores, key=lambda x: x.rank)
    assert ranking_titles(at)[0] == f"1. {render_platform(best.platform.value)}"


def test_a_new_client_accepts_the_recommendation(db: Engine) -> None:
    client_id = make_client(db, "Trattoria Lupo")
    at = open_app("platforms", client=client_id)
    assert "Nessuna piattaforma ancora scelta" in texts(at)
    before = strategy_of(db, client_id)
    scores = score_platforms(before.brief, before.audience, before.competitors)
    decision = decide(before.brief, scores, plan=before.budget)
    assert all(line in texts(at) for line in decision_view(decision, "it").lines)
    at.button(key="plat.accept").click().run()
    assert not at.exception and not at.error
    s = strategy_of(db, client_id)
    assert s.platforms.choices == decision.package.selection.choices
    assert s.budget.tier is BudgetTier.recommended
    assert s.budget.ad_spend == dict(decision.package.ad_spend)
    assert s.steps_done()["platforms"] and s.steps_done()["budget"]
    assert "Proposta accettata" in texts(at)
    assert at.button(key="plat.accept").proto.disabled  # nothing left to accept


def test_editing_a_choice_marks_it_and_warns_on_capacity(db: Engine) -> None:
    client_id = demo_id(db)
    at = open_app("platforms", client=client_id)
    first = strategy_of(db, client_id).platforms.choices[0]
    fmt = first.formats[0].value
    at.number_input(key=f"plat.c.{first.platform.value}.cad.{fmt}").set_value(20.0).run()
    s = strategy_of(db, client_id)
    edited = s.platforms.choices[0]
    assert edited.overridden and edited.cadence[first.formats[0]] == Decimal("20")
    warnings = [render(w, "it") for w in capacity_check(s.platforms.choices, s.brief, s.budget)]
    assert warnings and all(w in [x.value for x in at.warning] for w in warnings)


def test_removing_a_platform(db: Engine) -> None:
    client_id = demo_id(db)
    before = strategy_of(db, client_id).platforms.choices
    at = open_app("platforms", client=client_id)
    at.button(key=f"plat.c.{before[-1].platform.value}.remove").click().run()
    after = strategy_of(db, client_id).platforms
    assert isinstance(after, PlatformSelection)
    assert [c.platform for c in after.choices] == [c.platform for c in before[:-1]]
