"""pyqtgraph is imported without making every Qt class (pyramid_app/ui/qt_mirrors.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

MADE = """
import json, sys
{first}
import PySide6.QtWidgets as widgets
made = len(vars(widgets))
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtGui, QtWidgets
app = QtWidgets.QApplication([])
view = pg.GraphicsView()
print(json.dumps({{
    "made": made,
    "listed": len(dir(widgets)),
    "view_is_qt": isinstance(view, widgets.QGraphicsView),
    "mirrors": [QtWidgets.QLabel is widgets.QLabel, QtGui.QColor.__name__, QtCore.Signal.__name__],
}}))
"""


def _run(first: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", MADE.format(first=first)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_the_window_imports_pyqtgraph_making_only_the_qt_classes_it_uses() -> None:
    plain = _run("import pyqtgraph")
    ours = _run("import pyramid_app.ui")
    # pyqtgraph's own import makes every widget class; ours a few dozen at most.
    assert plain["made"] == plain["listed"]
    assert ours["made"] * 3 < plain["made"]
    # PySide6 still lists every name afterwards, and pyqtgraph's mirrors answer as before.
    assert ours["listed"] == plain["listed"]
    assert ours["view_is_qt"] is True
    assert ours["mirrors"] == plain["mirrors"] == [True, "QColor", "Signal"]
