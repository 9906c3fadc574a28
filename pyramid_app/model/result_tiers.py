"""Results against target counted tier by tier: what the ruler beside the pyramid adds to each
tier's name while the people are coloured by results ("Level 5 · 91", "72 front line", then
"40 met · 8 close · 12 missed · 12 no result"), and the same for the box of the people not
connected to the chief executive.

A tier counts the people its own "front line" figure counts (real people without reports drawn
on it), so its standings add up to that figure; the people drawn apart are counted in their box,
never on a tier. With nothing collapsed, the tiers and the box together hold every person the
colour key counts, row for row. Counted with one ``bincount`` when the colours or the layout
change, never while painting.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pyramid_app.model.colouring import RESULT_COLOURS, PeopleStandings
from pyramid_app.model.layout import PyramidLayout, drawn_apart
from pyramid_app.model.org import OrgChart
from pyramid_app.model.result_standing import STANDING_CODES
from pyramid_app.model.targets import Standing

RowArray = npt.NDArray[np.int8]
CountArray = npt.NDArray[np.int64]

# The front line's rows of the colour key, in its order, and the word a tier says for each.
STANDING_ORDER = (Standing.MET, Standing.CLOSE, Standing.MISSED, Standing.NO_VALUE)
KEY_LABELS = tuple(RESULT_COLOURS)[: len(STANDING_ORDER)]
WORDS = tuple(label.removeprefix("front line: ") for label in KEY_LABELS)
COLOURS = tuple(RESULT_COLOURS[label] for label in KEY_LABELS)
NOT_COUNTED = -1  # a manager or a synthetic node: not judged, counted nowhere here


def standing_rows(chart: OrgChart, standings: PeopleStandings | None) -> RowArray:
    """Per node, the colour key's row of a front-line person (0 met, 1 close, 2 missed, 3 no
    result) or :data:`NOT_COUNTED`; without ``standings`` (or a measure) everyone on the front
    line has no result, as the key says."""
    front = chart.real & (chart.span_of_control == 0)
    no_result = STANDING_ORDER.index(Standing.NO_VALUE)
    if standings is None or standings.measure is None:
        return np.where(front, np.int8(no_result), np.int8(NOT_COUNTED)).astype(np.int8)
    if standings.codes.shape != (len(chart),):
        raise ValueError("the standings given were found for another chart")
    row_of_code = np.zeros(len(STANDING_CODES), dtype=np.int8)
    for row, kind in enumerate(STANDING_ORDER):
        row_of_code[STANDING_CODES[kind]] = row
    return np.where(front, row_of_code.take(standings.codes), np.int8(NOT_COUNTED)).astype(np.int8)


@dataclass(frozen=True)
class TierStandings:
    """Front-line people per standing: ``tiers`` one row a tier of the layout, ``apart`` of the
    people drawn apart; columns in :data:`STANDING_ORDER`."""

    tiers: CountArray  # shape (tiers, 4)
    apart: CountArray  # shape (4,)

    def of_tier(self, tier: int) -> tuple[int, ...]:
        """The counts of one tier, in :data:`STANDING_ORDER`."""
        return tuple(self.tiers[tier].tolist())

    def of_apart(self) -> tuple[int, ...]:
        return tuple(self.apart.tolist())


def count_standings(chart: OrgChart, layout: PyramidLayout, rows: RowArray) -> TierStandings:
    """Count ``rows`` (per node of ``chart``, see :func:`standing_rows`) on the tiers of
    ``layout`` (of ``chart``) and in the box of the people drawn apart; hidden people (under a
    collapsed manager) are on neither, like the tiers' headcounts."""
    if rows.shape != (len(chart),) or layout.tier.shape != (len(chart),):
        raise ValueError("the standings or the layout are of another chart")
    kinds = len(STANDING_ORDER)
    judged = layout.visible & (rows >= 0)
    apart = drawn_apart(chart)
    on_tier = judged & ~apart & (layout.tier >= 0)
    tiers = len(layout.bands)
    keys = layout.tier[on_tier].astype(np.int64) * kinds + rows[on_tier]
    per_tier = np.bincount(keys, minlength=tiers * kinds)[: tiers * kinds].reshape(tiers, kinds)
    in_box = np.bincount(rows[judged & apart], minlength=kinds)[:kinds]
    return TierStandings(per_tier.astype(np.int64), in_box.astype(np.int64))
