"""What we propose, on one screen after the draft: the package, the first weeks, the files."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import streamlit as st

from ui.nav import STEP_ICONS, STEP_PAGES, link_params
from ui.state import t
from ui.views.decision import decision_for, decision_view
from ui.views.downloads import REPORT_MIME, download, plan_file, report_file
from workbench.budget.estimate import estimate_budget
from workbench.exports.plan_files import MIME_TYPES, plan_file_name
from workbench.i18n import fmt_date, fmt_money, fmt_number
from workbench.plan.utm import slug
from workbench.report import default_period
from workbench.strategy import Strategy

__all__ = ["render_proposal"]

FIRST_WEEKS = 2
REFINE = ("brief", "audience", "platforms", "budget", "plan")


def _versions(strategy: Strategy, *names: str) -> tuple[tuple[int, datetime | None], ...]:
    return tuple((strategy.sections[n].version, strategy.sections[n].updated_at) for n in names)


def _first_weeks(strategy: Strategy, lang: str) -> pd.DataFrame:
    plan = strategy.plan
    start = plan.start or (plan.posts[0].date if plan.posts else date.today())
    end = start + timedelta(weeks=FIRST_WEEKS)
    rows = [
        {
            t("fields.date"): fmt_date(p.date, lang),
            t("fields.platform"): t(f"platforms.{p.platform.value}"),
            t("fields.format"): t(f"formats.{p.format.value}"),
            t("proposal.topic"): p.topic,
            t("proposal.caption"): p.caption,
        }
        for p in plan.posts
        if start <= p.date < end
    ]
    return pd.DataFrame(rows)


def _downloads(strategy: Strategy, lang: str) -> None:
    """The workbook and the report of the first weeks, side by side."""
    name = strategy.client.name
    workbook, report = st.columns(2)
    download(
        workbook,
        t("proposal.download_xlsx"),
        plan_file(strategy, "xlsx", lang),
        file_name=plan_file_name(name, "xlsx", lang),
        mime=MIME_TYPES["xlsx"],
        key="proposal.download_xlsx",
        icon=":material/table:",
        primary=True,
    )
    download(
        report,
        t("proposal.download_pdf"),
        report_file(strategy, "pdf", lang, default_period(strategy, date.today())),
        file_name=f"{slug(name) or 'client'}-report.pdf",
        mime=REPORT_MIME["pdf"],
        key="proposal.download_pdf",
        icon=":material/picture_as_pdf:",
        primary=True,
    )


def render_proposal(strategy: Strategy, lang: str) -> None:
    """The drafted strategy in the words of the meeting, with where to refine it."""
    client_id = strategy.client.id
    assert client_id is not None
    decision = decision_for(
        client_id,
        _versions(strategy, "brief", "audience", "competitors", "platforms", "budget"),
        strategy.brief,
        strategy.audience,
        strategy.competitors,
        strategy.platforms,
        strategy.budget,
    )
    estimate = estimate_budget(strategy.brief, strategy.platforms, strategy.budget)
    st.subheader(t("proposal.title", name=strategy.client.name))
    cost, hours, posts, channels = st.columns(4)
    cost.metric(t("proposal.cost"), fmt_money(estimate.monthly_net, lang))
    hours.metric(t("proposal.hours"), fmt_number(estimate.hours_per_week, lang, digits=1))
    posts.metric(t("proposal.posts"), fmt_number(estimate.posts_per_week, lang, digits=1))
    channels.metric(t("proposal.platforms"), str(len(strategy.platforms.choices)))
    view = decision_view(decision, lang)
    with st.container(border=True):
        st.markdown("\n".join(f"- {line}" for line in view.lines))
        if view.more:
            st.caption("  \n".join(view.more))
    st.markdown(f"**{t('proposal.first_weeks', weeks=FIRST_WEEKS)}**")
    st.dataframe(
        _first_weeks(strategy, lang),
        hide_index=True,
        width="stretch",
        key="proposal.posts",
        column_config={
            t("proposal.caption"): st.column_config.TextColumn(width="large"),
            t("proposal.topic"): st.column_config.TextColumn(width="medium"),
        },
    )
    st.markdown(f"**{t('proposal.files')}**")
    _downloads(strategy, lang)
    st.markdown(f"**{t('proposal.refine')}**")
    for column, step in zip(st.columns(len(REFINE)), REFINE, strict=True):
        column.page_link(
            STEP_PAGES[step],
            label=t(f"steps.{step}"),
            icon=STEP_ICONS[step],
            query_params=link_params(),
        )
