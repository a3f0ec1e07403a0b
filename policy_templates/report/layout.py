"""A deterministic layered layout of the network for the report's diagram and the HTML graph.

Zones become clusters (boxes) laid out in bands: outside parties and entry
points at the top, the zones reachable from outside (external, DMZ) next, the
internal zones below, and the information assets (data, services) at the
bottom. Inside a cluster the nodes sit on a small grid in id order. The same
input always gives the same coordinates, so the PNG and the HTML are
reproducible; the cost is linear in the number of nodes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

#: band of a zone kind (0 = top); unknown kinds go to the internal band
_ZONE_BAND = {
    "internet": 1, "government_network": 1, "partner": 1, "cloud": 1,
    "dmz": 2, "vpn": 2, "guest": 2, "wireless": 2,
    "internal": 3, "voip": 3, "iot": 3,
    "server": 4, "management": 4, "backup": 4,
}


def zone_band(kind: str) -> int:
    """The band of a zone kind (0 = top, outside; 4 = server and management zones at the bottom)."""
    return _ZONE_BAND.get(kind, 3)


OUTSIDE_CLUSTER = "__outside__"
INFORMATION_CLUSTER = "__information__"

NODE_GAP = 100.0  # distance between node centres inside a cluster
PAD = 34.0  # padding inside a cluster (room for its title)
CLUSTER_GAP = 40.0
MAX_ROW_WIDTH = 1500.0


@dataclass(frozen=True)
class DiagramZone:
    id: str
    label: str
    kind: str


@dataclass(frozen=True)
class DiagramNode:
    """A node of the diagram; ``zone`` is None for nodes outside every zone."""

    id: str
    label: str
    type: str  # asset | entry | supplier | party | data | service
    kind: str = ""
    zone: str | None = None
    level: str | None = None  # highest risk level of the node, None when it has no risk


@dataclass(frozen=True)
class DiagramEdge:
    source: str
    target: str
    type: str


@dataclass(frozen=True)
class Box:
    id: str
    label: str
    kind: str
    x: float
    y: float
    w: float
    h: float


@dataclass
class Layout:
    width: float
    height: float
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    boxes: list[Box] = field(default_factory=list)


def _cluster_of(node: DiagramNode, zone_ids: set[str]) -> str:
    if node.type == "asset" and node.zone in zone_ids:
        return str(node.zone)
    if node.type in {"data", "service"}:
        return INFORMATION_CLUSTER
    return OUTSIDE_CLUSTER


def _grid_size(count: int, wide: bool, max_row_width: float) -> tuple[int, int]:
    """Columns and rows of a cluster's node grid (wide clusters for the outside/information bands)."""
    if count == 0:
        return 1, 1
    limit = max(1, int(max_row_width // NODE_GAP) - 1)
    cols = max(1, math.ceil(math.sqrt(count * 2)))  # clusters twice as wide as tall read best
    cols = limit if wide else min(cols, limit)
    cols = min(cols, count)
    return cols, math.ceil(count / cols)


def compute_layout(zones: list[DiagramZone], nodes: list[DiagramNode], max_row_width: float = MAX_ROW_WIDTH) -> Layout:
    """Positions of every node and the box of every cluster (zones plus two pseudo-clusters).

    Clusters flow left to right and wrap when a row would pass ``max_row_width`` layout units.
    """
    zone_ids = {z.id for z in zones}
    members: dict[str, list[DiagramNode]] = {}
    for node in sorted(nodes, key=lambda n: (n.type, n.id)):
        members.setdefault(_cluster_of(node, zone_ids), []).append(node)

    bands: dict[int, list[tuple[str, str, str]]] = {}
    if members.get(OUTSIDE_CLUSTER):
        bands.setdefault(0, []).append((OUTSIDE_CLUSTER, "", "outside"))
    for zone in sorted(zones, key=lambda z: (_ZONE_BAND.get(z.kind, 3), z.id)):
        bands.setdefault(1, []).append((zone.id, zone.label, zone.kind))  # flows left to right, top to bottom
    if members.get(INFORMATION_CLUSTER):
        bands.setdefault(5, []).append((INFORMATION_CLUSTER, "", "information"))

    layout = Layout(width=0.0, height=0.0)
    y = CLUSTER_GAP / 2
    for band in sorted(bands):
        x = CLUSTER_GAP / 2
        row_height = 0.0
        for cluster_id, label, kind in bands[band]:
            items = members.get(cluster_id, [])
            cols, rows = _grid_size(len(items), cluster_id in {OUTSIDE_CLUSTER, INFORMATION_CLUSTER}, max_row_width)
            w = cols * NODE_GAP + PAD
            h = rows * NODE_GAP + PAD if items else PAD + NODE_GAP / 3
            if x > CLUSTER_GAP and x + w > max_row_width:  # wrap to a new row of the band
                y += row_height + CLUSTER_GAP
                x = CLUSTER_GAP / 2
                row_height = 0.0
            layout.boxes.append(Box(cluster_id, label, kind, x, y, w, h))
            for index, node in enumerate(items):
                col, row = index % cols, index // cols
                layout.positions[node.id] = (
                    round(x + PAD / 2 + NODE_GAP * (col + 0.5), 1),
                    round(y + PAD - 4 + NODE_GAP * (row + 0.5), 1),
                )
            x += w + CLUSTER_GAP
            row_height = max(row_height, h)
            layout.width = max(layout.width, x)
        y += row_height + CLUSTER_GAP
    layout.height = y
    layout.width = max(layout.width, 200.0)
    return layout
