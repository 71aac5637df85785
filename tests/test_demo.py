from datetime import date

from sqlalchemy.engine import Engine

from workbench.db import read_session, write_session
from workbench.demo import create_demo_client
from workbench.strategy import brief_missing_fields, load_strategy


def test_demo_client_has_a_complete_brief_starting_next_monday(sqlite_engine: Engine) -> None:
    with write_session(sqlite_engine) as session:
        demo = create_demo_client(session, today=date(2026, 11, 25))
    assert demo.id is not None
    with read_session(sqlite_engine) as session:
        strategy = load_strategy(session, demo.id)
    brief = strategy.brief
    assert brief_missing_fields(brief) == []
    assert brief.start_date == date(2026, 11, 30)
    assert brief.province == "BO" and brief.sector == "food_retail"
    assert len(brief.social_accounts) >= 2 and len(brief.kpi_targets) >= 3
    assert strategy.steps_done()["brief"]


def test_demo_if_missing_reuses_and_plain_demo_adds_a_copy(sqlite_engine: Engine) -> None:
    with write_session(sqlite_engine) as session:
        first = create_demo_client(session)
        again = create_demo_client(session, if_missing=True)
        copy = create_demo_client(session)
    assert again.id == first.id
    assert copy.id != first.id and copy.name.endswith("(2)")


def test_demo_has_named_pillars_and_a_twelve_week_plan_from_next_monday(
    sqlite_engine: Engine,
) -> None:
    with write_session(sqlite_engine) as session:
        demo = create_demo_client(session, today=date(2026, 11, 25))
    assert demo.id is not None
    with read_session(sqlite_engine) as session:
        strategy = load_strategy(session, demo.id)
    plan = strategy.plan
    assert [p.name for p in plan.pillars][:2] == ["In vetrina", "Dietro il bancone"]
    assert sum(p.target_share for p in plan.pillars) == 100
    assert plan.start == date(2026, 11, 30) and plan.weeks == 12
    # The campaign moves with the start: five weeks after it, as in data/demo_client.json.
    assert plan.campaigns[0].start == date(2027, 1, 4)
    posts = plan.posts
    # Instagram 3 + Facebook 2 a week, as the demo's platforms say, over 12 weeks.
    assert len(posts) == 5 * 12
    assert min(p.date for p in posts) >= date(2026, 11, 30)
    assert max(p.date for p in posts) <= date(2027, 2, 21)
    kinds = {p.kind.value for p in posts}
    assert {"planned", "reactive", "observance", "campaign"} <= kinds
    vetrina = [p for p in posts if p.pillar == "In vetrina"]
    assert vetrina and all("#pasticceria" in p.hashtags for p in vetrina)
    assert all("utm_source=" + p.platform.value in p.link for p in posts)
    assert strategy.steps_done()["plan"]
