"""What the walk back through the history finds (:mod:`pyramid_app.model.plan_walk`): every
value each commitment had, and the customers' needs, with the points that saw them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
Int8Array = npt.NDArray[np.int8]


class NeedFacts(NamedTuple):
    touchpoint_id: str
    segment: str
    must: bool


@dataclass
class NeedsVersion:
    """The needs of the customer map, seen from point ``first`` to before point ``last``."""

    first: int
    last: int
    needs: dict[str, NeedFacts]


@dataclass
class Versions:
    """Each value a commitment had, as parallel arrays: seen at points ``first`` to before
    ``last`` (equal when no point saw it), from the day ``since`` (a date ordinal, 0 for one
    there before anything is known), and for a done one ``done_on``: the day (ordinal) it was
    last marked done. Its commitment, manager, whom it serves and the needs it answers are
    indexes into lists of those values, each value listed once as read (many versions share
    one): what the counts ask of a value is worked out once per value listed."""

    commitment: IntArray  # index in ``commitment_ids``
    first: IntArray
    last: IntArray
    since: IntArray
    done_on: IntArray
    status: Int8Array  # STATUS_CODES of each value
    due: IntArray  # the due day's ordinal, 0 for none
    manager: IntArray  # index in ``manager_ids``
    serves: IntArray  # index in ``serves_lists`` (an empty one: all reports)
    needs: IntArray  # index in ``needs_lists``
    commitment_ids: list[str]
    manager_ids: list[str]
    serves_lists: list[tuple[str, ...]]
    needs_lists: list[tuple[str, ...]]

    def __len__(self) -> int:
        return int(self.first.shape[0])

    def commitment_id(self, version: int) -> str:
        return self.commitment_ids[int(self.commitment[version])]

    def manager_id(self, version: int) -> str:
        return self.manager_ids[int(self.manager[version])]


def no_versions() -> Versions:
    empty = np.zeros(0, dtype=np.int64)
    status = np.zeros(0, np.int8)
    return Versions(empty, empty, empty, empty, empty, status, empty, empty, empty, empty,
                    [], [], [], [])  # fmt: skip
