"""Performance run: page reruns, browser load times, a 1,000-client list, a year's editorial plan.

Usage: .venv/bin/python benchmarks/run.py [--json FILE] [--repeat N]

Everything runs on a temporary SQLite database; nothing touches var/. Script reruns are
reported as a ratio to a one-line Streamlit page timed in the same run, so the numbers
compare across machines; browser and database timings are absolute. See README.md.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser
    from sqlalchemy.engine import Engine

    from workbench.models import Brief, Pillar, PlannedPost, PlatformSelection

ROOT = Path(__file__).resolve().parent.parent
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
MANY_CLIENTS = 1_000
SECTORS = ("food_retail", "restaurant", "hospitality", "fashion")


@dataclass(frozen=True)
class Result:
    name: str
    value: float
    unit: str
    target: float | None = None  # the most the value may be (issue 21), for ratios

    @property
    def met(self) -> bool:
        return self.target is None or self.value <= self.target


RERUN_TARGET = 10.0  # a page's full rerun: at most 10 trivial reruns
WORKBOOK_TARGET = 1.5  # the plan workbook: at most 1.5 raw XlsxWriter writes of its rows
COLD_START_TARGET = 2.0  # app.py's first paint: at most 2 first paints of a one-line app


def median_ms(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of `action` over `repeat` calls, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def median_pair_ms(
    first: Callable[[], object], second: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Median wall times of two actions timed in turns, so load on the machine hits both."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for action, series in zip((first, second), times, strict=True):
            start = time.perf_counter()
            action()
            series.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


# --- script reruns (AppTest) -------------------------------------------------------------------


def trivial_rerun_ms(directory: Path, repeat: int) -> float:
    from streamlit.testing.v1 import AppTest

    script = directory / "trivial_page.py"
    script.write_text('import streamlit as st\n\nst.write("x")\n', encoding="utf-8")
    at = AppTest.from_file(str(script))
    at.run()
    return median_ms(at.run, repeat)


def page_rerun_ms(
    page: str, client_id: int, lang: str, repeat: int, state: dict[str, object] | None = None
) -> float:
    """Median rerun of one page of the app, reached with the client and language in the URL
    (`state`: session state to set first, such as the open tab)."""
    from streamlit.testing.v1 import AppTest

    from workbench.i18n import t

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["client"] = str(client_id)
    at.query_params["lang"] = lang
    at.run()
    # Navigate with AppTest itself: after the app's own st.switch_page, AppTest would run
    # the page file without app.py around it.
    at.switch_page(page).run()
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    # app.py turns an exception into a friendly error: a failed page would time fast.
    failed = t("errors.page_failed", lang)
    if at.exception or any(error.value == failed for error in at.error):
        raise RuntimeError(f"{page} failed; a benchmark of a broken page means nothing")
    return median_ms(at.run, repeat)


def rerun_results(client_id: int, trivial_ms: float, repeat: int) -> list[Result]:
    from ui.nav import HOME, STEP_PAGES

    pages = {"home": HOME, **STEP_PAGES}
    results = []
    for name, path in pages.items():
        ms = page_rerun_ms(path, client_id, "it", repeat)
        results.append(
            Result(f"rerun {name}", round(ms / trivial_ms, 1), "x trivial", RERUN_TARGET)
        )
        results.append(Result(f"rerun {name} (absolute)", round(ms, 1), "ms"))
    return results


# --- the real server in Chromium --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def streamlit_server(
    env: dict[str, str], log_path: Path, script: Path = ROOT / "app.py"
) -> Iterator[tuple[str, float]]:
    """Start `streamlit run SCRIPT` from the repository (its `.streamlit/config.toml`); yield
    its URL and the perf_counter time of the launch."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    url = f"http://127.0.0.1:{port}"
    with log_path.open("ab") as log:
        launched = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        deadline = launched + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                if process.poll() is not None or time.perf_counter() > deadline:
                    raise RuntimeError(f"streamlit did not start; see {log_path}") from None
                time.sleep(0.02)
        yield url, launched
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def load_ms(browser: Browser, url: str, visible: str, attached: str | None = None) -> float:
    """Open `url` in a fresh browser context: ms until `visible` shows (and `attached` exists)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url)
        page.locator(visible).first.wait_for(state="visible", timeout=60_000)
        if attached:
            page.locator(attached).first.wait_for(state="attached", timeout=60_000)
        return (time.perf_counter() - start) * 1000
    finally:
        context.close()


TITLE = '[data-testid="stMain"] h1'
TABLE = '[data-testid="stDataFrame"] canvas'
# The grid draws on a canvas and keeps an ARIA copy of its cells: a cell means data arrived.
TABLE_CELL = '[data-testid="stDataFrame"] td[role="gridcell"]'


def browser_results(
    env: dict[str, str], directory: Path, repeat: int, add_clients: Callable[[], None]
) -> list[Result]:
    from playwright.sync_api import sync_playwright

    log_path = directory / "streamlit.log"
    results = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
        )
        # The one-line app is started the same way, in turns with app.py.
        trivial_app = directory / "trivial_app.py"
        trivial_app.write_text('import streamlit as st\n\nst.title("x")\n', encoding="utf-8")
        cold: dict[Path, list[float]] = {trivial_app: [], ROOT / "app.py": []}
        for _ in range(max(3, repeat // 3)):
            for script, series in cold.items():
                with streamlit_server(env, log_path, script) as (url, launched):
                    page = browser.new_page()
                    page.goto(f"{url}/?lang=it")
                    page.locator(TITLE).first.wait_for(state="visible", timeout=60_000)
                    series.append((time.perf_counter() - launched) * 1000)
                    page.close()
        app_ms = statistics.median(cold[ROOT / "app.py"])
        trivial_ms = statistics.median(cold[trivial_app])
        results += [
            Result("cold start to first paint", round(app_ms), "ms"),
            Result("cold start to first paint, one-line app", round(trivial_ms), "ms"),
            Result(
                "cold start to first paint",
                round(app_ms / trivial_ms, 2),
                "x one-line app",
                COLD_START_TARGET,
            ),
        ]

        with streamlit_server(env, log_path) as (url, _):
            home = f"{url}/?lang=it"
            load_ms(browser, home, TITLE)  # the server's first run
            warm = [load_ms(browser, home, TITLE) for _ in range(repeat)]
            results.append(Result("warm load of /", round(statistics.median(warm)), "ms"))

            add_clients()
            many = [load_ms(browser, home, TABLE, TABLE_CELL) for _ in range(repeat)]
            results.append(
                Result(
                    f"load of / until table, {MANY_CLIENTS:,} clients",
                    round(statistics.median(many)),
                    "ms",
                )
            )
        browser.close()
    return results


# --- the database -------------------------------------------------------------------------------


def add_many_clients(engine: Engine, count: int) -> None:
    """`count` clients in one transaction; every tenth with a complete brief."""
    from workbench.clients import create_client
    from workbench.db import write_session
    from workbench.models import Brief
    from workbench.strategy import save_section

    brief = Brief.model_validate(
        {
            "kind": "company",
            "sector": "restaurant",
            "broad_goals": ["commercial"],
            "objectives": ["awareness"],
            "social_only": True,
            "tone_descriptors": ["caloroso"],
            "hours_per_week": Decimal("4"),
            "capabilities": ["photo"],
            "budget_max": Decimal("500"),
            "start_date": date(2027, 1, 4),
        }
    )
    with write_session(engine) as session:
        for n in range(count):
            client = create_client(
                session, name=f"Cliente benchmark {n:04d}", sector=SECTORS[n % len(SECTORS)]
            )
            if n % 10 == 0:
                assert client.id is not None
                save_section(session, client.id, "brief", brief)


def list_results(engine: Engine, repeat: int) -> list[Result]:
    from workbench.clients import list_clients
    from workbench.db import read_session
    from workbench.reference import sector_codes_matching

    def first_page() -> None:
        with read_session(engine) as session:
            list_clients(session)

    def search(text: str) -> Callable[[], None]:
        def run() -> None:
            with read_session(engine) as session:
                list_clients(session, search=text, sector_codes=sector_codes_matching(text))

        return run

    n = f"{MANY_CLIENTS:,} clients"
    return [
        Result(f"list_clients first page, {n}", round(median_ms(first_page, repeat), 2), "ms"),
        Result(f"list_clients search name, {n}", round(median_ms(search("09"), repeat), 2), "ms"),
        Result(
            f"list_clients search sector, {n}", round(median_ms(search("moda"), repeat), 2), "ms"
        ),
    ]


# --- main ---------------------------------------------------------------------------------------


# --- a large competitor set (issue: 20 competitors x 6 platforms x 52 weekly rows) ------------


def add_large_competitor_set(engine: Engine) -> int:
    """A client with 20 competitors, each with 52 weekly rows on 6 platforms; returns its id."""
    from workbench.clients import create_client
    from workbench.db import write_session
    from workbench.models import Competitor, Competitors, PeriodFigures
    from workbench.strategy import save_section

    platforms = ("instagram", "facebook", "tiktok", "youtube", "linkedin", "x")
    first = date(2025, 11, 3)
    competitors = []
    for n in range(20):
        figures = [
            PeriodFigures(
                platform=platform,
                period_start=first + timedelta(weeks=week),
                period_end=first + timedelta(weeks=week, days=6),
                followers=2_000 + n * 150 + week * 3,
                posts=2 + (n + week) % 4,
                likes=120 + (n * 7 + week) % 90,
                comments=8 + week % 5,
                shares=3,
                saves=4,
                reach=1_500 + n * 40,
            )
            for platform in platforms
            for week in range(52)
        ]
        competitors.append(
            Competitor(name=f"Competitor {n + 1}", is_client=n == 0, figures=figures)
        )
    with write_session(engine) as session:
        client = create_client(session, name="Benchmark: 20 competitors")
        assert client.id is not None
        save_section(session, client.id, "competitors", Competitors(competitors=competitors))
        return client.id


def competitor_results(engine: Engine, trivial_ms: float, repeat: int) -> list[Result]:
    from ui.nav import STEP_PAGES
    from workbench.competitors.metrics import compute_competitor_metrics
    from workbench.db import read_session
    from workbench.strategy import load_strategy

    client_id = add_large_competitor_set(engine)
    with read_session(engine) as session:
        model = load_strategy(session, client_id).competitors
    compute = median_ms(lambda: compute_competitor_metrics(model), repeat)
    page = page_rerun_ms(STEP_PAGES["competitors"], client_id, "it", repeat)
    label = "20 competitors x 6 platforms x 52 weeks"
    return [
        Result(f"compute competitor metrics, {label}", round(compute, 1), "ms"),
        Result(
            f"rerun competitors, {label}", round(page / trivial_ms, 1), "x trivial", RERUN_TARGET
        ),
        Result(f"rerun competitors, {label} (absolute)", round(page, 1), "ms"),
    ]


# --- the editorial plan: a year of posts and its workbook -------------------------------------

PLAN_WEEKS = 52
PLAN_CADENCE = {  # posts a week on six platforms: 29 a week, about 1,500 posts a year
    "instagram": {"photo": 2, "carousel": 1, "short_video": 1, "story": 3},
    "facebook": {"photo": 4},
    "tiktok": {"short_video": 5},
    "linkedin": {"text": 3, "carousel": 1},
    "youtube": {"long_video": 1, "short_video": 1},
    "x": {"text": 7},
}
WORKBOOK_POSTS = 5_000


def plan_inputs() -> tuple[Brief, PlatformSelection]:
    """A complete brief and six platforms, as a year-long plan starts from."""
    from workbench.models import Brief, PlatformChoice, PlatformSelection

    brief = Brief.model_validate(
        {
            "kind": "company",
            "sector": "food_retail",
            "province": "BO",
            "city": "Bologna",
            "broad_goals": ["commercial"],
            "objectives": ["awareness", "engagement"],
            "capabilities": ["photo", "graphics", "short_video", "long_video", "writing"],
            "website": "https://example.it",
            "start_date": date(2027, 1, 4),
        }
    )
    selection = PlatformSelection(
        choices=[
            PlatformChoice(
                platform=platform,
                formats=list(cadence),
                cadence={fmt: Decimal(n) for fmt, n in cadence.items()},
            )
            for platform, cadence in PLAN_CADENCE.items()
        ]
    )
    return brief, selection


def plan_page_results(
    engine: Engine,
    brief: Brief,
    selection: PlatformSelection,
    pillars: list[Pillar],
    posts: tuple[PlannedPost, ...],
    trivial_ms: float,
    repeat: int,
) -> list[Result]:
    """The plan page of a client with a year of posts: its table, calendar and charts tabs."""
    from ui.nav import STEP_PAGES
    from workbench.clients import create_client
    from workbench.db import write_session
    from workbench.models import EditorialPlan
    from workbench.strategy import save_section

    with write_session(engine) as session:
        client = create_client(session, name="Benchmark: a year of posts")
        assert client.id is not None
        client_id = client.id
        save_section(session, client_id, "brief", brief)
        save_section(session, client_id, "platforms", selection)
        plan = EditorialPlan(pillars=pillars, posts=list(posts), start=posts[0].date, weeks=52)
        save_section(session, client_id, "plan", plan)
    label = f"{len(posts):,} posts"
    results = []
    for tab, name in (("Post", "table"), ("Calendario", "calendar"), ("Mix e cadenza", "charts")):
        ms = page_rerun_ms(STEP_PAGES["plan"], client_id, "it", repeat, {"plan.tab": tab})
        results.append(
            Result(
                f"rerun plan {name}, {label}", round(ms / trivial_ms, 1), "x trivial", RERUN_TARGET
            )
        )
        results.append(Result(f"rerun plan {name}, {label} (absolute)", round(ms, 1), "ms"))
    return results


def raw_xlsx_floor(posts: Sequence[PlannedPost]) -> bytes:
    """The same post rows in the same sheets (the whole plan, then one sheet a month), written
    with bare XlsxWriter: codes instead of labels, no formats, no summary or budget sheet.

    Text through `write_string`, dates and times through `write_datetime`: XlsxWriter's own
    fastest calls, with the workbook's options. What no workbook of these rows can beat.
    """
    from itertools import groupby

    from xlsxwriter import Workbook

    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    workbook = Workbook(buffer, options)
    rows = [
        (
            post.date,
            post.date.strftime("%a"),
            post.time,
            post.platform.value,
            post.pillar,
            post.format.value,
            post.topic,
            post.brief,
            post.caption,
            " ".join(post.hashtags),
            post.cta,
            post.link,
            post.status.value,
            post.kind.value,
        )
        for post in posts
    ]
    months = groupby(rows, key=lambda row: (row[0].year, row[0].month))
    sheets = [("plan", rows), *((f"{y}-{m:02}", list(group)) for (y, m), group in months)]
    for name, sheet_rows in sheets:
        sheet = workbook.add_worksheet(name)
        write_string, write_datetime = sheet.write_string, sheet.write_datetime
        for n, row in enumerate(sheet_rows, start=1):
            write_datetime(n, 0, row[0])
            write_string(n, 1, row[1])
            write_datetime(n, 2, row[2])
            for col in range(3, 14):
                write_string(n, col, row[col])
    workbook.close()
    return buffer.getvalue()


def plan_results(engine: Engine, trivial_ms: float, repeat: int) -> list[Result]:
    """generate_plan over 52 weeks on 6 platforms, and the Excel workbook of 5,000 posts."""
    from workbench.exports.plan_rows import plan_posts
    from workbench.exports.plan_xlsx import plan_xlsx
    from workbench.models import BudgetPlan, Client, EditorialPlan
    from workbench.plan.generator import generate_plan, pillar_templates
    from workbench.strategy import SECTION_MODELS, SectionState, Strategy

    brief, selection = plan_inputs()
    pillars = pillar_templates(brief.kind, brief.sector, "it")

    def generate() -> tuple[PlannedPost, ...]:
        return generate_plan(
            brief, selection, pillars, start=date(2027, 1, 4), weeks=PLAN_WEEKS
        ).posts

    posts = generate()
    generation = median_ms(generate, repeat)
    # 5,000 posts: the year's posts again, a day later each round, until there are enough.
    many = []
    for n in range(WORKBOOK_POSTS):
        post = posts[n % len(posts)]
        shift = timedelta(days=n // len(posts))
        many.append(post.model_copy(update={"id": f"{post.id}-{n}", "date": post.date + shift}))
    models = {
        "brief": brief,
        "platforms": selection,
        "budget": BudgetPlan(tier="growth"),
        "plan": EditorialPlan(pillars=pillars, posts=many),
    }
    strategy = Strategy(
        client=Client(id=1, name="Benchmark: a year of posts", name_key="benchmark"),
        sections={
            name: SectionState(model=models.get(name) or kind())
            for name, kind in SECTION_MODELS.items()
        },
    )
    sorted_posts = plan_posts(strategy.plan)
    floor, workbook = median_pair_ms(
        lambda: raw_xlsx_floor(sorted_posts),
        lambda: plan_xlsx(strategy, lang="it"),
        max(5, repeat // 2),
    )
    return [
        *plan_page_results(engine, brief, selection, pillars, posts, trivial_ms, repeat),
        Result(
            f"generate_plan, {PLAN_WEEKS} weeks x {len(PLAN_CADENCE)} platforms "
            f"({len(posts):,} posts)",
            round(generation, 1),
            "ms",
        ),
        Result(f"plan workbook (xlsx), {WORKBOOK_POSTS:,} posts", round(workbook), "ms"),
        Result("raw XlsxWriter write of the same rows (floor)", round(floor), "ms"),
        Result(
            f"plan workbook, {WORKBOOK_POSTS:,} posts",
            round(workbook / floor, 2),
            "x floor",
            WORKBOOK_TARGET,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--repeat", type=int, default=9, help="timed repetitions per figure")
    args = parser.parse_args(argv)
    started = time.perf_counter()

    directory = Path(tempfile.mkdtemp(prefix="workbench-bench-"))
    for name in ("DATABASE_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
        os.environ.pop(name, None)
    # The in-process AppTests and the servers started below read the same settings.
    os.environ.update(WORKBENCH_DB_PATH=str(directory / "bench.db"), WORKBENCH_LANGUAGE="it")
    env = dict(os.environ)
    sys.path.insert(0, str(ROOT))
    # AppTest's own constructor touches session state outside a run, and Streamlit warns.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").disabled = True

    from workbench.db import make_engine, migrate, write_session
    from workbench.demo import create_demo_client
    from workbench.settings import get_settings

    engine = make_engine(get_settings().effective_database_url)
    migrate(engine)
    with write_session(engine) as session:
        demo_id = create_demo_client(session).id
    assert demo_id is not None

    results: list[Result] = []
    # The baseline is short and noisy: time it more often than the pages it divides.
    trivial = trivial_rerun_ms(directory, args.repeat * 5)
    results.append(Result("rerun trivial page (baseline)", round(trivial, 1), "ms"))
    results += rerun_results(demo_id, trivial, args.repeat)
    results += competitor_results(engine, trivial, args.repeat)
    results += plan_results(engine, trivial, args.repeat)

    def add_clients() -> None:
        start = time.perf_counter()
        add_many_clients(engine, MANY_CLIENTS)
        ms = (time.perf_counter() - start) * 1000
        results.append(Result(f"create {MANY_CLIENTS:,} clients, one transaction", round(ms), "ms"))

    if Path(CHROMIUM_PATH).exists():
        results += browser_results(env, directory, args.repeat, add_clients)
    else:
        print(f"no Chromium at {CHROMIUM_PATH}: browser timings skipped", file=sys.stderr)
        add_clients()

    from ui.nav import HOME

    home = page_rerun_ms(HOME, demo_id, "it", args.repeat)
    n = f"{MANY_CLIENTS:,} clients"
    results.append(Result(f"rerun home, {n}", round(home / trivial, 1), "x trivial", RERUN_TARGET))
    results.append(Result(f"rerun home, {n} (absolute)", round(home, 1), "ms"))
    results += list_results(engine, args.repeat)
    engine.dispose()

    width = max(len(r.name) for r in results)
    units = max(len(r.unit) for r in results)
    print(f"{'benchmark':<{width}}  {'value':>10}  {'unit':<{units}}  target")
    for r in results:
        target = "" if r.target is None else f"<= {r.target:g} " + ("ok" if r.met else "MISSED")
        print(f"{r.name:<{width}}  {r.value:>10g}  {r.unit:<{units}}  {target}".rstrip())
    targets = [r for r in results if r.target is not None]
    missed = [r.name for r in targets if not r.met]
    print(f"\n{len(results)} figures in {time.perf_counter() - started:.0f} s")
    print(f"targets met: {len(targets) - len(missed)} of {len(targets)}")
    for name in missed:
        print(f"  missed: {name}")
    shutil.rmtree(directory, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
