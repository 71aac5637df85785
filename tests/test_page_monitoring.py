"""The Monitoring page through AppTest: import with a preview, nothing twice, the results."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from tests.apptest import demo_id, open_app, open_tab, texts
from workbench.db import read_session
from workbench.strategy import load_strategy

DATA = Path(__file__).parent / "data" / "results"


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
