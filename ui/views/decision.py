"""The recommendation for the saved brief, cached per version, in the reader's words."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui.views.budget import Versions
from workbench.i18n import fmt_money, fmt_number, render
from workbench.i18n import t as translate
from workbench.models import Audience, Brief, BudgetPlan, Competitors, PlatformSelection
from workbench.platforms import Decision, decide, score_platforms

__all__ = ["DecisionView", "decision_for", "decision_view"]


@st.cache_data(max_entries=32, show_spinner=False)
def decision_for(
    client: int,
    versions: Versions,
    _brief: Brief,
    _audience: Audience,
    _competitors: Competitors,
    _selection: PlatformSelection,
    _plan: BudgetPlan,
) -> Decision:
    """The decided package for these saved sections: a rerun that changed nothing reuses it."""
    scores = score_platforms(
        _brief, _audience, _competitors, weights=_selection.weights, plan=_plan
    )
    return decide(_brief, scores, plan=_plan, base=_selection)


@dataclass(frozen=True)
class DecisionView:
    fits: bool
    lines: list[str]
    more: list[str]
    others: list[str]
    problems: list[str]


def decision_view(decision: Decision, lang: str) -> DecisionView:
    """The recommendation line by line, what more would buy, what the other tiers give."""
    more = [
        translate(
            f"decision.more_{step.resource}",
            lang,
            adds="; ".join(render(m, lang) for m in step.adds),
            cost=fmt_money(step.costs, lang),
            hours=fmt_number(step.hours, lang, digits=1),
            over=fmt_money(step.over_budget, lang),
        )
        + (
            translate("decision.more_over", lang, over=fmt_money(step.over_budget, lang))
            if step.over_budget > 0
            else ""
        )
        for step in decision.more
    ]
    others = []
    for tier, package in decision.tiers.items():
        if package is decision.package:
            continue
        platforms = ", ".join(
            translate(f"platforms.{c.platform.value}", lang)
            + f" {fmt_number(c.posts_per_week, lang, digits=1)}"
            for c in package.selection.choices
        )
        others.append(
            translate(
                "decision.other_tier",
                lang,
                tier=translate(f"tiers.{tier.value}", lang),
                platforms=platforms,
                cost=fmt_money(package.cost, lang),
                hours=fmt_number(package.hours_per_week, lang, digits=1),
            )
        )
    return DecisionView(
        fits=decision.fits_budget and decision.fits_hours,
        lines=[render(m, lang) for m in decision.lines],
        more=more,
        others=others,
        problems=[render(m, lang) for m in decision.problems],
    )
