"""Platforms: an explainable score for every platform, adjustable weights, the chosen set."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from ui.charts import chart_spec
from ui.forms import code_label, decimal_or_none
from ui.saving import write
from ui.shell import step_page
from ui.state import lang, t
from ui.views.decision import decision_for, decision_view
from workbench.errors import FieldProblem
from workbench.i18n import describe_problem, fmt_number, render
from workbench.i18n import t as translate
from workbench.models import (
    Audience,
    Brief,
    BudgetPlan,
    BudgetTier,
    Competitors,
    ContentFormat,
    FactorWeights,
    Platform,
    PlatformChoice,
    PlatformRole,
    PlatformSelection,
)
from workbench.platforms import (
    FACTORS,
    PlatformScore,
    capacity_check,
    default_choices,
    score_platforms,
)
from workbench.platforms.rules import producible_formats
from workbench.strategy import save_section
from workbench.validation import merge_valid_fields

strategy, client_id = step_page("platforms")
L = lang()
state = strategy.sections["platforms"]
selection = strategy.platforms
brief = strategy.brief
plan = strategy.budget
P = "plat."
names = {p.value: translate(f"platforms.{p.value}", L) for p in Platform}


sections = strategy.sections


def version(section: str) -> tuple[int, datetime | None]:
    return sections[section].version, sections[section].updated_at


@st.cache_data(max_entries=64, show_spinner=False)
def scores_for(
    key: tuple[Any, ...],
    _brief: Brief,
    _audience: Audience,
    _competitors: Competitors,
    _weights: FactorWeights,
    _plan: BudgetPlan,
) -> list[PlatformScore]:
    """The ranking for these saved inputs and weights: a rerun that changed nothing reuses it."""
    return score_platforms(_brief, _audience, _competitors, weights=_weights, plan=_plan)


def save(new: PlatformSelection) -> None:
    if write(
        lambda s: save_section(s, client_id, "platforms", new, expected_version=state.version)
    ):
        st.rerun()


# --- weights ----------------------------------------------------------------------------------
st.caption(t("selection.intro"))
ss = st.session_state
# Widgets are filled from the database for a new client, or when Streamlit dropped their
# state (another page was visited); never on a rerun, which would undo what was just typed.
if ss.get(f"{P}loaded") != client_id or f"{P}w.{FACTORS[0]}" not in ss:
    ss[f"{P}loaded"] = client_id
    for factor in FACTORS:
        ss[f"{P}w.{factor}"] = getattr(selection.weights, factor)
with st.expander(t("selection.weights_title"), icon=":material/tune:"):
    st.caption(t("selection.weights_help"))
    for column, factor in zip(st.columns(len(FACTORS)), FACTORS, strict=True):
        column.slider(t(f"factors.{factor}"), 0, 10, key=f"{P}w.{factor}")
weights, weight_problems = merge_valid_fields(
    selection.weights, {f: ss[f"{P}w.{f}"] for f in FACTORS}
)

key = (
    client_id,
    version("brief"),
    version("audience"),
    version("competitors"),
    version("budget"),
    tuple(getattr(weights, f) for f in FACTORS),
)
scores = scores_for(key, brief, strategy.audience, strategy.competitors, weights, plan)

# --- ranking ----------------------------------------------------------------------------------


@st.cache_data(max_entries=64, show_spinner=False)
def ranking_view(
    key: tuple[Any, ...], lang: str, _scores: list[PlatformScore]
) -> tuple[dict[str, Any], list[tuple[str, bool, str]]]:
    """The factor chart's spec and each platform's explained score, once per ranking."""

    def tr(k: str, **params: Any) -> str:
        return translate(k, lang, **params)

    factor_names = {f: tr(f"factors.{f}") for f in FACTORS}
    platform_names = {s.platform: tr(f"platforms.{s.platform.value}") for s in _scores}
    ranked = sorted(_scores, key=lambda s: s.rank)
    rows = [
        {
            "platform": platform_names[s.platform],
            "factor": factor_names[f.name],
            "points": float(f.contribution),
            "value": float(f.value),
            "known": tr("selection.known") if f.known else tr("selection.neutral"),
        }
        for s in ranked
        for f in s.factors
    ]
    chart = (
        alt.Chart(pd.DataFrame(rows), title=tr("selection.chart_title"))
        .mark_bar()
        .encode(
            y=alt.Y(
                "platform:N",
                sort=[platform_names[s.platform] for s in ranked],
                title=None,
                axis=alt.Axis(labelOverlap=False),
            ),
            x=alt.X(
                "sum(points):Q", title=tr("selection.axis_score"), scale=alt.Scale(domain=[0, 100])
            ),
            color=alt.Color(
                "factor:N",
                title=None,
                sort=[factor_names[f] for f in FACTORS],
                legend=alt.Legend(orient="bottom"),
            ),
            opacity=alt.condition(
                alt.datum.known == tr("selection.neutral"), alt.value(0.45), alt.value(1.0)
            ),
            tooltip=[
                alt.Tooltip("platform:N", title=tr("fields.platform")),
                alt.Tooltip("factor:N", title=tr("selection.factor")),
                alt.Tooltip("points:Q", title=tr("selection.points"), format=".1f"),
                alt.Tooltip("value:Q", title=tr("selection.fit"), format=".2f"),
                alt.Tooltip("known:N", title=tr("selection.data")),
            ],
        )
        .properties(height=34 * len(ranked) + 40)
    )
    explained = []
    for s in ranked:
        badge = f" · :orange-badge[{tr('selection.recommended')}]" if s.recommended else ""
        score = fmt_number(s.score, lang, digits=1)
        title = f"{s.rank}. {platform_names[s.platform]} — {score}/100{badge}"
        parts = []
        for part in s.factors:
            points = fmt_number(part.contribution, lang, digits=1)
            reasons = "".join(f"\n- {render(r, lang)}" for r in part.reasons)
            parts.append(
                f"**{factor_names[part.name]}** · {points} {tr('selection.points')}{reasons}"
            )
        explained.append((title, s.rank == 1, "\n\n".join(parts)))
    return chart_spec(chart, lang), explained


# --- the proposal -----------------------------------------------------------------------------
decision = decision_for(
    client_id,
    tuple(version(n) for n in ("brief", "audience", "competitors", "platforms", "budget")),
    brief,
    strategy.audience,
    strategy.competitors,
    selection.model_copy(update={"weights": weights}),
    plan,
)
proposal = decision_view(decision, L)
proposed = decision.package.selection.choices
with st.container(border=True):
    st.subheader(t("decision.title"))
    st.caption(t("decision.help"))
    for notice in proposal.problems:
        st.warning(notice, icon=":material/warning:")
    st.markdown("\n".join(f"- {line}" for line in proposal.lines))
    if proposal.more:
        st.markdown(f"**{t('decision.more_title')}**")
        st.markdown("\n".join(f"- {line}" for line in proposal.more))
    if proposal.others:
        st.markdown(f"**{t('decision.others_title')}**")
        st.markdown("\n".join(f"- {line}" for line in proposal.others))
    label = t("decision.accept") if not selection.choices else t("decision.apply")
    if st.button(
        label,
        key=f"{P}accept",
        type="primary",
        icon=":material/done_all:",
        disabled=list(selection.choices) == list(proposed) and plan.tier is BudgetTier.recommended,
    ):
        accepted = selection.model_copy(update={"weights": weights, "choices": proposed})
        package_plan = decision.package.plan(plan)
        budget_version = sections["budget"].version

        def both(session: Any) -> Any:
            save_section(session, client_id, "platforms", accepted, expected_version=state.version)
            return save_section(
                session, client_id, "budget", package_plan, expected_version=budget_version
            )

        if write(both):
            st.session_state[f"{P}accepted"] = True
            st.rerun()
if st.session_state.pop(f"{P}accepted", False):
    st.success(t("decision.accepted"), icon=":material/check_circle:")

st.subheader(t("selection.ranking_title"))
spec, explained = ranking_view(key, L, scores)
st.vega_lite_chart(spec, width="stretch")
st.caption(t("selection.chart_help"))
for title, expanded, body in explained:
    with st.expander(title, expanded=expanded):
        st.markdown(body)

# --- choices ----------------------------------------------------------------------------------
st.subheader(t("selection.choices_title"))
possible = producible_formats(brief.capabilities) if brief.capabilities else set(ContentFormat)
if not selection.choices:
    st.info(t("selection.no_choices"), icon=":material/hub:")
else:
    st.caption(t("selection.choices_help"))

problems: list[FieldProblem] = [*weight_problems]
edited: list[PlatformChoice] = []
for i, choice in enumerate(selection.choices):
    k = f"{P}c.{choice.platform.value}."
    if ss.get(f"{k}loaded") != client_id or k + "role" not in ss:
        ss[f"{k}loaded"] = client_id
        ss[k + "role"] = choice.role.value
        ss[k + "formats"] = [f.value for f in choice.formats]
        for fmt in ContentFormat:
            ss[k + f"cad.{fmt.value}"] = float(choice.cadence.get(fmt, Decimal(0)))
    with st.container(border=True):
        head, role_col, remove_col = st.columns([3, 2, 1], vertical_alignment="bottom")
        flag = f" · _{t('selection.overridden')}_" if choice.overridden else ""
        head.markdown(f"**{names[choice.platform.value]}**{flag}")
        role_col.selectbox(
            t("selection.role"),
            [r.value for r in PlatformRole],
            key=k + "role",
            format_func=code_label("roles", L),
        )
        if remove_col.button(t("selection.remove"), key=k + "remove", icon=":material/delete:"):
            save(
                selection.model_copy(
                    update={"choices": [c for c in selection.choices if c is not choice]}
                )
            )
        st.multiselect(
            t("selection.formats"),
            [f.value for f in ContentFormat],
            key=k + "formats",
            format_func=code_label("formats", L),
        )
        chosen_formats = ss[k + "formats"] or []
        if chosen_formats:
            cols = st.columns(min(len(chosen_formats), 4))
            for n, fmt in enumerate(chosen_formats):
                cols[n % len(cols)].number_input(
                    t("selection.per_week", format=translate(f"formats.{fmt}", L)),
                    min_value=0.0,
                    max_value=50.0,
                    step=0.5,
                    format="%.1f",
                    key=k + f"cad.{fmt}",
                )
        unmakeable = [f for f in chosen_formats if ContentFormat(f) not in possible]
        if unmakeable:
            st.warning(
                t(
                    "selection.cannot_make",
                    formats=", ".join(translate(f"formats.{f}", L) for f in unmakeable),
                ),
                icon=":material/warning:",
            )
    cadence = {fmt: decimal_or_none(ss[k + f"cad.{fmt}"]) or Decimal(0) for fmt in chosen_formats}
    changes = {"role": ss[k + "role"], "formats": chosen_formats, "cadence": cadence}
    merged, found = merge_valid_fields(choice, changes)
    if merged != choice:
        merged = merged.model_copy(update={"overridden": True})
    for problem in found:
        problem.loc = ("choices", i, *problem.loc)
    problems.extend(found)
    edited.append(merged)

chosen = {c.platform for c in selection.choices}
others = [s.platform for s in sorted(scores, key=lambda s: s.rank) if s.platform not in chosen]
if selection.choices and others:
    add_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
    extra = add_col.selectbox(
        t("selection.add"), others, key=f"{P}add", format_func=lambda p: names[p.value]
    )
    if button_col.button(t("selection.add_button"), key=f"{P}add_button", width="stretch"):
        # The platform's own recommendation (role, formats, cadence), marked as the manager's.
        added = default_choices([s for s in scores if s.platform == extra], brief, limit=1)[0]
        added = added.model_copy(update={"overridden": True})
        save(selection.model_copy(update={"choices": [*selection.choices, added]}))

# --- capacity ---------------------------------------------------------------------------------
if edited:
    st.subheader(t("selection.capacity_title"))
    warnings = capacity_check(edited, brief, plan)
    for warning in warnings:
        st.warning(render(warning, L), icon=":material/warning:")
    if not warnings:
        st.success(t("selection.capacity_ok"), icon=":material/check_circle:")

# --- save -------------------------------------------------------------------------------------
for problem in problems:
    st.error(describe_problem(problem, L), icon=":material/error:")
candidate = selection.model_copy(update={"weights": weights, "choices": edited})
if candidate != selection:
    saved = write(
        lambda s: save_section(s, client_id, "platforms", candidate, expected_version=state.version)
    )
    if saved is not None and saved.complete != state.complete:
        st.rerun()
