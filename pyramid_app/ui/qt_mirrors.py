"""pyqtgraph imported without making every Qt class at once.

On import, pyqtgraph copies each name of PySide6's QtCore, QtGui and QtWidgets into mirror
modules of its own (``pyqtgraph.Qt.QtCore``...). PySide6 makes a class only when its name is
first asked for, so that copy makes all seven hundred of them: a fifth of a second of every
launch, spent before the window can be built. Here the mirrors are made first, answering each
name from PySide6 when it is asked for, and PySide6's modules list no names while pyqtgraph
copies, so nothing is made before it is used. Should pyqtgraph change how it mirrors, it
finds the mirrors answering every name as before.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import Any


def import_pyqtgraph() -> None:
    """Import pyqtgraph (once per process) with mirrors that make classes as they are used."""
    if "pyqtgraph" in sys.modules:
        return
    import PySide6.QtCore
    import PySide6.QtGui
    import PySide6.QtWidgets

    sources = (PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets)
    listings: dict[types.ModuleType, Any] = {}
    try:
        for source in sources:
            mirror = types.ModuleType(f"pyqtgraph.Qt.{source.__name__.rpartition('.')[2]}")
            mirror.__dict__["__getattr__"] = _answer_from(source)
            sys.modules[mirror.__name__] = mirror
            listings[source] = source.__dict__.get("__dir__")
            source.__dict__["__dir__"] = _no_names
        import pyqtgraph

        return
    except Exception:
        # Whatever went wrong, pyqtgraph is imported its own way below, mirrors and all.
        for module in [name for name in sys.modules if name.split(".")[0] == "pyqtgraph"]:
            del sys.modules[module]
    finally:
        for source, listing in listings.items():
            if listing is None:
                source.__dict__.pop("__dir__", None)
            else:
                source.__dict__["__dir__"] = listing
    import pyqtgraph  # noqa: F401


def _answer_from(source: types.ModuleType) -> Callable[[str], Any]:
    def answer(name: str) -> Any:
        return getattr(source, name)

    return answer


def _no_names() -> list[str]:
    return []
