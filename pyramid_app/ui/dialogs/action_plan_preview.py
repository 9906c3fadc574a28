"""File > Import plan updates: what an edited action plan would change, before anything does.

Tabs list the changed commitments field by field, the new rows, the rows missing from the
workbook (kept unless the planner ticks the box to delete them), the conflicts (each with a
choice: keep the app's value or take the workbook's), the results typed into the Results sheet
(:mod:`~pyramid_app.ui.dialogs.plan_results_tab`) and the problems, each with its sheet row.
Apply accepts the dialog; the window then applies everything as one undoable step.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.io.workbook.results_record import RESULTS_CHOICE
from pyramid_app.io.workbook.writer import Choice, UpdatesPreview
from pyramid_app.model.project import Project
from pyramid_app.ui.dates import short_date
from pyramid_app.ui.dialogs.plan_results_tab import ResultsTab

MAX_ROWS_PER_TAB = 2000
CHOICE_TEXTS = {Choice.APP: "Keep the app's", Choice.WORKBOOK: "Take the workbook's"}


def _short(text: str, width: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


class PlanUpdatesDialog(QDialog):
    """The preview of an import; :meth:`choices` and :attr:`delete_missing` once accepted."""

    def __init__(
        self, project: Project, preview: UpdatesPreview, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.preview = preview
        self.project = project
        self.setWindowTitle(f"Import plan updates from {preview.path.name}")
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        self.summary = QLabel(preview.summary())
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        for warning in preview.warnings:
            label = QLabel(warning)
            label.setWordWrap(True)
            label.setStyleSheet("color: #9c0006;")
            layout.addWidget(label)

        self.tabs = QTabWidget()
        self._changed_tab()
        self._new_tab()
        self._missing_tab()
        self._conflicts_tab()
        self.results_tab: ResultsTab | None = None
        if preview.results is not None:
            self.results_tab = ResultsTab(project, preview.results)
            self.tabs.addTab(self.results_tab, f"Results ({self.results_tab.count:,})")
            self.results_tab.take_box.toggled.connect(self._update_apply)
        self._problems_tab()
        layout.addWidget(self.tabs, 1)
        first_busy = next(
            (i for i in range(self.tabs.count()) if not self.tabs.tabText(i).endswith("(0)")), 0
        )
        self.tabs.setCurrentIndex(first_busy)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.addButton("Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.delete_box.toggled.connect(self._update_apply)
        self._update_apply()

    # -- tabs ------------------------------------------------------------------------------

    def _tree(self, headers: Sequence[str]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setHeaderLabels(list(headers))
        tree.setRootIsDecorated(False)
        tree.setAlternatingRowColors(True)
        tree.setWordWrap(True)
        return tree

    def _fill(self, tree: QTreeWidget, rows: Iterable[list[str]], total: int) -> None:
        for count, row in enumerate(rows):
            if count >= MAX_ROWS_PER_TAB:
                tree.addTopLevelItem(QTreeWidgetItem([f"… and {total - MAX_ROWS_PER_TAB:,} more"]))
                break
            tree.addTopLevelItem(QTreeWidgetItem(row))
        for column in range(tree.columnCount()):
            tree.resizeColumnToContents(column)
            tree.setColumnWidth(column, min(tree.columnWidth(column), 320))

    def _owner(self, commitment_id: str) -> str:
        commitment = self.project.plan.get(commitment_id)
        return self._who(commitment.manager_id) if commitment is not None else ""

    def _who(self, person_id: str) -> str:
        name = self.project.display_name(person_id)
        return f"{name} ({person_id})" if name != person_id else person_id

    def _changed_tab(self) -> None:
        tree = self._tree(
            ["Commitment", "Row", "Manager", "Field", "In the app now", "In the workbook"]
        )
        rows = (
            [
                change.commitment_id if i == 0 else "",
                str(change.row) if i == 0 else "",
                self._owner(change.commitment_id) if i == 0 else "",
                field.label,
                _short(field.old),
                _short(field.new),
            ]
            for change in self.preview.changed
            for i, field in enumerate(change.fields)
        )
        total = sum(len(change.fields) for change in self.preview.changed)
        self._fill(tree, rows, total)
        self.changed_tree = tree
        self.tabs.addTab(tree, f"Changed ({len(self.preview.changed):,})")

    def _new_tab(self) -> None:
        tree = self._tree(["Row", "Manager", "Commitment", "Status", "Due"])
        rows = (
            [
                str(row.row),
                self._who(row.manager_id),
                _short(row.text),
                row.status.value,
                short_date(row.due) if row.due else "",
            ]
            for row in self.preview.new
        )
        self._fill(tree, rows, len(self.preview.new))
        self.new_tree = tree
        self.tabs.addTab(tree, f"New ({len(self.preview.new):,})")

    def _missing_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        note = QLabel(
            "These commitments were exported but have no row in the workbook any more. People "
            "often delete rows only to tidy their own view, so they are kept unless you tick "
            "the box."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        tree = self._tree(["Commitment", "Manager", "Text"])
        rows = (
            [row.commitment_id, self._who(row.manager_id), _short(row.text)]
            for row in self.preview.missing
        )
        self._fill(tree, rows, len(self.preview.missing))
        layout.addWidget(tree, 1)
        self.delete_box = QCheckBox("Delete these commitments from the plan too")
        self.delete_box.setEnabled(bool(self.preview.missing))
        layout.addWidget(self.delete_box)
        self.missing_tree = tree
        self.tabs.addTab(page, f"Missing ({len(self.preview.missing):,})")

    def _conflicts_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        note = QLabel(
            "Changed both in Pyramid Planner and in the workbook since the export. Choose, for "
            "each, which value to keep."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        all_buttons = QHBoxLayout()
        for choice in Choice:
            button = QPushButton(f"{CHOICE_TEXTS[choice]} everywhere")
            button.clicked.connect(lambda _checked=False, c=choice: self.choose_all(c))
            all_buttons.addWidget(button)
        all_buttons.addStretch(1)
        layout.addLayout(all_buttons)
        tree = self._tree(
            ["Commitment", "Row", "Manager", "Field", "In the app now", "In the workbook", "Keep"]
        )
        self.choice_boxes: dict[str, QComboBox] = {}
        for conflict in self.preview.conflicts[:MAX_ROWS_PER_TAB]:
            for i, field in enumerate(conflict.fields):
                item = QTreeWidgetItem(
                    [
                        conflict.commitment_id if i == 0 else "",
                        str(conflict.row) if i == 0 else "",
                        self._owner(conflict.commitment_id) if i == 0 else "",
                        field.label,
                        _short(field.old),
                        _short(field.new),
                        "",
                    ]
                )
                tree.addTopLevelItem(item)
                if i == 0:
                    box = QComboBox()
                    for choice in Choice:
                        box.addItem(CHOICE_TEXTS[choice], choice)
                    tree.setItemWidget(item, 6, box)
                    self.choice_boxes[conflict.commitment_id] = box
        for column in range(6):
            tree.resizeColumnToContents(column)
            tree.setColumnWidth(column, min(tree.columnWidth(column), 240))
        tree.header().setStretchLastSection(False)
        tree.setColumnWidth(6, 180)
        layout.addWidget(tree, 1)
        self.conflicts_tree = tree
        self.tabs.addTab(page, f"Conflicts ({len(self.preview.conflicts):,})")

    def _problems_tab(self) -> None:
        tree = self._tree(["Row", "Problem", "What was found"])
        rows = (
            [str(problem.row or ""), problem.kind.value, problem.message]
            for problem in self.preview.problems
        )
        self._fill(tree, rows, len(self.preview.problems))
        tree.setColumnWidth(2, 600)
        self.problems_tree = tree
        self.tabs.addTab(tree, f"Problems ({len(self.preview.problems):,})")

    # -- choices ---------------------------------------------------------------------------

    def choose_all(self, choice: Choice) -> None:
        for box in self.choice_boxes.values():
            box.setCurrentIndex(list(Choice).index(choice))

    def choose(self, commitment_id: str, choice: Choice) -> None:
        self.choice_boxes[commitment_id].setCurrentIndex(list(Choice).index(choice))

    def choices(self) -> dict[str, Choice]:
        chosen = {
            commitment_id: Choice(box.currentData())
            for commitment_id, box in self.choice_boxes.items()
        }
        tab = self.results_tab
        if tab is not None and tab.results.conflicts:
            chosen[RESULTS_CHOICE] = Choice.WORKBOOK if tab.take_conflicts else Choice.APP
        return chosen

    @property
    def delete_missing(self) -> bool:
        return self.delete_box.isChecked()

    def _update_apply(self) -> None:
        preview = self.preview
        tab = self.results_tab
        results = tab is not None and tab.results.applicable(tab.take_conflicts)
        something = bool(preview.changed or preview.new or preview.conflicts or results) or (
            self.delete_missing and bool(preview.missing)
        )
        self.apply_button.setEnabled(something)
        self.apply_button.setToolTip("" if something else "Nothing in the workbook to apply")


def tab_index(dialog: PlanUpdatesDialog, title_start: str) -> int:
    """The index of the tab whose title starts with ``title_start`` (for tests and links)."""
    for index in range(dialog.tabs.count()):
        if dialog.tabs.tabText(index).startswith(title_start):
            return index
    raise KeyError(title_start)
