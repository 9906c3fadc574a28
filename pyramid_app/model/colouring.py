"""Colour every person by a field: one palette index per node plus a legend."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import compress

import numpy as np
import numpy.typing as npt

from pyramid_app.model.colour_by import ColourBy as ColourBy  # where it was, for its users
from pyramid_app.model.coverage_report import STATE_ORDER, Coverage, ManagerState
from pyramid_app.model.coverage_tracker import CoverageTracker
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Plan
from pyramid_app.model.result_standing import STANDING_CODES
from pyramid_app.model.targets import Standing

# A qualitative palette that stays distinguishable on a white background (RGB).
PALETTE = np.array(
    [
        (31, 119, 180),
        (255, 127, 14),
        (44, 160, 44),
        (214, 39, 40),
        (148, 103, 189),
        (140, 86, 75),
        (227, 119, 194),
        (127, 127, 127),
        (188, 189, 34),
        (23, 190, 207),
        (57, 59, 121),
        (173, 73, 74),
        (99, 121, 57),
        (206, 109, 189),
        (107, 110, 207),
        (140, 162, 82),
    ],
    dtype=np.uint8,
)
OTHER = np.array((170, 170, 170), dtype=np.uint8)
SYNTHETIC = np.array((120, 120, 120), dtype=np.uint8)
SPAN_BUCKETS = (
    (0, "front line (no reports)"),
    (1, "1-3"),
    (4, "4-7"),
    (8, "8-12"),
    (13, "13 or more"),
)


LegendRow = tuple[str, tuple[int, int, int], int]  # label, colour, count


@dataclass
class Colouring:
    """RGB per node and the legend that explains it, most common entries first.

    A colouring may also colour the links: ``link_served`` says, per node, whether the link
    from its manager is drawn as served; ``link_legend`` explains the two link colours.
    """

    rgb: npt.NDArray[np.uint8]  # shape (n, 3)
    legend: list[LegendRow]  # label, colour, headcount
    link_served: npt.NDArray[np.bool_] | None = None
    link_legend: list[LegendRow] = field(default_factory=list)
    # What the colours are of, said under the key's heading: the measure coloured by.
    note: str = ""


def colour_nodes(
    chart: OrgChart,
    by: ColourBy,
    coverage: Coverage | None = None,
    standings: PeopleStandings | None = None,
) -> Colouring:
    """Colour ``chart`` by a field; by coverage, of ``coverage`` (or of an empty plan); by
    results against target, by ``standings`` (none: nobody has a result to judge)."""
    if by is ColourBy.RESULTS:
        return colour_by_results(chart, standings)
    if by is ColourBy.COVERAGE:
        if coverage is None:
            # Without a plan nobody has committed yet: the honest picture, not an error. The
            # day does not matter when there is nothing that could be overdue.
            coverage = CoverageTracker(chart, Plan(), dt.date(2000, 1, 1)).coverage()
        return colour_by_coverage(chart, coverage)
    if by is ColourBy.DEPARTMENT:
        return _categorical(chart, chart.departments, "no department")
    if by is ColourBy.LOCATION:
        return _categorical(chart, chart.locations, "no location")
    if by is ColourBy.TITLE:
        return _categorical(chart, chart.titles, "no title")
    if by is ColourBy.LEVEL:
        # Codes shifted by one: code 0 for the people not connected to the chief executive.
        labels = ["not connected", *(f"level {d}" for d in range(chart.level_count))]
        return _from_codes(chart, chart.levels + 1, labels)
    spans = chart.span_of_control
    edges = np.array([low for low, _label in SPAN_BUCKETS])
    codes = np.searchsorted(edges, spans, side="right") - 1
    return _from_codes(chart, codes, [label for _low, label in SPAN_BUCKETS])


def useful_colour_by(chart: OrgChart) -> ColourBy:
    """The first field that tells people apart: department, else location, else title.

    An export without departments would otherwise paint everyone one colour; level is the
    fallback that always says something.
    """
    real = chart.real.tolist()
    for by, values in (
        (ColourBy.DEPARTMENT, chart.departments),
        (ColourBy.LOCATION, chart.locations),
        (ColourBy.TITLE, chart.titles),
    ):
        distinct = set(compress(values, real))  # one C-level pass: this runs at every open
        distinct.discard("")
        if len(distinct) >= 2:
            return by
    return ColourBy.LEVEL


def _categorical(chart: OrgChart, values: list[str], blank: str) -> Colouring:
    """The most common values get palette colours; the long tail shares grey."""
    # Codes in order of first appearance, without a Python call per person.
    labels = list(dict.fromkeys(values))
    index = dict(zip(labels, range(len(labels)), strict=True))
    codes = np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))
    counts = np.bincount(codes, weights=chart.real, minlength=len(labels)).astype(np.int64)
    by_size = np.argsort(-counts, kind="stable")
    rank = np.empty_like(by_size)
    rank[by_size] = np.arange(by_size.shape[0])
    named = min(len(labels), len(PALETTE))
    colour_of_code = np.where(
        (rank < named)[:, None], PALETTE[np.minimum(rank, len(PALETTE) - 1)], OTHER
    )
    rgb = colour_of_code[codes].astype(np.uint8)
    rgb[chart.synthetic] = SYNTHETIC
    legend = []
    for code in by_size[:named]:
        if counts[code] == 0:
            continue
        label = str(labels[code]) or blank
        legend.append((label, _tuple(colour_of_code[code]), int(counts[code])))
    rest = int(counts[by_size[named:]].sum())
    if rest:
        tail = by_size[named:][counts[by_size[named:]] > 0]
        # One left over is named; more share the grey under a count of them.
        single = tail.shape[0] == 1
        label = (str(labels[tail[0]]) or blank) if single else f"{tail.shape[0]} others"
        legend.append((label, _tuple(OTHER), rest))
    return Colouring(rgb=rgb, legend=legend)


def _from_codes(chart: OrgChart, codes: npt.NDArray[np.int64], labels: list[str]) -> Colouring:
    palette = np.vstack([PALETTE] * (len(labels) // len(PALETTE) + 1))
    rgb = palette[codes].astype(np.uint8)
    rgb[chart.synthetic] = SYNTHETIC
    counts = np.bincount(codes, weights=chart.real, minlength=len(labels)).astype(np.int64)
    legend = [
        (label, _tuple(palette[i]), int(counts[i])) for i, label in enumerate(labels) if counts[i]
    ]
    return Colouring(rgb=rgb, legend=legend)


def _tuple(colour: npt.NDArray[np.uint8]) -> tuple[int, int, int]:
    return int(colour[0]), int(colour[1]), int(colour[2])


# -- colouring by coverage ---------------------------------------------------------------
# Okabe-Ito colours, which stay apart for the common kinds of colour blindness: blue means
# served and orange not served on the front line; managers go from grey (nothing yet) through
# sky blue and bluish green to reddish purple (done), with vermillion for overdue.
COVERAGE_COLOURS: dict[str, tuple[int, int, int]] = {
    "front line served": (0, 114, 178),
    "front line not served": (230, 159, 0),
    "front line not connected": (0, 0, 0),
    "manager: no commitment": (187, 187, 187),
    "manager: planned": (86, 180, 233),
    "manager: in progress": (0, 158, 115),
    "manager: done": (204, 121, 167),
    "manager: overdue": (213, 94, 0),
}
# Links: served ones keep the ordinary link grey; a link that needs a commitment and has none
# takes the same orange as an unserved front-line person, so the gap reads as one colour.
LINK_COLOURS: dict[str, tuple[int, int, int]] = {
    "link served": (90, 100, 115),
    "link not served": (230, 159, 0),
}


def colour_by_coverage(chart: OrgChart, coverage: Coverage) -> Colouring:
    """Managers by the state of their commitments, the front line by served or not.

    ``coverage`` must be of ``chart`` (same node order). The legend lists every entry in a
    fixed order, counts included, so the colours keep their place as the plan fills in.
    """
    if coverage.chart is not chart:
        raise ValueError("the coverage given was computed for another chart")
    palette = np.array(list(COVERAGE_COLOURS.values()), dtype=np.uint8)
    # Codes: 0 served, 1 not served, 2 not connected to the chief executive, 3 + place in
    # STATE_ORDER for a manager's state. take() rather than fancy indexing: at a million people
    # it is several times faster.
    code_of_state = np.zeros(max(STATE_ORDER) + 1, dtype=np.int8)
    code_of_state[list(STATE_ORDER)] = np.arange(3, 3 + len(STATE_ORDER))
    front_code = (~coverage.served).view(np.int8) + coverage.not_connected.view(np.int8)
    codes = np.where(coverage.front_line, front_code, code_of_state.take(coverage.manager_state))
    counts = np.bincount(codes, minlength=palette.shape[0])
    # Synthetic nodes took the "no commitment" code above; they are not people.
    counts[code_of_state[ManagerState.NONE]] -= int(chart.synthetic.sum())
    rgb = palette.take(codes, axis=0)
    rgb[chart.synthetic] = SYNTHETIC
    legend = [
        (label, colour, int(counts[i]))
        for i, (label, colour) in enumerate(COVERAGE_COLOURS.items())
        if counts[i] or label != "front line not connected"  # a clean file has none: no entry
    ]
    link_served = coverage.link_served
    # Links from a real manager are the ones a commitment can serve; the others (from the root
    # or a synthetic group) always count as served and are left out of the counts.
    links = int(chart.span_of_control[chart.real].sum())
    unserved = int(link_served.shape[0] - np.count_nonzero(link_served))
    served_colour, unserved_colour = LINK_COLOURS.values()
    link_legend = [
        ("link served", served_colour, links - unserved),
        ("link not served", unserved_colour, unserved),
    ]
    return Colouring(rgb=rgb, legend=legend, link_served=link_served, link_legend=link_legend)


# -- colouring by results against target ---------------------------------------------------
# The meanings coverage gives its colours: bluish green is good, amber a gap, red the worst,
# grey nothing to judge. Managers take a pale neutral grey: their unit's result is their front
# line's, and a share of it would be a second scale to read; coverage colours tell the managers'
# side of the story.
RESULT_COLOURS: dict[str, tuple[int, int, int]] = {
    "front line: met": (0, 158, 115),
    "front line: close": (230, 159, 0),
    "front line: missed": (200, 48, 40),
    "front line: no result": (150, 150, 150),
    "managers: not judged": (208, 208, 214),
}
_RESULT_ROWS = (Standing.MET, Standing.CLOSE, Standing.MISSED, Standing.NO_VALUE)


@dataclass(frozen=True)
class PeopleStandings:
    """A results measure (None: the project has no results measure with a target) and, per
    node, the code (``result_standing.STANDING_CODES``) of the unit each front-line person
    stands with."""

    measure: str | None
    codes: npt.NDArray[np.int8]


def colour_by_results(chart: OrgChart, standings: PeopleStandings | None) -> Colouring:
    """Each front-line person by their unit's latest result against its target; managers are
    not judged. The legend keeps its rows in a fixed order, counts included, like coverage's.

    Without ``standings`` (or of a measure that is None) everyone is "no result", and the note
    says why, rather than the choice disappearing from a project that has no targets yet.
    """
    palette = np.array(list(RESULT_COLOURS.values()), dtype=np.uint8)
    row_of_code = np.zeros(len(STANDING_CODES), dtype=np.int8)
    for row, kind in enumerate(_RESULT_ROWS):
        row_of_code[STANDING_CODES[kind]] = row
    manager_row = len(_RESULT_ROWS)
    front = chart.real & (chart.span_of_control == 0)
    if standings is None or standings.measure is None:
        front_rows = np.full(len(chart), _RESULT_ROWS.index(Standing.NO_VALUE), dtype=np.int8)
        note = "no results measure has a target yet"
    else:
        if standings.codes.shape != (len(chart),):
            raise ValueError("the standings given were found for another chart")
        front_rows = row_of_code.take(standings.codes)
        note = standings.measure
    rows = np.where(front, front_rows, np.int8(manager_row))
    counts = np.bincount(rows, minlength=palette.shape[0])
    counts[manager_row] -= int(np.count_nonzero(chart.synthetic))  # not people: no count
    rgb = palette.take(rows, axis=0)
    rgb[chart.synthetic] = SYNTHETIC
    legend = [
        (label, colour, int(counts[i])) for i, (label, colour) in enumerate(RESULT_COLOURS.items())
    ]
    return Colouring(rgb=rgb, legend=legend, note=note)
