"""``pyramid-app plan add|list``: commitments in a project file, without the window.

``plan add`` prints the new id only once :meth:`Project.execute` has returned, that is once the
project file's journal has the commitment on disk; a script may rely on every id it reads.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from pyramid_app.cli.running import CommandError, Runner, opened_project, run_parsed, who
from pyramid_app.io.project.file import ProjectFileError
from pyramid_app.model.commands import PlanError, add_commitment
from pyramid_app.model.org import OrgChart
from pyramid_app.model.org_update import Flag, commitment_flags, plural
from pyramid_app.model.plan import Commitment, Status
from pyramid_app.model.project import Project

TEXT_WIDTH = 48


def build_plan_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pyramid-app plan",
        description="Add or list the commitments of a project file (.pyramid).",
    )
    plan_commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    add = plan_commands.add_parser(
        "add",
        help="add a commitment; prints its id once it is saved",
        description="Add one commitment of how a manager serves their reports. Prints only "
        "the new commitment's id, after it is saved in the project file.",
    )
    add.add_argument("project", type=Path, help="the project, P.pyramid")
    add.add_argument("--manager", required=True, metavar="ID", help="the manager's person id")
    add.add_argument("--text", required=True, help="what the manager commits to")
    add.add_argument("--practice", default="", help="practice family, e.g. Leadership")
    add.add_argument(
        "--serves",
        default="all",
        metavar="all|ID,ID",
        help="whom it serves: all direct reports (default) or some, by id",
    )
    add.add_argument("--measure", default="", help="how success is measured")
    add.add_argument("--cadence", default="", help="weekly, fortnightly, monthly, quarterly...")
    add.add_argument("--due", metavar="YYYY-MM-DD", help="due or review date")
    add.add_argument(
        "--status", default="planned", help=f"one of {', '.join(s.value for s in Status)}"
    )

    listing = plan_commands.add_parser(
        "list",
        help="list commitments with their flags",
        description="List the plan's commitments, with what no longer fits the organisation.",
    )
    listing.add_argument("project", type=Path, help="the project, P.pyramid")
    listing.add_argument("--manager", metavar="ID", help="only this manager's commitments")
    listing.add_argument("--json", action="store_true", help="print one JSON document")
    return parser


def run(arguments: Sequence[str], out: TextIO) -> int:
    """Run ``pyramid-app plan ARGUMENTS``; the exit code."""
    return run_parsed(build_plan_parser(), _RUNNERS, arguments, out)


# -- plan add ------------------------------------------------------------------------------


def run_add(args: argparse.Namespace, out: TextIO) -> None:
    fields: dict[str, Any] = {
        "practice": args.practice.strip(),
        "measure": args.measure.strip(),
        "cadence": args.cadence.strip(),
        "status": parse_status(args.status),
    }
    if args.due is not None:
        fields["due"] = parse_date(args.due)
    serves = args.serves.strip()
    if serves.casefold() != "all":
        fields["serves"] = tuple(part.strip() for part in serves.split(",") if part.strip())
        if not fields["serves"]:
            raise CommandError('--serves needs "all" or person ids separated by commas')
    with opened_project(args.project, read_only=False) as (_store, project):
        try:
            command = add_commitment(project, args.manager, args.text, **fields)
            project.execute(command)
        except PlanError as error:
            raise CommandError(str(error)) from error
        except (ProjectFileError, OSError, PermissionError) as error:
            raise CommandError(f"the commitment was not saved: {error}") from error
        # Only now, with the journal's write returned, is the id worth printing.
        out.write(f"{command.commitments[0].id}\n")
        out.flush()


def parse_status(text: str) -> Status:
    wanted = " ".join(text.replace("-", " ").replace("_", " ").split()).casefold()
    for status in Status:
        if status.value == wanted:
            return status
    choices = ", ".join(f'"{status.value}"' for status in Status)
    raise CommandError(f"--status {text!r} is not a status; use one of {choices}")


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            f"--due {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-06-30"
        ) from None


# -- plan list -----------------------------------------------------------------------------


def run_list(args: argparse.Namespace, out: TextIO) -> None:
    # The commitments are read from the file as they are written out, flagged a block at a
    # time: a million of them never sit in memory (1.7 GB before, the whole project read).
    with opened_project(args.project, read_only=True, with_plan=False) as (store, project):
        try:
            if (
                args.manager is not None
                and not project.has_person(args.manager)
                and next(store.commitments(args.manager), None) is None
            ):
                raise CommandError(f"there is no person with id {args.manager!r} in {project.name}")

            def commitments() -> Iterator[Commitment]:
                return store.commitments(args.manager)

            if args.json:
                write_plan_json(out, str(args.project), project, commitments())
            else:
                for text in plan_lines(project, commitments):
                    out.write(text + "\n")
        except ProjectFileError as error:
            raise CommandError(str(error)) from error


def flagged(
    commitments: Iterable[Commitment], chart: OrgChart
) -> Iterator[tuple[Commitment, list[Flag]]]:
    """Each commitment with its flags against ``chart``, worked out a block at a time."""
    block: list[Commitment] = []
    for commitment in commitments:
        block.append(commitment)
        if len(block) == _FLAGGED_BLOCK:
            yield from _with_flags(block, chart)
            block = []
    yield from _with_flags(block, chart)


_FLAGGED_BLOCK = 10_000


def _with_flags(
    block: list[Commitment], chart: OrgChart
) -> Iterator[tuple[Commitment, list[Flag]]]:
    flags = commitment_flags(block, chart)
    for commitment in block:
        yield commitment, flags.get(commitment.id, [])


def commitment_document(
    project: Project, commitment: Commitment, flags: list[Flag]
) -> dict[str, Any]:
    return {
        "id": commitment.id,
        "manager_id": commitment.manager_id,
        "manager_name": project.display_name(commitment.manager_id),
        "text": commitment.text,
        "practice": commitment.practice,
        "serves": list(commitment.serves) or "all",
        "measure": commitment.measure,
        "cadence": commitment.cadence,
        "due": commitment.due.isoformat() if commitment.due else None,
        "status": commitment.status.value,
        "owner_note": commitment.owner_note,
        "notes": [{"on": note.on.isoformat(), "text": note.text} for note in commitment.notes],
        "needs": list(commitment.needs),
        "created": commitment.created.isoformat(),
        "changed": commitment.changed.isoformat(),
        "flags": [{"kind": flag.kind.value, "message": flag.message} for flag in flags],
    }


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def write_plan_json(
    out: TextIO, file: str, project: Project, commitments: Iterable[Commitment]
) -> None:
    """The document ``{"file": ..., "commitments": [...]}``, written commitment by commitment
    as they come."""
    out.write(f'{{\n  "file": {json.dumps(file, ensure_ascii=False)},\n  "commitments": [')
    written = 0
    for commitment, flags in flagged(commitments, project.chart):
        document = commitment_document(project, commitment, flags)
        text = json.dumps(document, indent=2, ensure_ascii=False).replace("\n", "\n    ")
        out.write(("," if written else "") + "\n    " + text)
        written += 1
    out.write("\n  ]\n}\n" if written else "]\n}\n")


def _row(project: Project, c: Commitment) -> tuple[str, str, str, str, str, str]:
    return (
        c.id,
        _clip(who(project.chart, c.manager_id), 32),
        c.status.value,
        c.due.isoformat() if c.due else "-",
        _clip(c.practice, 24) or "-",
        _clip(c.text, TEXT_WIDTH),
    )


def plan_lines(project: Project, commitments: Callable[[], Iterator[Commitment]]) -> Iterator[str]:
    """The plan as a table, line by line: one pass over ``commitments()`` for the columns'
    widths, another to write."""
    header = ("ID", "MANAGER", "STATUS", "DUE", "PRACTICE", "COMMITMENT")
    widths = [len(title) for title in header[:-1]]
    count = 0
    for commitment in commitments():
        for i, cell in enumerate(_row(project, commitment)[:-1]):
            widths[i] = max(widths[i], len(cell))
        count += 1
    if not count:
        yield "no commitments yet"
        return

    def line(row: Sequence[str]) -> str:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        return "  ".join([*cells, row[-1]]).rstrip()

    yield line(header)
    flagged_count = 0
    for commitment, flags in flagged(commitments(), project.chart):
        yield line(_row(project, commitment))
        for flag in flags:
            yield f"{' ' * widths[0]}  ! {flag.message}"
        flagged_count += bool(flags)
    yield f"{plural(count, 'commitment')}" + (
        f", {flagged_count:,} flagged" if flagged_count else ""
    )


_RUNNERS: dict[str, Runner] = {"add": run_add, "list": run_list}
