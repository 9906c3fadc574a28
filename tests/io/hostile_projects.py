"""Hostile project files, built for real: a project saved by ``ProjectFile.create``, then edited
with the sqlite3 module as a failing disk, another tool or an attacker could have left it.

Each case names what it does to the file and words the damaged message must contain.
"""

from __future__ import annotations

import functools
import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from project_samples import sample_project

from pyramid_app.io.project.file import ProjectFile

Edit = Callable[[sqlite3.Connection], None]


@dataclass(frozen=True)
class Case:
    edit: Edit
    words: str  # in the message, after "is damaged and cannot be opened ("


def zlib_stream(head: bytes, chunk: bytes, times: int, tail: bytes) -> bytes:
    """A valid zlib stream of ``head + chunk * times + tail`` that is never held inflated: the
    chunk is compressed once between full flushes (which make it independent of what comes
    before) and its compressed bytes repeated; the checksum is computed piece by piece."""
    compressor = zlib.compressobj(9)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(tail) + compressor.flush()
    checksum = zlib.adler32(head)
    for _ in range(times):
        checksum = zlib.adler32(chunk, checksum)
    checksum = zlib.adler32(tail, checksum)
    return start + block * times + end[:-4] + checksum.to_bytes(4, "big")


@functools.cache
def zeros_bomb() -> bytes:
    """About 4 MB that inflate to 4 GiB of zero bytes."""
    return zlib_stream(b"", bytes(2**20), 4 * 2**10, b"")


@functools.cache
def json_gib() -> bytes:
    """About 1 MB that inflate to a 1 GiB JSON list of texts."""
    item = b'"Ann Abe", '
    chunk = item * (2**20 // len(item))
    return zlib_stream(b"[", chunk, 2**10, b'"Ann Abe"]')


def _without_not_null(connection: sqlite3.Connection, table: str) -> None:
    """Make room for a NULL: the table rebuilt with the same columns and no constraints."""
    connection.execute(f"CREATE TABLE loose AS SELECT * FROM {table}")
    connection.execute(f"DROP TABLE {table}")
    connection.execute(f"ALTER TABLE loose RENAME TO {table}")


def _null(table: str, column: str, where: str) -> Edit:
    def edit(connection: sqlite3.Connection) -> None:
        _without_not_null(connection, table)
        connection.execute(f"UPDATE {table} SET {column} = NULL WHERE {where}")

    return edit


def _blob(table: str, column: str, where: str) -> Edit:
    def edit(connection: sqlite3.Connection) -> None:
        connection.execute(f"UPDATE {table} SET {column} = CAST({column} AS BLOB) WHERE {where}")

    return edit


def _sql(*statements: str, parameters: Callable[[], tuple[object, ...]] = tuple) -> Edit:
    def edit(connection: sqlite3.Connection) -> None:
        for statement in statements:
            connection.execute(statement, parameters() if "?" in statement else ())

    return edit


def _huge_serves() -> tuple[object, ...]:
    """Whom a commitment serves, as a 17 MB list: more than a million-person chart's ids."""
    ids = '"D", ' * (17 * 2**20 // 5)
    return (f'[{ids}"F"]',)


CASES: dict[str, Case] = {
    "version 1 on version 3 tables": Case(
        _sql("UPDATE meta SET value = '1' WHERE key = 'schema_version'"),
        "it has the need table of a later version than the version 1 it states",
    ),
    "history dropped": Case(_sql("DROP TABLE history"), "its history table is missing"),
    "undo table dropped": Case(_sql("DROP TABLE undo_step"), "its undo_step table is missing"),
    "history time garbled": Case(
        _sql("UPDATE history SET at = 'yesterday afternoon'"), "the history entry 1 has a time"
    ),
    "history label NULL": Case(_null("history", "label", "seq = 1"), "the history entry 1"),
    "commitment text NULL": Case(
        _null("commitment", "text", "number = 1"),
        "the text of commitment number 1 is missing (NULL)",
    ),
    "commitment text BLOB": Case(
        _blob("commitment", "text", "number = 2"),
        "the text of commitment number 2 is binary data, not text",
    ),
    "commitment id garbled": Case(
        _sql("UPDATE commitment SET id = 'garbage' WHERE number = 1"), "garbage"
    ),
    "progress note NULL": Case(
        _null("progress_note", "text", "number = 4"), "the text of a progress note"
    ),
    "org column name NULL": Case(
        _null("org_column", "name", "name = 'names'"), "a column whose name is not text"
    ),
    "parent stored as text": Case(
        _sql(
            "UPDATE org_column SET kind = 'text', "
            "data = (SELECT data FROM org_column WHERE name = 'ids') WHERE name = 'parent'"
        ),
        "the column parent has an unknown kind 'text'",
    ),
    "meta value NULL": Case(
        _null("meta", "value", "key = 'name'"), "its settings hold something that is not text"
    ),
    "meta value BLOB": Case(
        _blob("meta", "value", "key = 'next_number'"), "its settings hold something"
    ),
    "segment name BLOB": Case(
        _blob("customer", "name", "position = 0"),
        "the name of a customer segment is binary data",
    ),
    "mapping BLOB": Case(_blob("org_source", "mapping", "1"), "the column mapping is not text"),
    "suggestions nested deep": Case(
        _sql(f"UPDATE practice_family SET suggestions = '{'[' * 100_000}'"),
        "nested too deeply",
    ),
    "serves too long": Case(
        _sql("UPDATE commitment SET serves = ? WHERE number = 2", parameters=_huge_serves),
        "is longer than any project holds",
    ),
    "names a 4 GiB bomb": Case(
        _sql(
            "UPDATE org_column SET data = ? WHERE name = 'names'",
            parameters=lambda: (zeros_bomb(),),
        ),
        "the column names inflates to more than",
    ),
    "names a 1 GiB JSON list": Case(
        _sql(
            "UPDATE org_column SET kind = 'json', data = ? WHERE name = 'names'",
            parameters=lambda: (json_gib(),),
        ),
        "the column names inflates to more than",
    ),
}


def saved_project(path: Path) -> Path:
    """The sample project (every kind of content) saved and closed at ``path``."""
    ProjectFile.create(path, sample_project()).close()
    return path


def edited(path: Path, edit: Edit) -> Path:
    """``path`` changed by ``edit`` in one transaction, with its log merged back in."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("BEGIN")
        edit(connection)
        connection.execute("COMMIT")
    finally:
        connection.close()
    return path


def hostile_project(folder: Path, case: str) -> Path:
    """A project file of the named case, in ``folder``."""
    path = saved_project(folder / f"{case.replace(' ', '-')}.pyramid")
    return edited(path, CASES[case].edit)
