"""Pausing Python's cyclic garbage collector around bulk work on acyclic records.

Building or unpickling millions of small dicts and frozen records creates no
reference cycles, yet each allocation burst triggers the collector's scans of
everything alive, which cost a quarter of a graph merge and three quarters of
unpickling a worker's results. Reference counting still frees what goes unused.
``freeze_long_lived`` takes what lives as long as the process out of those scans.
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


def freeze_long_lived() -> None:
    """Move everything alive now out of the collector's sight (``gc.freeze``), after a collection.

    Called once the extractor is built: its lexicon and matchers are hundreds of thousands of
    objects that live as long as the process, and every full collection during extraction
    would otherwise scan them again (about 5% of the rule path's instructions).
    """
    gc.collect()
    gc.freeze()
