"""The report a mayor can act on: decisions and costs first, one numbering, sound table grids, no codes in prose."""

from __future__ import annotations

import html
import io
import re
import zipfile

import pytest
from lxml import etree
from openpyxl import load_workbook

from policy_templates.render import docx_tables, docx_text
from policy_templates.report.builder import MIN_COL_CM
from risk_analyzer.outputs import register_xlsx

try:
    from tests.documents.documents_report_support import EXAMPLE, analysed, rendered
except ModuleNotFoundError:  # tests/documents is not a package
    from documents_report_support import EXAMPLE, analysed, rendered

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIPS_PER_CM = 1440 / 2.54


def _document(docx: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        data = package.read("word/document.xml")
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


@pytest.mark.parametrize("lang", ["cnr", "en"])
def test_toc_field_and_landscape_sections(lang: str) -> None:
    docx, _html, _ctx = rendered(str(EXAMPLE), lang)
    root = _document(docx)
    instructions = [t.text or "" for t in root.iter(f"{W}instrText")]
    assert any(i.strip().startswith("TOC ") for i in instructions), "a Word table-of-contents field"
    sizes = [s.find(f"{W}pgSz") for s in root.iter(f"{W}sectPr")]
    orients = [s.get(f"{W}orient") for s in sizes if s is not None]
    assert orients[0] != "landscape", "the cover, summary and chapters 1-6 are portrait"
    for size in sizes:
        if size is not None and size.get(f"{W}orient") == "landscape":
            assert int(size.get(f"{W}w")) > int(size.get(f"{W}h"))
    # a paragraph's section is the next sectPr after it: the plan, compliance and the annexes are landscape
    body = root.find(f"{W}body")
    orient_of: dict[str, str | None] = {}
    pending: list[str] = []
    for child in body:
        inner = child if child.tag == f"{W}sectPr" else child.find(f"{W}pPr/{W}sectPr")
        text = "".join(t.text or "" for t in child.iter(f"{W}t"))
        if text:
            pending.append(text)
        if inner is not None:
            size = inner.find(f"{W}pgSz")
            for seen in pending:
                orient_of[seen] = size.get(f"{W}orient") if size is not None else None
            pending = []
    headings = [t for t in orient_of if t.startswith(("7.", "Prilog R", "Annex R", "8."))]
    assert len(headings) >= 3, headings
    assert all(orient_of[h] == "landscape" for h in headings), {h: orient_of[h] for h in headings}


@pytest.mark.parametrize("lang", ["cnr", "en", "cnr-Cyrl"])
def test_table_grids_match_cells_and_no_column_is_too_narrow(lang: str) -> None:
    docx, _html, _ctx = rendered(str(EXAMPLE), lang)
    root = _document(docx)
    tables = list(root.iter(f"{W}tbl"))
    assert len(tables) > 10
    for table in tables:
        grid = [int(c.get(f"{W}w")) for c in table.find(f"{W}tblGrid")]
        assert min(grid) >= MIN_COL_CM * TWIPS_PER_CM - 1, grid
        assert table.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
        for row in table.iter(f"{W}tr"):
            widths = [int(tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) for tc in row.iter(f"{W}tc")]
            assert widths == grid, "gridCol widths equal the cell widths"


def test_a_wrong_column_width_is_refused() -> None:
    from policy_templates.docxkit import TemplateBuilder
    from policy_templates.report.builder import _table

    builder = TemplateBuilder("en")
    with pytest.raises(ValueError, match="narrower"):
        _table(builder, ["a", "b"], ["{{ r.a }}", "{{ r.b }}"], items="x", widths_cm=[1.0, 5.0])


@pytest.mark.parametrize("lang", ["cnr", "en"])
def test_first_pages_ask_for_decisions_with_costs_in_euro(lang: str) -> None:
    docx, page, ctx = rendered(str(EXAMPLE), lang)
    text = docx_text(docx)
    summary = text[:text.index(ctx.summary_actions[-1].action) + 200]
    assert text.index(ctx.decisions[0]) < text.index(ctx.likelihood_scale[0].description)
    assert "€" in summary and len(ctx.decisions) >= 2
    assert len(ctx.summary_actions) == 5
    for action in ctx.summary_actions:
        assert action.one_off.endswith("€") and action.yearly.endswith("€")
    visible = html.unescape(page)
    for decision in ctx.decisions:
        assert decision in visible


def test_the_worst_problem_rdp_from_the_internet_comes_first() -> None:
    _inv, result, _catalog = analysed(str(EXAMPLE))
    _docx, _html, ctx = rendered(str(EXAMPLE), "en")
    worst = result.risks[0]
    assert any(r.rule_id == "net.rdp_internet" and r.level == worst.level for r in result.risks)
    first = ctx.summary_actions[0]
    assert "3389" in first.action and "VPN" in first.action
    dc_name = next(a.name for a in result.assets if a.id == "srv-dc01")
    assert "srv-dc01" not in first.action and dc_name in first.action  # names, not ids


@pytest.mark.parametrize("lang", ["cnr", "en"])
def test_one_numbering_in_docx_html_and_xlsx(lang: str) -> None:
    docx, page, _ctx = rendered(str(EXAMPLE), lang)
    _inv, result, _catalog = analysed(str(EXAMPLE))
    register = next(t for t in docx_tables(docx) if t and len(t[0]) == 11)
    docx_numbers = {row[1]: row[0] for row in register[1:]}
    assert set(docx_numbers) == {r.id for r in result.risks}
    html_numbers = dict(re.findall(r'<td class="num" data-sort="\d+">(R-\d+)</td><td[^>]*>.*?<span class="muted">(.*?)'
                                   r"</span>", page))
    html_numbers = {html.unescape(k): v for v, k in html_numbers.items()}
    assert html_numbers == docx_numbers
    sheet = load_workbook(io.BytesIO(register_xlsx(result, "en")), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    xlsx_numbers = {row[0]: row[header.index("No.")] for row in rows[1:]}
    assert xlsx_numbers == docx_numbers
    text = docx_text(docx)
    for risk in result.risks:  # every id of analysis.json in the docx and the html
        assert risk.id in text and html.escape(risk.id) in page


def _catalogue_codes() -> set[str]:
    _inv, result, catalog = analysed(str(EXAMPLE))
    codes = {c.id for c in catalog.controls} | {t.id for t in catalog.threats} | {r.rule_id for r in result.risks}
    codes |= {"very_high", "staff_time", "supplier_access", "not_applicable", "in_progress", "false_positive",
              "teamviewer", "anydesk"}
    return {c for c in codes if not re.fullmatch(r"[A-Za-z]+", c)}  # plain words may be ordinary text


@pytest.mark.parametrize("lang", ["cnr", "en", "sq"])
def test_no_internal_codes_in_prose(lang: str) -> None:
    docx, page, _ctx = rendered(str(EXAMPLE), lang)
    codes = _catalogue_codes()
    root = _document(docx)
    tables = list(root.iter(f"{W}tbl"))
    id_tables = {t for t in tables if len(t.find(f"{W}tblGrid")) in {10, 11}
                 and "".join(t.find(f"{W}tr").itertext()).startswith(("Br.", "No.", "Nr.", "Oznaka", "Id"))}
    prose = []
    for table in tables:
        if table not in id_tables:
            prose.append(" ".join(table.itertext()))
    for paragraph in root.iter(f"{W}p"):
        if not any(a in id_tables for a in paragraph.iterancestors(f"{W}tbl")):
            prose.append("".join(paragraph.itertext()))
    text = "\n".join(prose)
    found = sorted(c for c in codes if re.search(r"(?<![\w.@])" + re.escape(c) + r"(?![\w@])", text))
    assert found == [], f"internal codes in the {lang} prose: {found[:10]}"
    body = re.sub(r'<table id="risks">.*?</table>', "", page, flags=re.S)
    body = re.sub(r'<section id="annex-a">.*?</section>', "", body, flags=re.S)
    body = re.sub(r"<script.*?</script>", "", body, flags=re.S)
    found = sorted(c for c in codes if re.search(r"(?<![\w.@:-])" + re.escape(c) + r"(?![\w@])", html.unescape(body)))
    assert found == [], f"internal codes in the {lang} html: {found[:10]}"


def test_html_twin_has_every_section_path_nis2_item_and_project() -> None:
    _inv, result, _catalog = analysed(str(EXAMPLE))
    _docx, page, ctx = rendered(str(EXAMPLE), "cnr")
    for anchor in ("summary", "method", "network", "causes", "paths", "plan", "compliance", "register", "annex-a"):
        assert f'<section id="{anchor}">' in page and f'href="#{anchor}"' in page
    assert page.count('<details class="path"') == len(result.attack_paths)
    visible = html.unescape(page)
    for row in ctx.nis2:
        assert f"{row.item} – {row.title}" in visible
    for row in ctx.eu_sections:
        assert f"{row.item} – {row.title}" in visible
    assert ctx.tasks_projects
    for task in ctx.tasks_quick + ctx.tasks_projects:
        assert task.action in visible
