from datetime import date, time

from workbench.hashtags import MAX_TAGS, parse_hashtags, tags_for, with_sets
from workbench.models import HashtagSet, PlannedPost, Platform


def post(pillar: str = "In vetrina", **values: object) -> PlannedPost:
    return PlannedPost(
        id="p1",
        platform=Platform.instagram,
        date=date(2027, 1, 4),
        time=time(12, 30),
        format="photo",
        pillar=pillar,
        hashtags=["#Bologna"],
        **values,
    )


SETS = [
    HashtagSet(name="City", tags=["#bologna", "#DueTorri"]),
    HashtagSet(name="Shop", tags=["#pasticceria"], pillar="in vetrina"),
]


def test_typed_hashtags_are_split_prefixed_and_deduplicated() -> None:
    assert parse_hashtags("#pasticceria, bologna;#Dolci  #Bologna #dolci-fatti") == [
        "#pasticceria",
        "#bologna",
        "#Dolci",
        "#dolcifatti",
    ]
    assert parse_hashtags(" , ; ") == []


def test_sets_apply_to_every_post_or_to_their_pillar() -> None:
    assert tags_for("In vetrina", SETS) == ["#bologna", "#DueTorri", "#pasticceria"]
    assert tags_for("Dietro il bancone", SETS) == ["#bologna", "#DueTorri"]


def test_sets_are_added_once_and_spare_edited_posts() -> None:
    [tagged] = with_sets([post()], SETS)
    assert tagged.hashtags == ["#Bologna", "#DueTorri", "#pasticceria"]
    [kept] = with_sets([post(edited=True)], SETS)
    assert kept.hashtags == ["#Bologna"]


def test_no_post_gets_more_than_thirty_tags() -> None:
    many = [HashtagSet(name=f"s{i}", tags=[f"#t{i}{j}" for j in range(10)]) for i in range(4)]
    [tagged] = with_sets([post()], many)
    assert len(tagged.hashtags) == MAX_TAGS
