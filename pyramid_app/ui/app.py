"""Start the Qt application and the main window (used by ``pyramid_app.cli``).

Qt and the window's modules are imported inside the functions, not here: ``pyramid-app FILE``
first sets the file's import going in a child process
(:mod:`pyramid_app.io.spreadsheet.early_read`) and only then pays for starting
Qt, so that the two overlap.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from pyramid_app.io import UnreadableFileError, read_org
from pyramid_app.io.project.file import SUFFIX, ProjectFile, ProjectFileError
from pyramid_app.io.spreadsheet.early_read import start_reading
from pyramid_app.model.colouring import ColourBy

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from pyramid_app.ui.main_window import MainWindow

# Set to 1, the window prints when it started, was built, showed the project and first painted
# people (one JSON line, seconds since the epoch) and quits at that paint: bench/launch_bench.py.
LAUNCH_TIMING = "PYRAMID_PLANNER_LAUNCH_TIMING"

APP_NAME = "Pyramid Planner"


def application(headless: bool = False) -> QApplication:
    """The one QApplication; headless use (render, screenshots) works without a display."""
    from PySide6.QtWidgets import QApplication

    if headless and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("Pyramid Planner")
    return app


def run_window(
    path: Path | None,
    screenshot: Path | None = None,
    select: str | None = None,
    plan_table: bool = False,
    colour_by: str | None = None,
    coverage: bool = False,
    journey: str | None = None,
    touchpoint: str | None = None,
    workshop: int | None = None,
    present: str | None = None,
    size: tuple[int, int] | None = None,
    workspace: str | None = None,
    results_measure: str | None = None,
) -> int:
    """Open the window on ``path`` (or the demo); with ``screenshot``, save a PNG and quit.

    ``select`` picks a person by id once the project is shown; ``plan_table`` opens the Plan
    dock, ``coverage`` the Coverage dashboard; ``colour_by`` is a View > Colour by choice;
    ``journey`` opens a customer segment's journey, ``touchpoint`` chooses a touchpoint by id
    (lighting its people) and ``workshop`` opens the Workshop at a step (1 to 4); ``present``
    opens present mode at a slide (full screen, or at ``size`` for a screenshot), ``size`` sizes
    the window and ``workspace`` chooses its workspace. They make the screenshots of the README
    reproducible.
    """
    timing = _LaunchTiming() if os.environ.get(LAUNCH_TIMING) == "1" else None
    if path is not None and screenshot is None:
        start_reading(path)  # begun by the command line already; else before Qt starts
    from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QTimer

    from pyramid_app.ui.main_window import MainWindow
    from pyramid_app.ui.present import present_slide
    from pyramid_app.ui.workspaces import Workspace

    app = application(headless=screenshot is not None)
    window = MainWindow(QSettings())
    if size is not None:
        window.resize(*size)
    if workspace is not None:
        window.workspaces.switch(Workspace(workspace))
    window.show()
    if timing is not None:
        timing.watch(app, window)
    if plan_table:
        window.plan_dock.show()
    if coverage:
        window.coverage_dock.show()
        window.coverage_dock.raise_()

    def arrange() -> None:
        if colour_by is not None:
            window.set_colour_by(ColourBy(colour_by))
        if results_measure is not None:  # colours by results of it (View > Colour by)
            window.results_colours.choose_named_or_say(results_measure)
        if select is not None and window.project is not None:
            if window.project.has_person(select):
                window.select_person(select)
            else:
                window.statusBar().showMessage(f"There is no person with id {select!r}.", 8000)
        show_customers(window, journey, touchpoint, workshop)
        if present is not None:
            window.presenter.enter(present_slide(present), full_screen=screenshot is None)

    window.files.project_opened.connect(arrange)
    if screenshot is not None:
        try:
            open_now(window, path)
        except (UnreadableFileError, ProjectFileError) as error:
            print(f"pyramid-app: {error}", file=sys.stderr)
            return 2
        window.resize(*(size or (1400, 860)))
        arrange()

        def capture() -> None:
            window.grab().save(str(screenshot))
            app.quit()

        QTimer.singleShot(300, capture)
    elif path is not None:
        window.files.open_any(path)
    else:
        window.files.start()
    collect_once_running()
    code = app.exec()
    # A second quit (the last window closing) can still be queued; left there, it would end
    # at once the next event loop this process runs (tests, a second window).
    QCoreApplication.removePostedEvents(app, QEvent.Type.Quit)
    return code


def collect_once_running() -> None:
    """Turn the cycle collector back on, if the start turned it off, as soon as the event loop
    runs."""
    if gc.isenabled():
        return
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, gc.enable)


def show_customers(
    window: MainWindow, journey: str | None, touchpoint: str | None, workshop: int | None
) -> None:
    """The window options of the customers' part: a journey, a touchpoint, the workshop."""
    part, project = window.customers_part, window.project
    if project is None:
        return
    if journey is not None:
        if project.customer_map.segment(journey) is None:
            window.statusBar().showMessage(f"There is no customer segment {journey!r}.", 8000)
        else:
            part.open_segment(journey)
    if touchpoint is not None:
        if project.customer_map.touchpoint(touchpoint) is None:
            window.statusBar().showMessage(f"There is no touchpoint {touchpoint!r}.", 8000)
        else:
            part.show_touchpoint(touchpoint)
            if window.coverage_dock.isVisible():
                window.coverage_dashboard.show_needs()  # the touchpoint's needs in the table
    if workshop is not None:
        part.workshop_dock.show()
        part.workshop_dock.raise_()
        part.workshop.go_to(workshop - 1)


def open_now(window: MainWindow, path: Path | None) -> None:
    """Open ``path`` (a project or a spreadsheet; the demo if None) without a background job."""
    if path is None:
        from pyramid_app.io.demo import demo_project

        window.files.show_project(demo_project(today=dt.date.today()))
    elif path.suffix.lower() == SUFFIX:
        _file, project = ProjectFile.open(path)
        window.set_project(project)
    else:
        window.show_result(read_org(path))


class _LaunchTiming:
    """What :data:`LAUNCH_TIMING` asks for: the times of the start, the window and the first
    paint of people, printed as one JSON line; then the app quits."""

    def __init__(self) -> None:
        self.marks = {"run_window": time.time()}

    def watch(self, app: QApplication, window: MainWindow) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        self.marks["window"] = time.time()
        window.project_shown.connect(lambda: self.marks.setdefault("shown", time.time()))
        marks = self.marks

        def painted() -> None:
            marks["painted"] = time.time()
            print(json.dumps(marks), flush=True)
            app.quit()

        class PaintWatch(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and window.view.data is not None:
                    watched.removeEventFilter(self)
                    QTimer.singleShot(0, painted)  # runs once this paint has finished
                return False

        self.paint_watch = PaintWatch(window)
        window.view.viewport().installEventFilter(self.paint_watch)
