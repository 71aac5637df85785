"""Platforms: the editable rule tables (`rules`), the explainable ranking (`scoring`) and
the recommendation under the brief's money and hours (`decision`).

The names below load on first use (`workbench.lazy`); code inside the workbench imports
from the submodules.
"""

from typing import TYPE_CHECKING

from workbench.lazy import lazy_exports

if TYPE_CHECKING:
    from workbench.platforms.decision import (
        RETENTION_CHANNELS,
        Decision,
        MoreStep,
        Package,
        compare_packages,
        decide,
        decision_as_dict,
        package_as_dict,
    )
    from workbench.platforms.rules import (
        CAPABILITY_FORMATS,
        GOAL_METRIC,
        GOALS,
        MAX_SCORE,
        CostFigure,
        FitRule,
        ad_costs,
        format_fit,
        format_goal_value,
        goal_fit,
        kind_fit,
        posting_defaults,
        producible_formats,
        rate,
        rates,
    )
    from workbench.platforms.scoring import (
        FACTORS,
        MAX_DEFAULT_CHOICES,
        RECOMMEND_FROM,
        Factor,
        PlatformScore,
        capacity_check,
        default_choices,
        role_for,
        score_platforms,
        scores_as_dict,
    )

__all__ = [
    "CAPABILITY_FORMATS",
    "CostFigure",
    "Decision",
    "FACTORS",
    "Factor",
    "FitRule",
    "GOALS",
    "GOAL_METRIC",
    "MAX_DEFAULT_CHOICES",
    "MAX_SCORE",
    "MoreStep",
    "Package",
    "PlatformScore",
    "RECOMMEND_FROM",
    "RETENTION_CHANNELS",
    "ad_costs",
    "capacity_check",
    "compare_packages",
    "decide",
    "decision_as_dict",
    "default_choices",
    "format_fit",
    "format_goal_value",
    "goal_fit",
    "kind_fit",
    "package_as_dict",
    "posting_defaults",
    "producible_formats",
    "rate",
    "rates",
    "role_for",
    "score_platforms",
    "scores_as_dict",
]

__getattr__ = lazy_exports(__name__, ("decision", "scoring", "rules"))
