"""A sheet's used-range check of :mod:`~pyramid_app.io.spreadsheet.extent` (an import's first
sheet, a returned action plan's plan sheet), done on the sheet's XML as it is inflated into a
copy of the workbook that the library then reads.

Before the spreadsheet library reads an xlsx sheet, every cell reference in it is searched for
one outside the rectangle that is safe to read (the library aborts the process on a stray cell
at XFD1048576, see :mod:`extent`). That search needs the sheet inflated, and so does the
library, whose inflater is slower than zlib-ng's (:mod:`~pyramid_app.io.spreadsheet.inflate`).
Here the sheet is inflated once: each piece is written into a copy of the workbook that stores
the sheet as it is (:mod:`~pyramid_app.io.spreadsheet.inflated_copy`) and searched, and the
library reads the copy with nothing left to inflate, which pays back part of the check (most
of it for a sheet Excel saved). A sheet large enough to be read in two halves at once is kept
in memory as it is searched instead, and its halves are written from there
(:mod:`~pyramid_app.io.spreadsheet.sheet_halves`).

Only the answer "nothing lies outside" is given this way. Anything else (a reference outside, a
sheet whose start says nothing of its width, a part that cannot be read) is left to
:func:`~pyramid_app.io.spreadsheet.extent.first_sheet_extent`, which measures the sheet, finds
the far cells to leave out or refuses it, in its own words. Where no copy can be written the
sheet is searched as the zip module inflates it. :func:`open_source_quickly` is
:func:`~pyramid_app.io.spreadsheet.readers.open_source` with this check of the first sheet.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import python_calamine

from pyramid_app.io.project.disk import process_alive
from pyramid_app.io.spreadsheet.errors import UnreadableFileError
from pyramid_app.io.spreadsheet.extent import (
    DAMAGE_ERRORS,
    ERROR_MARK,
    MAX_SHEET_CELLS,
    Extent,
    FarCells,
    _opened,
    _outside_safe_rectangle,
    first_sheet_extent,
    first_sheet_name,
    xlsx_sheet_part,
)
from pyramid_app.io.spreadsheet.inflated_copy import (
    Entry,
    copy_plan,
    inflated_pieces,
    write_copy,
    write_with_sheet,
)
from pyramid_app.io.spreadsheet.markup import unusual_markup
from pyramid_app.io.spreadsheet.readers import (
    Halves,
    Source,
    _open_with_library,
    open_source,
    workbook_source,
    worksheet_names,
)
from pyramid_app.io.spreadsheet.safety import check_spreadsheet_file, disguise_note
from pyramid_app.io.spreadsheet.sheet_halves import (
    HALVES_FROM,
    HALVES_UNTIL,
    cores_to_spare,
    second_core,
    write_halves,
)

_PIECE = 2**20  # inflated bytes searched at a time
_OVERLAP = 64  # the end of a piece without a tag is looked at again with what follows
# A part that cannot be read: the careful check reads it again and says what is wrong.
_NOT_KNOWN_THIS_WAY: tuple[type[Exception], ...] = (*DAMAGE_ERRORS, UnicodeDecodeError)
# A copy can be deleted while the library still reads it only where files are unlinked.
_COPIES = os.name == "posix"
_MEMORY_FOLDER = "/dev/shm"
_INFLATED = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # sheets the copy stores inflated
_STRINGS_SHARE = 3  # shared strings over a third of the sheet's size weigh much beside it


@dataclass(frozen=True)
class Checked:
    """The sheet checked, found within the safe rectangle; ``copy`` is the workbook with that
    sheet stored inflated, for the library to read instead (None when none was written);
    ``error_marks``, when the check was asked to look, whether a cell's tag says it holds an
    error value (``t="e"``)."""

    name: str
    copy: Path | None = None
    second_half: Path | None = None  # when set, ``copy`` holds the sheet's first half
    error_marks: bool = False


def first_sheet_check(path: Path) -> tuple[str, UnreadableFileError | FarCells | None] | None:
    """What :func:`~pyramid_app.io.spreadsheet.extent.first_sheet_extent` says of ``path``'s
    first sheet, found sooner when the sheet lies within the rectangle safe to read."""
    checked = check_sheet(path, None, copy=False)
    if checked is None:
        return first_sheet_extent(path)
    return checked.name, None


def check_first_sheet(path: Path, copy: bool = _COPIES) -> Checked | None:
    """The first sheet when no reference in it lies outside the safe rectangle, with the
    workbook's copy when ``copy`` asks for one and it can be written (the caller deletes it);
    None when that is not known this way."""
    return check_sheet(path, None, copy)


def check_sheet(
    path: Path,
    sheet: str | None,
    copy: bool = _COPIES,
    cells: int = MAX_SHEET_CELLS,
    many_strings: bool = True,
    marks: bool = False,
) -> Checked | None:
    """:func:`check_first_sheet` for the sheet named ``sheet`` (the first when None), whose safe
    rectangle holds ``cells`` cells. With ``many_strings`` False no copy is written of a
    workbook whose shared strings weigh much beside the sheet: a caller that opens the original
    anyway would have the library read them twice. With ``marks`` the sheet is also searched
    for an error value's mark (another pass over its bytes)."""
    try:
        return _checked(path, sheet, copy, cells, many_strings, marks)
    except OSError:
        # Perhaps no room for the copy: searched without one (a damaged part fails again).
        return check_sheet(path, sheet, False, cells, marks=marks) if copy else None
    except _NOT_KNOWN_THIS_WAY:
        return None


def _checked(
    path: Path,
    sheet: str | None,
    copy: bool,
    cells: int,
    many_strings: bool,
    marks: bool,
) -> Checked | None:
    """:func:`check_sheet`, raising what reading the workbook raised; a copy left unfinished or
    not handed over is deleted here."""
    target: Path | None = None
    try:
        with zipfile.ZipFile(path) as archive:
            name = sheet if sheet is not None else first_sheet_name(archive)
            if name is None:
                return None
            part = xlsx_sheet_part(archive, name)
            if part is None:
                return None
            outside = _outside_safe_rectangle(archive, part, cells)
            if outside is None:
                return None
            search = _Search(quicker(outside), marks)
            heavy = _strings_heavy(archive, part)
            copied = copy and (many_strings or not heavy)
            entries = copy_plan(path, archive) if copied else None
            stored = next(
                (e for e in entries or [] if e.name == part.encode() and e.method in _INFLATED),
                None,
            )
            if entries is None or stored is None:
                with _opened(archive, part) as stream:
                    while (piece := stream.read(_PIECE)) and not search.take(piece):
                        pass
            elif not heavy and _halves_wanted(stored):
                # Kept as it is inflated and searched: its halves are written from memory,
                # without a whole copy written first and read back.
                data = _kept_and_searched(path, stored, search)
                if search.found() or data is None:
                    return None
                halves = _halves(path, entries, stored, data)
                if halves is not None:
                    return Checked(name, *halves, error_marks=search.error_marks)
                target = _temporary_copy()
                write_with_sheet(path, entries, stored, stored.crc, [memoryview(data)], target)
                checked, target = Checked(name, target, error_marks=search.error_marks), None
                return checked
            else:
                target = _temporary_copy()
                write_copy(path, entries, stored, target, search.take, _PIECE)
            if search.found():
                return None
            checked, target = Checked(name, target, error_marks=search.error_marks), None
            return checked
    finally:
        if target is not None:
            target.unlink(missing_ok=True)


def _strings_heavy(archive: zipfile.ZipFile, part: str) -> bool:
    """Whether the workbook's shared strings weigh much beside the sheet ``part``: each opening
    of a workbook reads them whole, so a second one (a half's, or the original's beside a copy)
    costs more than the copy saves."""
    strings = sum(
        info.file_size
        for info in archive.infolist()
        if info.filename.lower().endswith("sharedstrings.xml")
    )
    return strings * _STRINGS_SHARE > archive.getinfo(part).file_size


def _halves_wanted(sheet: Entry) -> bool:
    """Whether ``sheet`` is large enough to gain from reading its halves at once, and this
    process may use a second core."""
    return HALVES_FROM <= sheet.size <= HALVES_UNTIL and second_core()


def _kept_and_searched(path: Path, sheet: Entry, search: _Search) -> bytearray | None:
    """The bytes of ``sheet``, searched as it is inflated (its CRC left to whoever reads it
    next); None when the search stopped early."""
    data = bytearray(sheet.size)
    filled = 0
    with contextlib.closing(inflated_pieces(path, sheet, _PIECE)) as pieces:
        for piece in pieces:
            data[filled : filled + len(piece)] = piece
            filled += len(piece)
            if search.take(piece):
                return None
    return data


def _halves(
    path: Path, entries: list[Entry], sheet: Entry, data: bytearray
) -> tuple[Path, Path] | None:
    """Two copies of ``path`` holding the halves of ``sheet``, whose bytes are ``data``; None
    where it is not cut (:func:`~pyramid_app.io.spreadsheet.sheet_halves.write_halves`)."""
    targets = (_temporary_copy(), _temporary_copy())
    written = False
    try:
        written = write_halves(path, entries, sheet, data, targets)
    except Exception:  # no room, or anything else: the halves only save time; one copy is read
        written = False
    finally:
        if not written:
            for target in targets:
                target.unlink(missing_ok=True)
    return targets if written else None


def copy_folder() -> str | None:
    """Where copies are written: Linux's memory-backed folder, so that a copy deleted a moment
    later never costs a write to disk; else the usual temporary folder (None)."""
    return (
        _MEMORY_FOLDER
        if os.path.isdir(_MEMORY_FOLDER) and os.access(_MEMORY_FOLDER, os.W_OK)
        else None
    )


# The expression extent._outside writes: a reference that is not (letters)?(digits)".
_OUTSIDE_SHAPE = re.compile(rb' r="\(\?!\(\?:(.*)\)\?\(\?:(.*)\)"\)', re.DOTALL)
_FEWER_DIGITS = re.compile(rb"\[0-9\]\{1,[0-9]+\}")


def quicker(outside: re.Pattern[bytes]) -> re.Pattern[bytes]:
    """``outside`` (from :func:`extent._outside_safe_rectangle`) finding the same references
    sooner: the usual one, a row of fewer digits than the limit's, is let through by a first,
    short test, before the whole one (which alone decides, as the first allows nothing the
    whole one would not)."""
    shape = _OUTSIDE_SHAPE.fullmatch(outside.pattern)
    if shape is None:
        return outside
    letters, digits = shape.groups()
    fewer = digits.split(b"|")[0]
    if not _FEWER_DIGITS.fullmatch(fewer):
        return outside
    usual = b"(?!(?:" + letters + b")?" + fewer + b'+")'  # possessive: digits never given back
    return re.compile(b' r="' + usual + outside.pattern[len(b' r="') :])


_ERROR_MARK = re.compile(re.escape(ERROR_MARK))

# A copy's name says whose it is: one a killed import left is removed by the next import.
_COPY_NAME = re.compile(r"pyramid-import-(?P<pid>[0-9]+)-[^/]*\.xlsx")


def _temporary_copy() -> Path:
    folder = copy_folder()
    sweep_copies(Path(folder or tempfile.gettempdir()))
    handle, name = tempfile.mkstemp(
        prefix=f"pyramid-import-{os.getpid()}-", suffix=".xlsx", dir=folder
    )
    os.close(handle)
    return Path(name)


def sweep_copies(folder: Path) -> None:
    """Remove the copies imports whose process is gone left in ``folder`` (a killed import
    would otherwise keep its sheet in memory-backed storage until the machine restarts)."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        found = _COPY_NAME.fullmatch(entry.name)
        if found is not None and not process_alive(int(found["pid"])):
            entry.unlink(missing_ok=True)


class _Search:
    """Searches a part's bytes piece by piece as they are inflated, each piece up to where its
    last tag begins: the rest is searched with the next, so no reference is cut in two.

    Unusual markup (markup.py) is looked for on a helper thread meanwhile: numpy lets go of
    the interpreter, so on a second core that costs the search almost nothing. With no core
    idle it is looked for here, piece by piece: two threads taking turns at the interpreter on
    one shared core only wait for each other."""

    def __init__(self, pattern: re.Pattern[bytes], marks: bool = False) -> None:
        self.pattern = pattern
        self.marks = marks  # whether error values' marks are looked for
        self.rest = b""  # from the last tag's start: searched with what follows
        self.seen = False
        self.error_marks = False  # a cell's tag holds t="e" (each searched piece's tags whole)
        self._helper = (
            ThreadPoolExecutor(1, thread_name_prefix="markup") if cores_to_spare() else None
        )
        self._unusual: list[Future[bool]] = []

    def take(self, data: bytes) -> bool:
        """Search ``data``, which follows what came before; True once the pattern is found."""
        last = data.rfind(b"<")
        if last < 0:  # no tag begins in it: it goes on with what came before
            self.rest += data
            if len(self.rest) > _PIECE:  # one tag longer than a piece: its end is kept
                self._search(self.rest)
                self.rest = self.rest[-_OVERLAP:]
            return self.seen
        first = data.find(b"<")
        self._search(self.rest + data[:first])
        self._search(memoryview(data)[first:last])
        self.rest = data[last:]
        return self.seen

    def found(self) -> bool:
        """Whether the pattern (or unusual markup) was found, once the last piece is searched
        too."""
        self._search(self.rest)
        self.rest = b""
        if self._helper is not None:
            self._helper.shutdown()
        if not self.seen and any(looked.result() for looked in self._unusual):
            self.seen = True
        return self.seen

    def _search(self, data: bytes | memoryview) -> None:
        if self.seen:
            return
        if self.marks and not self.error_marks:
            self.error_marks = _ERROR_MARK.search(data) is not None  # `in` reads no memoryview
        if self._helper is None:
            self.seen = unusual_markup(data) or self.pattern.search(data) is not None
            return
        self._unusual.append(self._helper.submit(unusual_markup, data))
        if self.pattern.search(data) is not None:
            self.seen = True
            self._helper.shutdown(cancel_futures=True)


# Set in the child that reads a large spreadsheet while the window starts (early_read.py): the
# first sheet is read without the check, and only when the library's rectangle of it lies
# within these bounds (the sheet's safe rectangle); otherwise the window imports it carefully.
first_sheet_bounds: Extent | None = None


def open_source_quickly(path: Path) -> Source:
    """:func:`~pyramid_app.io.spreadsheet.readers.open_source`, the first sheet of an xlsx
    workbook checked by :func:`check_first_sheet` and read from the copy it wrote; any other
    file, or an xlsx under another name, is opened by ``open_source`` itself."""
    real_format = check_spreadsheet_file(path)
    if real_format != "xlsx" or disguise_note(path, real_format) is not None:
        return open_source(path)
    bounds = first_sheet_bounds
    checked = check_first_sheet(path) if bounds is None else first_sheet_named(path)
    if checked is None:
        workbook, names = _open_with_library(path, "xlsx", disguised=False)
        return workbook_source(path, real_format, workbook, names, first_sheet_extent(path))
    opened = open_copies(checked)
    if opened is not None:
        (workbook, names), halves = opened
        return workbook_source(path, real_format, workbook, names, (checked.name, None), halves)
    # The copies are the original's parts: the original is read instead.
    workbook, names = _open_with_library(path, "xlsx", disguised=False)
    return workbook_source(path, real_format, workbook, names, (checked.name, None), None, bounds)


def first_sheet_named(path: Path) -> Checked | None:
    """The first sheet, taken as checked without a look at its cells (see
    :data:`first_sheet_bounds`); None when the workbook's index cannot say which it
    is, for the usual check to say why."""
    try:
        with zipfile.ZipFile(path) as archive:
            name = first_sheet_name(archive)
    except _NOT_KNOWN_THIS_WAY:
        return None
    return None if name is None else Checked(name)


def open_copies(
    checked: Checked,
) -> tuple[tuple[python_calamine.CalamineWorkbook, list[str]], Halves | None] | None:
    """The library's workbook of the copy the check wrote and the names of its worksheets, with
    the second half's workbook when it wrote two (both opened at once); None when there is no
    copy or it cannot be opened. The copies are deleted (the library reads the open files)."""
    if checked.second_half is None:
        opened = _open_copy(checked.copy)
        return None if opened is None else (opened, None)
    with ThreadPoolExecutor(1) as helper:
        # The library opens each copy without holding the interpreter: both at once.
        later = helper.submit(_open_copy, checked.second_half)
        opened = _open_copy(checked.copy)
        second = later.result()
    if opened is None or second is None:
        return None
    return opened, Halves(checked.name, second[0])


def _open_copy(copy: Path | None) -> tuple[python_calamine.CalamineWorkbook, list[str]] | None:
    """The library's workbook from a copy and its worksheets' names (the copy is deleted once
    the library has it open: it reads the open file); None when it cannot be opened."""
    if copy is None:
        return None
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(copy))
        names = worksheet_names(workbook)
    except Exception:
        return None
    finally:
        copy.unlink(missing_ok=True)
    return workbook, names
