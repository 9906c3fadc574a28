"""Small shared pieces of the window's chrome: a menu found by its title, a part that follows
the project only while its dock is shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu


def menu_titled(window: QMainWindow, title: str, after: QMenu | None = None) -> QMenu:
    """The menu of ``window``'s menu bar called ``title`` (ampersands ignored), made on first
    use: at the end, or right after the menu ``after``."""
    bar = window.menuBar()
    for action in bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text().replace("&", "") == title.replace("&", ""):
            return menu
    menu = QMenu(title if "&" in title else f"&{title}", window)
    actions = bar.actions()
    before = [a for a in actions if after is not None and a.menu() is after]
    position = actions.index(before[0]) + 1 if before else len(actions)
    if position < len(actions):
        bar.insertMenu(actions[position], menu)
    else:
        bar.addMenu(menu)
    return menu


def add_after_exports(menu: QMenu, action: QAction) -> None:
    """``action`` in ``menu`` right after its last Export... or Import plan... entry (at the
    end when there is none): the File menu keeps what goes out of the app together."""
    actions = menu.actions()
    names = [a.text().replace("&", "") for a in actions]
    anchors = [i for i, name in enumerate(names) if name.startswith(("Export ", "Import plan"))]
    after = anchors[-1] + 1 if anchors else len(actions)
    if after < len(actions):
        menu.insertAction(actions[after], action)
    else:
        menu.addAction(action)


class FollowWhileShown:
    """Keeps a part of the window up to date while its dock is shown. While the dock is hidden
    a change only marks the part as behind (and lets go of what it holds, ``let_go``); the part
    catches up with one full refresh (``catch_up``) when the dock is shown again."""

    def __init__(
        self,
        dock: QDockWidget,
        catch_up: Callable[[], None],
        let_go: Callable[[], None] | None = None,
    ) -> None:
        self.dock = dock
        self.catch_up = catch_up
        self.let_go = let_go
        self.behind = True
        dock.visibilityChanged.connect(self._visibility_changed)

    def changed(self, update: Callable[[], None] | None = None) -> None:
        """Something the part shows changed; ``update`` brings it up to date cheaply when the
        part is current (otherwise it catches up in full)."""
        if self.dock.isHidden():
            if not self.behind and self.let_go is not None:
                self.let_go()
            self.behind = True
            return
        if self.behind or update is None:
            self.catch_up()
            self.behind = False
        else:
            update()

    def _visibility_changed(self, visible: bool) -> None:
        if visible and self.behind and not self.dock.isHidden():
            self.catch_up()
            self.behind = False
