"""The report .docx of the example municipality: package, tables, content, images, golden text, determinism."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document

from policy_templates.i18n import Lang, as_lang
from policy_templates.render import docx_tables, docx_text, verify_docx
from policy_templates.report.builder import build_report_template
from policy_templates.report.context import entry_label
from risk_analyzer.pathtext import report_paths

CNR, EN = as_lang("cnr"), as_lang("en")
LANGS = (CNR, EN)

try:
    from tests.documents.documents_report_support import AS_OF, EXAMPLE, GOLDEN_DIR, analysed, rendered, update_golden
except ModuleNotFoundError:  # tests/documents is not a package
    from documents_report_support import AS_OF, EXAMPLE, GOLDEN_DIR, analysed, rendered, update_golden

LANGS = ["cnr", "en"]
REGISTER_HEADER = {"cnr": ["Br.", "Oznaka", "Prijetnja", "Slabost", "Obrazloženje", "Sredstvo", "Vlasnik",
                           "V × U → nivo", "Tretman",
                           "Rok", "Ciljni nivo"],
                   "en": ["No.", "Id", "Threat", "Weakness", "Evidence", "Asset", "Owner", "L × I → level", "Treatment",
                          "Due", "Target level"]}


def _register(docx: bytes, lang: str) -> list[list[str]]:
    tables = [t for t in docx_tables(docx) if t and t[0] == REGISTER_HEADER[lang]]
    assert len(tables) == 1, "exactly one risk register table"
    return tables[0]


@pytest.mark.parametrize("lang", LANGS)
def test_package_is_valid_and_fully_rendered(lang: str) -> None:
    docx, _html, _ctx = rendered(str(EXAMPLE), lang)
    assert verify_docx(docx) == []
    text = docx_text(docx)
    assert not re.search(r"\{\{|\{%|\{#|%\}|#\}", text)
    assert "None" not in text.split() and "Undefined" not in text
    Document(io.BytesIO(docx))  # python-docx opens it


@pytest.mark.parametrize("lang", LANGS)
def test_register_has_one_row_per_risk(lang: str) -> None:
    docx, _html, _ctx = rendered(str(EXAMPLE), lang)
    _inv, result, _catalog = analysed(str(EXAMPLE))
    assert result.risks, "the example must produce risks"
    register = _register(docx, lang)
    assert len(register) == len(result.risks) + 1
    assert [row[0] for row in register[1:]] == [f"R-{n:03d}" for n in range(1, len(result.risks) + 1)]
    assert [row[1] for row in register[1:]] == [risk.id for risk in result.risks]  # every id, in order
    assert register[-1][5] == result.risks[-1].subject_name  # nothing lost at the end


@pytest.mark.parametrize("lang", LANGS)
def test_key_content_appears(lang: str) -> None:
    docx, _html, ctx = rendered(str(EXAMPLE), lang)
    _inv, result, _catalog = analysed(str(EXAMPLE))
    text = docx_text(docx)
    assert result.municipality.name in text
    title = {"cnr": "Analiza rizika i bezbjednosti mrežnih i informacionih sistema",
             "en": "Risk and Security Analysis of Network and Information Systems"}[lang]
    assert title in text
    for risk_id in result.summary.top[:5]:
        risk = result.risk_index()[risk_id]
        assert getattr(risk.title, lang) in text
    assert result.attack_paths, "the example has crown jewels reachable by an attacker"
    for path in report_paths(result.attack_paths):
        assert (path.target_name or path.target) in text
        for hop in path.hops[1:]:
            assert entry_label(hop.node, hop.label, Lang(lang)) in text
    for cause in ctx.causes:  # the plan: every root cause's action
        assert cause.action in text
    for decision in ctx.decisions:  # the first pages ask for decisions and give costs in EUR
        assert decision in text
    assert "€" in ctx.decisions[0]
    first = text.index(ctx.decisions[0])
    assert first < text.index(ctx.causes[0].action) < text.index(ctx.likelihood_scale[0].description)


@pytest.mark.parametrize("lang", LANGS)
def test_images_are_embedded(lang: str) -> None:
    docx, _html, ctx = rendered(str(EXAMPLE), lang)
    # two heat maps, the zone overview, one picture per larger zone and one per row of small zones (the example:
    # six zones of at most three systems in three pictures), one per path target (at most 6)
    from policy_templates.report.graphview import SMALL_ZONE

    sizes = sorted((zone.assets for zone in ctx.zones if 0 < zone.assets <= SMALL_ZONE), reverse=True)
    assert sizes == [3, 3, 3, 1, 1, 1]
    larger = sum(1 for zone in ctx.zones if zone.assets > SMALL_ZONE)
    expected = 3 + larger + 3 + min(len({p.target for p in ctx.paths}), 6)
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        media = sorted(n for n in package.namelist() if n.startswith("word/media/"))
        assert len(media) == expected
        for name in media:
            assert package.read(name).startswith(b"\x89PNG\r\n\x1a\n")
        document = package.read("word/document.xml").decode("utf-8")
    assert document.count("<pic:pic") == expected


def test_montenegrin_text_uses_ijekavian_terms() -> None:
    # our own prose (the template) and generated sentences; inventory data may spell things its own way
    messages = rendered(str(EXAMPLE), "cnr")[2].key_messages
    prose = docx_text(build_report_template("cnr").to_bytes("t")) + "\n".join(messages)
    assert "bezbjednost" in prose and "korišćenj" in prose and "mjer" in prose
    for wrong in ("bezbednost", "sigurnost", "korištenje", "mere ", "primenjen", "uslovi bezbednosti"):
        assert wrong not in prose.lower()
    for letter in "čćžšđ":
        assert letter in prose


@pytest.mark.parametrize("lang", ["cnr", "en", "cnr-Cyrl"])
def test_golden_text(lang: str) -> None:
    text = docx_text(rendered(str(EXAMPLE), lang)[0]) + "\n"
    golden = GOLDEN_DIR / f"primjer.{lang}.txt"
    if update_golden():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), "golden file missing: run the tests once with LSGRISK_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_same_input_gives_same_document(lang: str) -> None:
    from policy_templates.report.writer import render_report_docx, render_report_html

    inv, result, catalog = analysed(str(EXAMPLE))
    first_docx, first_html, _ctx = rendered(str(EXAMPLE), lang)
    second_docx = render_report_docx(inv, result, catalog, lang)
    assert docx_text(second_docx) == docx_text(first_docx)
    assert second_docx == first_docx
    assert render_report_html(inv, result, catalog, lang).encode("utf-8") == first_html.encode("utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_level_cells_are_shaded_in_schema_order(lang: str) -> None:
    from lxml import etree

    from policy_templates.render import W_NS
    from policy_templates.report.writer import _TCPR_ORDER

    docx, _html, ctx = rendered(str(EXAMPLE), lang)
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        root = etree.fromstring(package.read("word/document.xml"), etree.XMLParser(resolve_entities=False))
    fills = []
    for tc_pr in root.iter(f"{{{W_NS}}}tcPr"):
        ranks = [_TCPR_ORDER.get(child.tag, 99) for child in tc_pr]
        assert ranks == sorted(ranks), "w:tcPr children out of schema order"
        fills += [shd.get(f"{{{W_NS}}}fill") for shd in tc_pr.iter(f"{{{W_NS}}}shd")]
    for risk in ctx.risks:
        assert risk.colour in fills
    # register: inherent and residual level cells are shaded once per risk at least
    colours = {lc.colour for lc in ctx.level_counts}
    assert sum(1 for fill in fills if fill in colours) >= 2 * len(ctx.risks)


def test_minimal_inventory_gives_a_complete_report(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from policy_templates.report.writer import write_report
    from risk_analyzer.pipeline import run_analysis

    source = tmp_path / "inventory.yaml"
    source.write_text("version: 1\nmunicipality: {name: Opština Mala, code: MALA}\n", encoding="utf-8")
    inv, result, catalog = run_analysis(source, as_of=AS_OF, tool_version="test")
    docx, page = write_report(inv, result, catalog, "cnr", tmp_path / "out")
    assert (docx.name, page.name) == ("MALA-risk-analysis.cnr.docx", "MALA-risk-analysis.cnr.html")
    assert verify_docx(docx) == []
    text = docx_text(docx)
    assert "Opština Mala" in text
    assert "Nije pronađena putanja napada" in text  # no assets, so no crown-jewel path
    assert len(_register(docx.read_bytes(), "cnr")) == len(result.risks) + 1
    assert "<tr data-level=" in page.read_text(encoding="utf-8") or not result.risks
