"""The undo history kept in the project file, so Undo works after a restart or a crash.

Each saved edit's history row gets an ``undo_step`` row in the same transaction: whether it was
a new edit, an undo or a redo, whether it joins the step before (the words typed into one field
are one step), the command as done and the command that takes it back, both as JSON
(:mod:`pyramid_app.io.project.command_codec`). Reopening replays those rows into the list of
steps Undo can take, newest last. A row that cannot be written or read back (an update of the
whole organisation, a damaged row) ends the history there: Undo stops at it, as it would have.
"""

from __future__ import annotations

import sqlite3

from pyramid_app.io.project.command_codec import (
    CodecError,
    NotStorable,
    decode_command,
    encode_command,
)
from pyramid_app.model.commands import Batch, Command, relabelled
from pyramid_app.model.project import UndoStep

# Schema 3 adds this table (see project_file.MIGRATIONS).
SCHEMA_V3_STEPS = (
    """CREATE TABLE undo_step (
        history_seq INTEGER PRIMARY KEY,  -- the history row of the same edit
        kind TEXT NOT NULL,               -- do, undo, redo
        joins INTEGER NOT NULL,           -- 1: part of the step before
        command TEXT,                     -- JSON; NULL when not kept (a new organisation)
        inverse TEXT
    )""",
)
# How many of the last saved edits are read back into the undo history.
UNDO_ROWS = 2_000

Step = tuple[Command, Command]  # (the command as done, the command that takes it back)


def migrate_to_v3(connection: sqlite3.Connection) -> None:
    """Schema 2 to 3: an undo history; edits saved before it are not undoable after a reopen."""
    for statement in SCHEMA_V3_STEPS:
        connection.execute(statement)


def append_step(
    connection: sqlite3.Connection, history_seq: int, command: Command, step: UndoStep
) -> None:
    """The undo row of the edit saved as ``history_seq``, inside the caller's transaction."""
    try:
        forward: str | None = encode_command(command)
        backward: str | None = encode_command(step.inverse)
    except NotStorable:
        forward = backward = None
    connection.execute(
        "INSERT OR REPLACE INTO undo_step (history_seq, kind, joins, command, inverse) "
        "VALUES (?, ?, ?, ?, ?)",
        (history_seq, step.kind, int(step.joins), forward, backward),
    )


def read_steps(connection: sqlite3.Connection, limit: int = UNDO_ROWS) -> list[Step]:
    """The steps Undo can take, oldest first, rebuilt from the last ``limit`` saved edits."""
    rows = connection.execute(
        "SELECT h.label, u.kind, u.joins, u.command, u.inverse FROM history AS h "
        "LEFT JOIN undo_step AS u ON u.history_seq = h.seq ORDER BY h.seq DESC LIMIT ?",
        (limit,),
    ).fetchall()
    done: list[tuple[Command, Command, str]] = []
    undone: list[tuple[Command, Command, str]] = []
    for label, kind, joins, forward_text, inverse_text in reversed(rows):
        try:
            forward = decode_command(forward_text) if isinstance(forward_text, str) else None
            inverse = decode_command(inverse_text) if isinstance(inverse_text, str) else None
        except CodecError:
            forward = inverse = None
        if forward is None or inverse is None or kind not in ("do", "undo", "redo"):
            done.clear()  # nothing before this edit can be undone
            undone.clear()
            continue
        if kind == "undo":
            if done:
                undone.append(done.pop())
            continue
        if kind == "redo":
            if undone:
                redone, _old_inverse, original = undone.pop()
                done.append((redone, relabelled(inverse, original), original))
            continue
        undone.clear()
        if joins and done:
            first, first_inverse, original = done[-1]
            done[-1] = (
                Batch((first, forward), original),
                Batch((inverse, first_inverse), original),
                original,
            )
        else:
            done.append((forward, inverse, str(label)))
    return [(relabelled(f, label), relabelled(b, label)) for f, b, label in done]
