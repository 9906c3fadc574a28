"""Loose rows never re-root the organisation: levels count from the real chief executive.

A few rows whose manager is missing (not in the file, or no manager at all beside a chief
executive heading far more people) are kept apart as *not connected*; only where the file truly
has several tops does a synthetic root stand below them, and then the real tops are level 0.
Tried on generated HR files and on the real exports beside the project, with rows taken out.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from pyramid_app.io import FindingKind, read_org
from pyramid_app.model.coverage import CoverageTracker
from pyramid_app.model.layout import Arrangement, LayoutOptions, layout_inverted
from pyramid_app.model.org import ROOT_ID, UNASSIGNED_ID
from pyramid_app.model.plan import Plan

TODAY = dt.date(2026, 12, 6)
HEADER = ["Employee ID", "Manager ID", "Name", "Title"]


def hr_rows(people: int, seed: int = 7) -> list[list[str]]:
    """A believable HR export: E0001 heads everyone, teams of 3-9 below them."""
    rng = random.Random(seed)
    rows = [HEADER, ["E0001", "", "Chief Exec", "Chief Executive Officer"]]
    managers = ["E0001"]
    for number in range(2, people + 1):
        boss = managers[min(len(managers) - 1, int(rng.random() ** 0.5 * len(managers)))]
        rows.append([f"E{number:04d}", boss, f"Person {number}", "Associate"])
        if rng.random() < 0.2:
            managers.append(f"E{number:04d}")
    return rows


def with_orphan(rows: list[list[str]], row: int, manager: str) -> list[list[str]]:
    changed = [list(r) for r in rows]
    changed[row][1] = manager
    return changed


def test_one_orphan_keeps_the_chief_executive_on_level_0(
    xlsx_file: Callable[..., Path],
) -> None:
    rows = hr_rows(5_000)
    clean = read_org(xlsx_file(rows, name="clean.xlsx")).chart
    # A front-line person past row 4,000 names a manager who is not in the file.
    managers = {row[1] for row in rows}
    orphan_row = next(i for i in range(4_001, len(rows)) if rows[i][0] not in managers)
    messy_rows = with_orphan(rows, orphan_row, "E9999")
    orphan_id = messy_rows[orphan_row][0]
    result = read_org(xlsx_file(messy_rows, name="messy.xlsx"))
    chart = result.chart
    chief = chart.index_of("E0001")
    orphan = chart.index_of(orphan_id)
    assert chart.chief == chief
    assert chart.levels[chief] == 0
    assert chart.level_count == clean.level_count
    # Everyone else keeps the level the clean file gives them.
    others = [i for i in range(len(clean)) if clean.ids[i] != orphan_id]
    assert [int(chart.levels[chart.index_of(clean.ids[i])]) for i in others] == [
        int(clean.levels[i]) for i in others
    ]
    assert chart.not_connected.nonzero()[0].tolist() == [orphan]
    assert chart.levels[orphan] == -1
    [finding] = result.report.of_kind(FindingKind.MANAGER_NOT_FOUND)
    assert finding.cell == f"Sheet1!B{orphan_row + 1}"
    assert "not connected to the chief executive" in finding.message

    # No plan at all: nobody is served, and the orphan is neither served nor a gap.
    coverage = CoverageTracker(chart, Plan(), TODAY).coverage()
    assert not coverage.served[orphan]
    assert coverage.not_connected[orphan]
    assert coverage.served_share() == (0, int(clean.front_line().shape[0]) - 1)
    assert coverage.not_connected_total == 1
    assert [(b.top_id, b.front_line) for b in coverage.breaks()] == [(UNASSIGNED_ID, 1)]
    assert coverage.level_table()[0].level == 0
    assert coverage.summary()["levels"][0]["level"] == 0

    # Drawn: the chief at the bottom tier, named so; the orphan beside the pyramid.
    for arrangement in Arrangement:
        layout = layout_inverted(chart, LayoutOptions(arrangement=arrangement))
        assert layout.bands[0].label == "Chief executive"
        assert layout.bands[0].headcount == 1
        assert sum(band.headcount for band in layout.bands) == chart.people_count - 1
        assert layout.apart is not None and layout.apart.people == 1
        assert layout.x[orphan] > layout.half_width  # right of every tier of the pyramid
        assert not layout.visible[chart.root]  # the synthetic root is not drawn


def test_co_chief_executives_stand_on_level_0_above_a_root_that_is_not_a_person(
    xlsx_file: Callable[..., Path],
) -> None:
    rows = [HEADER, ["A", "", "Ann", "Co-CEO"], ["B", "", "Bea", "Co-CEO"]]
    rows += [[f"A{i}", "A", f"Ann's {i}", ""] for i in range(30)]
    rows += [[f"B{i}", "B", f"Bea's {i}", ""] for i in range(20)]
    result = read_org(xlsx_file(rows))
    chart = result.chart
    assert chart.ids[chart.root] == ROOT_ID
    assert chart.chief is None  # 21 people is more than a tenth of 31: two tops
    assert chart.levels[chart.index_of("A")] == chart.levels[chart.index_of("B")] == 0
    assert not chart.not_connected.any()
    findings = result.report.of_kind(FindingKind.SEVERAL_ROOTS)
    assert len(findings) == 2
    assert all("not a person" in finding.message for finding in findings)
    layout = layout_inverted(chart)
    assert (layout.bands[0].label, layout.bands[0].headcount) == ("Organisation", 0)
    assert layout.bands[0].detail.startswith("not a person")
    assert [band.label for band in layout.bands[1:]] == ["Level 0", "Level 1"]
    assert layout.apart is None
    coverage = CoverageTracker(chart, Plan(), TODAY).coverage()
    assert [row.level for row in coverage.level_table()] == [0]
    assert coverage.served_share().total == 50


def test_a_small_loose_team_is_not_connected_and_its_head_is_named(
    csv_file: Callable[..., Path],
) -> None:
    rows = [HEADER, ["A", "", "Ann", "CEO"]]
    rows += [[f"A{i}", "A", f"Ann's {i}", ""] for i in range(40)]
    rows += [["Z", "", "Zed", "Lead"], ["Z1", "Z", "Zoe", ""], ["Z2", "Z", "Zia", ""]]
    result = read_org(csv_file(rows))
    chart = result.chart
    assert chart.chief == chart.index_of("A")  # 41 people against 3
    loose = sorted(chart.ids[i] for i in np.flatnonzero(chart.not_connected))
    assert loose == ["Z", "Z1", "Z2"]
    [finding] = result.report.of_kind(FindingKind.SEVERAL_ROOTS)
    assert finding.person_ids == ("Z",)
    assert "chief executive is Ann (A)" in finding.message
    coverage = CoverageTracker(chart, Plan(), TODAY).coverage()
    assert coverage.not_connected_total == 2
    assert coverage.unserved_reason(chart.index_of("Z1")) == (
        "not connected to the chief executive: Zed (Z), at the top of their chain, has no "
        "manager in the file"
    )


REAL_FILES = [
    ("N3vdev_Org-Chart_orgchart.xlsx", "ID001"),
    ("AdventureWorksDW_DimEmployee.csv", "112"),
    ("northwind-neo4j_data_employees.csv", "2"),
]


@pytest.mark.parametrize(("name", "chief_id"), REAL_FILES)
def test_real_exports_keep_their_chief_on_level_0_with_a_manager_row_removed(
    realdata: Path, tmp_path: Path, name: str, chief_id: str
) -> None:
    path = realdata / name
    clean = read_org(path)
    chart = clean.chart
    assert chart.ids[chart.chief if chart.chief is not None else -1] == chief_id
    assert chart.levels[chart.index_of(chief_id)] == 0
    assert not chart.not_connected.any()
    # Take out the row of a manager on level 1 with the smallest team: their reports hang loose.
    level_1 = [int(i) for i in np.flatnonzero((chart.levels == 1) & (chart.span_of_control > 0))]
    gone = min(level_1, key=lambda i: (int(chart.subtree_size[i]), chart.ids[i]))
    team = int(chart.subtree_size[gone]) - 1
    messy = _without_row(path, tmp_path, clean.mapping.id or 0, chart.ids[gone])
    result = read_org(messy)
    after = result.chart
    assert after.chief == after.index_of(chief_id)
    assert after.levels[after.index_of(chief_id)] == 0
    assert int(after.not_connected.sum()) == team
    # The people still connected keep their level.
    kept = [i for i in range(len(after)) if after.connected[i]]
    assert [int(after.levels[i]) for i in kept] == [
        int(chart.levels[chart.index_of(after.ids[i])]) for i in kept
    ]


def _without_row(path: Path, folder: Path, id_column: int, person_id: str) -> Path:
    """A copy of the real file without the row of ``person_id``, written as its own kind."""
    out = folder / path.name
    if path.suffix == ".csv":
        text = path.read_text(encoding="utf-8-sig")
        lines = text.splitlines(keepends=True)
        kept = [line for line in lines if _csv_id(line, id_column) != person_id]
        assert len(kept) == len(lines) - 1
        out.write_text("".join(kept), encoding="utf-8")
        return out
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in range(sheet.max_row, 0, -1):
            if str(sheet.cell(row, id_column + 1).value) == person_id:
                sheet.delete_rows(row)
    book.save(out)
    return out


def _csv_id(line: str, column: int) -> str:
    cells = next(csv.reader([line]), [])
    return cells[column].strip() if len(cells) > column else ""
