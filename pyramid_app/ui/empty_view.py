"""What the pyramid's place shows while no organisation is open: how to open one.

A window left empty by a file that could not be opened (the first one, given on the command
line or dropped) must not be a blank white page: the middle of the view offers the File menu's
ways in as buttons, and says what is happening while a file is being read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext
    from pyramid_app.ui.file_controller import FileController


class EmptyView(QFrame):
    """The invitation drawn over the empty pyramid view; it hides itself once a project shows."""

    def __init__(self, context: WindowContext, files: FileController) -> None:
        super().__init__(context.view)
        self.context = context
        self.setObjectName("empty-view")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#empty-view { background: #f7f7f9; border: 1px solid #c8c8d0; border-radius: 8px; }"
        )
        self.title = QLabel("No organisation is open")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.open_spreadsheet = QPushButton("Open a spreadsheet...")
        self.open_spreadsheet.setToolTip("File > New project from spreadsheet (Ctrl+I)")
        self.open_spreadsheet.clicked.connect(files.open_dialog)
        self.open_project = QPushButton("Open a project...")
        self.open_project.setToolTip("File > Open project (Ctrl+O)")
        self.open_project.clicked.connect(files.open_project_dialog)
        self.open_demo = QPushButton("Open the demo organisation")
        self.open_demo.clicked.connect(files.open_demo)
        self.open_spreadsheet.setDefault(True)
        buttons = QHBoxLayout()
        for button in (self.open_spreadsheet, self.open_project, self.open_demo):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self.failure = ""
        self.reading = ""
        self.setMaximumWidth(560)
        files.job_started.connect(self.show_reading)
        files.job_ended.connect(lambda: self.show_reading(""))
        files.import_failed.connect(lambda _message: self._failed(files.last_failed_name))
        files.open_failed.connect(lambda _message: self._failed(files.last_failed_name))
        context.project_shown.connect(self.refresh)
        context.view.installEventFilter(self)
        self.refresh()

    def show_reading(self, text: str) -> None:
        """Say what is being read ("Reading org.xlsx..."), or "" once it is done; a start-up
        that reads the first file by itself calls this too."""
        self.reading = text
        self.refresh()

    def _failed(self, name: str) -> None:
        self.failure = name
        self.refresh()

    def refresh(self) -> None:
        """Show the invitation only while no project is open; say what is going on."""
        if self.context.project is not None:
            self.failure = ""
            self.hide()
            return
        if self.reading:
            self.title.setText(self.reading)
            self.text.setText("The organisation shows here once the file has been read.")
        else:
            self.title.setText("No organisation is open")
            lead = f"{self.failure} could not be opened. " if self.failure else ""
            self.text.setText(
                f"{lead}Open an HR export (Excel or CSV) to see the organisation as an "
                "inverted pyramid, open a project you saved, or drop a file on the window."
            )
        for button in (self.open_spreadsheet, self.open_project, self.open_demo):
            button.setEnabled(not self.reading)
        self.show()
        self.raise_()
        self._place()

    def _place(self) -> None:
        host = self.parentWidget()
        if host is None:
            return
        self.adjustSize()
        width = min(self.maximumWidth(), max(host.width() - 40, 200))
        height = (
            self.heightForWidth(width) if self.hasHeightForWidth() else self.sizeHint().height()
        )
        height = max(height, self.sizeHint().height())
        self.setGeometry((host.width() - width) // 2, (host.height() - height) // 2, width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False
