"""``lsgrisk docs check``: problems in document content that a person editing it can fix.

* placeholders the render context does not have (per document, against its typed context);
* ids in ``overrides.yaml`` that no document has;
* ids present in one language and missing in another;
* forms that do not belong to the language (for Montenegrin: ekavian, Serbian-only and Croatian
  forms) and lines left in English, from the word lists in ``content/language-checks.yaml``.

Every problem names the file and line.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from asset_models.errors import InputError, Place, Problem
from asset_models.i18n import registry
from policy_templates.compose import meta_scope
from policy_templates.content import (
    BUNDLED,
    KINDS,
    OVERRIDES_NAME,
    _content_dir,
    check_placeholders,
    document_names,
    id_problems,
    load_document,
    model_scope,
    read_overrides,
)

CHECKS_FILE = BUNDLED / "language-checks.yaml"
#: the commented overrides.yaml that ``docs export`` writes
OVERRIDES_EXAMPLE = BUNDLED / "overrides-example.yaml"
_MARKUP = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#[^}]*\}|https?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@cache
def _language_checks() -> dict[str, Any]:
    data = yaml.safe_load(CHECKS_FILE.read_text(encoding="utf-8")) or {}
    return data if isinstance(data, dict) else {}


def own_content_languages() -> list[str]:
    """Languages with content of their own (not derived)."""
    return [lang.code for lang in registry() if not lang.derived_from and _content_dir(lang.code) is not None]


def _scope(kind: str, front: dict[str, Any]) -> dict[str, Any]:
    if kind == "report":
        from policy_templates.report.context import ReportContext

        scope = model_scope(ReportContext)
    elif kind == "decisions":
        from policy_templates.policies.context import DecisionContext

        scope = model_scope(DecisionContext)
    else:
        from policy_templates.policies.generate import CONTEXT_MODELS

        number = front.get("number")
        scope = model_scope(CONTEXT_MODELS[number]) if number in CONTEXT_MODELS else {}
    return {**scope, **meta_scope()}


def text_problems(path: Path, code: str) -> list[Problem]:
    """Forms that do not belong to language ``code`` and lines left in another language, in one file."""
    checks = _language_checks().get(code) or {}
    rules = [(re.compile(r"\b(?:" + r["pattern"] + r")\b", re.IGNORECASE), r["use"])
             for r in checks.get("not_allowed", [])]
    foreign = {w.lower() for w in checks.get("foreign_words", [])}
    problems: list[Problem] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(Place(file=str(path)), str(exc))]
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith("#") and path.suffix in (".yaml", ".yml"):
            continue
        clean = _MARKUP.sub(" ", line)
        for pattern, use in rules:
            for match in pattern.finditer(clean):
                problems.append(Problem(Place(file=str(path), line=number),
                                        f"'{match.group(0)}' is not a {code} form", hint=f"use {use}"))
        words = [w.lower() for w in re.findall(r"[A-Za-z]+", clean)]
        hits = sorted({w for w in words if w in foreign})
        if len(hits) >= 2:
            problems.append(Problem(Place(file=str(path), line=number),
                                    "line looks untranslated (" + ", ".join(hits) + ")",
                                    hint=f"translate it into {code}"))
    return problems


def _files(code: str, documents: Path | None) -> list[Path]:
    bundled = _content_dir(code)
    files: dict[str, Path] = {}
    if bundled is not None:
        for kind in KINDS:
            for path in sorted((bundled / kind).glob("*.md")):
                files[f"{kind}/{path.name}"] = path
    if documents is not None and (documents / code).is_dir():
        for kind in KINDS:
            for path in sorted((documents / code / kind).glob("*.md")):
                files[f"{kind}/{path.name}"] = path
        if (documents / code / OVERRIDES_NAME).is_file():
            files[OVERRIDES_NAME] = documents / code / OVERRIDES_NAME
    return list(files.values())


def check_content(documents: Path | None = None) -> list[Problem]:
    """Every problem of the bundled content and of ``documents`` (a folder of ``<lang>/...`` changes)."""
    problems: list[Problem] = []
    ids: dict[tuple[str, str], dict[str, dict[str, Place]]] = {}
    for code in own_content_languages():
        all_ids: set[str] = set()
        for kind in KINDS:
            for name in document_names(kind, code):
                try:
                    doc = load_document(kind, name, code, documents)
                except InputError as exc:
                    problems.extend(exc.problems)
                    continue
                problems.extend(check_placeholders(doc.blocks, _scope(kind, doc.front), doc.path))
                problems.extend(id_problems(doc.blocks))
                found = {b.id: Place(file=b.file, line=b.line) for b in doc.blocks if b.id}
                if documents is None or (documents / code).is_dir():
                    ids.setdefault((kind, name), {})[code] = found  # compared across the languages being edited
                all_ids.update(found)
                if documents is not None:
                    bundled_doc = load_document(kind, name, code)
                    all_ids.update(b.id for b in bundled_doc.blocks if b.id)
        if documents is not None:
            overrides_path = documents / code / OVERRIDES_NAME
            for block_id, (_, line) in read_overrides(overrides_path).items():
                if block_id not in all_ids:
                    problems.append(Problem(Place(file=str(overrides_path), line=line),
                                            f"no paragraph has the id '{block_id}'",
                                            hint="copy the id from the {#...} marker in the content file"))
        for path in _files(code, documents):
            problems.extend(text_problems(path, code))
    for (kind, name), per_lang in sorted(ids.items()):
        union = set().union(*per_lang.values())
        for code, found in per_lang.items():
            missing = sorted(union - set(found))
            if not missing:
                continue
            others = [c for c in per_lang if c != code]
            file = next(iter(found.values())).file if found else f"{code}/{kind}/{name}.md"
            for block_id in missing:
                where = next((per_lang[o][block_id] for o in others if block_id in per_lang[o]), None)
                problems.append(Problem(Place(file=file), f"id '{block_id}' is missing in {code}",
                                        hint=f"it is at {where.file}:{where.line}" if where else ""))
    unique: dict[tuple[str | None, int | None, str], Problem] = {}
    for problem in problems:  # an id of _common.md is in every policy: report it once
        unique.setdefault((problem.place.file, problem.place.line, problem.message), problem)
    return list(unique.values())


def export_content(target: Path, codes: list[str]) -> list[Path]:
    """Copy the bundled content of ``codes`` into ``target/<lang>/`` for editing, with an example overrides.yaml."""
    from asset_models.fsutil import atomic_write_bytes, atomic_write_text, ensure_dir

    written: list[Path] = []
    for code in codes:
        folder = _content_dir(code)
        if folder is None:
            continue
        base = ensure_dir(target / code)
        for kind in KINDS:
            for path in sorted((folder / kind).glob("*.md")):
                written.append(atomic_write_bytes(ensure_dir(base / kind) / path.name, path.read_bytes()))
        reference = folder / "reference.docx"
        if reference.is_file():
            written.append(atomic_write_bytes(base / reference.name, reference.read_bytes()))
        example = base / OVERRIDES_NAME
        if not example.exists():
            written.append(atomic_write_text(example, OVERRIDES_EXAMPLE.read_text(encoding="utf-8")))
    return written
