"""The plan as the action plan's sheets read it: its figures, and its commitments in the Action
plan sheet's order - manager by manager in the pyramid's order (level by level), then by number,
those of people no longer in the organisation last - a block at a time.

:func:`rows_of_plan` makes them from a plan in memory (the window's export);
:func:`rows_read_again` from a :class:`PlanTally` of the commitments as they were read from the
project file and a way to read them again by number (``pyramid-app export``): a million
commitments are then never held at once, only their numbers and a block of them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence

import numpy as np

from pyramid_app.model.coverage_frame import chart_frame
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Commitment
from pyramid_app.model.plan_figures import PlanFigures, PlanTally
from pyramid_app.model.project import Project

Block = Callable[[int, int], list[Commitment]]


class PlanRows:
    """A plan's figures, and its commitments in the sheet's order: :meth:`block`."""

    def __init__(self, figures: PlanFigures, count: int, block: Block) -> None:
        self.figures = figures
        self._count = count
        self._block = block
        self._answering = {commitment.id: commitment for commitment in figures.answering}

    def __len__(self) -> int:
        return self._count

    def block(self, first: int, stop: int) -> list[Commitment]:
        """The commitments from place ``first`` to ``stop`` in the sheet's order."""
        return self._block(first, min(stop, self._count))

    def answering(self, commitment_id: str) -> Commitment | None:
        """The commitment of this id if it answers customers' needs, else None."""
        return self._answering.get(commitment_id)


def pyramid_order(
    chart: OrgChart, managers: Sequence[str], numbers: Sequence[int] | np.ndarray
) -> np.ndarray:
    """Places of commitments (their managers' ids and their numbers given in one order) in the
    sheet's order."""
    # Indexed as arrays: the breadth-first positions of a million people as a list took 36 MB.
    nodes = np.fromiter(
        (-1 if i is None else i for i in chart.indices_of(managers)),
        dtype=np.int64,
        count=len(managers),
    )
    at = np.where(nodes >= 0, chart_frame(chart).position[nodes], len(chart))
    del nodes
    return np.lexsort((np.asarray(numbers, dtype=np.int64), at))


def rows_of_plan(project: Project, today: dt.date) -> PlanRows:
    """``project``'s plan, in memory, counted on ``today``."""
    tally = PlanTally(today)
    commitments = list(tally.counted(project.plan))
    figures = tally.figures()
    order = pyramid_order(project.chart, tally.managers, np.frombuffer(tally.numbers, np.int64))
    del tally
    # Gathered as objects: the order as a list would make a million numbers (36 MB).
    held = np.empty(len(commitments), dtype=object)
    held[:] = commitments
    del commitments
    ordered = held[order]
    del held, order
    return PlanRows(figures, len(ordered), lambda first, stop: ordered[first:stop].tolist())


def rows_read_again(
    chart: OrgChart, tally: PlanTally, read: Callable[[Sequence[int]], list[Commitment]]
) -> PlanRows:
    """The commitments ``tally`` counted as they were read, read again whole by ``read`` (the
    commitments of these numbers, in this order) a block at a time; those answering needs are
    read again at once (the tally counted them from their counted fields alone)."""
    numbers = np.frombuffer(tally.numbers, dtype=np.int64)
    ordered = numbers[pyramid_order(chart, tally.managers, numbers)]
    figures = tally.figures()
    whole = read([commitment.number for commitment in figures.answering])
    figures = dataclasses.replace(figures, answering=tuple(whole))
    return PlanRows(figures, len(ordered), lambda first, stop: read(ordered[first:stop].tolist()))
