"""The export page's backup section: every client in one archive, and a restore from one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import streamlit as st

from ui.markdown import markdown_text
from ui.saving import write
from ui.state import actor, lang, read, settings, t
from workbench.access import Actor
from workbench.backup import (
    BackupRejected,
    RestoreReport,
    all_client_ids,
    backup_archive,
    backup_file_name,
    read_archive,
    restore_archive,
)
from workbench.i18n import describe_error, fmt_date

__all__ = ["render_backup"]


def _archive(acting: Actor) -> Callable[[], bytes]:
    def build() -> bytes:
        # Built when the button is pressed, not on every run of the page, as who asked.
        with read(acting) as session:
            return backup_archive(session, all_client_ids(session))

    return build


def _download() -> None:
    st.subheader(t("backup.title"))
    st.caption(t("backup.help"))
    with read() as session:
        has_clients = bool(all_client_ids(session))
    if not has_clients:
        st.info(t("backup.empty"), icon=":material/inventory_2:")
        return
    st.download_button(
        t("backup.download"),
        _archive(actor()),
        file_name=backup_file_name(),
        mime="application/zip",
        key="backup.download",
        on_click="ignore",
        icon=":material/archive:",
    )


def _show_report(report: RestoreReport) -> None:
    st.success(t("backup.restored", count=len(report.clients)), icon=":material/check_circle:")
    for client in report.clients:
        if client.renamed:
            old, new = markdown_text(client.name_in_archive), markdown_text(client.name)
            st.caption(t("backup.renamed", old=old, new=new))


def _made_on(created_at: str, language: str) -> str:
    try:
        return fmt_date(datetime.fromisoformat(created_at).date(), language)
    except ValueError:
        return "—"


def _restore(language: str) -> None:
    st.subheader(t("backup.restore_title"))
    st.caption(t("backup.restore_help"))
    report = st.session_state.pop("backup.report", None)
    if isinstance(report, RestoreReport):
        _show_report(report)
    # A new key after a restore empties the uploader, so the same file is not restored twice.
    uploads = int(st.session_state.get("backup.uploads", 0))
    upload = st.file_uploader(t("backup.restore_file"), type=["zip"], key=f"backup.file.{uploads}")
    if upload is None:
        return
    data = upload.getvalue()
    max_bytes = settings().max_upload_mb * 2**20
    try:
        contents = read_archive(data, max_bytes=max_bytes)
    except BackupRejected as exc:
        reason = describe_error(exc, language)
        st.error(t("backup.rejected", file=upload.name, reason=reason), icon=":material/error:")
        return
    made_on = _made_on(contents.created_at, language)
    with st.container(border=True):
        st.markdown(t("backup.contents", date=made_on, count=len(contents.clients)))
        for name in contents.names:
            st.markdown(f"- {markdown_text(name)}")
    if st.button(t("backup.restore_confirm"), key="backup.restore", type="primary"):
        restored = write(lambda s: restore_archive(s, data, max_bytes=max_bytes))
        if restored is not None:
            st.session_state["backup.report"] = restored
            st.session_state["backup.uploads"] = uploads + 1
            st.rerun()


def render_backup() -> None:
    """Download every client as one archive; restore an uploaded one, after a summary."""
    language = lang()
    _download()
    _restore(language)
