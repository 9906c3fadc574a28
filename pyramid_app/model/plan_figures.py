"""The plan's figures - commitments by status, by practice and by manager, the overdue ones,
those answering customers' needs - counted in one pass over its commitments as they come.

A command that writes a million commitments a few thousand at a time (the action plan's
export) counts them first as they are read, beside coverage, and never holds the plan whole:
:class:`PlanTally` keeps of each commitment only its number and manager, for the order the
commitments are written in later.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import compress

from pyramid_app.model.plan import Commitment, Status


@dataclass(frozen=True)
class PlanFigures:
    """What the sheets and slides tell of a whole plan, counted on one day."""

    commitments: int
    overdue: int  # on the day counted
    by_status: Counter[Status]
    by_practice: Counter[tuple[str, Status]]  # practice as written, stripped
    per_manager: Counter[str]  # commitments per manager id
    active_per_manager: Counter[str]
    answering: tuple[Commitment, ...]  # those answering customers' needs: few

    @property
    def active(self) -> int:
        return self.commitments - self.by_status[Status.DROPPED]


class PlanTally:
    """Counts :class:`PlanFigures` from the commitments passed through :meth:`counted`, keeping
    each one's number and manager (in the order they came) and nothing else of it."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.numbers = array("q")
        self.managers: list[str] = []
        self._statuses: list[Status] = []
        self._practices: list[str] = []
        self._overdue = 0
        self._answering: list[Commitment] = []

    def counted(self, commitments: Iterable[Commitment]) -> Iterator[Commitment]:
        """``commitments`` as they come, each counted on its way."""
        today = self.today
        numbers, managers = self.numbers, self.managers
        statuses, practices = self._statuses, self._practices
        for commitment in commitments:
            numbers.append(commitment.number)
            managers.append(commitment.manager_id)
            statuses.append(commitment.status)
            practices.append(commitment.practice)
            self._overdue += commitment.is_overdue(today)
            if commitment.needs:
                self._answering.append(commitment)
            yield commitment

    def figures(self) -> PlanFigures:
        """The figures of every commitment counted so far."""
        statuses = self._statuses
        stripped = {practice: practice.strip() for practice in set(self._practices)}
        by_practice = Counter(
            zip(map(stripped.__getitem__, self._practices), statuses, strict=True)
        )
        active = [status is not Status.DROPPED for status in statuses]
        return PlanFigures(
            commitments=len(statuses),
            overdue=self._overdue,
            by_status=Counter(statuses),
            by_practice=by_practice,
            per_manager=Counter(self.managers),
            active_per_manager=Counter(compress(self.managers, active)),
            answering=tuple(self._answering),
        )


def plan_figures(commitments: Iterable[Commitment], today: dt.date) -> PlanFigures:
    """:class:`PlanFigures` of ``commitments`` (a plan in memory)."""
    tally = PlanTally(today)
    for _commitment in tally.counted(commitments):
        pass
    return tally.figures()
