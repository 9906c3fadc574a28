"""How a project is laid out in its SQLite file: the tables, and writing and reading each part.

The organisation is stored by column, not by person: one row per chart column holding all its
values as one compressed blob (texts joined by NUL, the parent links as int64 bytes). A
1,048,575-person chart is then a dozen rows that read back in well under a second, where a row
per person would take several seconds to insert and to read. The plan, the progress notes and
the project's own practice families are ordinary tables, one row per item, so an edit rewrites
only the rows it touched. The customer map (segments, touchpoints, needs; schema 2) is a few
hundred rows at most and is rewritten whole when it changes.

Everything here works on an open connection inside a transaction the caller manages; the
caller (:mod:`pyramid_app.io.project.file`) turns errors into messages for the user.

Nothing read is trusted: every value's type is checked (SQLite stores any value in any column,
so a NULL or a BLOB can sit where a text belongs), every compressed column is inflated only up to
what its number of people can hold, and every JSON text is bounded before it is parsed. What
fails raises :class:`StoredDataError`, which the caller reports as a damaged file.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sqlite3
import uuid
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from pyramid_app.io.project import progress_tables, undo_log
from pyramid_app.io.project.errors import StoredDataError
from pyramid_app.model.collector import cycle_collection_paused
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
from pyramid_app.model.plan_history import UNKNOWN_TIME
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


# The tables of each schema version are those its steps make: SCHEMA_STEPS[k] turns version k
# into k + 1 (project_file.MIGRATIONS runs the same statements).
SCHEMA_STEPS: tuple[tuple[str, ...], ...] = (
    SCHEMA_V1,
    SCHEMA_V2_STEPS,
    undo_log.SCHEMA_V3_STEPS,
    progress_tables.SCHEMA_V4_STEPS,
)
_APP_NAME = "Pyramid Planner"  # project_file.APP_NAME, which a project's meta table holds

# Bounds on what is read before it is trusted. A chart holds at most Excel's 1,048,576 rows (a
# CSV at most readers.MAX_TEXT_ROWS); twice that leaves room.
MAX_PEOPLE = 2**21
# A text column inflates to at most an Excel cell's 32,767 characters a person on average, plus
# one CSV line's 4 Mi characters (readers.MAX_LINE_CHARS) for a small chart with one long cell;
# 4 bytes a character in UTF-8, 6 in a JSON column's escapes (and its quotes and separators).
# Never more than 1 GiB: a chart whose column is larger does not fit in memory anyway (see
# readers.MAX_TEXT_CELLS). A 12-person column claiming to inflate to gigabytes stops at 18 MB.
_CELL_CHARS = 32_767
_LINE_CHARS = 4 * 2**20
_COLUMN_BYTES = 2**30
_INFLATE_PIECE = 4 * 2**20
# A JSON text in a row (whom a commitment serves, the needs it answers, a touchpoint's rules, a
# family's suggestions, the column mapping): a million person ids fit in 16 Mi characters.
MAX_JSON_CHARS = 16 * 2**20


def _texts(what: str, **values: object) -> None:
    """Refuse any of ``values`` that is not a text (a NULL or a BLOB where a text belongs)."""
    for field, value in values.items():
        if type(value) is not str:
            raise StoredDataError(f"the {field} of {what} is {_not_text(value)}")


def _not_text(value: object) -> str:
    if value is None:
        return "missing (NULL)"
    if isinstance(value, bytes):
        return "binary data, not text"
    return "a number, not text"


def _json(what: str, text: object) -> Any:
    """The JSON value ``text`` holds, once it is known to be a text of a size a project holds."""
    if type(text) is not str:
        raise StoredDataError(f"{what} is not text")
    if len(text) > MAX_JSON_CHARS:
        raise StoredDataError(f"{what} is longer than any project holds ({len(text):,} characters)")
    try:
        return json.loads(text)
    except RecursionError:
        raise StoredDataError(f"{what} is nested too deeply") from None
    except ValueError as error:
        raise StoredDataError(f"{what} cannot be read ({error})") from None


def _ids(what: str, text: object, wrong: str) -> tuple[str, ...]:
    """A JSON list of ids (whom a commitment serves, the needs it answers); ``wrong`` says
    what it is when it holds something else."""
    ids = _json(what, text)
    if not isinstance(ids, list) or not all(type(i) is str for i in ids):
        raise StoredDataError(wrong)
    return tuple(ids)


def _number(meta: dict[str, str], key: str) -> int:
    try:
        return int(meta.get(key, "1"))
    except ValueError:
        raise StoredDataError(f"its {key.replace('_', ' ')} is not a number") from None


# -- meta --------------------------------------------------------------------------------


def write_meta(connection: sqlite3.Connection, values: dict[str, str]) -> None:
    connection.executemany(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(values.items())
    )


def read_meta(connection: sqlite3.Connection) -> dict[str, str]:
    """The meta table. For a project (its ``app`` is this app's name) every key and value must
    be a text and its tables those of the schema version it states, checked here because the
    caller upgrades an older version's tables before reading them; another program's table is
    returned as it is for the caller to name."""
    rows = connection.execute("SELECT key, value FROM meta").fetchall()
    meta = {key: value for key, value in rows if type(key) is str and type(value) is str}
    apps = [value for key, value in rows if key == "app"]
    if not apps or (type(apps[0]) is str and apps[0] != _APP_NAME):
        return meta
    if len(meta) != len(rows):
        keys = ", ".join(sorted(repr(key)[:40] for key, value in rows if key not in meta))
        raise StoredDataError(f"its settings hold something that is not text ({keys})")
    check_tables(connection, meta.get("schema_version"))
    return meta


@functools.cache
def _tables_of(version: int) -> dict[str, tuple[str, ...]]:
    """Each table's column names in a file of schema ``version``."""
    connection = sqlite3.connect(":memory:")
    try:
        for steps in SCHEMA_STEPS[:version]:
            for statement in steps:
                connection.execute(statement)
        return _tables_in(connection, None)
    finally:
        connection.close()


def _tables_in(
    connection: sqlite3.Connection, known: dict[str, tuple[str, ...]] | None
) -> dict[str, tuple[str, ...]]:
    names = [
        name
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if known is None or name in known
    ]
    return {
        name: tuple(row[1] for row in connection.execute(f'PRAGMA table_info("{name}")'))
        for name in names
    }


def check_tables(connection: sqlite3.Connection, version_text: str | None) -> None:
    """Refuse tables that are not those of the schema version the file states: an upgrade run
    over a later version's tables would stop half-way, and a missing table would be noticed only
    by the edit that writes to it."""
    try:
        version = int(version_text or "")
    except ValueError:
        return  # the caller says the version number is missing
    if not 1 <= version <= len(SCHEMA_STEPS):
        return  # the caller refuses it
    known = _tables_of(len(SCHEMA_STEPS))
    expected = _tables_of(version)
    found = _tables_in(connection, known)
    later = sorted(set(found) - set(expected))
    if later:
        raise StoredDataError(
            f"it has the {later[0]} table of a later version than the version {version} it states"
        )
    missing = sorted(set(expected) - set(found))
    if missing:
        raise StoredDataError(f"its {missing[0]} table is missing")
    for table in sorted(expected):
        if found[table] != expected[table]:
            raise StoredDataError(
                f"its {table} table does not have the columns of the version {version} it states"
            )


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


def _inflated_limit(kind: str, count: int) -> int:
    """The most bytes a column of ``count`` values of ``kind`` inflates to."""
    if kind == "int64":
        return 8 * count
    if kind == "bool":
        return count
    per_character = 6 if kind == "json" else 4
    return min(per_character * (count * _CELL_CHARS + _LINE_CHARS) + 4 * count + 2, _COLUMN_BYTES)


def _inflated(name: str, data: bytes, limit: int) -> bytearray:
    """``data`` decompressed, refused once it passes ``limit`` bytes: a few MB of zeros can
    inflate to gigabytes, which must not be asked of memory before the count is checked."""
    inflater = zlib.decompressobj()
    raw = bytearray()
    pending = data
    while not inflater.eof:
        piece = inflater.decompress(pending, _INFLATE_PIECE)
        pending = inflater.unconsumed_tail
        raw += piece
        if len(raw) > limit:
            raise StoredDataError(
                f"the column {name} inflates to more than the {limit:,} bytes its people can hold"
            )
        if not piece and not pending and not inflater.eof:
            raise zlib.error("incomplete or truncated stream")
    if inflater.unused_data:
        raise zlib.error("data after the end of the stream")
    return raw


def _decoded(name: str, kind: str, count: int, data: bytes) -> Any:
    raw = _inflated(name, data, _inflated_limit(kind, count))
    if kind == "text":
        # Counted before splitting: a column of NULs would split into millions of strings.
        if count and raw.count(0) != count - 1:
            raise StoredDataError(
                f"the column {name} holds {raw.count(0) + 1:,} values, not {count}"
            )
        values: Any = raw.decode("utf-8", "surrogatepass").split("\x00") if count else []
    elif kind == "json":
        try:
            values = json.loads(raw)
        except RecursionError:
            raise StoredDataError(f"the column {name} is nested too deeply") from None
        if not isinstance(values, list) or not all(type(v) is str for v in values):
            raise StoredDataError(f"the column {name} is not a list of texts")
    elif len(raw) != _inflated_limit(kind, count):
        raise StoredDataError(f"the column {name} holds {len(raw):,} bytes for {count} people")
    elif kind == "int64":
        values = np.frombuffer(raw, dtype="<i8").astype(np.int64)
    else:
        values = np.frombuffer(raw, dtype=np.uint8).astype(bool)
    if len(values) != count:
        raise StoredDataError(f"the column {name} holds {len(values)} values, not {count}")
    return values


# The kinds each column may be stored as; any other name is a text column.
_COLUMN_KINDS = {"parent": ("int64",), "synthetic": ("bool",)}
_TEXT_KINDS = ("text", "json")


# Columns that repeat a few values over everyone (and the extra columns, mostly such): each
# value kept once instead of once a person, a quarter of a million people's memory.
_REPEATING = frozenset({"titles", "departments", "locations"})


def _one_string_each(values: list[str]) -> list[str]:
    same: dict[str, str] = {}
    return list(map(same.setdefault, values, values))


def read_chart(connection: sqlite3.Connection) -> OrgChart:
    columns: dict[str, Any] = {}
    attributes: dict[str, list[str]] = {}
    counts: set[int] = set()
    rows = connection.execute("SELECT name, kind, count, data FROM org_column ORDER BY position")
    for name, kind, count, data in rows:
        if type(name) is not str:
            raise StoredDataError("the organisation has a column whose name is not text")
        if kind not in _COLUMN_KINDS.get(name, _TEXT_KINDS):
            raise StoredDataError(f"the column {name} has an unknown kind {kind!r}")
        if type(count) is not int or not 0 <= count <= MAX_PEOPLE:
            raise StoredDataError(f"the column {name} claims {count!r} people")
        if type(data) is not bytes:
            raise StoredDataError(f"the column {name} holds no compressed data")
        # The number of people bounds every column, so it is checked before any is inflated.
        counts.add(count)
        if len(counts) != 1:
            raise StoredDataError("the organisation's columns have different lengths")
        values = _decoded(name, kind, count, data)
        if name in _REPEATING or name.startswith(_ATTRIBUTE):
            values = _one_string_each(values)
        if name.startswith(_ATTRIBUTE):
            attributes[name[len(_ATTRIBUTE) :]] = values
        else:
            columns[name] = values
    missing = {"parent", "synthetic", *_TEXT_COLUMNS} - set(columns)
    if missing:
        raise StoredDataError(f"the organisation lacks its {', '.join(sorted(missing))}")
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
    _texts("the organisation's source", file=file_name, sheet=sheet, time=imported_at)
    if type(header_row) is not int:
        raise StoredDataError("the organisation's header row is not a number")
    mapping = _json("the column mapping", mapping_text)
    if not isinstance(mapping, dict) or not all(type(v) is str for v in mapping.values()):
        raise StoredDataError("the column mapping is not an object of texts")
    return OrgSource(
        file_name=file_name,
        sheet=sheet,
        header_row=header_row,
        mapping=mapping,
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


def _rules(touchpoint_id: str, text: object) -> tuple[ServeRule, ...]:
    rules = _json(f"the rules of touchpoint {touchpoint_id}", text)
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
        _texts("a need", id=need_id, touchpoint=touchpoint_id, text=text)
        if kind not in _KINDS or importance not in _IMPORTANCES:
            raise StoredDataError(f"need {need_id} has an unknown kind or importance")
        needs.setdefault(touchpoint_id, []).append(
            Need(need_id, text, _KINDS[kind], _IMPORTANCES[importance])
        )
    touchpoints: dict[int, list[Touchpoint]] = {}
    for touchpoint_id, segment, name, note, rules in connection.execute(
        "SELECT id, segment, name, note, rules FROM touchpoint ORDER BY segment, position"
    ):
        _texts("a touchpoint", id=touchpoint_id, name=name, note=note)
        if type(segment) is not int:
            raise StoredDataError(f"touchpoint {touchpoint_id} has no segment number")
        touchpoints.setdefault(segment, []).append(
            Touchpoint(
                touchpoint_id,
                name,
                _rules(touchpoint_id, rules),
                tuple(needs.pop(touchpoint_id, ())),
                note,
            )
        )
    segments = []
    for position, name, description, share in connection.execute(
        "SELECT position, name, description, share FROM customer ORDER BY position"
    ):
        _texts("a customer segment", name=name, description=description)
        if share is not None and type(share) not in (int, float):
            raise StoredDataError(f"the customer segment {name} has a share that is not a number")
        segments.append(
            Segment(name, description, None if share is None else float(share),
                    tuple(touchpoints.pop(position, ())))
        )  # fmt: skip
    if touchpoints or needs:
        raise StoredDataError("the customer map has touchpoints or needs without a place")
    return CustomerMap(
        tuple(segments), _number(meta, "next_touchpoint"), _number(meta, "next_need")
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


# Texts kept parsed at most: a plan repeats its due dates and the times of commitments made
# together many times over, but commitments made one by one each have times of their own, and
# a million of them kept with their texts took 220 MB while the plan was read.
_PARSED_KEPT = 4096


class _Parsed(dict[str, Any]):
    """ISO texts parsed once each while they repeat; forgotten a few thousand at a time."""

    def __init__(self, parse: Any) -> None:
        super().__init__()
        self.parse = parse

    def __missing__(self, text: str) -> Any:
        if len(self) >= _PARSED_KEPT:
            self.clear()
        value = self[text] = self.parse(text)
        return value


def read_plan(connection: sqlite3.Connection, next_number: int) -> Plan:
    with cycle_collection_paused():  # a million commitments made, no garbage
        commitments = {commitment.id: commitment for commitment in iter_commitments(connection)}
    # Every number was checked against its id as it was read, so the column's largest is the
    # largest id's (parsing a million ids again took a tenth of the opening).
    highest = connection.execute("SELECT MAX(number) FROM commitment").fetchone()[0] or 0
    # A stored next number at or below an existing id would hand out that id again.
    return Plan(commitments, max(next_number, highest + 1))


def iter_commitments(
    connection: sqlite3.Connection, manager_id: str | None = None
) -> Iterator[Commitment]:
    """The stored commitments (only ``manager_id``'s when given) in number order, each checked
    as it is read and made only then: a caller that writes them out as they come never holds a
    million of them (``pyramid-app plan list``)."""
    dates = _Parsed(dt.date.fromisoformat)
    mine = "WHERE manager_id = ? " if manager_id is not None else ""
    rows = connection.execute(
        f"SELECT {_COMMITMENT_COLUMNS} FROM commitment {mine}ORDER BY number",
        () if manager_id is None else (manager_id,),
    )
    notes = _notes_by_number(
        connection.execute(
            "SELECT number, on_date, text FROM progress_note ORDER BY number, position"
        ),
        dates,
    )
    for _number, commitment in _made(rows, notes, dates):
        yield commitment


def commitments_numbered(
    connection: sqlite3.Connection, numbers: Iterable[int]
) -> list[Commitment]:
    """The stored commitments of these numbers, in their order, each checked as
    :func:`iter_commitments` checks it: a few thousand at a time of a plan read in another
    order than its numbers' (the action plan's, manager by manager). A number no commitment
    has is damage: the caller took it from the same file."""
    numbers = list(numbers)
    wanted = json.dumps(sorted(set(numbers)))
    dates = _Parsed(dt.date.fromisoformat)
    chosen = "WHERE number IN (SELECT value FROM json_each(?))"
    rows = connection.execute(
        f"SELECT {_COMMITMENT_COLUMNS} FROM commitment {chosen} ORDER BY number", (wanted,)
    )
    notes = _notes_by_number(
        connection.execute(
            f"SELECT number, on_date, text FROM progress_note {chosen} ORDER BY number, position",
            (wanted,),
        ),
        dates,
    )
    made = dict(_made(rows, notes, dates))
    try:
        return [made[number] for number in numbers]
    except KeyError as missing:
        raise StoredDataError(f"commitment number {missing} could not be read again") from None


def _made(
    rows: Iterable[tuple[Any, ...]],
    notes: Iterator[tuple[int, tuple[ProgressNote, ...]]],
    dates: _Parsed,
) -> Iterator[tuple[int, Commitment]]:
    """Each row of :data:`_COMMITMENT_COLUMNS`, in number order, checked and made a commitment
    with its notes (``notes``: in number order too)."""
    moments = _Parsed(dt.datetime.fromisoformat)
    waiting = next(notes, None)
    # A plan names the same managers, practices, measures and cadences over and over, and
    # often words commitments as the practice library does: one string each instead of one
    # per commitment (a third less memory for a plan of half a million).
    same: dict[str, str] = {}
    for row in rows:
        (number, cid, manager, text, practice, serves, measure, cadence, due, status, owner,
         created, changed, needs) = row  # fmt: skip
        try:
            # One join checks seven texts at once: a check per value would slow the opening
            # of a 100,000-commitment plan measurably.
            "".join((cid, manager, text, practice, measure, cadence, owner))
        except TypeError:
            _texts(f"commitment number {number}", id=cid, manager=manager, text=text,
                   practice=practice, measure=measure, cadence=cadence, note=owner)  # fmt: skip
        _check_number(cid, number)
        state, served = _status_and_served(cid, status, serves)
        answers = _answers(cid, needs)
        while waiting is not None and waiting[0] < number:
            waiting = next(notes, None)
        own = waiting[1] if waiting is not None and waiting[0] == number else ()
        manager, practice = same.setdefault(manager, manager), same.setdefault(practice, practice)
        measure, cadence = same.setdefault(measure, measure), same.setdefault(cadence, cadence)
        text = same.setdefault(text, text)
        yield number, _commitment(
            cid, manager, text, practice, served, measure, cadence,
            dates[due] if due else None, state, owner,
            own, moments[created], moments[changed], answers,
        )  # fmt: skip
    for _rest in notes:  # notes of no commitment are checked too, as when reading all at once
        pass


def _check_number(cid: str, number: object) -> None:
    if type(number) is not int or (cid != f"C-{number:04d}" and commitment_number(cid) != number):
        raise StoredDataError(f"commitment {cid} is stored under the number {number!r}")


def _answers(cid: str, needs: object) -> tuple[str, ...]:
    if needs == "[]":
        return ()
    return _ids(
        f"the needs commitment {cid} answers",
        needs,
        f"commitment {cid} answers something that is not a need id",
    )


def _status_and_served(cid: str, status: object, serves: object) -> tuple[Status, tuple[str, ...]]:
    """A stored commitment's status and whom it serves (none named: all its manager's reports),
    checked."""
    state = _STATUSES.get(status) if isinstance(status, str) else None
    if state is None:
        raise StoredDataError(f"commitment {cid} has an unknown status {status!r}")
    if serves == "[]":
        return state, ()
    return state, _ids(
        f"whom commitment {cid} serves",
        serves,
        f"commitment {cid} serves something that is not a person id",
    )


def iter_counted_commitments(connection: sqlite3.Connection) -> Iterator[Commitment]:
    """The stored commitments with only what the plan's figures are counted from - the
    manager, whom they serve, the due date, the status, the practice, the needs answered -
    each checked as :func:`iter_commitments` checks it; their other texts, notes and times are
    not read (left as a new commitment has them).

    For counting coverage and the plan's figures while the commitments are read, before the
    plan is read whole or a few thousand at a time (``pyramid-app export``): a third of the
    time of reading them all. Whatever else is damaged is found when they are read again.
    """
    dates = _Parsed(dt.date.fromisoformat)
    same: dict[str, str] = {}
    rows = connection.execute(
        "SELECT number, id, manager_id, serves, due, status, practice, needs FROM commitment "
        "ORDER BY number"
    )
    for number, cid, manager, serves, due, status, practice, needs in rows:
        if type(cid) is not str or type(manager) is not str or type(practice) is not str:
            _texts(f"commitment number {number}", id=cid, manager=manager, practice=practice)
        _check_number(cid, number)
        state, served = _status_and_served(cid, status, serves)
        yield _commitment(
            cid, same.setdefault(manager, manager), "", same.setdefault(practice, practice),
            served, "", "", dates[due] if due else None, state, "", (), UNKNOWN_TIME,
            UNKNOWN_TIME, _answers(cid, needs),
        )  # fmt: skip


# Each field's setter, past the frozen class's __setattr__ as its own constructor goes: that
# constructor sets each field through a Python call, 1.5 s of reading a million commitments.
_ID, _MANAGER, _TEXT, _PRACTICE, _SERVES, _MEASURE, _CADENCE = (
    vars(Commitment)[name].__set__
    for name in ("id", "manager_id", "text", "practice", "serves", "measure", "cadence")
)
_DUE, _STATUS, _NOTE, _NOTES, _CREATED, _CHANGED, _NEEDS = (
    vars(Commitment)[name].__set__
    for name in ("due", "status", "owner_note", "notes", "created", "changed", "needs")
)


def _commitment(
    cid: str, manager: str, text: str, practice: str, serves: tuple[str, ...], measure: str,
    cadence: str, due: dt.date | None, status: Status, owner_note: str,
    notes: tuple[ProgressNote, ...], created: dt.datetime, changed: dt.datetime,
    needs: tuple[str, ...],
) -> Commitment:  # fmt: skip
    """``Commitment(...)`` of these checked values, made a field at a time."""
    made: Commitment = object.__new__(Commitment)
    _ID(made, cid)
    _MANAGER(made, manager)
    _TEXT(made, text)
    _PRACTICE(made, practice)
    _SERVES(made, serves)
    _MEASURE(made, measure)
    _CADENCE(made, cadence)
    _DUE(made, due)
    _STATUS(made, status)
    _NOTE(made, owner_note)
    _NOTES(made, notes)
    _CREATED(made, created)
    _CHANGED(made, changed)
    _NEEDS(made, needs)
    return made


def _notes_by_number(
    rows: Iterable[tuple[Any, ...]], dates: _Parsed
) -> Iterator[tuple[int, tuple[ProgressNote, ...]]]:
    """Each commitment's progress notes from ``rows`` (number, date, text; in number and
    position order), read beside the commitments."""
    number_now: int | None = None
    gathered: list[ProgressNote] = []
    for number, on, text in rows:
        if type(text) is not str:  # the date is checked by parsing it
            _texts(f"a progress note of commitment {number}", text=text)
        if number != number_now:
            if number_now is not None:
                yield number_now, tuple(gathered)
            number_now, gathered = number, []
        gathered.append(ProgressNote(dates[on], text))
    if number_now is not None:
        yield number_now, tuple(gathered)


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
        _texts("a practice family", name=name, description=description)
        if type(shipped) is not int:
            raise StoredDataError(f"the practice family {name} is neither shipped nor not")
        items = _json(f"the suggestions of the practice family {name}", suggestions_text)
        if not isinstance(items, list) or not all(
            isinstance(item, dict)
            and all(type(item.get(key)) is str for key in ("text", "measure", "cadence"))
            for item in items
        ):
            raise StoredDataError(f"the suggestions of the practice family {name} cannot be read")
        suggestions = tuple(
            Suggestion(item["text"], item["measure"], item["cadence"]) for item in items
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
    progress_tables.write_targets(connection, project.targets)
    progress_tables.write_results(connection, project.results)
    write_meta(connection, {"name": project.name, "next_number": str(project.plan.next_number)})
    if project.identity:
        write_meta(connection, {"identity": project.identity})
    if project.hidden:
        write_hidden(connection, project.hidden)


def write_hidden(connection: sqlite3.Connection, hidden: frozenset[str]) -> None:
    """The columns hidden from the audience, as a JSON list in the meta table."""
    write_meta(connection, {"hidden_columns": json.dumps(sorted(hidden), ensure_ascii=False)})


def read_hidden(meta: dict[str, str]) -> frozenset[str]:
    """The columns hidden from the audience; a value that is not a list of texts is damage."""
    text = meta.get("hidden_columns")
    if text is None:
        return frozenset()
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if not isinstance(value, list) or not all(type(item) is str for item in value):
        raise StoredDataError("the columns hidden from the audience are not a list of names")
    return frozenset(value)


def new_identity() -> str:
    """A project's identity: random, so two projects made from one HR file never share it."""
    return uuid.uuid4().hex


# A time as written by project_file._append_history (ISO 8601) that SQLite can read too; the
# history is read only when shown, so it is checked whole, in SQLite, when the file is opened.
_UNREADABLE_HISTORY = """
    SELECT seq FROM history
    WHERE typeof(at) != 'text' OR typeof(label) != 'text' OR typeof(detail) != 'text'
       OR at NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' OR datetime(at) IS NULL
    LIMIT 1
"""


def check_history(connection: sqlite3.Connection) -> None:
    """Refuse a history whose times or labels cannot be read back (project_file.history)."""
    row = connection.execute(_UNREADABLE_HISTORY).fetchone()
    if row is not None:
        raise StoredDataError(f"the history entry {row[0]} has a time or a label that is not one")


def read_project(
    connection: sqlite3.Connection, meta: dict[str, str], with_plan: bool = True
) -> Project:
    """The project stored in this file, without the shipped library (the caller adds it);
    without its commitments too unless ``with_plan`` (:func:`iter_commitments` streams them)."""
    check_history(connection)
    next_number = _number(meta, "next_number")
    return Project(
        read_chart(connection),
        read_source(connection),
        plan=read_plan(connection, next_number) if with_plan else Plan(next_number=next_number),
        library=PracticeLibrary(user_families=read_user_families(connection)),
        name=meta.get("name", ""),
        customer_map=read_customer_map(connection, meta),
        identity=meta.get("identity", ""),
        hidden=read_hidden(meta),
        targets=progress_tables.read_targets(connection),
        results=progress_tables.read_results(connection),
    )
