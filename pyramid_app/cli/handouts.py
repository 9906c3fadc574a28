"""``pyramid-app handouts P.pyramid -o out.pdf``: a page for every manager, without the window.

Each chosen manager gets one page (two where it must): their team as a small pyramid with the
people their commitments serve, their commitments, the gaps in their team, the needs of the
customers their front line meets, and room to write. One PDF, or with ``--each DIR`` one PDF
per manager named after them, for mailing. The project is opened read-only.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from pyramid_app.cli.options import parse_today
from pyramid_app.cli.plan_count import count_plan
from pyramid_app.cli.running import CommandError, opened_project, run_one
from pyramid_app.model.handout_choice import (
    ChoiceKind,
    HandoutChoice,
    HandoutChoiceError,
    chosen_managers,
    parse_ids,
)


def build_handouts_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pyramid-app handouts",
        description="Write a handout for every chosen manager of PROJECT: their team drawn as "
        "a small pyramid with the people their commitments serve, their commitments (text, "
        "whom it serves, measure, cadence, due date, status, the last progress note), the "
        "gaps in their team, the needs of the customers their front line meets, and room to "
        "write. One page each, two where it must. Without a choice, every manager gets one. "
        "Columns hidden from the audience never appear. The project is only read.",
    )
    parser.add_argument("project", type=Path, help="the project, P.pyramid")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", type=Path, metavar="PDF", help="one PDF for them all")
    where.add_argument(
        "--each", type=Path, metavar="DIR", help="one PDF per manager in DIR, named after them"
    )
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument(
        "--managers", metavar="ID,ID", help="these managers, by person id, in this order"
    )
    choice.add_argument(
        "--level", metavar="N", help="the managers on this level (0 is the chief executive)"
    )
    choice.add_argument("--department", metavar="D", help="the managers in this department")
    choice.add_argument("--location", metavar="L", help="the managers at this location")
    choice.add_argument("--team", metavar="ID", help="this manager and every manager in their team")
    parser.add_argument(
        "--page-size", choices=["A4", "Letter"], default="A4", help="paper (default A4)"
    )
    parser.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help="the day the handouts are as of, for overdue commitments (default: today)",
    )
    return parser


def run(arguments: Sequence[str], out: TextIO) -> int:
    """Run ``pyramid-app handouts ARGUMENTS``; the exit code."""
    return run_one(build_handouts_parser(), arguments, out, run_handouts)


def choice_of(args: argparse.Namespace) -> HandoutChoice:
    if args.managers is not None:
        return HandoutChoice(ChoiceKind.IDS, ids=parse_ids(args.managers))
    for kind in (ChoiceKind.LEVEL, ChoiceKind.DEPARTMENT, ChoiceKind.LOCATION, ChoiceKind.TEAM):
        value = getattr(args, kind.value)
        if value is not None:
            return HandoutChoice(kind, value)
    return HandoutChoice()


def run_handouts(args: argparse.Namespace, out: TextIO) -> None:
    from pyramid_app.ui.app import application
    from pyramid_app.ui.paper.handout_writer import (
        HandoutError,
        HandoutReport,
        PageSize,
        write_handouts,
    )

    today = parse_today(args.today)
    target = args.output if args.output is not None else args.each
    if args.output is not None:
        if args.output.suffix.lower() != ".pdf":
            raise CommandError(f"-o {args.output}: the handouts are a PDF; end the name in .pdf")
        if args.output.is_dir():
            raise CommandError(f"-o {args.output} is a folder; for one file per manager use --each")
    elif args.each.exists() and not args.each.is_dir():
        raise CommandError(f"--each {args.each} is a file; give a folder")
    choice = choice_of(args)
    with opened_project(args.project, read_only=True, with_plan=False) as (store, project):
        try:
            nodes: list[int] = chosen_managers(project.chart, choice).tolist()
        except HandoutChoiceError as error:
            raise CommandError(str(error)) from error
        # Counted as the commitments are read, only the chosen managers' kept: a million
        # commitments are never in memory beside the drawing of a million people (the chief
        # executive's team).
        chosen = {project.chart.ids[node] for node in nodes}
        counted = count_plan(store, project, today, lambda c: c.manager_id in chosen)
        application(headless=True)
        report = HandoutReport()
        started = time.perf_counter()
        try:
            for _step in write_handouts(
                project,
                nodes,
                today,
                target,
                each=args.each is not None,
                page_size=PageSize(args.page_size),
                report=report,
                coverage=counted.coverage,
                needs=counted.needs,
            ):
                pass
        except HandoutError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
    managers = len(report.pages)
    where = (
        str(report.files[0])
        if args.output is not None
        else f"{len(report.files):,} files in {target}"
    )
    out.write(
        f"wrote handouts for {managers:,} manager{'' if managers == 1 else 's'} "
        f"({choice.describe()}), {report.page_total:,} pages, as of {today.isoformat()}: "
        f"{where} ({seconds:.1f} s)\n"
    )
