"""The meeting screen, read-only: goals, audience, budget, platforms and the first month.

Text the manager typed (names, topics) is shown as Markdown-escaped text, cut to fit.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import streamlit as st

from ui.markdown import markdown_text
from ui.state import t
from workbench.i18n import fmt_date, fmt_money, fmt_number, render
from workbench.presentation import Presentation, presentation
from workbench.strategy import Strategy

__all__ = ["render_presentation", "summary"]


@st.cache_data(max_entries=16, show_spinner=False)
def summary(key: Any, language: str, today: date, _strategy: Strategy) -> Presentation:
    """Worked out once per versions of the strategy's sections, language and day."""
    return presentation(_strategy, today=today, lang=language)


def section(title: str) -> None:
    st.markdown(f"#### {markdown_text(title)}")


def _glance(view: Presentation, L: str) -> None:
    """Goals and KPIs, audience and personas, the monthly budget, side by side."""
    goals, audience, budget = st.columns([4, 4, 3], gap="large")
    with goals:
        section(t("present.goals"))
        names = list(
            dict.fromkeys(
                [t(f"goals.{g.value}") for g in view.goals]
                + [t(f"objectives.{o.value}") for o in view.objectives]
            )
        )
        if names:
            st.markdown(" · ".join(markdown_text(n) for n in names))
        lines = []
        for kpi in view.kpis[:5]:
            deadline = f" — {fmt_date(kpi.deadline, L, 'short')}" if kpi.deadline else ""
            target = fmt_number(kpi.target, L, digits=2 if kpi.target % 1 else 0)
            lines.append(f":material/flag: {markdown_text(kpi.metric)}: **{target}**{deadline}")
        if lines:
            st.markdown("  \n".join(lines))
        if not names and not view.kpis:
            st.caption(t("present.no_goals"))
    with audience:
        section(t("present.audience"))
        if view.audience:
            st.markdown(markdown_text(view.audience, 220))
        if view.personas:
            st.markdown(
                " ".join(
                    f":blue-badge[{markdown_text(name, 40)} · {low}–{high}]"
                    for name, low, high in view.personas
                )
            )
    with budget:
        section(t("present.budget"))
        if view.monthly_gross is None:
            st.caption(t("present.no_budget"))
        else:
            tier = t(f"tiers.{view.tier.value}") if view.tier else "—"
            st.metric(t("present.monthly"), fmt_money(view.monthly_gross, L))
            st.caption(t("present.monthly_help"))
            st.markdown(t("present.tier", tier=tier))


def _platforms(view: Presentation, L: str) -> None:
    """A card per platform: its role, cadence and formats, and why it was chosen."""
    section(t("present.platforms"))
    if not view.platforms:
        st.caption(t("present.no_platforms"))
    else:
        columns = st.columns(min(len(view.platforms), 4))
        for index, line in enumerate(view.platforms):
            with columns[index % len(columns)].container(border=True):
                st.markdown(
                    f"**{t(f'platforms.{line.platform.value}')}** · {t(f'roles.{line.role.value}')}"
                )
                formats = ", ".join(t(f"formats.{f.value}") for f in line.formats)
                st.caption(
                    t(
                        "present.cadence",
                        n=fmt_number(
                            line.posts_per_week, L, digits=1 if line.posts_per_week % 1 else 0
                        ),
                        formats=formats,
                    )
                )
                for reason in line.reasons:
                    st.markdown(f"- {markdown_text(render(reason, L), 160)}")


def _first_month(view: Presentation, L: str) -> None:
    """The weeks of the first month: posts per platform, key dates, the pillar mix."""
    end = view.start + timedelta(days=7 * len(view.weeks) - 1)
    section(
        t("present.month", start=fmt_date(view.start, L, "d MMM"), end=fmt_date(end, L, "d MMM"))
    )
    if not any(w.total for w in view.weeks):
        st.caption(t("present.no_plan"))
    else:
        columns = st.columns(len(view.weeks))
        for column, week in zip(columns, view.weeks, strict=True):
            with column.container(border=True):
                st.markdown(
                    f"**{t('present.week', date=fmt_date(week.start, L, 'd MMM'))}** · "
                    + t("present.posts", n=week.total)
                )
                st.caption(
                    " · ".join(f"{t(f'platforms.{p.value}')} {n}" for p, n in week.posts) or "—"
                )
                for post in week.key_dates:
                    day = fmt_date(post.date, L, "EEE d")
                    st.markdown(f":material/event: {day} — {markdown_text(post.topic, 48)}")
        if view.mix:
            st.markdown(
                t("present.mix")
                + " "
                + " · ".join(
                    f"{markdown_text(m.name, 40)} **{fmt_number(m.share, L)}%**" for m in view.mix
                )
            )


def render_presentation(view: Presentation, L: str) -> None:
    """Goals, audience and budget side by side; the platforms; the weeks of the first month."""
    _glance(view, L)
    _platforms(view, L)
    _first_month(view, L)
