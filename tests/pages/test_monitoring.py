"""The Monitoring page through AppTest: import with a preview, nothing twice, the results."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine

from tests.apptest import demo_id, open_app, open_tab, texts
from workbench.db import read_session, write_session
from workbench.models import Platform, PostResult, PostStatus, Results
from workbench.strategy import load_strategy, save_section

DATA = Path(__file__).parents[1] / "data" / "results"


def stored(db: Engine, client_id: int) -> list:
    with read_session(db) as session:
        return list(load_strategy(session, client_id).results.posts)


def upload(at, name: str):  # noqa: ANN001, ANN201
    at.file_uploader(key="mon.upload").upload(name, (DATA / name).read_bytes()).run()
    return at


def test_a_meta_export_is_recognised_previewed_and_imported_once(db: Engine) -> None:
    client_id = demo_id(db)
    at = upload(open_app("monitoring", client=client_id), "meta_instagram_en.csv")
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "Formato riconosciuto: **Meta Business Suite, post Instagram**." in texts(at)
    # September posts, a plan from 30 November: said before importing, imported all the same.
    assert "3 post del file sono fuori dal periodo del piano (30/11/26" in texts(at)
    [preview] = at.dataframe
    rows = len(preview.value)
    assert rows > 0
    at.button(key="mon.import").click().run()
    assert f"{rows} post aggiunti, 0 già presenti" in texts(at)
    assert len(stored(db, client_id)) == rows
    # The same file again adds nothing.
    upload(at, "meta_instagram_en.csv")
    at.button(key="mon.import").click().run()
    assert f"0 post aggiunti, {rows} già presenti" in texts(at)
    assert len(stored(db, client_id)) == rows
    # The results tab lists them; the sidebar marks the step done.
    at = open_tab(at, "mon.tab", "Risultati")
    assert f"{rows} post importati" in texts(at)
    assert "7 di 8 passi completati" in texts(at)


def test_an_unknown_file_lists_the_accepted_formats(db: Engine) -> None:
    client_id = demo_id(db)
    at = open_app("monitoring", client=client_id, lang="en")
    at.file_uploader(key="mon.upload").upload("notes.csv", b"a,b,c\n1,2,3\n").run()
    [error] = at.error
    assert "Meta Business Suite" in error.value and "YouTube Studio" in error.value
    assert at.get("button") == [] or not any(b.key == "mon.import" for b in at.button)
    assert stored(db, client_id) == []


def test_without_results_the_page_says_what_to_do(db: Engine) -> None:
    at = open_tab(open_app("monitoring", client=demo_id(db), lang="en"), "mon.tab", "Results")
    assert "No results yet: import the platforms' export" in texts(at)


# --- analysis and best times -------------------------------------------------------------------


def results_for_demo(db: Engine, client_id: int) -> tuple[list, list]:
    """Results for the demo plan's first eight weeks: every Instagram post and every other
    Facebook post, published 10 minutes late, plus two posts before the plan started.

    Reels and carousels are not in the demo's formats: the rates differ by pillar instead,
    photos of the first pillar doing three times as well as the others.
    """
    with read_session(db) as session:
        plan = load_strategy(session, client_id).plan
    assert plan.start is not None
    first_pillar = plan.pillars[0].name
    end = plan.start + timedelta(days=55)
    posts = sorted((p for p in plan.posts if p.date <= end), key=lambda p: (p.date, p.time))
    chosen = [p for p in posts if p.platform is Platform.instagram]
    chosen += [p for p in posts if p.platform is Platform.facebook][::2]
    results = [
        PostResult(
            platform=p.platform,
            date=p.date,
            time=(datetime.combine(p.date, p.time) + timedelta(minutes=10)).time(),
            title=p.topic,
            reach=1000,
            likes=90 if p.pillar == first_pillar else 30,
            comments=0,
            followers=2000 + i * 10 if p.platform is Platform.instagram else None,
        )
        for i, p in enumerate(chosen)
    ]
    early = plan.start - timedelta(days=3)
    results += [
        PostResult(platform=Platform.instagram, date=early, time=time(9), reach=500, likes=5),
        PostResult(platform=Platform.instagram, date=early, time=time(21), reach=500, likes=5),
    ]
    with write_session(db) as session:
        save_section(session, client_id, "results", Results(posts=results))
    return chosen, results


def plan_posts(db: Engine, client_id: int) -> list:
    with read_session(db) as session:
        return list(load_strategy(session, client_id).plan.posts)


def test_the_analysis_marks_published_posts_and_compares_plan_with_actual(db: Engine) -> None:
    client_id = demo_id(db)
    chosen, results = results_for_demo(db, client_id)
    at = open_tab(open_app("monitoring", client=client_id), "mon.tab", "Analisi")
    assert not at.exception and not at.error, [e.value for e in at.error]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Post con risultati"] == str(len(results))
    # The two early posts cannot match a planned post: they are said, and unplanned.
    assert "2 risultati del periodo sono fuori dal periodo del piano" in texts(at)
    # Plan against actual per platform: the period runs to the last result.
    last = max(r.date for r in results)
    in_period = [p for p in plan_posts(db, client_id) if p.date <= last]
    by_platform = at.dataframe[0].value.set_index("Piattaforma")
    for platform, name in ((Platform.instagram, "Instagram"), (Platform.facebook, "Facebook")):
        planned = sum(1 for p in in_period if p.platform is platform)
        published = sum(1 for p in chosen if p.platform is platform)
        assert by_platform.loc[name, "Previsti"] == planned
        assert by_platform.loc[name, "Pubblicati"] == published
    assert by_platform.loc["Instagram", "Fuori piano"] == 2
    # The first pillar does three times as well: the numbers say so.
    assert "volte quello dei post di" in texts(at)
    # KPIs: "Follower Instagram" reads the latest Instagram follower count.
    kpis = at.dataframe[2].value.set_index("Metrica")
    followers = max(r.followers for r in results if r.followers is not None)
    assert kpis.loc["Follower Instagram", "Risultato"] == f"{followers:,}".replace(",", ".")
    assert kpis.loc["Follower Instagram", "Misurato come"] == "Follower (Instagram)"
    assert kpis.loc["Ordini torte da social al mese", "Risultato"] == "—"
    # Mark the matched posts published: once.
    button = at.button(key="mon.mark_published")
    assert button.label == f"Segna {len(chosen)} come pubblicati"
    button.click().run()
    published = {p.id for p in plan_posts(db, client_id) if p.status == PostStatus.published}
    assert published == {p.id for p in chosen}
    assert not any(b.key == "mon.mark_published" for b in at.button)


def test_the_analysis_in_english_names_the_denominator(db: Engine) -> None:
    client_id = demo_id(db)
    results_for_demo(db, client_id)
    at = open_tab(open_app("monitoring", client=client_id, lang="en"), "mon.tab", "Analysis")
    assert not at.exception and not at.error
    assert "(denominator: reach;" in texts(at).replace("\\", "")  # Markdown escapes
    by_pillar = at.dataframe[3].value
    assert set(by_pillar["Denominator"]) == {"reach"}
    assert list(by_pillar["Mean engagement rate %"])[0] == "9%"  # the first pillar: 90 / 1,000


def test_best_times_move_the_plans_slots(db: Engine) -> None:
    client_id = demo_id(db)
    chosen, _ = results_for_demo(db, client_id)
    at = open_tab(open_app("monitoring", client=client_id), "mon.tab", "Orari migliori")
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.selectbox(key="mon.times.platform").value is Platform.instagram
    before = {p.id: p.time for p in plan_posts(db, client_id)}
    # With 50 posts required per hour nothing qualifies: said, and no button.
    at.number_input(key="mon.times.min_posts").set_value(50).run()
    assert not any(b.key == "mon.times.move" for b in at.button)
    assert "Nessun post da spostare" in texts(at)
    at.number_input(key="mon.times.min_posts").set_value(1).run()
    move = at.button(key="mon.times.move")
    moved = int(move.label.split()[1])
    assert moved > 0
    move.click().run()
    after = plan_posts(db, client_id)
    changed = [p for p in after if p.time != before[p.id]]
    assert len(changed) == moved
    assert all(p.platform is Platform.instagram and p.edited for p in changed)
    assert all(p.time.minute == 0 for p in changed)
    # Posts already out (matched to a result) keep the time they went out at.
    assert not {p.id for p in changed} & {p.id for p in chosen}
