"""The targets and the customers' results in the project file (schema 4).

Targets are a handful of rows, rewritten whole when one changes (like the customer map).
Results can be tens of thousands of rows, so an edit writes only the rows it touched. As
everywhere in the file, nothing read is trusted: every value's type is checked, and a unit, a
period or a measure that cannot be read is a damaged file (:class:`StoredDataError`).
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from collections.abc import Iterable

from pyramid_app.io.project.errors import StoredDataError
from pyramid_app.model.results import Result, ResultKey, Results, read_stored_period
from pyramid_app.model.targets import Target, Targets, built_in, fold_measure
from pyramid_app.model.units import Unit, UnitKind

SCHEMA_V4_STEPS = (
    """CREATE TABLE target (
        position INTEGER PRIMARY KEY,
        measure TEXT NOT NULL,         -- a built-in's key, or a results measure's name
        unit_kind TEXT NOT NULL,       -- organisation, department, location, segment, touchpoint
        unit TEXT NOT NULL,            -- '' for the organisation; a touchpoint's id
        value REAL NOT NULL,
        lower_is_better INTEGER NOT NULL,
        by_date TEXT                   -- ISO date or NULL
    )""",
    """CREATE TABLE result (
        unit_kind TEXT NOT NULL,
        unit TEXT NOT NULL,
        measure TEXT NOT NULL,         -- the measure as the project spells it
        period TEXT NOT NULL,          -- 2025-03, 2025-W10 or 2025-03-15
        value REAL NOT NULL,
        PRIMARY KEY (unit_kind, unit, measure, period)
    ) WITHOUT ROWID""",
)

_KINDS = {kind.value: kind for kind in UnitKind}


def migrate_to_v4(connection: sqlite3.Connection) -> None:
    """Schema 3 to 4: an older file gains empty targets and results."""
    for statement in SCHEMA_V4_STEPS:
        connection.execute(statement)


# -- targets -------------------------------------------------------------------------------


def write_targets(connection: sqlite3.Connection, targets: Targets) -> None:
    connection.execute("DELETE FROM target")
    connection.executemany(
        "INSERT INTO target (position, measure, unit_kind, unit, value, lower_is_better, "
        "by_date) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                position,
                target.measure,
                target.unit.kind.value,
                target.unit.name,
                target.value,
                int(target.lower_is_better),
                target.by.isoformat() if target.by else None,
            )
            for position, target in enumerate(targets)
        ],
    )


def read_targets(connection: sqlite3.Connection) -> Targets:
    targets: list[Target] = []
    rows = connection.execute(
        "SELECT position, measure, unit_kind, unit, value, lower_is_better, by_date "
        "FROM target ORDER BY position"
    )
    for position, measure, kind, name, value, lower, by in rows:
        what = f"target {position}"
        unit = _unit(what, kind, name)
        if type(measure) is not str or not measure.strip():
            raise StoredDataError(f"the measure of {what} is not a name")
        if (found := built_in(measure)) is not None and found.value != measure:
            raise StoredDataError(f"the measure of {what} is not written as the app writes it")
        number = _number(what, value)
        if found is not None and not 0 <= number <= 1:
            raise StoredDataError(f"{what} is not a share from 0 to 1")
        if lower not in (0, 1) or type(lower) is not int:
            raise StoredDataError(f"{what} is neither lower- nor higher-is-better")
        if by is not None and type(by) is not str:
            raise StoredDataError(f"the date of {what} is not a date")
        targets.append(
            Target(measure, unit, number, bool(lower), dt.date.fromisoformat(by) if by else None)
        )
    try:
        return Targets(targets)
    except ValueError as error:
        raise StoredDataError(f"the targets hold {error}") from None


# -- results -------------------------------------------------------------------------------


def write_results(connection: sqlite3.Connection, results: Results) -> None:
    """Every result of a new file."""
    put_results(connection, results, (result.key for result in results))


def put_results(
    connection: sqlite3.Connection, results: Results, keys: Iterable[ResultKey]
) -> None:
    """Write the results ``keys`` name as ``results`` holds them now: each is stored, or (no
    longer there) deleted."""
    present: list[tuple[str, str, str, str, float]] = []
    gone: list[tuple[str, str, str, str]] = []
    for key in keys:
        row = (key.unit.kind.value, key.unit.name, key.measure, key.period.text)
        value = results.get(key)
        if value is None:
            gone.append(row)
        else:
            present.append((*row, value))
    connection.executemany(
        "DELETE FROM result WHERE unit_kind = ? AND unit = ? AND measure = ? AND period = ?",
        gone,
    )
    connection.executemany(
        "INSERT OR REPLACE INTO result (unit_kind, unit, measure, period, value) "
        "VALUES (?, ?, ?, ?, ?)",
        present,
    )


def read_results(connection: sqlite3.Connection) -> Results:
    read: list[Result] = []
    spelled: dict[str, str] = {}
    seen: set[tuple[str, Unit, str]] = set()
    rows = connection.execute(
        "SELECT unit_kind, unit, measure, period, value FROM result "
        "ORDER BY measure, unit_kind, unit, period"
    )
    for kind, name, measure, period_text, value in rows:
        what = "a result"
        unit = _unit(what, kind, name)
        if type(measure) is not str or not measure.strip() or built_in(measure) is not None:
            raise StoredDataError("a result's measure is not a name of the client's")
        folded = fold_measure(measure)
        if spelled.setdefault(folded, measure) != measure:
            raise StoredDataError(f"the results spell the measure {measure!r} two ways")
        if type(period_text) is not str:
            raise StoredDataError(f"a result of {measure} has a period that is not text")
        try:
            period = read_stored_period(period_text)
        except ValueError:
            raise StoredDataError(
                f"a result of {measure} has the period {period_text[:20]!r}"
            ) from None
        if (folded, unit, period.text) in seen:  # a month and its first day are two periods
            raise StoredDataError(f"a result of {measure} is stored twice")
        seen.add((folded, unit, period.text))
        read.append(Result(unit, measure, period, _number(f"a result of {measure}", value)))
    return Results(read)


def _unit(what: str, kind: object, name: object) -> Unit:
    if type(kind) is not str or kind not in _KINDS:
        raise StoredDataError(f"{what} belongs to an unknown kind of unit")
    if type(name) is not str:
        raise StoredDataError(f"the unit of {what} is not a name")
    unit_kind = _KINDS[kind]
    if (unit_kind is UnitKind.ORGANISATION) != (name == ""):
        raise StoredDataError(f"the unit of {what} is not one the app writes")
    return Unit(unit_kind, name)


def _number(what: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise StoredDataError(f"the value of {what} is not a number")
    return float(value)
