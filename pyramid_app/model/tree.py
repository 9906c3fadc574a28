"""Vectorised algorithms on a forest given as a parent-index array.

``parent[i]`` is the index of person ``i``'s manager, or -1 for a root. Everything here is O(n) or
O(n log depth) numpy work, so that a 1,048,575-person organisation stays interactive.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]

# Below this many levels, summing subtree sizes level by level in numpy wins; above it (a very
# deep chain, which only odd or hostile data produce) a plain loop has less overhead per level.
_MAX_NUMPY_LEVELS = 512


def depths_or_cycles(parent: IntArray) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """Return each node's depth, and a mask of nodes that never reach a root.

    Pointer jumping: each round doubles how far every node has looked up its chain, so
    ceil(log2(n)) + 1 rounds settle every node that has a root above it. Nodes still unsettled
    after that sit on a cycle or hang below one; their depth is meaningless and returned as -1.
    """
    n = parent.shape[0]
    ancestor = parent.copy()
    distance = (parent >= 0).astype(np.int64)
    active = np.flatnonzero(ancestor >= 0)
    rounds = max(1, int(np.ceil(np.log2(max(n, 2))))) + 1
    for _ in range(rounds):
        if active.size == 0:
            break
        up = ancestor[active]
        distance[active] += distance[up]
        ancestor[active] = ancestor[up]
        active = active[ancestor[active] >= 0]
    unsettled = np.zeros(n, dtype=bool)
    unsettled[active] = True
    distance[active] = -1
    return distance, unsettled


def find_cycles(parent: IntArray, candidates: npt.NDArray[np.bool_]) -> list[list[int]]:
    """List every cycle among ``candidates`` (nodes that never reach a root).

    Each cycle starts at its member with the lowest index (the earliest row) and follows the
    manager links, so the result is deterministic for a given input.
    """
    state = np.zeros(parent.shape[0], dtype=np.int8)  # 0 unseen, 1 on current walk, 2 done
    cycles: list[list[int]] = []
    for start in np.flatnonzero(candidates).tolist():
        if state[start]:
            continue
        walk: list[int] = []
        node = start
        while node >= 0 and state[node] == 0:
            state[node] = 1
            walk.append(node)
            node = int(parent[node])
        if node >= 0 and state[node] == 1:
            loop = walk[walk.index(node) :]
            first = loop.index(min(loop))
            cycles.append(loop[first:] + loop[:first])
        for visited in walk:
            state[visited] = 2
    return cycles


def children_csr(parent: IntArray) -> tuple[IntArray, IntArray]:
    """Children of every node in compressed form: ``index[offsets[i]:offsets[i + 1]]``.

    Children keep their input order (a stable sort), so reports appear as they do in the sheet.
    """
    n = parent.shape[0]
    has_parent = parent >= 0
    counts = np.bincount(parent[has_parent], minlength=n)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    nodes = np.flatnonzero(has_parent)
    index = nodes[np.argsort(parent[nodes], kind="stable")].astype(np.int64)
    return offsets, index


def subtree_sizes(parent: IntArray, depth: IntArray) -> IntArray:
    """Number of people in each node's subtree, the node included."""
    n = parent.shape[0]
    size = np.ones(n, dtype=np.int64)
    if n == 0:
        return size
    by_depth = np.argsort(depth, kind="stable")
    level_counts = np.bincount(depth)
    if level_counts.shape[0] <= _MAX_NUMPY_LEVELS:
        ends = np.cumsum(level_counts)
        for level in range(level_counts.shape[0] - 1, 0, -1):
            nodes = by_depth[ends[level] - level_counts[level] : ends[level]]
            np.add.at(size, parent[nodes], size[nodes])
        return size
    sizes = size.tolist()
    parents = parent.tolist()
    for node in by_depth[::-1].tolist():
        up = parents[node]
        if up >= 0:
            sizes[up] += sizes[node]
    return np.asarray(sizes, dtype=np.int64)


def levels_down(offsets: IntArray, children: IntArray, start: IntArray) -> list[IntArray]:
    """``start`` and the generations below it, one array a level; each level's nodes grouped
    by parent in the order of the level before (children in CSR form: ``children[offsets[i]:
    offsets[i + 1]]`` are i's). One numpy step a level."""
    frontier = np.asarray(start, dtype=np.int64)
    levels = [frontier]
    while frontier.size:
        starts = offsets[frontier]
        counts = offsets[frontier + 1] - starts
        total = int(counts.sum())
        if total == 0:
            break
        # Position of every child in the CSR array: its parent's start plus its rank there.
        first = np.cumsum(counts) - counts
        frontier = children[np.repeat(starts - first, counts) + np.arange(total)]
        levels.append(frontier)
    return levels
