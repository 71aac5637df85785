"""Every command line README and docs/ give for the CLI runs as written (issue 18).

The lines are read from the Markdown's code blocks, in document order, and each becomes one
or more concrete calls: `CLIENT_ID` is the demo client, `a|b|c` one call per choice,
`[optional parts]` left out, `FILE` a file of the right kind, inputs (`figures.csv`,
`export.csv`, `strategy.json`, `backup.zip`) prepared or made by an earlier line. They run
in-process, in a temporary directory, on this test's database, and must exit 0.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from workbench.cli import main

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PREFIX = ".venv/bin/python -m workbench "
FENCE = re.compile(r"```[a-z]*\n(.*?)```", re.S)


def documented_lines() -> list[tuple[str, str]]:
    """(document, command line) for every CLI line in a code block, comments cut."""
    found = []
    for document in DOCUMENTS:
        for block in FENCE.findall(document.read_text("utf-8")):
            for line in block.splitlines():
                line = line.split("  #")[0].strip()
                if line.startswith(PREFIX):
                    found.append((document.name, line.removeprefix(PREFIX)))
    return found


def concrete_calls(line: str, client_id: int, pillar: str) -> list[list[str]]:
    line = re.sub(r"\[[^\]]*\]", "", line)  # optional parts: the line as its shortest
    words = [{"CLIENT_ID": str(client_id), "NAME": pillar}.get(word, word) for word in line.split()]
    calls: list[list[str]] = [[]]
    for word in words:
        choices = word.split("|") if "|" in word and not word.startswith("-") else [word]
        calls = [[*call, choice] for call in calls for choice in choices]
    for call in calls:
        if "FILE" in call:  # the output of `export --format X -o FILE`
            kind = call[call.index("--format") + 1]
            call[call.index("FILE")] = {"scheduler": "scheduler.csv"}.get(kind, f"plan.{kind}")
    return calls


def test_the_documents_give_the_cli_lines() -> None:
    commands = {line.split()[0] for _, line in documented_lines()}
    assert {"demo", "clients", "export", "import", "backup", "restore", "draft"} <= commands


def test_every_documented_cli_line_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(ROOT / "tests" / "data" / "results" / "generic_it.csv", "export.csv")
    assert main(["demo", "--json"]) == 0
    client_id = json.loads(capsys.readouterr().out)["id"]
    assert main(["template", "competitors", "-o", "figures.csv"]) == 0  # its example rows
    assert main(["export", str(client_id), "--format", "json", "-o", "strategy.json"]) == 0
    pillar = json.loads(Path("strategy.json").read_text("utf-8"))["plan"]["pillars"][0]["name"]
    assert main(["backup", "-o", "backup.zip"]) == 0
    ran = []
    for document, line in documented_lines():
        for call in concrete_calls(line, client_id, pillar):
            code = main(call)
            output = capsys.readouterr()
            assert code == 0, f"{document}: {' '.join(call)} exited {code}: {output.err}"
            ran.append(call[0])
    assert len(ran) >= 15
