"""Real workbooks, then tampered with as a broken download or a careless edit leaves them.

Each is built by a spreadsheet writer (openpyxl, pyxlsbwriter) and then changed with the
zipfile module or by patching the zip's bytes, so that the damage is the only thing that
differs from a file Excel would open. ``validate_in_child`` runs ``pyramid-app validate`` on one
in a fresh process with a time and an address-space limit, and reports its peak memory.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

SHEET_PART = "xl/worksheets/sheet1.xml"

# The child limits its own address space before importing anything, so a file that made the
# reader allocate a sheet's whole rectangle ends in MemoryError, not in the machine swapping.
# The peak is the child's own (VmHWM); ru_maxrss would carry over the pytest process's peak.
VALIDATE_SCRIPT = """
import resource, signal, sys, time
limit = int(sys.argv[1]) * 2**20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
if int(sys.argv[2]):  # files larger than this cannot be written: as on a full disk
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[2]), int(sys.argv[2])))
from pyramid_app.cli import main
started = time.process_time()
code = main(["validate", *sys.argv[3:]])
cpu = time.process_time() - started
sys.stdout.flush()
try:
    with open("/proc/self/status") as status:
        hwm = next(line for line in status if line.startswith("VmHWM:"))
    peak = int(hwm.split()[1]) // 1024
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(f"@@peak {peak} {cpu:.3f}", file=sys.stderr)
raise SystemExit(code)
"""


@dataclass(frozen=True)
class Validated:
    """What ``pyramid-app validate`` did in its own process."""

    code: int
    out: str
    err: str  # without the measurement line
    peak_mb: int
    cpu_seconds: float  # spent in the command itself, after the imports


def validate_in_child(
    path: Path, *options: str, max_mb: int = 1024, limit_mb: int = 1536, max_file_bytes: int = 0
) -> Validated:
    """``pyramid-app validate`` in a fresh process under ``limit_mb`` of address space (and
    unable to write files over ``max_file_bytes``, unless 0): it must end within 30 s and peak
    under ``max_mb``, never with a traceback."""
    started = time.perf_counter()
    limits = [str(limit_mb), str(max_file_bytes)]
    done = subprocess.run(
        [sys.executable, "-c", VALIDATE_SCRIPT, *limits, str(path), *options],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert time.perf_counter() - started < 30
    assert "Traceback" not in done.stderr, done.stderr
    assert "@@peak" in done.stderr, f"the process died: {done.returncode} {done.stderr[-2000:]}"
    err, _marker, measured = done.stderr.rpartition("@@peak ")
    peak, cpu = measured.split()
    assert int(peak) < max_mb, f"peak {peak} MB"
    return Validated(done.returncode, done.stdout, err, int(peak), float(cpu))


# -- workbooks as writers make them ----------------------------------------------------------


def org_rows(people: int) -> list[list[str]]:
    """A header and ``people`` rows: E1 heads the org, everyone else reports to E(i // 2)."""
    rows = [["Employee ID", "Manager ID", "Name"]]
    rows += [[f"E{i}", f"E{i // 2}" if i > 1 else "", f"Person {i}"] for i in range(1, people + 1)]
    return rows


def org_xlsx(path: Path, people: int = 100, sheet: str = "Sheet1") -> Path:
    """An org chart saved by openpyxl (inline strings, a ``<dimension>``, deflated parts)."""
    workbook = openpyxl.Workbook()
    active = workbook.active
    assert active is not None
    active.title = sheet
    for row in org_rows(people):
        active.append(row)
    workbook.save(path)
    return path


def org_xlsb(path: Path, people: int = 100) -> Path:
    from pyxlsbwriter import XlsbWriter

    with XlsbWriter(str(path)) as writer:
        writer.add_sheet("Staff")
        writer.write_sheet(org_rows(people))
    return path


_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:'
    'tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
    'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
    'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
    'manifest:media-type="text/xml"/></manifest:manifest>'
)


def org_ods(path: Path, people: int = 100) -> Path:
    """An OpenDocument spreadsheet as LibreOffice writes one, reduced to its content."""
    body = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{text}</text:p>'
            "</table:table-cell>"
            for text in row
        )
        + "</table:table-row>"
        for row in org_rows(people)
    )
    return ods_file(path, body)


def ods_file(path: Path, body: str) -> Path:
    """An OpenDocument spreadsheet whose one table ("Staff") holds the rows ``body``."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office='
        '"urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table='
        '"urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Staff">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
    return path


# -- tampering ------------------------------------------------------------------------------


def rewritten(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """A copy of a zip whose every entry is ``change(name, data)``; None leaves it out."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            data = change(item.filename, original.read(item.filename))
            if data is not None:
                copy.writestr(item.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def without_part(source: Path, target: Path, part: str) -> Path:
    """The workbook with one part left out of its zip, its index still naming it."""
    return rewritten(source, target, lambda name, data: None if name == part else data)


def with_cells_added(source: Path, target: Path, cells: str, dimension: str | None = None) -> Path:
    """The xlsx with raw ``<row>`` XML added at the end of its first sheet's data, and its
    ``<dimension>`` replaced when one is given."""

    def change(name: str, data: bytes) -> bytes:
        if name != SHEET_PART:
            return data
        data = data.replace(b"</sheetData>", cells.encode() + b"</sheetData>")
        if dimension is not None:
            start = data.index(b"<dimension")
            end = data.index(b"/>", start) + 2
            data = data[:start] + f'<dimension ref="{dimension}"/>'.encode() + data[end:]
        return data

    return rewritten(source, target, change)


# Offsets of the fields of a zip's local file header and central directory record.
_LOCAL, _CENTRAL = b"PK\x03\x04", b"PK\x01\x02"
_LOCAL_FIELDS = {"crc": 14, "compress_size": 18, "file_size": 22}
_CENTRAL_FIELDS = {"crc": 16, "compress_size": 20, "file_size": 24}


def with_header_lies(source: Path, target: Path, part: str, **fields: int) -> Path:
    """The zip's bytes with the ``crc``, ``compress_size`` or ``file_size`` of ``part``
    overwritten in both its local header and its central directory record: the data is
    intact, but what the zip says about it is not."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        local = archive.getinfo(part).header_offset
    assert data[local : local + 4] == _LOCAL
    central = data.index(_CENTRAL)
    patched = 0
    while central >= 0:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == part.encode():
            for field, value in fields.items():
                struct.pack_into("<I", data, local + _LOCAL_FIELDS[field], value)
                struct.pack_into("<I", data, central + _CENTRAL_FIELDS[field], value)
            patched += 1
        central = data.find(_CENTRAL, central + 4)
    assert patched == 1
    target.write_bytes(bytes(data))
    return target


def with_garbled_data(source: Path, target: Path, part: str) -> Path:
    """The zip with the middle of ``part``'s deflated bytes overwritten: sizes and CRC as
    before, but the stream no longer inflates."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(part)
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length
    middle = start + info.compress_size // 2
    data[middle : middle + 16] = b"\xff" * 16
    target.write_bytes(bytes(data))
    return target


def entry(path: Path, part: str) -> zipfile.ZipInfo:
    with zipfile.ZipFile(path) as archive:
        return archive.getinfo(part)


def with_data_moved_past_the_end(source: Path, target: Path, part: str) -> Path:
    """The zip with ``part`` stored last, its local header claiming an extra field just long
    enough that its data would run past the end of the file: the central directory still
    fits the file, but reading the part runs out of bytes before it ends."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        items = sorted(original.infolist(), key=lambda item: item.filename == part)
        for item in items:
            method = zipfile.ZIP_STORED if item.filename == part else zipfile.ZIP_DEFLATED
            copy.writestr(item.filename, original.read(item.filename), compress_type=method)
    data = bytearray(target.read_bytes())
    with zipfile.ZipFile(target) as archive:
        info = archive.getinfo(part)
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    end = info.header_offset + 30 + name_length + extra_length + info.compress_size
    assert extra_length == 0 and len(data) - end < 0xFFFF
    struct.pack_into("<H", data, info.header_offset + 28, len(data) - end + 1)
    target.write_bytes(bytes(data))
    return target


def with_shared_strings(source: Path, target: Path, strings: list[str]) -> Path:
    """The openpyxl workbook (which writes its text inline) given a shared-string table as
    Excel writes one, for cells added later to refer to by index."""
    items = "".join(f"<si><t>{text}</t></si>" for text in strings)
    table = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">'
        f"{items}</sst>"
    ).encode()
    relation = (
        b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    )
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )

    def change(name: str, data: bytes) -> bytes:
        if name == "xl/_rels/workbook.xml.rels":
            return data.replace(b"</Relationships>", relation)
        if name == "[Content_Types].xml":
            return data.replace(b"</Types>", override)
        return data

    rewritten(source, target, change)
    with zipfile.ZipFile(target, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", table, compress_type=zipfile.ZIP_DEFLATED)
    return target
