"""What the manager changes in the plan's tables, checked row by row.

The plan page shows posts (and pillars, campaigns, hashtag sets) in editable tables. Each
edited or added row is validated on its own: a bad row is named by its number in the table
and the field at fault, and keeps its saved value, so one mistake never blocks the rest.
A post whose content changed is marked `edited`: regenerating never replaces it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from workbench.errors import FieldProblem
from workbench.models import PlannedPost, name_key
from workbench.plan.hashtags import parse_hashtags
from workbench.plan.utm import link_problem
from workbench.validation import problems_from_validation

__all__ = [
    "POST_COLUMNS",
    "TableResult",
    "apply_post_edits",
    "new_post_id",
    "post_row",
    "validate_rows",
    "week_range",
]

M = TypeVar("M", bound=BaseModel)

# The columns of the plan table, in order; `id` is the table's (hidden) index.
POST_COLUMNS = (
    "locked",
    "date",
    "time",
    "platform",
    "format",
    "pillar",
    "kind",
    "status",
    "topic",
    "caption",
    "hashtags",
    "cta",
    "link",
    "brief",
    "ai_assisted",
)
# Changing these is an edit the generator must respect; locking is not a change of content.
_CONTENT = tuple(c for c in POST_COLUMNS if c != "locked")


def post_row(post: PlannedPost) -> dict[str, Any]:
    """A post as a table row (enums as their codes)."""
    row = post.model_dump(include=set(POST_COLUMNS))
    for name in ("platform", "format", "kind", "status"):
        row[name] = row[name].value
    return row


def new_post_id(post: PlannedPost, taken: set[str]) -> str:
    """The generator's id scheme (platform-yyyymmdd-hhmm), made unique among `taken`."""
    post_id = f"{post.platform.value}-{post.date:%Y%m%d}-{post.time:%H%M}"
    while post_id in taken:
        post_id += "b"
    return post_id


def _plain(value: Any) -> Any:
    """A table cell as pydantic reads it: empty to None, timestamps to dates or times."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    if isinstance(value, datetime):
        return value.date()
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return value.to_pydatetime().date()
    if isinstance(value, str):
        text = value.strip()
        return text or None
    return value


def _time(value: Any) -> Any:
    """Times typed or sent as text: '9:30', '09:30:00', '09:30:00.000'."""
    if isinstance(value, str) and "." in value:
        value = value.split(".", 1)[0]
    if isinstance(value, str) and len(value) == 4 and value[1] == ":":
        value = "0" + value
    return value


def validate_rows(
    model: type[M], rows: Sequence[Mapping[str, Any]], where: str
) -> tuple[list[M], list[FieldProblem]]:
    """Each non-empty row as a `model`; a bad row is left out and named (`where` › row n)."""
    valid: list[M] = []
    problems: list[FieldProblem] = []
    for number, row in enumerate(rows):
        values = {k: v for k, v in ((k, _plain(v)) for k, v in row.items()) if v is not None}
        if not values:
            continue
        try:
            valid.append(model.model_validate(values))
        except ValidationError as exc:
            for problem in problems_from_validation(exc):
                problem.loc = (where, number, *problem.loc)
                problems.append(problem)
    return valid, problems


@dataclass(frozen=True)
class TableResult:
    """The plan's posts after the valid edits, the problems of the others, what changed."""

    posts: tuple[PlannedPost, ...]
    problems: tuple[FieldProblem, ...]
    changed: int = 0
    added: int = 0
    deleted: int = 0


def _post_values(row: Mapping[str, Any], base: PlannedPost | None) -> dict[str, Any]:
    values = {k: _plain(row.get(k)) for k in POST_COLUMNS if k in row}
    values = {k: v for k, v in values.items() if v is not None}
    if "time" in values:
        values["time"] = _time(values["time"])
    tags = row.get("hashtags")
    if isinstance(tags, str):
        values["hashtags"] = parse_hashtags(tags)
    elif isinstance(tags, Iterable):
        values["hashtags"] = parse_hashtags(" ".join(str(t) for t in tags))
    if base is None:
        return values
    # A cleared text cell clears the text; a cleared date, time or choice is an error.
    for name in ("topic", "caption", "cta", "link", "brief", "pillar"):
        if name in row and name not in values:
            values[name] = ""
    return {**base.model_dump(), **values, "id": base.id}


def _check_post(
    row: Mapping[str, Any], base: PlannedPost | None, number: int, pillars: set[str]
) -> tuple[PlannedPost | None, list[FieldProblem]]:
    values = _post_values(row, base)
    values.setdefault("id", "new")
    where = ("posts", number)
    try:
        post = PlannedPost.model_validate(values)
    except ValidationError as exc:
        problems = problems_from_validation(exc)
        for problem in problems:
            problem.loc = (*where, *problem.loc)
        return None, problems
    found = []
    renamed = base is None or base.pillar != post.pillar
    if post.pillar and pillars and renamed and name_key(post.pillar) not in pillars:
        found.append(FieldProblem((*where, "pillar"), "errors.unknown_pillar", value=post.pillar))
    bad_link = link_problem(post.link) if post.link else None
    if bad_link is not None:
        found.append(FieldProblem((*where, "link"), bad_link.key, **bad_link.params))
    problems = found
    return (None, problems) if problems else (post, [])


def _same_content(a: PlannedPost, b: PlannedPost) -> bool:
    return all(getattr(a, name) == getattr(b, name) for name in _CONTENT)


def apply_post_edits(
    posts: Sequence[PlannedPost],
    shown: Sequence[str],
    *,
    edited: Mapping[int, Mapping[str, Any]] | None = None,
    added: Sequence[Mapping[str, Any]] = (),
    deleted: Iterable[int] = (),
    pillars: Iterable[str] = (),
) -> TableResult:
    """Apply a table's edits to the plan's `posts`.

    `shown` are the ids of the table's rows in order (the table may show a filtered part of
    the plan); `edited` maps a row position to that row's values, `added` are new rows
    (numbered after the shown ones), `deleted` row positions. Valid rows replace their
    post (marked `edited` when the content changed), invalid ones keep the saved post.
    """
    pillar_keys = {name_key(p) for p in pillars}
    by_id = {p.id: p for p in posts}
    problems: list[FieldProblem] = []
    replaced: dict[str, PlannedPost] = {}
    changed = 0
    for position, row in sorted((edited or {}).items()):
        if not 0 <= position < len(shown) or shown[position] not in by_id:
            continue
        base = by_id[shown[position]]
        post, row_problems = _check_post(row, base, position, pillar_keys)
        problems.extend(row_problems)
        if post is None or (post == base):
            continue
        if not _same_content(post, base):
            post = post.model_copy(update={"edited": True})
            changed += 1
        replaced[base.id] = post
    removed = {shown[i] for i in deleted if 0 <= i < len(shown)}
    taken = set(by_id)
    new_posts: list[PlannedPost] = []
    for offset, row in enumerate(added):
        if not any(_plain(v) is not None for k, v in row.items() if k != "locked"):
            continue  # a row added and left empty
        post, row_problems = _check_post(row, None, len(shown) + offset, pillar_keys)
        problems.extend(row_problems)
        if post is None:
            continue
        post_id = new_post_id(post, taken)
        taken.add(post_id)
        new_posts.append(post.model_copy(update={"id": post_id, "edited": True}))
    result = [replaced.get(p.id, p) for p in posts if p.id not in removed] + new_posts
    result.sort(key=lambda p: (p.date, p.time, p.platform.value))
    return TableResult(
        tuple(result), tuple(problems), changed, len(new_posts), len(removed & set(by_id))
    )


def week_range(start: date, week: int) -> tuple[date, date]:
    """The first and last day of plan week `week` (1 = the week starting at `start`)."""
    first = start + timedelta(days=7 * (week - 1))
    return first, first + timedelta(days=6)
