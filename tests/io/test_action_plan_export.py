"""The exported workbook read back with openpyxl (and its zip), as Excel would see it."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from action_plan_samples import EXPORTED, HEADERS, TODAY, hotel_project, plan_rows

from pyramid_app.io.workbook.columns import (
    MANAGERS_SHEET,
    ORGANISATION_SHEET,
    PLAN_SHEET,
    RECORD_MARK,
    RECORD_SHEET,
    SUMMARY_SHEET,
    TOUCHPOINTS_SHEET,
)
from pyramid_app.io.workbook.writer import ExportReport, write_action_plan
from pyramid_app.model.plan import Status

# The smallest valid PNG: one white pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8ffff3f0005fe02fea7d6a4e40000000049454e44ae426082"
)


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Path, ExportReport]:
    path = tmp_path / "plan.xlsx"
    report = write_action_plan(hotel_project(), path, today=TODAY, picture_png=PNG, now=EXPORTED)
    return path, report


def test_sheets_in_order_and_the_record_hidden(exported: tuple[Path, ExportReport]) -> None:
    path, report = exported
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [
        SUMMARY_SHEET,
        PLAN_SHEET,
        MANAGERS_SHEET,
        TOUCHPOINTS_SHEET,
        ORGANISATION_SHEET,
        RECORD_SHEET,
    ]
    assert workbook[RECORD_SHEET].sheet_state == "hidden"
    assert workbook[RECORD_SHEET]["A1"].value == RECORD_MARK
    assert all(workbook[name].sheet_state == "visible" for name in workbook.sheetnames[:-1])
    assert (report.commitments, report.managers, report.people) == (4, 4, 9)
    assert report.picture
    assert not report.cut and not report.cleaned


def test_every_commitment_and_field_is_in_the_plan_sheet(
    exported: tuple[Path, ExportReport],
) -> None:
    path, _report = exported
    rows = plan_rows(path)
    sheet = openpyxl.load_workbook(path)[PLAN_SHEET]
    assert next(sheet.iter_rows(max_row=1, values_only=True)) == tuple(HEADERS)
    # Pyramid order: Ann (level 0) first, then Bob, then Cy.
    assert list(rows) == ["C-0001", "C-0002", "C-0003", "C-0004"]
    first = rows["C-0001"]
    assert first["Manager"] == "Ann Archer"
    assert first["Manager id"] == "A"
    assert first["Title"] == "Chief Executive"
    assert first["Department"] == "Board"
    assert first["Location"] == "HQ"
    assert first["Level"] == 0
    assert first["Practice"] == "Leadership"
    assert first["Commitment"] == "Hold a monthly town hall"
    assert first["Serves"] == "All direct reports"
    assert first["Measure"] == "town halls held / 12"
    assert first["Cadence"] == "monthly"
    assert first["Due date"] == dt.datetime(2025, 12, 31)
    assert first["Status"] == "in progress"
    assert first["Last progress note"] == "Second one: 40 questions"
    assert first["Note date"] == dt.datetime(2025, 2, 14)
    assert first["Needs answered"] is None
    second = rows["C-0002"]
    assert second["Serves"] == "Di Dunn (D)"
    assert second["Needs answered"] == "welcoming, whatever the queue (N-0002, be, should)"
    assert second["Level"] == 1
    assert rows["C-0003"]["Due date"] is None
    assert rows["C-0004"]["Status"] == "dropped"


def test_dates_are_date_cells_with_a_date_format(exported: tuple[Path, ExportReport]) -> None:
    path, _report = exported
    sheet = openpyxl.load_workbook(path)[PLAN_SHEET]
    due = HEADERS.index("Due date") + 1
    note_date = HEADERS.index("Note date") + 1
    cell = sheet.cell(2, due)
    assert cell.is_date and cell.data_type == "d"  # a number with a date format, in the file
    assert cell.number_format == "d mmm yyyy"
    assert sheet.cell(2, note_date).is_date


def test_statuses_validate_with_a_drop_down(exported: tuple[Path, ExportReport]) -> None:
    path, _report = exported
    sheet = openpyxl.load_workbook(path)[PLAN_SHEET]
    status = openpyxl.utils.get_column_letter(HEADERS.index("Status") + 1)
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    status_list = next(v for v in lists if f"{status}2" in str(v.sqref))
    allowed = status_list.formula1.strip('"').split(",")
    assert allowed == [s.value for s in Status]
    assert status_list.showErrorMessage and not status_list.allow_blank
    assert f"{status}2:{status}5" in str(status_list.sqref)
    values = [sheet[f"{status}{row}"].value for row in range(2, 6)]
    assert set(values) <= set(allowed)
    dates = [v for v in sheet.data_validations.dataValidation if v.type == "date"]
    assert dates and dates[0].errorStyle == "warning"


def test_the_table_frozen_header_and_print_setup(exported: tuple[Path, ExportReport]) -> None:
    path, _report = exported
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[PLAN_SHEET]
    table = sheet.tables["ActionPlan"]
    assert table.ref == "A1:Q5"
    assert [column.name for column in table.tableColumns] == HEADERS
    assert table.tableStyleInfo.showRowStripes
    assert sheet.freeze_panes == "B2"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text
    assert sheet.column_dimensions["I"].width == 38  # the commitment
    wrapped = sheet.cell(2, HEADERS.index("Commitment") + 1).alignment
    assert wrapped.wrap_text and wrapped.vertical == "top"
    rules = [
        rule.formula[0]
        for ranges in sheet.conditional_formatting
        for rule in ranges.rules
        if rule.formula
    ]
    assert any("TODAY()" in formula and '"planned"' in formula for formula in rules)
    assert any('="done"' in formula for formula in rules)
    for name in (MANAGERS_SHEET, TOUCHPOINTS_SHEET, ORGANISATION_SHEET):
        other = workbook[name]
        assert other.tables, name
        assert other.freeze_panes is not None
        assert other.page_setup.orientation == "landscape"


def test_the_summary_has_a_bar_chart_and_the_picture(exported: tuple[Path, ExportReport]) -> None:
    path, _report = exported
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        charts = [name for name in names if name.startswith("xl/charts/chart")]
        assert len(charts) == 1
        chart = archive.read(charts[0]).decode()
        assert "barChart>" in chart and 'barDir val="bar"' in chart
        assert "'Summary'!$D$" in chart  # the share column of the coverage table
        media = [name for name in names if name.startswith("xl/media/")]
        assert [archive.read(name) for name in media] == [PNG]
    summary = openpyxl.load_workbook(path)[SUMMARY_SHEET]
    cells = {
        row[0]: row[1:]
        for row in summary.iter_rows(values_only=True)
        if row and isinstance(row[0], str)
    }
    assert cells["Level 0"][:3] == (1, 1, 1)
    # Level 1: Bob has active commitments; Cy only a dropped one; Kim none.
    assert cells["Level 1"][:3] == (3, 1, pytest.approx(1 / 3))
    # Di, Ed and Flo are served (Ann and Bob serve all their reports); Gil and Lu are not.
    assert cells["Front line served"][:3] == (5, 3, pytest.approx(3 / 5))
    assert cells["Planned"][0] == 1 and cells["Dropped"][0] == 1
    assert cells["All commitments"][0] == 4
    assert cells["Get it done"][:5] == (1, 0, 1, 0, 2)
    assert cells["Must-needs answered"][0] == "1 of 2"


def test_managers_without_commitments_are_listed(exported: tuple[Path, ExportReport]) -> None:
    path, _report = exported
    sheet = openpyxl.load_workbook(path)[MANAGERS_SHEET]
    headers = [cell.value for cell in sheet[1]]
    rows = {
        row[0]: dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)
    }
    assert set(rows) == {"A", "B", "C", "K"}
    assert rows["K"]["Commitments"] == 0 and rows["K"]["State"] == "no commitment"
    assert rows["B"]["State"] == "overdue"
    assert rows["C"]["State"] == "no commitment"  # only a dropped commitment
    assert rows["B"]["Front line under them"] == 3 and rows["B"]["Served"] == 3
    assert rows["C"]["Not served"] == 1 and rows["C"]["Served share"] == 0
    assert rows["A"]["People under them"] == 8


def test_touchpoints_flag_unanswered_must_needs(exported: tuple[Path, ExportReport]) -> None:
    path, _report = exported
    sheet = openpyxl.load_workbook(path)[TOUCHPOINTS_SHEET]
    headers = [cell.value for cell in sheet[1]]
    rows = [dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)]
    by_need = {row["Need id"]: row for row in rows if row["Need id"]}
    assert by_need["N-0001"]["Answered"] == "yes"
    assert "C-0003 Bob Baker" in by_need["N-0001"]["Answered by"]
    assert by_need["N-0003"]["Answered"] == "no" and by_need["N-0003"]["Importance"] == "must"
    assert by_need["N-0001"]["Front-line people"] == 2  # the two receptionists
    assert any(row["Touchpoint"] == "Dinner" for row in rows)
    assert any(row["Segment"] == "Companies" for row in rows)
    formulas = [r.formula[0] for cf in sheet.conditional_formatting for r in cf.rules]
    assert any('"must"' in formula and '"no"' in formula for formula in formulas)


def test_the_organisation_sheet_stands_on_its_own(exported: tuple[Path, ExportReport]) -> None:
    path, _report = exported
    sheet = openpyxl.load_workbook(path)[ORGANISATION_SHEET]
    rows = {row[0]: row for row in sheet.iter_rows(2, values_only=True)}
    assert len(rows) == 9
    assert rows["D"][1:7] == ("Di Dunn", "Receptionist", "Rooms", "Lobby", "B", 2)
    assert rows["D"][7] == "Bob Baker › Ann Archer"  # noqa: RUF001
    assert rows["A"][5] is None and rows["A"][7] is None


def test_an_empty_plan_still_makes_a_valid_table(tmp_path: Path) -> None:
    project = hotel_project()
    project.plan.remove(list(project.plan.commitments))
    path = tmp_path / "empty.xlsx"
    report = write_action_plan(project, path, today=TODAY)
    assert report.commitments == 0 and not report.picture
    sheet = openpyxl.load_workbook(path)[PLAN_SHEET]
    assert sheet.tables["ActionPlan"].ref == "A1:Q2"


def test_each_persons_chain_of_managers_is_read_up_the_tree_and_shared_by_their_team() -> None:
    """Per person, the managers' names up to the top, as walking up the parents gives them;
    the people of one manager share one string (a million people's chains fit in memory)."""
    import numpy as np

    from pyramid_app.io.workbook.sheets import manager_chains
    from pyramid_app.model.org import OrgChart
    from pyramid_app.model.project import OrgSource, Project

    rng = np.random.default_rng(3)
    people = 400
    parent = [-1] + [int(rng.integers(0, i)) for i in range(1, people)]
    ids = [f"P{i}" for i in range(people)]
    names = ["" if i % 9 == 0 else f"Name {i}" for i in range(people)]  # some without a name
    project = Project(OrgChart.from_parents(ids, parent, names), OrgSource("org.xlsx"))
    chart = project.chart
    chains = manager_chains(project)
    for node in range(len(chart)):
        above, up = [], int(chart.parent[node])
        while up >= 0 and chart.real[up]:
            above.append(chart.names[up] or chart.ids[up])
            up = int(chart.parent[up])
        assert chains.get(int(chart.parent[node]), "") == " › ".join(above), node  # noqa: RUF001
    # One string per team: only real managers have one, each their reports' chain.
    assert set(chains) == {
        node for node in range(len(chart)) if chart.real[node] and chart.span_of_control[node]
    }
