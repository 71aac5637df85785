"""End-to-end fixtures: the real app under `streamlit run`, driven by headless Chromium.

One Streamlit server per test session, on a free loopback port and a temporary SQLite
file; the CLI (`python -m workbench`) works on the same file. Chromium is Debian's
(/usr/bin/chromium, or CHROMIUM_PATH): we never run `playwright install`. Without it the
tests are skipped, except under CI=true, where they fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from playwright.sync_api import (
    Browser,
    Locator,
    Page,
    Playwright,
    WebSocket,
    expect,
    sync_playwright,
)
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from workbench.i18n import t

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SERVER_START_TIMEOUT_S = 60
# Streamlit renders asynchronously: every wait in these tests is for an element or a state.
TIMEOUT_MS = 20_000
expect.set_options(timeout=10_000)

# The browser has drawn a finished run: React has set the script state, and every widget's
# code has loaded (Streamlit loads it lazily and shows a grey skeleton meanwhile).
_DRAWN = """() => document.querySelector(
    '[data-testid="stApp"][data-test-script-state="notRunning"]') !== null
  && document.querySelector(
    '[data-testid="stSkeleton"], [data-testid="stSkeletonElement"], [data-testid="stAppSkeleton"]'
  ) === null"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class StreamlitServer:
    """A running `streamlit run app.py` and the environment the CLI shares with it."""

    url: str
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] = field(repr=False)

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run `python -m workbench ARGS` on the server's database; fail on a non-zero exit."""
        result = subprocess.run(
            [sys.executable, "-m", "workbench", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, f"workbench {' '.join(args)}: {result.stderr}"
        return result

    def export(self, client_id: int, directory: Path) -> dict[str, Any]:
        """The client's strategy as the CLI exports it."""
        path = directory / f"client-{client_id}.json"
        self.cli("export", str(client_id), "--format", "json", "-o", str(path))
        document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return document

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_server(directory: Path, *options: str) -> StreamlitServer:
    """Start the app on a free port with its database in `directory`; wait until healthy.

    `options` go to `streamlit run`, e.g. `--secrets.files PATH` for a server with sign-in.
    """
    directory.mkdir(parents=True, exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL"}
    }
    env.update(
        WORKBENCH_DB_PATH=str(directory / "workbench.db"),
        WORKBENCH_LANGUAGE="it",
        STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
    )
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        # Edits to the sources during a run must not reload modules under the tests' feet.
        "--server.fileWatcherType",
        "none",
        *options,
    ]
    log_path = directory / "streamlit.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    server = StreamlitServer(f"http://127.0.0.1:{port}", env, log_path, process)
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"streamlit not healthy after {SERVER_START_TIMEOUT_S} s:\n{server.log()}")


@dataclass
class ScriptRuns:
    """Script runs of one tab, read from the server's messages on the websocket.

    Every run starts with a new_session message and ends with a script_finished one (a run
    cut short by st.rerun or st.switch_page ends "early for rerun"). The page's DOM alone
    cannot tell: a quick run can start and end within one render.
    """

    started: int = 0
    ended: int = 0
    completed: int = 0
    _socket: WebSocket | None = None

    def watch(self, websocket: WebSocket) -> None:
        """Follow the websocket of a newly loaded page; a run left on the old one is gone."""
        self._socket, self.started, self.ended = websocket, 0, 0
        websocket.on("framereceived", lambda payload: self._on_frame(websocket, payload))

    def _on_frame(self, websocket: WebSocket, payload: str | bytes) -> None:
        if websocket is not self._socket or isinstance(payload, str):
            return
        message = ForwardMsg.FromString(payload)
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.started += 1
        elif kind == "script_finished":
            self.ended += 1
            if message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                self.completed += 1

    @property
    def idle(self) -> bool:
        return self.ended >= self.started


@dataclass
class Workbench:
    """The app in one browser tab, with the few moves every test makes."""

    page: Page
    base_url: str
    runs: ScriptRuns = field(default_factory=ScriptRuns)

    def __post_init__(self) -> None:
        self.page.on("websocket", self.runs.watch)

    def _wait_until(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {TIMEOUT_MS} ms waiting for {what}")
            self.page.wait_for_timeout(20)  # lets Playwright deliver the websocket events

    def rerun_after(self, action: Callable[[], object]) -> None:
        """Do something that reruns the script; wait until that run has ended and is drawn."""
        self._wait_until(lambda: self.runs.idle, "the previous script run to end")
        before = self.runs.completed
        action()
        self._wait_until(
            lambda: self.runs.completed > before and self.runs.idle, "a script run to complete"
        )
        self.page.wait_for_function(_DRAWN, timeout=TIMEOUT_MS)

    def open(self, path: str = "", **params: str | int) -> None:
        """Load a page by URL and wait until its first script run has finished."""
        query = urlencode({k: str(v) for k, v in params.items()})
        url = f"{self.base_url}/{path}" + (f"?{query}" if query else "")
        self.rerun_after(lambda: self.page.goto(url))
        expect(self.title).to_be_visible()

    def reload(self) -> None:
        """Reload the browser tab (a new Streamlit session) and wait for its first run."""
        self.rerun_after(self.page.reload)
        expect(self.title).to_be_visible()

    def table_cells(self, column: int) -> Locator:
        """One column of a dataframe. The grid draws on a canvas; this is its ARIA copy."""
        return self.page.get_by_test_id("stDataFrame").locator(
            f'td[role="gridcell"][aria-colindex="{column}"]'
        )

    @property
    def title(self) -> Locator:
        return self.page.get_by_test_id("stMain").locator("h1").first

    @property
    def sidebar(self) -> Locator:
        return self.page.get_by_test_id("stSidebar")

    def widget(self, key: str) -> Locator:
        """The element of the widget with this Streamlit key (Streamlit's st-key-* class)."""
        return self.page.locator(f".st-key-{re.sub(r'[^A-Za-z0-9_-]', '-', key)}")

    def field(self, key: str) -> Locator:
        return self.widget(key).locator("input, textarea").first

    def type_into(self, key: str, value: str) -> None:
        """Type a value and leave the field, as a user does: that commits it."""
        box = self.field(key)

        def commit() -> None:
            box.fill(value)
            box.press("Tab")

        self.rerun_after(commit)
        if box.get_attribute("type") != "number":  # numbers come back formatted
            expect(box).to_have_value(value)

    def pill(self, key: str, label: str) -> Locator:
        return self.widget(key).get_by_role("button", name=label, exact=True)

    def click_pill(self, key: str, label: str) -> None:
        self.rerun_after(self.pill(key, label).click)

    def expect_no_error_page(self, lang: str = "it") -> None:
        """No Streamlit exception, no traceback, not the app's 'page failed' message."""
        expect(self.page.get_by_test_id("stException")).to_have_count(0)
        expect(self.page.get_by_text("Traceback")).to_have_count(0)
        expect(self.page.get_by_text(t("errors.page_failed", lang))).to_have_count(0)

    def screenshot(self, name: str) -> Path:
        """The whole page, including what scrolls inside Streamlit's main area."""
        path = ARTIFACTS / "screenshots" / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        viewport = self.page.viewport_size or {"width": 1400, "height": 900}
        height = self.page.evaluate(
            """() => Math.max(window.innerHeight, ...['stMain', 'stSidebarContent']
                .map((id) => document.querySelector(`[data-testid="${id}"]`))
                .filter(Boolean).map((el) => el.scrollHeight))"""
        )
        self.page.set_viewport_size({"width": viewport["width"], "height": int(height)})
        try:
            self.page.screenshot(path=path, full_page=True, animations="disabled")
        finally:
            self.page.set_viewport_size(viewport)
        return path


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM_PATH).exists():
        reason = f"no Chromium at {CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)"
        if IN_CI:
            pytest.fail(f"CI must run the e2e tests: {reason}")
        pytest.skip(reason)
    return CHROMIUM_PATH


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(chromium_path: str, playwright_driver: Playwright) -> Iterator[Browser]:
    browser = playwright_driver.chromium.launch(
        executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    server = start_server(tmp_path_factory.mktemp("e2e-server"))
    yield server
    server.stop()
    if IN_CI:  # keep the server's log next to the screenshots
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copy(server.log_path, ARTIFACTS / "streamlit.log")


@pytest.fixture
def start_fresh_server(tmp_path: Path) -> Iterator[Callable[[], StreamlitServer]]:
    """Start another server, for tests about what happens right after a start."""
    started: list[StreamlitServer] = []

    def start() -> StreamlitServer:
        started.append(start_server(tmp_path / f"server-{len(started)}"))
        return started[-1]

    yield start
    for server in started:
        server.stop()


def _new_workbench(browser: Browser, base_url: str) -> Workbench:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="it-IT")
    context.set_default_timeout(TIMEOUT_MS)
    return Workbench(context.new_page(), base_url)


@pytest.fixture(scope="session")
def base_url(server: StreamlitServer, browser: Browser) -> str:
    """The server's URL, once the home page has run in it.

    Until app.py has run once in a server process, Streamlit may treat the pages/ folder
    as a v1 multipage app and run a deep-linked page without app.py. test_deep_link.py
    covers the first visit on a fresh server; the other tests start after a normal one.
    """
    first = _new_workbench(browser, server.url)
    first.open()
    first.page.context.close()
    return server.url


@pytest.fixture
def open_browser(browser: Browser) -> Iterator[Callable[[str], Workbench]]:
    """Open the app at a base URL in a fresh browser context (closed after the test)."""
    opened: list[Workbench] = []

    def open_app(url: str) -> Workbench:
        opened.append(_new_workbench(browser, url))
        return opened[-1]

    yield open_app
    for workbench in opened:
        workbench.page.context.close()


@pytest.fixture
def app(
    open_browser: Callable[[str], Workbench], base_url: str, server: StreamlitServer
) -> Iterator[Workbench]:
    """The app in a fresh browser context; fails the test if the server logged a traceback."""
    log_start = len(server.log())
    yield open_browser(base_url)
    new_log = server.log()[log_start:]
    assert "Traceback" not in new_log, f"the server logged an error:\n{new_log}"


@pytest.fixture(scope="session")
def demo_client_id(server: StreamlitServer) -> int:
    result = server.cli("demo", "--if-missing", "--json")
    return int(json.loads(result.stdout)["id"])
