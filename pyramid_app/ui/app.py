"""Start the Qt application and the main window (used by ``pyramid_app.cli``)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from pyramid_app.io import UnreadableFileError, read_org
from pyramid_app.io.demo import demo_project
from pyramid_app.io.project_file import SUFFIX, ProjectFile, ProjectFileError
from pyramid_app.model.colouring import ColourBy
from pyramid_app.ui.main_window import MainWindow

APP_NAME = "Pyramid Planner"


def application(headless: bool = False) -> QApplication:
    """The one QApplication; headless use (render, screenshots) works without a display."""
    if headless and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("Pyramid Planner")
    return app  # type: ignore[return-value]


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
) -> int:
    """Open the window on ``path`` (or the demo); with ``screenshot``, save a PNG and quit.

    ``select`` picks a person by id once the project is shown; ``plan_table`` opens the Plan
    dock, ``coverage`` the Coverage dashboard; ``colour_by`` is a View > Colour by choice;
    ``journey`` opens a customer segment's journey, ``touchpoint`` chooses a touchpoint by id
    (lighting its people) and ``workshop`` opens the Workshop at a step (1 to 4). They make
    the screenshots of the README reproducible.
    """
    app = application(headless=screenshot is not None)
    window = MainWindow(QSettings())
    window.show()
    if plan_table:
        window.plan_dock.show()
    if coverage:
        window.coverage_dock.show()
        window.coverage_dock.raise_()

    def arrange() -> None:
        if colour_by is not None:
            window.set_colour_by(ColourBy(colour_by))
        if select is not None and window.project is not None:
            if window.project.has_person(select):
                window.select_person(select)
            else:
                window.statusBar().showMessage(f"There is no person with id {select!r}.", 8000)
        show_customers(window, journey, touchpoint, workshop)

    window.files.project_opened.connect(arrange)
    if screenshot is not None:
        try:
            open_now(window, path)
        except (UnreadableFileError, ProjectFileError) as error:
            print(f"pyramid-app: {error}", file=sys.stderr)
            return 2
        window.resize(1400, 860)
        arrange()

        def capture() -> None:
            window.grab().save(str(screenshot))
            app.quit()

        QTimer.singleShot(300, capture)
    elif path is not None:
        window.files.open_any(path)
    else:
        window.files.open_demo()
        window.files.offer_unsaved()
    return app.exec()


def show_customers(
    window: MainWindow, journey: str | None, touchpoint: str | None, workshop: int | None
) -> None:
    """The window options of the customers' part: a journey, a touchpoint, the workshop."""
    part = getattr(window, "customers_part", None)
    project = window.project
    if part is None or project is None:
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
        window.files.show_project(demo_project(today=dt.date.today()))
    elif path.suffix.lower() == SUFFIX:
        _file, project = ProjectFile.open(path)
        window.set_project(project)
    else:
        window.show_result(read_org(path))
