"""The rows of the action plan's big sheets, written as SpreadsheetML text instead of cell by cell.

openpyxl writes a cell in about 35 microseconds (it builds an element per cell and serialises
it), so a plan of a million commitments, 17 columns, took ten minutes and 4 GB. The big sheets'
rows are written here instead, into a scratch file, with the same cells openpyxl would write
(inline strings, numbers, booleans, dates as serial numbers, the style of each column, the row
heights): then, once openpyxl has saved the workbook with only their header rows, the rows are
put into the saved file's sheet parts (:func:`splice_rows`).

Only what is known to be plain is written this way: a sheet whose text holds a character XML
cannot carry, or a date where no date style was asked for, goes the ordinary way.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from openpyxl.utils import get_column_letter

from pyramid_app.io.spreadsheet.extent import xlsx_sheet_part
from pyramid_app.io.workbook.columns import RISKY_FIRST

# Below this many rows the ordinary writer is as good and keeps the code path of small plans.
FAST_ROWS = 2_000
_EPOCH = dt.date(1899, 12, 30)
_ILLEGAL_XML = {chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))}
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_XML_SPACE = " \t\n\r"


@dataclass
class DeferredRows:
    """One sheet's rows waiting in ``path`` to go into the saved workbook."""

    sheet: str
    path: Path
    last_row: int


@dataclass
class FastRows:
    """Writes big sheets' rows to scratch files in ``folder``; ``style_id(style, quoted)`` is
    the workbook's index of a cell style (None: no style)."""

    folder: Path
    style_id: Callable[[str | None, bool], int]
    deferred: list[DeferredRows] = field(default_factory=list)

    def write(
        self,
        sheet_name: str,
        columns: Sequence[list[Any]],
        styles: Sequence[str | None],
        heights: Callable[[Sequence[Any]], float | None],
        first_row: int,
    ) -> bool:
        """Write the rows; False (nothing written) when they must go the ordinary way."""
        if not _plain(columns, styles):
            return False
        letters = [get_column_letter(i + 1) for i in range(len(columns))]
        plain_ids = [self.style_id(style, False) if style else 0 for style in styles]
        quoted_ids = [self.style_id(style, True) for style in styles]
        path = self.folder / f"rows-{len(self.deferred)}.xml"
        count = len(columns[0]) if columns else 0
        with path.open("w", encoding="utf-8", newline="") as out:
            # A block of rows at a time, column by column: each column's cells are made by one
            # comprehension fitted to what it holds, then the rows are joined.
            for start in range(0, count, _BLOCK):
                stop = min(start + _BLOCK, count)
                numbers = range(first_row + start, first_row + stop)
                made = [
                    _column_cells(column[start:stop], letter, numbers, plain_id, quoted_id)
                    for column, letter, plain_id, quoted_id in zip(
                        columns, letters, plain_ids, quoted_ids, strict=True
                    )
                ]
                rows = zip(*(column[start:stop] for column in columns), strict=True)
                out.write(
                    "".join(
                        _row_start(number, heights(values)) + "".join(cells) + "</row>"
                        for number, values, cells in zip(
                            numbers, rows, zip(*made, strict=True), strict=True
                        )
                    )
                )
        self.deferred.append(DeferredRows(sheet_name, path, first_row + count - 1))
        return True


_BLOCK = 20_000


def _row_start(number: int, height: float | None) -> str:
    if height is None:
        return f'<row r="{number}">'
    return f'<row r="{number}" ht="{height:g}" customHeight="1">'


def _text(value: str) -> str:
    if "&" in value or "<" in value or ">" in value:
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if value[0] in _XML_SPACE or value[-1] in _XML_SPACE:
        return f'<t xml:space="preserve">{value}</t>'
    return f"<t>{value}</t>"


def _column_cells(
    values: list[Any], letter: str, numbers: range, plain_id: int, quoted_id: int
) -> list[str]:
    """The cells of one column for the rows ``numbers``, as openpyxl writes them."""
    styled = f' s="{plain_id}"' if plain_id else ""
    quoted = f' s="{quoted_id}"'
    empty = f"{styled}/>" if plain_id else None
    kinds = {type(value) for value in values}
    if kinds <= {str}:
        return [
            (f'<c r="{letter}{n}"{empty}' if empty else "")
            if not value
            else f'<c r="{letter}{n}"'
            f'{quoted if value[0] in RISKY_FIRST else styled} t="inlineStr"><is>{_text(value)}'
            "</is></c>"
            for n, value in zip(numbers, values, strict=True)
        ]
    if kinds <= {int, type(None)}:
        return [
            (f'<c r="{letter}{n}"{empty}' if empty else "")
            if value is None
            else f'<c r="{letter}{n}"{styled} t="n"><v>{value}</v></c>'
            for n, value in zip(numbers, values, strict=True)
        ]
    out = io.StringIO()
    cells: list[str] = []
    for n, value in zip(numbers, values, strict=True):
        _write_cells(out, (value,), [letter], n, [plain_id], [quoted_id])
        cells.append(out.getvalue())
        out.seek(0)
        out.truncate()
    return cells


def _plain(columns: Sequence[list[Any]], styles: Sequence[str | None]) -> bool:
    """Every value is one this module writes as openpyxl would."""
    for column, style in zip(columns, styles, strict=True):
        kinds = {type(value) for value in column}
        if kinds - {str, int, float, bool, type(None), dt.date, dt.datetime}:
            return False
        if (dt.date in kinds or dt.datetime in kinds) and style is None:
            return False  # openpyxl would give it a default date format: leave that to it
        if str in kinds:
            joined = "".join(value for value in column if type(value) is str)
            if not _ILLEGAL_XML.isdisjoint(joined):
                return False
    return True


def _write_cells(
    out: TextIO,
    values: Sequence[Any],
    letters: list[str],
    number: int,
    plain_ids: list[int],
    quoted_ids: list[int],
) -> None:
    parts: list[str] = []
    for value, letter, plain_id, quoted_id in zip(
        values, letters, plain_ids, quoted_ids, strict=True
    ):
        if value is None or value == "":  # openpyxl writes no value for empty text either
            if plain_id:
                parts.append(f'<c r="{letter}{number}" s="{plain_id}"/>')
            continue
        kind = type(value)
        if kind is str:
            style = quoted_id if value[:1] in RISKY_FIRST else plain_id
            styled = f' s="{style}"' if style else ""
            space = (
                ' xml:space="preserve"'
                if value and (value[0] in _XML_SPACE or value[-1] in _XML_SPACE)
                else ""
            )
            parts.append(
                f'<c r="{letter}{number}"{styled} t="inlineStr"><is><t{space}>'
                f"{value.translate(_ESCAPES)}</t></is></c>"
            )
            continue
        styled = f' s="{plain_id}"' if plain_id else ""
        if kind is bool:
            parts.append(f'<c r="{letter}{number}"{styled} t="b"><v>{int(value)}</v></c>')
        elif kind is dt.datetime:
            day = value - dt.datetime(1899, 12, 30)
            serial = day.days + day.seconds / 86_400
            parts.append(f'<c r="{letter}{number}"{styled} t="n"><v>{serial:.10g}</v></c>')
        elif kind is dt.date:
            serial_days = (value - _EPOCH).days
            parts.append(f'<c r="{letter}{number}"{styled} t="n"><v>{serial_days}</v></c>')
        else:
            shown = repr(value) if kind is float else str(value)
            parts.append(f'<c r="{letter}{number}"{styled} t="n"><v>{shown}</v></c>')
    out.write("".join(parts))


def splice_rows(path: Path, deferred: list[DeferredRows]) -> None:
    """Put the waiting rows into the workbook saved at ``path`` (replaced in place)."""
    if not deferred:
        return
    spliced = path.with_name(path.name + ".rows")
    try:
        with zipfile.ZipFile(path) as source:
            parts: dict[str, DeferredRows] = {}
            for each in deferred:
                part = xlsx_sheet_part(source, each.sheet)
                if part is None:
                    raise ValueError(f"the sheet {each.sheet} is not in the saved workbook")
                parts[part] = each
            with zipfile.ZipFile(spliced, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
                for info in source.infolist():
                    waiting = parts.get(info.filename)
                    if waiting is None:
                        with source.open(info) as data, target.open(info, "w") as copy:
                            shutil.copyfileobj(data, copy, 1 << 20)
                        continue
                    xml = source.read(info).decode("utf-8")
                    end = xml.rindex("</sheetData>")
                    with target.open(info.filename, "w", force_zip64=True) as copy:
                        copy.write(xml[:end].encode("utf-8"))
                        with waiting.path.open("rb") as written:
                            shutil.copyfileobj(written, copy, 1 << 20)
                        copy.write(xml[end:].encode("utf-8"))
        os.replace(spliced, path)
    finally:
        if spliced.exists():
            spliced.unlink()
        for each in deferred:
            each.path.unlink(missing_ok=True)
