"""The exported workbook's Progress and Results sheets, read back with openpyxl as Excel sees
them, and the Results sheet read back with the plan's updates.

The project is the demo (`pyramid-app project demo`), exported by `pyramid-app export`, both on
a fixed day; the figures are compared with :func:`progress_report` on the same project file.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pyramid_app.cli import main
from pyramid_app.io.project.file import ProjectFile
from pyramid_app.io.workbook.columns import PLAN_SHEET, RECORD_SHEET, SUMMARY_SHEET
from pyramid_app.io.workbook.progress_charts import axis_floor
from pyramid_app.io.workbook.results_record import (
    PROGRESS_SHEET,
    RESULTS_CHOICE,
    RESULTS_MARK,
    RESULTS_RECORD_SHEET,
    RESULTS_SHEET,
)
from pyramid_app.io.workbook.updates import ProblemKind
from pyramid_app.io.workbook.writer import (
    Choice,
    apply_updates,
    read_action_plan_updates,
    write_action_plan,
)
from pyramid_app.model.plan_history import PlanHistory
from pyramid_app.model.progress_report import ProgressReport, progress_report
from pyramid_app.model.result_commands import set_result
from pyramid_app.model.results import Period, ResultKey
from pyramid_app.model.target_commands import set_target
from pyramid_app.model.targets import Measure, Standing
from pyramid_app.model.units import Unit, UnitKind

TODAY = dt.date(2025, 10, 6)
THIS_MONTH = "2025-10"
LISBON = Unit(UnitKind.LOCATION, "Lisbon")
COPENHAGEN = Unit(UnitKind.LOCATION, "Copenhagen")
SATISFACTION = "Guest satisfaction"
COMPLAINTS = "Complaints per 1,000 stays"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo project and its export, made once; each test works on copies."""
    folder = tmp_path_factory.mktemp("demo")
    project, workbook = folder / "demo.pyramid", folder / "demo.xlsx"
    day = TODAY.isoformat()
    assert main(["project", "demo", "-o", str(project), "--today", day]) == 0
    assert main(["export", str(project), "-o", str(workbook), "--no-picture", "--today", day]) == 0
    return project, workbook


@pytest.fixture
def copies(demo_export: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    project, workbook = demo_export
    return (
        Path(shutil.copy(project, tmp_path / project.name)),
        Path(shutil.copy(workbook, tmp_path / workbook.name)),
    )


def report_of(path: Path) -> ProgressReport:
    store, project = ProjectFile.open(path, read_only=True)
    with store:
        return progress_report(project, store.plan_history(), TODAY)


def table_after(sheet: Any, first_header: str, second_header: str) -> list[tuple[Any, ...]]:
    """The rows of the table whose header row starts with these two texts, up to a blank row."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(
        i for i, row in enumerate(rows) if row[0] == first_header and row[1] == second_header
    )
    found = []
    for row in rows[start + 1 :]:
        if row[0] is None or row[1] is None:
            break
        found.append(row)
    return found


def as_date(value: Any) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


# -- the Progress sheet ----------------------------------------------------------------------


def test_the_sheets_sit_beside_the_summary_and_the_plan(copies: tuple[Path, Path]) -> None:
    _project, path = copies
    workbook = openpyxl.load_workbook(path)
    names = workbook.sheetnames
    assert names[:4] == [SUMMARY_SHEET, PROGRESS_SHEET, PLAN_SHEET, RESULTS_SHEET]
    assert names[-2:] == [RECORD_SHEET, RESULTS_RECORD_SHEET]
    assert workbook[RESULTS_RECORD_SHEET].sheet_state == "hidden"
    assert workbook[RESULTS_RECORD_SHEET]["A1"].value == RESULTS_MARK
    assert workbook[PROGRESS_SHEET].sheet_state == "visible"
    # The print areas stay with their own sheets after the new ones were put in place.
    assert workbook[PLAN_SHEET].print_area.startswith("'Action plan'!")


def test_every_measure_stands_as_the_progress_report_says(copies: tuple[Path, Path]) -> None:
    project, path = copies
    report = report_of(project)
    sheet = openpyxl.load_workbook(path)[PROGRESS_SHEET]
    assert sheet["A1"].value == "Progress against target: Harbourlight Hotels (demo)"
    rows = table_after(sheet, "Measure", "Unit")
    expected = [(measure, unit) for measure in report.measures for unit in measure.units]
    assert len(rows) == len(expected) > 4
    for row, (measure, unit) in zip(rows, expected, strict=True):
        title, label, target, better, by, latest, latest_for, standing, met = row
        assert (title, label) == (measure.title, unit.label)
        assert latest == pytest.approx(unit.latest)
        if unit.target is None:
            assert (target, better, by, standing, met) == (None, "no target", None, None, None)
            continue
        assert target == pytest.approx(unit.target.value)
        assert better == ("lower" if unit.target.lower_is_better else "higher")
        assert as_date(by) == unit.target.by
        assert standing == unit.standing.value  # type: ignore[union-attr]
        assert met == ("yes" if unit.standing is Standing.MET else "no")
        assert latest_for == ("now" if measure.built_in else unit.latest_at)
    # The demo's story: some hotels meet their targets, others do not yet.
    assert {row[8] for row in rows} >= {"yes", "no"}


def test_before_and_after_are_the_progress_reports(copies: tuple[Path, Path]) -> None:
    project, path = copies
    report = report_of(project)
    sheet = openpyxl.load_workbook(path)[PROGRESS_SHEET]
    figures = [
        (measure, unit)
        for measure in report.measures
        if not measure.built_in
        for unit in measure.units
        if unit.before_after is not None
    ]
    all_rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(all_rows) if row[2] == "First commitment")
    rows = all_rows[start + 1 : start + 1 + len(figures)]
    assert len(figures) == 12
    for row, (measure, unit) in zip(rows, figures, strict=True):
        ba = unit.before_after
        assert ba is not None
        assert row[:2] == (measure.title, unit.label)
        assert as_date(row[2]) == ba.first_commitment
        assert (row[3], row[4]) == (pytest.approx(ba.before), ba.before_periods)
        assert (row[5], row[6]) == (pytest.approx(ba.after), ba.after_periods)
        assert row[7] == pytest.approx(ba.change)
        lower = unit.target.lower_is_better if unit.target else False
        assert row[8] == ("better" if ba.improved(lower) else "worse")


def test_a_native_line_chart_per_measure_reads_the_sheets_figures(
    copies: tuple[Path, Path],
) -> None:
    project, path = copies
    report = report_of(project)
    with zipfile.ZipFile(path) as archive:
        charts = sorted(
            n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)
        )
        xml = {name: archive.read(name).decode() for name in charts}
    # The Summary's bar chart, and the Progress sheet's: the plan's measures and each result.
    lines = [text for text in xml.values() if re.search(r"<(c:)?lineChart>", text)]
    results = [m for m in report.measures if not m.built_in]
    assert len(lines) == 1 + len(results) == 4
    for text in lines:
        assert "'Progress'!" in text
        assert re.search(r'<(c:)?delete val="0"/>', text)  # axes drawn
    sheet = openpyxl.load_workbook(path)[PROGRESS_SHEET]
    assert len(sheet._charts) == 4
    # Each chart's figures are the report's series: here, guest satisfaction at Lisbon.
    rows = list(sheet.iter_rows(values_only=True))
    title_at = rows.index((SATISFACTION, *[None] * (len(rows[0]) - 1)), 40)
    header = rows[title_at + 1]
    column = header.index("location Lisbon")
    measure = report.measure(SATISFACTION)
    assert measure is not None
    lisbon = next(u for u in measure.units if u.unit == LISBON)
    shown = [
        (row[0], row[column]) for row in rows[title_at + 2 : title_at + 2 + len(lisbon.series)]
    ]
    assert shown == [(at, pytest.approx(value)) for at, value in lisbon.series]
    assert [name for name in header if name][-1] == "Target (at least 8.5)"


def test_the_value_axis_starts_near_results_far_from_zero() -> None:
    assert axis_floor([7.6, 8.7, 8.5]) == 7
    assert axis_floor([64, 81, 75]) == 60
    assert axis_floor([2.5, 5.6]) is None  # their spread reaches down to near zero
    assert axis_floor([]) is None


# -- the Results sheet -----------------------------------------------------------------------


def results_rows(path: Path) -> list[tuple[Any, ...]]:
    sheet = openpyxl.load_workbook(path)[RESULTS_SHEET]
    return [row[:4] for row in sheet.iter_rows(min_row=2, values_only=True) if any(row[:4])]


def test_the_results_sheet_has_this_months_block_then_the_results(
    copies: tuple[Path, Path],
) -> None:
    project_path, path = copies
    store, project = ProjectFile.open(project_path, read_only=True)
    with store:
        results = list(project.results)
    rows = results_rows(path)
    block = [row for row in rows if row[0] == THIS_MONTH]
    assert block == rows[: len(block)]
    # A row for every measure at every hotel, nothing typed yet.
    assert len(block) == 3 * 4 and all(row[3] is None for row in block)
    assert {row[1] for row in block} == {"Copenhagen", "Edinburgh", "Lisbon", "Valencia"}
    filled = rows[len(block) :]
    assert sorted(filled) == sorted(
        (r.period.text, r.unit.name, r.measure, r.value) for r in results
    )
    assert [row[0] for row in filled] == sorted((row[0] for row in filled), reverse=True)
    sheet = openpyxl.load_workbook(path)[RESULTS_SHEET]
    assert sheet["A2"].number_format == "@"  # a typed month stays text
    checks = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    assert checks["B2"].type == "list" and "'Results record'!$G$4" in checks["B2"].formula1
    assert checks["C2"].type == "list" and "'Results record'!$H$4" in checks["C2"].formula1
    assert checks["D2"].type == "decimal"
    record = openpyxl.load_workbook(path)[RESULTS_RECORD_SHEET]
    units = [row[6] for row in record.iter_rows(min_row=4, values_only=True) if row[6]]
    assert units[:4] == ["Copenhagen", "Edinburgh", "Lisbon", "Valencia"]


def type_results(path: Path, cells: dict[str, Any], rows: Sequence[list[Any]] = ()) -> list[int]:
    """Type into the Results sheet as a manager would; the row numbers of ``rows`` added."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[RESULTS_SHEET]
    for cell, value in cells.items():
        sheet[cell] = value
    added = []
    for values in rows:
        sheet.append(values)
        added.append(sheet.max_row)
    workbook.save(path)
    return added


def row_of(path: Path, period: str, unit: str, measure: str) -> int:
    sheet = openpyxl.load_workbook(path)[RESULTS_SHEET]
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if row[:3] == (period, unit, measure):
            return number
    raise KeyError((period, unit, measure))


def test_typed_results_are_read_with_the_plan_and_applied_as_one_step(
    copies: tuple[Path, Path],
) -> None:
    project_path, path = copies
    block = row_of(path, THIS_MONTH, "Lisbon", SATISFACTION)
    earlier = row_of(path, "2025-09", "Copenhagen", COMPLAINTS)
    type_results(path, {f"D{block}": 8.6, f"D{earlier}": 2.4}, [["2025-W40", "Lisbon", "NPS", 41]])
    store, project = ProjectFile.open(project_path)
    with store:
        before = list(project.results)
        preview = read_action_plan_updates(project, path)
        results = preview.results
        assert results is not None and not preview.problems
        assert [(r.measure, r.unit, r.period.text, r.value) for r in results.update.new] == [
            (SATISFACTION, LISBON, THIS_MONTH, 8.6),
            ("NPS", LISBON, "2025-W40", 41.0),
        ]
        [(old, new)] = results.update.corrected
        assert old.value == 2.6  # the demo's September at Copenhagen
        assert (new.measure, new.unit, new.period.text) == (COMPLAINTS, COPENHAGEN, "2025-09")
        assert (new.value, results.rows[new]) == (2.4, earlier)
        assert results.update.unchanged == 144 - 1
        assert "Results: 2 new, 1 corrected" in preview.summary()
        command = apply_updates(project, preview, today=TODAY)
        assert command.label.endswith("(3 results)")
        undo = project.execute(command)
        key = ResultKey(LISBON, SATISFACTION, Period.month(2025, 10))
        assert project.results.get(key) == 8.6
        assert len(project.results) == 146
        project.execute(undo)  # the one step takes all of it back
        assert list(project.results) == before


def test_problems_are_named_by_cell_and_the_rest_is_read(copies: tuple[Path, Path]) -> None:
    project_path, path = copies
    built_in, long_name = type_results(
        path,
        {"D2": "lots", "D3": "4,4", "B4": "Atlantis", "D4": 1, "A5": "Smarch 2025", "D5": 2},
        [["2025-10", "Lisbon", "Front line served", 0.5], ["2025-10", "Lisbon", "x" * 300, 1]],
    )
    store, project = ProjectFile.open(project_path, read_only=True)
    with store:
        preview = read_action_plan_updates(project, path)
    kinds = {problem.message.split(":")[0]: problem.kind for problem in preview.problems}
    assert kinds == {
        "Results!D2": ProblemKind.INVALID_VALUE,
        "Results!B4": ProblemKind.UNKNOWN_UNIT,
        "Results!A5": ProblemKind.INVALID_PERIOD,
        f"Results!C{built_in}": ProblemKind.INVALID_MEASURE,
        f"Results!C{long_name}": ProblemKind.INVALID_MEASURE,
    }
    assert all(p.message.endswith("left out.") for p in preview.problems)
    long = next(p for p in preview.problems if p.message.startswith(f"Results!C{long_name}"))
    assert "300 characters" in long.message and len(long.message) < 300
    assert preview.results is not None
    assert [r.value for r in preview.results.update.new] == [4.4]  # D3, "4,4"


def test_a_result_changed_in_both_places_keeps_the_apps_unless_chosen(
    copies: tuple[Path, Path],
) -> None:
    project_path, path = copies
    both = row_of(path, "2025-09", "Lisbon", SATISFACTION)
    app_only = row_of(path, "2025-09", "Edinburgh", SATISFACTION)
    type_results(path, {f"D{both}": 9.9})
    store, project = ProjectFile.open(project_path)
    with store:
        september = Period.month(2025, 9)
        edinburgh = Unit(UnitKind.LOCATION, "Edinburgh")
        project.execute(set_result(project, LISBON, SATISFACTION, september, 8.8))
        project.execute(set_result(project, edinburgh, SATISFACTION, september, 7.0))
        preview = read_action_plan_updates(project, path)
        results = preview.results
        assert results is not None
        [conflict] = results.conflicts
        assert (conflict.row, conflict.app, conflict.workbook.value) == (both, 8.8, 9.9)
        assert results.kept_app == 1 and results.update.empty
        assert app_only != both
        kept = results.command(take_conflicts=False)
        assert kept is None  # nothing else to apply: the app's value stands
        command = apply_updates(project, preview, {RESULTS_CHOICE: Choice.WORKBOOK}, today=TODAY)
        project.execute(command)
        assert project.results.get(ResultKey(LISBON, SATISFACTION, september)) == 9.9
        assert project.results.get(ResultKey(edinburgh, SATISFACTION, september)) == 7.0


def test_a_month_excel_turned_into_a_date_is_read_as_the_month(
    copies: tuple[Path, Path],
) -> None:
    project_path, path = copies
    type_results(path, {}, [[dt.datetime(2025, 11, 1), "Lisbon", SATISFACTION, 8.7]])
    store, project = ProjectFile.open(project_path, read_only=True)
    with store:
        preview = read_action_plan_updates(project, path)
    assert preview.results is not None
    [new] = preview.results.update.new
    assert new.period == Period.month(2025, 11)
    assert any("first day of a month" in note for note in preview.results.notes)


def test_a_renamed_results_sheet_is_found_by_its_headers(copies: tuple[Path, Path]) -> None:
    project_path, path = copies
    type_results(path, {"D2": 3.3})
    workbook = openpyxl.load_workbook(path)
    workbook[RESULTS_SHEET].title = "October figures"
    workbook.save(path)
    store, project = ProjectFile.open(project_path, read_only=True)
    with store:
        preview = read_action_plan_updates(project, path)
    assert preview.results is not None and preview.results.sheet == "October figures"
    assert [r.value for r in preview.results.update.new] == [3.3]


def test_a_project_without_targets_or_results_gets_neither_sheet(tmp_path: Path) -> None:
    from action_plan_samples import hotel_project

    path = tmp_path / "plan.xlsx"
    report = write_action_plan(hotel_project(), path, today=TODAY, history=PlanHistory())
    names = openpyxl.load_workbook(path).sheetnames
    assert PROGRESS_SHEET not in names and RESULTS_SHEET not in names
    assert not any("Progress" in line for line in report.lines())


def test_a_project_with_one_target_gets_one_chart_and_an_empty_results_table(
    tmp_path: Path,
) -> None:
    from action_plan_samples import hotel_project

    project = hotel_project()
    project.execute(set_target(project, Measure.FRONT_LINE_SERVED.value, 0.8))
    path = tmp_path / "plan.xlsx"
    report = write_action_plan(project, path, today=TODAY, history=PlanHistory())
    assert "Progress sheet: 4 measures against their targets, 1 chart" in report.lines()
    workbook = openpyxl.load_workbook(path)
    assert len(workbook[PROGRESS_SHEET]._charts) == 1
    # No client measure yet: the table is there to type the first results into.
    assert results_rows(path) == []
    assert workbook[RESULTS_SHEET].tables["ResultsTable"].ref == "A1:D21"


@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
)
def test_results_typed_then_saved_again_by_libreoffice_are_read(
    copies: tuple[Path, Path], tmp_path: Path
) -> None:
    project_path, path = copies
    block = row_of(path, THIS_MONTH, "Valencia", COMPLAINTS)
    type_results(path, {f"D{block}": 4.2, "D2": "n/a"})
    out = tmp_path / "libreoffice"
    assert SOFFICE is not None
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    saved = out / path.name
    assert saved.exists(), done.stdout + done.stderr
    store, project = ProjectFile.open(project_path, read_only=True)
    with store:
        preview = read_action_plan_updates(project, saved)
    assert preview.results is not None
    valencia = Unit(UnitKind.LOCATION, "Valencia")
    assert [(r.unit, r.measure, r.value) for r in preview.results.update.new] == [
        (valencia, COMPLAINTS, 4.2)
    ]
    assert preview.results.update.unchanged == 144
    assert [p.message.split(":")[0] for p in preview.problems] == ["Results!D2"]
