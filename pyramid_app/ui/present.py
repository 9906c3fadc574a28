"""Present mode (View > Present, F5; Esc leaves): the pyramid on the whole screen for the room.

Menus, toolbars, docks and the status bar go; a strip under the pyramid tells one slide at a
time in type sized for the back of a room. The slides are the workshop's four steps (the
customer, their day, what they need, who commits), the coverage slide, the progress slide (every
measure against its target, and the customers' results before and since the first commitments),
and a walk down the pyramid from the customers to the chief executive, level by level, each
with its commitments.

The keys a presenter's clicker sends step through them: Page Down, Right or Space go on, Page
Up or Left go back, Up and Down choose among the slide's items, B or . blanks the screen, Esc
leaves. On the steps the pyramid shows the people the step talks about: the touchpoint's
people lit, and on "who commits" a click on one of their managers (in the strip or on the
pyramid) commits them to the need in hand, as the Workshop dock does.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QFont, QFontInfo, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFrame,
    QLabel,
    QMainWindow,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.model.commands import add_commitment
from pyramid_app.model.customers import Importance, NeedPlace, served_people
from pyramid_app.model.needs_coverage import needs_coverage
from pyramid_app.ui.plan.coverage_dock import headline
from pyramid_app.ui.plan.coverage_tables import gap_rows
from pyramid_app.ui.plan.progress_slide import QUESTION as PROGRESS_QUESTION
from pyramid_app.ui.plan.progress_slide import headline as progress_headline
from pyramid_app.ui.plan.progress_slide import progress_slide
from pyramid_app.ui.plan.touchpoint_people import managers_serving
from pyramid_app.ui.plan.workshop_panel import STEPS, commitment_wording
from pyramid_app.ui.pyramid.sizes import TextSizes

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext
    from pyramid_app.ui.plan.customers_ui import CustomersPart
    from pyramid_app.ui.plan.progress_source import ProgressSource

QUESTIONS = (
    "Who is the customer?",
    "What does their day with us look like?",
    "What do our people need to serve them well here?",
    "Who will commit to it?",
)
ITEMS_SHOWN = 6  # a slide's items in one row; more are counted, not shown
GAPS_SHOWN = 3
COMMITMENTS_SHOWN = 4
SLIDE_NAMES = ("customer", "day", "needs", "commits", "coverage", "progress", "walk")
NEXT_KEYS = (Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Space)
BACK_KEYS = (Qt.Key.Key_PageUp, Qt.Key.Key_Left)
BLANK_KEYS = (Qt.Key.Key_B, Qt.Key.Key_Period)
ITEM_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down)


def room_text_scale(screen_height: int) -> float:
    """The pyramid's text scale in the room: names of 20 px on a 1080-line projector (the
    names beside the marks are about 11 px at the normal scale), in proportion elsewhere, never
    smaller than the planner's own choice."""
    normal = QFontInfo(TextSizes().label_font).pixelSize()
    wanted = 21 * screen_height / 1080  # a pixel over 20: point sizes round to whole pixels
    return min(3.0, max(1.0, wanted / max(normal, 1)))


def body_pixels(screen_height: int) -> int:
    """The strip's body type: 28 px on a 1080-line projector, in proportion elsewhere, never
    under 16 px (a laptop rehearsing)."""
    return max(16, round(28 * screen_height / 1080))


class Item(NamedTuple):
    key: str  # what the item stands for: a segment's name, a touchpoint's or need's id, a person
    text: str


class Slide(NamedTuple):
    kind: str  # "step", "coverage", "progress" or "level"
    number: int  # the step (0 to 3), or the level (-1: the customers' band)


class PresentStrip(QFrame):
    """The strip under the pyramid: the slide's question, its few items, where we are.

    Every part wraps its words, so the strip never asks the window for more width than the
    screen has, whatever the names on a slide.
    """

    chosen = Signal(str)  # the key of an item clicked

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("present-strip")
        self.setStyleSheet("#present-strip { background: #1f2a44; }")
        self.question = self._label("white")
        self.items = self._label("white")
        self.items.linkActivated.connect(self.chosen.emit)
        self.detail = self._label("#dfe5f2")
        self.where = self._label("#b8c2d8")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 14, 24, 14)
        for label in (self.question, self.items, self.detail, self.where):
            layout.addWidget(label)
        self.hide()

    @staticmethod
    def _label(colour: str) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setStyleSheet(f"color: {colour};")
        return label

    def set_type(self, pixels: int) -> None:
        """Body type of ``pixels``; the question a quarter larger and bold."""
        for label, scale, bold in (
            (self.question, 1.25, True),
            (self.items, 1.0, False),
            (self.detail, 1.0, False),
            (self.where, 0.75, False),
        ):
            font = QFont(label.font())
            font.setPixelSize(max(12, round(pixels * scale)))
            font.setBold(bold)
            label.setFont(font)

    def show_slide(
        self, question: str, items: list[Item], current: str | None, detail: str, where: str
    ) -> None:
        links = []
        for item in items[:ITEMS_SHOWN]:
            text = html.escape(item.text)
            colour = "#f2b84b" if item.key == current else "white"
            weight = "bold" if item.key == current else "normal"
            links.append(
                f"<a href='{html.escape(item.key, quote=True)}' style='color:{colour};"
                f"font-weight:{weight};text-decoration:none'>{text}</a>"
            )
        more = len(items) - ITEMS_SHOWN
        if more > 0:
            links.append(f"<i>and {more} more</i>")
        self.question.setText(html.escape(question))
        self.items.setText(" &nbsp;·&nbsp; ".join(links))
        self.items.setVisible(bool(links))
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.where.setText(html.escape(where))
        self.fit_height()

    def fit_height(self) -> None:
        """As tall as its words need at its width: the window's layout asks only for the
        strip's preferred height, which counts too few lines once the words wrap."""
        layout = self.layout()
        height = layout.totalHeightForWidth(self.width()) if layout is not None else -1
        self.setMinimumHeight(max(0, height))  # -1: not laid out yet

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_height()

    def item_keys(self) -> list[str]:
        """The keys of the items shown, in order (what a click on each one sends)."""
        return re.findall(r"href='([^']*)'", self.items.text())


class Presenter(QObject):
    """Enters and leaves present mode, and tells the slides."""

    entered = Signal()
    left = Signal()
    slide_shown = Signal()

    def __init__(
        self, context: WindowContext, strip: PresentStrip, customers: CustomersPart
    ) -> None:
        super().__init__(context)
        self.context, self.strip, self.customers = context, strip, customers
        self.host: QMainWindow = context.host
        self.active = False
        self.position = 0
        self.blank = QWidget(self.host)
        self.blank.setStyleSheet("background: black;")
        self.blank.hide()
        self._kept: tuple[QByteArray, Qt.WindowState, list[QWidget]] | None = None
        self._kept_scale: float | None = None  # the planner's text size, back after the room
        self.progress: ProgressSource | None = None  # the window's report, once installed
        self.progress_key: str | None = None  # the measure in hand on the progress slide
        self.action = QAction("&Present", self.host)
        self.action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.action.setStatusTip("The pyramid on the whole screen, for the room (Esc leaves)")
        self.action.triggered.connect(lambda: self.enter())
        strip.chosen.connect(self.choose)
        context.view.person_clicked.connect(self._person_clicked)
        context.project_edited.connect(lambda _change: self._refresh_if_active())
        context.project_shown.connect(self._refresh_if_active)

    def follow_progress(self, source: ProgressSource) -> None:
        """Tell the progress slide from ``source``, the report the Progress dock shows too."""
        self.progress = source
        source.ready.connect(self._progress_ready)
        source.changed.connect(self._progress_changed)

    def _on_progress(self) -> bool:
        return self.active and self.slides()[self.position].kind == "progress"

    def _progress_ready(self) -> None:
        if self._on_progress():
            self.show_slide()

    def _progress_changed(self, delay_ms: int) -> None:
        if self._on_progress() and self.progress is not None:
            self.progress.request(delay_ms)

    # -- entering and leaving --------------------------------------------------------------

    def enter(self, slide: int | None = None, full_screen: bool = True) -> None:
        """Present from ``slide`` (an index of :meth:`slides`); by default from the step the
        Workshop dock is at if it is open, else from the first step."""
        if slide is None:
            workshop = self.customers.workshop
            slide = workshop.step if self.customers.workshop_dock.isVisible() else 0
        if not self.active:
            chrome = [self.host.menuBar(), self.host.statusBar(), *self._toolbars()]
            self._kept = (self.host.saveState(), self.host.windowState(), chrome)
            self.context.presenting = True
            for widget in chrome:
                widget.hide()
            for dock in self._docks():
                dock.hide()
            self.active = True
            _application().installEventFilter(self)
            if full_screen:
                self.host.showFullScreen()
            self.strip.show()
        self.position = max(0, min(slide, len(self.slides()) - 1))
        screen = self.host.screen()
        height = screen.geometry().height() if full_screen and screen else self.host.height()
        self.strip.set_type(body_pixels(height))
        view = self.context.view
        if self._kept_scale is None:
            self._kept_scale = view.text_scale
        view.set_text_scale(max(self._kept_scale, room_text_scale(height)))
        self.show_slide()
        self.entered.emit()

    def leave(self) -> None:
        if not self.active or self._kept is None:
            return
        state, window_state, chrome = self._kept
        self._kept = None
        self.active = False
        _application().removeEventFilter(self)
        self.blank.hide()
        self.strip.hide()
        self.host.setWindowState(window_state)
        for widget in chrome:
            widget.show()
        self.host.restoreState(state)
        if self._kept_scale is not None:
            self.context.view.set_text_scale(self._kept_scale)
            self._kept_scale = None
        self.context.presenting = False
        self.customers.focus.relight()  # the walk lit levels; back to the touchpoint's people
        self.left.emit()

    # The window's own: a search through all its widgets took 5 ms.
    def _toolbars(self) -> list[QWidget]:
        bars = self.host.findChildren(QToolBar, options=Qt.FindChildOption.FindDirectChildrenOnly)
        return [bar for bar in bars if bar.isVisible()]

    def _docks(self) -> list[QWidget]:
        docks = self.host.findChildren(
            QDockWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
        )
        return [dock for dock in docks if dock.isVisible()]

    # -- the keys --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not self.active or not isinstance(watched, QWidget) or watched.window() is not self.host:
            return False  # another window's keys (a dialog, a second window) are its own
        assert isinstance(event, QKeyEvent)
        key = event.key()
        ours = (*NEXT_KEYS, *BACK_KEYS, *BLANK_KEYS, *ITEM_KEYS, Qt.Key.Key_Escape)
        if key not in ours or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # ours, not a menu shortcut's (Space collapses a team elsewhere)
            return True
        if event.isAutoRepeat():
            return True
        self.press(Qt.Key(key))
        return True

    def press(self, key: Qt.Key) -> None:
        """What one key of the clicker does."""
        if key in BLANK_KEYS:
            self.toggle_blank()
        elif self.blank.isVisible():
            self.toggle_blank()  # any key brings the room back first
        elif key == Qt.Key.Key_Escape:
            self.leave()
        elif key in NEXT_KEYS:
            self.go(self.position + 1)
        elif key in BACK_KEYS:
            self.go(self.position - 1)
        elif key in ITEM_KEYS:
            self.step_item(-1 if key == Qt.Key.Key_Up else 1)

    def toggle_blank(self) -> None:
        if self.blank.isVisible():
            self.blank.hide()
            return
        self.blank.setGeometry(self.host.rect())
        self.blank.raise_()
        self.blank.show()

    # -- the slides ------------------------------------------------------------------------

    def slides(self) -> list[Slide]:
        project = self.context.project
        levels = project.chart.level_count if project is not None else 0
        walk = [Slide("level", -1)] + [Slide("level", n) for n in range(levels - 1, -1, -1)]
        return [
            *(Slide("step", n) for n in range(len(STEPS))),
            Slide("coverage", 0),
            Slide("progress", 0),
            *walk,
        ]

    def go(self, position: int) -> None:
        self.position = max(0, min(position, len(self.slides()) - 1))
        self.show_slide()

    def _refresh_if_active(self) -> None:
        if self.active:
            self.position = min(self.position, len(self.slides()) - 1)
            self.show_slide()

    def show_slide(self) -> None:
        slides = self.slides()
        slide = slides[self.position]
        where = f"{self.position + 1} / {len(slides)} · PgDn next · PgUp back · B blank · Esc"
        if slide.kind == "step":
            self._show_step(slide.number, where)
        elif slide.kind == "coverage":
            self._show_coverage(where)
        elif slide.kind == "progress":
            self._show_progress(where)
        else:
            self._show_level(slide.number, where)
        self.slide_shown.emit()

    def current_items(self, place: NeedPlace | None = None) -> tuple[list[Item], str | None]:
        """The items of the slide shown and the key of the one in hand (on "who commits", the
        managers for ``place``, the need in hand when not given)."""
        slide = self.slides()[self.position]
        if slide.kind != "step":
            return [], None
        project, focus = self.context.project, self.customers.focus
        if project is None:
            return [], None
        if slide.number == 0:
            return [Item(s.name, s.name) for s in project.customer_map], focus.segment
        segment = focus.chosen_segment()
        if slide.number == 1:
            touchpoints = segment.touchpoints if segment is not None else ()
            return [Item(t.id, t.name) for t in touchpoints], focus.touchpoint
        if slide.number == 2:
            touchpoint = focus.chosen_touchpoint()
            needs = touchpoint.needs if touchpoint is not None else ()
            return [Item(n.id, n.text) for n in needs], None
        return self._managers(place or self.need_in_hand()), None

    def open_needs(self) -> list[NeedPlace]:
        """The chosen segment's needs nobody answers yet, must-needs first."""
        project, segment = self.context.project, self.customers.focus.chosen_segment()
        if project is None or segment is None:
            return []
        places = [p for p in needs_coverage(project).unanswered() if p.segment.name == segment.name]
        return sorted(places, key=lambda p: p.need.importance is not Importance.MUST)

    def need_in_hand(self) -> NeedPlace | None:
        places = self.open_needs()
        touchpoint = self.customers.focus.touchpoint
        here = [p for p in places if p.touchpoint.id == touchpoint]
        chosen = here or places
        return chosen[0] if chosen else None

    def _managers(self, place: NeedPlace | None) -> list[Item]:
        project = self.context.project
        if project is None or place is None:
            return []
        people = served_people(project.chart, place.touchpoint)
        chart = project.chart
        return [
            Item(chart.ids[m.index], chart.names[m.index] or chart.ids[m.index])
            for m in managers_serving(chart, people, ITEMS_SHOWN)
        ]

    def _show_step(self, step: int, where: str) -> None:
        focus, project = self.customers.focus, self.context.project
        # A step past the first needs a customer group, and past the second a moment of their
        # day: in front of the room the first ones are taken rather than a blank slide shown.
        if step >= 1 and focus.chosen_segment() is None and project is not None:
            first = next((s for s in project.customer_map if s.touchpoints), None)
            if first is not None:
                focus.choose_segment(first.name)
        segment = focus.chosen_segment()
        if step == 2 and focus.chosen_touchpoint() is None and segment and segment.touchpoints:
            focus.choose_touchpoint(segment.touchpoints[0].id)
        # The need in hand once for the slide: finding it counts the needs' coverage.
        place = self.need_in_hand() if step == 3 else None
        items, current = self.current_items(place)
        detail = ""
        if step > 0 and focus.chosen_segment() is None:
            detail = "Choose a customer group first (PgUp)."
        elif step == 2:
            touchpoint = focus.chosen_touchpoint()
            detail = (
                f"At <b>{html.escape(touchpoint.name)}</b>: be, do, have."
                if touchpoint is not None
                else "Choose a moment of their day first (PgUp)."
            )
        elif step == 3:
            if place is not None and place.touchpoint.id != focus.touchpoint:
                focus.choose_touchpoint(place.touchpoint.id)  # its people light up
            detail = (
                f"<b>{html.escape(place.need.text)}</b> at {html.escape(place.touchpoint.name)}"
                " · click a manager to commit them"
                if place is not None
                else "Every need of this customer group has a commitment."
            )
        where = f"Step {step + 1} of {len(STEPS)}: {STEPS[step]} · {where}"
        self.strip.show_slide(QUESTIONS[step], items, current, detail, where)
        if step == 3:
            self._light_with_managers([item.key for item in items])

    def _light_with_managers(self, manager_ids: list[str]) -> None:
        """The touchpoint's people and the managers who could commit, lit together."""
        project, view = self.context.project, self.context.view
        if project is None or self.context.shown.chart is not project.chart:
            return  # a focused team numbers people its own way: the focus lights its own
        chart = project.chart
        known = [chart.index_of(m) for m in manager_ids if project.has_person(m)]
        managers = np.array(known, dtype=np.int64)
        lit = np.union1d(self.customers.focus.lit_people(), managers)
        view.set_highlight(lit if lit.shape[0] else None)

    def _show_coverage(self, where: str) -> None:
        coverage = self.context.coverage.coverage()
        self.customers.focus.relight()
        if coverage is None:
            self.strip.show_slide("How far does our support reach?", [], None, "", where)
            return
        levels = " · ".join(
            f"level {row.level}: {row.with_active} of {row.managers}"
            for row in coverage.level_table()
        )
        gaps = "; ".join(
            f"{html.escape(g.name)} ({g.reason})" for g in gap_rows(coverage, GAPS_SHOWN)
        )
        detail = f"Managers with a commitment, {levels}"
        if gaps:
            detail += f"<br>First gaps: {gaps}"
        question = headline(coverage)
        self.strip.show_slide(question, [], None, detail, f"Coverage · {where}")

    def _show_progress(self, where: str) -> None:
        source = self.progress
        self.customers.focus.relight()
        where = f"Progress · Up/Down another measure · {where}"
        if source is None or self.context.project is None:
            self.strip.show_slide(PROGRESS_QUESTION, [], None, "", where)
            return
        source.request()
        view = source.view
        if view is None:
            detail = html.escape(source.message) if source.message else "<i>Counting…</i>"
            self.strip.show_slide(PROGRESS_QUESTION, [], None, detail, where)
            return
        found, key, detail = progress_slide(view, self.progress_key)
        question = progress_headline(view)
        items = [Item(item.key, item.text) for item in found]
        at = next((i for i, item in enumerate(items) if item.key == key), 0)
        first = max(0, min(at - ITEMS_SHOWN // 2, len(items) - ITEMS_SHOWN))
        shown = items[first : first + ITEMS_SHOWN]  # the one in hand is always among them
        self.strip.show_slide(question, shown, key, detail, where)

    def _show_level(self, level: int, where: str) -> None:
        project, view = self.context.project, self.context.view
        if project is None:
            return
        if level < 0:
            segments = [Item(s.name, s.name) for s in project.customer_map]
            needs = sum(len(t.needs) for s in project.customer_map for t in s.touchpoints)
            detail = f"{len(segments)} customer groups, {needs} needs mapped"
            self.customers.focus.relight()
            self.strip.show_slide("Our customers", segments, None, detail, f"Walk · {where}")
            return
        chart = project.chart
        at_level = np.flatnonzero((chart.levels == level) & chart.real)
        managers = {chart.ids[i] for i in at_level if chart.span_of_control[i] > 0}
        commitments = [c for c in project.plan if c.active and c.manager_id in managers]
        shown_chart = self.context.shown.chart
        if shown_chart is chart:
            view.set_highlight(at_level if at_level.shape[0] else None)
        lines = [
            f"{html.escape(project.display_name(c.manager_id))}: {html.escape(c.text)}"
            for c in commitments[:COMMITMENTS_SHOWN]
        ]
        title = "The chief executive" if level == 0 else f"Level {level}"
        detail = "<br>".join(lines) if lines else "No commitment at this level yet."
        counts = f"{at_level.shape[0]:,} people · {len(commitments):,} active commitments"
        self.strip.show_slide(f"{title}: {counts}", [], None, detail, f"Walk · {where}")

    # -- choosing and committing ------------------------------------------------------------

    def choose(self, key: str) -> None:
        """An item of the slide chosen (clicked, or Up and Down)."""
        slide = self.slides()[self.position]
        focus = self.customers.focus
        if slide.kind == "progress":
            self.progress_key = key
            self.show_slide()
            return
        if slide.kind != "step":
            return
        if slide.number == 0:
            focus.choose_segment(key)
        elif slide.number in (1, 2):
            if slide.number == 1:
                focus.choose_touchpoint(key)
        else:
            self.commit(key)
            return
        self.show_slide()

    def step_item(self, step: int) -> None:
        slide = self.slides()[self.position]
        if slide.kind == "progress":
            self._step_measure(step)
            return
        items, current = self.current_items()
        if not items or slide.kind != "step" or slide.number > 1:
            return
        keys = [item.key for item in items]
        at = keys.index(current) + step if current in keys else 0
        self.choose(keys[max(0, min(at, len(keys) - 1))])

    def _step_measure(self, step: int) -> None:
        view = self.progress.view if self.progress is not None else None
        if view is None:
            return
        items, key, _detail = progress_slide(view, self.progress_key)
        keys = [item.key for item in items]
        if keys:
            at = keys.index(key) + step if key in keys else 0
            self.choose(keys[max(0, min(at, len(keys) - 1))])

    def commit(self, manager_id: str) -> bool:
        """Commit ``manager_id`` to the need in hand, worded from the need."""
        project, place = self.context.project, self.need_in_hand()
        if project is None or place is None:
            return False
        text = commitment_wording(place.need)
        return self.context.push_checked(
            lambda: add_commitment(project, manager_id, text, needs=(place.need.id,)),
            "Add commitment",
        )

    def _person_clicked(self, node: int) -> None:
        slide = self.slides()[self.position] if self.active else None
        chart = self.context.shown.chart
        if slide is None or slide != Slide("step", 3) or chart is None:
            return
        person_id = chart.ids[node]
        if person_id in {item.key for item in self._managers(self.need_in_hand())}:
            self.commit(person_id)


def _application() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication), "present mode runs in the window's application"
    return app


def present_slide(name: str) -> int:
    """A slide named on the command line: 1 to 4 (the workshop's steps), or a slide's name."""
    if name.isdigit() and 1 <= int(name) <= len(STEPS):
        return int(name) - 1
    if name in SLIDE_NAMES:
        return SLIDE_NAMES.index(name)
    raise ValueError(f"{name!r} is not a step (1 to 4) nor one of {', '.join(SLIDE_NAMES)}")
