"""The organisation: people and who they report to, held as numpy arrays."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt

from pyramid_app.model.tree import (
    IntArray,
    children_csr,
    depths_or_cycles,
    levels_down,
    subtree_sizes,
)

ROOT_ID = "(organisation)"
UNASSIGNED_ID = "(unassigned)"
# A manager several people name who is not in the file becomes a synthetic placeholder whose id
# starts with this; the id alone marks it, so saved projects keep placeholders as they are.
PLACEHOLDER_PREFIX = "(not in the file: "


class NotATreeError(ValueError):
    """The parent links contain a cycle; the importer repairs cycles before building a chart."""


@dataclass(frozen=True)
class Person:
    """One person's fields, as the details panel and reports show them."""

    index: int
    id: str
    name: str
    title: str
    department: str
    location: str
    email: str
    synthetic: bool
    attributes: dict[str, str]


@dataclass(eq=False)
class OrgChart:
    """A forest with exactly one root, people at indexes ``0..n-1``.

    Per-person text fields are plain lists (cheap to build from spreadsheet columns); the
    structure (parent, children, depth, subtree size) is numpy so every later step is vectorised.
    Synthetic nodes (an ``Organisation`` root above several roots, an ``Unassigned`` group for
    people whose manager is missing) are flagged in ``synthetic`` and never count as people.
    """

    ids: list[str]
    parent: IntArray
    names: list[str]
    titles: list[str]
    departments: list[str]
    locations: list[str]
    emails: list[str]
    synthetic: npt.NDArray[np.bool_]
    attributes: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.ids)
        if self.parent.shape != (n,):
            raise ValueError(f"parent has shape {self.parent.shape}, expected ({n},)")
        self.depth, unsettled = depths_or_cycles(self.parent)
        if unsettled.any():
            raise NotATreeError(f"{int(unsettled.sum())} people never reach a root")
        self.child_offsets, self.child_index = children_csr(self.parent)
        self.subtree_size = subtree_sizes(self.parent, self.depth)

    @classmethod
    def from_parents(
        cls,
        ids: Sequence[str],
        parent: Sequence[int] | IntArray,
        names: Sequence[str] | None = None,
        **fields: Sequence[str],
    ) -> OrgChart:
        """Build a chart from ids and parent indexes; missing text fields become empty."""
        n = len(ids)
        blank = [""] * n
        return cls(
            ids=list(ids),
            parent=np.asarray(parent, dtype=np.int64),
            names=list(names) if names is not None else list(ids),
            titles=list(fields.get("titles", blank)),
            departments=list(fields.get("departments", blank)),
            locations=list(fields.get("locations", blank)),
            emails=list(fields.get("emails", blank)),
            synthetic=np.zeros(n, dtype=bool),
        )

    def __len__(self) -> int:
        return len(self.ids)

    # -- lookups ---------------------------------------------------------------------------

    @cached_property
    def _index_by_id(self) -> dict[str, int]:
        return {person_id: i for i, person_id in enumerate(self.ids)}

    def index_of(self, person_id: str) -> int:
        """Index of the person with this id; raises KeyError if there is none."""
        return self._index_by_id[person_id]

    def indices_of(self, person_ids: Iterable[str]) -> list[int | None]:
        """Index of each of these people, None for an id nobody has: one pass for a whole
        column of ids (a million commitments' managers), without a call per id."""
        return list(map(self._index_by_id.get, person_ids))

    def person(self, index: int) -> Person:
        return Person(
            index=index,
            id=self.ids[index],
            name=self.names[index],
            title=self.titles[index],
            department=self.departments[index],
            location=self.locations[index],
            email=self.emails[index],
            synthetic=bool(self.synthetic[index]),
            attributes={key: values[index] for key, values in self.attributes.items()},
        )

    @cached_property
    def root(self) -> int:
        roots = np.flatnonzero(self.parent < 0)
        if roots.shape[0] != 1:
            raise ValueError(f"expected one root, found {roots.shape[0]}")
        return int(roots[0])

    # -- who heads the organisation ----------------------------------------------------------
    #
    # The rule (README, "Loose rows and several tops"): the importer puts a synthetic
    # "Organisation" root above the tops of the file (people with no manager, the Unassigned
    # group, placeholders for managers not in the file). When the real person among those tops
    # who heads the most people heads over ten times as many as any other real top, that
    # person is the chief executive: their team is the organisation, and everyone else is *not
    # connected* to it - kept apart, counted apart, never on a level. Otherwise there truly are
    # several tops (co-chief executives, a file with no single root): the synthetic root stays
    # below them as "not a person" and the real tops are all on level 0.

    @cached_property
    def tops(self) -> IntArray:
        """Per node, the node its chain reaches just above the root (the root for itself)."""
        top = np.arange(len(self), dtype=np.int64)
        if not len(self):
            return top
        root = self.root
        for level_nodes in self.level_nodes[2:]:
            top[level_nodes] = top[self.parent[level_nodes]]
        top[root] = root
        return top

    @cached_property
    def chief(self) -> int | None:
        """The chief executive's node, or None where there are several tops (see above)."""
        if not len(self):
            return None
        root = self.root
        if not self.synthetic[root]:
            return root
        if self.ids[root] != ROOT_ID:
            return None  # the Unassigned group or a placeholder alone at the top
        candidates = self.children(root)
        candidates = candidates[self.real[candidates]]
        if not candidates.size:
            return None
        heads = self.subtree_size[candidates]
        best = int(np.argmax(heads))
        others = np.delete(heads, best)
        largest_other = int(others.max()) if others.size else 0
        return int(candidates[best]) if 10 * largest_other < int(heads[best]) else None

    @cached_property
    def connected(self) -> npt.NDArray[np.bool_]:
        """Per node: a real person whose chain reaches the chief executive through real people
        only (with several tops: reaches one of the real tops)."""
        if not len(self) or not self.synthetic[self.root]:
            return self.real.copy()
        chief = self.chief
        connected: npt.NDArray[np.bool_] = (
            self.tops == chief if chief is not None else self.real & self.real[self.tops]
        )
        return connected

    @cached_property
    def not_connected(self) -> npt.NDArray[np.bool_]:
        """Per node: a real person kept apart, not connected to the chief executive."""
        return self.real & ~self.connected

    @property
    def level_offset(self) -> int:
        """Depth of level 0: 1 when a synthetic root stands below the real people."""
        return 1 if len(self) and self.synthetic[self.root] else 0

    @cached_property
    def levels(self) -> IntArray:
        """Per node, the level counted from the real chief executive (or the real tops) as 0;
        -1 for anyone not connected and for synthetic nodes."""
        return np.where(self.connected, self.depth - self.level_offset, -1)

    @cached_property
    def apart(self) -> npt.NDArray[np.bool_]:
        """Per node: drawn beside the pyramid, not in it - the not-connected people and the
        synthetic groups above them (every node off the connected part but the root)."""
        apart: npt.NDArray[np.bool_] = ~self.connected
        if len(self):
            apart[self.root] = False
        return apart

    def children(self, index: int) -> IntArray:
        """Direct reports of ``index``, in sheet order."""
        return self.child_index[self.child_offsets[index] : self.child_offsets[index + 1]]

    def chain_to_root(self, index: int) -> list[int]:
        """The person, then their manager, and so on down to the root: who serves them."""
        chain = [index]
        parent = self.parent
        while parent[chain[-1]] >= 0:
            chain.append(int(parent[chain[-1]]))
        return chain

    # -- structure -------------------------------------------------------------------------

    @cached_property
    def span_of_control(self) -> IntArray:
        """Number of direct reports of every node."""
        return np.diff(self.child_offsets)

    @property
    def level_count(self) -> int:
        """Levels of people connected to the chief executive (see :attr:`levels`)."""
        return int(self.levels.max()) + 1 if len(self) and self.connected.any() else 0

    def level_sizes(self) -> IntArray:
        """Node count at each depth (depth 0 is the root), synthetic nodes included."""
        return np.bincount(self.depth) if len(self) else np.zeros(0, dtype=np.int64)

    @cached_property
    def level_nodes(self) -> list[IntArray]:
        """Indexes of the nodes at each depth, in sheet order within a level."""
        order = np.argsort(self.depth, kind="stable")
        return np.split(order, np.cumsum(self.level_sizes())[:-1])

    @cached_property
    def real(self) -> npt.NDArray[np.bool_]:
        return ~self.synthetic

    @cached_property
    def placeholders(self) -> npt.NDArray[np.bool_]:
        """Synthetic stand-ins for managers who are not in the file (drawn apart, never people)."""
        marked = np.zeros(len(self), dtype=bool)
        for index in np.flatnonzero(self.synthetic).tolist():
            marked[index] = self.ids[index].startswith(PLACEHOLDER_PREFIX)
        return marked

    def front_line(self) -> IntArray:
        """Real people with no reports: the people who serve customers."""
        return np.flatnonzero(self.real & (self.span_of_control == 0))

    def managers(self) -> IntArray:
        """Real people with at least one report."""
        return np.flatnonzero(self.real & (self.span_of_control > 0))

    @property
    def people_count(self) -> int:
        return int(self.real.sum())

    def widest_span(self) -> tuple[int, int] | None:
        """(index, span) of the real manager with the most direct reports, first in sheet order."""
        spans = np.where(self.real, self.span_of_control, -1)
        if spans.shape[0] == 0 or spans.max() <= 0:
            return None
        best = int(np.argmax(spans))
        return best, int(spans[best])

    def subtree(self, index: int) -> tuple[OrgChart, IntArray]:
        """The team under ``index`` as a chart of its own, and the original index of each node."""
        start = np.asarray([index], dtype=np.int64)
        members = levels_down(self.child_offsets, self.child_index, start)
        original = np.sort(np.concatenate(members))
        new_index = np.full(len(self), -1, dtype=np.int64)
        new_index[original] = np.arange(original.shape[0])
        parent = new_index[self.parent[original].clip(min=0)]
        parent[original == index] = -1
        picked = original.tolist()
        chart = OrgChart(
            ids=[self.ids[i] for i in picked],
            parent=parent,
            names=[self.names[i] for i in picked],
            titles=[self.titles[i] for i in picked],
            departments=[self.departments[i] for i in picked],
            locations=[self.locations[i] for i in picked],
            emails=[self.emails[i] for i in picked],
            synthetic=self.synthetic[original],
            attributes={
                key: [values[i] for i in picked] for key, values in self.attributes.items()
            },
        )
        return chart, original
