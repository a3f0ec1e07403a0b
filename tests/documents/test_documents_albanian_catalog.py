"""Albanian documents show the catalogue's Albanian texts (rule, control, threat, action titles), not English."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from policy_templates.i18n import as_lang
from policy_templates.report.writer import render_report_docx
from tests.documents.conftest import Analysed

SQ = as_lang("sq")
_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
_RUN_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


def docx_text(data: bytes) -> str:
    """The text of every paragraph of a .docx (body, tables, headers), one paragraph a line."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [n for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")]
        xml = "".join(archive.read(n).decode("utf-8") for n in sorted(parts))
    lines = ("".join(_RUN_TEXT.findall(p)) for p in _PARAGRAPH.findall(xml))
    unescaped = (line.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">") for line in lines)
    return "\n".join(unescaped)


@pytest.fixture(scope="module")
def albanian_text(example: Analysed) -> str:
    docs = [example.policy(number, SQ) for number in range(1, 7)]
    docs.append(render_report_docx(example.inventory, example.result, example.catalog, SQ))
    return "\n".join(docx_text(d) for d in docs)


def test_albanian_documents_show_the_albanian_titles_of_the_example_risks(
    example: Analysed, albanian_text: str
) -> None:
    rule_ids = sorted({r.rule_id for r in example.result.risks if r.rule_id})
    assert rule_ids
    titles = [example.catalog.rule(rule_id).title for rule_id in rule_ids]
    shown = [t for t in titles if t.sq in albanian_text]
    assert len(shown) >= 5, [t.sq for t in titles]
    assert "Sistem operativ pa mbështetje nga prodhuesi" in albanian_text or "eol.os" not in rule_ids
    english = [t.en for t in titles if t.has_sq and t.en in albanian_text]
    assert english == []


def test_albanian_documents_contain_no_english_catalogue_title(example: Analysed, albanian_text: str) -> None:
    catalog = example.catalog
    texts = [e.title for e in [*catalog.rules, *catalog.controls, *catalog.threats, *catalog.measures]]
    # long titles only: a short English word ("Fire", "Water") may stand in Albanian text on its own
    english = sorted({t.en for t in texts if t.has_sq and len(t.en) > 20 and t.en in albanian_text})
    assert english == []
