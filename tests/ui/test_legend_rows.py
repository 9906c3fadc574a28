"""The legend writes out a readable number of rows: a colour per level of a very deep chain
is summed past the first rows (laying out 20,000 rows of rich text took 12 seconds)."""

from __future__ import annotations

import time

import numpy as np

from pyramid_app.io import read_org
from pyramid_app.io.demo import demo_workbook_path
from pyramid_app.model.colouring import ColourBy, colour_nodes
from pyramid_app.model.org import OrgChart
from pyramid_app.ui.legend import MAX_ROWS, Legend
from pyramid_app.ui.main_window import MainWindow


def test_a_colour_per_level_of_a_deep_chain_is_summed(qtbot) -> None:  # type: ignore[no-untyped-def]
    levels = 20_000
    chain = OrgChart.from_parents([f"P{i}" for i in range(levels)], np.arange(-1, levels - 1))
    legend = Legend()
    qtbot.addWidget(legend)
    colouring = colour_nodes(chain, ColourBy.LEVEL)
    assert len(colouring.legend) == levels
    started = time.process_time()  # CPU time: a busy machine does not make it grow
    legend.show_colouring(colouring, ColourBy.LEVEL)
    assert time.process_time() - started < 1.0  # about 0.04 s; 12 s before
    assert len(legend.entries) == MAX_ROWS
    label, _colour, count = legend.entries[-1]
    assert label == f"{levels - MAX_ROWS + 1:,} more"
    assert sum(row[2] for row in legend.entries) == levels == count + MAX_ROWS - 1
    assert "19,941 more" in legend.label.text()


def test_the_span_legend_calls_people_without_reports_the_front_line(window: MainWindow) -> None:
    window.show_result(read_org(demo_workbook_path()))
    window.set_colour_by(ColourBy.SPAN)
    counts = {label: count for label, _colour, count in window.legend.entries}
    assert counts["front line (no reports)"] == 294
    assert "front line 294" in window.status.text()
