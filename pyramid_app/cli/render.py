"""``pyramid-app render FILE -o PICTURE``: the pyramid drawn offscreen into a PNG, SVG or PDF."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from pyramid_app.cli.validate import EXIT_CLEAN, EXIT_UNREADABLE
from pyramid_app.io import UnreadableFileError

if TYPE_CHECKING:
    from pyramid_app.model.layout import Arrangement

_Drawn = TypeVar("_Drawn")


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
    parser.add_argument(
        "--arrangement",
        choices=[a.value for a in Arrangement],
        help="how teams are placed (default: tree; with --pages, compact: a front-line team "
        "stacked in columns takes a few cards' width on paper, not one card a person)",
    )
    parser.add_argument(
        "--pages",
        metavar="PAPER",
        help="the whole organisation on as many pages as it needs, at a scale where names "
        "can be read, into a PDF: PAPER is A2, A3, A4, A5, Letter, Legal or Tabloid. The "
        "first page shows the whole shape and where each page is",
    )
    parser.add_argument(
        "--landscape", action="store_true", help="with --pages: the paper on its side"
    )
    parser.add_argument(
        "--colour-by",
        choices=[c.value for c in ColourBy],
        help="what the colours show (default: department, else the first field that tells "
        "people apart)",
    )
    parser.add_argument(
        "--results-measure",
        metavar="MEASURE",
        help='with --colour-by "results against target" (which it implies): the results '
        "measure whose standings colour the front line, one with a target in the project "
        "(default: the first one given a target)",
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


def run(arguments: Sequence[str], out: TextIO) -> int:
    return run_render(build_render_parser().parse_args(arguments), out)


def run_render(args: argparse.Namespace, out: TextIO) -> int:
    from pyramid_app.model.layout import Arrangement
    from pyramid_app.ui.render import render_file

    refused = _refused_measure(args)
    if refused is not None:
        print(f"pyramid-app render: {refused}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.pages is not None or args.landscape:
        return _run_pages(args, out)
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
    saved = _drawn(
        lambda: render_file(
            args.file,
            args.output,
            size=(width, height),
            scale=args.scale,
            **_drawing_options(args, Arrangement.TREE),
        )
    )
    if saved is None:
        return EXIT_UNREADABLE
    out.write(f"saved {saved}\n")
    return EXIT_CLEAN


def _drawing_options(args: argparse.Namespace, arrangement: Arrangement) -> dict[str, Any]:
    """What a picture and the pages are drawn with alike (``arrangement`` unless asked)."""
    from pyramid_app.model.colouring import ColourBy
    from pyramid_app.model.layout import Arrangement

    return {
        "arrangement": Arrangement(args.arrangement or arrangement),
        "colour_by": None if args.colour_by is None else ColourBy(args.colour_by),
        "conventional": args.conventional,
        "title": args.title,
        "legend": not args.no_legend,
        "results_measure": args.results_measure,
    }


def _drawn(draw: Callable[[], _Drawn]) -> _Drawn | None:
    """What ``draw()`` returns, or None once what went wrong is said: the file unreadable, a
    results measure the project does not have, the disk."""
    from pyramid_app.io.project.file import ProjectFileError
    from pyramid_app.model.result_colouring import UnknownMeasureError

    try:
        return draw()
    except (UnreadableFileError, ProjectFileError) as error:
        print(f"pyramid-app: {error}", file=sys.stderr)
    except UnknownMeasureError as error:
        print(f"pyramid-app render: --results-measure {error}", file=sys.stderr)
    except OSError as error:
        print(f"pyramid-app render: {error}", file=sys.stderr)
    return None


def _refused_measure(args: argparse.Namespace) -> str | None:
    """What is wrong with ``--results-measure`` before anything is read (None: nothing); it
    implies colouring by results when ``--colour-by`` is not given."""
    from pyramid_app.io.project.file import SUFFIX
    from pyramid_app.model.colouring import ColourBy

    if args.results_measure is None:
        return None
    if args.colour_by is None:
        args.colour_by = ColourBy.RESULTS.value
    elif args.colour_by != ColourBy.RESULTS.value:
        return (
            f'--results-measure goes with --colour-by "{ColourBy.RESULTS.value}", not '
            f"--colour-by {args.colour_by!r}"
        )
    if not args.results_measure.strip():
        return "--results-measure is empty; name a results measure of the project"
    if args.file.suffix.lower() != SUFFIX:
        return (
            f"--results-measure needs a project (*{SUFFIX}): {args.file.name!r} is a "
            "spreadsheet, which has no results or targets"
        )
    return None


def _run_pages(args: argparse.Namespace, out: TextIO) -> int:
    """``--pages PAPER [--landscape]``: the organisation cut into pages of a PDF."""
    from pyramid_app.model.layout import Arrangement
    from pyramid_app.ui.paper.sheet import PAPER_SIZES, Paper, paper_names
    from pyramid_app.ui.render import render_pages

    if args.pages is None:
        print("pyramid-app render: --landscape goes with --pages PAPER", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.pages.upper() not in PAPER_SIZES:
        print(
            f"pyramid-app render: --pages {args.pages!r} is not a paper size; choose one of "
            f"{paper_names()}",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    if args.output.suffix.lower() != ".pdf":
        print("pyramid-app render: with --pages the output is a PDF (name.pdf)", file=sys.stderr)
        return EXIT_UNREADABLE
    report = _drawn(
        lambda: render_pages(
            args.file,
            args.output,
            Paper(args.pages, landscape=args.landscape),
            **_drawing_options(args, Arrangement.COMPACT),
        )
    )
    if report is None:
        return EXIT_UNREADABLE
    columns, rows = report.capacity
    out.write(
        f"saved {report.path}: {report.pages:,} pages of {args.pages.upper()}"
        f"{' landscape' if args.landscape else ''} (up to {columns} cards across and {rows} "
        f"rows up a page; {report.seconds:.1f} s)\n"
    )
    return EXIT_CLEAN
