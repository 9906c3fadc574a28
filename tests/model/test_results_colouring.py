"""Colour by results against target: a hand-made hotel group whose standings are known - a
hotel above its target, one close below, one far below, one with a target and no result, and a
head office with no target at all - coloured person by person, counted in the legend, and
recoloured by the edits of results and targets."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from pyramid_app.model.colouring import (
    RESULT_COLOURS,
    SYNTHETIC,
    ColourBy,
    PeopleStandings,
    colour_by_results,
    colour_nodes,
)
from pyramid_app.model.commands import UndoStack
from pyramid_app.model.org import OrgChart
from pyramid_app.model.project import OrgSource, Project
from pyramid_app.model.result_colouring import (
    measure_shown,
    people_standings,
    results_colouring,
    results_measures,
)
from pyramid_app.model.result_commands import set_result
from pyramid_app.model.results import Period
from pyramid_app.model.target_commands import remove_target, set_target
from pyramid_app.model.units import Unit, UnitKind

SATISFACTION = "Guest satisfaction"
COMPLAINTS = "Complaints per 1,000 stays"
JANUARY, FEBRUARY = Period.month(2025, 1), Period.month(2025, 2)
# Each hotel: a manager and its front line. (hotel, front-line people)
HOTELS = (("Lisbon", 3), ("Porto", 2), ("Faro", 4), ("Braga", 1), ("Head Office", 2))


def hotel_group() -> Project:
    """A chief executive, a manager a hotel, and each hotel's front line."""
    ids, parent, locations = ["CEO"], [-1], ["Head Office"]
    for hotel, people in HOTELS:
        manager = len(ids)
        ids.append(f"M-{hotel}")
        parent.append(0)
        locations.append(hotel)
        for i in range(people):
            ids.append(f"{hotel}-{i}")
            parent.append(manager)
            locations.append(hotel)
    chart = OrgChart.from_parents(ids, parent, locations=locations)
    return Project(chart, OrgSource("hotels.xlsx"), name="Hotels")


def hotel(name: str) -> Unit:
    return Unit(UnitKind.LOCATION, name)


@pytest.fixture
def project() -> Project:
    """Guest satisfaction, target 8.0 at every hotel but head office: Lisbon's latest result is
    8.4 (met; its older 7.0 no longer counts), Porto 7.8 (close: within 5% of 8.0), Faro 6.0
    (missed), Braga none. A built-in target and a second measure (complaints, lower is better)
    set after it."""
    made = hotel_group()
    stack = UndoStack(made)
    stack.push(set_target(made, "front line served", 0.5))
    for name, values in (("Lisbon", (7.0, 8.4)), ("Porto", (7.8,)), ("Faro", (6.0,))):
        for period, value in zip((JANUARY, FEBRUARY), values, strict=False):
            stack.push(set_result(made, hotel(name), SATISFACTION, period, value))
    for name in ("Lisbon", "Porto", "Faro", "Braga"):
        stack.push(set_target(made, SATISFACTION, 8.0, hotel(name)))
    stack.push(set_result(made, hotel("Porto"), COMPLAINTS, JANUARY, 2.0))
    stack.push(set_target(made, COMPLAINTS, 3.0, hotel("Porto"), lower_is_better=True))
    return made


def labels_of(project: Project, colouring_rgb: np.ndarray) -> dict[str, str]:
    """Each person's legend label, read back from their colour."""
    label_of = {colour: label for label, colour in RESULT_COLOURS.items()}
    return {
        person: label_of[tuple(int(c) for c in colour)]
        for person, colour in zip(project.chart.ids, colouring_rgb, strict=True)
    }


def test_each_front_line_person_takes_their_hotels_latest_result_against_target(project):
    colouring = results_colouring(project)
    assert colouring.note == SATISFACTION  # the first results measure with a target
    labels = labels_of(project, colouring.rgb)
    expected = {
        "Lisbon": "front line: met",
        "Porto": "front line: close",
        "Faro": "front line: missed",
        "Braga": "front line: no result",
        "Head Office": "front line: no result",
    }
    for name, people in HOTELS:
        assert {labels[f"{name}-{i}"] for i in range(people)} == {expected[name]}
        assert labels[f"M-{name}"] == "managers: not judged"
    assert labels["CEO"] == "managers: not judged"


def test_the_legend_counts_every_row_in_a_fixed_order(project):
    colouring = results_colouring(project)
    assert colouring.legend == [
        ("front line: met", RESULT_COLOURS["front line: met"], 3),
        ("front line: close", RESULT_COLOURS["front line: close"], 2),
        ("front line: missed", RESULT_COLOURS["front line: missed"], 4),
        ("front line: no result", RESULT_COLOURS["front line: no result"], 1 + 2),
        ("managers: not judged", RESULT_COLOURS["managers: not judged"], 1 + len(HOTELS)),
    ]
    assert sum(count for _l, _c, count in colouring.legend) == project.chart.people_count


def test_the_measures_offered_are_results_measures_with_a_target_first_set_first(project):
    assert results_measures(project) == [SATISFACTION, COMPLAINTS]
    assert measure_shown(project) == SATISFACTION
    # Picked as the planner may spell it; a measure without a target falls back to the first.
    assert measure_shown(project, "complaints per 1000 stays") == COMPLAINTS
    assert measure_shown(project, "Front line served") == SATISFACTION
    colouring = results_colouring(project, COMPLAINTS)
    assert colouring.note == COMPLAINTS
    counts = {label: count for label, _colour, count in colouring.legend}
    # 2.0 complaints against at most 3.0: Porto met; no other hotel has a target.
    assert counts["front line: met"] == 2
    assert counts["front line: no result"] == 3 + 4 + 1 + 2


def test_edits_of_results_and_targets_move_the_colours_and_undo_moves_them_back(project):
    stack = UndoStack(project)
    before = results_colouring(project)
    stack.push(set_result(project, hotel("Faro"), SATISFACTION, FEBRUARY, 8.1))
    after = labels_of(project, results_colouring(project).rgb)
    assert {after[f"Faro-{i}"] for i in range(4)} == {"front line: met"}
    stack.push(remove_target(project, SATISFACTION, hotel("Lisbon")))
    after = labels_of(project, results_colouring(project).rgb)
    assert after["Lisbon-0"] == "front line: no result"
    stack.undo()
    stack.undo()
    assert np.array_equal(results_colouring(project).rgb, before.rgb)


def test_a_project_without_results_targets_is_all_no_result_and_says_why():
    project = hotel_group()
    UndoStack(project).push(set_target(project, "front line served", 0.5))
    assert results_measures(project) == []
    colouring = results_colouring(project)
    assert colouring.note == "no results measure has a target yet"
    counts = {label: count for label, _colour, count in colouring.legend}
    assert counts["front line: no result"] == sum(people for _h, people in HOTELS)
    assert counts["front line: met"] == counts["front line: missed"] == 0
    # The chart alone (a spreadsheet, no project) says the same.
    plain = colour_nodes(project.chart, ColourBy.RESULTS)
    assert plain.legend == colouring.legend and plain.note == colouring.note


def test_synthetic_nodes_are_drawn_apart_and_never_counted(project):
    # The top made synthetic, as the Organisation root over several tops would be.
    synthetic = project.chart.synthetic.copy()
    synthetic[0] = True
    chart = dataclasses.replace(project.chart, synthetic=synthetic)
    colouring = colour_by_results(chart, people_standings(project))
    assert tuple(colouring.rgb[0]) == tuple(SYNTHETIC)
    counts = {label: count for label, _colour, count in colouring.legend}
    assert counts["managers: not judged"] == len(HOTELS)


def test_standings_of_another_chart_are_refused(project):
    with pytest.raises(ValueError, match="another chart"):
        colour_by_results(project.chart, PeopleStandings(SATISFACTION, np.zeros(3, np.int8)))
