"""PNG images of the report: the network diagram and the 5x5 heat map (matplotlib, Agg).

Figures are drawn with the object API (no pyplot state), with the DejaVu
fonts matplotlib ships (Latin with diacritics and Cyrillic), and saved without
a "Software" stamp or timestamps, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from policy_templates.report.layout import (
    INFORMATION_CLUSTER,
    OUTSIDE_CLUSTER,
    DiagramEdge,
    DiagramNode,
    Layout,
)

if TYPE_CHECKING:  # matplotlib is imported when a picture is drawn, not when the CLI starts
    from matplotlib.figure import Figure

NO_RISK_COLOUR = "#9E9E9E"
_MARKERS = {"asset": "o", "entry": "D", "supplier": "p", "party": "s", "data": "h", "service": "^"}
_PNG_META = {"Software": None}


@dataclass(frozen=True)
class HeatMap:
    """Counts per cell of the risk matrix; ``counts[l-1][i-1]`` for likelihood l and impact i."""

    counts: Sequence[Sequence[int]]
    colours: Sequence[Sequence[str]]  # "#RRGGBB" per cell
    likelihood_labels: Sequence[str]  # index 0 = likelihood 1
    impact_labels: Sequence[str]
    likelihood_title: str
    impact_title: str


def _png(fig: Figure, dpi: int) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata=_PNG_META)
    return buffer.getvalue()


def _text_colour(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if (0.299 * red + 0.587 * green + 0.114 * blue) > 150 else "#FFFFFF"


def heatmap_png(heat: HeatMap) -> bytes:
    """The heat map: likelihood rows (5 at the top), impact columns, the number of risks per cell."""
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    fig = Figure(figsize=(6.4, 5.0))
    ax = fig.add_axes((0.27, 0.17, 0.70, 0.78))
    size = len(heat.counts)
    for li in range(size):
        for ii in range(size):
            colour = heat.colours[li][ii]
            ax.add_patch(FancyBboxPatch((ii + 0.04, li + 0.04), 0.92, 0.92, boxstyle="square,pad=0",
                                        facecolor=colour, edgecolor="#FFFFFF"))
            count = heat.counts[li][ii]
            ax.text(ii + 0.5, li + 0.5, str(count) if count else "", ha="center", va="center",
                    fontsize=16, fontweight="bold", color=_text_colour(colour))
    ax.set_xlim(0, size)
    ax.set_ylim(0, size)
    ax.set_xticks([i + 0.5 for i in range(size)])
    ax.set_xticklabels([f"{i + 1}\n{label}" for i, label in enumerate(heat.impact_labels)], fontsize=8)
    ax.set_yticks([i + 0.5 for i in range(size)])
    ax.set_yticklabels([f"{label} {i + 1}" for i, label in enumerate(heat.likelihood_labels)], fontsize=8)
    ax.set_xlabel(heat.impact_title, fontsize=10)
    ax.set_ylabel(heat.likelihood_title, fontsize=10)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return _png(fig, dpi=120)


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class DiagramStyle:
    level_colours: dict[str, str]  # level id -> "#RRGGBB"
    level_labels: dict[str, str]  # level id -> translated label, in ascending order
    no_risk_label: str
    outside_label: str
    information_label: str
    zone_kinds: dict[str, str]  # zone kind -> translated label


def network_png(layout: Layout, nodes: Sequence[DiagramNode], edges: Sequence[DiagramEdge],
                style: DiagramStyle) -> bytes:
    """The network: zones as clusters, nodes coloured by their highest risk level, edges in grey."""
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    scale = 100.0  # layout units per inch
    # one factor for both axes keeps the aspect ratio; the picture fits 16 x 22 inches
    factor = min(16.0 / (layout.width / scale), 22.0 / (layout.height / scale))
    width = layout.width / scale * factor
    height = layout.height / scale * factor
    fig = Figure(figsize=(width, height + 0.5))
    ax = fig.add_axes((0.0, 0.5 / (height + 0.5), 1.0, height / (height + 0.5)))
    ax.set_xlim(0, layout.width)
    ax.set_ylim(layout.height, 0)
    ax.set_axis_off()
    font = max(3.0, min(7.0, 7.0 * factor))

    centres = {box.id: (box.x + box.w / 2, box.y + box.h / 2) for box in layout.boxes}
    for box in layout.boxes:
        title = {OUTSIDE_CLUSTER: style.outside_label, INFORMATION_CLUSTER: style.information_label}.get(
            box.id, f"{box.label} ({style.zone_kinds.get(box.kind, box.kind)})")
        dashed = box.id in {OUTSIDE_CLUSTER, INFORMATION_CLUSTER}
        ax.add_patch(FancyBboxPatch((box.x, box.y), box.w, box.h, boxstyle="round,pad=0,rounding_size=8",
                                    facecolor="#F5F7FA" if not dashed else "#FFFFFF", edgecolor="#607D8B",
                                    linestyle="--" if dashed else "-", linewidth=0.8, zorder=1))
        ax.text(box.x + 6, box.y + 12, _short(title, max(8, int(box.w / 7.5))), fontsize=font + 1,
                fontweight="bold", color="#37474F", va="center", zorder=2)

    for edge in sorted(edges, key=lambda e: (e.source, e.target, e.type)):
        start = layout.positions.get(edge.source) or centres.get(edge.source)
        end = layout.positions.get(edge.target) or centres.get(edge.target)
        if start is None or end is None:
            continue
        between_zones = edge.source in centres or edge.target in centres
        # lines to or between zone boxes run under the boxes: only the part between clusters shows
        ax.plot([start[0], end[0]], [start[1], end[1]], color="#78909C" if between_zones else "#B0BEC5",
                linewidth=0.9 if between_zones else 0.5, linestyle="--" if between_zones else "-",
                zorder=0.5 if between_zones else 2)

    for node in sorted(nodes, key=lambda n: n.id):
        if node.id not in layout.positions:
            continue
        x, y = layout.positions[node.id]
        colour = style.level_colours.get(node.level or "", NO_RISK_COLOUR)
        ax.scatter([x], [y], s=110 * factor, marker=_MARKERS.get(node.type, "o"), c=colour,
                   edgecolors="#263238", linewidths=0.5, zorder=3)
        ax.text(x, y + 19, _short(node.label, 17), fontsize=font, ha="center", va="top", color="#212121", zorder=4)

    handles = [(style.level_colours[level], label) for level, label in style.level_labels.items()]
    handles.append((NO_RISK_COLOUR, style.no_risk_label))
    for index, (colour, label) in enumerate(handles):
        fx = 0.02 + index * 0.16
        fig.patches.append(FancyBboxPatch((fx, 0.25 / (height + 0.5)), 0.012 * 8 / width * 1.2, 0.15 / (height + 0.5),
                                          boxstyle="square,pad=0", facecolor=colour, edgecolor="#263238",
                                          transform=fig.transFigure, figure=fig))
        fig.text(fx + 0.02 * 8 / width, 0.32 / (height + 0.5), label, fontsize=8, va="center")
    return _png(fig, dpi=110)
