"""What the action-plan export works out a column (or a block of rows) at a time gives what
working it out cell by cell gives: row heights, fingerprints, the check for suspect text, the
cells of the big sheets' rows, and their deflating ahead of the zip they go into."""

from __future__ import annotations

import datetime as dt
import random
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest

from pyramid_app.io.workbook.columns import (
    SUSPECT_TEXT,
    any_suspect,
    commitment_canonical,
    fingerprint,
    fingerprints,
)
from pyramid_app.io.workbook.deflated import DeflatingFile, add_deflated, crc32_combine
from pyramid_app.io.workbook.rows import _cells_one_by_one, _column_cells
from pyramid_app.io.workbook.style import (
    LINE_HEIGHT,
    _lines_word_by_word,
    row_heights,
    text_lines,
)
from pyramid_app.model.plan import Commitment, ProgressNote, Status

WORDS = ["a", "bb", "ccc", "", "dddddddddd", "e" * 17, "f" * 40]


def test_a_paragraph_cut_at_its_spaces_takes_the_lines_it_takes_word_by_word() -> None:
    rng = random.Random(5)
    for _ in range(3_000):
        capacity = rng.randint(4, 30)
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 25)))
        assert text_lines(text, capacity) == _lines_word_by_word(text, capacity), (text, capacity)
    assert text_lines("Hold a one-to-one with each report", 10) == 4
    assert text_lines("two\nlines", 40) == 2
    assert text_lines("x" * 25, 10) == 3  # a word longer than a line runs over


def test_row_heights_are_the_tallest_wrapped_cell_of_each_row() -> None:
    repeated = ["a measure written the same way on every row"] * 1_500
    different = [f"commitment number {i} with words enough to wrap" for i in range(1_500)]
    mixed = ["", "short", "two\nlines", 7, "x " * 40] * 300
    columns: list[list[Any]] = [repeated, different, mixed]
    capacities = [12, 20, 9]
    heights = row_heights(columns, capacities)
    for row, height in enumerate(heights):
        lines = max(
            text_lines(column[row], capacity) if type(column[row]) is str else 1
            for column, capacity in zip(columns, capacities, strict=True)
        )
        assert height == (None if lines == 1 else min(409.0, LINE_HEIGHT * lines + 2))
    assert row_heights([["short"] * 3], [10]) == [None, None, None]


TRICKY = [
    "plain",
    "_x0041_ escape look-alike",
    "carriage\rreturn",
    "bell\x07",
    "lone \ud800 surrogate",
    "not a character \ufffe",
    "a fullwidth pound sign \uffe1 is fine",  # UTF-8 EF BF A1, beside U+FFFE's EF BF BE
    "tab\tand line\nfeed are fine",
    "x" * 40_000,
]


@pytest.mark.parametrize("text", TRICKY)
def test_suspect_text_is_found_as_the_expression_finds_it(text: str) -> None:
    expected = SUSPECT_TEXT.search(text) is not None
    assert any_suspect([text]) is expected
    # Far into a column of texts, past the first block of joined ones.
    assert any_suspect(["ordinary text of a cell"] * 300_000 + [text]) is expected


def test_fingerprints_of_a_plan_are_each_commitments_own() -> None:
    moment = dt.datetime(2026, 3, 1, 9, 30)
    commitments = [
        Commitment(
            id=f"C-{number:04d}",
            manager_id="E1",
            text=TRICKY[number % len(TRICKY)] if number % 3 else "Meet every report",
            practice=["Leadership", " Leadership ", "", "Get it done"][number % 4],
            measure="held / planned",
            cadence=["weekly", "monthly\r\n", ""][number % 3],
            due=None if number % 5 == 0 else dt.date(2026, 1, 1 + number % 28),
            status=list(Status)[number % len(Status)],
            notes=(ProgressNote(dt.date(2026, 2, 1 + number % 3), TRICKY[number % 4]),)
            if number % 2
            else (),
            created=moment,
            changed=moment,
        )
        for number in range(1, 400)
    ]
    assert fingerprints(commitments) == [fingerprint(commitment_canonical(c)) for c in commitments]


COLUMNS: list[list[Any]] = [
    ["", "plain", "=1+1", "  spaced  ", "Fish & chips <b>", "-5", "plain"] * 40,
    [f"different {i} & <{i}>" for i in range(279)] + [""],
    [0, 1, None, 42, 0, None, 7] * 40,
    [0.5, None, 1.0, 0.25] * 70,
    [dt.date(2026, 1, 2), None, dt.date(1999, 12, 31)] * 90,
    [True, None, 3, "mixed", 2.5, dt.date(2026, 5, 4)] * 45,
]


@pytest.mark.parametrize("values", COLUMNS)
@pytest.mark.parametrize("plain_id", [0, 4])
def test_a_column_made_at_once_is_the_column_made_cell_by_cell(
    values: list[Any], plain_id: int
) -> None:
    numbers = range(2, len(values) + 2)
    assert _column_cells(values, "C", numbers, plain_id, 9) == _cells_one_by_one(
        values, "C", numbers, plain_id, 9
    )


def test_crc32_of_pieces_put_together_is_the_crc32_of_the_whole() -> None:
    rng = random.Random(2)
    for length in (0, 1, 7, 1_000, 65_537):
        first, second = rng.randbytes(rng.randint(0, 500)), rng.randbytes(length)
        combined = crc32_combine(zlib.crc32(first), zlib.crc32(second), len(second))
        assert combined == zlib.crc32(first + second)


def test_an_entry_deflated_in_pieces_reads_back_whole(tmp_path: Path) -> None:
    rows = [
        f'<row r="{i}"><c r="A{i}"><v>{i}</v></c><c r="B{i}"><is><t>☕</t></is></c></row>'
        for i in range(50_000)
    ]
    with DeflatingFile(tmp_path / "rows.deflated") as out:
        for start in range(0, len(rows), 7_000):
            out.write("".join(rows[start : start + 7_000]))
        deflated = out.close()
    workbook = tmp_path / "book.zip"
    with zipfile.ZipFile(workbook, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("before.xml", "<a/>")
        add_deflated(
            target, zipfile.ZipInfo("sheet.xml"), b"<sheetData>", deflated, b"</sheetData>"
        )
        target.writestr("after.xml", "<b/>")
    with zipfile.ZipFile(workbook) as source:
        assert source.testzip() is None  # every entry's CRC-32 and size check out
        assert source.read("sheet.xml").decode() == "<sheetData>" + "".join(rows) + "</sheetData>"
        assert source.read("after.xml") == b"<b/>"
