"""Dependencies are honest: the minimums in pyproject.toml are the pinned, tested versions,
and docs/dependencies.md says what each one is for."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
REQUIREMENT = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)(?P<extras>\[[^\]]*\])?>=(?P<low>\S+)$")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(filename: str) -> dict[str, list[str]]:
    """Name -> the versions pinned (one per environment marker) in a requirements file."""
    pins: dict[str, list[str]] = {}
    for line in (ROOT / filename).read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^([A-Za-z0-9_.-]+)==([^\s;]+)", line):
            pins.setdefault(_normal(match[1]), []).append(match[2])
    return pins


def _declared(group: str) -> list[str]:
    if group == "runtime":
        return PROJECT["dependencies"]
    return PROJECT["optional-dependencies"][group]


@pytest.mark.parametrize(
    ("group", "lock"), [("runtime", "requirements.txt"), ("dev", "requirements-dev.txt")]
)
def test_every_minimum_is_the_version_pinned_and_tested(group: str, lock: str) -> None:
    pins = _pins(lock)
    wrong = []
    for requirement in _declared(group):
        match = REQUIREMENT.match(requirement)
        assert match, f"{requirement}: give a minimum version (>=) equal to the pin in {lock}"
        name = _normal(match["name"])
        if match["low"] not in pins.get(name, []):
            wrong.append(f"{requirement} but {lock} pins {pins.get(name)}")
    assert wrong == []


def test_every_dependency_is_named_in_the_docs_with_its_purpose() -> None:
    rows = {}
    for line in (ROOT / "docs" / "dependencies.md").read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^\| `([^`]+)` \| ([^|]+)\|", line):
            rows[_normal(match[1].split("[")[0])] = match[2].strip()
    names = [
        _normal(r.split("[")[0].split(">=")[0])
        for group in ("runtime", "dev")
        for r in _declared(group)
    ]
    assert [name for name in names if len(rows.get(name, "")) < 10] == []
