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

Each tier is shaded behind its own people: its band spans them (half a slot beyond the outermost)
and tapers into the next tier's span halfway between their rows, so the shading follows the
people at every zoom. Tiers are named by level in the whole organisation ("Chief executive",
"Level 3"); only a tier that holds nobody but people without reports is called "Front line".
A focused team can bring the chain of managers it hangs from (:class:`ContextChain`): drawn
below the team for orientation, never counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from pyramid_app.model.org import ROOT_ID, OrgChart
from pyramid_app.model.tree import IntArray

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

APART_GAP = 4.0  # slots between the pyramid and the people not connected to its chief executive
CUSTOMER_GAP = 0.45  # rows between the top tier's shading and the customer band
CUSTOMER_HEIGHT = 1.2
# A chart of many rows (compact stacks) gives the customers up to this many rows, so their
# segments' names keep room for a few lines at fit.
CUSTOMER_MAX_HEIGHT = 3.0


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


class Band(NamedTuple):
    """A horizontal band: one tier of the organisation, shaded behind its people.

    ``y_low``/``y_high`` are in layout rows (before the orientation flip the root is lowest);
    ``row_low``/``row_high`` are the first and last rows holding its people (a compact tier
    stacks teams in several rows) and ``x_low``/``x_high`` the span of its people, half a slot
    beyond the outermost. A named tuple, as a 200,000-level chain has as many bands.
    """

    label: str  # "Chief executive", "Level 3", "Front line", or a focused manager's title
    tier: int
    level: int  # depth in the whole organisation: a focus keeps the numbers (-1: customers)
    y_low: float
    y_high: float
    row_low: float
    row_high: float
    x_low: float
    x_high: float
    headcount: int  # real people shown in the tier
    front_line: int  # of them, people without reports
    detail: str = ""  # said after the count: "62 front line", or a focused manager's level

    @property
    def heading(self) -> str:
        """The name and the headcount: "Level 5 · 91"."""
        return f"{self.label} · {self.headcount:,}" if self.headcount else self.label

    @property
    def caption(self) -> str:
        """Everything on one line: "Level 5 · 91 · 62 front line"."""
        return f"{self.heading} · {self.detail}" if self.detail else self.heading


@dataclass(frozen=True)
class TierSpans:
    """Per tier, as arrays (the bands' numbers, for painting thousands of tiers at once)."""

    y_low: FloatArray
    y_high: FloatArray
    row_low: FloatArray
    row_high: FloatArray
    x_low: FloatArray
    x_high: FloatArray
    # Slots from the outermost person on each side to the next one in (inf: alone). Someone
    # with room around them may be drawn wider than a slot (a card), and the shading follows.
    gap_low: FloatArray
    gap_high: FloatArray


@dataclass(frozen=True)
class ContextChain:
    """The managers a focused team hangs from: its manager first, the chief executive last.

    Shown grey below the team so the reader keeps their bearings; they are not in the chart
    drawn and count nowhere.
    """

    ids: list[str]
    names: list[str]
    titles: list[str]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class CustomerSegment:
    label: str
    x_low: float
    x_high: float


@dataclass(frozen=True)
class ApartGroup:
    """Where the people not connected to the chief executive are drawn: beside the pyramid,
    in a box of their own (layout rows, not oriented), with their count."""

    x_low: float
    x_high: float
    y_low: float
    y_high: float
    people: int  # real people in it, shown or not

    @property
    def caption(self) -> str:
        return f"Not connected to the chief executive · {self.people:,}"


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
    spans: TierSpans
    customer_band: Band
    customer_segments: list[CustomerSegment]
    edges: IntArray  # (manager, report) pairs of visible nodes
    options: LayoutOptions
    context: ContextChain | None = None
    # Where the context chain is drawn: under the chart's root, one row a level (oriented y).
    context_x: float = 0.0
    context_y: FloatArray | None = None
    apart: ApartGroup | None = None  # the people not connected to the chief executive

    @property
    def visible_index(self) -> IntArray:
        return np.flatnonzero(self.visible)

    @property
    def sign(self) -> float:
        return 1.0 if self.options.inverted else -1.0

    @property
    def half_width(self) -> float:
        return self.customer_band.x_high

    @property
    def first_level(self) -> int:
        """The level of the chart's root in the whole organisation (a focused team's depth)."""
        return len(self.context) if self.context is not None else 0

    def bounds(self) -> tuple[float, float, float, float]:
        """(x_min, x_max, y_min, y_max) of everything drawn: bands, customers, context chain."""
        bottom = self.bands[0].y_low - self.first_level
        ys = [self.sign * self.customer_band.y_high, self.sign * bottom]
        x_high = self.half_width
        if self.apart is not None:
            x_high = max(x_high, self.apart.x_high)
            ys.append(self.sign * self.apart.y_high)
        return -self.half_width, x_high, min(ys), max(ys)


def layout_inverted(
    chart: OrgChart,
    options: LayoutOptions | None = None,
    customer_segments: list[str] | None = None,
    context: ContextChain | None = None,
) -> PyramidLayout:
    """Lay out ``chart`` as a pyramid; see the module docstring for the arrangements.

    ``context`` is the chain of managers below a focused team (``chart`` is the team): the
    tiers keep their levels in the whole organisation and the chain is placed under the root.
    """
    options = options or LayoutOptions()
    n = len(chart)
    parent = chart.parent
    visible, hidden_below = _visibility(chart, options.collapsed)
    has_parent = visible & (parent >= 0)
    shown_reports = np.bincount(parent[has_parent], minlength=n)
    leaf = visible & (shown_reports == 0)
    apart = drawn_apart(chart)
    size = _visible_subtree_sizes(chart, visible)
    children = _pyramid_first(chart, _balanced_children(chart, size), apart)
    order = _preorder(chart, visible, size, children)
    # A synthetic root under a chief executive is not drawn: the chief stands at the bottom and
    # the parts not connected to them beside the pyramid. Under several tops it stays, as the
    # "Organisation" below them, and the real tops are level 0 one tier up.
    hidden_root = bool(n) and bool(chart.synthetic[chart.root]) and chart.chief is not None
    depth_shift = 1 if hidden_root else 0
    level_shift = chart.level_offset - depth_shift  # tier of level 0

    tier = np.where(visible, chart.depth - depth_shift, -1)
    row = np.zeros(n, dtype=np.int64)  # extra rows above the tier's base (compact stacks)
    x = np.full(n, np.nan)
    if options.arrangement is Arrangement.COMPACT:
        _compact_columns(chart, order, leaf, shown_reports, max(1, options.team_rows), x, row)
    else:
        leaves_in_order = order[leaf[order]]
        x[leaves_in_order] = np.arange(leaves_in_order.shape[0], dtype=np.float64)
    _centre_managers(chart, visible, leaf, x, children)
    in_pyramid = visible & ~apart
    if apart.any():
        x[apart] += APART_GAP  # the loose parts come after the pyramid in drawing order
        tops = chart.children(chart.root)
        tops = tops[in_pyramid[tops]]
        if tops.size and not hidden_root:  # the synthetic root stays under the real tops
            x[chart.root] = (np.nanmin(x[tops]) + np.nanmax(x[tops])) / 2
    if hidden_root:
        root = chart.root
        visible = visible.copy()
        visible[root] = in_pyramid[root] = False
        x[root] = np.nan
        tier[root] = -1
        has_parent &= visible[parent.clip(min=0)]
    front_line_tier = None
    no_reports = visible & (chart.span_of_control == 0)
    if options.arrangement is Arrangement.FRONT_LINE and no_reports.any():
        # The people without reports rise to one tier above every manager shown; a collapsed
        # manager has reports, so it keeps its level and the top tier stays all front line.
        managers_shown = visible & ~no_reports
        front_line_tier = max(
            int(chart.depth[visible].max()),
            int(chart.depth[managers_shown].max()) + 1 if managers_shown.any() else 0,
        )
        tier = np.where(no_reports, front_line_tier, tier)
    if in_pyramid.any():
        x -= (np.nanmin(x[in_pyramid]) + np.nanmax(x[in_pyramid])) / 2

    tiers = int(tier.max()) + 1 if visible.any() else 1
    rows_per_tier = np.ones(tiers, dtype=np.int64)
    np.maximum.at(rows_per_tier, tier[visible], row[visible] + 1)
    base = np.concatenate([[0], np.cumsum(rows_per_tier)[:-1]]).astype(np.float64)
    y_rows = np.where(visible, base[tier.clip(min=0)] + row, np.nan)
    sign = 1.0 if options.inverted else -1.0

    half_width = (np.nanmax(np.abs(x[in_pyramid])) if in_pyramid.any() else 0.0) + 0.5
    spans = _tier_spans(tier, in_pyramid, x, base, rows_per_tier)
    first_level = len(context) if context is not None else 0
    bands = _bands(chart, tier, in_pyramid, spans, first_level, front_line_tier, level_shift)
    top = bands[-1].y_high
    customer_height = float(
        np.clip(0.1 * (top - bands[0].y_low), CUSTOMER_HEIGHT, CUSTOMER_MAX_HEIGHT)
    )
    customer_band = Band(
        label="Customers",
        tier=tiers,
        level=-1,
        y_low=top + CUSTOMER_GAP,
        y_high=top + CUSTOMER_GAP + customer_height,
        row_low=top + CUSTOMER_GAP,
        row_high=top + CUSTOMER_GAP + customer_height,
        x_low=-half_width,
        x_high=half_width,
        headcount=0,
        front_line=0,
    )
    labels = customer_segments or ["Customers"]
    step = 2 * half_width / len(labels)
    segments = [
        CustomerSegment(label, -half_width + i * step, -half_width + (i + 1) * step)
        for i, label in enumerate(labels)
    ]
    child = np.flatnonzero(has_parent)
    root_x = float(x[chart.root]) if len(chart) and visible[chart.root] else 0.0
    if hidden_root and chart.chief is not None:
        root_x = float(x[chart.chief])
    return PyramidLayout(
        x=x,
        y=sign * y_rows,
        visible=visible,
        tier=tier,
        hidden_below=hidden_below,
        bands=bands,
        spans=spans,
        customer_band=customer_band,
        customer_segments=segments,
        edges=np.stack([parent[child], child], axis=1),
        options=options,
        context=context if first_level else None,
        context_x=root_x,
        context_y=sign * -np.arange(1.0, first_level + 1.0) if first_level else None,
        apart=_apart_group(chart, visible & apart, x, y_rows),
    )


def drawn_apart(chart: OrgChart) -> BoolArray:
    """Per node: drawn in the box beside the pyramid rather than on a tier (the people not
    connected to the chief executive and the groups above them). Nobody connected (every
    manager of the file missing): the loose parts are all there is, so they are the pyramid
    rather than a box beside an empty one."""
    if chart.connected.any():
        apart: BoolArray = chart.apart
        return apart
    return np.zeros(len(chart), dtype=bool)


def _pyramid_first(chart: OrgChart, children: IntArray, apart: BoolArray) -> IntArray:
    """The drawing order with the root's reports in the pyramid first, the ``apart`` ones after
    (each group keeping its order), so the loose parts can be moved beside the pyramid."""
    if not apart.any():
        return children
    lo, hi = int(chart.child_offsets[chart.root]), int(chart.child_offsets[chart.root + 1])
    tops = children[lo:hi]
    ordered = children.copy()
    ordered[lo:hi] = np.concatenate([tops[~apart[tops]], tops[apart[tops]]])
    return ordered


def _apart_group(
    chart: OrgChart, shown: BoolArray, x: FloatArray, y_rows: FloatArray
) -> ApartGroup | None:
    if not shown.any():
        return None
    return ApartGroup(
        x_low=float(np.nanmin(x[shown])) - 0.5,
        x_high=float(np.nanmax(x[shown])) + 0.5,
        y_low=float(np.nanmin(y_rows[shown])) - 0.5,
        y_high=float(np.nanmax(y_rows[shown])) + 0.5,
        people=int(np.count_nonzero(chart.not_connected)),
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


def _tier_spans(
    tier: IntArray, visible: BoolArray, x: FloatArray, base: FloatArray, rows_per_tier: IntArray
) -> TierSpans:
    """Each tier's rows and the span of its people, half a slot beyond the outermost."""
    tiers = rows_per_tier.shape[0]
    if visible.all():
        xs, tiers_of = x, tier
    else:
        shown = np.flatnonzero(visible)
        xs, tiers_of = x[shown], tier[shown]
    low = np.full(tiers, np.inf)
    high = np.full(tiers, -np.inf)
    np.minimum.at(low, tiers_of, xs)
    np.maximum.at(high, tiers_of, xs)
    empty = ~np.isfinite(low)  # a tier nobody is shown in keeps a slot in the middle
    low[empty], high[empty] = 0.0, 0.0
    next_low = np.full(tiers, np.inf)
    next_high = np.full(tiers, -np.inf)
    inward = xs > low[tiers_of]
    np.minimum.at(next_low, tiers_of[inward], xs[inward])
    inward = xs < high[tiers_of]
    np.maximum.at(next_high, tiers_of[inward], xs[inward])
    rows = rows_per_tier.astype(np.float64)
    return TierSpans(
        y_low=base - 0.5,
        y_high=base + rows - 0.5,
        row_low=base.copy(),
        row_high=base + rows - 1,
        x_low=low - 0.5,
        x_high=high + 0.5,
        gap_low=next_low - low,
        gap_high=high - next_high,
    )


def _bands(
    chart: OrgChart,
    tier: IntArray,
    visible: BoolArray,
    spans: TierSpans,
    first_level: int,
    front_line_tier: int | None,
    level_shift: int = 0,
) -> list[Band]:
    """One band per tier, named by its level in the whole organisation.

    The headcount is of real people (the status bar's "people"), and the front-line count of
    those without reports, so the bands' front-line counts add up to the chart's front line.
    """
    tiers = spans.y_low.shape[0]
    real = visible & chart.real
    counts = np.bincount(tier[real], minlength=tiers)
    no_reports = np.bincount(tier[real & (chart.span_of_control == 0)], minlength=tiers)
    labels = [f"Level {first_level + level - level_shift:,}" for level in range(tiers)]
    details = [f"{count:,} front line" if count else "" for count in no_reports.tolist()]
    if len(chart):
        root = chart.root
        if first_level:
            # The focused manager: their title (or name) says whose team this is.
            labels[0] = chart.titles[root] or chart.names[root] or chart.ids[root]
            details[0] = f"Level {first_level:,}"
        elif level_shift and chart.ids[root] == ROOT_ID:
            labels[0] = "Organisation"
            details[0] = "not a person: the file has several tops"
        elif level_shift:
            labels[0] = chart.names[root] or chart.ids[root]  # a focused group of the loose rows
            details[0] = "not a person"
        else:
            labels[0] = "Chief executive"
    if (
        front_line_tier is not None
        and front_line_tier > 0
        and counts[front_line_tier] == no_reports[front_line_tier]
    ):
        labels[front_line_tier] = "Front line"
        details[front_line_tier] = ""
    columns = zip(
        labels,
        range(tiers),
        range(first_level - level_shift, first_level - level_shift + tiers),
        spans.y_low.tolist(),
        spans.y_high.tolist(),
        spans.row_low.tolist(),
        spans.row_high.tolist(),
        spans.x_low.tolist(),
        spans.x_high.tolist(),
        counts.tolist(),
        no_reports.tolist(),
        details,
        strict=True,
    )
    return [Band(*column) for column in columns]


def outline_knots(spans: TierSpans) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The shading's left and right edges, four knots a tier going up (layout rows, not
    oriented): the tier's lower edge, its first row of people, its last row, its upper edge.

    Between rows of people the edges run straight from one tier's span to the next one's, so
    tier ``t`` is the polygon through knots ``4t .. 4t + 3`` and every person lies inside the
    band of their tier. Returns (y, left, right), each of length ``4 * tiers``.
    """
    low, high = spans.x_low, spans.x_high
    # Where two tiers meet, halfway between their rows, the edge is halfway between spans.
    below_low = np.concatenate([low[:1], (low[:-1] + low[1:]) / 2])
    below_high = np.concatenate([high[:1], (high[:-1] + high[1:]) / 2])
    above_low = np.concatenate([below_low[1:], low[-1:]])
    above_high = np.concatenate([below_high[1:], high[-1:]])
    y = np.stack([spans.y_low, spans.row_low, spans.row_high, spans.y_high], axis=1).ravel()
    left = np.stack([below_low, low, low, above_low], axis=1).ravel()
    right = np.stack([below_high, high, high, above_high], axis=1).ravel()
    return y, left, right


def band_polygon(layout: PyramidLayout, tier: int) -> list[tuple[float, float]]:
    """The shaded outline of one tier, oriented like ``layout.y``: up the left edge, down the
    right one."""
    y, left, right = outline_knots(layout.spans)
    knots = slice(4 * tier, 4 * tier + 4)
    ys = (layout.sign * y[knots]).tolist()
    up = zip(left[knots].tolist(), ys, strict=True)
    down = zip(right[knots].tolist()[::-1], ys[::-1], strict=True)
    return [*up, *down]
