"""The one-screen strategy summary (workbench.presentation) on the demo client."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.engine import Engine

from workbench.db import read_session, write_session
from workbench.demo import create_demo_client
from workbench.models import Platform, PostKind
from workbench.presentation import GLANCE_WEEKS, presentation
from workbench.strategy import Strategy, load_strategy

TODAY = date(2026, 11, 25)  # a Wednesday; the demo plan starts on Monday 30 November


def demo(engine: Engine) -> Strategy:
    with write_session(engine) as session:
        client = create_demo_client(session, today=TODAY)
    with read_session(engine) as session:
        return load_strategy(session, client.id)


def test_the_glance_starts_with_the_plan_and_counts_its_weeks(sqlite_engine: Engine) -> None:
    strategy = demo(sqlite_engine)
    assert strategy.plan.start == date(2026, 11, 30)
    view = presentation(strategy, today=TODAY, lang="it")
    assert view.client == "Pasticceria Due Torri"
    assert view.start == date(2026, 11, 30)
    assert len(view.weeks) == GLANCE_WEEKS
    for week in view.weeks:
        posts = [
            p for p in strategy.plan.posts if week.start <= p.date < week.start + timedelta(days=7)
        ]
        assert week.total == len(posts)
        assert dict(week.posts) == {
            Platform.instagram: sum(p.platform is Platform.instagram for p in posts),
            Platform.facebook: sum(p.platform is Platform.facebook for p in posts),
        }
        named = {(p.date, p.kind) for p in week.key_dates}
        occasions = {
            (p.date, p.kind) for p in posts if p.kind in (PostKind.observance, PostKind.campaign)
        }
        assert named <= occasions and len(named) == min(len(occasions), 3)
    # Christmas is in the fourth week, named once for two platforms (a pastry shop posts
    # nothing on the Immacolata: the Christmas hours notice comes the week before).
    [christmas] = [p.topic for p in view.weeks[3].key_dates if p.date == date(2026, 12, 25)]
    assert christmas.startswith("Natale")
    assert not any(p.date == date(2026, 12, 8) for w in view.weeks for p in w.key_dates)
    assert sum(m.posts for m in view.mix) == sum(
        1
        for p in strategy.plan.posts
        if view.start <= p.date < view.start + timedelta(days=28)
        and p.kind == PostKind.planned
        and p.pillar
    )


def test_platforms_come_with_their_reasons_and_the_budget(sqlite_engine: Engine) -> None:
    view = presentation(demo(sqlite_engine), today=TODAY, lang="en")
    assert [line.platform for line in view.platforms] == [Platform.instagram, Platform.facebook]
    assert all(len(line.reasons) == 2 for line in view.platforms)
    assert view.tier is not None and view.monthly_gross is not None and view.monthly_gross > 0
    assert [k.metric for k in view.kpis][0] == "Follower Instagram"
    assert view.audience and len(view.personas) == 3


def test_a_new_client_gives_an_empty_but_whole_summary(sqlite_engine: Engine) -> None:
    from tests.conftest import make_client

    client_id = make_client(sqlite_engine, "Gelateria Polo")
    with read_session(sqlite_engine) as session:
        strategy = load_strategy(session, client_id)
    view = presentation(strategy, today=TODAY, lang="it")
    assert view.platforms == () and view.monthly_gross is None and view.tier is None
    assert all(w.total == 0 for w in view.weeks) and view.mix == ()
    assert view.start == date(2026, 11, 23)  # this week's Monday
