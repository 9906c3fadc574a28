"""Preview of an organisation update: joiners, leavers, moves, changed details, flagged plans.

Nothing changes until the planner presses Apply; the update is then one undoable step.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.model.org import OrgChart
from pyramid_app.model.org_update import UpdatePreview
from pyramid_app.model.project import Project

MAX_ROWS_PER_TAB = 2000


class UpdateDialog(QDialog):
    """Shows what an update from ``file_name`` would do; Apply accepts the dialog."""

    def __init__(
        self,
        project: Project,
        new_chart: OrgChart,
        preview: UpdatePreview,
        file_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Update organisation from {file_name}")
        self.resize(760, 520)
        update = preview.update
        old = project.chart

        def who(chart: OrgChart, person_id: str) -> str:
            if not person_id:
                return "(no manager)"
            try:
                index = chart.index_of(person_id)
            except KeyError:
                return person_id
            return f"{chart.names[index] or person_id} ({person_id})"

        def details(chart: OrgChart, person_id: str) -> list[str]:
            index = chart.index_of(person_id)
            manager = int(chart.parent[index])
            boss = chart.ids[manager] if manager >= 0 and chart.real[manager] else ""
            return [who(chart, person_id), chart.titles[index], who(chart, boss)]

        self.summary = QLabel(preview.summary())
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget()
        self._tab(
            "Joiners", ["Person", "Title", "Manager"],
            (details(new_chart, person) for person in update.joiners), len(update.joiners),
        )  # fmt: skip
        self._tab(
            "Leavers", ["Person", "Title", "Manager"],
            (details(old, person) for person in update.leavers), len(update.leavers),
        )  # fmt: skip
        self._tab(
            "Moves", ["Person", "Reported to", "Reports to"],
            (
                [who(new_chart, m.person_id), who(old, m.old_manager_id),
                 who(new_chart, m.new_manager_id)]
                for m in update.moves
            ),
            len(update.moves),
        )  # fmt: skip
        self._tab(
            "Changed details", ["Person", "Field", "Was", "Is now"],
            ([who(new_chart, c.person_id), c.field, c.old, c.new] for c in update.changes),
            len(update.changes),
        )  # fmt: skip
        flagged = [
            [commitment_id, who(old, project.plan[commitment_id].manager_id), flag.message]
            for commitment_id, flags in preview.new_flags.items()
            for flag in flags
        ]
        self._tab("Flagged commitments", ["Commitment", "Owner", "Why"], flagged, len(flagged))
        note = QLabel(
            "Commitments are never deleted by an update: those that no longer fit are flagged "
            "for you to review. Edit > Undo takes the whole update back."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.addButton("Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(not update.empty)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def _tab(
        self, title: str, headers: Sequence[str], rows: Iterable[list[str]], count: int
    ) -> None:
        tree = QTreeWidget()
        tree.setRootIsDecorated(False)
        tree.setHeaderLabels(list(headers))
        tree.setUniformRowHeights(True)
        items = []
        for number, row in enumerate(rows):
            if number == MAX_ROWS_PER_TAB:
                items.append(QTreeWidgetItem([f"... and {count - MAX_ROWS_PER_TAB:,} more"]))
                break
            items.append(QTreeWidgetItem(row))
        tree.addTopLevelItems(items)
        for column in range(len(headers) - 1):
            tree.resizeColumnToContents(column)
        self.tabs.addTab(tree, f"{title} ({count:,})")
        tree.setObjectName(title.lower().replace(" ", "-"))
