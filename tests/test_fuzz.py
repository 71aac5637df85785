"""Fuzz the importers through the command line: for any input, exit 0 or 1, one message, no
traceback, and nothing stored when the input is refused.

The inputs are mostly structurally valid files with wrong content: the real headers of the
templates and the platforms' exports over hostile cells, a real strategy JSON or backup
archive with values replaced, keys dropped or added, and now and then bytes broken.
Hypothesis's statistics show the share of cases that reached the store ("stored") against
each refusal's message key:

    .venv/bin/pytest -q tests/test_fuzz.py -p no:cacheprovider --hypothesis-show-statistics
    WORKBENCH_FUZZ_PROFILE=long nice -n 19 .venv/bin/pytest -q tests/test_fuzz.py \
        -p no:cacheprovider --hypothesis-show-statistics     # 10,000 cases per importer

The `ci` profile (the default) runs a few dozen cases per importer.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from workbench.backup import backup_archive
from workbench.cli import main
from workbench.clients import create_client
from workbench.db import make_engine, migrate, read_session, write_session
from workbench.demo import create_demo_client
from workbench.exports.strategy_json import export_strategy
from workbench.i18n import catalogue
from workbench.imports.competitor_figures import TEMPLATE_HEADERS as COMPETITOR_HEADERS
from workbench.imports.results import TEMPLATE_HEADERS as RESULTS_HEADERS

PROFILES = {
    "ci": settings(max_examples=40, deadline=None, database=None),
    "long": settings(max_examples=10_000, deadline=None, database=None),
}
FUZZ = settings(
    PROFILES[os.environ.get("WORKBENCH_FUZZ_PROFILE", "ci")],
    # WORKBENCH_FUZZ_EXAMPLES=N: N cases per importer, between the two profiles.
    **(
        {"max_examples": int(os.environ["WORKBENCH_FUZZ_EXAMPLES"])}
        if os.environ.get("WORKBENCH_FUZZ_EXAMPLES")
        else {}
    ),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DATA = Path(__file__).parent / "data" / "results"
FILE = "<file>"  # where the input file's path goes in a command
PLACEHOLDER = re.compile(
    "|".join(
        sorted(
            {re.escape(m) for text in catalogue("en").values() for m in re.findall(r"{\w+}", text)}
        )
    )
)


# --- the store, and the command line's contract -------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Engine]:
    """The database the command line uses in this test (WORKBENCH_DB_PATH, see conftest)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'workbench.db'}")
    migrate(engine)
    yield engine
    engine.dispose()


def snapshot(engine: Engine) -> tuple[Any, ...]:
    """Everything an import or restore could change."""
    with engine.connect() as conn:
        return (
            conn.execute(sa.text("select id, name from client order by id")).all(),
            conn.execute(sa.text("select id, version from strategy_section order by id")).all(),
            conn.execute(sa.text("select count(*) from ai_call")).scalar(),
        )


def new_client(engine: Engine) -> int:
    with write_session(engine) as session:
        client = create_client(session, name=f"Cliente {os.urandom(6).hex()}")
        assert client.id is not None
        return client.id


def run_cli(engine: Engine, path: Path, data: bytes, *args: str, inside: bytes = b"") -> None:
    """Run one command on `data` and hold it to the contract; record where the case ended.

    `inside`: the input's own text when `data` is compressed (a backup's members), so that a
    message quoting the user's own "{name}" (an unknown field so named) is not taken for a
    placeholder left unfilled."""
    path.write_bytes(data)
    before = snapshot(engine)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["--lang", "en", *(str(path) if a == FILE else a for a in args)])
    message = err.getvalue()
    assert code in (0, 1), message
    assert "Traceback" not in message and "Unexpected error" not in message
    if code == 1:
        lines = message.strip().splitlines()
        assert len(lines) == 1 and lines[0], message
        unfilled = [m for m in PLACEHOLDER.findall(lines[0]) if m.encode() not in data + inside]
        assert not unfilled, message  # every placeholder filled
        assert snapshot(engine) == before, "a refused input changed the store"
        event(f"refused: {lines[0].replace(str(path), 'FILE')[:70]}")
    else:
        event("stored" if snapshot(engine) != before else "accepted, nothing new")


# --- hostile values ------------------------------------------------------------------------

HOSTILE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "-1",
        "-0",
        "0",
        "1e999",
        "NaN",
        "inf",
        "1.234,5",
        "1,234.5",
        "1.234.567",
        "10000000001",
        "9" * 40,
        '=HYPERLINK("x")',
        "+39 051",
        "\x00",
        "\ufeff",
        "é",
        "🥖",
        "31/02/2026",
        "2026-13-01",
        "2026-02-29",
        "00/00/0000",
        "Lifetime",
        "Totale",
        "Total",
        '"',
        ";",
        ",",
        "\t",
        "\r\n",
        "x" * 300,
        "y" * 5000,
        "Instagram",
        "myspace",
        "24:61",
        "12:30",
        "09/15/2026 18:00",
        "15 set 2026",
        "Sep 15, 2026",
        "@handle",
        "#tag",
    ]
)
CELL = st.one_of(
    HOSTILE_TEXT,
    st.text(max_size=20),
    st.integers(min_value=-(10**13), max_value=10**13).map(str),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
    .map(lambda d: st.sampled_from([d.isoformat(), d.strftime("%d/%m/%Y"), d.strftime("%m/%d/%Y")]))
    .flatmap(lambda s: s),
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
)


def _sample_headers() -> list[list[str]]:
    headers = [list(h.values()) for h in (*COMPETITOR_HEADERS.values(), *RESULTS_HEADERS.values())]
    for sample in sorted(DATA.glob("*.csv")):
        text = sample.read_text(encoding="utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";" if ";" in text[:300] else ","))
        headers += [row for row in rows[:2] if len(row) > 3]
    return headers


HEADERS = _sample_headers()


@st.composite
def spreadsheets(draw: st.DrawFn) -> bytes:
    """A CSV with real headers (a column dropped, repeated or renamed now and then) over
    hostile cells, in one of the encodings and separators people bring."""
    header = list(draw(st.sampled_from(HEADERS)))
    if header and draw(st.booleans()):
        index = draw(st.integers(0, len(header) - 1))
        change = draw(st.sampled_from(["drop", "repeat", "rename"]))
        if change == "drop":
            del header[index]
        elif change == "repeat":
            header.append(header[index])
        else:
            header[index] = draw(HOSTILE_TEXT)
    width = len(header)
    rows = draw(
        st.lists(
            st.lists(CELL, min_size=max(0, width - 1), max_size=width + 1), min_size=0, max_size=6
        )
    )
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    buffer = io.StringIO()
    if draw(st.integers(0, 9)) == 7:  # broken structure: cells joined without quoting
        buffer.write("\n".join(delimiter.join(r) for r in [header, *rows]))
    else:
        csv.writer(buffer, delimiter=delimiter).writerows([header, *rows])
    encoding = draw(st.sampled_from(["utf-8-sig", "utf-8", "cp1252", "utf-16"]))
    return buffer.getvalue().encode(encoding, errors="replace")


PLATFORMS = ["Instagram", "Facebook", "LinkedIn", "TikTok", "YouTube", "X", "Pinterest"]
COUNT = st.integers(min_value=0, max_value=50_000)


def _valid_cell(draw: st.DrawFn, field: str, lang: str, day: date) -> str:
    """A value a manager would type in this template column, for a row about `day`."""
    dated = day.strftime("%d/%m/%Y") if lang == "it" else day.isoformat()
    values = {
        "competitor": draw(st.sampled_from(["Forno Nord", "Bottega Sud", "Caffè Centrale"])),
        "website": "https://example.it",
        "handle": draw(st.sampled_from(["@rivale", "rivale", ""])),
        "platform": draw(st.sampled_from(PLATFORMS)),
        "period_start": dated,
        "period_end": (day + timedelta(days=6)).strftime(
            "%d/%m/%Y" if lang == "it" else "%Y-%m-%d"
        ),
        "published": dated,
        "time": f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}",
        "link": f"https://example.com/p/{draw(st.integers(1, 10**6))}",
        "post_id": draw(st.sampled_from(["", f"id-{draw(st.integers(1, 10**6))}"])),
        "title": draw(st.sampled_from(["Dietro le quinte", "Il forno all'alba", ""])),
        "post_type": draw(st.sampled_from(["Reel", "Foto", "Carosello", ""])),
    }
    if field in values:
        return values[field]
    count = draw(COUNT)
    return f"{count:,}".replace(",", ".") if lang == "it" and count > 999 else str(count)


REQUIRED = ("competitor", "platform", "period_start", "period_end", "published")


@st.composite
def template_files(draw: st.DrawFn, templates: dict[str, dict[str, str]]) -> bytes:
    """A template filled in correctly (optional columns left out now and then), then one or
    two cells made wrong."""
    lang = draw(st.sampled_from(["it", "en"]))
    headers = templates[lang]
    fields = [f for f in headers if draw(st.integers(0, 9)) > 0 or f in REQUIRED]
    when = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))
    days = draw(st.lists(when, min_size=1, max_size=6))
    rows = [[_valid_cell(draw, field, lang, day) for field in fields] for day in days]
    for _ in range(draw(st.integers(0, 2))):
        row = draw(st.sampled_from(rows))
        row[draw(st.integers(0, len(row) - 1))] = draw(CELL)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";" if lang == "it" else ",").writerows(
        [[headers[f] for f in fields], *rows]
    )
    return buffer.getvalue().encode("utf-8-sig")


COMPETITOR_FILES = st.one_of(template_files(COMPETITOR_HEADERS), spreadsheets())
RESULTS_FILES = st.one_of(template_files(RESULTS_HEADERS), spreadsheets())


JSON_VALUE = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=30),
        HOSTILE_TEXT,
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value[:3]):  # the first few items of each list
            yield from _paths(child, (*prefix, index))


@st.composite
def mutated(draw: st.DrawFn, document: Any) -> Any:
    """`document` with one to three values replaced by hostile ones, removed or added to."""
    document = json.loads(json.dumps(document))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(document) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(JSON_VALUE)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = draw(JSON_VALUE)
        else:
            parent.append(draw(JSON_VALUE))
    return document


def _as_bytes(draw: st.DrawFn, document: Any) -> bytes:
    data = json.dumps(document, ensure_ascii=draw(st.booleans())).encode("utf-8")
    if draw(st.integers(0, 19)) == 7:  # now and then, broken bytes
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=8)) + data[cut + 8 :]
    return data


# --- the demo client as the valid base -----------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo client's strategy document and backup archive (members by name)."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    migrate(engine)
    with write_session(engine) as session:
        client = create_demo_client(session, today=date(2027, 1, 4))
    assert client.id is not None
    with read_session(engine) as session:
        document = export_strategy(session, client.id)
        archive = backup_archive(session, [client.id])
    engine.dispose()
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        members = {name: opened.read(name) for name in opened.namelist()}
    return {"document": document, "members": members}


# --- the importers --------------------------------------------------------------------------


@FUZZ
@given(data=COMPETITOR_FILES)
def test_competitor_figures(store: Engine, tmp_path: Path, data: bytes) -> None:
    client_id = new_client(store)
    run_cli(store, tmp_path / "rivali.csv", data, "import-competitors", str(client_id), FILE)


@FUZZ
@given(data=RESULTS_FILES, platform=st.sampled_from([None, "instagram", "linkedin"]))
def test_results(store: Engine, tmp_path: Path, data: bytes, platform: str | None) -> None:
    client_id = new_client(store)
    extra = ["--platform", platform] if platform else []
    run_cli(store, tmp_path / "risultati.csv", data, "import-results", str(client_id), FILE, *extra)


@FUZZ
@given(data=st.data())
def test_strategy_json(
    store: Engine, tmp_path: Path, demo: dict[str, Any], data: st.DataObject
) -> None:
    document = data.draw(mutated(demo["document"]))
    run_cli(store, tmp_path / "strategia.json", _as_bytes(data.draw, document), "import", FILE)


@FUZZ
@given(data=st.data())
def test_backup_restore(
    store: Engine, tmp_path: Path, demo: dict[str, Any], data: st.DataObject
) -> None:
    members = dict(demo["members"])
    name = data.draw(st.sampled_from(sorted(members)))
    members[name] = _as_bytes(data.draw, data.draw(mutated(json.loads(members[name]))))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    raw = buffer.getvalue()
    if data.draw(st.integers(0, 19)) == 7:  # a damaged archive
        cut = data.draw(st.integers(0, len(raw)))
        raw = raw[:cut] + data.draw(st.binary(max_size=16))
    inside = b"".join(members.values())
    run_cli(store, tmp_path / "backup.zip", raw, "restore", FILE, inside=inside)


def test_a_field_named_like_a_placeholder_is_quoted_not_taken_for_one(
    store: Engine, tmp_path: Path, demo: dict[str, Any]
) -> None:
    # The long run's one finding (issue 19): a backup whose audience has an unknown field
    # literally named "{pillar}" is refused with that name, which is the input, not a slip.
    members = dict(demo["members"])
    name = next(m for m in members if m.startswith("clients/"))
    document = json.loads(members[name])
    document["audience"]["{pillar}"] = 1
    members[name] = json.dumps(document).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    path = tmp_path / "b.zip"
    path.write_bytes(buffer.getvalue())
    err = io.StringIO()
    with redirect_stderr(err):
        code = main(["--lang", "en", "restore", str(path)])
    assert code == 1
    assert "Audience › {pillar}: unknown field." in err.getvalue()
