"""View > Text size: normal, large and extra large text on cards, names, the tiers' ruler and
the bands, chosen from the menu or stepped with Ctrl+= and Ctrl+-, and remembered."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFontInfo, QImage
from PySide6.QtWidgets import QMainWindow

from pyramid_app.io import read_org
from pyramid_app.io.demo import demo_workbook_path
from pyramid_app.model.colouring import ColourBy, colour_nodes
from pyramid_app.model.layout import layout_inverted
from pyramid_app.ui.pyramid.band_ruler import RULER_WIDTH
from pyramid_app.ui.pyramid.text_size import SETTINGS_KEY, TextSizeActions, install_text_size
from pyramid_app.ui.pyramid.view import PyramidView


class Host(QMainWindow):
    """A window with a View menu holding Text size, over a pyramid view showing the demo."""

    def __init__(self, settings: QSettings) -> None:
        super().__init__()
        self.view = PyramidView()
        self.setCentralWidget(self.view)
        view_menu = self.menuBar().addMenu("&View")
        self.text_size: TextSizeActions = install_text_size(view_menu, self.view, settings)
        result = read_org(demo_workbook_path())
        chart = result.chart
        layout = layout_inverted(chart, customer_segments=result.customer_segments)
        self.view.show_layout(chart, layout, colour_nodes(chart, ColourBy.DEPARTMENT).rgb)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def host(qtbot, settings: QSettings) -> Host:  # type: ignore[no-untyped-def]
    window = Host(settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.view.fit()
    return window


def label_pixels(view: PyramidView) -> int:
    """The pixel size of the font the names beside the marks were last written in."""
    view.grab()
    labels = view.people.drawn_labels
    assert labels
    sizes = {QFontInfo(label.font).pixelSize() for label in labels}
    assert len(sizes) == 1
    return sizes.pop()


def painted(view: PyramidView) -> QImage:
    image = view.grab().toImage()
    assert not image.isNull() and image.width() > 0
    return image


def test_the_menu_offers_three_sizes_normal_checked(host: Host) -> None:
    actions = host.text_size
    assert [a.text().replace("&", "") for a in actions.choices] == [
        "Normal",
        "Large",
        "Extra large",
    ]
    assert all(action.isCheckable() for action in actions.choices)
    assert actions.choices[0].isChecked() and host.view.text_scale == 1.0
    assert actions.menu.title().replace("&", "") == "Text size"
    shortcuts = {key.toString() for key in actions.larger.shortcuts()}
    assert "Ctrl+=" in shortcuts
    assert actions.smaller.shortcut().toString() == "Ctrl+-"


def test_choosing_a_size_scales_names_cards_ruler_and_bands(host: Host, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = host.view
    normal_names = label_pixels(view)
    normal_ruler = QFontInfo(view.ruler.heading_font).pixelSize()
    normal_card = view.text_sizes.card_width
    normal_ruler_width = view.ruler.size().width()
    host.text_size.choices[2].trigger()  # Extra large
    assert view.text_scale == 1.75
    assert host.text_size.choices[2].isChecked()
    assert label_pixels(view) >= normal_names * 1.5
    assert QFontInfo(view.ruler.heading_font).pixelSize() >= normal_ruler * 1.5
    assert view.text_sizes.card_width == pytest.approx(normal_card * 1.75)
    qtbot.waitUntil(lambda: view.ruler.size().width() > normal_ruler_width)
    # The segments' names in the customer band are written larger too.
    assert QFontInfo(view.labels._segment_font).pixelSize() > normal_ruler
    assert painted(view).width() == view.width()


def test_ctrl_equals_and_ctrl_minus_step_through_the_sizes(host: Host, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = host.view
    control = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(host, Qt.Key.Key_Equal, control)
    assert view.text_scale == 1.35 and host.text_size.choices[1].isChecked()
    qtbot.keyClick(host, Qt.Key.Key_Equal, control)
    assert view.text_scale == 1.75
    assert not host.text_size.larger.isEnabled()  # the largest there is
    qtbot.keyClick(host, Qt.Key.Key_Minus, control)
    assert view.text_scale == 1.35
    qtbot.keyClick(host, Qt.Key.Key_Minus, control)
    assert view.text_scale == 1.0 and not host.text_size.smaller.isEnabled()


def test_the_keys_work_with_the_menus_hidden(host: Host, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Presenting to a room hides the menus; the text can still be made larger."""
    host.menuBar().hide()
    host.view.setFocus()
    qtbot.keyClick(host.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert host.view.text_scale == 1.35


def test_larger_text_is_placed_anew_so_names_still_never_overlap(host: Host, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = host.view
    host.resize(1920, 1080)  # a projector's full HD: room for larger cards too
    qtbot.waitUntil(lambda: view.width() > 1800)
    view.fit()
    painted(view)
    forms = view.people.forms
    assert forms is not None
    normal_cards = forms.cards.shape[0]
    host.text_size.choices[2].trigger()
    qtbot.waitUntil(lambda: view.people.forms is None or view.people.forms is not forms)
    painted(view)
    larger = view.people.forms
    assert larger is not None and larger.geometry.sizes.scale == 1.75
    assert 0 < larger.cards.shape[0] <= normal_cards  # bigger cards need more room
    boxes = [label.box for label in view.people.drawn_labels]
    for i, one in enumerate(boxes):
        for other in boxes[i + 1 :]:
            both = one.intersected(other)
            assert both.width() <= 0.5 or both.height() <= 0.5
    # Every card still sits wholly inside the view: fitted again, its margins grown with it.
    sizes = view.text_sizes
    assert view.data is not None
    x = view.data.layout.x[larger.cards]

    def cards_inside() -> bool:
        view.grab()
        pixel_w = view.view_box.viewPixelSize()[0]
        left, right = view.view_box.viewRange()[0]
        return bool(
            np.all(x - sizes.card_width / 2 * pixel_w >= left)
            and np.all(x + sizes.card_width / 2 * pixel_w <= right)
        )

    qtbot.waitUntil(cards_inside)


def test_the_choice_is_remembered(host: Host, settings: QSettings, qtbot) -> None:  # type: ignore[no-untyped-def]
    host.text_size.choices[1].trigger()
    settings.sync()
    again = Host(settings)
    qtbot.addWidget(again)
    assert again.view.text_scale == 1.35
    assert again.text_size.choices[1].isChecked()


def test_a_setting_that_is_not_a_size_shows_normal_text(settings: QSettings, qtbot) -> None:  # type: ignore[no-untyped-def]
    settings.setValue(SETTINGS_KEY, "huge")
    window = Host(settings)
    qtbot.addWidget(window)
    assert window.view.text_scale == 1.0 and window.text_size.choices[0].isChecked()


def test_the_ruler_writes_the_tiers_larger_and_back_again(host: Host, qtbot) -> None:  # type: ignore[no-untyped-def]
    view, ruler = host.view, host.view.ruler

    def written() -> dict[str, float]:
        painted(view)
        return {label.lines[0]: label.box.height() for label in ruler.painted}

    normal = written()
    assert "Customers" in normal
    host.text_size.choices[2].trigger()
    qtbot.waitUntil(lambda: ruler.size().width() > RULER_WIDTH)
    larger = written()
    shared = set(normal) & set(larger)
    assert shared
    assert all(larger[first] > normal[first] for first in shared)
    host.text_size.choices[0].trigger()
    qtbot.waitUntil(lambda: ruler.size().width() == RULER_WIDTH)
    assert written() == normal
