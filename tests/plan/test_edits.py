"""Edits made in the plan: table rows checked one by one, bad rows named, edits marked; the
input tables, bulk changes and the generation form checked and applied to the plan."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pandas as pd

from tests.conftest import make_brief
from tests.plan.test_generator import MONDAY, make_selection
from workbench.i18n import describe_problem, render
from workbench.models import (
    Campaign,
    EditorialPlan,
    HashtagSet,
    Pillar,
    Platform,
    PostStatus,
    UtmSettings,
)
from workbench.plan.edits import (
    GenerationEdits,
    PlanEdits,
    PostFilter,
    apply_generation,
    apply_plan_edits,
    apply_post_edits,
    filter_posts,
    horizon_problem,
    post_row,
    validate_rows,
    week_range,
)
from workbench.plan.generator import generate_plan, regenerate

PILLARS = [
    Pillar(name="Piatti", target_share=Decimal(60)),
    Pillar(name="Cucina", target_share=Decimal(40)),
]


def plan_posts() -> list:
    result = generate_plan(
        make_brief(),
        make_selection({"instagram": {"photo": "3"}, "facebook": {"photo": "2"}}),
        PILLARS,
        start=MONDAY,
        weeks=2,
    )
    return list(result.posts)


def test_a_valid_edit_replaces_its_post_and_marks_it_edited() -> None:
    posts = plan_posts()
    shown = [p.id for p in posts]
    row = {**post_row(posts[1]), "caption": "Nuovo testo", "time": "19:05:00.000"}
    result = apply_post_edits(posts, shown, edited={1: row}, pillars=["Piatti", "Cucina"])
    assert result.problems == () and result.changed == 1
    changed = next(p for p in result.posts if p.id == posts[1].id)
    assert changed.caption == "Nuovo testo" and changed.time == time(19, 5) and changed.edited
    assert [p for p in result.posts if p.id != posts[1].id] == posts[:1] + posts[2:]


def test_bad_rows_are_named_and_keep_their_saved_post() -> None:
    posts = plan_posts()
    shown = [p.id for p in posts]
    rows = {
        0: {**post_row(posts[0]), "date": "31/02/2027"},
        2: {**post_row(posts[2]), "time": "25:00"},
        3: {**post_row(posts[3]), "platform": "myspace"},
        4: {**post_row(posts[4]), "link": "www.example.it"},
        5: {**post_row(posts[5]), "caption": "ok"},
    }
    result = apply_post_edits(posts, shown, edited=rows, pillars=["Piatti", "Cucina"])
    messages = [describe_problem(p, "it") for p in result.problems]
    assert messages[0].startswith("Post › riga 1 › Data:")
    assert messages[1].startswith("Post › riga 3 › Ora:")
    assert messages[2].startswith("Post › riga 4 › Piattaforma:")
    assert messages[3].startswith("Post › riga 5 › Link:") and "www.example.it" in messages[3]
    assert len(messages) == 4
    # The bad rows keep what was saved; the good one went through.
    by_id = {p.id: p for p in result.posts}
    assert by_id[posts[0].id] == posts[0] and by_id[posts[3].id] == posts[3]
    assert by_id[posts[5].id].caption == "ok"


def test_an_unknown_pillar_is_refused_only_when_typed() -> None:
    posts = plan_posts()
    target = next(i for i, p in enumerate(posts) if p.pillar)
    row = {**post_row(posts[target]), "pillar": "Inventata"}
    ids = [p.id for p in posts]
    result = apply_post_edits(posts, ids, edited={target: row}, pillars=["Piatti"])
    assert [p.key for p in result.problems] == ["errors.unknown_pillar"]
    # A post whose pillar was deleted from the list can still be edited otherwise.
    row = {**post_row(posts[target]), "caption": "altro"}
    result = apply_post_edits(posts, ids, edited={target: row}, pillars=["X"])
    assert result.problems == () and result.changed == 1


def test_rows_added_and_deleted_in_a_filtered_table() -> None:
    posts = plan_posts()
    shown = [p.id for p in posts if p.platform.value == "facebook"]
    added = [
        {
            "date": pd.Timestamp("2027-01-06"),
            "time": time(18, 0),
            "platform": "facebook",
            "format": "photo",
            "pillar": "Cucina",
            "hashtags": ["cucina", "#Roma"],
            "locked": False,
        },
        {"locked": False, "date": None, "topic": None},  # added and left empty
        {"locked": False, "platform": "facebook", "format": "photo", "time": time(9, 0)},
    ]
    result = apply_post_edits(posts, shown, added=added, deleted=[0], pillars=["Cucina"])
    assert result.added == 1 and result.deleted == 1
    new = next(p for p in result.posts if p.id.startswith("facebook-20270106-1800"))
    assert new.edited and new.status == PostStatus.idea and new.hashtags == ["#cucina", "#Roma"]
    assert shown[0] not in {p.id for p in result.posts}
    assert len(result.posts) == len(posts)
    # The third added row (no date) is the table's row len(shown) + 3.
    [problem] = result.problems
    assert problem.loc == ("posts", len(shown) + 2, "date")


def test_regenerating_keeps_a_post_edited_in_the_table() -> None:
    brief = make_brief()
    selection = make_selection({"instagram": {"photo": "3"}})

    posts = list(generate_plan(brief, selection, PILLARS, start=MONDAY, weeks=2).posts)
    row = {**post_row(posts[2]), "topic": "Il mio argomento"}
    edited = apply_post_edits(posts, [p.id for p in posts], edited={2: row}).posts
    plan = EditorialPlan(pillars=PILLARS, posts=list(edited), seed=1)
    again = regenerate(plan, brief, selection, MONDAY, week_range(MONDAY, 2)[1], seed=99)
    assert any(p.topic == "Il mio argomento" and p.edited for p in again.posts)
    assert len(again.posts) == len(posts)


def test_table_rows_become_models_or_named_problems() -> None:
    rows = [
        {"name": "Saldi", "start": pd.Timestamp("2027-01-07"), "end": pd.Timestamp("2027-01-31")},
        {"name": None, "start": None, "end": None, "description": None},  # empty: skipped
        {"name": "Fiera", "start": date(2027, 3, 10), "end": date(2027, 3, 1)},
    ]
    campaigns, problems = validate_rows(Campaign, rows, "campaigns")
    assert [c.name for c in campaigns] == ["Saldi"]
    assert campaigns[0].start == date(2027, 1, 7)
    [problem] = problems
    assert describe_problem(problem, "en").startswith("Campaigns › row 3")
    sets, problems = validate_rows(HashtagSet, [{"name": "x", "tags": ["nohash"]}], "hashtag_sets")
    assert sets == [] and problems[0].loc[:3] == ("hashtag_sets", 0, "tags")


# --- the plan's inputs ------------------------------------------------------------------------

SELECTION = {"instagram": {"photo": "3"}, "facebook": {"photo": "2"}}


def make_plan(**values: object) -> EditorialPlan:
    posts = plan_posts()
    posts[0] = posts[0].model_copy(update={"link": "https://example.it/menu"})
    sets = [HashtagSet(name="Sala", tags=["#trattoria"], pillar="Piatti")]
    return EditorialPlan(
        pillars=PILLARS, start=MONDAY, weeks=2, posts=posts, hashtag_sets=sets, **values
    )


def pillar_rows(plan: EditorialPlan) -> list[dict[str, object]]:
    return [p.model_dump(mode="json") for p in plan.pillars]


def test_a_pillar_renamed_in_place_takes_its_posts_and_sets_along() -> None:
    plan = make_plan()
    rows = pillar_rows(plan)
    rows[0]["name"] = "Dal menu"
    new, problems = apply_plan_edits(plan, PlanEdits(pillars=rows))
    assert problems == []
    assert [p.name for p in new.pillars] == ["Dal menu", "Cucina"]
    assert "Piatti" not in {p.pillar for p in new.posts}
    assert any(p.pillar == "Dal menu" for p in new.posts)
    assert [s.pillar for s in new.hashtag_sets] == ["Dal menu"]


def test_a_bad_pillar_row_is_named_and_nothing_of_the_table_is_kept() -> None:
    plan = make_plan()
    rows = pillar_rows(plan)
    rows[0]["name"], rows[1]["colour"] = "Nuovo nome", "rosso"
    new, problems = apply_plan_edits(plan, PlanEdits(pillars=rows))
    assert describe_problem(problems[0], "it").startswith("Rubriche › riga 2 › Colore")
    assert new == plan


def test_two_pillars_with_one_name_are_refused_naming_the_pillars() -> None:
    plan = make_plan()
    rows = pillar_rows(plan)
    rows[1]["name"] = "piatti "
    new, problems = apply_plan_edits(plan, PlanEdits(pillars=rows))
    assert [describe_problem(p, "it") for p in problems] == [
        "Rubriche: due rubriche hanno lo stesso nome."
    ]
    assert new == plan


def test_campaigns_and_hashtag_sets_are_saved_only_when_every_row_is_right() -> None:
    plan = make_plan()
    wrong = [{"name": "Fiera", "start": date(2027, 3, 10), "end": date(2027, 3, 1)}]
    new, problems = apply_plan_edits(plan, PlanEdits(campaigns=wrong))
    assert describe_problem(problems[0], "en").startswith("Campaigns › row 1")
    assert new.campaigns == []
    right = [{"name": "Fiera", "start": date(2027, 3, 1), "end": date(2027, 3, 10)}]
    typed = [{"name": "Natale", "pillar": "", "tags": ["natale", "#Xmas", "natale"]}]
    new, problems = apply_plan_edits(plan, PlanEdits(campaigns=right, hashtag_sets=typed))
    assert problems == []
    assert [c.name for c in new.campaigns] == ["Fiera"]
    assert [(s.name, s.tags) for s in new.hashtag_sets] == [("Natale", ["#natale", "#Xmas"])]


def test_sets_and_utm_links_are_applied_to_the_posts_on_request() -> None:
    plan = make_plan()
    new, problems = apply_plan_edits(plan, PlanEdits(add_sets=True))
    assert problems == []
    piatti = [p for p in new.posts if p.pillar == "Piatti" and p.kind.value == "planned"]
    assert piatti and all(p.hashtags[0] == "#trattoria" for p in piatti)
    utm = {"enabled": True, "medium": "social", "campaign": "Gennaio"}
    new, problems = apply_plan_edits(plan, PlanEdits(utm=utm, tag_links=True))
    assert problems == [] and new.utm == UtmSettings(enabled=True, campaign="Gennaio")
    assert new.posts[0].link.startswith("https://example.it/menu?utm_source=")
    assert "utm_campaign=gennaio" in new.posts[0].link


def test_utm_settings_out_of_bounds_are_named_and_not_kept() -> None:
    plan = make_plan()
    new, problems = apply_plan_edits(plan, PlanEdits(utm={"enabled": True, "medium": "x" * 101}))
    assert describe_problem(problems[0], "en").startswith("Links with UTM › Medium (utm_medium)")
    assert new.utm == plan.utm


def test_a_status_for_the_shown_posts_marks_only_those_that_change() -> None:
    plan = make_plan()
    posts = plan.posts
    posts[1] = posts[1].model_copy(update={"status": PostStatus.to_approve})
    plan = plan.model_copy(update={"posts": posts})
    ids = frozenset({posts[0].id, posts[1].id})
    new, problems = apply_plan_edits(plan, PlanEdits(status="to_approve", status_of=ids))
    assert problems == []
    assert new.posts[0].status == PostStatus.to_approve and new.posts[0].edited
    assert new.posts[1] == posts[1]  # already so: not an edit
    assert new.posts[2:] == posts[2:]
    same, problems = apply_plan_edits(plan, PlanEdits(status="forse", status_of=ids))
    assert same == plan
    assert describe_problem(problems[0], "en").startswith(
        "Status: unexpected value (allowed: idea,"
    )


def test_filters_keep_the_posts_of_a_platform_in_a_week() -> None:
    posts = plan_posts()
    chosen = PostFilter(platforms=("facebook",), week=2, start=MONDAY)
    shown = filter_posts(posts, chosen)
    assert shown and all(p.platform == Platform.facebook for p in shown)
    assert all(MONDAY + timedelta(days=7) <= p.date <= MONDAY + timedelta(days=13) for p in shown)
    assert filter_posts(posts, PostFilter()) == posts
    assert filter_posts(posts, PostFilter(only=frozenset({posts[3].id}))) == [posts[3]]


# --- generation -------------------------------------------------------------------------------


def generate(plan: EditorialPlan, edits: GenerationEdits, lang: str = "it"):  # noqa: ANN201
    return apply_generation(plan, make_brief(), make_selection(SELECTION), edits, lang=lang)


def test_a_horizon_out_of_range_is_named_and_nothing_is_generated() -> None:
    problem = horizon_problem(60)
    assert problem is not None and horizon_problem(52) is None and horizon_problem(0)
    assert describe_problem(problem, "it") == (
        "L'orizzonte del piano va da 1 a 52 settimane (indicate: 60)."
    )
    result = generate(make_plan(), GenerationEdits(start=MONDAY, weeks=60, reactive=0))
    assert result.plan is None and [p.key for p in result.problems] == ["plan.bad_horizon"]


def test_a_new_horizon_replaces_the_posts_outside_it_except_edited_ones() -> None:
    plan = make_plan()
    posts = plan.posts
    posts[0] = posts[0].model_copy(update={"topic": "Resta", "edited": True})
    plan = plan.model_copy(update={"posts": posts})
    later = MONDAY + timedelta(days=14)
    result = generate(plan, GenerationEdits(start=later, weeks=2, reactive=0))
    assert result.plan is not None and result.problems == ()
    assert result.plan.start == later and result.plan.weeks == 2
    assert [p.topic for p in result.plan.posts if p.date < later] == ["Resta"]
    assert max(p.date for p in result.plan.posts) <= later + timedelta(days=13)
    notes = [render(m, "it") for m in result.notes]
    assert notes[0] == "Piano generato: 10 post nel periodo."
    assert any(n.startswith("1 post modificati o bloccati fuori dal nuovo periodo") for n in notes)


def test_a_period_keeps_the_rest_of_the_plan_and_other_ideas_take_the_next_seed() -> None:
    plan = make_plan(seed=7).model_copy(update={"hashtag_sets": []})
    period = (MONDAY, MONDAY + timedelta(days=6))
    edits = GenerationEdits(start=MONDAY, weeks=2, reactive=0, period=period, other_ideas=True)
    result = generate(plan, edits)
    assert result.plan is not None and result.plan.seed == 8
    later = [p for p in plan.posts if p.date > period[1]]
    assert [p for p in result.plan.posts if p.date > period[1]] == later


def test_a_period_backwards_or_outside_the_plan_is_refused() -> None:
    plan = make_plan()
    backwards = (MONDAY + timedelta(days=3), MONDAY)
    result = generate(plan, GenerationEdits(start=MONDAY, weeks=2, reactive=0, period=backwards))
    assert result.plan is None
    assert [describe_problem(p, "it") for p in result.problems] == [
        "La data di fine viene prima di quella di inizio: niente da rigenerare."
    ]
    outside = (date(2028, 1, 1), date(2028, 1, 31))
    result = generate(
        plan, GenerationEdits(start=MONDAY, weeks=2, reactive=0, period=outside), "en"
    )
    [problem] = result.problems
    said = describe_problem(problem, "en")
    assert "must lie within the plan" in said and "4 Jan 2027" in said and "17 Jan 2027" in said
