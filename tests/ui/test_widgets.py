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
