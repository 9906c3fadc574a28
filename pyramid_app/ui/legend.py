"""What the colours mean, with headcounts (and, when the links are coloured, link counts).

Under a focus the headcounts are of the team shown, like the status bar and the bands: the
colours are the organisation's, the numbers are of the people on screen.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QToolButton, QVBoxLayout, QWidget

from pyramid_app.model.colouring import ColourBy, Colouring, LegendRow

# Rows written out; past this (a colour per level of a 200,000-level chain) the rest are summed
# in one line, which also keeps the label's layout from taking minutes.
MAX_ROWS = 60
REST = (170, 170, 170)


def capped(rows: list[LegendRow]) -> list[LegendRow]:
    """At most MAX_ROWS rows, the last one summing those left out."""
    if len(rows) <= MAX_ROWS:
        return rows
    kept, rest = rows[: MAX_ROWS - 1], rows[MAX_ROWS - 1 :]
    return [*kept, (f"{len(rest):,} more", REST, sum(count for _l, _c, count in rest))]


@dataclass(frozen=True)
class TeamShown:
    """A focused team, as the legend counts it (indexes in the colouring's chart)."""

    name: str
    people: npt.NDArray[np.int64]  # its real people
    links: npt.NDArray[np.int64]  # its people whose link from a real manager in it is drawn


def links_among(colouring: Colouring, links: npt.NDArray[np.int64]) -> list[LegendRow]:
    """The link legend counted among the links from their managers to ``links``."""
    if colouring.link_served is None:
        return colouring.link_legend
    served = int(np.count_nonzero(colouring.link_served[links]))
    count_of = {"link served": served, "link not served": int(links.shape[0]) - served}
    return [
        (label, colour, count_of.get(label, count))
        for label, colour, count in colouring.link_legend
    ]


def counts_among(colouring: Colouring, people: npt.NDArray[np.int64]) -> list[LegendRow] | None:
    """The legend's rows counted among ``people`` (indexes of real people in the colouring's
    chart), rows nobody holds left out; None when two rows share a colour and cannot be told
    apart (more levels than the palette has colours)."""
    packed = [(r << 16) | (g << 8) | b for _label, (r, g, b), _count in colouring.legend]
    if len(set(packed)) != len(packed):
        return None
    rgb = colouring.rgb[people].astype(np.int64)
    keys, counts = np.unique((rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2], return_counts=True)
    count_of = dict(zip(keys.tolist(), counts.tolist(), strict=True))
    return [
        (label, colour, count_of.get(key, 0))
        for (label, colour, _count), key in zip(colouring.legend, packed, strict=True)
    ]


class Legend(QScrollArea):
    """The colour key's rows: a swatch, a label and a headcount each."""

    shown = Signal()  # new rows: the key around it takes their height

    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.entries: list[LegendRow] = []  # what is shown, nodes then links

    def show_colouring(
        self,
        colouring: Colouring,
        by: ColourBy,
        team: TeamShown | None = None,
    ) -> None:
        """The colours and their headcounts; with ``team``, the headcounts of that team."""
        rows, links = colouring.legend, colouring.link_legend
        title = f"<b>{html.escape(f'Colour by {by.value}')}</b>"
        if colouring.note:
            title += f"<br>{html.escape(colouring.note)}"
        if team is not None:
            counted = counts_among(colouring, team.people)
            if counted is not None:
                # Coverage and results keep every row in its place as the figures move;
                # other fields list what the team has.
                fixed = by in (ColourBy.COVERAGE, ColourBy.RESULTS)
                rows = counted if fixed else [r for r in counted if r[2]]
                links = links_among(colouring, team.links)
                title += f"<br>team of {html.escape(team.name)}"
        rows = capped(rows)
        self.entries = [*rows, *links]
        body = "".join(
            f"<tr><td style='background-color:rgb{colour};width:14px'>&nbsp;&nbsp;&nbsp;</td>"
            f"<td>&nbsp;{html.escape(label)}</td><td align='right'>&nbsp;{count:,}</td></tr>"
            for label, colour, count in rows
        )
        # A link is a line, so its colour is shown as a short line rather than a swatch.
        body += "".join(
            f"<tr><td style='color:rgb{colour}'><b>━━</b></td>"
            f"<td>&nbsp;{html.escape(label)}</td><td align='right'>&nbsp;{count:,}</td></tr>"
            for label, colour, count in links
        )
        self.label.setText(f"{title}<table>{body}</table>")
        self.label.adjustSize()
        self.shown.emit()


KEY_WIDTH = 250  # pixels
KEY_MARGIN = 8
KEY_SHARE = 0.45  # of the view's height, at most, open


class ColourKey(QFrame):
    """The colour key over the pyramid's view, in the right corner where the pyramid is narrow
    (the bottom one when the chief executive is at the bottom, the top one when on top), out of
    the way of the customers' band: open, the legend; closed, one small button. It takes
    nothing from the docks, and the planner folds it when the corner is wanted; present mode
    folds it for the room. It lies over the view from the view's parent, so the view's own
    pictures (a grab, an export) are of the pyramid alone."""

    def __init__(self, legend: Legend, view: QWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("colour-key")
        self.setStyleSheet(
            "#colour-key { background: rgba(255, 255, 255, 235); border: 1px solid #c8c8d0;"
            " border-radius: 6px; }"
        )
        self.legend, self.view = legend, view
        self.at_bottom = True  # the inverted pyramid's narrow end
        self.toggle = QToolButton()
        self.toggle.setText("Colour key")
        self.toggle.setCheckable(True)
        self.toggle.setChecked(False)
        self.toggle.setArrowType(Qt.ArrowType.LeftArrow)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setAutoRaise(True)
        self.toggle.toggled.connect(self.set_open)
        legend.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.setSpacing(0)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(legend)
        view.installEventFilter(self)
        legend.shown.connect(self.place)
        legend.setVisible(False)  # folded until asked for: the pyramid keeps its corner
        self.place()

    @property
    def is_open(self) -> bool:
        return self.toggle.isChecked()

    def set_open(self, open_: bool) -> None:
        """Open (the legend shown) or closed (only the button)."""
        self.toggle.setChecked(open_)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.LeftArrow)
        self.legend.setVisible(open_)
        self.place()

    def set_corner(self, bottom: bool) -> None:
        """In the bottom right corner (an inverted pyramid) or the top right one."""
        self.at_bottom = bottom
        self.place()

    def place(self) -> None:
        """In the view's narrow-end corner, as tall as the rows need up to a share of it."""
        view = self.view
        if self.is_open:
            rows_widget = self.legend.widget()
            rows = rows_widget.sizeHint().height() if rows_widget is not None else 0
            height = min(rows + self.toggle.sizeHint().height() + 12, KEY_SHARE * view.height())
            width = KEY_WIDTH
        else:
            height = self.toggle.sizeHint().height() + 8
            width = self.toggle.sizeHint().width() + 10
        height = max(int(height), 24)
        frame = view.geometry()
        top = (
            frame.bottom() - height - KEY_MARGIN - 16
            if self.at_bottom
            else frame.top() + KEY_MARGIN
        )
        self.setGeometry(frame.right() - width - KEY_MARGIN - 16, top, width, height)
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self.place()
        return False
