"""The action plan's picture of the pyramid, as the command line draws it (no event loop)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QApplication

from pyramid_app.io.demo import demo_project
from pyramid_app.model.coverage import compute_coverage
from pyramid_app.ui.dialogs.action_plan_picture import pyramid_png
from pyramid_app.ui.pyramid.view import PyramidView


def test_the_picture_leaves_no_view_behind_without_an_event_loop(qapp: QApplication) -> None:
    """`pyramid-app export` runs no event loop: a view left for one to delete kept a million
    people's scene in memory for the rest of the export."""
    today = dt.date(2026, 12, 6)
    project = demo_project(today=today)
    before = {id(widget) for widget in qapp.allWidgets() if isinstance(widget, PyramidView)}
    png = pyramid_png(project, compute_coverage(project.chart, project.plan, today))
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1_000
    left = [
        widget
        for widget in qapp.allWidgets()
        if isinstance(widget, PyramidView) and id(widget) not in before
    ]
    assert left == []
