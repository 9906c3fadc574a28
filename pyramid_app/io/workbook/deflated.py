"""A zip entry deflated in pieces, the biggest of them ahead of time and on another core.

The rows of the big sheets are made long before the workbook around them is saved. Deflating
them only then, in the final zip, cost a tenth of a million-commitment export on one core.
Here they are deflated as they are made, by a helper thread (zlib lets go of the interpreter as
it works), into a raw deflate stream that ends on a byte boundary without being finished
(:class:`DeflatingFile`). Once the workbook is saved, its sheet's XML before and after the rows
is deflated the same way, and the three pieces, one after another, are one valid stream
(deflate blocks never refer back across a flush of a fresh compressor). Their CRC-32 is put
together from the pieces' own (:func:`crc32_combine`), and :func:`add_deflated` writes the
entry into the zip: zipfile has no call for data already deflated.
"""

from __future__ import annotations

import shutil
import zipfile
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

# zlib's fastest level: the rows are most of a big workbook, and this is what the zip of the
# whole workbook was written with before.
LEVEL = 1
_RAW = -15  # window bits of a raw deflate stream, without zlib's header and trailer
_CRC_POLYNOMIAL = 0xEDB88320  # CRC-32, reflected


@dataclass(frozen=True)
class Deflated:
    """A piece of an entry, deflated into ``path``: its CRC-32 and its length before."""

    path: Path
    crc: int
    size: int


class DeflatingFile:
    """Text written here goes deflated into ``path``, by a helper thread, as it comes.

    At most one piece waits for the helper, so memory holds two pieces at most whatever the
    total. :meth:`close` returns what :func:`add_deflated` needs to put it into a zip; used as
    a context, the helper is stopped and the file closed whatever happens.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = path.open("wb")
        self._compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, _RAW)
        self._crc = 0
        self._size = 0
        self._helper = ThreadPoolExecutor(1, thread_name_prefix="deflate")
        self._pending: Future[None] | None = None

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self._wait()
        self._pending = self._helper.submit(self._deflate, data)

    def _deflate(self, data: bytes) -> None:
        self._crc = zlib.crc32(data, self._crc)
        self._size += len(data)
        self._file.write(self._compressor.compress(data))

    def _wait(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()  # raises what the helper met (a full disk)

    def close(self) -> Deflated:
        """Wait for the last piece; the stream ends on a byte boundary, not finished."""
        self._wait()
        self._file.write(self._compressor.flush(zlib.Z_SYNC_FLUSH))
        self._file.close()
        return Deflated(self.path, self._crc, self._size)

    def __enter__(self) -> DeflatingFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._helper.shutdown()
        self._file.close()


def add_deflated(
    target: zipfile.ZipFile, entry: zipfile.ZipInfo, head: bytes, middle: Deflated, tail: bytes
) -> None:
    """Write an entry named and dated as ``entry``, holding ``head``, then ``middle`` (deflated
    ahead of time), then ``tail``, into ``target``, a zip open for writing."""
    first = zlib.compressobj(LEVEL, zlib.DEFLATED, _RAW)
    head_deflated = first.compress(head) + first.flush(zlib.Z_SYNC_FLUSH)
    last = zlib.compressobj(LEVEL, zlib.DEFLATED, _RAW)
    tail_deflated = last.compress(tail) + last.flush(zlib.Z_FINISH)
    crc = crc32_combine(zlib.crc32(head), middle.crc, middle.size)
    crc = crc32_combine(crc, zlib.crc32(tail), len(tail))
    info = zipfile.ZipInfo(entry.filename, date_time=entry.date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.CRC = crc
    info.file_size = len(head) + middle.size + len(tail)
    info.compress_size = len(head_deflated) + middle.path.stat().st_size + len(tail_deflated)
    zip64 = max(info.file_size, info.compress_size) > zipfile.ZIP64_LIMIT
    # What ZipFile.open(..., "w") does for an entry, but with the data as it is: the local
    # header at the end of what is written, the data, and the entry listed for the central
    # directory that closing the zip writes.
    stream = target.fp
    assert stream is not None
    info.header_offset = stream.tell()
    stream.write(info.FileHeader(zip64))
    stream.write(head_deflated)
    with middle.path.open("rb") as deflated:
        shutil.copyfileobj(deflated, stream, 1 << 20)
    stream.write(tail_deflated)
    target.filelist.append(info)
    target.NameToInfo[info.filename] = info
    target.start_dir = stream.tell()


def crc32_combine(first: int, second: int, second_length: int) -> int:
    """The CRC-32 of two pieces one after the other, from each one's CRC-32 and the second's
    length (zlib's crc32_combine, which Python's zlib does not offer): the first's CRC is
    carried over as many zero bytes as the second has, by squaring the operator that carries
    it over one zero bit."""
    if second_length <= 0:
        return first
    odd = [_CRC_POLYNOMIAL] + [1 << n for n in range(31)]  # one zero bit
    even = _gf2_square(odd)  # two zero bits
    odd = _gf2_square(even)  # four zero bits
    while True:
        even = _gf2_square(odd)  # the first time round: one zero byte
        if second_length & 1:
            first = _gf2_times(even, first)
        second_length >>= 1
        if not second_length:
            break
        odd = _gf2_square(even)
        if second_length & 1:
            first = _gf2_times(odd, first)
        second_length >>= 1
        if not second_length:
            break
    return first ^ second


def _gf2_times(matrix: list[int], vector: int) -> int:
    total = 0
    row = 0
    while vector:
        if vector & 1:
            total ^= matrix[row]
        vector >>= 1
        row += 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, matrix[row]) for row in range(32)]
