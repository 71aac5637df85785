"""New client: the essentials on one screen, one button, the whole first strategy drafted."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import streamlit as st

from ui.forms import parse_typed_number
from ui.saving import write
from ui.shell import ensure_shell
from ui.sidebar import current_strategy
from ui.state import actor, lang, set_active_client, t
from ui.views.proposal import render_proposal
from workbench.draft import brief_from_essentials, start_client
from workbench.errors import FieldProblem
from workbench.i18n import describe_problem
from workbench.models import Capability, ClientKind, Objective
from workbench.reference import provinces, sectors

ensure_shell()
L = lang()
ss = st.session_state
P = "start."

strategy = current_strategy()
if strategy is not None and strategy.plan.posts and ss.get(f"{P}done") == strategy.client.id:
    st.title(t("proposal.heading"))
    st.success(t("proposal.drafted"), icon=":material/check_circle:")
    render_proposal(strategy, L)
    st.stop()

st.title(t("start.title"))
st.caption(t("start.help"))


def choice(label: str, name: str, labels: Mapping[str, str], many: bool = False) -> None:
    """A choice among `labels`' codes (several with `many`), empty until the manager picks."""
    options: dict[str, Any] = {
        "key": f"{P}{name}",
        "format_func": lambda code: labels.get(code, code),
        "placeholder": t("start.choose"),
    }
    if many:
        st.multiselect(label, list(labels), **options)
    else:
        st.selectbox(label, list(labels), index=None, **options)


def labelled(prefix: str, codes: Iterable[str]) -> dict[str, str]:
    """Each code with its name in the catalogue (`prefix.code`)."""
    return {code: t(f"{prefix}.{code}") for code in codes}


kinds = labelled("kinds", (k.value for k in ClientKind))
sector_labels = {s.code: s.label(L) for s in sectors()}
province_names = {p.code: f"{p.name} ({p.code})" for p in provinces()}
with st.container(border=True):
    st.text_input(t("start.name"), key=f"{P}name", max_chars=120)
    c1, c2 = st.columns(2)
    with c1:
        choice(t("fields.kind"), "kind", kinds)
    with c2:
        choice(t("fields.sector"), "sector", sector_labels)
    with c1:
        choice(t("fields.province"), "province", province_names)
    c2.text_input(t("fields.city"), key=f"{P}city", max_chars=200)
    objectives = labelled("objectives", (o.value for o in Objective))
    choice(t("fields.objectives"), "objectives", objectives, many=True)
    b1, b2, b3 = st.columns(3)
    b1.text_input(t("fields.budget_min"), key=f"{P}budget_min", max_chars=16)
    b2.text_input(t("fields.budget_max"), key=f"{P}budget_max", max_chars=16)
    b3.text_input(t("fields.hours_per_week"), key=f"{P}hours_per_week", max_chars=12)
    st.checkbox(t("start.in_house"), key=f"{P}in_house", help=t("start.in_house_help"))
    capabilities = labelled("capabilities", (c.value for c in Capability))
    choice(t("fields.capabilities"), "capabilities", capabilities, many=True)
    st.text_area(t("start.offering"), key=f"{P}offering", help=t("start.offering_help"), height=120)

problems: list[FieldProblem] = []
values: dict[str, Any] = {
    name: ss.get(f"{P}{name}")
    for name in ("kind", "sector", "province", "city", "objectives", "capabilities", "in_house")
}
for name in ("budget_min", "budget_max", "hours_per_week"):
    try:
        values[name] = parse_typed_number(ss.get(f"{P}{name}"), L)
    except ValueError:
        problems.append(FieldProblem((name,), "errors.not_a_number"))
if st.button(
    t("start.go"),
    key=f"{P}go",
    type="primary",
    icon=":material/auto_awesome:",
    disabled=not actor().can_write,
):
    brief, found = brief_from_essentials(values, ss.get(f"{P}offering") or "")
    problems += found
    if not (ss.get(f"{P}name") or "").strip():
        problems.append(FieldProblem(("name",), "errors.required"))
    if brief is not None and not problems:
        ready = brief
        with st.spinner(t("start.drafting")):
            made = write(lambda s: start_client(s, name=ss[f"{P}name"], brief=ready, lang=L))
        if made is not None:
            client_id, _ = made
            ss[f"{P}done"] = client_id
            set_active_client(client_id)
            st.rerun()
for problem in problems:
    st.error(describe_problem(problem, L), icon=":material/error:")
