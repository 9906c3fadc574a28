"""Column mappings the user confirmed, remembered per header layout and proposed next time.

The same HR system exports the same header every month; once someone has told the importer
which column is the manager, they should not have to say it again. Mappings are kept in a small
JSON file in the app's data folder, keyed by a signature of the header (the header texts as the
importer compares them), and written atomically so a crash never leaves half a file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pyramid_app.io.spreadsheet.mapping import FIELD_NAMES, ColumnMapping, normalise_header

FILE_NAME = "column-mappings.json"
MAX_LAYOUTS = 200  # the oldest layouts are forgotten first


def header_signature(headers: Sequence[str]) -> str:
    """The same for two headers the importer would read alike (case and spacing aside)."""
    folded = "\x1f".join(normalise_header(header) for header in headers)
    return hashlib.sha256(folded.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class MappingMemory:
    """Read and write remembered mappings; a missing or damaged file is an empty memory."""

    def __init__(self, folder: Path | None = None) -> None:
        if folder is None:
            from pyramid_app.io.project.unsaved import default_data_folder

            folder = default_data_folder()
        self.path = folder / FILE_NAME

    def recall(self, headers: Sequence[str]) -> tuple[ColumnMapping, int | None] | None:
        """The mapping (and header row) last confirmed for this header layout, if any."""
        entry = self._load().get(header_signature(headers))
        if not isinstance(entry, dict):
            return None
        columns = entry.get("mapping")
        if not isinstance(columns, dict):
            return None
        chosen: dict[str, int] = {}
        for field_name, column in columns.items():
            if field_name not in FIELD_NAMES or type(column) is not int:
                return None
            if not 0 <= column < len(headers):
                return None
            chosen[field_name] = column
        header_row = entry.get("header_row")
        return ColumnMapping(**chosen), header_row if type(header_row) is int else None

    def remember(
        self, headers: Sequence[str], mapping: ColumnMapping, header_row: int | None = None
    ) -> None:
        """Keep ``mapping`` for this header layout; a write that fails is silently skipped
        (remembering is a convenience, never a reason to stop an import)."""
        entries = self._load()
        entries.pop(header_signature(headers), None)
        entries[header_signature(headers)] = {
            "mapping": dict(mapping.items()),
            "header_row": header_row,
            "headers": list(headers)[:50],
            "confirmed": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        while len(entries) > MAX_LAYOUTS:
            entries.pop(next(iter(entries)))
        try:
            self._save(entries)
        except OSError:
            return

    def _load(self) -> dict[str, Any]:
        try:
            if self.path.stat().st_size > 4 * 2**20:
                return {}
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def _save(self, entries: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".mappings-", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(entries, stream, indent=1)  # ASCII: lone surrogates survive
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
