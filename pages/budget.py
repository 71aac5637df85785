"""Budget: three tiers side by side, the month's estimate, a year, the rates, a given amount."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st
from pydantic import ValidationError

from ui.forms import decimal_or_none
from ui.nav import STEP_ICONS, STEP_PAGES, link_params
from ui.saving import write
from ui.shell import step_page
from ui.state import lang, t
from ui.views.budget import (
    FitView,
    Versions,
    budget_view,
    fit_view,
    show_amount,
)
from ui.views.decision import decision_for, decision_view
from ui.widgets import editable_table
from workbench.errors import FieldProblem
from workbench.i18n import describe_problem, fmt_money, fmt_number
from workbench.i18n import t as translate
from workbench.models import (
    BudgetPlan,
    BudgetTier,
    ContentFormat,
    CostRange,
    Platform,
    PlatformSelection,
)
from workbench.platforms.rules import ad_costs, rate
from workbench.reference import SourcedValue
from workbench.strategy import SectionState, save_section
from workbench.validation import merge_valid_fields, problems_from_validation

strategy, client_id = step_page("budget")
L = lang()
sections = dict(strategy.sections)
brief = strategy.brief
selection = strategy.platforms
plan = strategy.budget
P = "bud."
ss = st.session_state
names = {p.value: translate(f"platforms.{p.value}", L) for p in Platform}
format_names = {f.value: translate(f"formats.{f.value}", L) for f in ContentFormat}
has_posts = any(c.posts_per_week > 0 for c in selection.choices)


def versions(*parts: str) -> Versions:
    """The saved version of each named section: the cache key of what is built from them."""
    return tuple((sections[n].version, sections[n].updated_at) for n in parts)


decision = decision_for(
    client_id,
    versions("brief", "audience", "competitors", "platforms", "budget"),
    brief,
    strategy.audience,
    strategy.competitors,
    selection,
    plan,
)


def tier_label(tier: BudgetTier | None) -> str:
    return translate(f"tiers.{tier.value}", L) if tier else ""


def save_choice(
    new_selection: PlatformSelection, new_plan: BudgetPlan, done: str | None = None
) -> None:
    """Store a cadence and the plan that goes with it in one transaction, then redraw
    (saying `done` once it is saved)."""
    platforms_version = sections["platforms"].version
    budget_version = sections["budget"].version

    def both(session: Any) -> SectionState:  # a database session, from write()
        save_section(
            session, client_id, "platforms", new_selection, expected_version=platforms_version
        )
        return save_section(session, client_id, "budget", new_plan, expected_version=budget_version)

    if write(both) is not None:
        if done:
            ss[f"{P}applied"] = done
        st.rerun()


st.caption(t("budget.intro"))
if not selection.choices or not has_posts:
    st.info(t("budget.choose_platforms_first"), icon=":material/hub:")
    st.page_link(
        STEP_PAGES["platforms"],
        label=t("budget.go_platforms"),
        icon=STEP_ICONS["platforms"],
        query_params=link_params(),
    )

# Drawn after the rates below are saved, so a changed rate shows in the totals at once.
tiers_box = st.container()
warnings_box = st.container()
estimate_tab, year_tab, rates_tab, fit_tab = st.tabs(
    [
        t("budget.tab_estimate"),
        t("budget.tab_year"),
        t("budget.tab_rates"),
        t("budget.tab_fit"),
    ],
    key=f"{P}tab",
    on_change="rerun",
)

# --- rates and hours --------------------------------------------------------------------------
# field -> (default from data/ or None when it depends on the selection, step, number format)
SCALARS: dict[str, tuple[SourcedValue | None, float, str]] = {
    "hourly_rate": (rate("hourly_rate"), 1.0, "%.2f"),
    "reuse_percent": (rate("reuse_percent"), 5.0, "%g"),
    "hours_per_100_comments": (rate("hours_per_100_comments"), 0.5, "%g"),
    "strategy_hours_per_month": (rate("strategy_hours_per_month"), 0.5, "%g"),
    "reporting_hours_per_month": (rate("reporting_hours_per_month"), 0.5, "%g"),
    "tools_per_month": (rate("tools_per_month"), 5.0, "%.2f"),
    "setup_hours": (None, 1.0, "%g"),
    "vat_rate": (rate("vat_rate"), 1.0, "%g"),
}
VAT_DEFAULT = rate("vat_rate").value


def source_line(value: SourcedValue) -> str:
    line = f"{value.source}, {value.year} ({value.region})"
    return line + (f" · {t('budget.estimate')}" if value.estimate else "")


def stored_scalar(name: str) -> float | None:
    value = getattr(plan, name)
    if name == "vat_rate" and value == VAT_DEFAULT:
        return None  # the default: the field stays empty and shows it
    return None if value is None else float(value)


def load_rate_widgets() -> None:
    ss[f"{P}loaded"] = (client_id, sections["budget"].version)
    for name in SCALARS:
        ss[f"{P}{name}"] = stored_scalar(name)


def named(problem: FieldProblem) -> FieldProblem:
    """Codes in a problem's place shown as names: 'Ore per contenuto › Foto'."""
    problem.loc = tuple(
        names.get(p, format_names.get(p, p)) if isinstance(p, str) and i else p
        for i, p in enumerate(problem.loc)
    )
    return problem


def cost_range(metric: str) -> Callable[[dict[str, Any]], dict[str, Any] | None]:
    """A CPM or CPC range from a table row: a missing end takes the data's (or the other end)."""

    def from_row(row: dict[str, Any]) -> dict[str, Any] | None:
        low, high = row.get(f"{metric}_min"), row.get(f"{metric}_max")
        if low is None and high is None:
            return None
        figure = ad_costs().get((Platform(row["code"]), metric))
        low = low if low is not None else (figure.low.value if figure else high)
        high = high if high is not None else (figure.high.value if figure else low)
        return {"min": low, "max": high}

    return from_row


def money_column(label: str) -> Any:
    return st.column_config.NumberColumn(label, min_value=0.01, step=0.01, format="localized")


def dict_changes(
    rows: list[dict[str, Any]] | None,
    shown: list[str],
    column: str,
    stored: dict[Any, Any],
    convert: Callable[[dict[str, Any]], Any] | None = None,
) -> dict[str, Any]:
    """A per-platform (or per-format) dict from an edited table; rows not shown are kept."""
    kept = {getattr(k, "value", k): v for k, v in stored.items()}
    if rows is None:
        return kept
    result = {k: v for k, v in kept.items() if k not in shown}
    for row in rows:
        value = convert(row) if convert else row.get(column)
        if value is not None:
            result[row["code"]] = value
    return result


rate_problems: list[FieldProblem] = []
if rates_tab.open:
    with rates_tab:
        if ss.get(f"{P}loaded") != (client_id, sections["budget"].version) or any(
            f"{P}{name}" not in ss for name in SCALARS
        ):
            load_rate_widgets()
        st.caption(t("budget.rates_help"))
        platforms_shown = list(
            dict.fromkeys(
                [c.platform.value for c in selection.choices]
                + [
                    getattr(p, "value", p)
                    for d in (
                        plan.comments_per_post,
                        plan.community_hours_per_week,
                        plan.ad_spend,
                        plan.cpm,
                        plan.cpc,
                    )
                    for p in d
                ]
            )
        )
        # The estimate as saved: the set-up hours and community hours it works out by default.
        view_now = budget_view(
            client_id, versions("brief", "platforms", "budget"), L, brief, selection, plan, decision
        )
        for i, (name, (default, step, number_format)) in enumerate(SCALARS.items()):
            if i % 4 == 0:  # rows of four, each starting below the tallest caption above
                columns = st.columns(4)
            with columns[i % 4]:
                if default is not None:
                    shown = show_amount(default.value, default.unit, L)
                    short = fmt_number(default.value, L, digits=2)
                    note = source_line(default)
                else:  # set-up: base hours plus hours per platform
                    short = view_now.setup_hours
                    setup_base = rate("setup_base_hours")
                    each = rate("setup_hours_per_platform")
                    shown = t(
                        "budget.setup_default",
                        base=show_amount(setup_base.value, setup_base.unit, L),
                        each=show_amount(each.value, each.unit, L),
                    )
                    note = source_line(setup_base)
                st.number_input(
                    t(f"fields.{name}"),
                    value=None,
                    step=step,
                    format=number_format,
                    key=f"{P}{name}",
                    placeholder=t("budget.default_placeholder", value=short),
                    help=default.note if default is not None else None,
                )
                st.caption(t("budget.default_from", value=shown, source=note))

        st.subheader(t("budget.hours_per_format_title"))
        format_rows = [
            {
                "code": f.value,
                "format": format_names[f.value],
                "default": show_amount(rate("hours_per_post", f.value).value, "h/post", L),
                "source": source_line(rate("hours_per_post", f.value)),
                "client": float(plan.hours_per_format[f]) if f in plan.hours_per_format else None,
            }
            for f in ContentFormat
        ]
        edited_formats = editable_table(
            f"{P}formats",
            format_rows,
            {
                "code": "object",
                "format": "object",
                "default": "object",
                "source": "object",
                "client": "float64",
            },
            token=(client_id, sections["budget"].version),
            placeholder="—",
            hide_index=True,
            width="stretch",
            column_order=["format", "default", "client", "source"],
            disabled=["code", "format", "default", "source"],
            column_config={
                "format": st.column_config.TextColumn(t("budget.col_format")),
                "default": st.column_config.TextColumn(t("budget.col_default")),
                "source": st.column_config.TextColumn(t("budget.col_source"), width="large"),
                "client": st.column_config.NumberColumn(
                    t("budget.col_client_hours"), min_value=0.0, step=0.25, format="localized"
                ),
            },
        )

        st.subheader(t("budget.community_title"))
        if not platforms_shown:
            st.caption(t("budget.no_platform_rows"))
        else:
            base_hours = rate("community_base_hours_per_week")
            st.caption(
                t(
                    "budget.community_help",
                    base=show_amount(base_hours.value, "h/week", L),
                    per_hundred=show_amount(
                        rate("hours_per_100_comments").value, "h/100 comments", L
                    ),
                )
            )
            community_rows = [
                {
                    "code": p,
                    "platform": names[p],
                    "default": show_amount(rate("comments_per_post", p).value, "comments/post", L),
                    "comments": float(plan.comments_per_post[Platform(p)])
                    if Platform(p) in plan.comments_per_post
                    else None,
                    "hours": float(plan.community_hours_per_week[Platform(p)])
                    if Platform(p) in plan.community_hours_per_week
                    else None,
                    "estimated": view_now.community_hours.get(p, ""),
                    "source": source_line(rate("comments_per_post", p)),
                }
                for p in platforms_shown
            ]
            edited_community = editable_table(
                f"{P}community",
                community_rows,
                {
                    "code": "object",
                    "platform": "object",
                    "default": "object",
                    "comments": "float64",
                    "hours": "float64",
                    "estimated": "object",
                    "source": "object",
                },
                token=(client_id, sections["budget"].version),
                placeholder="—",
                hide_index=True,
                width="stretch",
                column_order=[
                    "platform",
                    "default",
                    "comments",
                    "estimated",
                    "hours",
                    "source",
                ],
                disabled=["code", "platform", "default", "estimated", "source"],
                column_config={
                    "platform": st.column_config.TextColumn(t("fields.platform")),
                    "default": st.column_config.TextColumn(t("budget.col_default_comments")),
                    "comments": st.column_config.NumberColumn(
                        t("budget.col_client_comments"), min_value=0.0, step=1.0, format="localized"
                    ),
                    "estimated": st.column_config.TextColumn(t("budget.col_estimated_hours")),
                    "hours": st.column_config.NumberColumn(
                        t("budget.col_client_community_hours"),
                        min_value=0.0,
                        step=0.25,
                        format="localized",
                        help=t("budget.client_community_hours_help"),
                    ),
                    "source": st.column_config.TextColumn(t("budget.col_source"), width="large"),
                },
            )

            st.subheader(t("budget.ads_settings_title"))
            st.caption(t("budget.ads_settings_help"))

            def data_range(platform: str, metric: str) -> str:
                figure = ad_costs().get((Platform(platform), metric))
                if figure is None:
                    return t("budget.no_data")
                low, high = fmt_money(figure.low.value, L), fmt_money(figure.high.value, L)
                return t("budget.range", low=low, high=high)

            def data_sources(platform: str) -> str:
                found = [
                    f"{metric.upper()}: {source_line(figure.low)}"
                    for metric in ("cpm", "cpc")
                    if (figure := ad_costs().get((Platform(platform), metric))) is not None
                ]
                return " · ".join(found)

            def stored_range(ranges: dict[Platform, CostRange], platform: str, end: str) -> Any:
                found = ranges.get(Platform(platform))
                return float(getattr(found, end)) if found else None

            ad_rows = [
                {
                    "code": p,
                    "platform": names[p],
                    "spend": float(plan.ad_spend[Platform(p)])
                    if Platform(p) in plan.ad_spend
                    else None,
                    "cpm": data_range(p, "cpm"),
                    "cpm_min": stored_range(plan.cpm, p, "min"),
                    "cpm_max": stored_range(plan.cpm, p, "max"),
                    "cpc": data_range(p, "cpc"),
                    "cpc_min": stored_range(plan.cpc, p, "min"),
                    "cpc_max": stored_range(plan.cpc, p, "max"),
                    "source": data_sources(p),
                }
                for p in platforms_shown
            ]
            edited_ads = editable_table(
                f"{P}ads",
                ad_rows,
                {
                    "code": "object",
                    "platform": "object",
                    "spend": "float64",
                    "cpm": "object",
                    "cpm_min": "float64",
                    "cpm_max": "float64",
                    "cpc": "object",
                    "cpc_min": "float64",
                    "cpc_max": "float64",
                    "source": "object",
                },
                token=(client_id, sections["budget"].version),
                placeholder="—",
                hide_index=True,
                width="stretch",
                column_order=[
                    "platform",
                    "spend",
                    "cpm",
                    "cpm_min",
                    "cpm_max",
                    "cpc",
                    "cpc_min",
                    "cpc_max",
                    "source",
                ],
                disabled=["code", "platform", "cpm", "cpc", "source"],
                column_config={
                    "platform": st.column_config.TextColumn(t("fields.platform")),
                    "spend": st.column_config.NumberColumn(
                        t("fields.ad_spend"), min_value=0.0, step=10.0, format="localized"
                    ),
                    "cpm": st.column_config.TextColumn(t("budget.col_cpm_data")),
                    "cpm_min": money_column(t("budget.input_cpm_min")),
                    "cpm_max": money_column(t("budget.input_cpm_max")),
                    "cpc": st.column_config.TextColumn(t("budget.col_cpc_data")),
                    "cpc_min": money_column(t("budget.input_cpc_min")),
                    "cpc_max": money_column(t("budget.input_cpc_max")),
                    "source": st.column_config.TextColumn(t("budget.col_source"), width="large"),
                },
            )

        changes: dict[str, Any] = {
            name: decimal_or_none(ss[f"{P}{name}"]) for name in SCALARS if name != "vat_rate"
        }
        changes["vat_rate"] = decimal_or_none(ss[f"{P}vat_rate"])
        if changes["vat_rate"] is None:
            changes["vat_rate"] = VAT_DEFAULT
        changes["hours_per_format"] = dict_changes(
            edited_formats, [f.value for f in ContentFormat], "client", plan.hours_per_format
        )
        if platforms_shown:
            changes["comments_per_post"] = dict_changes(
                edited_community, platforms_shown, "comments", plan.comments_per_post
            )
            changes["community_hours_per_week"] = dict_changes(
                edited_community, platforms_shown, "hours", plan.community_hours_per_week
            )
            changes["ad_spend"] = dict_changes(edited_ads, platforms_shown, "spend", plan.ad_spend)
            for metric in ("cpm", "cpc"):
                saved_ranges = {p.value: r.model_dump() for p, r in getattr(plan, metric).items()}
                ranges = dict_changes(
                    edited_ads, platforms_shown, metric, saved_ranges, cost_range(metric)
                )
                # Checked one by one: a reversed range keeps that platform's saved one, and the
                # rest of the table is still saved.
                for code, value in list(ranges.items()):
                    try:
                        CostRange.model_validate(value)
                    except ValidationError as exc:
                        for problem in problems_from_validation(exc):
                            problem.loc = (metric, code, *problem.loc)
                            rate_problems.append(problem)
                        if code in saved_ranges:
                            ranges[code] = saved_ranges[code]
                        else:
                            del ranges[code]
                changes[metric] = ranges
        merged, found = merge_valid_fields(plan, changes)
        rate_problems += found
        for problem in rate_problems:
            st.error(describe_problem(named(problem), L), icon=":material/error:")
        if merged != plan:
            saved = write(
                lambda s: save_section(
                    s, client_id, "budget", merged, expected_version=sections["budget"].version
                )
            )
            if saved is not None:
                plan, sections["budget"] = merged, saved
                ss[f"{P}loaded"] = (client_id, saved.version)

# --- tiers ------------------------------------------------------------------------------------
view = budget_view(
    client_id, versions("brief", "platforms", "budget"), L, brief, selection, plan, decision
)
proposal = decision_view(decision, L)
with tiers_box:
    st.subheader(t("budget.tiers_title"))
    st.caption(t("decision.help"))
    overridden = any(c.overridden for c in selection.choices)
    if view.current is BudgetTier.custom:
        key = "budget.current_custom" if overridden else "budget.current_custom_fit"
        st.caption(t(key))
    elif view.current is None:
        st.caption(t("budget.current_none"))
    elif not any(card.same_as_saved for card in view.tiers):
        st.caption(t("budget.current_saved", tier=tier_label(view.current)))
    for column, card in zip(st.columns(len(view.tiers)), view.tiers, strict=True):
        with column.container(border=True):
            st.markdown(f"#### {tier_label(card.tier)}")
            if card.same_as_saved:
                st.badge(t("budget.current_tier"), icon=":material/check:", color="green")
            elif card.recommended:
                st.badge(t("decision.card"), icon=":material/recommend:", color="blue")
            st.markdown("  \n".join(f"{label}: **{value}**" for label, value in card.lines))
            st.markdown(f"{t('budget.monthly_gross')}: **{card.monthly_gross}**")
            st.caption("  \n".join(card.cadence))
            for line in card.compared:
                st.caption(f":orange[{line}]" if card.over_budget else line)
            if card.over_budget and not card.compared:
                st.caption(f":orange[{t('budget.tier_over_budget')}]")
            if (
                st.button(
                    t("budget.choose_tier", tier=tier_label(card.tier)),
                    key=f"{P}tier.{card.tier.value}",
                    disabled=card.same_as_saved,
                    type="primary" if card.recommended else "secondary",
                    width="stretch",
                )
                and card.selection is not None
                and card.plan is not None
            ):
                save_choice(card.selection, card.plan)
    with st.expander(t("decision.title"), icon=":material/recommend:"):
        st.markdown("\n".join(f"- {line}" for line in proposal.lines))
        if proposal.more:
            st.markdown(f"**{t('decision.more_title')}**")
            st.markdown("\n".join(f"- {line}" for line in proposal.more))
    st.caption(t("budget.estimates_note"))

with warnings_box:
    # Without platforms the only warning says so, as the message above already does.
    for warning in view.warnings if selection.choices else []:
        st.warning(warning, icon=":material/warning:")
    if message := ss.pop(f"{P}applied", None):
        st.success(message, icon=":material/check_circle:")

# --- the month ------------------------------------------------------------------------------
if estimate_tab.open:
    with estimate_tab:
        if view.empty:
            st.info(t("budget.nothing_to_estimate"), icon=":material/euro:")
        else:
            tier = tier_label(view.current) or t("budget.no_tier")
            st.subheader(t("budget.month_title", tier=tier))
            for column, (label, value) in zip(
                st.columns(len(view.metrics)), view.metrics, strict=True
            ):
                column.metric(label, value)
            st.markdown(view.fees_line)
            st.subheader(t("budget.fees_title"))
            st.caption(t("budget.fees_help"))
            st.dataframe(
                view.items,
                hide_index=True,
                width="stretch",
                key=f"{P}items",
                column_config={
                    t("budget.col_estimate"): st.column_config.CheckboxColumn(
                        t("budget.col_estimate"), help=t("budget.col_estimate_help")
                    ),
                    t("budget.col_inputs"): st.column_config.TextColumn(
                        t("budget.col_inputs"), width="large"
                    ),
                },
            )
            st.subheader(t("budget.ads_title"))
            if view.ads.empty:
                st.caption(t("budget.no_ads"))
            else:
                st.caption(t("budget.ads_help"))
                st.dataframe(view.ads, hide_index=True, width="stretch", key=f"{P}ad_lines")
            if view.setup:
                st.subheader(t("budget.setup_title"))
                st.markdown(f"{view.setup[0]}  \n{view.setup[1]}")
            left, right = st.columns(2)
            left.vega_lite_chart(view.charts["category"], width="stretch")
            right.vega_lite_chart(view.charts["platform"], width="stretch")
            with st.expander(t("budget.sources_title"), icon=":material/menu_book:"):
                for line in view.sources:
                    st.markdown(f"- {line}")

if year_tab.open:
    with year_tab:
        if view.empty:
            st.info(t("budget.nothing_to_estimate"), icon=":material/euro:")
        else:
            st.caption(t("budget.year_help"))
            st.vega_lite_chart(view.charts["projection"], width="stretch")
            st.markdown(view.year_total)
            st.dataframe(view.projection, hide_index=True, width="stretch", key=f"{P}year")

# --- a given amount ---------------------------------------------------------------------------
if fit_tab.open:
    with fit_tab:
        st.caption(t("budget.fit_help"))
        # The amount starts from the brief's maximum budget, for each client anew; back on
        # this tab it is the amount last proposed for.
        if ss.get(f"{P}fit_client") != client_id:
            ss[f"{P}fit_client"] = client_id
            ss.pop(f"{P}fit_for", None)
            ss.pop(f"{P}fit_amount", None)
        if f"{P}fit_amount" not in ss:
            last = ss.get(f"{P}fit_for")
            start_amount = last if last is not None else brief.budget_max
            ss[f"{P}fit_amount"] = float(start_amount) if start_amount is not None else None
        left, right = st.columns([2, 1], vertical_alignment="bottom")
        amount = left.number_input(
            t("budget.fit_amount"),
            min_value=0.0,
            value=None,
            step=50.0,
            format="%.2f",
            key=f"{P}fit_amount",
            placeholder=t("budget.fit_placeholder"),
        )
        if right.button(
            t("budget.fit_go"),
            key=f"{P}fit_go",
            icon=":material/calculate:",
            disabled=amount is None,
            width="stretch",
        ):
            ss[f"{P}fit_for"] = str(decimal_or_none(amount))
        asked = ss.get(f"{P}fit_for")
        if asked is not None:
            fit: FitView = fit_view(
                client_id,
                versions("brief", "audience", "competitors", "platforms", "budget"),
                L,
                asked,
                brief,
                strategy.audience,
                strategy.competitors,
                selection,
                plan,
            )
            (st.success if fit.fits else st.warning)(fit.summary)
            if fit.dropped:
                st.markdown(f"**{t('budget.fit_dropped')}**")
                st.markdown("\n".join(f"- {line}" for line in fit.dropped))
            heading = t("budget.fit_proposal") if fit.fits else t("budget.fit_smallest")
            st.markdown(f"**{heading}**  \n" + "  \n".join(fit.cadence))
            st.markdown(fit.cost)
            if st.button(
                t("budget.fit_apply"),
                key=f"{P}fit_apply",
                type="primary",
                icon=":material/check:",
                disabled=not (fit.fits and fit.changes),
            ):
                ss.pop(f"{P}fit_for", None)
                save_choice(fit.selection, fit.plan, t("budget.fit_applied"))
