"""Hostile inventory text stays text; templates rebuild byte-identically; the sandbox holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError, UndefinedError

from policy_templates.docxkit import TemplateBuilder
from policy_templates.i18n import Lang, as_lang
from policy_templates.policies.generate import policy_context
from policy_templates.render import docx_blocks, docx_tables, docx_text, render_docx_bytes, verify_docx
from tests.documents.conftest import HOSTILE_TEXT, Analysed
from tests.documents.content_support import NUMBERS, last_annex_prefix
from tests.documents.test_documents_policies import expected_tables, table_counts

CNR, EN = as_lang("cnr"), as_lang("en")
LANGS = (CNR, EN)

CASES = [(n, lang) for n in NUMBERS for lang in LANGS]
IDS = [f"pol{n}-{lang.value}" for n, lang in CASES]


@pytest.mark.parametrize(("number", "lang"), CASES, ids=IDS)
def test_hostile_text_appears_literally_and_nothing_is_lost(hostile: Analysed, number: int, lang: Lang) -> None:
    data = hostile.policy(number, lang)
    assert verify_docx(data, allow=[HOSTILE_TEXT]) == []
    text = docx_text(data)
    assert "Opština " + HOSTILE_TEXT in text
    assert "Tom &amp; Jerry" not in text and "&lt;b&gt;" not in text
    # every table row the context asks for is there, and the document still ends with its last annex
    context = policy_context(number, hostile.inventory, hostile.result, hostile.catalog, lang)
    assert table_counts(docx_tables(data), context) == expected_tables(context)
    last = last_annex_prefix(lang, number)
    assert any(kind == "p" and body.startswith(last) for kind, body in docx_blocks(data))


@pytest.mark.parametrize("lang", LANGS, ids=[lang.value for lang in LANGS])
def test_hostile_register_supplier_and_units_keep_their_text(hostile: Analysed, lang: Lang) -> None:
    interop = docx_text(hostile.policy(2, lang))
    assert "Registar " + HOSTILE_TEXT in interop
    assert "Zakon " + HOSTILE_TEXT in interop
    assert "Partner " + HOSTILE_TEXT in interop
    assert "Služba " + HOSTILE_TEXT in docx_text(hostile.policy(1, lang))  # the scope is stated once, in POL-01
    access = docx_text(hostile.policy(3, lang))
    assert "Dobavljač " + HOSTILE_TEXT in access
    assets = docx_text(hostile.policy(6, lang))
    assert "Sistem " + HOSTILE_TEXT in assets and "OS " + HOSTILE_TEXT in assets


def _tiny_template(tmp_path: Path, text: str) -> Path:
    builder = TemplateBuilder(EN)
    builder.para(text)
    path = tmp_path / "tiny.docx"
    builder.save(path, "tiny")
    return path


def test_missing_context_key_is_an_error_not_an_empty_string(tmp_path: Path) -> None:
    template = _tiny_template(tmp_path, "Hello {{ m.name }} and {{ m.missing }}")
    with pytest.raises(UndefinedError):
        render_docx_bytes(template, {"m": {"name": "x"}})


def test_templates_cannot_reach_python_internals(tmp_path: Path) -> None:
    template = _tiny_template(tmp_path, "{{ m.__class__.__mro__ }}")
    with pytest.raises(SecurityError):
        render_docx_bytes(template, {"m": {"name": "x"}})


def test_document_language_is_set_on_the_normal_style(example_policy_bytes: dict[str, bytes]) -> None:
    import io
    import zipfile

    for code, word_lang in (("cnr", "sr-Latn-ME"), ("en", "en-GB"), ("cnr-Cyrl", "sr-Cyrl-ME")):
        with zipfile.ZipFile(io.BytesIO(example_policy_bytes[code])) as package:
            styles = package.read("word/styles.xml").decode("utf-8")
        assert f'w:val="{word_lang}"' in styles


def test_babel_filters_format_dates_and_numbers_per_language(tmp_path: Path) -> None:
    from datetime import date

    template = _tiny_template(tmp_path, "{{ d|fdate }} / {{ n|fnum }} / {{ n|fnum(2) }}")
    values = {"d": date(2025, 3, 12), "n": 1234.5}
    cnr = docx_text(render_docx_bytes(template, values, lang=CNR))
    en = docx_text(render_docx_bytes(template, values, lang=EN))
    assert "12.03.2025. / 1.234,5 / 1.234,50" in cnr
    assert "12 March 2025 / 1,234.5 / 1,234.50" in en


def test_characters_xml_cannot_hold_are_replaced_visibly(tmp_path: Path) -> None:
    template = _tiny_template(tmp_path, "A {{ x }} B")
    data = render_docx_bytes(template, {"x": "bad\x01char\x0bhere\ufffe!"})
    assert verify_docx(data) == []
    assert "A bad\ufffdchar\ufffdhere\ufffd! B" in docx_text(data)
