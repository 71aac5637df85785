"""The plan's assistant tab through AppTest: offline without a key, the model with one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.apptest import demo_id, open_app, texts
from tests.fake_openai import FakeOpenAI, answer, unauthorized
from tests.pages.test_plan import saved_plan
from workbench.db import read_session
from workbench.models import CaptionDraft, Idea
from workbench.strategy import load_strategy


def assistant(client_id: int, lang: str = "it") -> AppTest:
    at = open_app("plan", client=client_id, lang=lang)
    at.session_state["plan.tab"] = "Assistente" if lang == "it" else "Assistant"
    return at.run()


def subtab(at: AppTest, label: str) -> AppTest:
    at.session_state["plan.ai.tab"] = label
    return at.run()


@pytest.fixture
def with_key(monkeypatch: pytest.MonkeyPatch, fake_openai: FakeOpenAI) -> FakeOpenAI:
    """The app configured for the fake server (settings are read per test: `db` clears them)."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.url)
    monkeypatch.setenv("WORKBENCH_OPENAI_MODEL", "gpt-4o-mini")
    return fake_openai


def test_without_a_key_the_buttons_work_offline_and_say_so(db: Engine) -> None:
    client_id = demo_id(db)
    before = saved_plan(db, client_id)
    at = assistant(client_id)
    assert not at.exception
    assert "Nessuna chiave API configurata" in texts(at)
    at.selectbox(key="plan.ai.i_pillar").set_value("Dietro il bancone")
    at.date_input(key="plan.ai.i_start").set_value(before.start)
    at.date_input(key="plan.ai.i_end").set_value(before.posts[-1].date)
    at.number_input(key="plan.ai.i_count").set_value(3)
    at.button(key="plan.ai.i_go").click().run()
    assert not at.exception and not at.error
    assert "generatore offline" in texts(at)
    titles = [c.label for c in at.checkbox if c.key and c.key.startswith("plan.ai.i_keep.")]
    assert len(titles) == 3
    at.button(key="plan.ai.i_apply").click().run()
    after = saved_plan(db, client_id)
    changed = [p for p in after.posts if p not in before.posts]
    assert len(changed) == 3
    assert all(p.pillar == "Dietro il bancone" and p.edited for p in changed)
    assert not any(p.ai_assisted for p in changed), "offline text is not AI-assisted"


def test_captions_from_the_model_are_previewed_then_accepted_per_post(
    db: Engine, with_key: FakeOpenAI
) -> None:
    client_id = demo_id(db)
    before = saved_plan(db, client_id)
    at = subtab(assistant(client_id, "en"), "Texts")
    assert "AI assistant on: model gpt-4o-mini at 127.0.0.1" in texts(at)
    at.multiselect(key="plan.ai.c_platforms").set_value(["instagram"])
    at.date_input(key="plan.ai.c_start").set_value(before.start)
    at.date_input(key="plan.ai.c_end").set_value(before.start + timedelta(days=6))
    at.run()
    chosen = [
        p
        for p in before.posts
        if p.platform.value == "instagram"
        and p.date <= before.start + timedelta(days=6)
        and p.kind != "reactive"
    ]
    assert len(chosen) >= 2
    drafts = [
        CaptionDraft(
            post_id=p.id, hook="Lo sapevi?", caption=f"Lo sapevi? Testo {i}", hashtags=["#dolci"]
        )
        for i, p in enumerate(chosen)
    ]
    with_key.script(answer({"captions": [d.model_dump() for d in drafts]}))
    at.button(key="plan.ai.c_go").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    [request] = with_key.requests
    assert request.body["model"] == "gpt-4o-mini"
    assert "sk-test-not-a-real-key" not in request.raw.decode()
    assert "This request: 1,500 tokens" in texts(at)
    # Asking again for the same posts costs nothing: the answer comes from the cache.
    at.button(key="plan.ai.c_go").click().run()
    assert len(with_key.requests) == 1
    assert "no new cost" in texts(at)
    # Reject the first, accept the rest.
    at.checkbox(key=f"plan.ai.c_keep.{chosen[0].id}").uncheck().run()
    at.button(key="plan.ai.c_apply").click().run()
    after = {p.id: p for p in saved_plan(db, client_id).posts}
    assert after[chosen[0].id] == next(p for p in before.posts if p.id == chosen[0].id)
    for i, post in enumerate(chosen[1:], start=1):
        assert after[post.id].caption == f"Lo sapevi? Testo {i}" and after[post.id].ai_assisted


def test_a_refused_key_falls_back_offline_and_changes_nothing(
    db: Engine, with_key: FakeOpenAI
) -> None:
    client_id = demo_id(db)
    before = saved_plan(db, client_id)
    with_key.script(unauthorized())
    at = assistant(client_id, "en")
    at.button(key="plan.ai.i_go").click().run()
    assert not at.exception
    shown = texts(at)
    assert "refused the API key" in shown and "the plan has not changed" in shown
    assert "sk-test-not-a-real-key" not in shown
    assert saved_plan(db, client_id) == before
    ideas = [c for c in at.checkbox if c.key and c.key.startswith("plan.ai.i_keep.")]
    assert ideas, "the offline ideas are offered instead"


def test_model_ideas_fill_the_pillar_posts_marked_ai_assisted(
    db: Engine, with_key: FakeOpenAI
) -> None:
    client_id = demo_id(db)
    before = saved_plan(db, client_id)
    idea = Idea(
        title="Il cornetto perfetto",
        brief="Riprendi la laminazione.",
        caption="Tre pieghe e una notte di riposo.",
        hashtags=["#cornetto"],
        format="short_video",
    )
    with_key.script(answer({"ideas": [idea.model_dump(exclude={"source"})]}))
    at = assistant(client_id)
    at.selectbox(key="plan.ai.i_pillar").set_value("In vetrina")
    at.date_input(key="plan.ai.i_start").set_value(before.start)
    at.date_input(key="plan.ai.i_end").set_value(before.posts[-1].date)
    at.number_input(key="plan.ai.i_count").set_value(1)
    at.button(key="plan.ai.i_go").click().run()
    assert not at.error, [e.value for e in at.error]
    system = with_key.requests[0].message("system")
    assert "allegro" in system or "Tono" in system or "tone" in system.lower()
    at.button(key="plan.ai.i_apply").click().run()
    after = saved_plan(db, client_id)
    [post] = [p for p in after.posts if p.topic == "Il cornetto perfetto"]
    assert post.pillar == "In vetrina" and post.ai_assisted and post.edited
    assert post.caption == "Tre pieghe e una notte di riposo."


def test_audience_summary_from_the_model_fills_the_summary(
    db: Engine, with_key: FakeOpenAI
) -> None:
    client_id = demo_id(db)
    with_key.script(answer({"text": "Donne e uomini di Bologna, 25-54 anni, golosi."}))
    at = open_app("audience", client=client_id)
    at.button(key="aud.ai_summary").click().run()
    assert not at.exception and not at.error
    assert at.text_area(key="aud.summary").value == "Donne e uomini di Bologna, 25-54 anni, golosi."
    with read_session(db) as session:
        saved = load_strategy(session, client_id).audience.summary
    assert saved == "Donne e uomini di Bologna, 25-54 anni, golosi."


def test_competitor_takeaways_offline_name_where_they_come_from(db: Engine) -> None:
    client_id = demo_id(db)
    at = open_app("competitors", client=client_id, lang="en")
    at.session_state["comp.tab"] = "Notes and style"
    at.run()
    at.button(key="comp.ai_go").click().run()
    assert not at.exception and not at.error
    assert "offline generator" in texts(at)
    bullets = [m.value for m in at.markdown if str(m.value).startswith("- ")]
    assert bullets and bullets[0].count("\n- ") >= 1


def test_executive_summary_on_the_export_page_escapes_client_text(
    db: Engine, with_key: FakeOpenAI
) -> None:
    client_id = demo_id(db)
    with_key.script(
        answer({"text": "Obiettivo: **notorietà** a Bologna.\n\nPiano di 12 settimane."})
    )
    at = open_app("export", client=client_id)
    at.button(key="export.summary_go").click().run()
    assert not at.exception and not at.error
    shown = texts(at)
    # Markdown in the model's text is escaped: the client reads the asterisks, not bold.
    assert "\\*\\*notorietà\\*\\* a Bologna" in shown
    assert "Piano di 12 settimane" in shown
    assert at.get("download_button")
