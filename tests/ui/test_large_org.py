"""An organisation of Excel's full height opens: layout and first paint, without error."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pyramid_app.io import ColumnMapping, ImportReport, ImportResult
from pyramid_app.model.org import OrgChart
from pyramid_app.ui.main_window import MainWindow

PEOPLE = 1_048_575  # one header row plus everyone fills all 1,048,576 rows of a sheet


def test_a_million_people_lay_out_and_paint(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    spans = np.random.default_rng(3).integers(3, 13, size=PEOPLE)
    parent = np.concatenate([[-1], np.repeat(np.arange(PEOPLE), spans)[: PEOPLE - 1]])
    ids = [f"E{i:07d}" for i in range(PEOPLE)]
    chart = OrgChart.from_parents(
        ids, parent, departments=[("A", "B", "C")[i % 3] for i in range(PEOPLE)]
    )
    result = ImportResult(
        chart=chart,
        report=ImportReport(),
        path=Path("million.xlsx"),
        sheet="People",
        header_row=1,
        headers=[],
        mapping=ColumnMapping(id=0),
    )
    with qtbot.waitSignal(window.chart_shown, timeout=60_000):
        window.show_result(result)
    image = window.view.grab()
    assert window.view.people.last_mode == "dots"
    assert image.width() > 0
    assert f"people {PEOPLE:,}" in window.status.text()
    # Finding someone deep in the tree and zooming in turns marks into readable cards.
    window.reveal(PEOPLE - 1)
    window.view.grab()
    assert window.view.people.last_mode == "cards"
