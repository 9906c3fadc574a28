"""What the colours mean, with headcounts."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea

from pyramid_app.model.colouring import ColourBy, Colouring


class Legend(QScrollArea):
    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setWidget(self.label)
        self.setWidgetResizable(True)

    def show_colouring(self, colouring: Colouring, by: ColourBy) -> None:
        rows = "".join(
            f"<tr><td style='background-color:rgb{colour};width:14px'>&nbsp;&nbsp;&nbsp;</td>"
            f"<td>&nbsp;{html.escape(label)}</td><td align='right'>&nbsp;{count:,}</td></tr>"
            for label, colour, count in colouring.legend
        )
        self.label.setText(f"<b>Colour by {by.value}</b><table>{rows}</table>")
