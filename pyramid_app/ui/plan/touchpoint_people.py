"""Who stands at a touchpoint, in the numbers the journey and the workshop show.

Plain numpy over the whole organisation's chart (node indexes of ``project.chart``, never of a
focused team): the values a rule can pick among the front line, how many people each rule
picks, and the managers whose commitments reach a touchpoint's people, nearest first.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np

from pyramid_app.model.customers import (
    RuleField,
    ServeRule,
    Touchpoint,
    front_line_mask,
    rule_mask,
    served_people,
)
from pyramid_app.model.org import OrgChart
from pyramid_app.model.selection import column_codes
from pyramid_app.model.tree import IntArray

RULE_COLUMNS = {
    RuleField.DEPARTMENT: "departments",
    RuleField.TITLE: "titles",
    RuleField.LOCATION: "locations",
}

# Per chart (never changed in place) and column: the front line's values with their counts.
_values: weakref.WeakKeyDictionary[OrgChart, dict[RuleField, list[tuple[str, int]]]] = (
    weakref.WeakKeyDictionary()
)


def front_line_values(chart: OrgChart, field: RuleField) -> list[tuple[str, int]]:
    """The non-blank values of ``field`` among the front line, most people first."""
    if field is RuleField.PERSON:
        return []
    per_chart = _values.setdefault(chart, {})
    found = per_chart.get(field)
    if found is None:
        codes, texts = column_codes(chart, RULE_COLUMNS[field])
        counts = np.bincount(codes[front_line_mask(chart)], minlength=len(texts))
        found = sorted(
            ((texts[i], int(counts[i])) for i in np.flatnonzero(counts) if texts[i].strip()),
            key=lambda pair: (-pair[1], pair[0].casefold()),
        )
        per_chart[field] = found
    return found


def rule_counts(chart: OrgChart, rules: tuple[ServeRule, ...]) -> list[int]:
    """How many front-line people each rule picks (0: it picks nobody)."""
    front_line = front_line_mask(chart)
    return [int(np.count_nonzero(rule_mask(chart, rule) & front_line)) for rule in rules]


@dataclass(frozen=True)
class Manager:
    """A manager on the chains of a touchpoint's people and how many of them they hold up."""

    index: int  # in the whole organisation's chart
    people: int  # the touchpoint's people in this manager's team, at any depth
    steps: int  # levels between the manager and the nearest of those people


def managers_serving(chart: OrgChart, people: IntArray, limit: int = 200) -> list[Manager]:
    """Managers on the chains of ``people``, nearest first, then those holding up the most.

    A manager's commitment to their reports is how a touchpoint's need reaches the people
    standing there, whichever level they sit at; the nearest ones act on it most directly.
    One pass per level of the organisation: O(n).
    """
    if people.shape[0] == 0:
        return []
    counts = np.zeros(len(chart), dtype=np.int64)
    counts[people] = 1
    steps = np.full(len(chart), np.iinfo(np.int64).max, dtype=np.int64)
    steps[people] = 0
    parent = chart.parent
    for level in range(len(chart.level_nodes) - 1, 0, -1):
        nodes = chart.level_nodes[level]
        holding = nodes[counts[nodes] > 0]
        if holding.shape[0] == 0:
            continue
        above = parent[holding]
        np.add.at(counts, above, counts[holding])
        np.minimum.at(steps, above, steps[holding] + 1)
    managers = np.flatnonzero((counts > 0) & chart.real & (chart.span_of_control > 0))
    order = np.lexsort((-counts[managers], steps[managers]))[:limit]
    return [
        Manager(int(managers[i]), int(counts[managers[i]]), int(steps[managers[i]])) for i in order
    ]


_served: weakref.WeakKeyDictionary[OrgChart, dict[tuple[ServeRule, ...], int]] = (
    weakref.WeakKeyDictionary()
)


def served_count(chart: OrgChart, touchpoint: Touchpoint) -> int:
    """How many front-line people serve a touchpoint; remembered per chart and rule set, so a
    list of touchpoints redraws after an edit without matching a million people again."""
    per_chart = _served.setdefault(chart, {})
    count = per_chart.get(touchpoint.rules)
    if count is None:
        if len(per_chart) > 1000:
            per_chart.clear()
        count = per_chart[touchpoint.rules] = int(served_people(chart, touchpoint).shape[0])
    return count
