"""Edits made in the plan's tables: checked row by row, bad rows named, edits marked."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pandas as pd

from tests.conftest import make_brief
from tests.plan.test_generator import MONDAY, make_selection
from workbench.i18n import describe_problem
from workbench.models import Campaign, EditorialPlan, HashtagSet, Pillar, PostStatus
from workbench.plan.edits import apply_post_edits, post_row, validate_rows, week_range
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
