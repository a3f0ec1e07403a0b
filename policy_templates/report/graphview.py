"""The network graph of an analysis result as diagram parts, a layout and images.

Shared by the docx report (a PNG drawn with matplotlib) and the HTML report
(coordinates embedded as JSON, drawn as SVG in the browser), so both show the
same picture.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from policy_templates.i18n import Lang, as_lang
from policy_templates.report.catalog_view import MatrixSpec
from policy_templates.report.charts import (
    ZONE_MAX_ASSETS,
    ZONE_ROW,
    HeatMap,
    PathHop,
    ZoneBox,
    ZoneFlow,
    heatmap_png,
    path_png,
    zone_group_png,
    zone_overview_png,
    zone_png,
)
from policy_templates.report.context import (
    ZONE_DIAGRAMS_MAX,
    ZONE_OVERVIEW_MAX,
    ChokeLine,
    PathBlock,
    ReportContext,
    entry_label,
    heat_counts,
)
from policy_templates.report.layout import (
    MAX_ROW_WIDTH,
    DiagramEdge,
    DiagramNode,
    DiagramZone,
    Layout,
    compute_layout,
    zone_band,
)
from policy_templates.report.texts import text
from risk_analyzer.result import AnalysisResult

_PORT = re.compile(r"\b(?:tcp|udp)/[0-9]+(?:-[0-9]+)?|\bany\b|\b(?:ssh|rdp|vpn)\b")


@dataclass(frozen=True)
class DiagramParts:
    zones: list[DiagramZone]
    nodes: list[DiagramNode]
    edges: list[DiagramEdge]
    layout: Layout


def diagram_parts(result: AnalysisResult, lang: str | Lang, max_row_width: float = MAX_ROW_WIDTH) -> DiagramParts:
    """Zones, nodes (entry points and assets) and edges of the result's graph, with their layout.

    The docx picture uses the default width (portrait page); the HTML canvas is wider.
    """
    zones: list[DiagramZone] = []
    nodes: list[DiagramNode] = []
    for node in sorted(result.graph.nodes, key=lambda n: n.id):
        if node.type == "zone":
            zones.append(DiagramZone(id=node.id, label=node.label, kind=node.kind))
        else:
            nodes.append(DiagramNode(id=node.id, label=entry_label(node.id, node.label, as_lang(lang)), type=node.type,
                                     kind=node.kind, zone=node.parent,
                                     level=node.risk_level))
    edges = [DiagramEdge(source=e.source, target=e.target, type=e.type)
             for e in sorted(result.graph.edges, key=lambda e: (e.source, e.target, e.type, e.label))]
    return DiagramParts(zones=zones, nodes=nodes, edges=edges, layout=compute_layout(zones, nodes, max_row_width))


def heat_map_png(result: AnalysisResult, spec: MatrixSpec, lang: str | Lang,
                 counts: list[list[int]] | None = None) -> bytes:
    """The 5x5 heat map as PNG with the number of risks per cell (inherent, or ``counts`` when given)."""
    code = as_lang(lang).value
    return heatmap_png(HeatMap(
        counts=counts if counts is not None else heat_counts(result),
        colours=[[spec.colours.get(level, "#EEEEEE") for level in row] for row in spec.grid],
        likelihood_labels=[item.label.get(code, str(item.value)) for item in spec.likelihood],
        impact_labels=[item.label.get(code, str(item.value)) for item in spec.impact],
        likelihood_title=text("likelihood", lang), impact_title=text("impact", lang),
    ))


#: a zone with at most this many systems shares its picture with other small zones
SMALL_ZONE = 3
#: the box that stands for the zones left out of the overview
OTHER_ZONES = "zone:*other*"


def zone_overview(parts: DiagramParts, result: AnalysisResult,
                  others_label: Callable[[int], str] = "+{}".format) -> tuple[list[ZoneBox], list[ZoneFlow]]:
    """Entry points and zones as boxes, and the flows between them (asset ends mapped to their zone),
    each labelled with the ports it allows.

    With more than :data:`ZONE_OVERVIEW_MAX` zones, the zones with the most systems are drawn and one box
    (named ``others_label(count)``) stands for the rest, flows to them included."""
    zone_of = {node.id: node.zone for node in parts.nodes if node.zone}
    entries = [ZoneBox(id=node.id, label=node.label, entry=True)
               for node in parts.nodes if node.type == "entry"]
    kept = list(parts.zones)
    if len(kept) > ZONE_OVERVIEW_MAX:
        sizes = Counter(zone_of.values())
        kept = sorted(kept, key=lambda z: (-sizes.get(z.id, 0), z.id))[:ZONE_OVERVIEW_MAX - 1]
        hidden = {z.id for z in parts.zones} - {z.id for z in kept}
        zone_of = {node: OTHER_ZONES if zone in hidden else zone for node, zone in zone_of.items()}
        zone_of.update({zone: OTHER_ZONES for zone in hidden})
    zones = [ZoneBox(id=zone.id, label=zone.label)
             for zone in sorted(kept, key=lambda z: (zone_band(z.kind), z.id))]
    if len(kept) < len(parts.zones):
        zones.append(ZoneBox(id=OTHER_ZONES, label=others_label(len(parts.zones) - len(kept))))
    known = {box.id for box in [*entries, *zones]}
    ports: dict[tuple[str, str], set[str]] = {}
    for edge in sorted(result.graph.edges, key=lambda e: (e.source, e.target, e.type, e.label)):
        source = zone_of.get(edge.source, edge.source)
        target = zone_of.get(edge.target, edge.target)
        if source in known and target in known and source != target:
            found = ports.setdefault((source, target), set())
            found.update(_PORT.findall(edge.label))
    flows = [ZoneFlow(source=s, target=t, label=", ".join(sorted(labels)[:3]) + (" …" if len(labels) > 3 else ""))
             for (s, t), labels in sorted(ports.items())]
    return [*entries, *zones], flows


def zone_overview_image(parts: DiagramParts, result: AnalysisResult,
                        others_label: Callable[[int], str] = "+{}".format) -> bytes:
    boxes, flows = zone_overview(parts, result, others_label)
    return zone_overview_png(boxes, flows)


def zone_images(parts: DiagramParts, spec: MatrixSpec, result: AnalysisResult | None = None) -> list[tuple[str, bytes]]:
    """One picture per zone that has assets: (zone label, PNG), in zone id order; with more than
    :data:`ZONE_DIAGRAMS_MAX` such zones, those with the highest risk level (then the most systems).

    When the graph holds no systems (a large inventory's graph keeps zones only), the systems of
    ``result`` are drawn in their zones."""
    members: dict[str, list[DiagramNode]] = {}
    for node in parts.nodes:
        if node.zone:
            members.setdefault(node.zone, []).append(node)
    if not members and result is not None:
        for asset in result.assets:
            members.setdefault(f"zone:{asset.zone}", []).append(DiagramNode(
                id=f"asset:{asset.id}", label=asset.name, type="asset", kind=asset.kind, zone=f"zone:{asset.zone}",
                level=asset.risk_level))
    rank = {level: n for n, level in enumerate(spec.levels)}

    def weight(zone_id: str) -> tuple[int, int, str]:
        nodes = members[zone_id]
        return (-max(rank.get(n.level or "", -1) for n in nodes), -len(nodes), zone_id)

    chosen = set(sorted((z.id for z in parts.zones if z.id in members), key=weight)[:ZONE_DIAGRAMS_MAX])
    small = [z for z in parts.zones if z.id in chosen and len(members[z.id]) <= SMALL_ZONE]
    images: list[tuple[str, bytes]] = []
    for zone in parts.zones:
        if zone.id in chosen and zone not in small:
            assets = members[zone.id]
            if len(assets) > ZONE_MAX_ASSETS:  # the systems with the highest levels; the picture counts the rest
                keep = set(map(id, sorted(assets, key=lambda n: (-rank.get(n.level or "", -1), n.label, n.id))
                               [:ZONE_MAX_ASSETS]))
                assets = [n for n in assets if id(n) in keep] + [n for n in assets if id(n) not in keep]
                assets = sorted(assets[:ZONE_MAX_ASSETS], key=lambda n: (n.label, n.id)) + assets[ZONE_MAX_ASSETS:]
            else:
                assets = sorted(assets, key=lambda n: (n.label, n.id))
            images.append((zone.label, zone_png(zone.label, assets, dict(spec.colours), "+{count}")))
    groups: list[list[Any]] = []  # first fit, the largest first: small zones share a row of boxes
    for zone in sorted(small, key=lambda z: (-len(members[z.id]), z.id)):
        room = next((g for g in groups if sum(len(members[z.id]) for z in g) + len(members[zone.id])
                     <= ZONE_ROW), None)
        if room is None:
            groups.append([zone])
        else:
            room.append(zone)
    for group in groups:
        blocks = [(z.label, sorted(members[z.id], key=lambda n: (n.label, n.id))) for z in group]
        images.append((", ".join(title for title, _ in blocks), zone_group_png(blocks, dict(spec.colours))))
    return images


#: the most attack-path pictures in the docx: one per target (its easiest shown path), keeping the PDF short
MAX_PATH_DIAGRAMS = 6


def path_hops(block: PathBlock, chokes: Sequence[ChokeLine]) -> list[PathHop]:
    """The hops of a shown path for its diagram; a choke hop carries the measures that break it."""
    measures = {line.text: line.breaks for line in chokes}
    return [PathHop(label=hop.label, via=hop.via, choke=bool(hop.choke), measure=measures.get(hop.choke, ""))
            for hop in block.hops]


def path_images(ctx: ReportContext, lang: str | Lang) -> list[tuple[str, bytes]]:
    """(caption, PNG) for the easiest shown path of each target, at most :data:`MAX_PATH_DIAGRAMS`."""
    code = as_lang(lang)
    choke_label = code.tr.pgettext("report", "diagram_choke")
    images = []
    firsts: dict[str, PathBlock] = {}
    for block in ctx.paths:
        firsts.setdefault(block.target, block)
    for block in list(firsts.values())[:MAX_PATH_DIAGRAMS]:
        title = f"{block.no}: {block.entry} → {block.target_name}"
        images.append((f"{block.no}: {block.cost_text[:1].upper()}{block.cost_text[1:]}.",
                       path_png(title, path_hops(block, ctx.chokes), choke_label)))
    return images
