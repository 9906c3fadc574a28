"""File > Export action plan and File > Import plan updates in the window, with the Progress and
Results sheets: the demo hotel group opened from its project file, the workbook written by the
window, typed into with openpyxl, read back through the preview dialog and applied."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from pytestqt.qtbot import QtBot
from targets_window import demo_file, open_window, project_of

from pyramid_app.io.workbook.results_record import RESULTS_CHOICE
from pyramid_app.io.workbook.writer import Choice
from pyramid_app.model.result_commands import set_result
from pyramid_app.model.results import Period, ResultKey
from pyramid_app.model.units import Unit, UnitKind
from pyramid_app.ui.dialogs.action_plan_preview import tab_index
from pyramid_app.ui.main_window import MainWindow

LISBON = Unit(UnitKind.LOCATION, "Lisbon")
SATISFACTION = "Guest satisfaction"


def export(window: MainWindow, path: Path, qtbot: QtBot) -> None:
    files = window.action_plan  # type: ignore[attr-defined]
    with qtbot.waitSignal(files.exported, timeout=30_000):
        files.export_to(path)
    qtbot.waitUntil(lambda: files.worker is None)
    files.message_box.close()


def row_of(sheet: object, period: str, unit: str, measure: str) -> int:
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
        if row[:3] == (period, unit, measure):
            return number
    raise KeyError((period, unit, measure))


def test_results_typed_into_the_workbook_are_previewed_and_one_undo_step(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(qtbot, tmp_path, demo_file(tmp_path))
    project = project_of(window)
    path = tmp_path / "plan.xlsx"
    export(window, path, qtbot)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames[1] == "Progress" and "Results" in workbook.sheetnames
    record = workbook["Export record"]
    assert record["B3"].value == project.identity != ""  # the window's export says whose it is
    sheet = workbook["Results"]
    this_month = sheet["A2"].value
    block = row_of(sheet, this_month, "Lisbon", SATISFACTION)
    sheet[f"D{block}"] = 8.6
    sheet["D3"] = "lots"
    workbook.save(path)

    dialog = window.action_plan.preview_from(path)  # type: ignore[attr-defined]
    assert dialog is not None and dialog.isVisible()
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles == [
        "Changed (0)",
        "New (0)",
        "Missing (0)",
        "Conflicts (0)",
        "Results (1)",
        "Problems (1)",
    ]
    assert dialog.tabs.currentIndex() == tab_index(dialog, "Results")
    tab = dialog.results_tab
    assert tab is not None
    item = tab.tree.topLevelItem(0)
    assert [item.text(i) for i in range(7)] == [
        str(block),
        "new",
        SATISFACTION,
        "location Lisbon",
        this_month,
        "(none)",
        "8.6",
    ]
    problem = dialog.problems_tree.topLevelItem(0)
    assert problem.text(2).startswith("Results!D3: the value 'lots' is not a number")
    assert dialog.apply_button.isEnabled()
    key = ResultKey(LISBON, SATISFACTION, Period.month(*map(int, this_month.split("-"))))
    with qtbot.waitSignal(window.project_edited):
        dialog.apply_button.click()
    assert project.results.get(key) == 8.6
    assert window.undo_action.text() == "&Undo Import plan updates from plan.xlsx (1 result)"
    window.undo_stack.undo()
    assert project.results.get(key) is None


def test_a_result_changed_in_both_keeps_the_apps_unless_ticked(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(qtbot, tmp_path, demo_file(tmp_path))
    project = project_of(window)
    path = tmp_path / "plan.xlsx"
    export(window, path, qtbot)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Results"]
    period = next(row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[3])
    row = row_of(sheet, period, "Lisbon", SATISFACTION)
    sheet[f"D{row}"] = 9.4
    workbook.save(path)
    month = Period.month(*map(int, period.split("-")))
    assert window.push(set_result(project, LISBON, SATISFACTION, month, 8.9))

    dialog = window.action_plan.preview_from(path)  # type: ignore[attr-defined]
    tab = dialog.results_tab
    assert tab is not None and tab.take_box.isEnabled()
    assert tab.tree.topLevelItem(0).text(1) == "in both"
    assert not dialog.apply_button.isEnabled()  # kept as the app has it: nothing to apply
    assert dialog.choices() == {RESULTS_CHOICE: Choice.APP}
    tab.take_box.setChecked(True)
    assert dialog.apply_button.isEnabled()
    assert dialog.choices() == {RESULTS_CHOICE: Choice.WORKBOOK}
    with qtbot.waitSignal(window.project_edited):
        dialog.apply_button.click()
    assert project.results.get(ResultKey(LISBON, SATISFACTION, month)) == 9.4
