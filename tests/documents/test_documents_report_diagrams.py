"""The report's diagrams: zone overview, one picture per zone, attack-path chains (issue 13, point 5)."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.shared import Mm

from policy_templates.i18n import as_lang
from policy_templates.report.catalog_view import matrix_spec
from policy_templates.report.charts import (
    ZONE_FIGURE_IN,
    ZONE_LABEL_PT,
    ZONE_PLACED_MM,
    PathHop,
    path_layout,
    path_png,
    printed_points,
)
from policy_templates.report.context import report_context
from policy_templates.report.graphview import (
    SMALL_ZONE,
    diagram_parts,
    path_hops,
    path_images,
    zone_images,
    zone_overview,
)
from policy_templates.report.writer import MAX_IMAGE_MM, png_size, render_report_docx
from tests.documents.conftest import Analysed


def test_printed_label_size_is_at_least_8_pt() -> None:
    assert printed_points(ZONE_LABEL_PT, ZONE_FIGURE_IN, ZONE_PLACED_MM) >= 8.0
    # the computation is in points from the figure and the placed width: half the width halves the size
    assert printed_points(8.0, 6.5, 165.1) == pytest.approx(8.0, abs=0.01)
    assert printed_points(8.0, 13.0, 165.1) == pytest.approx(4.0, abs=0.01)


def test_zone_figures_are_placed_at_their_design_width(example: Analysed) -> None:
    spec = matrix_spec(example.catalog)
    parts = diagram_parts(example.result, "cnr")
    for _name, png in zone_images(parts, spec):
        width_px, height_px = png_size(png)
        assert width_px == round(ZONE_FIGURE_IN * 150)
        # not so tall that the writer would shrink it below the placed width (and the labels below 8 pt)
        assert ZONE_PLACED_MM * height_px / width_px <= MAX_IMAGE_MM[1]


def test_zone_overview_has_entry_points_and_flows_with_ports(example: Analysed) -> None:
    parts = diagram_parts(example.result, "en")
    boxes, flows = zone_overview(parts, example.result)
    entries = {b.id for b in boxes if b.entry}
    assert "entry:internet" in entries and len(entries) >= 2
    assert {b.id for b in boxes if not b.entry} == {z.id for z in parts.zones}
    assert any("tcp/" in flow.label for flow in flows)
    assert all(flow.source != flow.target for flow in flows)


def test_docx_has_overview_one_picture_per_zone_and_path_diagrams(example: Analysed) -> None:
    lang = as_lang("cnr")
    ctx = report_context(example.inventory, example.result, example.catalog, lang)
    docx = render_report_docx(example.inventory, example.result, example.catalog, lang, ctx)
    zones_with_assets = sum(1 for zone in ctx.zones if zone.assets)
    paths = len(path_images(ctx, lang))
    assert zones_with_assets >= 2 and paths >= 1
    pictures = zone_images(diagram_parts(example.result, lang), matrix_spec(example.catalog))
    # every zone with systems is drawn; zones of at most SMALL_ZONE systems share a picture (one row of boxes)
    small = [z for z in ctx.zones if 0 < z.assets <= SMALL_ZONE]
    assert all(any(z.name in names for names, _png in pictures) for z in ctx.zones if z.assets)
    assert len(small) >= 2 and len(pictures) < zones_with_assets
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
    assert len(media) == 2 + 1 + len(pictures) + paths  # heat maps, overview, zones, paths
    shapes = Document(io.BytesIO(docx)).inline_shapes
    assert len(shapes) == len(media)
    wide = [shape for shape in shapes if shape.width > Mm(100)]
    assert len(wide) == 1 + len(pictures) + paths
    for shape in shapes:
        assert shape.width <= Mm(MAX_IMAGE_MM[0]) + 1 and shape.height <= Mm(MAX_IMAGE_MM[1]) + 1
    for shape in wide:  # placed at the design width, so the labels print at ZONE_LABEL_PT scaled
        assert printed_points(ZONE_LABEL_PT, ZONE_FIGURE_IN, shape.width.mm) >= 8.0


def test_path_layout_marks_choke_points() -> None:
    hops = [PathHop("Internet", "", False), PathHop("DMZ", "tcp/443", False),
            PathHop("srv-sql01", "tcp/1433", True, "M-01"), PathHop("Payroll", "", False),
            PathHop("Backup", "", True, "M-02")]
    placed = path_layout(hops)
    assert [p.choke for p in placed] == [False, False, True, False, True]
    assert [(p.column, p.row) for p in placed] == [(0, 0), (1, 0), (2, 0), (3, 0), (0, 1)]
    assert path_png("P-01", hops, "breaks: {measures}") == path_png("P-01", hops, "breaks: {measures}")


def test_example_paths_mark_a_choke_point_with_its_measure(example: Analysed) -> None:
    ctx = report_context(example.inventory, example.result, example.catalog, as_lang("en"))
    marked = [hop for block in ctx.paths for hop in path_hops(block, ctx.chokes) if hop.choke]
    assert marked, "the example's shown paths cross at least one choke point"
    assert any(hop.measure.startswith("M-") for hop in marked)
    assert any(True in [p.choke for p in path_layout(path_hops(block, ctx.chokes))] for block in ctx.paths)


def test_diagrams_are_deterministic(example: Analysed) -> None:
    spec = matrix_spec(example.catalog)
    first = zone_images(diagram_parts(example.result, "cnr"), spec)
    second = zone_images(diagram_parts(example.result, "cnr"), spec)
    assert first == second
    ctx = report_context(example.inventory, example.result, example.catalog, as_lang("cnr"))
    assert path_images(ctx, "cnr") == path_images(ctx, "cnr")
    for _caption, png in path_images(ctx, "cnr"):
        assert b"tIME" not in png and b"Software" not in png
