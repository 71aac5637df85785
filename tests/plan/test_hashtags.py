from datetime import date, time

from workbench.models import HashtagSet, PlannedPost, Platform
from workbench.plan.hashtags import MAX_TAGS, parse_hashtags, tags_for, with_sets


def post(
    pillar: str = "In vetrina", platform: Platform = Platform.instagram, **values: object
) -> PlannedPost:
    return PlannedPost(
        id="p1",
        platform=platform,
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


def test_sets_come_first_once_and_spare_edited_posts() -> None:
    [tagged] = with_sets([post()], SETS)
    assert tagged.hashtags == ["#pasticceria", "#bologna", "#DueTorri"]
    [kept] = with_sets([post(edited=True)], SETS)
    assert kept.hashtags == ["#Bologna"]


def test_no_post_gets_more_tags_than_its_platform_takes() -> None:
    many = [HashtagSet(name=f"s{i}", tags=[f"#t{i}{j}" for j in range(10)]) for i in range(4)]
    [tagged] = with_sets([post()], many)
    assert len(tagged.hashtags) == 5 <= MAX_TAGS  # Instagram: 5 from December 2025
    assert tagged.hashtags[0] == "#t00"  # the manager's sets first
    [silent] = with_sets([post(platform=Platform.whatsapp)], many)
    assert silent.hashtags == []
