"""Raw documents and where each of their values came from.

A loader turns a file into a :class:`RawDocument`: plain Python data plus a
:class:`SourceMap` from value paths (``("assets", 3, "zone")``) to places in
the file (a line of YAML/JSON, or a sheet/row/column of a workbook), so that
every problem found later can say where it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from asset_models.errors import Place

PathT = tuple[str | int, ...]

@dataclass
class SourceMap:
    """Where values came from. Line numbers may be computed lazily (only when a problem needs a place)."""

    file: str
    lines: dict[PathT, int] = field(default_factory=dict)
    cells: dict[PathT, tuple[str, int]] = field(default_factory=dict)  # path -> (sheet, row)
    lines_factory: Callable[[], dict[PathT, int]] | None = None

    def _lookup(self, path: PathT) -> tuple[int | None, tuple[str, int] | None]:
        if self.lines_factory is not None:
            factory, self.lines_factory = self.lines_factory, None
            self.lines = factory()
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in self.lines or prefix in self.cells:
                return self.lines.get(prefix), self.cells.get(prefix)
        return None, None


@dataclass
class RawDocument:
    data: Any
    source: SourceMap
    #: local habits the reader normalised: (kind, original text), reported once per kind as notes
    notes: list[tuple[str, str]] = field(default_factory=list)

    def place(self, path: PathT) -> Place:
        """The place of ``path``, with the item named by its id where it has one."""
        line, cell = self.source._lookup(path)
        item, rest = describe_path(self.data, path)
        return Place(
            file=self.source.file,
            line=line,
            sheet=cell[0] if cell else None,
            row=cell[1] if cell else None,
            item=item,
            field=rest,
        )


def describe_path(data: Any, path: PathT) -> tuple[str | None, str | None]:
    """Split a path into a readable item name and field path.

    ``("assets", 3, "os", "end_of_support")`` becomes
    ``("assets[srv-db01]", "os.end_of_support")`` when item 3 has id srv-db01,
    and ``("zone_flows #4", "ports")`` for items without an id.
    """
    if not path:
        return None, None
    head = str(path[0])
    section = data.get(head) if isinstance(data, dict) else None
    if isinstance(section, list) and len(path) > 1 and isinstance(path[1], int):
        index = path[1]
        item_id = None
        if 0 <= index < len(section) and isinstance(section[index], dict):
            candidate = section[index].get("id")
            if isinstance(candidate, (str, int)) and not isinstance(candidate, bool):
                item_id = str(candidate)
        item = f"{head}[{item_id}]" if item_id else f"{head} #{index + 1}"
        rest_path = path[2:]
    else:
        item = head
        rest_path = path[1:]
    parts: list[str] = []
    for part in rest_path:
        if isinstance(part, int):
            if parts:
                parts[-1] += f" #{part + 1}"
            else:
                parts.append(f"#{part + 1}")
        else:
            parts.append(str(part))
    return item, ".".join(parts) or None
