"""`pyramid-app P.pyramid --results-measure M`: the window opens coloured by results of M (as
View > Colour by > Results measure would), with or without `--colour-by "results against
target"`; a measure the project has no target for is said on the status bar with the measures
it has."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from targets_window import demo_file

from pyramid_app.cli import main
from pyramid_app.model.colouring import ColourBy
from pyramid_app.ui.main_window import MainWindow

COMPLAINTS = "Complaints per 1,000 stays"


def run(qapp: QApplication, shot: Path, *arguments: str) -> MainWindow:
    """The window ``pyramid-app`` opens with ``arguments`` and a screenshot (so it quits)."""
    before = set(qapp.topLevelWidgets())
    assert main([*arguments, "--size", "1366x768", "--screenshot", str(shot)]) == 0
    assert shot.is_file()
    [window] = [
        widget
        for widget in qapp.topLevelWidgets()
        if isinstance(widget, MainWindow) and widget not in before
    ]
    return window


def test_the_window_colours_by_the_measure_named(qapp: QApplication, tmp_path: Path) -> None:
    demo = str(demo_file(tmp_path))
    for options in (
        ["--results-measure", COMPLAINTS.lower()],
        ["--colour-by", "results against target", "--results-measure", COMPLAINTS],
    ):
        window = run(qapp, tmp_path / "shot.png", demo, *options)
        try:
            assert window.state.colour_by is ColourBy.RESULTS
            assert window.results_colours.measure == COMPLAINTS
            assert COMPLAINTS in window.legend.label.text()
            checked = [a.text() for a in window.results_colours.group.actions() if a.isChecked()]
            assert checked == [COMPLAINTS]
        finally:
            window.close()
            window.deleteLater()


def test_an_unknown_measure_is_said_with_the_measures_there_are(
    qapp: QApplication, tmp_path: Path
) -> None:
    shot = tmp_path / "shot.png"
    window = run(qapp, shot, str(demo_file(tmp_path)), "--results-measure", "Guest happiness")
    try:
        message = window.statusBar().currentMessage()
        assert "'Guest happiness' is not a results measure with a target" in message
        assert "'Guest satisfaction'" in message and repr(COMPLAINTS) in message
        assert window.state.colour_by is not ColourBy.RESULTS  # left as it was
    finally:
        window.close()
        window.deleteLater()
