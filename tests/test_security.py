"""Cross-cutting safety checks: secrets never surface, user text is never markup or HTML,
HTML is only ever injected from constants, uploads are bounded."""

from __future__ import annotations

import ast
import logging
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.apptest import PAGES, demo_id, open_app, open_tab
from tests.conftest import ROOT, make_client
from tests.fake_openai import FakeOpenAI, unauthorized
from workbench.errors import WorkbenchError
from workbench.imports.results import parse_results_file

SECRET = "sk-proj-SENTINEL0123456789abcdefSENTINEL"


def shown(at: AppTest) -> str:
    """Every element the page sent, as its protobuf text: labels, values, help, options."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


def everything_stored(db: Engine) -> str:
    with db.connect() as connection:
        tables = sa.inspect(connection).get_table_names()
        return "\n".join(
            repr(row)
            for table in tables
            for row in connection.execute(sa.text(f'SELECT * FROM "{table}"'))
        )


def test_the_api_key_never_reaches_a_page_a_log_or_the_database(
    db: Engine,
    fake_openai: FakeOpenAI,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.url)
    caplog.set_level(logging.DEBUG)
    client_id = demo_id(db)
    for page in PAGES:
        at = open_app(page, client=client_id)
        assert SECRET not in shown(at), page
    # The model refuses the key and echoes it back in its error: still never shown.
    fake_openai.script(*[unauthorized(echo=SECRET)] * 3)
    at = open_tab(open_app("plan", client=client_id), "plan.tab", "Assistente")
    at.button(key="plan.ai.i_go").click().run()
    assert not at.exception
    assert "chiave" in shown(at)  # the user is told the key was refused
    assert SECRET not in shown(at)
    at = open_app("plan", client=client_id)  # the connection test names the endpoint only
    assert SECRET not in shown(at)
    assert fake_openai.requests, "the key was really used"
    assert fake_openai.requests[0].headers["authorization"] == f"Bearer {SECRET}"
    assert SECRET not in caplog.text
    assert SECRET not in everything_stored(db)


MARKUP = "[clicca](http://evil.example) :red[rosso] <b>grassetto</b> ![x](http://t.example/p.png)"


@pytest.mark.parametrize("page", list(PAGES))
def test_user_text_is_shown_as_text_never_as_markup(db: Engine, page: str) -> None:
    client_id = make_client(db, "Forno")
    with db.begin() as connection:
        connection.execute(
            sa.text("UPDATE client SET name = :n WHERE id = :i"), {"n": MARKUP, "i": client_id}
        )
    at = open_app(page, client=client_id)
    assert not at.exception
    markdown = [
        e.value
        for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning")
        for e in getattr(at, kind)
    ]
    for text in markdown:
        assert "](http://" not in text, text  # a link or image: escaped as \]\(
        assert ":red[" not in text, text
        assert "<b>" not in text, text


def _html_calls(path: Path) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            unsafe = any(
                k.arg == "unsafe_allow_html"
                and not (isinstance(k.value, ast.Constant) and k.value.value is False)
                for k in node.keywords
            )
            if name in {"st.html", "components.html", "st.components.v1.html"} or unsafe:
                calls.append(node)
    return calls


def test_html_reaches_the_page_only_from_constants() -> None:
    sources = sorted((ROOT / "pages").glob("*.py")) + sorted((ROOT / "ui").glob("*.py"))
    found = {p.name: _html_calls(p) for p in sources}
    for name, calls in found.items():
        for call in calls:
            assert not any(k.arg == "unsafe_allow_html" for k in call.keywords), name
            assert call.args and isinstance(call.args[0], ast.Constant), (
                f"{name}: st.html with a computed argument"
            )
    assert sum(len(c) for c in found.values()) >= 1  # the presentation's style: the check runs


def test_an_upload_above_the_limit_is_refused_before_it_is_read() -> None:
    data = b"Date,Platform,Reach\n" + b"2026-01-05,instagram,100\n" * 50_000
    with pytest.raises(WorkbenchError) as refused:
        parse_results_file(data, "big.csv", lang="it", max_bytes=len(data) - 1)
    assert refused.value.key == "errors.file_too_large"
