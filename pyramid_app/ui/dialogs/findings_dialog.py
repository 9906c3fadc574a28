"""The import report as a table; choosing a finding selects the person it names.

The report stays open beside the pyramid while the user walks through its rows, so it must not
hide the person a row brings into view: it opens over the lower right of the window, and when
it still covers the person, the view moves them into the largest part it leaves free.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QPoint, QPointF, QRect, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.io import ImportResult
from pyramid_app.model.org import OrgChart
from pyramid_app.ui.pyramid.view import PyramidView

MAX_ROWS = 50_000
# Room a selected card needs around its centre to be seen whole, in pixels.
CARD_ROOM = (220, 110)


class FindingsDialog(QDialog):
    """Lists every finding of the import (repairs and notes); ``person_chosen`` carries a chart
    index. Texts from the file are escaped wherever Qt would read them as HTML."""

    person_chosen = Signal(int)

    def __init__(self, result: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import report - {result.path.name}")
        self.resize(900, 420)
        self.chart: OrgChart = result.chart
        findings = result.report.findings
        repairs = len(result.report.repairs())
        noted = len(findings) - repairs
        parts = []
        if repairs:
            parts.append(
                f"{repairs:,} data problem{'s' if repairs != 1 else ''} "
                f"{'was' if repairs == 1 else 'were'} repaired as described"
            )
        if noted:
            parts.append(
                f"{noted:,} finding{'s' if noted != 1 else ''} "
                f"{'is' if noted == 1 else 'are'} noted, with nothing changed"
            )
        notes = "".join(f"<br>{html.escape(note)}" for note in result.report.notes)
        intro = QLabel(
            f"In <b>{html.escape(result.path.name)}</b>, {' and '.join(parts) or 'nothing'}. "
            f"Click a row to select the person it names.{notes}"
        )
        intro.setTextFormat(Qt.TextFormat.RichText)
        intro.setWordWrap(True)
        self.table = QTableWidget(min(len(findings), MAX_ROWS), 3)
        self.table.setHorizontalHeaderLabels(["Where", "Problem", "What was done"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, finding in enumerate(findings[:MAX_ROWS]):
            cells = (finding.cell, finding.kind.value.replace("-", " "), finding.message)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, finding.person_ids)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        # A row chosen with the mouse or the arrow keys shows its person; clicking the chosen
        # row again shows them again (after the user panned away).
        self._moved_to_row = False
        self.table.currentCellChanged.connect(self._row_changed)
        self.table.cellClicked.connect(self._row_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def _row_changed(self, row: int, _column: int, _old_row: int, _old_column: int) -> None:
        if row >= 0:
            self._moved_to_row = True
            self._choose(row)

    def _row_clicked(self, row: int, _column: int) -> None:
        if self._moved_to_row:
            self._moved_to_row = False  # the press already chose this row
            return
        self._choose(row)

    def _choose(self, row: int) -> None:
        item = self.table.item(row, 0)
        if item is None:
            return
        for person_id in item.data(Qt.ItemDataRole.UserRole) or ():
            try:
                self.person_chosen.emit(self.chart.index_of(person_id))
            except KeyError:
                continue
            return

    def place_beside(self, window: QWidget) -> None:
        """Open over the lower right of ``window``, leaving the top and left of the view free."""
        frame = window.frameGeometry()
        width = min(900, max(480, frame.width() * 11 // 20))
        height = min(420, max(240, frame.height() * 2 // 5))
        self.resize(width, height)
        self.move(frame.right() - width - 12, frame.bottom() - height - 12)


def keep_clear_of(cover: QWidget, view: PyramidView, node: int) -> None:
    """Pan ``view`` so that ``node`` is not under ``cover`` (a window over it).

    The person goes to the middle of the largest strip of the view that ``cover`` leaves free;
    if no strip can hold a card, ``cover`` moves below or beside the view instead.
    """
    data = view.data
    if data is None or not cover.isVisible() or not data.layout.visible[node]:
        return
    view_box = view.view_box
    viewport = view.viewport()
    point = QPointF(float(data.layout.x[node]), float(data.layout.y[node]))

    def on_screen() -> QPoint:
        scene: QPointF = view_box.mapViewToScene(point)
        return viewport.mapToGlobal(view.mapFromScene(scene))

    shown = QRect(viewport.mapToGlobal(QPoint(0, 0)), viewport.size())
    covered = cover.frameGeometry()
    room_w, room_h = CARD_ROOM
    card = QRect(0, 0, room_w, room_h)
    card.moveCenter(on_screen())
    if not card.intersects(covered) and shown.contains(card.center()):
        return
    strips = [
        QRect(shown.left(), shown.top(), covered.left() - shown.left(), shown.height()),
        QRect(covered.right() + 1, shown.top(), shown.right() - covered.right(), shown.height()),
        QRect(shown.left(), shown.top(), shown.width(), covered.top() - shown.top()),
        QRect(shown.left(), covered.bottom() + 1, shown.width(), shown.bottom() - covered.bottom()),
    ]
    strips = [
        strip.intersected(shown)
        for strip in strips
        if strip.width() >= room_w and strip.height() >= room_h
    ]
    if not strips:
        _step_aside(cover, shown)
        return
    free = max(strips, key=lambda strip: strip.width() * strip.height())
    target = view_box.mapSceneToView(view.mapToScene(viewport.mapFromGlobal(free.center())))
    (x0, x1), (y0, y1) = view_box.viewRange()
    dx, dy = point.x() - target.x(), point.y() - target.y()
    # Past the drawing's edge if need be: a person at the edge still comes clear of the report.
    view_box.show_exactly((x0 + dx, x1 + dx), (y0 + dy, y1 + dy))


def _step_aside(cover: QWidget, shown: QRect) -> None:
    """Move ``cover`` off the view: below it, else to its right, else to its left."""
    screen = cover.screen().availableGeometry()
    frame = cover.frameGeometry()
    for place in (
        QPoint(frame.left(), shown.bottom() + 1),
        QPoint(shown.right() + 1, frame.top()),
        QPoint(shown.left() - frame.width(), frame.top()),
    ):
        moved = QRect(place, frame.size())
        if screen.contains(moved):
            cover.move(place)
            return
    # No room on screen: the lower right corner of the view, as small as it can be.
    cover.resize(cover.minimumSizeHint())
    cover.move(shown.right() - cover.frameGeometry().width(), shown.bottom() - cover.height())
