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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pyramid_app.io.spreadsheet.cells import cell_text
from pyramid_app.io.spreadsheet.errors import UnreadableFileError
from pyramid_app.io.spreadsheet.file_kinds import refuse_text_that_is_not_a_table
from pyramid_app.io.spreadsheet.mapping import find_column, normalise_header
from pyramid_app.io.spreadsheet.quick_check import open_source_quickly
from pyramid_app.io.spreadsheet.readers import Source, Table
from pyramid_app.io.spreadsheet.report import column_letter
from pyramid_app.io.spreadsheet.results_by_column import read_by_column
from pyramid_app.io.spreadsheet.results_cells import (
    FIELDS,
    ResultProblem,
    ResultsMapping,
    ResultsRead,
    number_of,
    period_of,
)
from pyramid_app.io.spreadsheet.results_compare import compare_by_column
from pyramid_app.io.spreadsheet.sheet_choice import header_names, row_word, where
from pyramid_app.model.collector import cycle_collection_paused
from pyramid_app.model.commands import PlanError
from pyramid_app.model.project import Project
from pyramid_app.model.result_commands import ResultsUpdate, compare_results, spelled
from pyramid_app.model.results import Period, PeriodKind, Result
from pyramid_app.model.targets import built_in, fold_measure
from pyramid_app.model.units import (
    WHOLE_ORGANISATION,
    Unit,
    UnitNames,
    ambiguity_words,
)

__all__ = [
    "FIELDS",
    "ResultProblem",
    "ResultsMapping",
    "ResultsPreview",
    "ResultsRead",
    "find_header_index",
    "number_of",
    "period_of",
    "preview_results",
    "propose_results_mapping",
    "read_results",
    "read_table_results",
]

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


def find_header_index(rows: Sequence[Sequence[Any]]) -> int:
    """The row of a sheet's first rows naming the most of the four fields."""
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
    mapping: ResultsMapping | None = None,
) -> ResultsRead:
    """Read ``path``'s results for ``project`` (whose units the rows are matched to).

    ``overrides`` names the column of a field (period, unit, measure, value) by its header or
    letter, as the command line's options do; ``mapping`` is every column as the user chose
    them (the window's import dialog), read instead of the proposal. Raises
    :class:`UnreadableFileError` only when the file cannot be used at all (not a table, no
    column of periods)."""
    path = Path(path)
    try:
        with cycle_collection_paused():
            return _read(path, project, sheet, overrides or {}, mapping)
    except MemoryError as error:
        raise UnreadableFileError(
            f"{path.name} needs more memory than this computer has free to read it."
        ) from error


def _read(
    path: Path,
    project: Project,
    sheet: str | None,
    overrides: Mapping[str, str],
    chosen: ResultsMapping | None = None,
) -> ResultsRead:
    source = open_source_quickly(path)
    table = _choose(source.sheet_names, source, sheet, path)
    header_index = find_header_index(table.rows)
    headers = header_names(table.rows[header_index] if table.rows else [])
    mapping = propose_results_mapping(headers) if chosen is None else chosen
    chosen_columns = [(name, getattr(mapping, name)) for name in FIELDS]
    chosen_columns += [("measures", column) for column in mapping.measures]
    for name, column in chosen_columns:
        if column is not None and not 0 <= column < len(headers):
            raise UnreadableFileError(
                f"{where(path, table)}: column {column_letter(column)}, chosen for the {name}, "
                f"is past the header's last column ({column_letter(max(len(headers), 1) - 1)})."
            )
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
        row = table.rows[find_header_index(table.rows)] if table.rows else []
        return len({name for cell in row for name in _score(cell)}), -position

    return tables[max(range(len(tables)), key=score)]


def read_table_results(project: Project, table: Table, header_at: int, read: ResultsRead) -> None:
    """Read ``table``'s rows below its header (index ``header_at``) into ``read``, as
    ``read.mapping`` says: its results and every problem (the Results sheet of an exported
    action plan is read this way)."""
    _Rows(project, table, header_at, read).read()


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
        if not self.read_into.mapping.wide and read_by_column(self):
            return  # the sheet read a column at a time, to the same rows and problems
        found: list[tuple[int, Result]] = []
        for index in range(self.header_index + 1, len(self.table.rows)):
            found.extend(self.row_results(index))
        found = self._months(found)
        self._keep_first(found)

    def row_results(self, index: int) -> list[tuple[int, Result]]:
        """One row read carefully: its results, with its row number; its problems go to the
        read."""
        row = self.table.rows[index]
        if not any(cell_text(cell) for cell in row):
            return []
        number = self.table.row_number(index)
        problems: list[ResultProblem] = []
        period = self._period(row, number, problems)
        unit = self._unit(row, number, problems)
        if self.read_into.mapping.wide:
            entries = self._wide(row, number, problems)
        else:
            entries = self._long(row, number, problems)
        self.read_into.problems.extend(problems)
        if period is None or unit is None:
            return []
        return [(number, Result(unit, m, period, v)) for m, v in entries]

    def unit_of(self, text: str) -> Unit | tuple[str, str]:
        """The unit ``text`` names, or what is wrong and the name when the project has none."""
        found = self.units.get(text)
        if found is None:
            found = self.units[text] = self._find_unit(text)
        return found

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
        found = self.unit_of(cell_text(self._cell(row, column)))
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
        rows: list[int] = []
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
            rows.append(number)
        read.problems.sort(key=lambda problem: problem.row)
        read.result_rows = rows
        try:
            read.results = spelled(self.project, kept)
        except PlanError as error:  # checked row by row above; never a whole file's fault
            raise UnreadableFileError(str(error)) from error


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
    if read.columns is not None:
        update = compare_by_column(project, read)
    else:
        update = compare_results(project, read.results)
    return ResultsPreview(read, update, unknown)
