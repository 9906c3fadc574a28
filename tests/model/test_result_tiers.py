"""Results against target counted tier by tier (what the ruler writes beside each tier while
coloured by results): on messy organisations - an orphan under "Unassigned", a loose team, a
second real top, co-chief executives - the tiers and the box of people kept apart hold every
front-line person the colour key counts, row for row; each tier's counts add up to its own
"front line" figure; hidden people (a collapse) are on no tier, like the tiers' headcounts."""

from __future__ import annotations

import numpy as np
import pytest

from pyramid_app.model.colouring import PeopleStandings
from pyramid_app.model.commands import UndoStack
from pyramid_app.model.layout import Arrangement, LayoutOptions, layout_inverted
from pyramid_app.model.org import ROOT_ID, UNASSIGNED_ID, OrgChart
from pyramid_app.model.project import OrgSource, Project
from pyramid_app.model.result_colouring import people_standings, results_colouring
from pyramid_app.model.result_commands import set_result
from pyramid_app.model.result_tiers import (
    KEY_LABELS,
    NOT_COUNTED,
    WORDS,
    count_standings,
    standing_rows,
)
from pyramid_app.model.results import Period
from pyramid_app.model.target_commands import set_target
from pyramid_app.model.units import Unit, UnitKind

SATISFACTION = "Guest satisfaction"
JANUARY = Period.month(2025, 1)


def messy_chart(co_chiefs: bool = False) -> OrgChart:
    """(organisation) <- Ann (chief) and, with ``co_chiefs``, Cleo heading as many; Ann's
    hotels Lisbon and Porto, each a manager and front line; (unassigned) <- Hal (an orphan, in
    Lisbon) and Zoe <- Yan (a loose team, Porto); Wim, a second real top with nobody under
    him, in Lisbon."""
    rows: list[tuple[str, str, str, str]] = []  # id, manager id, location, name

    def hotel_under(head: str, prefix: str) -> None:
        for hotel, people in (("Lisbon", 6), ("Porto", 4)):
            manager = f"{prefix}M-{hotel}"
            rows.append((manager, head, hotel, manager))
            rows.extend((f"{manager}-{i}", manager, hotel, f"{hotel} {i}") for i in range(people))

    rows.append(("A", ROOT_ID, "Lisbon", "Ann"))
    hotel_under("A", "")
    if co_chiefs:
        rows.append(("C", ROOT_ID, "Porto", "Cleo"))
        hotel_under("C", "C")
    rows += [
        ("H", UNASSIGNED_ID, "Lisbon", "Hal"),
        ("Z", UNASSIGNED_ID, "Porto", "Zoe"),
        ("Y", "Z", "Porto", "Yan"),
        ("W", ROOT_ID, "Lisbon", "Wim"),
        (UNASSIGNED_ID, ROOT_ID, "", "Unassigned"),
        (ROOT_ID, "", "", "Organisation"),
    ]
    ids = [row[0] for row in rows]
    index = {person: i for i, person in enumerate(ids)}
    n = len(ids)
    return OrgChart(
        ids=ids,
        parent=np.array([index[row[1]] if row[1] else -1 for row in rows]),
        names=[row[3] for row in rows],
        titles=[""] * n,
        departments=[""] * n,
        locations=[row[2] for row in rows],
        emails=[""] * n,
        synthetic=np.array([person in (ROOT_ID, UNASSIGNED_ID) for person in ids]),
    )


def with_results(chart: OrgChart) -> Project:
    """Satisfaction 8.4 in Lisbon (met, target 8.0) and 6.0 in Porto (missed)."""
    project = Project(chart, OrgSource("hr.xlsx"), name="Messy")
    stack = UndoStack(project)
    for hotel, value in (("Lisbon", 8.4), ("Porto", 6.0)):
        unit = Unit(UnitKind.LOCATION, hotel)
        stack.push(set_result(project, unit, SATISFACTION, JANUARY, value))
        stack.push(set_target(project, SATISFACTION, 8.0, unit))
    return project


def key_counts(project: Project) -> dict[str, int]:
    return {label: count for label, _c, count in results_colouring(project).legend}


@pytest.mark.parametrize("co_chiefs", [False, True], ids=["one chief", "co-chief executives"])
@pytest.mark.parametrize("arrangement", list(Arrangement))
def test_tiers_and_the_apart_box_add_up_to_the_colour_key(
    co_chiefs: bool, arrangement: Arrangement
) -> None:
    project = with_results(messy_chart(co_chiefs))
    chart = project.chart
    assert chart.chief == (None if co_chiefs else chart.index_of("A"))
    rows = standing_rows(chart, people_standings(project))
    layout = layout_inverted(chart, LayoutOptions(arrangement=arrangement))
    counted = count_standings(chart, layout, rows)
    totals = counted.tiers.sum(axis=0) + counted.apart
    key = key_counts(project)
    assert dict(zip(KEY_LABELS, totals.tolist(), strict=True)) == {
        label: key[label] for label in KEY_LABELS
    }
    assert key["front line: met"] > 0 and key["front line: missed"] > 0  # something to count
    # Each tier's counts are of the people its "front line" figure counts.
    assert counted.tiers.sum(axis=1).tolist() == [band.front_line for band in layout.bands]
    # The people kept apart, by their hotels' standings: Hal and Yan, and Wim under a chief
    # (with co-chief executives he is one more real top, on level 0).
    assert layout.apart is not None
    assert dict(zip(WORDS, counted.of_apart(), strict=True)) == {
        "met": 1 if co_chiefs else 2,  # Hal (and Wim), in Lisbon
        "close": 0,
        "missed": 1,  # Yan, in Porto
        "no result": 0,
    }


def test_a_collapsed_team_is_on_no_tier_like_the_headcounts() -> None:
    project = with_results(messy_chart())
    chart = project.chart
    rows = standing_rows(chart, people_standings(project))
    lisbon = chart.index_of("M-Lisbon")
    layout = layout_inverted(chart, LayoutOptions(collapsed=frozenset({lisbon})))
    counted = count_standings(chart, layout, rows)
    assert counted.tiers.sum(axis=1).tolist() == [band.front_line for band in layout.bands]
    whole = count_standings(chart, layout_inverted(chart), rows)
    # Lisbon's six front-line people met their target; hidden, they are counted nowhere.
    assert int(whole.tiers[:, 0].sum()) - int(counted.tiers[:, 0].sum()) == 6


def test_rows_are_the_colour_keys_and_nobody_else_is_counted() -> None:
    project = with_results(messy_chart())
    chart = project.chart
    rows = standing_rows(chart, people_standings(project))
    front = chart.real & (chart.span_of_control == 0)
    assert (rows[~front] == NOT_COUNTED).all()  # managers and the synthetic groups
    assert rows[chart.index_of("Z")] == NOT_COUNTED  # Zoe manages Yan
    # No measure with a target: the whole front line "no result", as the key says.
    none = standing_rows(chart, PeopleStandings(None, np.zeros(len(chart), dtype=np.int8)))
    assert set(none[front].tolist()) == {WORDS.index("no result")}
    with pytest.raises(ValueError, match="another chart"):
        count_standings(chart, layout_inverted(chart), rows[:-1])
