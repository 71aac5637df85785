"""Every page in Italian shows no English text of ours and no number in English format.

Every chart carries the Italian number and time locale (ui/charts.py).

Each page of the demo client is opened in Italian, then every tab of it (tabs run lazily,
so each is opened through its key), and every text the page sends to the browser is read
from the element protos: titles, Markdown, captions, alerts, labels, help, placeholders,
options, table column labels and chart titles. What the user typed (widget values) is not
ours and is not read; citations of sources (data/*.csv `source`) keep their own language.
Streamlit's own built-in strings (the file uploader's "Drag and drop file here", "Browse
files", "Limit 10MB per file") are drawn by the browser, not sent as text: README lists them.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from google.protobuf.json_format import MessageToDict
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.apptest import PAGES, demo_id, open_app
from tests.conftest import ROOT

# Words that are English and never Italian (nor loanwords Italian managers use).
ENGLISH = {
    "the",
    "and",
    "with",
    "your",
    "you",
    "this",
    "that",
    "these",
    "from",
    "are",
    "is",
    "was",
    "were",
    "be",
    "been",
    "will",
    "would",
    "have",
    "has",
    "not",
    "what",
    "which",
    "when",
    "where",
    "who",
    "how",
    "why",
    "please",
    "select",
    "upload",
    "download",
    "click",
    "here",
    "drag",
    "drop",
    "browse",
    "files",
    "week",
    "weeks",
    "month",
    "months",
    "hours",
    "days",
    "choose",
    "none",
    "save",
    "delete",
    "remove",
    "cancel",
    "edit",
    "search",
    "add",
    "show",
    "hide",
    "more",
    "less",
    "than",
    "only",
    "each",
    "every",
    "should",
    "could",
    "must",
    "can",
    "our",
    "their",
    "its",
    "there",
    "yes",
    "also",
    "other",
    "into",
    "about",
    "after",
    "before",
    "between",
    "without",
    "under",
    "over",
    "back",
    "next",
    "previous",
    "first",
    "last",
    "new",
    "old",
    "empty",
}
TEXT_FIELDS = {"body", "label", "help", "placeholder", "caption", "title", "text", "options"}
ENGLISH_NUMBER = re.compile(
    r"\b[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?\b|\b\d+\.\d{1,2}\b|\b\d+(?:\.\d)?[KM]\b"
)


def _sources() -> list[str]:
    found: set[str] = set()
    for path in (ROOT / "data").glob("*.csv"):
        with path.open(encoding="utf-8") as file:
            for row in csv.DictReader(file):
                if row.get("source"):
                    found.add(row["source"])
    return sorted(found, key=len, reverse=True)


SOURCES = _sources()


def _strings(value: Any, field: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "spec" and isinstance(item, str):  # a chart: its titles and locale
                spec = json.loads(item)
                yield from _strings(_chart_titles(spec))
                locale = spec.get("config", {}).get("locale", {})
                if locale.get("number", {}).get("decimal") != "," or "time" not in locale:
                    yield f"CHART WITHOUT THE ITALIAN LOCALE: {_chart_titles(spec)[:2]}"
            elif key == "columns" and isinstance(item, str):  # a table's column config
                yield from _strings(json.loads(item), "label")
            elif key not in {"default", "value", "arrowData", "data", "id", "formId", "icon"}:
                yield from _strings(item, key)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, field)
    elif isinstance(value, str) and field in TEXT_FIELDS:
        yield value


def _chart_titles(spec: Any) -> list[str]:
    if isinstance(spec, dict):
        found = [spec["title"]] if isinstance(spec.get("title"), str) else []
        for key, item in spec.items():
            if key not in {"data", "datasets"}:
                found += _chart_titles(item)
        return found
    if isinstance(spec, list):
        return [title for item in spec for title in _chart_titles(item)]
    return []


def _shown(at: AppTest) -> tuple[list[str], list[tuple[str, str]]]:
    """Every text the run sent, and the (key, label) of every tab of every tab container."""
    texts: list[str] = []
    tabs: list[tuple[str, str]] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            as_dict = MessageToDict(proto)
            texts.extend(_strings(as_dict))
            container = as_dict.get("tabContainer")
            if container:
                key = container["id"].rsplit("-", 1)[-1]
                labels = [c.proto.label for c in node.children.values()]
                tabs.extend((key, label) for label in labels)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return texts, tabs


def english_in(text: str) -> list[str]:
    for source in SOURCES:
        text = text.replace(source, "")
    text = re.sub(r"https?://\S+|`[^`]*`|:material/\w+:|\{[^}]*\}", " ", text)
    text = text.replace("We Are Social", "")  # a source's name, also when cited in part
    words = re.findall(r"[A-Za-z]+", text)
    return [word for word in words if word.lower() in ENGLISH and not word.isupper()]


def page_findings(page: str, client_id: int, lang: str = "it") -> list[str]:
    at = open_app(page, client=client_id, lang=lang)
    texts, tabs = _shown(at)
    seen = set(tabs)
    queue = list(tabs)
    while queue:  # every tab, nested ones included
        key, label = queue.pop(0)
        at.session_state[key] = label
        at.run()
        assert not at.exception, (page, key, label, at.exception)
        more, found = _shown(at)
        texts += more
        for tab in found:
            if tab not in seen:
                seen.add(tab)
                queue.append(tab)
    assert len(texts) > 20 and (bool(tabs) or page not in {"plan", "budget", "competitors"})
    problems = []
    for text in dict.fromkeys(texts):
        if text.startswith("CHART WITHOUT"):
            problems.append(f"{page}: {text}")
            continue
        if words := english_in(text):
            problems.append(f"{page}: English {words}: {text[:120]!r}")
        if numbers := ENGLISH_NUMBER.findall(re.sub(r"https?://\S+|\d+\.\d+\.\d+", " ", text)):
            problems.append(f"{page}: English number {numbers}: {text[:120]!r}")
    return problems


def test_the_detector_sees_english_and_english_numbers() -> None:
    assert english_in("Select the file to upload") == ["Select", "the", "upload"]
    assert english_in("Scegli il file da caricare") == []
    assert ENGLISH_NUMBER.findall("3500.00 e 0.2M e 1,234") == ["3500.00", "0.2M", "1,234"]
    assert ENGLISH_NUMBER.findall("3.500,00 € e 1.234 e 18:00") == []


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_page_in_italian_shows_no_english_of_ours(db: Engine, page: str) -> None:
    assert page_findings(page, demo_id(db)) == []


def test_the_crawl_reads_every_tab_of_a_page(db: Engine) -> None:
    # In English the same crawl finds English everywhere, in the tabs opened one by one too.
    found = page_findings("budget", demo_id(db), lang="en")
    assert len(found) > 30
    assert any("Rates" in line or "rate" in line for line in found)


def test_choices_switch_language_with_the_page(db: Engine) -> None:
    # A label cached by its code alone stayed in the first language a process showed.
    client_id = demo_id(db)
    english = open_app("audience", client=client_id, lang="en")
    assert any("As in the brief" in o for s in english.selectbox for o in s.options)
    italian = open_app("audience", client=client_id, lang="it")
    options = [o for s in italian.selectbox for o in s.options]
    assert any("Come nel brief" in o for o in options)
    assert not any("As in the brief" in o for o in options)
