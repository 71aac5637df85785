"""Platforms: the explainable ranking (`scoring`) and the recommendation under the brief's
money and hours (`decision`)."""

from .decision import (
    RETENTION_CHANNELS,
    Decision,
    MoreStep,
    Package,
    compare_packages,
    decide,
    decision_as_dict,
    package_as_dict,
)
from .scoring import (
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
    "FACTORS",
    "MAX_DEFAULT_CHOICES",
    "RECOMMEND_FROM",
    "RETENTION_CHANNELS",
    "Decision",
    "Factor",
    "MoreStep",
    "Package",
    "PlatformScore",
    "capacity_check",
    "compare_packages",
    "decide",
    "decision_as_dict",
    "default_choices",
    "package_as_dict",
    "role_for",
    "score_platforms",
    "scores_as_dict",
]
