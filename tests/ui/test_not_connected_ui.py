"""An HR file with an orphan row, opened in the window as a user opens it: the chief executive
stays "Chief executive" at the bottom, the orphan is drawn apart with its count, and every figure
(status bar, legend, dashboard, Details) counts them as not connected, never as served."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QImage
from test_coverage_ui import colour_by_coverage, legend, show_dashboard

from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.pyramid.band_items import apart_rect
from spreadsheets import ORPHAN_ORG

ROWS = [*ORPHAN_ORG[:8], [*ORPHAN_ORG[8][:2], "Hal Loose", "Porter"]]


@pytest.fixture
def messy(window: MainWindow, csv_file: Callable[..., Path], qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.chart_shown, timeout=20_000):
        window.files.open_path(csv_file(ROWS, name="hr export.csv"), remember=False)
    return window


def test_the_orphan_is_apart_and_levels_count_from_the_chief(messy: MainWindow) -> None:
    window = messy
    layout = window.layout_
    assert layout is not None
    assert [band.caption for band in layout.bands] == [
        "Chief executive · 1",
        "Level 1 · 2",
        "Level 2 · 4 · 4 front line",
    ]
    assert layout.apart is not None and layout.apart.caption.endswith("· 1")
    status = window.status.text()
    assert "levels 3" in status
    assert "not connected to the chief executive 1" in status
    # Painted: the caption over the box, and the box right of the pyramid.
    image = window.view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert window.view.labels.apart_lines
    assert " ".join(window.view.labels.apart_lines) == ("Not connected to the chief executive · 1")
    hal = window.node_of("8")
    ann = window.node_of("1")
    assert hal is not None and ann is not None
    assert layout.x[hal] > layout.x[ann]
    assert not image.isNull()


def test_coverage_never_counts_the_orphan_as_served(messy: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = messy
    colour_by_coverage(window)
    counts = legend(window)
    assert counts["front line served"] == 0
    assert counts["front line not served"] == 4
    assert counts["front line not connected"] == 1
    show_dashboard(window, qtbot)
    dashboard = window.coverage_dashboard
    assert "Front line served: 0 of 4" in dashboard.headline.text()
    assert "not connected to the chief executive: 1" in dashboard.headline.text()
    bars = [row.level for row in dashboard.shown.level_table()]
    assert bars == [0, 1]
    rows = dashboard.gaps.rows
    assert (rows[-1].person_id, rows[-1].unserved, rows[-1].level) == ("(unassigned)", 1, -1)
    assert rows[-1].reason.startswith("not connected:")
    # Details: Hal is not connected, and the line says why; not "Served".
    window.select_person("8")
    text = window.coverage_note.text.text()
    assert "Not connected to the chief executive" in text
    assert "Served" not in text
    assert window.coverage_note.isVisible()
    # Nobody serves them: Unassigned and the Organisation root are groups, not managers.
    assert window.details.chain.count() == 0 and window.details.chain.isHidden()
    window.select_person("4")  # Di: Bob, then Ann, and no synthetic group among them
    chain = window.details.chain
    assert [chain.item(i).text() for i in range(chain.count())] == [
        "1. Bob - Head of Rooms",
        "2. Ann Chief - Chief Executive",
    ]
    assert np.count_nonzero(window.view.data.chart.not_connected) == 1


def apart_box_on_view(window: MainWindow) -> QRectF:
    """The box of the people kept apart, in pixels of the view widget."""
    view, layout = window.view, window.layout_
    assert layout is not None
    to_widget = view.viewportTransform()
    origin = to_widget.map(view.view_box.mapViewToScene(QPointF(0.0, 0.0)))
    unit = to_widget.map(view.view_box.mapViewToScene(QPointF(1.0, 1.0)))
    sx, sy = unit.x() - origin.x(), (unit.y() - origin.y()) * layout.sign
    box = apart_rect(layout, (sx, origin.x(), sy, origin.y()))
    assert box is not None
    return box


def test_the_apart_box_stays_whole_when_docks_open_and_colours_change(
    messy: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = messy
    window.view.fit()
    inside = QRectF(0, 0, window.view.width(), window.view.height())
    box = apart_box_on_view(window)
    assert inside.left() <= box.left() and box.right() <= inside.right(), (box, inside)
    show_dashboard(window, qtbot)  # the view gets shorter
    colour_by_coverage(window)  # a new layout, the view kept
    qtbot.waitUntil(lambda: not window.view._refit.isActive())
    inside = QRectF(0, 0, window.view.width(), window.view.height())
    box = apart_box_on_view(window)
    assert inside.left() <= box.left() and box.right() <= inside.right(), (box, inside)
