"""The editorial plan's export files by format name, for the command line and the page."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.exports.plan_csv import SEPARATORS, plan_csv
from workbench.exports.plan_scheduler import SkippedPost, plan_scheduler
from workbench.plan.utm import slug
from workbench.strategy import Strategy

__all__ = ["PLAN_FORMATS", "SEPARATORS", "PlanFile", "build_plan_file", "plan_file_name"]

PLAN_FORMATS = ("xlsx", "csv", "ics", "scheduler")
_SUFFIXES = {
    "xlsx": "{plan}.xlsx",
    "csv": "{plan}.csv",
    "ics": "{plan}.ics",
    "scheduler": "metricool.csv",
}
_PLAN_WORD = {"it": "piano-editoriale", "en": "editorial-plan"}
MIME_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "ics": "text/calendar",
    "scheduler": "text/csv",
}


@dataclass(frozen=True)
class PlanFile:
    """One export of the plan: its bytes, MIME type and the posts it had to leave out."""

    data: bytes
    mime: str
    skipped: tuple[SkippedPost, ...] = ()


def plan_file_name(client_name: str, fmt: str, lang: str = "it") -> str:
    """'pasticceria-due-torri-piano-editoriale.xlsx' (or '-editorial-plan.xlsx' in English)."""
    suffix = _SUFFIXES[fmt].replace("{plan}", _PLAN_WORD.get(lang, _PLAN_WORD["it"]))
    return f"{slug(client_name) or 'client'}-{suffix}"


def build_plan_file(strategy: Strategy, fmt: str, *, lang: str, sep: str = ";") -> PlanFile:
    """The plan in `fmt` (one of PLAN_FORMATS); `sep` is the CSV separator.

    Raises WorkbenchError (exports.empty_plan) when the plan has no posts.
    """
    # XlsxWriter and icalendar load with the first file of their kind, not with the page.
    if fmt == "xlsx":
        from workbench.exports.plan_xlsx import plan_xlsx

        return PlanFile(plan_xlsx(strategy, lang=lang), MIME_TYPES[fmt])
    if fmt == "csv":
        return PlanFile(plan_csv(strategy.plan, lang=lang, sep=sep), MIME_TYPES[fmt])
    if fmt == "ics":
        from workbench.exports.plan_ics import plan_ics

        return PlanFile(plan_ics(strategy, lang=lang), MIME_TYPES[fmt])
    if fmt == "scheduler":
        export = plan_scheduler(strategy.plan)
        return PlanFile(export.data, MIME_TYPES[fmt], export.skipped)
    raise ValueError(f"unknown plan format {fmt!r}; expected one of {PLAN_FORMATS}")
