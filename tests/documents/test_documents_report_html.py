"""The HTML report is one self-contained file; its JSON block is script-safe; charts and layout are deterministic."""

from __future__ import annotations

import json
import re

import pytest

from policy_templates.i18n import as_lang
from policy_templates.report.builder import build_report_template
from policy_templates.report.html import json_for_script
from policy_templates.report.layout import DiagramNode, DiagramZone, compute_layout

CNR, EN = as_lang("cnr"), as_lang("en")
LANGS = (CNR, EN)

try:
    from tests.documents.documents_report_support import EXAMPLE, analysed, html_text, rendered
except ModuleNotFoundError:  # tests/documents is not a package
    from documents_report_support import EXAMPLE, analysed, html_text, rendered

LANGS = ["cnr", "en"]


def test_json_for_script_cannot_close_the_script_element() -> None:
    value = {"name": "</script><script>alert(1)</script> & <!-- \u2028\u2029 Ћ č"}
    encoded = json_for_script(value)
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert "\u2028" not in encoded and "\u2029" not in encoded
    assert json.loads(encoded) == value


@pytest.mark.parametrize("lang", LANGS)
def test_html_is_self_contained(lang: str) -> None:
    _docx, page, _ctx = rendered(str(EXAMPLE), lang)
    assert page.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in page  # CSP: no network requests at all
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.IGNORECASE)
    assert "@import" not in page and "url(http" not in page
    assert '<link ' not in page


@pytest.mark.parametrize("lang", LANGS)
def test_html_holds_graph_heat_map_and_table(lang: str) -> None:
    _docx, page, ctx = rendered(str(EXAMPLE), lang)
    _inv, result, _catalog = analysed(str(EXAMPLE))
    visible, scripts = html_text(page)
    data = json.loads(scripts[0][1])
    graph_nodes = [n for n in result.graph.nodes if n.type != "zone"]
    assert len(data["graph"]["nodes"]) == len(graph_nodes)
    by_id = {n["id"]: n for n in data["graph"]["nodes"]}
    for node in graph_nodes:
        assert by_id[node.id]["level"] == node.risk_level
    assert page.count("<tr data-level=") == len(result.risks)
    heat_cells = re.findall(r'<td data-l="(\d)" data-i="(\d)"[^>]*>(\d*)</td>', page)
    assert len(heat_cells) == 50  # now and after the plan
    after = heat_cells[25:]
    heat_cells = heat_cells[:25]
    assert sum(int(n or 0) for _l, _i, n in after) == len(result.risks)
    assert sum(int(n or 0) for _l, _i, n in heat_cells) == len(result.risks)
    assert result.municipality.name in visible
    assert ctx.title in visible


def test_layout_is_deterministic_and_inside_the_canvas() -> None:
    zones = [DiagramZone(f"zone:z{i}", f"Zone {i}", kind) for i, kind in enumerate(["internal", "dmz", "server"])]
    nodes = [DiagramNode(f"asset:a{i:03d}", f"A {i}", "asset", "server", f"zone:z{i % 3}") for i in range(60)]
    nodes.append(DiagramNode("entry:internet", "Internet", "entry", "internet"))
    first = compute_layout(zones, nodes)
    second = compute_layout(list(reversed(zones)), list(reversed(nodes)))
    assert first == second
    assert set(first.positions) == {n.id for n in nodes}
    assert len(set(first.positions.values())) == len(nodes), "no two nodes on the same spot"
    for x, y in first.positions.values():
        assert 0 < x < first.width and 0 < y < first.height


def test_report_template_builds_reproducibly() -> None:
    assert build_report_template("en").to_bytes("x") == build_report_template("en").to_bytes("x")

