"""Files that cannot be used give one clear paragraph, never a traceback or a memory blow-up."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

# The peak is this process's own (VmHWM, KiB): ru_maxrss starts at the peak of the pytest
# process that forked it (Linux keeps it across exec), which would hide any growth below it.
REFUSE_SCRIPT = """
import json, resource, sys
from pyramid_app.io import read_org, UnreadableFileError
def peak():
    try:
        with open("/proc/self/status") as status:
            return int(next(l for l in status if l.startswith("VmHWM:")).split()[1])
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
before = peak()
try:
    read_org(sys.argv[1])
    message = None
except UnreadableFileError as error:
    message = str(error)
grew = peak() - before
print(json.dumps({"message": message, "grew_kib": grew}))
"""


def refuse(path: Path) -> str:
    """Import ``path`` in a fresh process; it must be refused with one paragraph naming the
    file, in bounded memory (the process may not grow by 50 MB while refusing)."""
    done = subprocess.run(
        [sys.executable, "-c", REFUSE_SCRIPT, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    message = outcome["message"]
    assert message is not None, f"{path.name} was imported instead of refused"
    assert path.name in message
    assert "\n" not in message.strip()
    assert "Traceback" not in done.stderr
    assert outcome["grew_kib"] < 50 * 1024
    return str(message)


def test_picture_renamed_to_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "org.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    assert "not a spreadsheet" in refuse(path)


def test_truncated_workbook(xlsx_file: Callable[..., Path]) -> None:
    path = xlsx_file([["Employee ID", "Manager ID"], *[[f"E{i}", "E0"] for i in range(2000)]])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    message = refuse(path)
    assert "damaged or incomplete" in message


def test_corrupt_sheet_inside_a_valid_zip(xlsx_file: Callable[..., Path], tmp_path: Path) -> None:
    source = xlsx_file([["Employee ID", "Manager ID"], ["A", ""]])
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(broken, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]  # XML cut mid-element
            copy.writestr(item, data)
    message = refuse(broken)
    assert "damaged or incomplete" in message or "could not be read" in message


def test_password_protected_workbook(xlsx_file: Callable[..., Path], tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = xlsx_file([["Employee ID", "Manager ID"], ["A", ""]])
    locked = tmp_path / "locked.xlsx"
    with plain.open("rb") as source, locked.open("wb") as target:
        OOXMLFile(source).encrypt("secret", target)
    assert "password" in refuse(locked)


def test_empty_workbook(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    assert "has nothing on sheet" in refuse(path)


def test_empty_files(tmp_path: Path) -> None:
    zero = tmp_path / "zero.xlsx"
    zero.write_bytes(b"")
    assert "empty" in refuse(zero)
    blank = tmp_path / "blank.csv"
    blank.write_text("\n\n  \n", encoding="utf-8")
    assert "is empty" in refuse(blank)


def test_no_column_could_be_the_id(csv_file: Callable[..., Path]) -> None:
    path = csv_file([["Colour", "Size", "Price"], ["red", "L", "9.99"]])
    message = refuse(path)
    assert "no column could be the person id" in message
    assert '"Colour", "Size", "Price"' in message
    assert "--id" in message


@pytest.mark.parametrize("claim_gib", [None, 4])
def test_zip_bomb_is_refused_before_it_is_read(tmp_path: Path, claim_gib: int | None) -> None:
    """A sheet that inflates hundreds of times (honestly declared, or claiming 4 GiB) is
    refused from the zip directory alone, so memory stays flat."""
    bomb = tmp_path / "bomb.xlsx"
    write_zip_bomb(bomb, claim_gib)
    assert "possible zip bomb" in refuse(bomb)


def write_zip_bomb(path: Path, claim_gib: int | None) -> None:
    """A valid workbook whose sheet really inflates to 200 MB of rows (about 300 times its
    compressed size); with ``claim_gib`` its directory also claims that many GiB."""
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet xmlns="' + MAIN_NS + b'"><sheetData>')
            for _ in range(200_000_000 // len(row)):
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")
    if claim_gib is None:
        return
    data = bytearray(path.read_bytes())
    # The central directory entry of the sheet: its uncompressed size is the 4-byte field at
    # offset 24 (below 4 GiB no zip64 field is involved).
    name = b"xl/worksheets/sheet1.xml"
    central = data.rindex(b"PK\x01\x02", 0, data.rindex(name))
    assert data[central + 46 : central + 46 + len(name)] == name
    data[central + 24 : central + 28] = min(claim_gib * 2**30, 2**32 - 2).to_bytes(4, "little")
    path.write_bytes(bytes(data))


MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
    'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def test_text_file_too_large_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pyramid_app.io import UnreadableFileError, read_org
    from pyramid_app.io.spreadsheet import safety

    path = tmp_path / "huge.csv"
    path.write_text("id,manager\n1,\n", encoding="utf-8")
    monkeypatch.setattr(safety, "MAX_TEXT_BYTES", 10)  # a real 2 GiB file is too slow to write
    with pytest.raises(UnreadableFileError, match=r"huge\.csv is a text file of .* limit"):
        read_org(path)
