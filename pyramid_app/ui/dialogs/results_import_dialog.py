"""File > Import results...: the columns of a results file, what it would change, and why rows
are left out, before anything is changed.

The columns are proposed from their names (or as the planner chose them last time for the same
header) and can be changed: a measure column and a value column, or a column per measure (a
"wide" report, one column per measure). Each change reads the file again off the GUI thread.
The preview says what Apply would do - the new values and the new periods, the values it
corrects, the units the project does not know - and lists every row left out with its row
number and the reason. Apply is one undoable step (the window's :class:`ResultsImporter` pushes
it); nothing changes before.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.io.spreadsheet.cells import printable
from pyramid_app.io.spreadsheet.mapping import header_text
from pyramid_app.io.spreadsheet.results_import import (
    ResultsMapping,
    ResultsPreview,
    ResultsRead,
    preview_results,
)
from pyramid_app.model.project import Project
from pyramid_app.model.results import Result
from pyramid_app.ui.dialogs.results_reading import (
    GUESSED,
    PROPOSED,
    REMEMBERED,
    ResultsReadWorker,
)
from pyramid_app.ui.plan.table_parts import LinesModel, capped
from pyramid_app.ui.plan.unit_choices import unit_text, value_text

LONG, WIDE = "long", "wide"
LAYOUTS = [(LONG, "A measure column and a value column"), (WIDE, "A column per measure")]
SHOWN_AT_MOST = 10_000  # rows of a list; the rest is counted in its last row
NO_COLUMN = "(none)"


class ResultsImportDialog(QDialog):
    """The columns on the left, what would change and the problems on the right; ``Apply``
    accepts. ``shown`` fires each time a reading of the file is shown."""

    shown = Signal()

    def __init__(
        self, read: ResultsRead, project: Project, found: str, parent: QWidget | None
    ) -> None:
        """``found``: how the columns were found (proposed, remembered or guessed)."""
        super().__init__(parent)
        self.project = project
        self.read = read
        self.preview: ResultsPreview = preview_results(project, read)
        self.found = found
        self.worker: ResultsReadWorker | None = None
        self.running: set[ResultsReadWorker] = set()  # held until their threads end
        self.setWindowTitle(f"Import results from {printable(read.path.name)}")
        self.resize(1040, 600)

        self.layout_box = QComboBox()
        for key, words in LAYOUTS:
            self.layout_box.addItem(words, key)
        self.period_box, self.unit_box = QComboBox(), QComboBox()
        self.measure_box, self.value_box = QComboBox(), QComboBox()
        self.measures_list = QListWidget()
        self.measures_list.setToolTip("The columns read as measures, each named by its header")
        form = QFormLayout()
        form.addRow("Layout", self.layout_box)
        form.addRow("Period", self.period_box)
        form.addRow("Unit", self.unit_box)
        form.addRow("Measure", self.measure_box)
        form.addRow("Value", self.value_box)
        form.addRow("Measures", self.measures_list)
        self.form = form
        left = QWidget()
        left.setLayout(form)
        left.setMaximumWidth(360)

        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the file
        self.summary.setWordWrap(True)
        self.changes = LinesModel(("Change", "Period", "Unit", "Measure", "Was", "Now"), (4, 5))
        self.problems = LinesModel(("Row", "Cell", "Problem"), (0,))
        self.tabs = QTabWidget()
        self.changes_view = self._view(self.changes)
        self.problems_view = self._view(self.problems)
        self.tabs.addTab(self.changes_view, "What changes")
        self.tabs.addTab(self.problems_view, "Problems")
        right = QVBoxLayout()
        right.addWidget(self.summary)
        right.addWidget(self.tabs, 1)

        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = QPushButton("Apply")
        self.apply_button.setDefault(True)
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(left)
        top.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(150)  # a few quick clicks in the list read the file once
        self._again.timeout.connect(self.read_again)
        self.layout_box.currentIndexChanged.connect(self._layout_changed)
        for box in (self.period_box, self.unit_box, self.measure_box, self.value_box):
            box.currentIndexChanged.connect(self._columns_changed)
        self.measures_list.itemChanged.connect(self._columns_changed)
        self._fill_columns(read)
        self._show(read)

    @staticmethod
    def _view(model: LinesModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setWordWrap(False)
        rows = view.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(view.fontMetrics().height() + 6)
        view.setAlternatingRowColors(True)
        view.horizontalHeader().setStretchLastSection(True)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        return view

    # -- the columns -----------------------------------------------------------------------

    def _fill_columns(self, read: ResultsRead) -> None:
        """The lists offer the header's columns, set to the mapping read with."""
        mapping, headers = read.mapping, read.headers
        names = [printable(header_text(headers, c)) for c in range(len(headers))]
        self._quiet(True)
        self.layout_box.setCurrentIndex(1 if mapping.wide else 0)
        for name, box in self._boxes().items():
            box.clear()
            box.addItem("(none: the whole organisation)" if name == "unit" else NO_COLUMN, None)
            for column, words in enumerate(names):
                box.addItem(words, column)
            chosen = getattr(mapping, name)
            box.setCurrentIndex(0 if chosen is None else chosen + 1)
        self.measures_list.clear()
        for column, words in enumerate(names):
            item = QListWidgetItem(words)
            item.setData(Qt.ItemDataRole.UserRole, column)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = column in mapping.measures
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.measures_list.addItem(item)
        self._quiet(False)
        self._show_layout()
        self._offer_measures()

    def _boxes(self) -> dict[str, QComboBox]:
        return {
            "period": self.period_box,
            "unit": self.unit_box,
            "measure": self.measure_box,
            "value": self.value_box,
        }

    def _quiet(self, quiet: bool) -> None:
        for widget in (self.layout_box, *self._boxes().values(), self.measures_list):
            widget.blockSignals(quiet)

    def _show_layout(self) -> None:
        wide = self.layout_box.currentData() == WIDE
        for widget, shown in (
            (self.measure_box, not wide),
            (self.value_box, not wide),
            (self.measures_list, wide),
        ):
            self.form.setRowVisible(widget, shown)

    def _offer_measures(self) -> None:
        """The measures list leaves out the columns read as the period and the unit."""
        taken = {self.period_box.currentData(), self.unit_box.currentData()} - {None}
        for row in range(self.measures_list.count()):
            item = self.measures_list.item(row)
            item.setHidden(item.data(Qt.ItemDataRole.UserRole) in taken)

    def _layout_changed(self) -> None:
        self._show_layout()
        self._columns_changed()

    def chosen_mapping(self) -> tuple[ResultsMapping | None, str]:
        """The columns as chosen, or None and what is missing."""
        period, unit = self.period_box.currentData(), self.unit_box.currentData()
        if period is None:
            return None, "Choose the column of periods (months, weeks or dates)."
        if self.layout_box.currentData() == WIDE:
            measures = tuple(
                column
                for row in range(self.measures_list.count())
                if (item := self.measures_list.item(row)).checkState() == Qt.CheckState.Checked
                and (column := item.data(Qt.ItemDataRole.UserRole)) not in (period, unit)
            )
            if not measures:
                return None, "Tick the columns to read as measures."
            return ResultsMapping(period, unit, None, None, measures), ""
        measure, value = self.measure_box.currentData(), self.value_box.currentData()
        if measure is None or value is None:
            return None, "Choose the measure column and the value column."
        if len({period, unit, measure, value} - {None}) < 3 + (unit is not None):
            return None, "Each column can be read as one thing only: choose different columns."
        return ResultsMapping(period, unit, measure, value), ""

    def _columns_changed(self) -> None:
        self._offer_measures()
        mapping, missing = self.chosen_mapping()
        if mapping is None:
            self._again.stop()
            self._cancel()
            self.status.setText(missing)
            self.apply_button.setEnabled(False)
            return
        self.status.setText(f"Reading {printable(self.read.path.name)}...")
        self.apply_button.setEnabled(False)
        self._again.start()

    def read_again(self) -> None:
        """Read the file again with the columns chosen, in the background."""
        mapping, _missing = self.chosen_mapping()
        if mapping is None:
            return
        self._cancel()
        worker = ResultsReadWorker(self.read.path, self.project, mapping)
        worker.read_done.connect(
            lambda read, _found: None if worker.cancelled else self._read_again(read)
        )
        worker.failed.connect(lambda message: None if worker.cancelled else self._failed(message))
        worker.finished.connect(lambda: self._retire(worker))
        self.worker = worker
        self.running.add(worker)
        worker.start()

    def _cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.worker = None

    def _retire(self, worker: ResultsReadWorker) -> None:
        worker.wait()
        self.running.discard(worker)

    def _read_again(self, read: ResultsRead) -> None:
        self.worker = None
        self.found = PROPOSED  # by the planner now
        self._show(read)

    def _failed(self, message: str) -> None:
        self.worker = None
        self.status.setText(message)
        self.apply_button.setEnabled(False)

    # -- what it would do ------------------------------------------------------------------

    def _show(self, read: ResultsRead) -> None:
        self.read = read
        self.preview = preview = preview_results(self.project, read)
        update = preview.update
        customer_map = self.project.customer_map

        def words(result: Result) -> tuple[str, str, str]:
            return result.period.text, unit_text(result.unit, customer_map), result.measure

        lines: list[tuple[str, ...]] = [
            ("corrected", *words(new), value_text(old.measure, old.value),
             value_text(new.measure, new.value))
            for old, new in update.corrected[:SHOWN_AT_MOST]
        ]  # fmt: skip
        room = SHOWN_AT_MOST - len(lines)
        lines += [
            ("new", *words(new), "", value_text(new.measure, new.value))
            for new in update.new[: max(room, 0)]
        ]
        self.changes.show_lines(capped(lines, len(update.corrected) + len(update.new)))
        problems = read.problems
        self.problems.show_lines(
            capped(
                [
                    (f"{p.row:,}", printable(read.where(p)), printable(p.message))
                    for p in problems[:SHOWN_AT_MOST]
                ],
                len(problems),
            )
        )
        for view in (self.changes_view, self.problems_view):
            view.resizeColumnsToContents()
        rows = len({p.row for p in problems})
        self.tabs.setTabText(0, f"What changes ({len(update.new) + len(update.corrected):,})")
        self.tabs.setTabText(1, f"Problems ({rows:,} {read.row_word}{'s' if rows != 1 else ''})")
        self.summary.setText(self.summary_text())
        empty = update.empty
        self.status.setText(
            "Nothing to import: every value read is in the project already." if empty else ""
        )
        self.apply_button.setEnabled(not empty)
        self.shown.emit()

    def summary_text(self) -> str:
        read, update = self.read, self.preview.update
        place = "" if read.real_format == "text" else f", sheet “{read.sheet}”"
        rows = len({p.row for p in read.problems})
        lines = [
            f"{read.path.name}{place}, header on {read.row_word} {read.header_row}.",
            f"{len(read.results):,} results read; problems in {rows:,} {read.row_word}"
            f"{'s' if rows != 1 else ''} (those cells or rows are left out; see Problems).",
        ]
        if update.empty:
            lines.append("Apply would change nothing: every value is in the project already.")
        else:
            change = (
                f"Apply adds {len(update.new):,} new value{'s' if len(update.new) != 1 else ''}"
            )
            if update.new_periods:
                periods = ", ".join(p.text for p in update.new_periods[:12])
                more = len(update.new_periods) - 12
                change += f" (new periods: {periods}{f' and {more} more' if more > 0 else ''})"
            change += f" and corrects {len(update.corrected):,}"
            same = "is" if update.unchanged == 1 else "are"
            lines.append(f"{change}; {update.unchanged:,} {same} the same already.")
        unknown = self.preview.unknown_units
        if unknown:
            names = ", ".join(
                f"“{name}” ({count:,} {read.row_word}{'s' if count != 1 else ''})"
                for name, count in sorted(unknown.items())[:10]
            )
            lines.append(f"Units this project does not know (their rows are left out): {names}.")
        lines += read.notes
        if self.found == REMEMBERED:
            lines.append("The columns are as you chose them last time for this header.")
        elif self.found == GUESSED:
            lines.insert(
                0,
                "No column is named like a period (month, week or date): choose the columns "
                "on the left.",
            )
        return "\n".join(printable(line) for line in lines)

    def done(self, result: int) -> None:
        self._again.stop()
        self._cancel()
        super().done(result)
