"""Content into the reference document of a language, then rendered with the data.

:func:`compose_template` writes the blocks of a :class:`~policy_templates.content.Document`
into the language's ``reference.docx`` (where its ``[[CONTENT]]`` paragraph
is) and returns a docxtpl template in memory; :func:`render_document` checks
the placeholders against the typed context, fills the cover (title, lines,
header, signature from the front matter) and renders it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.exceptions import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from asset_models.errors import InputError, Place, Problem
from policy_templates.content import Block, Document, check_placeholders, reference_docx
from policy_templates.docxkit import TemplateBuilder
from policy_templates.fillin import highlight_fill_ins
from policy_templates.i18n import Lang, as_lang, label
from policy_templates.render import CoreProperties, render_docx_bytes

#: names every document may use besides its own context
META_FIELDS = ("number", "title", "plan_annex", "changes", "review")


def add_block(b: TemplateBuilder, block: Block) -> None:
    """One content block into the template under construction."""
    if block.kind == "heading":
        b.heading(block.text, min(block.level, 3))
    elif block.kind == "para":
        b.para(block.text, bold_prefix=block.bold_prefix, italic=block.italic)
    elif block.kind == "bullet":
        b.bullets([block.text])
    elif block.kind == "item":
        b.requirement(block.number, block.text)
    elif block.kind == "control":
        b.control("{%p " + block.text[2:].lstrip())
    elif block.kind == "table":
        b.loop_table(block.headers, block.cells, items=block.items, widths_cm=block.widths)
    elif block.kind == "kvtable":
        b.key_value_table(block.rows)
    elif block.kind == "pagebreak":
        b.page_break()


def compose_template(doc: Document, lang: str | Lang) -> bytes:
    """The docxtpl template of ``doc``: its blocks inside the reference document of ``lang``.

    The same content in the same reference document gives the same template, so it is built once per
    process (25 municipalities in a row compose each document once).
    """
    code = as_lang(lang)
    reference = doc.reference or reference_docx(code.code)
    stamp = reference.stat().st_mtime_ns
    return _compose(code.code, reference, stamp, tuple(doc.blocks), str(doc.front.get("title", doc.name)))


@lru_cache(maxsize=32)
def _compose(code: str, reference: Path, stamp: int, blocks: tuple[Block, ...], title: str) -> bytes:
    del stamp  # part of the cache key: a reference document changed on disk is read again
    b = TemplateBuilder(code, reference=reference)
    for block in blocks:
        add_block(b, block)
    return b.to_bytes(title)


def _plain_env() -> SandboxedEnvironment:
    """For front-matter strings: sandboxed and strict; the result is text, escaped once when rendered."""
    return SandboxedEnvironment(autoescape=False, undefined=StrictUndefined)


def cover_values(doc: Document, values: Mapping[str, Any]) -> dict[str, Any]:
    """The cover, header and signature of the reference document, from the front matter."""
    env = _plain_env()
    front = doc.front

    def render(text: object) -> str:
        try:
            return env.from_string(str(text)).render(values)
        except TemplateError as exc:
            raise InputError("invalid content file", [Problem(Place(file=doc.path, line=1),
                             f"front matter: {exc}")]) from None

    lines = front.get("cover") or []
    signature = front.get("signature")
    review = (values.get("meta") or {}).get("review", "")
    return {
        "title": render(front.get("title", "")),
        "org": render(front.get("org", "{{ m.name }}")) if "m" in values or "org" in front else "",
        # a translation still to be reviewed says so on the cover, in every document of the language
        "lines": ([render(line) for line in lines] if isinstance(lines, list) else []) + ([review] if review else []),
        "header": render(front.get("header", "")),
        "signature": render(signature) if isinstance(signature, str) else "",
    }


def meta_values(doc: Document, lang: str | Lang) -> dict[str, Any]:
    """``meta``: number and title of the document, the number of the plan annex, the changes made locally."""
    annexes = doc.front.get("annexes") or []
    review = as_lang(lang).language.review
    return {
        "number": str(doc.front.get("number", "")),
        "title": str(doc.front.get("title", "")),
        "plan_annex": str(len(annexes) + 1),
        "changes": [dict(c) for c in doc.changes],
        "review": label("review", "translation", lang) if review else "",
    }


def meta_scope() -> dict[str, Any]:
    return {"meta": {"number": str, "title": str, "plan_annex": str, "changes": list[dict[str, str]],
                     "review": str}}


#: (content, names of the context) already checked in this process
_CHECKED: set[tuple[tuple[Block, ...], tuple[str, ...]]] = set()


def check_document(doc: Document, scope: Mapping[str, Any]) -> None:
    """Raise an input error listing every unknown placeholder of ``doc`` with file and line."""
    key = (tuple(doc.blocks), tuple(f"{k}:{v!r}" for k, v in sorted(scope.items())))
    if key in _CHECKED:
        return
    problems = check_placeholders(doc.blocks, {**scope, **meta_scope()}, doc.path)
    if problems:
        raise InputError(f"document content '{doc.name}' uses names the data does not have", problems)
    if len(_CHECKED) < 256:
        _CHECKED.add(key)


def render_document(
    doc: Document,
    values: Mapping[str, Any] | Callable[[DocxTemplate], Mapping[str, Any]],
    lang: str | Lang,
    core: CoreProperties,
    scope: Mapping[str, Any],
) -> bytes:
    """``doc`` rendered with ``values`` (a mapping, or a callable for inline images) into .docx bytes."""
    check_document(doc, scope)
    template = compose_template(doc, lang)
    meta = meta_values(doc, lang)

    def full(tpl: DocxTemplate) -> Mapping[str, Any]:
        base = dict(values(tpl) if callable(values) else values)
        base["meta"] = meta
        base["cover"] = cover_values(doc, base)
        return base

    return highlight_fill_ins(render_docx_bytes(template, full, lang=lang, core=core))
