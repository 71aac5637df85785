"""Plan views: pillar mix against targets, weekly cadence against the selection, calendars."""

from __future__ import annotations

from collections import Counter
from datetime import date, time, timedelta
from decimal import Decimal

from tests.conftest import make_brief
from workbench.models import (
    EditorialPlan,
    Pillar,
    PlannedPost,
    Platform,
    PlatformChoice,
    PlatformSelection,
    PostKind,
    PostStatus,
)
from workbench.plan.generator import generate_plan
from workbench.plan.summary import (
    NEUTRAL_COLOUR,
    cadence_by_week,
    month_grid,
    pillar_mix,
    plan_months,
    plan_weeks,
    status_counts,
    week_days,
)

MONDAY = date(2027, 1, 4)
SELECTION = PlatformSelection(
    choices=[
        PlatformChoice(
            platform="instagram",
            formats=["photo", "short_video"],
            cadence={"photo": Decimal(3), "short_video": Decimal("1.5")},
        ),
        PlatformChoice(platform="facebook", formats=["photo"], cadence={"photo": Decimal(2)}),
    ]
)
PILLARS = [
    Pillar(name="Prodotti", target_share=Decimal(40), colour="#E45756"),
    Pillar(name="Dietro le quinte", target_share=Decimal(25), colour="#4C78A8"),
    Pillar(name="Domande", target_share=Decimal(20), colour="#54A24B"),
    Pillar(name="Consigli", target_share=Decimal(15), colour="#F58518"),
]


def generated(weeks: int = 8) -> EditorialPlan:
    """A real plan for the test brief, as the plan page saves it."""
    result = generate_plan(
        make_brief(), SELECTION, PILLARS, start=MONDAY, weeks=weeks, seed=3, lang="it"
    )
    return EditorialPlan(
        pillars=list(result.pillars),
        start=MONDAY,
        weeks=weeks,
        posts=list(result.posts),
    )


def post(
    day: date,
    at: str = "12:00",
    *,
    pillar: str = "",
    platform: str = "instagram",
    kind: PostKind = PostKind.planned,
    status: PostStatus = PostStatus.idea,
    topic: str = "",
) -> PlannedPost:
    return PlannedPost(
        id=f"{platform}-{day:%Y%m%d}-{at.replace(':', '')}-{pillar}",
        platform=platform,
        date=day,
        time=time.fromisoformat(at),
        pillar=pillar,
        format="photo",
        kind=kind,
        status=status,
        topic=topic,
    )


def hand_plan(pillar_posts: dict[str, int], pillars: list[Pillar] | None = None) -> EditorialPlan:
    posts = [
        post(MONDAY + timedelta(days=i), pillar=name)
        for name, count in pillar_posts.items()
        for i in range(count)
    ]
    return EditorialPlan(pillars=pillars or PILLARS[:3], posts=posts)


# --- pillar mix ------------------------------------------------------------------------------


def test_a_generated_plan_meets_every_pillar_target_and_the_mix_adds_to_100() -> None:
    plan = generated(weeks=8)
    mix = pillar_mix(plan)
    counted = Counter(p.pillar for p in plan.posts if p.kind == PostKind.planned and p.pillar)
    total = sum(counted.values())
    assert [m.name for m in mix] == [p.name for p in PILLARS]
    assert [m.posts for m in mix] == [counted[p.name] for p in PILLARS]
    assert sum(m.share for m in mix) == 100
    assert mix[0].target_posts == (total * Decimal("0.4")).quantize(Decimal("0.01"))
    assert all(m.on_target and m.known for m in mix)
    assert [m.colour for m in mix] == [p.colour for p in PILLARS]


def test_counts_only_planned_posts_and_flags_the_pillars_off_target() -> None:
    plan = hand_plan({"Prodotti": 5, "Dietro le quinte": 3, "Domande": 1, "Vecchia rubrica": 1})
    plan.posts.append(post(MONDAY, kind=PostKind.reactive))
    plan.posts.append(post(MONDAY, "18:00", pillar="Prodotti", kind=PostKind.observance))
    prodotti, quinte, domande, old = pillar_mix(plan)
    # Ten pillar posts; targets 40/25/20 of the three pillars, normalised to 100.
    assert (prodotti.posts, prodotti.share) == (5, Decimal(50))
    assert prodotti.target_share == Decimal("47.06")
    assert prodotti.target_posts == Decimal("4.71") and prodotti.on_target
    assert quinte.target_posts == Decimal("2.94") and quinte.on_target
    assert domande.target_posts == Decimal("2.35")
    assert domande.difference == Decimal("-1.35") and not domande.on_target
    assert (old.name, old.known, old.colour) == ("Vecchia rubrica", False, NEUTRAL_COLOUR)
    assert (old.target_share, old.difference, old.on_target) == (0, 1, False)


def test_exactly_one_post_off_is_not_on_target() -> None:
    pillars = [
        Pillar(name="A", target_share=Decimal(50)),
        Pillar(name="B", target_share=Decimal(50)),
    ]
    a, b = pillar_mix(hand_plan({"A": 6, "B": 4}, pillars))
    assert (a.target_posts, a.difference, a.on_target) == (5, 1, False)
    assert (b.difference, b.on_target) == (-1, False)
    a, b = pillar_mix(hand_plan({"A": 5, "B": 5}, pillars))
    assert a.on_target and b.on_target


def test_shares_of_thirds_still_add_to_100_and_empty_pillars_show_zero() -> None:
    pillars = [Pillar(name=n, target_share=Decimal(25)) for n in "ABCD"]
    mix = pillar_mix(hand_plan({"A": 1, "B": 1, "C": 1}, pillars))
    assert [m.share for m in mix] == [Decimal("33.4"), Decimal("33.3"), Decimal("33.3"), 0]
    assert sum(m.share for m in mix) == 100
    assert (mix[3].posts, mix[3].target_posts, mix[3].difference) == (
        0,
        Decimal("0.75"),
        Decimal("-0.75"),
    )


def test_a_plan_without_pillar_posts_has_zero_shares() -> None:
    mix = pillar_mix(EditorialPlan(pillars=PILLARS, posts=[post(MONDAY, kind=PostKind.reactive)]))
    assert [m.share for m in mix] == [0, 0, 0, 0]
    assert all(m.on_target for m in mix)


# --- cadence -------------------------------------------------------------------------------


def test_a_generated_plan_has_exactly_the_target_cadence() -> None:
    plan = generated(weeks=4)
    rows = cadence_by_week(plan, SELECTION, MONDAY, 4)
    instagram = [r for r in rows if r.platform == Platform.instagram]
    facebook = [r for r in rows if r.platform == Platform.facebook]
    # 3 + 1.5 a week: 4, 5, 4, 5.
    assert [r.target for r in instagram] == [4, 5, 4, 5]
    assert [r.target for r in facebook] == [2, 2, 2, 2]
    assert all(r.on_target for r in rows)
    assert [(r.week, r.start, r.end) for r in instagram][1] == (
        2,
        date(2027, 1, 11),
        date(2027, 1, 17),
    )


def test_with_the_brief_a_replaced_format_counts_like_the_generator_plans_it() -> None:
    # The client shoots no long videos: the generator makes them short ones, 1 a week.
    youtube = PlatformSelection(
        choices=[
            PlatformChoice(
                platform="youtube",
                formats=["long_video", "short_video"],
                cadence={"long_video": Decimal("0.5"), "short_video": Decimal("0.5")},
            )
        ]
    )
    brief = make_brief()
    result = generate_plan(brief, youtube, PILLARS, start=MONDAY, weeks=4, seed=3)
    plan = EditorialPlan(pillars=PILLARS, posts=list(result.posts))
    rows = cadence_by_week(plan, youtube, MONDAY, 4, brief=brief)
    assert [(r.posts, r.target) for r in rows] == [(1, 1)] * 4
    # Without the brief the two half formats alternate 0 and 2 against one post a week.
    assert [r.target for r in cadence_by_week(plan, youtube, MONDAY, 4)] == [0, 2, 0, 2]


def test_a_deleted_post_shows_one_short_in_its_week() -> None:
    plan = generated(weeks=4)
    week_two = date(2027, 1, 11)
    gone = next(p for p in plan.posts if p.platform == Platform.instagram and p.date >= week_two)
    plan.posts.remove(gone)
    rows = cadence_by_week(plan, SELECTION, MONDAY, 4)
    off = [r for r in rows if not r.on_target]
    assert [(o.platform, o.week, o.posts, o.target, o.difference) for o in off] == [
        (Platform.instagram, 2, 4, 5, -1)
    ]


def test_weeks_count_posts_per_status_and_platforms_without_a_cadence() -> None:
    posts = [
        post(MONDAY, status=PostStatus.approved),
        post(MONDAY, "18:00", status=PostStatus.approved),
        post(MONDAY + timedelta(days=6), status=PostStatus.published),
        post(MONDAY + timedelta(days=7), platform="linkedin"),
        post(MONDAY - timedelta(days=1)),  # before the first week: not counted
    ]
    rows = cadence_by_week(EditorialPlan(posts=posts), SELECTION, MONDAY, 2)
    first = rows[0]
    assert (first.platform, first.week, first.posts, first.target) == (Platform.instagram, 1, 3, 4)
    assert first.statuses[PostStatus.approved] == 2
    assert first.statuses[PostStatus.published] == 1
    assert sum(first.statuses.values()) == 3
    linkedin = [r for r in rows if r.platform == Platform.linkedin]
    assert [(r.week, r.posts, r.target) for r in linkedin] == [(1, 0, 0), (2, 1, 0)]
    assert [r.platform for r in rows] == [Platform.instagram] * 2 + [Platform.facebook] * 2 + [
        Platform.linkedin
    ] * 2


def test_status_counts_list_every_status_in_workflow_order() -> None:
    counts = status_counts([post(MONDAY, status=PostStatus.draft)] * 2)
    assert list(counts) == list(PostStatus)
    assert counts[PostStatus.draft] == 2 and counts[PostStatus.idea] == 0


# --- calendars -----------------------------------------------------------------------------


def test_february_2027_starts_on_monday_the_first_and_fills_four_weeks() -> None:
    grid = month_grid([], 2027, 2)
    assert len(grid) == 4
    assert grid[0][0].day == date(2027, 2, 1)
    assert grid[-1][-1].day == date(2027, 2, 28)
    assert not any(cell.outside for week in grid for cell in week)


def test_a_31_day_month_spans_five_or_six_weeks_with_other_days_flagged() -> None:
    january = month_grid([], 2027, 1)  # starts on a Friday
    assert len(january) == 5
    assert [c.day.day for c in january[0] if c.outside] == [28, 29, 30, 31]
    assert january[0][4].day == date(2027, 1, 1) and not january[0][4].outside
    august = month_grid([], 2027, 8)  # starts on a Sunday
    assert len(august) == 6
    assert august[0][6].day == date(2027, 8, 1)
    assert [c.day.day for c in august[-1] if c.outside] == [1, 2, 3, 4, 5]
    assert all(len(week) == 7 and week[0].day.weekday() == 0 for week in august)


def test_each_day_holds_its_posts_by_time_and_other_months_hold_none() -> None:
    posts = [
        post(date(2027, 1, 14), "18:30", topic="Sera"),
        post(date(2027, 1, 14), "09:00", topic="Mattina"),
        post(date(2026, 12, 30), topic="Dicembre"),
    ]
    grid = month_grid(posts, 2027, 1)
    cells = {c.day: c for week in grid for c in week}
    assert [p.topic for p in cells[date(2027, 1, 14)].posts] == ["Mattina", "Sera"]
    assert cells[date(2026, 12, 30)].outside and cells[date(2026, 12, 30)].posts == ()
    assert sum(len(c.posts) for c in cells.values()) == 2


def test_week_days_are_the_seven_days_from_the_plan_week_start() -> None:
    wednesday = date(2027, 1, 6)
    posts = [post(wednesday, topic="Primo"), post(date(2027, 1, 12), topic="Ultimo")]
    days = week_days([*posts, post(date(2027, 1, 13))], wednesday)
    assert [d.day for d in days] == [wednesday + timedelta(days=n) for n in range(7)]
    assert [p.topic for p in days[0].posts] == ["Primo"]
    assert [p.topic for p in days[6].posts] == ["Ultimo"]
    assert sum(len(d.posts) for d in days) == 2


def test_plan_months_run_from_the_first_post_to_the_last_across_the_year() -> None:
    posts = [post(date(2027, 2, 3)), post(date(2026, 11, 30)), post(date(2027, 2, 28))]
    assert plan_months(posts) == [(2026, 11), (2026, 12), (2027, 1), (2027, 2)]
    assert plan_months([]) == []
    assert plan_months(generated(weeks=8).posts) == [(2027, 1), (2027, 2)]


def test_plan_weeks_follow_the_horizon_and_stretch_to_the_first_and_last_post() -> None:
    plan = generated(weeks=3)
    assert plan_weeks(plan) == [MONDAY, date(2027, 1, 11), date(2027, 1, 18)]
    plan.posts.append(post(date(2027, 2, 2)))
    assert plan_weeks(plan)[-1] == date(2027, 2, 1)
    plan.posts.append(post(date(2026, 12, 30)))
    assert plan_weeks(plan)[:2] == [date(2026, 12, 30), date(2027, 1, 6)]
    loose = EditorialPlan(posts=[post(date(2027, 1, 7)), post(date(2027, 1, 14))])
    assert plan_weeks(loose) == [date(2027, 1, 7), date(2027, 1, 14)]  # never generated
    assert plan_weeks(EditorialPlan()) == []
