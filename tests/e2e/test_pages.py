"""Every page opens cleanly for the demo client, in Italian and in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# URL path -> the page title a user reads, per language.
TITLES = {
    "it": {
        "": "Clienti",
        "brief": "Brief",
        "audience": "Pubblico",
        "competitors": "Competitor",
        "platforms": "Piattaforme",
        "budget": "Budget",
        "plan": "Piano editoriale",
        "monitoring": "Monitoraggio",
        "export": "Esporta",
    },
    "en": {
        "": "Clients",
        "brief": "Brief",
        "audience": "Audience",
        "competitors": "Competitors",
        "platforms": "Platforms",
        "budget": "Budget",
        "plan": "Editorial plan",
        "monitoring": "Monitoring",
        "export": "Export",
    },
}
CASES = [(lang, path) for lang, titles in TITLES.items() for path in titles]


@pytest.mark.parametrize(
    ("lang", "path"), CASES, ids=[f"{lang}-{p or 'home'}" for lang, p in CASES]
)
def test_page_opens_with_its_title(app, demo_client_id: int, lang: str, path: str) -> None:
    app.open(path, client=demo_client_id, lang=lang)

    expect(app.title).to_have_text(TITLES[lang][path])
    app.expect_no_error_page(lang)
    # The demo client stays active: the sidebar names it on every page.
    expect(app.sidebar).to_contain_text("Pasticceria Due Torri")
    app.screenshot(f"{lang}-{path or 'home'}")
