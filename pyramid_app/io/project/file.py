"""The project file (``*.pyramid``): one SQLite database per project, saved edit by edit.

A :class:`ProjectFile` is the project's :class:`~pyramid_app.model.project.Journal`:
:meth:`Project.execute` applies a command in memory and then calls :meth:`ProjectFile.record`,
which writes what the command touched in ONE transaction and returns only once that transaction
is on disk (WAL journal, ``synchronous=FULL``: the commit waits for fsync of the log). If the
write fails (disk full, I/O error) the transaction is rolled back, a :class:`ProjectFileError`
says what happened, and the project takes the edit back: the file and the window agree, and
everything acknowledged before is still in the file.

Two copies of the app on one file: the file is held with ``locking_mode=EXCLUSIVE`` from the
moment it is opened, so another process (or another window) cannot read or write it while it
is open. Its open gets :class:`ProjectLockedError` at once; it is not offered a read-only view,
because the holder's latest edits may still be only in its log, which nobody else can read.
The lock is the operating system's file lock (POSIX ``fcntl`` or Windows ``LockFileEx``), so it
disappears with the process even when that process is killed; on network shares that do not
honour file locks this protection is as good as the share.

A new file, a Save As and a migration never leave half a file under the final name: the file is
written beside the target under a temporary name, flushed, and renamed over it.

The layout of the tables is in :mod:`pyramid_app.io.project.store`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sqlite3
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pyramid_app.io.library import PracticeLibraryError, load_shipped_library
from pyramid_app.io.project import SUFFIX, edit_history, progress_tables, store, undo_log
from pyramid_app.io.project.disk import (
    check_log_belongs,
    file_identity,
    prepare_target,
    quiet_file_uri,
    read_copy_with_log,
    read_only_reason,
    remove_with_logs,
    replace_durably,
    same_file,
    sniff_project,
    sqlite_uri,
    temporary_beside,
)
from pyramid_app.io.project.errors import (
    DamagedProjectError,
    DiskFullError,
    NewerVersionError,
    NotAProjectError,
    ProjectExistsError,
    ProjectFileError,
    ProjectLockedError,
    ProjectNotFoundError,
    ProjectReadOnlyError,
    ProjectSaveError,
    StoredDataError,
    damage_words,
    damaged_error,
    not_a_project_error,
    reading_error,
    writing_error,
)
from pyramid_app.model.library import PracticeFamily
from pyramid_app.model.org import NotATreeError
from pyramid_app.model.plan import Commitment, Plan
from pyramid_app.model.plan_history import Edit, PlanHistory
from pyramid_app.model.project import Change, Project, UndoStep

if TYPE_CHECKING:
    from pyramid_app.model.commands import Command

__all__ = [
    "APP_NAME",
    "MIGRATIONS",
    "SUFFIX",
    "DamagedProjectError",
    "DiskFullError",
    "HistoryEntry",
    "NewerVersionError",
    "NotAProjectError",
    "ProjectExistsError",
    "ProjectFile",
    "ProjectFileError",
    "ProjectLockedError",
    "ProjectNotFoundError",
    "ProjectReadOnlyError",
    "ProjectSaveError",
    "change_counts",
    "creation_entry",
    "describe_change",
    "schema_version",
]

APP_NAME = "Pyramid Planner"

Migration = Callable[[sqlite3.Connection], None]
# MIGRATIONS[k] turns a file of schema version k + 1 into version k + 2, inside the transaction
# the caller opened. Append only; never edit a migration that has shipped. A new file is made by
# creating schema 1 and running them all, so new and upgraded files cannot drift apart.
MIGRATIONS: list[Migration] = [
    store.migrate_to_v2,  # 1 -> 2: customer segments' touchpoints and needs; commitments' needs
    undo_log.migrate_to_v3,  # 2 -> 3: the undo history, kept with each edit
    progress_tables.migrate_to_v4,  # 3 -> 4: targets and the customers' results
]

# How long to wait for a lock another process holds only briefly (a backup tool reading the
# file); a window holding the project keeps its lock, so waiting longer would only delay the
# "open in another window" message.
_BUSY_TIMEOUT = 0.5
# quick_check walks every b-tree page: 0.03 s for a 35 MB project of 1,048,575 people and
# 100,000 commitments (the organisation's blobs are overflow chains, cheap to walk). Beyond this
# size it is skipped and damage shows while reading instead: page structure through SQLite, and
# every organisation column carries zlib's checksum.
QUICK_CHECK_LIMIT = 512 * 1024 * 1024
# Keep the log from staying huge after an organisation update wrote tens of MB through it.
_JOURNAL_SIZE_LIMIT = 16 * 1024 * 1024


def schema_version() -> int:
    """The newest schema version this code writes and reads."""
    return 1 + len(MIGRATIONS)


# -- history -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    """One saved step: its sequence number, when (UTC), the Edit-menu label, what it touched."""

    seq: int
    at: dt.datetime
    label: str
    detail: str


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def describe_change(
    saved: int,
    deleted: int,
    org: bool,
    library: bool,
    customers: bool = False,
    *,
    targets: bool = False,
    results: int = 0,
) -> str:
    parts = []
    if saved:
        parts.append(f"{_plural(saved, 'commitment')} saved")
    if deleted:
        parts.append(f"{_plural(deleted, 'commitment')} deleted")
    if org:
        parts.append("organisation replaced")
    if library:
        parts.append("practice library changed")
    if customers:
        parts.append("customers and touchpoints changed")
    if targets:
        parts.append("targets changed")
    if results:
        parts.append(f"{_plural(results, 'result')} saved")
    return ", ".join(parts) or "nothing changed"


# Commitments saved, deleted; organisation replaced; library changed; customer map changed.
Counts = tuple[int, int, bool, bool, bool]
_NO_COUNTS: Counts = (0, 0, False, False, False)


def change_counts(project: Project, change: Change) -> Counts:
    """What a change means for the file: the ids still in the plan are saved, the rest deleted."""
    commitments = project.plan.commitments
    saved = sum(1 for i in change.commitments if i in commitments)
    return (
        saved,
        len(change.commitments) - saved,
        change.org,
        change.library,
        change.customer_map_changed,
    )


HistoryRow = tuple[str, str, Counts]  # label, detail, counts
# What tells the file the time of each edit it saves; the history's times are UTC. A test gives
# its own, so that edits are made on the days it chooses.
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _append_history(connection: sqlite3.Connection, row: HistoryRow, at: dt.datetime) -> None:
    label, detail, counts = row
    connection.execute(
        "INSERT INTO history (at, label, detail, commitments_saved, commitments_deleted, "
        "org_replaced, library_changed, customers_changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            at.isoformat(timespec="seconds"),
            label,
            detail,
            counts[0],
            counts[1],
            int(counts[2]),
            int(counts[3]),
            int(counts[4]),
        ),
    )


def _write_new_file(
    path: Path, project: Project, history: Sequence[HistoryRow], clock: Clock = utc_now
) -> None:
    """A complete file for ``project`` at ``path``, built under a temporary name and renamed."""
    temporary = temporary_beside(path)
    try:
        connection = sqlite3.connect(temporary, isolation_level=None)
        try:
            # The temporary file is thrown away if anything fails, so it needs no journal.
            connection.execute("PRAGMA journal_mode=OFF")
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute("BEGIN")
            for statement in store.SCHEMA_V1:
                connection.execute(statement)
            store.write_meta(connection, {"app": APP_NAME, "schema_version": "1"})
            _migrate(connection, 1)
            store.write_project(connection, project)
            for row in history:
                _append_history(connection, row, clock())
            connection.execute("COMMIT")
            connection.execute("PRAGMA journal_mode=WAL")
        finally:
            connection.close()
        replace_durably(temporary, path)
    finally:
        if temporary.exists():
            remove_with_logs(temporary)


def _migrate(connection: sqlite3.Connection, version: int) -> None:
    """Run the migrations from ``version`` up, inside the caller's transaction."""
    for step in range(version, schema_version()):
        MIGRATIONS[step - 1](connection)
    store.write_meta(connection, {"schema_version": str(schema_version())})


def _check_meta(connection: sqlite3.Connection, path: Path) -> tuple[dict[str, str], int]:
    """The meta table, if this is a project this code can read; raises otherwise."""
    try:
        meta = store.read_meta(connection)
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            raise not_a_project_error(path, "it is a database made by another program") from None
        raise reading_error(path, error) from None
    except sqlite3.Error as error:
        raise reading_error(path, error) from None
    if meta.get("app") != APP_NAME:
        raise not_a_project_error(path, "it is a database made by another program")
    try:
        version = int(meta["schema_version"])
    except (KeyError, ValueError) as error:
        raise damaged_error(path, "its version number is missing") from error
    if version > schema_version():
        raise NewerVersionError(
            f"{path} was made by a newer Pyramid Planner (schema {version}, this version reads "
            f"up to {schema_version()}); update the app to open it.",
            path,
        )
    if version < 1:
        raise damaged_error(path, f"its version number {version} is impossible")
    return meta, version


def _quick_check(connection: sqlite3.Connection, path: Path, size: int) -> None:
    if size > QUICK_CHECK_LIMIT:
        return
    try:
        result = connection.execute("PRAGMA quick_check(1)").fetchone()
    except sqlite3.Error as error:
        raise reading_error(path, error) from None
    if result is None or result[0] != "ok":
        found = re.search(r"[Pp]age (\d+)", result[0] if result else "")
        where = f" (page {found.group(1)})" if found else ""
        raise damaged_error(path, f"the integrity check found broken pages{where}")


# What reading stored values raises for a file that holds something it should not.
_DAMAGE = (
    zlib.error,
    ValueError,  # includes StoredDataError, NotATreeError and bad ISO dates
    KeyError,
    TypeError,
    IndexError,
    OverflowError,
    UnicodeDecodeError,
    NotATreeError,
)


def _read(
    connection: sqlite3.Connection, path: Path, meta: dict[str, str], with_plan: bool = True
) -> Project:
    try:
        return store.read_project(connection, meta, with_plan)
    except sqlite3.Error as error:
        raise reading_error(path, error) from None
    except _DAMAGE as error:
        raise damaged_error(path, damage_words(error)) from None


def _shipped(path: Path, shipped: Sequence[PracticeFamily] | None) -> tuple[PracticeFamily, ...]:
    if shipped is not None:
        return tuple(shipped)
    try:
        return load_shipped_library()
    except PracticeLibraryError as error:
        raise ProjectFileError(f"{path} was not opened: {error}", path) from error


def _connect_locked(path: Path) -> tuple[sqlite3.Connection, dict[str, str], int]:
    """A connection holding ``path`` exclusively, and its checked meta table."""
    try:
        connection = sqlite3.connect(
            sqlite_uri(path, "rw"),
            uri=True,
            isolation_level=None,
            timeout=_BUSY_TIMEOUT,
            # The window may open a project in a worker thread and edit it in the main one;
            # calls never overlap, which is all sqlite3 needs.
            check_same_thread=False,
        )
    except sqlite3.Error as error:
        raise reading_error(path, error) from None
    try:
        # Set before the first read: in WAL mode that read then takes the exclusive lock.
        connection.execute("PRAGMA locking_mode=EXCLUSIVE")
        meta, version = _check_meta(connection, path)
    except BaseException:
        connection.close()
        raise
    return connection, meta, version


def _make_durable(connection: sqlite3.Connection, path: Path) -> None:
    """WAL with a full sync on every commit; also takes the write lock if not yet held."""
    try:
        mode = connection.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute(f"PRAGMA journal_size_limit={_JOURNAL_SIZE_LIMIT}")
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("COMMIT")
    except sqlite3.Error as error:
        raise reading_error(path, error) from None
    if str(mode).lower() != "wal":
        raise ProjectFileError(
            f"{path} cannot be opened for editing: its folder does not allow the log file "
            "SQLite needs beside it. Copy the project to a local folder and open it there.",
            path,
        )


class ProjectFile:
    """An open ``*.pyramid`` file; the :class:`Journal` that saves each edit as it is made.

    Make one with :meth:`create`, :meth:`open` or :meth:`save_as`. Calls must not overlap
    (one thread at a time), which the window's single edit path already guarantees.
    """

    def __init__(
        self, path: Path, connection: sqlite3.Connection, read_only_reason: str | None = None
    ) -> None:
        self.path = path
        self.read_only_reason = read_only_reason
        self.project: Project | None = None
        self._connection: sqlite3.Connection | None = connection
        # Which file on disk this is, to notice it being moved or deleted while open.
        self._identity = file_identity(path) if read_only_reason is None else None
        self.clock: Clock = utc_now  # the time each edit is saved at, for its history

    def __repr__(self) -> str:
        state = "closed" if self.closed else "read-only" if self.read_only_reason else "open"
        return f"<ProjectFile {self.path} ({state})>"

    def __enter__(self) -> ProjectFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- making and opening ---------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: str | Path,
        project: Project,
        *,
        overwrite: bool = False,
        clock: Clock = utc_now,
    ) -> ProjectFile:
        """Write ``project`` as a new file at ``path``, open it and make it the project's journal.

        ``clock`` gives the time of its creation and of every edit it saves. Raises
        :class:`ProjectExistsError` if ``path`` exists and ``overwrite`` is false, and
        :class:`ProjectLockedError` if the file to replace is open elsewhere.
        """
        return cls._create(Path(path), project, overwrite, [creation_entry(project)], clock)

    @classmethod
    def _create(
        cls,
        path: Path,
        project: Project,
        overwrite: bool,
        history: Sequence[HistoryRow],
        clock: Clock = utc_now,
    ) -> ProjectFile:
        prepare_target(path, overwrite)
        if not project.identity:
            project.identity = store.new_identity()
        try:
            _write_new_file(path, project, history, clock)
        except (sqlite3.Error, OSError, ValueError) as error:
            raise writing_error(path, f"The new project {path.name}", error) from error
        opened = cls._attach(path)
        opened.clock = clock
        opened._adopt(project)
        return opened

    @classmethod
    def _attach(cls, path: Path) -> ProjectFile:
        """Open a file this process has just written, without reading the project back."""
        connection, _meta, _version = _connect_locked(path)
        try:
            _make_durable(connection, path)
        except BaseException:
            connection.close()
            raise
        return cls(path, connection)

    def _adopt(self, project: Project) -> None:
        self.project = project
        project.journal = self
        project.read_only_reason = self.read_only_reason

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        read_only: bool = False,
        shipped: Sequence[PracticeFamily] | None = None,
        with_plan: bool = True,
    ) -> tuple[ProjectFile, Project]:
        """Open ``path`` and read the whole project; the file becomes its journal.

        ``shipped`` is the shipped practice library to attach (read from the app's resources
        when None). A project opens read-only (``project.read_only_reason`` set, edits refused)
        when asked, or when the file or its folder cannot be written. Read-only, and without
        ``with_plan``, the project's plan is left empty: :meth:`commitments` streams them from
        the file instead. Raises a :class:`ProjectFileError` subclass with a message for the
        user when it cannot open.
        """
        path = Path(path)
        if not (with_plan or read_only):
            raise ValueError("a project opened for editing needs its plan")
        sniff_project(path)
        check_log_belongs(path)
        library = _shipped(path, shipped)
        reason = read_only_reason(path, read_only)
        if reason is not None:
            opened, project = cls._open_read_only(path, reason, with_plan)
        else:
            opened, project = cls._open_for_writing(path)
        project.library.shipped = library
        opened._adopt(project)
        return opened, project

    @classmethod
    def _open_for_writing(cls, path: Path) -> tuple[ProjectFile, Project]:
        connection, meta, version = _connect_locked(path)
        try:
            _quick_check(connection, path, path.stat().st_size)
            if version < schema_version():
                # The upgrade and the reading of what it made are one transaction: a damaged
                # file is refused as it was, never left half upgraded.
                upgrade = f"The upgrade of {path.name} to this version"
                try:
                    connection.execute("BEGIN IMMEDIATE")
                    _migrate(connection, version)
                except sqlite3.Error as error:
                    _rollback(connection)
                    if isinstance(error, StoredDataError):
                        raise damaged_error(path, damage_words(error)) from error
                    raise writing_error(path, upgrade, error) from error
                try:
                    project = _read(connection, path, meta)
                except BaseException:
                    _rollback(connection)
                    raise
                try:
                    connection.execute("COMMIT")
                except sqlite3.Error as error:
                    _rollback(connection)
                    raise writing_error(path, upgrade, error) from error
            else:
                project = _read(connection, path, meta)
            _make_durable(connection, path)
            if not project.identity:  # a file made before projects had one: given it now
                project.identity = store.new_identity()
                try:
                    store.write_meta(connection, {"identity": project.identity})
                except sqlite3.Error as error:
                    raise writing_error(path, f"Opening {path.name}", error) from error
        except BaseException:
            connection.close()
            raise
        return cls(path, connection), project

    @classmethod
    def _open_read_only(
        cls, path: Path, reason: str, with_plan: bool = True
    ) -> tuple[ProjectFile, Project]:
        # Copy the file and let it go at once: nothing is ever written to it, and an older
        # schema is upgraded in the copy only. The copy is SQLite's private temporary file
        # (deleted as the connection closes), not memory: a million commitments' file is
        # 270 MB, which the read project holds again as objects.
        memory = sqlite3.connect("", isolation_level=None, check_same_thread=False)

        def copy_into_memory(source: sqlite3.Connection) -> None:
            # Take the read lock first, with the timeout: the backup itself would retry a lock
            # held by another window for ever.
            source.execute("BEGIN")
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
            source.backup(memory)

        try:
            try:
                quiet = quiet_file_uri(path)
                source = sqlite3.connect(
                    quiet or sqlite_uri(path, "ro"),
                    uri=True,
                    timeout=_BUSY_TIMEOUT,
                    isolation_level=None,
                )
                try:
                    copy_into_memory(source)
                finally:
                    source.close()
            except sqlite3.OperationalError as error:
                if quiet is not None or "locked" in str(error) or "busy" in str(error):
                    raise reading_error(path, error) from None
                # A log left beside the file where no shared-memory file can be made (a
                # read-only mount, a full disk): read a copy of both elsewhere.
                try:
                    read_copy_with_log(path, copy_into_memory)
                except (OSError, sqlite3.Error):
                    raise reading_error(path, error) from None
            except sqlite3.Error as error:
                raise reading_error(path, error) from None
            meta, version = _check_meta(memory, path)
            _quick_check(memory, path, path.stat().st_size)
            if version < schema_version():
                memory.execute("BEGIN")
                _migrate(memory, version)
                memory.execute("COMMIT")
            project = _read(memory, path, meta, with_plan)
        except BaseException:
            memory.close()
            raise
        return cls(path, memory, read_only_reason=reason), project

    # -- saving edits ---------------------------------------------------------------------

    def _writable(self, action: str) -> sqlite3.Connection:
        if self._connection is None:
            raise ProjectFileError(
                f"{action} was not saved: {self.path} was closed. Open the project again.",
                self.path,
            )
        if self.read_only_reason is not None:
            raise ProjectReadOnlyError(
                f"{action} was not saved: {self.read_only_reason}", self.path
            )
        if file_identity(self.path) != self._identity:
            # Edits would go on into a file nobody can find again (or, once deleted, vanish
            # with this connection); the connection still reads everything, so Save As can.
            raise ProjectSaveError(
                f"{action} was not saved: {self.path} was moved, renamed or deleted while it "
                "was open. Use Save As to save the project again; nothing saved before is lost.",
                self.path,
            )
        return self._connection

    def record(
        self, project: Project, command: Command, change: Change, step: UndoStep | None = None
    ) -> None:
        """Save what ``command`` changed in one transaction; returns once it is on disk.

        ``step`` (how to undo it) is saved in the same transaction, for the undo history of
        the project when it is opened again."""
        action = f"The edit “{command.label}”"
        connection = self._writable(action)
        commitments = project.plan.commitments
        touched = sorted(change.commitments)
        present = [commitments[i] for i in touched if i in commitments]
        gone = [i for i in touched if i not in commitments]
        counts = change_counts(project, change)
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                if present:
                    store.upsert_commitments(connection, present)
                if gone:
                    store.delete_commitments(connection, gone)
                if change.org:
                    store.write_org(connection, project)
                if change.org or change.customer_map_changed:
                    store.write_customers(connection, project.customer_map)
                if change.library:
                    store.write_library(connection, project.library)
                if change.audience:
                    store.write_hidden(connection, project.hidden)
                if change.targets:
                    progress_tables.write_targets(connection, project.targets)
                if change.results:
                    progress_tables.put_results(connection, project.results, change.results)
                store.write_meta(
                    connection,
                    {"next_number": str(project.plan.next_number), "name": project.name},
                )
                detail = describe_change(
                    *counts, targets=change.targets, results=len(change.results)
                )
                _append_history(connection, (command.label, detail, counts), self.clock())
                if step is not None:
                    seq = int(connection.execute("SELECT last_insert_rowid()").fetchone()[0])
                    undo_log.append_step(connection, seq, command, step)
                connection.execute("COMMIT")
            except BaseException:
                _rollback(connection)
                raise
        except (sqlite3.Error, OSError, ValueError) as error:
            raise writing_error(self.path, action, error) from error

    # -- other files ----------------------------------------------------------------------

    def save_as(self, new_path: str | Path, *, overwrite: bool = True) -> ProjectFile:
        """Copy this file (history included) to ``new_path`` and continue there.

        This file is closed and the project's journal becomes the new one. ``overwrite``
        defaults to true because a Save As dialog has already asked about replacing.
        """
        new_path = Path(new_path)
        connection = self._connection
        if connection is None:
            raise ProjectFileError(
                f"{self.path} was closed, so it cannot be saved as {new_path}; open it again.",
                self.path,
            )
        if new_path.exists() and same_file(new_path, self.path):
            return self
        prepare_target(new_path, overwrite)
        temporary = temporary_beside(new_path)
        try:
            target = sqlite3.connect(temporary, isolation_level=None)
            try:
                connection.backup(target)
                target.execute("PRAGMA journal_mode=WAL")
            finally:
                target.close()
            replace_durably(temporary, new_path)
        except (sqlite3.Error, OSError) as error:
            raise writing_error(new_path, f"The copy {new_path.name}", error) from error
        finally:
            if temporary.exists():
                remove_with_logs(temporary)
        copy = ProjectFile._attach(new_path)
        project = self.project
        self.close()
        if project is not None:
            copy.project = project
            project.read_only_reason = None
            if project.journal is self:
                project.journal = copy
        return copy

    def remember_step(self, command: Command, step: UndoStep) -> None:
        """Keep ``step`` as the undo step of the last saved edit (made with the file itself)."""
        connection = self._writable(f"The undo step of “{command.label}”")
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                (seq,) = connection.execute("SELECT max(seq) FROM history").fetchone()
                if seq is not None:
                    undo_log.append_step(connection, int(seq), command, step)
                connection.execute("COMMIT")
            except BaseException:
                _rollback(connection)
                raise
        except sqlite3.Error as error:
            raise writing_error(self.path, f"The undo step of “{command.label}”", error) from error

    def commitments(self, manager_id: str | None = None) -> Iterator[Commitment]:
        """The stored commitments (only ``manager_id``'s when given) in number order, read as
        they are asked for: for a project opened without its plan. A commitment that cannot be
        read back raises :class:`DamagedProjectError`."""
        if self._connection is not None:
            yield from self._read_back(store.iter_commitments(self._connection, manager_id))

    def counted_commitments(self) -> Iterator[Commitment]:
        """The stored commitments with only what coverage is counted from, as
        :func:`store.iter_counted_commitments` reads them; damage raises as :meth:`commitments`
        does."""
        if self._connection is not None:
            yield from self._read_back(store.iter_counted_commitments(self._connection))

    def commitments_numbered(self, numbers: Sequence[int]) -> list[Commitment]:
        """The stored commitments of these numbers (taken from :meth:`counted_commitments`), in
        this order; damage raises as :meth:`commitments` does."""
        if self._connection is None:
            return []
        with self._damage_said():
            return store.commitments_numbered(self._connection, numbers)

    def _read_back(self, commitments: Iterator[Commitment]) -> Iterator[Commitment]:
        with self._damage_said():
            yield from commitments

    @contextlib.contextmanager
    def _damage_said(self) -> Iterator[None]:
        """What the file could not give back, said as the reading or damaged-project error."""
        try:
            yield
        except sqlite3.Error as error:
            raise reading_error(self.path, error) from None
        except _DAMAGE as error:
            raise damaged_error(self.path, damage_words(error)) from None

    def read_plan(self, next_number: int) -> Plan:
        """Every stored commitment at once, for a project opened without its plan that needs
        it whole after all (``next_number``: the project's, as opened). A plan that cannot be
        read back raises :class:`DamagedProjectError`."""
        if self._connection is None:
            return Plan(next_number=next_number)
        with self._damage_said():
            return store.read_plan(self._connection, next_number)

    def plan_history(self) -> PlanHistory:
        """The history of edits, newest first, as :mod:`pyramid_app.model.plan_history` walks
        it: read as the walk asks for it. A history that cannot be read back raises
        :class:`DamagedProjectError`; a stored step that cannot be decoded ends it there."""
        connection = self._connection
        if connection is None:
            return PlanHistory()
        path = self.path

        def guarded(edits: Iterator[Edit]) -> Iterator[Edit]:
            try:
                yield from edits
            except sqlite3.Error as error:
                raise reading_error(path, error) from None
            except _DAMAGE as error:
                raise damaged_error(path, damage_words(error)) from None

        try:
            began = edit_history.began(connection)
        except sqlite3.Error as error:
            raise reading_error(path, error) from None
        except _DAMAGE as error:
            raise damaged_error(path, damage_words(error)) from None
        return PlanHistory(began, guarded(edit_history.newest_first(connection)))

    def undo_steps(self) -> list[undo_log.Step]:
        """The steps Undo can take, oldest first, as the last session left them; empty for a
        closed file or one whose history cannot be read back."""
        if self._connection is None:
            return []
        try:
            return undo_log.read_steps(self._connection)
        except sqlite3.Error:
            return []

    def history(self, limit: int | None = None) -> list[HistoryEntry]:
        """Saved steps, newest first (at most ``limit``); a history that cannot be read back
        raises :class:`DamagedProjectError` (opening checks it, so this is a second guard)."""
        if self._connection is None:
            return []
        try:
            rows = self._connection.execute(
                "SELECT seq, at, label, detail FROM history ORDER BY seq DESC LIMIT ?",
                (-1 if limit is None else limit,),
            ).fetchall()
        except sqlite3.Error as error:
            raise reading_error(self.path, error) from None
        entries = []
        for seq, at, label, detail in rows:
            try:
                if type(at) is not str or type(label) is not str or type(detail) is not str:
                    raise TypeError("not text")
                entries.append(HistoryEntry(seq, dt.datetime.fromisoformat(at), label, detail))
            except (TypeError, ValueError):
                raise damaged_error(
                    self.path, f"the history entry {seq} has a time or a label that is not one"
                ) from None
        return entries

    @property
    def closed(self) -> bool:
        return self._connection is None

    def close(self) -> None:
        """Let the file go (its log is merged into it). Safe to call twice."""
        connection, self._connection = self._connection, None
        if connection is not None:
            # Every edit is already durable in the log; a failed merge only leaves the log
            # beside the file, and the next open replays it.
            with contextlib.suppress(sqlite3.Error):
                connection.close()


def creation_entry(project: Project) -> HistoryRow:
    """The first history row of a new file: what it was made with."""
    people = project.chart.people_count
    people_text = "1 person" if people == 1 else f"{people:,} people"
    detail = f"{people_text}, {_plural(len(project.plan), 'commitment')}"
    return "Create project", detail, _NO_COUNTS


def _rollback(connection: sqlite3.Connection) -> None:
    # SQLite rolls some failures back by itself (SQLITE_FULL may), and a rollback can itself
    # fail after an I/O error; either way the transaction's changes are not in the file.
    if connection.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
