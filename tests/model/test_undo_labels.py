"""Undo labels name the manager of the commitment they change: "Undo Edit due date of C-0038
(Rosa Chaudhry)" tells the room whose plan moves back, where "C-0038" alone tells no one."""

from __future__ import annotations

import datetime as dt

from pyramid_app.model.commands import (
    UndoStack,
    add_commitment,
    add_progress_note,
    edit_commitment,
)
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Status
from pyramid_app.model.project import OrgSource, Project

LONG_NAME = "Maria Fernanda de Albuquerque e Vasconcelos"


def project_with(manager_name: str) -> Project:
    chart = OrgChart.from_parents(
        ["R1", "R2", "R3"], [-1, 0, 0], [manager_name, "Ben Ode", "Cai Lin"]
    )
    project = Project(chart, OrgSource("team.xlsx"), name="Team")
    project.execute(add_commitment(project, "R1", "Hold a weekly one-to-one"))
    return project


def test_labels_of_one_commitment_name_its_manager() -> None:
    project = project_with("Rosa Chaudhry")
    due = edit_commitment(project, "C-0001", due=dt.date(2027, 2, 24))
    assert due.label == "Edit due date of C-0001 (Rosa Chaudhry)"
    assert edit_commitment(project, "C-0001", text="x", measure="y").label == (
        "Edit commitment of C-0001 (Rosa Chaudhry)"
    )
    assert edit_commitment(project, "C-0001", status=Status.DONE).label == (
        "Set C-0001 (Rosa Chaudhry) done"
    )
    assert add_progress_note(project, "C-0001", "Met everyone").label == (
        "Add progress note to C-0001 (Rosa Chaudhry)"
    )
    stack = UndoStack(project)
    stack.push(due)
    assert stack.undo_label == "Edit due date of C-0001 (Rosa Chaudhry)"
    stack.undo()
    assert stack.redo_label == "Edit due date of C-0001 (Rosa Chaudhry)"


def test_a_long_name_is_shortened_and_a_leaver_is_named_by_id() -> None:
    project = project_with(LONG_NAME)
    label = edit_commitment(project, "C-0001", measure="met / reports").label
    name = label.removeprefix("Edit measure of C-0001 (").removesuffix(")")
    assert name.endswith("…") and len(name) <= 24  # short enough for the Edit menu
    assert LONG_NAME.startswith(name.removesuffix("…"))

    chart = OrgChart.from_parents(["R2", "R3"], [-1, 0], ["Ben Ode", "Cai Lin"])
    project.chart = chart  # the manager left the organisation; the plan keeps them by id
    assert edit_commitment(project, "C-0001", cadence="weekly").label == (
        "Edit cadence of C-0001 (R1)"
    )
