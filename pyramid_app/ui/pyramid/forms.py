"""How each person in view is drawn: a card, a name, or a mark, chosen per place.

A person is drawn in the most detailed form that fits where they stand:

* a card (name and title) where the nearest neighbour on their row is a card's width away and
  the nearest other row a card's height;
* a name across, under the mark: on one line where the names of the row fit there, else, in a
  row tall enough, alternating between two lines (every other person along the row takes the
  second line, so a name may reach halfway to the person two along rather than one);
* a name beside the mark, on the mark's own line, where the gap on its right is wide;
* a name written upright, hanging from the mark in a narrow column, only where nothing across
  fits;
* a mark otherwise.

A name is never cut shorter than its first name: a person whose first name fits no placement
stays a mark. Every form keeps within its share of the room to its neighbours (half the gap to
the next name on the same line, clear of a card or an upright column beside it), so two
neighbours never overlap whatever each of them is drawn as. All sizes follow the text size
(:class:`TextSizes`), so larger text is placed anew, never over its neighbours.

The room is a layout-time array in slots and rows (:attr:`SceneData.room`); a frame scales it by
the zoom. Only people with enough room for a name can be anything but a mark, and they are found
by a binary search in the nodes sorted by room (zoomed out: the few at the bottom of the
pyramid) or among the people in view (zoomed in), whichever is fewer, so a million marks cost
nothing here; the names of those few are measured once and kept. Links are chosen the same way:
drawn where the reports at their end can be told apart, found by the rectangle both ends span.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QRectF

from pyramid_app.ui.pyramid.marks import mark_size, named_mark_size
from pyramid_app.ui.pyramid.scene import (
    MAX_CARDS,
    MAX_LINKS,
    MAX_NAMES,
    MIN_LINK_ROW_PIXELS,
    MIN_LINK_SLOT_PIXELS,
    FloatArray,
    Geometry,
    IntArray,
    SceneData,
)

BoolArray = npt.NDArray[np.bool_]
EMPTY = np.zeros(0, dtype=np.int64)
NO_ROOM = np.zeros(0, dtype=np.float64)
SIDE_GAP = 4.0  # pixels between a mark and the name beside it
# The people with room looked at closely in one frame (their names measured): as many as can
# be drawn with a card or a name.
MAX_CANDIDATES = MAX_CARDS + 3 * MAX_NAMES

# Pixels of each node's whole name and of its first name, in the font names are written in.
NameWidths = Callable[[IntArray], tuple[FloatArray, FloatArray]]


@dataclass(frozen=True)
class Forms:
    """The people in view drawn as more than a mark, each list most room first, and the room
    each name has: its width across or beside the mark, its length upright."""

    geometry: Geometry
    cards: IntArray
    names: IntArray  # across, under the mark
    upright: IntArray  # written upright, hanging from the mark
    side: IntArray = field(default_factory=lambda: EMPTY)  # beside the mark, on its line
    names_room: FloatArray = field(default_factory=lambda: NO_ROOM)
    names_left: FloatArray = field(default_factory=lambda: NO_ROOM)  # of it, left of the mark
    names_line: IntArray = field(default_factory=lambda: EMPTY)  # 0 right under the mark, 1 below
    upright_room: FloatArray = field(default_factory=lambda: NO_ROOM)
    side_room: FloatArray = field(default_factory=lambda: NO_ROOM)
    # Who was looked at, and whether every name stayed clear of the view's edges: then the
    # same people at the same zoom, panned, are drawn the same (see :func:`choose_forms`).
    considered: IntArray = field(default_factory=lambda: EMPTY)
    clear_of_edges: bool = False

    def named(self) -> IntArray:
        """Everyone drawn with a name but no card."""
        return np.concatenate([self.names, self.upright, self.side])


def _most_room_first(
    data: SceneData,
    by_room: IntArray,
    less_room: FloatArray,
    least: float,
    in_view: int,
    near: QRectF,
    query: Callable[[], IntArray],
) -> IntArray:
    """The nodes of ``by_room`` with at least ``least`` slots of room that are ``near`` the view,
    most room first: from the head of ``by_room`` when fewer have that room than are in view,
    else from ``query()`` (the nodes in view), filtered."""
    roomy = int(np.searchsorted(less_room, -least, side="right"))
    if roomy <= in_view:
        nodes = by_room[:roomy]
        x, y = data.layout.x[nodes], data.layout.y[nodes]
        inside = (x >= near.left()) & (x <= near.right()) & (y >= near.top()) & (y <= near.bottom())
        return nodes[inside]
    nodes = query()
    nodes = nodes[data.room[nodes] >= least]
    return nodes[np.argsort(-data.room[nodes], kind="stable")]


def choose_forms(
    data: SceneData, geometry: Geometry, widths: NameWidths, last: Forms | None = None
) -> Forms:
    """Each person's form for this view (see the module docstring); ``widths`` measures names.

    ``last``, the forms of the frame before: a pan at the same zoom that looks at the same
    people, none of whose names comes near the view's edges, keeps their forms as they were
    (panning is most of what a user does, and the choice costs more than the rest of a frame's
    bookkeeping)."""
    sizes = geometry.sizes
    slot_px, row_px = geometry.slot_px, geometry.row_px
    finest_row = data.widest_row_room * row_px
    if slot_px <= 0 or row_px <= 0 or finest_row < sizes.side_row:
        return Forms(geometry, EMPTY, EMPTY, EMPTY)
    least_px = sizes.name_least if finest_row >= sizes.name_row else sizes.side_room
    # Cards and names that reach into the view count, though their person is just outside.
    near = geometry.grown(
        sizes.card_width / 2 + 2, sizes.card_height / 2 + sizes.upright_max_length
    )
    nodes = _most_room_first(
        data,
        data.by_room,
        data.less_room,
        least_px / slot_px,
        data.count_across(near.left(), near.right()),
        near,
        lambda: data.in_rect(near),
    )
    x = data.layout.x[nodes]
    # The farthest any name reaches from its person: beside the mark, and a card's half.
    reach = (sizes.side_max_width + 30.0 * sizes.scale) / slot_px
    clear = bool(np.all((x - geometry.left >= reach) & (geometry.right - x >= reach)))
    if last is not None and _only_panned(last, geometry, clear, nodes):
        return replace(last, geometry=geometry)
    room_px = data.room[nodes] * slot_px
    row_room_px = data.room_y[nodes] * row_px
    card = (room_px >= sizes.card_room) & (row_room_px >= sizes.card_row)
    cards, rest = nodes[card], nodes[~card]
    if cards.shape[0] > MAX_CARDS:
        # The cards past the cap have more room than any name: they lead the names.
        rest = np.concatenate([cards[MAX_CARDS:], rest])
        cards = cards[:MAX_CARDS]
    forms = _choose_names(data, geometry, cards, rest[:MAX_CANDIDATES], widths)
    return replace(forms, considered=nodes, clear_of_edges=clear)


def _only_panned(last: Forms, geometry: Geometry, clear: bool, nodes: IntArray) -> bool:
    """Whether ``last`` holds for ``geometry``: the same zoom and text, the same people looked
    at, and names clear of the view's edges both times (only those edges depend on a pan)."""
    before = last.geometry
    return (
        clear
        and last.clear_of_edges
        and abs(before.slot_px - geometry.slot_px) <= 1e-9 * geometry.slot_px
        and abs(before.row_px - geometry.row_px) <= 1e-9 * geometry.row_px
        and before.y_down == geometry.y_down
        and before.sizes == geometry.sizes
        and np.array_equal(last.considered, nodes)
    )


def _choose_names(
    data: SceneData, geometry: Geometry, cards: IntArray, nodes: IntArray, widths: NameWidths
) -> Forms:
    """Of ``nodes`` (not cards, most room first), who is named, where and in how much room."""
    count = nodes.shape[0]
    if count == 0:
        return Forms(geometry, cards, EMPTY, EMPTY)
    sizes = geometry.sizes
    slot_px, row_px = geometry.slot_px, geometry.row_px
    margin = sizes.name_margin
    xs = data.layout.x
    x = xs[nodes]
    # The neighbours on the row, one and two along either side (-1: none), and pixels to them.
    near = np.empty((4, count), dtype=np.int64)
    near[0], near[1] = data.left[nodes], data.right[nodes]
    near[2] = np.where(near[0] >= 0, data.left[np.maximum(near[0], 0)], -1)
    near[3] = np.where(near[1] >= 0, data.right[np.maximum(near[1], 0)], -1)
    gaps = np.where(near >= 0, np.abs(xs[np.maximum(near, 0)] - x) * slot_px, np.inf)
    room_px = np.minimum(gaps[0], gaps[1])
    row_room_px = data.room_y[nodes] * row_px
    full, first = widths(nodes)
    # Never past the view's edges: a name there leans inward (or is not written).
    edges = np.empty((2, count))
    edges[0] = (x - geometry.left) * slot_px - 2
    edges[1] = (geometry.right - x) * slot_px - 2

    # One line under the mark: half the gap to each neighbour, whose name takes the other
    # half. A name is centred under its mark where it can be, else it leans to the roomier side.
    one_sides = _capped(np.minimum((gaps[:2] - margin) / 2, edges), sizes.name_max_width)
    one = one_sides.sum(axis=0)
    one[(row_room_px < sizes.name_row) | (room_px < sizes.name_least)] = -np.inf
    room, reach_left = one, one_sides[0]
    line = np.zeros(count, dtype=np.int64)
    staggered = np.zeros(count, dtype=bool)
    tall = (row_room_px >= sizes.stagger_row) & (room_px >= sizes.name_least)
    if tall.any():
        # Two lines, neighbours alternating: half the gap to the person two along, who shares
        # the line, and clear of a card beside (a card is as tall as both lines).
        sides = (gaps[2:] - margin) / 2
        if cards.shape[0]:
            beside_card = _among(near[:2].ravel(), cards).reshape(2, count)
            clear_of_card = gaps[:2] - sizes.card_width / 2 - margin
            sides = np.where(beside_card, np.minimum(sides, clear_of_card), sides)
        two_sides = _capped(np.minimum(sides, edges), sizes.name_max_width)
        two = np.where(tall, two_sides.sum(axis=0), -np.inf)
        # A row alternates when that shows someone more of their name; then all its names
        # across do, so each shares its line only with people two along.
        gains = (two > one) & (full > one) & (first <= two)
        if gains.any():
            rows = data.layout.y[nodes]
            staggered = _among(rows, rows[gains])
            room = np.where(staggered, two, one)
            reach_left = np.where(staggered, two_sides[0], one_sides[0])
            line = (staggered & data.odd[nodes]).astype(np.int64)
    across = first <= room

    mark_w, mark_h = named_mark_size(*mark_size(slot_px, row_px))
    line_px = sizes.label_line
    # Beside the mark, on its line, in the left half of the gap to the neighbour on the right.
    beside = np.minimum(gaps[1] / 2 - mark_w / 2 - SIDE_GAP - margin / 2, sizes.side_max_width)
    beside = np.minimum(beside, edges[1] - mark_w / 2 - SIDE_GAP)
    side = ~across & (gaps[1] >= sizes.side_room)
    side &= (row_room_px >= sizes.side_row) & (first <= beside)
    # Upright, hanging from the mark, where nothing across fits.
    upright = ~across & ~side & (room_px >= sizes.upright_room)
    upright &= row_room_px >= sizes.upright_row
    length = np.full(count, -np.inf)
    if upright.any():
        length[upright] = upright_length(data, geometry, nodes[upright], cards, mark_h)
        upright &= first <= length
    # On one line the room across leaves space for a name beside or upright; on two a name
    # may reach past its neighbour's mark: those rows are checked, name against name.
    checked = (side | upright) & staggered
    if checked.any() and across.any():
        kept = np.where(across, room, 0.0)
        text = np.minimum(full, kept)
        # Where each name across lies from its mark: centred, or pushed into its room.
        middle = np.clip(0.0, text / 2 - reach_left, kept - reach_left - text / 2)
        written = np.flatnonzero(across)
        written = written[np.argsort(nodes[written])]
        spans = np.empty((2, written.shape[0]))
        spans[0] = (middle - text / 2 - 2)[written]  # its backing
        spans[1] = (middle + text / 2 + 2)[written]
        tops = (mark_h / 2 + 1 + line[written] * line_px).astype(np.float64)
        # The box of each name beside or upright checked, from its mark.
        beside_it, half = side[checked], line_px / 2
        box = np.empty((4, beside_it.shape[0]))
        box[0] = np.where(beside_it, mark_w / 2 + SIDE_GAP - 1, -half - 1)
        box[1] = np.where(beside_it, box[0] + np.minimum(full, beside)[checked] + 4, half + 1)
        box[2] = np.where(beside_it, -half, mark_h / 2 + 1)
        box[3] = np.where(beside_it, half, box[2] + np.minimum(full, length)[checked] + 2)
        around = near[:, checked]
        clear = _clear_of(
            nodes[written],
            spans,
            tops,
            around,
            (xs[np.maximum(around, 0)] - x[checked]) * slot_px,
            box,
            line_px,
            margin,
        )
        side[checked] &= clear
        upright[checked] &= clear
    return Forms(
        geometry,
        cards,
        nodes[across][:MAX_NAMES],
        nodes[upright][:MAX_NAMES],
        nodes[side][:MAX_NAMES],
        names_room=room[across][:MAX_NAMES],
        names_left=reach_left[across][:MAX_NAMES],
        names_line=line[across][:MAX_NAMES],
        upright_room=length[upright][:MAX_NAMES],
        side_room=beside[side][:MAX_NAMES],
    )


def _capped(sides: FloatArray, most: float) -> FloatArray:
    """Pixels a name may reach left and right of its mark (``sides``: two rows), together at
    most ``most``: each side keeps its reach up to half of ``most``, the roomier side takes
    what is left."""
    capped = np.empty_like(sides)
    capped[0] = np.minimum(sides[0], most - np.minimum(sides[1], most / 2))
    capped[1] = np.minimum(sides[1], most - capped[0])
    return capped


def _clear_of(
    named: IntArray,
    spans: FloatArray,
    tops: FloatArray,
    near: IntArray,
    apart: FloatArray,
    box: FloatArray,
    line_px: int,
    margin: float,
) -> BoolArray:
    """Per person checked, whether their name's box (``box``: left, right, top, bottom in
    pixels from their mark) stays ``margin`` clear of the names across of their neighbours
    one and two along (``near``, ``apart`` pixels away; only they can reach that far).
    ``named`` are the people with names across, sorted, with their text's ``spans`` from
    their mark and the ``tops`` of their lines."""
    at = np.minimum(np.searchsorted(named, near), named.shape[0] - 1)
    meets = (near >= 0) & (named[at] == near)
    meets &= apart + spans[0][at] < box[1] + margin / 2
    meets &= apart + spans[1][at] > box[0] - margin / 2
    meets &= (tops[at] < box[3]) & (tops[at] + line_px > box[2])
    return np.asarray(~meets.any(axis=0))


def _among(values: npt.NDArray[np.generic], pool: npt.NDArray[np.generic]) -> BoolArray:
    """Whether each of ``values`` is in ``pool``: np.isin, by a direct compare when the pool
    is small (a frame's few cards or rows), which costs a tenth as much."""
    if pool.shape[0] == 0:
        return np.zeros(values.shape[0], dtype=bool)
    if pool.shape[0] <= 64:
        return np.asarray((values[:, None] == pool[None, :]).any(axis=1))
    return np.isin(values, pool)


def upright_length(
    data: SceneData, geometry: Geometry, nodes: IntArray, cards: IntArray, mark_h: int
) -> FloatArray:
    """Pixels each upright name may hang down from its mark (``mark_h`` pixels tall): down to
    the next row's marks, or clear of a card there."""
    sizes = geometry.sizes
    reach = data.room_y[nodes] * geometry.row_px
    blocked = np.zeros(nodes.shape[0], dtype=bool)
    if cards.shape[0] and nodes.shape[0]:
        layout = data.layout
        dx = (layout.x[cards][None, :] - layout.x[nodes][:, None]) * geometry.slot_px
        dy = (layout.y[cards][None, :] - layout.y[nodes][:, None]) * geometry.row_px
        dy *= geometry.y_down
        in_way = (np.abs(dx) < sizes.card_width / 2 + sizes.upright_room / 2) & (dy > 0)
        blocked = np.any(in_way & (dy - sizes.card_height / 2 < reach[:, None]), axis=1)
    clearance = np.where(blocked, sizes.card_height / 2 + 1, sizes.name_margin)
    return np.minimum(reach - mark_h / 2 - 2 - clearance - 5, sizes.upright_max_length)


def choose_links(data: SceneData, geometry: Geometry) -> IntArray:
    """The reports whose link from their manager is drawn in this view: the link crosses the
    view (either end may be outside it) and the reports on that row are far enough apart to
    tell their links apart. At most ``MAX_LINKS``, those with most room first."""
    if data.reports_by_room.shape[0] == 0 or geometry.slot_px <= 0:
        return EMPTY
    rect = geometry.grown(2, 2)
    index = data.links
    least = MIN_LINK_SLOT_PIXELS / geometry.slot_px
    roomy = int(np.searchsorted(data.reports_less_room, -least, side="right"))
    # Zoomed out, the few links with room are fewer than the people across the view: check
    # them alone, and the grouped index is never even built.
    crossing = data.count_across(rect.left(), rect.right())
    if roomy > crossing:
        ranges = index.ranges(rect.left(), rect.right())
        crossing = sum(b - a for a, b in ranges)
    if roomy <= crossing:
        reports = data.reports_by_room[:roomy]
        reports = reports[index.crosses(reports, rect)]
    else:
        reports = index.in_rect(rect, ranges)
        reports = reports[data.room[reports] >= least]
        if reports.shape[0] > MAX_LINKS:
            reports = reports[np.argsort(-data.room[reports], kind="stable")]
    reports = reports[data.room_y[reports] * geometry.row_px >= MIN_LINK_ROW_PIXELS]
    return reports[:MAX_LINKS]


def box_hits(
    px: FloatArray,
    py: FloatArray,
    left: FloatArray | float,
    right: FloatArray | float,
    top: FloatArray | float,
    bottom: FloatArray | float,
    x: float,
    y: float,
) -> npt.NDArray[np.bool_]:
    """Whether the pixel (x, y) falls in each box given relative to (px, py)."""
    dx, dy = x - px, y - py
    return (dx >= left) & (dx <= right) & (dy >= top) & (dy <= bottom)
