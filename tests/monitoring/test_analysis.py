"""Monitoring: results matched to the plan, engagement, best times, KPI progress, advice."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from workbench.i18n import render
from workbench.models import (
    Brief,
    ContentFormat,
    EditorialPlan,
    KpiTarget,
    Objective,
    PlannedPost,
    Platform,
    PostResult,
    PostStatus,
)
from workbench.monitoring.analysis import (
    HourCell,
    Match,
    analyse_period,
    best_slots,
    best_times,
    engagement_rate,
    follower_growth,
    kpi_progress,
    mark_published,
    match_results,
    move_to_best_times,
    normalise_link,
    outside_plan,
    plan_period,
    plan_vs_actual,
    rates_by,
    result_rate,
    results_period,
    suggestions,
    timed_platforms,
    to_publish,
    top_and_bottom,
)

IG = Platform.instagram
FB = Platform.facebook
MONDAY = date(2026, 11, 2)


def post(
    pid: str,
    day: date,
    at: time = time(18),
    *,
    platform: Platform = IG,
    pillar: str = "Prodotti",
    fmt: ContentFormat = ContentFormat.photo,
    **extra: Any,
) -> PlannedPost:
    return PlannedPost(
        id=pid, platform=platform, date=day, time=at, pillar=pillar, format=fmt, **extra
    )


def result(
    day: date, at: time | None = time(18), *, platform: Platform = IG, **extra: Any
) -> PostResult:
    return PostResult(platform=platform, date=day, time=at, **extra)


def day(n: int) -> date:
    return date.fromordinal(MONDAY.toordinal() + n)


# --- matching -------------------------------------------------------------------------------


def test_links_match_ignoring_utm_fragment_and_trailing_slash() -> None:
    assert normalise_link("https://WWW.Forno.it/pane/?utm_source=ig&utm_medium=social&x=1#a") == (
        "https://forno.it/pane?x=1"
    )
    plan = EditorialPlan(
        posts=[
            post("a", day(0), link="https://forno.it/pane?utm_source=instagram&utm_content=a"),
            post("b", day(0), time(9)),
        ]
    )
    # Published at 9:05 on the same day: the link wins over the nearer slot.
    found = match_results(plan, [result(day(0), time(9, 5), link="https://forno.it/pane/")])
    assert found == [Match(0, "a", "link")]


def test_slots_match_by_platform_and_nearest_time_each_post_once() -> None:
    plan = EditorialPlan(
        posts=[
            post("morning", day(0), time(9)),
            post("evening", day(0), time(19)),
            post("facebook", day(0), time(18), platform=FB),
            post("tuesday", day(1), time(12)),
        ]
    )
    results = [
        result(day(0), time(18, 30)),  # nearest: evening
        result(day(0), time(20)),  # evening taken: morning
        result(day(0), time(21)),  # nothing left on Monday: Tuesday, a day after
        result(day(0), time(22)),  # nothing left at all
        result(day(0), time(17), platform=FB),
    ]
    assert match_results(plan, results) == [
        Match(0, "evening", "slot"),
        Match(1, "morning", "slot"),
        Match(2, "tuesday", "slot"),
        Match(4, "facebook", "slot"),
    ]
    # Two days away is too far.
    assert match_results(plan, [result(day(3))]) == []


def test_matched_posts_become_published_and_edited() -> None:
    plan = EditorialPlan(posts=[post("a", day(0)), post("b", day(1))])
    marked = mark_published(plan, [Match(0, "a", "slot")])
    assert [(p.id, p.status, p.edited) for p in marked.posts] == [
        ("a", PostStatus.published, True),
        ("b", PostStatus.idea, False),
    ]
    assert plan.posts[0].status == PostStatus.idea  # the plan given is not changed


def test_plan_vs_actual_counts_planned_published_and_unplanned() -> None:
    plan = EditorialPlan(
        posts=[
            post("a", day(0), pillar="Prodotti"),
            post("b", day(2), pillar="Prodotti"),
            post("c", day(4), pillar="Storie", platform=FB),
            post("late", day(20), pillar="Storie"),  # outside the period
        ]
    )
    results = [result(day(0)), result(day(4), platform=FB), result(day(6), time(7), link="x")]
    matches = match_results(plan, results)
    assert [m.post_id for m in matches] == ["a", "c"]
    rows = plan_vs_actual(plan, results, matches, day(0), day(6))
    summary = [(r.dimension, r.group, r.planned, r.published, r.unplanned) for r in rows]
    assert summary == [
        ("platform", "facebook", 1, 1, 0),
        ("platform", "instagram", 2, 1, 1),
        # The unplanned result has no pillar: it is counted by platform only.
        ("pillar", "Prodotti", 2, 1, 0),
        ("pillar", "Storie", 1, 1, 0),
    ]
    assert rows[1].percent_published == Decimal("50.00")


# --- engagement -----------------------------------------------------------------------------


def test_engagement_rate_names_its_denominator() -> None:
    counts: dict[str, Any] = {"likes": 80, "comments": 10, "shares": 5, "saves": 5}
    on_reach = result(day(0), reach=2000, views=5000, impressions=8000, **counts)
    on_views = result(day(0), views=4000, impressions=8000, **counts)
    on_impressions = result(day(0), impressions=3000, likes=80, comments=10)
    assert result_rate(on_reach).rate == Decimal("5.00")
    assert result_rate(on_reach).denominator == "reach"
    assert (engagement_rate(on_views), result_rate(on_views).denominator) == (
        Decimal("2.50"),
        "views",
    )
    assert (engagement_rate(on_impressions), result_rate(on_impressions).denominator) == (
        Decimal("3.00"),
        "impressions",
    )
    assert engagement_rate(result(day(0), reach=0, **counts)) is None
    assert result_rate(result(day(0), reach=0, **counts)).denominator == "reach"
    assert engagement_rate(result(day(0), **counts)) is None
    assert engagement_rate(result(day(0), reach=1000)) is None  # no interactions at all


def test_rates_by_pillar_and_format_average_same_denominator_only() -> None:
    plan = EditorialPlan(
        posts=[
            post("a", day(0), pillar="Prodotti", fmt=ContentFormat.short_video),
            post("b", day(1), pillar="Prodotti", fmt=ContentFormat.photo),
            post("c", day(2), pillar="Storie", fmt=ContentFormat.photo),
            post("d", day(3), pillar="Storie", fmt=ContentFormat.photo),
        ]
    )
    results = [
        result(day(0), reach=1000, likes=60),  # 6%
        result(day(1), reach=1000, likes=30),  # 3%
        result(day(2), reach=1000, likes=20),  # 2%
        result(day(3), views=1000, likes=50),  # 5% on views
    ]
    matches = match_results(plan, results)
    by_pillar = [
        (r.group, r.denominator, r.posts, r.mean_rate)
        for r in rates_by(results, matches, plan, "pillar")
    ]
    assert by_pillar == [
        ("Storie", "views", 1, Decimal("5.00")),
        ("Prodotti", "reach", 2, Decimal("4.50")),
        ("Storie", "reach", 1, Decimal("2.00")),
    ]
    by_format = [
        (r.group, r.denominator, r.mean_rate) for r in rates_by(results, matches, plan, "format")
    ]
    assert by_format == [
        ("short_video", "reach", Decimal("6.00")),
        ("photo", "views", Decimal("5.00")),
        ("photo", "reach", Decimal("2.50")),
    ]


def test_top_and_bottom_by_engagement_rate() -> None:
    results = [result(day(i), reach=100, likes=likes) for i, likes in enumerate([5, 9, 1, 7, 3])]
    results.append(result(day(9)))  # no rate: never ranked
    top, bottom = top_and_bottom(results, n=2)
    assert [(r.result_index, r.rate) for r in top] == [(1, Decimal("9.00")), (3, Decimal("7.00"))]
    assert [(r.result_index, r.rate) for r in bottom] == [
        (2, Decimal("1.00")),
        (4, Decimal("3.00")),
    ]
    top, bottom = top_and_bottom(results[:3], n=2)
    assert [r.result_index for r in top] == [1, 0]
    assert [r.result_index for r in bottom] == [2]  # never the same post twice


# --- followers and KPIs ---------------------------------------------------------------------


def test_follower_growth_first_to_last_and_per_week() -> None:
    results = [
        result(day(7), followers=1100),
        result(day(0), followers=1000),
        result(day(2), followers=1040),
        result(day(15), followers=1250),
        result(day(1), platform=FB, followers=500),
        result(day(3)),  # no follower count
    ]
    growth = follower_growth(results)
    assert [g.platform for g in growth] == [FB, IG]
    fb, ig = growth
    assert (fb.first, fb.last, fb.change, fb.percent) == (500, 500, 0, Decimal("0.00"))
    assert (ig.first_date, ig.first, ig.last_date, ig.last) == (day(0), 1000, day(15), 1250)
    assert (ig.change, ig.percent) == (250, Decimal("25.00"))
    assert [(w.week_start, w.followers, w.change) for w in ig.weeks] == [
        (day(0), 1040, None),
        (day(7), 1100, 60),
        (day(14), 1250, 150),
    ]


def test_kpi_progress_measures_what_the_exports_have() -> None:
    brief = Brief(
        kpi_targets=[
            KpiTarget(objective=Objective.engagement, metric="Engagement rate %", target=4),
            KpiTarget(objective=Objective.awareness, metric="Copertura totale", target=10000),
            KpiTarget(objective=Objective.community, metric="Follower Instagram", target=2000),
            KpiTarget(objective=Objective.engagement, metric="Post a settimana", target=3),
            KpiTarget(objective=Objective.sales, metric="Vendite dal sito", target=50),
            KpiTarget(
                objective=Objective.awareness,
                metric="reach",
                target=1000,
                deadline=day(0),
            ),
        ]
    )
    results = [
        result(day(0), reach=2000, likes=100, followers=1500),  # 5%
        result(day(3), reach=3000, likes=90, followers=1600),  # 3%
        result(day(13), reach=1000, likes=40, followers=1700),  # 4%
    ]
    rows = kpi_progress(brief, results, EditorialPlan(start=day(0)))
    got = [(r.measure, r.actual, r.percent, r.denominator) for r in rows]
    assert got == [
        ("engagement_rate", Decimal("4.00"), Decimal("100.00"), "reach"),
        ("reach", Decimal("6000"), Decimal("60.00"), None),
        ("followers", Decimal("1700"), Decimal("85.00"), None),
        ("posts_per_week", Decimal("1.50"), Decimal("50.00"), None),  # 3 posts in 14 days
        (None, None, None, None),
        ("reach", Decimal("2000"), Decimal("200.00"), None),  # only up to the deadline
    ]
    note = rows[4].note
    assert note is not None
    assert render(note, "it") == "non misurabile dagli export dei risultati."
    assert render(note, "en") == "not measurable from the results exports."
    assert kpi_progress(brief, [], EditorialPlan())[0].actual is None


def test_a_metric_naming_a_platform_counts_only_that_platforms_results() -> None:
    brief = Brief(
        kpi_targets=[
            KpiTarget(objective=Objective.community, metric="Follower Instagram", target=2000),
            KpiTarget(objective=Objective.community, metric="Follower totali", target=5000),
            KpiTarget(objective=Objective.awareness, metric="Copertura su X (Twitter)", target=10),
            KpiTarget(objective=Objective.awareness, metric="Reach Instagram e Facebook", target=1),
        ]
    )
    results = [
        result(day(0), reach=100, followers=1500),
        result(day(1), reach=200, platform=FB, followers=2500),
        result(day(2), reach=50, platform=Platform.x),
    ]
    rows = kpi_progress(brief, results, EditorialPlan())
    assert [(r.platform, r.actual) for r in rows] == [
        (IG, Decimal("1500")),
        (None, Decimal("4000")),  # the latest count of each platform, summed
        (Platform.x, Decimal("50")),
        (None, Decimal("350")),  # two platforms named: all results
    ]


def test_engagement_objective_reads_a_bare_percent_as_the_rate() -> None:
    brief = Brief(
        kpi_targets=[KpiTarget(objective=Objective.engagement, metric="tasso %", target=2)]
    )
    rows = kpi_progress(brief, [result(day(0), views=1000, likes=30)], EditorialPlan())
    assert (rows[0].measure, rows[0].actual, rows[0].denominator) == (
        "engagement_rate",
        Decimal("3.00"),
        "views",
    )


# --- best times -----------------------------------------------------------------------------


def _timed_results() -> list[PostResult]:
    """Mondays: 3 posts at 18 (6%), 3 at 9 (2%); Tuesday: 2 at 12 (too few)."""
    monday = [day(0), day(7), day(14)]
    return [
        *(result(d, time(18, 10), reach=100, likes=6) for d in monday),
        *(result(d, time(9, 30), reach=100, likes=2) for d in monday),
        *(result(d, time(12), reach=100, likes=9) for d in (day(1), day(8))),
        result(day(21), None, reach=100, likes=50),  # no time: not in the grid
    ]


def test_best_times_grid_by_weekday_and_hour() -> None:
    cells = best_times(_timed_results())
    got = [(c.platform, c.weekday, c.hour, c.posts, c.mean_rate, c.denominator) for c in cells]
    assert got == [
        (IG, 0, 9, 3, Decimal("2.00"), "reach"),
        (IG, 0, 18, 3, Decimal("6.00"), "reach"),
        (IG, 1, 12, 2, Decimal("9.00"), "reach"),
    ]


def test_moving_future_posts_to_the_best_hour_of_their_weekday() -> None:
    plan = EditorialPlan(
        posts=[
            post("move", day(28), time(9)),
            post("moved_too", day(35), time(11, 15), status=PostStatus.scheduled),
            post("already", day(42), time(18, 30)),
            post("locked", day(28), time(9), locked=True),
            post("edited", day(28), time(9), edited=True),
            post("published", day(28), time(9), status=PostStatus.published),
            post("tuesday", day(29), time(9)),  # 2 posts only on Tuesdays: stays
            post("facebook", day(28), time(9), platform=FB),  # no Facebook data
        ]
    )
    cells = best_times(_timed_results())
    moved_plan, moved = move_to_best_times(plan, cells)
    assert moved == 2
    times = {p.id: (p.time, p.edited) for p in moved_plan.posts}
    assert times == {
        "move": (time(18), True),
        "moved_too": (time(18), True),
        "already": (time(18, 30), False),
        "locked": (time(9), False),
        "edited": (time(9), True),
        "published": (time(9), False),
        "tuesday": (time(9), False),
        "facebook": (time(9), False),
    }
    # With a lower bar Tuesday moves too; other platforms only when asked for.
    assert move_to_best_times(plan, cells, min_posts=2)[1] == 3
    assert move_to_best_times(plan, cells, platform=FB)[1] == 0
    # Posts already out (matched to a result) or in the past never move.
    assert move_to_best_times(plan, cells, published={"move"})[1] == 1
    assert move_to_best_times(plan, cells, today=day(29))[1] == 1  # "moved_too" only
    assert move_to_best_times(plan, cells, today=day(36))[1] == 0


# --- suggestions ----------------------------------------------------------------------------


def _pillar_plan(reels: int, carousels: int) -> tuple[EditorialPlan, list[PostResult]]:
    """«Dietro le quinte»: Reels at 7%, carousels at 3%; each result on its own day."""
    posts: list[PlannedPost] = []
    results: list[PostResult] = []
    for i in range(reels + carousels):
        reel = i < reels
        fmt = ContentFormat.short_video if reel else ContentFormat.carousel
        posts.append(post(f"p{i}", day(i * 3), pillar="Dietro le quinte", fmt=fmt))
        results.append(result(day(i * 3), reach=1000, likes=70 if reel else 30))
    return EditorialPlan(posts=posts), results


def test_suggestions_need_three_posts_a_group() -> None:
    plan, results = _pillar_plan(reels=3, carousels=2)
    assert suggestions(results, match_results(plan, results), plan, "it") == []


def test_suggestions_say_the_ratio_with_the_numbers() -> None:
    plan, results = _pillar_plan(reels=3, carousels=3)
    found = suggestions(results, match_results(plan, results), plan, "it")
    texts = [render(m, "it") for m in found]
    # One pillar holds every post: said once, for the pillar.
    assert texts == [
        "In «Dietro le quinte» i post in formato Video breve hanno un engagement rate 2,3 volte "
        "quello dei post in formato Carosello: 7% contro 3% (denominatore: copertura; 3 e 3 "
        "post).",
    ]
    assert render(found[0], "en") == (
        "In “Dietro le quinte”, Short video posts get an engagement rate 2.3 times that of "
        "Carousel posts: 7% against 3% (denominator: reach; 3 and 3 posts)."
    )


def test_suggestions_skip_small_differences_and_put_the_strongest_first() -> None:
    # Two pillars: 4% against 3.5% (1.1x, not said); formats 6% against 2% (3x).
    plan = EditorialPlan(
        posts=[
            *(post(f"a{i}", day(i), pillar="A", fmt=ContentFormat.short_video) for i in range(3)),
            *(post(f"b{i}", day(10 + i), pillar="A", fmt=ContentFormat.photo) for i in range(3)),
            *(post(f"c{i}", day(20 + i), pillar="B", fmt=ContentFormat.carousel) for i in range(6)),
        ]
    )
    likes = [60] * 3 + [20] * 3 + [35] * 6
    results = [result(p.date, reach=1000, likes=n) for p, n in zip(plan.posts, likes, strict=True)]
    found = suggestions(results, match_results(plan, results), plan, "it")
    assert [m.key for m in found] == [
        "monitoring.suggest_format",
        "monitoring.suggest_format_in_pillar",
    ]
    assert found[0].params["ratio"] == Decimal("3.0")
    assert found[0].params["other_rate"] == Decimal("2.00")
    assert all(m.key != "monitoring.suggest_pillar" for m in found)


def test_kpi_words_match_at_word_starts_and_name_their_base() -> None:
    brief = Brief(
        kpi_targets=[
            KpiTarget(objective=Objective.engagement, metric="ER medio % (su follower)", target=4),
            KpiTarget(objective=Objective.engagement, metric="Engagement rate on reach", target=4),
            KpiTarget(objective=Objective.community, metric="New Google reviews", target=10),
            KpiTarget(objective=Objective.awareness, metric="Share of voice", target=20),
            KpiTarget(objective=Objective.sales, metric="Ordini dal link in bio", target=5),
            KpiTarget(objective=Objective.engagement, metric="Utenti attivi", target=5),
        ]
    )
    results = [
        result(day(0), reach=1000, likes=50, followers=2000),  # 5% on reach, 2.5% on followers
        result(day(1), reach=500, likes=10, followers=2000),  # 2% on reach, 0.5% on followers
    ]
    rows = kpi_progress(brief, results, EditorialPlan())
    assert [(r.measure, r.actual, r.denominator) for r in rows] == [
        ("engagement_rate", Decimal("1.50"), "followers"),
        ("engagement_rate", Decimal("3.50"), "reach"),
        (None, None, None),  # "reviews" is not "views"
        (None, None, None),  # "share of voice" is not shares
        (None, None, None),  # orders: not in any export, whatever the link
        (None, None, None),  # "attivi" holds no "er" word
    ]


def test_a_zero_reach_gives_way_to_the_views() -> None:
    rate = result_rate(result(day(0), reach=0, views=400, likes=20))
    assert (rate.rate, rate.denominator) == (Decimal("5.00"), "views")
    nothing = result_rate(result(day(0), reach=0, likes=20))
    assert (nothing.rate, nothing.denominator) == (None, "reach")


# --- what the Monitoring page shows and offers --------------------------------------------


def test_the_best_slot_of_each_weekday_needs_enough_posts_and_prefers_the_earlier_hour() -> None:
    cells = [
        HourCell(IG, 0, 9, 3, Decimal("2.00"), "reach"),
        HourCell(IG, 0, 18, 3, Decimal("6.00"), "reach"),
        HourCell(IG, 0, 20, 3, Decimal("6.00"), "reach"),  # as good, later: not chosen
        HourCell(IG, 1, 12, 1, Decimal("9.00"), "reach"),  # one post only
        HourCell(FB, 1, 8, 2, None, None),  # no rate
        HourCell(FB, 2, 8, 2, Decimal("1.00"), "views"),
    ]
    assert [(c.platform, c.weekday, c.hour) for c in best_slots(cells, 2)] == [
        (FB, 2, 8),
        (IG, 0, 18),
    ]
    assert [(c.weekday, c.hour) for c in best_slots(cells, 1) if c.platform == IG] == [
        (0, 18),
        (1, 12),
    ]


def test_the_platforms_offered_for_best_times_have_timed_results_most_first() -> None:
    results = [
        result(day(0), platform=FB),
        result(day(1), platform=IG),
        result(day(2), platform=IG),
        result(day(3), None, platform=Platform.linkedin),  # no time
    ]
    assert timed_platforms(results) == [(IG, 2), (FB, 1)]
    assert timed_platforms(results[3:]) == []


def test_the_plans_horizon_and_the_results_outside_it() -> None:
    plan = EditorialPlan(start=MONDAY, weeks=2, posts=[post("a", day(3))])
    assert plan_period(plan) == (MONDAY, MONDAY + timedelta(days=13))
    assert plan_period(EditorialPlan(posts=[post("a", day(3)), post("b", day(9))])) == (
        day(3),
        day(9),
    )
    assert plan_period(EditorialPlan()) is None
    results = [result(day(-1)), result(day(0)), result(day(13)), result(day(14))]
    assert outside_plan(plan, results) == 2
    assert outside_plan(EditorialPlan(), results) == 4  # no plan: none of them is in it
    assert results_period(results) == (day(-1), day(14))


def test_matched_posts_not_yet_published_are_counted_to_publish() -> None:
    plan = EditorialPlan(
        posts=[post("a", day(0)), post("b", day(1), status=PostStatus.published), post("c", day(2))]
    )
    matches = [Match(0, "a", "slot"), Match(1, "b", "slot")]
    assert to_publish(plan, matches) == 1
    assert to_publish(mark_published(plan, matches), matches) == 0


def test_a_period_analysis_keeps_its_results_and_splits_few_posts_between_best_and_worst() -> None:
    plan = EditorialPlan(start=MONDAY, weeks=1, posts=[post("a", day(0)), post("b", day(2))])
    results = [
        result(day(0), reach=100, likes=9),
        result(day(2), reach=100, likes=1),
        result(day(9), reach=100, likes=5),  # outside the plan's week
        result(day(30), reach=100, likes=5),  # outside the period
    ]
    view = analyse_period(plan, Brief(), results, MONDAY, day(20))
    assert view.results == tuple(results[:3])
    assert [m.post_id for m in view.matches] == ["a", "b"]
    assert view.outside_plan == 1
    # Three rated posts: one best, one worst, so none is in both lists.
    assert [r.rate for r in view.top] == [Decimal("9.00")]
    assert [r.rate for r in view.bottom] == [Decimal("1.00")]
    assert view.on_reach == (Decimal("9.00"), Decimal("1.00"), Decimal("5.00"))
