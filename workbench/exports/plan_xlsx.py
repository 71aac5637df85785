"""The editorial plan (PED) as a formatted Excel workbook, built with XlsxWriter.

Sheets: a summary (client, period, platforms, pillars with target share and colour,
cadence per platform), the whole plan, one sheet per month, and the budget of the chosen
package (`workbench.budget.estimate.estimate_budget`: monthly line items, VAT apart, ads apart,
set-up apart). Every label is in the chosen language.

Plan sheets: the header row is frozen and filtered, dates and times are real Excel dates
and times, the pillar cell is filled with the pillar's colour, long texts wrap, and the
status column offers the statuses as a drop-down list. Text typed by people is always
written as a string (`write_string`), so "=SUM(A1)" or "+39 051..." stays text and no
cell of the workbook is ever a formula.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date, time
from decimal import Decimal

from babel.lists import format_list
from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from workbench.budget.estimate import BudgetEstimate, estimate_budget
from workbench.exports.plan_rows import SHEET_COLUMNS, by_month, month_title, plan_posts
from workbench.i18n import LOCALES, fmt_date, fmt_number, render, t
from workbench.models import ContentFormat, Pillar, PlannedPost, Platform, PostKind, PostStatus
from workbench.strategy import Strategy

__all__ = ["SHEET_NAME_MAX", "plan_xlsx", "sheet_name"]

SHEET_NAME_MAX = 31
# Columns the team fills later: hidden while no post has a value.
HIDDEN_WHEN_EMPTY = ("hashtags", "cta", "link", "brief")
HEADER_GREY = "#E6E6E6"
_COLUMN = {c.name: i for i, c in enumerate(SHEET_COLUMNS)}


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unused sheet name: no []:*?/\\, no apostrophe at either end, 31 characters."""
    name = re.sub(r"[\[\]:*?/\\]", " ", text).strip().strip("'").strip() or "-"
    name = name[:SHEET_NAME_MAX]
    candidate, n = name, 2
    while candidate.casefold() in taken:
        suffix = f" ({n})"
        candidate = name[: SHEET_NAME_MAX - len(suffix)] + suffix
        n += 1
    taken.add(candidate.casefold())
    return candidate


def _text_colour(background: str) -> str:
    """Black or white, whichever reads better on `background` ('#RRGGBB')."""
    red, green, blue = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "#FFFFFF"


class _Styles:
    """The workbook's cell formats, made once (XlsxWriter keeps every format it is given)."""

    def __init__(self, workbook: Workbook, lang: str, pillars: Sequence[Pillar]) -> None:
        add = workbook.add_format
        self.title = add({"bold": True, "font_size": 14})
        self.section = add({"bold": True, "font_size": 12})
        self.label = add({"bold": True, "valign": "top"})
        self.header = add(
            {"bold": True, "bg_color": HEADER_GREY, "bottom": 1, "text_wrap": True, "valign": "top"}
        )
        self.text = add({"valign": "top"})
        self.wrapped = add({"valign": "top", "text_wrap": True})
        self.date = add({"num_format": "dd/mm/yyyy", "valign": "top", "align": "left"})
        self.time = add({"num_format": "hh:mm", "valign": "top", "align": "left"})
        self.number = add({"valign": "top"})
        self.integer = add({"num_format": "#,##0", "valign": "top"})
        money = '#,##0.00 "€"' if lang == "it" else '"€"#,##0.00'
        self.money = add({"num_format": money, "valign": "top"})
        self.money_total = add({"num_format": money, "valign": "top", "bold": True, "top": 1})
        self.label_total = add({"bold": True, "valign": "top", "top": 1})
        self.pillars: dict[str, Format] = {
            p.name: add(
                {"bg_color": p.colour, "font_color": _text_colour(p.colour), "valign": "top"}
            )
            for p in pillars
        }


def _header(sheet: Worksheet, row: int, keys: Sequence[str], lang: str, styles: _Styles) -> None:
    for col, key in enumerate(keys):
        sheet.write_string(row, col, t(key, lang), styles.header)


# One cell of a post row and its format: text goes through `write_string`, numbers (dates
# and times as Excel serial numbers, which is what `write_datetime` writes) `write_number`.
_Cell = tuple[str | float, Format]

_EXCEL_EPOCH = date(1899, 12, 30)


def _serial_date(day: date) -> float:
    """Excel's serial number of a day (1900 date system), as XlsxWriter writes it."""
    return float((day - _EXCEL_EPOCH).days)


def _serial_time(moment: time) -> float:
    """The fraction of a day Excel stores for a time of day."""
    return (moment.hour * 3600 + moment.minute * 60 + moment.second) / 86400


def _post_rows(posts: Sequence[PlannedPost], lang: str, styles: _Styles) -> list[list[_Cell]]:
    """Every post's cells in `SHEET_COLUMNS` order, each label looked up once per workbook.

    The plan sheet and the month sheets write the same rows: they are built once.
    """
    platforms = {p: t(f"platforms.{p.value}", lang) for p in Platform}
    statuses = {s: t(f"post_status.{s.value}", lang) for s in PostStatus}
    formats = {f: t(f"formats.{f.value}", lang) for f in ContentFormat}
    kinds = {k: t(f"post_kind.{k.value}", lang) for k in PostKind}
    weekdays: dict[int, str] = {}
    days: dict[date, float] = {}
    times: dict[time, float] = {}
    text, wrapped = styles.text, styles.wrapped
    rows: list[list[_Cell]] = []
    for post in posts:
        day = post.date
        if day not in days:
            days[day] = _serial_date(day)
        if day.weekday() not in weekdays:
            weekdays[day.weekday()] = fmt_date(day, lang, "EEE")
        if post.time not in times:
            times[post.time] = _serial_time(post.time)
        cells: list[_Cell] = [
            (days[day], styles.date),
            (weekdays[day.weekday()], text),
            (times[post.time], styles.time),
            (platforms[post.platform], text),
            (post.pillar, styles.pillars.get(post.pillar, text)),
            (formats[post.format], text),
            (post.topic, wrapped),
            (post.brief, wrapped),
            (post.caption, wrapped),
            (" ".join(post.hashtags), wrapped),
            (post.cta, text),
            (post.link, text),
            (statuses[post.status], text),
            (kinds[post.kind], text),
        ]
        rows.append([cells[i] for i in _SHEET_ORDER])
    return rows


# The order `_post_rows` builds a post's cells in, and where each goes in `SHEET_COLUMNS`.
_BUILT = (
    "date", "weekday", "time", "platform", "pillar", "format", "topic", "brief", "caption",
    "hashtags", "cta", "link", "status", "kind",
)  # fmt: skip
_SHEET_ORDER = [_BUILT.index(c.name) for c in SHEET_COLUMNS]


def _posts_sheet(
    workbook: Workbook, name: str, rows: Sequence[list[_Cell]], lang: str, styles: _Styles
) -> Worksheet:
    sheet = workbook.add_worksheet(name)
    _header(sheet, 0, [c.label_key for c in SHEET_COLUMNS], lang, styles)
    # A column no post fills (no links, no briefs yet) is hidden, not deleted: a filter or
    # a pasted value still finds it.
    empty = {name for name in HIDDEN_WHEN_EMPTY if not any(r[_COLUMN[name]][0] for r in rows)}
    for col, column in enumerate(SHEET_COLUMNS):
        sheet.set_column(col, col, column.width, None, {"hidden": column.name in empty})
    write_string, write_number = sheet.write_string, sheet.write_number
    for row, cells in enumerate(rows, start=1):
        for col, (value, style) in enumerate(cells):
            if isinstance(value, str):
                write_string(row, col, value, style)
            else:
                write_number(row, col, value, style)
    last_row, last_col = len(rows), len(SHEET_COLUMNS) - 1
    status = _COLUMN["status"]
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, last_row, last_col)
    sheet.data_validation(
        1,
        status,
        last_row,
        status,
        {"validate": "list", "source": [t(f"post_status.{s.value}", lang) for s in PostStatus]},
    )
    return sheet


def _platform_order(strategy: Strategy, posts: Sequence[PlannedPost]) -> list[Platform]:
    """The platforms of the plan: the selection's order first, then any other posted on."""
    posted = {p.platform for p in posts}
    chosen = [c.platform for c in strategy.platforms.choices if c.platform in posted]
    return chosen + sorted(posted - set(chosen), key=list(Platform).index)


def _summary_sheet(
    workbook: Workbook,
    name: str,
    strategy: Strategy,
    posts: Sequence[PlannedPost],
    lang: str,
    styles: _Styles,
) -> None:
    sheet = workbook.add_worksheet(name)
    for col, width in enumerate((30, 18, 16, 16, 18, 60)):
        sheet.set_column(col, col, width)
    sheet.write_string(0, 0, t("exports.title", lang, client=strategy.client.name), styles.title)
    platforms = [t(f"platforms.{p.value}", lang) for p in _platform_order(strategy, posts)]
    sheet.write_string(2, 0, t("fields.client", lang), styles.label)
    sheet.write_string(2, 1, strategy.client.name, styles.text)
    sheet.write_string(3, 0, t("fields.start", lang), styles.label)
    sheet.write_datetime(3, 1, posts[0].date, styles.date)
    sheet.write_string(4, 0, t("fields.end", lang), styles.label)
    sheet.write_datetime(4, 1, posts[-1].date, styles.date)
    sheet.write_string(5, 0, t("fields.choices", lang), styles.label)
    sheet.write_string(5, 1, format_list(platforms, locale=LOCALES[lang]), styles.text)
    sheet.write_string(6, 0, t("exports.posts_total", lang), styles.label)
    sheet.write_number(6, 1, len(posts), styles.integer)

    row = 8
    sheet.write_string(row, 0, t("fields.pillars", lang), styles.section)
    _header(
        sheet,
        row + 1,
        (
            "fields.pillar",
            "fields.target_share",
            "fields.colour",
            "exports.posts_total",
            "exports.pillar_share",
            "fields.description",
        ),
        lang,
        styles,
    )
    pillars = strategy.plan.pillars
    counts = Counter(p.pillar for p in posts if p.pillar in styles.pillars)
    with_pillar = sum(counts.values())
    row += 2
    for pillar in pillars:
        sheet.write_string(row, 0, pillar.name, styles.text)
        sheet.write_number(row, 1, float(pillar.target_share), styles.number)
        sheet.write_string(row, 2, pillar.colour.upper(), styles.pillars[pillar.name])
        sheet.write_number(row, 3, counts[pillar.name], styles.integer)
        share = round(100 * counts[pillar.name] / with_pillar, 1) if with_pillar else 0
        sheet.write_number(row, 4, share, styles.number)
        sheet.write_string(row, 5, pillar.description, styles.wrapped)
        row += 1

    row += 1
    sheet.write_string(row, 0, t("exports.cadence_title", lang), styles.section)
    _header(
        sheet,
        row + 1,
        (
            "fields.platform",
            "fields.cadence",
            "exports.cadence_formats",
            "exports.posts_total",
        ),
        lang,
        styles,
    )
    per_platform = Counter(p.platform for p in posts)
    row += 2
    for choice in strategy.platforms.choices:
        formats = ", ".join(
            f"{t(f'formats.{fmt.value}', lang)} {fmt_number(n, lang, digits=2)}"
            for fmt, n in choice.cadence.items()
            if n > 0
        )
        sheet.write_string(row, 0, t(f"platforms.{choice.platform.value}", lang), styles.text)
        sheet.write_number(row, 1, float(choice.posts_per_week), styles.number)
        sheet.write_string(row, 2, formats, styles.text)
        sheet.write_number(row, 3, per_platform[choice.platform], styles.integer)
        row += 1


def _money(sheet: Worksheet, row: int, label: str, amount: Decimal, styles: _Styles) -> None:
    sheet.write_string(row, 0, label, styles.label_total)
    sheet.write_number(row, 5, float(amount), styles.money_total)


def _budget_sheet(
    workbook: Workbook, name: str, strategy: Strategy, lang: str, styles: _Styles
) -> None:
    sheet = workbook.add_worksheet(name)
    for col, width in enumerate((22, 60, 14, 14, 14, 16, 16)):
        sheet.set_column(col, col, width)
    tier = strategy.budget.tier
    if tier is None:
        sheet.write_string(0, 0, t("exports.budget_untitled", lang), styles.title)
        sheet.write_string(1, 0, t("exports.budget_no_tier", lang), styles.text)
    else:
        title = t("exports.budget_title", lang, tier=t(f"tiers.{tier.value}", lang))
        sheet.write_string(0, 0, title, styles.title)
    if not strategy.platforms.choices:
        sheet.write_string(3, 0, t("budget.nothing_to_estimate", lang), styles.text)
        return
    estimate = estimate_budget(strategy.brief, strategy.platforms, strategy.budget)
    _budget_rows(sheet, estimate, lang, styles)


def _budget_rows(sheet: Worksheet, estimate: BudgetEstimate, lang: str, styles: _Styles) -> None:
    _header(
        sheet,
        3,
        (
            "budget.col_category",
            "budget.col_item",
            "fields.platform",
            "budget.col_posts_month",
            "budget.col_hours_month",
            "budget.col_amount",
        ),
        lang,
        styles,
    )
    row = 4
    for item in estimate.items:
        sheet.write_string(row, 0, t(f"budget.category_{item.category}", lang), styles.text)
        sheet.write_string(row, 1, render(item.label, lang), styles.wrapped)
        if item.platform is not None:
            sheet.write_string(row, 2, t(f"platforms.{item.platform.value}", lang), styles.text)
        if item.quantity is not None:
            sheet.write_number(row, 3, round(float(item.quantity), 2), styles.number)
        if item.hours > 0:  # tools are bought, not worked
            sheet.write_number(row, 4, round(float(item.hours), 2), styles.number)
        sheet.write_number(row, 5, float(item.amount), styles.money)
        row += 1
    fees = estimate.fees
    rate = fmt_number(estimate.vat_rate.value, lang, digits=2)
    _money(sheet, row, t("budget.fees_net", lang), fees.net, styles)
    _money(sheet, row + 1, t("exports.vat", lang, rate=rate), fees.vat, styles)
    _money(sheet, row + 2, t("budget.fees_gross", lang), fees.gross, styles)
    row += 4

    if estimate.ads:
        sheet.write_string(row, 0, t("budget.ads_title", lang), styles.section)
        _header(
            sheet,
            row + 1,
            (
                "fields.platform",
                "budget.col_spend",
                "exports.impressions_low",
                "exports.impressions_high",
                "exports.clicks_low",
                "exports.clicks_high",
            ),
            lang,
            styles,
        )
        row += 2
        for ad in estimate.ads:
            sheet.write_string(row, 0, t(f"platforms.{ad.platform.value}", lang), styles.text)
            sheet.write_number(row, 1, float(ad.spend), styles.money)
            for col, reach in ((2, ad.impressions), (4, ad.clicks)):
                if reach is not None:  # None: no CPM or CPC known for the platform
                    sheet.write_number(row, col, reach[0], styles.integer)
                    sheet.write_number(row, col + 1, reach[1], styles.integer)
            row += 1
        row += 1
    _money(sheet, row, t("budget.ad_spend", lang), estimate.ad_spend, styles)
    _money(sheet, row + 1, t("budget.monthly_gross", lang), estimate.monthly_gross, styles)
    row += 3

    if estimate.setup is not None:
        setup = estimate.setup_totals
        sheet.write_string(row, 0, t("budget.setup_title", lang), styles.section)
        sheet.write_string(row + 1, 1, render(estimate.setup.label, lang), styles.wrapped)
        _money(sheet, row + 2, t("exports.net", lang), setup.net, styles)
        _money(sheet, row + 3, t("exports.vat", lang, rate=rate), setup.vat, styles)
        _money(sheet, row + 4, t("exports.gross", lang), setup.gross, styles)
        row += 6

    notes = [render(w, lang) for w in estimate.warnings]
    if notes:
        sheet.write_string(row, 0, t("exports.warnings", lang), styles.section)
        for offset, note in enumerate(notes, start=1):
            sheet.write_string(row + offset, 0, note, styles.text)
        row += len(notes) + 2
    sheet.write_string(row, 0, t("budget.estimates_note", lang), styles.text)


def plan_xlsx(strategy: Strategy, *, lang: str) -> bytes:
    """The editorial plan workbook: summary, plan, one sheet per month, budget."""
    posts = plan_posts(strategy.plan)
    buffer = io.BytesIO()
    workbook = Workbook(
        buffer,
        {
            "in_memory": True,
            # Belt and braces: only write_string is used for text, which never makes these.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    workbook.set_properties(
        {"title": t("exports.title", lang, client=strategy.client.name), "author": ""}
    )
    styles = _Styles(workbook, lang, strategy.plan.pillars)
    taken: set[str] = set()
    _summary_sheet(
        workbook, sheet_name(t("exports.sheet_summary", lang), taken), strategy, posts, lang, styles
    )
    rows = _post_rows(posts, lang, styles)
    _posts_sheet(workbook, sheet_name(t("exports.sheet_plan", lang), taken), rows, lang, styles)
    start = 0
    for first_day, month_posts in by_month(posts):
        name = sheet_name(month_title(first_day, lang), taken)
        _posts_sheet(workbook, name, rows[start : start + len(month_posts)], lang, styles)
        start += len(month_posts)
    _budget_sheet(
        workbook, sheet_name(t("exports.sheet_budget", lang), taken), strategy, lang, styles
    )
    workbook.close()
    return buffer.getvalue()
