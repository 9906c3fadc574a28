"""Writers for the small spreadsheets tests build on the fly."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

SheetRows = Sequence[Sequence[Any]]


def write_xlsx(path: Path, sheets: dict[str, SheetRows]) -> Path:
    """Write one worksheet per entry with openpyxl, as Excel users' files are."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


def write_csv(
    path: Path,
    rows: SheetRows,
    encoding: str = "utf-8",
    delimiter: str = ",",
    newline: str = "\n",
    preamble: str = "",
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        handle.write(preamble)
        writer = csv.writer(handle, delimiter=delimiter, lineterminator=newline)
        writer.writerows(rows)
    return path


# Ann (CEO) <- Bob, Cy ; Bob <- Di, Ed, Flo ; Cy <- Gil
SMALL_ORG = [
    ["Employee ID", "Manager ID", "Name", "Title", "Department"],
    ["A", "", "Ann Archer", "Chief Executive", "Board"],
    ["B", "A", "Bob Baker", "Head of Rooms", "Rooms"],
    ["C", "A", "Cy Cole", "Head of Kitchen", "Kitchen"],
    ["D", "B", "Di Dunn", "Receptionist", "Rooms"],
    ["E", "B", "Ed Eng", "Receptionist", "Rooms"],
    ["F", "B", "Flo Fox", "Porter", "Rooms"],
    ["G", "C", "Gil Gray", "Chef", "Kitchen"],
]


# A small hotel whose last row names a manager who is not in the file: Ann heads everyone else.
ORPHAN_ORG: SheetRows = [
    ["ID", "Manager", "Name", "Title"],
    ["1", "", "Ann Chief", "Chief Executive"],
    ["2", "1", "Bob", "Head of Rooms"],
    ["3", "1", "Cy", "Head of Food"],
    ["4", "2", "Di", "Porter"],
    ["5", "2", "Ed", "Porter"],
    ["6", "3", "Flo", "Cook"],
    ["7", "3", "Gil", "Cook"],
    ["8", "42", "Hal", "Porter"],
]
