"""The Competitors page's analysis, built once per saved version and language.

Formatting a hundred metrics with Babel and building three Altair specs costs more than a
rerun should; the result only changes when the competitor set is saved again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from ui.charts import localized
from workbench.competitors.metrics import Metric, compute_competitor_metrics, rank_competitors
from workbench.i18n import fmt_number
from workbench.i18n import t as translate
from workbench.models import Competitors

__all__ = ["AnalysisView", "analysis_view"]


@dataclass
class AnalysisView:
    ranking: pd.DataFrame
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> Vega-Lite spec

    @property
    def empty(self) -> bool:
        return self.ranking.empty


def _show(metric: Metric, lang: str, digits: int = 2) -> str:
    if metric.value is None:
        return translate("metrics.not_available", lang)
    suffix = {"%": " %", "pp": " pp"}.get(metric.unit, "")
    return fmt_number(metric.value, lang, digits=digits) + suffix


def _number(metric: Metric) -> float | None:
    return float(metric.value) if metric.value is not None else None


@st.cache_data(max_entries=32, show_spinner=False)
def analysis_view(
    client: int, version: int, saved_at: datetime | None, lang: str, _model: Competitors
) -> AnalysisView:
    """Ranking table and chart specs for one saved version of a client's competitor set."""

    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    results = compute_competitor_metrics(_model)
    names = {m.platform.value: t(f"platforms.{m.platform.value}") for m in results}
    rows = []
    for ranked in rank_competitors(results):
        m = ranked.metrics
        reasons = {
            r for r in (m.er_followers.reason, m.er_other.reason, m.follower_growth.reason) if r
        }
        other = _show(m.er_other, lang)
        if m.er_other.denominator:
            other += f" ({t(f'metrics.denominator.{m.er_other.denominator}')})"
        notes = [t(r) for r in sorted(reasons)]
        if m.overlapping:
            notes.append(t("metrics.overlapping_periods"))
        rows.append(
            {
                t("fields.platform"): names[m.platform.value],
                t("metrics.rank"): ranked.rank,
                t("competitors.col_name"): m.competitor + (" ★" if m.is_client else ""),
                t("fields.followers"): fmt_number(m.followers, lang)
                if m.followers is not None
                else t("metrics.not_available"),
                t("metrics.posts_per_week"): _show(m.posts_per_week, lang, 1),
                t("metrics.er_followers"): _show(m.er_followers, lang),
                t("competitors.col_er_other"): other,
                t("metrics.follower_growth"): _show(m.follower_growth, lang, 1),
                t("metrics.share_of_voice"): _show(m.share_of_voice, lang, 1),
                t("metrics.benchmark_gap"): _show(m.benchmark_gap, lang),
                t("competitors.col_notes"): "; ".join(notes),
            }
        )
    view = AnalysisView(ranking=pd.DataFrame(rows))
    if view.empty:
        return view

    frame = pd.DataFrame(
        [
            {
                "platform": names[m.platform.value],
                "competitor": m.competitor,
                "er": _number(m.er_followers),
                "ppw": _number(m.posts_per_week),
                "sov": _number(m.share_of_voice),
            }
            for m in results
        ]
    )
    legend = alt.Legend(orient="bottom", title=None, columns=3, labelLimit=220)
    competitor = alt.Color("competitor:N", legend=legend, title=t("competitors.col_name"))
    er_title = t("competitors.axis_er")
    with_er = frame.dropna(subset=["er"])
    bars = (
        alt.Chart(with_er, title=t("competitors.chart_er"))
        .mark_bar()
        .encode(
            x=alt.X("platform:N", title=None, axis=alt.Axis(labelAngle=0)),
            xOffset="competitor:N",
            y=alt.Y("er:Q", title=er_title),
            color=competitor,
            tooltip=[
                alt.Tooltip("competitor:N", title=t("competitors.col_name")),
                alt.Tooltip("platform:N", title=t("fields.platform")),
                alt.Tooltip("er:Q", title=er_title, format=".2f"),
            ],
        )
    )
    # The benchmark each rate was compared with (the same one the gap column uses).
    used = {m.platform: m.benchmark for m in results if m.benchmark is not None}
    bench = [
        {
            "platform": names[p.value],
            "benchmark": float(b.figure.value),
            "source": f"{b.figure.source} {b.figure.year}",
        }
        for p, b in used.items()
        if b.denominator == "followers" and p.value in names
    ]
    layered: Any = bars
    if bench:
        ticks = (
            alt.Chart(pd.DataFrame(bench))
            .mark_tick(color="#111827", thickness=2, size=40)
            .encode(
                x="platform:N",
                y="benchmark:Q",
                tooltip=[
                    alt.Tooltip("benchmark:Q", title=t("metrics.benchmark"), format=".3f"),
                    alt.Tooltip("source:N", title=t("competitors.source")),
                ],
            )
        )
        layered = alt.layer(bars, ticks)
    view.charts["er"] = layered.properties(height=320).to_dict(validate=False)

    view.charts["frequency"] = (
        alt.Chart(frame.dropna(subset=["er", "ppw"]), title=t("competitors.chart_frequency"))
        .mark_circle(size=140)
        .encode(
            x=alt.X("ppw:Q", title=t("metrics.posts_per_week")),
            y=alt.Y("er:Q", title=er_title),
            color=competitor,
            shape=alt.Shape("platform:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("competitor:N", title=t("competitors.col_name")),
                alt.Tooltip("platform:N", title=t("fields.platform")),
                alt.Tooltip("ppw:Q", title=t("metrics.posts_per_week"), format=".1f"),
                alt.Tooltip("er:Q", title=er_title, format=".2f"),
            ],
        )
        .properties(height=320)
        .to_dict(validate=False)
    )
    view.charts["sov"] = (
        alt.Chart(frame.dropna(subset=["sov"]), title=t("competitors.chart_sov"))
        .mark_bar()
        .encode(
            y=alt.Y("platform:N", title=None),
            x=alt.X(
                "sov:Q",
                title=t("metrics.share_of_voice"),
                stack="normalize",
                axis=alt.Axis(format="%"),
            ),
            color=competitor,
            tooltip=[
                alt.Tooltip("competitor:N", title=t("competitors.col_name")),
                alt.Tooltip("platform:N", title=t("fields.platform")),
                alt.Tooltip("sov:Q", title=t("metrics.share_of_voice"), format=".1f"),
            ],
        )
        .properties(height=320)
        .to_dict(validate=False)
    )
    for spec in view.charts.values():
        localized(spec, lang)
    return view
