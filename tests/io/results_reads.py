"""A results sheet read both ways, column at a time and row by row, for tests comparing them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pyramid_app.io.spreadsheet.readers import Table
from pyramid_app.io.spreadsheet.results_import import (
    ResultsMapping,
    ResultsRead,
    preview_results,
    read_table_results,
)
from pyramid_app.model.project import Project
from pyramid_app.model.units import Unit, UnitKind

HEADER = ["Month", "Hotel", "KPI", "Score"]
LISBON = Unit(UnitKind.LOCATION, "Lisbon")


def read_both_ways(project: Project, rows: list[list[Any]]) -> tuple[ResultsRead, ResultsRead]:
    """The rows read as they are, and with a short blank row after them, which sends the whole
    sheet down the careful row-by-row path (a blank row adds nothing)."""
    found = []
    for extra in ([], [[""]]):
        read = ResultsRead(
            path=Path("results.xlsx"),
            sheet="Results",
            header_row=1,
            headers=HEADER,
            mapping=ResultsMapping(period=0, unit=1, measure=2, value=3),
            results=[],
        )
        read_table_results(project, Table("Results", [HEADER, *rows, *extra]), 0, read)
        found.append(read)
    return found[0], found[1]


def assert_read_alike(project: Project, first: ResultsRead, second: ResultsRead) -> None:
    """The same results and rows, problems and notes, and the same update of ``project``."""
    assert first.results == second.results
    assert first.result_rows == second.result_rows
    assert first.problems == second.problems
    assert first.notes == second.notes
    assert preview_results(project, first).update == preview_results(project, second).update
