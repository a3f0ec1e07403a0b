"""Load the threat catalogue: the bundled YAML data plus an optional overlay directory.

:func:`load_catalog` reads ``threat_catalog/data/*.yaml`` (through
``importlib.resources``), then the files of the same names in an overlay
directory: list entries (threats, controls, measures, rules, 2024/2690
requirements) with an existing id replace the bundled entry in place, new ids
are appended; the top-level sections of ``frameworks.yaml``, ``standards.yaml``
and ``matrix.yaml`` replace the bundled sections of the same name. Every
problem (YAML syntax, unknown fields, bad values, duplicate ids, references to
unknown entries, unknown files, a requirement whose controls map to none of
its section's NIS2 items, a Law area a control's NIS2 items do not lead to) is
collected and raised at once as one :class:`CatalogError` (exit 3), each
with its file and line. The bundled catalogue is parsed once per process.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from asset_models.errors import CatalogError, InputError, Place, Problem
from asset_models.fsutil import FileRefused, read_bounded
from asset_models.loaders import InputKind, field_names, pydantic_problems, read_raw
from asset_models.sources import PathT, RawDocument
from asset_models.vocabulary import suggestion
from threat_catalog.engine import check_rule
from threat_catalog.models import (
    ActionCatalog,
    Catalog,
    Control,
    Frameworks,
    Measure,
    Requirement,
    RiskMatrix,
    Rule,
    Standards,
    Threat,
)

#: list files: file name -> (top-level key, entry model)
LIST_FILES: dict[str, tuple[str, type[BaseModel]]] = {
    "threats.yaml": ("threats", Threat),
    "controls.yaml": ("controls", Control),
    "measures.yaml": ("measures", Measure),
    "rules.yaml": ("rules", Rule),
    "requirements.yaml": ("requirements", Requirement),
}
#: files that hold one object whose top-level sections an overlay replaces
OBJECT_FILES: dict[str, type[BaseModel]] = {
    "frameworks.yaml": Frameworks,
    "matrix.yaml": RiskMatrix,
    "standards.yaml": Standards,
}
CATALOG_FILES: tuple[str, ...] = (*LIST_FILES, *OBJECT_FILES)

DATA_PACKAGE = "threat_catalog.data"
#: a catalogue file larger than this is refused before it is parsed
MAX_CATALOG_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class _Entry:
    """One validated list entry and where it was written."""

    value: Any
    doc: RawDocument
    path: PathT

    def place(self, *rest: str | int) -> Place:
        return self.doc.place((*self.path, *rest))


@dataclass
class _Parts:
    """The catalogue before the cross-checks: entries by id (in order), and the object files."""

    lists: dict[str, dict[str, _Entry]] = field(default_factory=dict)
    objects: dict[str, tuple[dict[str, Any], dict[str, RawDocument]]] = field(default_factory=dict)

    def copy(self) -> _Parts:
        return _Parts(
            lists={name: dict(entries) for name, entries in self.lists.items()},
            objects={name: (dict(data), dict(docs)) for name, (data, docs) in self.objects.items()},
        )


# --------------------------------------------------------------------------- reading files


def _read(path: Path, problems: list[Problem]) -> RawDocument | None:
    """Read one YAML file with positions; problems are collected, not raised."""
    place = Place(file=str(path))
    try:
        try:  # the size rule on the bytes read; devices and FIFOs refused (asset_models.fsutil)
            content = read_bounded(path, MAX_CATALOG_BYTES, "catalogue file")
        except FileRefused as exc:
            problems.append(Problem(place, exc.message, exc.hint))
            return None
        if not content.strip():
            problems.append(Problem(place, "is empty", "remove the file or add entries ('lsgrisk catalog list')"))
            return None
        return read_raw(path, CATALOG_KIND)
    except InputError as exc:
        problems.extend(exc.problems)
    except OSError as exc:
        problems.append(Problem(place, f"cannot be read ({exc.strerror or exc})"))
    return None


CATALOG_KIND = InputKind(
    noun="catalogue", error=CatalogError, start_hint="remove the file or add entries ('lsgrisk catalog list')"
)


def _validation_problems(
    doc: RawDocument, errors: ValidationError | list[Any], prefix: PathT, model: type[BaseModel]
) -> list[Problem]:
    """pydantic errors with places; unknown-field hints come from the catalogue model."""
    return pydantic_problems(doc, errors, prefix, root=model)


def _sections(doc: RawDocument, allowed: list[str], problems: list[Problem]) -> dict[str, Any] | None:
    """The top-level mapping of a file; unknown keys are problems."""
    if not isinstance(doc.data, dict):
        kind = type(doc.data).__name__
        problems.append(
            Problem(doc.place(()), f"expected a mapping with {', '.join(repr(a) for a in allowed)} (got a {kind})")
        )
        return None
    for key in doc.data:
        if key not in allowed:
            hint = suggestion(str(key), allowed) or "valid keys: " + ", ".join(allowed)
            problems.append(Problem(doc.place((key,)), f"unknown section '{key}'", hint))
    return {k: v for k, v in doc.data.items() if k in allowed}


def _list_entries(doc: RawDocument, file_name: str, problems: list[Problem]) -> list[_Entry]:
    section, model = LIST_FILES[file_name]
    data = _sections(doc, [section], problems)
    if data is None:
        return []
    items = data.get(section)
    if items is None:
        if section not in data:
            problems.append(Problem(doc.place(()), f"expected '{section}:' with a list of entries"))
        return []
    if not isinstance(items, list):
        problems.append(Problem(doc.place((section,)), f"'{section}' must be a list (got {type(items).__name__})"))
        return []
    entries = []
    for index, item in enumerate(items):
        path: PathT = (section, index)
        try:
            entries.append(_Entry(model.model_validate(item), doc, path))
        except ValidationError as exc:
            problems.extend(_validation_problems(doc, exc, path, model))
    return entries


def _merge_list(target: dict[str, _Entry], entries: list[_Entry], problems: list[Problem]) -> None:
    """Add entries by id: an id already in ``target`` from another file is replaced in place."""
    first_here: dict[str, _Entry] = {}
    for entry in entries:
        entry_id = entry.value.id
        if entry_id in first_here:
            line = first_here[entry_id].place().line
            problems.append(
                Problem(entry.place("id"), f"id '{entry_id}' is defined twice in this file (first at line {line})")
            )
            continue
        first_here[entry_id] = entry
        target[entry_id] = entry


# --------------------------------------------------------------------------- bundled and overlay


def _bundled_docs(problems: list[Problem]) -> dict[str, RawDocument]:
    docs: dict[str, RawDocument] = {}
    package = resources.files(DATA_PACKAGE)
    for name in CATALOG_FILES:
        with resources.as_file(package.joinpath(name)) as path:
            if not path.is_file():
                problems.append(Problem(Place(file=str(path)), "bundled catalogue file is missing (broken install)"))
                continue
            doc = _read(path, problems)
            if doc is not None:
                docs[name] = doc
    return docs


def _overlay_docs(overlay: Path, problems: list[Problem]) -> dict[str, RawDocument]:
    if not overlay.exists():
        raise CatalogError(
            f"catalogue overlay {overlay} not found",
            [Problem(Place(file=str(overlay)), "directory not found", "give a directory that holds threats.yaml ...")],
        )
    if not overlay.is_dir():
        raise CatalogError(
            f"catalogue overlay {overlay} is not a directory",
            [Problem(Place(file=str(overlay)), "is a file", "--catalog takes a directory with threats.yaml, ...")],
        )
    docs: dict[str, RawDocument] = {}
    for path in sorted(overlay.iterdir()):
        if path.name.startswith("."):
            continue
        if path.name == ACTIONS_FILE:  # read by load_actions
            continue
        if path.name not in CATALOG_FILES or not path.is_file():
            hint = suggestion(path.name, CATALOG_FILES) or "an overlay holds only: " + ", ".join(CATALOG_FILES)
            problems.append(Problem(Place(file=str(path)), "is not a catalogue file", hint))
            continue
        doc = _read(path, problems)
        if doc is not None:
            docs[path.name] = doc
    return docs


def _add_docs(parts: _Parts, docs: dict[str, RawDocument], problems: list[Problem]) -> None:
    for name, doc in docs.items():
        if name in LIST_FILES:
            _merge_list(parts.lists.setdefault(name, {}), _list_entries(doc, name, problems), problems)
            continue
        data = _sections(doc, field_names(OBJECT_FILES[name]), problems)
        if data is None:
            continue
        merged, owners = parts.objects.setdefault(name, ({}, {}))
        for key, value in data.items():
            merged[key] = value
            owners[key] = doc


def _object(parts: _Parts, name: str, problems: list[Problem]) -> Any | None:
    """Validate frameworks.yaml or matrix.yaml; each problem points into the file its section came from."""
    model = OBJECT_FILES[name]
    merged, owners = parts.objects.get(name, ({}, {}))
    if not owners:
        return None  # the file itself could not be read: already reported
    try:
        return model.model_validate(merged)
    except ValidationError as exc:
        by_doc: dict[int, tuple[RawDocument, list[Any]]] = {}
        for error in exc.errors():
            key = str(error["loc"][0]) if error["loc"] else ""
            doc = owners.get(key) or next(iter(owners.values()))
            by_doc.setdefault(id(doc), (doc, []))[1].append(error)
        for doc, errors in by_doc.values():
            problems.extend(_validation_problems(doc, errors, (), model))
        return None


# --------------------------------------------------------------------------- cross-checks


def _check_refs(
    entry: _Entry, field_name: str, refs: tuple[str, ...] | list[str], known: dict[str, Any], what: str
) -> list[Problem]:
    problems = []
    for index, ref in enumerate(refs):
        if ref not in known:
            hint = suggestion(ref, known) or f"see 'lsgrisk catalog list --kind {what}s'"
            problems.append(Problem(entry.place(field_name, index), f"unknown {what} '{ref}'", hint))
    return problems


_RULE_PLACE = re.compile(r"^([A-Za-z_][\w]*(?:\[\d+\])?(?:\.[A-Za-z_][\w]*(?:\[\d+\])?)*): (.+)$", re.DOTALL)


def _rule_path(where: str) -> PathT:
    """'when.all[1].fact' -> ('when', 'all', 1, 'fact')."""
    path: list[str | int] = []
    for part in where.split("."):
        match = re.match(r"^(\w+)\[(\d+)\]$", part)
        if match:
            path.extend((match.group(1), int(match.group(2))))
        else:
            path.append(part)
    return tuple(path)


def _rule_problems(entry: _Entry, control_ids: set[str]) -> list[Problem]:
    problems = []
    for message in check_rule(entry.value, control_ids):
        match = _RULE_PLACE.match(message)
        if match:
            problems.append(Problem(entry.place(*_rule_path(match.group(1))), match.group(2)))
        else:
            problems.append(Problem(entry.place(), message))
    return problems


def _cross_check(parts: _Parts, frameworks: Frameworks | None, standards: Standards | None) -> list[Problem]:
    threats = parts.lists.get("threats.yaml", {})
    controls = parts.lists.get("controls.yaml", {})
    measures = parts.lists.get("measures.yaml", {})
    rules = parts.lists.get("rules.yaml", {})
    requirements = parts.lists.get("requirements.yaml", {})
    areas: dict[str, Any] = {a.id: a for a in frameworks.law_areas} if frameworks else {}
    iso: dict[str, Any] = {i.id: i for i in standards.iso27001} if standards else {}
    cis: dict[str, Any] = {c.id: c for c in standards.cis_ig1} if standards else {}
    kinds: dict[str, Any] = {k.id: k for k in standards.evidence_kinds} if standards else {}
    problems: list[Problem] = []
    for entry in [*controls.values(), *measures.values()]:
        if frameworks is not None:
            problems += _check_refs(entry, "law_areas", entry.value.law_areas, areas, "law area")
            problems += _law_view_problems(entry, areas)
        if standards is not None:
            problems += _standard_refs(entry, "iso27001", iso, "ISO/IEC 27001 control")
            if isinstance(entry.value, Control):
                problems += _standard_refs(entry, "cis_ig1", cis, "CIS IG1 safeguard")
    for entry in measures.values():
        problems += _check_refs(entry, "controls", entry.value.controls, controls, "control")
    for entry in rules.values():
        problems += _check_refs(entry, "threats", entry.value.threats, threats, "threat")
        problems += _check_refs(entry, "controls", entry.value.controls, controls, "control")
        problems += _rule_problems(entry, set(controls))
    for entry in requirements.values():
        problems += _check_refs(entry, "controls", entry.value.controls, controls, "control")
        problems += _check_refs(entry, "measures", entry.value.measures, measures, "measure")
        if standards is not None:
            problems += _check_refs(entry, "evidence", entry.value.evidence, kinds, "evidence kind")
            problems += _chain_problems(entry, standards, controls, measures)
    return problems


def _law_view_problems(entry: _Entry, areas: dict[str, Any]) -> list[Problem]:
    """A Law area written on a control or measure must be one its NIS2 items lead to (the Law is a view over NIS2)."""
    problems = []
    own = set(entry.value.nis2)
    for index, area_id in enumerate(entry.value.law_areas):
        area = areas.get(area_id)
        if area is not None and not own.intersection(area.nis2):
            items = ", ".join(n.value for n in area.nis2)
            problems.append(
                Problem(
                    entry.place("law_areas", index),
                    f"law area '{area_id}' covers NIS2 item(s) {items}, none of which this entry maps to",
                    "the Law's areas follow from the NIS2 items: add the item to 'nis2' or remove the area",
                )
            )
    return problems


def _standard_refs(entry: _Entry, field_name: str, known: dict[str, Any], what: str) -> list[Problem]:
    """ISO or CIS ids on a control or measure: listed in standards.yaml and not marked not applicable there."""
    if not known:
        return []
    problems = []
    for index, ref in enumerate(getattr(entry.value, field_name)):
        item = known.get(ref)
        if item is None:
            hint = suggestion(ref, known) or f"see 'lsgrisk catalog coverage' for the {what} list"
            problems.append(Problem(entry.place(field_name, index), f"unknown {what} '{ref}'", hint))
        elif item.not_applicable is not None:
            problems.append(
                Problem(
                    entry.place(field_name, index),
                    f"{what} '{ref}' is marked not applicable in standards.yaml, yet this entry maps to it",
                    "remove the mapping or the not_applicable reason",
                )
            )
    return problems


def _chain_problems(
    entry: _Entry, standards: Standards, controls: dict[str, _Entry], measures: dict[str, _Entry]
) -> list[Problem]:
    """requirement -> control/measure: the entry must map to a NIS2 item of the requirement's section."""
    requirement: Requirement = entry.value
    try:
        section = standards.section(requirement.section)
    except KeyError:
        known = ", ".join(str(s.id) for s in standards.eu2690_sections) or "none"
        return [Problem(entry.place("id"), f"section {requirement.section} is not defined (sections: {known})")]
    items = set(section.nis2)
    shown = ", ".join(n.value for n in section.nis2)
    problems = []
    for field_name, index_of in (("controls", controls), ("measures", measures)):
        for index, ref in enumerate(getattr(requirement, field_name)):
            target = index_of.get(ref)
            if target is not None and not items.intersection(target.value.nis2):
                problems.append(
                    Problem(
                        entry.place(field_name, index),
                        f"'{ref}' maps to NIS2 {', '.join(n.value for n in target.value.nis2)}, but section "
                        f"{section.id} details NIS2 {shown}",
                        f"add one of {shown} to the nis2 list of '{ref}', or map another entry",
                    )
                )
    return problems


# --------------------------------------------------------------------------- entry points


def _fail(problems: list[Problem]) -> CatalogError:
    count = len(problems)
    return CatalogError(
        f"the threat catalogue is not valid: {count} problem{'s' if count != 1 else ''}",
        problems,
        hint="fix the files named above; an overlay given with --catalog overrides the bundled entries",
    )


@functools.lru_cache(maxsize=1)
def _bundled_parts() -> _Parts:
    problems: list[Problem] = []
    parts = _Parts()
    _add_docs(parts, _bundled_docs(problems), problems)
    if problems:
        raise _fail(problems)
    return parts


def _build(parts: _Parts) -> Catalog:
    problems: list[Problem] = []
    frameworks = _object(parts, "frameworks.yaml", problems)
    matrix = _object(parts, "matrix.yaml", problems)
    standards = _object(parts, "standards.yaml", problems)
    problems += _cross_check(parts, frameworks, standards)
    if problems or frameworks is None or matrix is None or standards is None:
        raise _fail(problems)
    lists = {name: tuple(e.value for e in parts.lists.get(name, {}).values()) for name in LIST_FILES}
    return Catalog(
        threats=lists["threats.yaml"],
        controls=lists["controls.yaml"],
        measures=lists["measures.yaml"],
        rules=lists["rules.yaml"],
        frameworks=frameworks,
        matrix=matrix,
        requirements=lists["requirements.yaml"],
        standards=standards,
    )


@functools.lru_cache(maxsize=1)
def _bundled_catalog() -> Catalog:
    return _build(_bundled_parts())


def load_catalog(overlay: Path | str | None = None) -> Catalog:
    """The bundled catalogue, with the entries of an overlay directory applied.

    Raises :class:`CatalogError` listing every problem with its file and line.
    The bundled catalogue is read once and shared (catalogue models are immutable).
    """
    if overlay is None:
        return _bundled_catalog()
    problems: list[Problem] = []
    docs = _overlay_docs(Path(overlay), problems)
    parts = _bundled_parts().copy()
    _add_docs(parts, docs, problems)
    if problems:
        try:
            _build(parts)
        except CatalogError as exc:
            problems.extend(exc.problems)
        raise _fail(problems)
    return _build(parts)


# --------------------------------------------------------------------------- actions.yaml

ACTIONS_FILE = "actions.yaml"


def _action_catalog(docs: list[RawDocument], problems: list[Problem]) -> ActionCatalog | None:
    merged: dict[str, Any] = {}
    by_rule: dict[str, Any] = {}
    classes: dict[str, Any] = {}
    for doc in docs:
        if not isinstance(doc.data, dict):
            problems.append(Problem(doc.place(()), "expected a mapping with cost_classes, default and actions"))
            continue
        for key, value in doc.data.items():
            if key == "actions" and isinstance(value, list):
                for entry in value:
                    by_rule[str(entry.get("rule")) if isinstance(entry, dict) else repr(entry)] = entry
            elif key == "cost_classes" and isinstance(value, list):
                for entry in value:
                    classes[str(entry.get("id")) if isinstance(entry, dict) else repr(entry)] = entry
            else:
                merged[key] = value
    merged["actions"] = list(by_rule.values())
    merged["cost_classes"] = list(classes.values())
    try:
        return ActionCatalog.model_validate(merged)
    except ValidationError as exc:
        problems.extend(_validation_problems(docs[-1], exc, (), ActionCatalog))
        return None


@functools.cache
def _bundled_actions() -> ActionCatalog:
    problems: list[Problem] = []
    with resources.as_file(resources.files("threat_catalog.data") / ACTIONS_FILE) as path:
        doc = _read(path, problems)
    actions = _action_catalog([doc] if doc is not None else [], problems)
    if problems or actions is None:
        raise _fail(problems)
    return actions


def load_actions(overlay: Path | str | None = None) -> ActionCatalog:
    """Action templates and cost classes: the bundled ``actions.yaml`` and an overlay's ``actions.yaml``
    (actions replace the bundled ones by rule, cost classes by id, ``default`` and ``supplier_cause`` whole)."""
    bundled = _bundled_actions()
    path = Path(overlay) / ACTIONS_FILE if overlay is not None else None
    if path is None or not path.is_file():
        return bundled
    problems: list[Problem] = []
    with resources.as_file(resources.files("threat_catalog.data") / ACTIONS_FILE) as bundled_path:
        base = _read(bundled_path, problems)
    doc = _read(path, problems)
    actions = _action_catalog([d for d in (base, doc) if d is not None], problems)
    if problems or actions is None:
        raise _fail(problems)
    return actions
