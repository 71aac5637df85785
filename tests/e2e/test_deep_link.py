"""A shared link to a step works as the very first visit after the server starts."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_first_visit_to_a_step_link_runs_the_whole_app(start_fresh_server, open_browser) -> None:
    server = start_fresh_server()
    demo = json.loads(server.cli("demo", "--json").stdout)
    app = open_browser(server.url)

    # No page has run in this server yet: the step must still come with app.py around it.
    app.open("brief", client=demo["id"], lang="it")

    expect(app.title).to_have_text("Brief")
    expect(app.field("brief.name")).to_have_value(demo["name"])
    expect(app.sidebar.get_by_text("Cliente attivo")).to_be_visible()
    app.expect_no_error_page()
