"""The plan page in Chromium: the post table, the calendar, the charts, regenerating."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_demo_plan_table_calendar_charts_and_regenerate(
    app, server, demo_client_id: int, tmp_path: Path
) -> None:
    plan = server.export(demo_client_id, tmp_path)["plan"]
    first = plan["posts"][0]
    app.open("plan", client=demo_client_id, lang="it")
    app.expect_no_error_page()
    total = len(plan["posts"])
    expect(app.page.get_by_text(f"{total} post mostrati su {total}")).to_be_visible()
    # The first post in the grid (date and time come first); the ARIA copy writes dates as ISO.
    expect(app.table_cells(column=1).first).to_have_text(first["date"])
    expect(app.table_cells(column=2).first).to_have_text(first["time"][:5])

    app.rerun_after(app.page.get_by_role("tab", name="Calendario", exact=True).click)
    expect(app.page.get_by_text("lun", exact=True)).to_be_visible()
    app.expect_no_error_page()

    app.rerun_after(app.page.get_by_role("tab", name="Mix e cadenza", exact=True).click)
    expect(app.page.get_by_test_id("stVegaLiteChart")).to_have_count(2)
    expect(app.page.get_by_text("Mix delle rubriche")).to_be_visible()

    app.rerun_after(app.page.get_by_role("button", name="Rigenera il piano").click)
    expect(app.page.get_by_text(f"Piano generato: {total} post nel periodo.")).to_be_visible()
    app.expect_no_error_page()
    app.screenshot("it-plan-regenerated")
