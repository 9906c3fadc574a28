"""How a project is laid out in its SQLite file: the tables, and writing and reading each part.

The organisation is stored by column, not by person: one row per chart column holding all its
values as one compressed blob (texts joined by NUL, the parent links as int64 bytes). A
1,048,575-person chart is then a dozen rows that read back in well under a second, where a row
per person would take several seconds to insert and to read. The plan, the progress notes and
the project's own practice families are ordinary tables, one row per item, so an edit rewrites
only the rows it touched. The customer map (segments, touchpoints, needs; schema 2) is a few
hundred rows at most and is rewritten whole when it changes.

Everything here works on an open connection inside a transaction the caller manages; the
caller (:mod:`pyramid_app.io.project_file`) turns errors into messages for the user.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from pyramid_app.model.customers import (
    CustomerMap,
    Importance,
    Need,
    NeedKind,
    RuleField,
    Segment,
    ServeRule,
    Touchpoint,
)
from pyramid_app.model.library import PracticeFamily, PracticeLibrary, Suggestion
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Commitment, Plan, ProgressNote, Status, commitment_number
from pyramid_app.model.project import OrgSource, Project

# The tables of schema version 1. Later versions change them through migrations only
# (project_file.MIGRATIONS), so a new file and an upgraded old one end up the same.
SCHEMA_V1 = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    """CREATE TABLE org_column (
        position INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,     -- ids, parent, synthetic, names, ..., attribute:<header>
        kind TEXT NOT NULL,            -- text (NUL-joined UTF-8), json, int64, bool
        count INTEGER NOT NULL,
        data BLOB NOT NULL             -- zlib-compressed
    )""",
    """CREATE TABLE org_source (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        file_name TEXT NOT NULL,
        sheet TEXT NOT NULL,
        header_row INTEGER NOT NULL,
        mapping TEXT NOT NULL,         -- JSON object: field -> header text
        imported_at TEXT NOT NULL
    )""",
    "CREATE TABLE customer (position INTEGER PRIMARY KEY, name TEXT NOT NULL)",
    """CREATE TABLE commitment (
        number INTEGER PRIMARY KEY,    -- the 42 of C-0042: ids are never reused
        id TEXT NOT NULL,
        manager_id TEXT NOT NULL,
        text TEXT NOT NULL,
        practice TEXT NOT NULL,
        serves TEXT NOT NULL,          -- JSON list of person ids; [] means all direct reports
        measure TEXT NOT NULL,
        cadence TEXT NOT NULL,
        due TEXT,                      -- ISO date or NULL
        status TEXT NOT NULL,
        owner_note TEXT NOT NULL,
        created TEXT NOT NULL,
        changed TEXT NOT NULL
    )""",
    """CREATE TABLE progress_note (
        number INTEGER NOT NULL,       -- the commitment's number
        position INTEGER NOT NULL,
        on_date TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (number, position)
    ) WITHOUT ROWID""",
    """CREATE TABLE practice_family (
        position INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL,
        shipped INTEGER NOT NULL,
        suggestions TEXT NOT NULL      -- JSON list of {text, measure, cadence}
    )""",
    """CREATE TABLE history (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,              -- UTC, ISO 8601
        label TEXT NOT NULL,
        detail TEXT NOT NULL,
        commitments_saved INTEGER NOT NULL,
        commitments_deleted INTEGER NOT NULL,
        org_replaced INTEGER NOT NULL,
        library_changed INTEGER NOT NULL
    )""",
)

# Schema 2: the customers' day. Segments keep their v1 rows (position, name) and gain a
# description and a share; touchpoints and needs are new tables; a commitment names the needs
# it answers; the history says when the customer map changed.
SCHEMA_V2_STEPS = (
    "ALTER TABLE customer ADD COLUMN description TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE customer ADD COLUMN share REAL",  # NULL: nobody said
    """CREATE TABLE touchpoint (
        id TEXT PRIMARY KEY,           -- T-001: ids are never reused
        segment INTEGER NOT NULL,      -- position of its segment in customer
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        note TEXT NOT NULL,
        rules TEXT NOT NULL,           -- JSON list of [field, value]
        UNIQUE (segment, position)
    ) WITHOUT ROWID""",
    """CREATE TABLE need (
        id TEXT PRIMARY KEY,           -- N-0001: ids are never reused
        touchpoint TEXT NOT NULL,
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL,            -- be, do, have
        importance TEXT NOT NULL,      -- must, should, nice
        UNIQUE (touchpoint, position)
    ) WITHOUT ROWID""",
    "ALTER TABLE commitment ADD COLUMN needs TEXT NOT NULL DEFAULT '[]'",  # JSON list of ids
    "ALTER TABLE history ADD COLUMN customers_changed INTEGER NOT NULL DEFAULT 0",
)


def migrate_to_v2(connection: sqlite3.Connection) -> None:
    """Schema 1 to 2: an old file gains empty touchpoints and commitments answering no need."""
    for statement in SCHEMA_V2_STEPS:
        connection.execute(statement)


# Level 1 is three times faster to write than the default 6 for a file only 20% larger
# (measured on a 1M-person chart: 0.5 s and 15 MB against 1.6 s and 12 MB).
_ZLIB_LEVEL = 1
_TEXT_COLUMNS = ("ids", "names", "titles", "departments", "locations", "emails")
_ATTRIBUTE = "attribute:"


class StoredDataError(ValueError):
    """Stored data that cannot be what this code wrote: the file was damaged or tampered with."""


# -- meta --------------------------------------------------------------------------------


def write_meta(connection: sqlite3.Connection, values: dict[str, str]) -> None:
    connection.executemany(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(values.items())
    )


def read_meta(connection: sqlite3.Connection) -> dict[str, str]:
    return dict(connection.execute("SELECT key, value FROM meta").fetchall())


# -- the organisation ---------------------------------------------------------------------


def _text_blob(values: list[str]) -> tuple[str, bytes]:
    joined = "\x00".join(values)
    # A NUL inside a value would split it in two on reading; such a column (never seen in a
    # real export, but a cell can hold anything) is stored as JSON instead, which is slower.
    if joined.count("\x00") != max(len(values) - 1, 0):
        return "json", zlib.compress(json.dumps(values).encode(), _ZLIB_LEVEL)
    # surrogatepass: a lone surrogate (never in a valid export) round-trips instead of failing.
    return "text", zlib.compress(joined.encode("utf-8", "surrogatepass"), _ZLIB_LEVEL)


def _org_columns(chart: OrgChart) -> Iterator[tuple[str, str, int, bytes]]:
    n = len(chart)
    parent = np.ascontiguousarray(chart.parent, dtype="<i8")
    yield "parent", "int64", n, zlib.compress(parent.tobytes(), _ZLIB_LEVEL)
    synthetic = np.ascontiguousarray(chart.synthetic, dtype=np.uint8)
    yield "synthetic", "bool", n, zlib.compress(synthetic.tobytes(), _ZLIB_LEVEL)
    for name in _TEXT_COLUMNS:
        values: list[str] = getattr(chart, name)
        if len(values) != n:
            raise ValueError(f"the chart's {name} has {len(values)} values for {n} people")
        kind, blob = _text_blob(values)
        yield name, kind, n, blob
    for key, values in chart.attributes.items():
        if len(values) != n:
            raise ValueError(f"the chart's attribute {key!r} has {len(values)} values for {n}")
        kind, blob = _text_blob(values)
        yield _ATTRIBUTE + key, kind, n, blob


def write_org(connection: sqlite3.Connection, project: Project) -> None:
    """Replace the stored chart and its source with the project's."""
    connection.execute("DELETE FROM org_column")
    connection.executemany(
        "INSERT INTO org_column (position, name, kind, count, data) VALUES (?, ?, ?, ?, ?)",
        [(position, *column) for position, column in enumerate(_org_columns(project.chart))],
    )
    source = project.source
    connection.execute(
        "INSERT OR REPLACE INTO org_source (id, file_name, sheet, header_row, mapping, "
        "imported_at) VALUES (1, ?, ?, ?, ?, ?)",
        (
            source.file_name,
            source.sheet,
            source.header_row,
            json.dumps(source.mapping, ensure_ascii=False),
            source.imported_at.isoformat(),
        ),
    )


def _decoded(name: str, kind: str, count: int, data: bytes) -> Any:
    raw = zlib.decompress(data)
    if kind == "text":
        values: Any = raw.decode("utf-8", "surrogatepass").split("\x00") if count else []
    elif kind == "json":
        values = json.loads(raw)
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise StoredDataError(f"the column {name} is not a list of texts")
    elif kind == "int64":
        values = np.frombuffer(raw, dtype="<i8").astype(np.int64)
    elif kind == "bool":
        values = np.frombuffer(raw, dtype=np.uint8).astype(bool)
    else:
        raise StoredDataError(f"the column {name} has an unknown kind {kind!r}")
    if len(values) != count:
        raise StoredDataError(f"the column {name} holds {len(values)} values, not {count}")
    return values


def read_chart(connection: sqlite3.Connection) -> OrgChart:
    columns: dict[str, Any] = {}
    attributes: dict[str, list[str]] = {}
    counts: set[int] = set()
    rows = connection.execute("SELECT name, kind, count, data FROM org_column ORDER BY position")
    for name, kind, count, data in rows:
        values = _decoded(name, kind, count, data)
        counts.add(count)
        if name.startswith(_ATTRIBUTE):
            attributes[name[len(_ATTRIBUTE) :]] = values
        else:
            columns[name] = values
    missing = {"parent", "synthetic", *_TEXT_COLUMNS} - set(columns)
    if missing:
        raise StoredDataError(f"the organisation lacks its {', '.join(sorted(missing))}")
    if len(counts) != 1:
        raise StoredDataError("the organisation's columns have different lengths")
    parent = columns["parent"]
    n = len(parent)
    if n and (parent.max() >= n or parent.min() < -1):
        raise StoredDataError("the organisation links people to managers that do not exist")
    return OrgChart(
        ids=columns["ids"],
        parent=parent,
        names=columns["names"],
        titles=columns["titles"],
        departments=columns["departments"],
        locations=columns["locations"],
        emails=columns["emails"],
        synthetic=columns["synthetic"],
        attributes=attributes,
    )


def read_source(connection: sqlite3.Connection) -> OrgSource:
    row = connection.execute(
        "SELECT file_name, sheet, header_row, mapping, imported_at FROM org_source"
    ).fetchone()
    if row is None:
        raise StoredDataError("the organisation's source is missing")
    file_name, sheet, header_row, mapping_text, imported_at = row
    mapping = json.loads(mapping_text)
    if not isinstance(mapping, dict):
        raise StoredDataError("the column mapping is not an object")
    return OrgSource(
        file_name=file_name,
        sheet=sheet,
        header_row=int(header_row),
        mapping={str(key): str(value) for key, value in mapping.items()},
        imported_at=dt.datetime.fromisoformat(imported_at),
    )


# -- the customer map ----------------------------------------------------------------------

_KINDS = {kind.value: kind for kind in NeedKind}
_IMPORTANCES = {importance.value: importance for importance in Importance}
_RULE_FIELDS = {rule_field.value: rule_field for rule_field in RuleField}


def write_customers(connection: sqlite3.Connection, customer_map: CustomerMap) -> None:
    """Replace the stored segments, touchpoints and needs, and the map's id counters."""
    for table in ("customer", "touchpoint", "need"):
        connection.execute(f"DELETE FROM {table}")
    connection.executemany(
        "INSERT INTO customer (position, name, description, share) VALUES (?, ?, ?, ?)",
        [
            (position, segment.name, segment.description, segment.share)
            for position, segment in enumerate(customer_map.segments)
        ],
    )
    connection.executemany(
        "INSERT INTO touchpoint (id, segment, position, name, note, rules) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                touchpoint.id,
                s,
                t,
                touchpoint.name,
                touchpoint.note,
                json.dumps(
                    [[r.field.value, r.value] for r in touchpoint.rules], ensure_ascii=False
                ),
            )
            for s, segment in enumerate(customer_map.segments)
            for t, touchpoint in enumerate(segment.touchpoints)
        ],
    )
    connection.executemany(
        "INSERT INTO need (id, touchpoint, position, text, kind, importance) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (need.id, touchpoint.id, n, need.text, need.kind.value, need.importance.value)
            for _segment, touchpoint in customer_map.touchpoints()
            for n, need in enumerate(touchpoint.needs)
        ],
    )
    write_meta(
        connection,
        {
            "next_touchpoint": str(customer_map.next_touchpoint),
            "next_need": str(customer_map.next_need),
        },
    )


def _rules(touchpoint_id: str, text: str) -> tuple[ServeRule, ...]:
    rules = json.loads(text)
    if not isinstance(rules, list):
        raise StoredDataError(f"touchpoint {touchpoint_id} has rules that are not a list")
    read: list[ServeRule] = []
    for rule in rules:
        if (
            not isinstance(rule, list)
            or len(rule) != 2
            or rule[0] not in _RULE_FIELDS
            or not isinstance(rule[1], str)
        ):
            raise StoredDataError(f"touchpoint {touchpoint_id} has a rule that cannot be read")
        read.append(ServeRule(_RULE_FIELDS[rule[0]], rule[1]))
    return tuple(read)


def read_customer_map(connection: sqlite3.Connection, meta: dict[str, str]) -> CustomerMap:
    needs: dict[str, list[Need]] = {}
    for need_id, touchpoint_id, text, kind, importance in connection.execute(
        "SELECT id, touchpoint, text, kind, importance FROM need ORDER BY touchpoint, position"
    ):
        if kind not in _KINDS or importance not in _IMPORTANCES:
            raise StoredDataError(f"need {need_id} has an unknown kind or importance")
        needs.setdefault(touchpoint_id, []).append(
            Need(need_id, text, _KINDS[kind], _IMPORTANCES[importance])
        )
    touchpoints: dict[int, list[Touchpoint]] = {}
    for touchpoint_id, segment, name, note, rules in connection.execute(
        "SELECT id, segment, name, note, rules FROM touchpoint ORDER BY segment, position"
    ):
        touchpoints.setdefault(segment, []).append(
            Touchpoint(
                touchpoint_id,
                name,
                _rules(touchpoint_id, rules),
                tuple(needs.pop(touchpoint_id, ())),
                note,
            )
        )
    segments = [
        Segment(name, description, None if share is None else float(share),
                tuple(touchpoints.pop(position, ())))
        for position, name, description, share in connection.execute(
            "SELECT position, name, description, share FROM customer ORDER BY position"
        )
    ]  # fmt: skip
    if touchpoints or needs:
        raise StoredDataError("the customer map has touchpoints or needs without a place")
    return CustomerMap(
        tuple(segments),
        int(meta.get("next_touchpoint", "1")),
        int(meta.get("next_need", "1")),
    )


# -- the plan -----------------------------------------------------------------------------

_COMMITMENT_COLUMNS = (
    "number, id, manager_id, text, practice, serves, measure, cadence, due, status, "
    "owner_note, created, changed, needs"
)


def _commitment_row(commitment: Commitment) -> tuple[Any, ...]:
    return (
        commitment.number,
        commitment.id,
        commitment.manager_id,
        commitment.text,
        commitment.practice,
        json.dumps(list(commitment.serves), ensure_ascii=False) if commitment.serves else "[]",
        commitment.measure,
        commitment.cadence,
        commitment.due.isoformat() if commitment.due else None,
        commitment.status.value,
        commitment.owner_note,
        commitment.created.isoformat(),
        commitment.changed.isoformat(),
        json.dumps(list(commitment.needs)) if commitment.needs else "[]",
    )


def upsert_commitments(connection: sqlite3.Connection, commitments: Iterable[Commitment]) -> int:
    """Write these commitments and their notes over any stored ones; returns how many."""
    commitments = list(commitments)
    numbers = [(commitment.number,) for commitment in commitments]
    connection.executemany(
        f"INSERT OR REPLACE INTO commitment ({_COMMITMENT_COLUMNS}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [_commitment_row(commitment) for commitment in commitments],
    )
    connection.executemany("DELETE FROM progress_note WHERE number = ?", numbers)
    connection.executemany(
        "INSERT INTO progress_note (number, position, on_date, text) VALUES (?, ?, ?, ?)",
        [
            (commitment.number, position, note.on.isoformat(), note.text)
            for commitment in commitments
            for position, note in enumerate(commitment.notes)
        ],
    )
    return len(commitments)


def delete_commitments(connection: sqlite3.Connection, commitment_ids: Iterable[str]) -> int:
    numbers = [(commitment_number(commitment_id),) for commitment_id in commitment_ids]
    connection.executemany("DELETE FROM commitment WHERE number = ?", numbers)
    connection.executemany("DELETE FROM progress_note WHERE number = ?", numbers)
    return len(numbers)


_STATUSES = {status.value: status for status in Status}


class _Parsed(dict[str, Any]):
    """ISO texts parsed once each: a plan repeats the same dates and times many times over."""

    def __init__(self, parse: Any) -> None:
        super().__init__()
        self.parse = parse

    def __missing__(self, text: str) -> Any:
        value = self[text] = self.parse(text)
        return value


def read_plan(connection: sqlite3.Connection, next_number: int) -> Plan:
    dates = _Parsed(dt.date.fromisoformat)
    moments = _Parsed(dt.datetime.fromisoformat)
    notes: dict[int, list[ProgressNote]] = {}
    for number, on, text in connection.execute(
        "SELECT number, on_date, text FROM progress_note ORDER BY number, position"
    ):
        notes.setdefault(number, []).append(ProgressNote(dates[on], text))
    commitments: dict[str, Commitment] = {}
    highest = 0
    rows = connection.execute(f"SELECT {_COMMITMENT_COLUMNS} FROM commitment ORDER BY number")
    for row in rows:
        (number, cid, manager, text, practice, serves, measure, cadence, due, status, owner,
         created, changed, needs) = row  # fmt: skip
        state = _STATUSES.get(status)
        if state is None:
            raise StoredDataError(f"commitment {cid} has an unknown status {status!r}")
        if serves == "[]":
            served: tuple[str, ...] = ()
        else:
            served = tuple(json.loads(serves))
            if not all(isinstance(person, str) for person in served):
                raise StoredDataError(f"commitment {cid} serves something that is not a person id")
        answers: tuple[str, ...] = ()
        if needs != "[]":
            answers = tuple(json.loads(needs))
            if not all(isinstance(need, str) for need in answers):
                raise StoredDataError(f"commitment {cid} answers something that is not a need id")
        commitments[cid] = Commitment(
            cid, manager, text, practice, served, measure, cadence,
            dates[due] if due else None, state, owner,
            tuple(notes.get(number, ())), moments[created], moments[changed], answers,
        )  # fmt: skip
        highest = number
    # A stored next number at or below an existing id would hand out that id again.
    return Plan(commitments, max(next_number, highest + 1))


# -- the project's own practice families -------------------------------------------------


def write_library(connection: sqlite3.Connection, library: PracticeLibrary) -> None:
    connection.execute("DELETE FROM practice_family")
    connection.executemany(
        "INSERT INTO practice_family (position, name, description, shipped, suggestions) "
        "VALUES (?, ?, ?, ?, ?)",
        [
            (
                position,
                family.name,
                family.description,
                int(family.shipped),
                json.dumps(
                    [
                        {"text": s.text, "measure": s.measure, "cadence": s.cadence}
                        for s in family.suggestions
                    ],
                    ensure_ascii=False,
                ),
            )
            for position, family in enumerate(library.user_families.values())
        ],
    )


def read_user_families(connection: sqlite3.Connection) -> dict[str, PracticeFamily]:
    families: dict[str, PracticeFamily] = {}
    rows = connection.execute(
        "SELECT name, description, shipped, suggestions FROM practice_family ORDER BY position"
    )
    for name, description, shipped, suggestions_text in rows:
        suggestions = tuple(
            Suggestion(item["text"], item["measure"], item["cadence"])
            for item in json.loads(suggestions_text)
        )
        families[name] = PracticeFamily(name, description, suggestions, bool(shipped))
    return families


# -- the whole project --------------------------------------------------------------------


def write_project(connection: sqlite3.Connection, project: Project) -> None:
    """Everything of ``project`` into empty tables (a new file)."""
    write_org(connection, project)
    write_customers(connection, project.customer_map)
    upsert_commitments(connection, project.plan)
    write_library(connection, project.library)
    write_meta(connection, {"name": project.name, "next_number": str(project.plan.next_number)})
    if project.identity:
        write_meta(connection, {"identity": project.identity})


def new_identity() -> str:
    """A project's identity: random, so two projects made from one HR file never share it."""
    return uuid.uuid4().hex


def read_project(connection: sqlite3.Connection, meta: dict[str, str]) -> Project:
    """The project stored in this file, without the shipped library (the caller adds it)."""
    return Project(
        read_chart(connection),
        read_source(connection),
        plan=read_plan(connection, int(meta.get("next_number", "1"))),
        library=PracticeLibrary(user_families=read_user_families(connection)),
        name=meta.get("name", ""),
        customer_map=read_customer_map(connection, meta),
        identity=meta.get("identity", ""),
    )
