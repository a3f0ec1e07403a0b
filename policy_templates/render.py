"""Rendering docxtpl templates safely and reproducibly, and reading .docx back.

* :func:`render_docx` renders a template with a **sandboxed** Jinja
  environment (``autoescape=True``, ``StrictUndefined``): text from an
  inventory is always data, never template code, and a missing context key is
  an error, not an empty string. The result is saved deterministically: zip
  entries sorted, fixed timestamps, core properties (dates, author, title)
  taken from the arguments, never from the wall clock. Files are written
  atomically with owner-only permissions.
* :func:`docx_text` extracts the visible text (paragraphs and table rows in
  document order) for tests, golden files and word counts.
* :func:`verify_docx` checks a package: every XML part parses with a strict
  parser, every part has a content type, every internal relationship target
  exists, and no ``{{``, ``{%`` or ``{#`` is left in any text.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from asset_models.errors import EnvironmentProblem, Place, Problem
from asset_models.fsutil import atomic_write_bytes, normalize_zip
from asset_models.i18n import get_language, transliterate_cnr
from policy_templates.i18n import Lang, as_lang, format_date, format_number

#: zip timestamp of every entry (the earliest a zip can hold)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"
_LEFTOVER = re.compile(r"\{\{|\{%|\{#|%\}|#\}")
#: characters XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE/U+FFFF)
_XML_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

ContextArg = Mapping[str, Any] | Callable[[DocxTemplate], Mapping[str, Any]]


@dataclass(frozen=True)
class CoreProperties:
    """Document properties written into ``docProps/core.xml`` (never the wall clock)."""

    title: str
    when: date
    author: str = "lsgrisk"
    subject: str = ""
    language: str = ""


# --------------------------------------------------------------------------- jinja


def make_environment(lang: str | Lang = "en") -> SandboxedEnvironment:
    """The Jinja environment for every document: sandboxed, autoescaped, strict, with Babel filters.

    Filters: ``fdate`` (a date in the document style of ``lang``), ``fnum``
    (a number with the separators of ``lang``; ``fnum(1)`` for one decimal),
    ``count('noun')`` (a count with its noun in the plural form of the number,
    from the ``count`` vocabulary of ``labels.po``).
    """
    code = as_lang(lang)
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=False)

    def fdate(value: date) -> str:
        return format_date(value, code)

    def fnum(value: float, decimals: int | None = None) -> str:
        return format_number(value, code, decimals)

    def count(value: object, noun: str) -> str:
        """``{{ x|count('risk') }}``: the number with its noun in the CLDR plural form (``5 rizika``)."""
        text = str(value)
        if not re.fullmatch(r"\d[\d.,\u00a0\u202f ]*", text):
            return text  # "–" or any text that is not a count stays as it is
        return code.tr.npgettext("count", noun, noun, int(re.sub(r"\D", "", text)))

    env.filters["fdate"] = fdate
    env.filters["fnum"] = fnum
    env.filters["count"] = count
    return env


def xml_safe(value: Any) -> Any:
    """``value`` with every character XML cannot hold replaced by U+FFFD, in nested dicts, lists and tuples.

    Without this, libxml2's recovering parser inside docxtpl would drop such
    characters silently; replacing them keeps the loss visible.
    """
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("\ufffd", value)
    if isinstance(value, dict):
        return {k: xml_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [xml_safe(v) for v in value]
    if isinstance(value, tuple):
        return tuple(xml_safe(v) for v in value)
    return value


def _set_core_properties(tpl: DocxTemplate, core: CoreProperties) -> None:
    props = tpl.docx.core_properties
    moment = datetime.combine(core.when, time(0, 0))
    props.title = core.title
    props.subject = core.subject
    props.author = core.author
    props.last_modified_by = core.author
    props.created = moment
    props.modified = moment
    props.last_printed = moment
    props.revision = 1
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.language = core.language


# --------------------------------------------------------------------------- rendering


def render_docx_bytes(
    template_path: str | Path | bytes,
    context: ContextArg,
    *,
    lang: str | Lang = "en",
    core: CoreProperties | None = None,
) -> bytes:
    """Render ``template_path`` with ``context`` and return the normalised .docx bytes.

    ``context`` is a mapping of plain values (dicts, lists, strings, numbers) or
    a callable that receives the :class:`DocxTemplate` and returns one (for
    ``InlineImage``, which needs the template). Pydantic models must be
    dumped first (``model_dump(mode="python")``).
    """
    if isinstance(template_path, bytes):
        source: Any = io.BytesIO(template_path)
    else:
        path = Path(template_path)
        if not path.is_file():
            raise EnvironmentProblem(
                f"document template {path} is missing",
                [Problem(Place(file=str(path)), "template not found")],
                hint="reinstall lsgrisk; the reference documents are part of the package",
            )
        source = str(path)
    tpl = DocxTemplate(source)
    values = context(tpl) if callable(context) else context
    tpl.render(xml_safe(dict(values)), jinja_env=make_environment(lang), autoescape=True)
    if core is not None:
        _set_core_properties(tpl, core)
    buffer = io.BytesIO()
    tpl.save(buffer)
    data = buffer.getvalue()
    code = as_lang(lang).code
    if get_language(code).transform == "cyrillic":
        data = transliterate_docx(data, code)
    return normalize_zip(data)


def transliterate_docx(data: bytes, code: str) -> bytes:
    """Every visible text of the body, headers and footers in the Cyrillic script of ``code``.

    Ids, URLs, e-mail addresses, product names and abbreviations stay in Latin
    (:func:`asset_models.i18n.transliterate_cnr`); texts from the inventory are
    changed in script only, their words in capitals (codes, abbreviations) kept.
    The content and labels are Cyrillic already (transliterated when loaded).
    """
    language = get_language(code)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            raw = src.read(info.filename)
            name = info.filename
            if name.startswith("word/") and name.endswith(".xml") and (
                    name == "word/document.xml" or name.startswith(("word/header", "word/footer"))):
                root = etree.fromstring(raw, _parser())
                for node in root.iter(f"{_W}t"):
                    if node.text:
                        node.text = transliterate_cnr(node.text, language, keep_caps=True)
                raw = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, raw)
    return out.getvalue()


def render_docx(
    template_path: str | Path,
    context: ContextArg,
    out_path: str | Path,
    *,
    lang: str | Lang = "en",
    core: CoreProperties | None = None,
) -> Path:
    """Render a template to ``out_path`` (atomic, mode 0600); see :func:`render_docx_bytes`."""
    return atomic_write_bytes(out_path, render_docx_bytes(template_path, context, lang=lang, core=core))


# --------------------------------------------------------------------------- reading back


def _parser() -> etree.XMLParser:
    """A strict, hardened XML parser: no recovery, no entities, no network, no huge trees."""
    return etree.XMLParser(recover=False, resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def _body(data: bytes) -> etree._Element:
    root = etree.fromstring(data, _parser())
    body = root.find(f"{_W}body")
    if body is None:
        raise ValueError("word/document.xml has no body")
    return body


def _paragraph_text(p: etree._Element) -> str:
    parts: list[str] = []
    for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _blocks(element: etree._Element) -> Iterator[tuple[str, str]]:
    for child in element:
        if child.tag == f"{_W}p":
            yield "p", _paragraph_text(child)
        elif child.tag == f"{_W}tbl":
            for row in child.iter(f"{_W}tr"):
                cells = [
                    " ".join(_paragraph_text(p) for p in cell.iter(f"{_W}p")).strip() for cell in row.iter(f"{_W}tc")
                ]
                yield "row", " | ".join(cells)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content)


def _read_document_xml(path: str | Path | bytes) -> bytes:
    source: Any = io.BytesIO(path) if isinstance(path, bytes) else str(path)
    with zipfile.ZipFile(source) as package:
        return package.read("word/document.xml")


def docx_blocks(path: str | Path | bytes) -> list[tuple[str, str]]:
    """The body in document order as ``("p", paragraph text)`` and ``("row", "cell | cell")`` pairs."""
    return list(_blocks(_body(_read_document_xml(path))))


def docx_text(path: str | Path | bytes) -> str:
    """Visible text of a .docx (file path or bytes): one line per paragraph, one per table row (cells ``|``)."""
    return "\n".join(text for _, text in docx_blocks(path))


def docx_tables(path: str | Path | bytes) -> list[list[list[str]]]:
    """Every top-level table of the body as rows of cell texts, in document order."""
    tables: list[list[list[str]]] = []
    for child in _body(_read_document_xml(path)):
        if child.tag == f"{_W}tbl":
            tables.append(
                [
                    [" ".join(_paragraph_text(p) for p in cell.iter(f"{_W}p")).strip() for cell in row.iter(f"{_W}tc")]
                    for row in child.iter(f"{_W}tr")
                ]
            )
    return tables


_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _content_type_problems(package: zipfile.ZipFile, names: set[str]) -> list[str]:
    root = etree.fromstring(package.read("[Content_Types].xml"), _parser())
    defaults = {e.get("Extension", "").lower() for e in root.iter(f"{_CT_NS}Default")}
    overrides = {e.get("PartName", "").lstrip("/") for e in root.iter(f"{_CT_NS}Override")}
    problems = []
    for name in sorted(names):
        if name == "[Content_Types].xml" or name.endswith("/"):
            continue
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if name not in overrides and ext not in defaults:
            problems.append(f"{name}: no content type")
    problems.extend(f"{o}: content type for a missing part" for o in sorted(overrides) if o not in names)
    return problems


def _relationship_problems(package: zipfile.ZipFile, names: set[str]) -> list[str]:
    problems = []
    for rels in sorted(n for n in names if n.endswith(".rels")):
        root = etree.fromstring(package.read(rels), _parser())
        source_dir = PurePosixPath(rels).parent.parent
        for rel in root.iter(f"{_REL_NS}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            resolved = target.lstrip("/") if target.startswith("/") else str(source_dir / target)
            parts: list[str] = []
            for piece in resolved.split("/"):
                if piece == "..":
                    if parts:
                        parts.pop()
                elif piece and piece != ".":
                    parts.append(piece)
            if "/".join(parts) not in names:
                problems.append(f"{rels}: relationship {rel.get('Id')} points to missing {target}")
    return problems


def _leftover_problems(name: str, root: etree._Element, allow: Sequence[str]) -> list[str]:
    problems = []
    for p in root.iter(f"{_W}p"):
        text = _paragraph_text(p)
        for literal in allow:
            text = text.replace(literal, "")
        if _LEFTOVER.search(text):
            problems.append(f"{name}: template markup left in text: {text[:120]!r}")
    return problems


def verify_docx(path: str | Path | bytes, allow: Sequence[str] = ()) -> list[str]:
    """Problems of a .docx package (empty list = fine).

    Checks: the zip is intact; every ``.xml``/``.rels`` part parses with a
    strict parser; every part has a content type; internal relationship
    targets exist; no ``{{ {% {# %} #}`` in the text of the document, headers,
    footers or core properties. ``allow`` lists literal texts that come from
    the input and may legitimately contain braces (hostile-input tests).
    """
    source: Any = io.BytesIO(path) if isinstance(path, bytes) else str(path)
    problems: list[str] = []
    with zipfile.ZipFile(source) as package:
        bad = package.testzip()
        if bad is not None:
            return [f"{bad}: corrupt zip entry"]
        names = set(package.namelist())
        for required in ("[Content_Types].xml", "word/document.xml", "_rels/.rels"):
            if required not in names:
                problems.append(f"{required}: missing")
        if problems:
            return problems
        for name in sorted(names):
            if not name.endswith((".xml", ".rels")):
                continue
            try:
                root = etree.fromstring(package.read(name), _parser())
            except etree.XMLSyntaxError as exc:
                problems.append(f"{name}: not well-formed XML ({exc})")
                continue
            if name.startswith("word/") and name.endswith(".xml"):
                problems.extend(_leftover_problems(name, root, allow))
            if name == "docProps/core.xml":
                text = "".join(root.itertext())
                for literal in allow:
                    text = text.replace(literal, "")
                if _LEFTOVER.search(text):
                    problems.append(f"{name}: template markup left in properties")
        problems.extend(_content_type_problems(package, names))
        problems.extend(_relationship_problems(package, names))
    return problems
