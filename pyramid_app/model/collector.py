"""Python's cycle collector paused while a job makes objects by the hundred thousand.

A read or a walk that makes a list per row, an object per record or a tuple per step (hundreds
of thousands, millions) and no reference cycles would have the collector walk the young objects
every 700 new ones, and ever more often all the old ones too, for nothing to collect: measured,
a third of the spreadsheet library's conversion of a 100,000-row sheet to Python values, a
quarter of the opening of a project of a million commitments, most of a history walk.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """The collector paused for the ``with`` block, and resumed after if it ran before.
    Another thread's job that ends first may resume it early, which only costs this one that
    time again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
