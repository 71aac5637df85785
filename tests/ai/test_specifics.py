"""The assistant writes with a key: the brief's offering, places, people, differentiators, the
pillar and the platform's rules travel in the data block, and answers that break them are
dropped (against the fake server on loopback)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from tests.ai.test_actions import PILLAR, ai_settings, make_plan, make_post, new_client, run
from tests.fake_openai import FakeOpenAI, Recorded, answer
from workbench.ai import actions as ai
from workbench.ai.actions import DATA_CLOSE, DATA_OPEN, CaptionDraft, CaptionList, Idea, IdeaList
from workbench.db import write_session
from workbench.models import ContentFormat, Platform
from workbench.plan.captions import caption_rules
from workbench.settings import Settings
from workbench.strategy import save_section

SPECIFICS = {
    "offering": [
        {"name": "supplì", "description": "al telefono, fritti al momento"},
        {"name": "vignarola", "months": [4, 5]},
        {"name": "carbonara", "description": "con guanciale di Amatrice", "signature": True},
        {"name": "puntarelle", "months": [12, 1, 2]},
    ],
    "places": ["la cucina a vista"],
    "people": ["Sora Lella, la cuoca"],
    "differentiators": ["pasta tirata a mano ogni mattina"],
    "events": [
        {"name": "Festa de' Noantri", "month": 7},
        {"name": "Carnevale in trattoria", "month": 2},
    ],
}


def data_block(request: Recorded) -> dict[str, Any]:
    user = request.message("user")
    start = user.index(DATA_OPEN) + len(DATA_OPEN)
    data: dict[str, Any] = json.loads(user[start : user.index(DATA_CLOSE)])
    return data


def caption(post_id: str, text: str, hashtags: list[str] | None = None) -> CaptionDraft:
    return CaptionDraft(
        post_id=post_id, hook=text.split(".")[0], caption=text, hashtags=hashtags or []
    )


def test_the_caption_request_carries_the_offering_in_season_and_the_platform_rules(
    sqlite_engine: Engine,
    fake_openai: FakeOpenAI,
) -> None:
    client_id = new_client(sqlite_engine, **SPECIFICS)
    fake_openai.script(answer(CaptionList(captions=[caption("x-1", "Carbonara.")])))
    run(
        sqlite_engine,
        client_id,
        ai.captions,
        post_ids=["instagram-1", "x-1", "linkedin-1"],
        settings=ai_settings(fake_openai.url),
        lang="it",
    )
    [request] = fake_openai.requests
    data = data_block(request)
    specifics = data["specifics"]
    # January posts: the signature first, then what is in season, then all year; no vignarola.
    assert [i["name"] for i in specifics["offering"]] == ["carbonara", "puntarelle", "supplì"]
    assert specifics["offering"][0]["description"] == "con guanciale di Amatrice"
    assert specifics["places"] == ["la cucina a vista"]
    assert specifics["people"] == ["Sora Lella, la cuoca"]
    assert specifics["differentiators"] == ["pasta tirata a mano ogni mattina"]
    assert specifics["events"] == [{"name": "Carnevale in trattoria", "month": 2}]
    assert specifics["never_words"] == ["industriale"]
    assert data["pillars"][0]["name"] == PILLAR
    assert data["pillars"][0]["description"] == "Come nasce il lavoro in cucina"

    posts = {p["id"]: p for p in data["posts"]}
    assert posts["instagram-1"]["in_season"] == ["puntarelle"]
    for post_id, platform in (
        ("instagram-1", "instagram"),
        ("x-1", "x"),
        ("linkedin-1", "linkedin"),
    ):
        rules = caption_rules()[Platform(platform)]
        assert posts[post_id]["rules"]["max_hashtags"] == rules.max_hashtags
        assert posts[post_id]["rules"]["max_chars"] == rules.max_chars
    allowed = {p: " ".join(posts[p]["rules"]["allowed_calls_to_action"]) for p in posts}
    assert allowed["linkedin-1"] and allowed["x-1"]
    assert "bio" not in allowed["x-1"] + allowed["linkedin-1"]
    assert "recensione" not in allowed["linkedin-1"].casefold()
    system = request.message("system")
    assert "never 'link in bio' outside Instagram" in system
    assert "no request for reviews on LinkedIn" in system
    # The client's text stays in the data block, never in the instructions.
    assert "carbonara" not in system and "Sora Lella" not in system


def test_a_professional_gets_no_review_or_offer_and_a_caption_that_asks_is_dropped(
    sqlite_engine: Engine,
    fake_openai: FakeOpenAI,
) -> None:
    client_id = new_client(
        sqlite_engine,
        "Studio Bianchi",
        kind="professional",
        sector="professional_services",
        **SPECIFICS,
    )
    fake_openai.script(
        answer(
            CaptionList(
                captions=[
                    caption("instagram-1", "Lasciateci una recensione su Google."),
                    caption("x-1", "Il nuovo decreto in breve. Trovate il link in bio."),
                    caption(
                        "linkedin-1",
                        "La carbonara del venerdì, in studio. Come la vedete?",
                        ["#a", "#b", "#c", "#d", "#e", "#f", "#g"],
                    ),
                ]
            )
        )
    )
    outcome = run(
        sqlite_engine,
        client_id,
        ai.captions,
        post_ids=["instagram-1", "x-1", "linkedin-1"],
        settings=ai_settings(fake_openai.url),
        lang="it",
    )
    data = data_block(fake_openai.requests[0])
    assert "recension" in data["specifics"]["never_words"]
    for post in data["posts"]:
        texts = " ".join(post["rules"]["allowed_calls_to_action"]).casefold()
        assert "recension" not in texts and "offert" not in texts
    [linkedin] = outcome.items  # the review request and 'link in bio' on X are dropped
    assert linkedin.post_id == "linkedin-1"
    assert len(linkedin.hashtags) == caption_rules()[Platform.linkedin].max_hashtags
    assert outcome.notice is not None and outcome.notice.params == {"count": 2}


def test_the_ideas_request_carries_the_specifics_of_the_period(
    sqlite_engine: Engine,
    fake_openai: FakeOpenAI,
) -> None:
    client_id = new_client(sqlite_engine, **SPECIFICS)
    fake_openai.script(
        answer(
            IdeaList(
                ideas=[
                    Idea(
                        title="Le puntarelle di Sora Lella",
                        brief="",
                        caption="",
                        hashtags=[],
                        format=None,
                    ),
                    Idea(
                        title="Il sugo industriale", brief="", caption="", hashtags=[], format=None
                    ),
                ]
            )
        )
    )
    outcome = run(
        sqlite_engine,
        client_id,
        ai.ideas,
        pillar=PILLAR,
        start=date(2027, 4, 1),
        end=date(2027, 5, 31),
        count=2,
        settings=ai_settings(fake_openai.url),
        lang="it",
    )
    specifics = data_block(fake_openai.requests[0])["specifics"]
    assert [i["name"] for i in specifics["offering"]] == ["carbonara", "vignarola", "supplì"]
    assert [e["name"] for e in specifics["events"]] == []
    assert "DATA.specifics" in fake_openai.requests[0].message("system")
    assert [i.title for i in outcome.items] == ["Le puntarelle di Sora Lella"]  # no 'industriale'


def test_offline_ideas_name_the_clients_offering(sqlite_engine: Engine) -> None:
    client_id = new_client(sqlite_engine, **SPECIFICS)
    with write_session(sqlite_engine) as session:
        plan = make_plan()
        plan.pillars[0].example_ideas = []  # the bank, not the manager's ideas
        plan.posts.append(make_post("tiktok-1", "tiktok", format=ContentFormat.short_video))
        save_section(session, client_id, "plan", plan)
    outcome = run(
        sqlite_engine,
        client_id,
        ai.ideas,
        pillar=PILLAR,
        start=date(2027, 1, 4),
        end=date(2027, 1, 31),
        count=6,
        settings=Settings(),
        lang="it",
    )
    titles = [i.title for i in outcome.items]
    assert outcome.source == "offline"
    assert len(set(titles)) == 6
    names = ("carbonara", "puntarelle", "supplì", "cucina a vista", "Sora Lella")
    named = [t for t in titles if any(n.casefold() in t.casefold() for n in names)]
    assert len(named) >= 4, titles
    assert not any("vignarola" in t for t in titles)  # out of season in January
