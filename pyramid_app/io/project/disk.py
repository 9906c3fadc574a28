"""The project file on disk: recognising one, writing one safely, and who may write it.

New files are written beside their final name and renamed over it after an fsync, so a crash
or a full disk never leaves half a file under a name the user knows.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import sqlite3
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from pyramid_app.io.project.errors import (
    ProjectExistsError,
    ProjectFileError,
    ProjectLockedError,
    ProjectNotFoundError,
    damaged_error,
    is_lock_error,
    not_a_project_error,
    reason_of,
)
from pyramid_app.io.spreadsheet.safety import special_kind

SQLITE_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at ``path``, or None if there is none."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def sqlite_uri(path: Path, mode: str) -> str:
    # A URI with mode=rw never creates a missing file, unlike a plain path.
    return f"{path.resolve().as_uri()}?mode={mode}"


def fsync_path(path: Path, directory: bool = False) -> None:
    try:
        descriptor = os.open(
            path, os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0)
        )
    except OSError:
        if directory:
            return  # Windows cannot open a folder; its rename is durable without it
        raise
    try:
        os.fsync(descriptor)
    except OSError:
        if not directory:
            raise
    finally:
        os.close(descriptor)


def temporary_beside(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.saving")


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` may still be running: the files it left are its own until it
    is gone (this process, another user's or one that cannot be asked count as running)."""
    if pid == os.getpid() or sys.platform == "win32":  # there os.kill would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def remove_with_logs(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _refuse_special(path: Path, mode: int) -> None:
    what = special_kind(mode)
    if what is not None:
        raise not_a_project_error(path, f"it is {what}, not a file saved on disk")


def sniff_project(path: Path) -> None:
    """Refuse at once what cannot be a project, before SQLite sees it."""
    if not path.exists():
        raise ProjectNotFoundError(
            f"{path} does not exist; it may have been moved, renamed or deleted.", path
        )
    if path.is_dir():
        raise not_a_project_error(path, "it is a folder")
    try:
        # A pipe, socket or device would block the open or the read forever: refused unopened,
        # and checked again on the descriptor (opened without waiting for a writer).
        _refuse_special(path, path.stat().st_mode)
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            _refuse_special(path, os.fstat(descriptor).st_mode)
            header = os.read(descriptor, _HEADER_SIZE)
        finally:
            os.close(descriptor)
    except OSError as error:
        raise ProjectFileError(
            f"{path} cannot be read ({reason_of(error)}); check that you may read it.", path
        ) from None
    if not header:
        raise not_a_project_error(path, "the file is empty")
    if not header.startswith(SQLITE_MAGIC):
        raise not_a_project_error(
            path, "it is not a database file (perhaps another kind of file was renamed)"
        )
    if len(header) < _HEADER_SIZE:
        raise damaged_error(path, "the file is cut short")
    _check_length(path, header)


def _check_length(path: Path, header: bytes) -> None:
    """A file shorter than its header says was cut short (a copy or a download stopped)."""
    if Path(f"{path}-wal").exists():
        return  # a crash during a checkpoint leaves the length to be restored from the log
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The stored page count is only valid when the two change counters agree.
    if not pages or header[24:28] != header[92:96]:
        return
    expected, actual = pages * page_size, path.stat().st_size
    if actual < expected:
        raise damaged_error(
            path, f"the file is cut short: it has {actual:,} of its {expected:,} bytes"
        )


def prepare_target(path: Path, overwrite: bool) -> None:
    """Check that ``path`` may be written as a new project and clear what an old one left."""
    folder = path.parent
    if not folder.is_dir():
        raise ProjectFileError(
            f"The folder {folder} does not exist; choose another place to save {path.name}.",
            path,
        )
    if path.is_dir():
        raise ProjectExistsError(f"{path} is a folder; choose another name for the project.", path)
    if not path.exists():
        return
    if not overwrite:
        raise ProjectExistsError(
            f"{path} already exists; choose another name, or confirm that it should be replaced.",
            path,
        )
    if file_in_use(path):
        raise ProjectLockedError(
            f"{path} cannot be replaced: it is open in another Pyramid Planner window (or "
            "another program is using it). Close it there, or choose another name.",
            path,
        )
    # A log left by a crash of the file being replaced would be replayed onto the new file.
    for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def file_in_use(path: Path) -> bool:
    try:
        with open(path, "rb") as file:
            if not file.read(16).startswith(SQLITE_MAGIC):
                return False
        probe = sqlite3.connect(sqlite_uri(path, "ro"), uri=True, timeout=0)
    except (OSError, sqlite3.Error):
        return False
    try:
        probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as error:
        return is_lock_error(error)
    finally:
        probe.close()
    return False


def replace_durably(temporary: Path, path: Path) -> None:
    fsync_path(temporary)
    os.replace(temporary, path)
    fsync_path(path.parent, directory=True)


def same_file(first: Path, second: Path) -> bool:
    try:
        return first.samefile(second)
    except OSError:
        return False


def read_only_reason(path: Path, requested: bool) -> str | None:
    if requested:
        return f"{path.name} is open read-only; use Save As to make a copy you can edit."
    try:
        # The owner's own write bits too: root may write anywhere, but a file its owner made
        # read-only (chmod 444) is meant to stay as it is.
        protected = not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    except OSError:
        protected = False
    if _on_read_only_drive(path):
        return (
            f"{path.name} is on a drive or share that cannot be written to, so it opened "
            "read-only; use Save As to save a copy somewhere else."
        )
    if protected or not os.access(path, os.W_OK):
        return (
            f"{path.name} is write-protected, so it opened read-only; use Save As to make a "
            "copy you can edit, or change the file's permissions and open it again."
        )
    if not os.access(path.parent, os.W_OK):
        return (
            f"The folder of {path.name} cannot be written to, so the project opened read-only; "
            "use Save As to save a copy somewhere else."
        )
    return None


_WAL_HEADER = 32


def _on_read_only_drive(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # statvfs is POSIX only
        return False


def quiet_file_uri(path: Path) -> str | None:
    """A URI reading ``path`` as it is on disk, without locks or the shared-memory file, when
    nothing has it open and no log waits beside it (no ``-wal``, no ``-shm``); None otherwise.

    A read-only open of a WAL file would otherwise create ``-shm`` beside it, which fails on a
    read-only mount or a full disk although the file itself reads fine.
    """
    if Path(f"{path}-wal").exists() or Path(f"{path}-shm").exists():
        return None
    return f"{sqlite_uri(path, 'ro')}&immutable=1"


def read_copy_with_log(path: Path, read: Callable[[sqlite3.Connection], None]) -> None:
    """Run ``read`` on a copy of ``path`` and its log in a temporary folder: a file left with
    its log (after a crash) on a read-only mount or a full disk, where SQLite cannot make its
    shared-memory file beside them."""
    with tempfile.TemporaryDirectory(prefix="pyramid-read-") as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        log = Path(f"{path}-wal")
        if log.exists():
            shutil.copyfile(log, Path(f"{copy}-wal"))
        connection = sqlite3.connect(sqlite_uri(copy, "rw"), uri=True, isolation_level=None)
        try:
            read(connection)
        finally:
            connection.close()


def check_log_belongs(path: Path) -> None:
    """Refuse a project whose write-ahead log beside it belongs to another project.

    A project restored from a backup next to an old ``-wal`` of another project would replay
    that log as its own: the other plan shows, and the next checkpoint writes it into the file
    for good. The log is only ever read in a copy here, and the two identities (the file's
    alone, and with its log) compared. Where either has none (files from before identities) or
    the copy cannot be made, nothing is said: the check can only refuse, never harm.
    """
    log = Path(f"{path}-wal")
    try:
        if log.stat().st_size <= _WAL_HEADER:
            return
    except OSError:
        return
    own = _identity_at(f"{sqlite_uri(path, 'ro')}&immutable=1")
    if not own:
        return
    found: list[str] = []
    try:
        read_copy_with_log(path, lambda connection: found.append(_identity_of(connection)))
    except (OSError, sqlite3.Error):
        return
    logged = found[0] if found else ""
    if logged and logged != own:
        raise ProjectFileError(
            f"{path.name} was not opened: the log file beside it, {log.name}, belongs to "
            "another project (this happens when a project is restored from a backup next to "
            f"an old log). Move {log.name} out of the folder - keep it, it holds that other "
            f"project's last edits - then open {path.name} again.",
            path,
        )


def _identity_at(uri: str) -> str:
    try:
        connection = sqlite3.connect(uri, uri=True, isolation_level=None)
        try:
            return _identity_of(connection)
        finally:
            connection.close()
    except sqlite3.Error:
        return ""


def _identity_of(connection: sqlite3.Connection) -> str:
    """The project's identity as the connection reads it; "" when it has none (or no meta)."""
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = 'identity'").fetchone()
    except sqlite3.Error:
        return ""
    return str(row[0]) if row is not None and isinstance(row[0], str) else ""
