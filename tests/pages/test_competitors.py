"""The Competitors page through AppTest: ranking and charts, the set, figures, notes, benchmarks."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.apptest import demo_id, open_app, texts
from tests.apptest import open_tab as open_step_tab
from tests.conftest import make_client
from workbench.db import read_session
from workbench.models import Competitors, Platform
from workbench.strategy import load_strategy


def open_tab(at: AppTest, label: str) -> AppTest:
    return open_step_tab(at, "comp.tab", label)


def stored(db: Engine, client_id: int) -> Competitors:
    with read_session(db) as session:
        return load_strategy(session, client_id).competitors


def test_demo_shows_a_ranking_with_named_denominators_and_charts(db: Engine) -> None:
    at = open_app("competitors", client=demo_id(db), lang="en")
    assert not at.error
    ranking = at.dataframe[0].value
    assert "Pasticceria Due Torri ★" in set(ranking["Competitor"])
    assert {"Instagram", "Facebook", "TikTok"} <= set(ranking["Platform"])
    other = set(ranking["Engagement rate on the audience reached"])
    assert any("(reach)" in v or "(views)" in v for v in other)
    assert len(at.get("vega_lite_chart")) == 3
    open_tab(at, "Engagement benchmarks")
    sources = " ".join(at.dataframe[0].value["source"])
    assert "Socialinsider, Social Media Benchmarks, 2026" in sources
    assert "Rival IQ" in texts(at)  # the older source is named as consulted


def test_a_new_client_starts_with_itself_as_reference(db: Engine) -> None:
    client_id = make_client(db, "Vivaio Verde")
    at = open_app("competitors", client=client_id)
    assert "Nessun dato ancora" in texts(at)
    names = [c.name for c in stored(db, client_id).competitors]
    assert names == ["Vivaio Verde"]


def test_competitors_and_figures_are_added_in_the_tables(db: Engine) -> None:
    client_id = make_client(db, "Vivaio Verde")
    at = open_tab(open_app("competitors", client=client_id), "Dati")
    at.session_state["comp.set"] = {
        "edited_rows": {},
        "added_rows": [{"name": "Garden Rossi", "website": "https://rossi.example"}],
        "deleted_rows": [],
    }
    at.run()
    assert [c.name for c in stored(db, client_id).competitors] == ["Vivaio Verde", "Garden Rossi"]

    at = open_tab(open_app("competitors", client=client_id), "Dati")
    at.selectbox(key="comp.figures_of").set_value("Garden Rossi").run()
    at.selectbox(key="comp.figures_platform.garden rossi").set_value(Platform.instagram).run()
    at.session_state["comp.figures.garden rossi.instagram"] = {
        "edited_rows": {},
        "added_rows": [
            {
                "period_start": "2026-11-02",
                "period_end": "2026-11-08",
                "followers": 2000,
                "posts": 4,
                "likes": 300,
                "comments": 20,
            }
        ],
        "deleted_rows": [],
    }
    at.run()
    assert not at.error
    garden = stored(db, client_id).competitors[1]
    assert [(f.platform.value, f.followers, f.posts) for f in garden.figures] == [
        ("instagram", 2000, 4)
    ]
    ranking = open_app("competitors", client=client_id).dataframe[0].value
    row = ranking[ranking["Competitor"] == "Garden Rossi"].iloc[0]
    assert row["Engagement rate su follower (media per post)"] == "4 %"  # 320/4/2000


def test_reversed_period_is_named_and_nothing_saved_is_lost(db: Engine) -> None:
    client_id = demo_id(db)
    before = stored(db, client_id)
    at = open_tab(open_app("competitors", client=client_id), "Dati")
    at.session_state["comp.figures.pasticceria due torri.instagram"] = {
        "edited_rows": {"0": {"period_end": "2026-01-01"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    errors = [e.value for e in at.error]
    assert errors and "il periodo finisce prima di cominciare" in errors[0]
    assert stored(db, client_id) == before


def test_notes_and_benchmark_overrides_are_saved(db: Engine) -> None:
    client_id = demo_id(db)
    at = open_tab(open_app("competitors", client=client_id), "Note e stile")
    at.selectbox(key="comp.notes_of").set_value("Caffè dei Portici").run()
    at.text_area(key="comp.notes.caffè dei portici.strengths").input("Dehors in centro").run()
    competitor = next(c for c in stored(db, client_id).competitors if c.name == "Caffè dei Portici")
    assert competitor.strengths == "Dehors in centro"

    at = open_tab(open_app("competitors", client=client_id), "Benchmark di engagement")
    at.session_state["comp.benchmarks"] = {
        "edited_rows": {"0": {"override": 1.25}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    overrides = stored(db, client_id).benchmark_overrides
    assert list(overrides.values()) == [Decimal("1.25")]
