"""The pieces a page is made of, measured and laid out: the geometry behind
:mod:`pyramid_app.model.paging`.

A *piece* is a manager with what is kept with them (reports' pieces, and stubs: continuations
to other pages), or a single card. Pieces are measured as they are laid out on paper, like the
pyramid: reports side by side with their manager centred under them, or, where every report
is a single card (a compact front-line team; a manager's column of stubs), stacked in
columns. Every level of a page is a band of its own, as tall as its tallest stack, so a level
reads across the page: a piece's height is the sum of its *tiers* (rows per level, its own
level first).
"""

from __future__ import annotations

from math import ceil

import numpy as np

from pyramid_app.model.layout import FloatArray
from pyramid_app.model.tree import IntArray

Tiers = tuple[int, ...]


def stub(page: int) -> int:
    """An item standing for page ``page`` (items >= 0 are nodes)."""
    return -(page + 1)


def page_of_stub(item: int) -> int:
    return -item - 1


def merged(a: Tiers, b: Tiers) -> Tiers:
    """Rows per level of two pieces side by side: the taller at each level."""
    if len(a) < len(b):
        a, b = b, a
    return tuple(max(x, y) for x, y in zip(a, b, strict=False)) + a[len(b) :]


class Pieces:
    """Every node's piece: its kept items, width (slots) and tiers (rows per level)."""

    def __init__(self, count: int, rows: int, team_rows: int, compact: bool) -> None:
        self.rows = rows
        self.team_rows = team_rows
        self.compact = compact
        self.items: list[list[int]] = [[] for _ in range(count)]
        self.width: list[float] = [1.0] * count
        self.tiers: list[Tiers] = [(1,)] * count

    def height(self, item: int) -> int:
        return sum(self.tiers[item]) if item >= 0 else 1

    def single(self, item: int) -> bool:
        return item < 0 or not self.items[item]

    def stack(self, items: list[int], on_parent: bool) -> int | None:
        """Cards a column where ``items`` are stacked (all single cards: stubs, or a compact
        team), None where they stand side by side."""
        room = self.rows - (1 if on_parent else 0)
        if not all(item < 0 or not self.items[item] for item in items):
            return None
        if all(item < 0 for item in items):
            return room
        return min(self.team_rows, room) if self.compact else None

    def measure(self, items: list[int], on_parent: bool) -> tuple[float, Tiers]:
        """Width and tiers of ``items`` side by side (or stacked) on one level."""
        stack = self.stack(items, on_parent)
        if stack is not None:
            return float(ceil(len(items) / stack)), (min(len(items), stack),)
        width = 0.0
        tiers: Tiers = ()
        for item in items:
            if item >= 0:
                width += self.width[item]
                tiers = merged(tiers, self.tiers[item])
            else:
                width += 1
                tiers = merged(tiers, (1,))
        return width, tiers

    def run(self, on_parent: bool) -> RunMeasure:
        return RunMeasure(self, on_parent)

    def fits(self, items: list[int], on_parent: bool, columns: int) -> bool:
        width, tiers = self.measure(items, on_parent)
        return width <= columns and sum(tiers) <= self.rows - (1 if on_parent else 0)

    def settle(self, v: int, items: list[int]) -> None:
        self.items[v] = items
        if not items:
            self.width[v], self.tiers[v] = 1.0, (1,)
            return
        width, tiers = self.measure(items, on_parent=True)
        self.width[v], self.tiers[v] = max(1.0, width), (1, *tiers)

    # -- laying a page out ----------------------------------------------------------------

    def place(
        self, items: list[int], nodes: IntArray
    ) -> tuple[IntArray, FloatArray, FloatArray, list[tuple[int, float, float, int]], float, float]:
        """Lay a page of ``items`` out: (its nodes, their x and row, its stubs as (page, x,
        row, manager node or -1), width, height). ``nodes`` maps items to chart nodes."""
        width, tiers = self.measure(items, on_parent=False)
        base = np.concatenate([[0], np.cumsum(tiers)]).tolist()
        placed: list[int] = []
        xs: list[float] = []
        rows: list[float] = []
        stubs: list[tuple[int, float, float, int]] = []

        def put(item: int, x: float, row: float, manager: int) -> None:
            if item >= 0:
                placed.append(item)
                xs.append(x)
                rows.append(row)
            else:
                stubs.append((page_of_stub(item), x, row, manager))

        def place_run(run: list[int], left: float, level: int, manager: int) -> list[float]:
            """Place ``run`` (reports of ``manager``, -1: none on the page) from slot ``left``
            on ``level``; returns their centres."""
            stack = self.stack(run, manager >= 0)
            node = int(nodes[manager]) if manager >= 0 else -1
            row = base[level]
            centres: list[float] = []
            if stack is not None:
                for i, item in enumerate(run):
                    centre = left + i // stack + 0.5
                    put(item, centre, row + i % stack, node)
                    centres.append(centre)
                return centres
            for item in run:
                if item >= 0 and self.items[item]:
                    centres.append(place_piece(item, left, level))
                    left += self.width[item]
                else:
                    put(item, left + 0.5, row, node)
                    centres.append(left + 0.5)
                    left += 1
            return centres

        def place_piece(v: int, left: float, level: int) -> float:
            centres = place_run(self.items[v], left, level + 1, v)
            centre = (centres[0] + centres[-1]) / 2  # stacked: the middle of the columns
            put(v, centre, base[level], -1)
            return centre

        place_run(items, 0.0, 0, -1)
        return (
            np.asarray(placed, dtype=np.int64),
            np.asarray(xs, dtype=np.float64),
            np.asarray(rows, dtype=np.float64),
            stubs,
            width,
            float(sum(tiers)),
        )


class RunMeasure:
    """The size of a run of items measured as they are added one by one (what
    :meth:`Pieces.measure` gives for the whole run, without going over it again)."""

    def __init__(self, pieces: Pieces, on_parent: bool) -> None:
        self.pieces = pieces
        self.room = pieces.rows - (1 if on_parent else 0)
        self.count = 0
        self.nodes = 0  # items that are nodes, not stubs
        self.pieces_kept = 0  # items that are more than a single card
        self.width = 0.0
        self.tiers: Tiers = ()

    def with_item(self, item: int) -> RunMeasure:
        grown = RunMeasure.__new__(RunMeasure)
        grown.__dict__.update(self.__dict__)
        p = self.pieces
        grown.count += 1
        if item >= 0:
            grown.nodes += 1
            grown.pieces_kept += bool(p.items[item])
            grown.width += p.width[item]
            grown.tiers = merged(self.tiers, p.tiers[item])
        else:
            grown.width += 1
            grown.tiers = merged(self.tiers, (1,))
        return grown

    def fits(self, columns: int) -> bool:
        p = self.pieces
        stack = None
        if not self.pieces_kept:
            if not self.nodes:
                stack = self.room
            elif p.compact:
                stack = min(p.team_rows, self.room)
        if stack is not None:
            return ceil(self.count / stack) <= columns and min(self.count, stack) <= self.room
        return self.width <= columns and sum(self.tiers) <= self.room
