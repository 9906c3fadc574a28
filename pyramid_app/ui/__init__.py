"""The user interface (PySide6 + pyqtgraph)."""

from pyramid_app.ui.qt_mirrors import import_pyqtgraph

import_pyqtgraph()
