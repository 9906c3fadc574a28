"""Present mode (View > Present, F5): the pyramid alone on the screen with a strip that tells one
slide at a time, driven by the keys a presenter's clicker sends; Esc gives the window back as it
was. A click on a manager on "who commits" commits them to the need in hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtGui import QFontInfo, QImage
from pytestqt.qtbot import QtBot

from pyramid_app.cli import main
from pyramid_app.io.demo import demo_project
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.present import Slide, body_pixels

TODAY = dt.date(2026, 12, 6)


def _window(qtbot: QtBot, tmp_path: Path, size: tuple[int, int] = (1366, 768)) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, data_folder=tmp_path)
    qtbot.addWidget(window)
    window.files.show_project(demo_project(today=TODAY))
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def _present(window: MainWindow, qtbot: QtBot) -> None:
    """View > Present, as the menu does it (F5 is its shortcut)."""
    assert window.presenter.action.shortcut().toString() == "F5"
    with qtbot.waitSignal(window.presenter.entered):
        window.presenter.action.trigger()


def _key(window: MainWindow, qtbot: QtBot, key: Qt.Key) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, key)


def test_present_hides_everything_but_the_pyramid_and_esc_gives_it_back(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(qtbot, tmp_path)
    window.plan_dock.show()
    qtbot.waitUntil(window.plan_dock.isVisible)
    window.colour_key.toggle.click()  # the planner opened the colour key
    assert window.colour_key.is_open
    _present(window, qtbot)
    assert window.presenter.active
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    assert not window.plan_dock.isVisible()
    assert window.present_strip.isVisible()
    assert not window.colour_key.is_open  # the customers' band reaches the corner it covers
    with qtbot.waitSignal(window.presenter.left):
        _key(window, qtbot, Qt.Key.Key_Escape)
    assert window.menuBar().isVisible() and window.statusBar().isVisible()
    qtbot.waitUntil(window.plan_dock.isVisible)
    assert not window.present_strip.isVisible()
    assert window.colour_key.is_open


def test_the_clickers_keys_step_through_the_slides_and_blank_the_screen(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(qtbot, tmp_path)
    _present(window, qtbot)
    presenter = window.presenter
    assert presenter.position == 0
    for key, expected in (
        (Qt.Key.Key_PageDown, 1),
        (Qt.Key.Key_Right, 2),
        (Qt.Key.Key_Space, 3),  # Space collapses a team outside present mode; here it goes on
        (Qt.Key.Key_PageUp, 2),
        (Qt.Key.Key_Left, 1),
    ):
        with qtbot.waitSignal(presenter.slide_shown):
            _key(window, qtbot, key)
        assert presenter.position == expected, key
    _key(window, qtbot, Qt.Key.Key_B)
    assert presenter.blank.isVisible()
    _key(window, qtbot, Qt.Key.Key_PageDown)  # the first key only brings the room back
    assert not presenter.blank.isVisible() and presenter.position == 1
    _key(window, qtbot, Qt.Key.Key_Period)
    assert presenter.blank.isVisible()
    _key(window, qtbot, Qt.Key.Key_Period)
    assert not presenter.blank.isVisible()


def test_the_slides_tell_the_steps_then_coverage_and_progress_then_the_walk_down(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(qtbot, tmp_path)
    _present(window, qtbot)
    presenter = window.presenter
    slides = presenter.slides()
    levels = window.project.chart.level_count  # type: ignore[union-attr]
    assert slides[:6] == [
        *(Slide("step", n) for n in range(4)),
        Slide("coverage", 0),
        Slide("progress", 0),
    ]
    assert slides[6:] == [Slide("level", n) for n in range(-1, levels)][:1] + [
        Slide("level", n) for n in reversed(range(levels))
    ]
    presenter.go(4)
    assert "Front line served" in presenter.strip.question.text()
    presenter.go(len(slides) - 1)
    assert presenter.strip.question.text().startswith("The chief executive")
    chief = window.project.chart.chief  # type: ignore[union-attr]
    assert window.view.highlighted is not None and list(window.view.highlighted) == [chief]


def test_the_day_lights_the_touchpoints_people_and_up_down_choose_another(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(qtbot, tmp_path)
    _present(window, qtbot)
    presenter, focus = window.presenter, window.customers_part.focus
    with qtbot.waitSignal(presenter.slide_shown):
        _key(window, qtbot, Qt.Key.Key_PageDown)
    segment = focus.chosen_segment()
    assert segment is not None and segment.touchpoints
    assert presenter.strip.item_keys() == [t.id for t in segment.touchpoints][:6]
    _key(window, qtbot, Qt.Key.Key_Down)
    assert focus.touchpoint == segment.touchpoints[0].id
    _key(window, qtbot, Qt.Key.Key_Down)
    assert focus.touchpoint == segment.touchpoints[1].id
    lit = window.view.highlighted
    assert lit is not None and set(lit.tolist()) == set(focus.lit_people().tolist())


def test_a_click_on_a_manager_on_the_pyramid_commits_them_to_the_need(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(qtbot, tmp_path, (1920, 1080))
    _present(window, qtbot)
    presenter = window.presenter
    with qtbot.waitSignal(presenter.slide_shown):
        presenter.go(3)
    place = presenter.need_in_hand()
    assert place is not None
    manager = presenter.strip.item_keys()[0]
    node = window.node_of(manager)
    lit = window.view.highlighted  # the touchpoint's people and the managers who could commit
    assert lit is not None and node in set(lit.tolist())
    assert set(window.customers_part.focus.lit_people().tolist()) <= set(lit.tolist())
    layout = window.layout_
    assert node is not None and layout is not None
    window.view.centre_on(node, readable=True)
    scene = window.view.view_box.mapViewToScene(QPointF(layout.x[node], layout.y[node]))
    before = len(window.project.plan)  # type: ignore[union-attr]
    with qtbot.waitSignal(window.project_edited):
        qtbot.mouseClick(
            window.view.viewport(), Qt.MouseButton.LeftButton, pos=window.view.mapFromScene(scene)
        )
    plan = window.project.plan  # type: ignore[union-attr]
    assert len(plan) == before + 1
    added = max(plan, key=lambda c: c.id)
    assert added.manager_id == manager and added.needs == (place.need.id,)


def test_f5_from_a_workshop_step_presents_that_step(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    part = window.customers_part
    part.workshop_dock.show()
    part.workshop.go_to(2)
    qtbot.waitUntil(part.workshop_dock.isVisible)
    _present(window, qtbot)
    assert window.presenter.position == 2
    with qtbot.waitSignal(window.presenter.left):
        _key(window, qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(part.workshop_dock.isVisible)  # the lights and the dock as they were


def _name_pixels(window: MainWindow) -> set[int]:
    window.view.grab()
    return {QFontInfo(label.font).pixelSize() for label in window.view.people.drawn_labels}


def test_the_type_reads_from_the_back_of_a_room(qtbot: QtBot, tmp_path: Path) -> None:
    assert body_pixels(1080) >= 28
    window = _window(qtbot, tmp_path, (1920, 1080))
    before = _name_pixels(window)
    assert before and max(before) < 20
    window.presenter.enter(0, full_screen=False)
    for label in (window.present_strip.items, window.present_strip.detail):
        assert label.font().pixelSize() >= 28
    assert window.present_strip.question.font().pixelSize() > 28
    named = _name_pixels(window)
    assert named and min(named) >= 20  # the names on the pyramid, fewer but readable
    window.presenter.leave()
    assert _name_pixels(window) == before  # the planner's own text size again


def test_the_command_line_opens_into_present_mode_and_saves_its_screen(tmp_path: Path) -> None:
    picture = tmp_path / "present.png"
    code = main(["--present", "coverage", "--screenshot", str(picture), "--size", "1366x768"])
    assert code == 0
    image = QImage(str(picture))
    assert (image.width(), image.height()) == (1366, 768)
    # The strip's dark blue runs along the bottom: present mode, not the ordinary window.
    assert image.pixelColor(10, 760).name() == "#1f2a44"


def test_an_unknown_present_step_is_a_message(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--present", "7"]) == 2
    assert "--present '7' is not a step" in capsys.readouterr().err
