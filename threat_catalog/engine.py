"""The one small rule engine: checks conditions at catalogue load and evaluates them over facts.

No ``eval`` and no Python in strings: a condition is a validated tree
(:mod:`threat_catalog.rules`) that :func:`compile_condition` turns into a
plain predicate over a facts object. :func:`check_rule` is called by the
catalogue loader for every rule (bundled or overlay) and returns one message
per problem, each with its place inside the rule (``when.all[1].fact``):
unknown facts (with the closest name suggested), operators that do not fit
the fact's type, values of the wrong type, unknown level names, unknown
control ids. A rule that passes the check can always be evaluated.
"""

from __future__ import annotations

import functools
import re
import types
import typing
from collections.abc import Callable, Collection, Mapping, Sequence
from enum import Enum
from typing import Any

from asset_models.errors import CatalogError, Place, Problem
from asset_models.i18n import Translator, get_language, translator
from asset_models.models import Classification, NeedLevel, ZoneKind
from asset_models.vocabulary import suggestion
from threat_catalog.facts import FACT_MODELS, ORDERED_LEVELS, AssetKindFact, Exposure, Facts
from threat_catalog.rules import AllOf, AnyOf, Condition, Leaf, NotOf, Rule, Subject

Predicate = Callable[[Facts], bool]

_SCALAR_OPS = {"is", "is_not"}
_SET_OPS = {"in"}
_ORDER_OPS = {"at_least", "at_most"}
_LIST_OPS = {"contains", "contains_any", "lacks", "lacks_all", "empty"}

#: list facts whose values are catalogue control ids (checked against the catalogue when given)
CONTROL_LIST_FACTS = frozenset({"controls", "planned_controls"})


# --------------------------------------------------------------------------- fact types


def _fact_type(subject: Subject, name: str) -> Any | None:
    model = FACT_MODELS[subject]
    info = model.model_fields.get(name)
    return None if info is None else info.annotation


def _is_list(annotation: Any) -> bool:
    return typing.get_origin(annotation) is list


def _list_item(annotation: Any) -> Any:
    return typing.get_args(annotation)[0]


def _type_name(annotation: Any) -> str:
    if _is_list(annotation):
        return f"list of {_type_name(_list_item(annotation))}"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        kind = "level" if annotation in ORDERED_LEVELS else "one of"
        return f"{kind} (" + ", ".join(e.value for e in annotation) + ")"
    if isinstance(annotation, types.UnionType):
        return " or ".join(_type_name(a) for a in typing.get_args(annotation))
    return getattr(annotation, "__name__", str(annotation))


def fact_names(subject: Subject) -> list[str]:
    """The facts a rule about ``subject`` may test."""
    return sorted(FACT_MODELS[subject].model_fields)


def describe_facts(subject: Subject) -> list[tuple[str, str, str]]:
    """(name, type, description) of every fact of a subject, for ``catalog explain`` and docs."""
    model = FACT_MODELS[subject]
    return [
        (name, _type_name(info.annotation), info.description or "")
        for name, info in sorted(model.model_fields.items())
    ]


# --------------------------------------------------------------------------- checking


def _value_fits(annotation: Any, value: Any) -> str | None:
    """None when ``value`` suits a fact of type ``annotation``, else what is wrong."""
    if annotation is bool:
        return None if isinstance(value, bool) else f"expects true or false, got {value!r}"
    if annotation in (int, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"expects a number, got {value!r}"
        if annotation is int and isinstance(value, float) and not value.is_integer():
            return f"expects a whole number, got {value!r}"
        return None
    if annotation is str:
        return None if isinstance(value, str) else f"expects text, got {value!r}"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        allowed = [e.value for e in annotation]
        if isinstance(value, str) and value in allowed:
            return None
        hint = suggestion(str(value), allowed)
        return f"{value!r} is not one of: {', '.join(allowed)}" + (f" ({hint})" if hint else "")
    return f"facts of type {_type_name(annotation)} cannot be compared"  # pragma: no cover


def _check_leaf(
    leaf: Leaf, subject: Subject, where: str, control_ids: Collection[str] | None
) -> list[str]:
    annotation = _fact_type(subject, leaf.fact)
    if annotation is None:
        hint = suggestion(leaf.fact, fact_names(subject))
        more = f"; {hint}" if hint else f"; facts of {subject.value}: {', '.join(fact_names(subject))}"
        return [f"{where}.fact: unknown fact '{leaf.fact}' for subject {subject.value}{more}"]
    op, value = leaf.operator, leaf.value
    place = f"{where}.{op}"
    kind = _type_name(annotation)
    if _is_list(annotation):
        if op not in _LIST_OPS:
            return [f"{place}: '{op}' does not apply to '{leaf.fact}' ({kind}); use one of {sorted(_LIST_OPS)}"]
        if op == "empty":
            return [] if isinstance(value, bool) else [f"{place}: expects true or false, got {value!r}"]
        item = _list_item(annotation)
        values = value if isinstance(value, list) else [value]
        problems = [f"{place}: {msg}" for v in values if (msg := _value_fits(item, v))]
        if leaf.fact in CONTROL_LIST_FACTS and control_ids is not None:
            for v in values:
                if isinstance(v, str) and v not in control_ids:
                    hint = suggestion(v, control_ids)
                    problems.append(f"{place}: unknown control id '{v}'" + (f" ({hint})" if hint else ""))
        return problems
    if op in _LIST_OPS:
        return [f"{place}: '{op}' needs a list fact, but '{leaf.fact}' is {kind}; use is, is_not or in"]
    if op in _ORDER_OPS:
        ordered = annotation in (int, float) or annotation in ORDERED_LEVELS
        if not ordered:
            return [f"{place}: '{leaf.fact}' ({kind}) has no order; use is, is_not or in"]
    if op in _SCALAR_OPS | _ORDER_OPS and annotation is bool and op in _ORDER_OPS:
        return [f"{place}: '{leaf.fact}' is true or false; use is"]  # pragma: no cover - bool has no order
    if op == "in" and annotation is bool:
        return [f"{place}: '{leaf.fact}' is true or false; use is"]
    values = value if isinstance(value, list) else [value]
    return [f"{place}: {msg}" for v in values if (msg := _value_fits(annotation, v))]


def _check(cond: Condition, subject: Subject, where: str, control_ids: Collection[str] | None) -> list[str]:
    if isinstance(cond, AllOf):
        return [p for i, c in enumerate(cond.all) for p in _check(c, subject, f"{where}.all[{i}]", control_ids)]
    if isinstance(cond, AnyOf):
        return [p for i, c in enumerate(cond.any) for p in _check(c, subject, f"{where}.any[{i}]", control_ids)]
    if isinstance(cond, NotOf):
        return _check(cond.not_, subject, f"{where}.not", control_ids)
    return _check_leaf(cond, subject, where, control_ids)


#: a placeholder: ``{fact_name}``, or ``{fact_name|form|form...}``: the words that agree with a number fact, one
#: form per plural category of the language (en, sq: one, other; cnr: one, few, other); any other text in braces
#: is a mistake in a template
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def _check_evidence(rule: Rule) -> list[str]:
    names = set(fact_names(rule.subject))
    problems = []
    langs = ("en", "cnr", "sq") if rule.evidence.has_sq else ("en", "cnr")
    for lang in langs:
        for field in _PLACEHOLDER.findall(getattr(rule.evidence, lang)):
            name, *forms = field.split("|")
            if not _NAME.match(name):
                problems.append(f"evidence.{lang}: '{{{field}}}' is not a placeholder; write a plain {{fact}}")
            elif name not in names:
                hint = suggestion(name, names)
                problems.append(f"evidence.{lang}: unknown placeholder '{{{name}}}'" + (f" ({hint})" if hint else ""))
            elif forms:
                problems += _check_forms(rule.subject, lang, name, forms)
    return problems


def _check_forms(subject: Subject, lang: str, name: str, forms: list[str]) -> list[str]:
    """Problems of the plural forms ``{name|form|...}`` in a template of ``lang``."""
    categories = get_language(lang).plural_categories
    where = f"evidence.{lang}: '{{{name}|...}}'"
    if _fact_type(subject, name) is not int:
        return [f"{where}: plural forms need a whole-number fact, and '{name}' is not one"]
    if len(forms) != len(categories):
        return [f"{where}: expected {len(categories)} forms ({', '.join(categories)}), found {len(forms)}"]
    return [f"{where}: form {n} is empty" for n, form in enumerate(forms, start=1) if not form.strip()]


@functools.lru_cache(maxsize=4096)
def _plural_index(lang: str, n: int) -> int:
    """Which plural form of ``lang`` agrees with ``n`` (Babel's CLDR rules, as the gettext catalogues)."""
    return Translator.plural_index(n, get_language(lang))


def check_rule(rule: Rule, control_ids: Collection[str] | None = None) -> list[str]:
    """Every problem of ``rule`` as 'place: message' (empty when the rule can be evaluated).

    Checks the condition against the subject's fact model (names, operators,
    value types, level names, control ids when ``control_ids`` is given) and
    the placeholders of the evidence template. The catalogue loader calls it
    for each rule and adds the file and line.
    """
    return _check(rule.when, rule.subject, "when", control_ids) + _check_evidence(rule)


# --------------------------------------------------------------------------- evaluation


def _scalar(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _compile_leaf(leaf: Leaf, subject: Subject) -> Predicate:
    annotation = _fact_type(subject, leaf.fact)
    if annotation is None:
        raise CatalogError(f"rule condition names unknown fact '{leaf.fact}'")
    name, op, value = leaf.fact, leaf.operator, leaf.value
    if op in _ORDER_OPS and annotation in ORDERED_LEVELS:
        order = ORDERED_LEVELS[annotation]
        bound = order.index(value)
        if op == "at_least":
            return lambda f: order.index(getattr(f, name).value) >= bound
        return lambda f: order.index(getattr(f, name).value) <= bound
    if op == "at_least":
        return lambda f: bool(getattr(f, name) >= value)
    if op == "at_most":
        return lambda f: bool(getattr(f, name) <= value)
    if op == "is":
        return lambda f: bool(_scalar(getattr(f, name)) == value)
    if op == "is_not":
        return lambda f: bool(_scalar(getattr(f, name)) != value)
    if op == "in":
        allowed = frozenset(value)
        return lambda f: _scalar(getattr(f, name)) in allowed
    if op == "contains":
        return lambda f: value in getattr(f, name)
    if op == "lacks":
        return lambda f: value not in getattr(f, name)
    if op == "contains_any":
        wanted = frozenset(value)
        return lambda f: not wanted.isdisjoint(getattr(f, name))
    if op == "lacks_all":
        unwanted = frozenset(value)
        return lambda f: unwanted.isdisjoint(getattr(f, name))
    if op == "empty":
        return lambda f: (len(getattr(f, name)) == 0) == value
    raise CatalogError(f"unknown operator '{op}'")  # pragma: no cover - the model allows no other


def compile_condition(cond: Condition, subject: Subject) -> Predicate:
    """A predicate for ``cond``; the rule must have passed :func:`check_rule`."""
    if isinstance(cond, AllOf):
        parts = [compile_condition(c, subject) for c in cond.all]
        return lambda f: all(p(f) for p in parts)
    if isinstance(cond, AnyOf):
        options = [compile_condition(c, subject) for c in cond.any]
        return lambda f: any(p(f) for p in options)
    if isinstance(cond, NotOf):
        inner = compile_condition(cond.not_, subject)
        return lambda f: not inner(f)
    return _compile_leaf(cond, subject)


def compile_rule(rule: Rule) -> Predicate:
    """Check and compile a rule; raise :class:`CatalogError` when it cannot be evaluated."""
    problems = check_rule(rule)
    if problems:
        raise CatalogError(
            f"rule {rule.id} cannot be evaluated",
            [Problem(Place(file="rules", item=f"rules[{rule.id}]"), p) for p in problems],
            hint="fix the rule in the catalogue (see 'lsgrisk catalog explain')",
        )
    return compile_condition(rule.when, rule.subject)


def evaluate(rule: Rule, facts: Facts) -> bool:
    """Whether ``rule`` fires on ``facts`` (convenience; the analyzer compiles once)."""
    if not isinstance(facts, FACT_MODELS[rule.subject]):
        raise CatalogError(f"rule {rule.id} is about {rule.subject.value}, not {type(facts).__name__}")
    return compile_rule(rule)(facts)



#: facts whose values are codes, and the catalogue (domain, context) of their words in each language: an
#: evidence text says "potreba: vrlo visoka", never "very_high"
_ENUM_WORDS: dict[type[Enum], tuple[str, str]] = {
    NeedLevel: ("labels", "need"), Exposure: ("labels", "exposure"), Classification: ("labels", "classification"),
    AssetKindFact: ("labels", "asset_kind"), ZoneKind: ("labels", "zone_kind"),
}  # fmt: skip
_CODE_FACTS: dict[str, tuple[str, str]] = {
    "entry_point": ("analysis", "entry_point"), "method": ("labels", "remote_method"),
    "insecure_channels": ("labels", "channel"),
}  # fmt: skip


@functools.lru_cache(maxsize=4096)
def _code_word(lang: str, domain: str, context: str, code: str) -> str:
    """The word for ``code`` in ``lang`` (the code itself where the catalogue has none)."""
    return translator(lang, domain).label(context, code)


_UNSEEN: Any = object()


def _vocabulary(name: str, value: Any) -> tuple[str, str] | None:
    """The (domain, context) of a fact's words when its value is a code, else None."""
    cls = value.__class__
    if cls is str:
        return _CODE_FACTS.get(name)
    if cls is int or cls is float:
        return None
    if isinstance(value, Enum):
        return _ENUM_WORDS.get(type(value))
    if isinstance(value, list) and value and isinstance(value[0], Enum):
        return _ENUM_WORDS.get(type(value[0]))
    return _CODE_FACTS.get(name)


def _code_words(value: Any, lang: str, where: tuple[str, str]) -> str:
    items = value if isinstance(value, list) else [value]
    return ", ".join(_code_word(lang, *where, str(_scalar(v))) for v in items) or "-"


def _word(value: Any, yes: str, no: str) -> str:
    if isinstance(value, list):
        return ", ".join(str(_scalar(v)) for v in value) or "-"
    if isinstance(value, bool):
        return yes if value else no
    return str(_scalar(value))


def fill_evidence(template: str, facts: Mapping[str, Any], lang: str = "en") -> str:
    """Replace each ``{fact}`` placeholder with the fact's value (lists joined, levels as words, yes/no).

    Plain substitution, not ``str.format``: no attribute or index lookups, and
    braces that do not name a fact stay as they are. The template is split
    into pieces once (:func:`template_pieces`), then only joined per subject.
    """
    return fill_evidence_texts(((template, lang),), facts)[0]


def fill_evidence_texts(templates: Sequence[tuple[str, str]], facts: Mapping[str, Any]) -> list[str]:
    """:func:`fill_evidence` of each (template, language): each fact's words worked out once for all languages."""
    words: dict[str, str] = {}  # a fact's text where it is the same in every language
    coded: dict[str, tuple[str, str] | None] = {}  # a fact's vocabulary where its value is a code
    out: list[str] = []
    for template, lang in templates:
        pieces, tail = template_pieces(template)
        if not pieces:
            out.append(template)
            continue
        yes, no = _code_word(lang, "labels", "yesno", "yes"), _code_word(lang, "labels", "yesno", "no")
        parts: list[str] = []
        for literal, name, raw, forms in pieces:
            parts.append(literal)
            if name is None or name not in facts:
                parts.append(raw)
                continue
            value = facts[name]
            if forms:  # the words that agree with the number
                parts.append(forms[min(_plural_index(lang, value), len(forms) - 1)] if value.__class__ is int else raw)
                continue
            if value.__class__ is bool:  # words that depend on the language: yes and no, and codes
                parts.append(yes if value else no)
                continue
            text = words.get(name)
            if text is None:
                where = coded.get(name, _UNSEEN)
                if where is _UNSEEN:
                    where = coded[name] = _vocabulary(name, value)
                if where is not None:
                    parts.append(_code_words(value, lang, where))
                    continue
                text = words[name] = _word(value, yes, no)
            parts.append(text)
        parts.append(tail)
        out.append("".join(parts))
    return out


#: one placeholder of a template: (text before it, fact name or None, the placeholder as written, plural forms)
Piece = tuple[str, str | None, str, tuple[str, ...]]


@functools.lru_cache(maxsize=8192)
def template_pieces(template: str) -> tuple[tuple[Piece, ...], str]:
    """``template`` as its placeholders (:data:`Piece`) and the text after the last one."""
    pieces: list[Piece] = []
    pos = 0
    for match in _PLACEHOLDER.finditer(template):
        name, *forms = match.group(1).split("|")
        known = _NAME.match(name) is not None
        pieces.append((template[pos : match.start()], name if known else None, match.group(0), tuple(forms)))
        pos = match.end()
    return tuple(pieces), template[pos:]
