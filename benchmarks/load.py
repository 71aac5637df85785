"""Load test: N concurrent Streamlit sessions against a local server; memory and page latency.

Usage: .venv/bin/python benchmarks/load.py [--sessions 20] [--duration 60] [--think 2]
       [--json FILE]

Starts `streamlit run app.py` on a free loopback port with SQLite in a temporary folder
holding the demo client (`python -m workbench demo`). Each simulated session is a real
Streamlit session: it speaks the browser's websocket protocol (`/_stcore/stream`, the
BackMsg and ForwardMsg protobufs of `streamlit.proto`), asks for a page the way the
frontend does (a `rerun_script` with the page name and `?client=ID`) and reads the
server's messages until `script_finished`. No browser runs, so the client side costs
little and the server's figures are the app's. See README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psutil
import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.typing import Subprotocol

ROOT = Path(__file__).resolve().parent.parent
# What a user opens, in order; "" is the home page (the client list). Each page is opened,
# then rerun once, as a widget change or a second look would.
PAGES = ("", "brief", "plan", "monitoring", "export")
REQUEST_TIMEOUT_S = 60.0
MEMORY_TARGET_MB = 1024.0
P95_TARGET_MS = 1000.0


@dataclass
class Sample:
    page: str
    ms: float
    error: str | None = None
    elements: int = 0


@dataclass
class Stats:
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    elements: float


@dataclass
class Report:
    date: str
    machine: str
    cpus: int
    total_memory_mb: float
    sessions: int
    duration_s: float
    think_s: float
    rss_idle_mb: float
    rss_warm_mb: float
    rss_peak_mb: float
    rss_per_session_mb: float
    pages: dict[str, Stats]
    overall: Stats
    errors: list[str] = field(default_factory=list)
    memory_target_met: bool = False
    latency_target_met: bool = False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def tree_rss_mb(process: psutil.Process) -> float:
    """Resident memory of the server process and its children, in MiB."""
    total = 0
    for proc in (process, *process.children(recursive=True)):
        try:
            total += proc.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total / 2**20


@contextmanager
def streamlit_server(env: dict[str, str], log_path: Path) -> Iterator[tuple[int, psutil.Process]]:
    """`streamlit run app.py` on a free loopback port; yields the port and the process."""
    port = free_port()
    command = [
        *(sys.executable, "-m", "streamlit", "run", "app.py"),
        *("--server.headless", "true", "--server.port", str(port)),
        *("--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"),
        *("--server.fileWatcherType", "none"),
    ]
    with log_path.open("ab") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                url = f"http://127.0.0.1:{port}/_stcore/health"
                with urllib.request.urlopen(url, timeout=1) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start; see {log_path}") from None
                time.sleep(0.05)
        yield port, psutil.Process(process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def problem_in(message: ForwardMsg) -> str | None:
    """An error the page showed: an exception element or an error box."""
    if message.WhichOneof("type") != "delta":
        return None
    element = message.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "exception":
        return f"exception: {element.exception.type}: {element.exception.message[:120]}"
    if kind == "alert" and element.alert.format == Alert.ERROR:
        return f"error box: {element.alert.body[:120]}"
    return None


async def open_page(ws: websockets.ClientConnection, page: str, query: str) -> Sample:
    """Ask for one page run, as the frontend does, and wait for the script to finish."""
    request = BackMsg()
    request.rerun_script.page_name = page
    request.rerun_script.query_string = query
    started = time.perf_counter()
    await ws.send(request.SerializeToString())
    error, elements = None, 0
    while True:
        message = ForwardMsg()
        message.ParseFromString(await ws.recv())
        error = error or problem_in(message)
        elements += message.WhichOneof("type") == "delta"
        if message.WhichOneof("type") == "script_finished":
            status = message.script_finished
            if status != ForwardMsg.FINISHED_SUCCESSFULLY and error is None:
                error = f"script finished with status {status}"
            break
    return Sample(page or "home", (time.perf_counter() - started) * 1000, error, elements)


async def user_session(
    port: int, query: str, until: float, think_s: float, rng: random.Random, out: list[Sample]
) -> None:
    """One simulated user: walk the pages in order, each opened then rerun, with pauses."""
    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    try:
        async with websockets.connect(
            url, subprotocols=[Subprotocol("streamlit")], max_size=None
        ) as ws:
            step = rng.randrange(len(PAGES) * 2)  # users start at different places
            while time.monotonic() < until:
                page = PAGES[(step // 2) % len(PAGES)]
                step += 1
                try:
                    out.append(
                        await asyncio.wait_for(open_page(ws, page, query), REQUEST_TIMEOUT_S)
                    )
                except TimeoutError:
                    out.append(Sample(page or "home", REQUEST_TIMEOUT_S * 1000, "timeout"))
                    return
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think_s)
    except (OSError, websockets.WebSocketException) as exc:
        out.append(Sample("connect", 0.0, f"{type(exc).__name__}: {exc}"))


def stats(samples: list[Sample]) -> Stats:
    times = sorted(s.ms for s in samples if s.error is None) or [0.0]
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]
    return Stats(
        requests=len(samples),
        errors=sum(1 for s in samples if s.error),
        p50_ms=round(statistics.median(times), 1),
        p95_ms=round(p95, 1),
        max_ms=round(times[-1], 1),
        elements=round(statistics.mean(s.elements for s in samples), 1) if samples else 0.0,
    )


class RssSampler:
    """Samples the server tree's RSS in a thread; keeps the peak."""

    def __init__(self, process: psutil.Process, every_s: float = 0.25) -> None:
        self.process, self.every_s, self.peak = process, every_s, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_mb(self.process))
            self._stop.wait(self.every_s)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, tree_rss_mb(self.process))


async def run_sessions(
    port: int, query: str, count: int, duration_s: float, think_s: float, seed: int
) -> list[Sample]:
    samples: list[Sample] = []
    until = time.monotonic() + duration_s
    rngs = [random.Random(seed + n) for n in range(count)]
    await asyncio.gather(*(user_session(port, query, until, think_s, rng, samples) for rng in rngs))
    return samples


def demo_client_id(env: dict[str, str]) -> int:
    command = [sys.executable, "-m", "workbench", "demo", "--if-missing"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return int(done.stdout.strip())


def measure(args: argparse.Namespace, directory: Path) -> Report:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL"}
    }
    env.update(WORKBENCH_DB_PATH=str(directory / "load.db"), WORKBENCH_LANGUAGE="it")
    query = f"client={demo_client_id(env)}"
    with streamlit_server(env, directory / "server.log") as (port, server):
        time.sleep(1.0)
        idle = tree_rss_mb(server)
        # One session walks every page first: imports, caches and the engine are then loaded,
        # so the figures below are what each further session adds.
        asyncio.run(run_sessions(port, query, 1, 3.0, 0.0, args.seed))
        time.sleep(1.0)
        warm = tree_rss_mb(server)
        with RssSampler(server) as sampler:
            samples = asyncio.run(
                run_sessions(port, query, args.sessions, args.duration, args.think, args.seed)
            )
    pages = {
        page or "home": stats([s for s in samples if s.page == (page or "home")]) for page in PAGES
    }
    overall = stats(samples)
    errors = sorted({f"{s.page}: {s.error}" for s in samples if s.error})
    per_session = (sampler.peak - warm) / args.sessions
    memory = psutil.virtual_memory().total / 2**20
    return Report(
        date=datetime.now(UTC).isoformat(timespec="seconds"),
        machine=f"{platform.system()} {platform.machine()}, {platform.processor() or '?'}",
        cpus=os.cpu_count() or 0,
        total_memory_mb=round(memory),
        sessions=args.sessions,
        duration_s=args.duration,
        think_s=args.think,
        rss_idle_mb=round(idle, 1),
        rss_warm_mb=round(warm, 1),
        rss_peak_mb=round(sampler.peak, 1),
        rss_per_session_mb=round(per_session, 2),
        pages=pages,
        overall=overall,
        errors=errors,
        memory_target_met=sampler.peak <= MEMORY_TARGET_MB,
        latency_target_met=overall.p95_ms < P95_TARGET_MS and overall.errors == 0,
    )


def print_report(report: Report) -> None:
    print(
        f"{report.sessions} sessions for {report.duration_s:g} s, think time about"
        f" {report.think_s:g} s, {report.cpus} CPUs, {report.total_memory_mb:g} MiB RAM"
    )
    print(
        f"{'page':<12} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
        f" {'elements':>8}"
    )
    for name, s in [*report.pages.items(), ("all", report.overall)]:
        print(
            f"{name:<12} {s.requests:>8} {s.errors:>6} {s.p50_ms:>8g} {s.p95_ms:>8g} {s.max_ms:>8g}"
            f" {s.elements:>8g}"
        )
    print(f"server RSS idle      {report.rss_idle_mb:>8g} MiB")
    print(f"server RSS warm      {report.rss_warm_mb:>8g} MiB (after one session saw every page)")
    print(f"server RSS peak      {report.rss_peak_mb:>8g} MiB (with {report.sessions} sessions)")
    print(f"per session          {report.rss_per_session_mb:>8g} MiB ((peak - warm) / sessions)")
    memory = "met" if report.memory_target_met else "MISSED"
    latency = "met" if report.latency_target_met else "MISSED"
    print(
        f"targets: memory <= {MEMORY_TARGET_MB:g} MiB {memory};"
        f" p95 < {P95_TARGET_MS:g} ms {latency}"
    )
    for error in report.errors:
        print(f"error: {error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument(
        "--think", type=float, default=2.0, help="mean pause between a user's requests, s"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the users' pauses")
    parser.add_argument("--json", type=Path, help="also write the report to this JSON file")
    args = parser.parse_args(argv)
    if args.sessions < 1 or args.duration <= 0 or args.think < 0:
        parser.error("--sessions must be >= 1, --duration > 0, --think >= 0")
    directory = Path(tempfile.mkdtemp(prefix="workbench-load-"))
    try:
        report = measure(args, directory)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(asdict(report), indent=2) + "\n")
    ok = report.memory_target_met and report.latency_target_met
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
