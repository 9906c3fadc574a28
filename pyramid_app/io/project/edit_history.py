"""The project file's history of edits, as :mod:`pyramid_app.model.plan_past` walks it.

Every saved edit has a ``history`` row (when, and what it touched) and, since schema 3, an
``undo_step`` row holding the command that takes it back. They are read newest first, as the
walk back through the plan asks for them, so a long history is never held whole. An edit whose
undo step was not kept (an organisation update, a command too large, an edit saved before
schema 3) or cannot be read back comes with no command: the walk stops there if the edit
touched the plan, and passes over it otherwise.

The two commonest undo steps, a commitment put back as it was (the undo of every field change)
and commitments taken away (the undo of an addition), are read straight from their JSON, every
value checked as the codec checks it: five times quicker than the codec's general path, which
a history of a hundred thousand edits feels. Anything else, or anything in them that is not
exactly what the codec writes, goes through :func:`decode_command`.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from pyramid_app.io.project.command_codec import MAX_TEXT, CodecError, decode_command
from pyramid_app.model.commands import (
    Command,
    RemoveCommitments,
    # The undo of a field change: the old commitment, put back.
    _Restore,
)
from pyramid_app.model.plan import EDITABLE_FIELDS, Commitment, ProgressNote, Status
from pyramid_app.model.plan_history import Edit


def moment(text: object) -> dt.datetime:
    """A history time as the model keeps times: naive UTC. Raises ValueError (a damaged file)
    for anything that is not one."""
    if type(text) is not str:
        raise ValueError("a history entry has a time that is not text")
    at = dt.datetime.fromisoformat(text)
    if at.tzinfo is not None:
        at = at.astimezone(dt.UTC).replace(tzinfo=None)
    return at


def began(connection: sqlite3.Connection) -> dt.datetime | None:
    """When the project was made: the time of its first history entry."""
    row = connection.execute("SELECT at FROM history ORDER BY seq LIMIT 1").fetchone()
    return None if row is None else moment(row[0])


def newest_first(connection: sqlite3.Connection) -> Iterator[Edit]:
    """Every saved edit, newest first, with the command that takes it back when kept."""
    rows = connection.execute(
        "SELECT h.at, h.commitments_saved, h.commitments_deleted, h.org_replaced, "
        "h.customers_changed, u.inverse FROM history AS h "
        "LEFT JOIN undo_step AS u ON u.history_seq = h.seq ORDER BY h.seq DESC"
    )
    for at, saved, deleted, org, customers, inverse_text in rows:
        touches = _set(saved) or _set(deleted) or (_set(customers) and not _set(org))
        inverse: Command | None = None
        if touches and isinstance(inverse_text, str):
            try:
                inverse = read_step(inverse_text)
            except CodecError:
                inverse = None
        yield Edit(moment(at), inverse, touches)


def _set(value: object) -> bool:
    """A count or flag of the history: anything but a zero counts (a damaged one too, which
    then needs its undo step to be passed over)."""
    return value != 0


def read_step(text: str) -> Command:
    """The command a stored undo step holds; raises :class:`CodecError` for anything else."""
    if len(text) <= MAX_TEXT and text.startswith(('{"$":"_Restore",', '{"$":"RemoveCommitments",')):
        try:
            return _quick(json.loads(text))
        except (_NotQuick, ValueError, TypeError, KeyError, RecursionError):
            pass  # the codec says what is wrong with it, or reads what this does not
    return decode_command(text)


class _NotQuick(Exception):
    """Not one of the shapes read here."""


_STATUSES = {status.value: status for status in Status}
_COMMITMENT_FIELDS = frozenset(
    "id manager_id text practice serves measure cadence due status owner_note notes created "
    "changed needs".split()
)
_TEXT_FIELDS = ("id", "manager_id", "text", "practice", "measure", "cadence", "owner_note")


def _quick(value: Any) -> Command:
    fields = _fields(value)
    if value["$"] == "RemoveCommitments" and fields.keys() == {"ids", "label"}:
        return RemoveCommitments(_texts(fields["ids"]), _text(fields["label"]))
    if value["$"] == "_Restore" and fields.keys() == {"old", "fields_changed", "label"}:
        changed = fields["fields_changed"]
        if type(changed) is not dict or changed.keys() != {"$map"}:
            raise _NotQuick
        restored: dict[str, Any] = {}
        for pair in _list(changed["$map"]):
            name, stored = _list(pair)
            if name not in EDITABLE_FIELDS:
                raise _NotQuick
            restored[name] = _field(name, stored)
        return _Restore(_commitment(fields["old"]), restored, _text(fields["label"]))
    raise _NotQuick


def _fields(value: Any) -> dict[str, Any]:
    if type(value) is not dict or value.keys() != {"$", "f"} or type(value["f"]) is not dict:
        raise _NotQuick
    fields: dict[str, Any] = value["f"]
    return fields


def _commitment(value: Any) -> Commitment:
    fields = _fields(value)
    if value["$"] != "Commitment" or fields.keys() != _COMMITMENT_FIELDS:
        raise _NotQuick
    # One join checks the seven texts at once: it refuses anything but text.
    "".join([fields[name] for name in _TEXT_FIELDS])
    due = fields["due"]
    return Commitment(
        id=fields["id"],
        manager_id=fields["manager_id"],
        text=fields["text"],
        practice=fields["practice"],
        serves=_texts(fields["serves"]),
        measure=fields["measure"],
        cadence=fields["cadence"],
        due=None if due is None else _date(due),
        status=_field("status", fields["status"]),
        owner_note=fields["owner_note"],
        notes=_field("notes", fields["notes"]) if fields["notes"] != _NO_NOTES else (),
        created=_field("created", fields["created"]),
        changed=_field("changed", fields["changed"]),
        needs=_texts(fields["needs"]),
    )


_NO_NOTES: dict[str, list[Any]] = {"$tuple": []}


def _field(name: str, stored: Any) -> Any:
    """A commitment's field as the codec writes it, checked for its type."""
    if name in _TEXT_FIELDS:
        return _text(stored)
    if name in ("serves", "needs"):
        return _texts(stored)
    if name == "status":
        if (
            type(stored) is not dict
            or stored.keys() != {"$enum", "v"}
            or stored["$enum"] != "Status"
        ):
            raise _NotQuick
        return _STATUSES[stored["v"]]
    if name == "due":
        return None if stored is None else _date(stored)
    if name in ("created", "changed"):
        if type(stored) is not dict or stored.keys() != {"$datetime"}:
            raise _NotQuick
        return dt.datetime.fromisoformat(_text(stored["$datetime"]))
    if name == "notes":
        notes = []
        for note in _tuple(stored):
            fields = _fields(note)
            if note["$"] != "ProgressNote" or fields.keys() != {"on", "text"}:
                raise _NotQuick
            notes.append(ProgressNote(_date(fields["on"]), _text(fields["text"])))
        return tuple(notes)
    raise _NotQuick


def _date(stored: Any) -> dt.date:
    if type(stored) is not dict or stored.keys() != {"$date"}:
        raise _NotQuick
    return dt.date.fromisoformat(_text(stored["$date"]))


def _text(stored: Any) -> str:
    if type(stored) is not str:
        raise _NotQuick
    return stored


def _tuple(stored: Any) -> list[Any]:
    if type(stored) is not dict or stored.keys() != {"$tuple"}:
        raise _NotQuick
    return _list(stored["$tuple"])


def _texts(stored: Any) -> tuple[str, ...]:
    items = _tuple(stored)
    "".join(items)  # refuses anything but text
    return tuple(items)


def _list(stored: Any) -> list[Any]:
    if type(stored) is not list:
        raise _NotQuick
    return stored
