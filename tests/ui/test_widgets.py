"""Tables that do not lose or invent (issue 18): an empty row is dropped and the user told."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from tests.apptest import open_app, open_tab
from tests.conftest import make_client
from workbench.db import read_session
from workbench.strategy import load_strategy


def test_an_empty_row_is_not_saved_and_the_page_says_so(db: Engine) -> None:
    client_id = make_client(db, "Vivaio Verde")
    at = open_tab(open_app("competitors", client=client_id), "comp.tab", "Dati")
    at.session_state["comp.set"] = {
        "edited_rows": {},
        "added_rows": [{"name": "Garden Rossi"}, {}],
        "deleted_rows": [],
    }
    at.run()
    with read_session(db) as session:
        names = [c.name for c in load_strategy(session, client_id).competitors.competitors]
    assert names == ["Vivaio Verde", "Garden Rossi"]  # no "—", no empty competitor
    shown = [toast.value for toast in at.toast] + [c.value for c in at.caption]
    assert "1 riga vuota non è stata salvata: compila una cella per tenerla." in shown


def test_the_figures_platform_stays_chosen_after_its_first_rows_are_saved(db: Engine) -> None:
    from workbench.models import Platform

    client_id = make_client(db, "Vivaio Verde")
    at = open_tab(open_app("competitors", client=client_id), "comp.tab", "Dati")
    key = "comp.figures_platform.vivaio verde"
    week = {"period_start": "2026-11-02", "period_end": "2026-11-08", "posts": 3}
    for platform in (Platform.facebook, Platform.tiktok):  # the second one is new to it
        at.selectbox(key=key).set_value(platform).run()
        at.session_state[f"comp.figures.vivaio verde.{platform.value}"] = {
            "edited_rows": {},
            "added_rows": [week],
            "deleted_rows": [],
        }
        at.run()
        assert not at.error
        at.run()
        assert at.selectbox(key=key).value == platform
        # The same options in the same order whatever has figures: a browser keeps the choice
        # only then (new options would send it back to the first platform).
        options = at.selectbox(key=key).options
        assert [o.split(" · ")[0] for o in options[:3]] == ["Facebook", "Instagram", "TikTok"]
    with read_session(db) as session:
        figures = load_strategy(session, client_id).competitors.competitors[0].figures
    assert {f.platform for f in figures} == {Platform.facebook, Platform.tiktok}
    assert at.selectbox(key=key).options[2] == "TikTok · 1 riga"
