"""File > Import results...: a real results workbook read in the background, its problems listed
by row, what it would change previewed, Apply as one undo step saved in the project file; and
the columns the planner chose remembered for next month's file with the same header."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from targets_window import demo_file, menu_action, open_window, project_of

from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.results import Period, ResultKey
from pyramid_app.model.units import Unit, UnitKind
from pyramid_app.ui.dialogs.results_import_dialog import WIDE, ResultsImportDialog
from pyramid_app.ui.main_window import MainWindow
from spreadsheets import write_csv, write_xlsx

LISBON = Unit(UnitKind.LOCATION, "Lisbon")
EDINBURGH = Unit(UnitKind.LOCATION, "Edinburgh")
SATISFACTION = "Guest satisfaction"
COMPLAINTS = "Complaints per 1,000 stays"
WIDE_HEADER = ["Month", "Hotel", SATISFACTION, COMPLAINTS, "Comments"]


def import_file(qtbot: QtBot, window: MainWindow, path: Path) -> ResultsImportDialog:
    """File > Import results..., the file picked in the file dialog; the preview shown."""
    importer = window.targets_and_results.importer
    menu_action(window, "File", "Import results...").trigger()
    chooser = importer.file_dialog
    assert isinstance(chooser, QFileDialog) and chooser.isVisible()
    with qtbot.waitSignal(importer.dialog_shown, timeout=10_000) as shown:
        chooser.fileSelected.emit(str(path))  # what picking the file and Open do
        chooser.close()
    dialog = shown.args[0]
    assert isinstance(dialog, ResultsImportDialog) and dialog.isVisible()
    return dialog


def lines(dialog: ResultsImportDialog, which: str) -> list[tuple[str, ...]]:
    model = dialog.problems if which == "problems" else dialog.changes
    return list(model.lines)


def test_problems_are_listed_by_row_and_apply_is_one_undo_step(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = demo_file(tmp_path)
    window = open_window(qtbot, tmp_path, path)
    project = project_of(window)
    october = Period.month(2026, 10)
    old = project.results.get(ResultKey(LISBON, SATISFACTION, october))
    assert old is not None
    results = write_xlsx(
        tmp_path / "results-2026-11.xlsx",
        {
            "Results": [
                ["Month", "Hotel", "Metric", "Score"],
                ["2026-10", "Lisbon", SATISFACTION, old + 0.5],  # row 2: a correction
                ["2026-11", "Lisbon", SATISFACTION, 8.9],
                ["2026-11", "Edinburgh", SATISFACTION, 8.1],
                ["Nov", "Lisbon", COMPLAINTS, 3.1],  # row 5: not a period
                ["2026-11", "Porto", SATISFACTION, 7.7],  # row 6: no such hotel
                ["2026-11", "Edinburgh", COMPLAINTS, "n/a"],  # row 7: not a number
            ]
        },
    )
    dialog = import_file(qtbot, window, results)
    problems = lines(dialog, "problems")
    assert [(row, cell) for row, cell, _why in problems] == [
        ("5", "Results!A5"),
        ("6", "Results!B6"),
        ("7", "Results!D7"),
    ]
    assert "'Nov' is not a month, a week or a date" in problems[0][2]
    assert "'Porto' is not a department, a location" in problems[1][2]
    assert "'n/a' is not a number" in problems[2][2]
    assert dialog.tabs.tabText(1) == "Problems (3 rows)"
    changes = lines(dialog, "changes")
    assert changes[0] == (
        "corrected", "2026-10", "Location: Lisbon", SATISFACTION, f"{old:.6g}", f"{old + 0.5:.6g}"
    )  # fmt: skip
    assert sorted(change[:3] for change in changes[1:]) == [
        ("new", "2026-11", "Location: Edinburgh"),
        ("new", "2026-11", "Location: Lisbon"),
    ]
    summary = dialog.summary.text()
    assert "new periods: 2026-11" in summary and "corrects 1" in summary
    assert "“Porto” (1 row)" in summary
    assert project.results.get(ResultKey(LISBON, SATISFACTION, october)) == old  # not yet

    count = len(project.results)
    with qtbot.waitSignal(window.project_edited):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    november = Period.month(2026, 11)
    assert project.results.get(ResultKey(LISBON, SATISFACTION, october)) == old + 0.5
    assert project.results.get(ResultKey(EDINBURGH, SATISFACTION, november)) == 8.1
    assert len(project.results) == count + 2
    label = "&Undo Import results from results-2026-11.xlsx (2 new, 1 corrected)"
    assert window.undo_action.text() == label
    results_tab = window.targets_and_results.results
    window.targets_and_results.show_tab(results_tab)
    assert results_tab.model.total == count + 2

    window.undo_action.trigger()  # the whole import, in one step
    assert project.results.get(ResultKey(LISBON, SATISFACTION, october)) == old
    assert len(project.results) == count
    assert results_tab.model.total == count
    window.redo_action.trigger()
    window.files.close_project()
    with ProjectFile.open(path)[0] as saved:
        assert saved.project is not None
        assert saved.project.results.get(ResultKey(LISBON, SATISFACTION, november)) == 8.9


def _month(month: str, satisfaction: float) -> list[list[object]]:
    return [
        WIDE_HEADER,
        [month, "Lisbon", satisfaction, 3.2, "quiet month"],
        [month, "Edinburgh", satisfaction - 0.4, 3.8, ""],
    ]


def test_the_columns_chosen_are_read_again_and_proposed_next_month(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = demo_file(tmp_path)
    window = open_window(qtbot, tmp_path, path)
    november = write_xlsx(tmp_path / "nov.xlsx", {"Report": _month("2026-11", 8.6)})
    dialog = import_file(qtbot, window, november)
    assert dialog.layout_box.currentData() == WIDE
    assert dialog.period_box.currentText() == "Month" and dialog.unit_box.currentText() == "Hotel"
    # Month and Hotel are the period and the unit: not offered as measures.
    offered = [
        dialog.measures_list.item(i)
        for i in range(dialog.measures_list.count())
        if not dialog.measures_list.item(i).isHidden()
    ]
    assert [item.text() for item in offered] == WIDE_HEADER[2:]
    assert [p[2] for p in lines(dialog, "problems")] == [
        "Comments: the value 'quiet month' is not a number"
    ]
    comments = offered[-1]
    with qtbot.waitSignal(dialog.shown, timeout=10_000):
        comments.setCheckState(Qt.CheckState.Unchecked)  # read again without it
    assert lines(dialog, "problems") == []
    assert dialog.read.mapping.measures == (2, 3)
    with qtbot.waitSignal(window.project_edited):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    window.close()

    # Next month, another session: the same header is read as it was chosen.
    again = open_window(qtbot, tmp_path, path)
    december = write_xlsx(tmp_path / "dec.xlsx", {"Report": _month("2026-12", 8.8)})
    dialog = import_file(qtbot, again, december)
    assert dialog.read.mapping.measures == (2, 3)
    assert "as you chose them last time" in dialog.summary.text()
    assert lines(dialog, "problems") == []
    checked = [
        dialog.measures_list.item(i).text()
        for i in range(dialog.measures_list.count())
        if dialog.measures_list.item(i).checkState() == Qt.CheckState.Checked
    ]
    assert checked == [SATISFACTION, COMPLAINTS]
    with qtbot.waitSignal(again.project_edited):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    project = project_of(again)
    assert project.results.get(ResultKey(LISBON, SATISFACTION, Period.month(2026, 12))) == 8.8

    # A file with another header gets the proposal, not that memory.
    other = write_xlsx(
        tmp_path / "other.xlsx",
        {"R": [[*WIDE_HEADER, "Extra"], ["2027-01", "Lisbon", 9, 3, "x", 1]]},
    )
    dialog = import_file(qtbot, again, other)
    assert "as you chose them last time" not in dialog.summary.text()
    assert 4 in dialog.read.mapping.measures


def test_a_layout_needing_columns_says_what_to_choose(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path, demo_file(tmp_path))
    # No column is named like a period: the dialog opens for the planner to choose.
    odd = write_csv(
        tmp_path / "odd.csv",
        [["When", "Where", "Measure", "Amount"], ["2026-11", "Lisbon", SATISFACTION, "8.4"]],
    )
    dialog = import_file(qtbot, window, odd)
    assert "choose the columns" in dialog.summary.text()
    dialog.layout_box.setCurrentIndex(0)  # a measure column and a value column
    dialog.unit_box.setCurrentIndex(dialog.unit_box.findText("Where"))
    dialog.measure_box.setCurrentIndex(dialog.measure_box.findText("Measure"))
    dialog.value_box.setCurrentIndex(dialog.value_box.findText("(none)"))
    assert not dialog.apply_button.isEnabled()
    assert dialog.status.text() == "Choose the measure column and the value column."
    with qtbot.waitSignal(dialog.shown, timeout=10_000):
        dialog.value_box.setCurrentIndex(dialog.value_box.findText("Amount"))
    assert lines(dialog, "problems") == []
    assert lines(dialog, "changes")[0][:4] == ("new", "2026-11", "Location: Lisbon", SATISFACTION)
    assert dialog.apply_button.isEnabled()
    dialog.reject()


def test_a_file_that_is_no_table_of_results_is_refused_with_a_message(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(qtbot, tmp_path, demo_file(tmp_path))
    importer = window.targets_and_results.importer
    project = project_of(window)
    before = len(project.results)
    note = tmp_path / "note.csv"
    note.write_text("Dear all, the results follow next week.\n", encoding="utf-8")
    header_only = write_csv(tmp_path / "empty.csv", [["When", "Where", "Amount"]])
    one_column = write_xlsx(tmp_path / "list.xlsx", {"Hotels": [["Hotel"], ["Lisbon"]]})
    for path, words in (
        (note, "holds no results: nothing is below its header (line 1)"),
        (header_only, "holds no results"),
        (one_column, "no column of periods (month, week or date) was found"),
    ):
        with qtbot.waitSignal(importer.failed, timeout=10_000) as failed:
            importer.read_file(path)
        box = importer.message_box
        assert isinstance(box, QMessageBox) and box.windowTitle() == "Cannot import results"
        assert box.text() == failed.args[0]
        assert path.name in box.text() and words in box.text()
        assert "--" not in box.text()  # the command line's advice is not the window's
        box.close()
    assert len(project.results) == before
