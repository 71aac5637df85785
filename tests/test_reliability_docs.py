"""docs/reliability.md's table of limits is the specification: the code holds each value, and
each message named exists in both catalogues."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

import workbench.limits
from workbench.i18n import LANGUAGES, catalogue

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "reliability.md"
CODE = re.compile(r"^`(workbench(?:\.\w+)+) = ([0-9_*+\- .]+)`$")


def rows() -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8").split("## Limits", 1)[1]
    table = [line for line in text.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in table[1:]]


def _arithmetic(expression: str) -> int | float:
    """The value of `64 * 2**20` or `2**63 - 1`: numbers and operators only."""
    tree = ast.parse(expression.replace("_", ""), mode="eval")
    allowed = (ast.Expression, ast.BinOp, ast.Constant, ast.Mult, ast.Pow, ast.Sub, ast.Add)
    assert all(isinstance(node, allowed) for node in ast.walk(tree)), expression
    value = eval(compile(tree, str(DOC), "eval"), {"__builtins__": {}})  # only arithmetic
    assert isinstance(value, int | float)
    return value


def _attribute(dotted: str) -> object:
    parts = dotted.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            target: object = importlib.import_module(".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for name in parts[split:]:
            target = getattr(target, name)
            if hasattr(target, "model_fields") and name != parts[-1]:
                return target.model_fields[parts[-1]].default  # a Settings field's default
        return target
    raise AssertionError(dotted)


ROWS = rows()


def test_the_table_lists_the_limits() -> None:
    assert len(ROWS) >= 20
    documented = {CODE.match(row[2]).group(1) for row in ROWS if CODE.match(row[2])}
    for name in workbench.limits.__all__:
        if name.isupper():
            assert f"workbench.limits.{name}" in documented, f"{name} is not in {DOC.name}"


@pytest.mark.parametrize("row", ROWS, ids=[row[0] for row in ROWS])
def test_the_code_holds_each_limit(row: list[str]) -> None:
    what, _, code, _ = row
    match = CODE.match(code)
    assert match, f"{what}: the code column reads `module.NAME = value`"
    assert _attribute(match.group(1)) == _arithmetic(match.group(2)), what


@pytest.mark.parametrize("row", ROWS, ids=[row[0] for row in ROWS])
def test_each_message_named_exists(row: list[str]) -> None:
    keys = re.findall(r"`([a-z_]+(?:\.[a-z_]+)+)`", row[3])
    assert keys, f"{row[0]}: no message named"
    for lang in LANGUAGES:
        for key in keys:
            assert key in catalogue(lang), key
