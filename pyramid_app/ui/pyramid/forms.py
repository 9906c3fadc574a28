"""How each person in view is drawn: a card, a name, or a mark, chosen per place.

A person is drawn in the most detailed form that fits where they stand: a card (name and title)
where the nearest neighbour on their row is a card's width away and the nearest other row a
card's height; a name across, under the mark, where a name fits; a name written upright in a
narrow column with tall rows; a name beside the mark, on its own line, in a row too short for a
name under it but with wide gaps on either side; a mark otherwise. Every form is narrower than
the room it needs, so two neighbours never overlap whatever each of them is drawn as.

The room is a layout-time array in slots and rows (:attr:`SceneData.room`); a frame scales it by
the zoom. Only people with enough room for a name can be anything but a mark, and they are found
by a binary search in the nodes sorted by room (zoomed out: the few at the bottom of the
pyramid) or among the people in view (zoomed in), whichever is fewer, so a million marks cost
nothing here. Links are chosen the same way: drawn where the reports at their end can be told
apart, found by the rectangle both ends span.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QRectF

from pyramid_app.ui.pyramid.scene import (
    CARD_HEIGHT,
    CARD_ROOM_PIXELS,
    CARD_ROW_PIXELS,
    CARD_WIDTH,
    MAX_CARDS,
    MAX_LINKS,
    MAX_NAMES,
    MIN_LINK_ROW_PIXELS,
    MIN_LINK_SLOT_PIXELS,
    NAME_MAX_WIDTH,
    NAME_ROOM_PIXELS,
    NAME_ROW_PIXELS,
    SIDE_MAX_WIDTH,
    SIDE_ROOM_PIXELS,
    SIDE_ROW_PIXELS,
    UPRIGHT_MAX_LENGTH,
    UPRIGHT_ROOM_PIXELS,
    UPRIGHT_ROW_PIXELS,
    FloatArray,
    Geometry,
    IntArray,
    SceneData,
)

EMPTY = np.zeros(0, dtype=np.int64)
# Room kept free beside a name across, and under an upright name (more when a card is there).
NAME_MARGIN = 8.0
UPRIGHT_CLEARANCE = CARD_HEIGHT / 2 + 1
SIDE_GAP = 4.0  # pixels between a mark and the name beside it


@dataclass(frozen=True)
class Forms:
    """The people in view drawn as more than a mark, each list most room first."""

    geometry: Geometry
    cards: IntArray
    names: IntArray  # across, under the mark
    upright: IntArray  # written upright, hanging from the mark
    side: IntArray = field(default_factory=lambda: EMPTY)  # beside the mark, on its line

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


def choose_forms(data: SceneData, geometry: Geometry) -> Forms:
    """Each person's form for this view (see the module docstring)."""
    slot_px, row_px = geometry.slot_px, geometry.row_px
    finest_row = data.widest_row_room * row_px
    if slot_px <= 0 or row_px <= 0 or finest_row < SIDE_ROW_PIXELS:
        return Forms(geometry, EMPTY, EMPTY, EMPTY)
    if finest_row >= UPRIGHT_ROW_PIXELS:
        least_px = UPRIGHT_ROOM_PIXELS
    elif finest_row >= NAME_ROW_PIXELS:
        least_px = NAME_ROOM_PIXELS
    else:
        least_px = SIDE_ROOM_PIXELS
    # Cards and names that reach into the view count, though their person is just outside.
    near = geometry.grown(CARD_WIDTH / 2 + 2, CARD_HEIGHT / 2 + UPRIGHT_MAX_LENGTH)
    nodes = _most_room_first(
        data,
        data.by_room,
        data.less_room,
        least_px / slot_px,
        data.count_across(near.left(), near.right()),
        near,
        lambda: data.in_rect(near),
    )
    room_px = data.room[nodes] * slot_px
    row_room_px = data.room_y[nodes] * row_px
    card = (room_px >= CARD_ROOM_PIXELS) & (row_room_px >= CARD_ROW_PIXELS)
    name = ~card & (room_px >= NAME_ROOM_PIXELS) & (row_room_px >= NAME_ROW_PIXELS)
    upright = ~card & ~name & (room_px >= UPRIGHT_ROOM_PIXELS)
    upright &= row_room_px >= UPRIGHT_ROW_PIXELS
    side = ~card & ~name & ~upright & (room_px >= SIDE_ROOM_PIXELS)
    side &= row_room_px >= SIDE_ROW_PIXELS
    cards, names = nodes[card], nodes[name]
    if cards.shape[0] > MAX_CARDS:
        # The cards past the cap have more room than any name: they lead the names.
        names = np.concatenate([cards[MAX_CARDS:], names])
        cards = cards[:MAX_CARDS]
    return Forms(
        geometry, cards, names[:MAX_NAMES], nodes[upright][:MAX_NAMES], nodes[side][:MAX_NAMES]
    )


def name_width(room_px: FloatArray) -> FloatArray:
    """Pixels a name across may take: what its room leaves, up to a card's text width."""
    return np.minimum(room_px - NAME_MARGIN, NAME_MAX_WIDTH)


def side_width(room_px: FloatArray, mark_w: float) -> FloatArray:
    """Pixels a name beside its mark may take: up to half the gap to the nearest neighbour,
    whose own form reaches at most the other half."""
    return np.minimum(room_px / 2 - mark_w / 2 - SIDE_GAP - NAME_MARGIN / 2, SIDE_MAX_WIDTH)


def upright_length(
    data: SceneData, geometry: Geometry, nodes: IntArray, cards: IntArray, mark_h: int
) -> FloatArray:
    """Pixels each upright name may hang down from its mark: down to the next row's marks, or
    clear of a card there."""
    reach = data.room_y[nodes] * geometry.row_px
    blocked = np.zeros(nodes.shape[0], dtype=bool)
    if cards.shape[0] and nodes.shape[0]:
        layout = data.layout
        dx = (layout.x[cards][None, :] - layout.x[nodes][:, None]) * geometry.slot_px
        dy = (layout.y[cards][None, :] - layout.y[nodes][:, None]) * geometry.row_px
        dy *= geometry.y_down
        in_way = (np.abs(dx) < CARD_WIDTH / 2 + UPRIGHT_ROOM_PIXELS / 2) & (dy > 0)
        blocked = np.any(in_way & (dy - CARD_HEIGHT / 2 < reach[:, None]), axis=1)
    clearance = np.where(blocked, UPRIGHT_CLEARANCE, NAME_MARGIN)
    return np.minimum(reach - mark_h / 2 - 2 - clearance - 5, UPRIGHT_MAX_LENGTH)


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
