"""The export page's import: a strategy JSON read, summed up, then stored as a new client."""

from __future__ import annotations

import streamlit as st

from ui.markdown import markdown_text
from ui.nav import STEP_PAGES, go
from ui.saving import write
from ui.state import settings, t
from workbench.errors import WorkbenchError
from workbench.exports.strategy_json import import_strategy, parse_strategy
from workbench.i18n import describe_error
from workbench.reference import sectors

__all__ = ["render_strategy_import"]


def render_strategy_import(language: str) -> None:
    """The upload, the client it holds (name and sector), the import on confirmation."""
    st.subheader(t("export.import_title"))
    st.caption(t("export.import_help"))
    limit_mb = settings().max_upload_mb
    upload = st.file_uploader(t("export.import_file"), type=["json"], key="export.upload")
    if upload is None:
        return
    data = upload.getvalue()
    if len(data) > limit_mb * 1024 * 1024:
        st.error(t("errors.file_too_large", limit=limit_mb), icon=":material/error:")
        return
    try:
        name, sections = parse_strategy(data)
    except WorkbenchError as exc:
        st.error(
            t("export.import_rejected", file=upload.name, reason=describe_error(exc, language)),
            icon=":material/error:",
        )
        return
    brief = sections["brief"]
    sector_labels = {s.code: s.label(language) for s in sectors()}
    with st.container(border=True):
        st.markdown(f"**{markdown_text(name)}**")
        sector = getattr(brief, "sector", "")
        st.caption(f"{t('fields.sector')}: {sector_labels.get(sector, sector) or '—'}")
    if st.button(t("export.import_confirm"), key="export.import", type="primary"):
        client = write(lambda s: import_strategy(s, data))
        if client is not None:
            st.toast(t("export.imported", name=markdown_text(client.name)))
            go(STEP_PAGES["brief"], client.id)
