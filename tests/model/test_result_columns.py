"""Results made a field at a time (a results file's 100,000 rows) are the results the class's
own constructor makes: equal, hashed alike, frozen, and stored in the undo history alike."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from pyramid_app.io.project.command_codec import decode_command, encode_command
from pyramid_app.model.result_commands import SetResults
from pyramid_app.model.results import Period, Result, results_from_columns
from pyramid_app.model.units import WHOLE_ORGANISATION, Unit, UnitKind

LISBON = Unit(UnitKind.LOCATION, "Lisbon")


def test_made_a_field_at_a_time_they_are_the_constructors_results() -> None:
    units = [LISBON, WHOLE_ORGANISATION, LISBON]
    measures = ["Guest satisfaction", "NPS", "Complaints"]
    periods = [Period.month(2025, 1), Period.week(2025, 3), Period.day(dt.date(2025, 2, 14))]
    values = [8.1, 41.0, 3.5]
    made = results_from_columns(units, measures, periods, values)
    expected = [Result(*fields) for fields in zip(units, measures, periods, values, strict=True)]
    assert made == expected
    assert [hash(result) for result in made] == [hash(result) for result in expected]
    assert [result.key for result in made] == [result.key for result in expected]
    assert repr(made[0]) == repr(expected[0])


def test_they_stay_frozen_and_replaceable() -> None:
    [result] = results_from_columns([LISBON], ["NPS"], [Period.month(2025, 1)], [40.0])
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.value = 41.0  # type: ignore[misc]
    assert dataclasses.replace(result, value=41.0) == Result(
        LISBON, "NPS", Period.month(2025, 1), 41.0
    )


def test_they_go_into_the_undo_history_as_any_result() -> None:
    made = results_from_columns([LISBON], ["NPS"], [Period.month(2025, 1)], [40.0])
    command = SetResults(tuple(made), (), "Import results")
    assert decode_command(encode_command(command)) == command


def test_columns_of_different_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        results_from_columns([LISBON], ["NPS", "CSAT"], [Period.month(2025, 1)], [40.0])
    assert results_from_columns([], [], [], []) == []
