"""A new client's brief, typed in the browser, survives a reload and reaches the CLI export."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from workbench.i18n import t

pytestmark = pytest.mark.e2e

SAVED = re.compile(r"^✓ Salvato · \d")


def test_new_client_brief_is_saved_as_typed(app, server, tmp_path: Path) -> None:
    name = f"Forno Test {uuid.uuid4().hex[:6]}"
    app.open(lang="it")

    app.page.get_by_label("Nome del nuovo cliente").fill(name)
    app.rerun_after(app.page.get_by_role("button", name="Crea cliente").click)
    expect(app.page).to_have_url(re.compile(r"/brief\?.*client=\d+"))
    expect(app.title).to_have_text("Brief")
    # The status line is drawn last: once it shows, the brief's first run is over.
    expect(app.page.get_by_text(t("brief.not_saved_yet", "it"))).to_be_visible()
    expect(app.field("brief.name")).to_have_value(name)
    client_id = int(re.search(r"client=(\d+)", app.page.url).group(1))  # type: ignore[union-attr]

    app.type_into("brief.city", "Matera")
    app.type_into("brief.description", "Panificio di quartiere, pane di grano duro.")
    app.type_into("brief.hours_per_week", "7.5")
    app.type_into("brief.budget_max", "900")
    app.click_pill("brief.broad_goals", "Informativa")
    app.click_pill("brief.capabilities", "Video brevi")
    expect(app.page.get_by_text(SAVED)).to_be_visible()
    app.expect_no_error_page()

    app.reload()
    expect(app.title).to_have_text("Brief")
    expect(app.page.get_by_text(SAVED)).to_be_visible()
    expect(app.field("brief.city")).to_have_value("Matera")
    expect(app.field("brief.description")).to_have_value(
        "Panificio di quartiere, pane di grano duro."
    )
    expect(app.field("brief.hours_per_week")).to_have_value("7,5")  # shown the Italian way
    expect(app.field("brief.budget_max")).to_have_value("900")
    expect(app.pill("brief.broad_goals", "Informativa")).to_have_attribute("aria-pressed", "true")
    expect(app.pill("brief.capabilities", "Video brevi")).to_have_attribute("aria-pressed", "true")
    expect(app.pill("brief.broad_goals", "Commerciale")).to_have_attribute("aria-pressed", "false")

    app.open(lang="it")
    # Most recently updated first: the client just edited heads the list.
    expect(app.table_cells(column=1).first).to_have_text(name)
    app.type_into("home.search", name.upper())
    expect(app.table_cells(column=1)).to_have_text([name])
    expect(app.page.get_by_text(t("home.count", "it", shown=1, total=1))).to_be_visible()

    brief = server.export(client_id, tmp_path)["brief"]
    assert brief["city"] == "Matera"
    assert brief["description"] == "Panificio di quartiere, pane di grano duro."
    assert Decimal(brief["hours_per_week"]) == Decimal("7.5")
    assert Decimal(brief["budget_max"]) == Decimal("900")
    assert brief["broad_goals"] == ["informative"]
    assert brief["capabilities"] == ["short_video"]
