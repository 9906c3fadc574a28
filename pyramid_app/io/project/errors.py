"""What can go wrong with a project file, as exceptions whose messages are meant for the user.

Every message says what is wrong, with which file, and what to do about it. The functions turn
SQLite's and the operating system's errors into these.
"""

from __future__ import annotations

import errno
import sqlite3
import zlib
from pathlib import Path

# Primary SQLite result codes (error.sqlite_errorcode & 0xFF).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26


class ProjectFileError(Exception):
    """A project file cannot be opened, created or saved; the message is meant for the user.

    It says what is wrong, with which file, and what to do. ``path`` is the file concerned.
    """

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class ProjectNotFoundError(ProjectFileError):
    """There is no file at that path."""


class NotAProjectError(ProjectFileError):
    """The file is not a Pyramid Planner project (not SQLite at all, or another app's database)."""


class DamagedProjectError(NotAProjectError):
    """The file was a project but is truncated or corrupt."""


class StoredDataError(ValueError, sqlite3.DatabaseError):
    """Stored data that cannot be what this code wrote: the file was damaged or tampered with.

    The message says what, for the user, after "is damaged ... (". It is also an SQLite error
    because every place that reads a project (the meta table before any upgrade, the tables
    after it) already turns a failed SQLite read into the damaged message, and a value of the
    wrong type is a read that failed.
    """


class NewerVersionError(ProjectFileError):
    """The file was written by a newer Pyramid Planner with a schema this code does not know."""


class ProjectLockedError(ProjectFileError):
    """Another window or process has the file open."""


class ProjectReadOnlyError(ProjectFileError):
    """An edit reached a project file that is open for reading only."""


class ProjectExistsError(ProjectFileError):
    """Creating a project would replace an existing file and that was not allowed."""


class ProjectSaveError(ProjectFileError):
    """Writing to the file failed; nothing of the refused step was kept."""


class DiskFullError(ProjectSaveError):
    """The disk (or the file's size limit) is full."""


def sqlite_code(error: sqlite3.Error) -> int:
    return int(getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF


def is_lock_error(error: sqlite3.Error) -> bool:
    """Another connection holds the file (this process's or another's)."""
    return sqlite_code(error) in (_SQLITE_BUSY, _SQLITE_LOCKED)


def reason_of(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error) or type(error).__name__


def locked_error(path: Path) -> ProjectLockedError:
    return ProjectLockedError(
        f"{path} is open in another Pyramid Planner window (or another program is using it); "
        "close it there, then open it again.",
        path,
    )


def damaged_error(path: Path, what: str) -> DamagedProjectError:
    return DamagedProjectError(
        f"{path} is damaged and cannot be opened ({what}). The file was left as it is; open a "
        "backup copy of it, or ask whoever sent it for a fresh copy.",
        path,
    )


def damage_words(error: BaseException) -> str:
    """What a failure while reading says about the file, in words for the user."""
    if isinstance(error, StoredDataError):
        return f"its content is not what Pyramid Planner writes: {error}"
    if isinstance(error, sqlite3.Error):
        return f"parts of it cannot be read: {error}"
    if isinstance(error, zlib.error):
        return "the organisation data fails its checksum"
    return f"its content is not what Pyramid Planner writes: {reason_of(error)}"


def not_a_project_error(path: Path, what: str) -> NotAProjectError:
    return NotAProjectError(
        f"{path} is not a Pyramid Planner project: {what}. Choose a .pyramid file saved by "
        "Pyramid Planner (a spreadsheet is opened with Open organisation instead).",
        path,
    )


def reading_error(path: Path, error: sqlite3.Error) -> ProjectFileError:
    """The message for an SQLite error met while opening or reading ``path``."""
    code = sqlite_code(error)
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return locked_error(path)
    if code == _SQLITE_NOTADB:
        return not_a_project_error(path, "it is not a database file")
    if code == _SQLITE_CORRUPT:
        return damaged_error(path, damage_words(error))
    if code == _SQLITE_CANTOPEN:
        return ProjectFileError(
            f"{path} cannot be opened ({error}); check that it exists and that you may read it "
            "and its folder.",
            path,
        )
    if code in (_SQLITE_PERM, _SQLITE_READONLY):
        return ProjectFileError(
            f"{path} cannot be opened: permission denied ({error}); ask for access to the file "
            "and its folder, or copy it somewhere you can write.",
            path,
        )
    if code == _SQLITE_IOERR:
        return ProjectFileError(
            f"{path} could not be read: the disk reported an error ({error}). Check the drive "
            "or network share and try again; the file was not changed.",
            path,
        )
    return damaged_error(path, damage_words(error))


def writing_error(path: Path, action: str, error: BaseException) -> ProjectFileError:
    """The message for a failed write; ``action`` completes "... was not saved"."""
    safe = "Everything saved before is still in the file."
    code = sqlite_code(error) if isinstance(error, sqlite3.Error) else 0
    if code == _SQLITE_FULL or (isinstance(error, OSError) and error.errno == errno.ENOSPC):
        return DiskFullError(
            f"{action} was not saved: the disk holding {path} is full. Free some space and try "
            f"again. {safe}",
            path,
        )
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return ProjectLockedError(
            f"{action} was not saved: another program is using {path}. Close it and try again. "
            f"{safe}",
            path,
        )
    if code in (_SQLITE_READONLY, _SQLITE_PERM) or isinstance(error, PermissionError):
        return ProjectReadOnlyError(
            f"{action} was not saved: {path} cannot be written ({reason_of(error)}). Use Save As "
            f"to keep your work in another file. {safe}",
            path,
        )
    return ProjectSaveError(
        f"{action} was not saved: writing {path} failed ({reason_of(error)}). Check the drive or "
        f"network share and try again, or use Save As to save elsewhere. {safe}",
        path,
    )
