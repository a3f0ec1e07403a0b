"""Load an inventory from YAML, JSON or XLSX and validate it once, at the boundary.

:func:`load_inventory` is the only way in: it reads the file (with size
limits, safely), validates the types with pydantic, runs the cross-section
checks of :mod:`asset_models.validation`, and raises one
:class:`InventoryError` that lists every problem with its place.
"""

from __future__ import annotations

import json
import re
import types
import typing
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from asset_models.errors import InputError, InventoryError, Place, Problem
from asset_models.fastload import fast_yaml_document
from asset_models.fsutil import MAX_TEXT_BYTES, MAX_WORKBOOK_BYTES, FileRefused, read_bounded
from asset_models.gcpause import paused_gc
from asset_models.i18n import ntr, tr
from asset_models.models import CUSTOM_MESSAGES, ID_SECTIONS, Inventory, Municipality, typing_args
from asset_models.notes import note_sink, set_note_sink  # noqa: F401  (set_note_sink: public here too)
from asset_models.sources import PathT, RawDocument, SourceMap
from asset_models.validation import check_inventory
from asset_models.vocabulary import Vocabulary, suggestion, vocabulary_in_use

MAX_XLSX_BYTES = MAX_WORKBOOK_BYTES  # the limits live in asset_models.fsutil, once
#: how often aliases may make the reader revisit a node (alias bombs expand exponentially)
MAX_ALIAS_VISITS = 100_000

YAML_SUFFIXES = {".yaml", ".yml"}
JSON_SUFFIXES = {".json"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass(frozen=True)
class InputKind:
    """What a file is meant to be, for messages and for the error raised (inventory, catalogue ...)."""

    noun: str = "inventory"
    error: type[InputError] = InventoryError
    start_hint: str = "start from the skeleton that 'lsgrisk init' writes"
    max_bytes: int = MAX_TEXT_BYTES


INVENTORY_KIND = InputKind()


def _fail(
    file: str, message: str, hint: str = "", line: int | None = None, kind: InputKind = INVENTORY_KIND
) -> InputError:
    problem = Problem(Place(file=file, line=line), message, hint)
    return kind.error(f"{file} cannot be read", [problem])


def _read_text(path: Path, kind: InputKind = INVENTORY_KIND) -> str:
    name = str(path)

    try:
        raw = read_bounded(path, kind.max_bytes, kind.noun)
    except FileRefused as exc:
        raise _fail(name, exc.message, exc.hint, kind=kind) from None
    except FileNotFoundError:
        raise _fail(name, "file not found", "check the path, or create one with 'lsgrisk init'", kind=kind) from None
    except OSError as exc:
        raise _fail(name, f"cannot be read ({exc.strerror})", kind=kind) from None
    if not raw.strip():
        raise _fail(name, "is empty", kind.start_hint, kind=kind)
    if b"\x00" in raw[:8192]:
        raise _fail(name, "is a binary file, not YAML or JSON text", kind=kind)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = f"is not UTF-8 text (bad byte at offset {exc.start})"
        raise _fail(name, message, "save the file as UTF-8", kind=kind) from None
    return text


# --------------------------------------------------------------------------- YAML


def _yaml_positions(root: yaml.Node, file: str, kind: InputKind = INVENTORY_KIND) -> dict[PathT, int]:
    """Line numbers of every value, duplicate keys refused, alias expansion capped (alias bombs)."""
    lines: dict[PathT, int] = {(): root.start_mark.line + 1}
    stack: list[tuple[yaml.Node, PathT]] = [(root, ())]
    seen_nodes: set[int] = set()
    revisits = 0
    problems: list[Problem] = []
    while stack:
        node, path = stack.pop()
        if id(node) in seen_nodes and not isinstance(node, yaml.ScalarNode):
            revisits += 1
            if revisits > MAX_ALIAS_VISITS:
                raise _fail(file, "uses aliases that expand too far", "remove YAML anchors and aliases", kind=kind)
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark.line)
                line = key_node.start_mark.line + 1
                if key in seen and key != "<<":
                    problems.append(
                        Problem(
                            Place(file=file, line=line),
                            f"key '{key}' appears twice in the same mapping (first at line {seen[key]})",
                            "remove one of them; YAML would silently keep only the last",
                        )
                    )
                seen.setdefault(key, line)
                child = (*path, key)
                lines[child] = line
                stack.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = (*path, index)
                lines[child] = item.start_mark.line + 1
                stack.append((item, child))
    if problems:
        raise kind.error(f"{file} has duplicate keys", problems)
    return lines


_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present


class _InventoryLoader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that leaves dates as text: pydantic parses them and reports bad ones with a place."""


def _timestamp_as_text(loader: Any, node: yaml.Node) -> Any:
    return loader.construct_scalar(node)


_InventoryLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def _load_yaml(text: str, file: str, kind: InputKind = INVENTORY_KIND) -> RawDocument:
    fast = fast_yaml_document(text, file, kind)  # the common case, lines only when needed (asset_models.fastload)
    if fast is not None:
        return fast
    try:
        loader = _InventoryLoader(text)
    except yaml.YAMLError as exc:  # the reader refuses control characters while it starts
        raise _fail(file, f"is not YAML text: {exc}", "remove control characters from the file", kind=kind) from None
    try:
        root = loader.get_single_node()
        if root is None:
            raise _fail(file, "holds no YAML document", kind.start_hint, kind=kind)
        lines = _yaml_positions(root, file, kind)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = f"YAML syntax error: {exc.problem or exc.context}"
        raise _fail(file, message, "check indentation, colons and quotes on that line", line=line, kind=kind) from None
    except yaml.YAMLError as exc:
        raise _fail(file, f"YAML error: {exc}", kind=kind) from None
    except RecursionError:
        raise _fail(file, "is nested too deeply", kind=kind) from None
    except (TypeError, ValueError) as exc:  # e.g. a list used as a mapping key
        raise _fail(file, f"cannot be read as data: {exc}", kind=kind) from None
    finally:
        loader.dispose()
    return RawDocument(data, SourceMap(file=file, lines=lines))


def _load_json(text: str, file: str, kind: InputKind = INVENTORY_KIND) -> RawDocument:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(file, f"JSON syntax error: {exc.msg} (column {exc.colno})", line=exc.lineno, kind=kind) from None
    except RecursionError:
        raise _fail(file, "is nested too deeply", kind=kind) from None

    def json_lines() -> dict[PathT, int]:
        """JSON is (almost always) YAML too: borrow the YAML composer for line numbers, when needed."""
        try:
            loader = _InventoryLoader(text)
            try:
                root = loader.get_single_node()
                return _yaml_positions(root, file, kind) if root is not None else {}
            finally:
                loader.dispose()
        except (yaml.YAMLError, InputError, RecursionError):
            return {}

    return RawDocument(data, SourceMap(file=file, lines_factory=json_lines))


def read_raw(path: Path, kind: InputKind = INVENTORY_KIND) -> RawDocument:
    """Read a YAML, JSON (or, for inventories, XLSX) file into raw data with a source map (no validation)."""
    suffix = path.suffix.lower()
    name = str(path)
    if suffix in XLSX_SUFFIXES and kind is INVENTORY_KIND:
        from asset_models.xlsx import read_workbook  # openpyxl only when needed

        return read_workbook(path, max_bytes=MAX_XLSX_BYTES)
    text = _read_text(path, kind)
    if suffix in JSON_SUFFIXES:
        return _load_json(text, name, kind)
    if suffix in YAML_SUFFIXES or not suffix:
        return _load_yaml(text, name, kind)
    raise _fail(name, f"has an unknown extension '{suffix}'", "use .yaml, .yml, .json or .xlsx", kind=kind)


# --------------------------------------------------------------------------- pydantic errors


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation like ``list[Asset] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin in (list, tuple, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def field_names(model: type[BaseModel]) -> list[str]:
    """The names a user writes for the fields of ``model`` (aliases where set)."""
    return [info.alias or name for name, info in model.model_fields.items()]


def model_at(path: PathT, root: type[BaseModel] = Inventory) -> type[BaseModel] | None:
    """The model class that validates the object at ``path``."""
    current: type[BaseModel] | None = root
    for part in path:
        if isinstance(part, int):
            continue
        if current is None:
            return None
        match = None
        for name, info in current.model_fields.items():
            if part in (name, info.alias):
                match = info
                break
        if match is None:
            return None
        current = _inner_model(match.annotation)
    return current


def _clean_loc(raw: Any, loc: tuple[Any, ...]) -> PathT:
    """Keep only the parts of a pydantic location that index the raw data."""
    path: list[str | int] = []
    node = raw
    for part in loc:
        indexes_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if (isinstance(node, dict) and part in node) or indexes_list:
            path.append(part)
            node = node[part]
        elif isinstance(part, str) and isinstance(node, dict):
            path.append(part)  # a missing field
            node = None
        else:
            continue  # union tags and the like
    return tuple(path)


def show(value: Any) -> str:
    """A value as a message quotes it: text in quotes, numbers and the rest as written."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return str(value)


def _bounds(model: type[BaseModel] | None, name: str) -> tuple[Any, Any, bool, bool]:
    """(low, high, low inclusive, high inclusive) of a numeric field, from its constraints."""
    low = high = None
    low_incl = high_incl = True
    info = None
    if model is not None:
        for field_name, field_info in model.model_fields.items():
            if name in (field_name, field_info.alias):
                info = field_info
    for meta in info.metadata if info is not None else ():
        for attr, is_low, incl in (("ge", True, True), ("gt", True, False), ("le", False, True), ("lt", False, False)):
            bound = getattr(meta, attr, None)
            if bound is not None:
                if is_low:
                    low, low_incl = bound, incl
                else:
                    high, high_incl = bound, incl
    return low, high, low_incl, high_incl


_PATTERN_MESSAGES = {
    "email": "'{value}' is not an e-mail address; write it like ime@opstina.me",
    "country": "'{value}' is not a two-letter country code (for example ME)",
}
_DATE_ERRORS = ("date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_type",
                "datetime_parsing", "datetime_from_date_parsing")


def _message(error: Any, model: type[BaseModel] | None = None) -> str:
    """A pydantic error in words that name the expected form and quote the value (language in use)."""
    kind = error["type"]
    loc = error.get("loc") or ()
    name = str(loc[-1]) if loc and isinstance(loc[-1], str) else ""
    value = error.get("input")
    ctx = error.get("ctx") or {}
    shown = show(value)
    if kind in CUSTOM_MESSAGES:
        return tr(CUSTOM_MESSAGES[kind], **{k: str(v) for k, v in ctx.items()})
    if kind == "missing":
        return tr("this field is required")
    if kind == "literal_error" and tuple(loc) == ("version",):
        return tr("format version {value} is not supported; this tool reads version 1", value=shown)
    if kind in _DATE_ERRORS:
        return tr("date {value} — write YYYY-MM-DD or DD.MM.YYYY", value=shown)
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return tr("{value} is not a whole number", value=shown)
    if kind in ("float_parsing", "float_type", "finite_number"):
        return tr("{value} is not a number", value=shown)
    if kind in ("bool_parsing", "bool_type"):
        return tr("{value} is not a yes/no answer; write yes or no (da or ne)", value=shown)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low, high, low_incl, high_incl = _bounds(model, name)
        field = name.replace("_", " ") or tr("the value")
        if low is not None and high is not None and low_incl and high_incl:
            return tr("{field} {value} is outside {low}–{high}", field=field, value=shown, low=low, high=high)
        limit = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
        templates = {
            "greater_than_equal": "{field} {value} must be at least {limit}",
            "greater_than": "{field} {value} must be more than {limit}",
            "less_than_equal": "{field} {value} must be at most {limit}",
            "less_than": "{field} {value} must be less than {limit}",
        }
        return tr(templates[kind], field=field, value=shown, limit=limit)
    if kind == "string_pattern_mismatch":
        if name in _PATTERN_MESSAGES:
            return tr(_PATTERN_MESSAGES[name], value=str(value))
        return tr("{value} is not a valid id; use letters, digits, '.', '_' and '-', "
                  "starting with a letter or digit", value=shown)
    if kind == "string_too_short":
        return tr("this field may not be empty")
    if kind == "string_too_long":
        return tr("{value} is longer than {limit} characters", value=shown, limit=ctx.get("max_length", "?"))
    if kind == "too_short":
        return ntr("needs at least {n} item", "needs at least {n} items", int(ctx.get("min_length", 1)))
    if kind == "string_type":
        return tr("expected text, got {value}", value=shown)
    if kind == "list_type":
        return tr("expected a list like [a, b], got {value}", value=shown)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return tr("expected a valid dictionary of fields (name: value), got {value}", value=shown)
    message = str(error["msg"])
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if not isinstance(value, (dict, list)):
        message += f" ({shown})"
    return message


def pydantic_problems(
    doc: RawDocument,
    exc: ValidationError | list[Any],
    prefix: PathT = (),
    root: type[BaseModel] = Inventory,
) -> list[Problem]:
    """pydantic errors as problems with places, in the language in use.

    ``root`` is the model that was validated and ``prefix`` the path of the
    validated object inside ``doc`` (an item validated on its own, for instance).
    """
    problems: list[Problem] = []
    seen: set[tuple[PathT, str]] = set()
    for error in exc.errors() if isinstance(exc, ValidationError) else exc:
        loc = (*prefix, *error["loc"])
        path = _clean_loc(doc.data, loc)
        hint = ""
        owner = model_at(tuple(p for p in error["loc"][:-1] if isinstance(p, (str, int))), root)
        if error["type"] == "extra_forbidden":
            name = str(path[-1]) if path else ""
            message = tr("unknown field '{name}'", name=name)
            if owner is not None:
                hint = suggestion(name, field_names(owner)) or tr(
                    "valid fields: {names}", names=", ".join(field_names(owner)))
        elif error["type"] == "enum":
            allowed = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
            message = tr("{value} is not one of: {allowed}", value=show(error.get("input")),
                         allowed=", ".join(allowed))
            hint = suggestion(str(error.get("input")), allowed)
        else:
            message = _message(error, owner)
        key = (path, message)
        if key in seen:
            continue
        seen.add(key)
        problems.append(Problem(doc.place(path), message, hint))
    return problems


# --------------------------------------------------------------------------- partial validation


def _placeholder(annotation: Any, fallback: str) -> Any:
    """A valid stand-in for a required field whose value failed (only so that other checks can run)."""
    for arg in typing_args(annotation):
        if isinstance(arg, type) and issubclass(arg, Enum):
            return next(iter(arg)).value
        if arg is str:
            return fallback
        if arg in (int, float):
            return 1
    return None


def _lenient(model: type[BaseModel], item: Any, exc: ValidationError, fallback: str) -> tuple[Any, set[str]]:
    """The item validated without the fields that failed, and the names of those fields.

    An asset with a bad date still has its zone, addresses and controls checked;
    checks on the fields that failed (or stand-ins for them) are not reported.
    """
    if not isinstance(item, dict):
        return None, set()
    bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"] and isinstance(e["loc"][0], str)}
    if not bad or any(not e["loc"] for e in exc.errors()):
        return None, set()
    trimmed = {k: v for k, v in item.items() if str(k) not in bad}
    for name, info in model.model_fields.items():
        key = info.alias or name
        if info.is_required() and key in bad:
            stand_in = _placeholder(info.annotation, fallback)
            if stand_in is None:
                return None, set()
            trimmed[key] = stand_in
    try:
        return model.model_validate(trimmed), bad
    except ValidationError:
        return None, set()


@dataclass
class _Partial:
    """What :func:`_partial` found (see there)."""

    inventory: Inventory
    index_map: dict[str, list[int]]
    problems: list[Problem]
    failed: set[PathT]
    #: the whole inventory, validated, when every item was valid and every section present as a value
    complete: Inventory | None


def _partial(doc: RawDocument, notes: list[tuple[str, str]] | None = None) -> _Partial:
    """Validate item by item, so that cross-section checks can run on everything that is readable.

    Returns the inventory of the readable items (an item with a bad field is
    kept without that field), for each section the original index of each kept
    item, the type problems found, and the (section, index, field) paths whose
    values failed (cross-section problems there are not reported twice). When
    nothing failed, ``complete`` is the inventory exactly as
    ``Inventory.model_validate(doc.data)`` gives it, built from the items already
    validated (each item is validated once); normalised habits go to ``notes``
    in the order the whole validation would record them.
    """
    data = doc.data
    context = {"notes": notes} if notes is not None else None
    problems: list[Problem] = []
    failed: set[PathT] = set()
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise InventoryError(
            tr("{file} is not an inventory", file=doc.source.file),
            [Problem(doc.place(()), tr("expected a mapping with 'version', 'municipality', 'zones' ... "
                                       "(got a {kind})", kind=kind))],
        )
    sections: dict[str, Any] = {}
    index_map: dict[str, list[int]] = {}
    top_fields = field_names(Inventory)
    for key in data:
        if key not in top_fields:
            hint = suggestion(str(key), top_fields) or tr("valid sections: {names}", names=", ".join(top_fields))
            problems.append(Problem(doc.place((key,)), tr("unknown section '{name}'", name=key), hint))
    head: Inventory | None = None
    try:
        head = Inventory.model_validate(
            {"version": data.get("version"), "municipality": data.get("municipality")}, context=context)
        sections["municipality"] = data["municipality"]
    except ValidationError as exc:
        problems.extend(pydantic_problems(doc, exc))
        sections["municipality"] = Municipality(name="?", code="unknown")
    municipality = head.municipality if head is not None else sections["municipality"]  # validated once
    for name, info in Inventory.model_fields.items():
        if name in ("version", "municipality"):
            continue
        value = data.get(name)
        if value is None:
            continue
        item_model = _inner_model(info.annotation)
        if item_model is None:  # measures: a mapping
            try:
                sections[name] = Inventory.model_validate(
                    {"version": 1, "municipality": municipality, name: value}, context=context
                ).measures
            except ValidationError as exc:
                problems.extend(pydantic_problems(doc, exc))
            continue
        if not isinstance(value, list):
            got = type(value).__name__
            problems.append(Problem(doc.place((name,)), tr("'{name}' must be a list of items (got {kind})",
                                                           name=name, kind=got)))
            continue
        kept, where = [], []
        for index, item in enumerate(value):
            try:
                kept.append(item_model.model_validate(item, context=context))
                where.append(index)
            except ValidationError as exc:
                problems.extend(pydantic_problems(doc, exc, prefix=(name, index), root=item_model))
                readable, bad = _lenient(item_model, item, exc, f"invalid.{name}.{index}")
                if readable is not None:
                    kept.append(readable)
                    where.append(index)
                    failed.update((name, index, field) for field in bad)
        sections[name] = kept
        index_map[name] = where
    inventory = Inventory.model_construct(version=1, **sections)
    for name in Inventory.model_fields:
        if name not in sections and name not in ("version",):
            setattr(inventory, name, Inventory.model_fields[name].get_default(call_default_factory=True))
    complete = None
    if head is not None and not problems and all(data[key] is not None for key in data):
        values = {name: sections[name] for name in data if name not in ("version", "municipality")}
        complete = Inventory.model_construct(set(data), **{**values, "version": head.version,
                                                           "municipality": head.municipality})
    return _Partial(inventory, index_map, problems, failed, complete)


def raw_ids(doc: RawDocument) -> set[str]:
    """Every id written in the raw document, valid item or not."""
    ids: set[str] = set()
    if isinstance(doc.data, dict):
        for section in ID_SECTIONS:
            items = doc.data.get(section)
            if isinstance(items, list):
                ids.update(str(i["id"]) for i in items if isinstance(i, dict) and "id" in i)
    return ids


#: each kind of normalised local habit, reported once: (singular, plural) English templates
NOTE_TEMPLATES: dict[str, tuple[str, str]] = {
    "date_dotted": (
        "{n} date written as DD.MM.YYYY was read as YYYY-MM-DD (for example '{example}')",
        "{n} dates written as DD.MM.YYYY were read as YYYY-MM-DD (for example '{example}')",
    ),
    "letter_case": (
        "{n} listed value written in other letters was read as the listed value (for example '{example}')",
        "{n} listed values written in other letters were read as the listed values (for example '{example}')",
    ),
    "local_word": (
        "{n} answer da/ne/djelimično was read as yes/no/partial (for example '{example}')",
        "{n} answers da/ne/djelimično were read as yes/no/partial (for example '{example}')",
    ),
    "list_semicolon": (
        "{n} workbook cell separates list items with ';'; read as a list (for example '{example}')",
        "{n} workbook cells separate list items with ';'; read as lists (for example '{example}')",
    ),
}


def summarise_notes(file: str, raw: list[tuple[str, str]]) -> list[Problem]:
    """One note per kind of normalised habit, with a count and the first example."""
    by_kind: dict[str, list[str]] = {}
    for kind, example in raw:
        by_kind.setdefault(kind, []).append(example)
    notes = []
    for kind, (singular, plural) in NOTE_TEMPLATES.items():
        examples = by_kind.get(kind)
        if examples:
            notes.append(Problem(Place(file=file), ntr(singular, plural, len(examples), example=examples[0])))
    return notes


def validate_document(
    doc: RawDocument, vocabulary: Vocabulary | None = None, notes: list[Problem] | None = None
) -> Inventory:
    """Validate a raw document completely; raise one InventoryError listing every problem.

    ``vocabulary`` defaults to the vocabulary in use (the catalogue's, when the
    program registered one). Local habits that were normalised are summarised
    into ``notes`` (or handed to the note sink when ``notes`` is None).
    """
    vocab = vocabulary if vocabulary is not None else vocabulary_in_use()
    raw_notes: list[tuple[str, str]] = list(doc.notes)
    found_partial = _partial(doc, raw_notes)
    inventory, index_map, problems, failed = (found_partial.inventory, found_partial.index_map,
                                              found_partial.problems, found_partial.failed)
    tolerated = raw_ids(doc) if problems else None
    for path, message, hint in check_inventory(inventory, vocab, tolerate_ids=tolerated):
        if len(path) > 1 and isinstance(path[1], int) and str(path[0]) in index_map:
            path = (path[0], index_map[str(path[0])][path[1]], *path[2:])
        if path[:3] in failed:
            continue
        problems.append(Problem(doc.place(path), message, hint))
    if problems:
        count = len(problems)
        raise InventoryError(
            ntr("{file} is not valid: {n} problem", "{file} is not valid: {n} problems", count,
                file=doc.source.file),
            problems,
            hint=tr("fix them and run 'lsgrisk validate' again"),
        )
    if found_partial.complete is not None:
        inventory = found_partial.complete  # every item validated once, in _partial
    else:  # a section written as null, for instance: the whole validation words it as before
        raw_notes = list(doc.notes)
        inventory = Inventory.model_validate(doc.data, context={"notes": raw_notes})
    found = summarise_notes(doc.source.file, raw_notes)
    if notes is not None:
        notes.extend(found)
    elif found and (sink := note_sink()) is not None:
        sink(found)
    return inventory


def load_inventory(
    path: str | Path, vocabulary: Vocabulary | None = None, notes: list[Problem] | None = None
) -> Inventory:
    """Read and validate an inventory file (YAML, JSON or XLSX) against the vocabulary in use."""
    with paused_gc():  # millions of acyclic objects on large inventories (asset_models.gcpause)
        return validate_document(read_raw(Path(path)), vocabulary, notes)
