"""The whole organisation on paper: where to cut a pyramid too large for one page.

A page holds a part of the pyramid at a scale where names can be read, so its capacity is a
number of slots across and rows up (:class:`PageCapacity`). The cuts follow the organisation's
own joins, worked out bottom-up (deepest people first) so that every part fits:

1. **Teams.** A manager whose part would be too wide or too tall lets go of whole teams under
   them, the widest first, until what is left fits; a team let go of goes to a page of its own,
   sharing it with the next team let go of beside it where both fit. The manager's page keeps
   a *continuation* (a stub) in the team's place, saying which page it went to.
2. **Levels.** A manager whose own direct reports are too many for a page even as stubs (a
   front-line team of 300, or 40 teams side by side) is cut from all of them: their reports go
   on pages of their own, as many as needed, one level band above the manager's page, and the
   manager keeps one stub a page, stacked in columns. Past a page of stubs, the stubs
   themselves go on index pages.

Every visible person is on exactly one page; a page's part is one or more consecutive
sibling teams (or the top of the organisation), laid out on the page like the pyramid
(managers centred under their reports; with ``compact``, a team of people without reports
stacked in columns). Pages come in reading order: the top of the organisation first, then each
page's continuations left to right, depth first, so a team's pages follow one another.
Pure Python and numpy; O(n) in the people.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

import numpy as np

from pyramid_app.model.layout import Arrangement, FloatArray, PyramidLayout
from pyramid_app.model.org import OrgChart
from pyramid_app.model.paging_pieces import Pieces, stub
from pyramid_app.model.tree import IntArray

LEAST_COLUMNS = 2
LEAST_ROWS = 2


class PageCapacity(NamedTuple):
    """What a page holds at the printed scale: slots across, rows up (both at least 2)."""

    columns: int
    rows: int


class PartKind(StrEnum):
    TOP = "top"  # the chief executive and what fits with them (several tops: each one's)
    TEAMS = "teams"  # whole teams a manager let go of
    REPORTS = "reports"  # a manager's direct reports cut from them: one of ``part_count``
    INDEX = "index"  # continuations only: a manager with more pages of reports than one holds


class Stub(NamedTuple):
    """A continuation drawn on a page: the team that goes on on page ``page`` (an index into
    :attr:`PagePlan.pages`), at (``x``, ``row``) of this page's part, hanging from the node
    ``manager`` on this page (-1: from none here, on an index page)."""

    page: int
    x: float
    row: float
    manager: int = -1


@dataclass
class PagePart:
    """One page's part of the organisation, in page slots (x, centre of a card) and rows
    (0 = the part's lowest row: nearest the chief executive)."""

    kind: PartKind
    nodes: IntArray  # the chart's nodes drawn here
    x: FloatArray
    row: FloatArray
    stubs: list[Stub]
    manager: int  # the node whose reports this part holds (-1: the top of the organisation)
    from_page: int  # the page whose stub leads here (-1: none)
    heads: IntArray  # the nodes at the part's bottom: the manager's reports drawn here
    width: float  # slots
    height: float  # rows
    people: int = 0  # real people drawn here
    beyond: int = 0  # real people on the pages its stubs lead to, and theirs
    part_number: int = 1  # of a manager's reports cut into several pages: which one
    part_count: int = 1
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # in the whole layout

    def row_of(self, node: int) -> float | None:
        found = np.flatnonzero(self.nodes == node)
        return float(self.row[found[0]]) if found.size else None


@dataclass
class PagePlan:
    """The pages of an organisation in reading order, and where each person went."""

    capacity: PageCapacity
    pages: list[PagePart]
    page_of: IntArray  # per chart node: its page (-1: not drawn, hidden by a collapse)
    whole: tuple[float, float, float, float]  # (x_low, x_high, row_low, row_high) of the layout

    def __len__(self) -> int:
        return len(self.pages)


def cut_into_pages(chart: OrgChart, layout: PyramidLayout, capacity: PageCapacity) -> PagePlan:
    """Cut ``layout`` (of ``chart``) into pages of ``capacity``; see the module docstring."""
    if capacity.columns < LEAST_COLUMNS or capacity.rows < LEAST_ROWS:
        raise ValueError(
            f"a page of {capacity.columns} x {capacity.rows} cards is too small to cut an "
            f"organisation into; it needs at least {LEAST_COLUMNS} x {LEAST_ROWS}"
        )
    return _Cutter(chart, layout, capacity).run()


class _Cutter:
    def __init__(self, chart: OrgChart, layout: PyramidLayout, capacity: PageCapacity) -> None:
        self.chart = chart
        self.capacity = capacity
        visible = np.flatnonzero(layout.visible)
        self.nodes = visible
        n = len(chart)
        where = np.full(n + 1, -1, dtype=np.int64)  # n: the "no parent" slot
        where[visible] = np.arange(visible.shape[0])
        parents = chart.parent[visible]
        self.parent = where[np.where(parents >= 0, parents, n)]
        self.x = layout.x[visible]
        self.rows = layout.y[visible] * layout.sign
        m = visible.shape[0]
        # Children in drawing order (left to right, then up), as Python lists for the walk.
        has = np.flatnonzero(self.parent >= 0)
        order = has[np.lexsort((self.rows[has], self.x[has], self.parent[has]))]
        counts = np.bincount(self.parent[has], minlength=m)
        offsets = np.concatenate([[0], np.cumsum(counts)]).tolist()
        ordered = order.tolist()
        self.kids: list[list[int]] = [ordered[offsets[i] : offsets[i + 1]] for i in range(m)]
        roots = np.flatnonzero(self.parent < 0)
        self.roots: list[int] = roots[np.lexsort((self.rows[roots], self.x[roots]))].tolist()
        self.pieces = Pieces(
            m,
            capacity.rows,
            max(1, layout.options.team_rows),
            layout.options.arrangement is Arrangement.COMPACT,
        )
        # Pages as they are made (bottom-up): their items, manager (W index, -1), kind, part.
        self.page_items: list[list[int]] = []
        self.page_manager: list[int] = []
        self.page_kind: list[PartKind] = []
        self.page_part: list[tuple[int, int]] = []

    def run(self) -> PagePlan:
        depth = self.chart.depth[self.nodes]
        for v in np.argsort(-depth, kind="stable").tolist():
            self.cut_below(v)
        if self.roots:  # the tops (the chief executive; any loose parts beside them)
            for run in self.pack(list(self.roots), self.roots, set(self.roots)):
                self.make_page(run, -1, PartKind.TOP)
        return self.finish()

    # -- cutting --------------------------------------------------------------------------

    def cut_below(self, v: int) -> None:
        kids = self.kids[v]
        pieces, columns = self.pieces, self.capacity.columns
        if not kids:
            return
        if pieces.fits(kids, True, columns):
            pieces.settle(v, list(kids))
            return
        # Teams first: let go of teams too tall to sit on v's row, then the widest ones,
        # then, while the levels above v are too tall together, the tallest.
        rows = self.capacity.rows
        cut = {c for c in kids if pieces.height(c) >= rows}
        estimate = sum(1.0 if c in cut else pieces.width[c] for c in kids)
        for c in sorted(
            (c for c in kids if c not in cut and pieces.items[c]), key=lambda c: -pieces.width[c]
        ):
            if estimate <= columns:
                break
            cut.add(c)
            estimate -= pieces.width[c] - 1
        items = self.cut_items(kids, cut)
        if not pieces.fits(items, True, columns):
            for tallest in sorted({pieces.height(c) for c in kids if c not in cut}, reverse=True):
                cut |= {c for c in kids if pieces.items[c] and pieces.height(c) >= tallest}
                items = self.cut_items(kids, cut)
                if pieces.fits(items, True, columns):
                    break
        if pieces.fits(items, True, columns):
            for run in self.pack([c for c in kids if c in cut], kids, cut):
                self.make_page(run, v, PartKind.TEAMS)  # in order: the pages the stubs name
            pieces.settle(v, items)
            return
        # Levels: v's reports, all of them, go on pages of their own.
        runs = self.pack(list(kids), kids, set(kids))
        stubs = [
            stub(self.make_page(run, v, PartKind.REPORTS, (i + 1, len(runs))))
            for i, run in enumerate(runs)
        ]
        most = columns * (rows - 1)
        while len(stubs) > most:
            per_page = columns * rows
            stubs = [
                stub(self.make_page(stubs[i : i + per_page], v, PartKind.INDEX))
                for i in range(0, len(stubs), per_page)
            ]
        pieces.settle(v, stubs)

    def cut_items(self, kids: list[int], cut: set[int]) -> list[int]:
        """``kids`` with each page's worth of consecutive cut ones replaced by one stub (for
        the pages :meth:`make_page` will number next)."""
        first = len(self.page_items)
        starts = {
            run[0]: first + i
            for i, run in enumerate(self.pack([c for c in kids if c in cut], kids, cut))
        }
        items: list[int] = []
        for c in kids:
            if c in starts:
                items.append(stub(starts[c]))
            elif c not in cut:
                items.append(c)
        return items

    def pack(self, chosen: list[int], kids: list[int], cut: set[int]) -> list[list[int]]:
        """The ``chosen`` reports in runs a page each: consecutive among ``kids`` (nothing
        kept between them), as many as fit together."""
        runs: list[list[int]] = []
        position = {c: i for i, c in enumerate(kids)} if len(chosen) < len(kids) else None
        previous = -2
        columns = self.capacity.columns
        empty = self.pieces.run(on_parent=False)
        measure = empty
        for at_chosen, c in enumerate(chosen):
            at = position[c] if position is not None else at_chosen
            grown = measure.with_item(c)
            if runs and at == previous + 1 and grown.fits(columns):
                runs[-1].append(c)
                measure = grown
            else:
                runs.append([c])
                measure = empty.with_item(c)
            previous = at
        return runs

    def make_page(
        self, items: list[int], manager: int, kind: PartKind, part: tuple[int, int] = (1, 1)
    ) -> int:
        self.page_items.append(items)
        self.page_manager.append(manager)
        self.page_kind.append(kind)
        self.page_part.append(part)
        return len(self.page_items) - 1

    # -- the pages in reading order -------------------------------------------------------

    def finish(self) -> PagePlan:
        made = len(self.page_items)
        placed = [self.pieces.place(items, self.nodes) for items in self.page_items]
        stubs_of = [[Stub(*each) for each in laid[3]] for laid in placed]
        # Reading order: the top pages, each followed depth first by where its stubs lead.
        order: list[int] = []
        stack = [p for p in reversed(range(made)) if self.page_kind[p] is PartKind.TOP]
        while stack:
            page = stack.pop()
            order.append(page)
            stack.extend(s.page for s in reversed(stubs_of[page]))
        number = {page: i for i, page in enumerate(order)}
        from_page = [-1] * made
        people = [0] * made
        beyond = [0] * made
        boxes: list[tuple[float, float, float, float]] = [(0.0, 0.0, 0.0, 0.0)] * made
        real = self.chart.real[self.nodes]
        page_of = np.full(len(self.chart), -1, dtype=np.int64)
        for page in range(made):  # made bottom-up: a stub's page is made before its own
            w_nodes = placed[page][0]
            for s in stubs_of[page]:
                from_page[s.page] = page
            people[page] = int(np.count_nonzero(real[w_nodes]))
            beyond[page] = sum(people[s.page] + beyond[s.page] for s in stubs_of[page])
            page_of[self.nodes[w_nodes]] = number[page]
            boxes[page] = self.box(w_nodes, [boxes[s.page] for s in stubs_of[page]])
        pages: list[PagePart] = []
        for page in order:
            w_nodes, x, row, _stubs, width, height = placed[page]
            manager = self.page_manager[page]
            heads = np.asarray([i for i in self.page_items[page] if i >= 0], dtype=np.int64)
            pages.append(
                PagePart(
                    kind=self.page_kind[page],
                    nodes=self.nodes[w_nodes],
                    x=x,
                    row=row,
                    stubs=[s._replace(page=number[s.page]) for s in stubs_of[page]],
                    manager=int(self.nodes[manager]) if manager >= 0 else -1,
                    from_page=number[from_page[page]] if from_page[page] >= 0 else -1,
                    heads=self.nodes[heads],
                    width=width,
                    height=height,
                    people=people[page],
                    beyond=beyond[page],
                    part_number=self.page_part[page][0],
                    part_count=self.page_part[page][1],
                    box=boxes[page],
                )
            )
        xs, rows = self.x, self.rows
        whole = (
            (float(xs.min()) - 0.5, float(xs.max()) + 0.5, float(rows.min()), float(rows.max()))
            if xs.size
            else (0.0, 0.0, 0.0, 0.0)
        )
        return PagePlan(self.capacity, pages, page_of, whole)

    def box(
        self, w_nodes: IntArray, others: list[tuple[float, float, float, float]]
    ) -> tuple[float, float, float, float]:
        """Where a page's people are in the whole layout (an index page: its pages')."""
        if w_nodes.size:
            xs, rows = self.x[w_nodes], self.rows[w_nodes]
            return (
                float(xs.min()) - 0.5,
                float(xs.max()) + 0.5,
                float(rows.min()) - 0.5,
                float(rows.max()) + 0.5,
            )
        if not others:
            return (0.0, 0.0, 0.0, 0.0)
        return (
            min(b[0] for b in others),
            max(b[1] for b in others),
            min(b[2] for b in others),
            max(b[3] for b in others),
        )
