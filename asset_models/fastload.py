"""The fast way to read an inventory's YAML: libyaml, a lean constructor, line numbers only when needed.

The careful reader (:func:`asset_models.loaders._load_yaml`) composes the document,
walks every node to record its line number, refuses duplicate keys, caps alias
expansion, and then constructs the data with PyYAML's generic constructor. On a
10,000-asset inventory the walk and the generic constructor cost more than libyaml's
parsing itself, for line numbers that are needed only when a problem is reported.

:func:`fast_yaml_document` does the common case quickly and hands every unusual
one back to the careful reader (it returns ``None``), so messages and refusals stay
exactly what they are:

* libyaml composes the nodes (C); a small constructor turns them into dicts, lists
  and scalars with the same types as the careful reader (dates stay text);
* a document that uses an alias of a list or mapping (alias bombs), a ``<<`` merge,
  a duplicate key, an explicit tag, a complex key or any YAML error goes the careful way;
* line numbers are computed lazily, by the careful reader's walk, only when a
  problem needs a place (the JSON reader works the same way).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

from asset_models.sources import PathT, RawDocument, SourceMap

if TYPE_CHECKING:
    from asset_models.loaders import InputKind

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
#: scalar tags the resolver gives plain scalars, built the way PyYAML's safe constructor builds them
_SCALARS = ("tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float")  # fmt: skip


class _Refer(Exception):
    """The document needs the careful reader (duplicates, merges, tags, complex keys)."""


def _builder(loader: Any) -> Any:
    constructors = {tag: loader.yaml_constructors[tag] for tag in _SCALARS}
    scalar_node, mapping_node, sequence_node = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
    seen: set[int] = set()  # collection nodes built so far: an alias makes the composer reuse one

    def build(node: Any) -> Any:
        kind = node.__class__
        tag = node.tag
        if kind is scalar_node:
            if tag in (_STR, _TIMESTAMP):  # dates stay text: pydantic parses them with a place
                return node.value
            constructor = constructors.get(tag)
            if constructor is None:
                raise _Refer  # an explicit or unknown tag (!!binary, !custom, '<<' merge key ...)
            return constructor(loader, node)
        if id(node) in seen:
            raise _Refer  # an alias of a collection: the careful reader caps how far aliases expand
        seen.add(id(node))
        if kind is mapping_node and tag == _MAP:
            pairs = node.value
            result = {}
            for key_node, value_node in pairs:
                if key_node.__class__ is not scalar_node:
                    raise _Refer  # a list or mapping used as a key
                result[build(key_node)] = build(value_node)
            if len(result) != len(pairs):
                raise _Refer  # a duplicate key: the careful reader names both lines
            return result
        if kind is sequence_node and tag == _SEQ:
            return [build(item) for item in node.value]
        raise _Refer  # !!set, !!omap and other tagged collections

    return build


def fast_yaml_data(text: str, loader_class: Any) -> tuple[bool, Any]:
    """``(True, data)`` for a plain YAML document, ``(False, None)`` when the careful reader must decide."""
    try:
        loader = loader_class(text)
    except yaml.YAMLError:
        return False, None
    try:
        root = loader.get_single_node()
        if root is None:
            return False, None
        return True, _builder(loader)(root)
    except (_Refer, yaml.YAMLError, RecursionError, TypeError, ValueError):
        return False, None
    finally:
        loader.dispose()


def fast_yaml_document(text: str, file: str, kind: InputKind) -> RawDocument | None:
    """The raw document of a plain YAML text with lazily computed line numbers, or ``None`` (see module)."""
    from asset_models import loaders  # the careful reader; imported here because it imports this module

    ok, data = fast_yaml_data(text, loaders._InventoryLoader)
    if not ok:
        return None

    def lines() -> dict[PathT, int]:
        loader = loaders._InventoryLoader(text)
        try:
            root = loader.get_single_node()
            return loaders._yaml_positions(root, file, kind) if root is not None else {}
        except (yaml.YAMLError, RecursionError):
            return {}
        finally:
            loader.dispose()

    return RawDocument(data, SourceMap(file=file, lines_factory=lines))
