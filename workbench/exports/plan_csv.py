"""The editorial plan as CSV: one row per post, for spreadsheets and scripts.

Columns (`CSV_COLUMNS`): date, time, platform, pillar, format, topic, caption, hashtags,
cta, link, status, kind. With `lang="en"` the header is those codes and the values are
codes, ISO dates (YYYY-MM-DD) and HH:MM times; with `lang="it"` the header is Italian
(data, ora, piattaforma, rubrica, formato, argomento, testo, hashtag, cta, link, stato,
tipo) and the values are the labels a person reads, dates dd/mm/yyyy.

The file is UTF-8 with a BOM (so Excel shows accented letters) and `;` as separator by
default, what Excel in an Italian locale opens directly; `,` on request. A cell that
starts with = + - @, a tab or a carriage return gets a leading apostrophe (OWASP advice
on CSV injection), so no spreadsheet runs it as a formula.
"""

from __future__ import annotations

import csv
import io

from workbench.exports.plan_rows import CSV_COLUMNS, cell_values, plan_posts, safe_cell
from workbench.i18n import t
from workbench.models import EditorialPlan

__all__ = ["SEPARATORS", "plan_csv"]

SEPARATORS = (";", ",")


def plan_csv(plan: EditorialPlan, *, lang: str, sep: str = ";") -> bytes:
    """The plan's posts as CSV bytes (UTF-8 with BOM), header and values in `lang`."""
    if sep not in SEPARATORS:
        raise ValueError(f"separator must be one of {SEPARATORS}")
    posts = plan_posts(plan)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow([t(f"exports.csv.{name}", lang) for name in CSV_COLUMNS])
    for post in posts:
        values = cell_values(post, lang)
        writer.writerow([safe_cell(values[name]) for name in CSV_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
