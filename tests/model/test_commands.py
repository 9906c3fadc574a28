"""Edit commands one by one: their labels, their refusals, saving through a journal, read-only
projects and a bulk add the size of a large organisation."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from pyramid_app.model.commands import (
    AddCommitments,
    Batch,
    Command,
    PlanError,
    RemoveCommitments,
    UndoStack,
    add_commitment,
    add_progress_note,
    add_user_family,
    add_user_suggestion,
    bulk_add,
    delete_commitments,
    duplicate_commitment,
    edit_commitment,
    now_utc,
)
from pyramid_app.model.library import PracticeFamily, PracticeLibrary, Suggestion
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Commitment, Plan, ProgressNote, Status
from pyramid_app.model.project import Change, OrgSource, Project, ReadOnlyProjectError

NOW = dt.datetime(2025, 7, 1, 9, 0)
LATER = dt.datetime(2025, 7, 2, 14, 30)

#            Ana (P0)
#          /          \
#   Diego (P1)      Fern (P2)
#    /     \            \
# Eva (P3) Gus (P4)   Hana (P5)
PEOPLE = [
    ("P0", -1, "Ana Alves"),
    ("P1", 0, "Diego Gallo"),
    ("P2", 0, "Fern Ito"),
    ("P3", 1, "Eva Berg"),
    ("P4", 1, "Gus Lund"),
    ("P5", 2, "Hana Oya"),
]
SUGGESTION = Suggestion("Hold a weekly huddle", "huddles held / weeks", "weekly")


def small_project() -> Project:
    chart = OrgChart.from_parents(
        [p[0] for p in PEOPLE], [p[1] for p in PEOPLE], [p[2] for p in PEOPLE]
    )
    return Project(chart, OrgSource("team.xlsx"), name="Team")


@pytest.fixture
def project() -> Project:
    return small_project()


@pytest.fixture
def stack(project: Project) -> UndoStack:
    return UndoStack(project)


class ListJournal:
    """A journal that keeps every record in a list, and refuses from a chosen record on."""

    def __init__(self, fail_from: int | None = None) -> None:
        self.records: list[tuple[Command, Change]] = []
        self.fail_from = fail_from

    def record(
        self, project: Project, command: Command, change: Change, step: object = None
    ) -> None:
        if self.fail_from is not None and len(self.records) >= self.fail_from:
            raise OSError(28, "No space left on device")
        self.records.append((command, change))


def listen(project: Project) -> list[Change]:
    heard: list[Change] = []
    project.subscribe(lambda _project, change: heard.append(change))
    return heard


# -- labels -------------------------------------------------------------------------------


def test_labels_name_the_person_or_the_count(project: Project, stack: UndoStack) -> None:
    add = add_commitment(project, "P1", "Hold one-to-ones", now=NOW)
    assert add.label == "Add commitment for Diego Gallo"
    stack.push(add)
    assert stack.undo_label == "Add commitment for Diego Gallo"
    assert stack.redo_label is None

    bulk = bulk_add(project, ["P0", "P1", "P2"], SUGGESTION, "Team building", now=NOW)
    assert bulk.label == "Add commitment to 3 managers"
    assert bulk_add(project, ["P1"], SUGGESTION, what="in Rooms").label == (
        "Add commitment to 1 manager in Rooms"
    )
    stack.push(bulk)

    assert duplicate_commitment(project, "C-0001").label == "Duplicate commitment for Diego Gallo"
    assert delete_commitments(project, ["C-0001"]).label == "Delete commitment of Diego Gallo"
    assert delete_commitments(project, ["C-0001", "C-0003"]).label == "Delete 2 commitments"
    assert edit_commitment(project, "C-0001", due=dt.date(2025, 9, 1)).label == (
        "Edit due date of C-0001 (Diego Gallo)"
    )
    assert edit_commitment(project, "C-0001", serves=["P3"]).label == (
        "Edit whom it serves of C-0001 (Diego Gallo)"
    )
    assert edit_commitment(project, "C-0001", text="x", measure="y").label == (
        "Edit commitment of C-0001 (Diego Gallo)"
    )
    assert edit_commitment(project, "C-0001", status="done").label == (
        "Set C-0001 (Diego Gallo) done"
    )
    assert edit_commitment(project, "C-0001", status=Status.IN_PROGRESS).label == (
        "Set C-0001 (Diego Gallo) in progress"
    )
    assert add_progress_note(project, "C-0001", "Started").label == (
        "Add progress note to C-0001 (Diego Gallo)"
    )

    stack.undo()
    assert stack.undo_label == "Add commitment for Diego Gallo"
    assert stack.redo_label == "Add commitment to 3 managers"


def test_a_person_who_left_keeps_their_id_in_labels(project: Project) -> None:
    project.plan.put([Commitment("C-0009", "GONE", "Old promise")])
    assert delete_commitments(project, ["C-0009"]).label == "Delete commitment of GONE"


# -- refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("manager", "text", "fields", "message"),
    [
        ("X9", "Serve", {}, "there is no person with id 'X9' in Team"),
        ("P3", "Serve", {}, "Eva Berg (P3) has no direct reports, so has no one to make"),
        (
            "P1",
            "Serve",
            {"serves": ["P3", "P5"]},
            "'P5' is not a direct report of Diego Gallo (P1)",
        ),
        ("P1", "Serve", {"serves": ["P1"]}, "'P1' is not a direct report of Diego Gallo (P1)"),
        ("P1", "   ", {}, "a commitment needs some text"),
    ],
)
def test_add_refuses_with_a_message_naming_who(
    project: Project, manager: str, text: str, fields: dict[str, object], message: str
) -> None:
    with pytest.raises(PlanError) as caught:
        add_commitment(project, manager, text, now=NOW, **fields)
    assert message in str(caught.value)
    assert project.plan.next_number == 1  # a refused add uses up no id


def test_other_builders_refuse_bad_input(project: Project, stack: UndoStack) -> None:
    with pytest.raises(PlanError, match="no managers were chosen"):
        bulk_add(project, [], SUGGESTION)
    with pytest.raises(PlanError, match=r"Hana Oya \(P5\) has no direct reports"):
        bulk_add(project, ["P0", "P5"], SUGGESTION)
    with pytest.raises(PlanError, match="there is no person with id 'nobody'"):
        bulk_add(project, ["P0", "nobody"], SUGGESTION)
    for build in (
        lambda: edit_commitment(project, "C-0001", text="x"),
        lambda: add_progress_note(project, "C-0001", "x"),
        lambda: delete_commitments(project, ["C-0001"]),
        lambda: duplicate_commitment(project, "C-0001"),
    ):
        with pytest.raises(PlanError, match="there is no commitment C-0001"):
            build()
    stack.push(add_commitment(project, "P1", "Serve", now=NOW))
    with pytest.raises(PlanError, match="a commitment needs some text"):
        edit_commitment(project, "C-0001", text=" ")
    with pytest.raises(PlanError, match="a progress note needs some text"):
        add_progress_note(project, "C-0001", "")
    with pytest.raises(PlanError, match="'P5' is not a direct report of Diego Gallo"):
        edit_commitment(project, "C-0001", serves=["P5"])
    with pytest.raises(KeyError, match="id, manager_id cannot be edited"):
        edit_commitment(project, "C-0001", id="C-0002", manager_id="P2")
    with pytest.raises(KeyError, match="a commitment has no field colour"):
        add_commitment(project, "P1", "Serve", colour="red")
    with pytest.raises(ValueError, match="'finished' is not a valid Status"):
        edit_commitment(project, "C-0001", status="finished")
    with pytest.raises(PlanError, match="there is no commitment C-0002"):
        stack.push(RemoveCommitments(("C-0002",)))
    assert list(project.plan.commitments) == ["C-0001"]


def test_adding_a_commitment_twice_is_refused(project: Project, stack: UndoStack) -> None:
    command = add_commitment(project, "P1", "Serve", now=NOW)
    stack.push(command)
    with pytest.raises(PlanError, match="commitment C-0001 already exists"):
        stack.push(command)
    assert len(stack.done) == 1


def test_family_builders_refuse_blank_and_repeated_names(project: Project) -> None:
    with pytest.raises(PlanError, match="a practice family needs a name"):
        add_user_family(project, "  ")
    with pytest.raises(PlanError, match="a practice family needs a name"):
        add_user_suggestion(project, "", SUGGESTION)
    project.library = PracticeLibrary(shipped=(PracticeFamily("Recognition", shipped=True),))
    with pytest.raises(PlanError, match="there is already a practice family called 'Recognition'"):
        add_user_family(project, "Recognition")


# -- what an add stores -------------------------------------------------------------------


def test_add_normalises_what_it_stores(project: Project, stack: UndoStack) -> None:
    notes = [ProgressNote(dt.date(2025, 7, 3), "Kick-off")]
    stack.push(
        add_commitment(
            project,
            "P1",
            "  Coach each report  ",
            serves=["P4", "P3", "P4"],
            status="in progress",
            notes=notes,
            now=NOW,
        )
    )
    stored = project.plan["C-0001"]
    assert stored.text == "Coach each report"
    assert stored.serves == ("P4", "P3")
    assert stored.status is Status.IN_PROGRESS
    # The caller's list must not stay tied to the plan, or changing it would edit the plan
    # behind the undo stack's back.
    assert stored.notes == tuple(notes)
    notes.append(ProgressNote(dt.date(2025, 7, 4), "Sneaked in"))
    assert len(project.plan["C-0001"].notes) == 1
    assert stored.created == stored.changed == NOW


def test_ids_are_never_reused_after_undo(project: Project, stack: UndoStack) -> None:
    stack.push(add_commitment(project, "P1", "First", now=NOW))
    stack.undo()
    stack.push(add_commitment(project, "P1", "Second", now=NOW))
    assert list(project.plan.commitments) == ["C-0002"]


def test_an_empty_plan_given_to_a_project_keeps_its_next_id() -> None:
    # A project whose every commitment was deleted must not hand out C-0001 again.
    chart = small_project().chart
    plan = Plan(next_number=8)
    project = Project(chart, OrgSource("team.xlsx"), plan=plan)
    assert project.plan is plan
    assert add_commitment(project, "P1", "Serve", now=NOW).commitments[0].id == "C-0008"


def test_now_utc_is_naive_and_to_the_second() -> None:
    moment = now_utc()
    assert moment.tzinfo is None and moment.microsecond == 0


# -- undo, redo and notifications ---------------------------------------------------------


def test_edit_undo_redo_restore_values_and_timestamps(project: Project, stack: UndoStack) -> None:
    stack.push(add_commitment(project, "P1", "Serve", now=NOW))
    original = project.plan["C-0001"]
    stack.push(edit_commitment(project, "C-0001", now=LATER, text="Serve better", status="done"))
    edited = project.plan["C-0001"]
    assert (edited.text, edited.status, edited.changed) == ("Serve better", Status.DONE, LATER)
    stack.undo()
    assert project.plan["C-0001"] == original
    stack.redo()
    assert project.plan["C-0001"] == edited


def test_observers_hear_once_per_step_with_the_touched_ids(
    project: Project, stack: UndoStack
) -> None:
    heard = listen(project)
    stack.push(bulk_add(project, ["P0", "P2"], SUGGESTION, now=NOW))
    stack.push(edit_commitment(project, "C-0002", owner_note="Ask Hana first", now=LATER))
    stack.undo()
    stack.undo()
    stack.redo()
    assert [(set(c.commitments), set(c.managers)) for c in heard] == [
        ({"C-0001", "C-0002"}, {"P0", "P2"}),
        ({"C-0002"}, {"P2"}),
        ({"C-0002"}, {"P2"}),
        ({"C-0001", "C-0002"}, {"P0", "P2"}),
        ({"C-0001", "C-0002"}, {"P0", "P2"}),
    ]
    assert not any(change.org or change.library for change in heard)


def test_family_edits_undo(project: Project, stack: UndoStack) -> None:
    heard = listen(project)
    stack.push(add_user_family(project, "Safety", "Keep everyone safe"))
    stack.push(add_user_suggestion(project, "Safety", SUGGESTION))
    assert project.library.family("Safety") == PracticeFamily(
        "Safety", "Keep everyone safe", (SUGGESTION,)
    )
    stack.undo()
    assert project.library.family("Safety") == PracticeFamily("Safety", "Keep everyone safe")
    stack.undo()
    assert project.library.user_families == {}
    assert all(change.library and not change.commitments for change in heard)


# -- saving -------------------------------------------------------------------------------


def test_a_journal_sees_every_step_after_it_is_applied(project: Project, stack: UndoStack) -> None:
    journal = ListJournal()
    project.journal = journal
    stack.push(add_commitment(project, "P1", "Serve", now=NOW))
    stack.undo()
    stack.redo()
    assert [set(change.commitments) for _, change in journal.records] == [{"C-0001"}] * 3
    # The undo is saved as the command it ran: the removal, then the add again.
    kinds = [type(command) for command, _ in journal.records]
    assert kinds == [AddCommitments, RemoveCommitments, AddCommitments]


def test_a_journal_failure_takes_the_edit_back(project: Project, stack: UndoStack) -> None:
    journal = ListJournal(fail_from=1)
    project.journal = journal
    heard = listen(project)
    stack.push(bulk_add(project, ["P0", "P1"], SUGGESTION, now=NOW))
    before = dict(project.plan.commitments)

    with pytest.raises(OSError, match="No space left on device"):
        stack.push(edit_commitment(project, "C-0001", text="Changed", now=LATER))
    with pytest.raises(OSError):
        stack.push(delete_commitments(project, ["C-0001", "C-0002"]))
    with pytest.raises(OSError):
        stack.push(
            Batch(
                (
                    edit_commitment(project, "C-0002", status="done", now=LATER),
                    delete_commitments(project, ["C-0001"]),
                    add_commitment(project, "P2", "Serve Hana", now=LATER),
                )
            )
        )
    with pytest.raises(OSError):
        stack.undo()

    assert project.plan.commitments == before
    assert project.plan.managers() == {"P0", "P1"}
    assert [c.id for c in project.plan.of_manager("P1")] == ["C-0002"]
    assert len(heard) == 1  # only the bulk add, which was saved
    assert len(stack.done) == 1 and stack.undone == []
    assert stack.undo_label == "Add commitment to 2 managers"

    journal.fail_from = None  # the disk has room again: the same undo now works
    stack.undo()
    assert project.plan.commitments == {}
    assert len(heard) == 2


def test_a_read_only_project_refuses_every_edit(project: Project, stack: UndoStack) -> None:
    stack.push(add_commitment(project, "P1", "Serve", now=NOW))
    heard = listen(project)
    project.read_only_reason = "team.pyramid is open in another window"
    before = dict(project.plan.commitments)
    for attempt in (
        lambda: stack.push(add_commitment(project, "P2", "Serve", now=NOW)),
        lambda: stack.push(edit_commitment(project, "C-0001", text="x", now=NOW)),
        lambda: stack.push(delete_commitments(project, ["C-0001"])),
        lambda: stack.push(add_user_family(project, "Safety")),
        stack.undo,
    ):
        with pytest.raises(ReadOnlyProjectError, match="open in another window"):
            attempt()
    assert project.plan.commitments == before
    assert project.library.user_families == {}
    assert heard == []
    assert len(stack.done) == 1


# -- size ---------------------------------------------------------------------------------


def test_bulk_add_to_ten_thousand_managers_is_one_step() -> None:
    # The chief executive, 10,000 managers under them, and one report under each manager.
    count = 10_000
    parent = np.concatenate([[-1], np.zeros(count, np.int64), np.arange(1, count + 1)])
    ids = [f"E{i}" for i in range(parent.shape[0])]
    project = Project(OrgChart.from_parents(ids, parent), OrgSource("big.xlsx"))
    stack = UndoStack(project)
    heard = listen(project)
    managers = ids[1 : count + 1]

    command = bulk_add(project, managers, SUGGESTION, "Open communication", now=NOW)
    assert command.label == "Add commitment to 10,000 managers"
    stack.push(command)
    assert len(project.plan) == count and len(stack.done) == 1
    assert len(heard) == 1 and len(heard[0].commitments) == count
    assert heard[0].managers == frozenset(managers)
    assert project.plan.of_manager("E10000")[0].id == "C-10000"
    added = dict(project.plan.commitments)

    stack.undo()
    assert len(project.plan) == 0 and project.plan.managers() == set()
    assert len(heard) == 2 and len(heard[1].commitments) == count
    stack.redo()
    assert project.plan.commitments == added
    assert len(heard) == 3


def test_building_a_command_changes_nothing_and_a_refused_edit_uses_up_no_id(
    project: Project, stack: UndoStack
) -> None:
    before = (project.plan.next_number, project.customer_map.next_touchpoint)
    first = add_commitment(project, "P1", "First", now=NOW)
    again = add_commitment(project, "P1", "Second", now=NOW)
    assert first.commitments[0].id == again.commitments[0].id == "C-0001"  # nothing reserved
    assert (project.plan.next_number, project.customer_map.next_touchpoint) == before
    project.journal = ListJournal(fail_from=0)  # the disk refuses the edit
    with pytest.raises(OSError):
        stack.push(first)
    assert project.plan.next_number == before[0] and len(project.plan) == 0
    project.journal = None
    stack.push(again)
    assert list(project.plan.commitments) == ["C-0001"]  # the refused edit took no id
    assert project.plan.next_number == 2
