"""`python -m workbench backup` and `restore`: the archive round trip on the command line."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT
from tests.conftest import run_cli as run


def test_backup_then_restore_into_an_empty_database(env: dict[str, str], tmp_path: Path) -> None:
    demo_id = run("demo", env=env).stdout.strip()
    archive = tmp_path / "backup.zip"
    result = run("backup", "-o", str(archive), "--json", env=env)
    assert json.loads(result.stdout) == {"file": str(archive), "client_ids": [int(demo_id)]}
    original = run("export", demo_id, "-o", "-", env=env).stdout

    env["WORKBENCH_DB_PATH"] = str(tmp_path / "fresh.db")
    restored = json.loads(run("restore", str(archive), "--json", env=env).stdout)
    assert [(c["name"], c["name_in_archive"]) for c in restored] == [
        ("Pasticceria Due Torri", "Pasticceria Due Torri")
    ]
    copy = run("export", str(restored[0]["id"]), "-o", "-", env=env).stdout

    def content(text: str) -> dict:
        document = json.loads(text)
        document.pop("exported_at")
        return document

    assert content(copy) == content(original)


def test_restoring_twice_adds_renamed_copies(env: dict[str, str], tmp_path: Path) -> None:
    run("demo", env=env)
    archive = tmp_path / "backup.zip"
    run("backup", "-o", str(archive), env=env)
    result = run("restore", str(archive), env=env)
    client_id, name = result.stdout.strip().split("\t")
    assert name == "Pasticceria Due Torri (2)"
    assert "«Pasticceria Due Torri» esisteva già" in result.stderr
    listed = json.loads(run("clients", "--json", env=env).stdout)
    assert len(listed) == 2


def test_backup_of_chosen_clients_only(env: dict[str, str], tmp_path: Path) -> None:
    first = run("demo", env=env).stdout.strip()
    run("restore", str(_archive_of(env, tmp_path)), env=env)  # a second client
    archive = tmp_path / "one.zip"
    result = run("backup", "-o", str(archive), "--client", first, env=env)
    assert result.stdout.strip() == f"Backup scritto in {archive} (clienti: 1)."
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
    assert [c["name"] for c in manifest["clients"]] == ["Pasticceria Due Torri"]


def _archive_of(env: dict[str, str], tmp_path: Path) -> Path:
    path = tmp_path / "all.zip"
    run("backup", "-o", str(path), env=env)
    return path


def test_a_bad_archive_is_one_line_naming_the_file_and_nothing_is_restored(
    env: dict[str, str], tmp_path: Path
) -> None:
    bad = tmp_path / "not-a-backup.zip"
    bad.write_bytes(b"hello")
    result = run("--lang", "en", "restore", str(bad), env=env, check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"The archive “{bad}” cannot be restored: it is not a ZIP archive, or it is damaged."
    )
    assert json.loads(run("clients", "--json", env=env).stdout) == []


def test_an_unknown_client_or_missing_file_exits_1(env: dict[str, str], tmp_path: Path) -> None:
    result = run("backup", "-o", str(tmp_path / "x.zip"), "--client", "42", env=env, check=False)
    assert result.returncode == 1 and "42" in result.stderr
    assert not (tmp_path / "x.zip").exists()
    result = run("restore", str(tmp_path / "missing.zip"), env=env, check=False)
    assert result.returncode == 1 and "missing.zip" in result.stderr


def test_a_hostile_archive_is_refused_in_bounded_memory(
    env: dict[str, str], tmp_path: Path
) -> None:
    """0.5 MB on disk, one member of 500 MB once extracted: refused, peak memory < 300 MB."""
    archive = tmp_path / "bomb.zip"
    manifest = {
        "format": "strategy-workbench-backup",
        "format_version": 1,
        "clients": [{"file": "clients/001-bomb.json", "name": "Bomba"}],
    }
    chunk = b" " * 2**20
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("manifest.json", json.dumps(manifest))
        with bomb.open("clients/001-bomb.json", "w", force_zip64=True) as member:
            for _ in range(500):
                member.write(chunk)
    assert archive.stat().st_size < 2**20
    # The restore runs in its own process, which reports its own peak resident memory.
    probe = (
        "import sys\n"
        "from workbench.cli import main\n"
        "code = main(['--lang', 'en', 'restore', sys.argv[1]])\n"
        # VmHWM is this process's own peak; ru_maxrss would carry the forking parent's.
        "status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
        "print(f'peak_kb={status.split()[0]}', file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(archive)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    message, peak = result.stderr.strip().splitlines()
    assert "clients/001-bomb.json" in message and "64 MB" in message
    assert int(peak.removeprefix("peak_kb=")) < 300 * 1024
    assert json.loads(run("clients", "--json", env=env).stdout) == []
