"""Export, edit the workbook as people do in Excel, read the updates back, apply them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from action_plan_samples import EXPORTED, TODAY, PlanEditor, hotel_project

from pyramid_app.io.workbook.columns import PLAN_SHEET, RECORD_SHEET
from pyramid_app.io.workbook.writer import (
    ActionPlanError,
    Choice,
    ProblemKind,
    UpdatesPreview,
    apply_updates,
    read_action_plan_updates,
    write_action_plan,
)
from pyramid_app.model.commands import PlanError, UndoStack, edit_commitment
from pyramid_app.model.plan import Commitment, ProgressNote, Status
from pyramid_app.model.project import Project

APPLIED = dt.datetime(2025, 3, 20, 10, 0)
APPLIED_DAY = APPLIED.date()


@pytest.fixture
def project() -> Project:
    return hotel_project()


@pytest.fixture
def exported(project: Project, tmp_path: Path) -> Path:
    path = tmp_path / "plan.xlsx"
    write_action_plan(project, path, today=TODAY, now=EXPORTED)
    return path


def fields(commitment: Commitment) -> dict[str, object]:
    """Everything but the timestamps."""
    values = dataclasses.asdict(commitment)
    values.pop("changed")
    values.pop("created")
    return values


def apply(project: Project, preview: UpdatesPreview, **options: object) -> UndoStack:
    stack = UndoStack(project)
    stack.push(apply_updates(project, preview, now=APPLIED, **options))  # type: ignore[arg-type]
    return stack


def test_an_untouched_workbook_has_nothing_to_apply(project: Project, exported: Path) -> None:
    preview = read_action_plan_updates(project, exported)
    assert preview.counts() == {
        "rows": 4,
        "unchanged": 4,
        "changed": 0,
        "new": 0,
        "missing": 0,
        "conflicts": 0,
        "problems": 0,
    }
    assert preview.project_name == "Hotel plan" and preview.exported_at == EXPORTED
    assert not preview.warnings and not preview.has_updates
    with pytest.raises(PlanError, match="nothing to apply"):
        apply_updates(project, preview)


def test_a_user_session_in_excel_comes_back_as_exactly_those_changes(
    project: Project, exported: Path
) -> None:
    before = {c.id: fields(c) for c in project.plan}
    editor = PlanEditor(exported)
    editor.set("C-0002", "Status", "in progress")
    editor.set("C-0002", "Last progress note", "Two sessions with Di so far")
    editor.set("C-0001", "Status", "Done ")  # typed, with a stray space and a capital
    editor.set("C-0001", "Due date", "30/06/2025")  # a date typed as text
    editor.set("C-0003", "Measure", "tablets signed out / week")
    editor.sort_by("Manager", reverse=True)
    editor.delete("C-0004")
    row = editor.add_row(
        {
            "Manager id": "K",
            "Commitment": "Walk the spa floor with Lu every Friday",
            "Practice": "Listening",
            "Due date": dt.datetime(2025, 5, 1),
            "Status": "planned",
        }
    )
    editor.move_column_to_end("Status")
    editor.save()

    preview = read_action_plan_updates(project, exported)
    assert not preview.problems and not preview.conflicts and not preview.warnings
    changed = {c.commitment_id: {f.field: f.value for f in c.fields} for c in preview.changed}
    assert changed == {
        "C-0001": {"status": Status.DONE, "due": dt.date(2025, 6, 30)},
        "C-0002": {
            "status": Status.IN_PROGRESS,
            "note": changed["C-0002"]["note"],
        },
        "C-0003": {"measure": "tablets signed out / week"},
    }
    assert changed["C-0002"]["note"].text == "Two sessions with Di so far"
    assert [(m.commitment_id, m.manager_id) for m in preview.missing] == [("C-0004", "C")]
    assert len(preview.new) == 1 and preview.new[0].row == row
    assert preview.new[0].manager_id == "K" and preview.new[0].due == dt.date(2025, 5, 1)

    original = {c.id: c for c in project.plan}
    stack = apply(project, preview)
    after = {c.id: fields(c) for c in project.plan}
    expected = {key: fields(value) for key, value in original.items()}
    expected["C-0001"] = fields(
        dataclasses.replace(original["C-0001"], status=Status.DONE, due=dt.date(2025, 6, 30))
    )
    expected["C-0002"] = fields(
        dataclasses.replace(
            original["C-0002"],
            status=Status.IN_PROGRESS,
            notes=(ProgressNote(APPLIED_DAY, "Two sessions with Di so far"),),
        )
    )
    expected["C-0003"] = fields(
        dataclasses.replace(original["C-0003"], measure="tablets signed out / week")
    )
    new = after.pop("C-0005")
    assert after == expected  # C-0004 missing from the workbook is kept
    assert new["manager_id"] == "K" and new["text"] == "Walk the spa floor with Lu every Friday"
    assert (new["practice"], new["status"], new["due"]) == (
        "Listening",
        Status.PLANNED,
        dt.date(2025, 5, 1),
    )
    assert project.plan["C-0001"].changed == APPLIED
    assert stack.undo_label.startswith("Import plan updates from plan.xlsx (3 changed")

    stack.undo()  # one step takes it all back
    assert {c.id: fields(c) for c in project.plan} == before


def test_missing_rows_are_deleted_only_when_asked(project: Project, exported: Path) -> None:
    editor = PlanEditor(exported)
    editor.delete("C-0004")
    editor.delete("C-0002")
    editor.save()
    preview = read_action_plan_updates(project, exported)
    assert {m.commitment_id for m in preview.missing} == {"C-0002", "C-0004"}
    assert preview.has_updates
    apply(project, preview, delete_missing=True)
    assert set(project.plan.commitments) == {"C-0001", "C-0003"}


def test_conflicts_are_offered_and_the_planner_chooses(project: Project, exported: Path) -> None:
    stack = UndoStack(project)
    later = dt.datetime(2025, 3, 5, 12, 0)
    stack.push(edit_commitment(project, "C-0001", now=later, status="done"))
    stack.push(edit_commitment(project, "C-0002", now=later, measure="upsells a day"))
    stack.push(edit_commitment(project, "C-0003", now=later, text="Replace the tablets"))
    editor = PlanEditor(exported)
    editor.set("C-0001", "Status", "dropped")  # both changed the status: a conflict
    editor.set("C-0002", "Commitment", "Coach Di and Ed on upselling")  # different fields
    editor.set("C-0004", "Commitment", "Order better knives, now")  # only the workbook
    editor.save()  # C-0003 untouched in the workbook: the app's new text stands

    preview = read_action_plan_updates(project, exported)
    assert [(c.commitment_id, [f.field for f in c.fields]) for c in preview.conflicts] == [
        ("C-0001", ["status"])
    ]
    conflict = preview.conflicts[0].fields[0]
    assert (conflict.old, conflict.new) == ("done", "dropped")
    assert {c.commitment_id for c in preview.changed} == {"C-0002", "C-0004"}

    keep_app = apply_updates(project, preview, now=APPLIED)
    project.execute(keep_app)
    assert project.plan["C-0001"].status is Status.DONE
    assert project.plan["C-0002"].text == "Coach Di and Ed on upselling"
    assert project.plan["C-0002"].measure == "upsells a day"
    assert project.plan["C-0003"].text == "Replace the tablets"

    project2 = hotel_project()
    stack2 = UndoStack(project2)
    stack2.push(edit_commitment(project2, "C-0001", now=later, status="done"))
    preview2 = read_action_plan_updates(project2, exported)
    apply(project2, preview2, choices={"C-0001": Choice.WORKBOOK})
    assert project2.plan["C-0001"].status is Status.DROPPED


def test_the_same_value_in_both_is_no_conflict(project: Project, exported: Path) -> None:
    UndoStack(project).push(edit_commitment(project, "C-0001", status="done"))
    editor = PlanEditor(exported)
    editor.set("C-0001", "Status", "done")
    editor.save()
    preview = read_action_plan_updates(project, exported)
    assert not preview.conflicts and not preview.changed


def test_problems_name_their_cell_and_leave_the_rest(project: Project, exported: Path) -> None:
    editor = PlanEditor(exported)
    editor.set("C-0001", "Status", "finished")
    editor.set("C-0002", "Due date", "06/07/2025")  # day or month first?
    editor.set("C-0003", "Note date", "next week")
    editor.set("C-0003", "Measure", "new measure")
    editor.set("C-0004", "Manager id", "B")
    editor.add_row({"Manager id": "ZZ", "Commitment": "Ghost"})
    editor.add_row({"Manager id": "D", "Commitment": "Di has no reports"})
    editor.add_row({"Commitment": "No manager given"})
    editor.add_row({"Manager id": "C"})
    editor.add_row({"Commitment id": "C-0099", "Commitment": "Not in the plan"})
    editor.add_row({"Commitment id": "C-0001", "Commitment": "A copy"})
    editor.add_row({"Commitment id": "nonsense", "Commitment": "?"})
    editor.add_row({"Manager id": "C", "Commitment": "Bad status", "Status": "soon"})
    editor.save()
    preview = read_action_plan_updates(project, exported)
    problems = {(p.kind, p.row): p.message for p in preview.problems}
    kinds = [p.kind for p in preview.problems]
    assert kinds.count(ProblemKind.INVALID_STATUS) == 2
    status_problem = next(m for (k, _r), m in problems.items() if "finished" in m)
    assert status_problem.startswith("Action plan!N2: “finished” is not a status")
    date_problem = next(m for (k, _r), m in problems.items() if "06/07/2025" in m)
    assert date_problem.startswith("Action plan!M3:") and "day first or month first" in date_problem
    assert any(m.startswith("Action plan!P4:") and "next week" in m for m in problems.values())
    assert ProblemKind.MANAGER_CHANGED in kinds
    assert ProblemKind.UNKNOWN_MANAGER in kinds and ProblemKind.NOT_A_MANAGER in kinds
    assert ProblemKind.NO_MANAGER in kinds and ProblemKind.NO_TEXT in kinds
    assert ProblemKind.UNKNOWN_ID in kinds and ProblemKind.REPEATED_ID in kinds
    assert all(p.row is not None and p.row >= 2 for p in preview.problems)
    # What could be read still is: C-0003's new measure, and no half-read new rows.
    assert [c.commitment_id for c in preview.changed] == ["C-0003"]
    assert not preview.new


def test_reading_twice_does_not_add_new_rows_twice(project: Project, exported: Path) -> None:
    editor = PlanEditor(exported)
    editor.add_row({"Manager id": "K", "Commitment": "Meet Lu monthly"})
    editor.save()
    apply(project, read_action_plan_updates(project, exported))
    again = read_action_plan_updates(project, exported)
    assert not again.new and not again.changed
    assert [p.kind for p in again.problems] == [ProblemKind.ALREADY_ADDED]
    assert "C-0005" in again.problems[0].message


def test_a_new_note_date_typed_with_the_note_is_kept(project: Project, exported: Path) -> None:
    editor = PlanEditor(exported)
    editor.set("C-0001", "Last progress note", "Third one, on Zoom")
    editor.set("C-0001", "Note date", "14 Mar 2025")
    editor.set("C-0003", "Note date", dt.datetime(2025, 2, 21))  # only the date corrected
    editor.save()
    apply(project, read_action_plan_updates(project, exported))
    notes = project.plan["C-0001"].notes
    assert notes[-1] == ProgressNote(dt.date(2025, 3, 14), "Third one, on Zoom")
    assert len(notes) == 3
    assert project.plan["C-0003"].notes == (ProgressNote(dt.date(2025, 2, 21), "New tablets in"),)


def test_renamed_sheet_and_table_hidden_columns_and_a_title_row(
    project: Project, exported: Path
) -> None:
    workbook = openpyxl.load_workbook(exported)
    sheet = workbook[PLAN_SHEET]
    sheet.title = "Our plan 2025"
    table = sheet.tables["ActionPlan"]
    table.displayName = table.name = "Plan2025"
    sheet.column_dimensions["D"].hidden = True
    sheet.insert_rows(1, 2)
    sheet.row_dimensions[5].hidden = True  # C-0002, filtered out: still read
    sheet["A1"] = "Harbourlight: our commitments"
    status = [cell.value for cell in sheet[3]].index("Status") + 1
    sheet.cell(4, status).value = "done"
    sheet.cell(5, status).value = "done"
    workbook.save(exported)
    preview = read_action_plan_updates(project, exported)
    assert preview.sheet == "Our plan 2025"
    assert [(c.commitment_id, c.row) for c in preview.changed] == [("C-0001", 4), ("C-0002", 5)]


def test_without_the_record_every_difference_is_a_change(project: Project, exported: Path) -> None:
    UndoStack(project).push(edit_commitment(project, "C-0001", status="done"))
    workbook = openpyxl.load_workbook(exported)
    del workbook[RECORD_SHEET]
    workbook.save(exported)
    preview = read_action_plan_updates(project, exported)
    assert preview.warnings and "no export record" in preview.warnings[0]
    # The app's edit shows as a change back to the workbook's value: the planner is warned.
    assert [(c.commitment_id, c.fields[0].new) for c in preview.changed] == [
        ("C-0001", "in progress")
    ]


def test_a_plan_from_another_project_is_flagged(exported: Path) -> None:
    other = hotel_project()
    other.name = "Another plan"
    preview = read_action_plan_updates(other, exported)
    assert any("“Hotel plan”, not “Another plan”" in warning for warning in preview.warnings)


def test_a_workbook_that_is_not_an_action_plan_says_what_is_missing(
    project: Project, tmp_path: Path, exported: Path
) -> None:
    other = tmp_path / "org.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["Employee ID", "Name"])
    workbook.save(other)
    with pytest.raises(
        ActionPlanError,
        match="not a Pyramid Planner action plan: no sheet has the columns Commitment id, "
        "Manager id, Commitment and Status",
    ):
        read_action_plan_updates(project, other)

    workbook = openpyxl.load_workbook(exported)
    sheet = workbook[PLAN_SHEET]
    status = [cell.value for cell in sheet[1]].index("Status") + 1
    sheet.cell(1, status).value = "State of play"
    workbook.save(exported)
    with pytest.raises(
        ActionPlanError,
        match="sheet “Action plan” looks like an action plan but has no Status column",
    ):
        read_action_plan_updates(project, exported)

    text = tmp_path / "plan.csv"
    text.write_text("Commitment id,Status\nC-0001,done\n", encoding="utf-8")
    with pytest.raises(ActionPlanError, match="text \\(CSV\\) file"):
        read_action_plan_updates(project, text)
    with pytest.raises(ActionPlanError, match="does not exist"):
        read_action_plan_updates(project, tmp_path / "gone.xlsx")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(exported.read_bytes()[:3000])
    with pytest.raises(ActionPlanError):
        read_action_plan_updates(project, broken)


def test_a_commitment_deleted_in_the_app_is_reported(project: Project, exported: Path) -> None:
    from pyramid_app.model.commands import delete_commitments

    UndoStack(project).push(delete_commitments(project, ["C-0002"]))
    preview = read_action_plan_updates(project, exported)
    assert [(p.kind, p.commitment_id) for p in preview.problems] == [
        (ProblemKind.DELETED_IN_APP, "C-0002")
    ]
    assert not preview.missing


def test_each_sheet_is_measured_and_read_once(
    project: Project, exported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan sheet is measured by the quick check as it is copied, the export record the
    careful way; the record, read whole for the plan's record, is not read again when the
    results' record is looked for among the hidden sheets."""
    from pyramid_app.io.workbook import reader

    measured: list[str] = []
    measure, check = reader.check_sheet_extent, reader.check_sheet

    def counted(path: Path, kind: str, sheet: str, look_from: int = 0) -> object:
        measured.append(sheet)
        return measure(path, kind, sheet, look_from=look_from)

    def checked(path: Path, sheet: str, **options: Any) -> object:
        measured.append(sheet)
        return check(path, sheet, **options)

    monkeypatch.setattr(reader, "check_sheet_extent", counted)
    monkeypatch.setattr(reader, "check_sheet", checked)
    preview = read_action_plan_updates(project, exported)
    assert preview.counts()["unchanged"] == 4
    assert RECORD_SHEET in measured and PLAN_SHEET in measured
    assert sorted(measured) == sorted(set(measured))
