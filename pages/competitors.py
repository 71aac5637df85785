"""Competitors: the set with the client as reference, their figures, metrics, charts, notes."""

from __future__ import annotations

import io
from collections import Counter
from decimal import Decimal
from typing import Any, Literal

import pandas as pd
import streamlit as st

from ui.assistant import outcome_caption, run_action
from ui.forms import lines
from ui.markdown import markdown_text
from ui.saving import write
from ui.shell import step_page
from ui.state import lang, settings, t
from ui.views.competitors import analysis_view
from ui.widgets import editable_table
from workbench.ai.actions import competitor_takeaways
from workbench.competitors.metrics import (
    engagement_benchmarks,
    ensure_client_row,
    find_benchmark,
)
from workbench.errors import FieldProblem, WorkbenchError
from workbench.i18n import describe_error, describe_problem, fmt_date, fmt_number
from workbench.i18n import t as translate
from workbench.imports.competitor_figures import (
    COUNT_COLUMNS,
    apply_competitor_import,
    parse_competitor_file,
    write_competitor_template,
)
from workbench.imports.tables import describe_import_problem
from workbench.models import Competitor, Competitors, Platform, name_key
from workbench.strategy import save_section
from workbench.validation import merge_valid_fields

strategy, client_id = step_page("competitors")
L = lang()
state = strategy.sections["competitors"]
stored = strategy.competitors
competitors = ensure_client_row(stored, strategy.client.name)
P = "comp."
HANDLE_PLATFORMS = [
    Platform.instagram,
    Platform.facebook,
    Platform.tiktok,
    Platform.youtube,
    Platform.linkedin,
    Platform.x,
]
FIGURES = list(COUNT_COLUMNS)  # the counts of a period row, in the import's order
names = {p.value: translate(f"platforms.{p.value}", L) for p in Platform}


@st.cache_data(show_spinner=False)
def template_file(fmt: Literal["csv", "xlsx"], language: str) -> bytes:
    """The import template, written once per format and language."""
    buffer = io.BytesIO()
    write_competitor_template(buffer, fmt=fmt, lang=language)
    return buffer.getvalue()


def save(model: Competitors, *, rerun: bool = True, activity: str = "save") -> None:
    """Store the competitor set; rerun so every tab shows what was saved."""
    saved = write(
        lambda s: save_section(
            s, client_id, "competitors", model, expected_version=state.version, activity=activity
        )
    )
    if saved is not None and rerun:
        st.rerun()


# Only the open tab runs (lazy tabs): the others keep what is saved.
analysis_tab, data_tab, notes_tab, benchmark_tab, import_tab = st.tabs(
    [
        t("competitors.tab_analysis"),
        t("competitors.tab_data"),
        t("competitors.tab_notes"),
        t("competitors.benchmarks_title"),
        t("competitors.tab_import"),
    ],
    key=f"{P}tab",
    on_change="rerun",
)
problems: list[FieldProblem] = []
new_set: list[Competitor] = list(competitors.competitors)
overrides = dict(stored.benchmark_overrides)

# --- analysis ---------------------------------------------------------------------------------
if analysis_tab.open:
    with analysis_tab:
        view = analysis_view(client_id, state.version, state.updated_at, L, competitors)
        if view.empty:
            st.info(t("competitors.no_figures"), icon=":material/leaderboard:")
        else:
            st.subheader(t("competitors.ranking_title"))
            st.caption(t("competitors.ranking_help"))
            st.dataframe(view.ranking, hide_index=True, width="stretch", key=f"{P}ranking")
            st.vega_lite_chart(view.charts["er"], width="stretch")
            st.caption(t("competitors.benchmark_caption"))
            left, right = st.columns(2)
            left.vega_lite_chart(view.charts["frequency"], width="stretch")
            right.vega_lite_chart(view.charts["sov"], width="stretch")

if benchmark_tab.open:
    with benchmark_tab:
        st.subheader(t("competitors.benchmarks_title"))
        st.caption(t("competitors.benchmarks_help"))
        scope_all = t("metrics.benchmark_scope_all")
        pairs = dict.fromkeys((b.platform, b.denominator) for b in engagement_benchmarks())
        in_use = [b for pair in pairs if (b := find_benchmark(*pair)) is not None]
        consulted = [b for b in engagement_benchmarks() if b not in in_use]
        bench_rows = [
            {
                "key": f"{b.platform.value}:{b.denominator}",
                "platform": names[b.platform.value],
                "denominator": t(f"metrics.denominator.{b.denominator}"),
                "value": float(b.figure.value),
                "source": f"{b.figure.source}, {b.figure.year} ({b.figure.region}; {scope_all})",
                "override": float(stored.benchmark_overrides[f"{b.platform.value}:{b.denominator}"])
                if f"{b.platform.value}:{b.denominator}" in stored.benchmark_overrides
                else None,
            }
            for b in in_use
        ]
        edited_bench = editable_table(
            f"{P}benchmarks",
            bench_rows,
            {
                "key": "object",
                "platform": "object",
                "denominator": "object",
                "value": "float64",
                "source": "object",
                "override": "float64",
            },
            token=(client_id, state.version),
            placeholder="—",
            hide_index=True,
            width="stretch",
            column_order=["platform", "denominator", "value", "source", "override"],
            disabled=["key", "platform", "denominator", "value", "source"],
            column_config={
                "platform": st.column_config.TextColumn(t("fields.platform")),
                "denominator": st.column_config.TextColumn(t("competitors.col_denominator")),
                "value": st.column_config.NumberColumn(
                    t("metrics.benchmark") + " (%)", format="localized"
                ),
                "source": st.column_config.TextColumn(t("competitors.source"), width="large"),
                "override": st.column_config.NumberColumn(
                    t("competitors.col_override"),
                    min_value=0.0,
                    max_value=100.0,
                    format="localized",
                ),
            },
        )
        if consulted:
            listed = "; ".join(
                f"{names[b.platform.value]} {fmt_number(b.figure.value, L, digits=3)} % "
                f"({b.figure.source}, {b.figure.year})"
                for b in consulted
            )
            st.caption(t("competitors.other_benchmarks", benchmarks=listed))
        overrides = (
            dict(stored.benchmark_overrides)
            if edited_bench is None
            else {
                row["key"]: Decimal(row["override"]).quantize(Decimal("0.01"))
                for row in edited_bench
                if row.get("override") is not None
            }
        )

# --- data -------------------------------------------------------------------------------------
if data_tab.open:
    with data_tab:
        st.subheader(t("competitors.set_title"))
        st.caption(t("competitors.set_help"))
        set_rows = [
            {
                "name": c.name,
                "is_client": c.is_client,
                "website": c.website,
                **{p.value: c.handles.get(p, "") for p in HANDLE_PLATFORMS},
            }
            for c in competitors.competitors
        ]
        edited_set = editable_table(
            f"{P}set",
            set_rows,
            {
                "name": "object",
                "is_client": "boolean",
                "website": "object",
                **{p.value: "object" for p in HANDLE_PLATFORMS},
            },
            token=(client_id, state.version),
            placeholder="—",
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            disabled=["is_client"],
            column_config={
                "name": st.column_config.TextColumn(
                    t("competitors.col_name"), required=True, max_chars=120
                ),
                "is_client": st.column_config.CheckboxColumn(t("competitors.col_is_client")),
                "website": st.column_config.TextColumn(t("fields.website")),
                **{p.value: st.column_config.TextColumn(names[p.value]) for p in HANDLE_PLATFORMS},
            },
        )
        if edited_set is not None:  # the table was edited: rebuild the set from its rows
            by_key = {name_key(c.name): c for c in competitors.competitors}
            kept = {name_key(str(r.get("name") or "")) for r in edited_set}
            # A row whose old name is gone and new name is new was renamed: it keeps its figures.
            renamed = {
                i: c for i, c in enumerate(competitors.competitors) if name_key(c.name) not in kept
            }
            new_set = []
            for i, row in enumerate(edited_set):
                name = str(row.get("name") or "").strip()
                if not name:
                    problems.append(FieldProblem(("competitors", i, "name"), "errors.required"))
                    continue
                base = by_key.get(name_key(name)) or renamed.get(i) or Competitor(name=name)
                # Handles on platforms the table does not show are kept as they were.
                handles = {p.value: h for p, h in base.handles.items() if p not in HANDLE_PLATFORMS}
                shown = {p.value: str(row[p.value]) for p in HANDLE_PLATFORMS if row.get(p.value)}
                handles.update(shown)
                merged, found = merge_valid_fields(
                    base,
                    {
                        "name": name,
                        "website": row.get("website") or "",
                        "handles": handles,
                        "is_client": base.is_client,
                    },
                )
                for problem in found:
                    problem.loc = ("competitors", i, *problem.loc)
                problems.extend(found)
                new_set.append(merged)

        st.subheader(t("competitors.figures_title"))
        options = [c.name for c in new_set]
        if options:
            left, right = st.columns(2)
            chosen = left.selectbox(t("competitors.choose"), options, key=f"{P}figures_of")
            index = options.index(chosen)
            target = new_set[index]
            # Always the same options in the same order, so the choice survives a rerun that
            # adds the first figures of a platform; the platforms with figures say so.
            weeks = Counter(f.platform for f in target.figures)
            first = target.figures[0].platform if target.figures else next(iter(Platform))

            def with_rows(p: Platform, rows: Counter[Platform] = weeks) -> str:
                if not rows[p]:
                    return names[p.value]
                return t("competitors.platform_with_rows", platform=names[p.value], n=rows[p])

            platform: Platform = (
                right.selectbox(
                    t("fields.platform"),
                    list(Platform),
                    index=list(Platform).index(first),
                    key=f"{P}figures_platform.{name_key(target.name)}",
                    format_func=with_rows,
                )
                or first
            )
            # One platform at a time: a year of weeks per platform stays a table one can read.
            figure_rows = [
                {
                    "period_start": f.period_start,
                    "period_end": f.period_end,
                    **{k: getattr(f, k) for k in FIGURES},
                }
                for f in target.figures
                if f.platform == platform
            ]
            st.caption(t("competitors.figures_help"))
            edited_figures = editable_table(
                f"{P}figures.{name_key(target.name)}.{platform.value}",
                figure_rows,
                {
                    "period_start": "datetime64[ns]",
                    "period_end": "datetime64[ns]",
                    **dict.fromkeys(FIGURES, "Int64"),
                },
                token=(client_id, state.version),
                placeholder="—",
                num_rows="dynamic",
                hide_index=True,
                width="stretch",
                column_config={
                    "period_start": st.column_config.DateColumn(
                        t("competitors.col_start"), format="DD/MM/YYYY", required=True
                    ),
                    "period_end": st.column_config.DateColumn(
                        t("competitors.col_end"), format="DD/MM/YYYY", required=True
                    ),
                    **{
                        k: st.column_config.NumberColumn(
                            t(f"competitors.col_{k}"), min_value=0, step=1
                        )
                        for k in FIGURES
                    },
                },
            )
            if edited_figures is not None:
                # The edited platform's rows first, so a row number in a message is the table's.
                edited_rows = [{**row, "platform": platform.value} for row in edited_figures]
                kept_rows = [f.model_dump() for f in target.figures if f.platform != platform]
                merged_target, found = merge_valid_fields(
                    target, {"figures": edited_rows + kept_rows}
                )
                for problem in found:
                    problem.loc = ("competitors", index, *problem.loc)
                problems.extend(found)
                new_set[index] = merged_target

# --- notes ------------------------------------------------------------------------------------
if notes_tab.open:
    with notes_tab:
        with st.expander(t("aiui.takeaways_title"), icon=":material/smart_toy:"):
            st.caption(t("aiui.takeaways_help"))
            if st.button(t("aiui.takeaways_go"), key=f"{P}ai_go", icon=":material/lightbulb:"):
                run_action(
                    lambda s: competitor_takeaways(s, strategy, settings=settings(), lang=L),
                    f"{P}ai_outcome",
                )
            if takeaways := st.session_state.get(f"{P}ai_outcome"):
                outcome_caption(takeaways, L)
                st.markdown("\n".join(f"- {markdown_text(item)}" for item in takeaways.items))
        if not new_set:
            st.info(t("competitors.no_competitors"))
        else:
            picked = st.selectbox(
                t("competitors.choose"), [c.name for c in new_set], key=f"{P}notes_of"
            )
            index = [c.name for c in new_set].index(picked)
            target = new_set[index]
            k = f"{P}notes.{name_key(target.name)}."
            ss = st.session_state
            if f"{k}loaded" not in ss or ss[f"{k}loaded"] != client_id:
                ss[f"{k}loaded"] = client_id
                for field in ("formats", "best_themes"):
                    ss[k + field] = list(getattr(target, field))
                ss[k + "example_links"] = "\n".join(target.example_links)
                for field in ("tone", "strengths", "weaknesses", "to_borrow", "gaps"):
                    ss[k + field] = getattr(target, field)
            c1, c2 = st.columns(2)
            c1.multiselect(
                t("competitors.formats"),
                ss[k + "formats"],
                key=k + "formats",
                accept_new_options=True,
                placeholder=t("brief.type_and_enter"),
            )
            c2.multiselect(
                t("competitors.best_themes"),
                ss[k + "best_themes"],
                key=k + "best_themes",
                accept_new_options=True,
                placeholder=t("brief.type_and_enter"),
            )
            st.text_input(t("competitors.tone"), key=k + "tone", max_chars=200)
            st.text_area(
                t("competitors.example_links"),
                key=k + "example_links",
                help=t("brief.one_per_line"),
                height=80,
            )
            c1, c2 = st.columns(2)
            c1.text_area(
                t("competitors.strengths"), key=k + "strengths", height=100, max_chars=4000
            )
            c2.text_area(
                t("competitors.weaknesses"), key=k + "weaknesses", height=100, max_chars=4000
            )
            c1.text_area(
                t("competitors.to_borrow"), key=k + "to_borrow", height=100, max_chars=4000
            )
            c2.text_area(t("competitors.gaps"), key=k + "gaps", height=100, max_chars=4000)
            changes = {
                f: ss[k + f]
                for f in (
                    "formats",
                    "best_themes",
                    "tone",
                    "strengths",
                    "weaknesses",
                    "to_borrow",
                    "gaps",
                )
            }
            changes["example_links"] = lines(ss[k + "example_links"])
            if any(changes[f] != getattr(target, f) for f in changes):
                merged_notes, found = merge_valid_fields(target, changes)
                for problem in found:
                    problem.loc = ("competitors", index, *problem.loc)
                problems.extend(found)
                new_set[index] = merged_notes

# --- import -----------------------------------------------------------------------------------
if import_tab.open:
    with import_tab:
        st.caption(t("competitors.import_help"))
        c1, c2, c3 = st.columns(3)
        templates: list[tuple[Any, Literal["csv", "xlsx"], str]] = [
            (c1, "csv", L),
            (c2, "xlsx", L),
            (c3, "csv", "en" if L == "it" else "it"),
        ]
        for column, fmt, language in templates:
            column.download_button(
                t("competitors.template", fmt=fmt.upper(), language=language.upper()),
                template_file(fmt, language),
                file_name=f"competitor-template-{language}.{fmt}",
                key=f"{P}template.{fmt}.{language}",
                icon=":material/download:",
                width="stretch",
            )
        limit_mb = settings().max_upload_mb
        upload = st.file_uploader(
            t("competitors.upload"), type=["csv", "xlsx", "txt"], key=f"{P}upload"
        )
        if upload is not None:
            try:
                parsed = parse_competitor_file(
                    upload.getvalue(), upload.name, max_bytes=limit_mb * 1024 * 1024
                )
            except WorkbenchError as exc:
                st.error(
                    t("export.import_rejected", file=upload.name, reason=describe_error(exc, L)),
                    icon=":material/error:",
                )
            else:
                st.caption(t("competitors.recognised", columns=", ".join(parsed.columns.values())))
                if parsed.unknown_columns:
                    st.warning(
                        t("import.ignored_columns", columns=", ".join(parsed.unknown_columns))
                    )
                for issue in parsed.problems[:50]:
                    st.error(describe_import_problem(issue, L), icon=":material/error:")
                preview = [
                    {
                        t("competitors.col_name"): c.name,
                        t("fields.platform"): names[f.platform.value],
                        t("competitors.col_start"): fmt_date(f.period_start, L, "short"),
                        t("competitors.col_end"): fmt_date(f.period_end, L, "short"),
                        **{
                            t(f"competitors.col_{k}"): ""
                            if getattr(f, k) is None
                            else fmt_number(getattr(f, k), L)
                            for k in FIGURES
                        },
                    }
                    for c in parsed.competitors
                    for f in c.figures
                ]
                if preview:
                    st.dataframe(pd.DataFrame(preview), hide_index=True, width="stretch")
                if st.button(
                    t("competitors.import_confirm", rows=parsed.figures_count),
                    key=f"{P}import",
                    type="primary",
                    disabled=not parsed.ok or not preview,
                ):
                    try:
                        result = apply_competitor_import(
                            competitors, parsed, client_name=strategy.client.name
                        )
                    except WorkbenchError as exc:
                        st.error(describe_error(exc, L), icon=":material/error:")
                    else:
                        st.session_state[f"{P}imported"] = t(
                            "import.summary",
                            competitors_added=result.competitors_added,
                            rows_added=result.rows_added,
                            rows_updated=result.rows_updated,
                            rows_unchanged=result.rows_unchanged,
                        )
                        st.session_state.pop(f"{P}upload", None)
                        save(result.competitors, activity="import")
        if message := st.session_state.pop(f"{P}imported", None):
            st.success(message, icon=":material/check_circle:")

# --- save -------------------------------------------------------------------------------------
for problem in problems:
    st.error(describe_problem(problem, L), icon=":material/error:")
unchanged = (
    len(new_set) == len(competitors.competitors)
    and all(a is b for a, b in zip(new_set, competitors.competitors, strict=True))
    and overrides == stored.benchmark_overrides
    and competitors is stored
)
if not unchanged:  # validate the whole set only when something in it changed
    candidate, found = merge_valid_fields(
        competitors,
        {"competitors": [c.model_dump() for c in new_set], "benchmark_overrides": overrides},
    )
    for problem in found:
        st.error(describe_problem(problem, L), icon=":material/error:")
    if candidate != stored:
        save(candidate)
