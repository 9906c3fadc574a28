"""Random edit sessions on a small random organisation, checked against a plain reference.

The reference is what a planner expects from Edit > Undo: a list of plan snapshots (dicts of
commitments) and a position in it; a new edit cuts off everything after the position. The real
project, its undo stack and its observers must agree with it after every step, timestamps
included, and a refused edit (bad input, a batch that fails half way, a journal that cannot
save) must leave no trace at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from pyramid_app.model.commands import (
    Batch,
    Command,
    PlanError,
    RemoveCommitments,
    UndoStack,
    add_commitment,
    add_progress_note,
    bulk_add,
    delete_commitments,
    duplicate_commitment,
    edit_commitment,
)
from pyramid_app.model.library import Suggestion
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import (
    STANDARD_CADENCES,
    Commitment,
    ProgressNote,
    Status,
    commitment_number,
    format_commitment_id,
)
from pyramid_app.model.project import Change, OrgSource, Project

Snapshot = dict[str, Commitment]

words = st.text(alphabet="abcdefgh ", min_size=1, max_size=12).map(str.strip).filter(bool)
cadences = st.sampled_from([*STANDARD_CADENCES, "", "after each event"])
statuses = st.sampled_from(list(Status))
dates = st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31))
notes = st.lists(st.builds(ProgressNote, dates, words), max_size=2)


@st.composite
def parent_lists(draw: st.DrawFn) -> list[int]:
    size = draw(st.integers(2, 9))
    return [-1] + [draw(st.integers(0, i - 1)) for i in range(1, size)]


class FailingJournal:
    """A project file that cannot save (disk full): every record raises."""

    def record(
        self, project: Project, command: Command, change: Change, step: object = None
    ) -> None:
        raise OSError("disk full")


class PlanSession(RuleBasedStateMachine):
    @initialize(parents=parent_lists())
    def open_project(self, parents: list[int]) -> None:
        ids = [f"P{i}" for i in range(len(parents))]
        chart = OrgChart.from_parents(ids, parents, [f"Person {i}" for i in range(len(ids))])
        self.project = Project(chart, OrgSource("org.xlsx"))
        self.stack = UndoStack(self.project)
        self.managers = [pid for pid in ids if self.project.is_manager(pid)]
        self.front_line = [pid for pid in ids if pid not in self.managers]
        self.heard: list[Change] = []
        self.project.subscribe(lambda project, change: self.heard.append(change))
        self.clock = dt.datetime(2025, 7, 1, 9, 0)
        # The reference: snapshots of the plan, the position of the current one, and for each
        # step the ids it touched.
        self.snapshots: list[Snapshot] = [{}]
        self.touched: list[frozenset[str]] = [frozenset()]
        self.position = 0
        self.next_number = 1

    # -- helpers --------------------------------------------------------------------------

    @property
    def current(self) -> Snapshot:
        return self.snapshots[self.position]

    def tick(self) -> dt.datetime:
        self.clock += dt.timedelta(minutes=1)
        return self.clock

    def reports(self, manager_id: str) -> list[str]:
        return self.project.direct_report_ids(manager_id)

    def reserve(self, count: int) -> list[str]:
        first = self.next_number
        self.next_number += count
        return [format_commitment_id(n) for n in range(first, first + count)]

    def expect_push(self, command: Command, after: Snapshot, touched: set[str]) -> None:
        heard = len(self.heard)
        self.stack.push(command)
        del self.snapshots[self.position + 1 :]
        del self.touched[self.position + 1 :]
        self.snapshots.append(after)
        self.touched.append(frozenset(touched))
        self.position += 1
        assert len(self.heard) == heard + 1
        self.check_change(self.heard[-1], self.position)

    def check_change(self, change: Change, step: int) -> None:
        """The one notification of a step (done, undone or redone) names what it touched."""
        touched = self.touched[step]
        before, after = self.snapshots[step - 1], self.snapshots[step]
        assert change.commitments == touched
        assert change.managers == {(after.get(i) or before[i]).manager_id for i in touched}
        assert not change.org and not change.library

    def expect_refusal(self, command: Command | None = None, build: Any = None) -> None:
        """The edit fails: nothing changes, nobody hears anything, the stack is as it was."""
        heard, done = len(self.heard), len(self.stack.done)
        undone = list(self.stack.undone)
        with pytest.raises((PlanError, OSError)):
            if build is not None:
                command = build()
            assert command is not None
            self.stack.push(command)
        assert len(self.heard) == heard
        assert len(self.stack.done) == done and self.stack.undone == undone

    def pick_commitment(self, data: st.DataObject) -> Commitment:
        return self.current[data.draw(st.sampled_from(sorted(self.current)))]

    # -- edits ----------------------------------------------------------------------------

    @rule(data=st.data(), text=words, status=statuses, due=st.none() | dates, note=notes)
    def add_one(
        self,
        data: st.DataObject,
        text: str,
        status: Status,
        due: dt.date | None,
        note: list[ProgressNote],
    ) -> None:
        manager = data.draw(st.sampled_from(self.managers))
        serves = data.draw(st.lists(st.sampled_from(self.reports(manager)), max_size=3))
        fields: dict[str, Any] = data.draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "practice": words,
                    "measure": words,
                    "cadence": cadences,
                    "owner_note": words,
                    "serves": st.just(serves),
                    "due": st.just(due),
                    "status": st.sampled_from([status, status.value]),
                    "notes": st.just(note),
                },
            )
        )
        now = self.tick()
        command = add_commitment(self.project, manager, f"  {text} ", now=now, **dict(fields))
        (new_id,) = self.reserve(1)
        expected_fields = dict(fields)
        if "serves" in fields:
            expected_fields["serves"] = tuple(dict.fromkeys(serves))
        if "status" in fields:
            expected_fields["status"] = Status(fields["status"])
        if "notes" in fields:
            expected_fields["notes"] = tuple(note)
        new = Commitment(new_id, manager, text, created=now, changed=now, **expected_fields)
        self.expect_push(command, {**self.current, new_id: new}, {new_id})

    @rule(data=st.data(), blank=st.sampled_from(["", "   "]))
    def add_refused(self, data: st.DataObject, blank: str) -> None:
        manager = data.draw(st.sampled_from(self.managers))
        strangers = [p for p in self.project.chart.ids if p not in self.reports(manager)]
        wrong: list[tuple[str, str, list[str]]] = [
            (manager, blank, []),  # no text
            ("nobody", "Serve well", []),  # not in the organisation
            (manager, "Serve well", strangers[:1]),  # serves someone not their report
        ]
        wrong += [(person, "Serve well", []) for person in self.front_line]  # no reports
        target, text, serves = data.draw(st.sampled_from(wrong))
        self.expect_refusal(
            build=lambda: add_commitment(self.project, target, text, serves=serves, now=self.tick())
        )

    @rule(data=st.data(), text=words, practice=words, cadence=cadences)
    def bulk(self, data: st.DataObject, text: str, practice: str, cadence: str) -> None:
        chosen = data.draw(st.lists(st.sampled_from(self.managers), min_size=1, max_size=6))
        now = self.tick()
        suggestion = Suggestion(text, "measured", cadence)
        command = bulk_add(self.project, chosen, suggestion, practice, now=now)
        managers = list(dict.fromkeys(chosen))
        ids = self.reserve(len(managers))
        after = dict(self.current)
        for new_id, manager in zip(ids, managers, strict=True):
            after[new_id] = Commitment(
                new_id, manager, text, practice, (), "measured", cadence,
                created=now, changed=now,
            )  # fmt: skip
        self.expect_push(command, after, set(ids))

    def edit_changes(self, data: st.DataObject, old: Commitment) -> dict[str, Any]:
        reports = self.reports(old.manager_id)
        return data.draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "text": words,
                    "practice": words,
                    "serves": st.lists(st.sampled_from(reports), max_size=3),
                    "measure": words,
                    "cadence": cadences,
                    "due": st.none() | dates,
                    "status": statuses.map(lambda s: s.value),
                    "owner_note": words,
                    "notes": notes,
                },
            ).filter(bool)
        )

    @staticmethod
    def edited(old: Commitment, changes: dict[str, Any], now: dt.datetime) -> Commitment:
        values = dict(changes)
        if "serves" in values:
            values["serves"] = tuple(dict.fromkeys(values["serves"]))
        if "notes" in values:
            values["notes"] = tuple(values["notes"])
        if "status" in values:
            values["status"] = Status(values["status"])
        return dataclasses.replace(old, changed=now, **values)

    @precondition(lambda self: self.current)
    @rule(data=st.data())
    def edit(self, data: st.DataObject) -> None:
        old = self.pick_commitment(data)
        changes = self.edit_changes(data, old)
        now = self.tick()
        command = edit_commitment(self.project, old.id, now=now, **dict(changes))
        new = self.edited(old, changes, now)
        self.expect_push(command, {**self.current, old.id: new}, {old.id})

    @precondition(lambda self: self.current)
    @rule(data=st.data(), status=statuses)
    def set_status(self, data: st.DataObject, status: Status) -> None:
        old = self.pick_commitment(data)
        now = self.tick()
        command = edit_commitment(self.project, old.id, now=now, status=status)
        manager = self.project.display_name(old.manager_id)
        assert command.label == f"Set {old.id} ({manager}) {status.value}"
        new = dataclasses.replace(old, status=status, changed=now)
        self.expect_push(command, {**self.current, old.id: new}, {old.id})

    @precondition(lambda self: self.current)
    @rule(data=st.data(), text=words, on=st.none() | dates)
    def note(self, data: st.DataObject, text: str, on: dt.date | None) -> None:
        old = self.pick_commitment(data)
        now = self.tick()
        command = add_progress_note(self.project, old.id, f" {text}", on=on, now=now)
        added = ProgressNote(on or now.date(), text)
        new = dataclasses.replace(old, notes=(*old.notes, added), changed=now)
        self.expect_push(command, {**self.current, old.id: new}, {old.id})

    @precondition(lambda self: self.current)
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        ids = data.draw(st.lists(st.sampled_from(sorted(self.current)), min_size=1, unique=True))
        command = delete_commitments(self.project, ids)
        after = {key: value for key, value in self.current.items() if key not in ids}
        self.expect_push(command, after, set(ids))

    @precondition(lambda self: self.current)
    @rule(data=st.data())
    def duplicate(self, data: st.DataObject) -> None:
        old = self.pick_commitment(data)
        now = self.tick()
        command = duplicate_commitment(self.project, old.id, now=now)
        (new_id,) = self.reserve(1)
        copy = dataclasses.replace(
            old, id=new_id, status=Status.PLANNED, notes=(), created=now, changed=now
        )
        self.expect_push(command, {**self.current, new_id: copy}, {new_id})

    @precondition(lambda self: len(self.current) >= 2)
    @rule(data=st.data(), text=words)
    def batch(self, data: st.DataObject, text: str) -> None:
        """An add, an edit and a delete as one undo step (an import of updates does this)."""
        first, second = data.draw(
            st.lists(st.sampled_from(sorted(self.current)), min_size=2, max_size=2, unique=True)
        )
        manager = data.draw(st.sampled_from(self.managers))
        now = self.tick()
        add = add_commitment(self.project, manager, text, now=now)
        (new_id,) = self.reserve(1)
        changes = self.edit_changes(data, self.current[first])
        edit = edit_commitment(self.project, first, now=now, **dict(changes))
        remove = delete_commitments(self.project, [second])
        after = dict(self.current)
        after[new_id] = Commitment(new_id, manager, text, created=now, changed=now)
        after[first] = self.edited(after[first], changes, now)
        del after[second]
        self.expect_push(Batch((add, edit, remove), "Update"), after, {new_id, first, second})

    @precondition(lambda self: self.current)
    @rule(data=st.data())
    def batch_failing_half_way(self, data: st.DataObject) -> None:
        """A batch whose last part fails is taken back whole: no trace, no notification."""
        old = self.pick_commitment(data)
        now = self.tick()
        edit = edit_commitment(self.project, old.id, now=now, text="changed")
        remove = delete_commitments(self.project, [old.id])
        missing = RemoveCommitments(("C-9999",))
        self.expect_refusal(Batch((edit, remove, missing)))

    @rule(data=st.data(), text=words)
    def push_without_saving(self, data: st.DataObject, text: str) -> None:
        """The project file refuses the edit: the edit is taken back and reported."""
        manager = data.draw(st.sampled_from(self.managers))
        command = add_commitment(self.project, manager, text, now=self.tick())
        # Refused, the edit takes no id: the next commitment gets the one this would have had.
        self.project.journal = FailingJournal()
        try:
            self.expect_refusal(command)
        finally:
            self.project.journal = None

    # -- undo and redo --------------------------------------------------------------------

    @precondition(lambda self: self.position > 0)
    @rule()
    def undo(self) -> None:
        heard = len(self.heard)
        self.stack.undo()
        assert len(self.heard) == heard + 1
        self.check_change(self.heard[-1], self.position)
        self.position -= 1

    @precondition(lambda self: self.position > 0)
    @rule(count=st.integers(2, 4))
    def undo_several(self, count: int) -> None:
        """Several undos in a row, so that redo gets its turn before the next edit."""
        for _ in range(min(count, self.position)):
            self.undo()

    @precondition(lambda self: self.position < len(self.snapshots) - 1)
    @rule()
    def redo(self) -> None:
        heard = len(self.heard)
        self.stack.redo()
        self.position += 1
        assert len(self.heard) == heard + 1
        self.check_change(self.heard[-1], self.position)

    @precondition(lambda self: self.position < len(self.snapshots) - 1)
    @rule(count=st.integers(2, 4))
    def redo_several(self, count: int) -> None:
        for _ in range(min(count, len(self.snapshots) - 1 - self.position)):
            self.redo()

    @precondition(lambda self: self.position > 0)
    @rule()
    def undo_everything_then_redo_everything(self) -> None:
        steps = self.position
        for _ in range(steps):
            self.stack.undo()
        assert self.project.plan.commitments == {}
        assert self.project.plan.managers() == set()
        for _ in range(steps):
            self.stack.redo()
        assert self.project.plan.commitments == self.current

    # -- invariants -----------------------------------------------------------------------

    @invariant()
    def plan_is_the_reference(self) -> None:
        if not hasattr(self, "project"):
            return
        plan = self.project.plan
        assert plan.commitments == self.current
        assert plan.next_number == self.next_number
        owners = {c.manager_id for c in self.current.values()}
        assert plan.managers() == owners
        for manager in owners:
            ids = sorted((c.id for c in self.current.values() if c.manager_id == manager),
                         key=commitment_number)  # fmt: skip
            assert [c.id for c in plan.of_manager(manager)] == ids
            assert plan.count_of(manager) == len(ids)
        assert len(self.stack.done) == self.position
        assert len(self.stack.undone) == len(self.snapshots) - 1 - self.position


PlanSession.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_plan_session = PlanSession.TestCase
