"""``pyramid-app deck P.pyramid -o deck.pptx``: the steering deck, without the window.

A 16:9 PowerPoint file of native slides: the title, the pyramid coloured by coverage (the one
picture, drawn offscreen at the slide's resolution), coverage by level as an editable chart,
the first gaps, one slide per customer segment, the commitments by status and practice, and
progress against targets where the project has targets. ``--slides`` chooses some. The project
is opened read-only.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pyramid_app.cli.options import parse_today
from pyramid_app.cli.running import CommandError, opened_project, run_one
from pyramid_app.io.deck.choice import ALL_SLIDES, SlideKind, parse_slides, slide_names
from pyramid_app.io.deck.errors import DeckError

if TYPE_CHECKING:
    from pyramid_app.model.coverage import Coverage
    from pyramid_app.model.project import Project


def build_deck_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pyramid-app deck",
        description="Write PROJECT's steering deck, a 16:9 PowerPoint file that opens in "
        "PowerPoint and LibreOffice Impress: a title slide; the pyramid coloured by coverage "
        "with its key; coverage by level as an editable chart; who to talk to first; one "
        "slide per customer segment with its touchpoints, their needs and who answers them; "
        "the commitments by status and practice; and progress against targets (when the "
        "project has targets). Text stays text; columns hidden from the audience never "
        "appear. The project is only read.",
    )
    parser.add_argument("project", type=Path, help="the project, P.pyramid")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="PPTX",
        help="the deck to write, deck.pptx (a deck already there is replaced once the new one "
        "is complete)",
    )
    parser.add_argument(
        "--slides",
        metavar="NAMES",
        help=f"the slides to make, separated by commas, from {slide_names()} (default: all; "
        "they keep the deck's order)",
    )
    parser.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help="the day the deck is as of, for coverage and overdue commitments (default: today)",
    )
    return parser


def run(arguments: Sequence[str], out: TextIO) -> int:
    """Run ``pyramid-app deck ARGUMENTS``; the exit code."""
    return run_one(build_deck_parser(), arguments, out, run_deck)


def run_deck(args: argparse.Namespace, out: TextIO) -> None:
    from pyramid_app.cli.plan_count import plan_read_whole, tallied
    from pyramid_app.io.deck.content import deck_content
    from pyramid_app.io.deck.writer import write_deck
    from pyramid_app.io.project.file import ProjectFileError
    from pyramid_app.model.progress_report import progress_report

    output: Path = args.output
    if output.suffix.lower() != ".pptx":
        raise CommandError(f"-o {output}: the deck is a PowerPoint file; end the name in .pptx")
    if output.is_dir():
        raise CommandError(f"-o {output} is a folder; give the deck a file name ending in .pptx")
    try:
        slides = parse_slides(args.slides) if args.slides is not None else ALL_SLIDES
    except DeckError as error:
        raise CommandError(f"--slides: {error}") from error
    today = parse_today(args.today)
    drawn = SlideKind.PYRAMID in slides
    with opened_project(args.project, read_only=True, with_plan=False) as (store, project):
        picture, progress, figures = None, None, None
        if SlideKind.PROGRESS in slides and len(project.targets):
            # The progress slide counts from the whole plan (its history walked back), read
            # after the drawing: a million commitments never beside the drawing of a million.
            coverage, picture = plan_read_whole(
                store, project, today, (lambda c: _picture(project, c)) if drawn else None
            )
            try:
                progress = progress_report(project, store.plan_history(), today)
            except ProjectFileError as error:
                raise CommandError(str(error)) from error
        else:  # the other slides need the plan's figures only: it is never read whole
            coverage, tally = tallied(store, project, today)
            figures = tally.figures()
            del tally
            if drawn:
                picture = _picture(project, coverage)
        content = deck_content(project, coverage, today, progress, figures)
    try:
        report = write_deck(content, output, slides, picture)
    except DeckError as error:
        raise CommandError(str(error)) from error
    out.write(
        f"wrote {report.path}: {report.summary()}, as of {today.isoformat()} "
        f"({report.seconds:.1f} s)\n"
    )
    for reason in report.left_out:
        out.write(f"  left out {reason}\n")


def _picture(project: Project, coverage: Coverage) -> bytes | None:
    """The pyramid coloured by coverage at the slide's resolution, drawn offscreen; None when
    it cannot be drawn (the deck is worth having without it; its report says so)."""
    from pyramid_app.ui.app import application
    from pyramid_app.ui.dialogs.deck_picture import deck_pyramid_png

    application(headless=True)
    try:
        return deck_pyramid_png(project, coverage)
    except (OSError, RuntimeError):
        return None
