"""The fast way to read an inventory's YAML: yaml-rs where YAML 1.1 and 1.2 agree, line numbers only when needed.

The careful reader (:func:`asset_models.loaders._load_yaml`) composes the document,
walks every node to record its line number, refuses duplicate keys, caps alias
expansion, and then constructs the data with PyYAML's generic constructor. On a
10,000-asset inventory that costs seconds, for line numbers that are needed only
when a problem is reported.

:func:`fast_yaml_document` reads the common case quickly and hands every unusual
one back to the careful reader (it returns ``None``), so data, messages and
refusals stay exactly what they are. Two fast readers, tried in order:

1. **yaml-rs** (Rust, about 6x faster than libyaml plus a lean constructor). It reads
   YAML 1.2, where a plain ``yes``, ``no``, ``on`` and ``off`` stay text, ``012`` is
   twelve and not octal ten, ``1e5`` is a number and ``1:30`` is text; it also keeps
   tags it does not know and accepts control characters. The contract is the
   YAML 1.1 reading of PyYAML's safe loader (a person writes ``active: yes``), so
   :func:`needs_yaml11` scans the text first (regular expressions, C speed) and
   any document with such a plain scalar, or with a tag, an anchor or alias, a merge
   key, a directive, a second document, a tab, a character the YAML reader refuses,
   a YAML 1.1 line break or a line of 1,024 characters or more, goes to step 2.
   Only a mapping or list comes back this way; a duplicate key or any syntax error
   also goes to step 2.
2. **libyaml** composes the nodes (C); a small constructor turns them into dicts,
   lists and scalars with the same types as the careful reader (dates stay text).
   A document that uses an alias of a list or mapping (alias bombs), a ``<<`` merge,
   a duplicate key, an explicit tag, a complex key or any YAML error goes the careful way.

Line numbers are computed lazily, by the careful reader's walk, only when a
problem needs a place (the JSON reader works the same way).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml
import yaml_rs

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


#: each of these sends a document to libyaml: what yaml-rs may read differently or accept where PyYAML refuses.
#: Every pattern starts with a character or a small class, so the regex engine skips ahead fast (about
#: 0.15 s for all of them on a 5 MB inventory); alternations at the start are split into separate patterns.
_UNUSUAL = tuple(re.compile(pattern, re.MULTILINE) for pattern in (
    # characters PyYAML's reader refuses, tabs, lone CRs (CRLF is normalised first), YAML 1.1 line breaks, a BOM
    r"[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]",
    r"[!&*](?<![^\s\[\]{},][!&*])(?:(?<=!)|(?=[^\s\[\]{},]))",  # a tag, an anchor or an alias
    r"\?(?<![^\s\[{,]\?)(?=[ \n]|$)",  # an explicit (complex) key
    # a ':' after a space or a flow indicator (an empty key, text starting with ':'), after a quoted key's ':'
    # (JSON style), or before a flow indicator; IPv6 addresses (fd00:20::/64) pass
    r":(?:(?<=[\s\[{,]:)|(?<=[\"']::)|(?=[,\]}]))",
    r"\n(?:---|\.\.\.)(?=[ \n]|$)",  # a second document (one leading '---' line is allowed)
    r"\n[^\n]{1024}",  # a long line: libyaml refuses a simple key of 1,024 characters or more
    r"\n {128}",  # deep indentation: nesting PyYAML may refuse as too deep
))  # fmt: skip
_UNUSUAL_TEXT = ("<<", "\n%")  # a merge key, a directive
_TAIL = r"[0-9A-Za-z_.:+\-]*"
#: plain scalars that PyYAML (YAML 1.1) and yaml-rs (1.2) read differently: a number-like token with a
#: leading zero, '.', '_', ':', 'e' or 'E' (octal, sexagesimal, exponents, '1_000', '.5'), the YAML 1.1
#: booleans yes, no, on, off, and '=' (PyYAML refuses it). Decimal integers, numbers with one dot,
#: addresses, versions and dates are read alike (tests/foundation/test_foundation_fastload.py checks this).
_TOKEN = (r"(?=[-+._0-9=YNO]|[yno][eonf])(?:[Yy]es|YES|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF|="
          rf"|[-+]?(?:[._]{_TAIL}|0[0-9_oxbOXB]{_TAIL}|[0-9][0-9.\-]*[_:eE]{_TAIL}))"
          r"(?=[ \t]*(?:$|[,\]}]|:(?:[\s,\]}]|$))|[ \t]+#)")  # where a plain scalar ends
#: ... where a plain scalar can start: a line's start (after indentation, '- ', '? ', ': '), after ': ',
#: in a flow collection, after a quoted key in JSON style (one pattern each: faster than one alternation)
_YAML11_SCALARS = tuple(re.compile(start + _TOKEN, re.MULTILINE) for start in (
    r"\n[-?: \t]*",  # (a '-' or ':' with no space after is let through too: a false alarm costs only time)
    r":[ \t]+", r"[\[{,][ \t]*", r'":[ \t]*', r"':[ \t]*",  # one literal start each: searched fastest
))  # fmt: skip


def needs_yaml11(text: str) -> bool:
    """Whether yaml-rs could read ``text`` other than PyYAML's safe loader does (see the module)."""
    if text.startswith("---"):
        end = text.find("\n")
        if end < 0 or text[3:end].strip(" \r"):
            return True  # '--- value' or a one-line document
        text = text[end:]
    else:
        text = "\n" + text  # the first line starts after a line break like every other
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if any(part in text for part in _UNUSUAL_TEXT) or any(p.search(text) for p in _UNUSUAL):
        return True
    return any(p.search(text) for p in _YAML11_SCALARS)


def rust_yaml_data(text: str) -> tuple[bool, Any]:
    """``(True, data)`` read by yaml-rs when it reads ``text`` as PyYAML would, ``(False, None)`` otherwise."""
    if needs_yaml11(text):
        return False, None
    try:
        data = yaml_rs.loads(text, parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error)
    except (ValueError, TypeError, RecursionError, OverflowError):  # YAMLDecodeError is a ValueError
        return False, None
    except BaseException as exc:  # a panic in the Rust code surfaces as pyo3's PanicException
        if type(exc).__name__ != "PanicException":
            raise
        return False, None
    if not isinstance(data, (dict, list)):
        return False, None  # no document, a lone scalar: the careful reader words it
    return True, data


def fast_yaml_document(text: str, file: str, kind: InputKind) -> RawDocument | None:
    """The raw document of a plain YAML text with lazily computed line numbers, or ``None`` (see module)."""
    from asset_models import loaders  # the careful reader; imported here because it imports this module

    ok, data = rust_yaml_data(text)
    if not ok:
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
