"""Monitoring in Chromium: upload a platform export, import it, read the analysis; and the
presentation screen for the meeting."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

RESULTS = Path(__file__).parents[1] / "data" / "results"


def own_copy_of_the_demo(server, demo_client_id: int, directory: Path, name: str) -> int:  # noqa: ANN001
    """A client of this test only: the demo's strategy under another name."""
    document = server.export(demo_client_id, directory)
    document["client"]["name"] = name
    path = directory / "copy.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return int(json.loads(server.cli("import", str(path), "--json").stdout)["id"])


def test_an_export_is_imported_and_analysed(
    app, server, demo_client_id: int, tmp_path: Path
) -> None:  # noqa: ANN001
    client_id = own_copy_of_the_demo(server, demo_client_id, tmp_path, "Forno Monitor")
    app.open("monitoring", client=client_id, lang="it")
    app.rerun_after(
        lambda: app.page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
            RESULTS / "meta_instagram_en.csv"
        )
    )
    expect(app.page.get_by_text("Meta Business Suite, post Instagram")).to_be_visible()
    app.rerun_after(lambda: app.page.get_by_role("button", name="Importa 3 post").click())
    expect(app.page.get_by_text("3 post aggiunti, 0 già presenti")).to_be_visible()

    app.rerun_after(lambda: app.page.get_by_role("tab", name="Analisi").click())
    expect(app.page.get_by_text("Post con risultati")).to_be_visible()
    # September results against a plan that starts later: said, and counted as unplanned.
    expect(app.page.get_by_text(re.compile(r"3 risultati del periodo sono fuori"))).to_be_visible()
    expect(app.page.get_by_text("Migliori per engagement rate")).to_be_visible()

    app.rerun_after(lambda: app.page.get_by_role("tab", name="Orari migliori").click())
    expect(app.page.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()
    # One post per hour, two needed: nothing to move, and the page says why.
    expect(app.page.get_by_text(re.compile(r"^Nessun post da spostare"))).to_be_visible()
    expect(app.page.get_by_role("button", name=re.compile(r"^Sposta"))).to_have_count(0)
    app.expect_no_error_page()
    app.screenshot("it-monitoring-times")


def test_the_presentation_hides_the_sidebar_and_every_control(app, demo_client_id: int) -> None:  # noqa: ANN001
    app.open("present", client=demo_client_id, lang="en")
    expect(app.title).to_have_text("Pasticceria Due Torri")
    expect(app.sidebar).to_be_hidden()
    main = app.page.locator("[data-testid='stMain']")
    expect(main.locator("input, textarea, button")).to_have_count(0)
    expect(main.get_by_text("Platforms and why")).to_be_visible()
    expect(main.get_by_text(re.compile(r"^The coming month: "))).to_be_visible()
    app.expect_no_error_page("en")
    app.screenshot("en-present")
    # Exit goes back to the editorial plan, with the sidebar.
    app.rerun_after(lambda: main.get_by_role("link", name="Exit").click())
    expect(app.title).to_have_text("Editorial plan")
    expect(app.sidebar).to_be_visible()
