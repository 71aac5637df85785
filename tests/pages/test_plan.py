"""The Plan page through AppTest: generation, the post table and its checked edits, inputs."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.apptest import demo_id, open_app, texts
from tests.apptest import open_tab as open_step_tab
from tests.conftest import make_client
from tests.plan.test_generator import make_selection
from workbench.db import read_session, write_session
from workbench.models import EditorialPlan, Platform, PostKind, PostStatus
from workbench.strategy import load_strategy, save_section


def open_tab(at: AppTest, label: str) -> AppTest:
    return open_step_tab(at, "plan.tab", label)


def saved_plan(db: Engine, client_id: int) -> EditorialPlan:
    with read_session(db) as session:
        return load_strategy(session, client_id).plan


def edit(at: AppTest, key: str, **delta: object) -> AppTest:
    at.session_state[key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **delta}
    return at.run()


def test_demo_plan_shows_every_post_and_filters_by_platform(db: Engine) -> None:
    client_id = demo_id(db)
    plan = saved_plan(db, client_id)
    at = open_app("plan", client=client_id)
    assert not at.exception and not at.error
    assert f"{len(plan.posts)} post mostrati su {len(plan.posts)}" in texts(at)
    at.multiselect(key="plan.table.f_platform").set_value(["facebook"]).run()
    facebook = sum(1 for p in plan.posts if p.platform.value == "facebook")
    assert f"{facebook} post mostrati su {len(plan.posts)}" in texts(at)
    at.selectbox(key="plan.table.f_week").set_value(2).run()
    week2 = [
        p
        for p in plan.posts
        if p.platform.value == "facebook"
        and plan.start + timedelta(days=7) <= p.date <= plan.start + timedelta(days=13)
    ]
    assert f"{len(week2)} post mostrati su {len(plan.posts)}" in texts(at)


def test_an_edited_cell_is_saved_and_marks_the_post(db: Engine) -> None:
    client_id = demo_id(db)
    before = saved_plan(db, client_id)
    at = open_app("plan", client=client_id)
    edit(at, "plan.table", edited_rows={"1": {"caption": "Testo scritto da me", "status": "draft"}})
    assert not at.exception and not at.error
    after = saved_plan(db, client_id)
    post = next(p for p in after.posts if p.id == before.posts[1].id)
    assert post.caption == "Testo scritto da me" and post.status == PostStatus.draft
    assert post.edited
    assert sum(p.edited for p in after.posts) == 1


def test_a_bad_row_is_named_and_nothing_is_saved(db: Engine) -> None:
    client_id = demo_id(db)
    before = saved_plan(db, client_id)
    at = open_app("plan", client=client_id, lang="en")
    edit(
        at,
        "plan.table",
        edited_rows={"0": {"caption": "kept on screen"}, "2": {"link": "not a link"}},
    )
    assert not at.exception
    [error] = at.error
    assert error.value.startswith("Posts › row 3 › Link:") and "not a link" in error.value
    assert saved_plan(db, client_id) == before
    # Another rerun keeps the message and the edits (nothing is lost).
    at.run()
    assert [e.value for e in at.error] == [error.value]
    assert at.session_state["plan.table"]["edited_rows"]["0"] == {"caption": "kept on screen"}


def test_added_and_deleted_rows(db: Engine) -> None:
    client_id = demo_id(db)
    before = saved_plan(db, client_id)
    at = open_app("plan", client=client_id)
    new_row = {
        "date": "2026-12-02",
        "time": "11:00",
        "platform": "instagram",
        "format": "photo",
        "kind": "planned",
        "status": "idea",
        "topic": "Il panettone della casa",
    }
    edit(at, "plan.table", added_rows=[new_row], deleted_rows=[0])
    assert not at.exception and not at.error, [e.value for e in at.error]
    after = saved_plan(db, client_id)
    assert len(after.posts) == len(before.posts)
    assert before.posts[0].id not in {p.id for p in after.posts}
    [added] = [p for p in after.posts if p.topic == "Il panettone della casa"]
    assert added.date == date(2026, 12, 2) and added.id == "instagram-20261202-1100"


def test_bulk_status_for_the_filtered_posts(db: Engine) -> None:
    client_id = demo_id(db)
    at = open_app("plan", client=client_id)
    at.multiselect(key="plan.table.f_platform").set_value(["instagram"]).run()
    at.selectbox(key="plan.table.bulk").set_value("to_approve").run()
    at.button(key="plan.table.bulk_go").click().run()
    after = saved_plan(db, client_id)
    assert {p.status for p in after.posts if p.platform.value == "instagram"} == {
        PostStatus.to_approve
    }
    assert {p.status for p in after.posts if p.platform.value == "facebook"} == {PostStatus.idea}


def test_generate_a_plan_for_a_new_client(db: Engine) -> None:
    client_id = make_client(db, "Trattoria Roma")
    with write_session(db) as session:
        selection = make_selection({"instagram": {"photo": "3"}, "facebook": {"photo": "2"}})
        save_section(session, client_id, "platforms", selection)
    at = open_app("plan", client=client_id)
    assert "Il piano è vuoto" in texts(at)
    at.date_input(key="plan.start").set_value(date(2027, 1, 4))
    at.number_input(key="plan.weeks").set_value(4)
    at.slider(key="plan.reactive").set_value(0)
    at.button(key="plan.generate").click().run()
    assert not at.exception and not at.error
    plan = saved_plan(db, client_id)
    assert len(plan.posts) == 5 * 4
    assert plan.start == date(2027, 1, 4) and plan.weeks == 4
    assert plan.pillars, "the suggested pillars are stored with the plan"
    assert all(p.kind.value != "reactive" for p in plan.posts)
    shown = texts(at)
    assert "Piano generato: 20 post nel periodo." in shown
    assert "Nessuna rubrica definita" in shown  # the generator's own message


def test_without_platforms_the_page_says_where_to_choose_them(db: Engine) -> None:
    client_id = make_client(db, "Studio Bianchi")
    at = open_app("plan", client=client_id, lang="en")
    assert "The plan needs platforms" in texts(at)
    assert at.button(key="plan.generate").disabled


def test_regenerating_a_period_keeps_edited_and_locked_posts(db: Engine) -> None:
    client_id = demo_id(db)
    before = saved_plan(db, client_id)
    at = open_app("plan", client=client_id)
    edit(
        at,
        "plan.table",
        edited_rows={"3": {"topic": "Scritto a mano"}, "4": {"locked": True}},
    )
    kept = {before.posts[3].id, before.posts[4].id}
    at.date_input(key="plan.range_start").set_value(before.start)
    at.date_input(key="plan.range_end").set_value(before.start + timedelta(days=13))
    at.checkbox(key="plan.other_ideas").check()
    at.button(key="plan.range_go").click().run()
    assert not at.exception and not at.error
    after = saved_plan(db, client_id)
    by_id = {p.id: p for p in after.posts}
    assert by_id[before.posts[3].id].topic == "Scritto a mano"
    assert by_id[before.posts[4].id].locked
    assert after.seed == before.seed + 1
    later = [p for p in before.posts if p.date > before.start + timedelta(days=13)]
    assert all(by_id[p.id] == p for p in later), "posts outside the period stay"
    changed = [p for p in after.posts if p.id not in kept and p not in before.posts]
    assert changed, "the period got new ideas"


def test_pillars_suggested_renamed_and_followed_by_posts(db: Engine) -> None:
    client_id = demo_id(db)
    at = open_tab(open_app("plan", client=client_id), "Rubriche")
    edit(at, "plan.pillars", edited_rows={"0": {"name": "La vetrina"}})
    assert not at.exception and not at.error
    plan = saved_plan(db, client_id)
    assert plan.pillars[0].name == "La vetrina"
    assert "In vetrina" not in {p.pillar for p in plan.posts}
    assert any(p.pillar == "La vetrina" for p in plan.posts)
    assert {s.pillar for s in plan.hashtag_sets} == {"", "La vetrina", "Dietro il bancone"}
    at.checkbox(key="plan.p_replace").check().run()
    at.button(key="plan.p_suggest").click().run()
    plan = saved_plan(db, client_id)
    assert [p.name for p in plan.pillars][0] == "Prodotti e servizi"


def test_pillar_rows_are_checked(db: Engine) -> None:
    client_id = demo_id(db)
    before = saved_plan(db, client_id)
    at = open_tab(open_app("plan", client=client_id, lang="en"), "Pillars")
    edit(at, "plan.pillars", edited_rows={"1": {"colour": "red"}, "2": {"target_share": 50}})
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors and errors[0].startswith("Pillars › row 2 › Colour")
    assert saved_plan(db, client_id) == before
    edit(at, "plan.pillars", edited_rows={"2": {"target_share": 50}})
    assert "add up to 140%" in texts(at)


def test_campaign_rows_are_checked(db: Engine) -> None:
    client_id = demo_id(db)
    at = open_tab(open_app("plan", client=client_id, lang="en"), "Campaigns")
    edit(
        at,
        "plan.campaigns",
        added_rows=[{"name": "Fiera", "start": "2027-03-10", "end": "2027-03-01"}],
    )
    [error] = at.error
    assert error.value.startswith("Campaigns › row 2")
    assert len(saved_plan(db, client_id).campaigns) == 1
    edit(
        at,
        "plan.campaigns",
        added_rows=[{"name": "Fiera", "start": "2027-03-01", "end": "2027-03-10"}],
    )
    assert not at.error
    assert [c.name for c in saved_plan(db, client_id).campaigns][-1] == "Fiera"


def test_hashtag_sets_and_utm_links(db: Engine) -> None:
    client_id = demo_id(db)
    at = open_tab(open_app("plan", client=client_id), "Hashtag e link")
    edit(
        at, "plan.sets", added_rows=[{"name": "Natale", "pillar": "", "tags": ["natale", "#Xmas"]}]
    )
    assert not at.error
    plan = saved_plan(db, client_id)
    assert plan.hashtag_sets[-1].tags == ["#natale", "#Xmas"]
    at.button(key="plan.sets_apply").click().run()
    plan = saved_plan(db, client_id)
    # Sets come first, within each platform's limit (Instagram 5, Facebook 3): on Instagram
    # a post of a pillar without a set of its own gets the city's 3 tags and then these two.
    with_room = [
        p
        for p in plan.posts
        if p.platform == Platform.instagram
        and p.kind != PostKind.reactive
        and p.pillar not in {s.pillar for s in plan.hashtag_sets}
    ]
    assert with_room and all("#natale" in {h.casefold() for h in p.hashtags} for p in with_room)
    assert all(
        len(p.hashtags) <= (5 if p.platform == Platform.instagram else 3) for p in plan.posts
    )
    assert at.selectbox(key="plan.utm.platform").options[:2] == ["Facebook", "Instagram"]
    at.selectbox(key="plan.utm.platform").set_value("instagram")
    at.text_input(key="plan.utm.content").input("banner").run()
    [code] = at.code
    assert code.value == (
        "https://www.pasticceriaduetorri.it/?utm_source=instagram&utm_medium=social"
        "&utm_campaign=ped-2027&utm_content=banner"
    )
    at.text_input(key="plan.utm.url").input("www.example.it").run()
    assert "non è un indirizzo web" in at.error[0].value
    at.text_input(key="plan.utm.campaign").input("natale").run()
    assert saved_plan(db, client_id).utm.campaign == "natale"


def test_a_new_horizon_replaces_the_posts_outside_it_except_edited_ones(db: Engine) -> None:
    client_id = demo_id(db)
    before = saved_plan(db, client_id)
    at = open_app("plan", client=client_id)
    edit(at, "plan.table", edited_rows={"0": {"topic": "Resta"}})
    later = before.start + timedelta(days=28)
    at.date_input(key="plan.start").set_value(later)
    at.number_input(key="plan.weeks").set_value(4)
    at.button(key="plan.generate").click().run()
    assert not at.exception and not at.error
    after = saved_plan(db, client_id)
    assert after.start == later and after.weeks == 4
    outside = [p for p in after.posts if p.date < later]
    assert [p.topic for p in outside] == ["Resta"]
    assert "1 post modificati o bloccati fuori dal nuovo periodo" in texts(at)
    assert max(p.date for p in after.posts) <= later + timedelta(days=27)


def test_weeks_out_of_range_are_named_and_nothing_is_generated(db: Engine) -> None:
    client_id = demo_id(db)
    before = saved_plan(db, client_id)
    at = open_app("plan", client=client_id)
    at.number_input(key="plan.weeks").set_value(60).run()
    assert "L'orizzonte del piano va da 1 a 52 settimane (indicate: 60)" in at.error[0].value
    assert at.button(key="plan.generate").disabled
    assert saved_plan(db, client_id) == before


def test_a_period_outside_the_plan_is_refused(db: Engine) -> None:
    client_id = demo_id(db)
    before = saved_plan(db, client_id)
    at = open_app("plan", client=client_id, lang="en")
    at.date_input(key="plan.range_start").set_value(date(2028, 1, 1))
    at.date_input(key="plan.range_end").set_value(date(2028, 1, 31))
    at.button(key="plan.range_go").click().run()
    assert "must lie within the plan" in at.error[0].value
    assert saved_plan(db, client_id) == before


def test_unsaved_rows_survive_a_tab_switch_and_save_once_fixed(db: Engine) -> None:
    client_id = demo_id(db)
    before = saved_plan(db, client_id)
    at = open_app("plan", client=client_id)
    edit(at, "plan.table", edited_rows={"1": {"caption": "Da tenere"}, "4": {"link": "www.x"}})
    assert "Nessuna modifica della tabella è salvata" in texts(at)
    assert saved_plan(db, client_id) == before
    open_tab(at, "Calendario")
    open_tab(at, "Post")
    assert not at.exception
    base = at.session_state["plan.table.base"]
    assert base.loc[1, "caption"] == "Da tenere" and base.loc[4, "link"] == "www.x"
    assert "riga 5 › Link" in texts(at)
    edit(at, "plan.table", edited_rows={"4": {"link": "https://www.pasticceriaduetorri.it/"}})
    assert not at.error, [e.value for e in at.error]
    after = {p.id: p for p in saved_plan(db, client_id).posts}
    assert after[before.posts[1].id].caption == "Da tenere"
    assert after[before.posts[4].id].link == "https://www.pasticceriaduetorri.it/"
