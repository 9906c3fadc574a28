"""Memory a long job has freed, given back to the system before its next step.

A job over a million people frees large arrays and lists as it goes; the C library keeps much
of that memory for the process rather than returning it, so the process's footprint only grows
from step to step. :func:`give_back_freed_memory` asks the GNU C library (Linux) to return what
it holds free; elsewhere it does nothing.
"""

from __future__ import annotations

import gc
import sys
from functools import cache
from typing import Any


@cache
def _c_library() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    # Imported when memory is first given back: ctypes loads a C library of its own.
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
