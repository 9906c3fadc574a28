"""Pictures say whose organisation they show, how many people, when, and what the colours mean:
``render`` and File > Export picture draw a title line and the colour key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QInputDialog

from pyramid_app.cli import main
from pyramid_app.io import read_org
from pyramid_app.model.colouring import colour_nodes, useful_colour_by
from pyramid_app.ui.dialogs.export_dialog import window_picture_frame
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.pyramid.picture import TITLE_HEIGHT, picture_frame

SIZE = QSize(1200, 800)


def dark_pixels(image: QImage, left: int, top: int, right: int, bottom: int) -> int:
    """Pixels dark enough to be text, in a box of ``image``."""
    count = 0
    for y in range(top, bottom):
        for x in range(left, right, 2):
            colour = image.pixelColor(x, y)
            count += colour.red() < 90 and colour.green() < 90 and colour.blue() < 90
    return count


def swatch_colours(image: QImage, small_org: Path) -> tuple[list[tuple[int, ...]], list]:  # type: ignore[type-arg]
    """The colours at the key's swatches, and the colours the key should show there."""
    chart = read_org(small_org).chart
    colouring = colour_nodes(chart, useful_colour_by(chart))
    frame = picture_frame("x", 1, colouring, useful_colour_by(chart))
    found = []
    for swatch in frame.swatch_rects(SIZE):
        pixel = image.pixelColor(swatch.center().toPoint())
        found.append((pixel.red(), pixel.green(), pixel.blue()))
    return found, [colour for _label, colour, count in colouring.legend if count]


def render(small_org: Path, out: Path, *options: str) -> QImage:
    assert main(["render", str(small_org), "-o", str(out), "--size", "1200x800", *options]) == 0
    return QImage(str(out))


def test_the_picture_has_a_title_line_and_the_colour_key(
    small_org: Path,
    tmp_path: Path,
    qapp,  # type: ignore[no-untyped-def]
) -> None:
    image = render(small_org, tmp_path / "framed.png")
    assert (image.width(), image.height()) == (1200, 800)
    assert dark_pixels(image, 0, 0, 600, TITLE_HEIGHT) > 200  # the title's letters
    found, expected = swatch_colours(image, small_org)
    assert len(expected) >= 3 and found == expected
    # The same picture as vector text names the organisation, its people and the day.
    svg = tmp_path / "framed.svg"
    before = dt.date.today()
    assert main(["render", str(small_org), "-o", str(svg)]) == 0
    after = dt.date.today()  # the render may have run across midnight
    text = svg.read_text(encoding="utf-8")
    assert any(
        f"{small_org.stem} · 7 people · {day.day} {day:%B %Y}" in text for day in (before, after)
    )
    assert "Colour by department" in text and "Rooms" in text


def test_title_option_changes_the_line_and_no_legend_leaves_the_key_out(
    small_org: Path,
    tmp_path: Path,
    qapp,  # type: ignore[no-untyped-def]
) -> None:
    framed = render(small_org, tmp_path / "framed.png")
    titled = render(small_org, tmp_path / "titled.png", "--title", "Quarterly review")
    top = (0, 0, 600, TITLE_HEIGHT)
    assert dark_pixels(titled, *top) > 100
    assert titled.copy(*top) != framed.copy(*top)
    svg = tmp_path / "titled.svg"
    assert main(["render", str(small_org), "-o", str(svg), "--title", "Quarterly review"]) == 0
    assert "Quarterly review" in svg.read_text(encoding="utf-8")

    bare = render(small_org, tmp_path / "bare.png", "--no-legend")
    found, expected = swatch_colours(bare, small_org)
    assert not set(found) & set(expected)  # no key where the key would be
    svg = tmp_path / "bare.svg"
    assert main(["render", str(small_org), "-o", str(svg), "--no-legend", "--title", ""]) == 0
    text = svg.read_text(encoding="utf-8")
    assert "Colour by" not in text and "7 people" not in text


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--size", "200x100"], "too small"),
        (["--scale", "0"], "--scale 0 should be above 0"),
        (["-o", "/no/such/folder/x.png"], "could not write"),
    ],
)
def test_render_refuses_bad_options_with_exit_2(
    small_org: Path,
    tmp_path: Path,
    capsys,
    qapp,
    options: list[str],
    said: str,  # type: ignore[no-untyped-def]
) -> None:
    arguments = ["render", str(small_org), "-o", str(tmp_path / "x.png"), *options]
    assert main(arguments) == 2
    assert said in capsys.readouterr().err


def test_title_needs_its_text(small_org: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as stopped:
        main(["render", str(small_org), "-o", str(tmp_path / "x.png"), "--title"])
    assert stopped.value.code == 2
    assert "--title" in capsys.readouterr().err


def test_export_picture_from_the_window_has_the_same_frame(
    shown_small: MainWindow,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    window = shown_small
    target = tmp_path / "exported.png"
    file_menu = window.menuBar().actions()[0].menu()
    [action] = [a for a in file_menu.actions() if "current view" in a.text()]
    action.trigger()
    files = window.context.last_dialog
    assert isinstance(files, QFileDialog) and files.isVisible()
    files.selectFile(str(target))
    files.accept()
    scale = window.context.last_dialog
    assert isinstance(scale, QInputDialog) and scale.isVisible()
    scale.setDoubleValue(1.0)
    scale.accept()
    image = QImage(str(target))
    viewport = window.view.viewport().size()
    frame = picture_frame("x", 7, window.colouring, window.state.colour_by)
    assert (image.width(), image.height()) == (
        viewport.width() + frame.margins()[0],
        viewport.height() + TITLE_HEIGHT,
    )
    assert dark_pixels(image, 0, 0, 500, TITLE_HEIGHT) > 200
    size = QSize(image.width(), image.height())
    colours = []
    for swatch in frame.swatch_rects(size):
        pixel = image.pixelColor(swatch.center().toPoint())
        colours.append((pixel.red(), pixel.green(), pixel.blue()))
    assert colours == [colour for _label, colour, count in window.colouring.legend if count]
    assert window.statusBar().currentMessage() == f"Saved {target}"


def test_a_focused_teams_picture_counts_the_team_in_its_key(
    shown_small: MainWindow,
    tmp_path: Path,
) -> None:
    """Focused on Bob's team (Bob, D, E, F), the exported key counts those four people - the
    picture shows them, not the whole organisation of seven."""
    window = shown_small
    chart = window.chart
    assert chart is not None
    window.focus_on_team(chart.ids.index("B"))
    target = tmp_path / "team.png"
    file_menu = window.menuBar().actions()[0].menu()
    [action] = [a for a in file_menu.actions() if "current view" in a.text()]
    action.trigger()
    files = window.context.last_dialog
    assert isinstance(files, QFileDialog)
    files.selectFile(str(target))
    files.accept()
    scale = window.context.last_dialog
    assert isinstance(scale, QInputDialog)
    scale.setDoubleValue(1.0)
    scale.accept()
    image = QImage(str(target))
    team = window.chart
    assert team is not None and team.people_count == 4
    assert window.colouring is not None
    whole = [row for row in window.colouring.legend if row[2]]
    assert sum(row[2] for row in whole) == 7
    frame = window_picture_frame(window.context)
    assert sum(row[2] for row in frame.key) == 4
    assert "team of Bob" in frame.title
    # The swatches drawn are the team's colours, one per row of the team's key.
    size = QSize(image.width(), image.height())
    drawn = []
    for swatch in frame.swatch_rects(size):
        pixel = image.pixelColor(swatch.center().toPoint())
        drawn.append((pixel.red(), pixel.green(), pixel.blue()))
    assert drawn == [colour for _label, colour, _count in frame.key]
