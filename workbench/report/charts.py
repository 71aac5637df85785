"""The report's charts: Altair specifications rendered to PNG offline by vl-convert.

vl-convert ships the Vega-Lite engine inside its wheel, so a chart becomes an image with
no browser, no network and no system library; the same PNG goes into the HTML and the PDF.
Altair, pandas and vl-convert are imported by the functions that draw, so the pages that
offer a report do not load them before one is made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from workbench.i18n import t
from workbench.monitoring.analysis import GroupRate
from workbench.plan.summary import PillarMix, WeekCadence

__all__ = ["Chart", "cadence_chart", "mix_chart", "rates_chart"]

TARGET_COLOUR = "#111827"
WIDTH = 480  # px at scale 1; the PNG is drawn at twice that for print
SCALE = 2


@dataclass(frozen=True)
class Chart:
    """A titled chart as PNG bytes, with its size in pixels."""

    title: str
    png: bytes
    width: int
    height: int


def _render(chart: Any, title: str, lang: str) -> Chart:
    import vl_convert

    spec: dict[str, Any] = chart.to_dict(validate=False)
    separators = (",", ".") if lang == "it" else (".", ",")
    spec.setdefault("config", {})["locale"] = {
        "number": {"decimal": separators[0], "thousands": separators[1], "grouping": [3]}
    }
    png = bytes(vl_convert.vegalite_to_png(spec, scale=SCALE))
    # PNG header: width and height are big-endian at bytes 16-24.
    width = int.from_bytes(png[16:20], "big")
    height = int.from_bytes(png[20:24], "big")
    return Chart(title, png, width, height)


def mix_chart(mix: Sequence[PillarMix], lang: str) -> Chart:
    """Each pillar's share of the period's posts as a bar, its target as a dark tick."""
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame(
        [{"pillar": m.name, "share": float(m.share), "target": float(m.target_share)} for m in mix]
    )
    names = [m.name for m in mix]
    y = alt.Y("pillar:N", sort=names, title=None, axis=alt.Axis(labelLimit=200))
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("share:Q", title=t("report.axis_share", lang)),
            y=y,
            color=alt.Color(
                "pillar:N",
                legend=None,
                scale=alt.Scale(domain=names, range=[m.colour for m in mix]),
            ),
        )
    )
    ticks = alt.Chart(frame).mark_tick(color=TARGET_COLOUR, thickness=3).encode(x="target:Q", y=y)
    chart = alt.layer(bars, ticks).properties(width=WIDTH, height=alt.Step(26))
    return _render(chart, t("report.chart_mix", lang), lang)


def cadence_chart(weeks: Sequence[WeekCadence], lang: str) -> Chart:
    """Posts per platform in each week of the period, grouped by week."""
    import altair as alt
    import pandas as pd

    platforms = list(dict.fromkeys(t(f"platforms.{w.platform.value}", lang) for w in weeks))
    frame = pd.DataFrame(
        [
            {"platform": t(f"platforms.{w.platform.value}", lang), "week": w.week, "posts": w.posts}
            for w in weeks
        ]
    )
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("week:O", title=t("report.axis_week", lang), axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("platform:N", sort=platforms),
            y=alt.Y("posts:Q", title=None, axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "platform:N", sort=platforms, title=None, legend=alt.Legend(orient="bottom")
            ),
        )
        .properties(width=WIDTH, height=200)
    )
    return _render(chart, t("report.chart_cadence", lang), lang)


def rates_chart(rates: Sequence[GroupRate], lang: str) -> Chart:
    """The period's mean engagement rate per pillar (on reach), highest first."""
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame([{"pillar": r.group, "rate": float(r.mean_rate)} for r in rates])
    chart = (
        alt.Chart(frame)
        .mark_bar(color="#0f766e")
        .encode(
            x=alt.X("rate:Q", title=t("report.axis_er", lang)),
            y=alt.Y("pillar:N", sort="-x", title=None, axis=alt.Axis(labelLimit=200)),
        )
        .properties(width=WIDTH, height=alt.Step(26))
    )
    return _render(chart, t("report.chart_er", lang), lang)
