"""The options the subcommands share, defined once: the import options of every command that
reads a spreadsheet, and the day figures are counted on."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from pyramid_app.cli.running import CommandError


def add_import_options(parser: argparse.ArgumentParser) -> None:
    """--sheet, --id, --manager, --name and --header-row, as `validate` and `project` take them."""
    parser.add_argument(
        "--sheet", help="the sheet to read (default: the one that looks most like an org chart)"
    )
    for field, example in (("id", "Employee ID"), ("manager", "Manager ID"), ("name", "Name")):
        parser.add_argument(
            f"--{field}",
            metavar="COL",
            help=f'the {field} column, by header text or letter (e.g. "{example}" or C)',
        )
    parser.add_argument(
        "--header-row",
        type=row_number,
        metavar="N",
        help="the header is on this row (line, for CSV) instead of the one found by searching",
    )


def row_number(text: str) -> int:
    """A row (or line) number as the user sees it: 1 or more."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a row number (1 or more)")
    return value


def import_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The columns named on the command line (--id, --manager, --name), by field."""
    return {
        field: getattr(args, field)
        for field in ("id", "manager", "name")
        if getattr(args, field) is not None
    }


def parse_today(text: str | None) -> dt.date:
    """--today as given, else today: the command line is where the clock is read, never the
    model."""
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            f"--today {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-06-30"
        ) from None
