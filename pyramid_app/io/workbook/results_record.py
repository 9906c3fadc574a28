"""What the workbook's Progress and Results sheets share between the writer and the reader.

The *Results* sheet is a table managers type this month's results into: one row per period,
unit, measure and value, as a results file has them. Units are written the way the project
finds them again (:func:`unit_text`): the plain name where it names one unit only, the kind
before it otherwise ("Location: Lisbon").

The hidden *Results record* sheet keeps every result the export put into the Results sheet,
with its value then, so reading back can tell a value typed into the workbook from one the app
corrected since the export (kept), and both (a conflict). It also holds the lists the Results
sheet's drop-downs offer (its units and measures).

No openpyxl here: the reader imports this module, and the window imports the reader at start.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from pyramid_app.io.spreadsheet.cells import cell_text
from pyramid_app.model.project import Project
from pyramid_app.model.result_commands import ResultsUpdate, SetResults
from pyramid_app.model.results import Period, Result, read_stored_period
from pyramid_app.model.targets import built_in, fold_measure
from pyramid_app.model.units import WHOLE_ORGANISATION, Unit, UnitKind, UnitNames

PROGRESS_SHEET = "Progress"
RESULTS_SHEET = "Results"
RESULTS_RECORD_SHEET = "Results record"
RESULTS_TABLE = "ResultsTable"
RESULTS_HEADERS = ("Period", "Unit", "Measure", "Value")

RESULTS_MARK = "Pyramid Planner results record"
RESULTS_RECORD_VERSION = 1
# The record's rows: the mark, a note, the header, then an entry a row (columns A to E) and,
# beside them, the drop-down lists (columns G and H).
RECORD_HEADER_ROW = 3
RECORD_HEADERS = ("Period", "Unit kind", "Unit name", "Measure", "Value at export")
UNITS_COLUMN = "G"
MEASURES_COLUMN = "H"

# The key of ``apply_updates``' choices that says whose value a result changed in both places
# keeps (the others are commitment ids, "C-0042").
RESULTS_CHOICE = "results"

# Longer than this, a cell of the Results sheet names no unit, measure or period anybody has:
# the row is left out rather than quoted whole in a message or kept as a measure's name.
MAX_NAME = 200
_KIND_WORDS = {
    UnitKind.DEPARTMENT: "Department",
    UnitKind.LOCATION: "Location",
    UnitKind.SEGMENT: "Segment",
    UnitKind.TOUCHPOINT: "Touchpoint",
}
WHOLE_WORDS = "Whole organisation"


def has_measures(project: Project) -> bool:
    """The workbook gets the Progress and Results sheets: the project has targets or results."""
    return len(project.targets) > 0 or len(project.results) > 0


def unit_text(unit: Unit, names: UnitNames) -> str:
    """``unit`` as the Results sheet writes it, found again by :meth:`UnitNames.find`: its
    name alone when that names only this unit, else its kind before it."""
    if unit.kind is UnitKind.ORGANISATION:
        return WHOLE_WORDS if names.find(WHOLE_WORDS) == [unit] else "Organisation: all"
    name = unit.name
    if unit.kind is UnitKind.TOUCHPOINT:
        touchpoint = names.customer_map.touchpoint(unit.name)
        if touchpoint is not None and names.find(touchpoint.name) == [unit]:
            return touchpoint.name
        return f"{_KIND_WORDS[unit.kind]}: {name}"
    if names.find(name) == [unit]:
        return name
    return f"{_KIND_WORDS[unit.kind]}: {name}"


def client_measures(project: Project) -> list[str]:
    """The client's measures (not the plan's own): those with results, then those with a
    target only, as the project spells them."""
    found = list(project.results.measures())
    known = {fold_measure(name) for name in found}
    for target in project.targets:
        if built_in(target.measure) is None and fold_measure(target.measure) not in known:
            known.add(fold_measure(target.measure))
            found.append(target.measure)
    return found


def measured_units(project: Project, measure: str) -> list[Unit]:
    """The units with results or a target for ``measure``, the whole organisation first."""
    units = list(project.results.units(measure))
    units += [t.unit for t in project.targets.of_measure(measure) if t.unit not in units]
    return sorted(units, key=lambda unit: (unit != WHOLE_ORGANISATION, unit))


@dataclass
class ResultsRecord:
    """The results the export put into the Results sheet: (folded measure, unit, period) ->
    the value then."""

    exported: dict[tuple[str, Unit, Period], float] = field(default_factory=dict)

    def value(self, measure: str, unit: Unit, period: Period) -> float | None:
        return self.exported.get((fold_measure(measure), unit, period))


def parse_results_record(rows: Sequence[Sequence[Any]]) -> ResultsRecord | None:
    """The record read back (None: these rows are not one). Rows someone typed over are passed
    over: each entry is taken only when every part of it reads as the export wrote it."""
    if not rows or not rows[0] or rows[0][0] != RESULTS_MARK:
        return None
    record = ResultsRecord()
    kinds = {kind.value: kind for kind in UnitKind}
    for row in rows[RECORD_HEADER_ROW:]:
        if len(row) < len(RECORD_HEADERS):
            continue
        period_text, kind_text, name, measure, value = row[: len(RECORD_HEADERS)]
        kind = kinds.get(cell_text(kind_text))
        if (
            kind is None
            or type(value) not in (int, float)
            or not math.isfinite(value)
            or not isinstance(measure, str)
            or not measure
        ):
            continue
        try:
            period = read_stored_period(cell_text(period_text))
        except ValueError:
            continue
        unit = Unit(kind, cell_text(name) if kind is not UnitKind.ORGANISATION else "")
        record.exported[(fold_measure(measure), unit, period)] = float(value)
    return record


class ResultConflict(NamedTuple):
    """A result changed both in the app and in the workbook since the export, to differing
    values (``app`` is None when the app took it away)."""

    row: int
    app: float | None
    workbook: Result
    exported: float


@dataclass
class SheetResults:
    """What the workbook's Results sheet changes: new results and corrected values (with the
    sheet row of each), the conflicts, and how many rows were as the project has them."""

    sheet: str
    rows_read: int = 0
    update: ResultsUpdate = field(default_factory=ResultsUpdate)
    rows: dict[Result, int] = field(default_factory=dict)  # each new or corrected: its row
    conflicts: list[ResultConflict] = field(default_factory=list)
    # Rows left as exported whose value the app changed since: the app's value stands.
    kept_app: int = 0
    notes: list[str] = field(default_factory=list)

    def applicable(self, take_conflicts: bool = False) -> bool:
        return not self.update.empty or (take_conflicts and bool(self.conflicts))

    def describe(self) -> str:
        parts = [self.update.describe()]
        if self.conflicts:
            count = len(self.conflicts)
            parts.append(f"{count:,} conflict{'' if count == 1 else 's'}")
        return ", ".join(parts)

    def command(self, take_conflicts: bool = False) -> SetResults | None:
        """The new and corrected values (and the workbook's side of every conflict when
        ``take_conflicts``) as one edit of the results; None when there is none."""
        put = [*self.update.new, *(new for _old, new in self.update.corrected)]
        if take_conflicts:
            put += [conflict.workbook for conflict in self.conflicts]
        if not put:
            return None
        return SetResults(tuple(put), (), f"Results from the {self.sheet} sheet")
