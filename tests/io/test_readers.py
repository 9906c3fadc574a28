"""Reading files: encodings, delimiters, comment lines, header position, sheet choice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pyramid_app.io import UnreadableFileError, read_org

ROWS = [["Employee ID", "Manager ID", "Name"], ["1", "", "Zoë Ångström"], ["2", "1", "Bob"]]


@pytest.mark.parametrize(
    ("encoding", "newline", "delimiter"),
    [
        ("utf-8", "\n", ","),
        ("utf-8-sig", "\r\n", ","),
        ("cp1252", "\r\n", ";"),
        ("utf-8", "\r\n", "\t"),
        ("utf-8-sig", "\n", "|"),
        ("utf-16", "\r\n", "\t"),  # Excel's "Unicode text"
    ],
)
def test_csv_encodings_newlines_and_delimiters(
    csv_file: Callable[..., Path], encoding: str, newline: str, delimiter: str
) -> None:
    path = csv_file(ROWS, encoding=encoding, newline=newline, delimiter=delimiter)
    result = read_org(path)
    assert result.headers == ROWS[0]
    assert result.chart.names == ["Zoë Ångström", "Bob"]
    assert result.chart.parent.tolist() == [-1, 0]


def test_csv_leading_comment_lines_are_skipped_and_lines_counted(
    csv_file: Callable[..., Path],
) -> None:
    rows = [*ROWS, ["3", "missing", "Cy"]]
    path = csv_file(rows, preamble="# exported by HR\n# layout: auto\n#\n")
    result = read_org(path)
    assert result.header_row == 4
    [finding] = result.report.findings
    assert finding.row == 7


def test_csv_multiline_quoted_cell_keeps_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text('id,manager,notes\n1,,"two\nlines"\n2,nobody,x\n', encoding="utf-8")
    [finding] = read_org(path).report.findings
    assert finding.row == 4


def test_header_found_below_a_title_block(xlsx_file: Callable[..., Path]) -> None:
    path = xlsx_file(
        [
            ["Acme Ltd staff list"],
            ["Exported 2026-11-01"],
            [],
            ["Name", "Employee ID", "Reports To"],
            ["Ann", "A", ""],
            ["Bob", "B", "A"],
        ]
    )
    result = read_org(path)
    assert result.header_row == 4
    assert result.chart.ids == ["A", "B"]
    assert result.mapping.describe(result.headers)["manager"] == "Reports To"


def test_data_starting_away_from_a1_keeps_excel_coordinates(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["C3"], sheet["D3"] = "ID", "Manager"
    sheet["C4"], sheet["D4"] = "A", ""
    sheet["C5"], sheet["D5"] = "B", "ghost"
    workbook.save(tmp_path / "offset.xlsx")
    result = read_org(tmp_path / "offset.xlsx")
    assert result.header_row == 3
    assert result.report.findings[0].cell == "Sheet!D5"


def test_org_sheet_chosen_among_several_and_sheet_option(xlsx_file: Callable[..., Path]) -> None:
    path = xlsx_file(
        sheets={
            "Notes": [["About this file"], ["Made by HR"]],
            "Customers": [["Segment", "Description"], ["Guests", "people who stay"]],
            "Staff": [["Employee ID", "Manager ID"], ["A", ""], ["B", "A"]],
            "Old staff": [["Employee ID", "Manager ID"], ["X", ""]],
        }
    )
    assert read_org(path).sheet == "Staff"
    assert read_org(path, sheet="old staff").sheet == "Old staff"
    with pytest.raises(UnreadableFileError, match=r'no sheet named "Nope".*"Staff"'):
        read_org(path, sheet="Nope")


def test_explicit_columns_override_the_proposal(csv_file: Callable[..., Path]) -> None:
    rows = [["code", "boss", "person", "title"], ["a", "", "Ann", "CEO"], ["b", "a", "Bob", "x"]]
    result = read_org(csv_file(rows), overrides={"id": "Code", "manager": "B", "name": "person"})
    assert result.mapping.describe(result.headers) == {
        "id": "code",
        "manager": "boss",
        "name": "person",
        "title": "title",
    }
    assert result.chart.parent.tolist() == [-1, 0]
    with pytest.raises(UnreadableFileError, match=r'no column "Badge".*"code", "boss"'):
        read_org(csv_file(rows, name="again.csv"), overrides={"id": "Badge"})


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_xlsx_and_xlsm_read_alike(tmp_path: Path, suffix: str) -> None:
    from spreadsheets import write_xlsx

    path = write_xlsx(tmp_path / f"org{suffix}", {"People": ROWS})
    assert read_org(path).chart.names == ["Zoë Ångström", "Bob"]


def test_customer_segments_come_from_a_customers_sheet(xlsx_file: Callable[..., Path]) -> None:
    path = xlsx_file(
        sheets={
            "Staff": [["Employee ID", "Manager ID"], ["A", ""]],
            "Customers": [
                ["Segment", "Description"],
                ["Guests", "stay"],
                [None, None],
                ["Companies", "book"],
            ],
        }
    )
    assert read_org(path).customer_segments == ["Guests", "Companies"]
    assert read_org(path, sheet="Staff").customer_segments == ["Guests", "Companies"]


def test_preview_shows_what_the_import_would_use(xlsx_file: Callable[..., Path]) -> None:
    from pyramid_app.io import preview_org

    rows = [["Title block"], ["Employee ID", "Reports To", "Name"]]
    rows += [[f"E{i}", "E0" if i else "", f"Person {i}"] for i in range(40)]
    path = xlsx_file(sheets={"Notes": [["hello"]], "Staff": rows})
    preview = preview_org(path, rows=5)
    assert (preview.sheet, preview.header_row) == ("Staff", 2)
    assert preview.sheet_names == ["Notes", "Staff"]
    assert preview.headers == ["Employee ID", "Reports To", "Name"]
    assert preview.rows[1] == ["E1", "E0", "Person 1"]
    assert len(preview.rows) == 5
    assert (preview.mapping.id, preview.mapping.manager, preview.mapping.name) == (0, 1, 2)
    # The mapping a user confirms is what the import then uses.
    result = read_org(path, mapping=preview.mapping)
    assert result.chart.people_count == 40


def test_a_mapping_beyond_the_header_is_refused(csv_file: Callable[..., Path]) -> None:
    from pyramid_app.io import ColumnMapping

    path = csv_file([["id", "manager"], ["1", ""]])
    with pytest.raises(UnreadableFileError, match="names a column the header row does not have"):
        read_org(path, mapping=ColumnMapping(id=0, manager=5))


def test_progress_hears_each_phase(csv_file: Callable[..., Path]) -> None:
    phases: list[str] = []
    read_org(csv_file([["id", "manager"], ["1", ""], ["2", "1"]]), progress=phases.append)
    assert phases == ["Reading org.csv...", "Checking 2 rows of org.csv..."]
