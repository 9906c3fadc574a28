"""A line in the Details dock: is the selected person served, and if not, which link is broken."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from pyramid_app.ui.plan.coverage_source import WindowCoverage
from pyramid_app.ui.plan.served_by import coverage_html

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext


class CoverageNote(QWidget):
    """Coverage of the selected person; a manager named in it is a link that selects them."""

    def __init__(self, context: WindowContext, source: WindowCoverage) -> None:
        super().__init__()
        self.context, self.source = context, source
        self.title = QLabel("<b>Coverage</b>")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.linkActivated.connect(lambda person_id: context.shown.select_person(person_id))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        context.selection_changed.connect(self.refresh)
        source.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        project, person_id = self.context.project, self.context.state.selected
        html = ""
        if project is not None and person_id is not None and project.has_person(person_id):
            coverage = self.source.coverage()
            if coverage is not None:
                html = coverage_html(coverage, coverage.chart.index_of(person_id))
        self.text.setText(html)
        self.setVisible(bool(html))
