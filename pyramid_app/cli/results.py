"""``pyramid-app results import P.pyramid FILE [--dry-run]``: the customers' results, read from
a spreadsheet or CSV into the project.

It prints what the file would change (new periods, corrected values, the units the project does
not know, every row left out and why) and, unless ``--dry-run``, saves the new and corrected
values as one undoable step. Rows with problems never stop the import: they are listed.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from pyramid_app.cli.running import (
    SHOWN_PER_SECTION,
    CommandError,
    Runner,
    listed_section,
    opened_project,
    run_parsed,
)
from pyramid_app.io.project.file import ProjectFileError
from pyramid_app.io.spreadsheet.cells import printable
from pyramid_app.io.spreadsheet.errors import UnreadableFileError
from pyramid_app.io.spreadsheet.results_import import (
    FIELDS,
    ResultsPreview,
    preview_results,
    read_results,
)
from pyramid_app.model.commands import PlanError
from pyramid_app.model.result_commands import apply_results
from pyramid_app.model.units import unit_label


def build_results_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pyramid-app results",
        description="Bring the customers' results (satisfaction, complaints, first-contact "
        "resolution... as the client tracks them) into a project file.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    importing = commands.add_parser(
        "import",
        help="read a results sheet into the project",
        description="Read FILE (xlsx, xlsm, xlsb, xls, ods or csv): one row per period "
        "(month 2025-03, week 2025-W10 or date), unit (a department, location, customer "
        "segment or touchpoint of the project, by name), measure and value; or a column per "
        "measure. Shows the new periods, the corrected values, the units the project does not "
        "know and every row left out, then saves the new and corrected values as one undoable "
        "step unless --dry-run. Values already in the project and not in FILE are kept.",
    )
    importing.add_argument("project", type=Path, help="the project, P.pyramid")
    importing.add_argument("file", type=Path, help="the results, e.g. results.xlsx")
    importing.add_argument("--dry-run", action="store_true", help="show what would change, only")
    importing.add_argument("--sheet", help="the sheet to read (default: the one that fits best)")
    for name in FIELDS:
        importing.add_argument(
            f"--{name}", metavar="COL", help=f"the {name} column, by header text or letter"
        )
    importing.add_argument(
        "--all", action="store_true", help=f"list everything, not the first {SHOWN_PER_SECTION}"
    )
    return parser


def run(arguments: Sequence[str], out: TextIO) -> int:
    """Run ``pyramid-app results ARGUMENTS``; the exit code."""
    return run_parsed(build_results_parser(), _RUNNERS, arguments, out)


def run_import(args: argparse.Namespace, out: TextIO) -> None:
    overrides = {name: getattr(args, name) for name in FIELDS if getattr(args, name) is not None}
    with opened_project(args.project, read_only=args.dry_run) as (_store, project):
        try:
            read = read_results(args.file, project, args.sheet, overrides)
        except UnreadableFileError as error:
            raise CommandError(str(error)) from error
        preview = preview_results(project, read)
        out.write(format_preview(preview, args.all))
        if args.dry_run:
            out.write("dry run: nothing was changed\n")
            return
        if preview.update.empty:
            out.write("nothing to import: every value read is in the project already\n")
            return
        try:
            command = apply_results(project, preview.update, args.file.name)
            project.execute(command)
        except PlanError as error:
            raise CommandError(str(error)) from error
        except (ProjectFileError, OSError, PermissionError) as error:
            raise CommandError(f"{args.project} was not changed: {error}") from error
        out.write(printable(f"done: {command.label}") + "\n")


def _number(value: float) -> str:
    return f"{value:,.6g}" if abs(value) >= 1000 else f"{value:.6g}"


def format_preview(preview: ResultsPreview, show_all: bool) -> str:
    read = preview.read
    update = preview.update
    described = read.mapping.describe(read.headers)
    columns = ", ".join(f'{name} "{header}"' for name, header in described.items())
    place = "" if read.real_format == "text" else f'sheet "{read.sheet}", '
    rows = len({problem.row for problem in read.problems})
    lines = [
        f"{read.path.name} ({place}header on {read.row_word} {read.header_row}: {columns}):",
        f"  {len(read.results):,} results read, {rows:,} {read.row_word}"
        f"{'s' if rows != 1 else ''} with problems; {update.describe()}",
    ]
    lines += [f"  note: {note}" for note in read.notes]
    if update.new_periods:
        periods = ", ".join(period.text for period in update.new_periods[:SHOWN_PER_SECTION])
        more = len(update.new_periods) - SHOWN_PER_SECTION
        lines.append(f"  new periods: {periods}" + (f" and {more:,} more" if more > 0 else ""))

    def section(title: str, items: list[str]) -> None:
        listed_section(lines, title, items, show_all)

    section(
        f"corrected ({len(update.corrected):,})",
        [
            f"{new.measure} · {unit_label(new.unit)} · {new.period}: "
            f"{_number(old.value)} -> {_number(new.value)}"
            for old, new in update.corrected
        ],
    )
    section(
        "units the project does not know (their rows are left out)",
        [
            f"{name!r}: {count:,} {read.row_word}{'s' if count != 1 else ''}"
            for name, count in sorted(preview.unknown_units.items())
        ],
    )
    section(
        f"problems ({len(read.problems):,}; those cells or rows were left out)",
        [f"{read.where(problem)}: {problem.message}" for problem in read.problems],
    )
    # Names, periods and messages quote the file: escaped before they reach a terminal.
    return "".join(printable(line) + "\n" for line in lines)


_RUNNERS: dict[str, Runner] = {"import": run_import}
