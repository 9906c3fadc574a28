"""Reading a long results sheet a column at a time, and comparing it with the project.

A results file of a year of monthly figures for a hundred hotels and ten measures has 12,000
rows, but only a few hundred different periods, units and measure names. So each column is read
once into codes (one per distinct cell), each distinct cell is understood once (a period, a
unit of the project, a measure, a number), and the rows are judged and de-duplicated with numpy
over the codes. Only a row that is not plainly right (an empty cell, a unit the project does
not know, a value that is not a number, a blank row) goes the careful way, row by row
(:meth:`RowReader.row_results`), which says what is wrong in the same words as always: the
rows read, their order, the problems and the notes are exactly the careful reader's.

:func:`~pyramid_app.io.spreadsheet.results_compare.compare_by_column` says what the rows would
change in the project the same way, a measure and unit at a time, over the codes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import count as counting
from operator import itemgetter
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from pyramid_app.io.spreadsheet.cells import cell_text
from pyramid_app.io.spreadsheet.errors import UnreadableFileError
from pyramid_app.io.spreadsheet.readers import Table
from pyramid_app.io.spreadsheet.results_cells import ResultProblem, ResultsRead, period_of
from pyramid_app.model.commands import PlanError
from pyramid_app.model.project import Project
from pyramid_app.model.result_commands import checked_measure
from pyramid_app.model.results import Period, PeriodKind, Result, results_from_columns
from pyramid_app.model.targets import built_in, fold_measure
from pyramid_app.model.units import WHOLE_ORGANISATION, Unit

Codes = npt.NDArray[np.intp]


class RowReader(Protocol):
    """The row-by-row reader of one sheet, whose careful path the column reader falls back on."""

    project: Project
    table: Table
    header_index: int
    read_into: ResultsRead

    def unit_of(self, text: str) -> Unit | tuple[str, str]: ...

    def row_results(self, index: int) -> list[tuple[int, Result]]: ...


@dataclass
class ColumnCodes:
    """The results read, as codes into tables (one unit, measure and period per code)."""

    units: list[Unit]
    measures: list[str]  # as spelled in the results
    periods: list[Period]
    unit_codes: Codes
    measure_codes: Codes
    period_codes: Codes
    values: npt.NDArray[np.float64]


def _coded(cells: list[Any]) -> tuple[list[Any], Codes]:
    """The distinct cells, in the order first met, and each cell's index among them.

    One C-level pass: each cell's dictionary entry is the position where it was first met, so
    ``setdefault`` with a running count gives every cell the row of its first equal; those
    positions are then numbered in order."""
    first_at: dict[Any, int] = {}
    firsts = np.fromiter(map(first_at.setdefault, cells, counting()), np.intp, len(cells))
    number = np.empty(len(cells), np.intp)
    number[np.fromiter(first_at.values(), np.intp, len(first_at))] = np.arange(len(first_at))
    return list(first_at), number[firsts]


def _mixes_true_and_one(seen: list[Any], cells: list[Any]) -> bool:
    """TRUE and 1 are one key to a dict, yet different texts: such a column goes row by row.
    Only a column whose distinct cells hold a number or a boolean can mix them."""
    if not any(type(cell) in (bool, int, float) for cell in seen):
        return False
    kinds = set(map(type, cells))
    return bool in kinds and bool(kinds & {int, float})


def _numbers(cells: list[Any]) -> npt.NDArray[np.float64]:
    """Each cell's number, NaN for any cell that is not a number cell (text, blank, boolean)."""
    kinds = set(map(type, cells))
    if kinds <= {float, int}:
        try:
            return np.array(cells, dtype=np.float64)
        except (OverflowError, ValueError):
            pass
    return np.fromiter(
        (
            value
            if (kind := type(value)) is float or (kind is int and abs(value) < 2**63)
            else math.nan
            for value in cells
        ),
        np.float64,
        len(cells),
    )


def read_by_column(reader: RowReader) -> bool:
    """Read ``reader``'s long sheet into its ``read_into``; False (nothing read) when the sheet
    is not one this way can read exactly: ragged rows, cells that cannot be told apart."""
    read = reader.read_into
    mapping = read.mapping
    first_index = reader.header_index + 1
    body = reader.table.rows[first_index:]
    if not body or mapping.period is None or mapping.measure is None or mapping.value is None:
        return False
    try:
        period_cells = list(map(itemgetter(mapping.period), body))
        measure_cells = list(map(itemgetter(mapping.measure), body))
        unit_cells = list(map(itemgetter(mapping.unit), body)) if mapping.unit is not None else None
        value_cells = list(map(itemgetter(mapping.value), body))
    except IndexError:
        return False  # some rows are shorter than the columns read (a CSV): row by row
    try:
        period_cells_seen, period_at = _coded(period_cells)
        measure_cells_seen, measure_at = _coded(measure_cells)
        if unit_cells is None:
            unit_cells_seen: list[Any] = [None]
            unit_at = np.zeros(len(body), np.intp)
        else:
            unit_cells_seen, unit_at = _coded(unit_cells)
    except TypeError:  # a cell the library gave as something that cannot be a key
        return False
    if _mixes_true_and_one(measure_cells_seen, measure_cells) or (
        unit_cells is not None and _mixes_true_and_one(unit_cells_seen, unit_cells)
    ):
        return False
    values = _numbers(value_cells)
    columns = _Columns(reader, period_cells_seen, unit_cells_seen, measure_cells_seen)
    good = (
        columns.period_ok[period_at]
        & columns.unit_ok[unit_at]
        & columns.measure_ok[measure_at]
        & np.isfinite(values)
    )
    numbers = _row_numbers(reader.table, first_index, len(body))
    if good.all():
        found = _Found(
            numbers,
            columns.period_code[period_at],
            columns.unit_code[unit_at],
            columns.measure_code[measure_at],
            measure_at,
            values,
        )
    else:
        rows = np.flatnonzero(good)
        found = _Found(
            numbers[rows],
            columns.period_code[period_at[rows]],
            columns.unit_code[unit_at[rows]],
            columns.measure_code[measure_at[rows]],
            measure_at[rows],
            values[rows],
        )
        careful: list[tuple[int, Result]] = []
        for index in np.flatnonzero(~good).tolist():
            careful.extend(reader.row_results(first_index + index))
        if careful:
            found = found.joined(columns.coded(careful))
    columns.read_as_months(found, read)
    kept = _keep_first(found, columns, read)
    _spell_and_make(reader.project, kept, columns, read)
    read.problems.sort(key=lambda problem: problem.row)
    return True


def _row_numbers(table: Table, first: int, count: int) -> Codes:
    if table.row_numbers is None:
        return np.arange(first + 1, first + 1 + count, dtype=np.intp)
    return np.asarray(table.row_numbers[first : first + count], dtype=np.intp)


class _Columns:
    """The distinct cells understood once, and the tables the codes point into: a period, a
    unit and a measure (folded) each once, whatever cells named them."""

    def __init__(
        self, reader: RowReader, periods: list[Any], units: list[Any], measures: list[Any]
    ) -> None:
        self.periods: list[Period] = []  # by code
        self.units: list[Unit] = []  # by code
        self.names: list[str] = [" ".join(cell_text(cell).split()) for cell in measures]
        self._period_keys: dict[Period, int] = {}
        self._unit_keys: dict[Unit, int] = {}
        self._folded_keys: dict[str, int] = {}
        read_periods = [period_of(cell) for cell in periods]
        self.period_ok = np.array([p is not None for p in read_periods], dtype=bool)
        self.period_code = np.array([self.period(p) for p in read_periods], dtype=np.intp)
        if units == [None]:
            read_units: list[Unit | tuple[str, str]] = [WHOLE_ORGANISATION]
        else:
            read_units = [reader.unit_of(cell_text(cell)) for cell in units]
        self.unit_ok = np.array([isinstance(u, Unit) for u in read_units], dtype=bool)
        self.unit_code = np.array([self.unit(u) for u in read_units], dtype=np.intp)
        self.measure_ok = np.array(
            [bool(name) and built_in(name) is None for name in self.names], dtype=bool
        )
        self.measure_code = np.array([self.measure(name) for name in self.names], dtype=np.intp)

    def period(self, period: Period | None) -> int:
        if period is None:
            return -1
        code = self._period_keys.setdefault(period, len(self._period_keys))
        if code == len(self.periods):
            self.periods.append(period)
        return code

    def unit(self, unit: Unit | tuple[str, str]) -> int:
        if not isinstance(unit, Unit):
            return -1
        code = self._unit_keys.setdefault(unit, len(self._unit_keys))
        if code == len(self.units):
            self.units.append(unit)
        return code

    def measure(self, name: str) -> int:
        return self._folded_keys.setdefault(fold_measure(name), len(self._folded_keys))

    def coded(self, found: list[tuple[int, Result]]) -> _Found:
        """Results the careful path read, in the same codes."""
        names = len(self.names)
        self.names += [result.measure for _number, result in found]
        return _Found(
            np.array([number for number, _result in found], dtype=np.intp),
            np.array([self.period(r.period) for _n, r in found], dtype=np.intp),
            np.array([self.unit(r.unit) for _n, r in found], dtype=np.intp),
            np.array([self.measure(r.measure) for _n, r in found], dtype=np.intp),
            np.arange(names, names + len(found), dtype=np.intp),
            np.array([r.value for _n, r in found], dtype=np.float64),
        )

    def read_as_months(self, found: _Found, read: ResultsRead) -> None:
        """Dates that are all the first of a month are months (a month column formatted as a
        date, "Mar-25", holds its first day)."""
        periods = self.periods
        used = np.flatnonzero(np.bincount(found.periods, minlength=len(periods))).tolist()
        if len(used) < 2:
            return
        if any(periods[c].kind is not PeriodKind.DAY or periods[c].start.day != 1 for c in used):
            return
        read.notes.append("Every period is the first day of a month, so each is read as its month.")
        for code in used:  # each a different day, so each a different month
            periods[code] = Period(periods[code].start, PeriodKind.MONTH)


@dataclass
class _Found:
    """Rows read, in row order: their row number and codes, the code of the measure's name as
    the row spells it, and the value."""

    numbers: Codes
    periods: Codes
    units: Codes
    measures: Codes
    names: Codes
    values: npt.NDArray[np.float64]

    def joined(self, other: _Found) -> _Found:
        order = np.argsort(np.concatenate([self.numbers, other.numbers]), kind="stable")
        return _Found(
            *(
                np.concatenate([mine, theirs])[order]
                for mine, theirs in (
                    (self.numbers, other.numbers),
                    (self.periods, other.periods),
                    (self.units, other.units),
                    (self.measures, other.measures),
                    (self.names, other.names),
                    (self.values, other.values),
                )
            )
        )

    def picked(self, rows: Codes) -> _Found:
        return _Found(
            self.numbers[rows],
            self.periods[rows],
            self.units[rows],
            self.measures[rows],
            self.names[rows],
            self.values[rows],
        )


def _keep_first(found: _Found, columns: _Columns, read: ResultsRead) -> _Found:
    """The first row of each measure, unit and period; a problem for every later one."""
    periods, units = columns.periods, columns.units
    keys = (found.measures * (len(units) + 1) + found.units) * (len(periods) + 1) + found.periods
    if not len(keys) or _all_different(keys):
        return found
    _unique, first = np.unique(keys, return_index=True)
    first.sort()
    kept = np.zeros(len(keys), dtype=bool)
    kept[first] = True
    first_row = dict(zip(keys[first].tolist(), found.numbers[first].tolist(), strict=True))
    word = read.row_word
    for at in np.flatnonzero(~kept).tolist():
        number = int(found.numbers[at])
        unit = units[found.units[at]]
        read.problems.append(
            ResultProblem(
                number,
                f"{columns.names[found.names[at]]} for {unit.name or 'the whole organisation'} "
                f"in {periods[found.periods[at]]} is on {word} "
                f"{first_row[int(keys[at])]:,} already; this {word} is left out",
            )
        )
    return found.picked(first)


def _all_different(keys: Codes) -> bool:
    """Whether no key is there twice: counted when the keys are few enough to count (a year
    of a hundred hotels' ten measures is 12,000), else sorted."""
    if int(keys.max()) < 8 * len(keys) + 4096:
        return int(np.bincount(keys).max()) <= 1
    return len(np.unique(keys)) == len(keys)


def _spell_and_make(project: Project, found: _Found, columns: _Columns, read: ResultsRead) -> None:
    """Each measure spelled as the project (or the first row naming it) does, and the results
    made, in row order."""
    periods, units = columns.periods, columns.units
    spelled: dict[int, str] = {}
    try:
        for code, at in _first_of_each(found.measures):
            spelled[code] = checked_measure(project, columns.names[found.names[at]])
    except PlanError as error:  # checked for each name above; never a whole file's fault
        raise UnreadableFileError(str(error)) from error
    measure_names = [spelled.get(code, "") for code in range(max(spelled, default=-1) + 1)]
    unit_list = _objects(units)[found.units].tolist()
    period_list = _objects(periods)[found.periods].tolist()
    name_list = _objects(measure_names)[found.measures].tolist()
    read.results = results_from_columns(unit_list, name_list, period_list, found.values.tolist())
    read.result_rows = found.numbers.tolist()
    read.columns = ColumnCodes(
        units,
        measure_names,
        periods,
        found.units,
        found.measures,
        found.periods,
        found.values,
    )


def _first_of_each(codes: Codes) -> list[tuple[int, int]]:
    """Each code there and where it is first, in the order of the codes: a pass per code when
    they are few (a sheet's measures), else by sorting."""
    present = np.flatnonzero(np.bincount(codes)) if len(codes) else codes
    if len(present) > 64:
        found, first = np.unique(codes, return_index=True)
        return list(zip(found.tolist(), first.tolist(), strict=True))
    return [(code, int(np.argmax(codes == code))) for code in present.tolist()]


def _objects(items: list[Any]) -> npt.NDArray[np.object_]:
    """A table as an array numpy indexes by codes (never taken apart, as a tuple would be)."""
    array = np.empty(len(items), dtype=object)
    array[:] = items
    return array
