"""One date format everywhere: the Plan table, the Details dock's list and form, and their date
editors all show the system's short date, and a date typed in that format is saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QAbstractItemView

from pyramid_app.model.commands import add_commitment
from pyramid_app.model.plan import ProgressNote
from pyramid_app.ui.dates import date_edit_format, short_date, short_dates
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.plan.plan_table_due import DueEdit
from pyramid_app.ui.plan.plan_table_model import Col

DUE = dt.date(2027, 2, 24)
NOTED = dt.date(2027, 1, 10)
EDITING = QAbstractItemView.State.EditingState


@pytest.fixture
def german_dates() -> Iterator[QLocale]:
    """The system's locale as Germany's (short dates like 24.02.27), for this test only."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        yield QLocale()
    finally:
        QLocale.setDefault(before)


def digits_of(day: QDate, display_format: str) -> str:
    """The keys that type ``day`` into a date editor showing ``display_format``."""
    return "".join(c for c in day.toString(display_format) if c.isdigit())


def test_the_helper_is_the_systems_short_date(german_dates: QLocale) -> None:
    assert short_date(DUE) == "24.02.27"
    assert short_date(DUE) == german_dates.toString(
        QDate(2027, 2, 24), QLocale.FormatType.ShortFormat
    )
    assert short_dates([DUE, None, DUE, NOTED]) == ["24.02.27", "", "24.02.27", "10.01.27"]
    assert date_edit_format() == "dd.MM.yy"


def test_plan_table_and_details_dock_show_the_same_date(
    german_dates: QLocale, shown_small: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    project = window.project
    assert project is not None
    command = add_commitment(
        project, "B", "Hold a one-to-one", due=DUE, notes=[ProgressNote(NOTED, "First round done")]
    )
    assert window.push(command)
    item = command.commitments[0].id
    shown = "24.02.27"

    window.plan_dock.toggleViewAction().trigger()
    qtbot.waitUntil(window.plan_dock.isVisible)
    table = window.plan_table
    assert table.model.index(0, Col.DUE).data() == shown
    assert table.model.index(0, Col.NOTE).data() == "10.01.27 First round done"

    window.select_person("B", centre=False)
    panel = window.commitments_panel
    assert panel.list.count() == 1
    assert f"Due {shown}" in panel.list.item(0).toolTip()
    assert "Latest progress 10.01.27: First round done" in panel.list.item(0).toolTip()
    editor = panel.editor
    assert editor.due.text() == shown
    assert "10.01.27" in editor.notes.text()
    assert short_date(project.plan[item].created.date()) in editor.heading.text()

    # Typed in the Details dock, in the short format: saved, and the table shows it.
    editor.due.setFocus()
    qtbot.waitUntil(editor.due.hasFocus)
    editor.due.setSelectedSection(editor.due.sectionAt(0))
    qtbot.keyClicks(editor.due, "010327")
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(editor.due, Qt.Key.Key_Return)
    assert project.plan[item].due == dt.date(2027, 3, 1)
    assert table.model.index(0, Col.DUE).data() == "01.03.27"

    # Typed in the Plan table's cell, in the same format.
    view = table.table
    view.setCurrentIndex(table.model.index(0, Col.DUE))
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    cell = view.indexWidget(view.currentIndex())
    assert isinstance(cell, DueEdit) and cell.text() == "01.03.27"
    qtbot.keyClick(cell, Qt.Key.Key_Delete)
    qtbot.keyClicks(cell, digits_of(QDate(2027, 4, 15), cell.displayFormat()))
    assert cell.text() == "15.04.27"
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(cell, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != EDITING)
    assert project.plan[item].due == dt.date(2027, 4, 15)
    assert editor.due.text() == "15.04.27"
    assert "Due 15.04.27" in panel.list.item(0).toolTip()

    # A date handed to the table as text (not from its editor) reads the same way.
    with qtbot.waitSignal(window.project_edited):
        assert table.model.setData(table.model.index(0, Col.DUE), "30.04.27")
    assert project.plan[item].due == dt.date(2027, 4, 30)
    with qtbot.waitSignal(table.model.edit_refused) as refused:
        assert not table.model.setData(table.model.index(0, Col.DUE), "soon")
    assert refused.args == [f"{item} was not changed: 'soon' is not a date like 31.03.25"]
    box = window.edit_failure_box
    assert box is not None
    box.close()
