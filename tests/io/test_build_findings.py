"""Each data problem is repaired deterministically and reported at the right cell."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pyramid_app.io import FindingKind, read_org
from pyramid_app.model.org import ROOT_ID, UNASSIGNED_ID

HEADER = ["Employee ID", "Manager ID", "Name", "Title"]


def test_clean_file_has_no_findings(xlsx_file: Callable[..., Path]) -> None:
    path = xlsx_file([HEADER, ["A", "", "Ann", "CEO"], ["B", "A", "Bob", "Chef"]])
    result = read_org(path)
    assert len(result.report) == 0
    assert result.chart.ids == ["A", "B"]
    assert result.chart.parent.tolist() == [-1, 0]


def test_identical_duplicate_rows_are_merged(xlsx_file: Callable[..., Path]) -> None:
    path = xlsx_file(
        [HEADER, ["A", "", "Ann", "CEO"], ["B", "A", "Bob", "Chef"], ["B", "A", "Bob", "Chef"]]
    )
    result = read_org(path)
    assert result.chart.ids == ["A", "B"]
    [finding] = result.report.findings
    assert finding.kind is FindingKind.DUPLICATE_ROW
    assert finding.cell == "Sheet1!A4"
    assert "repeats row 3" in finding.message


def test_different_rows_with_one_id_keep_both_people(xlsx_file: Callable[..., Path]) -> None:
    path = xlsx_file(
        [
            HEADER,
            ["A", "", "Ann", "CEO"],
            ["B", "A", "Bob", "Chef"],
            ["B", "A", "Bea", "Cook"],
            ["C", "B", "Cy", "Porter"],
        ]
    )
    result = read_org(path)
    chart = result.chart
    assert chart.ids == ["A", "B", "B (2)", "C"]
    assert chart.names[2] == "Bea"
    [finding] = result.report.findings
    assert finding.kind is FindingKind.DUPLICATE_ID
    assert finding.cell == "Sheet1!A4"
    assert finding.person_ids == ("B (2)",)
    # References keep meaning the first holder of the id.
    assert chart.ids[chart.parent[3]] == "B"


def test_missing_manager_goes_to_unassigned(xlsx_file: Callable[..., Path]) -> None:
    path = xlsx_file([HEADER, ["A", "", "Ann", "CEO"], ["B", "A-0091", "Bob", "Chef"]])
    result = read_org(path)
    chart = result.chart
    [finding] = result.report.findings
    assert finding.kind is FindingKind.MANAGER_NOT_FOUND
    assert finding.cell == "Sheet1!B3"
    assert '"A-0091"' in finding.message and "Unassigned" in finding.message
    unassigned = chart.index_of(UNASSIGNED_ID)
    assert chart.synthetic[unassigned]
    assert int(chart.parent[chart.index_of("B")]) == unassigned
    # Unassigned sits beside the real root under a synthetic organisation root.
    assert chart.ids[chart.root] == ROOT_ID
    assert chart.people_count == 2
    assert result.summary()["roots"] == 1


def test_cycle_is_listed_whole_and_broken_at_earliest_row(csv_file: Callable[..., Path]) -> None:
    rows = [
        HEADER,
        ["R", "", "Root", ""],
        ["T1", "T5", "", ""],
        ["T2", "T1", "", ""],
        ["T5", "T2", "", ""],
        ["T3", "T2", "", ""],
    ]
    result = read_org(csv_file(rows))
    kinds = [finding.kind for finding in result.report]
    assert kinds[0] is FindingKind.CYCLE
    cycle = result.report.findings[0]
    assert "T1 -> T5 -> T2 -> T1" in cycle.message
    assert cycle.row == 3
    chart = result.chart
    assert chart.parent[chart.index_of("T1")] == chart.index_of(ROOT_ID)
    # After the cut there are two roots (R and T1), so an organisation root joins them.
    assert kinds[1:] == [FindingKind.SEVERAL_ROOTS, FindingKind.SEVERAL_ROOTS]


def test_several_cycles_each_reported(csv_file: Callable[..., Path]) -> None:
    rows = [HEADER, ["A", "B", "", ""], ["B", "A", "", ""], ["C", "D", "", ""], ["D", "C", "", ""]]
    result = read_org(csv_file(rows))
    cycles = result.report.of_kind(FindingKind.CYCLE)
    assert [finding.person_ids for finding in cycles] == [("A", "B"), ("C", "D")]
    assert result.chart.people_count == 4


def test_several_roots_get_an_organisation_root(xlsx_file: Callable[..., Path]) -> None:
    path = xlsx_file([HEADER, ["A", "", "Ann", ""], ["B", "NULL", "Bob", ""], ["C", "A", "Cy", ""]])
    result = read_org(path)
    chart = result.chart
    findings = result.report.of_kind(FindingKind.SEVERAL_ROOTS)
    assert [finding.cell for finding in findings] == ["Sheet1!B2", "Sheet1!B3"]
    assert chart.ids[chart.root] == ROOT_ID
    # Ann heads two people and Bob one: several tops, both on level 0 above a root that is not
    # a person, so the levels are 0 (Ann, Bob) and 1 (Cy).
    assert chart.chief is None
    assert chart.levels.tolist() == [0, 0, 1, -1]
    assert chart.level_count == 2
    assert 'synthetic "Organisation" root that is not a person' in findings[0].message
    assert result.summary()["roots"] == 2


@pytest.mark.parametrize("marker", ["", "NULL", "null", "\\N", "N/A", "XX", "  "])
def test_null_markers_and_self_reference_mean_no_manager(
    csv_file: Callable[..., Path], marker: str
) -> None:
    rows = [HEADER, ["A", marker, "Ann", ""], ["B", "B", "Bob", ""], ["C", "A", "Cy", ""]]
    result = read_org(csv_file(rows))
    assert not result.report.of_kind(FindingKind.MANAGER_NOT_FOUND)
    chart = result.chart
    assert chart.parent[chart.index_of("A")] == chart.parent[chart.index_of("B")]


def test_ids_are_text_as_seen_but_whole_floats_lose_point_zero(
    xlsx_file: Callable[..., Path],
) -> None:
    path = xlsx_file(
        [
            HEADER,
            [1001.0, "", "Ann", ""],
            ["00000001", 1001, "Bob", ""],
            [1, " 1001 ", "Cy", ""],
            [2.5, "00000001", "Di", ""],
        ]
    )
    result = read_org(path)
    chart = result.chart
    assert chart.ids == ["1001", "00000001", "1", "2.5"]
    assert len(result.report) == 0
    assert [chart.ids[p] for p in chart.parent[1:]] == ["1001", "1001", "00000001"]


def test_manager_by_name_in_either_order_and_by_email(csv_file: Callable[..., Path]) -> None:
    rows = [
        ["id", "manager", "first name", "last name", "email"],
        ["1", "", "Ann", "Lee", "ann.lee@example.com"],
        ["2", "Lee,  Ann", "Bob", "Ray", "bob@example.com"],
        ["3", "BOB@example.com", "Cy", "Wu", ""],
        ["4", "cy   wu", "Di", "Fox", ""],
    ]
    result = read_org(csv_file(rows))
    chart = result.chart
    assert len(result.report) == 0
    assert chart.parent.tolist() == [-1, 0, 1, 2]
    assert chart.names[0] == "Ann Lee"


def test_ambiguous_manager_name_lists_candidates(csv_file: Callable[..., Path]) -> None:
    rows = [
        ["id", "manager", "name"],
        ["1", "", "Ann Lee"],
        ["2", "1", "Sam Poe"],
        ["3", "1", "Sam Poe"],
        ["4", "Sam Poe", "Di Fox"],
    ]
    result = read_org(csv_file(rows))
    [finding] = result.report.findings
    assert finding.kind is FindingKind.AMBIGUOUS_MANAGER
    assert finding.cell == "org.csv!B5"
    assert "Sam Poe (2, line 3)" in finding.message and "Sam Poe (3, line 4)" in finding.message
    assert "of Di Fox (4) matches 2 people" in finding.message
    chart = result.chart
    assert chart.ids[chart.parent[chart.index_of("4")]] == UNASSIGNED_ID


def test_ids_take_precedence_over_names(csv_file: Callable[..., Path]) -> None:
    # "2" is both an id and (for person 3) a name: the id wins.
    rows = [["id", "manager", "name"], ["1", "", "Ann"], ["2", "1", "Bob"], ["3", "2", "2"]]
    chart = read_org(csv_file(rows)).chart
    assert chart.parent.tolist() == [-1, 0, 1]


def test_blank_rows_ignored_and_row_without_id_kept(xlsx_file: Callable[..., Path]) -> None:
    path = xlsx_file(
        [
            HEADER,
            ["A", "", "Ann", ""],
            [None, None, None, None],
            ["", "A", "Nameless", "Porter"],
            ["B", "A", "Bob", ""],
        ]
    )
    result = read_org(path)
    chart = result.chart
    assert chart.ids == ["A", "(row 4)", "B"]
    [finding] = result.report.findings
    assert finding.kind is FindingKind.MISSING_ID
    assert finding.cell == "Sheet1!A4"


def test_no_manager_column_imports_flat_with_a_finding(csv_file: Callable[..., Path]) -> None:
    result = read_org(csv_file([["Employee ID", "Name"], ["1", "Ann"], ["2", "Bob"]]))
    assert [f.kind for f in result.report] == [FindingKind.NO_MANAGER_COLUMN]
    assert result.chart.level_count == 1  # everyone on level 0 above a root that is no person


def test_extra_columns_are_kept_as_attributes(xlsx_file: Callable[..., Path]) -> None:
    path = xlsx_file([[*HEADER, "Cost Centre", ""], ["A", "", "Ann", "CEO", 4410.0, "x"]])
    person = read_org(path).chart.person(0)
    assert person.attributes == {"Cost Centre": "4410", "column F": "x"}


def test_a_manager_with_an_end_date_is_flagged_not_moved(xlsx_file: Callable[..., Path]) -> None:
    path = xlsx_file(
        [
            [*HEADER, "End Date"],
            ["A", "", "Ann", "CEO", None],
            ["B", "A", "Bob", "Chef", "2024-03-31"],
            ["C", "B", "Cy", "Cook", ""],
            ["D", "A", "Di", "Porter", "NULL"],
        ]
    )
    result = read_org(path)
    [finding] = result.report.findings
    assert finding.kind is FindingKind.MANAGER_HAS_LEFT
    assert finding.cell == "Sheet1!B4"
    assert finding.person_ids == ("C", "B")
    assert 'left on 2024-03-31 (column "End Date", row 3)' in finding.message
    assert result.chart.ids[result.chart.parent[2]] == "B"
