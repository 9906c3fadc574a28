"""View > Text size: normal, large or extra large text on the pyramid, for a room watching it on
a projector. Ctrl+= and Ctrl+- step through the three; the choice is remembered when settings
are given.

The window adds the submenu with one call, ``install_text_size(view_menu, view, settings)``;
everything else (the scale on the cards, names, ruler and bands) is the view's
(:meth:`PyramidView.set_text_scale`).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from pyramid_app.ui.pyramid.sizes import TEXT_SCALES
from pyramid_app.ui.pyramid.view import PyramidView

SETTINGS_KEY = "view/text_scale"
LABELS = ("&Normal", "&Large", "E&xtra large")
LARGER_KEYS = ("Ctrl+=", "Ctrl++")  # the same key, with or without Shift
SMALLER_KEYS = ("Ctrl+-",)


@dataclass
class TextSizeActions:
    """The Text size submenu and its actions, kept in step with the view."""

    menu: QMenu
    group: QActionGroup
    choices: tuple[QAction, ...]  # normal, large, extra large: checkable, one checked
    larger: QAction
    smaller: QAction
    view: PyramidView
    settings: QSettings | None = None

    def choose(self, index: int, remember: bool = True) -> None:
        """Show text at the ``index``-th size (clamped to the three), check its action and
        (``remember``) keep the choice in the settings."""
        index = max(0, min(index, len(TEXT_SCALES) - 1))
        self.view.set_text_scale(TEXT_SCALES[index])
        self.choices[index].setChecked(True)
        self.larger.setEnabled(index < len(TEXT_SCALES) - 1)
        self.smaller.setEnabled(index > 0)
        if remember and self.settings is not None:
            self.settings.setValue(SETTINGS_KEY, TEXT_SCALES[index])

    def current(self) -> int:
        """The index of the size shown (the nearest of the three)."""
        scale = self.view.text_scale
        return min(range(len(TEXT_SCALES)), key=lambda i: abs(TEXT_SCALES[i] - scale))

    def step(self, by: int) -> None:
        self.choose(self.current() + by)


def remembered_index(settings: QSettings | None) -> int:
    """The size chosen last time; normal when none was, or the setting is not one of ours."""
    if settings is None:
        return 0
    value = settings.value(SETTINGS_KEY)
    try:
        scale = float(str(value))
    except (TypeError, ValueError):
        return 0
    matches = [i for i, known in enumerate(TEXT_SCALES) if abs(known - scale) < 1e-6]
    return matches[0] if matches else 0


def install_text_size(
    menu: QMenu, view: PyramidView, settings: QSettings | None = None
) -> TextSizeActions:
    """Add View > Text size to ``menu``: normal, large, extra large (checkable) and the steps
    larger (Ctrl+=) and smaller (Ctrl+-), applied to ``view``. With ``settings``, the choice
    is remembered and the last one is shown at once."""
    submenu = menu.addMenu("&Text size")
    group = QActionGroup(submenu)
    group.setExclusive(True)
    choices = []
    for label, scale in zip(LABELS, TEXT_SCALES, strict=True):
        action = QAction(label, submenu)
        action.setCheckable(True)
        action.setData(scale)
        group.addAction(action)
        submenu.addAction(action)
        choices.append(action)
    submenu.addSeparator()
    larger = QAction("&Larger text", submenu)
    larger.setShortcuts([QKeySequence(keys) for keys in LARGER_KEYS])
    smaller = QAction("&Smaller text", submenu)
    smaller.setShortcuts([QKeySequence(keys) for keys in SMALLER_KEYS])
    submenu.addAction(larger)
    submenu.addAction(smaller)
    # On the view too: the keys work while the menus are hidden (presenting to a room).
    view.addAction(larger)
    view.addAction(smaller)
    actions = TextSizeActions(submenu, group, tuple(choices), larger, smaller, view, settings)
    for index, action in enumerate(choices):
        action.triggered.connect(lambda _checked=False, i=index: actions.choose(i))
    larger.triggered.connect(lambda _checked=False: actions.step(1))
    smaller.triggered.connect(lambda _checked=False: actions.step(-1))
    actions.choose(remembered_index(settings), remember=False)
    return actions
