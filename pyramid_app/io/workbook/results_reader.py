"""The Results sheet of a returned action plan, read back with the plan's updates.

Managers type this month's figures into the Results sheet
(:mod:`~pyramid_app.io.workbook.results_sheet`); reading the workbook back finds the sheet (by
its name, or a renamed one by its Period, Unit, Measure and Value headers), reads its rows the
way a results file is read (:func:`~pyramid_app.io.spreadsheet.results_import.read_table_results`:
the same periods, units and numbers, every problem by cell), and compares them with the
project and with the hidden Results record:

- a row whose value is empty is a row nobody filled in (this period's block): passed over;
- a value equal to the project's: unchanged;
- a value as exported that the app changed since: the app's stands;
- a value changed in the workbook only: corrected (or new, where the project has none);
- a value changed in both since the export: a conflict, the app's kept unless the planner
  takes the workbook's.

A row the sheet cannot give (a value that is not a number, a unit the project does not know, a
period that is not a month, week or day) is a problem named by its cell; the rest is read. A
workbook without a Results sheet (an export from before it had one) reads as it always did.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from pyramid_app.io.spreadsheet.cells import cell_text
from pyramid_app.io.spreadsheet.extent import error_cells
from pyramid_app.io.spreadsheet.readers import Table
from pyramid_app.io.spreadsheet.results_import import (
    ResultProblem,
    ResultsMapping,
    ResultsRead,
    find_header_index,
    propose_results_mapping,
    read_table_results,
)
from pyramid_app.io.spreadsheet.sheet_choice import header_names
from pyramid_app.io.workbook.columns import (
    MANAGERS_SHEET,
    ORGANISATION_SHEET,
    PLAN_SHEET,
    RECORD_SHEET,
    SUMMARY_SHEET,
    TOUCHPOINTS_SHEET,
)
from pyramid_app.io.workbook.results_record import (
    MAX_NAME,
    PROGRESS_SHEET,
    RESULTS_RECORD_SHEET,
    RESULTS_SHEET,
    ResultConflict,
    ResultsRecord,
    SheetResults,
    parse_results_record,
)
from pyramid_app.io.workbook.updates import Problem, ProblemKind, UpdatesPreview
from pyramid_app.model.project import Project
from pyramid_app.model.results import Period, PeriodKind, Result, ResultKey

HEADER_ROWS = 20
# The export's other sheets, never a renamed Results sheet.
_EXPORT_SHEETS = (
    SUMMARY_SHEET,
    PROGRESS_SHEET,
    PLAN_SHEET,
    MANAGERS_SHEET,
    TOUCHPOINTS_SHEET,
    ORGANISATION_SHEET,
    RECORD_SHEET,
    RESULTS_RECORD_SHEET,
)
_QUOTED = 60  # characters of an overlong cell quoted in a message


class SheetRows(Protocol):
    """The opened workbook: a sheet's rows, read after its used range was checked (a sheet
    read without a few far cells adds a sentence to ``notes``)."""

    notes: list[str]

    def rows(self, name: str, limit: int | None = None) -> list[list[Any]]: ...


def read_results_sheet(
    project: Project, book: SheetRows, sheets: Sequence[tuple[str, bool]], preview: UpdatesPreview
) -> None:
    """Read the workbook's Results sheet, if it has one, into ``preview``: ``preview.results``
    and its problems among ``preview.problems``. ``sheets`` are (name, visible) in order."""
    noted = len(book.notes)
    record = _find_record(book, sheets)
    found = _find_sheet(book, sheets, renamed=record is not None, plan=preview.sheet)
    preview.warnings.extend(book.notes[noted:])
    if found is None:
        return
    name, rows, at, mapping = found
    results = SheetResults(sheet=name)
    preview.results = results
    read = _read_rows(project, preview.path, name, rows, at, mapping, preview)
    results.notes.extend(read.notes)
    if record is None:
        results.notes.append(
            f"The {name} sheet has no record of the values it was exported with (its hidden "
            f"sheet {RESULTS_RECORD_SHEET!r} is gone), so every value that differs from the "
            "project's is taken as a correction made in the workbook."
        )
    _compare(project, read, record or ResultsRecord(), results)


def _find_sheet(
    book: SheetRows, sheets: Sequence[tuple[str, bool]], renamed: bool, plan: str
) -> tuple[str, list[list[Any]], int, ResultsMapping] | None:
    """The Results sheet: by its name, else (when the export had one: ``renamed``) a visible
    sheet other than the export's own headed Period, Unit, Measure and Value. Its rows, header
    index and columns."""
    skip = {name.casefold() for name in (*_EXPORT_SHEETS, plan)}
    named = [name for name, _visible in sheets if name.casefold() == RESULTS_SHEET.casefold()]
    others = [n for n, visible in sheets if renamed and visible and n.casefold() not in skip]
    for name in named or others:
        if not named and not _may_hold_results(book, name):
            continue
        rows = book.rows(name)
        at = find_header_index(rows[:HEADER_ROWS])
        headers = header_names(rows[at]) if rows else []
        mapping = propose_results_mapping(headers)
        if not mapping.wide and None not in (mapping.period, mapping.unit):
            return name, rows, at, mapping
    return None


def _may_hold_results(book: SheetRows, name: str) -> bool:
    """A first look at a sheet's first rows, before the whole of it is read."""
    for row in book.rows(name, HEADER_ROWS):
        mapping = propose_results_mapping(header_names(row))
        if not mapping.wide and None not in (mapping.period, mapping.unit):
            return True
    return False


def _find_record(book: SheetRows, sheets: Sequence[tuple[str, bool]]) -> ResultsRecord | None:
    named = [n for n, _v in sheets if n.casefold() == RESULTS_RECORD_SHEET.casefold()]
    hidden = [n for n, visible in sheets if not visible and n not in named]
    for name in named + hidden:
        record = parse_results_record(book.rows(name, 1))
        if record is not None:
            return parse_results_record(book.rows(name))
    return None


def _read_rows(
    project: Project,
    path: Path,
    sheet: str,
    rows: list[list[Any]],
    at: int,
    mapping: ResultsMapping,
    preview: UpdatesPreview,
) -> ResultsRead:
    """The rows with a value (or something in its place), read as a results file's are."""
    columns = {
        "period": mapping.period,
        "unit": mapping.unit,
        "measure": mapping.measure,
        "value": mapping.value,
    }
    errors = error_cells(path, sheet)
    value_at = mapping.value
    kept_rows: list[list[Any]] = [rows[at]]
    numbers: list[int] = [at + 1]
    problems: list[ResultProblem] = []
    for index in range(at + 1, len(rows)):
        row = rows[index]
        value = row[value_at] if value_at is not None and value_at < len(row) else ""
        shown = errors.get((index, value_at)) if value_at is not None else None
        if cell_text(value) == "" and shown is None:
            continue  # nobody filled this row in (this period's block, or a blank row)
        number = index + 1
        if _left_out(row, number, columns, errors, index, problems):
            continue
        kept_rows.append(row)
        numbers.append(number)
    table = Table(name=sheet, rows=kept_rows, row_numbers=numbers)
    read = ResultsRead(
        path=path,
        sheet=sheet,
        header_row=at + 1,
        headers=header_names(rows[at]),
        mapping=mapping,
        results=[],
    )
    read_table_results(project, table, 0, read)
    read.problems.extend(problems)
    for problem in sorted(read.problems, key=lambda p: p.row):
        kind = _KINDS.get(_field_of(problem.column, columns), ProblemKind.REPEATED_RESULT)
        where = read.where(problem) if problem.column is not None else f"{sheet} row {problem.row}"
        message = problem.message.rstrip(".")
        if "left out" not in message:
            message += "; that row was left out"
        preview.problems.append(Problem(kind, problem.row, f"{where}: {message}."))
    _months_as_months(project, read)
    return read


def _left_out(
    row: list[Any],
    number: int,
    columns: dict[str, int | None],
    errors: dict[tuple[int, int], str],
    index: int,
    problems: list[ResultProblem],
) -> bool:
    """A row with an error value or an overlong text in one of its four cells: listed, and
    left out before it is read (such text is no unit, measure or period, and is not quoted
    whole in a message)."""
    for name, column in columns.items():
        if column is None:
            continue
        shown = errors.get((index, column))
        if shown is not None:
            problems.append(
                ResultProblem(
                    number,
                    f"the {name} cell shows the error {shown} (a formula that could not be "
                    "worked out), not a value",
                    column,
                )
            )
            return True
        value = row[column] if column < len(row) else ""
        if isinstance(value, str) and len(value.strip()) > MAX_NAME:
            quoted = value.strip()[:_QUOTED]
            problems.append(
                ResultProblem(
                    number,
                    f"the {name} is {len(value.strip()):,} characters long ({quoted!r}…), "
                    f"longer than any {name} is named",
                    column,
                )
            )
            return True
    return False


def _field_of(column: int | None, columns: dict[str, int | None]) -> str:
    return next((name for name, at in columns.items() if column is not None and at == column), "")


_KINDS = {
    "period": ProblemKind.INVALID_PERIOD,
    "unit": ProblemKind.UNKNOWN_UNIT,
    "measure": ProblemKind.INVALID_MEASURE,
    "value": ProblemKind.INVALID_VALUE,
}


def _months_as_months(project: Project, read: ResultsRead) -> None:
    """A month typed where the period column lost its text format becomes a date, the month's
    first day: read as the month where the project keeps that measure by month."""
    monthly = {
        result.measure for result in project.results if result.period.kind is PeriodKind.MONTH
    }
    changed = 0
    for at, result in enumerate(read.results):
        period = result.period
        if period.kind is PeriodKind.DAY and period.start.day == 1 and result.measure in monthly:
            read.results[at] = Result(
                result.unit, result.measure, Period(period.start, PeriodKind.MONTH), result.value
            )
            changed += 1
    if changed:
        read.columns = None  # its codes hold the periods as they were
        read.notes.append(
            f"{changed:,} period{'s' if changed > 1 else ''} typed as the first day of a month "
            "(Excel made a date of it) read as that month, as the project keeps those measures "
            "by month."
        )


def _same(first: float | None, second: float | None) -> bool:
    if first is None or second is None:
        return first is second
    return math.isclose(first, second, rel_tol=1e-12, abs_tol=1e-12)


def _compare(
    project: Project, read: ResultsRead, record: ResultsRecord, results: SheetResults
) -> None:
    update = results.update
    known_periods = {result.period for result in project.results}
    fresh: set[Period] = set()
    results.rows_read = len(read.results)
    for result, row in zip(read.results, read.result_rows, strict=True):
        app = project.results.get(ResultKey(result.unit, result.measure, result.period))
        exported = record.value(result.measure, result.unit, result.period)
        if _same(app, result.value):
            update.unchanged += 1
        elif exported is not None and _same(result.value, exported):
            results.kept_app += 1  # the app changed it since the export; the sheet did not
        elif exported is not None and not _same(app, exported):
            results.conflicts.append(ResultConflict(row, app, result, exported))
        elif app is None:
            update.new.append(result)
            results.rows[result] = row
            if result.period not in known_periods:
                fresh.add(result.period)
        else:
            was = Result(result.unit, result.measure, result.period, app)
            update.corrected.append((was, result))
            results.rows[result] = row
    update.new_periods = sorted(fresh)
