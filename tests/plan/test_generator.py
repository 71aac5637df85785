"""The editorial plan generator: cadence, pillar mix, formats, dates, reactive slots, kept posts."""

from __future__ import annotations

import time as clock
from collections import Counter
from collections.abc import Sequence
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError
from sqlalchemy.engine import Engine

from tests.conftest import make_brief, make_client
from workbench.db import read_session, write_session
from workbench.i18n import render
from workbench.models import (
    Campaign,
    ClientKind,
    ContentFormat,
    EditorialPlan,
    Pillar,
    PlannedPost,
    Platform,
    PlatformChoice,
    PlatformSelection,
    PostKind,
    PostStatus,
)
from workbench.plan.calendar import calendar_events
from workbench.plan.generator import (
    GeneratedPlan,
    generate_plan,
    largest_remainder,
    pillar_templates,
    posting_times,
    regenerate,
)
from workbench.platforms.rules import producible_formats
from workbench.strategy import load_strategy, save_section
from workbench.validation import problems_from_validation

MONDAY = date(2027, 1, 4)


def make_selection(cadences: dict[str, dict[str, str]]) -> PlatformSelection:
    """Platforms with posts a week per format, e.g. {"instagram": {"photo": "3"}}."""
    return PlatformSelection(
        choices=[
            PlatformChoice(
                platform=platform,
                formats=list(cadence),
                cadence={fmt: Decimal(n) for fmt, n in cadence.items()},
            )
            for platform, cadence in cadences.items()
        ]
    )


def make_pillars(*shares: int) -> list[Pillar]:
    names = ["Prodotti", "Dietro le quinte", "Domande", "Consigli", "Persone", "Offerte"]
    return [
        Pillar(name=names[i], target_share=Decimal(share), example_ideas=[f"Idea {i}"])
        for i, share in enumerate(shares)
    ]


SELECTION = make_selection(
    {
        "instagram": {"photo": "3", "short_video": "1.5"},
        "facebook": {"photo": "2"},
        "tiktok": {"short_video": "2.5"},
    }
)


def generate(weeks: int = 12, **overrides: object) -> GeneratedPlan:
    values: dict[str, object] = {
        "start": MONDAY,
        "weeks": weeks,
        "seed": 7,
        "lang": "it",
    }
    values.update(overrides)
    brief = values.pop("brief", make_brief(capabilities=["photo", "short_video", "graphics"]))
    selection = values.pop("selection", SELECTION)
    pillars = values.pop("pillars", make_pillars(40, 25, 20, 15))
    return generate_plan(brief, selection, pillars, **values)  # type: ignore[arg-type]


def week_of(post: PlannedPost, start: date = MONDAY) -> int:
    return (post.date - start).days // 7


def message_keys(plan: GeneratedPlan) -> list[str]:
    return [m.key for m in plan.messages]


def pillar_sequences(posts: Sequence[PlannedPost]) -> dict[Platform, list[str]]:
    sequences: dict[Platform, list[str]] = {}
    for post in sorted(posts, key=lambda p: (p.date, p.time)):
        if post.kind == PostKind.planned:
            sequences.setdefault(post.platform, []).append(post.pillar)
    return sequences


# --- cadence ---------------------------------------------------------------------------------


def test_cadence_is_exact_per_platform_per_week() -> None:
    plan = generate(weeks=12)
    counts = Counter((p.platform, week_of(p)) for p in plan.posts)
    for week in range(12):
        # 3 + 1.5 a week on Instagram: 4, 5, 4, 5...; 2.5 on TikTok: 2, 3, 2, 3...
        assert counts[(Platform.instagram, week)] == (4 if week % 2 == 0 else 5)
        assert counts[(Platform.facebook, week)] == 2
        assert counts[(Platform.tiktok, week)] == (2 if week % 2 == 0 else 3)
    assert len(plan.posts) == 12 * (4.5 + 2 + 2.5)


def test_fractional_cadence_alternates_per_format() -> None:
    plan = generate(weeks=6)
    reels = Counter(
        week_of(p)
        for p in plan.posts
        if p.platform == Platform.instagram and p.format == ContentFormat.short_video
    )
    assert [reels[w] for w in range(6)] == [1, 2, 1, 2, 1, 2]


def test_posts_sit_on_the_platform_days_and_times() -> None:
    plan = generate(weeks=8, selection=make_selection({"linkedin": {"photo": "3"}}))
    rule = posting_times()[Platform.linkedin]
    assert plan.posts
    for post in plan.posts:
        assert post.date.weekday() in rule.weekdays
        assert post.time in rule.times
    slots = [(p.platform, p.date, p.time) for p in plan.posts]
    assert len(slots) == len(set(slots))
    assert len({p.id for p in plan.posts}) == len(plan.posts)


def test_posting_times_are_sourced_estimates() -> None:
    for rule in posting_times().values():
        assert rule.source.source and rule.source.year and rule.source.estimate


# --- pillars ---------------------------------------------------------------------------------


@pytest.mark.parametrize("shares", [(40, 25, 20, 15), (60, 20, 20), (34, 33, 33), (10, 90)])
def test_each_pillar_is_within_one_post_of_its_share(shares: tuple[int, ...]) -> None:
    pillars = make_pillars(*shares)
    plan = generate(weeks=26, pillars=pillars)
    planned = [p for p in plan.posts if p.kind == PostKind.planned]
    counts = Counter(p.pillar for p in planned)
    assert sum(counts.values()) == len(planned) > 100
    for pillar in pillars:
        exact = len(planned) * pillar.target_share / 100
        assert abs(counts[pillar.name] - exact) < 1, (pillar.name, counts[pillar.name], exact)


@pytest.mark.parametrize("shares", [(40, 25, 20, 15), (60, 20, 20), (50, 50)])
def test_never_three_posts_in_a_row_of_one_pillar_on_a_platform(shares: tuple[int, ...]) -> None:
    plan = generate(weeks=26, pillars=make_pillars(*shares))
    assert "plan.pillar_runs" not in message_keys(plan)
    for platform, sequence in pillar_sequences(plan.posts).items():
        for i in range(2, len(sequence)):
            assert not sequence[i] == sequence[i - 1] == sequence[i - 2], (platform, i)


def test_an_impossible_mix_is_reported() -> None:
    plan = generate(weeks=8, pillars=make_pillars(90, 10))
    assert "plan.pillar_runs" in message_keys(plan)


def test_largest_remainder_keeps_the_total() -> None:
    assert largest_remainder(10, [Decimal(1), Decimal(1), Decimal(1)]) == [4, 3, 3]
    assert largest_remainder(7, [Decimal(50), Decimal(30), Decimal(20)]) == [4, 2, 1]
    assert largest_remainder(0, [Decimal(1)]) == [0]


@pytest.mark.parametrize("lang", ["it", "en"])
def test_pillar_templates_add_up_and_include_real_life_and_interaction(lang: str) -> None:
    kinds = [None, ClientKind.company, ClientKind.artist, ClientKind.professional, ClientKind.event]
    for kind in kinds:
        pillars = pillar_templates(kind, "restaurant", lang)
        assert sum(p.target_share for p in pillars) == 100
        names = {p.name for p in pillars}
        assert ("Dietro le quinte" if lang == "it" else "Behind the scenes") in names
        assert ("Domande e sondaggi" if lang == "it" else "Questions and polls") in names
        assert len({p.colour for p in pillars}) == len(pillars)


def test_b2b_template_leans_on_know_how() -> None:
    pillars = {p.name: p.target_share for p in pillar_templates(None, "b2b_industry", "it")}
    assert pillars["Consigli e competenza"] == 35


def test_template_pillars_used_when_none_given() -> None:
    plan = generate(weeks=4, pillars=[])
    assert "plan.template_pillars" in message_keys(plan)
    assert {p.pillar for p in plan.posts if p.kind == PostKind.planned} <= {
        p.name for p in plan.pillars
    }


def test_shares_not_adding_to_100_are_normalised_and_said() -> None:
    plan = generate(weeks=8, pillars=make_pillars(30, 10))
    assert [p.target_share for p in plan.pillars] == [Decimal(75), Decimal(25)]
    message = next(m for m in plan.messages if m.key == "plan.shares_normalised")
    assert "40" in render(message, "it")
    planned = [p for p in plan.posts if p.kind == PostKind.planned]
    first = sum(1 for p in planned if p.pillar == "Prodotti")
    assert abs(first - len(planned) * 0.75) < 1


def test_pillars_get_their_formats_within_the_weekly_mix() -> None:
    pillars = [
        Pillar(name="Foto", target_share=Decimal(50), formats=[ContentFormat.photo]),
        Pillar(name="Video", target_share=Decimal(50), formats=[ContentFormat.short_video]),
    ]
    selection = make_selection({"instagram": {"photo": "2", "short_video": "2"}})
    plan = generate(weeks=12, pillars=pillars, selection=selection, reactive_share=Decimal(0))
    planned = [p for p in plan.posts if p.kind == PostKind.planned]
    fitting = [p for p in planned if (p.format == ContentFormat.photo) == (p.pillar == "Foto")]
    assert len(fitting) >= 0.9 * len(planned)
    weekly = Counter((week_of(p), p.format) for p in plan.posts)
    assert all(weekly[(w, ContentFormat.photo)] == 2 for w in range(12))


# --- formats, dates, kinds -------------------------------------------------------------------


def test_only_formats_the_client_can_produce() -> None:
    brief = make_brief(capabilities=["photo"])
    selection = make_selection({"instagram": {"photo": "2", "short_video": "2"}})
    plan = generate(weeks=4, brief=brief, selection=selection)
    allowed = producible_formats(brief.capabilities)
    assert {p.format for p in plan.posts} <= allowed
    assert len(plan.posts) == 16  # the reels became photos, the cadence stayed
    assert "plan.format_replaced" in message_keys(plan)
    text = render(next(m for m in plan.messages if m.key == "plan.format_replaced"), "it")
    assert "Instagram" in text


def test_same_seed_same_plan_other_seed_other_plan() -> None:
    assert generate(seed=3).posts == generate(seed=3).posts
    assert generate(seed=3).posts != generate(seed=4).posts


def test_observance_posts_fall_on_their_dates() -> None:
    start = date(2026, 12, 14)
    brief = make_brief(province="BO", sector="restaurant", capabilities=["photo", "short_video"])
    plan = generate(weeks=4, start=start, brief=brief)
    events = calendar_events(start, start + timedelta(days=27), province="BO", sector="restaurant")
    event_dates = {e.date for e in events}
    observance = [p for p in plan.posts if p.kind == PostKind.observance]
    assert observance
    # The Christmas hours go out once, on the main platform, three to seven days before.
    notices = [p for p in observance if p.topic.startswith("Feste di Natale")]
    assert len(notices) == 1 and notices[0].platform == SELECTION.choices[0].platform
    assert date(2026, 12, 18) <= notices[0].date <= date(2026, 12, 22)
    assert all(p.date in event_dates for p in observance if p not in notices)
    christmas = [p for p in observance if p.date == date(2026, 12, 25)]
    # TikTok has only videos, and a holiday post is never a video.
    assert {p.platform for p in christmas} == {Platform.instagram, Platform.facebook}
    assert not any(p.format.value.endswith("video") for p in christmas)
    # One day, each platform's own version: the holiday named, captions all different.
    assert all(p.topic.startswith("Natale") for p in christmas)
    assert len({p.caption for p in christmas}) == len(christmas)
    assert all("#Natale" in p.hashtags for p in christmas)


def test_patron_saint_post_for_bologna() -> None:
    start = date(2027, 9, 27)
    brief = make_brief(province="BO", sector="technology", capabilities=["photo"])
    selection = make_selection({"instagram": {"photo": "4"}})
    plan = generate(weeks=2, start=start, brief=brief, selection=selection)
    topics = {p.topic for p in plan.posts if p.date == date(2027, 10, 4)}
    assert any("San Francesco" in t or "San Petronio" in t for t in topics)


@pytest.mark.parametrize("share", [0, 15, 30])
def test_reactive_slots_are_one_or_two_a_week_never_two_a_day(share: int) -> None:
    plan = generate(weeks=12, reactive_share=Decimal(share))
    reactive = [p for p in plan.posts if p.kind == PostKind.reactive]
    weekly = Counter(week_of(p) for p in reactive)
    assert (not reactive) == (share == 0)
    if share:
        assert all(1 <= weekly[w] <= 2 for w in range(12))
    assert len({p.date for p in reactive}) == len(reactive)
    assert all("attualità" in p.topic and "notizie e tendenze" in p.topic for p in reactive)
    # Each says what counts as news for this client (a restaurant here).
    assert all("menu" in p.brief for p in reactive)
    assert all(not p.pillar and not p.caption and not p.cta for p in reactive)


def test_reactive_slots_are_spread_over_platforms_and_weeks() -> None:
    plan = generate(weeks=12)
    reactive = [p for p in plan.posts if p.kind == PostKind.reactive]
    assert {p.platform for p in reactive} == {
        Platform.instagram,
        Platform.facebook,
        Platform.tiktok,
    }
    assert len({week_of(p) for p in reactive}) >= 8


def test_campaign_periods_get_campaign_posts() -> None:
    campaign = Campaign(
        name="Saldi di primavera",
        start=MONDAY + timedelta(days=14),
        end=MONDAY + timedelta(days=27),
    )
    plan = generate(weeks=8, campaigns=[campaign])
    posts = [p for p in plan.posts if p.kind == PostKind.campaign]
    assert posts
    assert all(campaign.start <= p.date <= campaign.end for p in posts)
    assert {p.platform for p in posts} == {Platform.instagram, Platform.facebook, Platform.tiktok}
    assert all("Saldi di primavera" in p.topic for p in posts)


def test_english_copy() -> None:
    plan = generate(weeks=2, lang="en", pillars=pillar_templates(None, "restaurant", "en"))
    reactive = next(p for p in plan.posts if p.kind == PostKind.reactive)
    assert reactive.topic == "Room for current news: news and trends of the moment"
    planned = next(p for p in plan.posts if p.kind == PostKind.planned)
    assert planned.topic.rstrip(".") in planned.caption and planned.cta and planned.hashtags
    assert planned.status == PostStatus.idea and not planned.locked


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("weeks", [0, 53, -1])
def test_bad_horizon_is_a_message(weeks: int) -> None:
    plan = generate(weeks=weeks)
    assert plan.posts == ()
    assert message_keys(plan) == ["plan.bad_horizon"]
    assert str(weeks) in render(plan.messages[0], "en")


def test_no_platform_is_a_message() -> None:
    plan = generate(selection=PlatformSelection())
    assert plan.posts == () and message_keys(plan) == ["plan.no_platform"]


def test_more_posts_than_slots_is_a_message() -> None:
    # LinkedIn: 5 weekdays x 3 times = 15 slots a week.
    plan = generate(weeks=2, selection=make_selection({"linkedin": {"photo": "20"}}))
    assert len(plan.posts) == 30
    assert message_keys(plan).count("plan.too_many_posts") == 2
    assert "20" in render(plan.messages[0], "it") and "15" in render(plan.messages[0], "it")


def test_a_date_no_platform_posts_on_is_a_message() -> None:
    # Easter Sunday 2027 (28 March): LinkedIn is set to weekdays only.
    plan = generate(
        weeks=1, start=date(2027, 3, 22), selection=make_selection({"linkedin": {"photo": "3"}})
    )
    texts = [render(m, "it") for m in plan.messages if m.key == "plan.no_slot_for_event"]
    assert any("2027-03-28" in text and "Pasqua" in text for text in texts)


# --- regeneration ----------------------------------------------------------------------------


def test_locked_and_edited_posts_survive_regeneration() -> None:
    brief = make_brief(capabilities=["photo", "short_video", "graphics"])
    first = generate(weeks=8, brief=brief)
    posts = list(first.posts)
    locked_at, edited_at = 5, 20
    posts[locked_at] = posts[locked_at].model_copy(update={"locked": True})
    posts[edited_at] = posts[edited_at].model_copy(update={"edited": True, "topic": "La mia idea"})
    plan = EditorialPlan(pillars=list(first.pillars), posts=posts, seed=7)
    end = MONDAY + timedelta(days=8 * 7 - 1)
    again = regenerate(plan, brief, SELECTION, MONDAY, end, seed=99)
    by_id = {p.id: p for p in again.posts}
    assert by_id[posts[locked_at].id] == posts[locked_at]
    assert by_id[posts[edited_at].id].topic == "La mia idea"
    assert again.posts != first.posts
    counts = Counter((p.platform, week_of(p)) for p in again.posts)
    for week in range(8):
        assert counts[(Platform.facebook, week)] == 2
        assert counts[(Platform.instagram, week)] == (4 if week % 2 == 0 else 5)


def test_regeneration_leaves_posts_outside_the_range() -> None:
    brief = make_brief(capabilities=["photo", "short_video", "graphics"])
    first = generate(weeks=8, brief=brief)
    plan = EditorialPlan(pillars=list(first.pillars), posts=list(first.posts), seed=7)
    start, end = MONDAY + timedelta(days=14), MONDAY + timedelta(days=27)
    again = regenerate(plan, brief, SELECTION, start, end, seed=5)
    outside = [p for p in first.posts if not start <= p.date <= end]
    assert [p for p in again.posts if not start <= p.date <= end] == outside
    assert len(again.posts) == len(first.posts)
    assert message_keys(regenerate(plan, brief, SELECTION, end, start)) == ["plan.bad_range"]


# --- the plan as a strategy section ----------------------------------------------------------


def test_plan_section_saves_and_counts_as_done(sqlite_engine: Engine) -> None:
    client_id = make_client(sqlite_engine)
    generated = generate(weeks=2)
    plan = EditorialPlan(pillars=list(generated.pillars), posts=list(generated.posts))
    with write_session(sqlite_engine) as session:
        save_section(session, client_id, "plan", plan)
    with read_session(sqlite_engine) as session:
        strategy = load_strategy(session, client_id)
    assert strategy.plan == plan
    assert strategy.plan.posts[0].time == generated.posts[0].time
    assert strategy.steps_done()["plan"]


def test_plan_model_rules() -> None:
    with pytest.raises(ValidationError) as exc:
        Campaign(name="Fiera", start=date(2027, 3, 2), end=date(2027, 3, 1))
    assert [p.key for p in problems_from_validation(exc.value)] == ["errors.campaign_range"]
    with pytest.raises(ValidationError):
        EditorialPlan(pillars=make_pillars(50, 50) + [Pillar(name="prodotti")])
    with pytest.raises(ValidationError):
        EditorialPlan(reactive_share=Decimal(31))
    with pytest.raises(ValidationError):
        Pillar(name="Colori", colour="red")
    assert PlannedPost(
        id="a", platform="x", date="2027-01-04", time="09:30", format="text"
    ).time == time(9, 30)


def test_timing_52_weeks_6_platforms() -> None:
    selection = make_selection(
        {
            p: {"photo": "2", "short_video": "1.5", "carousel": "1"}
            for p in ("instagram", "facebook", "tiktok", "linkedin", "x", "threads")
        }
    )
    brief = make_brief(capabilities=["photo", "short_video", "graphics"])
    pillars = pillar_templates(None, "restaurant", "it")
    began = clock.perf_counter()
    plan = generate(weeks=52, brief=brief, selection=selection, pillars=pillars)
    took = clock.perf_counter() - began
    print(f"\n52 weeks x 6 platforms: {len(plan.posts)} posts in {took:.3f} s")
    assert len(plan.posts) == 52 * 6 * 4.5


def test_one_idea_is_adapted_across_platforms_in_a_week() -> None:
    brief = make_brief()
    selection = make_selection({"instagram": {"photo": "3"}, "linkedin": {"text": "2"}})
    pillars = [Pillar(name="Piatti", target_share=Decimal(100), example_ideas=["a", "b", "c"])]
    result = generate_plan(
        brief, selection, pillars, start=MONDAY, weeks=4, reactive_share=Decimal(0), lang="en"
    )
    adapted = [p for p in result.posts if "Same idea as the Instagram post" in p.brief]
    assert adapted and all(p.platform == Platform.linkedin for p in adapted)
    for post in adapted:
        week = (post.date - MONDAY).days // 7
        leads = [
            p
            for p in result.posts
            if p.platform == Platform.instagram and (p.date - MONDAY).days // 7 == week
        ]
        assert post.topic in {p.topic for p in leads}
    # At most one adaptation per platform, pillar and week.
    weeks = [(p.date - MONDAY).days // 7 for p in adapted]
    assert len(weeks) == len(set(weeks))


def test_campaign_posts_tell_the_campaign_in_order() -> None:
    campaign = Campaign(name="Saldi", start=MONDAY, end=MONDAY + timedelta(days=20))
    result = generate_plan(
        make_brief(),
        make_selection({"instagram": {"photo": "3"}}),
        [Pillar(name="Piatti", target_share=Decimal(100))],
        start=MONDAY,
        weeks=3,
        campaigns=[campaign],
        reactive_share=Decimal(0),
    )
    topics = [p.topic for p in result.posts if p.kind == PostKind.campaign]
    assert topics[0] == "Saldi: si parte!" and topics[-1] == "Saldi: ultimi giorni"
    assert all(t == "Saldi: i dettagli" for t in topics[1:-1])


def test_a_low_cadence_keeps_its_posts_for_pillars_but_public_holidays() -> None:
    brief = make_brief(sector="")
    result = generate_plan(
        brief,
        make_selection({"youtube": {"long_video": "1"}}),
        [Pillar(name="Video", target_share=Decimal(100))],
        start=date(2027, 1, 4),
        weeks=12,
        reactive_share=Decimal(0),
    )
    observances = [p for p in result.posts if p.kind == PostKind.observance]
    holidays = {e.date for e in result.events if e.kind.value == "holiday"}
    # The holidays, and the Easter hours notice days before them.
    notices = [p for p in observances if p.topic.startswith("Pasqua e Pasquetta:")]
    assert len(notices) == 1 and date(2027, 3, 21) <= notices[0].date <= date(2027, 3, 25)
    assert all(p.date in holidays for p in observances if p not in notices)
    assert sum(p.kind == PostKind.planned for p in result.posts) >= 10
    # No sector: no placeholder hashtag such as #IlSettore.
    assert not any(tag.casefold() == "#ilsettore" for p in result.posts for tag in p.hashtags)


def test_the_managers_ideas_come_first_then_the_bank() -> None:
    ideas = ["La torta del mese", "Il vassoio della domenica"]
    result = generate_plan(
        make_brief(offering=[{"name": "tortellini", "signature": True}, {"name": "tiramisù"}]),
        make_selection({"instagram": {"photo": "3"}}),
        [Pillar(name="In vetrina", target_share=Decimal(100), example_ideas=ideas)],
        start=MONDAY,
        weeks=8,
        reactive_share=Decimal(0),
    )
    planned = [p for p in result.posts if p.kind == PostKind.planned]
    assert [p.topic for p in planned[:2]] == ideas
    # Then the bank: they do not come back within eight weeks.
    assert not any(p.topic in ideas for p in planned[2:])
