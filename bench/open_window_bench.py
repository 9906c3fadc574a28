"""Opening a big project in the window, to the first painted pyramid, against importing its xlsx.

    python bench/open_window_bench.py                  # 1,048,575 people, 100,000 commitments
    python bench/open_window_bench.py --people 100000

The baseline is ``read_org`` of the organisation's xlsx (what a user waits for today when they
open the spreadsheet). Ours is everything between choosing a project file and seeing it:
``ProjectFile.open``, ``MainWindow.set_project`` (colours, search index, layout, badges, the
panels that observe the project) and the first paint of the window (``grab``). The two run
alternately, best of ``--repeats``. Goal: ours / import <= 1.0.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from import_bench import OUT, bench_file  # noqa: E402
from project_bench import add_commitments  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from pyramid_app.io.project.file import ProjectFile  # noqa: E402
from pyramid_app.io.project.unsaved import project_from_import  # noqa: E402
from pyramid_app.io.spreadsheet.org_import import read_org  # noqa: E402
from pyramid_app.ui.app import application  # noqa: E402
from pyramid_app.ui.main_window import MainWindow  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_048_575)
    parser.add_argument("--commitments", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    app = application(headless=True)
    OUT.mkdir(parents=True, exist_ok=True)
    xlsx = bench_file(args.people, regenerate=False)
    with tempfile.TemporaryDirectory(prefix="open-window-", dir=OUT) as name:
        path = Path(name) / "big.pyramid"
        project = project_from_import(read_org(xlsx), shipped=())
        add_commitments(project, args.commitments)
        ProjectFile.create(path, project).close()
        del project
        settings = QSettings(str(Path(name) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings, data_folder=Path(name))
        window.resize(1400, 860)
        window.show()
        app.processEvents()
        imported = opened = shown = painted = float("inf")
        for _ in range(args.repeats):
            started = time.perf_counter()
            read_org(xlsx)
            imported = min(imported, time.perf_counter() - started)

            started = time.perf_counter()
            file, project = ProjectFile.open(path, shipped=())
            after_open = time.perf_counter()
            window.set_project(project)
            after_show = time.perf_counter()
            window.grab()
            done = time.perf_counter()
            opened = min(opened, after_open - started)
            shown = min(shown, after_show - after_open)
            painted = min(painted, done - started)
            window.set_project(None)
            file.close()
            del project, file
        window.close()
    print(f"{args.people:,} people, {args.commitments:,} commitments (best of {args.repeats})")
    print(f"  import the xlsx (read_org)          {imported:6.2f} s   baseline")
    print(f"  open the project file               {opened:6.2f} s")
    print(f"  set_project (colours, layout, ...)  {shown:6.2f} s")
    print(f"  open to first painted window        {painted:6.2f} s")
    print(f"  ratio painted / import {painted / imported:.2f} (goal <= 1.0)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
