"""The network picture the HTML report draws: entry points, zones, assets, with risk levels.

Nodes: entry points, zones and (when there are at most ``MAX_ASSET_NODES``
assets) assets with their zone as parent. Edges: entry -> zone, zone flows,
links between zones and supplier access. Each node carries its exposure and
the highest inherent risk level on it (a zone: the highest of its assets and
of its own zone/flow risks).
"""

from __future__ import annotations

from typing import Literal

from asset_models.topology import Topology, asset_node, zone_node
from risk_analyzer.exposure import ENTRY_LABELS, ExposureResult, exposure_level
from risk_analyzer.result import AssetRow, GraphEdge, GraphNode, NetworkGraph, Risk
from threat_catalog.facts import Exposure
from threat_catalog.models import Level

MAX_ASSET_NODES = 2000


def _higher(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if Level(a).rank >= Level(b).rank else b


def build_graph_view(
    t: Topology, exposure: ExposureResult, assets: list[AssetRow], risks: list[Risk]
) -> NetworkGraph:
    zone_level: dict[str, str | None] = {}
    zone_risks: dict[str, int] = {}
    for risk in risks:
        if risk.subject_type == "zone":
            zone_level[risk.subject_id] = _higher(zone_level.get(risk.subject_id), risk.level)
            zone_risks[risk.subject_id] = zone_risks.get(risk.subject_id, 0) + 1
    for row in assets:
        if row.risk_level:
            zone_level[row.zone] = _higher(zone_level.get(row.zone), row.risk_level)
        zone_risks[row.zone] = zone_risks.get(row.zone, 0) + len(row.risk_ids)
    nodes: list[GraphNode] = []
    edges: list[GraphEdge] = []
    entries = sorted({e for e in exposure.zones.cost if e.startswith("entry:")})
    for entry in entries:
        nodes.append(
            GraphNode(
                id=entry,
                label=ENTRY_LABELS.get(entry, entry),
                type="entry",
                kind=entry[6:],
                exposure=Exposure.very_high.value,
            )
        )
    for zone in t.inv.zones:
        cost = exposure.zones.cost.get(zone.id)
        nodes.append(
            GraphNode(
                id=zone_node(zone.id),
                label=zone.name or zone.id,
                type="zone",
                kind=zone.kind.value,
                exposure=exposure_level(cost).value,
                risk_level=zone_level.get(zone.id),
                risks=zone_risks.get(zone.id, 0),
            )
        )
    if len(assets) <= MAX_ASSET_NODES:
        for row in assets:
            nodes.append(
                GraphNode(
                    id=asset_node(row.id),
                    label=row.name,
                    type="asset",
                    kind=row.kind,
                    parent=zone_node(row.zone),
                    exposure=row.exposure,
                    risk_level=row.risk_level,
                    risks=len(row.risk_ids),
                )
            )
    seen: set[tuple[str, str, str, str]] = set()
    zone_ids = set(t.zones)
    for edge_list in exposure.incoming.values():
        for edge in edge_list:
            kind: Literal["entry", "flow", "link", "remote_access"]
            if edge.src.startswith("entry:"):
                kind = "entry" if edge.src != "entry:supplier" else "remote_access"
                source = edge.src
            else:
                kind = "link" if edge.step.kind == "link" else "flow"
                source = zone_node(edge.src)
            if edge.dst not in zone_ids:
                continue
            key = (source, zone_node(edge.dst), kind, edge.label)
            if key not in seen:
                seen.add(key)
                edges.append(GraphEdge(source=source, target=zone_node(edge.dst), type=kind, label=edge.label))
    nodes.sort(key=lambda n: ({"entry": 0, "zone": 1, "asset": 2}[n.type], n.id))
    edges.sort(key=lambda e: (e.source, e.target, e.type, e.label))
    return NetworkGraph(nodes=nodes, edges=edges)
