"""Reading an action plan back after people worked in it, with python-calamine (fast).

What users do to a workbook, and how it is read anyway:

- rows sorted or filtered, columns moved or hidden, the table or the sheet renamed: the plan
  sheet is the one whose header row (within its first 20 rows) has the plan's column headers;
  columns are found by header text, rows matched by commitment id;
- dates typed as text ("30/06/2025", "30 Jun 2025"): read when unambiguous, otherwise reported
  with their cell;
- statuses typed rather than picked ("In Progress", "Done "): read ignoring case and spacing;
- rows added without an id: new commitments (manager id and text needed);
- rows deleted: reported as missing (see :mod:`pyramid_app.io.workbook.updates`).

The hidden *Export record* says what each commitment was at the export; with it a difference
between the workbook and the app is a change made in the workbook, one made in the app (kept),
or both (a conflict). Without it every difference counts as a change from the workbook and the
preview warns so.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

import python_calamine

from pyramid_app.io.spreadsheet.errors import UnreadableFileError
from pyramid_app.io.spreadsheet.extent import (
    check_sheet_extent,
    error_cells,
    far_cells_note,
    write_without_far_cells,
)
from pyramid_app.io.spreadsheet.quick_check import Checked, check_sheet, open_copies
from pyramid_app.io.spreadsheet.readers import Halves, rows_of_halves
from pyramid_app.io.spreadsheet.safety import check_spreadsheet_file
from pyramid_app.io.workbook.columns import (
    COLUMN_BY_KEY,
    EXCEL_MAX_TEXT,
    MANAGERS_SHEET,
    ORGANISATION_SHEET,
    PLAN_COLUMNS,
    PLAN_SHEET,
    RECORD_HEADER,
    RECORD_MARK,
    RECORD_SHEET,
    RECORD_VERSION,
    REQUIRED_KEYS,
    STATUS_WORDS,
    SUMMARY_SHEET,
    TOUCHPOINTS_SHEET,
    DateProblem,
    canonical_date,
    canonical_field,
    canonical_text,
    cell_text,
    digest,
    fingerprint_digests,
    header_key,
    note_key,
    parse_date_cell,
    parse_status,
)
from pyramid_app.io.workbook.errors import ActionPlanError
from pyramid_app.io.workbook.results_reader import read_results_sheet
from pyramid_app.io.workbook.results_record import PROGRESS_SHEET, RESULTS_SHEET
from pyramid_app.io.workbook.updates import (
    Conflict,
    FieldChange,
    MissingRow,
    NewRow,
    NoteUpdate,
    Problem,
    ProblemKind,
    RowChange,
    UpdatesPreview,
)
from pyramid_app.model.plan import COMMITMENT_ID, Commitment, Status
from pyramid_app.model.project import Project

HEADER_ROWS = 20
_HEADER_KEYS: dict[str, str] = {}
for _column in PLAN_COLUMNS:
    for _text in (_column.header, *_column.aliases):
        _HEADER_KEYS.setdefault(header_key(_text), _column.key)
_OTHER_SHEETS = {
    name.casefold()
    for name in (
        SUMMARY_SHEET,
        MANAGERS_SHEET,
        TOUCHPOINTS_SHEET,
        ORGANISATION_SHEET,
        RECORD_SHEET,
        PROGRESS_SHEET,
        RESULTS_SHEET,
    )
}
_TEXT_FIELDS = ("practice", "text", "measure", "cadence")
# The cells the quick test compares, in the order of _quick_values.
_QUICK_KEYS = (
    "practice",
    "text",
    "measure",
    "cadence",
    "status",
    "due",
    "note",
    "note_date",
    "manager_id",
)


def _quick_values(commitment: Commitment) -> tuple[Any, ...]:
    """The quick-test fields of a commitment as calamine reads them from an untouched row
    (a Status compares equal to its text; an empty cell reads as "")."""
    notes = commitment.notes
    if notes:
        last = notes[0] if len(notes) == 1 else max(notes, key=lambda note: note.on)
        note_text: str = last.text
        note_on: Any = last.on
    else:
        note_text, note_on = "", ""
    due = commitment.due
    return (
        commitment.practice,
        commitment.text,
        commitment.measure,
        commitment.cadence,
        commitment.status,
        "" if due is None else due,
        note_text,
        note_on,
        commitment.manager_id,
    )


@dataclass
class ExportRecord:
    """The hidden sheet: the project, the moment, and each commitment's state at the export."""

    project_name: str = ""
    project_identity: str = ""  # "" in exports made before projects had identities
    exported_at: dt.datetime | None = None
    version: int = RECORD_VERSION
    changed: dict[str, str] = field(default_factory=dict)  # id -> record_time of `changed`
    prints: dict[str, str] = field(default_factory=dict)  # id -> fingerprint


@dataclass
class PlanSheet:
    name: str
    rows: list[list[Any]]
    header_at: int  # index of the header row in ``rows``
    columns: dict[str, int]  # column key -> index


def read_action_plan_updates(project: Project, path: str | Path) -> UpdatesPreview:
    """Read an exported (and edited) action plan and compare it with ``project``.

    Nothing is changed; :func:`~pyramid_app.io.workbook.updates.apply_updates` makes the
    command. Raises :class:`ActionPlanError` for a file that cannot be read or is not an
    action plan (the message names what is missing).
    """
    path = Path(path)
    workbook = _open(path)
    record = _read_record(workbook)
    plan_sheet = _find_plan_sheet(workbook, path)
    if workbook.may_hold_errors(plan_sheet.name):
        _mark_error_cells(path, plan_sheet)
    preview = UpdatesPreview(path=path, sheet=plan_sheet.name)
    preview.warnings.extend(workbook.notes)
    if record is None:
        preview.warnings.append(
            "This workbook has no export record (its hidden sheet was removed or it was not "
            "made by Pyramid Planner), so edits made in the app since the export cannot be told "
            "apart from the workbook's: every difference is listed as a change from the "
            "workbook, and every commitment without a row as missing."
        )
    else:
        preview.project_name = record.project_name
        preview.exported_at = record.exported_at
        _refuse_another_project(project, record, path)
        if record.project_name and record.project_name != project.name:
            preview.warnings.append(
                f"This plan was exported from the project “{record.project_name}”, not "
                f"“{project.name}”; check that it is the right file before applying it."
            )
        if record.version > RECORD_VERSION:
            preview.warnings.append(
                "This plan was exported by a newer version of Pyramid Planner; some of its "
                "changes may not be read."
            )
    _Comparison(project, preview, record, plan_sheet).run()
    read_results_sheet(project, workbook, _worksheets(workbook), preview)
    return preview


def _refuse_another_project(project: Project, record: ExportRecord, path: Path) -> None:
    """The workbook was exported from another project (told by identity, not by name: two
    projects made from one HR file share the name): nothing of it may be applied here."""
    if not record.project_identity or not project.identity:
        return  # an export, or a project, from before identities: read as it always was
    if record.project_identity == project.identity:
        return
    exported = record.project_name or "another project"
    when = f" on {record.exported_at:%d %b %Y %H:%M} UTC" if record.exported_at else ""
    raise ActionPlanError(
        f"{path.name} was exported from the project “{exported}”{when}, not from this one "
        f"(“{project.name}”): its commitment ids belong to that project. Open that project "
        "and import the plan updates there. (Projects are told apart by an identity given "
        "when they are made, so a project made again from the same HR file is another one.)"
    )


# -- opening ----------------------------------------------------------------------------------


# A returned plan's sheets are looked at for far cells past this many: a stray cell far down a
# column (A1048576) would otherwise have the library hold the whole rectangle (800 MB).
PLAN_CELLS = 2_000_000


class _Book:
    """The workbook opened by the library, whose sheets are measured before it reads them:
    it holds a sheet as one rectangle, so a stray cell at XFD1048576 would ask for 17 billion
    cells. The plan sheet, under its own name, was checked as the workbook was opened
    (``checked``); any other sheet is measured as it is first read. A sheet that fits without a
    few far cells is read from a copy without them, and ``notes`` name those cells."""

    def __init__(self, library: Any, path: Path, kind: str) -> None:
        self.library = library
        self.path = path
        self.kind = kind
        self.notes: list[str] = []
        self._whole: dict[str, list[list[Any]]] = {}  # sheets read whole, by name
        self.checked: Checked | None = None  # the plan sheet, found within its safe rectangle
        self.halves: Halves | None = None  # its second half, read at once with the first

    @property
    def sheets_metadata(self) -> Any:
        return self.library.sheets_metadata

    def rows(self, name: str, limit: int | None = None) -> list[list[Any]]:
        whole = self._whole.get(name)
        if whole is not None:  # the export record is looked at again for the results' record
            return whole[:limit]
        rows = self._rows(name, limit)
        if limit is None:
            self._whole[name] = rows
        return rows

    def may_hold_errors(self, name: str) -> bool:
        """Whether the sheet ``name`` may hold cells showing an error value: unless the quick
        check read it and found no error's mark, not known."""
        return self.checked is None or name != self.checked.name or self.checked.error_marks

    def _rows(self, name: str, limit: int | None) -> list[list[Any]]:
        if self.checked is not None and name == self.checked.name:
            if self.halves is None:
                return _sheet_rows(self.library, name, limit)
            try:
                return rows_of_halves(self.path, self.library, self.halves, limit)
            except Exception as error:  # read again from the original, which is damaged too
                raise _damaged_sheet(name, error) from error
        try:
            far = check_sheet_extent(self.path, self.kind, name, look_from=PLAN_CELLS)
        except UnreadableFileError as error:
            raise ActionPlanError(str(error)) from error
        if far is None:
            return _sheet_rows(self.library, name, limit)
        with tempfile.TemporaryDirectory(prefix="pyramid-plan-") as folder:
            copy = Path(folder) / "without-far-cells.xlsx"
            try:
                left_out = write_without_far_cells(self.path, name, far, copy)
            except UnreadableFileError as error:
                raise ActionPlanError(str(error)) from error
            library = python_calamine.CalamineWorkbook.from_path(str(copy))
            try:
                rows = _sheet_rows(library, name, limit)
            finally:
                library.close()
        note = far_cells_note(name, far, left_out)
        if note:
            self.notes.append(note)
        return rows


def _open(path: Path) -> _Book:
    if not path.exists():
        raise ActionPlanError(f"{path} does not exist; it may have been moved or renamed.")
    if path.is_dir():
        raise ActionPlanError(f"{path} is a folder, not an action plan workbook.")
    try:
        kind = check_spreadsheet_file(path)
    except UnreadableFileError as error:
        raise ActionPlanError(str(error)) from error
    if kind == "text":
        raise ActionPlanError(
            f"{path.name} is a text (CSV) file; an action plan is read back from the Excel "
            "workbook it was exported as. Open it in Excel or LibreOffice and save it as .xlsx."
        )
    if kind != "xlsx":
        return _Book(_library(path), path, kind)
    with ThreadPoolExecutor(1) as helper:
        # The library opens the original (reading its shared strings, without holding the
        # interpreter) while the plan sheet is checked; the check's copy is opened when it
        # wrote one, and deleted.
        original = helper.submit(_library, path)
        checked = check_sheet(path, PLAN_SHEET, cells=PLAN_CELLS, many_strings=False, marks=True)
        opened = open_copies(checked) if checked is not None else None
        library = original.result()  # what the original cannot be opened for is said
    if opened is None:
        book = _Book(library, path, kind)
    else:
        (copy, _names), halves = opened
        book = _Book(copy, path, kind)
        book.halves = halves
    book.checked = checked
    return book


def _library(path: Path) -> Any:
    """The library's workbook of the file at ``path``."""
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError as error:
        raise ActionPlanError(
            f"{path.name} is protected with a password; remove the password in Excel "
            "(File > Info > Protect Workbook) and save a copy, then read that copy."
        ) from error
    except Exception as error:  # calamine raises many kinds; all mean "cannot read this file"
        raise ActionPlanError(
            f"{path.name} could not be read as a workbook: it looks damaged or incomplete "
            f"({_first_line(error)}). Open it in Excel or LibreOffice and save it again."
        ) from error


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__


def _sheet_rows(workbook: Any, name: str, limit: int | None = None) -> list[list[Any]]:
    try:
        sheet = workbook.get_sheet_by_name(name)
        rows: list[list[Any]] = sheet.to_python(skip_empty_area=False, nrows=limit)
    except Exception as error:
        raise _damaged_sheet(name, error) from error
    return rows


def _damaged_sheet(name: str, error: BaseException) -> ActionPlanError:
    return ActionPlanError(
        f"The sheet “{name}” could not be read: it looks damaged ({_first_line(error)})."
    )


@dataclass(frozen=True)
class CellError:
    """A cell that shows an error value (``#REF!``): not a blank, not a value."""

    shown: str

    def __str__(self) -> str:
        return self.shown


def _mark_error_cells(path: Path, sheet: PlanSheet) -> None:
    """Put a :class:`CellError` where the sheet holds an error: the library reads those cells
    as empty, and an emptied cell would clear the field (a due date taken away)."""
    rows = sheet.rows
    for (row, column), shown in error_cells(path, sheet.name).items():
        if row < len(rows) and column < len(rows[row]):
            rows[row][column] = CellError(shown)


def _worksheets(workbook: _Book) -> list[tuple[str, bool]]:
    """(name, visible) of every worksheet, in the workbook's order."""
    return [
        (meta.name, meta.visible == python_calamine.SheetVisibleEnum.Visible)
        for meta in workbook.sheets_metadata
        if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
    ]


# -- the export record ------------------------------------------------------------------------


def _read_record(workbook: _Book) -> ExportRecord | None:
    sheets = _worksheets(workbook)
    named = [name for name, _visible in sheets if name.casefold() == RECORD_SHEET.casefold()]
    hidden = [name for name, visible in sheets if not visible and name not in named]
    for name in named + hidden:
        rows = workbook.rows(name)
        if rows and rows[0] and rows[0][0] == RECORD_MARK:
            return _parse_record(rows)
    return None


def _parse_record(rows: list[list[Any]]) -> ExportRecord:
    record = ExportRecord()
    version = rows[0][1] if len(rows[0]) > 1 else RECORD_VERSION
    # 1E+999 reads as infinity and a damaged cell as NaN: neither is a version.
    known = isinstance(version, int | float) and math.isfinite(version)
    record.version = int(version) if known and abs(version) < 2**31 else RECORD_VERSION
    at = 1
    while at < len(rows) and (not rows[at] or rows[at][0] != RECORD_HEADER):
        row = rows[at]
        key = cell_text(row[0]) if row else ""
        value = row[1] if len(row) > 1 else ""
        if key == "Project":
            record.project_name = cell_text(value)
        elif key == "Project identity":
            record.project_identity = cell_text(value)
        elif key == "Exported at":
            record.exported_at = _record_moment(value)
        at += 1
    packed = "\n".join(row[0] for row in rows[at + 1 :] if row and type(row[0]) is str)
    # Entries hold no spaces inside their three parts, so one split reads them all.
    tokens = packed.split()
    if len(tokens) % 3 == 0:
        ids = tokens[0::3]
        record.changed = dict(zip(ids, tokens[1::3], strict=True))
        record.prints = dict(zip(ids, tokens[2::3], strict=True))
    else:  # someone typed into the hidden sheet: keep the lines that still read
        for line in packed.split("\n"):
            parts = line.split()
            if len(parts) == 3:
                record.changed[parts[0]] = parts[1]
                record.prints[parts[0]] = parts[2]
    return record


def _record_moment(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    try:
        return dt.datetime.fromisoformat(cell_text(value))
    except ValueError:
        return None


# -- finding the plan -------------------------------------------------------------------------


def _header_columns(row: Sequence[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, value in enumerate(row):
        if isinstance(value, str) and value:
            key = _HEADER_KEYS.get(header_key(value))
            if key is not None and key not in found:
                found[key] = index
    return found


def _find_plan_sheet(workbook: _Book, path: Path) -> PlanSheet:
    sheets = _worksheets(workbook)
    # The plan's own name first; the other sheets of an export last (they are big and never
    # the plan); a renamed plan sheet is found among the rest.
    ranked = sorted(
        sheets,
        key=lambda item: (
            item[0].casefold() != PLAN_SHEET.casefold(),
            item[0].casefold() in _OTHER_SHEETS,
            not item[1],
        ),
    )
    best: tuple[int, str, dict[str, int]] | None = None
    for name, _visible in ranked:
        rows = workbook.rows(name)
        for at, row in enumerate(rows[:HEADER_ROWS]):
            columns = _header_columns(row)
            if all(key in columns for key in REQUIRED_KEYS):
                return PlanSheet(name, rows, at, columns)
            # An org chart has a manager id and a title too: only a sheet with at least two
            # of the plan's own columns "looks like" a plan with something missing.
            found = sum(key in columns for key in REQUIRED_KEYS)
            if found >= 2 and (best is None or len(columns) > best[0]):
                best = (len(columns), name, columns)
    required = [COLUMN_BY_KEY[key].header for key in REQUIRED_KEYS]
    if best is None:
        names = ", ".join(f"“{name}”" for name, _visible in sheets) or "none"
        raise ActionPlanError(
            f"{path.name} is not a Pyramid Planner action plan: no sheet has the columns "
            f"{_words(required)} (its sheets: {names}). Choose the workbook that was exported "
            "with File > Export action plan."
        )
    _count, name, columns = best
    missing = [COLUMN_BY_KEY[key].header for key in REQUIRED_KEYS if key not in columns]
    raise ActionPlanError(
        f"{path.name}: the sheet “{name}” looks like an action plan but has no "
        f"{_words(missing)} column{'s' if len(missing) > 1 else ''} (an action plan needs "
        f"{_words(required)}). Put the column back with its header, or export the plan again."
    )


def _words(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# -- comparing --------------------------------------------------------------------------------


class _Comparison:
    """Walks the plan sheet's rows once and fills the preview."""

    def __init__(
        self,
        project: Project,
        preview: UpdatesPreview,
        record: ExportRecord | None,
        sheet: PlanSheet,
    ) -> None:
        self.project = project
        self.preview = preview
        self.record = record
        self.sheet = sheet
        self.letters = {key: _column_letter(index) for key, index in sheet.columns.items()}

    def where(self, key: str, row: int) -> str:
        return f"{self.sheet.name}!{self.letters[key]}{row}"

    def problem(self, kind: ProblemKind, row: int, message: str, commitment_id: str = "") -> None:
        self.preview.problems.append(Problem(kind, row, message, commitment_id))

    def run(self) -> None:
        sheet, plan, preview = self.sheet, self.project.plan, self.preview
        columns = sheet.columns
        seen: dict[str, int] = {}
        first_row = sheet.header_at + 2
        # Most rows are as exported: one C-level pick of the row's cells compared with the
        # same fields of the commitment settles them; anything else takes the careful path.
        quick = [key for key in _QUICK_KEYS if key in columns]
        row_values = itemgetter(*(columns[key] for key in quick))
        app_values: Callable[[Commitment], tuple[Any, ...]] = _quick_values
        if len(quick) < len(_QUICK_KEYS):
            pick = itemgetter(*(_QUICK_KEYS.index(key) for key in quick))
            app_values = lambda commitment: pick(_quick_values(commitment))  # noqa: E731
        get = plan.commitments.get
        id_at = columns["id"]
        unchanged = 0
        for offset, row in enumerate(sheet.rows[sheet.header_at + 1 :]):
            commitment_id = row[id_at]
            commitment = get(commitment_id)
            if commitment is not None and commitment_id not in seen:
                seen[commitment_id] = first_row + offset
                values, app = row_values(row), app_values(commitment)
                if values == app:
                    unchanged += 1
                    continue
                preview.rows_read += 1
                number = first_row + offset
                # Only the cells that differ from the app's values are read (the others say
                # what the app does), and the note with its date.
                cells = {k: v for k, v, a in zip(quick, values, app, strict=True) if v != a}
                if "note_date" in cells and "note" in columns:
                    cells["note"] = row[columns["note"]]
                cells = self.usable_cells(cells, number, commitment.id)
                self.compare(commitment, cells, number)
                continue
            self.careful(row, first_row + offset, seen)
        preview.rows_read += unchanged
        preview.unchanged += unchanged
        exported = self.record.prints if self.record is not None else plan.commitments
        for commitment_id in [i for i in exported if i not in seen]:
            commitment = plan.get(commitment_id)
            if commitment is not None:
                preview.missing.append(
                    MissingRow(commitment_id, commitment.manager_id, commitment.text)
                )

    def cells(self, row: list[Any]) -> dict[str, Any]:
        return {key: row[i] for key, i in self.sheet.columns.items()}

    def usable_cells(
        self, cells: dict[str, Any], number: int, commitment_id: str = "", kept: str = ""
    ) -> dict[str, Any]:
        """``cells`` less those that cannot be taken as they read - an error value, a text at a
        cell's limit, an edit of a text the export cut - each listed as a problem: the field
        keeps the value it has (``kept`` says what happens instead for a new row)."""
        clean = {}
        for key, value in cells.items():
            if isinstance(value, str):
                cut = _cut_by_export(value)
                if len(value) >= EXCEL_MAX_TEXT and not cut:
                    self.too_long(key, value, number, commitment_id, kept)
                elif not (cut and commitment_id) or not self.edited_after_cut(
                    key, value, number, commitment_id
                ):
                    clean[key] = value
                continue
            if not isinstance(value, CellError):
                clean[key] = value
                continue
            outcome = kept or f"the {_field_words(key)} of {commitment_id} was kept as it is"
            self.problem(
                ProblemKind.ERROR_VALUE,
                number,
                f"{self.where(key, number)}: the cell shows the error {value.shown} (a formula "
                f"that could not be worked out), not a value; {outcome}. Type the value into "
                "the cell and read the plan again.",
                commitment_id,
            )
        return clean

    def too_long(self, key: str, value: str, number: int, commitment_id: str, kept: str) -> None:
        outcome = kept or f"the {_field_words(key)} of {commitment_id} was kept as it is"
        self.problem(
            ProblemKind.TOO_LONG,
            number,
            f"{self.where(key, number)}: the cell reaches the {EXCEL_MAX_TEXT:,} characters an "
            "Excel cell can hold, so what it says may go on past what could be read; "
            f"{outcome}. Shorten it, or type the text in Pyramid Planner.",
            commitment_id,
        )

    def edited_after_cut(self, key: str, value: str, number: int, commitment_id: str) -> bool:
        """A cell the export had to cut (the text is longer than a cell) that was changed: the
        cut text must not replace the whole one. True when the cell is left out."""
        commitment = self.project.plan.get(commitment_id)
        if commitment is None or key not in (*_TEXT_FIELDS, "note"):
            return False
        if key == "note":
            last = commitment.last_note
            app = last.text if last is not None else ""
        else:
            app = str(getattr(commitment, key))
        if canonical_text(cell_text(value)) == canonical_text(app):
            return False  # as exported: unchanged
        what = _field_words(key)
        self.problem(
            ProblemKind.TOO_LONG,
            number,
            f"{self.where(key, number)}: the {what} of {commitment_id} is longer than an Excel "
            "cell holds, so the export showed only its beginning; a change to that beginning "
            "cannot be read back without losing the rest, so it was kept as it is. Edit it in "
            "Pyramid Planner.",
            commitment_id,
        )
        return True

    def careful(self, row: list[Any], number: int, seen: dict[str, int]) -> None:
        """A row the quick test did not settle: blank, new, odd id, repeated, or changed."""
        cells = self.cells(row)
        if all(value in ("", None) for value in cells.values()):
            return
        self.preview.rows_read += 1
        if any(_suspect(value) for value in cells.values()):
            commitment_id = cell_text(cells["id"]) if not isinstance(cells["id"], CellError) else ""
            if not commitment_id or commitment_id not in self.project.plan.commitments:
                self.usable_cells(cells, number, kept="the row was left out")
                return
            cells = self.usable_cells(cells, number, commitment_id)
        commitment_id = cell_text(cells["id"])
        if not commitment_id:
            self.new_row(cells, number)
            return
        if COMMITMENT_ID.fullmatch(commitment_id) is None:
            self.problem(
                ProblemKind.UNKNOWN_ID,
                number,
                f"{self.where('id', number)}: “{commitment_id}” is not a commitment id like "
                "C-0042; leave the id empty to add a new commitment. Row left out.",
            )
            return
        if commitment_id in seen:
            self.problem(
                ProblemKind.REPEATED_ID,
                number,
                f"{self.where('id', number)}: {commitment_id} is also on row "
                f"{seen[commitment_id]}; only that row was read. For a new commitment, "
                "clear the id of the copy.",
                commitment_id,
            )
            return
        seen[commitment_id] = number
        commitment = self.project.plan.get(commitment_id)
        if commitment is None:
            self.gone(commitment_id, number)
            return
        self.existing(commitment, cells, number)

    def existing(self, commitment: Commitment, cells: dict[str, Any], number: int) -> None:
        if self.unchanged(commitment, cells):
            self.preview.unchanged += 1
        else:
            self.compare(commitment, cells, number)

    def gone(self, commitment_id: str, number: int) -> None:
        if self.record is not None and commitment_id in self.record.prints:
            self.problem(
                ProblemKind.DELETED_IN_APP,
                number,
                f"{self.sheet.name} row {number}: {commitment_id} was deleted in Pyramid Planner "
                "after the export; the row is left out (undo the deletion in the app to keep it).",
                commitment_id,
            )
        else:
            self.problem(
                ProblemKind.UNKNOWN_ID,
                number,
                f"{self.where('id', number)}: there is no commitment {commitment_id} in "
                f"{self.project.name}; leave the id empty to add a new one. Row left out.",
                commitment_id,
            )

    def unchanged(self, commitment: Commitment, cells: dict[str, Any]) -> bool:
        """The cheap test that settles most rows: every read cell equals the app's value."""
        for name in _TEXT_FIELDS:
            if name in cells and cells[name] != getattr(commitment, name):
                return False
        if "status" in cells and cells["status"] != commitment.status.value:
            return False
        if "due" in cells and not _same_date(cells["due"], commitment.due):
            return False
        last = commitment.last_note
        if "note" in cells and cells["note"] != (last.text if last else ""):
            return False
        return "note_date" not in cells or _same_date(cells["note_date"], last.on if last else None)

    # -- an existing commitment -----------------------------------------------------------

    def compare(self, commitment: Commitment, cells: dict[str, Any], number: int) -> None:
        if "manager_id" in cells and cells["manager_id"] != commitment.manager_id:
            self.manager_moved(commitment, cell_text(cells["manager_id"]), number)
        # Fields whose cells are exactly the app's value need no reading.
        skip = {
            key
            for key, app_value in zip(_QUICK_KEYS, _quick_values(commitment), strict=True)
            if key not in cells or cells[key] == app_value
        }
        if "note_date" not in skip:
            skip.discard("note")
        read = self.read_fields(commitment, cells, number, skip)
        fingerprint = self.record.prints.get(commitment.id, "") if self.record else ""
        known = fingerprint_digests(fingerprint)
        changes: list[FieldChange] = []
        conflicts: list[FieldChange] = []
        for name, (workbook_value, display, value) in read.items():
            app_value = canonical_field(commitment, name)
            if workbook_value == app_value:
                continue
            conflict = False
            if known is not None:
                exported = known(name)
                if digest(workbook_value) == exported:
                    continue  # only the app changed it since the export: the app's stands
                # The fingerprints, not the `changed` time, say whether the app changed this
                # field: an edit in the second of the export keeps the same time.
                conflict = digest(app_value) != exported
            change = FieldChange(name, _display(name, app_value), display, value)
            (conflicts if conflict else changes).append(change)
        if changes:
            self.preview.changed.append(RowChange(commitment.id, number, tuple(changes)))
        if conflicts:
            self.preview.conflicts.append(Conflict(commitment.id, number, tuple(conflicts)))
        if not changes and not conflicts:
            self.preview.unchanged += 1

    def manager_moved(self, commitment: Commitment, manager: str, number: int) -> None:
        if not manager or manager == commitment.manager_id:
            return
        self.problem(
            ProblemKind.MANAGER_CHANGED,
            number,
            f"{self.where('manager_id', number)}: {commitment.id} belongs to "
            f"{self.project.display_name(commitment.manager_id)} ({commitment.manager_id}); "
            "a commitment cannot move to another manager here. Add a new row for "
            f"{manager} instead. The rest of the row is read.",
            commitment.id,
        )

    def read_fields(
        self, commitment: Commitment, cells: dict[str, Any], number: int, skip: set[str]
    ) -> dict[str, tuple[str, str, Any]]:
        """Each readable field not in ``skip``: (canonical form, display text, value to set)."""
        read: dict[str, tuple[str, str, Any]] = {}
        for name in _TEXT_FIELDS:
            if name in cells and name not in skip:
                text = canonical_text(cell_text(cells[name]))
                if name == "text" and not text and canonical_text(commitment.text):
                    self.problem(
                        ProblemKind.CLEARED,
                        number,
                        f"{self.where('text', number)}: the commitment of {commitment.id} was "
                        "emptied; a commitment needs its text, so it was kept.",
                        commitment.id,
                    )
                    continue
                read[name] = (text, text, text)
        if "status" in cells and "status" not in skip:
            status = self.status(cells["status"], number, commitment.id)
            if status is not None:
                read["status"] = (status.value, status.value, status)
        if "due" in cells and "due" not in skip:
            try:
                due = parse_date_cell(cells["due"])
            except DateProblem as error:
                self.date_problem("due", number, error, commitment.id)
            else:
                read["due"] = (canonical_date(due), _date_words(due), due)
        note = self.note(commitment, cells, number) if "note" not in skip else None
        if note is not None:
            read["note"] = note
        return read

    def note(
        self, commitment: Commitment, cells: dict[str, Any], number: int
    ) -> tuple[str, str, Any] | None:
        if "note" not in cells:
            return None
        last = commitment.last_note
        text = canonical_text(cell_text(cells["note"]))
        on: dt.date | None = last.on if last else None
        if "note_date" in cells:
            try:
                on = parse_date_cell(cells["note_date"])
            except DateProblem as error:
                self.date_problem("note_date", number, error, commitment.id)
                return None
        if not text:
            if last is not None and canonical_text(last.text):
                self.problem(
                    ProblemKind.CLEARED,
                    number,
                    f"{self.where('note', number)}: the last progress note of {commitment.id} "
                    "was emptied; progress notes are never deleted from a workbook, so it was "
                    "kept.",
                    commitment.id,
                )
            return None
        last_text = canonical_text(last.text) if last else ""
        if text != last_text:
            typed = on if on is not None and (last is None or on != last.on) else None
            update = NoteUpdate(text, typed, append=True)
            shown = text if typed is None else f"{text} ({_date_words(typed)})"
        else:
            if on is None:
                return None
            update = NoteUpdate(text, on, append=False)
            shown = f"{text} ({_date_words(on)})"
        return note_key(text, on), shown, update

    def status(self, value: Any, number: int, commitment_id: str = "") -> Status | None:
        text = cell_text(value)
        status = parse_status(text)
        if status is None:
            what = f"“{text}” is not a status" if text else "the status is empty"
            self.problem(
                ProblemKind.INVALID_STATUS,
                number,
                f"{self.where('status', number)}: {what}; use one of {STATUS_WORDS}.",
                commitment_id,
            )
        return status

    def date_problem(self, key: str, number: int, error: DateProblem, commitment_id: str) -> None:
        self.problem(
            ProblemKind.INVALID_DATE,
            number,
            f"{self.where(key, number)}: {error}. That cell was left out.",
            commitment_id,
        )

    # -- a new row ------------------------------------------------------------------------

    def new_row(self, cells: dict[str, Any], number: int) -> None:
        project = self.project
        manager = cell_text(cells.get("manager_id", ""))
        text = canonical_text(cell_text(cells.get("text", "")))
        where = f"{self.sheet.name} row {number}"
        if not manager:
            self.problem(
                ProblemKind.NO_MANAGER,
                number,
                f"{where}: a new commitment needs the manager's id in Manager id "
                "(the commitment id stays empty). Row left out.",
            )
            return
        if not project.has_person(manager):
            self.problem(
                ProblemKind.UNKNOWN_MANAGER,
                number,
                f"{self.where('manager_id', number)}: there is no person with id “{manager}” in "
                f"{project.name}. Row left out.",
            )
            return
        if not project.is_manager(manager):
            self.problem(
                ProblemKind.NOT_A_MANAGER,
                number,
                f"{self.where('manager_id', number)}: {project.display_name(manager)} ({manager}) "
                "has no direct reports, so has no one to make a commitment to. Row left out.",
            )
            return
        if not text:
            self.problem(
                ProblemKind.NO_TEXT,
                number,
                f"{self.where('text', number)}: a new commitment needs its text: how will "
                f"{project.display_name(manager)} serve their reports? Row left out.",
            )
            return
        duplicate = self.already_added(manager, text)
        if duplicate is not None:
            self.problem(
                ProblemKind.ALREADY_ADDED,
                number,
                f"{where}: {project.display_name(manager)} already has this commitment as "
                f"{duplicate} (added after the export, perhaps from this workbook). Row left out.",
                duplicate,
            )
            return
        status = Status.PLANNED
        if cell_text(cells.get("status", "")):
            found = self.status(cells["status"], number)
            if found is None:
                return
            status = found
        dates: dict[str, dt.date | None] = {}
        for key in ("due", "note_date"):
            try:
                dates[key] = parse_date_cell(cells.get(key, ""))
            except DateProblem as error:
                self.date_problem(key, number, error, "")
                return
        self.preview.new.append(
            NewRow(
                row=number,
                manager_id=manager,
                text=text,
                practice=canonical_text(cell_text(cells.get("practice", ""))),
                measure=canonical_text(cell_text(cells.get("measure", ""))),
                cadence=canonical_text(cell_text(cells.get("cadence", ""))),
                due=dates["due"],
                status=status,
                note=canonical_text(cell_text(cells.get("note", ""))),
                note_on=dates["note_date"],
            )
        )

    def already_added(self, manager: str, text: str) -> str | None:
        """A commitment of ``manager`` with this text made after the export, if any."""
        exported = self.record.prints if self.record is not None else None
        if exported is None:
            return None
        for commitment in self.project.plan.of_manager(manager):
            if commitment.id not in exported and canonical_text(commitment.text) == text:
                return commitment.id
        return None


# The end of a text the export had to cut (see action_plan_format.cut_marker).
_CUT = re.compile(r" … \[cut here: [0-9,]+ more characters are in Pyramid Planner\]$")
_CUT_END = " more characters are in Pyramid Planner]"  # a quick look before the expression


def _field_words(key: str) -> str:
    """A column's name as a sentence says it: "due date"."""
    return COLUMN_BY_KEY[key].header.lower() if key in COLUMN_BY_KEY else key


def _too_long(value: Any) -> bool:
    """Text at an Excel cell's limit (the reading library stops there, so more may have been
    in the file), unless it is a text the export itself cut to fit."""
    return isinstance(value, str) and len(value) >= EXCEL_MAX_TEXT and not _cut_by_export(value)


def _cut_by_export(text: str) -> bool:
    """Whether ``text`` ends as the export ends a text it had to cut."""
    return text.endswith(_CUT_END) and _CUT.search(text) is not None


def _suspect(value: Any) -> bool:
    """A cell that needs the careful path: an error value, or text at a cell's limit."""
    return isinstance(value, CellError) or _too_long(value)


def _same_date(value: Any, date: dt.date | None) -> bool:
    if value is None or value == "":
        return date is None
    if type(value) is dt.date:
        return value == date
    if isinstance(value, dt.datetime):
        return value.time() == dt.time(0) and value.date() == date
    return False


def _date_words(date: dt.date | None) -> str:
    return date.isoformat() if date is not None else "(none)"


def _display(name: str, canonical: str) -> str:
    if name == "note":
        text, _sep, on = canonical.partition("\x1f")
        return f"{text} ({on})" if on else text or "(none)"
    if name == "due":
        return canonical or "(none)"
    return canonical


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
