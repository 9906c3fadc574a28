"""The workshop, step by step, in type large enough for a room to read.

The four steps of the service workshop (PRACTICES.md): 1 choose the customer, 2 walk through
their day and list the touchpoints, 3 say what the people at each touchpoint need to be, do
and have, 4 for each need nobody answers yet, ask one of the managers of those people to
commit to it. Back and Next move between the steps; the pyramid lights the people of the
touchpoint in hand all along. Every change is the same undoable command as anywhere else.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.model.commands import add_commitment
from pyramid_app.model.customers import Importance, Need, NeedKind, NeedPlace, served_people
from pyramid_app.model.needs_coverage import NeedsCoverage, needs_coverage
from pyramid_app.model.project import Change, Project
from pyramid_app.ui.plan.journey_focus import JourneyFocus
from pyramid_app.ui.plan.journey_panel import ID_ROLE, fill_list, touchpoint_summary
from pyramid_app.ui.plan.needs_editor import NeedsEditor
from pyramid_app.ui.plan.rules_editor import WARNING, RulesEditor
from pyramid_app.ui.plan.touchpoint_people import Manager, managers_serving

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext

STEPS = ("The customer", "Their day", "What they need", "Who commits")
TITLES = (
    "Who is the customer?",
    "Walk through their day",
    "What do our people need?",
    "Who will commit to it?",
)
SCALE = 1.3  # the workshop's type, against the window's
MAX_MANAGERS = 60


def commitment_wording(need: Need) -> str:
    """A manager's promise made from a need's words, ready to be edited."""
    if need.kind is NeedKind.BE:
        return f"Help my team be {need.text}"
    if need.kind is NeedKind.DO:
        return f"Make sure my team can {need.text}"
    return f"Make sure my team has {need.text}"


def _big_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setMinimumHeight(button.sizeHint().height() + 8)
    return button


def _explain(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def _list() -> QListWidget:
    widget = QListWidget()
    widget.setWordWrap(True)
    widget.setAlternatingRowColors(True)
    widget.setSpacing(2)
    # Laid out again on every resize, so an item wraps to the dock's width instead of being cut.
    widget.setResizeMode(QListView.ResizeMode.Adjust)
    return widget


class WorkshopPanel(QWidget):
    """The four steps; ``step`` is the one shown (0 to 3)."""

    def __init__(self, context: WindowContext, focus: JourneyFocus) -> None:
        super().__init__()
        self.context, self.focus = context, focus
        self.step = 0
        self.stale = True
        self.coverage: NeedsCoverage | None = None
        self.managers: list[Manager] = []
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * SCALE)
        self.setFont(font)

        self.crumbs = QLabel()
        self.crumbs.setTextFormat(Qt.TextFormat.RichText)
        self.crumbs.setWordWrap(True)
        self.title = QLabel()
        title_font = QFont(font)
        title_font.setPointSizeF(font.pointSizeF() * 1.5)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.title.setWordWrap(True)
        self.pages = QStackedWidget()
        self.back_button = _big_button("◀  &Back")
        self.next_button = _big_button("&Next  ▶")
        self.position = QLabel()
        self.position.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self._build_customer_page()
        self._build_day_page()
        self._build_needs_page()
        self._build_commit_page()

        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addWidget(self.position, 1)
        bottom.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.addWidget(self.crumbs)
        layout.addWidget(self.title)
        layout.addWidget(self.pages, 1)
        layout.addLayout(bottom)
        self.back_button.clicked.connect(lambda: self.go_to(self.step - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.step + 1))
        self.go_to(0)

    # -- the pages -------------------------------------------------------------------------

    def _page(self, *parts: QWidget | QHBoxLayout) -> QWidget:
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(0, 4, 4, 4)
        for part in parts:
            if isinstance(part, QHBoxLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages.addWidget(scroll)
        return inner

    @staticmethod
    def _adder(line: QLineEdit, button: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(line, 1)
        row.addWidget(button)
        return row

    def _build_customer_page(self) -> None:
        self.segments = _list()
        self.segments.setAccessibleName("Customer segments")
        self.new_segment = QLineEdit()
        self.new_segment.setPlaceholderText("A group of customers, e.g. Business travellers")
        self.new_segment.setAccessibleName("New customer segment")
        self.add_segment_button = _big_button("Add")
        self._page(
            _explain(
                "Pick one group of customers to start with: the people whose day we are "
                "about to walk through. Each group is a part of the band at the top of the "
                "pyramid."
            ),
            self.segments,
            self._adder(self.new_segment, self.add_segment_button),
        )
        self.segments.currentItemChanged.connect(
            lambda item, _old: (
                self.focus.choose_segment(item.data(ID_ROLE)) if item is not None else None
            )
        )
        self.new_segment.returnPressed.connect(self.add_typed_segment)
        self.add_segment_button.clicked.connect(self.add_typed_segment)

    def _build_day_page(self) -> None:
        self.day_intro = _explain("")
        self.day_list = _list()
        self.day_list.setAccessibleName("Touchpoints")
        self.new_touchpoint = QLineEdit()
        self.new_touchpoint.setPlaceholderText("What happens next? e.g. Checks in")
        self.new_touchpoint.setAccessibleName("New touchpoint")
        self.add_touchpoint_button = _big_button("Add")
        self.who_title = QLabel()
        self.who_title.setTextFormat(Qt.TextFormat.RichText)
        self.who_title.setWordWrap(True)
        self.day_rules = RulesEditor(self.context)
        self._page(
            self.day_intro,
            self.day_list,
            self._adder(self.new_touchpoint, self.add_touchpoint_button),
            self.who_title,
            self.day_rules,
        )
        self.day_list.currentItemChanged.connect(self._touchpoint_picked)
        self.new_touchpoint.returnPressed.connect(self.add_typed_touchpoint)
        self.add_touchpoint_button.clicked.connect(self.add_typed_touchpoint)

    def _build_needs_page(self) -> None:
        self.needs_intro = _explain(
            "For each moment, what do the people serving it need to <b>be</b> (a quality), "
            "<b>do</b> (an action) and <b>have</b> (tools, information, authority) to give "
            "excellent service?"
        )
        self.needs_list = _list()
        self.needs_list.setAccessibleName("Touchpoints")
        self.needs_title = QLabel()
        self.needs_title.setTextFormat(Qt.TextFormat.RichText)
        self.needs_title.setWordWrap(True)
        self.needs_editor = NeedsEditor(self.context, quick=True)
        self.needs_editor.commitment_chosen.connect(self.focus.open_commitment)
        self._page(self.needs_intro, self.needs_list, self.needs_title, self.needs_editor)
        self.needs_list.currentItemChanged.connect(self._touchpoint_picked)

    def _build_commit_page(self) -> None:
        self.commit_intro = _explain("")
        self.open_needs = _list()
        self.open_needs.setAccessibleName("Needs nobody answers yet")
        self.managers_title = QLabel()
        self.managers_title.setTextFormat(Qt.TextFormat.RichText)
        self.managers_title.setWordWrap(True)
        self.managers_list = _list()
        self.managers_list.setAccessibleName("Managers of the people there")
        self.wording = QLineEdit()
        self.wording.setAccessibleName("Commitment")
        self.commit_button = _big_button("Add commitment")
        self.commit_button.setDefault(True)
        self.done = QLabel()
        self.done.setTextFormat(Qt.TextFormat.RichText)
        self.done.setWordWrap(True)
        self.done.linkActivated.connect(self.focus.open_commitment)
        self._page(
            self.commit_intro,
            self.open_needs,
            self.managers_title,
            self.managers_list,
            _explain("The commitment, in the manager's words:"),
            self.wording,
            self.commit_button,
            self.done,
        )
        self.open_needs.currentItemChanged.connect(self._need_picked)
        self.managers_list.currentItemChanged.connect(self._manager_picked)
        self.wording.returnPressed.connect(self.commit)
        self.commit_button.clicked.connect(self.commit)

    # -- moving between steps --------------------------------------------------------------

    def go_to(self, step: int) -> None:
        self.step = max(0, min(step, len(STEPS) - 1))
        self.pages.setCurrentIndex(self.step)
        crumbs = []
        for number, name in enumerate(STEPS):
            text = f"{number + 1}&nbsp;{name.replace(' ', '&nbsp;')}"
            crumbs.append(f"<b><u>{text}</u></b>" if number == self.step else text)
        self.crumbs.setText("  &rsaquo;  ".join(crumbs))
        self.title.setText(f"{self.step + 1}. {TITLES[self.step]}")
        self.position.setText(f"Step {self.step + 1} of {len(STEPS)}")
        self.back_button.setEnabled(self.step > 0)
        self.next_button.setEnabled(self.step < len(STEPS) - 1)
        if self.step == 3:
            self.done.clear()
        self.refresh(force=True)

    # -- following -------------------------------------------------------------------------

    @property
    def project(self) -> Project | None:
        return self.context.project

    def project_shown(self) -> None:
        self.go_to(0)

    def focus_changed(self) -> None:
        self.refresh()

    def edited(self, change: Change) -> None:
        if change.customer_map_changed or change.org or change.commitments:
            self.refresh()

    def segment_clicked(self) -> None:
        """A segment clicked on the top band while the workshop is open: the same step goes on
        with that customer group."""
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh(force=True)

    def refresh(self, force: bool = False) -> None:
        if not (force or self.isVisible()):
            self.stale = True
            return
        self.stale = False
        project = self.project
        self.coverage = needs_coverage(project) if project is not None else None
        pages = (self._show_customers, self._show_day, self._show_needs, self._show_commit)
        pages[self.step](project)

    def _segment_name(self) -> str:
        segment = self.focus.chosen_segment()
        return html.escape(segment.name) if segment is not None else ""

    def _show_customers(self, project: Project | None) -> None:
        entries = []
        for segment in project.customer_map if project is not None else ():
            needs = sum(len(t.needs) for t in segment.touchpoints)
            count = len(segment.touchpoints)
            detail = f"{count} touchpoint{'s' if count != 1 else ''} · {needs} needs"
            entries.append((segment.name, f"{segment.name}\n      {detail}", segment.description))
        fill_list(self.segments, entries, self.focus.segment)
        self.add_segment_button.setEnabled(project is not None)

    def _touchpoint_entries(self, project: Project) -> list[tuple[str, str, str]]:
        segment = self.focus.chosen_segment()
        if segment is None:
            return []
        return [
            (
                touchpoint.id,
                f"{number}. {touchpoint.name}\n      "
                + touchpoint_summary(project, touchpoint, self.coverage),
                touchpoint.note or touchpoint.name,
            )
            for number, touchpoint in enumerate(segment.touchpoints, 1)
        ]

    def _no_segment(self, intro: QLabel) -> bool:
        if self.focus.chosen_segment() is None:
            intro.setText(
                f"<span style='color:{WARNING}'><b>Choose a customer group first</b></span> "
                "(Back to step 1, or click one in the pyramid's top band)."
            )
            return True
        return False

    def _show_day(self, project: Project | None) -> None:
        touchpoint = self.focus.chosen_touchpoint()
        missing = project is None or self._no_segment(self.day_intro)
        if not missing:
            self.day_intro.setText(
                f"Follow one of <b>{self._segment_name()}</b> from the first contact to the "
                "last. Each moment they meet one of our people, directly or not, is a "
                "touchpoint: add them in order."
            )
        entries = self._touchpoint_entries(project) if project is not None else []
        fill_list(self.day_list, entries, self.focus.touchpoint)
        self.new_touchpoint.setEnabled(not missing)
        self.add_touchpoint_button.setEnabled(not missing)
        self.who_title.setVisible(touchpoint is not None)
        self.day_rules.setVisible(touchpoint is not None)
        if touchpoint is not None:
            self.who_title.setText(
                f"<b>Who stands at “{html.escape(touchpoint.name)}”?</b> "
                "They light up on the pyramid."
            )
        self.day_rules.show_touchpoint(project, touchpoint)

    def _show_needs(self, project: Project | None) -> None:
        touchpoint = self.focus.chosen_touchpoint()
        if project is not None and not self._no_segment(self.needs_intro):
            self.needs_intro.setText(
                "For each moment, what do the people serving it need to <b>be</b> (a quality),"
                " <b>do</b> (an action) and <b>have</b> (tools, information, authority) to "
                "give excellent service?"
            )
        entries = self._touchpoint_entries(project) if project is not None else []
        fill_list(self.needs_list, entries, self.focus.touchpoint)
        if touchpoint is None:
            self.needs_title.setText("<i>Choose a touchpoint above.</i>" if entries else "")
        else:
            self.needs_title.setText(f"<b>At “{html.escape(touchpoint.name)}”</b>")
        self.needs_editor.setVisible(touchpoint is not None)
        answered = self.coverage.answered_by if self.coverage is not None else {}
        self.needs_editor.show_touchpoint(project, touchpoint, answered)

    # -- step 4 ----------------------------------------------------------------------------

    def open_places(self) -> list[NeedPlace]:
        """The chosen segment's needs nobody answers, must-needs first, in the day's order."""
        segment = self.focus.chosen_segment()
        if self.coverage is None or segment is None:
            return []
        places = [p for p in self.coverage.unanswered() if p.segment.name == segment.name]
        return sorted(places, key=lambda p: p.need.importance is not Importance.MUST)

    def chosen_need(self) -> NeedPlace | None:
        item = self.open_needs.currentItem()
        need_id = item.data(ID_ROLE) if item is not None else None
        if need_id is None or self.coverage is None:
            return None
        return self.coverage.places.get(need_id)

    def _show_commit(self, project: Project | None) -> None:
        places = self.open_places()
        if project is None or self._no_segment(self.commit_intro):
            pass
        elif not places:
            self.commit_intro.setText(
                f"<b>Every need of {self._segment_name()} has a commitment answering it.</b> "
                "Pick another customer group, or add needs in step 3."
            )
        else:
            must = sum(p.need.importance is Importance.MUST for p in places)
            self.commit_intro.setText(
                f"<b>{len(places)}</b> need{'s' if len(places) != 1 else ''} of "
                f"{self._segment_name()} {'have' if len(places) != 1 else 'has'} no "
                f"commitment yet ({must} must). For each, choose a manager of the people "
                "who stand there."
            )
        previous = self.chosen_need()
        entries = [
            (
                place.need.id,
                f"{place.need.importance.value.upper()} · {place.need.kind.value} · "
                f"{place.need.text}\n      at {place.touchpoint.name}",
                place.need.text,
            )
            for place in places
        ]
        ids = [entry[0] for entry in entries]
        current = previous.need.id if previous is not None else None
        if current not in ids:
            # The need just answered left the list: on to the one that took its place.
            row = max(0, min(self.open_needs.currentRow(), len(ids) - 1))
            current = ids[row] if ids else None
        fill_list(self.open_needs, entries, current)
        self.open_needs.setVisible(bool(entries))
        place = self.chosen_need()
        if place is not None and self.focus.touchpoint != place.touchpoint.id:
            self.focus.choose_touchpoint(place.touchpoint.id)  # lights its people; refreshes
            return
        self._show_managers(project)

    def _need_picked(self, _item: object, _old: object) -> None:
        place = self.chosen_need()
        if place is not None:
            self.focus.choose_touchpoint(place.touchpoint.id)
        self._show_managers(self.project)

    def _show_managers(self, project: Project | None) -> None:
        place = self.chosen_need()
        shown = project is not None and place is not None
        for widget in (self.managers_title, self.managers_list, self.wording, self.commit_button):
            widget.setVisible(shown)
        if project is None or place is None:
            self.managers = []
            return
        if self.focus.touchpoint == place.touchpoint.id:
            people = self.focus.lit_people()  # already matched for the lights
        else:
            people = served_people(project.chart, place.touchpoint)
        self.managers = managers_serving(project.chart, people, MAX_MANAGERS)
        chart = project.chart
        total = int(people.shape[0])
        if not self.managers:
            self.managers_title.setText(
                f"<span style='color:{WARNING}'><b>Nobody stands at “"
                f"{html.escape(place.touchpoint.name)}” yet.</b></span> Say who serves it in "
                "step 2; their managers then appear here."
            )
        else:
            self.managers_title.setText(
                f"<b>Managers of the {total:,} {'person' if total == 1 else 'people'} at "
                f"“{html.escape(place.touchpoint.name)}”</b>, nearest first:"
            )
        entries = []
        for manager in self.managers:
            index = manager.index
            name = chart.names[index] or chart.ids[index]
            title = f" · {chart.titles[index]}" if chart.titles[index] else ""
            how = "report to them" if manager.steps == 1 else "are in their team"
            entries.append(
                (
                    chart.ids[index],
                    f"{name}{title}\n      {manager.people:,} of them {how}",
                    f"{name} ({chart.ids[index]})",
                )
            )
        chosen = self.managers_list.currentItem()
        keep = chosen.data(ID_ROLE) if chosen is not None else None
        ids = [entry[0] for entry in entries]
        fill_list(self.managers_list, entries, keep if keep in ids else (ids[0] if ids else None))
        self.managers_list.setVisible(bool(entries))
        self.commit_button.setEnabled(bool(entries))
        if not self.wording.isModified() or self.wording.property("need") != place.need.id:
            self.wording.setText(commitment_wording(place.need))
            self.wording.setCursorPosition(0)
            self.wording.setModified(False)
            self.wording.setProperty("need", place.need.id)
        self._name_button()

    def chosen_manager(self) -> str | None:
        item = self.managers_list.currentItem()
        return str(item.data(ID_ROLE)) if item is not None else None

    def _manager_picked(self, _item: object, _old: object) -> None:
        """A manager chosen: selected on the pyramid (their chain shows, the Details dock has
        their commitments) and named on the button."""
        manager = self.chosen_manager()
        if manager is not None and self.project is not None:
            self.context.shown.select_person(manager, centre=False)
        self._name_button()

    def _name_button(self) -> None:
        project, manager = self.project, self.chosen_manager()
        if project is None or manager is None:
            self.commit_button.setText("Add commitment")
            return
        self.commit_button.setText(f"Add commitment for {project.display_name(manager)}")

    def commit(self) -> bool:
        """Add the commitment: the chosen manager, the words typed, answering the chosen need."""
        project, place, manager = self.project, self.chosen_need(), self.chosen_manager()
        text = self.wording.text().strip()
        if project is None or place is None or manager is None:
            return False
        command = self.context.build(
            lambda: add_commitment(project, manager, text, needs=(place.need.id,)),
            "Add commitment",
        )
        if command is None or not self.context.push(command):
            return False
        new = command.commitments[0]
        self.wording.setModified(False)
        self.done.setText(
            f"<span style='color:#2e7d32'><b>✓ Added</b></span> "
            f"<a href='{new.id}'>{html.escape(project.display_name(manager))}: "
            f"{html.escape(new.text)}</a>"
        )
        return True

    # -- adding ----------------------------------------------------------------------------

    def add_typed_segment(self) -> None:
        self.focus.add_typed_segment(self.new_segment)

    def add_typed_touchpoint(self) -> None:
        self.focus.add_typed_touchpoint(self.new_touchpoint)

    def _touchpoint_picked(self, item: QListWidgetItem | None, _old: object) -> None:
        if item is not None:
            self.focus.choose_touchpoint(item.data(ID_ROLE))
