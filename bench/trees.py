"""The random organisation every benchmark uses, so their figures describe the same trees."""

from __future__ import annotations

import numpy as np


def random_parents(n: int, seed: int = 7) -> np.ndarray:
    """Parent index per person: managers taken breadth-first, each given 3-12 reports.

    That gives realistic spans and a depth of 6-9 levels for 10k to 1M people.
    """
    spans = np.random.default_rng(seed).integers(3, 13, size=n)
    return np.concatenate([[-1], np.repeat(np.arange(n), spans)[: n - 1]]).astype(np.int64)
