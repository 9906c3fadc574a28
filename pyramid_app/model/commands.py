"""Every edit of a project is a command: ``apply(project)`` changes it and returns the inverse.

Undo is applying the inverse, redo is applying the command again, and the project file, the
window's undo stack, the CLI and the tests all go through :meth:`Project.execute` with these
objects. Commands carry everything they need (new ids, timestamps), so a redo is exact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, is_dataclass, replace
from typing import Any, cast

from pyramid_app.model.customers import Segment, merged_segments
from pyramid_app.model.library import PracticeFamily, Suggestion
from pyramid_app.model.org import OrgChart
from pyramid_app.model.org_update import OrgUpdate, compare_orgs
from pyramid_app.model.plan import (
    DEFAULT_STATUS,
    Commitment,
    ProgressNote,
    Status,
    check_fields,
    with_changes,
)
from pyramid_app.model.project import Change, OrgSource, Project
from pyramid_app.model.project import Command as Command  # defined beside what applies it


class PlanError(ValueError):
    """An edit that makes no sense for this project: the message says what and who."""


# -- commitments --------------------------------------------------------------------------


@dataclass(frozen=True)
class AddCommitments(Command):
    commitments: tuple[Commitment, ...]
    label: str = "Add commitments"

    def apply(self, project: Project) -> tuple[Command, Change]:
        taken = [c.id for c in self.commitments if c.id in project.plan]
        if taken:
            raise PlanError(f"commitment {taken[0]} already exists")
        # Takes the ids: next_number moves past them, and undoing does not give them back, so
        # an id in an exported workbook never comes to mean another commitment.
        project.plan.put(self.commitments)
        ids = tuple(c.id for c in self.commitments)
        return RemoveCommitments(ids, self.label), _touched(self.commitments)


@dataclass(frozen=True)
class RemoveCommitments(Command):
    ids: tuple[str, ...]
    label: str = "Delete commitments"

    def apply(self, project: Project) -> tuple[Command, Change]:
        missing = [i for i in self.ids if i not in project.plan]
        if missing:
            raise PlanError(f"there is no commitment {missing[0]}")
        removed = tuple(project.plan.remove(self.ids))
        return AddCommitments(removed, self.label), _touched(removed)


@dataclass(frozen=True)
class ChangeCommitment(Command):
    """Set some fields of one commitment (text, status, serves, due...)."""

    id: str
    changes: dict[str, Any]
    now: dt.datetime
    label: str = "Edit commitment"

    def __post_init__(self) -> None:
        check_fields(self.changes)

    def apply(self, project: Project) -> tuple[Command, Change]:
        old = project.plan.get(self.id)
        if old is None:
            raise PlanError(f"there is no commitment {self.id}")
        new = with_changes(old, self.changes, self.now)
        project.plan.put([new])
        before = {name: getattr(old, name) for name in self.changes}
        return _Restore(old, before, self.label), _touched([new])


@dataclass(frozen=True)
class _Restore(Command):
    """The inverse of a field change: the old value, timestamps included."""

    old: Commitment
    fields_changed: dict[str, Any]
    label: str

    def apply(self, project: Project) -> tuple[Command, Change]:
        current = project.plan.get(self.old.id)
        if current is None:
            raise PlanError(f"there is no commitment {self.old.id}")
        project.plan.put([self.old])
        after = {name: getattr(current, name) for name in self.fields_changed}
        return ChangeCommitment(self.old.id, after, current.changed, self.label), _touched(
            [self.old]
        )


@dataclass(frozen=True)
class Batch(Command):
    """Several commands as one undo step (a bulk add, an import of updates)."""

    commands: tuple[Command, ...]
    label: str = "Several edits"

    def apply(self, project: Project) -> tuple[Command, Change]:
        inverses: list[Command] = []
        change = Change()
        try:
            for command in self.commands:
                inverse, touched = command.apply(project)
                inverses.append(inverse)
                change = change | touched
        except Exception:
            for inverse in reversed(inverses):
                inverse.apply(project)
            raise
        return Batch(tuple(reversed(inverses)), self.label), change


def segments_change(before: Sequence[Segment], after: Sequence[Segment]) -> Change:
    """What replacing the customer segments ``before`` by ``after`` touched."""

    def headers(segments: Sequence[Segment]) -> list[tuple[str, str, float | None]]:
        return [(s.name, s.description, s.share) for s in segments]

    def touchpoints(segments: Sequence[Segment]) -> dict[str, object]:
        return {t.id: t for segment in segments for t in segment.touchpoints}

    old, new = touchpoints(before), touchpoints(after)
    touched = {i for i in old.keys() | new.keys() if old.get(i) != new.get(i)}
    return Change(customers=headers(before) != headers(after), touchpoints=frozenset(touched))


def _touched(commitments: Iterable[Commitment]) -> Change:
    commitments = list(commitments)
    return Change(
        commitments=frozenset(c.id for c in commitments),
        managers=frozenset(c.manager_id for c in commitments),
    )


# -- the organisation and the library ----------------------------------------------------


@dataclass(frozen=True)
class ReplaceOrganisation(Command):
    """A new chart from an updated HR export; the plan is kept as it is, keyed by person id.

    ``customers`` (the new export's ``Customers`` sheet) join the customer map as new empty
    segments; segments already there keep their touchpoints, even when the sheet no longer
    names them. ``segments``, when given, is the exact customer map to put back instead: the
    inverse uses it, so an undone update removes just the segments it added.
    """

    chart: OrgChart
    source: OrgSource
    customers: tuple[str, ...]
    label: str = "Update organisation"
    segments: tuple[Segment, ...] | None = None

    def apply(self, project: Project) -> tuple[Command, Change]:
        customer_map = project.customer_map
        before = customer_map.segments
        after = self.segments
        if after is None:
            after = merged_segments(before, self.customers)
        old = ReplaceOrganisation(
            project.chart, project.source, tuple(project.customers), self.label, before
        )
        customer_map.set_segments(after)
        project.chart = self.chart
        project.source = self.source
        change = Change(org=True, managers=frozenset(project.plan.managers()))
        return old, change | segments_change(before, after)


@dataclass(frozen=True)
class SetUserFamily(Command):
    """Add, replace or (with ``family=None``) remove one of the project's own practice families."""

    name: str
    family: PracticeFamily | None
    label: str = "Edit practice library"

    def apply(self, project: Project) -> tuple[Command, Change]:
        families = project.library.user_families
        old = families.get(self.name)
        if self.family is None:
            families.pop(self.name, None)
        else:
            families[self.name] = self.family
        return SetUserFamily(self.name, old, self.label), Change(library=True)


# -- building commands the way the window and the CLI ask for them ------------------------


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)


def check_manager(project: Project, manager_id: str) -> None:
    """Raise :class:`PlanError` unless ``manager_id`` is a real person with reports."""
    if not project.has_person(manager_id):
        raise PlanError(f"there is no person with id {manager_id!r} in {project.name}")
    if not project.is_manager(manager_id):
        raise PlanError(
            f"{project.display_name(manager_id)} ({manager_id}) has no direct reports, "
            "so has no one to make a commitment to"
        )


def check_needs(project: Project, needs: Iterable[str]) -> tuple[str, ...]:
    """Need ids that all exist in the project's customer map, each once, in the order given."""
    chosen = tuple(dict.fromkeys(needs))
    for need_id in chosen:
        if not isinstance(need_id, str) or not project.customer_map.has_need(need_id):
            raise PlanError(f"there is no need {need_id!r} at any touchpoint of {project.name}")
    return chosen


def check_serves(project: Project, manager_id: str, serves: Sequence[str]) -> tuple[str, ...]:
    reports = set(project.direct_report_ids(manager_id))
    strangers = [person for person in serves if person not in reports]
    if strangers:
        raise PlanError(
            f"{strangers[0]!r} is not a direct report of "
            f"{project.display_name(manager_id)} ({manager_id})"
        )
    return tuple(dict.fromkeys(serves))


def add_commitment(
    project: Project,
    manager_id: str,
    text: str,
    *,
    now: dt.datetime | None = None,
    **fields: Any,
) -> AddCommitments:
    """The command that adds one new commitment for ``manager_id``, checked and with a new id."""
    check_manager(project, manager_id)
    if not text.strip():
        raise PlanError("a commitment needs some text: how will this manager serve their reports?")
    check_fields(fields)
    if "serves" in fields:
        fields["serves"] = check_serves(project, manager_id, fields["serves"])
    if "status" in fields:
        fields["status"] = Status(fields["status"])
    if "notes" in fields:
        # A caller's list would stay shared with the plan and could change it behind undo.
        fields["notes"] = tuple(fields["notes"])
    if "needs" in fields:
        fields["needs"] = check_needs(project, fields["needs"])
    moment = now or now_utc()
    (new_id,) = project.plan.new_ids(1)
    commitment = Commitment(
        id=new_id, manager_id=manager_id, text=text.strip(), created=moment, changed=moment,
        **fields,
    )  # fmt: skip
    return AddCommitments((commitment,), f"Add commitment for {project.display_name(manager_id)}")


def bulk_add(
    project: Project,
    manager_ids: Sequence[str],
    suggestion: Suggestion,
    practice: str = "",
    *,
    now: dt.datetime | None = None,
    what: str = "",
    due: dt.date | None = None,
    status: Status = DEFAULT_STATUS,
) -> AddCommitments:
    """One command adding the same commitment to every manager listed (one undo step), with
    a due date (or none) and a status."""
    managers = list(dict.fromkeys(manager_ids))
    if not managers:
        raise PlanError("no managers were chosen")
    for manager_id in managers:
        if not project.is_manager(manager_id):
            check_manager(project, manager_id)
    moment = now or now_utc()
    ids = project.plan.new_ids(len(managers))
    text = suggestion.text.strip()
    commitments = tuple(
        Commitment(
            id=new_id,
            manager_id=manager_id,
            text=text,
            practice=practice,
            measure=suggestion.measure,
            cadence=suggestion.cadence,
            due=due,
            status=Status(status),
            created=moment,
            changed=moment,
        )
        for new_id, manager_id in zip(ids, managers, strict=True)
    )
    where = f" {what}" if what else ""
    whom = "1 manager" if len(managers) == 1 else f"{len(managers):,} managers"
    return AddCommitments(commitments, f"Add commitment to {whom}{where}")


def delete_commitments(project: Project, ids: Sequence[str]) -> RemoveCommitments:
    missing = [commitment_id for commitment_id in ids if commitment_id not in project.plan]
    if missing:
        raise PlanError(f"there is no commitment {missing[0]}")
    if len(ids) == 1:
        commitment = project.plan[ids[0]]
        label = f"Delete commitment of {project.display_name(commitment.manager_id)}"
    else:
        label = f"Delete {len(ids):,} commitments"
    return RemoveCommitments(tuple(ids), label)


def duplicate_commitment(
    project: Project, commitment_id: str, now: dt.datetime | None = None
) -> AddCommitments:
    original = project.plan.get(commitment_id)
    if original is None:
        raise PlanError(f"there is no commitment {commitment_id}")
    moment = now or now_utc()
    (new_id,) = project.plan.new_ids(1)
    copy = Commitment(
        id=new_id, manager_id=original.manager_id, text=original.text,
        practice=original.practice, serves=original.serves, measure=original.measure,
        cadence=original.cadence, due=original.due, owner_note=original.owner_note,
        created=moment, changed=moment, needs=original.needs,
    )  # fmt: skip
    return AddCommitments(
        (copy,), f"Duplicate commitment for {project.display_name(original.manager_id)}"
    )


_FIELD_WORDS = {
    "text": "text",
    "practice": "practice",
    "serves": "whom it serves",
    "measure": "measure",
    "cadence": "cadence",
    "due": "due date",
    "status": "status",
    "owner_note": "owner note",
    "notes": "progress notes",
    "needs": "answered needs",
}


MAX_NAME_IN_LABEL = 24  # characters of a manager's name in an undo label


def commitment_words(project: Project, commitment: Commitment) -> str:
    """A commitment as an undo label names it: "C-0038 (Rosa Chaudhry)", the manager's name
    shortened when it is long (a person who left is named by their id)."""
    name = project.display_name(commitment.manager_id)
    if len(name) > MAX_NAME_IN_LABEL:
        name = name[: MAX_NAME_IN_LABEL - 1].rstrip() + "…"
    return f"{commitment.id} ({name})"


def edit_commitment(
    project: Project,
    commitment_id: str,
    now: dt.datetime | None = None,
    **changes: Any,
) -> ChangeCommitment:
    """Change fields of a commitment; the label names the field when only one changes, and
    the commitment with its manager ("Edit due date of C-0038 (Rosa Chaudhry)")."""
    commitment = project.plan.get(commitment_id)
    if commitment is None:
        raise PlanError(f"there is no commitment {commitment_id}")
    check_fields(changes)
    if "text" in changes and not str(changes["text"]).strip():
        raise PlanError("a commitment needs some text")
    if "serves" in changes and project.has_person(commitment.manager_id):
        changes["serves"] = check_serves(project, commitment.manager_id, changes["serves"])
    if "status" in changes:
        changes["status"] = Status(changes["status"])
    if "needs" in changes:
        changes["needs"] = check_needs(project, changes["needs"])
    what = _FIELD_WORDS[next(iter(changes))] if len(changes) == 1 else "commitment"
    whose = commitment_words(project, commitment)
    if "status" in changes and len(changes) == 1:
        label = f"Set {whose} {changes['status'].value}"
    else:
        label = f"Edit {what} of {whose}"
    return ChangeCommitment(commitment_id, changes, now or now_utc(), label)


def add_progress_note(
    project: Project,
    commitment_id: str,
    text: str,
    on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> ChangeCommitment:
    commitment = project.plan.get(commitment_id)
    if commitment is None:
        raise PlanError(f"there is no commitment {commitment_id}")
    if not text.strip():
        raise PlanError("a progress note needs some text")
    moment = now or now_utc()
    note = ProgressNote(on or moment.date(), text.strip())
    return ChangeCommitment(
        commitment_id,
        {"notes": (*commitment.notes, note)},
        moment,
        f"Add progress note to {commitment_words(project, commitment)}",
    )


def add_user_suggestion(
    project: Project, family_name: str, suggestion: Suggestion, description: str = ""
) -> SetUserFamily:
    """Add a suggestion to a family (a new family if the name is new); stored in the project."""
    name = family_name.strip()
    if not name:
        raise PlanError("a practice family needs a name")
    own = project.library.user_families.get(name)
    family = PracticeFamily(
        name,
        own.description if own else description,
        (own.suggestions if own else ()) + (suggestion,),
    )
    return SetUserFamily(name, family, f"Add suggestion to {name}")


def add_user_family(project: Project, name: str, description: str = "") -> SetUserFamily:
    name = name.strip()
    if not name:
        raise PlanError("a practice family needs a name")
    if name in project.library.names():
        raise PlanError(f"there is already a practice family called {name!r}")
    return SetUserFamily(name, PracticeFamily(name, description), f"Add practice family {name}")


def update_organisation(
    project: Project,
    new_chart: OrgChart,
    source: OrgSource,
    customers: Sequence[str],
    update: OrgUpdate | None = None,
) -> ReplaceOrganisation:
    """Replace the organisation with a new export as one step; the plan is kept as it is.

    The label says what changed, e.g. "Update organisation from hr_march.xlsx (3 joiners,
    1 leaver, 2 moves)"; pass ``update`` when the comparison was already made for a preview.
    """
    if update is None:
        update = compare_orgs(project.chart, new_chart)
    label = f"Update organisation from {source.file_name} ({update.describe()})"
    return ReplaceOrganisation(new_chart, source, tuple(customers), label)


def relabelled(command: Command, label: str) -> Command:
    """The same command under another label (every command is a dataclass)."""
    if not is_dataclass(command) or command.label == label:
        return command
    return cast(Command, replace(command, label=label))


def run_undo(project: Project, inverse: Command) -> Command:
    """Undo one step; the project's history says "Undo <label>". Returns the redo command."""
    redo = project.execute(relabelled(inverse, f"Undo {inverse.label}"), kind="undo")
    return relabelled(redo, inverse.label)


def run_redo(project: Project, redo: Command) -> Command:
    """Redo one step; the history says "Redo <label>". Returns the command that undoes it."""
    inverse = project.execute(relabelled(redo, f"Redo {redo.label}"), kind="redo")
    return relabelled(inverse, redo.label)


@dataclass
class UndoStack:
    """Undo and redo over a project without Qt (the CLI and the tests; the window wraps it)."""

    project: Project
    done: list[tuple[Command, Command]] = field(default_factory=list)  # (command, inverse)
    undone: list[tuple[Command, Command]] = field(default_factory=list)

    def push(self, command: Command) -> None:
        inverse = self.project.execute(command)
        self.done.append((command, inverse))
        self.undone.clear()

    def undo(self) -> None:
        command, inverse = self.done[-1]
        redo = run_undo(self.project, inverse)
        self.done.pop()
        self.undone.append((redo, command))

    def redo(self) -> None:
        redo, command = self.undone[-1]
        inverse = run_redo(self.project, redo)
        self.undone.pop()
        self.done.append((command, inverse))

    @property
    def undo_label(self) -> str | None:
        return self.done[-1][0].label if self.done else None

    @property
    def redo_label(self) -> str | None:
        return self.undone[-1][1].label if self.undone else None
