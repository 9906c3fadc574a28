"""`pyramid-app apply-updates` reading the Results sheet managers typed into, with the plan.

Everything goes through the command line, as a planner would: `project demo`, `export`, the
workbook edited with openpyxl (or at the XML level for what Excel would never write), then
`apply-updates`, and the project file opened again to see what it holds.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from test_action_plan_cli import run

from pyramid_app.cli import main
from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.results import Period, ResultKey
from pyramid_app.model.units import Unit, UnitKind

TODAY = "2025-10-06"
ESC = "\x1b"
LISBON = Unit(UnitKind.LOCATION, "Lisbon")
SATISFACTION = "Guest satisfaction"


@pytest.fixture
def demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    project, workbook = tmp_path / "demo.pyramid", tmp_path / "demo.xlsx"
    run(capsys, "project", "demo", "-o", str(project), "--today", TODAY)
    run(capsys, "export", str(project), "-o", str(workbook), "--no-picture", "--today", TODAY)
    return project, workbook


def find_row(sheet: Any, *first: Any) -> int:
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if row[: len(first)] == first:
            return number
    raise KeyError(first)


def type_into(path: Path, cells: dict[str, Any], rows: list[list[Any]] | None = None) -> None:
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Results"]
    for cell, value in cells.items():
        sheet[cell] = value
    for values in rows or []:
        sheet.append(values)
    workbook.save(path)


def stored_result(path: Path, unit: Unit, measure: str, period: Period) -> float | None:
    store, project = ProjectFile.open(path, read_only=True)
    with store:
        return project.results.get(ResultKey(unit, measure, period))


def test_results_and_plan_updates_are_one_undoable_step(
    demo: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project, path = demo
    workbook = openpyxl.load_workbook(path)
    results, plan = workbook["Results"], workbook["Action plan"]
    block = find_row(results, "2025-10", "Lisbon", SATISFACTION)
    results[f"D{block}"] = 8.6
    results.append(["2025-10", "Copenhagen", "NPS", 44])
    status = [cell.value for cell in plan[1]].index("Status") + 1
    plan.cell(2, status).value = "done"
    commitment = plan.cell(2, 1).value
    workbook.save(path)

    out = run(capsys, "apply-updates", str(project), str(path))
    assert "1 changed commitment" in out
    assert "Results sheet: 146 values read; 2 new, 144 unchanged" in out
    assert f"row {block}: Guest satisfaction · location Lisbon · 2025-10: 8.6" in out
    label = "Import plan updates from demo.xlsx (1 changed commitment, 2 results)"
    assert out.endswith(f"done: {label}\n")

    october = Period.month(2025, 10)
    assert stored_result(project, LISBON, SATISFACTION, october) == 8.6
    store, opened = ProjectFile.open(project)
    with store:
        assert opened.plan[commitment].status.value == "done"
        done, inverse = store.undo_steps()[-1]
        assert done.label == label
        opened.execute(inverse)  # Undo: the plan and the results, together
        assert opened.plan[commitment].status.value != "done"
        assert opened.results.get(ResultKey(LISBON, SATISFACTION, october)) is None
        assert opened.results.measure_name("NPS") is None


def test_problems_are_named_by_cell_escaped_and_the_rest_applied(
    demo: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project, path = demo
    type_into(
        path,
        {
            "D2": "lots",
            "B3": "Atlantis_x001B_[2J",  # Excel's way of writing ESC into a cell
            "D3": 1,
            "A4": "Smarch",
            "D4": 2,
            "D5": "87%",
        },
    )
    out = run(capsys, "apply-updates", str(project), str(path))
    assert ESC not in out
    assert "Results!D2: the value 'lots' is not a number; that row was left out." in out
    assert "Results!B3: the unit 'Atlantis\\x1b[2J' is not a department" in out
    assert "Results!A4: the period 'Smarch' is not a month, a week or a date" in out
    assert "problems (3;" in out
    assert out.endswith("(1 result)\n")
    sheet = openpyxl.load_workbook(path)["Results"]
    unit = Unit(UnitKind.LOCATION, sheet["B5"].value)
    assert stored_result(project, unit, sheet["C5"].value, Period.month(2025, 10)) == 0.87


def test_an_export_without_a_results_sheet_still_applies(
    demo: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project, path = demo
    workbook = openpyxl.load_workbook(path)
    for name in ("Results", "Results record", "Progress"):
        del workbook[name]  # as an export made before the sheets were added
    plan = workbook["Action plan"]
    status = [cell.value for cell in plan[1]].index("Status") + 1
    plan.cell(2, status).value = "dropped"
    workbook.save(path)
    out = run(capsys, "apply-updates", str(project), str(path))
    assert "Results" not in out
    assert out.endswith("done: Import plan updates from demo.xlsx (1 changed commitment)\n")


def test_conflicts_keep_the_projects_value_unless_the_workbooks_is_chosen(
    demo: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, path = demo
    sheet = openpyxl.load_workbook(path)["Results"]
    row = find_row(sheet, "2025-09", "Lisbon", SATISFACTION)
    type_into(path, {f"D{row}": 9.1})
    # After the export, the planner imports a corrected September for Lisbon.
    correction = tmp_path / "correction.csv"
    correction.write_text(f"Month,Hotel,Measure,Value\n2025-09,Lisbon,{SATISFACTION},8.9\n")
    run(capsys, "results", "import", str(project), str(correction))

    out = run(capsys, "apply-updates", str(project), str(path))
    assert f"row {row}: Guest satisfaction · location Lisbon · 2025-09: exported" in out
    assert "app 8.9, workbook 9.1" in out
    assert out.endswith("nothing to apply (the conflicts keep the app's values)\n")
    september = Period.month(2025, 9)
    assert stored_result(project, LISBON, SATISFACTION, september) == 8.9

    out = run(capsys, "apply-updates", str(project), str(path), "--conflicts", "workbook")
    assert out.endswith("(1 result)\n")
    assert stored_result(project, LISBON, SATISFACTION, september) == 9.1


def rewrite_results_part(path: Path, change: Any) -> None:
    """Edit the Results sheet's XML as text (what Excel never writes, a damaged file may hold)."""
    workbook = openpyxl.load_workbook(path)
    number = workbook.sheetnames.index("Results") + 1
    part = f"xl/worksheets/sheet{number}.xml"
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts[part] = change(parts[part].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_far_stray_cell_and_an_endless_value_are_handled(
    demo: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project, path = demo
    type_into(path, {"D2": 7.77, "D3": 123.5})
    rewrite_results_part(
        path,
        lambda xml: xml.replace("<v>123.5</v>", "<v>1E+999</v>").replace(
            "</sheetData>",
            '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>oops</t></is></c></row>'
            "</sheetData>",
        ),
    )
    out = run(capsys, "apply-updates", str(project), str(path), "--dry-run")
    assert "Results!D3: not a number; that row was left out." in out
    assert "XFD1048576" in out  # the warning names the far cell left out
    assert "1 new" in out and "7.77" in out


def test_export_says_what_the_new_sheets_hold(
    demo: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, _path = demo
    out = run(
        capsys,
        "export",
        str(project),
        "-o",
        str(tmp_path / "again.xlsx"),
        "--no-picture",
        "--today",
        TODAY,
    )
    assert "  Progress sheet: 7 measures against their targets, 4 charts\n" in out
    assert "  Results sheet: 144 results of the latest 12 periods, and 12 rows for 2025-10" in out
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    assert "a Results sheet to type the month's results into" in " ".join(
        capsys.readouterr().out.split()
    )
