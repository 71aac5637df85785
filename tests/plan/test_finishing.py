"""Generated posts finished for the plan: hashtag sets, then UTM links, edited posts untouched."""

from __future__ import annotations

from datetime import date, time
from urllib.parse import parse_qs, urlsplit

from workbench.models import EditorialPlan, HashtagSet, PlannedPost, Platform, UtmSettings
from workbench.plan.finishing import finish_posts

PLAN = EditorialPlan(
    hashtag_sets=[HashtagSet(name="Shop", tags=["#pasticceria"], pillar="In vetrina")],
    utm=UtmSettings(enabled=True, campaign="Natale 2027"),
)


def post(post_id: str, **values: object) -> PlannedPost:
    return PlannedPost(
        id=post_id,
        platform=Platform.instagram,
        date=date(2027, 1, 4),
        time=time(12, 30),
        format="photo",
        pillar="In vetrina",
        link="https://example.it/torte",
        **values,
    )


def test_new_posts_get_the_sets_tags_and_a_tagged_link() -> None:
    [finished] = finish_posts([post("instagram-20270104-1230")], PLAN)
    assert finished.hashtags == ["#pasticceria"]
    query = parse_qs(urlsplit(finished.link).query)
    assert query["utm_source"] == ["instagram"] and query["utm_campaign"] == ["natale-2027"]
    assert query["utm_content"] == ["instagram-20270104-1230"]


def test_posts_the_manager_edited_or_locked_stay_as_they_are() -> None:
    edited, locked = post("a", edited=True), post("b", locked=True)
    assert finish_posts([edited, locked], PLAN) == [edited, locked]


def test_without_sets_or_utm_the_posts_come_back_unchanged() -> None:
    plain = post("a")
    assert finish_posts([plain], EditorialPlan()) == [plain]
