"""Where notes about normalised habits go (``31.12.2025.`` read as a date, ``da`` as yes ...).

A light module on purpose: the CLI sets the sink for every command, and a
command that never loads an inventory (``scan import``, ``scan list``) must not
pay for importing the inventory models to do so.
"""

from __future__ import annotations

from collections.abc import Callable

from asset_models.errors import Problem

NoteSink = Callable[[list[Problem]], None]

_NOTE_SINK: list[NoteSink | None] = [None]


def set_note_sink(sink: NoteSink | None) -> None:
    """Where notes go when the caller does not collect them (the CLI prints them)."""
    _NOTE_SINK[0] = sink


def note_sink() -> NoteSink | None:
    return _NOTE_SINK[0]
