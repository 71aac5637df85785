"""Turn pydantic validation errors into FieldProblems the i18n catalogue can phrase."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from workbench.errors import FieldProblem
from workbench.i18n import DEFAULT_LANGUAGE, catalogue

__all__ = ["merge_valid_fields", "problems_from_validation"]

M = TypeVar("M", bound=BaseModel)
_PLACEHOLDER = re.compile(r"{(\w+)}")

# pydantic error type -> catalogue key; the ctx values (max_length, ge...) become parameters.
_KEYS = {
    "missing": "errors.required",
    "string_too_short": "errors.required",
    "string_too_long": "errors.too_long",
    "too_long": "errors.too_many",
    "greater_than_equal": "errors.too_small",
    "greater_than": "errors.too_small",
    "less_than_equal": "errors.too_large",
    "less_than": "errors.too_large",
    "decimal_max_places": "errors.too_many_decimals",
    "decimal_max_digits": "errors.too_many_digits",
    "decimal_parsing": "errors.not_a_number",
    "int_parsing": "errors.not_a_whole_number",
    "int_from_float": "errors.not_a_whole_number",
    "float_parsing": "errors.not_a_number",
    "date_parsing": "errors.not_a_date",
    "date_from_datetime_parsing": "errors.not_a_date",
    "enum": "errors.not_a_choice",
    "literal_error": "errors.not_a_choice",
    "string_pattern_mismatch": "errors.bad_format",
    "extra_forbidden": "errors.unknown_field",
    "budget_range": "errors.budget_range",
    "social_only": "errors.social_only",
    "age_range": "errors.age_range",
    "period_range": "errors.period_range",
    "duplicate_competitor": "errors.duplicate_competitor",
    "duplicate_format": "errors.duplicate_format",
    "cadence_format": "errors.cadence_format",
    "weights_zero": "errors.weights_zero",
    "duplicate_platform": "errors.duplicate_platform",
    "cost_range": "errors.cost_range",
    "campaign_range": "errors.campaign_range",
    "duplicate_pillar": "errors.duplicate_pillar",
}
# Errors raised by a model validator have no location: say which field to look at.
_LOCATIONS: dict[str, tuple[str, ...]] = {
    "budget_range": ("budget_max",),
    "social_only": ("social_only",),
    "age_range": ("age_max",),
    "period_range": ("period_end",),
    "duplicate_competitor": ("competitors",),
    "duplicate_format": ("formats",),
    "cadence_format": ("cadence",),
    "weights_zero": ("weights",),
    "duplicate_platform": ("choices",),
    "cost_range": ("max",),
    "campaign_range": ("end",),
    "duplicate_pillar": ("pillars",),
}


def problems_from_validation(exc: ValidationError) -> list[FieldProblem]:
    """One FieldProblem per pydantic error, located and keyed for translation."""
    problems = []
    for error in exc.errors(include_url=False):
        kind = error["type"]
        loc = tuple(error["loc"]) or _LOCATIONS.get(kind, ())
        params: dict[str, Any] = {}
        ctx = error.get("ctx") or {}
        limits = ("max_length", "ge", "gt", "le", "lt", "decimal_places", "max_digits")
        for name in (*limits, "expected"):
            if name in ctx:
                params["limit" if name != "expected" else "expected"] = ctx[name]
        key = _KEYS.get(kind, "errors.invalid_value")
        if not set(_PLACEHOLDER.findall(catalogue(DEFAULT_LANGUAGE).get(key, ""))) <= set(params):
            # This error type lacks what the message names: say it in pydantic's words.
            key, params = "errors.invalid_value", {}
        if key == "errors.invalid_value":
            params["detail"] = error["msg"]
        problems.append(FieldProblem(loc, key, **params))
    return problems


# Cross-field rules: which fields take part, so the one the user just changed is reverted.
_RELATED: dict[str, tuple[str, ...]] = {
    "errors.budget_range": ("budget_min", "budget_max"),
    "errors.social_only": ("social_only", "website", "blog", "newsletter"),
    "errors.age_range": ("age_min", "age_max"),
    "errors.weights_zero": ("audience", "goals", "capacity", "competitors", "budget"),
    "errors.cost_range": ("min", "max"),
    "errors.campaign_range": ("start", "end"),
}


def _first_culprit(
    model_type: type[BaseModel], data: dict[str, Any], current: BaseModel, changed: set[str]
) -> str | None:
    """The changed field whose saved value alone makes `data` valid, if there is one."""
    for name in sorted(changed):
        try:
            model_type.model_validate({**data, name: getattr(current, name)})
        except ValidationError:
            continue
        return name
    return None


def merge_valid_fields(current: M, changes: dict[str, Any]) -> tuple[M, list[FieldProblem]]:
    """Apply every valid top-level change to `current`; report the invalid ones.

    An invalid field keeps its saved value, so one bad entry never blocks saving the rest.
    """
    data = current.model_dump()
    data.update(changes)
    changed = {f for f, v in changes.items() if v != getattr(current, f, None)}
    problems: list[FieldProblem] = []
    model_type = type(current)
    while True:
        try:
            return model_type.model_validate(data), problems
        except ValidationError as exc:
            reverted = False
            for problem in problems_from_validation(exc):
                field = problem.loc[0] if problem.loc else None
                fields = _RELATED.get(problem.key, (field,))
                culprits = [f for f in fields if f in changed]
                if culprits:
                    problem.loc = (
                        (culprits[0], *problem.loc[1:]) if len(fields) > 1 else problem.loc
                    )
                for name in culprits:
                    data[name] = getattr(current, name)
                    changed.discard(name)
                    reverted = True
                problems.append(problem)
            if not reverted and changed:
                # A problem no field could be pinned on (a rule across nested values):
                # keep the saved value of the one change that causes it, else of them all.
                culprit = _first_culprit(model_type, data, current, changed)
                for name in [culprit] if culprit else sorted(changed):
                    data[name] = getattr(current, name)
                    changed.discard(name)
                continue
            if not reverted:
                return current, problems
