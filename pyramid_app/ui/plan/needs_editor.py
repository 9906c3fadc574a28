"""What the people at a touchpoint need to be, do and have, and which commitments answer it.

One row per need: its kind (be/do/have), its importance (must/should/nice), its words, buttons
to move or remove it, and under it the managers whose commitments answer it (each a link that
opens the commitment) or "not answered" in the warning colour. Rows are updated in place while
the touchpoint keeps the same needs, so a field being typed in is never rebuilt under the
cursor. Every change is one undoable command through the window.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.model.customer_commands import add_need, edit_need, move_need, remove_need
from pyramid_app.model.customers import Importance, Need, NeedKind, Touchpoint
from pyramid_app.model.project import Project

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext

WARNING = "#b35900"
ANSWERED = "#2e7d32"
KIND_HINTS = {
    NeedKind.BE: "a quality: what they need to be (welcoming, knowledgeable...)",
    NeedKind.DO: "an action: what they need to do",
    NeedKind.HAVE: "a tool, information or authority they need to have",
}
QUICK_PLACEHOLDERS = {
    NeedKind.BE: "Be... e.g. welcoming and unhurried, whatever the queue",
    NeedKind.DO: "Do... e.g. answer every request on the day it arrives",
    NeedKind.HAVE: "Have... e.g. authority to upgrade a guest on the spot",
}
IMPORTANCE_HINTS = {
    Importance.MUST: "without it the service fails",
    Importance.SHOULD: "makes the service good",
    Importance.NICE: "makes it better still",
}


def kind_combo() -> QComboBox:
    combo = QComboBox()
    for kind in NeedKind:
        combo.addItem(kind.value, kind)
        combo.setItemData(combo.count() - 1, KIND_HINTS[kind], Qt.ItemDataRole.ToolTipRole)
    combo.setToolTip("Be, do or have")
    return combo


def importance_combo() -> QComboBox:
    combo = QComboBox()
    for importance in Importance:
        combo.addItem(importance.value, importance)
        combo.setItemData(
            combo.count() - 1, IMPORTANCE_HINTS[importance], Qt.ItemDataRole.ToolTipRole
        )
    combo.setToolTip("How much the service depends on it")
    return combo


def answered_html(project: Project, need: Need, commitment_ids: tuple[str, ...]) -> str:
    """ "answered by Bob Baker, Cy Cole" with links to the commitments, or "not answered"."""
    if not commitment_ids:
        must = " (a must)" if need.importance is Importance.MUST else ""
        return f"<span style='color:{WARNING}'><b>not answered</b>{must}</span>"
    links = []
    for commitment_id in commitment_ids:
        commitment = project.plan.get(commitment_id)
        if commitment is None:
            continue
        name = html.escape(project.display_name(commitment.manager_id))
        links.append(f"<a href='{html.escape(commitment_id)}'>{name}</a>")
    return f"<span style='color:{ANSWERED}'>answered by</span> " + ", ".join(links)


class NeedRow(QWidget):
    """One need: kind, importance, words, move and remove buttons, and who answers it."""

    def __init__(self, editor: NeedsEditor, need: Need) -> None:
        super().__init__()
        self.editor = editor
        self.need = need
        self.kind = kind_combo()
        self.importance = importance_combo()
        self.text = QLineEdit()
        self.text.setAccessibleName("Need")
        self.up = self._tool("▲", "Move up")
        self.down = self._tool("▼", "Move down")
        self.remove = self._tool("✕", "Remove this need (commitments answering it let go)")
        self.answered = QLabel()
        self.answered.setTextFormat(Qt.TextFormat.RichText)
        self.answered.setWordWrap(True)
        self.answered.linkActivated.connect(editor.commitment_chosen)
        # The words get the whole width (a panel is narrow); the rest goes on the line below.
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 3, 0, 5)
        grid.setHorizontalSpacing(3)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.text, 0, 0, 1, 6)
        grid.addWidget(self.kind, 1, 0)
        grid.addWidget(self.importance, 1, 1)
        grid.addWidget(self.answered, 1, 2)
        grid.addWidget(self.up, 1, 3)
        grid.addWidget(self.down, 1, 4)
        grid.addWidget(self.remove, 1, 5)
        grid.setColumnStretch(2, 1)
        self.kind.activated.connect(lambda _i: editor.edit(self.need.id, kind=self.kind_value()))
        self.importance.activated.connect(
            lambda _i: editor.edit(self.need.id, importance=self.importance_value())
        )
        self.text.editingFinished.connect(lambda: editor.edit(self.need.id, text=self.text.text()))
        self.up.clicked.connect(lambda: editor.move_need(self.need.id, -1))
        self.down.clicked.connect(lambda: editor.move_need(self.need.id, +1))
        self.remove.clicked.connect(lambda: editor.remove(self.need.id))

    @staticmethod
    def _tool(text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        return button

    def kind_value(self) -> NeedKind:
        return NeedKind(self.kind.currentData())

    def importance_value(self) -> Importance:
        return Importance(self.importance.currentData())

    def show_need(self, need: Need, answered: str, first: bool, last: bool) -> None:
        old, self.need = self.need, need
        with QSignalBlocker(self.kind), QSignalBlocker(self.importance):
            self.kind.setCurrentIndex(list(NeedKind).index(need.kind))
            self.importance.setCurrentIndex(list(Importance).index(need.importance))
        # Words being typed stay, unless the saved words changed underneath (an undo).
        if not self.text.hasFocus() or old.text != need.text:
            with QSignalBlocker(self.text):
                self.text.setText(need.text)
                self.text.setCursorPosition(0)
        self.text.setToolTip(f"{need.id}: {need.text}")
        self.answered.setText(answered)
        self.up.setEnabled(not first)
        self.down.setEnabled(not last)


class NeedsEditor(QWidget):
    """The needs of one touchpoint; ``commitment_chosen(id)`` when an answering one is clicked.

    With ``quick``, three add lines (be, do, have) replace the one line with a kind choice:
    the workshop's way of filling the three columns fast.
    """

    commitment_chosen = Signal(str)

    def __init__(self, context: WindowContext, quick: bool = False) -> None:
        super().__init__()
        self.context = context
        self.quick = quick
        self.project: Project | None = None
        self.touchpoint: Touchpoint | None = None
        self.need_rows: list[NeedRow] = []

        self.empty = QLabel("<i>No needs yet.</i>")
        self.empty.setWordWrap(True)
        self.rows = QVBoxLayout()
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(0)
        self.new_importance = importance_combo()
        self.new_importance.setCurrentIndex(list(Importance).index(Importance.SHOULD))
        self.new_kind = kind_combo()
        self.new_text: dict[NeedKind | None, QLineEdit] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.empty)
        layout.addLayout(self.rows)
        if quick:
            grid = QGridLayout()
            grid.setContentsMargins(0, 4, 0, 0)
            for row, kind in enumerate(NeedKind):
                line = QLineEdit()
                line.setPlaceholderText(QUICK_PLACEHOLDERS[kind])
                line.setAccessibleName(f"New {kind.value} need")
                button = QPushButton(f"Add {kind.value}")
                line.returnPressed.connect(lambda k=kind: self.add_typed(k))
                button.clicked.connect(lambda _checked=False, k=kind: self.add_typed(k))
                grid.addWidget(QLabel(f"<b>{kind.value.capitalize()}</b>"), row, 0)
                grid.addWidget(line, row, 1)
                grid.addWidget(button, row, 2)
                self.new_text[kind] = line
            grid.addWidget(QLabel("Importance"), 3, 0)
            grid.addWidget(self.new_importance, 3, 1, Qt.AlignmentFlag.AlignLeft)
            layout.addLayout(grid)
            self.new_kind.setParent(self)  # unused here, but never a window of its own
            self.new_kind.hide()
        else:
            adder = QHBoxLayout()
            adder.setContentsMargins(0, 4, 0, 0)
            line = QLineEdit()
            line.setPlaceholderText("What do they need? e.g. a tablet that stays signed in")
            line.setAccessibleName("New need")
            self.add_button = QPushButton("Add need")
            line.returnPressed.connect(lambda: self.add_typed(None))
            self.add_button.clicked.connect(lambda: self.add_typed(None))
            adder.addWidget(self.new_kind)
            adder.addWidget(self.new_importance)
            adder.addWidget(line, 1)
            adder.addWidget(self.add_button)
            self.new_text[None] = line
            layout.addLayout(adder)

    # -- showing ---------------------------------------------------------------------------

    def show_touchpoint(
        self,
        project: Project | None,
        touchpoint: Touchpoint | None,
        answered_by: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.project, self.touchpoint = project, touchpoint
        self.setEnabled(project is not None and touchpoint is not None)
        needs = touchpoint.needs if touchpoint is not None else ()
        if [row.need.id for row in self.need_rows] != [need.id for need in needs]:
            for row in self.need_rows:
                row.hide()
                row.deleteLater()  # one of its buttons may be the sender right now
            self.need_rows = []
            for need in needs:
                row = NeedRow(self, need)
                self.rows.addWidget(row)
                self.need_rows.append(row)
        answered_by = answered_by or {}
        for position, (row, need) in enumerate(zip(self.need_rows, needs, strict=True)):
            answered = (
                answered_html(project, need, answered_by.get(need.id, ()))
                if project is not None
                else ""
            )
            row.show_need(need, answered, position == 0, position == len(needs) - 1)
        self.empty.setVisible(touchpoint is not None and not needs)

    def row(self, need_id: str) -> NeedRow | None:
        return next((row for row in self.need_rows if row.need.id == need_id), None)

    # -- editing ---------------------------------------------------------------------------

    def add_typed(self, kind: NeedKind | None) -> bool:
        project, touchpoint = self.project, self.touchpoint
        line = self.new_text[kind]
        text = line.text().strip()
        if project is None or touchpoint is None or not text:
            return False
        chosen = kind if kind is not None else NeedKind(self.new_kind.currentData())
        importance = Importance(self.new_importance.currentData())
        done = self.context.push_checked(
            lambda: add_need(project, touchpoint.id, text, chosen, importance)
        )
        if done:
            line.clear()
            line.setFocus()
        return done

    def edit(self, need_id: str, **changes: str) -> None:
        project = self.project
        if project is None:
            return
        need = project.customer_map.need(need_id)
        if need is None:
            return
        wanted = {
            name: " ".join(value.split()) if isinstance(value, str) else value
            for name, value in changes.items()
        }
        if all(getattr(need, name) == value for name, value in wanted.items()):
            return  # Enter and then leaving the field both finish the same edit
        if not self.context.push_checked(lambda: edit_need(project, need_id, **changes)):
            row = self.row(need_id)
            if row is not None:  # refused (empty words): show what is saved
                with QSignalBlocker(row.text):
                    row.text.setText(need.text)

    def move_need(self, need_id: str, step: int) -> None:
        project, touchpoint = self.project, self.touchpoint
        if project is None or touchpoint is None:
            return
        ids = [need.id for need in touchpoint.needs]
        if need_id not in ids:
            return
        position = ids.index(need_id) + step
        if 0 <= position < len(ids):
            self.context.push_checked(lambda: move_need(project, need_id, position))

    def remove(self, need_id: str) -> None:
        project = self.project
        if project is not None:
            self.context.push_checked(lambda: remove_need(project, need_id))
