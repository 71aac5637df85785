"""Brief: who the client is, what they want, what they can do. Every change saves itself."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from ui.forms import code_label, lines, parse_typed_number, records
from ui.panels.brief_offering import load_offering, offering_changes, render_offering
from ui.saving import write
from ui.shell import step_page
from ui.state import lang, settings, t
from workbench.clients import rename_client
from workbench.errors import FieldProblem
from workbench.i18n import describe_problem, field_label, fmt_datetime, fmt_number
from workbench.models import (
    NAME_MAX,
    SHORT_MAX,
    TEXT_MAX,
    Brief,
    BroadGoal,
    Capability,
    ClientKind,
    Objective,
    Platform,
)
from workbench.reference import countries, provinces, regions, sectors
from workbench.strategy import SectionState, brief_missing_fields, merge_changes, save_section
from workbench.validation import merge_valid_fields

strategy, client_id = step_page("brief")
L = lang()
client_name = strategy.client.name
state = strategy.sections["brief"]
brief = strategy.brief

KPI_COLUMNS = ["objective", "metric", "target", "deadline"]
ACCOUNT_COLUMNS = ["platform", "handle", "followers"]


def _load_widgets() -> None:
    """Put the stored brief into the widgets: on first view and whenever the client changes."""
    ss = st.session_state
    ss["brief.client"] = client_id
    # The version the widgets show: a save from them expects it (someone else's save since
    # then makes it stale, and the user chooses; see ui.saving).
    ss["brief.version"] = state.version
    ss["brief.loaded"] = brief  # what the fields show: the base of a merge with others' edits
    ss["brief.name"] = client_name
    for field in ("description", "region", "city", "website", "blog", "newsletter", "approver"):
        ss[f"brief.{field}"] = getattr(brief, field)
    ss["brief.kind"] = brief.kind.value if brief.kind else None
    ss["brief.sector"] = brief.sector or None
    ss["brief.country"] = brief.country
    ss["brief.province"] = brief.province or None
    ss["brief.broad_goals"] = [g.value for g in brief.broad_goals]
    ss["brief.objectives"] = [o.value for o in brief.objectives]
    ss["brief.capabilities"] = [c.value for c in brief.capabilities]
    ss["brief.social_only"] = brief.social_only
    for field in ("tone_descriptors", "words_to_use", "words_to_avoid"):
        ss[f"brief.{field}"] = list(getattr(brief, field))
    ss["brief.example_phrases"] = "\n".join(brief.example_phrases)
    load_offering(brief)
    # Typed as text in the user's own number format: a number widget would read "4,5" as 45.
    for field in ("hours_per_week", "budget_min", "budget_max"):
        value = getattr(brief, field)
        ss[f"brief.{field}"] = "" if value is None else fmt_number(value, L, digits=2)
    ss["brief.start_date"] = brief.start_date
    ss["brief.horizon_weeks"] = brief.horizon_weeks
    # The tables' base rows stay fixed while the page is open: the editor's edits apply to them.
    kpis = [k.model_dump() for k in brief.kpi_targets]
    for row in kpis:
        row["objective"] = row["objective"].value
        row["target"] = float(row["target"])
    ss["brief.kpi_base"] = pd.DataFrame(kpis, columns=KPI_COLUMNS).astype(
        {"objective": "object", "metric": "object", "target": "float64"}
    )
    ss["brief.kpi_base"]["deadline"] = pd.to_datetime(ss["brief.kpi_base"]["deadline"])
    accounts = [{**a.model_dump(), "platform": a.platform.value} for a in brief.social_accounts]
    ss["brief.accounts_base"] = pd.DataFrame(accounts, columns=ACCOUNT_COLUMNS).astype(
        {"platform": "object", "handle": "object", "followers": "Int64"}
    )
    for key in ("brief.kpi_editor", "brief.accounts_editor"):
        ss.pop(key, None)


if st.session_state.get("brief.client") != client_id or "brief.name" not in st.session_state:
    _load_widgets()


status = st.empty()
problems_box = st.container()

# --- who -------------------------------------------------------------------------------------
st.subheader(t("brief.section_client"))
c1, c2, c3 = st.columns([2, 1, 1])
c1.text_input(t("fields.name"), key="brief.name", max_chars=NAME_MAX)
c2.selectbox(
    t("fields.kind"),
    [k.value for k in ClientKind],
    key="brief.kind",
    format_func=code_label("kinds", L),
    placeholder=t("common.choose"),
)
sector_labels = {s.code: s.label(L) for s in sectors()}
c3.selectbox(
    t("fields.sector"),
    list(sector_labels),
    key="brief.sector",
    format_func=lambda code: sector_labels.get(code, code),
    placeholder=t("common.choose"),
)
st.text_area(
    t("fields.description"),
    key="brief.description",
    max_chars=TEXT_MAX,
    placeholder=t("brief.description_placeholder"),
    height=90,
)

render_offering()

# --- where ------------------------------------------------------------------------------------
st.subheader(t("brief.section_location"))
c1, c2, c3, c4 = st.columns(4)
country_names = dict(countries(L))
c1.selectbox(
    t("fields.country"),
    list(country_names),
    key="brief.country",
    format_func=lambda code: country_names.get(code, code),
)
if st.session_state["brief.country"] == "IT":
    region_options = list(regions())
    if st.session_state.get("brief.region") not in region_options:
        st.session_state["brief.region"] = None
    c2.selectbox(
        t("fields.region"), region_options, key="brief.region", placeholder=t("common.choose")
    )
    region = st.session_state["brief.region"]
    in_region = [p for p in provinces() if not region or p.region == region]
    province_names = {p.code: f"{p.name} ({p.code})" for p in in_region}
    if st.session_state.get("brief.province") not in province_names:
        st.session_state["brief.province"] = None
    c3.selectbox(
        t("fields.province"),
        list(province_names),
        key="brief.province",
        format_func=lambda code: province_names.get(code, code),
        placeholder=t("common.choose"),
        help=t("brief.province_help"),
    )
else:
    c2.text_input(t("fields.region"), key="brief.region", max_chars=SHORT_MAX)
    st.session_state["brief.province"] = None
c4.text_input(t("fields.city"), key="brief.city", max_chars=SHORT_MAX)

# --- goals ------------------------------------------------------------------------------------
st.subheader(t("brief.section_goals"))
st.pills(
    t("fields.broad_goals"),
    [g.value for g in BroadGoal],
    key="brief.broad_goals",
    selection_mode="multi",
    format_func=code_label("goals", L),
)
st.pills(
    t("fields.objectives"),
    [o.value for o in Objective],
    key="brief.objectives",
    selection_mode="multi",
    format_func=code_label("objectives", L),
)
st.markdown(f"**{t('fields.kpi_targets')}**")
st.caption(t("brief.kpi_help"))
kpi_frame = st.data_editor(
    st.session_state["brief.kpi_base"],
    key="brief.kpi_editor",
    num_rows="dynamic",
    width="stretch",
    hide_index=True,
    placeholder="—",
    column_config={
        "objective": st.column_config.SelectboxColumn(
            t("fields.objective"),
            options=[o.value for o in Objective],
            format_func=code_label("objectives", L),
            required=True,
        ),
        "metric": st.column_config.TextColumn(t("fields.metric"), max_chars=100, required=True),
        "target": st.column_config.NumberColumn(
            t("fields.target"), min_value=0, step=0.01, required=True
        ),
        "deadline": st.column_config.DateColumn(t("fields.deadline"), format="DD/MM/YYYY"),
    },
)

# --- presence ---------------------------------------------------------------------------------
st.subheader(t("brief.section_presence"))
social_only = st.toggle(
    t("fields.social_only"), key="brief.social_only", help=t("brief.social_only_help")
)
c1, c2, c3 = st.columns(3)
for column, field in zip((c1, c2, c3), ("website", "blog", "newsletter"), strict=True):
    column.text_input(
        t(f"fields.{field}"),
        key=f"brief.{field}",
        max_chars=SHORT_MAX,
        disabled=social_only,
        placeholder="https://",
    )
st.markdown(f"**{t('fields.social_accounts')}**")
accounts_frame = st.data_editor(
    st.session_state["brief.accounts_base"],
    key="brief.accounts_editor",
    num_rows="dynamic",
    width="stretch",
    hide_index=True,
    placeholder="—",
    column_config={
        "platform": st.column_config.SelectboxColumn(
            t("fields.platform"),
            options=[p.value for p in Platform],
            format_func=code_label("platforms", L),
            required=True,
        ),
        "handle": st.column_config.TextColumn(t("fields.handle"), max_chars=100, required=True),
        "followers": st.column_config.NumberColumn(
            t("fields.followers"), min_value=0, step=1, format="localized"
        ),
    },
)

# --- voice ------------------------------------------------------------------------------------
st.subheader(t("brief.section_voice"))
c1, c2, c3 = st.columns(3)
for column, field in zip(
    (c1, c2, c3), ("tone_descriptors", "words_to_use", "words_to_avoid"), strict=True
):
    column.multiselect(
        t(f"fields.{field}"),
        st.session_state[f"brief.{field}"],
        key=f"brief.{field}",
        accept_new_options=True,
        placeholder=t("brief.type_and_enter"),
    )
st.text_area(
    t("fields.example_phrases"),
    key="brief.example_phrases",
    height=90,
    help=t("brief.one_per_line"),
    max_chars=TEXT_MAX,
)

# --- resources and budget ---------------------------------------------------------------------
st.subheader(t("brief.section_resources"))
c1, c2 = st.columns([1, 2])
c1.text_input(t("fields.hours_per_week"), key="brief.hours_per_week", max_chars=12)
c2.text_input(t("fields.approver"), key="brief.approver", max_chars=SHORT_MAX)
st.pills(
    t("fields.capabilities"),
    [c.value for c in Capability],
    key="brief.capabilities",
    selection_mode="multi",
    format_func=code_label("capabilities", L),
)
st.subheader(t("brief.section_budget"))
c1, c2, c3, c4 = st.columns(4)
c1.text_input(t("fields.budget_min"), key="brief.budget_min", max_chars=16, placeholder="—")
c2.text_input(t("fields.budget_max"), key="brief.budget_max", max_chars=16, placeholder="—")
c3.date_input(
    t("fields.start_date"),
    key="brief.start_date",
    format="DD/MM/YYYY",
    min_value=date(2000, 1, 1),
    max_value=date(2100, 12, 31),
)
c4.number_input(
    t("fields.horizon_weeks"), key="brief.horizon_weeks", min_value=1, max_value=52, step=1
)

# --- save -------------------------------------------------------------------------------------
ss = st.session_state
typed: dict[str, Any] = {}
number_problems = []
for field in ("hours_per_week", "budget_min", "budget_max"):
    try:
        typed[field] = parse_typed_number(ss[f"brief.{field}"], L)
    except ValueError:
        typed[field] = getattr(brief, field)  # keep the saved value, name the field
        number_problems.append(FieldProblem((field,), "errors.not_a_number"))
offering, line_problems = offering_changes()
changes = {
    "kind": ss["brief.kind"],
    "sector": ss["brief.sector"] or "",
    "description": ss["brief.description"],
    "country": ss["brief.country"],
    "region": ss["brief.region"] or "",
    "province": ss["brief.province"] or "",
    "city": ss["brief.city"],
    "broad_goals": ss["brief.broad_goals"] or [],
    "objectives": ss["brief.objectives"] or [],
    "kpi_targets": records(kpi_frame),
    "social_only": ss["brief.social_only"],
    "website": "" if social_only else ss["brief.website"],
    "blog": "" if social_only else ss["brief.blog"],
    "newsletter": "" if social_only else ss["brief.newsletter"],
    "social_accounts": records(accounts_frame),
    "tone_descriptors": ss["brief.tone_descriptors"],
    "words_to_use": ss["brief.words_to_use"],
    "words_to_avoid": ss["brief.words_to_avoid"],
    "example_phrases": lines(ss["brief.example_phrases"]),
    "hours_per_week": typed["hours_per_week"] or 0,
    "approver": ss["brief.approver"],
    "capabilities": ss["brief.capabilities"] or [],
    "budget_min": typed["budget_min"],
    "budget_max": typed["budget_max"],
    "start_date": ss["brief.start_date"],
    "horizon_weeks": ss["brief.horizon_weeks"],
    **offering,
}
merged, problems = merge_valid_fields(brief, changes)
problems = number_problems + line_problems + problems
needs_rerun = False
if " ".join(ss["brief.name"].split()) != client_name:
    # The sidebar shows the name: rerun once it is stored.
    with problems_box:  # a refused name is reported at the top, with the other problems
        needs_rerun = write(lambda s: rename_client(s, client_id, ss["brief.name"])) is not None
saved_at = state.updated_at
loaded = ss.get("brief.loaded")
if merged != brief and state.version != ss["brief.version"] and isinstance(loaded, Brief):
    # Someone else saved the brief since these fields were filled: keep both edits when
    # they touched different fields; only the same field changed by both is a conflict.
    combined, clash = merge_changes(loaded, merged, brief)
    if not clash:
        saved_both = combined == brief or (
            write(
                lambda s: save_section(
                    s, client_id, "brief", combined, expected_version=state.version
                )
            )
            is not None
        )
        if saved_both:
            ss.pop("brief.client", None)  # refill the fields with both edits
            ss["brief.merged"] = True
            st.rerun()
    else:
        with problems_box:
            names = ", ".join(sorted(field_label(("brief", name), L) for name in clash))
            st.warning(t("brief.both_changed", fields=names), icon=":material/merge_type:")
if ss.pop("brief.merged", False):
    st.toast(t("brief.merged"), icon=":material/merge_type:")
if merged != brief:

    def save_brief(session: Any) -> SectionState:  # a write session (pages import no SQL)
        saved = save_section(
            session, client_id, "brief", merged, expected_version=ss["brief.version"]
        )
        ss["brief.version"] = saved.version
        return saved

    saved = write(save_brief)
    if saved is not None:
        saved_at = saved.updated_at
        needs_rerun = needs_rerun or saved.complete != state.complete
if needs_rerun:
    st.rerun()

with problems_box:
    for problem in problems:
        st.error(describe_problem(problem, L), icon=":material/error:")
missing = brief_missing_fields(merged)
with status.container():
    when = fmt_datetime(saved_at, L, settings().timezone) if saved_at else None
    if problems:
        st.caption(t("brief.saved_except"))
    elif when:
        st.caption(f"✓ {t('brief.saved_at', when=when)}")
    else:
        st.caption(t("brief.not_saved_yet"))
    if missing:
        st.info(
            t("brief.missing", fields=", ".join(t(f"fields.{f}") for f in missing)),
            icon=":material/edit_note:",
        )
    else:
        st.success(t("brief.complete"), icon=":material/check_circle:")
