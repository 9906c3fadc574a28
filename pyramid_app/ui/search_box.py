"""Find a person by part of their name, title or id, with suggestions as you type."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from pyramid_app.model.org import OrgChart

MAX_SUGGESTIONS = 30


class SearchBox(QLineEdit):
    """Emits ``person_found`` with the index of the person picked from the suggestions."""

    person_found = Signal(int)
    nothing_found = Signal(str)  # the text that matched nobody

    def __init__(self) -> None:
        super().__init__()
        self.setPlaceholderText("Find a person (Ctrl+F)")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(260)
        self.setMaximumWidth(380)
        self._haystack: list[str] | None = None
        self._chart: OrgChart | None = None
        self._matches: list[int] = []
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setMaxVisibleItems(12)
        self.setCompleter(self._completer)
        # The signal's default overload is activated(QString); the stubs cannot index signals.
        self._completer.activated.connect(self._picked_text)
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self._refresh)
        self.textEdited.connect(lambda _text: self._timer.start())
        self.returnPressed.connect(self._enter)

    def set_chart(self, chart: OrgChart | None) -> None:
        """Search ``chart`` from now on; what was typed for the previous one is cleared."""
        self._timer.stop()
        self.clear()
        self._matches = []
        self._model.setStringList([])
        self._show_no_match(False)
        self._chart = chart
        self._haystack = None  # built at the first search, not while a file is being opened

    def _entries(self) -> list[str]:
        if self._haystack is None:
            chart = self._chart
            assert chart is not None
            self._haystack = [
                f"{name}\t{title}\t{person_id}".casefold()
                for name, title, person_id in zip(chart.names, chart.titles, chart.ids, strict=True)
            ]
        return self._haystack

    def matches(self, text: str, limit: int = MAX_SUGGESTIONS) -> list[int]:
        """People whose name, title or id contains ``text``; names starting with it first."""
        query = text.strip().casefold()
        if not query or self._chart is None:
            return []
        starts: list[int] = []
        contains: list[int] = []
        for index, entry in enumerate(self._entries()):
            if query in entry:
                (starts if entry.startswith(query) else contains).append(index)
                if len(starts) >= limit:
                    break
        return (starts + contains)[:limit]

    def suggestion(self, index: int) -> str:
        assert self._chart is not None
        chart = self._chart
        title = f" - {chart.titles[index]}" if chart.titles[index] else ""
        return f"{chart.names[index] or chart.ids[index]}{title} ({chart.ids[index]})"

    def _refresh(self) -> None:
        self._matches = self.matches(self.text())
        self._model.setStringList([self.suggestion(i) for i in self._matches])
        if self._matches:
            self._completer.complete()
        self._show_no_match(bool(self.text().strip()) and not self._matches)

    def _show_no_match(self, no_match: bool) -> None:
        """A pale red box while what is typed matches nobody."""
        self.setStyleSheet("QLineEdit { background: #fde8e8; }" if no_match else "")
        self.setToolTip("Nobody's name, title or id contains this text" if no_match else "")

    def _picked_text(self, text: str) -> None:
        for index in self._matches:
            if self.suggestion(index) == text:
                self.person_found.emit(index)
                return

    def _enter(self) -> None:
        self._timer.stop()
        matches = self.matches(self.text(), limit=1)
        if matches:
            self.person_found.emit(matches[0])
        elif self.text().strip():
            self._show_no_match(True)
            self.nothing_found.emit(self.text().strip())
