"""A workbook damaged in its zip is called damaged, also when the used-range check is the first
to read the damaged part: the same message the library's own failures give, exit 2, no
traceback.

Each file is a real workbook (openpyxl, pyxlsbwriter) with one thing changed in its zip.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_workbooks import (
    SHEET_PART,
    entry,
    org_ods,
    org_xlsb,
    org_xlsx,
    validate_in_child,
    with_data_moved_past_the_end,
    with_garbled_data,
    with_header_lies,
    without_part,
)

from pyramid_app.io import UnreadableFileError, read_org

XLSB_SHEET = "xl/worksheets/sheet1.bin"
ODS_CONTENT = "content.xml"
ADVICE = "Open it in Excel or LibreOffice and save it again, or ask for a fresh copy of the export."


def _crc_lie(source: Path, target: Path, part: str) -> Path:
    return with_header_lies(source, target, part, crc=entry(source, part).CRC ^ 0x5A5A)


def _short_size(source: Path, target: Path, part: str) -> Path:
    """The uncompressed size said to be half of what it is: reading stops there, short."""
    return with_header_lies(source, target, part, file_size=entry(source, part).file_size // 2)


def _short_compressed(source: Path, target: Path, part: str) -> Path:
    """Half the compressed bytes declared: the stream is cut off in the middle."""
    return with_header_lies(
        source, target, part, compress_size=entry(source, part).compress_size // 2
    )


Tamper = Callable[[Path, Path, str], Path]

# (maker, part, tampering, what the message quotes of the zip layer's complaint)
CASES: dict[str, tuple[Callable[[Path], Path], str, Tamper, str]] = {
    "xlsx-sheet-part-missing": (
        org_xlsx,
        SHEET_PART,
        without_part,
        f"There is no item named '{SHEET_PART}' in the archive",
    ),
    "xlsx-bad-crc": (org_xlsx, SHEET_PART, _crc_lie, f"Bad CRC-32 for file '{SHEET_PART}'"),
    "xlsx-size-lies": (org_xlsx, SHEET_PART, _short_size, f"Bad CRC-32 for file '{SHEET_PART}'"),
    "xlsx-compressed-size-lies": (
        org_xlsx,
        SHEET_PART,
        _short_compressed,
        f"Bad CRC-32 for file '{SHEET_PART}'",
    ),
    "xlsx-garbled-deflate": (org_xlsx, SHEET_PART, with_garbled_data, "Error -3 while"),
    "xlsx-data-past-the-end": (
        org_xlsx,
        SHEET_PART,
        with_data_moved_past_the_end,
        f"the part {SHEET_PART} ends before its data does",
    ),
    "xlsb-sheet-part-missing": (
        org_xlsb,
        XLSB_SHEET,
        without_part,
        f"There is no item named '{XLSB_SHEET}' in the archive",
    ),
    "xlsb-bad-crc": (org_xlsb, XLSB_SHEET, _crc_lie, f"Bad CRC-32 for file '{XLSB_SHEET}'"),
    "xlsb-data-past-the-end": (
        org_xlsb,
        XLSB_SHEET,
        with_data_moved_past_the_end,
        f"the part {XLSB_SHEET} ends before its data does",
    ),
    "ods-bad-crc": (org_ods, ODS_CONTENT, _crc_lie, f"Bad CRC-32 for file '{ODS_CONTENT}'"),
    "ods-data-past-the-end": (
        org_ods,
        ODS_CONTENT,
        with_data_moved_past_the_end,
        f"the part {ODS_CONTENT} ends before its data does",
    ),
}

FORMATS = {
    "xlsx": 'an Excel workbook (.xlsx) (sheet "Sheet1")',
    "xlsb": 'a binary Excel workbook (.xlsb) (sheet "Staff")',
    "ods": "an OpenDocument spreadsheet (.ods)",
}


def _tampered(tmp_path: Path, case: str) -> Path:
    maker, part, tamper, _quoted = CASES[case]
    kind = case.split("-")[0]
    intact = maker(tmp_path / f"intact.{kind}")
    return tamper(intact, tmp_path / f"{case}.{kind}", part)


def _expected(case: str) -> str:
    kind = case.split("-")[0]
    quoted = CASES[case][3]
    return (
        f"{case}.{kind} could not be read as {FORMATS[kind]}: it looks damaged or incomplete "
        f"({quoted}"
    )


@pytest.mark.parametrize("case", CASES)
def test_damage_met_by_the_used_range_check_is_a_damaged_workbook(
    tmp_path: Path, case: str
) -> None:
    path = _tampered(tmp_path, case)
    with pytest.raises(UnreadableFileError) as caught:
        read_org(path)
    message = str(caught.value)
    assert message.startswith(_expected(case)), message
    assert message.endswith(ADVICE)


@pytest.mark.parametrize("case", CASES)
def test_validate_says_damaged_in_one_line_and_exits_2(tmp_path: Path, case: str) -> None:
    path = _tampered(tmp_path, case)
    done = validate_in_child(path, max_mb=300)
    assert done.code == 2
    assert done.out == ""
    assert done.err.count("\n") == 1, done.err
    assert done.err.startswith(f"pyramid-app: {_expected(case)}"), done.err
    assert done.err.rstrip("\n").endswith(ADVICE)
