"""Every real export in ../shared/realdata imports with what the file really holds."""

from __future__ import annotations

from pathlib import Path

from pyramid_app.io import FindingKind, read_org


def test_excel_workbook_with_shared_names_keeps_every_person(realdata: Path) -> None:
    result = read_org(realdata / "N3vdev_Org-Chart_orgchart.xlsx")
    chart = result.chart
    assert (result.sheet, result.header_row) == ("OrgData", 1)
    assert result.summary() | {} == {
        "people": 150,
        "levels": 7,
        "front_line": 89,
        "managers": 61,
        "widest_span": 6,
        "widest_span_id": "ID001",
        "roots": 1,
        "not_in_file": 0,
    }
    assert len(result.report) == 0
    assert chart.ids[chart.root] == "ID001"
    assert chart.names[chart.root] == "William d"
    # Names repeat in this file, ids do not: no two people were merged.
    assert len(set(chart.names)) < len(chart.names) == 150
    assert len(set(chart.ids)) == 150
    assert result.mapping.describe(result.headers) == {
        "id": "Employee ID",
        "manager": "Manager ID",
        "name": "Employee Name",
        "title": "Employee Title",
        "location": "Employee Location",
    }
    # Real date cells survive as extra attributes.
    person = chart.person(chart.index_of("ID002"))
    assert person.attributes["Employee Joining Date"] == "2020-06-01"
    assert person.attributes["Employee Region"] == "Western"


def test_northwind_null_root_and_quoted_commas(realdata: Path) -> None:
    result = read_org(realdata / "northwind-neo4j_data_employees.csv")
    chart = result.chart
    assert chart.people_count == 9
    assert len(result.report) == 0
    root = chart.person(chart.root)
    assert (root.id, root.name, root.title) == ("2", "Andrew Fuller", "Vice President, Sales")
    assert chart.level_count == 3
    assert chart.ids[chart.parent[chart.index_of("1")]] == "2"
    assert chart.person(0).attributes["photo"].startswith("0x151C2F")


def test_adventureworks_bom_crlf_null_and_history_rows(realdata: Path) -> None:
    result = read_org(realdata / "AdventureWorksDW_DimEmployee.csv")
    chart = result.chart
    assert chart.people_count == 296
    # The one problem this file has: 23 rows report to a former row (one with an EndDate).
    left = result.report.of_kind(FindingKind.MANAGER_HAS_LEFT)
    assert len(result.report) == len(left) == 23
    assert left[0].cell == "AdventureWorksDW_DimEmployee.csv!B3"
    assert (
        "manager David Bradley (7) of Kevin Brown (2) left on 11/02/2009 "
        '(column "EndDate", line 8)' in left[0].message
    )
    assert result.headers[0] == "EmployeeKey"  # the BOM is not part of the header
    root = chart.person(chart.root)
    assert (root.id, root.name, root.title) == ("112", "Ken Sánchez", "Chief Executive Officer")
    assert chart.level_count == 5
    # First and last name columns are joined; the old and current rows stay separate people.
    sheela = [i for i, name in enumerate(chart.names) if name == "Sheela Word"]
    assert len(sheela) == 3
    # They still hang under that former row: the sheet says so, the report says it has left.
    old_rows = {chart.index_of(key) for key in ("4", "7", "98", "143", "278", "279")}
    assert sum(int(chart.parent[i]) in old_rows for i in range(len(chart))) == 23
    assert chart.departments[chart.index_of("1")] == "Production"


def test_drawio_header_after_comments_and_managers_by_name(realdata: Path) -> None:
    result = read_org(realdata / "drawio_defaultCsvValue_orgchart.csv")
    chart = result.chart
    assert result.header_row == 135
    assert chart.people_count == 4
    assert len(result.report) == 0
    assert chart.ids[chart.root] == "emi"
    assert sorted(chart.ids[i] for i in chart.children(chart.root)) == ["emo", "rdo", "tva"]
    assert chart.person(chart.index_of("rdo")).attributes["refs"] == "emo,tva"


def test_libreoffice_workbook_hierarchy_on_second_sheet_with_cycle(realdata: Path) -> None:
    result = read_org(realdata / "harryrobbins_uploader_file_with_cyclical_errors.xlsx")
    chart = result.chart
    assert result.sheet == "teams"
    assert chart.people_count == 5
    [cycle] = result.report.findings
    assert cycle.kind is FindingKind.CYCLE
    assert "T1 -> T5 -> T2 -> T1" in cycle.message
    assert cycle.cell == "teams!C2"
    assert chart.ids[chart.root] == "T1"
    assert chart.level_count == 3
    assert chart.names[chart.index_of("T5")] == "Team 5"  # trailing space trimmed
    assert sorted(chart.ids[i] for i in chart.children(chart.index_of("T2"))) == ["T3", "T4", "T5"]


def test_every_realdata_file_is_covered(realdata: Path) -> None:
    """A new file in realdata/ must get a test of its own here."""
    known = {
        "N3vdev_Org-Chart_orgchart.xlsx",
        "northwind-neo4j_data_employees.csv",
        "AdventureWorksDW_DimEmployee.csv",
        "drawio_defaultCsvValue_orgchart.csv",
        "harryrobbins_uploader_file_with_cyclical_errors.xlsx",
    }
    assert {p.name for p in realdata.iterdir() if p.suffix != ".md"} == known
