"""The plan's posts as an editable table, with filters, checked edits and a bulk status change.

The table shows the filtered posts; its base frame is kept in session state and rebuilt only
when the saved plan or the filters change, so a rerun that changed nothing rebuilds nothing.
An edit is checked row by row (workbench.plan.edits): when every row is valid the plan is
saved; otherwise nothing is saved, the rows stay as typed and each problem names its row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date, time
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from ui.forms import code_label, date_input_format
from ui.state import lang, t
from ui.views.plan import week_label
from workbench.i18n import describe_problem
from workbench.i18n import t as translate
from workbench.models import (
    ContentFormat,
    EditorialPlan,
    PlannedPost,
    Platform,
    PostKind,
    PostStatus,
)
from workbench.plan.edits import (
    POST_COLUMNS,
    PlanEdits,
    PostFilter,
    apply_plan_edits,
    apply_post_edits,
    filter_posts,
    post_row,
    week_range,
)
from workbench.plan.summary import plan_weeks

__all__ = ["render_post_table"]

K = "plan.table"
DTYPES = {
    "locked": "bool",
    "date": "datetime64[ns]",
    "time": "object",
    "platform": "object",
    "format": "object",
    "pillar": "object",
    "kind": "object",
    "status": "object",
    "topic": "object",
    "caption": "object",
    "hashtags": "object",
    "cta": "object",
    "link": "object",
    "brief": "object",
    "ai_assisted": "bool",
    "review": "object",
}
# What a client reads first, readable at 1280-1440 px: when, where, what, the words; then
# the rest. The client's answer (review link, never edited here) and the AI mark only show
# when some post has one.
COLUMN_ORDER = [
    "date",
    "time",
    "platform",
    "topic",
    "caption",
    "format",
    "pillar",
    "status",
    "review",
    "kind",
    "hashtags",
    "cta",
    "link",
    "brief",
    "locked",
    "ai_assisted",
]
# Three lines a row: Streamlit wraps a cell's text only in rows taller than 4rem.
ROW_HEIGHT = 72


def column_order(posts: Sequence[PlannedPost], reviews: Mapping[str, str]) -> list[str]:
    """The columns shown, in order; the read-only ones only when a post has a value."""
    hidden = set()
    if not any(reviews.get(p.id) for p in posts):
        hidden.add("review")
    if not any(p.ai_assisted for p in posts):
        hidden.add("ai_assisted")
    return [c for c in COLUMN_ORDER if c not in hidden]


def _week_label(start: date, week: int, lang_: str) -> str:
    """Week `week` of the plan, or every week for 0. Bound to a language, as Streamlit may
    call a format_func after the run."""
    if week == 0:
        return translate("plan.filter_all", lang_)
    return week_label(week, week_range(start, week)[0], lang_)


def _filters(plan: EditorialPlan, L: str, to_change: frozenset[str]) -> PostFilter:
    platforms = sorted({p.platform.value for p in plan.posts})
    pillars = [p.name for p in plan.pillars]
    pillars += sorted({p.pillar for p in plan.posts if p.pillar} - set(pillars))
    starts = plan_weeks(plan)
    start, weeks = (starts[0] if starts else date.today()), len(starts)
    a, b, c, d = st.columns([3, 3, 2, 3])
    chosen_platforms = a.multiselect(
        t("fields.platform"),
        platforms,
        key=f"{K}.f_platform",
        format_func=code_label("platforms", L),
        placeholder=t("plan.filter_all"),
    )
    chosen_pillars = b.multiselect(
        t("fields.pillar"), pillars, key=f"{K}.f_pillar", placeholder=t("plan.filter_all")
    )
    chosen_status = c.multiselect(
        t("fields.status"),
        [s.value for s in PostStatus],
        key=f"{K}.f_status",
        format_func=code_label("post_status", L),
        placeholder=t("plan.filter_all"),
    )
    week = d.selectbox(
        t("plan.week"),
        [0, *range(1, weeks + 1)],
        key=f"{K}.f_week",
        format_func=partial(_week_label, start, lang_=L),
    )
    only_to_change = bool(to_change) and st.toggle(
        t("plan.filter_to_change", count=len(to_change)), key=f"{K}.f_to_change"
    )
    return PostFilter(
        platforms=tuple(chosen_platforms),
        pillars=tuple(chosen_pillars),
        statuses=tuple(chosen_status),
        week=week,
        start=start,
        only=to_change if only_to_change else None,
    )


def _frame(posts: Sequence[PlannedPost], reviews: Mapping[str, str]) -> pd.DataFrame:
    """The rows in a plain 0..n index: an edit names its row by position, a new row comes
    after them (a row's post id is the hidden `id` column)."""
    rows = [{**post_row(p), "review": reviews.get(p.id, "")} for p in posts]
    frame = pd.DataFrame(rows, columns=[*POST_COLUMNS, "review"])
    frame = frame.astype({c: d for c, d in DTYPES.items() if c != "date"})
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def _row(frame: pd.DataFrame, position: int) -> dict[str, Any]:
    values = frame.loc[position]
    return {c: values[c] for c in POST_COLUMNS}


def _choice(
    label: str, prefix: str, codes: list[str], default: str | None, L: str, **options: Any
) -> Any:
    """A required column of codes named from the catalogue (`prefix.code`)."""
    return st.column_config.SelectboxColumn(
        label,
        options=codes,
        format_func=code_label(prefix, L),
        required=True,
        default=default,
        **options,
    )


def _columns(plan: EditorialPlan, L: str) -> dict[str, Any]:
    """The table's columns; a new row starts filled (plan start, noon, the first platform),
    so that only what differs needs typing."""
    cc = st.column_config
    tags = sorted({tag for p in plan.posts for tag in p.hashtags})
    tags += sorted({tag for s in plan.hashtag_sets for tag in s.tags} - set(tags))
    pillars = ["", *(p.name for p in plan.pillars)]
    return {
        "locked": cc.CheckboxColumn(
            t("fields.locked"), help=t("plan.locked_help"), width=90, default=False
        ),
        "date": cc.DateColumn(
            t("fields.date"),
            width=95,
            format=date_input_format(L),
            required=True,
            default=plan.start,
        ),
        "time": cc.TimeColumn(
            t("fields.time"),
            format="HH:mm",
            step=300,
            required=True,
            default=time(12, 0),
            width=60,
        ),
        "platform": _choice(
            t("fields.platform"),
            "platforms",
            [p.value for p in Platform],
            plan.posts[0].platform.value if plan.posts else None,
            L,
            width=100,
        ),
        "format": _choice(
            t("fields.format"),
            "formats",
            [f.value for f in ContentFormat],
            plan.posts[0].format.value if plan.posts else None,
            L,
        ),
        "pillar": cc.SelectboxColumn(t("fields.pillar"), options=pillars),
        "kind": _choice(
            t("fields.post_kind"),
            "post_kind",
            [k.value for k in PostKind],
            PostKind.planned.value,
            L,
        ),
        "status": _choice(
            t("fields.status"),
            "post_status",
            [s.value for s in PostStatus],
            PostStatus.idea.value,
            L,
            width=120,
        ),
        "topic": cc.TextColumn(t("fields.topic"), width=210, max_chars=200),
        "caption": cc.TextColumn(t("fields.caption"), width=380, max_chars=4000),
        "hashtags": cc.MultiselectColumn(
            t("fields.hashtags"), options=tags, accept_new_options=True, width="medium"
        ),
        "cta": cc.TextColumn(t("fields.cta"), max_chars=200),
        "link": cc.TextColumn(t("fields.link"), max_chars=200),
        "brief": cc.TextColumn(t("fields.post_brief"), width="medium", max_chars=4000),
        "ai_assisted": cc.CheckboxColumn(
            t("fields.ai_assisted"), help=t("plan.ai_assisted_help"), disabled=True, default=False
        ),
        "review": cc.TextColumn(t("plan.review_column"), disabled=True, width="medium"),
    }


def render_post_table(
    plan: EditorialPlan,
    token: tuple[Any, ...],
    save: Callable[[EditorialPlan], bool],
    reviews: Mapping[str, str] | None = None,
    to_change: frozenset[str] = frozenset(),
) -> None:
    """Filters, the table of the filtered posts, and a status change for all of them.

    `reviews` is the client's answer per post id, shown read-only; `to_change` the ids of the
    posts the client asked to change (a filter offers them alone).
    """
    L = lang()
    ss = st.session_state
    reviews = reviews or {}
    plan_ids = {p.id for p in plan.posts}
    filters = _filters(plan, L, to_change & plan_ids)
    base_key, token_key = f"{K}.base", f"{K}.token"
    full_token = (*token, filters, tuple(sorted(reviews.items())))
    pending = ss.get(f"{K}.pending")
    if ss.get(token_key) != full_token or base_key not in ss:
        shown = filter_posts(plan.posts, filters)
        ss[base_key] = _frame(shown, reviews)
        ss[f"{K}.ids"] = [p.id for p in shown]
        ss[token_key] = full_token
        for name in (K, f"{K}.sig", f"{K}.pending", f"{K}.problems", f"{K}.restored"):
            ss.pop(name, None)
    elif K not in ss and pending is not None:
        # Streamlit dropped the editor's state (another tab was open): the rows typed and
        # not yet saved come back as they were, to be checked again at the next edit.
        ss[base_key], ss[f"{K}.ids"] = pending
        ss[f"{K}.restored"] = True
        ss.pop(f"{K}.sig", None)
    shown_ids: list[str | None] = ss[f"{K}.ids"]
    st.caption(t("plan.table_count", shown=len(shown_ids), total=len(plan.posts)))
    edited = st.data_editor(
        ss[base_key],
        key=K,
        hide_index=True,
        num_rows="dynamic",
        column_config=_columns(plan, L),
        column_order=column_order(plan.posts, reviews),
        row_height=ROW_HEIGHT,
        height=min(620, 38 + ROW_HEIGHT * (len(shown_ids) + 1)),
        placeholder="—",
    )
    delta = ss.get(K) or {}
    if any(delta.get(part) for part in ("edited_rows", "added_rows", "deleted_rows")):
        signature = json.dumps(delta, sort_keys=True, default=str)
        if ss.get(f"{K}.sig") != signature:  # only a new edit is checked again
            ss[f"{K}.sig"] = signature
            _apply(plan, edited, delta, shown_ids, save)
            if ss.get(f"{K}.problems"):
                ids = [shown_ids[i] if i < len(shown_ids) else None for i in edited.index]
                ss[f"{K}.pending"] = (edited.reset_index(drop=True), ids)
            else:
                ss.pop(f"{K}.pending", None)
    if problems := ss.get(f"{K}.problems"):
        st.warning(t("plan.table_unsaved"), icon=":material/edit_off:")
        for problem in problems:
            st.error(problem, icon=":material/error:")
    _bulk_status(plan, [i for i in shown_ids if i], save, L)


def _apply(
    plan: EditorialPlan,
    edited: pd.DataFrame,
    delta: dict[str, Any],
    shown_ids: list[str | None],
    save: Callable[[EditorialPlan], bool],
) -> None:
    L = lang()
    deleted = {int(i) for i in delta.get("deleted_rows", [])}
    # Kept rows keep their position as index label; added rows come after the shown ones,
    # or have no post id (rows added earlier that could not be saved yet).
    positions = {int(p) for p in delta.get("edited_rows", {})}
    if st.session_state.get(f"{K}.restored"):
        positions = set(range(len(shown_ids)))
    rows = {
        position: _row(edited, position)
        for position in sorted(positions)
        if position not in deleted and position in edited.index and shown_ids[position]
    }
    added = [
        _row(edited, label)
        for label in edited.index
        if label >= len(shown_ids) or shown_ids[label] is None
    ]
    result = apply_post_edits(
        plan.posts,
        [i or "" for i in shown_ids],
        edited=rows,
        added=added,
        deleted=deleted,
        pillars=[p.name for p in plan.pillars],
    )
    st.session_state[f"{K}.problems"] = [describe_problem(p, L) for p in result.problems]
    if result.problems or list(result.posts) == plan.posts:
        return  # nothing is saved until every row is right; the rows stay as typed
    if save(plan.model_copy(update={"posts": list(result.posts)})):
        st.toast(
            t(
                "plan.table_saved",
                changed=result.changed,
                added=result.added,
                deleted=result.deleted,
            )
        )
        st.rerun()


def _bulk_status(
    plan: EditorialPlan, shown_ids: list[str], save: Callable[[EditorialPlan], bool], L: str
) -> None:
    if not shown_ids:
        return
    a, b, _ = st.columns([2, 1, 3], vertical_alignment="bottom")
    status = a.selectbox(
        t("plan.bulk_status", count=len(shown_ids)),
        [s.value for s in PostStatus],
        key=f"{K}.bulk",
        format_func=code_label("post_status", L),
    )
    if b.button(t("plan.bulk_apply"), key=f"{K}.bulk_go", icon=":material/done_all:"):
        # A status the manager set is an edit: regenerating keeps the post.
        new, _ = apply_plan_edits(plan, PlanEdits(status=status, status_of=frozenset(shown_ids)))
        if save(new):
            st.rerun()
