"""The six policies: content, contexts and writing the documents.

Public entry points:

* :func:`write_policies` – render the policies of one municipality in one
  language into a directory (``<CODE>-POL-0N-<slug>.<lang>.docx``);
* :func:`render_policy` – one policy as .docx bytes;
* :func:`policy_context` – the typed render context of one policy.

The text comes from the content files (:mod:`policy_templates.content`),
optionally changed by a ``documents`` folder (whole files or paragraphs by id).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from asset_models.errors import InputError, Place, Problem
from asset_models.fsutil import atomic_write_bytes, ensure_dir
from asset_models.models import Inventory
from policy_templates.compose import render_document
from policy_templates.content import Document, document_names, load_document, model_scope
from policy_templates.i18n import Lang, as_lang
from policy_templates.policies.context import (
    BaseContext,
    DecisionContext,
    Policy1Context,
    Policy2Context,
    Policy3Context,
    Policy4Context,
    Policy5Context,
    Policy6Context,
    decision_context,
    policy1_context,
    policy2_context,
    policy3_context,
    policy4_context,
    policy5_context,
    policy6_context,
)
from policy_templates.policies.registry import check_numbers, file_name, policies
from policy_templates.render import CoreProperties
from risk_analyzer.result import AnalysisResult
from threat_catalog.models import Catalog

__all__ = [
    "CONTEXTS",
    "CONTEXT_MODELS",
    "decisions",
    "file_name",
    "load_policy",
    "policies",
    "policy_context",
    "render_decision",
    "render_policy",
    "write_policies",
]

ContextBuilder = Callable[[Inventory, AnalysisResult, Catalog | None, Lang], BaseContext]

CONTEXTS: dict[int, ContextBuilder] = {
    1: policy1_context,
    2: policy2_context,
    3: policy3_context,
    4: policy4_context,
    5: policy5_context,
    6: policy6_context,
}

CONTEXT_MODELS: dict[int, type[BaseContext]] = {
    1: Policy1Context,
    2: Policy2Context,
    3: Policy3Context,
    4: Policy4Context,
    5: Policy5Context,
    6: Policy6Context,
}


def policy_context(
    number: int, inventory: Inventory, result: AnalysisResult, catalog: Catalog | None, lang: str | Lang
) -> BaseContext:
    """The typed render context of policy ``number``."""
    return CONTEXTS[number](inventory, result, catalog, as_lang(lang))


def load_policy(number: int, lang: str | Lang, documents: Path | None = None) -> Document:
    """The content of policy ``number`` in ``lang`` with the changes of ``documents``."""
    return load_document("policies", policies(lang)[number].name, as_lang(lang).code, documents)


def render_policy(
    number: int,
    inventory: Inventory,
    result: AnalysisResult,
    catalog: Catalog | None,
    lang: str | Lang,
    *,
    documents: Path | None = None,
) -> bytes:
    """Policy ``number`` for this municipality in ``lang``, as .docx bytes."""
    code = as_lang(lang)
    doc = load_policy(number, code, documents)
    context = policy_context(number, inventory, result, catalog, code)
    return _render(doc, context, context.doc.title, result, code, CONTEXT_MODELS[number])


def decisions(lang: str | Lang) -> dict[int, tuple[str, str, str]]:
    """The model decisions of ``lang``: number -> (content name, slug, title)."""
    code = as_lang(lang)
    out: dict[int, tuple[str, str, str]] = {}
    for name in document_names("decisions", code.code):
        doc = load_document("decisions", name, code.code)
        number, slug, title = doc.front.get("number"), doc.front.get("slug"), doc.front.get("title")
        if not isinstance(number, int) or not isinstance(slug, str) or not isinstance(title, str):
            raise InputError("invalid content file", [Problem(Place(file=doc.path, line=1),
                             "front matter needs number, slug and title")])
        out[number] = (name, slug, code.script(title))
    return out


def render_decision(
    number: int,
    inventory: Inventory,
    result: AnalysisResult,
    catalog: Catalog | None,
    lang: str | Lang,
    *,
    documents: Path | None = None,
) -> bytes:
    """Model decision ``number`` (1: security officer, 2: incident response team) as .docx bytes."""
    code = as_lang(lang)
    name, _, title = decisions(code)[number]
    doc = load_document("decisions", name, code.code, documents)
    context = decision_context(number, title, inventory, result, catalog, code)
    return _render(doc, context, title, result, code, DecisionContext)


def _render(doc: Document, context: Any, title: str, result: AnalysisResult, code: Lang, model: type[Any]) -> bytes:
    """One act or decision as .docx bytes: its content, its context and the document properties Word shows."""
    core = CoreProperties(title=f"{title} – {context.m.name}", when=result.as_of, subject=context.doc.number,
                          language=code.language.word_lang)
    return render_document(doc, context.model_dump(mode="python"), code, core, model_scope(model))


def write_policies(
    inventory: Inventory,
    result: AnalysisResult,
    catalog: Catalog | None,
    lang: str | Lang,
    out_dir: str | Path,
    *,
    only: Iterable[int] | None = None,
    documents: Path | None = None,
) -> list[Path]:
    """Write the policies (all six, or ``only``) into ``out_dir``; returns the files in number order."""
    code = as_lang(lang)
    target = ensure_dir(out_dir)
    written = []
    for number in check_numbers(only):
        data = render_policy(number, inventory, result, catalog, code, documents=documents)
        written.append(atomic_write_bytes(target / file_name(inventory.municipality.code, number, code), data))
    if not only:  # the whole set: the two model decisions go with the policies
        for number, (_, slug, _) in sorted(decisions(code).items()):
            data = render_decision(number, inventory, result, catalog, code, documents=documents)
            name = f"{inventory.municipality.code}-RJE-{number:02d}-{slug}.{code.code}.docx"
            written.append(atomic_write_bytes(target / name, data))
    return written
