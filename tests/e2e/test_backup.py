"""The backup archive, downloaded from the export page in Chromium, restores on another server."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_backup_downloads_and_restores_on_a_fresh_server(
    app,
    demo_client_id: int,
    open_browser,
    start_fresh_server,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    app.open("export", client=demo_client_id, lang="it")
    with app.page.expect_download() as started:
        app.page.get_by_role("button", name="Scarica il backup (.zip)", exact=True).click()
    archive = tmp_path / started.value.suggested_filename
    started.value.save_as(archive)
    assert archive.name.startswith("strategy-workbench-backup-") and archive.suffix == ".zip"
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
    assert "Pasticceria Due Torri" in [c["name"] for c in manifest["clients"]]

    fresh = start_fresh_server()
    other = open_browser(fresh.url)
    other.open("export", lang="it")
    uploader = other.widget("backup.file.0").locator("input[type=file]")
    other.rerun_after(lambda: uploader.set_input_files(archive))
    expect(other.page.get_by_text("Pasticceria Due Torri").first).to_be_visible()
    other.rerun_after(
        other.page.get_by_role("button", name="Ripristina questi clienti", exact=True).click
    )
    count = len(manifest["clients"])
    expect(other.page.get_by_text(f"Clienti ripristinati: {count}.")).to_be_visible()
    other.expect_no_error_page()
    listed = json.loads(fresh.cli("clients", "--json").stdout)
    assert "Pasticceria Due Torri" in [c["name"] for c in listed]
