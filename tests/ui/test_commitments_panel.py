"""The commitments panel driven as a planner drives it: keys, typing, clicks, undo and redo."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QMenu

from pyramid_app.model.commands import (
    ReplaceOrganisation,
    add_commitment,
    add_user_suggestion,
    edit_commitment,
)
from pyramid_app.model.library import Suggestion
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Status
from pyramid_app.model.project import Project
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.plan.commitments_panel import CommitmentsPanel

CTRL = Qt.KeyboardModifier.ControlModifier


def panel_of(window: MainWindow) -> CommitmentsPanel:
    return window.commitments_panel


def undo_text(window: MainWindow) -> str:
    return window.undo_action.text().replace("&", "")


def select(window: MainWindow, person_id: str) -> CommitmentsPanel:
    node = window.node_of(person_id)
    assert node is not None
    window.select(node)
    return panel_of(window)


def shown_texts(panel: CommitmentsPanel) -> list[str]:
    return [panel.list.item(i).data(Qt.ItemDataRole.UserRole).commitment.text
            for i in range(panel.list.count())]  # fmt: skip


@pytest.fixture
def bob(shown_small: MainWindow) -> MainWindow:
    """Bob Baker (B) selected, with one commitment C-0001."""
    window = shown_small
    project = window.project
    assert project is not None
    window.push(add_commitment(project, "B", "Weekly huddle with the front desk"))
    select(window, "B")
    return window


def test_ctrl_n_adds_a_commitment_ready_for_its_text(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    panel = select(window, "B")
    plan_menu = next(a for a in window.menuBar().actions() if a.text() == "&Plan")
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Plan") == titles.index("&Edit") + 1
    assert panel.new_action in plan_menu.menu().actions()
    assert panel.new_action.isEnabled()
    assert panel.empty_hint.isVisible() and not panel.editor.isVisible()

    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus)
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(window.view, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(panel.editor.text.hasFocus)
    qtbot.keyClicks(panel.editor.text, "Ask each report what gets in their way")
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(panel.editor.text, Qt.Key.Key_Return)

    plan = window.project.plan
    assert [(c.manager_id, c.text) for c in plan] == [
        ("B", "Ask each report what gets in their way")
    ]
    assert shown_texts(panel) == ["Ask each report what gets in their way"]
    assert panel.title.text() == "<b>Commitments</b> (1)"
    assert undo_text(window) == "Undo Add commitment for Bob Baker"  # the wording joined it


def test_edit_undo_and_redo_show_in_the_form(bob: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = bob
    panel = panel_of(window)
    plan = window.project.plan
    assert panel.list.current_id() == "C-0001"
    measure = panel.editor.measure
    measure.setFocus()
    qtbot.keyClicks(measure, "huddles held / planned")
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(measure, Qt.Key.Key_Return)
    assert plan["C-0001"].measure == "huddles held / planned"
    assert undo_text(window) == "Undo Edit measure of C-0001 (Bob Baker)"

    # Enter again with nothing changed pushes nothing.
    count = window.undo_stack.count()
    qtbot.keyClick(measure, Qt.Key.Key_Return)
    assert window.undo_stack.count() == count

    panel.editor.text.setFocus()
    panel.editor.text.selectAll()
    qtbot.keyClicks(panel.editor.text, "Daily huddle")
    panel.editor.measure.setFocus()  # leaving the text field finishes its edit
    qtbot.waitUntil(lambda: plan["C-0001"].text == "Daily huddle")
    assert "Daily huddle" in panel.list.item(0).toolTip()

    window.undo_action.trigger()
    assert plan["C-0001"].text == "Weekly huddle with the front desk"
    assert panel.editor.text.toPlainText() == "Weekly huddle with the front desk"
    assert shown_texts(panel) == ["Weekly huddle with the front desk"]
    window.undo_action.trigger()
    assert panel.editor.measure.text() == ""
    window.redo_action.trigger()
    assert panel.editor.measure.text() == "huddles held / planned"
    window.redo_action.trigger()
    assert panel.editor.text.toPlainText() == "Daily huddle"


def test_delete_key_removes_and_undo_brings_it_back(bob: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = bob
    panel = panel_of(window)
    window.push(add_commitment(window.project, "B", "Monthly walk of the floor"))
    assert panel.list.count() == 2
    panel.list.setCurrentRow(0)
    panel.list.setFocus()
    qtbot.waitUntil(panel.list.hasFocus)
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    assert [c.id for c in window.project.plan] == ["C-0002"]
    assert shown_texts(panel) == ["Monthly walk of the floor"]
    assert panel.list.current_id() == "C-0002"  # the neighbour is chosen
    assert undo_text(window) == "Undo Delete commitment of Bob Baker"
    window.undo_action.trigger()
    assert sorted(c.id for c in window.project.plan) == ["C-0001", "C-0002"]
    assert shown_texts(panel) == ["Weekly huddle with the front desk", "Monthly walk of the floor"]


def test_duplicate_copies_the_chosen_commitment(bob: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = bob
    panel = panel_of(window)
    qtbot.mouseClick(panel.duplicate_button, Qt.MouseButton.LeftButton)
    assert [c.text for c in window.project.plan.of_manager("B")] == [
        "Weekly huddle with the front desk"
    ] * 2
    assert panel.list.current_id() == "C-0002"


# A popup menu grabs the keyboard; the offscreen platform says it cannot, and that is fine.
GRAB = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


@GRAB
def test_a_suggestion_from_the_library_menu(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    project = window.project
    suggestion = Suggestion("Ask each report one question about guests", "asked / all", "monthly")
    window.push(add_user_suggestion(project, "Listening", suggestion))
    panel = select(window, "C")
    chosen: list[str] = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        family = next(a for a in menu.actions() if a.text() == "Listening")
        item = family.menu().actions()[0]
        chosen.append(item.text())
        item.trigger()
        menu.close()

    QTimer.singleShot(50, pick)
    qtbot.mouseClick(panel.library_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(project.plan) == 1)
    (commitment,) = project.plan
    assert chosen == [suggestion.text]
    assert (commitment.manager_id, commitment.text, commitment.practice) == (
        "C", suggestion.text, "Listening",
    )  # fmt: skip
    assert (commitment.measure, commitment.cadence) == ("asked / all", "monthly")
    assert panel.editor.practice.currentText() == "Listening"
    assert panel.editor.cadence.currentText() == "monthly"


@GRAB
def test_an_empty_library_says_so(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    shipped = shown_small.project
    shown_small.set_project(Project(shipped.chart, shipped.source))  # no library at all
    panel = select(shown_small, "C")
    seen: list[str] = []

    def look() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        seen.extend(a.text() for a in menu.actions() if not a.isEnabled())
        menu.close()

    QTimer.singleShot(50, look)
    qtbot.mouseClick(panel.library_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == ["No practice suggestions in this project yet"]
    assert len(shown_small.project.plan) == 0


def test_progress_note_status_serves_and_due_date(bob: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = bob
    panel = panel_of(window)
    editor = panel.editor
    plan = window.project.plan

    qtbot.keyClicks(editor.note_text, "First huddle held")
    qtbot.mouseClick(editor.add_note, Qt.MouseButton.LeftButton)
    assert [n.text for n in plan["C-0001"].notes] == ["First huddle held"]
    assert editor.note_text.text() == ""
    assert editor.notes.isVisible() and "First huddle held" in editor.notes.text()
    assert "First huddle held" in panel.list.item(0).toolTip()
    assert undo_text(window) == "Undo Add progress note to C-0001 (Bob Baker)"

    editor.status.setFocus()
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(editor.status, Qt.Key.Key_Down)
    assert plan["C-0001"].status is Status.IN_PROGRESS
    assert undo_text(window) == "Undo Set C-0001 (Bob Baker) in progress"

    qtbot.mouseClick(editor.serves_some, Qt.MouseButton.LeftButton)
    assert plan["C-0001"].serves == ()  # nobody ticked yet: still everyone
    ed = next(i for i in range(editor.reports.count()) if editor.reports.item(i).text() == "Ed Eng")
    rect = editor.reports.visualItemRect(editor.reports.item(ed))
    box = QPoint(rect.left() + rect.height() // 2, rect.center().y())
    qtbot.mouseClick(editor.reports.viewport(), Qt.MouseButton.LeftButton, pos=box)
    assert plan["C-0001"].serves == ("E",)
    assert "serves Ed Eng" in panel.list.item(0).toolTip()
    qtbot.mouseClick(editor.serves_all, Qt.MouseButton.LeftButton)
    assert plan["C-0001"].serves == ()

    qtbot.mouseClick(editor.has_due, Qt.MouseButton.LeftButton)
    due = plan["C-0001"].due
    assert due is not None and due > dt.date.today()
    assert editor.due.date().toPython() == due
    qtbot.mouseClick(editor.has_due, Qt.MouseButton.LeftButton)
    assert plan["C-0001"].due is None
    assert editor.due.text() == "no date"


@GRAB
def test_status_from_the_context_menu(bob: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = bob
    panel = panel_of(window)
    where = panel.list.visualItemRect(panel.list.item(0)).center()
    viewport = panel.list.viewport()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, viewport.mapToGlobal(where))
    QApplication.sendEvent(viewport, event)
    menu = panel.context_menu
    qtbot.waitUntil(menu.isVisible)
    status_menu = next(a.menu() for a in menu.actions() if a.text() == "Status")
    done = next(a for a in status_menu.actions() if a.text() == "done")
    done.trigger()
    menu.close()
    assert window.project.plan["C-0001"].status is Status.DONE
    assert panel.editor.status.currentText() == "done"


def test_a_front_line_person_has_no_editor(bob: MainWindow) -> None:
    window = bob
    panel = select(window, "D")
    assert panel.isVisible()
    assert not panel.editor.isVisible() and not panel.list.isVisible()
    assert not panel.new_action.isEnabled()
    text = panel.front_line.text()
    assert "belong to managers" in text
    assert "Bob Baker</a> (1 commitment)" in text and "Ann Archer</a> (none yet)" in text
    window.new_commitment_action = panel.new_action
    panel.new_action.trigger()  # disabled: nothing happens
    assert len(window.project.plan) == 1
    # Clicking a manager's name selects them.
    panel.front_line.linkActivated.emit("B")
    assert window.state.selected == "B"
    assert panel.editor.isVisible()


def test_a_refused_edit_leaves_plan_and_panel_as_saved(bob: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = bob
    panel = panel_of(window)
    project = window.project
    project.read_only_reason = "this copy is open for reading only"
    before = project.plan["C-0001"]
    editor = panel.editor
    editor.text.setFocus()
    editor.text.selectAll()
    qtbot.keyClicks(editor.text, "Something else")
    qtbot.keyClick(editor.text, Qt.Key.Key_Return)
    assert project.plan["C-0001"] == before
    assert editor.text.toPlainText() == before.text
    assert shown_texts(panel) == [before.text]
    box = window.edit_failure_box
    qtbot.waitUntil(box.isVisible)
    assert "reading only" in box.text()
    assert box in QApplication.topLevelWidgets()
    box.close()

    # A refusal by the model itself (empty text) is shown the same way.
    project.read_only_reason = None
    editor.text.setFocus()
    editor.text.selectAll()
    qtbot.keyClick(editor.text, Qt.Key.Key_Delete)
    qtbot.keyClick(editor.text, Qt.Key.Key_Return)
    assert project.plan["C-0001"] == before
    assert editor.text.toPlainText() == before.text
    assert "needs some text" in window.edit_failure_box.text()
    window.edit_failure_box.close()


def test_flags_show_what_no_longer_fits(bob: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = bob
    project = window.project
    panel = panel_of(window)
    window.push(edit_commitment(project, "C-0001", serves=("D",)))
    assert panel.list.item(0).data(Qt.ItemDataRole.UserRole).flags == ()
    # A new export: Di now reports to Cy.
    old = project.chart
    parent = old.parent.copy()
    parent[old.index_of("D")] = old.index_of("C")
    moved = OrgChart.from_parents(old.ids, parent, old.names)
    window.push(ReplaceOrganisation(moved, project.source, tuple(project.customers)))
    select(window, "B")
    (flag,) = panel.list.item(0).data(Qt.ItemDataRole.UserRole).flags
    assert "Di Dunn" in flag and "Cy Cole" in flag
    assert "⚠" in panel.list.item(0).toolTip()
    window.undo_action.trigger()
    assert panel.list.item(0).data(Qt.ItemDataRole.UserRole).flags == ()


def test_the_panel_follows_the_selection_and_other_edits(bob: MainWindow) -> None:
    window = bob
    panel = panel_of(window)
    select(window, "C")
    assert panel.empty_hint.isVisible()
    # An edit made elsewhere (another panel, the CLI-like path) shows up here.
    window.push(add_commitment(window.project, "C", "Cook with the team once a month"))
    assert shown_texts(panel) == ["Cook with the team once a month"]
    window.select(None)
    assert not panel.isVisible()
    window.set_project(None)
    assert not panel.new_action.isEnabled()


def test_the_wheel_scrolls_the_page_over_an_unfocused_status(bob: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = bob
    panel = panel_of(window)
    window.resize(1200, 500)  # short enough for the details page to scroll
    qtbot.waitUntil(lambda: window.details.page.verticalScrollBar().maximum() > 0)
    status = panel.editor.status
    window.details.page.ensureWidgetVisible(status)
    scroll = window.details.page.verticalScrollBar()
    before = scroll.value()
    assert before > 0
    centre = QPointF(status.rect().center())
    wheel = QWheelEvent(
        centre, QPointF(status.mapToGlobal(status.rect().center())), QPoint(0, 0),
        QPoint(0, 120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(status, wheel)
    assert window.project.plan["C-0001"].status is Status.PLANNED
    assert status.currentText() == "planned"
    assert scroll.value() < before  # scrolled up

    # Typing Escape in the text puts back the saved wording.
    editor = panel.editor
    editor.text.setFocus()
    qtbot.keyClicks(editor.text, " and more")
    qtbot.keyClick(editor.text, Qt.Key.Key_Escape)
    assert editor.text.toPlainText() == "Weekly huddle with the front desk"
