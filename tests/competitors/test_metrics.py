"""Competitor metrics against values worked out by hand, and merging imported figures."""

import re
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from workbench.competitors.metrics import (
    OVERRIDE_SOURCE,
    Benchmark,
    CompetitorRows,
    Metric,
    benchmark_gap,
    compute_competitor_metrics,
    engagement_benchmarks,
    engagement_rate_by,
    engagement_rate_by_followers,
    ensure_client_row,
    find_benchmark,
    follower_growth,
    interactions,
    merge_competitor_rows,
    posts_per_week,
    rank_competitors,
    share_of_voice,
)
from workbench.db import read_session, write_session
from workbench.demo import create_demo_client
from workbench.errors import InvalidInput
from workbench.i18n import catalogue
from workbench.models import Competitor, Competitors, PeriodFigures, Platform
from workbench.reference import SourcedValue
from workbench.strategy import load_strategy

ROOT = Path(__file__).resolve().parents[2]
WEEK = date(2026, 11, 2)  # a Monday


def week(n: int, platform: str = "instagram", **figures: int | None) -> PeriodFigures:
    """The n-th weekly row (0 = the week of 2 November 2026)."""
    start = WEEK + timedelta(days=7 * n)
    return PeriodFigures(
        platform=platform, period_start=start, period_end=start + timedelta(days=6), **figures
    )


def competitor(name: str, *figures: PeriodFigures, is_client: bool = False) -> Competitor:
    return Competitor(name=name, is_client=is_client, figures=list(figures))


def metrics_of(*competitors: Competitor, **overrides: str) -> list:
    overrides_by_key = {k.replace("__", ":"): v for k, v in overrides.items()}
    model = Competitors(competitors=list(competitors), benchmark_overrides=overrides_by_key)
    return compute_competitor_metrics(model)


# --- single metrics ---------------------------------------------------------------------------


def test_interactions_add_what_is_known() -> None:
    assert interactions(week(0, likes=10, comments=2, saves=3)) == 15
    assert interactions(week(0, likes=0)) == 0
    assert interactions(week(0, followers=900, posts=3)) is None


@pytest.mark.parametrize(
    ("acts", "posts", "followers", "expected"),
    [
        (150, 3, 2000, Decimal("2.5")),  # 150 / 3 = 50 per post; 50 / 2000 = 2.5 %
        (100, 4, 1600, Decimal("1.5625")),  # 25 per post / 1600
        (1, 3, 7, Decimal("4.7619")),  # 1/3/7 = 0.047619047...
        (0, 2, 500, Decimal("0")),
    ],
)
def test_engagement_rate_by_followers(
    acts: int, posts: int, followers: int, expected: Decimal
) -> None:
    assert engagement_rate_by_followers(acts, posts, followers) == Metric(
        expected, "%", "followers"
    )


@pytest.mark.parametrize(
    ("acts", "posts", "followers", "reason"),
    [
        (150, 3, 0, "metrics.no_followers"),
        (150, 3, None, "metrics.no_followers"),
        (150, 0, 2000, "metrics.no_posts"),
        (150, None, 2000, "metrics.no_posts"),
        (None, 3, 2000, "metrics.no_interactions"),
    ],
)
def test_engagement_rate_by_followers_says_why_it_is_missing(
    acts: int | None, posts: int | None, followers: int | None, reason: str
) -> None:
    rate = engagement_rate_by_followers(acts, posts, followers)
    assert (rate.value, rate.denominator, rate.reason) == (None, "followers", reason)
    assert not rate.available


def test_engagement_rate_on_reach_impressions_and_views() -> None:
    assert engagement_rate_by(90, 1200, "reach") == Metric(Decimal("7.5"), "%", "reach")
    assert engagement_rate_by(45, 3000, "impressions").value == Decimal("1.5")
    assert engagement_rate_by(250, 8000, "views").value == Decimal("3.125")
    zero = engagement_rate_by(90, 0, "views")
    assert (zero.value, zero.denominator, zero.reason) == (None, "views", "metrics.no_denominator")
    assert engagement_rate_by(90, None, "reach").reason == "metrics.no_denominator"
    assert engagement_rate_by(None, 500, "reach").reason == "metrics.no_interactions"
    with pytest.raises(ValueError, match="denominator"):
        engagement_rate_by(90, 1200, "followers")


def test_posts_per_week_counts_both_ends_of_the_period() -> None:
    # 8 posts in 14 days = 4 a week; 10 in November's 30 days = 10 / 30 x 7 = 2.3333...
    assert posts_per_week(8, date(2026, 11, 2), date(2026, 11, 15)).value == Decimal("4")
    assert posts_per_week(10, date(2026, 11, 1), date(2026, 11, 30)).value == Decimal("2.3333")
    assert posts_per_week(1, date(2026, 11, 2), date(2026, 11, 2)).value == Decimal("7")
    assert posts_per_week(0, date(2026, 11, 2), date(2026, 11, 8)).value == Decimal("0")
    assert posts_per_week(None, date(2026, 11, 2), date(2026, 11, 8)).reason == "metrics.no_posts"
    with pytest.raises(ValueError):
        posts_per_week(3, date(2026, 11, 8), date(2026, 11, 2))


def test_follower_growth() -> None:
    assert follower_growth(2000, 2150) == Metric(Decimal("7.5"), "%")
    assert follower_growth(1000, 950).value == Decimal("-5")
    assert follower_growth(3, 4).value == Decimal("33.3333")
    assert follower_growth(0, 100).reason == "metrics.no_start_followers"
    assert follower_growth(None, 100).reason == "metrics.no_start_followers"
    assert follower_growth(100, None).reason == "metrics.no_followers"


def test_share_of_voice_within_the_set() -> None:
    shares = share_of_voice({"A": 300, "B": 100, "C": None})
    assert shares["A"].value == Decimal("75") and shares["B"].value == Decimal("25")
    assert shares["C"].reason == "metrics.no_interactions"
    thirds = share_of_voice({"A": 1, "B": 2})
    assert (thirds["A"].value, thirds["B"].value) == (Decimal("33.3333"), Decimal("66.6667"))
    nothing = share_of_voice({"A": 0, "B": 0})
    assert {m.reason for m in nothing.values()} == {"metrics.zero_total"}
    assert share_of_voice({}) == {}


# --- benchmarks -------------------------------------------------------------------------------


def test_benchmarks_come_from_data_with_their_source() -> None:
    rows = engagement_benchmarks()
    assert {b.denominator for b in rows} <= {"followers", "reach", "impressions", "views"}
    assert all(b.figure.source and b.figure.year and b.figure.region for b in rows)
    assert all(b.scope == "all industries" and b.figure.unit == "%" for b in rows)
    rival_tiktok = next(
        b for b in rows if b.platform == "tiktok" and b.figure.source.startswith("Rival IQ")
    )
    assert (rival_tiktok.figure.value, rival_tiktok.figure.year) == (Decimal("2.6"), 2024)
    assert engagement_benchmarks() is rows  # loaded once


def test_the_newest_source_wins_and_the_denominator_must_match() -> None:
    instagram = find_benchmark(Platform.instagram, "followers")
    assert instagram is not None
    assert (instagram.figure.value, instagram.figure.year) == (Decimal("0.48"), 2026)
    assert instagram.figure.source.startswith("Socialinsider") and not instagram.overridden
    impressions = find_benchmark(Platform.instagram, "impressions")
    assert impressions is not None and impressions.figure.value == Decimal("1.2")
    linkedin = find_benchmark(Platform.linkedin, "impressions")
    assert linkedin is not None and linkedin.figure.value == Decimal("6.5")
    assert find_benchmark(Platform.linkedin, "followers") is None
    assert find_benchmark(Platform.instagram, "reach") is None

    rate = Metric(Decimal("2.5"), "%", "followers")
    assert benchmark_gap(rate, instagram) == Metric(Decimal("2.02"), "pp", "followers")
    with pytest.raises(ValueError, match="cannot be compared"):
        benchmark_gap(rate, impressions)
    assert benchmark_gap(rate, None).reason == "metrics.no_benchmark"
    missing = benchmark_gap(Metric(None, "%", "followers", "metrics.no_followers"), instagram)
    assert (missing.value, missing.reason) == (None, "metrics.no_followers")


def test_an_override_replaces_the_data_value_and_says_so() -> None:
    overridden = find_benchmark(
        Platform.instagram, "followers", overrides={"instagram:followers": Decimal("1.00")}
    )
    assert overridden is not None and overridden.overridden
    assert overridden.figure.value == Decimal("1.00")
    assert overridden.figure.source == OVERRIDE_SOURCE and overridden.figure.estimate
    new = find_benchmark(
        Platform.linkedin, "followers", overrides={"linkedin:followers": Decimal("2")}
    )
    assert new is not None and new.overridden and new.figure.value == Decimal("2")


def test_a_benchmark_list_can_be_passed_in() -> None:
    own = Benchmark(
        Platform.youtube,
        "views",
        SourcedValue(Decimal("4"), "%", "Test", 2026, "IT"),
    )
    (m,) = compute_competitor_metrics(
        Competitors(competitors=[competitor("A", week(0, "youtube", likes=50, views=1000))]),
        benchmarks=[own],
    )
    assert m.er_other == Metric(Decimal("5"), "%", "views")
    assert m.benchmark == own and m.benchmark_gap == Metric(Decimal("1"), "pp", "views")


# --- a whole competitor set -------------------------------------------------------------------


def test_weekly_rows_are_aggregated_per_competitor_and_platform() -> None:
    rows = (
        week(2, followers=1020, posts=1, likes=20, comments=5, reach=500),
        week(
            0,
            followers=1000,
            followers_start=980,
            posts=2,
            likes=40,
            comments=5,
            saves=5,
            reach=800,
        ),
        week(1, followers=1010, posts=3, likes=60, comments=9, shares=3, saves=3),
        # posts without any recorded interaction: left out of the per-post average
        week(3, followers=None, posts=5),
    )
    (m,) = metrics_of(competitor("Forno Rossi", *rows))
    assert (m.competitor, m.platform, m.rows, m.is_client) == ("Forno Rossi", "instagram", 4, False)
    assert (m.period_start, m.period_end) == (date(2026, 11, 2), date(2026, 11, 29))
    assert (m.followers, m.followers_start, m.posts, m.interactions) == (1020, 980, 11, 150)
    assert (m.reach, m.impressions, m.views) == (1300, None, None)
    # 150 interactions / 6 posts = 25 per post; 25 / 1020 followers = 2.45098... %
    assert m.er_followers == Metric(Decimal("2.4510"), "%", "followers")
    # only the weeks with reach: (50 + 25) / (800 + 500) = 5.769230...%
    assert m.er_other == Metric(Decimal("5.7692"), "%", "reach")
    # 11 posts in 28 days
    assert m.posts_per_week.value == Decimal("2.75")
    # (1020 - 980) / 980 = 4.0816...%
    assert m.follower_growth.value == Decimal("4.0816")
    assert m.share_of_voice.value == Decimal("100")
    assert m.benchmark is not None and m.benchmark.figure.value == Decimal("0.48")
    assert m.benchmark_gap == Metric(Decimal("1.9710"), "pp", "followers")
    assert not m.overlapping


def test_start_followers_fall_back_to_the_first_week_only_with_several_weeks() -> None:
    two = metrics_of(competitor("A", week(0, followers=500), week(1, followers=520)))[0]
    assert two.followers_start == 500 and two.follower_growth.value == Decimal("4")
    one = metrics_of(competitor("A", week(0, followers=500)))[0]
    assert one.followers_start is None
    assert one.follower_growth.reason == "metrics.no_start_followers"


def test_missing_figures_give_reasons_not_errors() -> None:
    (m,) = metrics_of(competitor("A", week(0, "tiktok", followers=0, posts=0, likes=5)))
    assert m.er_followers.reason == "metrics.no_followers"
    assert (m.er_other.denominator, m.er_other.reason) == (None, "metrics.no_denominator")
    assert m.benchmark is not None  # TikTok has a followers benchmark...
    assert m.benchmark_gap.reason == "metrics.no_followers"  # ...but no rate to compare
    (empty,) = metrics_of(competitor("B", week(0, "linkedin")))
    assert empty.er_followers.reason == "metrics.no_followers"
    assert empty.posts_per_week.reason == "metrics.no_posts"
    assert empty.share_of_voice.reason == "metrics.no_interactions"
    assert empty.benchmark is None and empty.benchmark_gap.reason == "metrics.no_benchmark"
    (only_reach,) = metrics_of(competitor("C", week(0, reach=900)))
    assert (only_reach.er_other.denominator, only_reach.er_other.reason) == (
        "reach",
        "metrics.no_interactions",
    )


def test_the_gap_compares_like_with_like() -> None:
    # No followers, impressions known: the rate on impressions meets Buffer's 1.2 %.
    (m,) = metrics_of(competitor("A", week(0, posts=2, likes=30, impressions=1000)))
    assert m.er_followers.reason == "metrics.no_followers"
    assert m.er_other == Metric(Decimal("3"), "%", "impressions")
    assert m.benchmark is not None and m.benchmark.denominator == "impressions"
    assert m.benchmark_gap == Metric(Decimal("1.8"), "pp", "impressions")
    # Reach only: Instagram has no reach benchmark, so no rate on reach is compared.
    (r,) = metrics_of(competitor("B", week(0, posts=2, likes=30, reach=1000)))
    assert r.benchmark is not None and r.benchmark.denominator == "followers"
    assert r.benchmark_gap.value is None


def test_client_overrides_change_the_gap() -> None:
    figures = week(0, followers=2000, posts=3, likes=150)
    (m,) = metrics_of(competitor("A", figures), instagram__followers="1.00")
    assert m.benchmark is not None and m.benchmark.overridden
    assert m.benchmark_gap == Metric(Decimal("1.5"), "pp", "followers")


def test_share_of_voice_is_per_platform_and_client_first_order_is_kept() -> None:
    result = metrics_of(
        competitor("Noi", week(0, likes=150), week(0, "facebook", likes=10), is_client=True),
        competitor("Loro", week(0, likes=50), week(0, "tiktok", likes=0)),
    )
    assert [(m.competitor, m.platform) for m in result] == [
        ("Noi", "facebook"),
        ("Noi", "instagram"),
        ("Loro", "instagram"),
        ("Loro", "tiktok"),
    ]
    shares = {(m.competitor, m.platform): m.share_of_voice for m in result}
    assert shares["Noi", "instagram"].value == Decimal("75")
    assert shares["Loro", "instagram"].value == Decimal("25")
    assert shares["Noi", "facebook"].value == Decimal("100")
    assert shares["Loro", "tiktok"].reason == "metrics.zero_total"
    assert result[0].is_client and not result[2].is_client


def test_overlapping_periods_are_flagged() -> None:
    month = PeriodFigures(
        platform="instagram", period_start=date(2026, 11, 1), period_end=date(2026, 11, 30)
    )
    (m,) = metrics_of(competitor("A", week(0, posts=1), month))
    assert m.overlapping


def test_ranking_per_platform_with_ties_and_missing_last() -> None:
    result = metrics_of(
        competitor("A", week(0, followers=1000, posts=1, likes=20)),  # 2 %
        competitor("B", week(0, followers=1000, posts=1, likes=30)),  # 3 %
        competitor("C", week(0, followers=2000, posts=2, likes=120)),  # 3 %
        competitor("D", week(0, posts=1, likes=30), week(0, "facebook", followers=10, posts=1)),
    )
    ranked = [(r.metrics.platform, r.rank, r.metrics.competitor) for r in rank_competitors(result)]
    assert ranked == [
        ("facebook", None, "D"),
        ("instagram", 1, "B"),
        ("instagram", 1, "C"),
        ("instagram", 3, "A"),
        ("instagram", None, "D"),
    ]


def test_every_reason_and_message_key_is_in_the_catalogue() -> None:
    keys: set[str] = set()
    for path in [
        *(ROOT / "workbench" / "competitors").glob("*.py"),
        *(ROOT / "workbench" / "imports").glob("*.py"),
    ]:
        keys |= set(
            re.findall(
                r"""["']((?:metrics|import|errors)\.[a-z_.]+[a-z])["']""",
                path.read_text(encoding="utf-8"),
            )
        )
    assert "metrics.no_followers" in keys and "import.not_a_number" in keys
    assert sorted(keys - set(catalogue("it"))) == []
    assert sorted(keys - set(catalogue("en"))) == []


# --- merging ----------------------------------------------------------------------------------


def test_merge_matches_names_and_upserts_periods() -> None:
    saved = Competitors(
        competitors=[
            Competitor(
                name="Forno Rossi",
                website="https://rossi.it",
                handles={"instagram": "@rossi"},
                figures=[week(0, likes=10, comments=1), week(0, "facebook", likes=3)],
                strengths="Pane buono",
            )
        ]
    )
    imported = [
        CompetitorRows(
            "  forno   ROSSI ",
            (week(0, comments=4, followers=700), week(1, likes=12)),
            handles={Platform.tiktok: "@rossi.tt"},
        ),
        CompetitorRows("Bar Nuovo", (week(0, likes=1),), website="https://nuovo.it"),
    ]
    result = merge_competitor_rows(saved, imported)
    assert (result.competitors_added, result.rows_added, result.rows_updated) == (1, 2, 1)
    rossi, nuovo = result.competitors.competitors
    assert rossi.name == "Forno Rossi" and rossi.strengths == "Pane buono"
    assert rossi.website == "https://rossi.it"  # not given: kept
    assert rossi.handles == {"instagram": "@rossi", "tiktok": "@rossi.tt"}
    first = rossi.figures[0]
    # the saved likes stay, the new comments and followers come in
    assert (first.likes, first.comments, first.followers) == (10, 4, 700)
    assert len(rossi.figures) == 3
    assert (nuovo.name, nuovo.website, len(nuovo.figures)) == ("Bar Nuovo", "https://nuovo.it", 1)
    assert saved.competitors[0].figures[0].comments == 1  # the input model is untouched

    again = merge_competitor_rows(result.competitors, imported)
    assert (again.competitors_added, again.rows_added, again.rows_updated) == (0, 0, 0)
    assert again.rows_unchanged == 3


def test_merge_refuses_to_break_the_limits() -> None:
    full = Competitors(competitors=[Competitor(name=f"C{i}") for i in range(50)])
    with pytest.raises(InvalidInput) as caught:
        merge_competitor_rows(full, [CompetitorRows("One too many", (week(0),))])
    assert caught.value.problems[0].key == "errors.too_many"


def test_the_client_becomes_the_reference_row_once() -> None:
    empty = ensure_client_row(Competitors(), "Pasticceria Due Torri")
    assert [(c.name, c.is_client) for c in empty.competitors] == [("Pasticceria Due Torri", True)]
    assert ensure_client_row(empty, "Pasticceria Due Torri") is empty
    named = Competitors(
        competitors=[Competitor(name="Altro"), Competitor(name="pasticceria due torri")]
    )
    marked = ensure_client_row(named, "Pasticceria Due Torri")
    assert [(c.name, c.is_client) for c in marked.competitors] == [
        ("Altro", False),
        ("pasticceria due torri", True),
    ]


# --- size -------------------------------------------------------------------------------------


def test_a_year_of_weekly_figures_for_twenty_competitors_is_cheap() -> None:
    platforms = ["instagram", "facebook", "tiktok", "youtube", "linkedin", "x"]
    model = Competitors(
        competitors=[
            Competitor(
                name=f"Competitor {c}",
                is_client=c == 0,
                figures=[
                    week(
                        w,
                        p,
                        followers=1000 + 10 * w + c,
                        followers_start=990 + 10 * w + c if w == 0 else None,
                        posts=3 + w % 3,
                        likes=40 + w + c,
                        comments=5,
                        shares=2,
                        saves=3,
                        reach=900 + w if p == "instagram" else None,
                        views=4000 if p in {"tiktok", "youtube"} else None,
                    )
                    for p in platforms
                    for w in range(52)
                ],
            )
            for c in range(20)
        ]
    )
    compute_competitor_metrics(model)  # warm the benchmark cache
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        result = compute_competitor_metrics(model)
        rank_competitors(result)
        runs.append(time.perf_counter() - started)
    assert len(result) == 120
    print(f"\ncompute_competitor_metrics 20x6x52: best {min(runs) * 1000:.1f} ms")


# --- the demo client --------------------------------------------------------------------------


def test_the_demo_client_has_competitors_with_figures_on_several_platforms(engine: Engine) -> None:
    with write_session(engine) as session:
        demo = create_demo_client(session)
    assert demo.id is not None
    with read_session(engine) as session:
        strategy = load_strategy(session, demo.id)
    model = strategy.competitors
    (client,) = [c for c in model.competitors if c.is_client]
    assert client.name == demo.name
    others = [c for c in model.competitors if not c.is_client]
    assert len(others) >= 3
    for other in others:
        assert len({f.platform for f in other.figures}) >= 2, other.name
        assert other.strengths and other.weaknesses and other.to_borrow and other.gaps
        assert other.formats and other.tone and other.best_themes
    assert strategy.steps_done()["competitors"]

    metrics = compute_competitor_metrics(model)
    assert {m.platform for m in metrics} >= {"instagram", "facebook", "tiktok"}
    for m in metrics:
        assert m.rows == 8 and m.period_end == date(2026, 11, 15), m
        assert m.er_followers.value is not None and 0.5 <= m.er_followers.value <= 5, m
        assert m.follower_growth.value is not None and m.share_of_voice.value is not None
        assert 1000 <= (m.followers or 0) <= 100_000
