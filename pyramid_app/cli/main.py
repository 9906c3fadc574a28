"""The ``pyramid-app`` command: the window, or one of the headless subcommands, each in its own
module of this package and imported only when it is asked for."""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pyramid_app import __version__


def build_window_parser() -> argparse.ArgumentParser:
    from pyramid_app.model.colour_by import ColourBy

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
        "`pyramid-app apply-updates P.pyramid plan.xlsx`, "
        "`pyramid-app results import P.pyramid results.xlsx`, "
        "`pyramid-app target set P.pyramid --measure M --value V`, "
        "`pyramid-app progress P.pyramid`, `pyramid-app project demo -o P.pyramid`, "
        "`pyramid-app deck P.pyramid -o deck.pptx`, "
        "`pyramid-app handouts P.pyramid -o handouts.pdf`.",
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
    parser.add_argument(
        "--results-measure",
        metavar="MEASURE",
        help="colour by results against target of this measure (View > Colour by > Results "
        "measure)",
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
    parser.add_argument(
        "--present",
        nargs="?",
        const="1",
        metavar="STEP",
        help="open straight into present mode (View > Present, F5), at a workshop step (1 to "
        "4) or at 'coverage', 'progress' or 'walk'; with --screenshot, that screen is saved",
    )
    parser.add_argument(
        "--size",
        type=window_size,
        metavar="WxH",
        help="open the window at this size, e.g. 1366x768",
    )
    parser.add_argument(
        "--workspace",
        choices=["explore", "plan", "customers", "review"],
        help="open in this workspace (View > Workspace)",
    )
    return parser


def window_size(text: str) -> tuple[int, int]:
    """--size as the user writes it, 1366x768; at least 640x480."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} should look like 1366x768") from None
    if width < 640 or height < 480:
        raise argparse.ArgumentTypeError(f"{text!r} is too small; the window needs 640x480")
    return width, height


# The exit code of a command whose reader went away (`... | head -1`), as SIGPIPE would give.
EXIT_READER_GONE = 128 + 13


def main(argv: Sequence[str] | None = None) -> int:
    one_thread_for_matrices()
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
        return 2  # as a file that cannot be used


def one_thread_for_matrices() -> None:
    """numpy's linear algebra library starts a thread per core as numpy is imported, and that
    thread spins for about a tenth of a second: a core taken from the spreadsheet's read and the
    window's start just when both want one, and a machine that looks busy to the question
    whether a core is free (io/spreadsheet/sheet_halves.py). The app multiplies no matrices
    large enough to want a second thread; a setting of the user's own is kept (and none is
    made once numpy is imported: it would change nothing)."""
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


# The headless subcommands: each module's ``run(arguments, out)``, imported when asked for.
SUBCOMMANDS = {
    "validate": "pyramid_app.cli.validate",
    "render": "pyramid_app.cli.render",
    "project": "pyramid_app.cli.project",
    "plan": "pyramid_app.cli.plan",
    "coverage": "pyramid_app.cli.coverage",
    "export": "pyramid_app.cli.export",
    "apply-updates": "pyramid_app.cli.apply_updates",
    "results": "pyramid_app.cli.results",
    "target": "pyramid_app.cli.target",
    "progress": "pyramid_app.cli.progress",
    "handouts": "pyramid_app.cli.handouts",
    "deck": "pyramid_app.cli.deck",
}


def _dispatch(arguments: list[str]) -> int:
    if arguments[:1] and arguments[0] in SUBCOMMANDS:
        module = importlib.import_module(SUBCOMMANDS[arguments[0]])
        code: int = module.run(arguments[1:], sys.stdout)
        return code
    args = build_window_parser().parse_args(arguments)
    # Starting the window makes hundreds of thousands of objects that live as long as it does,
    # and no garbage: the cycle collector would only walk them again and again (about a
    # twentieth of the start). The window turns it back on once it runs (ui/app.py).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _open_window(args)
    finally:
        if collecting:
            gc.enable()


def _open_window(args: argparse.Namespace) -> int:
    if args.file is not None and args.screenshot is None:
        from pyramid_app.io.spreadsheet.early_read import start_reading

        # First of all: a child reads the spreadsheet while this process imports the window's
        # modules and Qt.
        start_reading(args.file)
    from pyramid_app.ui.app import run_window

    if args.present is not None:
        from pyramid_app.ui.present import present_slide

        try:
            present_slide(args.present)
        except ValueError as error:
            print(f"pyramid-app: --present {error}", file=sys.stderr)
            return 2
    return run_window(
        args.file,
        args.screenshot,
        args.select,
        args.plan_table,
        colour_by=args.colour_by,
        results_measure=args.results_measure,
        coverage=args.coverage,
        journey=args.journey,
        touchpoint=args.touchpoint,
        workshop=args.workshop,
        present=args.present,
        size=args.size,
        workspace=args.workspace,
    )


if __name__ == "__main__":
    raise SystemExit(main())
