"""Document content as data: Markdown files with YAML front matter, one folder per language.

Layout (bundled in ``policy_templates/content/<lang>/``, exported for editing
with ``lsgrisk docs export``)::

    <lang>/policies/_common.md          sections shared by the six policies
    <lang>/policies/pol-0N-<slug>.md    one policy
    <lang>/report/report.md             headings and prose of the report
    <lang>/decisions/rje-0N-<slug>.md   the model decisions (rješenja) written with the policies
    <lang>/reference.docx               the look in Word (styles, cover, header, footer, signature)
    <lang>/overrides.yaml               (in a --documents folder) paragraphs replaced or deleted by id

The Markdown dialect is small and line-based, so a person who is not a
programmer can edit it in any text editor:

* ``# Heading {#id}`` (levels 1-3);
* a paragraph is consecutive non-empty lines; ``{#id}`` at its start (or end)
  is its stable id; ``*...*`` around the whole paragraph makes it italic;
  a leading ``**Term –**`` is printed bold;
* ``- {#id} text`` a bullet; ``1. {#id} text`` a numbered requirement, shown
  as ``<heading number>.<n>.`` (``6.2.3.``); continuation lines are indented;
* ``{% if x %}``, ``{% else %}``, ``{% endif %}``, ``{% for x in xs %}``,
  ``{% endfor %}`` alone on a line: blocks kept or repeated by the data;
* ``{% table rows %}`` then a pipe table (header row, ``|---|`` row whose dash
  counts give the column widths, one row of ``{{ r.field }}`` cells): one row
  per item of ``rows``; a pipe table without ``{% table %}`` is a two-column
  label/value table;
* ``{% include name %}`` inserts the section ``{% section name %}`` of
  ``_common.md``; ``{% pagebreak %}`` starts a new page.

Inside text, ``{{ name.field }}`` placeholders are rendered by the sandboxed,
autoescaping, strict Jinja environment of :mod:`policy_templates.render`; they
are checked against the typed render context when the content loads
(:func:`check_placeholders`): an unknown name is an error with file and line.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel

from asset_models.errors import EnvironmentProblem, InputError, Place, Problem
from asset_models.i18n import Language, registry, transliterate_cnr

BUNDLED = Path(__file__).resolve().parent / "content"
COMMON_NAME = "_common"
OVERRIDES_NAME = "overrides.yaml"
REFERENCE_NAME = "reference.docx"
KINDS = ("policies", "report", "decisions")

_ID = r"[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9]"
_ID_START = re.compile(r"^\{#(" + _ID + r")\}\s*")
_ID_END = re.compile(r"\s*\{#(" + _ID + r")\}$")
_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
_BULLET = re.compile(r"^-\s+(.*)$")
_ITEM = re.compile(r"^(\d+)\.\s+(.*)$")
_DIRECTIVE = re.compile(r"^\{%\s*(\w+)\b\s*(.*?)\s*%\}$")
_CONTROL_WORDS = frozenset({"if", "elif", "else", "endif", "for", "endfor"})
_NUMBER_PREFIX = re.compile(r"^(\d+(?:\.\d+)*)\.?\s")
_BOLD_PREFIX = re.compile(r"^\*\*(.+?)\*\*\s*(.*)$", re.DOTALL)


@dataclass(frozen=True)
class Block:
    """One element of a document, in order."""

    kind: str  # heading | para | bullet | item | control | table | kvtable | pagebreak
    text: str = ""
    id: str | None = None
    file: str = ""
    line: int = 0
    level: int = 0
    italic: bool = False
    bold_prefix: str = ""
    number: str = ""
    items: str = ""
    headers: tuple[str, ...] = ()
    cells: tuple[str, ...] = ()
    widths: tuple[float, ...] = ()
    rows: tuple[tuple[str, str], ...] = ()

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class Document:
    """A content file after includes and overrides."""

    name: str  # file stem, e.g. pol-05-incident-management
    kind: str  # policies | report
    lang: str
    front: dict[str, Any]
    blocks: list[Block]
    path: str
    changes: list[dict[str, str]] = field(default_factory=list)
    reference: Path | None = None  # a reference.docx of the documents folder, replacing the bundled look

    def text(self, block_id: str) -> str:
        """The text of the block with ``block_id`` (report prose looked up by id)."""
        for block in self.blocks:
            if block.id == block_id:
                return block.text
        raise KeyError(block_id)

    def ids(self) -> dict[str, Block]:
        return {b.id: b for b in self.blocks if b.id}


def _problem(path: str, line: int, message: str, hint: str = "") -> Problem:
    return Problem(Place(file=path, line=line), message, hint=hint)


# --------------------------------------------------------------------------- parsing


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    """The YAML front matter and the numbered body lines."""
    lines = text.splitlines()
    front: dict[str, Any] = {}
    start = 0
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                try:
                    loaded = yaml.safe_load("\n".join(lines[1:i])) or {}
                except yaml.YAMLError as exc:
                    raise InputError("cannot read a content file",
                                     [_problem(path, 1, f"front matter is not valid YAML: {exc}")]) from None
                if not isinstance(loaded, dict):
                    raise InputError("cannot read a content file", [_problem(path, 1, "front matter is not a mapping")])
                front = loaded
                start = i + 1
                break
        else:
            raise InputError("cannot read a content file", [_problem(path, 1, "front matter is not closed by ---")])
    return front, [(n + 1, line) for n, line in enumerate(lines) if n >= start]


def _take_id(text: str) -> tuple[str | None, str]:
    match = _ID_START.match(text)
    if match:
        return match.group(1), text[match.end():].strip()
    match = _ID_END.search(text)
    if match:
        return match.group(1), text[:match.start()].strip()
    return None, text.strip()


def _text_block(kind: str, raw: str, path: str, line: int, **extra: Any) -> Block:
    block_id, text = _take_id(raw)
    italic = False
    bold = ""
    if kind in ("para", "bullet", "item") and len(text) > 2 and text.startswith("*") and text.endswith("*") \
            and not text.startswith("**"):
        italic, text = True, text[1:-1].strip()
    match = _BOLD_PREFIX.match(text) if kind == "para" else None
    if match:
        bold, text = match.group(1).strip(), match.group(2).strip()
    return Block(kind=kind, text=text, id=block_id, file=path, line=line, italic=italic, bold_prefix=bold, **extra)


def _pipe_cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def parse_body(lines: Sequence[tuple[int, str]], path: str) -> list[Block]:
    """Blocks of a Markdown body (``lines`` are ``(line number, text)``)."""
    blocks: list[Block] = []
    problems: list[Problem] = []
    i = 0
    pending_table: tuple[str, int] | None = None
    while i < len(lines):
        number, line = lines[i]
        stripped = line.strip()
        if not stripped or stripped.startswith("<!--"):
            i += 1
            continue
        directive = _DIRECTIVE.match(stripped)
        if directive:
            word, arg = directive.group(1), directive.group(2)
            if word in _CONTROL_WORDS:
                blocks.append(Block(kind="control", text=stripped, file=path, line=number))
            elif word == "table":
                pending_table = (arg, number)
            elif word == "pagebreak":
                blocks.append(Block(kind="pagebreak", file=path, line=number))
            elif word in ("include", "section"):
                blocks.append(Block(kind=word, text=arg, file=path, line=number))
            else:
                problems.append(_problem(path, number, f"unknown directive '{word}'",
                                         "known: if, else, endif, for, endfor, table, include, section, pagebreak"))
            i += 1
            continue
        if stripped.startswith("|"):
            rows: list[list[str]] = []
            first = number
            while i < len(lines) and lines[i][1].strip().startswith("|"):
                rows.append(_pipe_cells(lines[i][1]))
                i += 1
            if pending_table is not None:
                items, _ = pending_table
                pending_table = None
                if len(rows) != 3 or len({len(r) for r in rows}) != 1:
                    problems.append(_problem(path, first, "a {% table %} needs a header row, a |---| row and one "
                                                          "row of cells, all with the same number of columns"))
                    continue
                dashes = [max(1, len(c.strip(":"))) for c in rows[1]]
                total = sum(dashes)
                widths = tuple(round(16.6 * d / total, 2) for d in dashes)
                blocks.append(Block(kind="table", file=path, line=first, items=items, headers=tuple(rows[0]),
                                    cells=tuple(rows[2]), widths=widths))
            else:
                pairs = []
                for row in rows:
                    if len(row) != 2:
                        problems.append(_problem(path, first, "a table without {% table %} has two columns"))
                        break
                    pairs.append((row[0], row[1]))
                blocks.append(Block(kind="kvtable", file=path, line=first, rows=tuple(pairs)))
            continue
        if pending_table is not None:
            problems.append(_problem(path, pending_table[1], "{% table %} is not followed by a pipe table"))
            pending_table = None
        heading = _HEADING.match(stripped)
        if heading:
            blocks.append(_text_block("heading", heading.group(2), path, number, level=len(heading.group(1))))
            i += 1
            continue
        bullet = _BULLET.match(stripped)
        item = _ITEM.match(stripped)
        kind = "bullet" if bullet else "item" if item else "para"
        parts = [bullet.group(1) if bullet else item.group(2) if item else stripped]
        i += 1
        while i < len(lines):
            nxt = lines[i][1]
            nxt_stripped = nxt.strip()
            if not nxt_stripped or _DIRECTIVE.match(nxt_stripped) or nxt_stripped.startswith(("|", "#")):
                break
            if kind != "para" and not nxt.startswith((" ", "\t")):
                break
            if kind == "para" and (_BULLET.match(nxt_stripped) or _ITEM.match(nxt_stripped)):
                break
            parts.append(nxt_stripped)
            i += 1
        blocks.append(_text_block(kind, " ".join(parts), path, number))
    if pending_table is not None:
        problems.append(_problem(path, pending_table[1], "{% table %} is not followed by a pipe table"))
    if problems:
        raise InputError("invalid content file", problems)
    return blocks


def _sections(blocks: list[Block], path: str) -> dict[str, list[Block]]:
    sections: dict[str, list[Block]] = {}
    current: list[Block] | None = None
    for block in blocks:
        if block.kind == "section":
            current = sections.setdefault(block.text, [])
        elif current is not None:
            current.append(block)
        else:
            raise InputError("invalid content file",
                             [_problem(path, block.line, "text before the first {% section %}")])
    return sections


def _expand(blocks: list[Block], sections: Mapping[str, list[Block]], depth: int = 0) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if block.kind != "include":
            out.append(block)
            continue
        if block.text not in sections:
            raise InputError("invalid content file", [_problem(block.file, block.line,
                             f"{{% include {block.text} %}}: no such section in {COMMON_NAME}.md",
                             "known: " + ", ".join(sorted(sections)))])
        if depth > 5:
            raise InputError("invalid content file", [_problem(block.file, block.line, "includes nest too deeply")])
        out.extend(_expand(sections[block.text], sections, depth + 1))
    return out


def number_items(blocks: list[Block]) -> list[Block]:
    """Give numbered requirements their displayed number (``6.2.3.``) from the heading above them."""
    out: list[Block] = []
    prefix = ""
    count = 0
    for block in blocks:
        if block.kind == "heading":
            match = _NUMBER_PREFIX.match(block.text)
            prefix = match.group(1) + "." if match else ""
            count = 0
        elif block.kind == "item":
            count += 1
            block = replace(block, number=f"{prefix}{count}.")
        out.append(block)
    return out


# --------------------------------------------------------------------------- languages and folders


def _content_dir(code: str) -> Path | None:
    lang = registry().get(code)
    if lang.folder is not None and (lang.folder / "content" / "policies").is_dir():
        return lang.folder / "content"
    bundled = BUNDLED / code
    return bundled if (bundled / "policies").is_dir() else None


def available_languages() -> list[str]:
    """Languages in which documents can be written: a registry entry plus content (own or derived)."""
    out = []
    for lang in registry():
        if _content_dir(lang.derived_from or lang.code) is not None:
            out.append(lang.code)
    return out


def missing_content(code: str) -> EnvironmentProblem:
    """The error for a registry language that has labels but no document text (yet)."""
    lang = registry().get(code)
    return EnvironmentProblem(
        f"there is no document text in {lang.name_en} ({lang.code}) yet",
        [Problem(Place(file=str(BUNDLED / (lang.derived_from or lang.code))), "policies/ and report/ are missing")],
        hint="languages with document text: " + ", ".join(available_languages())
        + "; a translation goes into policy_templates/content/<code>/ (see lsgrisk docs export)",
    )


def document_names(kind: str, code: str) -> list[str]:
    """Stems of the content files of ``kind`` in language ``code`` (``_common`` excluded)."""
    lang = registry().get(code)
    folder = _content_dir(lang.derived_from or lang.code)
    if folder is None:
        return []
    return sorted(p.stem for p in (folder / kind).glob("*.md") if p.stem != COMMON_NAME)


def reference_docx(code: str) -> Path:
    """The reference document of ``code``; a language without one uses its fallback's (then English)."""
    seen: set[str] = set()
    lang: Language | None = registry().get(code)
    while lang is not None and lang.code not in seen:
        seen.add(lang.code)
        folder = _content_dir(lang.derived_from or lang.code) or BUNDLED / (lang.derived_from or lang.code)
        if (folder / REFERENCE_NAME).is_file():
            return folder / REFERENCE_NAME
        nxt = lang.derived_from or lang.fallback
        lang = registry().get(nxt) if nxt else None
    return BUNDLED / "en" / REFERENCE_NAME


# --------------------------------------------------------------------------- loading with overrides


def _transliterate_block(block: Block, lang: Language) -> Block:
    def t(text: str) -> str:
        return transliterate_cnr(text, lang)

    if block.kind in ("control", "pagebreak", "include", "section"):
        return block
    return replace(block, text=t(block.text), bold_prefix=t(block.bold_prefix),
                   headers=tuple(t(h) for h in block.headers), cells=block.cells,
                   rows=tuple((t(a), t(b)) for a, b in block.rows))


def _transliterate_front(front: dict[str, Any], lang: Language) -> dict[str, Any]:
    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return transliterate_cnr(value, lang)
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return {k: (walk(v) if k in ("title", "cover", "annexes", "header", "signature") else v) for k, v in front.items()}


@cache
def _read(path: Path, stamp: tuple[int, int]) -> tuple[dict[str, Any], tuple[Block, ...]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("cannot read a content file", [Problem(Place(file=str(path)), str(exc))]) from None
    front, lines = split_front_matter(text, str(path))
    return front, tuple(parse_body(lines, str(path)))


def read_file(path: Path) -> tuple[dict[str, Any], list[Block]]:
    """Front matter and blocks of one content file (cached until the file changes)."""
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError("cannot read a content file", [Problem(Place(file=str(path)), str(exc))]) from None
    front, blocks = _read(path, (info.st_mtime_ns, info.st_size))
    return dict(front), list(blocks)


def read_overrides(path: Path) -> dict[str, tuple[str | None, int]]:
    """``overrides.yaml``: id -> (new text or None to delete, line)."""
    if not path.is_file():
        return {}
    try:
        if all(not line.strip() or line.lstrip().startswith("#")
               for line in path.read_text(encoding="utf-8").splitlines()):
            return {}  # only comments, as docs export writes it
    except (OSError, UnicodeDecodeError):
        pass  # the shared reader below reports it with its place
    from asset_models.loaders import InputKind, read_raw  # the shared hardened reader (positions, duplicate keys)

    raw = read_raw(path, InputKind(noun="overrides file", start_hint="write id: new text, or id: null to delete"))
    data = raw.data
    if data is None or data == {}:
        return {}
    if not isinstance(data, dict):
        raise InputError("invalid overrides file", [Problem(Place(file=str(path)), "expected a mapping id: text")])
    lines = {str(key): raw.place((key,)).line or 0 for key in data}
    out: dict[str, tuple[str | None, int]] = {}
    problems = []
    for key, value in data.items():
        if value is not None and not isinstance(value, str):
            problems.append(Problem(Place(file=str(path), line=lines.get(str(key))),
                                    f"'{key}': expected a text or null (to delete the paragraph)"))
            continue
        out[str(key)] = (value.strip() if isinstance(value, str) else None, lines.get(str(key), 0))
    if problems:
        raise InputError("invalid overrides file", problems)
    return out


def _apply_overrides(blocks: list[Block], overrides: Mapping[str, tuple[str | None, int]], origin: str,
                     changes: list[dict[str, str]], labels: Mapping[str, str]) -> list[Block]:
    out = []
    for block in blocks:
        if block.id and block.id in overrides:
            text, line = overrides[block.id]
            changes.append({"id": block.id, "change": labels["deleted" if text is None else "replaced"],
                            "source": f"{origin}:{line}"})
            if text is None:
                continue
            fresh = _text_block(block.kind, text, origin, line)
            block = replace(block, text=fresh.text, italic=fresh.italic or block.italic,
                            bold_prefix=fresh.bold_prefix or block.bold_prefix, file=origin, line=line)
        out.append(block)
    return out


def _diff(bundled: list[Block], mine: list[Block], origin: str, labels: Mapping[str, str]) -> list[dict[str, str]]:
    before = {b.id: b for b in bundled if b.id}
    after = {b.id: b for b in mine if b.id}
    changes = []
    for block_id, block in after.items():
        old = before.get(block_id)
        if old is None:
            changes.append({"id": block_id, "change": labels["added"], "source": block.where})
        elif (old.text, old.bold_prefix, old.italic, old.headers, old.rows) != (
                block.text, block.bold_prefix, block.italic, block.headers, block.rows):
            changes.append({"id": block_id, "change": labels["replaced"], "source": block.where})
    for block_id in before:
        if block_id not in after:
            changes.append({"id": block_id, "change": labels["deleted"], "source": origin})
    return changes


def _change_labels(code: str) -> dict[str, str]:
    from asset_models.i18n import translator

    tr = translator(code, "labels")
    return {k: tr.label("change", k) for k in ("replaced", "deleted", "added")}


def load_document(kind: str, name: str, code: str, documents: Path | None = None) -> Document:
    """Document ``name`` of ``kind`` in language ``code``, with the includes expanded and the overrides of
    ``documents`` (a folder ``<lang>/<kind>/<name>.md`` replacing the whole file, ``<lang>/overrides.yaml``
    replacing or deleting paragraphs by id) applied; every change is listed in ``Document.changes``."""
    lang = registry().get(code)
    source_code = lang.derived_from or lang.code
    folder = _content_dir(source_code)
    if folder is None:
        raise missing_content(code)
    bundled_path = folder / kind / f"{name}.md"
    if not bundled_path.is_file():
        raise InputError(f"no document '{name}' in language '{code}'",
                         [Problem(Place(file=str(bundled_path)), "content file missing")])
    labels = _change_labels(code)
    front, bundled_blocks = read_file(bundled_path)
    blocks = bundled_blocks
    path = str(bundled_path)
    common_path = folder / kind / f"{COMMON_NAME}.md"
    changes: list[dict[str, str]] = []
    own_dir = documents / source_code if documents is not None else None
    if own_dir is not None and (own_dir / kind / f"{name}.md").is_file():
        mine = own_dir / kind / f"{name}.md"
        front, blocks = read_file(mine)
        path = str(mine)
        changes.extend(_diff(bundled_blocks, blocks, str(mine), labels))
    if own_dir is not None and (own_dir / kind / f"{COMMON_NAME}.md").is_file():
        mine_common = own_dir / kind / f"{COMMON_NAME}.md"
        common_blocks = read_file(common_path)[1] if common_path.is_file() else []
        changes.extend(_diff(common_blocks, read_file(mine_common)[1], str(mine_common), labels))
        common_path = mine_common
    sections = _sections(read_file(common_path)[1], str(common_path)) if common_path.is_file() else {}
    expanded = _expand(blocks, sections)
    if own_dir is not None:
        overrides = read_overrides(own_dir / OVERRIDES_NAME)
        if overrides:
            expanded = _apply_overrides(expanded, overrides, str(own_dir / OVERRIDES_NAME), changes, labels)
    expanded = number_items(expanded)
    if lang.transform == "cyrillic":
        expanded = [_transliterate_block(b, lang) for b in expanded]
        front = _transliterate_front(front, lang)
    # a change is listed once, its source relative to the documents folder (no local paths in a document)
    unique: dict[str, dict[str, str]] = {}
    prefix = str(documents) + "/" if documents is not None else ""
    for change in changes:
        source = change["source"]
        if prefix and source.startswith(prefix):
            source = source[len(prefix):]
        unique.setdefault(change["id"], {**change, "source": source})
    own_reference = own_dir / REFERENCE_NAME if own_dir is not None else None
    return Document(name=name, kind=kind, lang=lang.code, front=front, blocks=expanded, path=path,
                    changes=list(unique.values()),
                    reference=own_reference if own_reference is not None and own_reference.is_file() else None)


def clear_cache() -> None:
    _read.cache_clear()


# --------------------------------------------------------------------------- placeholders against the typed context


def _strip_optional(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else Any
    return tp


def _attr_type(tp: Any, name: str) -> tuple[bool, Any]:
    """(known, type) of ``tp.name`` or ``tp[name]``."""
    tp = _strip_optional(tp)
    if tp is Any or typing.get_origin(tp) is dict:
        return True, Any
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        fields = tp.model_fields
        if name in fields:
            return True, fields[name].annotation
        return False, None
    if isinstance(tp, dict):
        if name in tp:
            return True, tp[name]
        return False, None
    return False, None


def _element_type(tp: Any) -> Any:
    tp = _strip_optional(tp)
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (list, tuple, Sequence) and args:
        return args[0]
    return Any


def _describe(tp: Any) -> str:
    tp = _strip_optional(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return ", ".join(tp.model_fields)
    if isinstance(tp, dict):
        return ", ".join(tp)
    return ""


def document_template(blocks: Sequence[Block]) -> tuple[str, list[Block]]:
    """The Jinja source of a document (one line per text, control tags as written) and the block of each line."""
    lines: list[str] = []
    where: list[Block] = []

    def add(text: str, block: Block) -> None:
        lines.append(text.replace("\n", " "))
        where.append(block)

    for block in blocks:
        if block.kind == "control":
            add(block.text, block)
        elif block.kind == "table":
            add("{% for r in " + block.items + " %}", block)
            for text in (*block.headers, *block.cells):
                add(text, block)
            add("{% endfor %}", block)
        elif block.kind == "kvtable":
            for a, b in block.rows:
                add(a, block)
                add(b, block)
        elif block.kind != "pagebreak":
            add(block.bold_prefix + " " + block.text if block.bold_prefix else block.text, block)
    return "\n".join(lines), where


def check_placeholders(blocks: Sequence[Block], context: Mapping[str, Any], path: str = "") -> list[Problem]:
    """Every placeholder and condition of ``blocks`` resolved against ``context`` (name -> type).

    Problems carry the file and line of the block: an unknown name, an unknown
    field, a syntax error, or tags that do not pair up.
    """
    source, where = document_template(blocks)
    env = SandboxedEnvironment(autoescape=True)
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        block = where[min(max(exc.lineno - 1, 0), len(where) - 1)] if where else None
        file, line = (block.file, block.line) if block else (path, 0)
        return [Problem(Place(file=file, line=line), f"template syntax: {exc.message}",
                        hint="{{ name.field }} for data; {% if %}/{% for %} alone on a line, each closed")]
    problems: list[Problem] = []

    def at(node: nodes.Node) -> Place:
        block = where[min(max(node.lineno - 1, 0), len(where) - 1)] if where else None
        return Place(file=block.file if block else path, line=block.line if block else None)

    def resolve(node: nodes.Node, scope: Mapping[str, Any]) -> Any:
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            problems.append(Problem(at(node), f"unknown placeholder '{node.name}'",
                                    hint="known: " + ", ".join(sorted(scope))))
            return Any
        if isinstance(node, nodes.Getattr):
            base = resolve(node.node, scope)
            if base is Any:
                return Any
            known, tp = _attr_type(base, node.attr)
            if not known:
                problems.append(Problem(at(node), f"unknown field '{node.attr}' in '{_source(node)}'",
                                        hint="known: " + _describe(base)))
                return Any
            return tp
        if isinstance(node, nodes.Getitem):
            base = resolve(node.node, scope)
            resolve_all(node.arg, scope)
            return _element_type(base) if not isinstance(node.arg, nodes.Const) or isinstance(node.arg.value, int) \
                else Any
        resolve_all(node, scope)
        return Any

    def resolve_all(node: nodes.Node, scope: Mapping[str, Any]) -> None:
        for child in node.iter_child_nodes():
            walk(child, scope)

    def walk(node: nodes.Node, scope: Mapping[str, Any]) -> None:
        if isinstance(node, nodes.For):
            iter_type = resolve(node.iter, scope)
            inner = dict(scope)
            inner["loop"] = Any
            if isinstance(node.target, nodes.Name):
                inner[node.target.name] = _element_type(iter_type)
            for child in node.body:
                walk(child, inner)
            for child in node.else_:
                walk(child, scope)
            return
        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
            resolve(node, scope)
            return
        if isinstance(node, nodes.Filter) and node.name not in ("fdate", "fnum", "count"):
            problems.append(Problem(at(node), f"unknown filter '{node.name}'", hint="known: fdate, fnum, count"))
        if isinstance(node, nodes.Filter) and node.name == "count":
            nouns = count_nouns()
            arg = node.args[0] if node.args else None
            if not isinstance(arg, nodes.Const) or arg.value not in nouns:
                problems.append(Problem(at(node), "count needs a noun of the 'count' vocabulary",
                                        hint="known: " + ", ".join(sorted(nouns))))
        if isinstance(node, nodes.Call):
            problems.append(Problem(at(node), "calls are not allowed in content", hint="use {{ name.field }}"))
        resolve_all(node, scope)

    walk(tree, dict(context))
    return problems


def count_nouns() -> set[str]:
    """The nouns ``{{ x|count('noun') }}`` knows (msgctxt ``count`` of the English labels)."""
    from asset_models.i18n import catalogue_entries

    return {msgid for (context, msgid) in catalogue_entries("en", "labels") if context == "count"}


def _source(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return _source(node.node) + "." + node.attr
    return "..."


def model_scope(model: type[BaseModel], extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The names a template may use: the fields of ``model`` plus ``extra``."""
    scope: dict[str, Any] = {name: f.annotation for name, f in model.model_fields.items()}
    scope.update(extra or {})
    return scope


def id_problems(blocks: Sequence[Block]) -> list[Problem]:
    """Text blocks without an id (outside loops) and ids used twice."""
    problems: list[Problem] = []
    seen: dict[str, Block] = {}
    loop_depth = 0
    for block in blocks:
        if block.kind == "control":
            word = block.text[2:].split()[0] if len(block.text) > 2 and block.text[2:].split() else ""
            loop_depth += 1 if word == "for" else -1 if word == "endfor" else 0
            continue
        if block.kind not in ("heading", "para", "bullet", "item"):
            continue
        if block.id is None:
            if loop_depth == 0:
                problems.append(Problem(Place(file=block.file, line=block.line), "text without an id",
                                        hint="start it with a marker such as {#pol-05.6.1.9} that no other text has"))
            continue
        if block.id in seen and (seen[block.id].file, seen[block.id].line) != (block.file, block.line):
            problems.append(Problem(Place(file=block.file, line=block.line), f"id '{block.id}' is used twice",
                                    hint=f"also at {seen[block.id].where}"))
        seen.setdefault(block.id, block)
    return problems


def iter_texts(blocks: Iterable[Block]) -> Iterable[tuple[Block, str]]:
    """Every human-written text of ``blocks`` with its block (for the language checks)."""
    for block in blocks:
        if block.kind in ("heading", "para", "bullet", "item"):
            yield block, (block.bold_prefix + " " + block.text).strip()
        elif block.kind == "table":
            for header in block.headers:
                yield block, header
        elif block.kind == "kvtable":
            for a, _ in block.rows:
                yield block, a
