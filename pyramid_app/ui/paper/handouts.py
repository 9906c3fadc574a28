"""One manager's handout on paper: who they are and their team's picture, their commitments,
the gaps in their team, the needs of the customers their front line meets, and room to write.

One page, two where it must: the sections flow (:mod:`page_flow`) and a section that runs on
says so at the top of the second page; what still does not fit is counted at the end. A
manager without commitments gets a page that says so, with lines to write them on. The
content comes from :class:`~pyramid_app.model.handout_sheet.ManagerSheet` (plain values, no
hidden column); this module only lays it out and paints it with a QPainter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPaintDevice, QPainter, QPen

from pyramid_app.model.colouring import COVERAGE_COLOURS, LINK_COLOURS, Colouring
from pyramid_app.model.handout_sheet import CommitmentLine, ManagerSheet, TouchpointLine
from pyramid_app.model.plan import Status
from pyramid_app.ui.paper.handout_parts import KeyBlock, WritingLines
from pyramid_app.ui.paper.page_flow import (
    FAINT,
    INK,
    Block,
    Drawing,
    Heading,
    Row,
    TextBlock,
    flow,
    font,
    points,
)
from pyramid_app.ui.pyramid.scene import LIT

MAX_PAGES = 2
MARGIN = 40.0  # points around the page
FOOTER = 22.0  # points at the bottom for the footer line
WRITING_LINE = 22.0  # points between ruled lines to write on
NOTES_LINES = 2  # at least this many lines to write on, on the last page
LEFT_OUT_LINE = 16.0  # points kept on the last page for a line saying what did not fit
FIRST_COMMITMENT_LINES = 5  # the same, for a manager with no commitment yet
LABEL_WIDTH = 34.0  # points: the column of counts before gaps and touchpoints
NOT_ANSWERED = QColor(170, 90, 0)
STATUS_COLOURS = {
    Status.PLANNED: COVERAGE_COLOURS["manager: planned"],
    Status.IN_PROGRESS: COVERAGE_COLOURS["manager: in progress"],
    Status.DONE: COVERAGE_COLOURS["manager: done"],
    Status.DROPPED: COVERAGE_COLOURS["manager: no commitment"],
}
OVERDUE_COLOUR = COVERAGE_COLOURS["manager: overdue"]


def day_text(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def short_day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


@dataclass
class PageFrame:
    """A page in device units: its size and the text area inside the margins."""

    width: float
    height: float
    device: QPaintDevice

    def pt(self, value: float) -> float:
        return points(self.device, value)

    @property
    def text_rect(self) -> QRectF:
        margin = self.pt(MARGIN)
        return QRectF(
            margin, margin, self.width - 2 * margin, self.height - 2 * margin - self.pt(FOOTER)
        )


PaintTeam = Callable[[QPainter, QRectF], None]


class Handout:
    """The pages of one manager's handout, measured for ``frame`` and ready to paint."""

    def __init__(
        self,
        sheet: ManagerSheet,
        frame: PageFrame,
        project_name: str,
        today: dt.date,
        team_picture: PaintTeam,
        picture_height: float,
        colouring: Colouring,
        team_nodes: np.ndarray,
    ) -> None:
        self.sheet, self.frame = sheet, frame
        self.project_name, self.today = project_name, today
        width = frame.text_rect.width()
        self._width, self._device = width, frame.device
        top = self._top(team_picture, picture_height, colouring, team_nodes)
        commitments = self._commitments()
        rest = self._gaps() + self._needs()
        self.end_title = "Notes" if sheet.commitments else "Your first commitments"
        # Commitments still to be written need more room than notes on those already made.
        lines = NOTES_LINES if sheet.commitments else FIRST_COMMITMENT_LINES
        self.notes_min = self._heading(self.end_title).height + frame.pt(WRITING_LINE) * lines
        keep = self.notes_min + frame.pt(LEFT_OUT_LINE)
        height = frame.text_rect.height()
        self.flowed = flow(top + commitments + rest, height, MAX_PAGES, keep, self._continued)
        # A plan too long for two pages gives up its last commitments (counted) before the
        # gaps and the customers' needs, which the manager has nowhere else.
        shown = len(commitments) - 1
        while self.flowed.left_out and shown > 1:
            shown -= 1
            more = self._more_commitments(len(commitments) - 1 - shown)
            trimmed = top + commitments[: shown + 1] + [more] + rest
            self.flowed = flow(trimmed, height, MAX_PAGES, keep, self._continued)

    @property
    def page_count(self) -> int:
        return len(self.flowed.pages) + (1 if self._notes_on_new_page() else 0)

    def _notes_on_new_page(self) -> bool:
        return self.flowed.room_left < self.notes_min and len(self.flowed.pages) < MAX_PAGES

    # -- building the blocks ------------------------------------------------------------------

    def _text(self, rows: list[Row], after: float = 4.0, **options: object) -> TextBlock:
        return TextBlock(rows, self._width, self._device, self.frame.pt(after), **options)  # type: ignore[arg-type]

    def _heading(self, text: str) -> Heading:
        return Heading(text, self._width, self._device, self.frame.pt(10))

    def _continued(self, section: str) -> Block:
        return self._heading(f"{section} (continued)")

    def _top(
        self, paint_team: PaintTeam, height: float, colouring: Colouring, team: np.ndarray
    ) -> list[Block]:
        sheet, pt = self.sheet, self.frame.pt
        place = " · ".join(part for part in (sheet.department, sheet.location) if part)
        level = (
            "chief executive (level 0)"
            if sheet.level == 0
            else f"level {sheet.level}"
            if sheet.level is not None
            else "not connected to the chief executive"
        )
        meta = " · ".join(part for part in (sheet.title, place, level) if part)
        rows = [
            Row("Handout for", font(8.5), FAINT),
            Row(sheet.name, font(18, bold=True), max_lines=2),
            Row(meta, font(9.5), FAINT, above=pt(1), max_lines=3),
        ]
        if sheet.email:
            rows.append(Row(sheet.email, font(9), FAINT))
        rows.append(Row(self._team_line(), font(9.5), above=pt(6)))
        if sheet.not_connected:
            why = f"Your team is not connected to the chief executive: {sheet.not_connected}."
            rows.append(Row(why, font(9.5), NOT_ANSWERED))
        blocks: list[Block] = [self._text(rows, after=6)]
        blocks.append(Drawing(pt(height), paint_team))
        blocks.append(KeyBlock(self._key(colouring, team), self._width, self._device))
        return blocks

    def _team_line(self) -> str:
        sheet = self.sheet
        reports = f"{sheet.reports:,} direct report{'' if sheet.reports == 1 else 's'}"
        team = f"{sheet.team_people:,} {'person' if sheet.team_people == 1 else 'people'} in all"
        front = f"{sheet.front_line:,} on the front line"
        served = (
            f"{sheet.served:,} of them served by every manager down to the chief executive"
            if sheet.front_line
            else ""
        )
        return (
            "Your team: "
            + ", ".join(part for part in (reports, team, front) if part)
            + (f"; {served}." if served else ".")
        )

    def _key(self, colouring: Colouring, team: np.ndarray) -> list[tuple[str, QColor, str]]:
        """The colours of the picture that somebody in it has, then the ring and the links."""
        rgb = colouring.rgb[team]
        items: list[tuple[str, QColor, str]] = []
        for label, colour, _count in colouring.legend:
            count = int(np.count_nonzero((rgb == np.asarray(colour, dtype=np.uint8)).all(axis=1)))
            if count:
                items.append((f"{label} {count:,}", QColor(*colour), "mark"))
        if self.sheet.lit.shape[0]:
            items.append(("served by your commitments", QColor(LIT), "ring"))
        _served, unserved_colour = LINK_COLOURS.values()
        items.append(("link not served", QColor(*unserved_colour), "line"))
        return items

    def _commitments(self) -> list[Block]:
        sheet = self.sheet
        title = (
            f"Your commitments ({len(sheet.commitments)})"
            if sheet.commitments
            else ("Your commitments")
        )
        blocks: list[Block] = [self._heading(title)]
        if not sheet.commitments:
            blocks.append(
                self._text(
                    [
                        Row("No commitments yet.", font(10, bold=True)),
                        Row(
                            "How will you serve your reports, so that they can serve the "
                            "customers? Write one or two commitments at the end of this "
                            "handout: what you will do, for whom, how you will know it works, "
                            "how often and by when.",
                            font(9.5),
                        ),
                    ]
                )
            )
            return blocks
        blocks += [self._commitment(line, title) for line in sheet.commitments]
        return blocks

    def _more_commitments(self, count: int) -> Block:
        plural = "" if count == 1 else "s"
        words = f"… and {count:,} more commitment{plural}; the action plan has them all."
        return self._text([Row(words, font(8.5, italic=True), FAINT)], section="")

    def _commitment(self, line: CommitmentLine, section: str) -> Block:
        pt = self.frame.pt
        status = line.status.value.capitalize()
        colour = STATUS_COLOURS[line.status]
        if line.overdue:
            status, colour = f"{status}, overdue", OVERDUE_COLOUR
        when = [status]
        if line.due is not None:
            when.append(f"due {short_day(line.due)}")
        if line.cadence:
            when.append(f"reviewed {line.cadence}")
        when.append(f"serves {line.serves}")
        dropped = line.status is Status.DROPPED
        rows = [
            Row(line.text, font(10, bold=not dropped), FAINT if dropped else INK, max_lines=8),
            Row(f"{line.id} · " + " · ".join(when), font(8.5), FAINT, above=pt(1), max_lines=3),
        ]
        if line.measure:
            rows.append(Row(f"Measure: {line.measure}", font(8.5), max_lines=3))
        if line.answers:
            answers = "; ".join(line.answers)
            rows.append(Row(f"Answers the front line's need: {answers}", font(8.5), max_lines=3))
        note = line.last_note
        rows.append(
            Row(
                f"Last progress note, {short_day(note.on)}: {note.text}"
                if note is not None
                else "No progress note yet.",
                font(8.5, italic=True),
                FAINT,
                max_lines=4,
            )
        )
        return self._text(rows, after=7, bar=QColor(*colour), section=section)

    def _gaps(self) -> list[Block]:
        sheet = self.sheet
        title = "Gaps in your team"
        blocks: list[Block] = [self._heading(title)]
        if not sheet.front_line:
            intro = "Your team has nobody on the front line."
        elif sheet.not_connected:
            intro = (
                "Nobody in your team counts as served until it is connected to the chief "
                "executive in the organisation chart."
            )
        elif not sheet.gaps:
            intro = (
                "None: every front-line person in your team is served by every manager down "
                "to the chief executive."
            )
        else:
            unserved = sheet.front_line - sheet.served
            who = "person of your team is" if unserved == 1 else "people of your team are"
            intro = (
                f"{unserved:,} front-line {who} not served all the way down. Where the chains "
                "break, and how many people each break leaves unserved:"
            )
        blocks.append(self._text([Row(intro, font(9.5))], keep_with_next=bool(sheet.gaps)))
        label_width = self.frame.pt(LABEL_WIDTH)
        for gap in sheet.gaps:
            blocks.append(
                self._text(
                    [Row(gap.reason, font(9), max_lines=4)],
                    label=Row(f"{gap.front_line:,}", font(10, bold=True)),
                    label_width=label_width,
                    section=title,
                )
            )
        if sheet.gaps_left_out:
            more = f"… and {sheet.gaps_left_out:,} more places where chains break."
            blocks.append(self._text([Row(more, font(8.5, italic=True), FAINT)], section=title))
        return blocks

    def _needs(self) -> list[Block]:
        sheet = self.sheet
        title = "What the customers your front line meets need"
        blocks: list[Block] = [self._heading(title)]
        if not sheet.touchpoints:
            blocks.append(
                self._text(
                    [
                        Row(
                            "No touchpoint of the customers' day names people of your team.",
                            font(9.5),
                        )
                    ]
                )
            )
            return blocks
        intro = (
            "Where people of your front line meet the customers (how many of them on the left), "
            "and what they need there to serve them well:"
        )
        blocks.append(self._text([Row(intro, font(9.5))], keep_with_next=True))
        blocks += [self._touchpoint(line, title) for line in sheet.touchpoints]
        if sheet.touchpoints_left_out:
            more = f"… and {sheet.touchpoints_left_out:,} more touchpoints."
            blocks.append(self._text([Row(more, font(8.5, italic=True), FAINT)], section=title))
        return blocks

    def _touchpoint(self, line: TouchpointLine, section: str) -> Block:
        pt = self.frame.pt
        rows = [Row(f"{line.segment} · {line.name}", font(9.5, bold=True), max_lines=2)]
        for need in line.needs:
            answer = (
                "answered by you"
                if need.by_you
                else "answered by another commitment"
                if need.answered
                else "no commitment answers it yet"
            )
            text = f"{need.importance.value} · {need.kind.value}: {need.text} - {answer}"
            colour = INK if need.answered else NOT_ANSWERED
            rows.append(Row(text, font(8.5), colour, indent=pt(10), max_lines=3))
        if line.needs_left_out:
            rows.append(
                Row(f"… and {line.needs_left_out} more needs", font(8.5), FAINT, indent=pt(10))
            )
        if not line.needs:
            rows.append(Row("no needs written down yet", font(8.5), FAINT, indent=pt(10)))
        return self._text(
            rows,
            after=6,
            section=section,
            label=Row(f"{line.people:,}", font(10, bold=True)),
            label_width=self.frame.pt(LABEL_WIDTH),
        )

    # -- painting -------------------------------------------------------------------------------

    def paint_page(self, painter: QPainter, number: int) -> None:
        """Paint page ``number`` (0-based) of this handout."""
        area = self.frame.text_rect
        pages = self.flowed.pages
        placed = pages[number] if number < len(pages) else []
        for item in placed:
            item.block.paint(painter, area.left(), area.top() + item.y, area.width())
        if number == self.page_count - 1:
            top = 0.0 if not placed else placed[-1].y + placed[-1].block.height
            self._paint_end(painter, area, top)
        self._paint_footer(painter, number)

    def _paint_end(self, painter: QPainter, area: QRectF, top: float) -> None:
        """What was left out (if anything), then lines to write on down to the footer."""
        pt = self.frame.pt
        if self.flowed.left_out:
            note = self._text(
                [
                    Row(
                        f"… {self.flowed.left_out:,} more items do not fit on "
                        f"{MAX_PAGES} pages; the action plan has them all.",
                        font(8.5, italic=True),
                        FAINT,
                        above=pt(4),
                    )
                ]
            )
            note.paint(painter, area.left(), area.top() + top, area.width())
            top += note.height
        heading = self._heading(self.end_title)
        if area.height() - top < heading.height + pt(WRITING_LINE):
            return
        heading.paint(painter, area.left(), area.top() + top, area.width())
        top += heading.height
        lines = int((area.height() - top) // pt(WRITING_LINE))
        WritingLines(lines, pt(WRITING_LINE)).paint(
            painter, area.left(), area.top() + top, area.width()
        )

    def _paint_footer(self, painter: QPainter, number: int) -> None:
        frame, pt = self.frame, self.frame.pt
        area = frame.text_rect
        face = font(7.5)
        painter.setFont(face)
        painter.setPen(QPen(FAINT))
        baseline = area.bottom() + pt(FOOTER) - QFontMetricsF(face, frame.device).descent()
        left = f"{self.project_name} · handout for {self.sheet.name} ({self.sheet.person_id})"
        right = f"as of {day_text(self.today)} · page {number + 1} of {self.page_count}"
        metrics = QFontMetricsF(face, frame.device)
        right_width = metrics.horizontalAdvance(right)
        room = area.width() - right_width - pt(12)
        painter.drawText(
            QPointF(area.left(), baseline),
            metrics.elidedText(left, Qt.TextElideMode.ElideRight, room),
        )
        painter.drawText(QPointF(area.right() - right_width, baseline), right)
