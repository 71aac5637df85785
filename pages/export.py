"""Export and import: the whole strategy as JSON (more formats arrive with the plan)."""

from __future__ import annotations

import re

import streamlit as st

from ui.nav import STEP_PAGES, go
from ui.shell import ensure_shell
from ui.sidebar import current_strategy
from ui.state import engine, lang, settings, t, write
from workbench.db import read_session
from workbench.errors import WorkbenchError
from workbench.exports.strategy_json import (
    dump_strategy,
    export_strategy,
    import_strategy,
    parse_strategy,
)
from workbench.i18n import describe_error
from workbench.reference import sectors

ensure_shell()

L = lang()
st.title(t("steps.export"))

strategy = current_strategy()
st.subheader(t("export.json_title"))
if strategy is None or strategy.client.id is None:
    st.info(t("export.pick_client"), icon=":material/arrow_back:")
else:
    client_id = strategy.client.id
    with read_session(engine()) as session:
        text = dump_strategy(export_strategy(session, client_id))
    slug = re.sub(r"[^a-z0-9]+", "-", strategy.client.name.casefold()).strip("-") or "client"
    st.caption(t("export.json_help"))
    st.download_button(
        t("export.json_download"),
        text.encode("utf-8"),
        file_name=f"{slug}-strategy.json",
        mime="application/json",
        key="export.json",
        type="primary",
        icon=":material/download:",
    )
    st.caption(t("export.more_formats"))

st.divider()
st.subheader(t("export.import_title"))
st.caption(t("export.import_help"))
limit_mb = settings().max_upload_mb
upload = st.file_uploader(t("export.import_file"), type=["json"], key="export.upload")
if upload is not None:
    data = upload.getvalue()
    if len(data) > limit_mb * 1024 * 1024:
        st.error(t("errors.file_too_large", limit=limit_mb), icon=":material/error:")
        st.stop()
    try:
        name, sections = parse_strategy(data)
    except WorkbenchError as exc:
        st.error(
            t("export.import_rejected", file=upload.name, reason=describe_error(exc, L)),
            icon=":material/error:",
        )
        st.stop()
    brief = sections["brief"]
    sector_labels = {s.code: s.label(L) for s in sectors()}
    with st.container(border=True):
        st.markdown(f"**{name}**")
        sector = getattr(brief, "sector", "")
        st.caption(f"{t('fields.sector')}: {sector_labels.get(sector, sector) or '—'}")
    if st.button(t("export.import_confirm"), key="export.import", type="primary"):
        client = write(lambda s: import_strategy(s, data))
        if client is not None:
            st.toast(t("export.imported", name=client.name))
            go(STEP_PAGES["brief"], client.id)
