"""``pyramid-app validate FILE``: a spreadsheet checked as the app would import it, with every
data problem by sheet, row and column."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from pyramid_app.cli.options import add_import_options, import_overrides
from pyramid_app.cli.running import printable_lines, terminal_json
from pyramid_app.io import ImportResult, UnreadableFileError, read_org
from pyramid_app.io.spreadsheet.cells import printable
from pyramid_app.io.spreadsheet.report import FindingKind

EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2
SHOWN_PER_KIND = 20

_KIND_TITLES = {
    FindingKind.DUPLICATE_ROW: "duplicate rows merged",
    FindingKind.DUPLICATE_ID: "duplicate ids",
    FindingKind.MISSING_ID: "rows without an id",
    FindingKind.MANAGER_NOT_FOUND: "managers not found",
    FindingKind.AMBIGUOUS_MANAGER: "ambiguous manager names",
    FindingKind.CYCLE: "management loops",
    FindingKind.SEVERAL_ROOTS: "people without a manager",
    FindingKind.NO_MANAGER_COLUMN: "no manager column",
    FindingKind.MANAGER_HAS_LEFT: "managers who have left (noted, kept as the sheet says)",
    FindingKind.MANAGER_NOT_IN_FILE: "managers not in the file (kept as placeholders)",
    FindingKind.UNCLOSED_QUOTE: "quotes never closed",
}


def build_validate_parser() -> argparse.ArgumentParser:
    validate = argparse.ArgumentParser(
        prog="pyramid-app validate",
        description="Import FILE as the app would and report what had to be repaired or is "
        "worth knowing. Exit code 0: no findings, 1: findings (repairs are made as described), "
        "2: the file cannot be used.",
    )
    validate.add_argument("file", type=Path, help="xlsx, xlsm, xlsb, xls, ods or csv file")
    add_import_options(validate)
    validate.add_argument("--json", action="store_true", help="print one JSON document")
    validate.add_argument(
        "--all", action="store_true", help=f"list every finding, not the first {SHOWN_PER_KIND}"
    )
    return validate


def run(arguments: Sequence[str], out: TextIO) -> int:
    return run_validate(build_validate_parser().parse_args(arguments), out)


def run_validate(args: argparse.Namespace, out: TextIO) -> int:
    if hasattr(out, "reconfigure"):
        out.reconfigure(errors="replace")  # a non-UTF-8 console must not turn "·" into a crash
    overrides = import_overrides(args)
    try:
        result = read_org(
            args.file, sheet=args.sheet, overrides=overrides, header_row=args.header_row
        )
    except UnreadableFileError as error:
        if args.json:
            document = {"file": str(args.file), "status": "unreadable", "error": str(error)}
            out.write(terminal_json(document) + "\n")
        else:
            print(f"pyramid-app: {printable(str(error))}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.json:
        out.write(terminal_json(validation_document(result)) + "\n")
    else:
        out.write(format_validation(result, show_all=args.all))
    return EXIT_FINDINGS if len(result.report) else EXIT_CLEAN


def validation_document(result: ImportResult) -> dict[str, Any]:
    return {
        "file": str(result.path),
        "format": result.real_format,
        "sheet": result.sheet,
        "header_row": result.header_row,
        "status": "findings" if len(result.report) else "ok",
        "summary": result.summary(),
        "mapping": result.mapping.describe(result.headers),
        "manager_candidates": [
            {"header": c.header, "resolved": c.resolved, "rows": c.rows}
            for c in result.manager_candidates
        ],
        "notes": list(result.report.notes),
        "findings": [finding.to_json() for finding in result.report],
    }


def format_validation(result: ImportResult, show_all: bool = False) -> str:
    """The validate report as text; everything taken from the file is shown escaped."""
    summary = result.summary()
    chart = result.chart
    where = "line" if result.is_text else "row"
    sheet = "" if result.is_text else f', sheet "{result.sheet}"'
    lines = [f"{result.path.name}{sheet}, header on {where} {result.header_row}"]
    widest = ""
    if summary["widest_span_id"] is not None:
        index = chart.index_of(summary["widest_span_id"])
        who = _who(chart.names[index], chart.ids[index])
        widest = f" · widest span {summary['widest_span']}: {who}"
    apart = f" · not in the file {summary['not_in_file']:,}" if summary["not_in_file"] else ""
    lines.append(
        f"  people {summary['people']:,} · levels {summary['levels']} · front line "
        f"{summary['front_line']:,} · managers {summary['managers']:,}{widest}{apart}"
    )
    mapped = "  ".join(
        f'{field}: "{header}"' for field, header in result.mapping.describe(result.headers).items()
    )
    lines.append(f"  {mapped}")
    lines.extend(f"  note: {note}" for note in result.report.notes)
    counts = result.report.counts()
    if not counts:
        lines.append("  ok: no problems found")
        return printable_lines(lines)
    repairs = len(result.report.repairs())
    noted = len(result.report) - repairs
    if not noted:
        lines.append(f"  {_plural(repairs, 'problem')} found, each with what was done:")
    elif not repairs:
        lines.append(f"  {_plural(noted, 'note')}, nothing repaired:")
    else:
        lines.append(f"  {_plural(repairs, 'repair')} and {_plural(noted, 'note')}:")
    for kind, count in counts.items():
        lines.append(f"  {_KIND_TITLES[kind]} ({count:,})")
        findings = result.report.of_kind(kind)
        shown = findings if show_all else findings[:SHOWN_PER_KIND]
        lines.extend(f"    {finding}" for finding in shown)
        if len(shown) < len(findings):
            lines.append(f"    ... and {len(findings) - len(shown):,} more (--all lists them)")
    return printable_lines(lines)


def _who(name: str, person_id: str) -> str:
    return f"{name} ({person_id})" if name and name != person_id else person_id


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"
