"""Competitors: metrics with their denominators, share of voice, gaps to benchmarks, merges.

The names below load on first use (`workbench.lazy`); code inside the workbench imports
from the submodules.
"""

from typing import TYPE_CHECKING

from workbench.lazy import lazy_exports

if TYPE_CHECKING:
    from workbench.competitors.metrics import (
        DENOMINATORS,
        OVERRIDE_SOURCE,
        Benchmark,
        CompetitorRows,
        MergeResult,
        Metric,
        PlatformMetrics,
        RankedMetrics,
        benchmark_gap,
        compute_competitor_metrics,
        engagement_benchmarks,
        engagement_rate_by,
        engagement_rate_by_followers,
        ensure_client_row,
        find_benchmark,
        follower_growth,
        interactions,
        merge_competitor_rows,
        posts_per_week,
        rank_competitors,
        share_of_voice,
    )

__all__ = [
    "Benchmark",
    "CompetitorRows",
    "DENOMINATORS",
    "MergeResult",
    "Metric",
    "OVERRIDE_SOURCE",
    "PlatformMetrics",
    "RankedMetrics",
    "benchmark_gap",
    "compute_competitor_metrics",
    "engagement_benchmarks",
    "engagement_rate_by",
    "engagement_rate_by_followers",
    "ensure_client_row",
    "find_benchmark",
    "follower_growth",
    "interactions",
    "merge_competitor_rows",
    "posts_per_week",
    "rank_competitors",
    "share_of_voice",
]

__getattr__ = lazy_exports(__name__, ("metrics",))
