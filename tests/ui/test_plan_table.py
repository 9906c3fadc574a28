"""The Plan dock as a planner uses it: commitments appear, sort, filter, edit, undo, jump."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QDateEdit, QLineEdit, QMessageBox

from pyramid_app.model.commands import add_commitment, delete_commitments, edit_commitment
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Commitment, Plan, ProgressNote, Status
from pyramid_app.model.project import OrgSource, Project
from pyramid_app.ui.dates import short_date
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.plan.plan_table import PlanTable
from pyramid_app.ui.plan.plan_table_model import Col, PlanFilter, PlanTableModel


def as_shown(year: int, month: int, day: int) -> str:
    """A date as the table shows it: the system's short date."""
    return short_date(dt.date(year, month, day))


def plan_table(window: MainWindow) -> PlanTable:
    table: PlanTable = window.plan_table  # type: ignore[attr-defined]
    if window.plan_dock.isHidden():  # type: ignore[attr-defined]
        window.plan_dock.toggleViewAction().trigger()  # type: ignore[attr-defined]
    return table


def add(window: MainWindow, manager_id: str, text: str, **fields: object) -> str:
    assert window.project is not None
    command = add_commitment(window.project, manager_id, text, **fields)
    assert window.push(command)
    return command.commitments[0].id


def column(table: PlanTable, col: Col) -> list[str]:
    model = table.model
    return [model.index(row, col).data() for row in range(model.rowCount())]


def click_header(qtbot, table: PlanTable, col: Col) -> None:  # type: ignore[no-untyped-def]
    table.table.scrollTo(table.model.index(0, col))
    header = table.table.horizontalHeader()
    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    assert 0 < x < header.viewport().width()
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def open_editor(qtbot, table: PlanTable, row: int, col: Col, kind: type):  # type: ignore[no-untyped-def]
    index = table.model.index(row, col)
    table.table.setCurrentIndex(index)
    table.table.edit(index)
    editors = [e for e in table.table.viewport().findChildren(kind) if e.isVisible()]
    assert len(editors) == 1, editors
    return editors[0]


def test_toggle_shows_the_dock_and_commitments_added_appear(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    dock = window.plan_dock  # type: ignore[attr-defined]
    toggle = dock.toggleViewAction()
    assert dock.objectName() == "plan" and dock.isHidden()
    assert toggle.shortcut().toString() == "Ctrl+Shift+P"
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert toggle in view_menu.actions()
    first = add(window, "B", "Hold a one-to-one with each report", practice="Leadership")

    table = plan_table(window)  # shown after the edit: it catches up
    assert not dock.isHidden()
    assert column(table, Col.ID) == [first]
    with qtbot.waitSignal(table.model.rowsInserted):
        second = add(window, "A", "Walk the floor with each head weekly", cadence="weekly")
    assert column(table, Col.ID) == [first, second]
    model = table.model
    assert [model.index(1, c).data() for c in (Col.MANAGER, Col.MANAGER_ID, Col.LEVEL)] == [
        "Ann Archer",
        "A",
        "0",
    ]
    assert model.index(0, Col.DEPARTMENT).data() == "Rooms"
    assert model.index(0, Col.SERVES).data() == "all direct reports"
    assert model.index(1, Col.CADENCE).data() == "weekly"
    assert table.count.text() == "2 of 2 commitments"

    with qtbot.waitSignal(model.rowsRemoved):
        assert window.push(delete_commitments(window.project, [first]))
    assert column(table, Col.ID) == [second]
    window.undo_stack.undo()
    assert column(table, Col.ID) == [first, second]  # back in its place by id


def test_sorting_by_clicking_headers(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    table = plan_table(window)
    add(window, "B", "Zebra crossings at the door")
    add(window, "C", "apple tasting with the kitchen")
    mango = add(window, "A", "Mango Monday for heads", due=dt.date(2025, 3, 1))
    add(window, "B", "mango smoothie for the front desk", due=dt.date(2025, 1, 15))

    click_header(qtbot, table, Col.TEXT)
    assert column(table, Col.TEXT) == [
        "apple tasting with the kitchen",
        "Mango Monday for heads",
        "mango smoothie for the front desk",
        "Zebra crossings at the door",
    ]
    click_header(qtbot, table, Col.TEXT)
    assert column(table, Col.TEXT)[0] == "Zebra crossings at the door"
    click_header(qtbot, table, Col.DUE)  # dates first, no date last
    assert column(table, Col.DUE) == [as_shown(2025, 1, 15), as_shown(2025, 3, 1), "", ""]

    # A sorted table keeps its order through edits: the changed row moves, the selection too.
    click_header(qtbot, table, Col.TEXT)
    assert table.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    table.table.selectRow(table.model.row_of(mango))
    with qtbot.waitSignal(table.model.rowsMoved):
        assert window.push(edit_commitment(window.project, mango, text="Aardvark awareness"))
    assert column(table, Col.TEXT)[0] == "Aardvark awareness"
    assert table.selected_ids() == [mango]
    assert table.current_id() == mango


def test_filtering_by_typing_and_by_lists(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    table = plan_table(window)
    add(window, "B", "Share guest feedback at the huddle", measure="guest score")
    coach = add(window, "C", "Coach new cooks in their first week", practice="Get it done")
    add(window, "A", "Celebrate a service story each Friday")
    table.table.selectRow(table.model.row_of(coach))

    qtbot.keyClicks(table.search, "COOKS")
    assert column(table, Col.ID) == [coach]
    assert table.count.text() == "1 of 3 commitments"
    assert table.current_id() == coach  # the current row survives the filter
    table.search.clear()
    qtbot.keyClicks(table.search, "score guest")  # every word, any field, any order
    assert column(table, Col.MEASURE) == ["guest score"]
    qtbot.keyClicks(table.search, " nothing")
    assert table.model.rowCount() == 0
    assert table.count.text() == "0 of 3 commitments"
    table.search.clear()

    department = table.combos[Col.DEPARTMENT]
    assert [department.itemText(i) for i in range(department.count())] == [
        "All departments",
        "Board",
        "Kitchen",
        "Rooms",
    ]
    department.setCurrentIndex(department.findData("Kitchen"))
    assert column(table, Col.ID) == [coach]
    status = table.combos[Col.STATUS]
    status.setCurrentIndex(status.findData("done"))
    assert table.model.rowCount() == 0
    with qtbot.waitSignal(table.model.rowsInserted):  # it now matches the filters
        assert window.push(edit_commitment(window.project, coach, status="done"))
    assert column(table, Col.ID) == [coach]
    status.setCurrentIndex(0)
    level = table.combos[Col.LEVEL]
    assert [level.itemText(i) for i in range(level.count())] == ["All levels", "Level 0", "Level 1"]
    assert level.itemData(2) == "1"
    department.setCurrentIndex(0)
    assert table.model.rowCount() == 3


def test_editing_cells_pushes_the_panels_commands(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    table = plan_table(window)
    first = add(window, "B", "Hold a one-to-one")
    plan = window.project.plan

    editor = open_editor(qtbot, table, 0, Col.TEXT, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Hold a fortnightly one-to-one")
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert plan[first].text == "Hold a fortnightly one-to-one"
    assert table.model.index(0, Col.TEXT).data() == "Hold a fortnightly one-to-one"
    assert window.undo_action.text().endswith(f"Edit text of {first} (Bob Baker)")
    window.undo_stack.undo()
    assert plan[first].text == "Hold a one-to-one"
    assert table.model.index(0, Col.TEXT).data() == "Hold a one-to-one"

    combo = open_editor(qtbot, table, 0, Col.STATUS, QComboBox)
    assert combo.currentData() == "planned"
    combo.setCurrentIndex(combo.findData("in progress"))
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(combo, Qt.Key.Key_Return)
    assert plan[first].status is Status.IN_PROGRESS
    assert window.undo_action.text().endswith(f"Set {first} (Bob Baker) in progress")

    date_edit = open_editor(qtbot, table, 0, Col.DUE, QDateEdit)
    date_edit.setDate(QDate(2025, 6, 30))
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(date_edit, Qt.Key.Key_Return)
    assert plan[first].due == dt.date(2025, 6, 30)
    assert table.model.index(0, Col.DUE).data() == as_shown(2025, 6, 30)

    # A due date is not set by merely opening and closing the editor on an empty one.
    second = add(window, "C", "Taste every new dish with the cook")
    date_edit = open_editor(qtbot, table, 1, Col.DUE, QDateEdit)
    qtbot.keyClick(date_edit, Qt.Key.Key_Return)
    editing = QAbstractItemView.State.EditingState
    qtbot.waitUntil(lambda: table.table.state() != editing)
    assert plan[second].due is None

    # Nonsense is refused with a message, and nothing changes.
    editor = open_editor(qtbot, table, 0, Col.TEXT, QLineEdit)
    editor.clear()
    with qtbot.waitSignal(table.model.edit_refused):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert plan[first].text == "Hold a one-to-one"
    box = window.edit_failure_box
    assert isinstance(box, QMessageBox) and "needs some text" in box.text()
    box.close()
    assert not table.model.flags(table.model.index(0, Col.MANAGER)) & Qt.ItemFlag.ItemIsEditable


def test_double_click_or_enter_shows_the_manager(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    table = plan_table(window)
    add(window, "B", "Hold a one-to-one")
    add(window, "C", "Taste every dish")
    chart = window.chart
    window.focus_on_team(chart.index_of("C"))
    assert window.state.focus_ids == ["C"]

    rect = table.table.visualRect(table.model.index(0, Col.MANAGER))
    viewport = table.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.state.selected == "C"  # a click only picks the row
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.state.selected == "B"
    assert window.state.focus_ids == []  # Bob is not in Cy's team: the focus was left

    table.table.setCurrentIndex(table.model.index(1, Col.ID))
    qtbot.keyClick(table.table, Qt.Key.Key_Return)
    assert window.state.selected == "C"


def test_a_new_project_replaces_the_rows(shown_small: MainWindow, small_org, qtbot) -> None:  # type: ignore[no-untyped-def]
    from pyramid_app.io import read_org

    window = shown_small
    table = plan_table(window)
    add(window, "B", "Hold a one-to-one")
    table.search.setText("one")
    window.show_result(read_org(small_org))
    assert table.model.rowCount() == 0 and table.model.total == 0
    add(window, "C", "Taste every dish with one cook")
    assert column(table, Col.MANAGER_ID) == ["C"]


# -- a large plan ------------------------------------------------------------------------


def large_project(commitments: int) -> Project:
    people = 5_000
    ids = [f"P{i:05d}" for i in range(people)]
    parent = np.concatenate([[-1], np.arange(people - 1) // 6])
    departments = [("Sales", "Service", "Finance")[i % 3] for i in range(people)]
    chart = OrgChart.from_parents(ids, parent, [f"Name {i % 997}" for i in range(people)],
                                  departments=departments)  # fmt: skip
    managers = chart.managers()
    rng = np.random.default_rng(5)
    owners = rng.choice(managers, commitments).tolist()
    words = "serve coach listen remove barrier celebrate Review weekly Team huddle".split()
    picks = rng.integers(0, len(words), (commitments, 3)).tolist()
    statuses = list(Status)
    plan = {}
    for k in range(commitments):
        cid = f"C-{k + 1:06d}"
        plan[cid] = Commitment(
            id=cid,
            manager_id=ids[owners[k]],
            text=" ".join(words[p] for p in picks[k]) + f" {k % 1000}",
            status=statuses[k % 4],
            due=dt.date(2025, 1, 1) + dt.timedelta(days=k * 37 % 300) if k % 5 else None,
            notes=(ProgressNote(dt.date(2025, 2, 3), "barrier gone"),) if k % 7 == 0 else (),
        )
    return Project(chart, OrgSource("large.xlsx"), plan=Plan(plan, next_number=commitments + 1))


def test_a_hundred_thousand_commitments_sort_and_filter_correctly(qapp) -> None:  # type: ignore[no-untyped-def]
    project = large_project(100_000)
    model = PlanTableModel()
    model.set_project(project)
    assert model.rowCount() == 100_000
    commitments = list(project.plan)

    model.sort(Col.TEXT, Qt.SortOrder.AscendingOrder)
    shown = [model.rows.commitments[i].id for i in model.shown]
    assert shown == [c.id for c in sorted(commitments, key=lambda c: (c.text.casefold(), c.number))]

    model.sort(Col.DUE, Qt.SortOrder.DescendingOrder)
    shown = [model.rows.commitments[i].id for i in model.shown]
    by_due = sorted(commitments, key=lambda c: c.number)
    by_due.sort(key=lambda c: c.due or dt.date.max, reverse=True)  # stable: ids ascending
    assert shown == [c.id for c in by_due]

    model.set_filter(PlanFilter("BARRIER", ((Col.STATUS, "done"), (Col.DEPARTMENT, "Sales"))))
    chart = project.chart
    wanted = [
        c.id
        for c in by_due
        if c.status is Status.DONE
        and chart.departments[chart.index_of(c.manager_id)] == "Sales"
        and ("barrier" in c.text.lower() or any("barrier" in n.text for n in c.notes))
    ]
    assert 0 < len(wanted) < 100_000 / 8
    assert [model.commitment_at(row).id for row in range(model.rowCount())] == wanted


@pytest.mark.parametrize("descending", [False, True])
def test_rows_placed_one_by_one_match_a_full_sort(qapp, descending: bool) -> None:  # type: ignore[no-untyped-def]
    project = large_project(300)
    model = PlanTableModel()
    model.set_project(project)
    project.subscribe(model.apply_change)
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    model.set_filter(PlanFilter(equals=((Col.DEPARTMENT, "Sales"),)))
    model.sort(Col.TEXT, order)
    ids = sorted(project.plan.commitments)
    for i, cid in enumerate(ids[::7]):
        project.execute(edit_commitment(project, cid, text=f"Changed {i % 3}"))  # many ties
    manager = project.plan[ids[0]].manager_id
    project.execute(add_commitment(project, manager, "changed 1"))
    project.execute(delete_commitments(project, ids[1:4]))
    placed = model.shown.tolist()
    assert len(placed) > 50
    model.sort(Col.TEXT, order)  # a full sort from scratch
    assert placed == model.shown.tolist()
