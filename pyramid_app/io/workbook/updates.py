"""What reading an edited action plan found, and applying it as one undoable step.

The preview (:class:`UpdatesPreview`) lists, each with the sheet row people see in Excel:

- *changed*: commitments whose editable fields the workbook changed since the export, field by
  field (the app's value now, the workbook's);
- *new*: rows without a commitment id, with a manager id and a commitment;
- *missing*: commitments that were exported but have no row any more;
- *conflicts*: fields changed both in the app and in the workbook since the export, to differing
  values; the planner chooses per conflict whose value to keep;
- *problems*: what cannot be applied and why (unknown manager, a status or a date that cannot be
  read, an unknown or repeated id...). Those rows or cells are left out; everything else still
  applies.

Decisions, stated here because they are choices:

- A missing row is **not** a deletion by default: people delete rows to tidy their own view, or
  copy part of a sheet. :func:`apply_updates` deletes missing commitments only when asked
  (``delete_missing=True``: the window's checkbox, the CLI's ``--delete-missing``).
- A conflict is kept as the app has it unless the planner chooses the workbook's value.
- A new progress note is made when the *Last progress note* text changed; it is dated with
  the workbook's *Note date* if that was changed too, else with the day the updates are applied.
  A changed date alone corrects the date of the last note. A note is never deleted by clearing
  the cell.
- Serves, needs, the manager and the organisation columns are for reference; they are not read
  back (a changed manager id on an existing row is reported, not applied).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

from pyramid_app.io.workbook.columns import FIELD_WORDS, canonical_text
from pyramid_app.io.workbook.results_record import RESULTS_CHOICE, SheetResults
from pyramid_app.model.commands import (
    AddCommitments,
    Batch,
    ChangeCommitment,
    Command,
    PlanError,
    RemoveCommitments,
    now_utc,
)
from pyramid_app.model.org_update import plural
from pyramid_app.model.plan import Commitment, ProgressNote, Status
from pyramid_app.model.project import Project


class ProblemKind(StrEnum):
    UNKNOWN_MANAGER = "unknown manager"
    NOT_A_MANAGER = "not a manager"
    NO_MANAGER = "no manager id"
    NO_TEXT = "no commitment text"
    INVALID_STATUS = "invalid status"
    INVALID_DATE = "invalid date"
    UNKNOWN_ID = "unknown commitment id"
    REPEATED_ID = "repeated commitment id"
    DELETED_IN_APP = "deleted in the app"
    MANAGER_CHANGED = "manager changed"
    CLEARED = "cleared cell"
    ALREADY_ADDED = "already added"
    ERROR_VALUE = "error value"
    TOO_LONG = "text too long"
    # The Results sheet's rows (results_reader.py).
    INVALID_PERIOD = "invalid period"
    UNKNOWN_UNIT = "unknown unit"
    INVALID_MEASURE = "invalid measure"
    INVALID_VALUE = "invalid value"
    REPEATED_RESULT = "repeated result"


class Choice(StrEnum):
    """Whose value a conflict keeps."""

    APP = "app"
    WORKBOOK = "workbook"


class Problem(NamedTuple):
    kind: ProblemKind
    row: int | None  # the sheet row as Excel numbers it
    message: str  # starts with where: "Action plan!N14: ..."
    commitment_id: str = ""


class NoteUpdate(NamedTuple):
    """A progress note read from the workbook: add it, or correct the last note's date."""

    text: str
    on: dt.date | None  # None: the day the updates are applied
    append: bool


class FieldChange(NamedTuple):
    """One field: the app's value now and the workbook's, as text, and the value to set."""

    field: str  # one of action_plan_format.TRACKED_FIELDS
    old: str
    new: str
    value: Any  # str, date or None, Status, NoteUpdate

    @property
    def label(self) -> str:
        return FIELD_WORDS[self.field]


class RowChange(NamedTuple):
    commitment_id: str
    row: int
    fields: tuple[FieldChange, ...]


class Conflict(NamedTuple):
    """Fields the app and the workbook both changed since the export, to different values."""

    commitment_id: str
    row: int
    fields: tuple[FieldChange, ...]  # old: the app's value now, new: the workbook's


class NewRow(NamedTuple):
    row: int
    manager_id: str
    text: str
    practice: str = ""
    measure: str = ""
    cadence: str = ""
    due: dt.date | None = None
    status: Status = Status.PLANNED
    note: str = ""
    note_on: dt.date | None = None


class MissingRow(NamedTuple):
    commitment_id: str
    manager_id: str
    text: str


@dataclass
class UpdatesPreview:
    """Everything reading a workbook found; nothing is changed until it is applied."""

    path: Path
    sheet: str
    project_name: str = ""  # from the export record, "" without one
    exported_at: dt.datetime | None = None
    rows_read: int = 0
    unchanged: int = 0
    changed: list[RowChange] = field(default_factory=list)
    new: list[NewRow] = field(default_factory=list)
    missing: list[MissingRow] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    results: SheetResults | None = None  # the Results sheet read back, if the workbook has one

    @property
    def has_updates(self) -> bool:
        """Something could be applied (changes, new rows, conflicts or missing rows, results)."""
        results = self.results is not None and self.results.applicable(take_conflicts=True)
        return bool(self.changed or self.new or self.conflicts or self.missing or results)

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows_read,
            "unchanged": self.unchanged,
            "changed": len(self.changed),
            "new": len(self.new),
            "missing": len(self.missing),
            "conflicts": len(self.conflicts),
            "problems": len(self.problems),
        }

    def summary(self) -> str:
        """One sentence for a dialog or the command line."""
        parts = [
            plural(len(self.changed), "changed commitment"),
            f"{len(self.new):,} new",
            f"{len(self.missing):,} missing",
            plural(len(self.conflicts), "conflict"),
            plural(len(self.problems), "problem"),
        ]
        text = f"{plural(self.rows_read, 'row')} read: " + ", ".join(parts)
        if self.results is not None:
            text += f"; {self.results.sheet}: {self.results.describe()}"
        return text


def apply_updates(
    project: Project,
    preview: UpdatesPreview,
    choices: Mapping[str, Choice | str] | None = None,
    *,
    delete_missing: bool = False,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> Command:
    """One :class:`Batch` doing the preview's changes, new rows and chosen conflicts.

    ``choices`` maps a conflict's commitment id to :class:`Choice` (default: keep the app's),
    and :data:`RESULTS_CHOICE` to the choice for every result changed in both places. The
    Results sheet's new and corrected values join the same step. ``today`` dates progress
    notes that came without a date. Raises PlanError when there is nothing to apply or a
    commitment the preview names is no longer in the plan.
    """
    moment = now or now_utc()
    day = today or moment.date()
    choices = choices or {}
    fields_of: dict[str, dict[str, Any]] = {}
    for row in preview.changed:
        fields_of.setdefault(row.commitment_id, {}).update(
            {change.field: change.value for change in row.fields}
        )
    for conflict in preview.conflicts:
        if Choice(choices.get(conflict.commitment_id, Choice.APP)) is Choice.WORKBOOK:
            fields_of.setdefault(conflict.commitment_id, {}).update(
                {change.field: change.value for change in conflict.fields}
            )
    commands: list[Command] = []
    for commitment_id, values in fields_of.items():
        commitment = project.plan.get(commitment_id)
        if commitment is None:
            raise PlanError(
                f"{commitment_id} is no longer in the plan; read the workbook again to update it"
            )
        changes = _model_changes(commitment, values, day)
        if changes:
            commands.append(
                ChangeCommitment(commitment_id, changes, moment, f"Update {commitment_id}")
            )
    if preview.new:
        ids = project.plan.new_ids(len(preview.new))
        added = tuple(
            _new_commitment(new_id, row, moment, day)
            for new_id, row in zip(ids, preview.new, strict=True)
        )
        commands.append(AddCommitments(added, "Add commitments from the workbook"))
    deleted = 0
    if delete_missing and preview.missing:
        present = tuple(m.commitment_id for m in preview.missing if m.commitment_id in project.plan)
        if present:
            deleted = len(present)
            commands.append(
                RemoveCommitments(present, "Delete commitments missing from the workbook")
            )
    results = None
    if preview.results is not None:
        take = Choice(choices.get(RESULTS_CHOICE, Choice.APP)) is Choice.WORKBOOK
        results = preview.results.command(take_conflicts=take)
        if results is not None:
            commands.append(results)
    if not commands:
        raise PlanError(f"{preview.path.name} has nothing to apply to {project.name}")
    parts = [plural(len(fields_of), "changed commitment")] if fields_of else []
    if preview.new:
        parts.append(f"{len(preview.new):,} new")
    if deleted:
        parts.append(f"{deleted:,} deleted")
    if results is not None:
        parts.append(plural(len(results.put), "result"))
    label = f"Import plan updates from {preview.path.name} ({', '.join(parts)})"
    return Batch(tuple(commands), label)


def _model_changes(commitment: Commitment, values: dict[str, Any], day: dt.date) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name, value in values.items():
        if name == "note":
            notes = _notes_after(commitment, value, day)
            if notes != commitment.notes:
                changes["notes"] = notes
        elif name == "status":
            changes["status"] = Status(value)
        else:
            changes[name] = value
    return changes


def _notes_after(
    commitment: Commitment, update: NoteUpdate, day: dt.date
) -> tuple[ProgressNote, ...]:
    last = commitment.last_note
    if update.append or last is None:
        return (*commitment.notes, ProgressNote(update.on or day, update.text))
    if update.on is None:
        return commitment.notes
    notes = list(commitment.notes)
    notes[notes.index(last)] = ProgressNote(update.on, last.text)
    return tuple(notes)


def _new_commitment(new_id: str, row: NewRow, moment: dt.datetime, day: dt.date) -> Commitment:
    notes = (ProgressNote(row.note_on or day, row.note),) if row.note else ()
    return Commitment(
        id=new_id,
        manager_id=row.manager_id,
        text=row.text,
        practice=row.practice,
        measure=row.measure,
        cadence=row.cadence,
        due=row.due,
        status=row.status,
        notes=notes,
        created=moment,
        changed=moment,
    )


def same_text(first: str, second: str) -> bool:
    return canonical_text(first) == canonical_text(second)
