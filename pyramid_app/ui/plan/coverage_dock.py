"""The coverage dashboard (View > Coverage dashboard) and everything else that shows coverage.

:func:`install_coverage` puts into the window the parts that show the context's one
:class:`WindowCoverage` (its tracker follows every edit): the "Coverage" colouring, the coverage
line in the Details dock, and the dashboard dock. The dashboard shows the headline figures, bars
per level, the served share per department or location and the gaps list; it is refreshed while
visible; hidden, it catches up once the window is idle, or when shown again if sooner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.model.coverage import Coverage
from pyramid_app.model.coverage_frame import Column
from pyramid_app.ui.idle_work import FollowAndWarm, idle_work
from pyramid_app.ui.menus import FollowWhileShown, menu_titled
from pyramid_app.ui.plan.coverage_charts import LevelBars
from pyramid_app.ui.plan.coverage_colours import CoverageColours
from pyramid_app.ui.plan.coverage_details import CoverageNote
from pyramid_app.ui.plan.coverage_source import WindowCoverage
from pyramid_app.ui.plan.coverage_tables import GapsModel, ShareModel, gap_rows

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext
    from pyramid_app.ui.details_panel import DetailsPanel

SHORTCUT = "Ctrl+Shift+C"
COLUMNS: dict[str, Column] = {"Department": "departments", "Location": "locations"}
NO_NEEDS = "<i>Touchpoint needs: none mapped yet.</i>"


def headline(coverage: Coverage) -> str:
    """ "Front line served: 41 of 294 (14%) · managers with an active commitment: 29 of 86",
    and the front line not connected to the chief executive where there is any."""
    share = coverage.served_share()
    served = f"Front line served: {share.served:,} of {share.total:,}"
    if share.fraction is not None:
        served += f" ({share.fraction:.0%})"
    managers = int(coverage.level_managers.sum())
    active = int(coverage.level_with_active.sum())
    text = f"{served} · managers with an active commitment: {active:,} of {managers:,}"
    loose = coverage.not_connected_total
    if loose:
        text += f" · front line not connected to the chief executive: {loose:,}"
    return text


def _table(model: ShareModel | GapsModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
    return table


def _fit(table: QTableView, columns: tuple[int, ...]) -> None:
    """Each of ``columns`` as wide as its contents (and its title)."""
    for column in columns:
        table.resizeColumnToContents(column)


def _titled(title: str, *widgets: QWidget, extra: QWidget | None = None) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(4, 0, 4, 0)
    layout.setSpacing(3)
    top = QHBoxLayout()
    top.addWidget(QLabel(f"<b>{title}</b>"))
    top.addStretch(1)
    if extra is not None:
        top.addWidget(extra)
    layout.addLayout(top)
    for widget in widgets:
        layout.addWidget(widget, 1 if isinstance(widget, QTableView | LevelBars) else 0)
    return box


class CoverageDashboard(QWidget):
    """The figures of one coverage snapshot: headline, bars, shares and gaps."""

    def __init__(self, context: WindowContext, source: WindowCoverage) -> None:
        super().__init__()
        self.context, self.source = context, source
        self.follower: FollowWhileShown | None = None  # set by install_coverage, with the dock
        self.headline = QLabel()
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setWordWrap(True)
        self.bars = LevelBars()
        self.needs_box = QVBoxLayout()
        self.needs_box.setContentsMargins(0, 0, 0, 0)
        self.needs = QLabel(NO_NEEDS)
        self.needs.setWordWrap(True)
        self.needs_box.addWidget(self.needs)
        needs = self.needs_holder = QWidget()
        needs.setLayout(self.needs_box)

        self.by = QComboBox()
        self.by.addItems(list(COLUMNS))
        self.by.setToolTip("Count the front line per department or per location")
        self.by.currentIndexChanged.connect(lambda _i: self.refresh())
        self.shares = ShareModel()
        self.share_table = _table(self.shares)
        # Columns fitted to their contents when refilled (_fit), not at every layout: a
        # hundred-department table measured its cells again each time the dock was shown.
        header = self.share_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        self.gaps = GapsModel()
        self.gaps_table = _table(self.gaps)
        self.gaps_table.horizontalHeader().setStretchLastSection(True)
        self.gaps_table.clicked.connect(self._gap_chosen)
        self.gaps_table.activated.connect(self._gap_chosen)
        self.gaps_empty = QLabel()
        self.gaps_empty.setWordWrap(True)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(_titled("Managers with a commitment, per level", self.bars))
        split.addWidget(_titled("Front line served by", self.share_table, extra=self.by))
        # Gaps and touchpoint needs share the widest place as tabs: both are tables of words.
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        gaps = _titled(
            "Gaps: whose commitment would serve the most", self.gaps_empty, self.gaps_table
        )
        self.tabs.addTab(gaps, "Gaps")
        self.tabs.addTab(needs, "Touchpoint needs")
        split.addWidget(self.tabs)
        split.setSizes([330, 330, 560])
        self.needs_widget: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.headline)
        layout.addWidget(split, 1)
        self.shown: Coverage | None = None

    def sizeHint(self) -> QSize:
        # Short and wide: the pyramid above keeps most of the window.
        return QSize(1200, 300)

    # -- filling ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the window's coverage now (the touchpoint needs too)."""
        self.show_coverage(self.source.coverage())
        refresh_needs = getattr(self.needs_widget, "refresh", None)
        if callable(refresh_needs):
            refresh_needs()
        tab_title = getattr(self.needs_widget, "tab_title", None)
        if callable(tab_title):
            self.tabs.setTabText(self.tabs.indexOf(self.needs_holder), tab_title())

    def show_needs(self) -> None:
        """Bring the touchpoint needs tab to the front."""
        self.tabs.setCurrentWidget(self.needs_holder)

    def show_coverage(self, coverage: Coverage | None) -> None:
        self.shown = coverage
        title = self.by.currentText()
        if coverage is None:
            self.headline.setText("<i>Open a project to see its coverage.</i>")
            self.bars.show_levels([])
            self.shares.show_rows(title, [])
            self.gaps.show_rows([])
            self.gaps_empty.setVisible(False)
            return
        self.headline.setText(f"<b>{headline(coverage)}</b>")
        self.bars.show_levels(coverage.level_table())
        self.shares.show_rows(title, coverage.served_share_by(COLUMNS[title]))
        _fit(self.share_table, (1, 2, 3))
        rows = gap_rows(coverage)
        self.gaps.show_rows(rows)
        _fit(self.gaps_table, (0, 1, 2, 3))
        self.gaps_empty.setVisible(not rows)
        self.gaps_table.setVisible(bool(rows))
        if not rows:
            everyone = coverage.front_line_served == coverage.front_line_total
            self.gaps_empty.setText(
                "<i>No gaps: every front-line person is served.</i>"
                if everyone
                else "<i>No gaps.</i>"
            )

    def set_needs_widget(self, widget: QWidget) -> None:
        """Put the touchpoint needs table (made elsewhere) where the placeholder is; if it has
        a ``refresh()``, the dashboard calls it whenever it refreshes itself."""
        while self.needs_box.count():
            item = self.needs_box.takeAt(0)
            held = item.widget() if item is not None else None
            if held is not None:
                held.setParent(None)
        self.needs_box.addWidget(widget)
        self.needs_widget = widget

    def _gap_chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self.context.shown.select_person(self.gaps.person_at(index.row()))


class CoverageParts(NamedTuple):
    """What :func:`install_coverage` made."""

    colours: CoverageColours
    note: CoverageNote
    dashboard: CoverageDashboard
    dock: QDockWidget


def install_coverage(
    context: WindowContext, details: DetailsPanel, plan_dock: QDockWidget
) -> CoverageParts:
    """Coverage in the window: the colours, the Details line and the dashboard dock (bottom,
    tabbed with the Plan dock, hidden at first; View > Coverage dashboard, Ctrl+Shift+C)."""
    source = context.coverage
    colours = CoverageColours(context)
    note = CoverageNote(context, source)
    details.add_section(note)

    dashboard = CoverageDashboard(context, source)
    dock = QDockWidget("Coverage", context.host)
    dock.setObjectName("coverage")
    dock.setWidget(dashboard)
    context.host.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    # Both at the bottom as tabs: side by side, each would be too narrow to read.
    context.host.tabifyDockWidget(plan_dock, dock)
    dock.hide()
    toggle = dock.toggleViewAction()
    toggle.setText("Coverage &dashboard")
    toggle.setShortcut(QKeySequence(SHORTCUT))
    # Shown from the menu while the plan table is open: in front, not behind its tab.
    toggle.triggered.connect(lambda checked: dock.raise_() if checked else None)
    menu_titled(context.host, "View").addAction(toggle)
    # Refreshed after each change while it is shown; hidden, it catches up once the window is
    # idle (or when shown again, if sooner): the Review workspace opens on current figures.
    idle = source.idle = idle_work(context.host)
    follower = FollowAndWarm(dock, dashboard.refresh, idle)
    source.changed.connect(follower.changed)
    dashboard.follower = follower
    return CoverageParts(colours, note, dashboard, dock)
