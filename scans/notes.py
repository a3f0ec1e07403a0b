"""A remark on a scan comparison without words: a fixed code and its parameters.

``scan diff`` and ``scan reconcile`` keep their notes this way, so that their JSON is the same bytes in every
language; the text output turns each note into a sentence of the language of the run (each module maps its
codes to its own message table).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Note:
    """``code``: a fixed identifier (``"old_incomplete"``); ``args``: the numbers and ids the sentence needs."""

    code: str
    args: dict[str, int | str]
