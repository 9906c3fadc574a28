"""``read_results(..., mapping=...)``: the columns the planner chose in the window are read as
given, in place of the proposal; a column past the header is refused with a message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from progress_samples import Clock, hotel_project

from pyramid_app.io.spreadsheet.errors import UnreadableFileError
from pyramid_app.io.spreadsheet.results_import import ResultsMapping, read_results
from pyramid_app.model.project import Project
from pyramid_app.model.results import Period
from pyramid_app.model.units import WHOLE_ORGANISATION, Unit, UnitKind

LISBON = Unit(UnitKind.LOCATION, "Lisbon")
ROWS = [
    ["Month", "Hotel", "Guest satisfaction", "Comments"],
    ["2025-03", "Lisbon", 8.4, "quiet"],
]


@pytest.fixture
def project() -> Project:
    made, _recorder = hotel_project(Clock())
    made.journal = None
    return made


def test_a_chosen_mapping_is_read_instead_of_the_proposal(
    project: Project, xlsx_file: Callable[..., Path]
) -> None:
    path = xlsx_file(ROWS, name="results.xlsx")
    proposed = read_results(path, project)
    assert proposed.mapping.measures == (2, 3)
    assert [p.message for p in proposed.problems] == ["Comments: the value 'quiet' is not a number"]
    chosen = read_results(path, project, mapping=ResultsMapping(0, 1, None, None, (2,)))
    assert chosen.mapping == ResultsMapping(0, 1, None, None, (2,))
    assert chosen.problems == []
    assert [(r.unit, r.measure, r.period, r.value) for r in chosen.results] == [
        (LISBON, "Guest satisfaction", Period.month(2025, 3), 8.4)
    ]
    # Without the unit column every row is the whole organisation's.
    whole = read_results(path, project, mapping=ResultsMapping(0, None, None, None, (2,)))
    assert [r.unit for r in whole.results] == [WHOLE_ORGANISATION]


def test_a_chosen_column_past_the_header_is_refused(
    project: Project, xlsx_file: Callable[..., Path]
) -> None:
    path = xlsx_file(ROWS, name="results.xlsx")
    with pytest.raises(
        UnreadableFileError,
        match=r"column H, chosen for the measures, is past the header's last column \(D\)",
    ):
        read_results(path, project, mapping=ResultsMapping(0, 1, None, None, (7,)))
