"""The command line on an HR file with loose rows: levels from the chief executive, the loose
front line counted apart in `coverage`, in text and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from pyramid_app.cli import main
from spreadsheets import ORPHAN_ORG

ROWS = ORPHAN_ORG


@pytest.fixture
def project(csv_file: Callable[..., Path], tmp_path: Path) -> Path:
    path = tmp_path / "messy.pyramid"
    assert main(["project", "new", str(csv_file(ROWS)), "-o", str(path)]) == 0
    return path


def test_coverage_counts_the_orphan_apart_and_levels_from_the_chief(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["plan", "add", str(project), "--manager", "1", "--text", "Weekly huddle"]) == 0
    assert main(["plan", "add", str(project), "--manager", "2", "--text", "Daily check-in"]) == 0
    capsys.readouterr()
    assert main(["coverage", str(project), "--json", "--today", "2026-12-06"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [row["level"] for row in document["levels"]] == [0, 1]
    assert document["levels"][0]["managers"] == 1
    # Di and Ed served (Ann and Bob commit); Flo and Gil not (Cy has none); Hal apart.
    assert document["served"] == {"served": 2, "total": 4, "share": 0.5}
    assert document["front_line"] == 4
    assert document["not_connected"] == {
        "front_line": 1,
        "breaks": [
            {
                "top_id": "(unassigned)",
                "top_name": "Unassigned",
                "top_is_person": False,
                "front_line": 1,
                "reason": "the manager named on their row was not found in the file",
            }
        ],
    }
    assert [(gap["manager_id"], gap["level"]) for gap in document["gaps"]] == [("3", 1)]

    assert main(["coverage", str(project), "--today", "2026-12-06"]) == 0
    out = capsys.readouterr().out
    assert "  front line served (every manager below them committed): 2 of 4 (50%)" in out
    assert (
        "  not connected to the chief executive (counted apart, never served): 1 front-line person"
    ) in out
    assert (
        '    under "Unassigned" (not a person): 1 · the manager named on their row was not found '
        "in the file"
    ) in out


def test_validate_reports_the_orphan_as_not_connected(
    csv_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    main(["validate", str(csv_file(ROWS)), "--json"])
    document = json.loads(capsys.readouterr().out)
    assert document["summary"]["levels"] == 3
    [finding] = document["findings"]
    assert finding["kind"] == "manager-not-found"
    assert "not connected to the chief executive" in finding["message"]


def test_the_excel_summary_counts_the_orphan_apart(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "plan.xlsx"
    assert main(["export", str(project), "-o", str(output), "--no-picture"]) == 0
    capsys.readouterr()
    sheet = openpyxl.load_workbook(output)["Summary"]
    pairs = {
        row[0]: row[1]
        for row in sheet.iter_rows(min_col=1, max_col=2, values_only=True)
        if isinstance(row[0], str)
    }
    assert pairs["Front line (people without reports)"] == 4
    assert pairs["Front line not connected to the chief executive"] == 1
    assert pairs["Level 0"] == 1  # coverage by level starts at the chief executive
    notes = [value for value in pairs if value.startswith("Not counted above: 1 front-line")]
    assert notes, pairs
    organisation = openpyxl.load_workbook(output)["Organisation"]
    headers = [cell.value for cell in organisation[1]]
    level = headers.index("Level")
    levels = {row[0]: row[level] for row in organisation.iter_rows(min_row=2, values_only=True)}
    assert levels["1"] == 0 and levels["8"] is None  # the orphan is on no level
