"""Read the customers' results from a spreadsheet or CSV: one row per period, unit, measure and
value, as the client already tracks them.

The file goes through the same gate and readers as an org chart (:mod:`readers`, the size and
kind checks of :mod:`safety`). The header row is the one naming the most of the four columns,
proposed by their names: period (month, week, date), unit (hotel, department, location,
segment, touchpoint), measure (metric, KPI) and value (score, result). A sheet without a
measure and a value column is read the other way round, each further column a measure (a
"wide" table: Month, Hotel, Guest satisfaction, Complaints...). Without a unit column every
row is the whole organisation's.

Nothing stops on bad data: every row that cannot be used is listed with what is wrong (a unit
the project does not know, a value that is not a number, a period that is not a month, a week
or a date, the same unit, measure and period twice) and the rest is read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pyramid_app.io.spreadsheet.cells import cell_text
from pyramid_app.io.spreadsheet.errors import UnreadableFileError
from pyramid_app.io.spreadsheet.file_kinds import refuse_text_that_is_not_a_table
from pyramid_app.io.spreadsheet.mapping import find_column, header_text, normalise_header
from pyramid_app.io.spreadsheet.org_import import cycle_collection_paused
from pyramid_app.io.spreadsheet.readers import Source, Table, open_source
from pyramid_app.io.spreadsheet.report import column_letter
from pyramid_app.io.spreadsheet.sheet_choice import header_names, row_word, where
from pyramid_app.model.commands import PlanError
from pyramid_app.model.project import Project
from pyramid_app.model.result_commands import ResultsUpdate, compare_results, spelled
from pyramid_app.model.results import Period, PeriodKind, Result, parse_period
from pyramid_app.model.targets import built_in, fold_measure
from pyramid_app.model.units import (
    WHOLE_ORGANISATION,
    Unit,
    UnitNames,
    ambiguity_words,
)

FIELDS = ("period", "unit", "measure", "value")
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "period": tuple(
        "period month week date day reportingperiod reportingmonth monthending weekending "
        "periodending yearmonth".split()
    ),
    "unit": tuple(
        "unit hotel property location site department dept team segment customersegment "
        "touchpoint outlet store branch region businessunit".split()
    ),
    "measure": tuple("measure metric kpi indicator measurename metricname kpiname".split()),
    "value": tuple("value score result actual amount figure".split()),
}
_HEADER_ROWS = 50
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

    @property
    def row_word(self) -> str:
        return "line" if self.real_format == "text" else "row"

    def where(self, problem: ResultProblem) -> str:
        """ "Results!C14" for a workbook, "line 14" of a CSV."""
        if self.real_format == "text":
            return f"line {problem.row:,}"
        cell = column_letter(problem.column) if problem.column is not None else "row "
        return f"{self.sheet}!{cell}{problem.row}"


def _score(header: Any) -> dict[str, int]:
    key = normalise_header(header)
    if not key:
        return {}
    return {
        name: 100 - spellings.index(key)
        for name, spellings in _SYNONYMS.items()
        if key in spellings
    }


def propose_results_mapping(headers: Sequence[Any]) -> ResultsMapping:
    """Each field's column from the header names; a wide table's measures are the other named
    columns."""
    candidates = sorted(
        (-score, FIELDS.index(name), name, column)
        for column, header in enumerate(headers)
        for name, score in _score(header).items()
    )
    chosen: dict[str, int] = {}
    for _rank, _order, name, column in candidates:
        if name not in chosen and column not in chosen.values():
            chosen[name] = column
    if "measure" in chosen and "value" in chosen:
        return ResultsMapping(
            chosen.get("period"), chosen.get("unit"), chosen["measure"], chosen["value"]
        )
    # One of the two alone says nothing: read it as a wide table instead.
    taken = {chosen.get("period"), chosen.get("unit")}
    measures = tuple(
        column
        for column, header in enumerate(headers)
        if column not in taken and cell_text(header) and not cell_text(header).startswith("(")
    )
    return ResultsMapping(chosen.get("period"), chosen.get("unit"), None, None, measures)


def _with_column(mapping: ResultsMapping, name: str, column: int) -> ResultsMapping:
    """``mapping`` with ``name`` read from ``column`` (taken from any other field that had it)."""
    columns: dict[str, int | None] = {
        field_name: None if getattr(mapping, field_name) == column else getattr(mapping, field_name)
        for field_name in FIELDS
    }
    columns[name] = column
    measures = tuple(c for c in mapping.measures if c != column)
    return ResultsMapping(
        columns["period"], columns["unit"], columns["measure"], columns["value"], measures
    )


def _header_index(rows: Sequence[Sequence[Any]]) -> int:
    best, best_score = 0, (-1, -1)
    for index, row in enumerate(rows[:_HEADER_ROWS]):
        texts = [cell for cell in row if type(cell) is str and cell.strip()]
        if not texts:
            continue
        known = len({name for cell in texts for name in _score(cell)})
        score = (known, len(texts))
        if score > best_score:
            best, best_score = index, score
    return best


def read_results(
    path: str | Path,
    project: Project,
    sheet: str | None = None,
    overrides: Mapping[str, str] | None = None,
) -> ResultsRead:
    """Read ``path``'s results for ``project`` (whose units the rows are matched to).

    ``overrides`` names the column of a field (period, unit, measure, value) by its header or
    letter, as the command line's options do. Raises :class:`UnreadableFileError` only when the
    file cannot be used at all (not a table, no column of periods)."""
    path = Path(path)
    try:
        with cycle_collection_paused():
            return _read(path, project, sheet, overrides or {})
    except MemoryError as error:
        raise UnreadableFileError(
            f"{path.name} needs more memory than this computer has free to read it."
        ) from error


def _read(
    path: Path, project: Project, sheet: str | None, overrides: Mapping[str, str]
) -> ResultsRead:
    source = open_source(path)
    table = _choose(source.sheet_names, source, sheet, path)
    header_index = _header_index(table.rows)
    headers = header_names(table.rows[header_index] if table.rows else [])
    mapping = propose_results_mapping(headers)
    for name, wanted in overrides.items():
        if name not in FIELDS:
            raise UnreadableFileError(f"there is no results field {name!r}; use {FIELDS}")
        try:
            column = find_column(headers, wanted)
        except ValueError as error:
            raise UnreadableFileError(f"{where(path, table)}: {error}.") from error
        mapping = _with_column(mapping, name, column)
    if mapping.measure is not None and mapping.value is not None:
        mapping = replace(mapping, measures=())
    elif mapping.wide:
        taken = {mapping.period, mapping.unit}
        mapping = replace(mapping, measures=tuple(c for c in mapping.measures if c not in taken))
    else:
        missing = "value" if mapping.value is None else "measure"
        raise UnreadableFileError(
            f"{where(path, table)}: there is a {'measure' if missing == 'value' else 'value'} "
            f"column but no {missing} column; name it (for example --{missing} C)."
        )
    if mapping.period is None:
        if source.real_format == "text":
            refuse_text_that_is_not_a_table(path, table.rows)
        found = ", ".join(f'"{h}"' for h in headers) or "no names"
        raise UnreadableFileError(
            f"{where(path, table)}: no column of periods (month, week or date) was found; the "
            f"header on {row_word(table)} {table.row_number(header_index)} has {found}. Name "
            'it with --period (for example --period "Month").'
        )
    if mapping.wide and not mapping.measures:
        raise UnreadableFileError(
            f"{where(path, table)}: there are no measures to read: no measure and value "
            "columns, and no other column to read as a measure."
        )
    read = ResultsRead(
        path=path,
        sheet=table.name,
        header_row=table.row_number(header_index) if table.rows else 1,
        headers=headers,
        mapping=mapping,
        results=[],
        notes=[*source.notes, *table.notes],
        real_format=source.real_format,
    )
    _Rows(project, table, header_index, read).read()
    return read


def _choose(names: list[str], source: Source, wanted: str | None, path: Path) -> Table:
    if wanted is not None:
        for name in names:
            if name.casefold() == wanted.strip().casefold():
                return source.table(name)
        listed = ", ".join(f'"{name}"' for name in names)
        raise UnreadableFileError(
            f'{path.name} has no sheet named "{wanted}". Its sheets are {listed}.'
        )
    tables = [source.table(name) for name in names]
    if len(tables) == 1:
        return tables[0]

    def score(position: int) -> tuple[int, int]:
        table = tables[position]
        row = table.rows[_header_index(table.rows)] if table.rows else []
        return len({name for cell in row for name in _score(cell)}), -position

    return tables[max(range(len(tables)), key=score)]


class _Rows:
    """The rows below the header, read into results and problems."""

    def __init__(self, project: Project, table: Table, header_index: int, read: ResultsRead):
        self.project = project
        self.table = table
        self.header_index = header_index
        self.read_into = read
        self.names = UnitNames(project.chart, project.customer_map, project.name)
        # A unit's text -> the unit, or what is wrong and the name when it is unknown.
        self.units: dict[str, Unit | tuple[str, str]] = {}
        self.periods: dict[object, Period | None] = {}

    def read(self) -> None:
        read = self.read_into
        mapping = read.mapping
        table = self.table
        found: list[tuple[int, Result]] = []
        for index in range(self.header_index + 1, len(table.rows)):
            row = table.rows[index]
            if not any(cell_text(cell) for cell in row):
                continue
            number = table.row_number(index)
            problems: list[ResultProblem] = []
            period = self._period(row, number, problems)
            unit = self._unit(row, number, problems)
            if mapping.wide:
                entries = self._wide(row, number, problems)
            else:
                entries = self._long(row, number, problems)
            read.problems.extend(problems)
            if period is None or unit is None:
                continue
            found.extend((number, Result(unit, m, period, v)) for m, v in entries)
        found = self._months(found)
        self._keep_first(found)

    def _cell(self, row: Sequence[Any], column: int | None) -> Any:
        return row[column] if column is not None and column < len(row) else ""

    def _period(
        self, row: Sequence[Any], number: int, problems: list[ResultProblem]
    ) -> Period | None:
        column = self.read_into.mapping.period
        cell = self._cell(row, column)
        try:
            period = self.periods[cell]
        except KeyError:
            period = self.periods[cell] = period_of(cell)
        except TypeError:  # a cell the library gave as something unhashable
            period = period_of(cell)
        if period is None:
            text = cell_text(cell)
            words = (
                f"the period {text!r} is not a month, a week or a date"
                if text
                else "the period is empty"
            )
            problems.append(ResultProblem(number, words, column))
        return period

    def _unit(self, row: Sequence[Any], number: int, problems: list[ResultProblem]) -> Unit | None:
        column = self.read_into.mapping.unit
        if column is None:
            return WHOLE_ORGANISATION
        text = cell_text(self._cell(row, column))
        found = self.units.get(text)
        if found is None:
            found = self.units[text] = self._find_unit(text)
        if isinstance(found, tuple):
            message, unknown = found
            problems.append(ResultProblem(number, message, column, unknown))
            return None
        return found

    def _find_unit(self, text: str) -> Unit | tuple[str, str]:
        if not text:
            return "no unit is named: write a department, location, segment or touchpoint", ""
        units = self.names.find(text)
        if len(units) == 1:
            return units[0]
        if units:
            return ambiguity_words(text, units, self.project.customer_map), ""
        message = (
            f"the unit {text!r} is not a department, a location, a customer segment or a "
            f"touchpoint of {self.project.name}"
        )
        return message, text

    def _long(
        self, row: Sequence[Any], number: int, problems: list[ResultProblem]
    ) -> list[tuple[str, float]]:
        mapping = self.read_into.mapping
        measure = " ".join(cell_text(self._cell(row, mapping.measure)).split())
        value = number_of(self._cell(row, mapping.value))
        ok = True
        if not measure:
            problems.append(ResultProblem(number, "the measure is empty", mapping.measure))
            ok = False
        elif (found := built_in(measure)) is not None:
            problems.append(
                ResultProblem(
                    number,
                    f"{measure!r} is a measure the plan counts itself ({found.label}), not a "
                    "result of the client's",
                    mapping.measure,
                )
            )
            ok = False
        if value is None:
            problems.append(ResultProblem(number, "the value is empty", mapping.value))
            ok = False
        elif isinstance(value, str):
            problems.append(ResultProblem(number, value, mapping.value))
            ok = False
        return [(measure, value)] if ok and isinstance(value, float) else []

    def _wide(
        self, row: Sequence[Any], number: int, problems: list[ResultProblem]
    ) -> list[tuple[str, float]]:
        headers = self.read_into.headers
        entries: list[tuple[str, float]] = []
        for column in self.read_into.mapping.measures:
            value = number_of(self._cell(row, column))
            if value is None:
                continue  # a wide table leaves a measure it did not take blank
            if isinstance(value, str):
                problems.append(ResultProblem(number, f"{headers[column]}: {value}", column))
                continue
            entries.append((" ".join(headers[column].split()), value))
        return entries

    def _months(self, found: list[tuple[int, Result]]) -> list[tuple[int, Result]]:
        """Dates that are all the first of a month are months (a month column formatted as a
        date, "Mar-25", holds its first day)."""
        periods = {result.period for _number, result in found}
        if not periods or any(p.kind is not PeriodKind.DAY or p.start.day != 1 for p in periods):
            return found
        if len(periods) < 2:
            return found
        self.read_into.notes.append(
            "Every period is the first day of a month, so each is read as its month."
        )
        return [
            (number, replace(result, period=Period(result.period.start, PeriodKind.MONTH)))
            for number, result in found
        ]

    def _keep_first(self, found: list[tuple[int, Result]]) -> None:
        read = self.read_into
        word = read.row_word
        seen: dict[tuple[str, Unit, Period], int] = {}
        kept: list[Result] = []
        for number, result in found:
            key = (fold_measure(result.measure), result.unit, result.period)
            first = seen.setdefault(key, number)
            if first != number:
                read.problems.append(
                    ResultProblem(
                        number,
                        f"{result.measure} for {result.unit.name or 'the whole organisation'} "
                        f"in {result.period} is on {word} {first:,} already; this {word} is "
                        "left out",
                    )
                )
                continue
            kept.append(result)
        read.problems.sort(key=lambda problem: problem.row)
        try:
            read.results = spelled(self.project, kept)
        except PlanError as error:  # checked row by row above; never a whole file's fault
            raise UnreadableFileError(str(error)) from error


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


# -- a re-import, before it is applied ----------------------------------------------------


@dataclass
class ResultsPreview:
    """What importing a results file would do: the update (new periods, corrected values),
    the units the project does not know (with how many rows name each), and every other
    problem by row."""

    read: ResultsRead
    update: ResultsUpdate
    unknown_units: dict[str, int]

    @property
    def problems(self) -> list[ResultProblem]:
        return self.read.problems


def preview_results(project: Project, read: ResultsRead) -> ResultsPreview:
    unknown: dict[str, int] = {}
    for problem in read.problems:
        if problem.unknown_unit:
            unknown[problem.unknown_unit] = unknown.get(problem.unknown_unit, 0) + 1
    return ResultsPreview(read, compare_results(project, read.results), unknown)
