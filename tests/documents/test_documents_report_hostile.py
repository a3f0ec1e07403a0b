"""Hostile inventory text is data: it appears literally in the docx and the html, and nothing after it is lost."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from lxml import etree

from policy_templates.i18n import as_lang
from policy_templates.render import docx_tables, docx_text, verify_docx

CNR, EN = as_lang("cnr"), as_lang("en")
LANGS = (CNR, EN)

try:
    from tests.documents.documents_report_support import HOSTILE, analysed, html_text, rendered, write_hostile_inventory
except ModuleNotFoundError:  # tests/documents is not a package
    from documents_report_support import HOSTILE, analysed, html_text, rendered, write_hostile_inventory

LANGS = ["cnr", "en"]


@pytest.fixture(scope="module")
def hostile_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(write_hostile_inventory(tmp_path_factory.mktemp("hostile")))


@pytest.mark.parametrize("lang", LANGS)
def test_docx_renders_hostile_text_literally(hostile_path: str, lang: str) -> None:
    docx, _html, _ctx = rendered(hostile_path, lang)
    _inv, result, _catalog = analysed(hostile_path)
    text = docx_text(docx)
    assert text.count(HOSTILE) >= 10
    assert "49" not in re.findall(r"\b49\b", text.replace(HOSTILE, "")), "{{ 7*7 }} must never be evaluated"
    # the only template-like text left is the hostile data itself
    assert not re.search(r"\{\{|\{%|\{#|%\}|#\}", text.replace(HOSTILE, ""))
    problems = [p for p in verify_docx(docx) if "template markup left" not in p]
    assert problems == []
    # every XML part parses strictly and the hostile text sits in w:t as text, not as markup
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(package.read(name), etree.XMLParser(recover=False, resolve_entities=False))
        assert b"&lt;/script&gt;" in package.read("word/document.xml")
    # nothing after the hostile text is lost: whole register, the municipality, the last section
    register = [t for t in docx_tables(docx) if t and len(t[0]) == 11 and t[0][0] in {"Br.", "No."}]
    assert len(register) == 1 and len(register[0]) == len(result.risks) + 1
    assert "Opština " + HOSTILE in text
    assert "Registar " + HOSTILE in text
    assert "Dobavljač " + HOSTILE in text
    assert text.rstrip().endswith(("once a year and after every significant change of the systems.",
                                   "najmanje jednom godišnje i nakon svake značajne promjene sistema."))


@pytest.mark.parametrize("lang", LANGS)
def test_html_keeps_hostile_text_inert(hostile_path: str, lang: str) -> None:
    _docx, page, _ctx = rendered(hostile_path, lang)
    _inv, result, _catalog = analysed(hostile_path)
    visible, scripts = html_text(page)
    assert HOSTILE in visible  # decoded text equals the input exactly
    assert visible.count(HOSTILE) >= 3
    # exactly the two script elements the page defines: the JSON block and the code
    assert [attrs.get("type") for attrs, _body in scripts] == ["application/json", None]
    assert page.count("</script>") == 2
    assert "<script>alert(1)" not in page
    data = json.loads(scripts[0][1])
    labels = [n["label"] for n in data["graph"]["nodes"]]
    assert "Server " + HOSTILE in labels
    # the whole risk table is there
    assert page.count("<tr data-level=") == len(result.risks)
