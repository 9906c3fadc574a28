"""The details panel: the selected person's fields, who serves them, and their reports."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.model.audience import EMAIL, shown_details
from pyramid_app.model.org import OrgChart

MAX_LISTED_REPORTS = 300
MAX_ROWS_SHOWN = 8  # a longer list scrolls inside itself


class DetailsPanel(QWidget):
    """Read-only view of one person; clicking a name in a list selects that person."""

    person_chosen = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.hidden: frozenset[str] = frozenset()  # columns hidden from the audience
        self.presenting = False
        self.fields = QLabel()
        self.fields.setTextFormat(Qt.TextFormat.RichText)
        self.fields.setWordWrap(True)
        self.fields.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fields.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.chain_title = QLabel("<b>Who serves them</b> (down to the chief executive)")
        self.chain = QListWidget()
        self.reports_title = QLabel()
        self.reports = QListWidget()
        # One scrolling page: the plan's sections (added under the fields) can be tall, and the
        # lists take the height of their rows instead of sharing out what is left.
        page = QWidget()
        layout = QVBoxLayout(page)
        for widget in (self.fields, self.chain_title, self.chain, self.reports_title, self.reports):
            layout.addWidget(widget)
        layout.addStretch(1)
        self._page_layout = layout
        self.page = QScrollArea()
        self.page.setWidget(page)
        self.page.setWidgetResizable(True)
        self.page.setFrameShape(QFrame.Shape.NoFrame)
        self.page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.page)
        self.chain.itemActivated.connect(self._chosen)
        self.chain.itemClicked.connect(self._chosen)
        self.reports.itemActivated.connect(self._chosen)
        self.reports.itemClicked.connect(self._chosen)
        self.show_person(None, None)

    def bring_into_view(self, widget: QWidget) -> None:
        """Scroll the page so all of ``widget`` shows (its top, if it is taller than the
        dock), once the page has laid out what just changed."""
        QTimer.singleShot(0, lambda: self._bring(widget))

    def _bring(self, widget: QWidget) -> None:
        # The layouts waiting to run first (the form just shown, the page around it grown to
        # hold it): scrolled before them, the form would be measured at its old size.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.page.ensureWidgetVisible(widget, 0, 0)

    def add_section(self, widget: QWidget, stretch: int = 0) -> None:
        """Show ``widget`` right under the person's fields (the plan's panels); it hides itself."""
        layout = self._page_layout
        layout.insertWidget(layout.indexOf(self.fields) + 1, widget, stretch)

    def set_audience(self, hidden: frozenset[str], presenting: bool) -> None:
        """The columns hidden from the audience: left out while presenting, marked otherwise.
        Takes effect at the next :meth:`show_person`."""
        self.hidden, self.presenting = hidden, presenting

    def show_person(self, chart: OrgChart | None, index: int | None) -> None:
        self.chain.clear()
        self.reports.clear()
        for widget in (self.chain_title, self.chain, self.reports_title, self.reports):
            widget.setVisible(chart is not None and index is not None)
        if chart is None or index is None:
            self.fields.setText(
                "<i>Click a person in the pyramid, or press Ctrl+F to find one.</i>"
            )
            self.reports_title.setText("")
            return
        person = chart.person(index)
        rows = [
            ("Id", person.id),
            ("Title", person.title),
            ("Department", person.department),
            ("Location", person.location),
            (EMAIL, person.email),
            *person.attributes.items(),
        ]
        shown, marked = shown_details(chart, self.hidden, self.presenting)
        kept = {"Id", "Title", "Department", "Location", *shown}
        rows = [
            (f"{key} (hidden from the audience)" if key in marked else key, value)
            for key, value in rows
            if key in kept
        ]
        span = int(chart.span_of_control[index])
        rows.append(
            ("Span of control", f"{span} direct, {int(chart.subtree_size[index]) - 1:,} in all")
        )
        table = "".join(
            f"<tr><td style='color:#56606b;padding-right:8px'>{html.escape(key)}</td>"
            f"<td>{html.escape(value)}</td></tr>"
            for key, value in rows
            if value
        )
        heading = html.escape(person.name or person.id)
        self.fields.setText(f"<h3 style='margin:0'>{heading}</h3><table>{table}</table>")
        # People only: a synthetic group (Unassigned, a placeholder, the Organisation root)
        # serves nobody.
        chain = [node for node in chart.chain_to_root(index)[1:] if chart.real[node]]
        for step, node in enumerate(chain, start=1):
            self._add(self.chain, chart, node, f"{step}. ")
        self.chain_title.setVisible(bool(chain))
        self.chain.setVisible(bool(chain))
        reports = chart.children(index)
        self.reports_title.setText(f"<b>Direct reports</b> ({reports.shape[0]:,})")
        for node in reports[:MAX_LISTED_REPORTS].tolist():
            self._add(self.reports, chart, node)
        if reports.shape[0] > MAX_LISTED_REPORTS:
            more = QListWidgetItem(f"... and {reports.shape[0] - MAX_LISTED_REPORTS:,} more")
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.reports.addItem(more)
        self.reports.setVisible(reports.shape[0] > 0)
        for widget in (self.chain, self.reports):
            _fit_rows(widget)

    @staticmethod
    def _add(widget: QListWidget, chart: OrgChart, node: int, prefix: str = "") -> None:
        label = chart.names[node] or chart.ids[node]
        if chart.titles[node]:
            label += f" - {chart.titles[node]}"
        item = QListWidgetItem(prefix + label)
        item.setData(Qt.ItemDataRole.UserRole, node)
        widget.addItem(item)

    def _chosen(self, item: QListWidgetItem) -> None:
        node = item.data(Qt.ItemDataRole.UserRole)
        if node is not None:
            self.person_chosen.emit(int(node))


def _fit_rows(widget: QListWidget) -> None:
    """As tall as its rows, up to :data:`MAX_ROWS_SHOWN`."""
    rows = min(max(widget.count(), 1), MAX_ROWS_SHOWN)
    row = widget.sizeHintForRow(0) if widget.count() else widget.fontMetrics().height() + 4
    widget.setFixedHeight(rows * row + 2 * widget.frameWidth() + 4)
