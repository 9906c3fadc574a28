"""What the colours mean, with headcounts (and, when the links are coloured, link counts)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea

from pyramid_app.model.colouring import ColourBy, Colouring, LegendRow

MAX_HEIGHT = 170  # pixels


class Legend(QScrollArea):
    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.entries: list[LegendRow] = []  # what is shown, nodes then links

    def show_colouring(self, colouring: Colouring, by: ColourBy) -> None:
        self.entries = [*colouring.legend, *colouring.link_legend]
        rows = "".join(
            f"<tr><td style='background-color:rgb{colour};width:14px'>&nbsp;&nbsp;&nbsp;</td>"
            f"<td>&nbsp;{html.escape(label)}</td><td align='right'>&nbsp;{count:,}</td></tr>"
            for label, colour, count in colouring.legend
        )
        # A link is a line, so its colour is shown as a short line rather than a swatch.
        rows += "".join(
            f"<tr><td style='color:rgb{colour}'><b>━━</b></td>"
            f"<td>&nbsp;{html.escape(label)}</td><td align='right'>&nbsp;{count:,}</td></tr>"
            for label, colour, count in colouring.link_legend
        )
        self.label.setText(f"<b>Colour by {by.value}</b><table>{rows}</table>")
        # Tall enough for a short legend to show whole (coverage has nine rows); a long list
        # of departments scrolls instead of squeezing the details above.
        frame = 2 * self.frameWidth()
        self.setMinimumHeight(min(self.label.sizeHint().height() + frame, MAX_HEIGHT))
