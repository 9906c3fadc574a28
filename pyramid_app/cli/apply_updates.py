"""``pyramid-app apply-updates P.pyramid plan.xlsx``: a workbook people edited, read back.

It prints what changed and applies it to the project as one undoable step, unless
``--dry-run``."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from pyramid_app.cli.running import (
    SHOWN_PER_SECTION,
    CommandError,
    listed_section,
    opened_project,
    run_one,
    who,
)
from pyramid_app.io.project.file import ProjectFileError
from pyramid_app.io.spreadsheet.cells import printable
from pyramid_app.io.workbook.results_record import RESULTS_CHOICE, SheetResults
from pyramid_app.io.workbook.writer import (
    ActionPlanError,
    Choice,
    UpdatesPreview,
    apply_updates,
    read_action_plan_updates,
)
from pyramid_app.model.commands import PlanError
from pyramid_app.model.project import Project
from pyramid_app.model.results import Result
from pyramid_app.model.units import unit_label


def build_apply_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pyramid-app apply-updates",
        description="Read WORKBOOK, an action plan exported from PROJECT and edited since (in "
        "Excel or LibreOffice), and show what it changes: commitments changed field by field, "
        "new rows, rows missing, conflicts (changed in both places since the export) and "
        "problems, each with its row; and the results typed into its Results sheet (new "
        "values and corrections, problems by cell). Without --dry-run the changes and the "
        "results are applied as one undoable step. Missing rows are kept unless "
        "--delete-missing; conflicts keep the project's value unless --conflicts workbook.",
    )
    parser.add_argument("project", type=Path, help="the project, P.pyramid")
    parser.add_argument("workbook", type=Path, help="the edited action plan, plan.xlsx")
    parser.add_argument("--dry-run", action="store_true", help="show what would change, only")
    parser.add_argument(
        "--conflicts",
        choices=[choice.value for choice in Choice],
        default=Choice.APP.value,
        help="whose value a conflict keeps (default: app, the project's)",
    )
    parser.add_argument(
        "--delete-missing",
        action="store_true",
        help="delete the commitments whose rows were deleted from the workbook",
    )
    parser.add_argument(
        "--all", action="store_true", help=f"list everything, not the first {SHOWN_PER_SECTION}"
    )
    return parser


def run(arguments: Sequence[str], out: TextIO) -> int:
    return run_one(build_apply_parser(), arguments, out, apply)


def apply(args: argparse.Namespace, out: TextIO) -> None:
    with opened_project(args.project, read_only=args.dry_run) as (_store, project):
        try:
            preview = read_action_plan_updates(project, args.workbook)
        except ActionPlanError as error:
            raise CommandError(str(error)) from error
        out.write(format_preview(preview, project, args.project, args.all))
        choice = Choice(args.conflicts)
        if args.dry_run:
            out.write("dry run: nothing was changed\n")
            return
        taking = choice is Choice.WORKBOOK and bool(preview.conflicts)
        results = preview.results is not None and preview.results.applicable(
            take_conflicts=choice is Choice.WORKBOOK
        )
        if not (preview.changed or preview.new or taking or results) and not (
            args.delete_missing and preview.missing
        ):
            both = preview.conflicts or (preview.results and preview.results.conflicts)
            kept = " (the conflicts keep the app's values)" if both else ""
            out.write(f"nothing to apply{kept}\n")
            return
        choices = {conflict.commitment_id: choice for conflict in preview.conflicts}
        choices[RESULTS_CHOICE] = choice
        try:
            command = apply_updates(
                project,
                preview,
                choices,
                delete_missing=args.delete_missing,
                today=dt.date.today(),
            )
            project.execute(command)
        except PlanError as error:
            raise CommandError(str(error)) from error
        except (ProjectFileError, OSError, PermissionError) as error:
            raise CommandError(f"{args.project} was not changed: {error}") from error
        out.write(printable(f"done: {command.label}") + "\n")


def format_preview(
    preview: UpdatesPreview, project: Project, project_path: Path, show_all: bool
) -> str:
    origin = ""
    if preview.exported_at is not None:
        origin = f", exported {preview.exported_at:%Y-%m-%d %H:%M} UTC"
    if preview.project_name:
        origin += f' from "{preview.project_name}"'
    lines = [
        f'{preview.path.name} (sheet "{preview.sheet}"{origin}) compared with {project_path}:',
        f"  {preview.summary()}",
    ]
    lines.extend(f"  warning: {warning}" for warning in preview.warnings)

    def section(title: str, items: Sequence[Any], line: Callable[[Any], str]) -> None:
        listed_section(lines, title, [line(item) for item in items], show_all)

    def fields(changes: Sequence[Any]) -> str:
        return "; ".join(f'{c.label} "{_short(c.old)}" -> "{_short(c.new)}"' for c in changes)

    section(
        f"changed ({len(preview.changed):,})",
        preview.changed,
        lambda row: f"{row.commitment_id} (row {row.row}): {fields(row.fields)}",
    )
    section(
        f"new ({len(preview.new):,})",
        preview.new,
        lambda row: f'row {row.row}: {who(project.chart, row.manager_id)}: "{_short(row.text)}"',
    )
    section(
        f"missing from the workbook ({len(preview.missing):,}; kept unless --delete-missing)",
        preview.missing,
        lambda row: (
            f'{row.commitment_id} of {who(project.chart, row.manager_id)}: "{_short(row.text)}"'
        ),
    )
    section(
        f"conflicts ({len(preview.conflicts):,}; changed in both since the export)",
        preview.conflicts,
        lambda row: (
            f"{row.commitment_id} (row {row.row}): "
            + "; ".join(
                f'{c.label}: app "{_short(c.old)}", workbook "{_short(c.new)}"' for c in row.fields
            )
        ),
    )
    if preview.results is not None:
        lines.extend(results_lines(preview.results, project, show_all))
    section(
        f"problems ({len(preview.problems):,}; those cells or rows were left out)",
        preview.problems,
        lambda problem: problem.message,
    )
    # Sheet names, ids, statuses and notes come from the workbook: nothing of them may reach
    # the terminal as a control character or an escape sequence.
    return "".join(printable(line) + "\n" for line in lines)


def _short(text: str, width: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _value(value: float | None) -> str:
    if value is None:
        return "(none)"
    return f"{value:,.6g}" if abs(value) >= 1000 else f"{value:.6g}"


def _result_words(result: Result, project: Project) -> str:
    unit = unit_label(result.unit, project.customer_map)
    return f"{result.measure} · {unit} · {result.period}"


def results_lines(results: SheetResults, project: Project, show_all: bool) -> list[str]:
    """The Results sheet's part of the preview (escaped with the rest by format_preview)."""
    update = results.update
    lines = [f"  {results.sheet} sheet: {results.rows_read:,} values read; {results.describe()}"]
    if results.kept_app:
        lines.append(
            f"    {results.kept_app:,} left as exported, changed in the app since: the app's "
            "values stand"
        )
    lines.extend(f"    note: {note}" for note in results.notes)
    if update.new_periods:
        periods = ", ".join(period.text for period in update.new_periods[:SHOWN_PER_SECTION])
        lines.append(f"    new periods: {periods}")

    def section(title: str, items: list[str]) -> None:
        listed_section(lines, title, items, show_all)

    section(
        f"new results ({len(update.new):,})",
        [
            f"row {results.rows.get(r, 0)}: {_result_words(r, project)}: {_value(r.value)}"
            for r in update.new
        ],
    )
    section(
        f"corrected results ({len(update.corrected):,})",
        [
            f"row {results.rows.get(new, 0)}: {_result_words(new, project)}: "
            f"{_value(old.value)} -> {_value(new.value)}"
            for old, new in update.corrected
        ],
    )
    section(
        f"results changed in both since the export ({len(results.conflicts):,}; the "
        "project's value is kept unless --conflicts workbook)",
        [
            f"row {c.row}: {_result_words(c.workbook, project)}: exported {_value(c.exported)}, "
            f"app {_value(c.app)}, workbook {_value(c.workbook.value)}"
            for c in results.conflicts
        ],
    )
    return lines
