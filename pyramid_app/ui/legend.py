"""What the colours mean, with headcounts (and, when the links are coloured, link counts).

Under a focus the headcounts are of the team shown, like the status bar and the bands: the
colours are the organisation's, the numbers are of the people on screen.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea

from pyramid_app.model.colouring import ColourBy, Colouring, LegendRow

MAX_HEIGHT = 170  # pixels
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
        if team is not None:
            counted = counts_among(colouring, team.people)
            if counted is not None:
                # Coverage keeps every row in its place as the plan fills in; other fields
                # list what the team has.
                rows = counted if by is ColourBy.COVERAGE else [r for r in counted if r[2]]
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
        # Tall enough for a short legend to show whole (coverage has nine rows); a long list
        # of departments scrolls instead of squeezing the details above.
        frame = 2 * self.frameWidth()
        self.setMinimumHeight(min(self.label.sizeHint().height() + frame, MAX_HEIGHT))
