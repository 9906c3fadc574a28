"""Columns hidden from the audience: proposed on import, confirmed by the planner, kept in the
project, left out of the Details dock while presenting (marked outside it), and found in no
export's bytes - the action plan, the pictures, the command line's listings."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from pyramid_app.cli import main
from pyramid_app.io import read_org
from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.audience import hide_columns, likely_private, show_columns
from pyramid_app.model.commands import PlanError, add_commitment
from pyramid_app.ui.main_window import MainWindow
from spreadsheets import write_xlsx

# Values that must never reach the room: each one distinctive enough to search for in bytes.
SALARY, BIRTH, PHONE = "SAL918273", "1961-04-12", "+44 7700 900123"
HEADER = ["Employee ID", "Manager ID", "Name", "Title"]
PRIVATE_ORG = [
    [*HEADER, "Salary", "Date of birth", "Mobile phone", "Shift"],
    ["A", "", "Ann Archer", "Chief Executive", SALARY, BIRTH, PHONE, "Day"],
    ["B", "A", "Bob Baker", "Head of Rooms", "SAL555", "1970-01-01", "+44 1", "Day"],
    ["C", "B", "Di Dunn", "Receptionist", "SAL444", "1990-02-02", "+44 2", "Night"],
]  # fmt: skip
HIDDEN = {"Salary", "Date of birth", "Mobile phone"}


@pytest.fixture
def private_xlsx(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "hr.xlsx", {"People": PRIVATE_ORG})


def test_personal_headers_are_proposed_and_others_are_not() -> None:
    assert likely_private(PRIVATE_ORG[0]) == ["Salary", "Date of birth", "Mobile phone"]
    assert likely_private(["Agency", "Payments team", "Home office", "DOB", "salary_band"]) == [
        "DOB",
        "salary_band",
    ]


def test_hiding_is_one_undoable_command_and_names_unknown_columns(private_xlsx: Path) -> None:
    from pyramid_app.io.project.unsaved import project_from_import

    project = project_from_import(read_org(private_xlsx), shipped=())
    inverse = project.execute(hide_columns(project, ["salary", "Mobile phone"]))
    assert project.hidden == {"Salary", "Mobile phone"}
    project.execute(inverse)
    assert project.hidden == frozenset()
    project.execute(hide_columns(project, ["Salary"]))
    project.execute(show_columns(project, ["SALARY"]))
    assert project.hidden == frozenset()
    with pytest.raises(PlanError, match="no column 'Wage'"):
        hide_columns(project, ["Wage"])


def _window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, data_folder=tmp_path / "data")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_an_import_proposes_the_personal_columns_and_the_planner_confirms(
    qtbot: QtBot, tmp_path: Path, private_xlsx: Path
) -> None:
    window = _window(qtbot, tmp_path)
    window.show_result(read_org(private_xlsx))
    box = window.context.last_dialog
    assert isinstance(box, QMessageBox) and "Salary" in box.text()
    assert window.project is not None and window.project.hidden == frozenset()  # not yet
    with qtbot.waitSignal(window.project_edited):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert window.project.hidden == HIDDEN
    window.select_person("A")
    fields = window.details.fields.text()
    assert "Salary (hidden from the audience)" in fields and SALARY in fields
    assert "Shift" in fields and "Shift (hidden" not in fields
    with qtbot.waitSignal(window.presenter.entered):
        window.presenter.action.trigger()
    fields = window.details.fields.text()
    assert SALARY not in fields and BIRTH not in fields and PHONE not in fields
    assert "Shift" in fields
    window.presenter.leave()
    assert SALARY in window.details.fields.text()


def test_hidden_values_are_in_no_export(tmp_path: Path, private_xlsx: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    project_path = tmp_path / "p.pyramid"
    assert main(["project", "new", str(private_xlsx), "-o", str(project_path)]) == 0
    code = main(
        ["project", "hide", str(project_path), "--columns", "Salary,Date of birth,Mobile phone"]
    )
    assert code == 0
    store, project = ProjectFile.open(project_path)
    project.execute(add_commitment(project, "A", "Walk the floor every Monday"))
    store.close()
    assert main(["project", "info", str(project_path)]) == 0
    info = capsys.readouterr().out
    assert "hidden from the audience: Date of birth, Mobile phone, Salary" in info
    outputs: dict[str, bytes] = {}
    workbook = tmp_path / "plan.xlsx"
    assert main(["export", str(project_path), "-o", str(workbook)]) == 0
    with zipfile.ZipFile(workbook) as archive:
        outputs["workbook"] = b"".join(archive.read(name) for name in archive.namelist())
    for suffix in ("svg", "png"):
        picture = tmp_path / f"pyramid.{suffix}"
        assert main(["render", str(project_path), "-o", str(picture), "--size", "800x600"]) == 0
        outputs[suffix] = picture.read_bytes()
    capsys.readouterr()
    for command in (
        ["plan", "list", "--json"],
        ["coverage", "--json"],
        ["project", "info", "--json"],
    ):
        assert main([*command[:-1], str(project_path), command[-1]]) == 0
        outputs[" ".join(command)] = capsys.readouterr().out.encode()
    for name, data in outputs.items():
        for value in (SALARY, BIRTH, PHONE):
            assert value.encode() not in data, f"{value} in the {name}"
    # The same files do carry what is not hidden, so the search above can find text at all.
    assert b"Ann Archer" in outputs["workbook"] and b"Ann Archer" in outputs["plan list --json"]


def test_showing_again_from_the_command_line(tmp_path: Path, private_xlsx: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    project_path = tmp_path / "p.pyramid"
    assert main(["project", "new", str(private_xlsx), "-o", str(project_path)]) == 0
    assert main(["project", "hide", str(project_path), "--columns", "Salary,Shift"]) == 0
    assert main(["project", "show", str(project_path), "--columns", "shift"]) == 0
    assert "hidden from the audience: Salary\n" in capsys.readouterr().out
    assert main(["project", "hide", str(project_path), "--columns", "Wage"]) == 2
    assert "no column 'Wage'" in capsys.readouterr().err
    store, project = ProjectFile.open(project_path, read_only=True)
    store.close()
    assert project.hidden == {"Salary"}
