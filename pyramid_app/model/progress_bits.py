"""Rows of bits, one bit per point of a series, and the chart's chains they are ANDed along
(:mod:`pyramid_app.model.progress` counts the measures with them).

A front-line person is served at a point when every link down to the chief executive is: the
AND of the link rows along the chain. Everyone above a front-line person has reports, and a
million-person chart has only about one person in seven with reports, so the chains are
walked over those people alone (:class:`Chains`, kept per chart); the front line is counted
from their managers: once per manager for the people whose link is served only by the
manager's commitments to all their reports (most of them), one row each for the rest.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pyramid_app.model.coverage_frame import chart_frame
from pyramid_app.model.org import OrgChart

Bits = npt.NDArray[np.uint64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

ALL = np.uint64(0xFFFF_FFFF_FFFF_FFFF)
_CHUNK = 1 << 16  # rows unpacked at a time when bits are counted


def _ones(count: IntArray) -> Bits:
    """``(1 << count) - 1`` for counts from 0 to 64."""
    shift = np.minimum(count, 63).astype(np.uint64)
    low = np.left_shift(np.uint64(1), shift) - np.uint64(1)
    return np.where(count >= 64, ALL, low).astype(np.uint64)


def range_bits(first: IntArray, last: IntArray, words: int) -> Bits:
    """Per pair, the bits ``first`` to before ``last`` set, over ``words`` words."""
    rows = np.empty((first.shape[0], words), dtype=np.uint64)
    for word in range(words):
        low = np.clip(first - 64 * word, 0, 64)
        high = np.clip(last - 64 * word, 0, 64)
        rows[:, word] = _ones(high) & ~_ones(low)
    return rows


def bit_counts(rows: Bits, points: int, weights: IntArray | None = None) -> IntArray:
    """How many rows have each bit set (each counting ``weights`` times when given), for the
    first ``points`` bits. Rows without a bit set are left out first: most are, in a large
    chart."""
    if rows.ndim == 1:
        rows = rows.reshape(-1, 1)
    words = rows.shape[1]
    some = rows.any(axis=1)
    if weights is not None:
        some &= weights != 0
    rows = rows[some]
    chosen = None if weights is None else weights[some]
    total = np.zeros(64 * words, dtype=np.int64)
    for start in range(0, rows.shape[0], _CHUNK):
        block = np.ascontiguousarray(rows[start : start + _CHUNK], dtype="<u8").view(np.uint8)
        bits = np.unpackbits(block, axis=1, bitorder="little")
        if chosen is None:
            total += bits.sum(axis=0, dtype=np.int64)
        else:
            # Exact in float64: a count is at most the number of people.
            chunk = chosen[start : start + _CHUNK].astype(np.float64)
            total += np.rint(chunk @ bits.astype(np.float64)).astype(np.int64)
    return total[:points]


def interval_counts(start: IntArray, stop: IntArray, points: int) -> IntArray:
    """At each point, how many of the intervals ``start`` to before ``stop`` hold it."""
    keep = start < stop
    change = np.zeros(points + 1, dtype=np.int64)
    np.add.at(change, start[keep], 1)
    np.add.at(change, stop[keep], -1)
    return np.cumsum(change[:points])


@dataclass(eq=False)
class Chains:
    """The chart's people with reports ("heads"), breadth first as the chart's frame has
    them (so every level is one slice, parents before their reports), and its front line."""

    node: IntArray  # head -> node
    parent: IntArray  # head -> the head above (0 for a root: its link is free, never read)
    free: BoolArray  # head -> the link above needs no commitment (a root, a synthetic parent)
    level_start: list[int]  # level d holds heads level_start[d]:level_start[d + 1]
    head_at: IntArray  # frame position -> head, -1 for someone without reports
    front_node: IntArray  # per front-line person (the frame's, in its order): node
    front_head: IntArray  # per front-line person: their manager's head, -1 for a root
    front_free: BoolArray  # per front-line person: the link above needs no commitment
    front_at: IntArray  # frame position -> front-line index, -1 for everyone else


_chains: weakref.WeakKeyDictionary[OrgChart, Chains] = weakref.WeakKeyDictionary()


def chains_of(chart: OrgChart) -> Chains:
    """The chains of ``chart``, built on first use (a chart is never changed in place)."""
    found = _chains.get(chart)
    if found is None:
        found = _chains[chart] = _build(chart)
    return found


def _build(chart: OrgChart) -> Chains:
    frame = chart_frame(chart)
    n = len(chart)
    positions = np.flatnonzero(chart.span_of_control[frame.order] > 0)
    head_at = np.full(n, -1, dtype=np.int64)
    head_at[positions] = np.arange(positions.shape[0])
    has_parent = frame.parent_node[positions] >= 0
    parent = np.where(has_parent, head_at[frame.parent_position[positions]], 0)
    front = np.flatnonzero(frame.front)
    front_at = np.full(n, -1, dtype=np.int64)
    front_at[front] = np.arange(front.shape[0])
    front_has_parent = frame.parent_node[front] >= 0
    return Chains(
        node=frame.order[positions],
        parent=parent.astype(np.int64),
        free=frame.free[positions],
        level_start=np.searchsorted(positions, frame.level_start).tolist(),
        head_at=head_at,
        front_node=frame.order[front],
        front_head=np.where(front_has_parent, head_at[frame.parent_position[front]], -1),
        front_free=frame.free[front],
        front_at=front_at,
    )


def chains_served(chains: Chains, all_rows: Bits, named_heads: IntArray, named: Bits) -> Bits:
    """Per head: the points at which their own chain down to the chief executive was
    served all the way. ``all_rows``: per head, the points it had an active commitment to
    all its reports; ``named``: rows of commitments naming a report who is a head."""
    link = all_rows[chains.parent]
    if named_heads.shape[0]:
        np.bitwise_or.at(link, named_heads, named)
    link[chains.free] = ALL
    served: Bits = np.empty_like(link)
    starts = chains.level_start
    for level in range(len(starts) - 1):
        lo, hi = starts[level], starts[level + 1]
        if level == 0:
            served[lo:hi] = link[lo:hi]
        else:
            np.bitwise_and(link[lo:hi], served[chains.parent[lo:hi]], out=served[lo:hi])
    return served


def front_counts(
    chains: Chains,
    chosen: BoolArray,
    all_rows: Bits,
    served: Bits,
    named_front: IntArray,
    named: Bits,
    points: int,
) -> IntArray:
    """At each point, how many of the ``chosen`` front-line people were served: their
    manager's chain served, and their own link (by a commitment to all the manager's
    reports, or by one naming them in ``named``, per front-line index in ``named_front``)."""
    heads = served.shape[0]
    head = chains.front_head
    root = head < 0
    free = chains.front_free & ~root
    by_name = np.zeros(head.shape[0], dtype=bool)
    by_name[named_front] = True
    by_name &= chosen & ~chains.front_free
    plain = chosen & ~chains.front_free & ~by_name & ~root
    counts = np.full(points, int(np.count_nonzero(chosen & root)), dtype=np.int64)
    weights = np.bincount(head[plain], minlength=heads)
    counts += bit_counts(all_rows & served, points, weights)
    weights = np.bincount(head[chosen & free], minlength=heads)
    counts += bit_counts(served, points, weights)
    if np.any(by_name):
        people = np.flatnonzero(by_name)
        rows = all_rows[head[people]]
        slot = np.full(head.shape[0], -1, dtype=np.int64)
        slot[people] = np.arange(people.shape[0])
        keep = slot[named_front] >= 0
        np.bitwise_or.at(rows, slot[named_front[keep]], named[keep])
        counts += bit_counts(rows & served[head[people]], points)
    return counts
