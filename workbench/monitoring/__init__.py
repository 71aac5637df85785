"""Monitoring: published results against the plan, engagement, best times, KPI progress.

The names below load on first use (`workbench.lazy`); code inside the workbench imports
from the submodules.
"""

from typing import TYPE_CHECKING

from workbench.lazy import lazy_exports

if TYPE_CHECKING:
    from workbench.monitoring.analysis import (
        DENOMINATORS,
        FollowerGrowth,
        GroupRate,
        HourCell,
        KpiProgress,
        Match,
        PeriodAnalysis,
        PlanActual,
        RankedResult,
        ResultRate,
        WeekFollowers,
        analyse_period,
        best_slots,
        best_times,
        engagement_rate,
        follower_growth,
        interactions,
        kpi_progress,
        mark_published,
        match_results,
        move_to_best_times,
        normalise_link,
        outside_plan,
        plan_period,
        plan_vs_actual,
        rates_by,
        rates_on,
        result_rate,
        results_period,
        suggestions,
        timed_platforms,
        to_publish,
        top_and_bottom,
    )

__all__ = [
    "DENOMINATORS",
    "FollowerGrowth",
    "GroupRate",
    "HourCell",
    "KpiProgress",
    "Match",
    "PeriodAnalysis",
    "PlanActual",
    "RankedResult",
    "ResultRate",
    "WeekFollowers",
    "analyse_period",
    "best_slots",
    "best_times",
    "engagement_rate",
    "follower_growth",
    "interactions",
    "kpi_progress",
    "mark_published",
    "match_results",
    "move_to_best_times",
    "normalise_link",
    "outside_plan",
    "plan_period",
    "plan_vs_actual",
    "rates_by",
    "rates_on",
    "result_rate",
    "results_period",
    "suggestions",
    "timed_platforms",
    "to_publish",
    "top_and_bottom",
]

__getattr__ = lazy_exports(__name__, ("analysis",))
