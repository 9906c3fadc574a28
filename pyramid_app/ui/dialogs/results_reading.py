"""Reading a results file for the window: off the GUI thread, with the columns remembered.

:class:`ResultsReadWorker` reads a file with :func:`read_results` in a thread of its own, as
the org chart's import does, so the window stays responsive on a large sheet.
:class:`ResultsMappingMemory` keeps the columns the planner confirmed, in the settings, keyed
by the header row (the same signature as the org chart's remembered columns): next month's
export of the same report is read the same way without being asked again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QThread, Signal

from pyramid_app.io.spreadsheet.cells import printable
from pyramid_app.io.spreadsheet.errors import UnreadableFileError
from pyramid_app.io.spreadsheet.mapping_memory import header_signature
from pyramid_app.io.spreadsheet.results_import import (
    FIELDS,
    ResultsMapping,
    ResultsRead,
    read_results,
)
from pyramid_app.model.project import Project
from pyramid_app.ui.import_worker import internal_error_message

SETTINGS_GROUP = "results_columns"
# How the columns of a reading were found: by their names, as remembered for this header, or
# guessed (no column is named like a period: the planner chooses them in the dialog).
PROPOSED, REMEMBERED, GUESSED = "proposed", "remembered", "guessed"
GUESS = ResultsMapping(period=0, measures=(1,))
_COMMAND_LINE_ADVICE = re.compile(r"[.;] [Nn]ame it\b.*--\w+.*$")
MAX_LAYOUTS = 100  # the oldest layouts are forgotten first


def mapping_of(entry: Any, headers: Sequence[str]) -> ResultsMapping | None:
    """A remembered entry as a mapping of ``headers``; None for anything that is not one."""
    if not isinstance(entry, dict):
        return None
    columns: dict[str, int | None] = {}
    for name in FIELDS:
        column = entry.get(name)
        if column is not None and (type(column) is not int or not 0 <= column < len(headers)):
            return None
        columns[name] = column
    measures = entry.get("measures", [])
    if not isinstance(measures, list) or not all(
        type(c) is int and 0 <= c < len(headers) for c in measures
    ):
        return None
    return ResultsMapping(**columns, measures=tuple(measures))


class ResultsMappingMemory:
    """The columns confirmed per header layout, in the settings; a damaged entry is ignored."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def entries(self) -> dict[str, Any]:
        """Every remembered layout (signature -> entry): read on the GUI thread, handed to
        the worker as plain data."""
        self.settings.beginGroup(SETTINGS_GROUP)
        try:
            found = {}
            for key in self.settings.childKeys():
                try:
                    found[key] = json.loads(str(self.settings.value(key, "")))
                except ValueError:
                    continue
            return found
        finally:
            self.settings.endGroup()

    def recall(self, headers: Sequence[str]) -> ResultsMapping | None:
        return recall_in(self.entries(), headers)

    def remember(self, headers: Sequence[str], mapping: ResultsMapping) -> None:
        entries = self.entries()
        signature = header_signature(headers)
        entries.pop(signature, None)
        ranks = [e.get("confirmed") for e in entries.values() if isinstance(e, dict)]
        entry: dict[str, Any] = {name: getattr(mapping, name) for name in FIELDS}
        entry["measures"] = list(mapping.measures)
        entry["confirmed"] = max((r for r in ranks if type(r) is int), default=0) + 1
        # The layouts confirmed longest ago are forgotten first.
        by_age = sorted(entries, key=lambda key: _rank(entries[key]))
        self.settings.beginGroup(SETTINGS_GROUP)
        try:
            for key in by_age[: max(0, len(by_age) + 1 - MAX_LAYOUTS)]:
                self.settings.remove(key)
            self.settings.setValue(signature, json.dumps(entry))
        finally:
            self.settings.endGroup()


def _rank(entry: Any) -> int:
    rank = entry.get("confirmed") if isinstance(entry, dict) else None
    return rank if type(rank) is int else 0


def _for_the_window(message: str) -> str:
    """A reader's message with its command-line advice ("--period C") put in the window's
    words."""
    return _COMMAND_LINE_ADVICE.sub(
        ". Name the columns in the file's header (Month, Hotel, Measure, Value) and import it "
        "again.",
        message,
    )


def recall_in(entries: Mapping[str, Any], headers: Sequence[str]) -> ResultsMapping | None:
    return mapping_of(entries.get(header_signature(headers)), headers)


class ResultsReadWorker(QThread):
    """Reads one results file; ``read_done`` carries the :class:`ResultsRead` and how its
    columns were found (:data:`PROPOSED`, :data:`REMEMBERED`, :data:`GUESSED`), ``failed`` a
    message. Cancel only marks the job: a cancelled read finishes in the background and its
    result is dropped."""

    read_done = Signal(object, str)
    failed = Signal(str)

    def __init__(
        self,
        path: Path,
        project: Project,
        mapping: ResultsMapping | None = None,
        remembered: Mapping[str, Any] | None = None,
    ) -> None:
        """``mapping``: the columns chosen; without one, those remembered for the file's
        header (from ``remembered``, :meth:`ResultsMappingMemory.entries`) or proposed."""
        super().__init__()
        self.path = path
        self.project = project
        self.mapping = mapping
        self.remembered = dict(remembered or {})
        self.cancelled = False

    def run(self) -> None:
        try:
            read, recalled = self._read()
        except UnreadableFileError as error:
            if not self.cancelled:
                self.failed.emit(printable(str(error)))
            return
        except Exception as error:  # a bug must not take the window down with it
            message = internal_error_message(self.path, "read", error)
            if not self.cancelled:
                self.failed.emit(message)
            return
        if not self.cancelled:
            self.read_done.emit(read, recalled)

    def _read(self) -> tuple[ResultsRead, str]:
        if self.mapping is not None:
            return read_results(self.path, self.project, mapping=self.mapping), PROPOSED
        try:
            read = read_results(self.path, self.project)
        except UnreadableFileError as error:
            # No column is named like a period (or a measure without a value): a table of
            # two columns or more is shown anyway, for the planner to choose its columns.
            try:
                read = read_results(self.path, self.project, mapping=GUESS)
            except UnreadableFileError:
                raise UnreadableFileError(_for_the_window(str(error))) from None
            if not (read.results or read.problems):
                raise UnreadableFileError(
                    f"{self.path.name} holds no results: nothing is below its header "
                    f"({read.row_word} {read.header_row}), and no column is named like a "
                    "period (month, week or date)."
                ) from None
            recalled = recall_in(self.remembered, read.headers)
            if recalled is None:
                return read, GUESSED
            return read_results(self.path, self.project, mapping=recalled), REMEMBERED
        recalled = recall_in(self.remembered, read.headers)
        if recalled is None or recalled == read.mapping:
            return read, REMEMBERED if recalled is not None else PROPOSED
        try:
            return read_results(self.path, self.project, mapping=recalled), REMEMBERED
        except UnreadableFileError:
            return read, PROPOSED  # remembered for this header, but of no use now

    def cancel(self) -> None:
        self.cancelled = True
