"""Weakness rules: data with a declarative condition, evaluated by :mod:`threat_catalog.engine`.

A rule names a *subject* (asset, data, service, zone, supplier, flow, link,
municipality), a condition ``when`` over the typed facts of that subject
(:mod:`threat_catalog.facts`), the threats it makes possible, a base
likelihood (1..5), the remediation controls, an evidence template and notes on
false positives. Texts are in English ``en`` and Montenegrin ``cnr``, optionally Albanian ``sq``.

The condition language (YAML)::

    when:
      all:                                   # every part must hold
        - {fact: os_eol, is: true}
        - any:                               # at least one part must hold
            - {fact: internet_ports, contains_any: [3389, 445, 23]}
            - {fact: exposure, at_least: high}
        - not: {fact: controls, contains: backup.offline}

Leaf operators (exactly one per leaf):

=============== ========================================== =====================
operator        holds when                                  fact types
=============== ========================================== =====================
``is``          the fact equals the value                   bool, number, text, level
``is_not``      the fact differs from the value             bool, number, text, level
``in``          the fact is one of the values               number, text, level
``at_least``    the fact is >= the value                    number, ordered level
``at_most``     the fact is <= the value                    number, ordered level
``contains``    the list fact holds the value               list
``contains_any`` the list fact holds one of the values      list
``lacks``       the list fact does not hold the value       list
``lacks_all``   the list fact holds none of the values      list
``empty``       the list is empty (true) / not empty (false) list
=============== ========================================== =====================

Nothing here is evaluated with ``eval``; the engine interprets this tree.
Fact names and value types are checked against the fact models when the
catalogue loads (:func:`threat_catalog.engine.check_rule`).
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    SerializerFunctionWrapHandler,
    Tag,
    model_serializer,
    model_validator,
)

RULE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Text(_Strict):
    """A text in English and Montenegrin (ijekavian, Latin script) and, optionally, Albanian (``sq``).

    ``sq`` may be missing (an overlay catalogue need not give it): it then
    holds the English text, so ``get("sq")`` and ``text.sq`` fall back to
    English. The serialised form leaves ``sq`` out when it equals ``en``, so
    results of catalogues without Albanian stay byte-identical to before.
    """

    en: str = Field(min_length=1)
    cnr: str = Field(min_length=1)
    sq: str = Field(default="", description="Albanian; the English text when the catalogue gives none.")

    @model_validator(mode="before")
    @classmethod
    def _sq_defaults_to_en(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("sq") is None and "en" in data:
            return {**data, "sq": data["en"]}
        return data

    @model_validator(mode="after")
    def _sq_not_blank(self) -> Text:
        if not self.sq.strip():
            raise ValueError("sq: the Albanian text is empty; give a text or leave sq out")
        return self

    @property
    def has_sq(self) -> bool:
        """Whether an Albanian text is given (not the English fallback)."""
        return self.sq != self.en

    def get(self, lang: str) -> str:
        if lang == "cnr":
            return self.cnr
        if lang == "sq":
            return self.sq or self.en
        return self.en

    @model_serializer(mode="wrap")
    def _omit_fallback_sq(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if data.get("sq") in (None, "", data.get("en")):
            data.pop("sq", None)
        return data


class Subject(str, Enum):
    """What a rule looks at; each subject has its own fact model."""

    asset = "asset"
    data = "data"
    service = "service"
    zone = "zone"
    supplier = "supplier"
    flow = "flow"
    link = "link"
    municipality = "municipality"


Scalar = bool | int | float | str
Value = Scalar | list[Scalar]

#: the leaf operators and whether they take a list of values
LEAF_OPERATORS: dict[str, bool] = {
    "is": False,
    "is_not": False,
    "in": True,
    "at_least": False,
    "at_most": False,
    "contains": False,
    "contains_any": True,
    "lacks": False,
    "lacks_all": True,
    "empty": False,
}


class Leaf(_Strict):
    """A comparison of one fact with a value: ``{fact: NAME, OPERATOR: VALUE}``."""

    fact: str = Field(min_length=1)
    is_: Scalar | None = Field(default=None, alias="is")
    is_not: Scalar | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in", min_length=1)
    at_least: int | float | str | None = None
    at_most: int | float | str | None = None
    contains: Scalar | None = None
    contains_any: list[Scalar] | None = Field(default=None, min_length=1)
    lacks: Scalar | None = None
    lacks_all: list[Scalar] | None = Field(default=None, min_length=1)
    empty: bool | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> Leaf:
        if len(self.operators()) != 1:
            names = ", ".join(LEAF_OPERATORS)
            raise ValueError(f"a condition on fact '{self.fact}' needs exactly one operator of: {names}")
        return self

    def operators(self) -> list[tuple[str, Any]]:
        """The operators set on this leaf (their user-facing names) with their values."""
        found = []
        for name in LEAF_OPERATORS:
            attr = {"is": "is_", "in": "in_"}.get(name, name)
            value = getattr(self, attr)
            if value is not None:
                found.append((name, value))
        return found

    @property
    def operator(self) -> str:
        return self.operators()[0][0]

    @property
    def value(self) -> Any:
        return self.operators()[0][1]


class AllOf(_Strict):
    all: list[Condition] = Field(min_length=1)


class AnyOf(_Strict):
    any: list[Condition] = Field(min_length=1)


class NotOf(_Strict):
    not_: Condition = Field(alias="not")


def _condition_kind(value: Any) -> str | None:
    """Which kind of condition a mapping is, from its keys (gives one clear error per mistake)."""
    if isinstance(value, AllOf):
        return "all"
    if isinstance(value, AnyOf):
        return "any"
    if isinstance(value, NotOf):
        return "not"
    if isinstance(value, Leaf):
        return "fact"
    if not isinstance(value, dict):
        return None
    for key in ("all", "any", "not"):
        if key in value:
            return key
    return "fact"


Condition = Annotated[
    Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[NotOf, Tag("not")]
    | Annotated[Leaf, Tag("fact")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition",
        custom_error_message="a condition is a mapping with 'all', 'any', 'not' or 'fact'",
    ),
]

AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()


class Rule(_Strict):
    """A weakness rule of the catalogue (rules.yaml or an overlay)."""

    id: str = Field(min_length=1, max_length=80, pattern=RULE_ID_PATTERN)
    subject: Subject
    title: Text
    description: Text
    when: Condition
    threats: list[str] = Field(min_length=1)
    likelihood: int = Field(ge=1, le=5, description="Base likelihood before the exposure factor.")
    controls: list[str] = Field(min_length=1, description="Remediation controls (catalogue control ids).")
    evidence: Text = Field(description="Template with {fact} placeholders, filled from the subject's facts.")
    false_positives: Text
    exposure_factor: bool = Field(
        default=True,
        description="Adjust the likelihood by the subject's exposure; off for rules that already test exposure.",
    )
    likelihood_from: Literal["base", "cvss"] = Field(
        default="base", description="'cvss': likelihood from the max_cvss fact (scan findings)."
    )
