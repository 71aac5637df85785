"""What the manager changes in the plan, checked: its tables, its inputs, its generation.

The plan page shows posts (and pillars, campaigns, hashtag sets) in editable tables. Each
edited or added row is validated on its own: a bad row is named by its number in the table
and the field at fault, and keeps its saved value, so one mistake never blocks the rest.
A post whose content changed is marked `edited`: regenerating never replaces it.

`apply_plan_edits` takes what the input tables and buttons give (`PlanEdits`) and returns
the plan and the problems; `apply_generation` does the same for the generation form
(`GenerationEdits`): a new horizon, or a period regenerated inside the plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from workbench.errors import FieldProblem
from workbench.i18n import Message, fmt_date
from workbench.models import (
    Brief,
    Campaign,
    EditorialPlan,
    HashtagSet,
    Pillar,
    PlannedPost,
    PlatformSelection,
    PostStatus,
    UtmSettings,
    name_key,
)
from workbench.plan.finishing import finish_posts
from workbench.plan.generator import MAX_WEEKS, regenerate
from workbench.plan.hashtags import parse_hashtags, with_sets
from workbench.plan.summary import plan_weeks
from workbench.plan.utm import link_problem, with_utm
from workbench.validation import problems_from_validation

__all__ = [
    "POST_COLUMNS",
    "GenerationEdits",
    "GenerationResult",
    "PlanEdits",
    "PostFilter",
    "TableResult",
    "apply_generation",
    "apply_plan_edits",
    "apply_post_edits",
    "filter_posts",
    "horizon_problem",
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


# --- filters and bulk changes of the post table -----------------------------------------------


@dataclass(frozen=True)
class PostFilter:
    """The post table's filters; empty ones let everything through. `week` 0 is every week
    (week 1 starts at `start`); `only` keeps just those post ids when set."""

    platforms: tuple[str, ...] = ()
    pillars: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    week: int = 0
    start: date | None = None
    only: frozenset[str] | None = None


def filter_posts(posts: Sequence[PlannedPost], chosen: PostFilter) -> list[PlannedPost]:
    """The posts every filter of `chosen` lets through, in the plan's order."""
    days = week_range(chosen.start, chosen.week) if chosen.week and chosen.start else None
    return [
        p
        for p in posts
        if (not chosen.platforms or p.platform.value in chosen.platforms)
        and (not chosen.pillars or p.pillar in chosen.pillars)
        and (not chosen.statuses or p.status.value in chosen.statuses)
        and (days is None or days[0] <= p.date <= days[1])
        and (chosen.only is None or p.id in chosen.only)
    ]


# --- the plan's inputs: pillars, campaigns, hashtag sets, UTM; changes to every post ----------


@dataclass(frozen=True)
class PlanEdits:
    """What the plan's input tables and buttons give, in plain values; a part left None
    (or False) keeps what is saved.

    Table rows come as the editor gives them (an empty cell is None, hashtags the words
    typed); `utm` the fields of the UTM form; `status` a status for the posts `status_of`.
    """

    pillars: Sequence[Mapping[str, Any]] | None = None
    campaigns: Sequence[Mapping[str, Any]] | None = None
    hashtag_sets: Sequence[Mapping[str, Any]] | None = None
    utm: Mapping[str, Any] | None = None
    add_sets: bool = False  # the hashtag sets added to every post that takes them
    tag_links: bool = False  # every post's link tagged with the UTM settings
    status: str | None = None
    status_of: frozenset[str] = field(default_factory=frozenset)


def _with_pillars(
    plan: EditorialPlan, rows: Sequence[Mapping[str, Any]]
) -> tuple[EditorialPlan, list[FieldProblem]]:
    """The pillars table saved when every row is valid and the names are unique; a pillar
    renamed in place (same row, new name) takes its posts and hashtag sets along."""
    pillars, problems = validate_rows(
        Pillar, [{**r, "example_ideas": r.get("example_ideas") or []} for r in rows], "pillars"
    )
    if problems:
        return plan, problems
    try:  # the rules across pillars (names unique, how many), without the posts
        EditorialPlan.model_validate({"pillars": pillars})
    except ValidationError as exc:
        return plan, problems_from_validation(exc)
    new = plan.model_copy(update={"pillars": pillars})
    names = {
        old.name: pillar.name
        for old, pillar in zip(plan.pillars, pillars, strict=False)
        if old.name != pillar.name
    }
    if not names or len(pillars) != len(plan.pillars):
        return new, []
    posts = [
        p.model_copy(update={"pillar": names[p.pillar]}) if p.pillar in names else p
        for p in new.posts
    ]
    sets = [
        s.model_copy(update={"pillar": names[s.pillar]}) if s.pillar in names else s
        for s in new.hashtag_sets
    ]
    return new.model_copy(update={"posts": posts, "hashtag_sets": sets}), []


def _with_status(plan: EditorialPlan, status: PostStatus, ids: frozenset[str]) -> EditorialPlan:
    # A status the manager set is an edit: regenerating keeps the post.
    posts = [
        p.model_copy(update={"status": status, "edited": True})
        if p.id in ids and p.status != status
        else p
        for p in plan.posts
    ]
    return plan.model_copy(update={"posts": posts})


def apply_plan_edits(
    plan: EditorialPlan, edits: PlanEdits
) -> tuple[EditorialPlan, list[FieldProblem]]:
    """`plan` with `edits`, and the problems found. A table with a bad row keeps its saved
    rows (each problem names its row and column); the other parts are applied."""
    problems: list[FieldProblem] = []
    if edits.pillars is not None:
        plan, found = _with_pillars(plan, edits.pillars)
        problems += found
    if edits.campaigns is not None:
        campaigns, found = validate_rows(Campaign, edits.campaigns, "campaigns")
        problems += found
        if not found:
            plan = plan.model_copy(update={"campaigns": campaigns})
    if edits.hashtag_sets is not None:
        rows = [
            {**r, "tags": parse_hashtags(" ".join(r.get("tags") or []))} for r in edits.hashtag_sets
        ]
        sets, found = validate_rows(HashtagSet, rows, "hashtag_sets")
        problems += found
        if not found:
            plan = plan.model_copy(update={"hashtag_sets": sets})
    if edits.utm is not None:
        try:
            plan = plan.model_copy(update={"utm": UtmSettings.model_validate(dict(edits.utm))})
        except ValidationError as exc:
            for problem in problems_from_validation(exc):
                problem.loc = ("utm", *problem.loc)
                problems.append(problem)
    if edits.add_sets:
        plan = plan.model_copy(update={"posts": with_sets(plan.posts, plan.hashtag_sets)})
    if edits.tag_links:
        plan = plan.model_copy(update={"posts": with_utm(plan.posts, plan.utm)})
    if edits.status is not None:
        try:
            status = PostStatus(edits.status)
        except ValueError:
            allowed = ", ".join(s.value for s in PostStatus)
            problems.append(FieldProblem(("status",), "errors.not_a_choice", expected=allowed))
        else:
            plan = _with_status(plan, status, edits.status_of)
    return plan, problems


# --- generation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GenerationEdits:
    """The generation form as the widgets give it. Without `period`, a new horizon of
    `weeks` from `start`; with it, those days regenerated inside the plan (`other_ideas`:
    with the next seed, so the topics change)."""

    start: date
    weeks: int
    reactive: int
    period: tuple[date, date] | None = None
    other_ideas: bool = False


@dataclass(frozen=True)
class GenerationResult:
    """The plan to save (None when nothing was generated or the form is wrong), what to
    tell the manager (how many posts first), and the form's problems."""

    plan: EditorialPlan | None
    notes: tuple[Message, ...] = ()
    problems: tuple[FieldProblem, ...] = ()


def horizon_problem(weeks: int) -> FieldProblem | None:
    """Why a horizon of `weeks` cannot be generated (1 to MAX_WEEKS), or None."""
    if 1 <= weeks <= MAX_WEEKS:
        return None
    return FieldProblem((), "plan.bad_horizon", weeks=int(weeks))


def _period_problem(plan: EditorialPlan, first: date, last: date, lang: str) -> FieldProblem | None:
    """A period to regenerate must run forwards and stay inside the plan's horizon."""
    if last < first:
        return FieldProblem((), "plan.bad_range")
    horizon = plan_weeks(plan)
    if not horizon:
        return None
    end = horizon[-1] + timedelta(days=6)
    if horizon[0] <= first <= last <= end:
        return None
    return FieldProblem(
        (),
        "plan.range_outside",
        start=fmt_date(horizon[0], lang, "d MMM yyyy"),
        end=fmt_date(end, lang, "d MMM yyyy"),
    )


def apply_generation(
    plan: EditorialPlan,
    brief: Brief,
    selection: PlatformSelection,
    edits: GenerationEdits,
    *,
    lang: str = "it",
) -> GenerationResult:
    """Generate what the form asks for and make it the plan (posts finished with the sets
    and UTM links). A new horizon replaces the posts outside it, except the ones the manager
    edited or locked (and says so); a period leaves the rest of the plan as it is."""
    if edits.period is None:
        problem = horizon_problem(edits.weeks)
        first, last = edits.start, edits.start + timedelta(days=7 * int(edits.weeks) - 1)
        seed = plan.seed
    else:
        first, last = edits.period
        problem = _period_problem(plan, first, last, lang)
        seed = (plan.seed + 1) % (2**31 - 1) if edits.other_ideas else plan.seed
    if problem is not None:
        return GenerationResult(None, problems=(problem,))
    current = plan.model_copy(update={"reactive_share": Decimal(int(edits.reactive)), "seed": seed})
    result = regenerate(current, brief, selection, first, last, lang=lang)
    notes = list(result.messages)
    if not result.posts:
        return GenerationResult(None, tuple(notes))
    posts = finish_posts(result.posts, plan)
    update: dict[str, object] = {"pillars": list(result.pillars)}
    if edits.period is None:
        kept = [p for p in posts if not first <= p.date <= last and (p.edited or p.locked)]
        if kept:
            notes.append(Message("plan.kept_outside", {"count": len(kept)}))
        posts = [p for p in posts if first <= p.date <= last or p.edited or p.locked]
        update |= {"start": edits.start, "weeks": int(edits.weeks)}
    update["posts"] = posts
    fresh = sum(1 for p in posts if first <= p.date <= last)
    generated = Message("plan.generated", {"count": fresh})
    return GenerationResult(current.model_copy(update=update), (generated, *notes))
