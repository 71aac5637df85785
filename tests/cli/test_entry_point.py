"""Smoke tests of the real entry point, `python -m workbench` in a new interpreter.

The other CLI tests run the same `workbench.cli.main` in this process (`run_cli`), which
is a second cheaper per call; these few check that what automation really starts behaves
the same: exit codes, JSON on stdout, a file on stdout byte for byte, one line on stderr.
"""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import run_cli, run_cli_process


def test_demo_then_clients_as_json(env: dict[str, str]) -> None:
    demo_id = int(run_cli_process("demo", env=env).stdout)
    listed = json.loads(run_cli_process("clients", "--json", env=env).stdout)
    assert [(c["id"], c["name"]) for c in listed] == [(demo_id, "Pasticceria Due Torri")]


def test_a_file_on_stdout_is_the_same_as_in_process(env: dict[str, str]) -> None:
    demo_id = run_cli("demo", env=env).stdout.strip()
    args = ("export", demo_id, "--format", "csv", "--lang", "en", "--sep", ",", "-o", "-")
    printed = run_cli_process(*args, env=env).stdout
    rows = list(csv.reader(io.StringIO(printed.lstrip("\ufeff"))))
    assert rows[0][:3] == ["date", "time", "platform"] and len(rows) > 10
    assert printed == run_cli(*args, env=env).stdout


def test_failures_exit_non_zero_with_one_line(env: dict[str, str]) -> None:
    for args, code in (
        (("--lang", "en", "export", "42", "-o", "x.json"), 1),
        (("frobnicate",), 2),
    ):
        result = run_cli_process(*args, env=env, check=False)
        assert result.returncode == code
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr and result.stdout == ""
        in_process = run_cli(*args, env=env, check=False)
        assert (in_process.returncode, in_process.stderr) == (code, result.stderr)


def test_a_bad_setting_stops_the_command_with_one_line(env: dict[str, str]) -> None:
    env["WORKBENCH_DB_POOL_SIZE"] = "0"
    result = run_cli_process("clients", env=env, check=False)
    assert result.returncode != 0
    assert "WORKBENCH_DB_POOL_SIZE" in result.stderr and "Traceback" not in result.stderr
    in_process = run_cli("clients", env=env, check=False)
    assert (in_process.returncode, in_process.stderr) == (result.returncode, result.stderr)
