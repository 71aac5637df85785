"""Budget: what a platform selection costs a month, in tiers, within an amount, over a year.

The names below load on first use (`workbench.lazy`); code inside the workbench imports
from the submodules.
"""

from typing import TYPE_CHECKING

from workbench.lazy import lazy_exports

if TYPE_CHECKING:
    from workbench.budget.estimate import (
        FORMATS_PER_TIER,
        TIERS,
        AdLine,
        Assumption,
        BudgetEstimate,
        FitResult,
        LineItem,
        MonthProjection,
        Totals,
        apply_tier,
        budget_tiers,
        effective_tier,
        estimate_as_dict,
        estimate_budget,
        fit_to_budget,
        project_months,
        tier_choice,
    )

__all__ = [
    "AdLine",
    "Assumption",
    "BudgetEstimate",
    "FORMATS_PER_TIER",
    "FitResult",
    "LineItem",
    "MonthProjection",
    "TIERS",
    "Totals",
    "apply_tier",
    "budget_tiers",
    "effective_tier",
    "estimate_as_dict",
    "estimate_budget",
    "fit_to_budget",
    "project_months",
    "tier_choice",
]

__getattr__ = lazy_exports(__name__, ("estimate",))
