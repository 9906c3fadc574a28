"""Workspaces: the docks a kind of work needs around the pyramid, and nothing else.

Explore (the pyramid and Details), Plan (the pyramid, the commitments in Details and the Plan
table), Customers (the pyramid and the journey, the workshop beside it as a tab) and Review
(the pyramid and the coverage dashboard). View > Workspace, the toolbar's switch and Ctrl+1 to
Ctrl+4 choose one. Each remembers the planner's own arrangement of its docks
(``QMainWindow.saveState``, kept in the settings); View > Workspace > Reset puts the current one
back as it came.

The first arrangement of each leaves the pyramid at least half of the window at every size from
1024x640 up: side docks take about a third of the width, bottom docks about a third of the
height, never less than their contents need.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QComboBox, QDockWidget, QMainWindow, QMenu, QToolBar


class Workspace(StrEnum):
    EXPLORE = "explore"
    PLAN = "plan"
    CUSTOMERS = "customers"
    REVIEW = "review"

    @property
    def label(self) -> str:
        return self.value.capitalize()


# The docks (by object name) each workspace shows; the first of a tabbed pair is in front.
SHOWN: Mapping[Workspace, tuple[str, ...]] = {
    Workspace.EXPLORE: ("details",),
    Workspace.PLAN: ("details", "plan"),
    Workspace.CUSTOMERS: ("journey", "workshop"),
    Workspace.REVIEW: ("coverage", "targets", "progress"),
}
SIDE_SHARE = 0.24  # of the window's width, for a dock at the left or the right
BOTTOM_SHARE = 0.34  # of the window's height, for a dock at the bottom
SETTINGS_KEY = "workspaces"
MIN_SHARE = 0.5  # of the window's width and height the pyramid keeps, whatever the docks


class Workspaces(QObject):
    """The window's workspaces: switches the docks, remembers each one's arrangement."""

    switched = Signal(object)  # the Workspace now in use
    arranged = Signal()  # the docks took their first sizes (after a switch to a new or reset one)

    def __init__(
        self,
        host: QMainWindow,
        settings: QSettings,
        docks: Mapping[str, QDockWidget],
        menu: QMenu,
        toolbar: QToolBar,
    ) -> None:
        super().__init__(host)
        self.host, self.settings, self.docks = host, settings, docks
        self.current = Workspace.EXPLORE
        self.group = QActionGroup(self)
        self.actions: dict[Workspace, QAction] = {}
        for number, workspace in enumerate(Workspace, 1):
            action = QAction(f"&{number} {workspace.label}", host)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, w=workspace: self.switch(w))
            self.group.addAction(action)
            menu.addAction(action)
            self.actions[workspace] = action
        menu.addSeparator()
        self.reset_action = menu.addAction("&Reset this workspace", self.reset)
        self.box = QComboBox()
        self.box.setToolTip("Workspace: the docks around the pyramid (Ctrl+1 to Ctrl+4)")
        for workspace in Workspace:
            self.box.addItem(workspace.label, workspace)
        self.box.activated.connect(lambda index: self.switch(Workspace(self.box.itemData(index))))
        toolbar.addSeparator()
        toolbar.addWidget(self.box)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(0)
        self._settle.timeout.connect(self.keep_pyramid_room)
        self._pending: list[QDockWidget] = []
        self._sizing = QTimer(self)
        self._sizing.setSingleShot(True)
        self._sizing.setInterval(0)
        self._sizing.timeout.connect(self._size_pending)
        host.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.host and event.type() == QEvent.Type.Resize:
            self._settle.start()  # once the window's layout has taken the new size
        return False

    def keep_pyramid_room(self) -> None:
        """A smaller window (or an arrangement kept from a bigger one) left the pyramid less
        than half of the window's width or height: the docks give back what it needs."""
        central = self.host.centralWidget()
        if central is None or not self.host.isVisible():
            return
        if (
            central.width() < MIN_SHARE * self.host.width()
            or central.height() < MIN_SHARE * self.host.height()
        ):
            self._size_docks([d for d in self.docks.values() if d.isVisible()])

    # -- choosing ----------------------------------------------------------------------------

    def start(self) -> None:
        """The workspace of the last session (Explore the first time), as it was left."""
        saved = str(self.settings.value(f"{SETTINGS_KEY}/current", Workspace.EXPLORE.value))
        workspace = Workspace(saved) if saved in set(Workspace) else Workspace.EXPLORE
        self._show(workspace)

    def switch(self, workspace: Workspace) -> None:
        """Keep the arrangement of the workspace left, then show ``workspace`` as it was left."""
        if workspace is self.current and self._saved(workspace) is not None:
            self._mark(workspace)
            return
        self.remember()
        self._show(workspace)

    def reset(self) -> None:
        """The current workspace as it came: its docks only, at their first sizes."""
        self.settings.remove(f"{SETTINGS_KEY}/{self.current.value}")
        self._arrange(self.current)

    def remember(self) -> None:
        """Keep the current arrangement of docks (the planner may have moved or resized them)."""
        self.settings.setValue(f"{SETTINGS_KEY}/{self.current.value}", self.host.saveState())
        self.settings.setValue(f"{SETTINGS_KEY}/current", self.current.value)

    # -- arranging ---------------------------------------------------------------------------

    def _show(self, workspace: Workspace) -> None:
        saved = self._saved(workspace)
        self.current = workspace
        if saved is None or not self.host.restoreState(saved):
            self._arrange(workspace)
        self.settings.setValue(f"{SETTINGS_KEY}/current", workspace.value)
        self._mark(workspace)
        self.switched.emit(workspace)

    def _saved(self, workspace: Workspace) -> QByteArray | None:
        value = self.settings.value(f"{SETTINGS_KEY}/{workspace.value}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def _arrange(self, workspace: Workspace) -> None:
        """Only ``workspace``'s docks shown, sized so the pyramid keeps most of the window."""
        shown = [self.docks[name] for name in SHOWN[workspace] if name in self.docks]
        # Nothing painted until the docks have their sizes: the pyramid, resized on the way
        # by each dock shown, hidden and sized, would be painted for each of those sizes. (A
        # window not shown yet paints nothing anyway, and may be grabbed before it is.)
        if self.host.isVisible():
            self.host.setUpdatesEnabled(False)
        for name, dock in self.docks.items():
            if name not in SHOWN[workspace]:
                dock.hide()
        for dock in shown:
            dock.show()
        if shown:
            shown[0].raise_()  # in front of a dock it is tabbed with
        # Sized once the window's layout has taken in what was shown and hidden (and any new
        # size of the window): sized before, the docks get shares of the old layout.
        self._pending = shown
        self._sizing.start()

    def _size_pending(self) -> None:
        self._size_docks(self._pending)
        layout = self.host.layout()
        if layout is not None:
            layout.activate()  # the new sizes are the docks' before anyone is told
        self.host.setUpdatesEnabled(True)  # one paint, of the arrangement as it now is
        self.arranged.emit()

    def _size_docks(self, shown: list[QDockWidget]) -> None:
        layout = self.host.layout()
        if layout is not None:
            layout.activate()  # the docks just shown and hidden take their places first
        width, height = self.host.width(), self.host.height()
        sides = [d for d in shown if self._area(d) in _SIDES]
        bottoms = [d for d in shown if self._area(d) is Qt.DockWidgetArea.BottomDockWidgetArea]
        if sides:
            widths = [max(d.minimumSizeHint().width(), round(SIDE_SHARE * width)) for d in sides]
            self.host.resizeDocks(sides, widths, Qt.Orientation.Horizontal)
        if bottoms:
            heights = [round(BOTTOM_SHARE * height)] * len(bottoms)
            self.host.resizeDocks(bottoms, heights, Qt.Orientation.Vertical)

    def _area(self, dock: QDockWidget) -> Qt.DockWidgetArea:
        return self.host.dockWidgetArea(dock)

    def _mark(self, workspace: Workspace) -> None:
        self.actions[workspace].setChecked(True)
        self.box.setCurrentIndex(list(Workspace).index(workspace))


_SIDES = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
