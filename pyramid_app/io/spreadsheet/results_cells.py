"""What reading a results sheet makes of it, shared by the row-by-row reader
(:mod:`~pyramid_app.io.spreadsheet.results_import`) and the column-at-a-time one
(:mod:`~pyramid_app.io.spreadsheet.results_by_column`): the columns chosen, the rows read and
the problems found, and how one cell reads as a period or a number.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyramid_app.io.spreadsheet.cells import cell_text
from pyramid_app.io.spreadsheet.mapping import header_text
from pyramid_app.io.spreadsheet.report import column_letter
from pyramid_app.model.results import Period, Result, parse_period

FIELDS = ("period", "unit", "measure", "value")
_PERCENT = re.compile(r"^([-+]?\d+(?:[.,]\d+)?)\s*%$")
_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[-+]?\d+,\d+$")


@dataclass(frozen=True)
class ResultsMapping:
    """0-based column of each field, or None where the sheet has none. Without a measure and
    a value column, ``measures`` are the columns read as one measure each (a wide table)."""

    period: int | None = None
    unit: int | None = None
    measure: int | None = None
    value: int | None = None
    measures: tuple[int, ...] = ()

    @property
    def wide(self) -> bool:
        return self.measure is None and self.value is None

    def describe(self, headers: Sequence[str]) -> dict[str, str]:
        found = {
            name: header_text(headers, column)
            for name in FIELDS
            if (column := getattr(self, name)) is not None
        }
        if self.wide:
            found["measures"] = ", ".join(header_text(headers, c) for c in self.measures)
        return found


@dataclass(frozen=True)
class ResultProblem:
    """A row (as the user sees it) left out, and why; ``column`` 0-based when one cell is."""

    row: int
    message: str
    column: int | None = None
    unknown_unit: str = ""  # the unit named, when the project has no unit of that name


@dataclass
class ResultsRead:
    """What a results file holds: its usable rows (measures spelled as the project spells
    them) and every problem, by row."""

    path: Path
    sheet: str
    header_row: int
    headers: list[str]
    mapping: ResultsMapping
    results: list[Result]
    problems: list[ResultProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    real_format: str = "xlsx"
    result_rows: list[int] = field(default_factory=list)  # the row of each result, in order
    # The results as codes into tables, when the sheet was read a column at a time: what
    # compares them with the project quickly (results_by_column.py).
    columns: Any = None

    @property
    def row_word(self) -> str:
        return "line" if self.real_format == "text" else "row"

    def where(self, problem: ResultProblem) -> str:
        """ "Results!C14" for a workbook, "line 14" of a CSV."""
        if self.real_format == "text":
            return f"line {problem.row:,}"
        cell = column_letter(problem.column) if problem.column is not None else "row "
        return f"{self.sheet}!{cell}{problem.row}"


def period_of(cell: object) -> Period | None:
    """A cell as a period: a date cell is its day; text is read by :func:`parse_period`."""
    if isinstance(cell, dt.datetime):
        return Period.day(cell.date())
    if isinstance(cell, dt.date):
        return Period.day(cell)
    if isinstance(cell, str):
        try:
            return parse_period(cell)
        except ValueError:
            return None
    return None


def number_of(cell: object) -> float | str | None:
    """A cell as a number; None when it is empty, and words saying why when it is not one.
    Text is read as people write numbers: "4.5", "1,234.5", "4,5", "87%" (0.87, as Excel
    holds a percentage)."""
    if isinstance(cell, bool):
        return f"{cell_text(cell)} is not a number"
    if isinstance(cell, int | float):
        value = float(cell)
        return value if value == value and abs(value) != float("inf") else "not a number"
    text = cell_text(cell)
    if not text:
        return None
    if not isinstance(cell, str):
        return f"{text!r} is not a number"
    scale = 1.0
    cleaned = text.replace("\u00a0", "").replace(" ", "")
    if (percent := _PERCENT.match(cleaned)) is not None:
        cleaned, scale = percent.group(1), 0.01
    if _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(",", "")
    elif _DECIMAL_COMMA.match(cleaned):
        cleaned = cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return f"the value {text!r} is not a number"
    if value != value or abs(value) == float("inf"):
        return f"the value {text!r} is not a number"
    return value * scale
