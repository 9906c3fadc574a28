"""The project's history tells an edit from its undo and its redo."""

from __future__ import annotations

from pathlib import Path

from project_samples import SHIPPED, sample_chart

from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.commands import UndoStack, add_commitment
from pyramid_app.model.project import OrgSource, Project


def test_undo_and_redo_are_written_as_such(tmp_path: Path) -> None:
    project = Project(sample_chart(), OrgSource("hr.xlsx"))
    path = tmp_path / "history.pyramid"
    with ProjectFile.create(path, project):
        manager = next(i for i in project.chart.ids if project.is_manager(i))
        stack = UndoStack(project)
        stack.push(add_commitment(project, manager, "Weekly one-to-ones"))
        label = stack.undo_label
        stack.undo()
        stack.redo()
        assert stack.undo_label == label  # the menu keeps the plain wording
    with ProjectFile.open(path, shipped=SHIPPED)[0] as reopened:
        labels = [entry.label for entry in reversed(reopened.history())]
        assert len(reopened.project.plan) == 1  # type: ignore[union-attr]
    assert labels[-3:] == [label, f"Undo {label}", f"Redo {label}"]
