"""The user interface (PySide6 + pyqtgraph)."""
