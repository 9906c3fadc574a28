"""The inverted pyramid as coordinates: pure numpy, a function of (chart, options).

Level 0 (the root) is drawn at the bottom and each level of reports higher up, with the
customer band above everyone. x is measured in slots (one card plus a gap), y in rows.

Three arrangements:

* ``tree``: visible leaves side by side in depth-first order, each manager centred between its
  first and last report, so subtrees never overlap.
* ``compact``: a team whose members have no reports of their own is stacked in columns of at
  most ``team_rows`` people rising toward the customers, so a 40-person team is 5 slots wide,
  not 40. The level holding stacked teams gets as many rows as its tallest stack.
* ``front_line``: like ``tree``, but everyone without reports sits on the top tier, right under
  the customers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from pyramid_app.model.org import OrgChart
from pyramid_app.model.tree import IntArray

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

CUSTOMER_GAP = 1.0  # rows between the top level and the customer band
CUSTOMER_HEIGHT = 1.2


class Arrangement(StrEnum):
    TREE = "tree"
    COMPACT = "compact"
    FRONT_LINE = "front_line"


@dataclass(frozen=True)
class LayoutOptions:
    arrangement: Arrangement = Arrangement.TREE
    inverted: bool = True  # False draws the conventional chart, root on top
    team_rows: int = 8  # compact: the most people stacked in one column of a team
    collapsed: frozenset[int] = frozenset()  # managers whose subtree is hidden


@dataclass(frozen=True)
class Band:
    """A horizontal band: a tier of the organisation, drawn as a trapezoid.

    ``y_low``/``y_high`` are in layout rows (before the orientation flip the root is lowest);
    the half widths are of the edge nearer the root and the edge nearer the customers.
    """

    label: str
    tier: int
    x_centre: float  # bands lean with the tree: each is centred on its own people
    y_low: float
    y_high: float
    half_width_root_side: float
    half_width_customer_side: float
    headcount: int


@dataclass(frozen=True)
class CustomerSegment:
    label: str
    x_low: float
    x_high: float


@dataclass
class PyramidLayout:
    """Where every visible node goes; ``x``/``y`` are NaN for hidden nodes.

    ``y`` already has the orientation applied: with ``inverted`` the root is lowest (smallest
    y) and the customers are on top; without it everything is mirrored vertically.
    """

    x: FloatArray
    y: FloatArray
    visible: BoolArray
    tier: IntArray  # the band each node is drawn in (-1 when hidden)
    hidden_below: IntArray  # how many people a collapse hides under each node
    bands: list[Band]
    customer_band: Band
    customer_segments: list[CustomerSegment]
    edges: IntArray  # (manager, report) pairs of visible nodes
    options: LayoutOptions

    @property
    def visible_index(self) -> IntArray:
        return np.flatnonzero(self.visible)

    @property
    def sign(self) -> float:
        return 1.0 if self.options.inverted else -1.0

    @property
    def half_width(self) -> float:
        return self.customer_band.half_width_root_side

    def bounds(self) -> tuple[float, float, float, float]:
        """(x_min, x_max, y_min, y_max) of everything drawn, bands and customers included."""
        ys = [self.sign * self.customer_band.y_high, self.sign * self.bands[0].y_low]
        gutter = max(1.0, 0.14 * self.half_width)  # room on the left for the band names
        return -self.half_width - gutter, self.half_width, min(ys), max(ys)


def layout_inverted(
    chart: OrgChart,
    options: LayoutOptions | None = None,
    customer_segments: list[str] | None = None,
) -> PyramidLayout:
    """Lay out ``chart`` as a pyramid; see the module docstring for the arrangements."""
    options = options or LayoutOptions()
    n = len(chart)
    parent = chart.parent
    visible, hidden_below = _visibility(chart, options.collapsed)
    has_parent = visible & (parent >= 0)
    shown_reports = np.bincount(parent[has_parent], minlength=n)
    leaf = visible & (shown_reports == 0)
    size = _visible_subtree_sizes(chart, visible)
    children = _balanced_children(chart, size)
    order = _preorder(chart, visible, size, children)

    tier = np.where(visible, chart.depth, -1)
    row = np.zeros(n, dtype=np.int64)  # extra rows above the tier's base (compact stacks)
    x = np.full(n, np.nan)
    if options.arrangement is Arrangement.COMPACT:
        _compact_columns(chart, order, leaf, shown_reports, max(1, options.team_rows), x, row)
    else:
        leaves_in_order = order[leaf[order]]
        x[leaves_in_order] = np.arange(leaves_in_order.shape[0], dtype=np.float64)
    _centre_managers(chart, visible, leaf, x, children)
    if options.arrangement is Arrangement.FRONT_LINE:
        tier = np.where(leaf, int(chart.depth[visible].max()), tier)
    if visible.any():
        x -= (np.nanmin(x) + np.nanmax(x)) / 2

    tiers = int(tier.max()) + 1 if visible.any() else 1
    rows_per_tier = np.ones(tiers, dtype=np.int64)
    np.maximum.at(rows_per_tier, tier[visible], row[visible] + 1)
    base = np.concatenate([[0], np.cumsum(rows_per_tier)[:-1]]).astype(np.float64)
    y_rows = np.where(visible, base[tier.clip(min=0)] + row, np.nan)
    sign = 1.0 if options.inverted else -1.0

    half_width = (np.nanmax(np.abs(x)) if visible.any() else 0.0) + 0.5
    bands = _bands(tier, visible, x, base, rows_per_tier, half_width)
    top = bands[-1].y_high
    customer_band = Band(
        label="Customers",
        tier=tiers,
        x_centre=0.0,
        y_low=top + CUSTOMER_GAP,
        y_high=top + CUSTOMER_GAP + CUSTOMER_HEIGHT,
        half_width_root_side=half_width,
        half_width_customer_side=half_width,
        headcount=0,
    )
    labels = customer_segments or ["Customers"]
    step = 2 * half_width / len(labels)
    segments = [
        CustomerSegment(label, -half_width + i * step, -half_width + (i + 1) * step)
        for i, label in enumerate(labels)
    ]
    child = np.flatnonzero(has_parent)
    return PyramidLayout(
        x=x,
        y=sign * y_rows,
        visible=visible,
        tier=tier,
        hidden_below=hidden_below,
        bands=bands,
        customer_band=customer_band,
        customer_segments=segments,
        edges=np.stack([parent[child], child], axis=1),
        options=options,
    )


def _visibility(chart: OrgChart, collapsed: frozenset[int]) -> tuple[BoolArray, IntArray]:
    """Nodes under a collapsed manager are hidden; the manager keeps the count of them."""
    n = len(chart)
    hidden_below = np.zeros(n, dtype=np.int64)
    heads = np.fromiter((i for i in collapsed if 0 <= i < n), dtype=np.int64)
    if heads.size == 0:
        return np.ones(n, dtype=bool), hidden_below
    blocked = np.zeros(n, dtype=bool)
    blocked[heads] = True
    hidden = np.zeros(n, dtype=bool)
    for level_nodes in chart.level_nodes[1:]:
        up = chart.parent[level_nodes]
        hidden[level_nodes] = hidden[up] | blocked[up]
    shown_heads = heads[~hidden[heads]]
    hidden_below[shown_heads] = chart.subtree_size[shown_heads] - 1
    return ~hidden, hidden_below


def _balanced_children(chart: OrgChart, size: IntArray) -> IntArray:
    """Reports in drawing order: the biggest team in the middle, smaller ones outward.

    Placing sibling subtrees centre-out by size keeps each manager near the middle of what they
    hold up, so the chart reads as a pyramid rather than leaning to whichever team the sheet
    lists first. Siblings of equal size (a front-line team) keep their sheet order. The result
    uses the chart's own offsets: ``result[offsets[i]:offsets[i + 1]]`` are i's reports.
    """
    offsets, index = chart.child_offsets, chart.child_index
    if index.shape[0] == 0:
        return index
    spans = np.diff(offsets)
    group = chart.parent[index]  # the manager of each entry; entries are grouped by manager
    sizes = size[index]
    starts = offsets[:-1][spans > 0]
    uniform = np.maximum.reduceat(sizes, starts) == np.minimum.reduceat(sizes, starts)
    uniform_of = np.zeros(len(chart), dtype=bool)
    uniform_of[np.flatnonzero(spans > 0)] = uniform
    by_size = np.lexsort((-sizes, group))  # within each manager: biggest first, then sheet order
    by_size = np.where(uniform_of[group], np.arange(index.shape[0]), by_size)
    rank = np.arange(index.shape[0]) - offsets[group]
    count = spans[group]
    middle = (count - 1) // 2
    step = (rank + 1) // 2
    place = np.where(uniform_of[group], rank, middle + np.where(rank % 2 == 1, step, -step))
    ordered = np.empty_like(index)
    ordered[offsets[group] + place] = index[by_size]
    return ordered


def _preorder(chart: OrgChart, visible: BoolArray, size: IntArray, children: IntArray) -> IntArray:
    """Visible nodes in depth-first order, reports in drawing order.

    A node's place is its manager's place + 1 + the sizes of its earlier siblings' subtrees;
    numpy computes that for a whole level at once.
    """
    n = len(chart)
    child_sizes = size[children]
    running = np.cumsum(child_sizes) - child_sizes
    spans = chart.span_of_control
    has = spans > 0
    group_start = np.repeat(running[chart.child_offsets[:-1][has]], spans[has])
    before_me = np.zeros(n, dtype=np.int64)
    before_me[children] = running - group_start
    place = np.zeros(n, dtype=np.int64)
    for level_nodes in chart.level_nodes[1:]:
        place[level_nodes] = place[chart.parent[level_nodes]] + 1 + before_me[level_nodes]
    shown = np.flatnonzero(visible)
    order = np.empty(shown.shape[0], dtype=np.int64)
    order[place[shown]] = shown
    return order


def _visible_subtree_sizes(chart: OrgChart, visible: BoolArray) -> IntArray:
    if visible.all():
        return chart.subtree_size
    size = visible.astype(np.int64)
    for level_nodes in reversed(chart.level_nodes[1:]):
        np.add.at(size, chart.parent[level_nodes], size[level_nodes])
    return size


def _centre_managers(
    chart: OrgChart, visible: BoolArray, leaf: BoolArray, x: FloatArray, children: IntArray
) -> None:
    """Deepest level first: each visible manager goes midway between its first and last report."""
    spans = chart.span_of_control
    has = spans > 0
    first_child = np.zeros(len(chart), dtype=np.int64)
    last_child = np.zeros(len(chart), dtype=np.int64)
    first_child[has] = children[chart.child_offsets[:-1][has]]
    last_child[has] = children[chart.child_offsets[1:][has] - 1]
    for level_nodes in reversed(chart.level_nodes):
        managers = level_nodes[visible[level_nodes] & ~leaf[level_nodes]]
        if managers.size:
            x[managers] = (x[first_child[managers]] + x[last_child[managers]]) / 2


def _compact_columns(
    chart: OrgChart,
    order: IntArray,
    leaf: BoolArray,
    shown_reports: IntArray,
    team_rows: int,
    x: FloatArray,
    row: IntArray,
) -> None:
    """Give leaves their x, stacking each all-leaf team in columns of ``team_rows``."""
    parent = chart.parent
    n = len(chart)
    leaf_reports = np.bincount(parent[leaf & (parent >= 0)], minlength=n)
    team_head = (shown_reports > 0) & (shown_reports == leaf_reports)
    stacked = leaf & (parent >= 0) & team_head[parent.clip(min=0)]
    # Columns each node claims, walked in depth-first order: a plain leaf one, a team head
    # ceil(team / rows), its stacked members none of their own.
    rows_of_team = np.minimum(shown_reports, team_rows).clip(min=1)
    claim = np.where(leaf & ~stacked, 1, 0)
    claim = np.where(team_head, -(-shown_reports // rows_of_team), claim)
    claimed = claim[order]
    first_column = np.zeros(n, dtype=np.int64)
    first_column[order] = np.cumsum(claimed) - claimed
    plain = order[(leaf & ~stacked)[order]]
    x[plain] = first_column[plain]
    members = order[stacked[order]]
    if members.size:
        heads = parent[members]
        starts_team = np.r_[True, heads[1:] != heads[:-1]]
        team_start = np.flatnonzero(starts_team)[np.cumsum(starts_team) - 1]
        rank = np.arange(members.size) - team_start
        rows = rows_of_team[heads]
        x[members] = first_column[heads] + rank // rows
        row[members] = rank % rows


def _bands(
    tier: IntArray,
    visible: BoolArray,
    x: FloatArray,
    base: FloatArray,
    rows_per_tier: IntArray,
    half_width: float,
) -> list[Band]:
    """One trapezoid per tier, each edge as wide as the headcount on that side."""
    tiers = rows_per_tier.shape[0]
    counts = np.bincount(tier[visible], minlength=tiers)
    widths = half_width * counts / max(int(counts.max()), 1)
    widths = np.maximum(widths, min(0.6, half_width))  # a lone chief still gets a band
    shown = np.flatnonzero(visible)
    low = np.full(tiers, np.inf)
    high = np.full(tiers, -np.inf)
    np.minimum.at(low, tier[shown], x[shown])
    np.maximum.at(high, tier[shown], x[shown])
    centres = np.where(np.isfinite(low), (low + high) / 2, 0.0)
    # Keep every band inside the customers' width.
    centres = np.clip(centres, -half_width + widths, half_width - widths)
    bands = []
    for level in range(tiers):
        above = widths[level + 1] if level + 1 < tiers else widths[level]
        bands.append(
            Band(
                label=tier_name(level, tiers),
                tier=level,
                x_centre=float(centres[level]),
                y_low=base[level] - 0.5,
                y_high=base[level] + rows_per_tier[level] - 0.5,
                half_width_root_side=float(widths[level]),
                half_width_customer_side=float(above),
                headcount=int(counts[level]),
            )
        )
    return bands


def tier_name(level: int, tiers: int) -> str:
    """Plain names an executive recognises for the bands."""
    if level == 0:
        return "Chief executive"
    if level == tiers - 1:
        return "Front line"
    return f"Level {level}"
