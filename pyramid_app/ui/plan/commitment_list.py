"""The list of one manager's commitments: a few lines per commitment, painted by a delegate.

Each row reads like a card: id and a coloured status, the due date (red when overdue), the text,
then the practice and whom it serves, the latest progress note and any flags in grey and amber.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from pyramid_app.model.plan import Commitment, Status
from pyramid_app.ui.dates import short_date

STATUS_COLOURS = {
    Status.PLANNED: QColor("#5b6b7c"),
    Status.IN_PROGRESS: QColor("#1565c0"),
    Status.DONE: QColor("#2e7d32"),
    Status.DROPPED: QColor("#8a8a8a"),
}
OVERDUE = QColor("#c62828")
FLAG = QColor("#a15c00")
ANSWERS = QColor("#0f6b66")  # the badge colour: what the commitment does for the customers
MUTED = QColor("#5f6670")
ROLE = Qt.ItemDataRole.UserRole
PAD = 6
MAX_TEXT_LINES = 3
MAX_LIST_HEIGHT = 290


@dataclass(frozen=True)
class CommitmentRow:
    """What one row shows; names are resolved by the panel, which knows the organisation."""

    commitment: Commitment
    serves: str  # "all direct reports" or names
    flags: tuple[str, ...] = ()
    overdue: bool = False
    needs: tuple[str, ...] = ()  # the words of the touchpoint needs it answers

    @property
    def answers(self) -> str:
        """ "answers: a check-in tablet; the day's arrivals" (empty when it answers none).

        A dropped commitment answers nothing any more; it still says what it was meant for.
        """
        if not self.needs:
            return ""
        verb = "was meant to answer" if not self.commitment.active else "answers"
        return f"{verb}: {'; '.join(self.needs)}"

    @property
    def detail(self) -> str:
        parts = [self.commitment.practice or "no practice", f"serves {self.serves}"]
        if self.commitment.cadence:
            parts.append(self.commitment.cadence)
        return " · ".join(parts)

    @property
    def note(self) -> str:
        last = self.commitment.last_note
        return f"{short_date(last.on)}: {last.text}" if last else ""

    def tooltip(self) -> str:
        c = self.commitment
        lines = [f"{c.id} - {c.status.value}", c.text, self.detail]
        if c.measure:
            lines.append(f"Measure: {c.measure}")
        if c.due:
            lines.append(f"Due {short_date(c.due)}" + (" (overdue)" if self.overdue else ""))
        if c.owner_note:
            lines.append(f"Note: {c.owner_note}")
        if self.note:
            lines.append(f"Latest progress {self.note}")
        lines += [f"Answers: {need}" for need in self.needs]
        lines += [f"⚠ {flag}" for flag in self.flags]
        return "\n".join(lines)


class CommitmentDelegate(QStyledItemDelegate):
    """Paints a :class:`CommitmentRow`; the height follows the wrapped text (at most 3 lines)."""

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        base = QFont(option.font)
        bold = QFont(base)
        bold.setBold(True)
        small = QFont(base)
        small.setPointSizeF(max(base.pointSizeF() * 0.9, 7.0))
        return base, bold, small

    def _text_height(
        self, font: QFont, width: int, text: str, max_lines: int = MAX_TEXT_LINES
    ) -> int:
        metrics = QFontMetrics(font)
        wrapped = metrics.boundingRect(
            QRect(0, 0, max(width, 40), 100_000), Qt.TextFlag.TextWordWrap, text
        ).height()
        return min(wrapped, metrics.lineSpacing() * max_lines)

    def _width(self, option: QStyleOptionViewItem) -> int:
        widget = option.widget
        if isinstance(widget, QAbstractItemView):
            return widget.viewport().width() - 2 * PAD
        return option.rect.width() - 2 * PAD

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        row: CommitmentRow | None = index.data(ROLE)
        if row is None:
            return super().sizeHint(option, index)
        base, _bold, small = self._fonts(option)
        width = self._width(option)
        small_line = QFontMetrics(small).lineSpacing()
        height = PAD + QFontMetrics(base).lineSpacing() + 2
        height += self._text_height(base, width, row.commitment.text) + 2
        height += small_line * (1 + bool(row.note) + bool(row.needs))
        # Flags say what to fix, so they wrap onto a second line rather than lose their end.
        height += sum(self._text_height(small, width, f"⚠ {flag}", 2) for flag in row.flags)
        return QSize(width, height + PAD)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        row: CommitmentRow | None = index.data(ROLE)
        if row is None:
            super().paint(painter, option, index)
            return
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, background, painter, widget
            )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        ink = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = ink if selected else MUTED
        base, bold, small = self._fonts(option)
        c = row.commitment
        rect = option.rect.adjusted(PAD, PAD, -PAD, -PAD)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)

        # First line: id, status pill, due date on the right.
        line = QFontMetrics(base).lineSpacing()
        painter.setFont(bold)
        painter.setPen(ink)
        id_width = QFontMetrics(bold).horizontalAdvance(c.id)
        painter.drawText(QRect(rect.left(), rect.top(), id_width, line), 0, c.id)
        painter.setFont(small)
        small_metrics = QFontMetrics(small)
        pill_text = c.status.value
        pill = QRect(
            rect.left() + id_width + 8,
            rect.top() + 1,
            small_metrics.horizontalAdvance(pill_text) + 12,
            line - 2,
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(STATUS_COLOURS[c.status])
        painter.drawRoundedRect(pill, 6, 6)
        painter.setPen(QColor("white"))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, pill_text)
        if c.due is not None:
            due = f"due {short_date(c.due)}" + (" · overdue" if row.overdue else "")
            painter.setPen(OVERDUE if row.overdue and not selected else muted)
            due_rect = QRect(pill.right() + 8, rect.top(), rect.right() - pill.right() - 8, line)
            painter.drawText(
                due_rect,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                small_metrics.elidedText(due, Qt.TextElideMode.ElideLeft, due_rect.width()),
            )
        top = rect.top() + line + 2

        # The commitment itself, wrapped; strike it through when dropped.
        text_font = QFont(base)
        text_font.setStrikeOut(c.status is Status.DROPPED)
        painter.setFont(text_font)
        painter.setPen(ink)
        height = self._text_height(base, rect.width(), c.text)
        painter.drawText(
            QRect(rect.left(), top, rect.width(), height),
            int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignTop),
            c.text,
        )
        top += height + 2

        # Practice and whom it serves, the latest note, then any flags.
        painter.setFont(small)
        small_line = small_metrics.lineSpacing()
        lines = [(row.detail, muted)]
        if row.needs:
            lines.append((row.answers, ink if selected else ANSWERS))
        if row.note:
            lines.append((row.note, muted))
        for text, colour in lines:
            painter.setPen(colour)
            painter.drawText(
                QRect(rect.left(), top, rect.width(), small_line),
                0,
                small_metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width()),
            )
            top += small_line
        painter.setPen(ink if selected else FLAG)
        for flag in row.flags:
            text = f"⚠ {flag}"
            height = self._text_height(small, rect.width(), text, 2)
            painter.drawText(
                QRect(rect.left(), top, rect.width(), height),
                int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignTop),
                text,
            )
            top += height
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        painter.restore()


class CommitmentList(QListWidget):
    """One manager's commitments; the current row is the commitment the editor shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(CommitmentDelegate(self))
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(False)
        self.setWordWrap(True)

    def show_rows(self, rows: list[CommitmentRow], current_id: str | None) -> None:
        """Replace the rows, keeping ``current_id`` current if it is still there."""
        self.blockSignals(True)
        try:
            self.clear()
            for row in rows:
                item = QListWidgetItem()
                item.setData(ROLE, row)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, row.tooltip())
                item.setToolTip(row.tooltip())
                self.addItem(item)
        finally:
            self.blockSignals(False)
        ids = [row.commitment.id for row in rows]
        self.setCurrentRow(ids.index(current_id) if current_id in ids else -1)
        self.fit_height()

    def show_typed(self, commitment_id: str, name: str, value: str) -> None:
        """Show words being typed into a field of a commitment in its row, before they are
        saved; the next :meth:`show_rows` shows the plan again."""
        for position in range(self.count()):
            item = self.item(position)
            row: CommitmentRow | None = item.data(ROLE)
            if row is None or row.commitment.id != commitment_id:
                continue
            if getattr(row.commitment, name) == value:
                return
            field: dict[str, Any] = {name: value}
            typed = replace(row, commitment=replace(row.commitment, **field))
            item.setData(ROLE, typed)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, typed.tooltip())
            item.setToolTip(typed.tooltip())
            # The row's height follows its wrapped text.
            self.scheduleDelayedItemsLayout()
            self.fit_height()
            return

    def fit_height(self) -> None:
        """As tall as its first few rows (about three cards); more rows scroll inside."""
        total = 0
        for row in range(self.count()):
            total += self.sizeHintForRow(row)
            if total >= MAX_LIST_HEIGHT:
                break
        self.setFixedHeight(min(max(total, 40), MAX_LIST_HEIGHT) + 2 * self.frameWidth())

    def current_id(self) -> str | None:
        item = self.currentItem()
        row: CommitmentRow | None = item.data(ROLE) if item is not None else None
        return row.commitment.id if row is not None else None

    def ids(self) -> list[str]:
        return [self.item(i).data(ROLE).commitment.id for i in range(self.count())]

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Row heights follow the wrapped text, so a new width needs new heights.
        self.scheduleDelayedItemsLayout()
        self.fit_height()
