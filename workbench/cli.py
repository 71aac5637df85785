"""The command line: the app's operations without the browser, on the same database.

Contract: `--json` prints results as JSON on stdout; a failure prints one line on stderr
and exits non-zero (1: bad input or data, 2: bad usage, 3: unexpected), never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal, NoReturn

from sqlalchemy.engine import Engine

from workbench.access import act_as, workspace_owner
from workbench.ai.actions import ideas as suggest_ideas
from workbench.backup import BackupRejected, all_client_ids, backup_archive, restore_archive
from workbench.budget.estimate import estimate_as_dict, estimate_budget
from workbench.clients import get_client, list_clients
from workbench.db import make_engine, migrate, read_session, write_session
from workbench.demo import create_demo_client
from workbench.draft import draft_as_dict, save_draft
from workbench.errors import ImportFailed, InvalidInput, WorkbenchError
from workbench.exports.plan_files import PLAN_FORMATS, SEPARATORS, build_plan_file
from workbench.exports.plan_scheduler import SkippedPost, skipped_messages
from workbench.exports.strategy_json import dump_strategy, export_strategy, import_strategy
from workbench.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    Amount,
    Message,
    describe_error,
    fmt_money,
    render,
    t,
)
from workbench.imports.competitor_figures import (
    apply_competitor_import,
    parse_competitor_file,
    write_competitor_template,
)
from workbench.imports.results import (
    apply_results_import,
    parse_results_file,
    write_results_template,
)
from workbench.imports.tables import MAX_BYTES, describe_import_problem
from workbench.limits import JSON_MAX_BYTES, json_too_large
from workbench.models import Competitors, Platform
from workbench.platforms import decide, decision_as_dict, score_platforms, scores_as_dict
from workbench.reference import sector_codes_matching
from workbench.settings import get_settings
from workbench.strategy import load_strategy, save_section

__all__ = ["main"]

REPORT_FORMATS = ("report-html", "report-pdf")
EXPORT_FORMATS = ("json", *PLAN_FORMATS, *REPORT_FORMATS)
TEMPLATES = ("competitors", "results")
# A local archive may be larger than an upload in the browser (WORKBENCH_MAX_UPLOAD_MB).
RESTORE_MAX_BYTES = 200 * 2**20
TEMPLATE_FORMATS: dict[str, Literal["csv", "xlsx"]] = {".csv": "csv", ".xlsx": "xlsx"}


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m workbench", description="Strategy Workbench")
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help="message language")
    parser.add_argument(
        "--workspace",
        type=int,
        default=None,
        metavar="ID",
        help="act on this workspace's clients (default: the local user's workspace)",
    )
    common = _Parser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    common.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    demo = commands.add_parser("demo", parents=[common], help="create the demo client")
    demo.add_argument(
        "--if-missing", action="store_true", help="reuse the demo client if it exists"
    )
    clients = commands.add_parser("clients", parents=[common], help="list clients")
    clients.add_argument("--search", default="", help="match name or sector")
    clients.add_argument("--archived", action="store_true", help="list archived clients")
    clients.add_argument("--limit", type=int, default=1000)

    export = commands.add_parser(
        "export", parents=[common], help="export a client strategy or its editorial plan"
    )
    export.add_argument("client_id", type=int)
    export.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default="json",
        help="json: the whole strategy; xlsx, csv, ics, scheduler (Metricool CSV): the plan;"
        " report-html, report-pdf: the client report",
    )
    export.add_argument("--sep", choices=SEPARATORS, default=";", help="CSV separator")
    export.add_argument(
        "--from",
        dest="start",
        type=_iso_date,
        help="report: first day (YYYY-MM-DD); default: today or the plan start, if later",
    )
    export.add_argument(
        "--to", dest="end", type=_iso_date, help="report: last day; default: 4 weeks on"
    )
    export.add_argument("-o", "--output", required=True, help="file to write, - for stdout")

    do_import = commands.add_parser("import", parents=[common], help="import a strategy JSON")
    do_import.add_argument("file", type=Path)

    backup = commands.add_parser(
        "backup", parents=[common], help="write clients' strategies to one ZIP archive"
    )
    backup.add_argument("-o", "--output", required=True, type=Path, help="the .zip to write")
    backup.add_argument(
        "--client",
        dest="client_ids",
        type=int,
        action="append",
        metavar="ID",
        help="a client to include (repeat for more); default: every client, archived included",
    )
    restore = commands.add_parser(
        "restore", parents=[common], help="add the clients of a backup archive as new clients"
    )
    restore.add_argument("file", type=Path)

    template = commands.add_parser("template", parents=[common], help="write an import template")
    template.add_argument("kind", choices=TEMPLATES)
    template.add_argument("-o", "--output", required=True, type=Path, help=".csv or .xlsx file")

    competitors = commands.add_parser(
        "import-competitors", parents=[common], help="import competitor figures (CSV or Excel)"
    )
    competitors.add_argument("client_id", type=int)
    competitors.add_argument("file", type=Path)

    results = commands.add_parser(
        "import-results",
        parents=[common],
        help="import published posts' results (Meta, LinkedIn, TikTok, YouTube exports or the "
        "results template)",
    )
    results.add_argument("client_id", type=int)
    results.add_argument("file", type=Path)
    results.add_argument(
        "--platform",
        choices=[p.value for p in Platform],
        default=None,
        help="the platform of every post, for a file in the template layout without a "
        "platform column (never guessed)",
    )

    recommend = commands.add_parser(
        "recommend", parents=[common], help="rank the platforms for a client, with reasons"
    )
    recommend.add_argument("client_id", type=int)
    budget = commands.add_parser(
        "budget", parents=[common], help="the monthly budget of a client's chosen platforms"
    )
    budget.add_argument("client_id", type=int)
    draft = commands.add_parser(
        "draft",
        parents=[common],
        help="fill every empty step from the brief: personas, platforms, package, plan",
    )
    draft.add_argument("client_id", type=int)
    draft.add_argument(
        "--weeks", type=_weeks, default=None, help="plan horizon, 1-52 (default: the brief's)"
    )

    ideas = commands.add_parser(
        "ideas",
        parents=[common],
        help="post ideas for a pillar: from the model with OPENAI_API_KEY, else offline",
    )
    ideas.add_argument("client_id", type=int)
    ideas.add_argument("--pillar", required=True, help="pillar name, as in the plan")
    ideas.add_argument("--count", type=int, default=5, help="how many ideas, 1-20")
    ideas.add_argument(
        "--from", dest="start", type=_iso_date, help="first day (YYYY-MM-DD); default: plan start"
    )
    ideas.add_argument("--to", dest="end", type=_iso_date, help="last day; default: 4 weeks on")
    return parser


def _weeks(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 52:
        raise argparse.ArgumentTypeError(f"weeks must be a whole number from 1 to 52: {text!r}")
    return int(text)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False) if args.json else text)


def _demo(engine: Engine, args: argparse.Namespace) -> None:
    with write_session(engine) as session:
        client = create_demo_client(session, if_missing=args.if_missing)
    _emit(args, {"id": client.id, "name": client.name}, str(client.id))


def _clients(engine: Engine, args: argparse.Namespace) -> None:
    with read_session(engine) as session:
        page = list_clients(
            session,
            search=args.search,
            sector_codes=sector_codes_matching(args.search),
            archived=args.archived,
            limit=max(1, min(args.limit, 10_000)),
        )
    rows = [
        {
            "id": r.id,
            "name": r.name,
            "kind": r.kind,
            "sector": r.sector,
            "created_at": r.created_at.isoformat(timespec="seconds"),
            "updated_at": r.updated_at.isoformat(timespec="seconds"),
            "archived": r.archived,
            "steps_done": sorted(r.steps_done),
        }
        for r in page.rows
    ]
    lines = [f"{r.id}\t{r.name}\t{r.sector}\t{len(r.steps_done)}" for r in page.rows]
    _emit(args, rows, "\n".join(lines))


def _export_bytes(
    engine: Engine, args: argparse.Namespace
) -> tuple[bytes, tuple[SkippedPost, ...]]:
    """The file `export` writes, and the posts a scheduler file had to leave out."""
    if args.format == "json":
        with read_session(engine) as session:
            return dump_strategy(export_strategy(session, args.client_id)).encode("utf-8"), ()
    if args.format == "xlsx" and args.output == "-":
        raise UsageError(t("exports.xlsx_stdout", _lang(args)))
    if args.format in REPORT_FORMATS:
        return _report_bytes(engine, args), ()
    with read_session(engine) as session:
        strategy = load_strategy(session, args.client_id)
    plan_file = build_plan_file(strategy, args.format, lang=_lang(args), sep=args.sep)
    return plan_file.data, plan_file.skipped


def _report_bytes(engine: Engine, args: argparse.Namespace) -> bytes:
    """The client report: the executive summary from the model with a key, else offline."""
    # Imported here: the chart and PDF libraries cost a second the other commands need not pay.
    from workbench.report import client_report, default_period

    if args.format == "report-pdf" and args.output == "-":
        raise UsageError(t("exports.pdf_stdout", _lang(args)))
    with read_session(engine) as session:
        strategy = load_strategy(session, args.client_id)
    start, end = default_period(strategy, date.today())
    start = args.start or start
    end = args.end or (start + timedelta(days=27) if args.start else end)
    if end < start:
        raise UsageError(f"--to {end.isoformat()} is before --from {start.isoformat()}")
    with write_session(engine) as session:
        return client_report(
            session,
            strategy,
            fmt="html" if args.format == "report-html" else "pdf",
            lang=_lang(args),
            period=(start, end),
            settings=get_settings(),
        )


def _export(engine: Engine, args: argparse.Namespace) -> None:
    data, skipped = _export_bytes(engine, args)
    path = None if args.output == "-" else Path(args.output)
    if path is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise WorkbenchError(
                "errors.cannot_write", path=str(path), reason=exc.strerror
            ) from exc
    # Posts left out of the scheduler file: told on stderr, so stdout stays the file alone.
    for message in skipped_messages(skipped):
        print(render(message, _lang(args)), file=sys.stderr)
    if path is not None:
        report: dict[str, Any] = {"client_id": args.client_id, "format": args.format}
        report["file"] = str(path)
        if args.format == "scheduler":
            report["skipped"] = [{"post_id": s.post_id, "reason": s.reason.value} for s in skipped]
        _emit(args, report, str(path))


def _import(engine: Engine, args: argparse.Namespace) -> None:
    data = _read_upload(args.file, JSON_MAX_BYTES)
    try:
        if len(data) > JSON_MAX_BYTES:
            raise json_too_large(JSON_MAX_BYTES)
        with write_session(engine) as session:
            client = import_strategy(session, data)
    except (ImportFailed, InvalidInput) as exc:
        reason = describe_error(exc, _lang(args))
        file = str(args.file)
        raise WorkbenchError("import.strategy_rejected", file=file, reason=reason) from exc
    _emit(args, {"id": client.id, "name": client.name}, str(client.id))


def _backup(engine: Engine, args: argparse.Namespace) -> None:
    with read_session(engine) as session:
        ids = args.client_ids or all_client_ids(session)
        data = backup_archive(session, ids)
    try:
        args.output.write_bytes(data)
    except OSError as exc:
        raise WorkbenchError(
            "errors.cannot_write", path=str(args.output), reason=exc.strerror
        ) from exc
    text = t("backup.written", _lang(args), count=len(set(ids)), file=str(args.output))
    _emit(args, {"file": str(args.output), "client_ids": list(dict.fromkeys(ids))}, text)


def _restore(engine: Engine, args: argparse.Namespace) -> None:
    path: Path = args.file
    try:
        too_large = path.stat().st_size > RESTORE_MAX_BYTES
        data = b"" if too_large else path.read_bytes()
    except OSError as exc:
        raise WorkbenchError("errors.cannot_read", path=str(path), reason=exc.strerror) from exc
    try:
        if too_large:
            limit = RESTORE_MAX_BYTES // 2**20
            raise BackupRejected("errors.backup_archive_too_large", limit=limit)
        with write_session(engine) as session:
            report = restore_archive(session, data, max_bytes=RESTORE_MAX_BYTES)
    except BackupRejected as exc:
        reason = describe_error(exc, _lang(args))
        raise WorkbenchError("backup.rejected", file=str(path), reason=reason) from exc
    for client in report.clients:
        if client.renamed:
            note = t("backup.renamed", _lang(args), old=client.name_in_archive, new=client.name)
            print(note, file=sys.stderr)
    rows = [
        {
            "id": c.id,
            "name": c.name,
            "name_in_archive": c.name_in_archive,
            "archived": c.archived,
        }
        for c in report.clients
    ]
    _emit(args, rows, "\n".join(f"{c.id}\t{c.name}" for c in report.clients))


def _lang(args: argparse.Namespace) -> str:
    return getattr(args, "lang", None) or get_settings().language


def _template(args: argparse.Namespace) -> None:
    path: Path = args.output
    fmt = TEMPLATE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UsageError(t("errors.template_format", _lang(args), path=str(path)))
    try:
        write = write_results_template if args.kind == "results" else write_competitor_template
        write(path, fmt=fmt, lang=_lang(args))
    except OSError as exc:
        raise WorkbenchError("errors.cannot_write", path=str(path), reason=exc.strerror) from exc
    _emit(args, {"template": args.kind, "format": fmt, "file": str(path)}, str(path))


def _read_upload(path: Path, max_bytes: int) -> bytes:
    try:
        # One byte over the limit is enough to refuse: a huge file is never read whole.
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except OSError as exc:
        raise WorkbenchError("errors.cannot_read", path=str(path), reason=exc.strerror) from exc


def _import_competitors(engine: Engine, args: argparse.Namespace) -> None:
    lang = _lang(args)
    parsed = parse_competitor_file(_read_upload(args.file, MAX_BYTES), args.file.name)
    if parsed.problems:
        first = describe_import_problem(parsed.problems[0], lang)
        others = len(parsed.problems) - 1
        if others:
            raise ImportFailed("import.refused_many", problem=first, others=others)
        raise ImportFailed("import.refused_one", problem=first)
    with write_session(engine) as session:
        client = get_client(session, args.client_id)
        state = load_strategy(session, args.client_id).sections["competitors"]
        current = state.model
        assert isinstance(current, Competitors)
        result = apply_competitor_import(current, parsed, client_name=client.name)
        save_section(
            session,
            args.client_id,
            "competitors",
            result.competitors,
            expected_version=state.version,
            activity="import",
        )
    summary = {
        "client_id": args.client_id,
        "competitors_added": result.competitors_added,
        "rows_added": result.rows_added,
        "rows_updated": result.rows_updated,
        "rows_unchanged": result.rows_unchanged,
        "ignored_columns": list(parsed.unknown_columns),
    }
    lines = [
        t(
            "import.summary",
            lang,
            competitors_added=result.competitors_added,
            rows_added=result.rows_added,
            rows_updated=result.rows_updated,
            rows_unchanged=result.rows_unchanged,
        )
    ]
    if parsed.unknown_columns:
        lines.append(t("import.ignored_columns", lang, columns=", ".join(parsed.unknown_columns)))
    _emit(args, summary, "\n".join(lines))


def _import_results(engine: Engine, args: argparse.Namespace) -> None:
    lang = _lang(args)
    platform = Platform(args.platform) if args.platform else None
    data = _read_upload(args.file, MAX_BYTES)
    parsed = parse_results_file(data, args.file.name, lang=lang, platform=platform)
    if parsed.problems:
        first = describe_import_problem(parsed.problems[0], lang)
        others = len(parsed.problems) - 1
        if others:
            raise ImportFailed("import.refused_many", problem=first, others=others)
        raise ImportFailed("import.refused_one", problem=first)
    with write_session(engine) as session:
        get_client(session, args.client_id)
        added, skipped = apply_results_import(session, args.client_id, parsed)
    summary = {
        "client_id": args.client_id,
        "format": parsed.format,
        "rows_read": parsed.rows_read,
        "added": added,
        "duplicates": skipped,
        "file_duplicates": parsed.duplicates,
        "zero_reach_rows": list(parsed.zero_reach_rows),
        "columns": dict(parsed.columns),
        "ignored_columns": list(parsed.unknown_columns),
    }
    lines = [
        t(
            "results.summary",
            lang,
            format=t(f"results.format.{parsed.format}", lang),
            added=added,
            duplicates=skipped,
        ),
        t("results.recognised_columns", lang, columns=", ".join(parsed.columns.values())),
    ]
    if parsed.duplicates:
        lines.append(t("results.file_duplicates", lang, count=parsed.duplicates))
    if parsed.zero_reach_rows:
        rows = ", ".join(str(n) for n in parsed.zero_reach_rows)
        lines.append(t("results.zero_reach_rows", lang, rows=rows))
    if parsed.unknown_columns:
        lines.append(t("import.ignored_columns", lang, columns=", ".join(parsed.unknown_columns)))
    _emit(args, summary, "\n".join(lines))


def _recommend(engine: Engine, args: argparse.Namespace) -> None:
    lang = _lang(args)
    with read_session(engine) as session:
        strategy = load_strategy(session, args.client_id)
    weights = strategy.platforms.weights
    scores = score_platforms(
        strategy.brief,
        strategy.audience,
        strategy.competitors,
        weights=weights,
        plan=strategy.budget,
    )
    decision = decide(strategy.brief, scores, plan=strategy.budget, base=strategy.platforms)
    decided = decision_as_dict(decision, lang)
    data = {
        "client_id": args.client_id,
        "weights": weights.model_dump(),
        "platforms": scores_as_dict(scores, lang),
        "recommended": {
            key: decided[key]
            for key in ("platforms", "package", "hours_per_week", "fits_budget", "fits_hours")
        },
        "explanation": decided["explanation"],
        "more": decided["more"],
    }
    lines = [
        f"{s.rank}\t{t(f'platforms.{s.platform.value}', lang)}\t{s.score}"
        f"\t{'*' if s.recommended else ''}\t{render(s.reasons[0], lang)}"
        for s in scores
    ]
    lines += ["", *(render(m, lang) for m in decision.lines)]
    _emit(args, data, "\n".join(lines))


def _draft(engine: Engine, args: argparse.Namespace) -> None:
    lang = _lang(args)
    with write_session(engine) as session:
        result = save_draft(session, args.client_id, weeks=args.weeks, lang=lang)
    data = draft_as_dict(args.client_id, result, lang)
    lines = [render(m, lang) for m in result.decision.lines]
    lines.append(t("draft.done", lang, posts=len(result.plan.posts), weeks=result.plan.weeks))
    lines += [f"- {p['message']}" for p in data["problems"]]
    _emit(args, data, "\n".join(lines))


def _budget(engine: Engine, args: argparse.Namespace) -> None:
    lang = _lang(args)
    with read_session(engine) as session:
        strategy = load_strategy(session, args.client_id)
    estimate = estimate_budget(strategy.brief, strategy.platforms, strategy.budget)
    data = {"client_id": args.client_id, **estimate_as_dict(estimate, lang)}
    lines = [f"{render(i.label, lang)}\t{fmt_money(i.amount, lang)}" for i in estimate.items]
    lines += [
        f"{t('budget.category_ads', lang)} {t(f'platforms.{a.platform.value}', lang)}"
        f"\t{fmt_money(a.spend, lang)}"
        for a in estimate.ads
    ]
    fees = estimate.fees
    totals = {
        "net": Amount(fees.net),
        "vat": Amount(fees.vat),
        "gross": Amount(fees.gross),
        "ads": Amount(estimate.ad_spend),
        "total": Amount(estimate.monthly_gross),
    }
    lines.append(render(Message("budget.totals", totals), lang))
    lines += [render(w, lang) for w in estimate.warnings]
    _emit(args, data, "\n".join(lines))


def _ideas(engine: Engine, args: argparse.Namespace) -> None:
    """Ideas as a JSON list (each with its `source`); the notice and the cost on stderr."""
    lang = _lang(args)
    with write_session(engine) as session:
        strategy = load_strategy(session, args.client_id)
        start = args.start or strategy.plan.start or strategy.brief.start_date or date.today()
        end = args.end or start + timedelta(weeks=4, days=-1)
        outcome = suggest_ideas(
            session,
            strategy,
            pillar=args.pillar,
            start=start,
            end=end,
            count=args.count,
            settings=get_settings(),
            lang=lang,
        )
    if outcome.notice is not None:
        print(render(outcome.notice, lang), file=sys.stderr)
    if outcome.cached:
        print(t("ai.cached_line", lang), file=sys.stderr)
    elif outcome.usage is not None:
        usage = outcome.usage
        line = Message(
            "ai.usage_line",
            {
                "input": usage.input_tokens,
                "output": usage.output_tokens,
                "cost": f"{usage.cost_usd:f}" if usage.priced else "?",
            },
        )
        print(render(line, lang), file=sys.stderr)
    data = [idea.model_dump(mode="json") for idea in outcome.items]
    lines = []
    for number, idea in enumerate(outcome.items, start=1):
        fmt = t(f"formats.{idea.format.value}", lang) if idea.format else "-"
        lines += [
            f"{number}. {idea.title} [{t(f'ai.source.{idea.source}', lang)}, {fmt}]",
            f"   {idea.brief}",
            f"   {idea.caption}",
            f"   {' '.join(idea.hashtags)}",
        ]
    _emit(args, data, "\n".join(lines))


COMMANDS: dict[str, Callable[[Engine, argparse.Namespace], None]] = {
    "demo": _demo,
    "clients": _clients,
    "export": _export,
    "import": _import,
    "backup": _backup,
    "restore": _restore,
    "import-competitors": _import_competitors,
    "import-results": _import_results,
    "recommend": _recommend,
    "budget": _budget,
    "draft": _draft,
    "ideas": _ideas,
}
# Commands that need no database: they run even when none is reachable.
OFFLINE_COMMANDS: dict[str, Callable[[argparse.Namespace], None]] = {"template": _template}


def main(argv: Sequence[str] | None = None) -> int:
    lang = DEFAULT_LANGUAGE  # until the settings and the arguments are read
    try:
        args = _build_parser().parse_args(argv)
        lang = args.lang or lang
        settings = get_settings()  # a bad setting stops here with one line naming it
        lang = args.lang or settings.language
        if args.command in OFFLINE_COMMANDS:
            OFFLINE_COMMANDS[args.command](args)
            return 0
        engine = make_engine(settings.effective_database_url, **settings.engine_options)
        migrate(engine)
        if args.workspace is not None:
            with read_session(engine) as session:
                act_as(engine, workspace_owner(session, args.workspace))
        COMMANDS[args.command](engine, args)
        return 0
    except UsageError as exc:
        print(f"{t('cli.usage_error', lang)}: {exc}", file=sys.stderr)
        return 2
    except WorkbenchError as exc:
        print(describe_error(exc, lang), file=sys.stderr)
        return 1
    except Exception as exc:  # the contract: one line, never a traceback
        print(t("errors.unexpected", lang, detail=type(exc).__name__), file=sys.stderr)
        return 3
