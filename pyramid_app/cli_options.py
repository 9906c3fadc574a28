"""The options every command that imports a spreadsheet takes, defined once."""

from __future__ import annotations

import argparse


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
