"""Headless doors into a project file: ``pyramid-app project new|info|update``.

The ``plan`` commands (:mod:`pyramid_app.cli.plan`) share its import of a spreadsheet.

Every edit goes through :meth:`Project.execute`, so the project file's journal has made it
durable before anything is printed about it. Problems the user can fix (a file that cannot be
read or opened, an unknown person, a bad date) end with exit code 2 and one line on stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from pyramid_app.cli.options import add_import_options, import_overrides, parse_today
from pyramid_app.cli.running import (
    SHOWN_PER_SECTION,
    CommandError,
    Runner,
    listed_section,
    opened_project,
    run_parsed,
    who,
)
from pyramid_app.io import ImportResult, UnreadableFileError, read_org
from pyramid_app.io.project.file import ProjectFile, ProjectFileError
from pyramid_app.io.project.unsaved import project_from_import
from pyramid_app.io.spreadsheet.cells import printable
from pyramid_app.io.spreadsheet.errors import MissingColumnError
from pyramid_app.io.spreadsheet.kept_columns import KEPT_FIELDS, KeptColumns, read_with_kept
from pyramid_app.model.audience import SetHidden, hide_columns, hideable_columns, show_columns
from pyramid_app.model.commands import PlanError, update_organisation
from pyramid_app.model.org import OrgChart
from pyramid_app.model.org_update import (
    UpdatePreview,
    flag_counts,
    plan_flags,
    plural,
    preview_update,
)
from pyramid_app.model.plan import Status
from pyramid_app.model.project import Project

HISTORY_SHOWN = 5


# -- parsers -------------------------------------------------------------------------------


def build_project_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pyramid-app project",
        description="Create, describe or update a project file (.pyramid) without the window.",
    )
    project_commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    new = project_commands.add_parser(
        "new",
        help="import a spreadsheet into a new project file",
        description="Import SPREADSHEET (data problems are repaired as in `validate`) and save "
        "it as a new project. Exit code 2: the spreadsheet is unreadable or the output exists.",
    )
    new.add_argument("spreadsheet", type=Path, help="xlsx, xlsm, xlsb, xls, ods or csv file")
    new.add_argument("-o", "--output", type=Path, required=True, help="the project, P.pyramid")
    add_import_options(new)
    new.add_argument("--force", action="store_true", help="replace an existing project file")

    info = project_commands.add_parser(
        "info",
        help="describe a project: people, commitments, flags, source and last edits",
        description="Describe PROJECT without changing it.",
    )
    info.add_argument("project", type=Path, help="the project, P.pyramid")
    info.add_argument("--json", action="store_true", help="print one JSON document")

    update = project_commands.add_parser(
        "update",
        help="replace the organisation with a newer HR export, keeping the plan",
        description="Compare SPREADSHEET with the project's organisation: joiners, leavers, "
        "moves, changed details and the commitments that would be newly flagged. Without "
        "--dry-run the new organisation replaces the old one as one undoable step; "
        "commitments are kept as they are. The id, manager and name columns, the sheet and "
        "the header row the project was imported with are used unless given here.",
    )
    update.add_argument("project", type=Path, help="the project, P.pyramid")
    update.add_argument("spreadsheet", type=Path, help="the newer export")
    update.add_argument("--dry-run", action="store_true", help="show what would change, only")
    update.add_argument(
        "--all", action="store_true", help=f"list everyone, not the first {SHOWN_PER_SECTION}"
    )
    add_import_options(update)

    demo = project_commands.add_parser(
        "demo",
        help="write the built-in demo organisation as a project file",
        description="Write the demo hotel group as the window opens it (File > Open demo "
        "organisation): its organisation, customers and touchpoints, the sample plan with its "
        "dates moved to the current week, twelve months of results and the targets.",
    )
    demo.add_argument("-o", "--output", type=Path, required=True, help="the project, P.pyramid")
    demo.add_argument("--force", action="store_true", help="replace an existing project file")
    demo.add_argument(
        "--today", metavar="YYYY-MM-DD", help="the day the plan's dates are moved to (today)"
    )

    for verb, what in (("hide", "hide from"), ("show", "show again to")):
        audience = project_commands.add_parser(
            verb,
            help=f"{what} the audience columns of people's details (Salary, Rating...)",
            description=f"Columns to {what} the audience: while the project is presented "
            "they are shown nowhere, and no export writes them. `project info` lists them.",
        )
        audience.add_argument("project", type=Path, help="the project, P.pyramid")
        audience.add_argument(
            "--columns", required=True, metavar="NAMES", help='comma-separated, "Salary,Rating"'
        )

    return parser


def run(arguments: Sequence[str], out: TextIO) -> int:
    """Run ``pyramid-app project ARGUMENTS``; the exit code."""
    return run_parsed(build_project_parser(), _RUNNERS, arguments, out)


# -- opening -------------------------------------------------------------------------------


def _import(args: argparse.Namespace, defaults: dict[str, str] | None = None) -> ImportResult:
    overrides = dict(defaults or {})
    overrides.update(import_overrides(args))
    try:
        return read_org(
            args.spreadsheet, sheet=args.sheet, overrides=overrides, header_row=args.header_row
        )
    except UnreadableFileError as error:
        raise CommandError(printable(str(error))) from error


def _import_kept(args: argparse.Namespace, kept: KeptColumns) -> ImportResult:
    """The newer export read as the project's organisation was: its id, manager and name
    columns (``--id``/``--manager``/``--name`` replace them), its sheet where the file still
    has it, its header row when the search lands on another."""
    overrides = {
        field: getattr(args, field) for field in KEPT_FIELDS if getattr(args, field) is not None
    }
    try:
        return read_with_kept(args.spreadsheet, kept, args.sheet, args.header_row, overrides)
    except MissingColumnError as error:
        if set(error.missing) & set(overrides):  # a column named here: the reader says which
            raise CommandError(printable(str(error))) from error
        lacking = ", ".join(
            f"{printable(column)!r} ({field})" for field, column in error.missing.items()
        )
        raise CommandError(
            f"{printable(args.spreadsheet.name)} has no column {lacking}, which this project's "
            "organisation was read with; name the columns to use with --id, --manager and --name"
        ) from error
    except UnreadableFileError as error:
        raise CommandError(printable(str(error))) from error


def _import_findings(result: ImportResult) -> str:
    """One line on what the import found: repairs apart from notes (nothing was changed)."""
    repairs = len(result.report.repairs())
    notes = len(result.report) - repairs
    parts = [f"{plural(repairs, 'data problem')} repaired"] if repairs else []
    if notes:
        parts.append(f"{plural(notes, 'finding')} noted")
    if not parts:
        return ""
    return (
        f"  {' and '.join(parts)} on import "
        f"(`pyramid-app validate {printable(result.path.name)}` lists them)\n"
    )


# -- project new ---------------------------------------------------------------------------


def run_new(args: argparse.Namespace, out: TextIO) -> None:
    if args.output.exists() and not args.force:
        raise CommandError(f"{args.output} already exists; add --force to replace it")
    result = _import(args)
    project = project_from_import(result)
    try:
        store = ProjectFile.create(args.output, project, overwrite=args.force)
    except ProjectFileError as error:
        raise CommandError(str(error)) from error
    except OSError as error:
        raise CommandError(f"cannot write {args.output}: {error.strerror or error}") from error
    store.close()
    summary = result.summary()
    out.write(f'created {args.output} from {result.path.name}, sheet "{result.sheet}"\n')
    out.write(
        f"  people {summary['people']:,} · levels {summary['levels']} · front line "
        f"{summary['front_line']:,} · managers {summary['managers']:,}\n"
    )
    if project.customers:
        out.write(f"  customers: {', '.join(project.customers)}\n")
    out.write(_import_findings(result))


# -- project demo --------------------------------------------------------------------------


def run_demo(args: argparse.Namespace, out: TextIO) -> None:
    from pyramid_app.io.demo import demo_project

    if args.output.exists() and not args.force:
        raise CommandError(f"{args.output} already exists; add --force to replace it")
    project = demo_project(today=parse_today(args.today))
    try:
        store = ProjectFile.create(args.output, project, overwrite=args.force)
    except ProjectFileError as error:
        raise CommandError(str(error)) from error
    except OSError as error:
        raise CommandError(f"cannot write {args.output}: {error.strerror or error}") from error
    store.close()
    out.write(
        f"created {args.output}: the demo organisation, {project.chart.people_count:,} people, "
        f"{plural(len(project.plan), 'commitment')}\n"
    )


# -- project info --------------------------------------------------------------------------


def run_info(args: argparse.Namespace, out: TextIO) -> None:
    with opened_project(args.project, read_only=True) as (store, project):
        document = info_document(args.project, store, project)
    if args.json:
        json.dump(document, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(format_info(document))


def info_document(path: Path, store: ProjectFile, project: Project) -> dict[str, Any]:
    chart = project.chart
    by_status = Counter(commitment.status.value for commitment in project.plan)
    by_practice = Counter(commitment.practice for commitment in project.plan)
    flags = plan_flags(project)
    source = project.source
    return {
        "file": str(path),
        "name": project.name,
        "people": chart.people_count,
        "managers": int(chart.managers().shape[0]),
        "levels": chart.level_count,
        "customers": list(project.customers),
        "hidden_columns": sorted(project.hidden),
        "columns": hideable_columns(chart),
        "source": {
            "file": source.file_name,
            "sheet": source.sheet,
            "header_row": source.header_row,
            "mapping": dict(source.mapping),
            "imported_at": source.imported_at.isoformat(),
        },
        "commitments": {
            "total": len(project.plan),
            "by_status": {status.value: by_status.get(status.value, 0) for status in Status},
            "by_practice": dict(sorted(by_practice.items(), key=lambda item: (-item[1], item[0]))),
        },
        "flags": {
            "commitments": len(flags),
            "by_kind": {kind.value: count for kind, count in flag_counts(flags).items()},
        },
        "history": _history(store),
    }


def _history(store: ProjectFile) -> list[dict[str, str]]:
    try:
        entries = store.history(HISTORY_SHOWN)
    except ProjectFileError as error:
        raise CommandError(str(error)) from error
    return [
        {"at": entry.at.isoformat(), "label": entry.label, "detail": entry.detail}
        for entry in entries
    ]


def format_info(document: dict[str, Any]) -> str:
    source = document["source"]
    commitments = document["commitments"]
    lines = [
        document["file"],
        f"  people {document['people']:,} · managers {document['managers']:,} · "
        f"levels {document['levels']}",
        f'  source: {source["file"]}, sheet "{source["sheet"]}", header on row '
        f"{source['header_row']}, imported {_when(source['imported_at'])}",
        "  mapping: " + "  ".join(f'{k}: "{v}"' for k, v in source["mapping"].items()),
    ]
    if document["customers"]:
        lines.append(f"  customers: {', '.join(document['customers'])}")
    hidden = document["hidden_columns"]
    lines.append(
        f"  hidden from the audience: {', '.join(hidden)}"
        if hidden
        else "  hidden from the audience: no column"
        + (" (`pyramid-app project hide` hides one)" if document["columns"] else "")
    )
    statuses = " · ".join(f"{k} {v:,}" for k, v in commitments["by_status"].items())
    lines.append(f"  commitments {commitments['total']:,}: {statuses}")
    if commitments["by_practice"]:
        practices = " · ".join(
            f"{name or '(no practice)'} {count:,}"
            for name, count in commitments["by_practice"].items()
        )
        lines.append(f"  by practice: {practices}")
    flags = document["flags"]
    if flags["commitments"]:
        kinds = ", ".join(f"{count:,} {kind}" for kind, count in flags["by_kind"].items())
        lines.append(f"  flags: {plural(flags['commitments'], 'commitment')} flagged ({kinds})")
    else:
        lines.append("  flags: none, every commitment fits the organisation")
    if document["history"]:
        lines.append("  last edits:")
        lines.extend(f"    {_when(entry['at'])}  {entry['label']}" for entry in document["history"])
    else:
        lines.append("  no edits yet")
    return "\n".join(lines) + "\n"


def _when(iso: str) -> str:
    """An ISO time as people read it; times without a zone are UTC in a project file."""
    moment = dt.datetime.fromisoformat(iso)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return f"{moment:%Y-%m-%d %H:%M} UTC"


# -- project update ------------------------------------------------------------------------


def run_update(args: argparse.Namespace, out: TextIO) -> None:
    with opened_project(args.project, read_only=args.dry_run) as (_store, project):
        result = _import_kept(args, KeptColumns.of(project.source))
        fresh = project_from_import(result, shipped=())  # only its chart and source are used
        preview = preview_update(project, fresh.chart)
        out.write(
            f"{result.path.name} compared with the organisation in {args.project} "
            f"(from {project.source.file_name}):\n"
        )
        out.write(format_preview(project.chart, fresh.chart, project, preview, args.all))
        out.write(_import_findings(result))
        if args.dry_run:
            out.write("dry run: nothing was changed\n")
            return
        customers = fresh.customers or project.customers
        command = update_organisation(
            project, fresh.chart, fresh.source, customers, update=preview.update
        )
        try:
            project.execute(command)
        except (ProjectFileError, OSError, PermissionError) as error:
            raise CommandError(f"{args.project} was not changed: {error}") from error
        out.write(f"done: {command.label}; every commitment was kept\n")


def format_preview(
    old: OrgChart, new: OrgChart, project: Project, preview: UpdatePreview, show_all: bool
) -> str:
    update = preview.update
    lines = [f"  {preview.summary()}"]

    def section(title: str, items: Sequence[Any], line: Callable[[Any], str]) -> None:
        listed_section(lines, f"{title} ({len(items):,})", [line(item) for item in items], show_all)

    def manager_now(person_id: str) -> str:
        up = int(new.parent[new.index_of(person_id)])
        return f", reports to {who(new, new.ids[up])}" if up >= 0 and new.real[up] else ""

    section("joiners", update.joiners, lambda p: f"+ {who(new, p)}{manager_now(p)}")
    section("leavers", update.leavers, lambda p: f"- {who(old, p)}")
    section(
        "moves",
        update.moves,
        lambda m: (
            f"{who(new, m.person_id)}: {who(old, m.old_manager_id) or '(no manager)'}"
            f" -> {who(new, m.new_manager_id) or '(no manager)'}"
        ),
    )
    section(
        "changed details",
        update.changes,
        lambda c: (
            f'{who(new, c.person_id)}: {c.field} "{printable(c.old)}" -> "{printable(c.new)}"'
        ),
    )
    flagged = [
        (commitment_id, flag)
        for commitment_id, found in preview.new_flags.items()
        for flag in found
    ]
    section(
        "newly flagged commitments",
        flagged,
        lambda item: (
            f"{item[0]} of {who(old, project.plan[item[0]].manager_id)}: {item[1].message}"
        ),
    )
    return "\n".join(lines) + "\n"


def run_hide(args: argparse.Namespace, out: TextIO) -> None:
    _set_hidden(args, out, hide_columns)


def run_show(args: argparse.Namespace, out: TextIO) -> None:
    _set_hidden(args, out, show_columns)


def _set_hidden(
    args: argparse.Namespace,
    out: TextIO,
    build: Callable[[Project, list[str]], SetHidden],
) -> None:
    names = [name for name in args.columns.split(",") if name.strip()]
    if not names:
        raise CommandError('--columns names no column; write them as "Salary,Rating"')
    with opened_project(args.project, read_only=False) as (_store, project):
        try:
            command = build(project, names)
            project.execute(command)
        except PlanError as error:
            raise CommandError(str(error)) from error
        except (ProjectFileError, OSError) as error:
            raise CommandError(f"{args.project} was not changed: {error}") from error
        hidden = ", ".join(sorted(project.hidden)) or "no column"
    out.write(f"done: {command.label}\n  hidden from the audience: {hidden}\n")


_RUNNERS: dict[str, Runner] = {
    "new": run_new,
    "demo": run_demo,
    "info": run_info,
    "update": run_update,
    "hide": run_hide,
    "show": run_show,
}
