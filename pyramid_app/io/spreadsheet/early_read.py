"""Read a spreadsheet in a child process while this one does something else.

``pyramid-app FILE`` spends about as long starting Qt and building the window as reading a
100,000-person workbook. :func:`start_reading` begins the import at once in a child process
(forked on Linux, so it starts with everything already imported; a fresh interpreter
elsewhere), and :func:`take_started` hands it to the first import of that file, whose
:meth:`BackgroundRead.result` returns or raises what ``read_org`` would have. The result
crosses over as one pickle streamed through a pipe; the chart's text columns travel as one
string each, several times faster to write and to read than lists of strings.

Nothing is lost when the child cannot help: if it cannot start, or fails for a reason of its
own, the file is read here as usual; a file it refused is refused with the same error.

A large xlsx first sheet is read by the child without the used-range check
(:mod:`~pyramid_app.io.spreadsheet.quick_check`), whose pass over the sheet's bytes would take as
long as the window's last steps: the library's rectangle of the sheet, once allocated and before
its cells become Python's, must lie within the sheet's safe rectangle instead. A sheet with far
cells, or one the library cannot read, is left to the careful import here, which says what it
found. Until then the child's memory is bounded (:data:`CHILD_ALLOWANCE`), so a far cell's
rectangle fails to be allocated instead of taking the machine's memory. A smaller sheet is
checked by the child as any import checks it: that costs a few milliseconds, and a far cell is
found before the library allocates anything.
"""

from __future__ import annotations

import atexit
import contextlib
import copyreg
import gc
import os
import pickle
import signal
import subprocess
import sys
import threading
from array import array
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from pyramid_app.io.project import SUFFIX

# Nothing heavier than the standard library is imported with this module: ``pyramid-app FILE``
# starts the read as its very first step, before the window's modules and Qt are imported.
if TYPE_CHECKING:
    from pyramid_app.io.spreadsheet.extent import Extent
    from pyramid_app.io.spreadsheet.mapping import ColumnMapping
    from pyramid_app.io.spreadsheet.org_import import ImportResult
    from pyramid_app.model.org import OrgChart

# A larger file takes seconds to read, so overlapping it with the window's start gains little,
# while the child and the window would hold a copy of its chart each for a while.
EARLY_LIMIT = 24 * 2**20  # bytes: about 500,000 people in an xlsx
_SEPARATOR = "\x00"  # no cell of a workbook holds it (XML cannot), and a CSV's rarely does
_JOIN_FROM = 256  # shorter lists are not worth joining
_FEW = 8  # a column of at most one distinct value in this many is sent as values and numbers
_SAMPLE = 1_000
# How far the child reading a sheet unchecked may grow beyond its size when forked. A sheet the
# check lets through (extent.MAX_SHEET_CELLS) takes about a gigabyte at most; a far cell's
# rectangle the library would allocate in one piece fails at once beyond this instead of
# taking the machine's memory, and a read that needed more is done here.
CHILD_ALLOWANCE = 2 * 2**30
# A first sheet of this many inflated bytes (about 12,000 people) or more is read unchecked.
UNCHECKED_FROM = 4 * 2**20


class BackgroundRead:
    """One import running in a child process; :meth:`result` waits for it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pid: int | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._stream: IO[bytes] | None = None
        # Whether the child reads the first sheet without the check (a large one).
        self._unchecked = False
        try:
            if _can_fork():
                self._fork()
            elif not getattr(sys, "frozen", False):  # a frozen app would start another window
                self._spawn()
        except OSError:
            self._stream = None  # no child: the file is read here when asked for

    def _fork(self) -> None:
        import fcntl  # forking is for Linux only, which has it

        # Imported before forking: the child starts reading at once, this process has the
        # importer too, and the module is imported once, not in each process at the same time.
        from pyramid_app.io.spreadsheet import org_import  # noqa: F401

        bounds = _unchecked_bounds(self.path)
        readable, writable = os.pipe()
        with contextlib.suppress(OSError):
            # A pipe of a megabyte (Linux's default limit) instead of 64 KB: the child writes
            # a column while the window's side still splits the one before.
            fcntl.fcntl(writable, fcntl.F_SETPIPE_SZ, 2**20)
        try:
            pid = os.fork()
        except OSError:
            os.close(readable)
            os.close(writable)
            raise
        if pid == 0:  # the child: read, send, and leave without running the parent's exit hooks
            code = 0
            gc.disable()  # it lives for one read: collecting cycles would only slow that down
            _leave_a_core_to_the_window()
            try:
                if bounds is not None:
                    _read_first_sheet_unchecked(bounds)
                os.close(readable)
                with os.fdopen(writable, "wb") as out:
                    _send(_payload(self.path, unchecked=bounds is not None), out)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(writable)
        self._pid = pid
        self._unchecked = bounds is not None
        self._stream = os.fdopen(readable, "rb")

    def _spawn(self) -> None:
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "pyramid_app.io.spreadsheet.early_read", str(self.path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            creationflags=flags,
        )
        self._stream = self._process.stdout

    def result(self, progress: Callable[[str], None] | None = None) -> ImportResult:
        """The import's result; raises what ``read_org`` would have raised."""
        payload: tuple[Any, ...] | None = None
        if self._stream is not None:
            try:
                with self._stream:
                    payload = pickle.load(self._stream)
            except Exception:  # the child ended without a whole answer
                payload = None
            self._stream = None
        if payload is not None and payload[0] == "ok":
            # The child is ending, which takes a while for a large process: not waited for.
            threading.Thread(target=self._reap, daemon=True).start()
            result: ImportResult = payload[1]
            return result
        stopped_by = self._reap()
        if payload is not None and payload[0] == "refused":
            kind, arguments, attributes = payload[1:]
            error = kind.__new__(kind)
            error.args = arguments
            error.__dict__.update(attributes)
            raise error
        if stopped_by is not None and not (self._unchecked and stopped_by == signal.SIGABRT):
            # Killed (out of memory) or crashed: reading it here would take the window with it.
            # (A child reading unchecked ends so when its own bound refused an allocation.)
            from pyramid_app.io.spreadsheet.errors import UnreadableFileError

            raise UnreadableFileError(_stopped_message(self.path, stopped_by))
        # The child could not help, or left a sheet it read unchecked to the careful import.
        return _read_here(self.path, progress)

    def cancel(self) -> None:
        """Stop the child if it still runs; nobody wants its result any more."""
        if self._pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
        if self._process is not None:
            self._process.kill()
        if self._stream is not None:
            self._stream.close()
            self._stream = None
        self._reap()

    def _reap(self) -> int | None:
        """Wait for the child to end; the signal that ended it, if one did."""
        status: int | None = None
        if self._pid is not None:
            with contextlib.suppress(ChildProcessError):
                _pid, raw = os.waitpid(self._pid, 0)
                status = -os.WTERMSIG(raw) if os.WIFSIGNALED(raw) else os.WEXITSTATUS(raw)
            self._pid = None
        if self._process is not None:
            status = self._process.wait()
            self._process = None
        return -status if status is not None and status < 0 else None


def _unchecked_bounds(path: Path) -> Extent | None:
    """The safe rectangle of the first sheet, when the child may read it unchecked: a large
    sheet of an xlsx under an xlsx's name, past the safety gate, whose start says how wide it
    is. Any other file - a text or an .xls under that name, a zip bomb, a named pipe, a sheet
    that cannot be found - is left to the child's import as it is, which says what it is."""
    import zipfile

    from pyramid_app.io.spreadsheet import extent
    from pyramid_app.io.spreadsheet.errors import UnreadableFileError
    from pyramid_app.io.spreadsheet.safety import check_spreadsheet_file, disguise_note

    refusals: tuple[type[Exception], ...] = (
        *extent.DAMAGE_ERRORS,
        UnreadableFileError,
        UnicodeDecodeError,
    )
    try:
        real_format = check_spreadsheet_file(path)
        if real_format != "xlsx" or disguise_note(path, real_format) is not None:
            return None
        with zipfile.ZipFile(path) as archive:
            name = extent.first_sheet_name(archive)
            part = None if name is None else extent.xlsx_sheet_part(archive, name)
            if part is None or archive.getinfo(part).file_size < UNCHECKED_FROM:
                return None
            return extent.safe_rectangle(archive, part)
    except refusals:
        return None


def _read_here(path: Path, progress: Callable[[str], None] | None) -> ImportResult:
    from pyramid_app.io.spreadsheet.org_import import read_org

    return read_org(path, progress=progress)


def _read_first_sheet_unchecked(bounds: Extent) -> None:
    """In the child: the first sheet read without the check, within ``bounds``, the child's
    memory bounded meanwhile, and nothing it could print about a refused allocation (or a core
    dump of it) left behind."""
    import faulthandler
    import resource

    from pyramid_app.io.spreadsheet import quick_check

    faulthandler.disable()  # it writes to a descriptor of its own
    with open(os.devnull, "wb") as quiet:
        os.dup2(quiet.fileno(), 2)
    with contextlib.suppress(OSError, ValueError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        with open("/proc/self/statm", encoding="ascii") as statm:
            size = int(statm.read().split()[0]) * resource.getpagesize()
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        bound = size + CHILD_ALLOWANCE
        if hard == resource.RLIM_INFINITY or bound < hard:
            resource.setrlimit(resource.RLIMIT_AS, (bound, hard))
    quick_check.first_sheet_bounds = bounds


def _leave_a_core_to_the_window() -> None:
    """The window is being built meanwhile: the sheet is read on one core, not two."""
    from pyramid_app.io.spreadsheet import sheet_halves

    sheet_halves.halves_wanted = False


def _can_fork() -> bool:
    # Forking is safe before Qt starts threads; macOS system libraries forbid it after use.
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def _stopped_message(path: Path, signal_number: int) -> str:
    try:
        name = signal.Signals(signal_number).name
    except ValueError:
        name = f"signal {signal_number}"
    return (
        f"{path.name} could not be read: the reader stopped unexpectedly ({name}). The file "
        "may be damaged, or too large for the memory that is free; close other programs and "
        "try again, or export only the org chart's columns and rows."
    )


# -- the registry the window's import asks --------------------------------------------------

_started: dict[Path, BackgroundRead] = {}


def start_reading(path: Path) -> bool:
    """Begin importing ``path`` now, for :func:`take_started` to collect; False when it is
    left to the window (a project, a file too large to gain from it, or one that is not
    there)."""
    if path.suffix.lower() == SUFFIX:
        return False
    try:
        size = path.stat().st_size
    except OSError:
        return False  # the window's import says what is wrong with it
    if size > EARLY_LIMIT:
        return False
    if path not in _started:
        _started[path] = BackgroundRead(path)
    return True


def take_started(
    path: Path,
    sheet: str | None = None,
    mapping: ColumnMapping | None = None,
    header_row: int | None = None,
) -> BackgroundRead | None:
    """The read :func:`start_reading` began for ``path``, once, for an import with these
    arguments: one that chooses nothing the early read did not know."""
    if sheet is None and mapping is None and header_row is None:
        return _started.pop(path, None)
    return None


@atexit.register
def _stop_unclaimed() -> None:
    while _started:
        _started.popitem()[1].cancel()


# -- what crosses the pipe --------------------------------------------------------------------


def _payload(path: Path, unchecked: bool = False) -> tuple[Any, ...]:
    """The import's result, or the error it refused the file with; raises, for the file to be
    read in the window, when an ``unchecked`` child ran out of the memory it allowed itself or
    found its sheet needs the careful import."""
    from pyramid_app.io.spreadsheet.errors import UnreadableFileError
    from pyramid_app.io.spreadsheet.org_import import read_org

    try:
        return ("ok", read_org(path))
    except UnreadableFileError as error:
        if unchecked and isinstance(error.__cause__, MemoryError):
            raise
        return ("refused", type(error), error.args, dict(vars(error)))


def _send(payload: tuple[Any, ...], out: IO[bytes]) -> None:
    from pyramid_app.model.org import OrgChart

    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = copyreg.dispatch_table.copy()
    pickler.dispatch_table[OrgChart] = _reduce_chart
    pickler.dump(payload)


def _reduce_chart(chart: OrgChart) -> tuple[Callable[..., OrgChart], tuple[dict[str, Any]]]:
    """The chart's fields with each long text column to be sent as one string; values its
    cached properties computed are left for the other side to compute when it needs them."""
    from pyramid_app.model.org import OrgChart

    cached = {name for name, value in vars(OrgChart).items() if isinstance(value, cached_property)}
    state = {
        name: _joined(value) if name != "attributes" else {k: _joined(v) for k, v in value.items()}
        for name, value in vars(chart).items()
        if name not in cached
    }
    return _rebuilt_chart, (state,)


def _rebuilt_chart(state: dict[str, Any]) -> OrgChart:
    from pyramid_app.model.org import OrgChart

    chart = OrgChart.__new__(OrgChart)
    chart.__dict__.update(state)
    return chart


class _Joined:
    """A text column sent as one string, joined when the pickler reaches it and split as
    soon as it has been read: the two sides work on successive columns at the same time."""

    __slots__ = ("values",)

    def __init__(self, values: list[Any]) -> None:
        self.values = values

    def __reduce__(self) -> tuple[Callable[..., list[Any]], tuple[Any, ...]]:
        values = self.values
        # A column of few values (titles, departments, locations: one string per distinct
        # value since the import) goes as its values and a number per person, and comes out
        # sharing them again: split from one string, a million people's department would be
        # a million strings.
        try:
            # The first thousand tell a column of names from one of departments cheaply.
            few = len(set(values[:_SAMPLE])) * _FEW <= min(len(values), _SAMPLE)
            distinct = dict.fromkeys(values) if few else {}
        except TypeError:  # something unhashable: sent as it is
            return list, (values,)
        if few and len(distinct) * _FEW <= len(values) and all(type(v) is str for v in distinct):
            number = {value: at for at, value in enumerate(distinct)}
            codes = array("I", map(number.__getitem__, values))
            return _expanded_column, (list(distinct), codes.tobytes())
        try:
            text = _SEPARATOR.join(values)
        except TypeError:  # not all text
            return list, (values,)
        if text.count(_SEPARATOR) != len(values) - 1:  # a cell holds the separator
            return list, (values,)
        return _split_column, (text,)


def _split_column(text: str) -> list[str]:
    return text.split(_SEPARATOR)


def _expanded_column(values: list[str], codes: bytes) -> list[str]:
    numbers = array("I")
    numbers.frombytes(codes)
    return list(map(values.__getitem__, numbers))


def _joined(value: Any) -> Any:
    return _Joined(value) if type(value) is list and len(value) >= _JOIN_FROM else value


def _main(arguments: list[str]) -> int:
    """The child of a spawned read: the payload for one file on standard output."""
    out = sys.stdout.buffer
    gc.disable()  # this process lives for one read
    _leave_a_core_to_the_window()
    # Nothing but the payload may reach the pipe.
    with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
        _send(_payload(Path(arguments[0])), out)
    out.flush()
    return 0


if __name__ == "__main__":
    # Run from the module under its own name, so what is pickled names it and not __main__.
    from pyramid_app.io.spreadsheet.early_read import _main as main

    raise SystemExit(main(sys.argv[1:]))
