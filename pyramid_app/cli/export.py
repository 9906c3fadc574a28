"""``pyramid-app export P.pyramid -o plan.xlsx``: the action plan in Excel, headless.

The workbook gets the pyramid picture when Qt can draw it offscreen; the window's toolkit is
imported only then, so the command runs without Qt with ``--no-picture``. The project is only
read."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from pyramid_app.cli.options import parse_today
from pyramid_app.cli.plan_count import plan_read_whole, rows_counted
from pyramid_app.cli.running import CommandError, opened_project, run_one
from pyramid_app.io.memory import give_back_freed_memory
from pyramid_app.io.project.file import ProjectFileError
from pyramid_app.io.spreadsheet.cells import printable
from pyramid_app.io.workbook.results_record import has_measures
from pyramid_app.io.workbook.writer import ActionPlanError, write_action_plan
from pyramid_app.model.coverage import Coverage
from pyramid_app.model.project import Project


def build_export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pyramid-app export",
        description="Write PROJECT's action plan as an Excel workbook: a summary with coverage "
        "per level (table and chart) and the pyramid picture, the plan as a filterable table "
        "with status drop-downs, the managers (those without a commitment too), the customers' "
        "touchpoints and needs, and the whole organisation; with targets or results, a "
        "Progress sheet (each measure against its target, before and after, line charts) "
        "and a Results sheet to type the month's results into. The project is only read.",
    )
    parser.add_argument("project", type=Path, help="the project, P.pyramid")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the workbook, plan.xlsx")
    parser.add_argument(
        "--today", metavar="YYYY-MM-DD", help="the day figures are counted on (default: today)"
    )
    parser.add_argument(
        "--no-picture", action="store_true", help="leave out the picture of the pyramid"
    )
    return parser


def run(arguments: Sequence[str], out: TextIO) -> int:
    return run_one(build_export_parser(), arguments, out, export)


def export(args: argparse.Namespace, out: TextIO) -> None:
    today = parse_today(args.today)
    drawn = not args.no_picture
    with opened_project(args.project, read_only=True, with_plan=False) as (store, project):
        picture, rows = None, None
        if has_measures(project):
            # The Progress sheets count from the whole plan (its history walked back).
            coverage, picture = plan_read_whole(
                store, project, today, (lambda c: _picture(project, c)) if drawn else None
            )
        else:
            coverage, rows = rows_counted(store, project, today)
            if drawn:
                picture = _picture(project, coverage)
                give_back_freed_memory()  # the drawing's, before the sheets
        try:
            report = write_action_plan(
                project,
                args.output,
                today=today,
                picture_png=picture,
                coverage=coverage,
                history=store.plan_history(),
                rows=rows,
            )
        except ActionPlanError as error:
            raise CommandError(str(error)) from error
        except ProjectFileError as error:  # a commitment or the history could not be read back
            raise CommandError(str(error)) from error
    lines = report.lines()
    out.write(printable(f"saved {args.output}: {lines[0]} ({report.seconds:.1f} s)") + "\n")
    for line in lines[1:]:
        out.write(printable(f"  {line}") + "\n")


def _picture(project: Project, coverage: Coverage) -> bytes | None:
    """The pyramid coloured by coverage, drawn offscreen by the window's toolkit if it loads."""
    try:
        from pyramid_app.ui.app import application
        from pyramid_app.ui.dialogs.action_plan_picture import pyramid_png
    except ImportError as error:
        print(
            f"pyramid-app export: the picture was left out ({error}); --no-picture skips it",
            file=sys.stderr,
        )
        return None
    try:
        application(headless=True)
        return pyramid_png(project, coverage)
    except (RuntimeError, OSError) as error:
        print(f"pyramid-app export: the picture was left out ({error})", file=sys.stderr)
        return None
