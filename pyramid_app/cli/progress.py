"""``pyramid-app progress P.pyramid [--json] [--today YYYY-MM-DD]``: every measure against its
target, over time, without the window.

For each measure: its targets, its latest value per unit, whether the target is met, the
weekly series of the plan's own measures (rebuilt from the project's history of edits) and the
customers' results with their before and after. The file is only read.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from pyramid_app.cli.coverage import percent
from pyramid_app.cli.options import parse_today
from pyramid_app.cli.running import CommandError, opened_project, run_one, terminal_json
from pyramid_app.cli.target import target_words
from pyramid_app.io.project.file import ProjectFileError
from pyramid_app.io.spreadsheet.cells import printable
from pyramid_app.model.progress_report import (
    MeasureProgress,
    ProgressReport,
    UnitProgress,
    progress_document,
    progress_report,
)

WEEKS_SHOWN = 13  # a quarter of the weekly series in the text report; --json has all of it


def build_progress_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pyramid-app progress",
        description="Every measure of PROJECT against its targets: the plan's own (front line "
        "served, managers with an active commitment, must-needs answered, commitments done on "
        "time), a point a week since the project began, rebuilt from its history of edits; "
        "and the customers' results as imported, with the mean of the periods before the "
        "first commitment reaching each unit against the mean since. The file is only read.",
    )
    parser.add_argument("project", type=Path, help="the project, P.pyramid")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument(
        "--today", metavar="YYYY-MM-DD", help="the last day of the series (default: today)"
    )
    parser.add_argument(
        "--since", metavar="YYYY-MM-DD", help="the first day (default: when the project began)"
    )
    return parser


def run(arguments: Sequence[str], out: TextIO) -> int:
    """Run ``pyramid-app progress ARGUMENTS``; the exit code."""
    return run_one(build_progress_parser(), arguments, out, run_progress)


def run_progress(args: argparse.Namespace, out: TextIO) -> None:
    today = parse_today(args.today)
    since = None
    if args.since is not None:
        try:
            since = dt.date.fromisoformat(args.since.strip())
        except ValueError:
            raise CommandError(f"--since {args.since!r} is not a date (YYYY-MM-DD)") from None
        if since > today:
            raise CommandError(f"--since {since} is after the last day, {today}")
    with opened_project(args.project, read_only=True) as (store, project):
        try:
            report = progress_report(project, store.plan_history(), today, since)
        except ProjectFileError as error:
            raise CommandError(str(error)) from error
    if args.json:
        document = {"file": str(args.project), "name": project.name, **progress_document(report)}
        out.write(terminal_json(document) + "\n")
    else:
        out.write(format_progress(report, str(args.project)))


def _value(measure: MeasureProgress, value: float | None) -> str:
    if value is None:
        return "-"
    if measure.share:
        return percent(round(value * 10_000), 10_000)
    return f"{value:,.6g}" if abs(value) >= 1000 else f"{value:.4g}"


def _unit_lines(measure: MeasureProgress, row: UnitProgress) -> list[str]:
    now = "now" if measure.built_in else f"in {row.latest_at}" if row.latest_at else ""
    head = f"  {row.label}: {_value(measure, row.latest)} {now}".rstrip()
    if row.target is not None and row.standing is not None:
        head += f" · target {target_words(row.target)}: {row.standing.value}"
    else:
        head += " · no target"
    lines = [head]
    figures = row.before_after
    if figures is not None:
        if figures.first_commitment is None:
            lines.append("    no commitment reaches it yet: every period is before")
        else:
            before = f"{_value(measure, figures.before)} ({figures.before_periods} periods)"
            after = f"{_value(measure, figures.after)} ({figures.after_periods} periods)"
            line = (
                f"    first commitment {figures.first_commitment}: mean before {before}, "
                f"since {after}"
            )
            if figures.change is not None:
                line += f", {figures.change:+.3g}"
                lower = row.target.lower_is_better if row.target is not None else None
                if lower is not None and (improved := figures.improved(lower)) is not None:
                    line += ", better" if improved else ", worse"
            lines.append(line)
    series = row.series[-WEEKS_SHOWN:] if measure.built_in else row.series
    if series:
        what = f"last {len(series)} weeks" if measure.built_in else "results"
        shown = " · ".join(f"{at} {_value(measure, value)}" for at, value in series)
        lines.append(f"    {what}: {shown}")
    return lines


def format_progress(report: ProgressReport, file: str) -> str:
    made = sum(1 for mark in report.marks if mark.kind == "made")
    done = sum(1 for mark in report.marks if mark.kind == "done")
    lines = [
        f"{file}: progress on {report.today}, a point a week since {report.days[0]} "
        f"({len(report.days)} points)",
        f"  commitments made {made:,} and done {done:,} over that time",
    ]
    for measure in report.measures:
        source = "plan" if measure.built_in else "results"
        lines.append(f"{measure.title} ({source})")
        for row in measure.units:
            lines.extend(_unit_lines(measure, row))
        if measure.key == "managers-committed" and report.levels:
            levels = " · ".join(
                f"level {row.level} {row.with_active[-1]:,} of {row.managers:,}"
                for row in report.levels
            )
            lines.append(f"    now by level: {levels}")
    # Unit, measure and period names come from files: escaped before a terminal shows them.
    return "".join(printable(line) + "\n" for line in lines)
