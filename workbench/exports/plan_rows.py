"""The editorial plan as rows: what every plan export shares.

The columns of a post and how each value reads in a language, the posts in calendar
order, the client's time zone and the guard against spreadsheet formulas.

Values: English files carry codes (`instagram`, `short_video`, `to_approve`,
`observance`), ISO dates and 24-hour times, so a script can read them back; Italian
files carry the labels a person reads (`Video breve`, `Da approvare`) and dates as
dd/mm/yyyy, as Italian spreadsheets show them. Hashtags are one space-separated cell.

Time zones: a plan's times are the client's local times. `TIME_ZONES` names the zone of
the European countries' mainland (Italy: Europe/Rome; Spain: Europe/Madrid, not the
Canaries); any other country, the United States with its several zones among them,
falls back to UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from workbench.errors import WorkbenchError
from workbench.i18n import fmt_date, t
from workbench.models import EditorialPlan, PlannedPost

__all__ = [
    "CSV_COLUMNS",
    "FORMULA_TRIGGERS",
    "SHEET_COLUMNS",
    "TIME_ZONES",
    "PlanColumn",
    "by_month",
    "cell_values",
    "month_title",
    "plan_posts",
    "safe_cell",
    "time_zone",
]

# The mainland zone of European countries, for the calendar export. Others: UTC.
TIME_ZONES = {
    "IT": "Europe/Rome",
    "SM": "Europe/San_Marino",
    "VA": "Europe/Vatican",
    "MT": "Europe/Malta",
    "CH": "Europe/Zurich",
    "AT": "Europe/Vienna",
    "DE": "Europe/Berlin",
    "FR": "Europe/Paris",
    "MC": "Europe/Monaco",
    "ES": "Europe/Madrid",
    "BE": "Europe/Brussels",
    "NL": "Europe/Amsterdam",
    "LU": "Europe/Luxembourg",
    "SI": "Europe/Ljubljana",
    "HR": "Europe/Zagreb",
    "GR": "Europe/Athens",
    "IE": "Europe/Dublin",
    "GB": "Europe/London",
    "PL": "Europe/Warsaw",
    "CZ": "Europe/Prague",
    "SE": "Europe/Stockholm",
    "DK": "Europe/Copenhagen",
    "NO": "Europe/Oslo",
    "FI": "Europe/Helsinki",
    "RO": "Europe/Bucharest",
    "AL": "Europe/Tirane",
    "PT": "Europe/Lisbon",
    "BG": "Europe/Sofia",
    "HU": "Europe/Budapest",
    "SK": "Europe/Bratislava",
    "EE": "Europe/Tallinn",
    "LV": "Europe/Riga",
    "LT": "Europe/Vilnius",
    "CY": "Asia/Nicosia",
}

# A cell starting with one of these is a formula to Excel and LibreOffice (OWASP, CSV
# injection): such text gets a leading apostrophe in files meant for spreadsheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class PlanColumn:
    """One column of a spreadsheet: its code, the catalogue key of its header, its width."""

    name: str
    label_key: str
    width: int


# The CSV columns, in order; the English header is the codes themselves.
CSV_COLUMNS = (
    "date",
    "time",
    "platform",
    "pillar",
    "format",
    "topic",
    "caption",
    "hashtags",
    "cta",
    "link",
    "status",
    "kind",
)

# The spreadsheet columns: the CSV's plus the weekday and the post's brief for the team.
# What the client reads first (when, where, what, the words), as in the app's table.
SHEET_COLUMNS = (
    PlanColumn("date", "fields.date", 11),
    PlanColumn("weekday", "exports.weekday", 7),
    PlanColumn("time", "fields.time", 7),
    PlanColumn("platform", "fields.platform", 13),
    PlanColumn("topic", "fields.topic", 36),
    PlanColumn("caption", "fields.caption", 60),
    PlanColumn("format", "fields.format", 13),
    PlanColumn("pillar", "fields.pillar", 24),
    PlanColumn("hashtags", "fields.hashtags", 30),
    PlanColumn("cta", "fields.cta", 24),
    PlanColumn("link", "fields.link", 36),
    PlanColumn("brief", "fields.post_brief", 36),
    PlanColumn("status", "fields.status", 13),
    PlanColumn("kind", "fields.post_kind", 13),
)


def plan_posts(plan: EditorialPlan) -> list[PlannedPost]:
    """The plan's posts in calendar order; an empty plan is refused with a message."""
    if not plan.posts:
        raise WorkbenchError("exports.empty_plan")
    return sorted(plan.posts, key=lambda p: (p.date, p.time, p.platform.value, p.id))


def by_month(posts: Sequence[PlannedPost]) -> list[tuple[date, list[PlannedPost]]]:
    """Posts in calendar order grouped by month, each month keyed by its first day."""
    return [
        (date(year, month, 1), list(group))
        for (year, month), group in groupby(posts, key=lambda p: (p.date.year, p.date.month))
    ]


def month_title(first_day: date, lang: str) -> str:
    """'gennaio 2027' (it), 'January 2027' (en): the month's stand-alone name and year."""
    return fmt_date(first_day, lang, "LLLL yyyy")


def time_zone(country: str) -> str:
    """The IANA zone of a client's country code ('IT' -> 'Europe/Rome'), else 'UTC'."""
    return TIME_ZONES.get(country.upper(), "UTC")


def safe_cell(value: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe before a formula trigger."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def _code_or_label(prefix: str, code: str, lang: str) -> str:
    return code if lang == "en" else t(f"{prefix}.{code}", lang)


def cell_values(post: PlannedPost, lang: str) -> dict[str, str]:
    """The CSV cells of one post in `lang` (see the module docstring for codes and labels)."""
    return {
        "date": post.date.isoformat() if lang == "en" else post.date.strftime("%d/%m/%Y"),
        "time": post.time.strftime("%H:%M"),
        "platform": _code_or_label("platforms", post.platform.value, lang),
        "pillar": post.pillar,
        "format": _code_or_label("formats", post.format.value, lang),
        "topic": post.topic,
        "caption": post.caption,
        "hashtags": " ".join(post.hashtags),
        "cta": post.cta,
        "link": post.link,
        "status": _code_or_label("post_status", post.status.value, lang),
        "kind": _code_or_label("post_kind", post.kind.value, lang),
    }
