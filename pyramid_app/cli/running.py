"""What every subcommand shares: exit codes, the one-line error, output a terminal can take,
and opening a project for the length of a command."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO, cast

from pyramid_app.io.project.file import ProjectFile, ProjectFileError
from pyramid_app.io.spreadsheet.cells import printable
from pyramid_app.model.org import OrgChart
from pyramid_app.model.project import Project

EXIT_CLEAN, EXIT_USAGE = 0, 2


class CommandError(Exception):
    """Something the user can fix; printed on one line after the command's name, exit code 2."""


Runner = Callable[[argparse.Namespace, TextIO], None]


def run_one(
    parser: argparse.ArgumentParser,
    arguments: Sequence[str],
    out: TextIO,
    command: Runner,
) -> int:
    """Parse, run ``command``, and turn a :class:`CommandError` into one line and exit code 2."""
    return _run(parser, arguments, out, lambda _args: (parser.prog, command, out))


def run_parsed(
    parser: argparse.ArgumentParser,
    runners: Mapping[str, Runner],
    arguments: Sequence[str],
    out: TextIO,
) -> int:
    """Parse, run the chosen command, and turn a :class:`CommandError` into exit code 2."""
    return _run(
        parser,
        arguments,
        out,
        # Written through as a TextIO: every call it does not escape is passed on unchanged.
        lambda args: (
            f"{parser.prog} {args.command}",
            runners[args.command],
            cast(TextIO, _PrintableOut(out)),
        ),
    )


def _run(
    parser: argparse.ArgumentParser,
    arguments: Sequence[str],
    out: TextIO,
    choose: Callable[[argparse.Namespace], tuple[str, Runner, TextIO]],
) -> int:
    """Parse, run what ``choose`` picks (its name for messages, the runner, the stream), and
    turn a :class:`CommandError` into one line on stderr and exit code 2."""
    if hasattr(out, "reconfigure"):
        out.reconfigure(errors="replace")  # a non-UTF-8 console must not turn "·" into a crash
    args = parser.parse_args(arguments)
    name, command, stream = choose(args)
    try:
        command(args, stream)
    except CommandError as error:
        print(f"{name}: {printable(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_CLEAN


class _PrintableOut:
    """The output stream, with names and titles from a spreadsheet escaped as they are written:
    control characters and escape sequences cannot clear or retitle the terminal. Line breaks
    the commands write themselves are kept."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, text: str) -> int:
        return self._out.write("\n".join(printable(line) for line in text.split("\n")))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._out, name)


@contextmanager
def opened_project(
    path: Path, read_only: bool, with_plan: bool = True
) -> Iterator[tuple[ProjectFile, Project]]:
    """The project at ``path``, open for the length of a command (without its commitments
    unless ``with_plan``: :meth:`ProjectFile.commitments` reads them as they are needed)."""
    try:
        opened = ProjectFile.open(path, read_only=read_only, with_plan=with_plan)
    except ProjectFileError as error:
        raise CommandError(str(error)) from error
    except OSError as error:
        raise CommandError(f"cannot open {path}: {error.strerror or error}") from error
    store, project = opened
    try:
        yield store, project
    finally:
        store.close()


def who(chart: OrgChart, person_id: str) -> str:
    """ "Name (id)" for someone in ``chart``, or the bare id."""
    try:
        name = chart.names[chart.index_of(person_id)]
    except KeyError:
        return printable(person_id)
    text = f"{name} ({person_id})" if name and name != person_id else person_id
    return printable(text)  # a name from a file may hold line breaks and escape sequences


# json escapes C0 controls itself but writes DEL, the C1 controls (0x9b starts an escape
# sequence in some terminals) and bidirectional overrides as they are; they can only stand
# inside strings, where \\uXXXX means the same.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_json(document: Any) -> str:
    """JSON with non-ASCII text kept readable and nothing a terminal would act on."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return _RAW_IN_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def printable_lines(lines: list[str]) -> str:
    """Lines for a terminal: nothing from the file may move the cursor or start a line."""
    return "".join(printable(line) + "\n" for line in lines)


SHOWN_PER_SECTION = 20  # items of a listed section before "... and N more (--all lists them)"


def listed_section(
    lines: list[str], title: str, items: Sequence[str], show_all: bool = False
) -> None:
    """``title:`` and its items indented under it, the first twenty unless ``show_all``;
    nothing at all for no items."""
    if not items:
        return
    lines.append(f"  {title}:")
    shown = items if show_all else items[:SHOWN_PER_SECTION]
    lines.extend(f"    {item}" for item in shown)
    if len(shown) < len(items):
        lines.append(f"    ... and {len(items) - len(shown):,} more (--all lists them)")
