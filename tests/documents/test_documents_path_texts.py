"""The report shows attack-path steps and entry points in the analysis' own words for the chosen language."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

import policy_templates.report.context as report_context_module
from policy_templates.report.texts import label
from risk_analyzer.pathtext import entry_name, hop_text, path_entry_name, report_paths

try:
    from tests.documents.documents_report_support import EXAMPLE, analysed, html_text, rendered
except ModuleNotFoundError:  # tests/documents is not a package
    from documents_report_support import EXAMPLE, analysed, html_text, rendered

PATH_HEADER = {"cnr": ["Korak", "Čvor", "Način prelaska", "Usko grlo"], "en": ["Step", "Node", "How", "Choke point"]}
ENGLISH_STEP_WORDS = re.compile(r"\b(flow|stored on|remote access|lateral movement|link from|entry|phishing)\b", re.I)


def _path_tables(lang: str) -> list[list[list[str]]]:
    """The hop tables of the HTML twin (one per attack path, every path of analysis.json)."""
    _docx, page, _ctx = rendered(str(EXAMPLE), lang)
    tables = []
    for block in re.findall(r'<details class="path".*?</details>', page, re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", block, re.S)
        tables.append([[html.unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows])
    assert all(t[0] == PATH_HEADER[lang] for t in tables)
    return tables


def test_documents_cnr_report_describes_the_example_paths_in_montenegrin() -> None:
    _docx, page, _ctx = rendered(str(EXAMPLE), "cnr")
    text = html.unescape(page)
    # the example publishes RDP of the server zone to the internet and lets Fiscalis in by TeamViewer without MFA
    assert "protok iz zone „Internet” u zonu „Serverska zona (serverska sala, prizemlje)” (tcp/3389)" in text
    assert "udaljeni pristup dobavljača „Fiscalis d.o.o.” (TeamViewer, bez MFA)" in text
    assert "podaci smješteni na „Kontroler domena, DNS i DHCP (jedini)”" in text
    assert "udaljeni pristup dobavljača „Fiscalis d.o.o.” → " in text
    assert "lateralno kretanje unutar zone „Serverska zona (serverska sala, prizemlje)”" in text


@pytest.mark.parametrize("lang", ["cnr", "en"])
def test_documents_path_tables_print_the_hop_text_of_the_language(lang: str) -> None:
    _inv, result, _catalog = analysed(str(EXAMPLE))
    tables = _path_tables(lang)
    shown = result.attack_paths
    assert len(tables) == len(shown) > 0
    for table, path in zip(tables, shown, strict=True):
        rows = table[1:]
        assert len(rows) == len(path.hops)
        name = hop_text(path.hops[0], lang)
        assert rows[0][1] == name[:1].upper() + name[1:], "the first hop is the entry point"
        assert rows[0][2] == "–"
        for row, hop in zip(rows[1:], path.hops[1:], strict=True):
            assert row[2] == hop_text(hop, lang)
            if lang == "cnr":
                assert not ENGLISH_STEP_WORDS.search(row[2]), row[2]


def test_documents_entry_points_use_the_analysis_names() -> None:
    _inv, result, _catalog = analysed(str(EXAMPLE))
    _docx, _html, ctx = rendered(str(EXAMPLE), "cnr")
    assert [block.entry for block in ctx.paths] == [
        path_entry_name(p, "cnr") for p in report_paths(result.attack_paths)
    ]
    entries = [node for node in result.graph.nodes if node.type == "entry"]
    assert {node.kind for node in entries} >= {"internet", "phishing", "supplier"}
    for node in entries:
        assert label("entry_point", node.kind, "cnr") == entry_name(node.kind, "cnr")
        assert label("entry_point", node.kind, "en") == entry_name(node.kind, "en")
    _docx, page, _ctx = rendered(str(EXAMPLE), "cnr")
    visible, scripts = html_text(page)
    everything = visible + "".join(content for _attrs, content in scripts)
    assert "fišing korisnika radnih stanica" in everything.lower()
    assert "udaljeni pristup dobavljača" in everything.lower()


def test_documents_report_has_no_pattern_translation_of_steps() -> None:
    assert not hasattr(report_context_module, "hop_via")
    assert not hasattr(report_context_module, "_VIA_CNR")
    source = Path(report_context_module.__file__).read_text(encoding="utf-8")
    assert "re.compile" not in source and "import re\n" not in source
