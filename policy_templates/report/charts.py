"""PNG images of the report: heat maps, the zone overview, one picture per zone, attack paths (matplotlib, Agg).

Figures are drawn with the object API (no pyplot state), with the DejaVu
fonts matplotlib ships (Latin with diacritics and Cyrillic), and saved without
a "Software" stamp or timestamps, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from policy_templates.report.layout import DiagramNode

if TYPE_CHECKING:  # matplotlib is imported when a picture is drawn, not when the CLI starts
    from matplotlib.figure import Figure

NO_RISK_COLOUR = "#9E9E9E"
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


#: width of the zone figures in inches, the width they are placed at in the docx (mm) and their label size
ZONE_FIGURE_IN = 6.5
ZONE_PLACED_MM = 165
ZONE_LABEL_PT = 8.5
#: the most assets drawn in one zone picture (the rest are counted in the last box)
ZONE_MAX_ASSETS = 25
_ZONE_COLUMNS = 5
#: boxes in one row of a zone picture (small zones share a row)
ZONE_ROW = _ZONE_COLUMNS


def printed_points(font_pt: float, figure_width_in: float, placed_width_mm: float) -> float:
    """The size in points a label of ``font_pt`` has in print when a figure ``figure_width_in`` wide is
    placed ``placed_width_mm`` wide on the page (the picture is scaled as a whole)."""
    return font_pt * (placed_width_mm / 25.4) / figure_width_in


@dataclass(frozen=True)
class ZoneFlow:
    source: str  # zone id or entry id
    target: str
    label: str  # ports, e.g. "tcp/443, tcp/3389"


@dataclass(frozen=True)
class ZoneBox:
    id: str
    label: str
    entry: bool = False  # an entry point (internet, guest, suppliers, phishing) rather than a zone


def zone_overview_png(boxes: Sequence[ZoneBox], flows: Sequence[ZoneFlow]) -> bytes:
    """Zones as boxes, entry points (diamond-shaped, orange) in the top row, allowed flows as arrows
    labelled with their ports."""
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    entries = [b for b in boxes if b.entry]
    zones = [b for b in boxes if not b.entry]
    columns = 4
    rows = 1 + max(1, math.ceil(len(zones) / columns))
    height = 1.5 * rows + 0.3
    fig = Figure(figsize=(ZONE_FIGURE_IN, height))
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0, columns)
    ax.set_ylim(rows * 1.5 + 0.3, 0)
    ax.set_axis_off()
    centres: dict[str, tuple[float, float]] = {}
    for index, box in enumerate(entries):
        step = columns / max(1, len(entries))
        centres[box.id] = (step * (index + 0.5), 0.55)
    entry_half = min(0.42, columns / max(1, len(entries)) * 0.45)
    for index, box in enumerate(zones):
        centres[box.id] = ((index % columns) + 0.5, 1.5 * (1 + index // columns) + 0.55)
    for flow_index, flow in enumerate(sorted(flows, key=lambda f: (f.source, f.target))):
        if flow.source not in centres or flow.target not in centres or flow.source == flow.target:
            continue
        (x1, y1), (x2, y2) = centres[flow.source], centres[flow.target]
        ax.annotate("", xy=(x2, y2), xytext=(x1, y1), zorder=1,
                    arrowprops={"arrowstyle": "-|>", "color": "#546E7A", "lw": 0.9, "shrinkA": 28, "shrinkB": 28,
                                "connectionstyle": f"arc3,rad={0.08 + 0.04 * (flow_index % 3)}"})
        if flow.label:
            t = 0.42 + 0.08 * (flow_index % 3)
            ax.text(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t, _short(flow.label, 22), fontsize=ZONE_LABEL_PT,
                    ha="center", va="center", color="#37474F", zorder=3,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "#FFFFFF", "edgecolor": "none", "alpha": 0.9})
    for box in [*entries, *zones]:
        x, y = centres[box.id]
        half = entry_half if box.entry else 0.42
        ax.add_patch(FancyBboxPatch((x - half, y - 0.3), 2 * half, 0.6, zorder=5,
                                    boxstyle="round,pad=0,rounding_size=0.08",
                                    facecolor="#FFE0B2" if box.entry else "#E3F2FD",
                                    edgecolor="#E65100" if box.entry else "#1565C0",
                                    linewidth=1.4 if box.entry else 1.0, linestyle="--" if box.entry else "-"))
        ax.text(x, y, _wrap(box.label, 15, 3), fontsize=ZONE_LABEL_PT + 0.5, ha="center", va="center",
                fontweight="bold", color="#263238", zorder=6)
    return _png(fig, dpi=150)


def _wrap(text: str, width: int, max_lines: int = 3) -> str:
    """``text`` on at most ``max_lines`` lines of about ``width`` characters, "…" when cut."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _short(lines[max_lines - 1] + " …", width + 2)]
    return "\n".join(_short(item, width + 2) for item in lines)


def zone_png(title: str, assets: Sequence[DiagramNode], level_colours: dict[str, str], more_label: str) -> bytes:
    """One zone: its assets by name on a grid, each coloured by its highest risk level."""
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    shown = list(assets[:ZONE_MAX_ASSETS])
    hidden = len(assets) - len(shown)
    cells = len(shown) + (1 if hidden else 0)
    rows = max(1, math.ceil(cells / _ZONE_COLUMNS))
    height = 0.4 + 0.66 * rows
    fig = Figure(figsize=(ZONE_FIGURE_IN, height))
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0, _ZONE_COLUMNS)
    ax.set_ylim(height / 0.66, 0)
    ax.set_axis_off()
    ax.text(0.05, 0.35, title, fontsize=ZONE_LABEL_PT + 1.5, fontweight="bold", va="center", color="#263238")
    labels = [(node.label, level_colours.get(node.level or "", NO_RISK_COLOUR)) for node in shown]
    if hidden:
        labels.append((more_label.format(count=hidden), "#FFFFFF"))
    for index, (text, colour) in enumerate(labels):
        x, y = index % _ZONE_COLUMNS, 0.75 + index // _ZONE_COLUMNS
        ax.add_patch(FancyBboxPatch((x + 0.05, y + 0.08), 0.9, 0.84, boxstyle="round,pad=0,rounding_size=0.08",
                                    facecolor=colour, edgecolor="#455A64", linewidth=0.6))
        ax.text(x + 0.5, y + 0.5, _wrap(text, 15, 3), fontsize=ZONE_LABEL_PT, ha="center", va="center",
                color=_text_colour(colour))
    return _png(fig, dpi=150)


def zone_group_png(zones: Sequence[tuple[str, Sequence[DiagramNode]]], level_colours: dict[str, str]) -> bytes:
    """Small zones side by side in one picture, each zone's systems in a block of columns under its name
    (together at most as many systems as a row holds)."""
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    if sum(len(assets) for _title, assets in zones) > _ZONE_COLUMNS:
        raise ValueError("the zones of a shared picture must fit one row")
    units = 2.15
    fig = Figure(figsize=(ZONE_FIGURE_IN, 0.66 * units))
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0, _ZONE_COLUMNS)
    ax.set_ylim(units, 0)
    ax.set_axis_off()
    column = 0
    for title, assets in zones:
        width = len(assets)
        ax.text(column + 0.05, 1.04, _wrap(title, 14 * width, 3), fontsize=ZONE_LABEL_PT + 0.5, fontweight="bold",
                va="bottom", color="#263238")
        for node in assets:
            colour = level_colours.get(node.level or "", NO_RISK_COLOUR)
            ax.add_patch(FancyBboxPatch((column + 0.05, 1.13), 0.9, 0.84, boxstyle="round,pad=0,rounding_size=0.08",
                                        facecolor=colour, edgecolor="#455A64", linewidth=0.6))
            ax.text(column + 0.5, 1.55, _wrap(node.label, 15, 3), fontsize=ZONE_LABEL_PT, ha="center", va="center",
                    color=_text_colour(colour))
            column += 1
    return _png(fig, dpi=150)


#: hops per row of an attack-path chain
PATH_HOPS_PER_ROW = 4


@dataclass(frozen=True)
class PathHop:
    label: str  # the node reached
    via: str  # how (the step text)
    choke: bool  # the hop crosses a choke point
    measure: str = ""  # what breaks the choke point (measure numbers), shown under a choke hop


@dataclass(frozen=True)
class PlacedHop:
    index: int
    column: int
    row: int
    choke: bool


def path_layout(hops: Sequence[PathHop]) -> list[PlacedHop]:
    """Left-to-right chain positions of the hops (rows of :data:`PATH_HOPS_PER_ROW`), with the choke flag."""
    return [PlacedHop(index=n, column=n % PATH_HOPS_PER_ROW, row=n // PATH_HOPS_PER_ROW, choke=hop.choke)
            for n, hop in enumerate(hops)]


def path_png(title: str, hops: Sequence[PathHop], choke_label: str) -> bytes:
    """An attack path as a chain of boxes; choke-point hops red with a thick border, and under them
    ``choke_label`` (``{measures}`` filled with the hop's measure numbers)."""
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    placed = path_layout(hops)
    rows = max(1, (len(hops) + PATH_HOPS_PER_ROW - 1) // PATH_HOPS_PER_ROW)
    row_h = 1.25
    height = 0.4 + row_h * rows * 0.66
    fig = Figure(figsize=(ZONE_FIGURE_IN, height))
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0, PATH_HOPS_PER_ROW)
    ax.set_ylim(height / 0.66, 0)
    ax.set_axis_off()
    ax.text(0.03, 0.28, _short(title, 90), fontsize=ZONE_LABEL_PT + 1, fontweight="bold", va="center",
            color="#263238")
    for spot, hop in zip(placed, hops, strict=True):
        x, y = spot.column, 0.55 + spot.row * row_h
        face, edge = ("#FFCDD2", "#B71C1C") if spot.choke else ("#ECEFF1", "#546E7A")
        ax.add_patch(FancyBboxPatch((x + 0.06, y), 0.78, 0.62, boxstyle="round,pad=0,rounding_size=0.06",
                                    facecolor=face, edgecolor=edge, linewidth=2.2 if spot.choke else 0.8))
        ax.text(x + 0.45, y + 0.31, _wrap(hop.label, 16 if spot.choke else 18, 3), fontsize=ZONE_LABEL_PT,
                ha="center", va="center",
                color="#212121", fontweight="bold" if spot.choke else "normal")
        if spot.choke:
            ax.text(x + 0.45, y + 0.9, _wrap(choke_label.format(measures=hop.measure or "–"), 22, 2),
                    fontsize=ZONE_LABEL_PT, ha="center", va="center", color="#B71C1C")
        if spot.index + 1 < len(hops):
            if spot.column + 1 < PATH_HOPS_PER_ROW:
                ax.annotate("", xy=(x + 1.06, y + 0.31), xytext=(x + 0.84, y + 0.31),
                            arrowprops={"arrowstyle": "-|>", "color": "#37474F", "lw": 1.2})
            else:
                ax.annotate("", xy=(0.45, y + row_h), xytext=(x + 0.45, y + 0.62),
                            arrowprops={"arrowstyle": "-|>", "color": "#37474F", "lw": 0.8,
                                        "connectionstyle": "angle,angleA=-90,angleB=180,rad=0"})
    return _png(fig, dpi=150)
