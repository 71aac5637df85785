"""The command line is a contract: exit codes, JSON on stdout, one line on stderr.

Run in this process through `run_cli`; test_entry_point.py starts the real interpreter.
"""

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli as run

DATA = Path(__file__).parents[1] / "data"


def test_demo_clients_export_import(env: dict[str, str], tmp_path: Path) -> None:
    demo_id = int(run("demo", env=env).stdout)
    listed = json.loads(run("clients", "--json", env=env).stdout)
    assert [(c["id"], c["name"]) for c in listed] == [(demo_id, "Pasticceria Due Torri")]
    assert {"brief", "audience"} <= set(listed[0]["steps_done"])

    out = tmp_path / "strategy.json"
    reported = json.loads(
        run("export", str(demo_id), "--format", "json", "-o", str(out), "--json", env=env).stdout
    )
    assert reported == {"client_id": demo_id, "format": "json", "file": str(out)}
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["brief"]["city"] == "Bologna"

    imported = json.loads(run("import", str(out), "--json", env=env).stdout)
    assert imported["name"] == "Pasticceria Due Torri (2)"
    names = {c["name"] for c in json.loads(run("clients", "--json", env=env).stdout)}
    assert names == {"Pasticceria Due Torri", "Pasticceria Due Torri (2)"}


def test_demo_if_missing_prints_the_existing_id(env: dict[str, str]) -> None:
    first = run("demo", env=env).stdout.strip()
    assert run("demo", "--if-missing", env=env).stdout.strip() == first


def test_old_strategy_files_import(env: dict[str, str]) -> None:
    new_id = int(run("import", str(DATA / "strategy_v1.json"), env=env).stdout)
    clients = json.loads(run("clients", "--json", "--search", "ferri", env=env).stdout)
    assert [c["id"] for c in clients] == [new_id]


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("export", "999", "--format", "json", "-o", "x.json"), 1, "999"),
        (("import", "no-such-file.json"), 1, "no-such-file.json"),
        (("import", "pyproject.toml"), 1, "JSON"),
        (("export", "abc", "-o", "x.json"), 2, "abc"),
        (("frobnicate",), 2, "frobnicate"),
        (("export", "1", "--format", "pdf", "-o", "x"), 2, "pdf"),
    ],
)
def test_bad_input_gives_one_line_and_a_non_zero_exit(
    env: dict[str, str], args: tuple[str, ...], code: int, needle: str
) -> None:
    result = run(*args, env=env, check=False)
    assert result.returncode == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_messages_follow_the_language(env: dict[str, str]) -> None:
    result = run("--lang", "en", "export", "42", "-o", "x.json", env=env, check=False)
    assert result.stderr.strip() == "Client 42 does not exist (it may have been deleted)."


def test_unwritable_output_is_reported(env: dict[str, str], tmp_path: Path) -> None:
    demo_id = run("demo", env=env).stdout.strip()
    target = tmp_path / "missing-folder" / "out.json"
    result = run("export", demo_id, "-o", str(target), env=env, check=False)
    assert result.returncode == 1 and str(target) in result.stderr


def test_cli_uses_database_url_for_postgres(env: dict[str, str], postgres_engine) -> None:  # noqa: ANN001
    env["DATABASE_URL"] = postgres_engine.url.render_as_string(hide_password=False)
    demo_id = run("demo", "--json", env=env).stdout
    assert json.loads(demo_id)["name"] == "Pasticceria Due Torri"
    with postgres_engine.connect() as conn:
        assert conn.exec_driver_sql("select count(*) from client").scalar() == 1


def test_the_cli_acts_as_the_local_user_or_in_the_workspace_named(env: dict[str, str]) -> None:
    from workbench.access import actor_for, actor_of, bind
    from workbench.clients import create_client
    from workbench.db import make_engine, write_session

    local_id = int(run("demo", env=env).stdout)
    engine = make_engine(f"sqlite:///{env['WORKBENCH_DB_PATH']}")
    with write_session(engine) as session:
        bind(session, actor_for(session, "anna@agenzia-a.it", None))
        theirs = create_client(session, name="Pasticceria Due Torri").id
        workspace = actor_of(session).workspace_id
    engine.dispose()
    listed = json.loads(run("clients", "--json", env=env).stdout)
    assert [c["id"] for c in listed] == [local_id]
    assert run("demo", "--if-missing", env=env).stdout.strip() == str(local_id)
    result = run("--lang", "en", "export", str(theirs), "-o", "x.json", env=env, check=False)
    assert result.returncode == 1
    assert (
        result.stderr.strip() == f"Client {theirs} is not in this workspace, or no longer exists."
    )

    listed = json.loads(run("--workspace", str(workspace), "clients", "--json", env=env).stdout)
    assert [c["id"] for c in listed] == [theirs]
    result = run("--lang", "en", "--workspace", "999", "clients", env=env, check=False)
    assert (result.returncode, result.stderr.strip()) == (1, "Workspace 999 does not exist.")
