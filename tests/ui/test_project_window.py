"""The window observes its project: edits arrive through commands, undo goes through the menu."""

from __future__ import annotations

from pyramid_app.model.commands import ReplaceOrganisation, add_commitment
from pyramid_app.model.org import OrgChart
from pyramid_app.ui.main_window import MainWindow


def test_an_edit_is_shown_and_the_edit_menu_names_its_undo(shown_small: MainWindow, qtbot) -> None:
    window = shown_small
    project = window.project
    assert project is not None
    with qtbot.waitSignal(window.project_edited) as edited:
        assert window.push(add_commitment(project, "B", "Weekly huddle with the front desk"))
    assert edited.args[0].managers == frozenset({"B"})
    assert window.undo_action.text() == "&Undo Add commitment for Bob Baker"
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert len(project.plan) == 0
    assert window.redo_action.text() == "&Redo Add commitment for Bob Baker"
    window.redo_action.trigger()
    assert [c.text for c in project.plan] == ["Weekly huddle with the front desk"]


def test_a_refused_edit_is_not_in_the_history(shown_small: MainWindow, qtbot) -> None:
    window = shown_small
    project = window.project
    assert project is not None
    project.read_only_reason = "this copy is open for reading only"
    assert not window.push(add_commitment(project, "B", "Something"))
    assert len(project.plan) == 0
    assert not window.undo_action.isEnabled()
    assert "reading only" in window.edit_failure_box.text()


def test_focus_collapse_and_selection_follow_people_not_node_numbers(
    shown_small: MainWindow,
) -> None:
    window = shown_small
    chart = window.chart
    assert chart is not None
    window.focus_on_team(chart.index_of("B"))
    window.select(window.node_of("E"))
    assert window.state.selected == "E"
    # The organisation is updated: a new person joins before everyone else, so every node
    # index shifts by one; the view still shows Bob's team with Ed selected.
    project = window.project
    assert project is not None
    old = project.chart
    ids = ["Z", *old.ids]
    parent = [1] + [p + 1 if p >= 0 else -1 for p in old.parent.tolist()]
    names = ["Zoe Zed", *old.names]
    new = OrgChart.from_parents(ids, parent, names)
    window.push(ReplaceOrganisation(new, project.source, tuple(project.customers)))
    assert window.chart is not None
    assert window.chart.ids[window.chart.root] == "B"
    assert window.state.selected == "E"
    assert window.selected == window.chart.index_of("E")
    window.leave_focus()
    assert window.chart is project.chart
    assert window.state.selected == "B"
