"""The network graph of an analysis result as diagram parts, a layout and images.

Shared by the docx report (a PNG drawn with matplotlib) and the HTML report
(coordinates embedded as JSON, drawn as SVG in the browser), so both show the
same picture.
"""

from __future__ import annotations

from dataclasses import dataclass

from asset_models.models import ZoneKind
from policy_templates.i18n import Lang, as_lang
from policy_templates.report.catalog_view import MatrixSpec
from policy_templates.report.charts import DiagramStyle, HeatMap, heatmap_png, network_png
from policy_templates.report.context import entry_label, heat_counts
from policy_templates.report.layout import (
    MAX_ROW_WIDTH,
    DiagramEdge,
    DiagramNode,
    DiagramZone,
    Layout,
    compute_layout,
)
from policy_templates.report.texts import label, text
from risk_analyzer.result import AnalysisResult


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


def diagram_style(spec: MatrixSpec, lang: str | Lang) -> DiagramStyle:
    code = as_lang(lang).value
    return DiagramStyle(
        level_colours=dict(spec.colours),
        level_labels={level: spec.labels.get(level, {}).get(code, level) for level in spec.levels},
        no_risk_label=text("html_no_risk", lang), outside_label=text("outside", lang),
        information_label=text("information", lang),
        zone_kinds={kind.value: label("zone_kind", kind, lang) for kind in ZoneKind},
    )


def network_diagram_png(parts: DiagramParts, spec: MatrixSpec, lang: str | Lang) -> bytes:
    """The network diagram as PNG: zone clusters, nodes coloured by their highest risk level."""
    return network_png(parts.layout, parts.nodes, parts.edges, diagram_style(spec, lang))


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
