"""The rows of the action plan's big sheets, written as SpreadsheetML text instead of cell by cell.

openpyxl writes a cell in about 35 microseconds (it builds an element per cell and serialises
it), so a plan of a million commitments, 17 columns, took ten minutes and 4 GB. The big sheets'
rows are written here instead, with the same cells openpyxl would write (inline strings,
numbers, booleans, dates as serial numbers, the style of each column, the row heights), into a
scratch file, deflated by a helper thread as they are made (:mod:`.deflated`): then, once
openpyxl has saved the workbook with only their header rows, the rows are put into the saved
file's sheet parts (:func:`splice_rows`).

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
from itertools import chain, repeat
from pathlib import Path
from typing import Any, TextIO

from pyramid_app.io.spreadsheet.extent import xlsx_sheet_part
from pyramid_app.io.spreadsheet.report import column_letter
from pyramid_app.io.workbook.columns import RISKY_FIRST, joined_blocks
from pyramid_app.io.workbook.deflated import LEVEL, Deflated, DeflatingFile, add_deflated

# Below this many rows the ordinary writer is as good and keeps the code path of small plans.
FAST_ROWS = 2_000
_EPOCH = dt.date(1899, 12, 30)
# The characters XML cannot hold, as the bytes UTF-8 makes of them.
_ILLEGAL_XML = bytes((*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)))
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_XML_SPACE = " \t\n\r"
_PRESERVE = ' xml:space="preserve"'


@dataclass
class DeferredRows:
    """One sheet's rows waiting, deflated, to go into the saved workbook."""

    sheet: str
    rows: Deflated


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
        heights: Sequence[float | None] | None,
        first_row: int,
    ) -> bool:
        """Write the rows (``heights``: each row's, None for the default); False (nothing
        written) when they must go the ordinary way."""
        rows = self.sheet(sheet_name, styles)
        with rows:
            if not rows.add(columns, heights, first_row):
                return False
            rows.finish()
        return True

    def sheet(self, sheet_name: str, styles: Sequence[str | None]) -> SheetRows:
        """A sheet's rows to be written a block at a time (:class:`SheetRows`)."""
        # A sheet's rows that went the ordinary way were removed: their name is free again.
        path = self.folder / f"rows-{len(self.deferred)}.deflated"
        return SheetRows(self, sheet_name, styles, path)


class SheetRows:
    """One sheet's rows, added a block at a time, so a sheet of a million rows never holds
    all its cells' values at once. Used as a context: :meth:`finish` hands the rows to the
    workbook; without it (a block that must go the ordinary way, an error) they are dropped."""

    def __init__(
        self, fast: FastRows, sheet_name: str, styles: Sequence[str | None], path: Path
    ) -> None:
        self.fast, self.sheet_name, self.styles = fast, sheet_name, styles
        self.letters = [column_letter(i) for i in range(len(styles))]
        self.plain_ids = [fast.style_id(style, False) if style else 0 for style in styles]
        self.quoted_ids = [fast.style_id(style, True) for style in styles]
        self.out = DeflatingFile(path)
        self.finished = False

    def add(
        self,
        columns: Sequence[list[Any]],
        heights: Sequence[float | None] | None,
        first_row: int,
    ) -> bool:
        """Write these rows, the first numbered ``first_row``; False (nothing written) when
        they must go the ordinary way."""
        if not _plain(columns, self.styles):
            return False
        count = len(columns[0]) if columns else 0
        # A block of rows at a time, column by column: each column's cells are made by one
        # comprehension fitted to what it holds, then the block is joined in one go.
        for start in range(0, count, _BLOCK):
            stop = min(start + _BLOCK, count)
            numbers = range(first_row + start, first_row + stop)
            made = [
                _column_cells(column[start:stop], letter, numbers, plain_id, quoted_id)
                for column, letter, plain_id, quoted_id in zip(
                    columns, self.letters, self.plain_ids, self.quoted_ids, strict=True
                )
            ]
            starts = _row_starts(numbers, heights[start:stop] if heights else None)
            ends = repeat("</row>", stop - start)
            self.out.write("".join(chain.from_iterable(zip(starts, *made, ends, strict=True))))
        return True

    def finish(self) -> None:
        self.fast.deferred.append(DeferredRows(self.sheet_name, self.out.close()))
        self.finished = True

    def __enter__(self) -> SheetRows:
        return self

    def __exit__(self, *_error: object) -> None:
        self.out.__exit__(None, None, None)
        if not self.finished:
            self.out.path.unlink(missing_ok=True)


_BLOCK = 5_000


def _row_starts(numbers: range, heights: Sequence[float | None] | None) -> list[str]:
    if heights is None:
        return [f'<row r="{number}">' for number in numbers]
    return [
        f'<row r="{number}">'
        if height is None
        else f'<row r="{number}" ht="{height:g}" customHeight="1">'
        for number, height in zip(numbers, heights, strict=True)
    ]


def _escaped(texts: list[str]) -> list[str]:
    """The texts with XML's own characters escaped, all at once: joined by a character no
    text here holds (``_plain`` saw to that), escaped, and split again."""
    if not texts:
        return []
    joined = "\x00".join(texts)
    if "&" in joined or "<" in joined or ">" in joined:
        joined = joined.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return joined.split("\x00")


def _column_cells(
    values: list[Any], letter: str, numbers: range, plain_id: int, quoted_id: int
) -> list[str]:
    """The cells of one column for the rows ``numbers``, as openpyxl writes them.

    What follows a cell's reference depends on its value alone. Most columns repeat a few
    values down a million rows (a department, a status, a due date): that part is then made
    once per distinct value of the block. Text all different (ids, commitments) is escaped
    for the whole block at once and each cell made in one go.
    """
    styled = f' s="{plain_id}"' if plain_id else ""
    blank = f"{styled}/>"  # an empty cell keeps its column's style
    kinds = set(map(type, values))
    sample = values[:_SAMPLE]
    if kinds <= {str} and len(set(sample)) * 2 > len(sample):
        return _distinct_texts(values, letter, numbers, styled, f' s="{quoted_id}"', plain_id)
    tails: dict[Any, str]
    if kinds <= {str}:
        quoted = f' s="{quoted_id}"'
        distinct = [value for value in set(values) if value]
        tails = {
            value: f'{quoted if value[0] in RISKY_FIRST else styled} t="inlineStr"><is><t'
            f"{_PRESERVE if value[0] in _XML_SPACE or value[-1] in _XML_SPACE else ''}>"
            f"{text}</t></is></c>"
            for value, text in zip(distinct, _escaped(distinct), strict=True)
        }
        tails[""] = blank
    elif kinds <= {int, type(None)} or kinds <= {float, type(None)}:  # 1 and 1.0 are one key
        tails = {value: f'{styled} t="n"><v>{value}</v></c>' for value in set(values)}
        tails[None] = blank
    elif kinds <= {dt.date, type(None)}:
        tails = {
            value: f'{styled} t="n"><v>{(value - _EPOCH).days}</v></c>'
            for value in set(values)
            if value is not None
        }
        tails[None] = blank
    else:
        return _cells_one_by_one(values, letter, numbers, plain_id, quoted_id)
    if not plain_id:  # openpyxl writes no element at all for an empty cell without a style
        return [
            f'<c r="{letter}{n}"{tails[value]}' if value or value == 0 else ""
            for n, value in zip(numbers, values, strict=True)
        ]
    return [f'<c r="{letter}{n}"{tails[value]}' for n, value in zip(numbers, values, strict=True)]


# Values of a block looked at for whether its column repeats them.
_SAMPLE = 256


def _distinct_texts(
    values: list[str], letter: str, numbers: range, styled: str, quoted: str, plain_id: int
) -> list[str]:
    """The cells of a column of texts that are mostly all different."""
    empty = f'<c r="{letter}{{}}"{styled}/>' if plain_id else ""
    return [
        f'<c r="{letter}{n}"{quoted if value[0] in RISKY_FIRST else styled} t="inlineStr"><is><t'
        f"{_PRESERVE if value[0] in _XML_SPACE or value[-1] in _XML_SPACE else ''}>{text}"
        "</t></is></c>"
        if value
        else empty.format(n)
        for n, value, text in zip(numbers, values, _escaped(values), strict=True)
    ]


def _cells_one_by_one(
    values: list[Any], letter: str, numbers: range, plain_id: int, quoted_id: int
) -> list[str]:
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
        kinds = set(map(type, column))
        if kinds - {str, int, float, bool, type(None), dt.date, dt.datetime}:
            return False
        if (dt.date in kinds or dt.datetime in kinds) and style is None:
            return False  # openpyxl would give it a default date format: leave that to it
        if str in kinds:
            texts = column if kinds == {str} else [v for v in column if type(v) is str]
            for block in joined_blocks(texts):
                data = block.encode("utf-8", "surrogatepass")
                if len(data.translate(None, _ILLEGAL_XML)) != len(data):
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
            with zipfile.ZipFile(spliced, "w", zipfile.ZIP_DEFLATED, compresslevel=LEVEL) as target:
                for info in source.infolist():
                    waiting = parts.get(info.filename)
                    if waiting is None:
                        with source.open(info) as data, target.open(info, "w") as copy:
                            shutil.copyfileobj(data, copy, 1 << 20)
                        continue
                    xml = source.read(info)
                    end = xml.rindex(b"</sheetData>")
                    add_deflated(target, info, xml[:end], waiting.rows, xml[end:])
        os.replace(spliced, path)
    finally:
        if spliced.exists():
            spliced.unlink()
        for each in deferred:
            each.rows.path.unlink(missing_ok=True)
