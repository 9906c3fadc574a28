"""The model and io layers import without Qt (docs/ARCHITECTURE.md), so the CLI runs headless."""

from __future__ import annotations

import os
import subprocess
import sys

BLOCK_QT = """
import sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'):
            raise ImportError(f'{name} is blocked for this test')
        return None
sys.meta_path.insert(0, BlockQt())
import importlib, pkgutil
import pyramid_app.model, pyramid_app.io, pyramid_app.cli
for package in (pyramid_app.model, pyramid_app.io):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):
        importlib.import_module(module.name)
loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph'))
print('loaded:', loaded)
"""


def test_model_io_and_cli_import_without_qt() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_QT], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "loaded: []"


def test_the_window_starts_without_the_exports_libraries() -> None:
    """openpyxl and python-pptx take a tenth of a second or more to import, the action plan's
    writer and reader and the deck's content a twentieth: only an export or a read of
    updates pays for them, not every start of the window (which imports every part for its
    menus)."""
    exports = (
        "openpyxl",
        "pptx",
        "pyramid_app.io.workbook.writer",
        "pyramid_app.io.workbook.reader",
        "pyramid_app.io.deck.content",
    )
    script = (
        "import sys, pyramid_app.ui.main_window\n"
        f"print(sorted(m for m in sys.modules if m.startswith({exports!r})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_command_line_starts_the_early_read_before_anything_heavy() -> None:
    """``pyramid-app FILE`` parses its arguments and starts reading the spreadsheet before
    numpy, the spreadsheet library, SQLite or Qt are imported: the child reading it and the
    window's process then import them at the same time, each on its own core."""
    script = (
        "import sys\n"
        "from pyramid_app.cli.main import build_window_parser\n"
        "build_window_parser().parse_args(['people.xlsx'])\n"
        "import pyramid_app.io.spreadsheet.early_read\n"
        "heavy = {'numpy', 'python_calamine', 'sqlite3', 'PySide6', 'pyqtgraph'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_every_name_of_the_io_package_is_there_when_asked_for() -> None:
    import pyramid_app.io as io_package

    for name in io_package.__all__:
        assert getattr(io_package, name).__name__ == name
    assert sorted(io_package.__all__) == sorted(io_package._WHERE)
