"""Pausing Python's cyclic garbage collector around bulk work on acyclic records.

Building or unpickling millions of small dicts and frozen records creates no
reference cycles, yet each allocation burst triggers the collector's scans of
everything alive, which cost a quarter of a graph merge and three quarters of
unpickling a worker's results. Reference counting still frees what goes unused.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block; restore its previous state after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
