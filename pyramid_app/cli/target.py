"""``pyramid-app target set|list|remove``: what "better" means, per measure and unit.

``target set P.pyramid --measure M --value V [--unit U] [--by YYYY-MM-DD] [--lower-is-better]``
sets (or replaces) the target of a measure at a unit; ``target list`` shows them; ``target
remove`` takes one away. Every change is one undoable step, saved before anything is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from pyramid_app.cli.running import (
    CommandError,
    Runner,
    opened_project,
    run_parsed,
    terminal_json,
)
from pyramid_app.io.project.file import ProjectFileError
from pyramid_app.model.commands import Command, PlanError
from pyramid_app.model.project import Project
from pyramid_app.model.target_commands import known_measure, remove_target, set_target
from pyramid_app.model.targets import Measure, Target, built_in
from pyramid_app.model.units import (
    WHOLE_ORGANISATION,
    Unit,
    UnitNames,
    ambiguity_words,
    unit_label,
)

_MEASURES = ", ".join(f'"{measure.value}"' for measure in Measure)


def build_target_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pyramid-app target",
        description="Set, list or remove the targets of a project file: for a measure at a "
        "unit, the value that counts as good.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    setting = commands.add_parser(
        "set",
        help="set the target of a measure (in place of the one there is)",
        description=f"Set the target of MEASURE: one of the plan's own ({_MEASURES}; shares, "
        'so 0.8, 80 and "80%%" all mean 80%%) or a measure of the imported results, by its '
        "name. Without --unit the target is the whole organisation's.",
    )
    setting.add_argument("project", type=Path, help="the project, P.pyramid")
    _measure_and_unit(setting)
    setting.add_argument("--value", required=True, help='the value to reach, e.g. 8.5 or "80%%"')
    setting.add_argument("--by", metavar="YYYY-MM-DD", help="the date to reach it by")
    setting.add_argument(
        "--lower-is-better",
        action="store_true",
        help="lower values are better (complaints, waiting times)",
    )

    listing = commands.add_parser("list", help="list the targets")
    listing.add_argument("project", type=Path, help="the project, P.pyramid")
    listing.add_argument("--json", action="store_true", help="print one JSON document")

    removing = commands.add_parser("remove", help="take a target away")
    removing.add_argument("project", type=Path, help="the project, P.pyramid")
    _measure_and_unit(removing)
    return parser


def _measure_and_unit(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--measure", required=True, metavar="M", help="the measure, by name")
    parser.add_argument(
        "--unit",
        metavar="U",
        help='a department, location, customer segment or touchpoint, by name ("Lisbon"; '
        '"location: Lisbon" when the name is also a department)',
    )


def run(arguments: Sequence[str], out: TextIO) -> int:
    """Run ``pyramid-app target ARGUMENTS``; the exit code."""
    return run_parsed(build_target_parser(), _RUNNERS, arguments, out)


def find_unit(project: Project, text: str | None) -> Unit:
    """The unit ``--unit`` names (the whole organisation without one)."""
    if text is None:
        return WHOLE_ORGANISATION
    units = UnitNames(project.chart, project.customer_map, project.name).find(text)
    if not units:
        raise CommandError(
            f"--unit {text.strip()!r} is not a department, a location, a customer segment or a "
            f"touchpoint of {project.name}"
        )
    if len(units) > 1:
        raise CommandError(f"--unit {ambiguity_words(text, units, project.customer_map)}")
    return units[0]


def parse_value(text: str, share: bool) -> float:
    """--value as given: a number, or a percentage; for a share, 80 means 80% too."""
    cleaned = text.strip()
    percent = cleaned.endswith("%")
    cleaned = cleaned.rstrip("%").strip()
    whole, comma, part = cleaned.partition(",")
    if comma and "," not in part and "." not in cleaned and len(part) != 3:
        cleaned = f"{whole}.{part}"  # a decimal comma, 8,5
    try:
        value = float(cleaned.replace(",", ""))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise CommandError(f"--value {text!r} is not a number")
    if percent or (share and 1 < value <= 100):
        value /= 100
    return value


def parse_by(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            f"--by {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-12-31"
        ) from None


def _save(project: Project, command: Command, path: Path) -> None:
    try:
        project.execute(command)
    except PlanError as error:
        raise CommandError(str(error)) from error
    except (ProjectFileError, OSError, PermissionError) as error:
        raise CommandError(f"{path} was not changed: {error}") from error


def run_set(args: argparse.Namespace, out: TextIO) -> None:
    by = parse_by(args.by)
    with opened_project(args.project, read_only=False) as (_store, project):
        unit = find_unit(project, args.unit)
        try:
            measure = known_measure(project, args.measure)
            value = parse_value(args.value, built_in(measure) is not None)
            command = set_target(
                project, measure, value, unit, by=by, lower_is_better=args.lower_is_better
            )
        except PlanError as error:
            raise CommandError(str(error)) from error
        _save(project, command, args.project)
        out.write(f"done: {command.label}: {target_words(command.target)}\n")


def run_remove(args: argparse.Namespace, out: TextIO) -> None:
    with opened_project(args.project, read_only=False) as (_store, project):
        unit = find_unit(project, args.unit)
        try:
            command = remove_target(project, known_measure(project, args.measure), unit)
        except PlanError as error:
            raise CommandError(str(error)) from error
        _save(project, command, args.project)
        out.write(f"done: {command.label}\n")


def value_words(target: Target, value: float) -> str:
    if built_in(target.measure) is not None:
        return f"{value * 100:.4g}%"
    return f"{value:,.6g}"


def target_words(target: Target) -> str:
    """ "at least 80% by 2025-12-31", "at most 2.5" """
    bound = "at most" if target.lower_is_better else "at least"
    by = f" by {target.by.isoformat()}" if target.by else ""
    return f"{bound} {value_words(target, target.value)}{by}"


def target_document(project: Project, target: Target) -> dict[str, Any]:
    return {
        "measure": target.measure,
        "title": target.title,
        "unit": {"kind": target.unit.kind.value, "name": target.unit.name},
        "label": unit_label(target.unit, project.customer_map),
        "value": target.value,
        "lower_is_better": target.lower_is_better,
        "by": target.by.isoformat() if target.by else None,
    }


def run_list(args: argparse.Namespace, out: TextIO) -> None:
    with opened_project(args.project, read_only=True, with_plan=False) as (_store, project):
        targets = list(project.targets)
        if args.json:
            document = {
                "file": str(args.project),
                "targets": [target_document(project, target) for target in targets],
            }
            out.write(terminal_json(document) + "\n")
            return
        if not targets:
            out.write("no targets yet\n")
            return
        rows = [("MEASURE", "UNIT", "TARGET")] + [
            (t.title, unit_label(t.unit, project.customer_map), target_words(t)) for t in targets
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(2)]
        for row in rows:
            out.write(f"{row[0].ljust(widths[0])}  {row[1].ljust(widths[1])}  {row[2]}\n")


_RUNNERS: dict[str, Runner] = {"set": run_set, "list": run_list, "remove": run_remove}
