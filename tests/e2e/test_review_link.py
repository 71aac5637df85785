"""A client review link in Chromium: the manager creates it, the client answers, the plan shows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_client_reviews_the_plan_through_the_link(
    app,  # noqa: ANN001
    open_browser: Callable,
    server,  # noqa: ANN001
    demo_client_id: int,
    tmp_path: Path,
) -> None:
    posts = sorted(
        server.export(demo_client_id, tmp_path)["plan"]["posts"],
        key=lambda p: (p["date"], p["time"]),
    )
    first, second = posts[0]["id"], posts[1]["id"]

    # The manager creates a link on the plan page and copies it.
    app.open("plan", client=demo_client_id, lang="it")
    app.rerun_after(app.page.get_by_role("tab", name="Revisione cliente", exact=True).click)
    app.rerun_after(app.widget("plan.review.create").get_by_role("button").click)
    url = app.page.get_by_test_id("stCode").inner_text().strip()
    assert url.startswith(f"{app.base_url}/?review=")
    expect(app.page.get_by_text("scade il")).to_be_visible()

    # The client opens it in another browser: only the plan, no sidebar.
    client = open_browser(app.base_url)
    client.rerun_after(lambda: client.page.goto(url))
    expect(client.title).to_have_text("Revisione del piano editoriale")
    expect(client.sidebar).to_have_count(0)
    client.rerun_after(client.widget(f"review.approve.{first}").get_by_role("button").click)
    expect(client.widget(f"review.post.{first}").get_by_text("Approvato")).to_be_visible()
    client.field(f"review.comment.{second}").fill("Meglio una foto del banco")
    client.rerun_after(client.widget(f"review.changes.{second}").get_by_role("button").click)
    changed = client.widget(f"review.post.{second}").get_by_text("Modifiche richieste")
    expect(changed).to_be_visible()
    client.expect_no_error_page()
    client.screenshot("it-review-link-client")

    # The manager's plan shows both answers.
    app.reload()
    expect(app.page.get_by_text("Solo da modificare (1)")).to_be_visible()
    app.rerun_after(app.page.get_by_role("tab", name="Revisione cliente", exact=True).click)
    expect(app.page.get_by_text("1 approvato, 1 da modificare")).to_be_visible()
    expect(app.page.get_by_text("Meglio una foto del banco")).to_be_visible()
    app.expect_no_error_page()
    app.screenshot("it-review-link-manager")
