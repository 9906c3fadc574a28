"""The ``pyramid-app`` command: the composition root for the window and the headless tools."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from pyramid_app import __version__
from pyramid_app.cli_options import add_import_options
from pyramid_app.io import ImportResult, UnreadableFileError, read_org
from pyramid_app.io.cells import printable
from pyramid_app.io.report import FindingKind

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pyramid-app",
        description="Pyramid Planner: see your organisation as an inverted pyramid.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    validate = commands.add_parser(
        "validate",
        help="check that a spreadsheet is a usable org chart and list its data problems",
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
    return parser


def build_window_parser() -> argparse.ArgumentParser:
    from pyramid_app.model.colouring import ColourBy

    parser = argparse.ArgumentParser(
        prog="pyramid-app",
        description="Pyramid Planner: see your organisation as an inverted pyramid. "
        "Without FILE the window opens on the built-in demo organisation. Other commands "
        "(each has --help): `pyramid-app validate FILE`, `pyramid-app render FILE -o PICTURE`, "
        "`pyramid-app project new FILE -o P.pyramid`, `pyramid-app project info P.pyramid`, "
        "`pyramid-app project update P.pyramid NEWER_FILE`, "
        "`pyramid-app plan add P.pyramid --manager ID --text TEXT`, "
        "`pyramid-app plan list P.pyramid`, `pyramid-app coverage P.pyramid`, "
        "`pyramid-app export P.pyramid -o plan.xlsx`, "
        "`pyramid-app apply-updates P.pyramid plan.xlsx`.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "file", type=Path, nargs="?", help="a project (*.pyramid) or a spreadsheet to open"
    )
    parser.add_argument(
        "--screenshot", type=Path, metavar="PNG", help="save a picture of the window and quit"
    )
    parser.add_argument("--select", metavar="ID", help="select this person once the file is open")
    parser.add_argument("--plan-table", action="store_true", help="show the Plan table dock")
    parser.add_argument(
        "--colour-by",
        choices=[c.value for c in ColourBy],
        help="colour the people by this once the file is open (View > Colour by)",
    )
    parser.add_argument("--coverage", action="store_true", help="show the Coverage dashboard")
    parser.add_argument(
        "--journey", metavar="SEGMENT", help="open this customer segment's journey (its name)"
    )
    parser.add_argument(
        "--touchpoint", metavar="ID", help="choose this touchpoint (T-001...) and light its people"
    )
    parser.add_argument(
        "--workshop",
        type=int,
        choices=range(1, 5),
        metavar="STEP",
        help="open the Workshop at this step (1 customer, 2 touchpoints, 3 needs, 4 commitments)",
    )
    return parser


def build_render_parser() -> argparse.ArgumentParser:
    from pyramid_app.model.colouring import ColourBy
    from pyramid_app.model.layout import Arrangement

    parser = argparse.ArgumentParser(
        prog="pyramid-app render",
        description="Draw FILE's organisation as an inverted pyramid into a PNG, SVG or PDF.",
    )
    parser.add_argument(
        "file",
        type=Path,
        help="xlsx, xlsm, xlsb, xls, ods or csv file, or a project (*.pyramid: --colour-by "
        "coverage then shows its plan)",
    )
    parser.add_argument("-o", "--output", type=Path, required=True, help="picture.png|svg|pdf")
    parser.add_argument("--arrangement", choices=[a.value for a in Arrangement], default="tree")
    parser.add_argument(
        "--colour-by",
        choices=[c.value for c in ColourBy],
        help="what the colours show (default: department, else the first field that tells "
        "people apart)",
    )
    parser.add_argument("--size", default="1600x1000", help="picture size in pixels, WxH")
    parser.add_argument("--scale", type=float, default=1.0, help="PNG pixel scale (2 = double)")
    parser.add_argument("--conventional", action="store_true", help="chief executive on top")
    parser.add_argument(
        "--title",
        metavar="TEXT",
        help='the line above the pyramid (default: "organisation · N people · date"; "" for none)',
    )
    parser.add_argument(
        "--no-legend",
        action="store_true",
        help="leave out the colour key on the right and give the pyramid its room",
    )
    return parser


# The exit code of a command whose reader went away (`... | head -1`), as SIGPIPE would give.
EXIT_READER_GONE = 128 + 13


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _dispatch(list(sys.argv[1:] if argv is None else argv))
    except BrokenPipeError:
        # Whoever read the output stopped reading (`| head -1`): end quietly. What Python still
        # holds for the closed pipe goes nowhere, so its flush at exit cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        with contextlib.suppress(OSError, ValueError):
            os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_READER_GONE
    except MemoryError:
        # Whatever ran out (parsing, reading, drawing), the user reads one line, not a trace.
        print(
            "pyramid-app: there is not enough free memory for this. Close other programs and "
            "try again, or use a smaller file.",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE


def _dispatch(arguments: list[str]) -> int:
    if arguments[:1] == ["validate"]:
        return run_validate(build_parser().parse_args(arguments), sys.stdout)
    if arguments[:1] == ["render"]:
        return run_render(build_render_parser().parse_args(arguments[1:]))
    if arguments[:1] == ["project"]:
        from pyramid_app import cli_project

        return cli_project.run(arguments[1:], sys.stdout)
    if arguments[:1] == ["plan"]:
        from pyramid_app import cli_plan

        return cli_plan.run(arguments[1:], sys.stdout)
    if arguments[:1] == ["coverage"]:
        from pyramid_app import cli_coverage

        return cli_coverage.run(arguments[1:], sys.stdout)
    if arguments[:1] == ["export"]:
        from pyramid_app import cli_action_plan

        return cli_action_plan.run_export(arguments[1:], sys.stdout)
    if arguments[:1] == ["apply-updates"]:
        from pyramid_app import cli_action_plan

        return cli_action_plan.run_apply(arguments[1:], sys.stdout)
    args = build_window_parser().parse_args(arguments)
    from pyramid_app.ui.app import run_window

    return run_window(
        args.file,
        args.screenshot,
        args.select,
        args.plan_table,
        colour_by=args.colour_by,
        coverage=args.coverage,
        journey=args.journey,
        touchpoint=args.touchpoint,
        workshop=args.workshop,
    )


def run_render(args: argparse.Namespace) -> int:
    from pyramid_app.io.project_file import ProjectFileError
    from pyramid_app.model.colouring import ColourBy
    from pyramid_app.model.layout import Arrangement
    from pyramid_app.ui.render import render_file

    try:
        width, height = (int(part) for part in args.size.lower().split("x"))
    except ValueError:
        print(
            f"pyramid-app render: --size {args.size!r} should look like 1600x1000", file=sys.stderr
        )
        return EXIT_UNREADABLE
    if width < 320 or height < 240:
        print(
            f"pyramid-app render: --size {args.size!r} is too small; a picture needs at least "
            "320x240 pixels",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    if not 0 < args.scale <= 8:
        print(
            f"pyramid-app render: --scale {args.scale:g} should be above 0 and at most 8",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    if args.output.suffix.lower() not in (".png", ".svg", ".pdf"):
        print("pyramid-app render: the output must end in .png, .svg or .pdf", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        saved = render_file(
            args.file,
            args.output,
            arrangement=Arrangement(args.arrangement),
            colour_by=None if args.colour_by is None else ColourBy(args.colour_by),
            size=(width, height),
            scale=args.scale,
            conventional=args.conventional,
            title=args.title,
            legend=not args.no_legend,
        )
    except (UnreadableFileError, ProjectFileError) as error:
        print(f"pyramid-app: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as error:
        print(f"pyramid-app render: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"saved {saved}")
    return EXIT_CLEAN


def run_validate(args: argparse.Namespace, out: TextIO) -> int:
    if hasattr(out, "reconfigure"):
        out.reconfigure(errors="replace")  # a non-UTF-8 console must not turn "·" into a crash
    overrides = {
        field: getattr(args, field)
        for field in ("id", "manager", "name")
        if getattr(args, field) is not None
    }
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


# json escapes C0 controls itself but writes DEL, the C1 controls (0x9b starts an escape
# sequence in some terminals) and bidirectional overrides as they are; they can only stand
# inside strings, where \\uXXXX means the same.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_json(document: Any) -> str:
    """JSON with non-ASCII text kept readable and nothing a terminal would act on."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return _RAW_IN_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


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


def printable_lines(lines: list[str]) -> str:
    """Lines for a terminal: nothing from the file may move the cursor or start a line."""
    return "".join(printable(line) + "\n" for line in lines)


if __name__ == "__main__":
    raise SystemExit(main())
