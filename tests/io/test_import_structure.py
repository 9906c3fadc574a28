"""Structure from messy HR exports: the manager column chosen by what resolves, names matched
across their usual forms, managers who are not in the file kept under placeholders, and a
report that names people."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pyramid_app.cli import main
from pyramid_app.io import FindingKind, read_org
from pyramid_app.io.spreadsheet.mapping import ColumnMapping
from pyramid_app.io.spreadsheet.mapping_memory import MappingMemory
from pyramid_app.model.org import PLACEHOLDER_PREFIX, UNASSIGNED_ID


def test_the_manager_column_whose_cells_resolve_wins_and_the_report_says_why(
    csv_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [["EmployeeID", "Name", "ManagerID", "ManagerName"], ["1", "Ann Lee", "", ""]]
    rows += [[str(i), f"Person {i}", f"M{i % 3}", "Ann Lee"] for i in range(2, 12)]
    path = csv_file(rows)
    result = read_org(path)
    assert result.mapping.describe(result.headers)["manager"] == "ManagerName"
    assert result.chart.level_count == 2 and result.chart.people_count == 11
    assert result.report.notes == [
        'Manager column "ManagerName" chosen: its cells name people in the file most often '
        "(ManagerName: 10 of 11 resolve; ManagerID: 0 of 11 resolve)."
    ]
    assert main(["validate", str(path)]) == 0
    assert "ManagerName: 10 of 11 resolve; ManagerID: 0 of 11" in capsys.readouterr().out
    # The user's word still decides.
    forced = read_org(path, overrides={"manager": "ManagerID"})
    assert forced.mapping.describe(forced.headers)["manager"] == "ManagerID"
    assert forced.report.notes == []


@pytest.mark.parametrize(
    "reference",
    [
        "Sánchez, Ken J",
        "Sanchez,Ken J.",
        "  sanchez ,  ken  ",
        "Ken J. Sanchez",
        "KEN SÁNCHEZ",
        "Ken Sanchez",
    ],
)
def test_names_that_differ_only_in_form_match(
    csv_file: Callable[..., Path], reference: str
) -> None:
    rows = [["id", "manager", "name"], ["1", "", "Ken J Sánchez"], ["2", reference, "Bob"]]
    result = read_org(csv_file(rows))
    assert len(result.report) == 0
    assert result.chart.parent.tolist() == [-1, 0]


def test_a_loose_match_that_is_ambiguous_is_reported_not_guessed(
    csv_file: Callable[..., Path],
) -> None:
    rows = [
        ["id", "manager", "name"],
        ["1", "", "Ken A Sanchez"],
        ["2", "1", "Ken B Sanchez"],
        ["3", "Ken Sanchez", "Bob"],
    ]
    result = read_org(csv_file(rows))
    [finding] = result.report.findings
    assert finding.kind is FindingKind.AMBIGUOUS_MANAGER
    assert "matches 2 people: Ken A Sanchez (1, line 2), Ken B Sanchez (2, line 3)" in (
        finding.message
    )


def test_managers_not_in_the_file_keep_their_teams_together(
    csv_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        ["id", "manager", "name"],
        ["1", "Board of Directors", "Ann"],
        ["2", "Board of Directors", "Bob"],
        ["3", "Gone Manager", "Cy"],
        ["4", "gone  manager", "Di"],
        ["5", "1", "Ed"],
        ["6", "Somebody Else", "Flo"],
    ]
    path = csv_file(rows)
    result = read_org(path)
    chart = result.chart
    board = chart.index_of(f"{PLACEHOLDER_PREFIX}Board of Directors)")
    gone = chart.index_of(f"{PLACEHOLDER_PREFIX}Gone Manager)")
    assert (chart.names[board], chart.titles[board]) == ("Board of Directors", "not in the file")
    assert chart.synthetic[board] and chart.placeholders[board]
    assert [chart.ids[i] for i in chart.children(board)] == ["1", "2"]
    assert [chart.ids[i] for i in chart.children(gone)] == ["3", "4"]
    # A single unresolved row still goes under Unassigned; that group is no placeholder.
    unassigned = chart.index_of(UNASSIGNED_ID)
    assert [chart.ids[i] for i in chart.children(unassigned)] == ["6"]
    assert not chart.placeholders[unassigned]
    assert chart.people_count == 6
    assert result.summary()["not_in_file"] == 2
    placeholders = result.report.of_kind(FindingKind.MANAGER_NOT_IN_FILE)
    assert [f.cell for f in placeholders] == ["org.csv!B2", "org.csv!B4"]
    assert "the 2 people naming them (Ann (1), Bob (2)) are kept together" in (
        placeholders[0].message
    )
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "not in the file 2" in out
    assert "managers not in the file (kept as placeholders) (2)" in out


def test_a_note_is_not_called_a_repair(
    xlsx_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = xlsx_file(
        [
            ["Employee ID", "Manager ID", "Name", "End Date"],
            ["A", "", "Ann", None],
            ["B", "A", "Bob", "2024-03-31"],
            ["C", "B", "Cy", None],
        ]
    )
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "1 note, nothing repaired:" in out
    assert "Sheet1!B4: manager Bob (B) of Cy (C) left on 2024-03-31" in out
    project = path.with_suffix(".pyramid")
    assert main(["project", "new", str(path), "-o", str(project)]) == 0
    out = capsys.readouterr().out
    assert "1 finding noted on import" in out and "repaired" not in out


def test_mapping_memory_survives_a_damaged_file(tmp_path: Path) -> None:
    memory = MappingMemory(tmp_path)
    headers = ["Code", "Boss"]
    assert memory.recall(headers) is None
    memory.remember(headers, ColumnMapping(id=0, manager=1), header_row=3)
    assert MappingMemory(tmp_path).recall(["code ", "BOSS"]) == (
        ColumnMapping(id=0, manager=1),
        3,
    )
    assert MappingMemory(tmp_path).recall(["Code"]) is None  # another layout
    memory.path.write_text("{not json", encoding="utf-8")
    assert MappingMemory(tmp_path).recall(headers) is None
    memory.remember(headers, ColumnMapping(id=1), header_row=None)
    assert MappingMemory(tmp_path).recall(headers) == (ColumnMapping(id=1), None)


def test_realdata_names_people_in_findings(realdata: Path) -> None:
    result = read_org(realdata / "harryrobbins_uploader_file_with_cyclical_errors.xlsx")
    [cycle] = result.report.findings
    assert "removing the link Team 1 (T1) -> Team 5 (T5)" in cycle.message
