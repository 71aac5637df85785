"""The sidebar names the active client and lists the eight steps with their status."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from workbench.i18n import t
from workbench.strategy import STEPS

pytestmark = pytest.mark.e2e


def test_sidebar_shows_client_and_steps(app, server, demo_client_id: int) -> None:
    clients = json.loads(server.cli("clients", "--json").stdout)
    done = next(c for c in clients if c["id"] == demo_client_id)["steps_done"]
    assert "brief" in done  # the demo brief is complete

    app.open("audience", client=demo_client_id, lang="it")

    expect(app.sidebar.get_by_text("Cliente attivo")).to_be_visible()
    expect(app.sidebar.get_by_text("Pasticceria Due Torri")).to_be_visible()
    progress = t("sidebar.progress", "it", done=len(done), total=len(STEPS))
    expect(app.sidebar.get_by_text(progress)).to_be_visible()
    # Streamlit draws each link twice (with and without its tooltip) and shows one.
    links = app.sidebar.get_by_test_id("stPageLink-NavLink").filter(visible=True)
    expect(links.get_by_test_id("stMarkdownContainer")).to_have_text(
        [
            "Clienti",
            "1. Brief",
            "2. Pubblico",
            "3. Competitor",
            "4. Piattaforme",
            "5. Budget",
            "6. Piano editoriale",
            "7. Monitoraggio",
            "8. Esporta",
            "Presentazione",
        ]
    )
    # A check mark for each step the database says is done, an empty circle otherwise.
    expect(links.get_by_test_id("stIconMaterial")).to_have_text(
        ["home"]
        + ["check_circle" if step in done else "radio_button_unchecked" for step in STEPS]
        + ["co_present"]
    )


def test_sidebar_step_link_keeps_client_and_language(app, demo_client_id: int) -> None:
    app.open("audience", client=demo_client_id, lang="en")

    brief_link = app.sidebar.get_by_test_id("stPageLink-NavLink").filter(visible=True)
    app.rerun_after(brief_link.filter(has_text="1. Brief").click)

    expect(app.title).to_have_text("Brief")
    expect(app.page).to_have_url(
        re.compile(rf"/brief\?(?=.*lang=en)(?=.*client={demo_client_id}\b)")
    )
    expect(app.field("brief.name")).to_have_value("Pasticceria Due Torri")
    expect(app.page.get_by_text(t("brief.complete", "en"))).to_be_visible()
    app.expect_no_error_page("en")


def test_sidebar_without_client_asks_to_pick_one(app) -> None:
    app.open("brief", lang="it")

    expect(app.sidebar.get_by_test_id("stPageLink")).to_have_count(1)  # only the client list
    expect(app.sidebar.get_by_text(t("sidebar.no_client", "it"))).to_be_visible()
    expect(app.page.get_by_text(t("common.pick_client", "it"))).to_be_visible()
