"""Memory over a long job: the cycle collector paused while a read makes objects by the
million, and what the job has freed given back to the system before its next step.

A read that makes a million objects meant to stay (a list per row of a sheet, a commitment
per stored row) and no reference cycles would have the collector walk ever more of them, for
nothing: :func:`cycle_collection_paused`. A job over a million people frees large arrays and
lists as it goes; the C library keeps much of that memory for the process rather than
returning it, so the process's footprint only grows from step to step.
:func:`give_back_freed_memory` asks the GNU C library (Linux) to return what it holds free;
elsewhere it does nothing.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Python's cycle collector paused for a read, and resumed after if it ran before.

    A read makes a list per row or an object per record (hundreds of thousands) and no
    reference cycles, yet every 700 new objects the collector would walk the young ones, and
    ever more often the old ones too: a third of the library's conversion of a 100,000-row
    sheet to Python values, a quarter of the opening of a project of a million commitments,
    for nothing to collect. Another thread's read that ends first may resume it early, which
    only costs this read that time again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@cache
def _c_library() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    # Imported here: an import of the spreadsheet or the project pays nothing for ctypes.
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        library = ctypes.CDLL(name or "libc.so.6")
        return library if hasattr(library, "malloc_trim") else None  # musl has none
    except OSError:
        return None


def give_back_freed_memory() -> None:
    """Collect what is unreachable and return the C library's free memory to the system."""
    gc.collect()
    library = _c_library()
    if library is not None:
        library.malloc_trim(0)
