"""``pyramid-app coverage P.pyramid``: how far the plan reaches, without the window.

The project is opened read-only, so nothing in the file changes. While a window holds the
project, the file's lock keeps every other opener out; that is reported on one line like the
other project commands do (exit code 2).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from pyramid_app.cli.options import parse_today
from pyramid_app.cli.plan_count import count_plan
from pyramid_app.cli.running import opened_project, run_one
from pyramid_app.model.needs_coverage import NeedsCoverage
from pyramid_app.model.project import Project

GAPS_SHOWN = 20


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is below zero")
    return value


def build_coverage_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pyramid-app coverage",
        description="How far PROJECT's plan reaches: per level of the pyramid, the share of "
        "managers with an active (not dropped) commitment; the share of front-line people "
        "whose managers, all the way down to the chief executive, have committed to serving "
        "them (overall and per department and location); the managers whose missing "
        "commitment leaves the most front-line people unserved; and the customers' touchpoint "
        "needs no active commitment answers, with the must-needs listed. The file is only read.",
    )
    parser.add_argument("project", type=Path, help="the project, P.pyramid")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help="the day to count overdue commitments on (default: today)",
    )
    parser.add_argument(
        "--gaps",
        type=_count,
        default=GAPS_SHOWN,
        metavar="N",
        help=f"how many managers to list as gaps (default {GAPS_SHOWN})",
    )
    return parser


def run(arguments: Sequence[str], out: TextIO) -> int:
    """Run ``pyramid-app coverage ARGUMENTS``; the exit code."""
    return run_one(build_coverage_parser(), arguments, out, run_coverage)


def run_coverage(args: argparse.Namespace, out: TextIO) -> None:
    today = parse_today(args.today)
    with opened_project(args.project, read_only=True, with_plan=False) as (store, project):
        counted = count_plan(store, project, today)  # a million commitments never held at once
        coverage = counted.coverage
        document: dict[str, Any] = {
            "file": str(args.project),
            "name": project.name,
            "commitments": counted.commitments,
            "active_commitments": counted.active,
            **coverage.summary(gaps=args.gaps),
        }
        for gap, entry in zip(coverage.gaps(args.gaps), document["gaps"], strict=True):
            entry["reason"] = _gap_reason(coverage.manager_state[gap.manager_index])
        document["needs"] = needs_document(project, counted.needs)
    if args.json:
        json.dump(document, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(format_coverage(document))


def _gap_reason(state: int) -> str:
    return "commitments leave out some reports" if state else "no active commitment"


def percent(part: int, whole: int) -> str:
    """A share in whole percent that never shows 100% before it is complete, nor 0% after
    a start."""
    if whole == 0:
        return "-"
    value = round(100 * part / whole)
    if part < whole:
        value = min(value, 99)
    if part > 0:
        value = max(value, 1)
    return f"{value}%"


def _table(rows: Sequence[Sequence[str]], indent: str) -> list[str]:
    """Rows as columns: the first left-aligned, the others right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        indent
        + "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def needs_document(project: Project, coverage: NeedsCoverage) -> dict[str, Any]:
    overall = coverage.overall
    return {
        "segments": len(project.customer_map),
        "touchpoints": project.customer_map.touchpoint_count,
        "total": overall.total,
        "answered": overall.answered,
        "must_total": overall.must_total,
        "must_answered": overall.must_answered,
        "unanswered_must": [
            {
                "segment": place.segment.name,
                "touchpoint_id": place.touchpoint.id,
                "touchpoint": place.touchpoint.name,
                "need_id": place.need.id,
                "kind": place.need.kind.value,
                "text": place.need.text,
            }
            for place in coverage.unanswered_must()
        ],
    }


def format_needs(needs: dict[str, Any]) -> list[str]:
    if not needs["total"]:
        return []  # a project without touchpoint needs has nothing to say here
    lines = [
        f"  customer needs answered by an active commitment: {needs['answered']:,} of "
        f"{needs['total']:,} ({percent(needs['answered'], needs['total'])}) at "
        f"{needs['touchpoints']:,} touchpoints; must-needs {needs['must_answered']:,} of "
        f"{needs['must_total']:,} ({percent(needs['must_answered'], needs['must_total'])})"
    ]
    if needs["unanswered_must"]:
        lines.append("  must-needs no active commitment answers:")
        lines += [
            f"    {row['segment']} / {row['touchpoint']} ({row['touchpoint_id']}): "
            f"{row['need_id']} [{row['kind']}] {row['text']}"
            for row in needs["unanswered_must"]
        ]
    elif needs["must_total"]:
        lines.append("  every must-need is answered by an active commitment")
    return lines


def format_coverage(document: dict[str, Any]) -> str:
    lines = format_needs(document["needs"]) if "needs" in document else []
    return format_reach(document) + "".join(f"{line}\n" for line in lines)


def format_reach(document: dict[str, Any]) -> str:
    """The managers' and the front line's part of the report."""
    lines = [
        f"{document['file']}: coverage on {document['today']}",
        f"  people {document['people']:,} · managers {document['managers']:,} · front line "
        f"{document['front_line']:,} · commitments {document['commitments']:,} "
        f"({document['active_commitments']:,} active)",
    ]
    if document["levels"]:
        lines.append("  managers with an active commitment, by level (0 is the bottom):")
        rows = [("LEVEL", "MANAGERS", "COMMITTED", "SHARE")]
        rows += [
            (
                str(row["level"]),
                f"{row['managers']:,}",
                f"{row['with_active_commitment']:,}",
                percent(row["with_active_commitment"], row["managers"]),
            )
            for row in document["levels"]
        ]
        lines += _table(rows, "    ")
        states = " · ".join(
            f"{state} {count:,}" for state, count in document["manager_states"].items()
        )
        lines.append(f"  managers: {states}")
    else:
        lines.append("  no managers: nobody has reports to commit to")

    served = document["served"]
    if not served["total"]:
        lines.append("  no front-line people")
        return _with_not_connected(lines, document)
    lines.append(
        f"  front line served (every manager below them committed): {served['served']:,} of "
        f"{served['total']:,} ({percent(served['served'], served['total'])})"
    )
    for key, title, blank in (
        ("served_by_department", "by department", "(no department)"),
        ("served_by_location", "by location", "(no location)"),
    ):
        rows_by = document[key]
        if len(rows_by) < 2:
            continue  # one value only says the same as the overall line
        lines.append(f"  {title}:")
        value_key = "department" if key.endswith("department") else "location"
        lines += _table(
            [
                (
                    row[value_key] or blank,
                    f"{row['served']:,} of {row['total']:,}",
                    percent(row["served"], row["total"]),
                )
                for row in rows_by
            ],
            "    ",
        )

    gaps = document["gaps"]
    if not gaps:
        if served["served"] == served["total"]:
            lines.append("  gaps: none, every front-line person is served")
        return _with_not_connected(lines, document)
    lines.append("  gaps, who to talk to first (front-line people whose chain breaks there):")
    for number, gap in enumerate(gaps, 1):
        name = gap["manager_name"]
        who = (
            f"{name} ({gap['manager_id']})"
            if name and name != gap["manager_id"]
            else gap["manager_id"]
        )
        count = gap["unserved_front_line"]
        people = f"{count:,} front-line {'person' if count == 1 else 'people'}"
        lines.append(f"    {number:>2}. {who}, level {gap['level']}: {people} · {gap['reason']}")
    return _with_not_connected(lines, document)


def _with_not_connected(lines: list[str], document: dict[str, Any]) -> str:
    """The report, ending with the front line not connected to the chief executive, if any."""
    loose = document["not_connected"]
    if loose["front_line"]:
        count = loose["front_line"]
        lines.append(
            f"  not connected to the chief executive (counted apart, never served): {count:,} "
            f"front-line {'person' if count == 1 else 'people'}"
        )
        for part in loose["breaks"]:
            name, top_id = part["top_name"], part["top_id"]
            who = f"{name} ({top_id})" if name and name != top_id else top_id
            if not part["top_is_person"]:
                who = f'"{name}" (not a person)'
            lines.append(f"    under {who}: {part['front_line']:,} · {part['reason']}")
    return "\n".join(lines) + "\n"
