"""Audience: personas, estimated reach by platform with sources, and a summary."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from ui.assistant import outcome_caption, run_action
from ui.charts import chart_spec
from ui.forms import code_label, parse_typed_number
from ui.saving import write
from ui.shell import step_page
from ui.state import lang, settings, t
from ui.widgets import editable_table
from workbench.ai.actions import audience_summary
from workbench.audience.personas import (
    ReachEstimate,
    estimate_reach,
    keep_countable_places,
    move_persona,
    persona_template_note,
    persona_templates,
    place_label,
    place_notes,
    region_of,
    source_labels,
    summarize_audience,
)
from workbench.errors import FieldProblem
from workbench.i18n import describe_problem, fmt_number
from workbench.i18n import t as translate
from workbench.models import (
    Audience,
    AudienceArea,
    Brief,
    DayMoment,
    Gender,
    Persona,
    Platform,
    ReachRegion,
)
from workbench.strategy import save_section
from workbench.validation import merge_valid_fields

strategy, client_id = step_page("audience")
L = lang()
state = strategy.sections["audience"]
audience = strategy.audience
brief = strategy.brief
P = "aud."  # widget key prefix
TEXT_FIELDS = ("name", "location", "occupation", "lifestyle", "wants", "tone")
LIST_FIELDS = ("interests", "needs", "objections")


def key(i: int, field: str) -> str:
    return f"{P}{i}.{field}"


def load_persona_widgets() -> None:
    """Put the stored personas into the widgets: first view, another client, or a new order."""
    ss = st.session_state
    for name in [k for k in ss if isinstance(k, str) and k.startswith(P)]:
        del ss[name]
    ss[f"{P}loaded"] = client_id
    for i, persona in enumerate(audience.personas):
        for field in TEXT_FIELDS:
            ss[key(i, field)] = getattr(persona, field)
        for field in LIST_FIELDS:
            ss[key(i, field)] = list(getattr(persona, field))
        ss[key(i, "ages")] = (persona.age_min, persona.age_max)
        ss[key(i, "gender")] = persona.gender.value
        ss[key(i, "platforms")] = [p.value for p in persona.platforms]
        ss[key(i, "online_moments")] = [m.value for m in persona.online_moments]
        ss[key(i, "area")] = persona.area.value if persona.area else ""
        ss[key(i, "countries")] = [c.value for c in persona.countries]
        ss[key(i, "share")] = None if persona.share is None else float(persona.share)


# Streamlit drops widget state when the user visits another page: reload it from the database.
if st.session_state.get(f"{P}loaded") != client_id or any(
    key(i, "name") not in st.session_state for i in range(len(audience.personas))
):
    load_persona_widgets()


def area_option(code: str, lang: str = L, region: str | None = region_of(brief)) -> str:
    """An area choice as the manager reads it, in `lang`; the default names the brief's
    region. Bound to this run's language and brief: Streamlit may call it after the run."""
    if code:
        return translate(f"audience.areas.{code}", lang)
    if region:
        return translate("audience.area_follow_named", lang, area=region)
    return translate("audience.area_follow", lang)


def country_option(code: str) -> str:
    return translate(f"audience.area_{code.lower()}", L)


def reach_for(inputs: tuple[Any, ...], _audience: Audience, _brief: Brief) -> list[ReachEstimate]:
    """The reach estimate for these inputs (ages, genders, region, overrides, place), once."""
    return estimate_reach(_audience, _brief)


@st.cache_data(max_entries=64, show_spinner=False)
def reach_view(
    inputs: tuple[Any, ...], lang: str, _estimates: list[ReachEstimate]
) -> tuple[list[dict[str, Any]], str, str]:
    """Chart specs, target caption and sources (markdown: each platform's share, method and
    inputs with source and year) of one reach estimate, once per estimate and language."""

    def tr(k: str, **params: Any) -> str:
        return translate(k, lang, **params)

    platform_names = {e.platform: tr(f"platforms.{e.platform.value}") for e in _estimates}
    several = len(_estimates[0].areas) > 1 if _estimates else False
    people_rows = [
        {
            "platform": platform_names[e.platform],
            "people": a.people or 0,
            "kind": place_label(a.places, lang)
            if several
            else tr("audience.kind_override" if e.overridden else "audience.kind_estimate"),
        }
        for e in _estimates
        for a in e.areas
        if a.share is not None
    ]
    rows = [
        {
            "platform": platform_names[e.platform],
            "share": float(e.share),
            "people": e.people or 0,
            "kind": tr("audience.kind_override") if e.overridden else tr("audience.kind_estimate"),
        }
        for e in _estimates
        if e.share is not None
    ]
    charts: list[dict[str, Any]] = []
    target = ""
    if rows:
        frame = pd.DataFrame(rows)
        platform_axis = alt.Y("platform:N", sort="-x", title=None)
        colour = alt.Color(
            "kind:N",
            title=None,
            legend=alt.Legend(orient="bottom"),
            scale=alt.Scale(range=["#C2410C", "#6B7280"]),
        )
        platform_tip = alt.Tooltip("platform:N", title=tr("fields.platform"))
        share_chart = (
            alt.Chart(frame, title=tr("audience.chart_share"))
            .mark_bar()
            .encode(
                x=alt.X("share:Q", title="%", scale=alt.Scale(domain=[0, 100])),
                y=platform_axis,
                color=colour,
                tooltip=[
                    platform_tip,
                    alt.Tooltip("share:Q", title=tr("audience.col_share"), format=".1f"),
                ],
            )
        )
        people_colour = colour if not several else alt.Color("kind:N", title=None)
        people_chart = (
            alt.Chart(pd.DataFrame(people_rows), title=tr("audience.chart_people"))
            .mark_bar()
            .encode(
                x=alt.X("people:Q", title=tr("audience.col_people"), axis=alt.Axis(format=",.0f")),
                y=platform_axis,
                color=people_colour,
                **({"yOffset": "kind:N"} if several else {}),
                tooltip=[
                    platform_tip,
                    alt.Tooltip("people:Q", title=tr("audience.col_people"), format=",.0f"),
                ],
            )
        )
        charts = [chart_spec(share_chart, lang), chart_spec(people_chart, lang)]
        notes = place_notes(_estimates, lang)
        if several:
            notes.append(tr("audience.places_apart"))
        if any(p.residents is not None for a in _estimates[0].areas for p in a.places):
            notes.append(tr("audience.age_structure_note"))
        target = "  \n".join(notes)
    lines = []
    for e in _estimates:
        name = platform_names[e.platform]
        if e.share is None:
            lines.append(f"**{name}**: {tr(e.reason or 'audience.method_none')}")
            continue
        lines.append(f"**{name}** · {fmt_number(e.share, lang, digits=1)}% · {tr(e.method)}")
        if several:
            lines += [
                f"- {place_label(a.places, lang)}: {fmt_number(a.share, lang, digits=1)}%"
                for a in e.areas
                if a.share is not None
            ]
        for value in e.inputs:
            flag = f" · _{tr('audience.editable_estimate')}_" if value.estimate else ""
            note = f" — {value.note}" if value.note else ""
            lines.append(f"- {value.source}, {value.year} ({value.region}){flag}{note}")
        if e.national_users is not None:
            users = fmt_number(e.national_users.value, lang)
            lines.append(
                "- "
                + tr(
                    "audience.national_users",
                    users=users,
                    source=e.national_users.source,
                    year=e.national_users.year,
                )
            )
    lines.append(" · ".join(source_labels(v for e in _estimates for v in e.inputs)))
    return charts, target, "\n\n".join(lines)


def save_personas(personas: list[Persona]) -> None:
    """A change of the persona list itself (add, delete, move): save, then reload the widgets."""
    new = audience.model_copy(update={"personas": personas})
    if write(lambda s: save_section(s, client_id, "audience", new, expected_version=state.version)):
        st.session_state.pop(f"{P}loaded", None)
        st.rerun()


# --- personas -------------------------------------------------------------------------------
st.subheader(t("audience.personas_title"))
st.caption(t("audience.personas_help"))
st.caption(persona_template_note(L))
# Templates already added are not offered again.
taken = {p.name for p in audience.personas}
templates = [
    p
    for p in persona_templates(brief.kind.value if brief.kind else None, brief.sector, L)
    if p.name not in taken
]
add_col, template_col, button_col = st.columns([1, 2, 1], vertical_alignment="bottom")
if add_col.button(t("audience.add_blank"), key=f"{P}add_blank", icon=":material/person_add:"):
    blank = Persona(name=t("audience.new_persona_name", n=len(audience.personas) + 1))
    save_personas([*audience.personas, blank])
chosen = template_col.selectbox(
    t("audience.template"),
    range(len(templates)),
    format_func=lambda i: f"{templates[i].name} · {templates[i].age_min}-{templates[i].age_max}",
    key=f"{P}template",
    index=None,
    placeholder=t("audience.template_placeholder"),
)
if (
    button_col.button(
        t("audience.add_template"), key=f"{P}add_template", disabled=chosen is None, width="stretch"
    )
    and chosen is not None
):
    save_personas([*audience.personas, templates[chosen]])

if not audience.personas:
    st.info(t("audience.no_personas"), icon=":material/groups:")

problems: list[FieldProblem] = []
edited: list[Persona] = []
for i, persona in enumerate(audience.personas):
    shown_name = st.session_state.get(key(i, "name")) or persona.name  # as typed, not as saved
    with st.expander(
        f"{shown_name} · {persona.age_min}-{persona.age_max}",
        # A few personas open; with more, the newest one (just added) is open.
        expanded=len(audience.personas) <= 3 or i == len(audience.personas) - 1,
    ):
        up, down, delete, _ = st.columns([1, 1, 1, 4])
        personas = audience.personas
        if up.button(
            t("audience.move_up"),
            key=f"{P}{i}.up",
            disabled=i == 0,
            icon=":material/arrow_upward:",
        ):
            save_personas(move_persona(personas, i, -1))
        if down.button(
            t("audience.move_down"),
            key=f"{P}{i}.down",
            disabled=i == len(personas) - 1,
            icon=":material/arrow_downward:",
        ):
            save_personas(move_persona(personas, i, 1))
        if delete.button(t("audience.delete"), key=f"{P}{i}.delete", icon=":material/delete:"):
            save_personas([p for j, p in enumerate(personas) if j != i])

        c1, c2, c3 = st.columns([2, 2, 1])
        c1.text_input(t("fields.persona_name"), key=key(i, "name"), max_chars=100)
        c2.slider(t("fields.age_band"), 13, 100, key=key(i, "ages"))
        c3.selectbox(
            t("fields.gender"),
            [g.value for g in Gender],
            key=key(i, "gender"),
            format_func=code_label("genders", L),
        )
        c1, c2, c3 = st.columns([2, 2, 1])
        c1.multiselect(
            t("fields.persona_countries"),
            [r.value for r in ReachRegion],
            key=key(i, "countries"),
            format_func=country_option,
            help=t("audience.countries_help"),
            placeholder=country_option(st.session_state.get(f"{P}region") or audience.region),
        )
        c2.selectbox(
            t("fields.persona_area"),
            ["", *(a.value for a in AudienceArea)],
            key=key(i, "area"),
            format_func=area_option,
            help=t("audience.area_help"),
        )
        c3.number_input(
            t("fields.persona_share"),
            min_value=0.0,
            max_value=100.0,
            step=5.0,
            key=key(i, "share"),
            help=t("audience.share_help"),
        )
        c1, c2 = st.columns(2)
        c1.text_input(t("fields.location"), key=key(i, "location"), max_chars=200)
        c2.text_input(t("fields.occupation"), key=key(i, "occupation"), max_chars=200)
        st.text_area(t("fields.lifestyle"), key=key(i, "lifestyle"), height=70, max_chars=4000)
        c1, c2, c3 = st.columns(3)
        for column, field in zip((c1, c2, c3), LIST_FIELDS, strict=True):
            column.multiselect(
                t(f"fields.{field}"),
                st.session_state[key(i, field)],
                key=key(i, field),
                accept_new_options=True,
                placeholder=t("brief.type_and_enter"),
            )
        st.text_area(t("fields.wants"), key=key(i, "wants"), height=70, max_chars=4000)
        st.pills(
            t("fields.persona_platforms"),
            [p.value for p in Platform],
            key=key(i, "platforms"),
            selection_mode="multi",
            format_func=code_label("platforms", L),
        )
        st.pills(
            t("fields.online_moments"),
            [m.value for m in DayMoment],
            key=key(i, "online_moments"),
            selection_mode="multi",
            format_func=code_label("moments", L),
        )
        st.text_input(t("fields.persona_tone"), key=key(i, "tone"), max_chars=200)

    ss = st.session_state
    ages = ss[key(i, "ages")]
    changes = {field: ss[key(i, field)] for field in (*TEXT_FIELDS, *LIST_FIELDS)}
    changes.update(
        age_min=ages[0],
        age_max=ages[1],
        gender=ss[key(i, "gender")],
        platforms=ss[key(i, "platforms")] or [],
        online_moments=ss[key(i, "online_moments")] or [],
        area=ss[key(i, "area")] or None,
        countries=ss[key(i, "countries")] or [],
        share=None if ss[key(i, "share")] is None else Decimal(str(round(ss[key(i, "share")], 2))),
    )
    merged_persona, found = merge_valid_fields(persona, changes)
    for problem in found:
        problem.loc = ("personas", i, *problem.loc)
    problems.extend(found)
    edited.append(merged_persona)

# --- reach by platform -----------------------------------------------------------------------
st.subheader(t("audience.reach_title"))
st.caption(t("audience.reach_help"))
ss = st.session_state
if ss.get(f"{P}region.client") != client_id or f"{P}region" not in ss:
    ss[f"{P}region"], ss[f"{P}region.client"] = audience.region.value, client_id
st.selectbox(
    t("fields.region_data"),
    [r.value for r in ReachRegion],
    key=f"{P}region",
    format_func=country_option,
)
region = ss[f"{P}region"] or audience.region.value
# Overlapping countries and shares over 100 % keep their saved value; the problems say so.
edited, place_found = keep_countable_places(edited, audience.personas, brief, ReachRegion(region))
problems.extend(place_found)
draft = audience.model_copy(update={"personas": edited, "region": ReachRegion(region)})
reach_inputs = (
    tuple(
        (p.name, p.age_min, p.age_max, p.gender.value, p.area, tuple(p.countries), p.share)
        for p in edited
    ),
    region,
    tuple(sorted((p.value, str(v)) for p, v in audience.reach_overrides.items())),
    (brief.country, brief.region, brief.province, brief.city),
)
estimates = reach_for(reach_inputs, draft, brief)
names = {p.value: translate(f"platforms.{p.value}", L) for p in Platform}


def shown_share(value: Decimal | None) -> str | None:
    return None if value is None else f"{fmt_number(value, L, digits=2)} %"


rows = [
    {
        "platform": names[e.platform.value],
        "estimated": shown_share(e.estimated_share),
        # Text in the user's number format: a number cell would read "55,5" as 555.
        "override": shown_share(audience.reach_overrides.get(e.platform)),
        "sources": "; ".join(source_labels(e.inputs))
        + (f" · {t('audience.editable_estimate')}" if e.has_estimates else ""),
    }
    for e in estimates
]
override_rows = editable_table(
    f"{P}overrides",
    rows,
    dict.fromkeys(("platform", "estimated", "override", "sources"), "object"),
    token=(client_id, state.version, region),
    placeholder="—",
    hide_index=True,
    width="stretch",
    disabled=["platform", "estimated", "sources"],
    column_config={
        "platform": st.column_config.TextColumn(t("fields.platform")),
        "estimated": st.column_config.TextColumn(t("audience.col_estimated")),
        "override": st.column_config.TextColumn(
            t("audience.col_override"), help=t("audience.override_help"), max_chars=12
        ),
        "sources": st.column_config.TextColumn(t("audience.col_sources"), width="large"),
    },
)
by_name = {names[e.platform.value]: e.platform for e in estimates}
overrides: dict[str, Any] = {p.value: v for p, v in audience.reach_overrides.items()}
if override_rows is not None:
    overrides = {}
    for row in override_rows:
        platform = by_name.get(row.get("platform") or "")
        typed = str(row.get("override") or "").replace("%", "").strip()
        if platform is None or not typed:
            continue
        try:
            overrides[platform.value] = parse_typed_number(typed, L)
        except ValueError:
            problems.append(
                FieldProblem(("reach_overrides", names[platform.value]), "errors.not_a_number")
            )
            if platform in audience.reach_overrides:  # keep the saved value
                overrides[platform.value] = audience.reach_overrides[platform]

charts, target_caption, sources = reach_view(reach_inputs, L, estimates)
if charts:
    left, right = st.columns(2)
    left.vega_lite_chart(charts[0], width="stretch")
    right.vega_lite_chart(charts[1], width="stretch")
    st.caption(target_caption)
with st.expander(t("audience.sources_title"), icon=":material/menu_book:"):
    st.markdown(sources)

# --- summary ----------------------------------------------------------------------------------
st.subheader(t("audience.summary_title"))
if ss.get(f"{P}summary.client") != client_id or f"{P}summary" not in ss:
    ss[f"{P}summary"], ss[f"{P}summary.client"] = audience.summary, client_id
left, right, _ = st.columns([2, 2, 3])
if left.button(t("audience.regenerate"), key=f"{P}regenerate", icon=":material/autorenew:"):
    ss[f"{P}summary"] = summarize_audience(draft, brief, estimates, L)
if right.button(t("aiui.write_summary"), key=f"{P}ai_summary", icon=":material/smart_toy:"):
    run_action(
        lambda s: audience_summary(s, strategy, settings=settings(), lang=L), f"{P}ai_outcome"
    )
    if outcome := ss.get(f"{P}ai_outcome"):
        ss[f"{P}summary"] = outcome.items[0]
if outcome := ss.get(f"{P}ai_outcome"):
    outcome_caption(outcome, L)
st.text_area(
    t("fields.summary"),
    key=f"{P}summary",
    height=150,
    max_chars=4000,
    placeholder=t("audience.summary_placeholder"),
    label_visibility="collapsed",
)

# --- save -------------------------------------------------------------------------------------
merged, found = merge_valid_fields(
    audience,
    {
        "personas": [p.model_dump() for p in edited],
        "region": region,
        "reach_overrides": overrides,
        "summary": ss[f"{P}summary"],
    },
)
problems.extend(found)
for problem in problems:
    st.error(describe_problem(problem, L), icon=":material/error:")
if merged != audience:
    saved = write(
        lambda s: save_section(s, client_id, "audience", merged, expected_version=state.version)
    )
    if saved is not None and saved.complete != state.complete:
        st.rerun()  # the sidebar's step mark changes with it
