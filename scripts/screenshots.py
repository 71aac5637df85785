"""Screenshots for docs/, taken from the running app in Chromium at 1440 px.

Usage: .venv/bin/python scripts/screenshots.py [--out docs]

Starts the app on a temporary SQLite file (as the e2e tests do), walks the guided path in
Italian for a new client (the essentials, then "Crea la bozza della strategia") and saves:
- screenshot-start.png: the essentials of a new client, filled in;
- screenshot-proposal.png: "Cosa proponiamo", the draft's summary;
- screenshot-plan.png: the plan's posts table of that client.
The report's pages are rendered from its PDF by scripts/report_screenshots.py.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.e2e.conftest import CHROMIUM_ARGS, CHROMIUM_PATH, Workbench, start_server  # noqa: E402
from tests.e2e.test_guided_path import Walk, fill_essentials  # noqa: E402

WIDTH, HEIGHT = 1440, 900


def shoot(app: Workbench, path: Path, *, full: bool = False) -> None:
    app.page.wait_for_timeout(400)  # charts and fonts settle
    app.page.screenshot(path=path, full_page=full, animations="disabled")
    print(f"wrote {path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    out = parser.parse_args().out.resolve()
    with tempfile.TemporaryDirectory() as directory:
        server = start_server(Path(directory))
        try:
            with sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT}, locale="it-IT")
                app = Workbench(page, server.url)
                app.open("", lang="it")
                walk = Walk(app)
                walk.click(page.get_by_role("button", name="Nuovo cliente: bozza in un clic"))
                fill_essentials(walk)
                shoot(app, out / "screenshot-start.png")
                walk.click(page.get_by_role("button", name="Crea la bozza della strategia"))
                expect(app.title).to_have_text("Cosa proponiamo")
                shoot(app, out / "screenshot-proposal.png")
                client = dict(p.split("=") for p in page.url.split("?", 1)[1].split("&"))["client"]
                app.open("plan", lang="it", client=client)
                page.get_by_test_id("stDataFrame").first.scroll_into_view_if_needed()
                shoot(app, out / "screenshot-plan.png")
                browser.close()
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
