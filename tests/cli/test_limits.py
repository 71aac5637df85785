"""Hostile input on the command line: exit 1 and one line naming what and where, never exit 3.

Run in-process (`cli.main`) to stay fast; the contract is the same as for a subprocess.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.limits import JSON_MAX_DEPTH


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def strategy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    """The demo client's strategy document, as `export` writes it."""
    assert run(capsys, "demo")[0] == 0
    target = tmp_path / "demo.json"
    assert run(capsys, "export", "1", "-o", str(target))[0] == 0
    return json.loads(target.read_text(encoding="utf-8"))


def clients(capsys: pytest.CaptureFixture[str]) -> list[str]:
    code, out, _ = run(capsys, "clients", "--json")
    assert code == 0
    return [c["name"] for c in json.loads(out)]


def test_a_client_name_over_120_characters_is_a_message_on_import(
    strategy: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    strategy["client"]["name"] = "N" * 121
    path = tmp_path / "long.json"
    path.write_text(json.dumps(strategy), encoding="utf-8")
    code, _, err = run(capsys, "--lang", "en", "import", str(path))
    assert code == 1, err
    assert err.strip() == (
        f"The file “{path}” cannot be imported: Client name: too long (at most 120 characters)."
    )
    assert clients(capsys) == ["Pasticceria Due Torri"]


def test_a_client_name_over_120_characters_is_a_message_on_restore(
    strategy: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    strategy["client"]["name"] = "N" * 121
    manifest = {
        "format": "strategy-workbench-backup",
        "format_version": 1,
        "clients": [{"file": "clients/001-n.json", "name": "N" * 121}],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("clients/001-n.json", json.dumps(strategy))
    path = tmp_path / "long.zip"
    path.write_bytes(buffer.getvalue())
    code, _, err = run(capsys, "--lang", "en", "restore", str(path))
    assert code == 1, err
    assert "too long (at most 120 characters)" in err and str(path) in err
    assert clients(capsys) == ["Pasticceria Due Torri"]


@pytest.mark.parametrize("depth", [JSON_MAX_DEPTH + 1, 100_000])
def test_deeply_nested_json_is_refused_with_the_depth_limit(
    depth: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * depth + "]" * depth, encoding="utf-8")
    code, _, err = run(capsys, "--lang", "en", "import", str(path))
    assert code == 1, err
    assert f"nest more than {JSON_MAX_DEPTH} levels deep" in err and str(path) in err


def test_deep_nesting_inside_a_valid_strategy_is_refused(
    strategy: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nested: list = []
    for _ in range(JSON_MAX_DEPTH):
        nested = [nested]
    strategy["plan"]["posts"][0]["hashtags"] = nested
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(strategy), encoding="utf-8")
    code, _, err = run(capsys, "import", str(path))
    assert code == 1, err
    assert clients(capsys) == ["Pasticceria Due Torri"]


def test_a_strategy_over_the_size_limit_is_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("workbench.cli.JSON_MAX_BYTES", 2**19)
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"format": "strategy-workbench", "pad": "x" * 2**19}))
    code, _, err = run(capsys, "--lang", "en", "import", str(path))
    assert code == 1, err
    assert (
        err.strip() == f"The file “{path}” cannot be imported: the JSON is over the 0.5 MB limit."
    )


@pytest.mark.parametrize(
    "args",
    [
        ("export", str(2**64), "-o", "-"),
        ("recommend", str(2**70)),
        ("budget", str(-(2**70))),
        ("import-competitors", str(2**64), "missing.csv"),
        ("--workspace", str(2**64), "clients"),
    ],
)
def test_ids_past_64_bits_are_not_found(
    args: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--lang", "en", *args)
    assert code == 1, err
    assert "does not exist" in err or "Cannot read" in err
