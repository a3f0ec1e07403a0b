"""The one place that pauses Python's cyclic garbage collector for the pipeline's big steps.

Loading, validating, converting and analysing a large inventory allocate millions
of small, acyclic objects (dicts, strings, pydantic models). The cyclic collector
cannot free any of them (reference counting does), yet it keeps walking all of them:
on a 10,000-asset inventory full collections cost about as much as the work itself.
:func:`paused_gc` switches it off for the duration of a step and back on after
(nesting is safe: only the outermost pause re-enables it).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block (reference counting still frees memory)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
