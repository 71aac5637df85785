"""The export page's backup section through AppTest: download every client, restore an archive."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.apptest import demo_id, open_app, texts
from tests.conftest import make_client
from workbench.backup import all_client_ids, backup_archive
from workbench.db import read_session
from workbench.i18n import t

MIME = "application/zip"


def _archive(db: Engine) -> bytes:
    with read_session(db) as session:
        return backup_archive(session, all_client_ids(session))


def _names(db: Engine) -> list[str]:
    from workbench.clients import list_clients

    with read_session(db) as session:
        return sorted(r.name for r in list_clients(session).rows)


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="backup.file.0").set_value((name, data, MIME))
    return at.run()


def test_the_section_offers_the_backup_of_every_client(db: Engine) -> None:
    make_client(db, "Bar Sport")
    at = open_app("export")  # no client needs to be open
    assert t("backup.title", "it") in [s.value for s in at.subheader]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Scarica il backup (.zip)"]


def test_an_uploaded_archive_is_summarised_then_restored(db: Engine) -> None:
    client_id = demo_id(db)
    archive = _archive(db)
    # In Italian: AppTest formats the CSV separator radio's value with the default language.
    at = _upload(open_app("export", client=client_id), "backup.zip", archive)
    assert not at.exception and not at.error
    assert "clienti: 1" in texts(at)
    assert "Pasticceria Due Torri" in texts(at)
    assert _names(db) == ["Pasticceria Due Torri"]  # nothing written before the click

    at.button(key="backup.restore").click().run()
    assert not at.exception and not at.error
    assert t("backup.restored", "it", count=1) in [s.value for s in at.success]
    said = t(
        "backup.renamed", "it", old="Pasticceria Due Torri", new="Pasticceria Due Torri \\(2\\)"
    )
    assert said in [c.value for c in at.caption]
    assert _names(db) == ["Pasticceria Due Torri", "Pasticceria Due Torri (2)"]
    # The uploader is emptied, so a second click cannot restore the same file again.
    assert at.file_uploader(key="backup.file.1").value is None
    assert not [b for b in at.button if b.key == "backup.restore"]


def test_a_bad_archive_is_refused_naming_the_file(db: Engine) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    at = _upload(open_app("export"), "old.zip", buffer.getvalue())
    assert not at.exception
    [error] = at.error
    assert error.value == t(
        "backup.rejected", "it", file="old.zip", reason=t("errors.backup_no_manifest", "it")
    )
    assert not [b for b in at.button if b.key == "backup.restore"]
    assert _names(db) == []
