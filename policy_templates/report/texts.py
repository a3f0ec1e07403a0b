"""Texts of the Risk and Security Analysis report.

Headings and prose are content (``policy_templates/content/<lang>/report/report.md``,
one ``{#report.<key>}`` id each, changeable through a ``--documents`` folder);
short strings (table headers, HTML controls) are the ``report`` vocabulary of
``labels.po``; labels of controlled vocabularies come from
:func:`policy_templates.i18n.label`. Free text from the inventory is never
translated.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from policy_templates.content import Document, load_document
from policy_templates.i18n import Lang, as_lang
from policy_templates.i18n import label as base_label
from risk_analyzer.pathtext import entry_names

REPORT = "report"


def report_document(lang: str | Lang, documents: Path | None = None) -> Document:
    """The report's content in ``lang`` with the changes of ``documents``."""
    return load_document("report", REPORT, as_lang(lang).code, documents)


def label(group: str, value: object, lang: str | Lang) -> str:
    """A vocabulary label; entry points are named by the analysis (in its two languages)."""
    code = as_lang(lang)
    raw = str(getattr(value, "value", value))
    if group == "entry_point":
        names = entry_names()
        if raw in names:
            return code.script(getattr(names[raw], code.value))
        return raw
    return base_label(group, value, code)


def texts(lang: str | Lang, documents: Path | None = None) -> dict[str, str]:
    """Every report text by key: the content's ids (``report.<key>``) and the ``report`` labels.

    A paragraph deleted by an override maps to an empty text (the builder leaves it out).
    """
    code = as_lang(lang)
    bundled = report_document(code)
    doc = report_document(code, documents) if documents is not None else bundled
    out: dict[str, str] = {}
    for block_id in bundled.ids():
        out[block_id.removeprefix(REPORT + ".")] = ""
    for block_id, block in doc.ids().items():
        out[block_id.removeprefix(REPORT + ".")] = block.text
    out["title"] = str(doc.front.get("title", ""))
    return out


@lru_cache(maxsize=16)
def _bundled_texts(code: Lang) -> dict[str, str]:
    """The bundled report texts of a language, read once per process (``text`` is called per table row)."""
    return texts(code)


def text(key: str, lang: str | Lang) -> str:
    """A report text in ``lang``: content prose or heading, else the ``report`` label ``key``."""
    code = as_lang(lang)
    found = _bundled_texts(code).get(key)
    if found is not None:
        return found
    return code.tr.pgettext(REPORT, key)
