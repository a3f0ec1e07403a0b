"""The threat catalogue: threats, controls, measures, weakness rules, frameworks and the risk matrix.

Strict pydantic v2 models (unknown fields are errors, closed sets are enums,
every text in English ``en`` and Montenegrin ``cnr``, optionally Albanian ``sq``). The data
lives in ``threat_catalog/data/*.yaml``; :func:`threat_catalog.loader.load_catalog`
reads it, applies an optional overlay directory and runs the cross-checks
(references between entries). Nothing here reads files or renders.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from asset_models.models import NeedLevel
from asset_models.vocabulary import Vocabulary, suggestion
from threat_catalog.rules import Rule, Text

__all__ = [
    "BSI_THREAT_ID",
    "CIA",
    "AnnexSection",
    "Catalog",
    "CisSafeguardDef",
    "Control",
    "ControlKind",
    "Effort",
    "EnisaCategory",
    "EntryKind",
    "EvidenceKind",
    "Frameworks",
    "IsoControlDef",
    "Lang",
    "LawArea",
    "LegalParameter",
    "Level",
    "LevelDef",
    "Measure",
    "Nis2Item",
    "Nis2ItemDef",
    "PolicyDef",
    "Requirement",
    "RiskMatrix",
    "Rule",
    "ScalePoint",
    "Standards",
    "Tactic",
    "Text",
    "Threat",
    "ThreatSource",
    "TimeUnit",
    "natural_key",
    "text_fields",
]


class CatalogModel(BaseModel):
    """Base of every catalogue model: unknown fields are errors, entries are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, populate_by_name=True)


# --------------------------------------------------------------------------- enums


class Lang(str, Enum):
    """The languages of every catalogue text."""

    en = "en"
    cnr = "cnr"


class EntryKind(str, Enum):
    """The kinds of catalogue entries that have ids (names as in ``catalog list --kind``)."""

    threats = "threats"
    controls = "controls"
    measures = "measures"
    rules = "rules"


class CIA(str, Enum):
    confidentiality = "confidentiality"
    integrity = "integrity"
    availability = "availability"


class ThreatSource(str, Enum):
    bsi = "bsi"  # BSI IT-Grundschutz elementary threats G 0.1 ... G 0.47
    municipal = "municipal"


class EnisaCategory(str, Enum):
    """ENISA Threat Landscape prime threats (ETL 2024), or none."""

    ransomware = "ransomware"
    malware = "malware"
    social_engineering = "social_engineering"
    data = "data"
    availability = "availability"
    information_manipulation = "information_manipulation"
    supply_chain = "supply_chain"
    physical = "physical"
    none = "none"


class Tactic(str, Enum):
    """MITRE ATT&CK Enterprise tactics (14 up to v18; v19 adds TA0112 Defense Impairment)."""

    reconnaissance = "TA0043"
    resource_development = "TA0042"
    initial_access = "TA0001"
    execution = "TA0002"
    persistence = "TA0003"
    privilege_escalation = "TA0004"
    defense_evasion = "TA0005"
    credential_access = "TA0006"
    discovery = "TA0007"
    lateral_movement = "TA0008"
    collection = "TA0009"
    command_and_control = "TA0011"
    exfiltration = "TA0010"
    impact = "TA0040"
    defense_impairment = "TA0112"


class Nis2Item(str, Enum):
    """The items (a)-(j) of NIS2 Art. 21(2)."""

    a = "a"
    b = "b"
    c = "c"
    d = "d"
    e = "e"
    f = "f"
    g = "g"
    h = "h"
    i = "i"
    j = "j"


class Effort(str, Enum):
    quick_win = "quick_win"
    project = "project"


class ControlKind(str, Enum):
    technical = "technical"
    organisational = "organisational"


class Level(str, Enum):
    """Risk levels of the matrix, in increasing order."""

    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"

    @property
    def rank(self) -> int:
        return _LEVEL_ORDER.index(self)


_LEVEL_ORDER = (Level.low, Level.medium, Level.high, Level.critical)
#: ``Level(x).rank`` by level id, for hot loops over many risks
LEVEL_RANK: dict[str, int] = {level.value: rank for rank, level in enumerate(_LEVEL_ORDER)}


class TimeUnit(str, Enum):
    hours = "hours"
    days = "days"
    months = "months"


# --------------------------------------------------------------------------- scalar types

T = TypeVar("T")


def _unique(values: tuple[T, ...]) -> tuple[T, ...]:
    seen: set[T] = set()
    for value in values:
        if value in seen:
            shown = value.value if isinstance(value, Enum) else value
            raise ValueError(f"'{shown}' is listed twice")
        seen.add(value)
    return values


CatalogId = Annotated[
    str,
    Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"),
]
LawAreaId = Annotated[str, Field(pattern=r"^LAW-[A-Z0-9][A-Z0-9\-]*$", max_length=60)]
IsoControl = Annotated[str, Field(pattern=r"^A\.[5-8]\.[1-9][0-9]?$", description="ISO/IEC 27001:2022 Annex A id")]
CisSafeguard = Annotated[str, Field(pattern=r"^[1-9][0-9]?\.[1-9][0-9]?$", description="CIS Controls v8 safeguard")]
PolicyNumber = Annotated[int, Field(ge=1, le=6, description="1..6: the policy document that requires it")]

#: ids of the 47 BSI elementary threats, G0.1 ... G0.47
BSI_THREAT_ID = re.compile(r"^G0\.([1-9]|[1-3][0-9]|4[0-7])$")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts G0.2 before G0.10."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text) if part)


# --------------------------------------------------------------------------- entries


class Threat(CatalogModel):
    """A threat: BSI elementary threat (G0.1 ... G0.47) or a municipal one (M.*)."""

    id: CatalogId
    source: ThreatSource
    title: Text
    description: Text
    cia: Annotated[tuple[CIA, ...], Field(min_length=1), AfterValidator(_unique)]
    attack_tactics: Annotated[tuple[Tactic, ...], AfterValidator(_unique)] = ()
    enisa: EnisaCategory

    @model_validator(mode="after")
    def _source_matches_id(self) -> Threat:
        is_bsi_id = bool(BSI_THREAT_ID.match(self.id))
        if self.source is ThreatSource.bsi and not is_bsi_id:
            raise ValueError(f"'{self.id}' is not a BSI elementary threat id (G0.1 ... G0.47); use source: municipal")
        if self.source is not ThreatSource.bsi and is_bsi_id:
            raise ValueError(f"'{self.id}' is a BSI elementary threat id; its source is bsi")
        return self


class Control(CatalogModel):
    """A technical or organisational control, mapped to the Law, NIS2, ISO 27001, CIS and a policy."""

    id: CatalogId
    title: Text
    description: Text
    law_areas: Annotated[tuple[LawAreaId, ...], AfterValidator(_unique)] = Field(
        default=(),
        description="Optional and checked only: the Law's areas of a control are a view over its NIS2 items "
        "(Catalog.law_areas_of); an area written here must share a NIS2 item with the control.",
    )
    nis2: Annotated[tuple[Nis2Item, ...], Field(min_length=1), AfterValidator(_unique)]
    iso27001: Annotated[tuple[IsoControl, ...], AfterValidator(_unique)] = ()
    iso_confirmed: bool = Field(default=False, description="True only when the Annex A mapping has been checked.")
    cis_ig1: Annotated[tuple[CisSafeguard, ...], AfterValidator(_unique)] = ()
    cis_confirmed: bool = Field(default=False, description="True only when the safeguard ids are confirmed.")
    policy: PolicyNumber
    effort: Effort
    effort_points: int = Field(ge=1, le=5)
    kind: ControlKind


class Measure(CatalogModel):
    """An organisational measure: a key an inventory answers with yes | partial | no."""

    id: CatalogId
    title: Text
    description: Text
    law_areas: Annotated[tuple[LawAreaId, ...], AfterValidator(_unique)] = Field(
        default=(), description="Optional and checked only, as for controls."
    )
    nis2: Annotated[tuple[Nis2Item, ...], Field(min_length=1), AfterValidator(_unique)]
    iso27001: Annotated[tuple[IsoControl, ...], AfterValidator(_unique)] = ()
    iso_confirmed: bool = False
    policy: PolicyNumber
    controls: Annotated[tuple[CatalogId, ...], AfterValidator(_unique)] = ()


#: a numbered requirement of the Annex of Implementing Regulation (EU) 2024/2690: '6.10.2', or '7.1' in sections 7 and 9
REQUIREMENT_ID = r"^(1[0-3]|[1-9])\.([1-9][0-9]?)(\.([1-9][0-9]?))?$"
RequirementId = Annotated[str, Field(pattern=REQUIREMENT_ID, description="2024/2690 Annex point, e.g. 6.10.2")]


class Requirement(CatalogModel):
    """A numbered requirement of the Annex of Implementing Regulation (EU) 2024/2690.

    The id and a short title in our own words (not the regulation's text), the
    catalogue controls and measures that meet it, or a reason why it does not
    apply to a municipality; the kinds of evidence an auditor asks for
    (paraphrased from ENISA's implementation guidance); and whether it belongs
    to the small-office tier (the essential subset for a town hall with one or
    two IT staff).
    """

    id: RequirementId
    title: Text
    controls: Annotated[tuple[CatalogId, ...], AfterValidator(_unique)] = ()
    measures: Annotated[tuple[CatalogId, ...], AfterValidator(_unique)] = ()
    evidence: Annotated[tuple[CatalogId, ...], Field(min_length=1), AfterValidator(_unique)] = Field(
        description="Kinds of evidence (ids of Standards.evidence_kinds)."
    )
    small_office: bool = Field(default=False, description="Essential for a town hall with one or two IT staff.")
    not_applicable: Text | None = Field(default=None, description="Why it does not apply to a municipality.")

    @field_validator("id", mode="before")
    @classmethod
    def _quoted_id(cls, value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise ValueError(f'write the id in quotes, e.g. "{value}" (unquoted, 6.10 would read as the number 6.1)')
        return value

    @model_validator(mode="after")
    def _mapped_or_reasoned(self) -> Requirement:
        if self.not_applicable is not None and (self.controls or self.measures):
            raise ValueError(
                "a requirement marked not_applicable lists no controls or measures (remove one or the other)"
            )
        if self.not_applicable is not None and self.small_office:
            raise ValueError("a requirement marked not_applicable cannot be in the small-office tier")
        return self

    @property
    def section(self) -> int:
        return int(self.id.split(".", 1)[0])

    @property
    def mapped(self) -> bool:
        return bool(self.controls or self.measures)


# --------------------------------------------------------------------------- frameworks


class Nis2ItemDef(CatalogModel):
    id: Nis2Item
    title: Text


class LawArea(CatalogModel):
    """A measure area of the 2024 Law on Information Security (modelled on NIS2 Art. 21(2))."""

    id: LawAreaId
    title: Text
    nis2: Annotated[tuple[Nis2Item, ...], Field(min_length=1), AfterValidator(_unique)]
    article: str | None = Field(default=None, description="Article of the Law, only when known.")
    article_confirmed: bool = False
    note: Text | None = None

    @model_validator(mode="after")
    def _confirmation(self) -> LawArea:
        if self.article_confirmed and not self.article:
            raise ValueError("article_confirmed is true but no article is given")
        if not self.article_confirmed and self.note is None:
            raise ValueError("an unconfirmed article needs a note (en and cnr) that says so")
        return self


class PolicyDef(CatalogModel):
    id: PolicyNumber
    title: Text


class LegalParameter(CatalogModel):
    """A configurable legal value, e.g. an incident reporting deadline."""

    id: CatalogId
    title: Text
    value: int = Field(gt=0)
    unit: TimeUnit
    source: str = Field(min_length=1, description="Where the value comes from, e.g. 'NIS2 Art. 23(4)(a)'.")
    confirmed: bool = False
    note: Text | None = None

    @model_validator(mode="after")
    def _confirmation(self) -> LegalParameter:
        if not self.confirmed and self.note is None:
            raise ValueError("an unconfirmed value needs a note (en and cnr) that says so")
        return self


def _ids_unique(items: Sequence[Any], what: str) -> None:
    seen: set[Any] = set()
    for item in items:
        if item.id in seen:
            shown = item.id.value if isinstance(item.id, Enum) else item.id
            raise ValueError(f"{what} '{shown}' is defined twice")
        seen.add(item.id)


class Frameworks(CatalogModel):
    """The catalogue's version, NIS2 items, the Law's measure areas, the six policies and legal parameters."""

    version: str = Field(
        default="0",
        min_length=1,
        max_length=40,
        pattern=r"^[0-9A-Za-z][0-9A-Za-z.\-]*$",
        description="Version of the catalogue data (recorded in analysis.json), e.g. 2026.12.1.",
    )
    nis2_items: tuple[Nis2ItemDef, ...]
    law_areas: tuple[LawArea, ...] = Field(min_length=1)
    policies: tuple[PolicyDef, ...]
    legal_parameters: tuple[LegalParameter, ...] = ()

    @field_validator("nis2_items")
    @classmethod
    def _all_nis2_items(cls, items: tuple[Nis2ItemDef, ...]) -> tuple[Nis2ItemDef, ...]:
        _ids_unique(items, "NIS2 item")
        missing = [n.value for n in Nis2Item if n not in {i.id for i in items}]
        if missing:
            raise ValueError(f"NIS2 items missing: {', '.join(missing)} (all of a..j need a title)")
        return items

    @field_validator("policies")
    @classmethod
    def _all_policies(cls, items: tuple[PolicyDef, ...]) -> tuple[PolicyDef, ...]:
        _ids_unique(items, "policy")
        missing = [str(n) for n in range(1, 7) if n not in {p.id for p in items}]
        if missing:
            raise ValueError(f"policies missing: {', '.join(missing)} (all of 1..6 need a title)")
        return items

    @field_validator("law_areas")
    @classmethod
    def _law_areas_unique(cls, items: tuple[LawArea, ...]) -> tuple[LawArea, ...]:
        _ids_unique(items, "law area")
        return items

    @field_validator("legal_parameters")
    @classmethod
    def _parameters_unique(cls, items: tuple[LegalParameter, ...]) -> tuple[LegalParameter, ...]:
        _ids_unique(items, "legal parameter")
        return items

    def law_area(self, area_id: str) -> LawArea:
        for area in self.law_areas:
            if area.id == area_id:
                return area
        raise KeyError(area_id)

    def nis2_item(self, item: Nis2Item | str) -> Nis2ItemDef:
        key = Nis2Item(item)
        return next(i for i in self.nis2_items if i.id is key)

    def policy(self, number: int) -> PolicyDef:
        for policy in self.policies:
            if policy.id == number:
                return policy
        raise KeyError(number)

    def legal_parameter(self, parameter_id: str) -> LegalParameter:
        for parameter in self.legal_parameters:
            if parameter.id == parameter_id:
                return parameter
        raise KeyError(parameter_id)


# --------------------------------------------------------------------------- standards


class EvidenceKind(CatalogModel):
    """A kind of evidence an auditor asks for (paraphrased from ENISA's guidance)."""

    id: CatalogId
    title: Text


class AnnexSection(CatalogModel):
    """One of the 13 sections of the 2024/2690 Annex, with the NIS2 Art. 21(2) items it details."""

    id: int = Field(ge=1, le=13)
    title: Text
    nis2: Annotated[tuple[Nis2Item, ...], Field(min_length=1), AfterValidator(_unique)]


class IsoControlDef(CatalogModel):
    """An ISO/IEC 27001:2022 Annex A control: id, a short title in our words, or why it does not apply.

    Whether it is mapped comes from the catalogue's controls and measures (their ``iso27001`` lists).
    """

    id: IsoControl
    title: Text
    not_applicable: Text | None = None


class CisSafeguardDef(CatalogModel):
    """A CIS Controls v8 Implementation Group 1 safeguard (titles from memory: not confirmed)."""

    id: CisSafeguard
    title: Text
    not_applicable: Text | None = None


class Standards(CatalogModel):
    """The requirement lists the catalogue is measured against (``lsgrisk catalog coverage``)."""

    eu2690_sections: tuple[AnnexSection, ...] = ()
    evidence_kinds: tuple[EvidenceKind, ...] = ()
    iso27001: tuple[IsoControlDef, ...] = ()
    cis_ig1: tuple[CisSafeguardDef, ...] = ()

    @field_validator("eu2690_sections", "evidence_kinds", "iso27001", "cis_ig1")
    @classmethod
    def _unique_ids(cls, items: tuple[Any, ...]) -> tuple[Any, ...]:
        _ids_unique(items, "entry")
        return items

    def section(self, number: int) -> AnnexSection:
        for section in self.eu2690_sections:
            if section.id == number:
                return section
        raise KeyError(number)

    def evidence_kind(self, kind_id: str) -> EvidenceKind:
        for kind in self.evidence_kinds:
            if kind.id == kind_id:
                return kind
        raise KeyError(kind_id)


# --------------------------------------------------------------------------- risk matrix


class ScalePoint(CatalogModel):
    value: int = Field(ge=1, le=5)
    label: Text
    description: Text


class LevelDef(CatalogModel):
    id: Level
    label: Text
    colour: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$", description="Hex colour, e.g. #C62828")


MATRIX_SIZE = 5


def _scale(points: tuple[ScalePoint, ...]) -> tuple[ScalePoint, ...]:
    values = [p.value for p in points]
    if values != list(range(1, MATRIX_SIZE + 1)):
        raise ValueError(f"the scale must list the values 1..{MATRIX_SIZE} once each, in order (got {values})")
    return points


class RiskMatrix(CatalogModel):
    """The 5x5 likelihood x impact matrix; ``grid[l-1][i-1]`` is the level of (l, i)."""

    likelihood: Annotated[tuple[ScalePoint, ...], AfterValidator(_scale)]
    impact: Annotated[tuple[ScalePoint, ...], AfterValidator(_scale)]
    levels: tuple[LevelDef, ...]
    grid: tuple[tuple[Level, ...], ...]
    need_impact: dict[NeedLevel, int]

    @field_validator("levels")
    @classmethod
    def _all_levels(cls, levels: tuple[LevelDef, ...]) -> tuple[LevelDef, ...]:
        ids = [d.id for d in levels]
        if sorted(ids, key=lambda lv: lv.rank) != list(_LEVEL_ORDER) or len(ids) != len(_LEVEL_ORDER):
            raise ValueError("levels must define low, medium, high and critical, once each")
        return levels

    @field_validator("grid")
    @classmethod
    def _grid_shape(cls, grid: tuple[tuple[Level, ...], ...]) -> tuple[tuple[Level, ...], ...]:
        if len(grid) != MATRIX_SIZE or any(len(row) != MATRIX_SIZE for row in grid):
            shape = "x".join(str(n) for n in (len(grid), *sorted({len(r) for r in grid})))
            raise ValueError(f"the grid must have {MATRIX_SIZE} rows of {MATRIX_SIZE} levels (got {shape})")
        for row in range(MATRIX_SIZE):
            for col in range(MATRIX_SIZE):
                here = grid[row][col].rank
                if col and here < grid[row][col - 1].rank:
                    raise ValueError(
                        f"row {row + 1} (likelihood {row + 1}): the level drops from impact {col} to {col + 1}; "
                        "levels may not decrease as impact grows"
                    )
                if row and here < grid[row - 1][col].rank:
                    raise ValueError(
                        f"column {col + 1} (impact {col + 1}): the level drops from likelihood {row} to {row + 1}; "
                        "levels may not decrease as likelihood grows"
                    )
        return grid

    @field_validator("need_impact")
    @classmethod
    def _need_impact(cls, mapping: dict[NeedLevel, int]) -> dict[NeedLevel, int]:
        missing = [n.value for n in NeedLevel if n not in mapping]
        if missing:
            raise ValueError(f"need_impact misses: {', '.join(missing)}")
        for need, value in mapping.items():
            if not 1 <= value <= MATRIX_SIZE:
                raise ValueError(f"need_impact.{need.value}: {value} is not an impact 1..{MATRIX_SIZE}")
        ordered = [mapping[n] for n in sorted(NeedLevel, key=lambda n: n.rank)]
        if ordered != sorted(ordered):
            raise ValueError("need_impact must not decrease from normal to high to very_high")
        return mapping

    def level(self, likelihood: int, impact: int) -> Level:
        """The risk level of a likelihood and an impact, each 1..5."""
        for name, value in (("likelihood", likelihood), ("impact", impact)):
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MATRIX_SIZE:
                raise ValueError(f"{name} must be an integer 1..{MATRIX_SIZE} (got {value!r})")
        return self.grid[likelihood - 1][impact - 1]

    def level_def(self, level: Level) -> LevelDef:
        return next(d for d in self.levels if d.id is level)

    def impact_of(self, need: NeedLevel) -> int:
        """The impact value of a protection need (normal, high, very_high)."""
        return self.need_impact[need]


# --------------------------------------------------------------------------- catalogue

Entry = Threat | Control | Measure | Rule
E = TypeVar("E", Threat, Control, Measure, Rule)


def _find(index: dict[str, E], entry_id: str, what: str) -> E:
    try:
        return index[entry_id]
    except KeyError:
        hint = suggestion(entry_id, index)
        raise KeyError(f"no {what} '{entry_id}' in the catalogue" + (f"; {hint}" if hint else "")) from None


class Catalog(CatalogModel):
    """The whole catalogue, validated and cross-checked (build it with ``load_catalog``)."""

    threats: tuple[Threat, ...]
    controls: tuple[Control, ...]
    measures: tuple[Measure, ...]
    rules: tuple[Rule, ...]
    frameworks: Frameworks
    matrix: RiskMatrix
    requirements: tuple[Requirement, ...] = ()
    standards: Standards = Standards()

    _threats: dict[str, Threat] = PrivateAttr(default_factory=dict)
    _controls: dict[str, Control] = PrivateAttr(default_factory=dict)
    _measures: dict[str, Measure] = PrivateAttr(default_factory=dict)
    _rules: dict[str, Rule] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        self._threats = {t.id: t for t in self.threats}
        self._controls = {c.id: c for c in self.controls}
        self._measures = {m.id: m for m in self.measures}
        self._rules = {r.id: r for r in self.rules}

    # lookups (KeyError with a 'did you mean' when the id is unknown)
    def threat(self, threat_id: str) -> Threat:
        return _find(self._threats, threat_id, "threat")

    def control(self, control_id: str) -> Control:
        return _find(self._controls, control_id, "control")

    def measure(self, measure_id: str) -> Measure:
        return _find(self._measures, measure_id, "measure")

    def rule(self, rule_id: str) -> Rule:
        return _find(self._rules, rule_id, "rule")

    def has(self, kind: EntryKind, entry_id: str) -> bool:
        return entry_id in self._index(kind)

    def ids(self, kind: EntryKind) -> list[str]:
        """The ids of one kind, in catalogue order."""
        return list(self._index(kind))

    def all_ids(self) -> list[str]:
        return [i for kind in EntryKind for i in self._index(kind)]

    def entries(self, kind: EntryKind) -> Sequence[Entry]:
        if kind is EntryKind.threats:
            return self.threats
        if kind is EntryKind.controls:
            return self.controls
        if kind is EntryKind.measures:
            return self.measures
        return self.rules

    def lookup(self, entry_id: str) -> list[tuple[EntryKind, Entry]]:
        """Every entry with this id, of any kind (ids are unique within a kind)."""
        found: list[tuple[EntryKind, Entry]] = []
        for kind in EntryKind:
            entry = self._index(kind).get(entry_id)
            if entry is not None:
                found.append((kind, entry))
        return found

    def _index(self, kind: EntryKind) -> dict[str, Any]:
        indexes: dict[EntryKind, dict[str, Any]] = {
            EntryKind.threats: self._threats,
            EntryKind.controls: self._controls,
            EntryKind.measures: self._measures,
            EntryKind.rules: self._rules,
        }
        return indexes[kind]

    # mappings
    def controls_for_nis2(self, item: Nis2Item | str) -> list[Control]:
        key = Nis2Item(item)
        return [c for c in self.controls if key in c.nis2]

    def measures_for_nis2(self, item: Nis2Item | str) -> list[Measure]:
        key = Nis2Item(item)
        return [m for m in self.measures if key in m.nis2]

    def rules_for_nis2(self, item: Nis2Item | str) -> list[Rule]:
        """Rules whose remediation controls map to the NIS2 item."""
        key = Nis2Item(item)
        return [r for r in self.rules if any(key in self._controls[c].nis2 for c in r.controls if c in self._controls)]

    # The Law's measure areas are a view over NIS2: an area covers the controls and measures of its NIS2 items.
    def controls_for_law_area(self, area_id: str) -> list[Control]:
        items = set(self.frameworks.law_area(area_id).nis2)
        return [c for c in self.controls if items.intersection(c.nis2)]

    def measures_for_law_area(self, area_id: str) -> list[Measure]:
        items = set(self.frameworks.law_area(area_id).nis2)
        return [m for m in self.measures if items.intersection(m.nis2)]

    def law_areas_of(self, entry: Control | Measure) -> list[LawArea]:
        """The Law's areas a control or measure falls in (those sharing a NIS2 item with it)."""
        return [a for a in self.frameworks.law_areas if set(a.nis2).intersection(entry.nis2)]

    # 2024/2690 Annex
    def requirements_in(self, section: int) -> list[Requirement]:
        return [r for r in self.requirements if r.section == section]

    def requirements_for_control(self, control_id: str) -> list[Requirement]:
        return [r for r in self.requirements if control_id in r.controls]

    def requirements_for_measure(self, measure_id: str) -> list[Requirement]:
        return [r for r in self.requirements if measure_id in r.measures]

    def requirement_nis2(self, requirement: Requirement) -> tuple[Nis2Item, ...]:
        """The NIS2 items a requirement details (those of its section)."""
        try:
            return self.standards.section(requirement.section).nis2
        except KeyError:
            return ()

    def controls_for_policy(self, number: int) -> list[Control]:
        return [c for c in self.controls if c.policy == number]

    def rules_for_threat(self, threat_id: str) -> list[Rule]:
        return [r for r in self.rules if threat_id in r.threats]

    def rules_for_control(self, control_id: str) -> list[Rule]:
        return [r for r in self.rules if control_id in r.controls]

    def threats_of(self, rule: Rule) -> list[Threat]:
        return [self._threats[t] for t in rule.threats if t in self._threats]

    def controls_of(self, ids: Iterable[str]) -> list[Control]:
        return [self._controls[c] for c in ids if c in self._controls]

    def vocabulary(self) -> Vocabulary:
        """The control ids and measure keys an inventory may name with this catalogue."""
        return Vocabulary(control_ids=frozenset(self._controls), measure_keys=frozenset(self._measures))


def text_fields(model: BaseModel) -> Iterator[tuple[str, Text]]:
    """Every bilingual text inside a catalogue entry, with its field path (for checks and linting)."""
    yield from _texts(model, "")


def _texts(value: Any, prefix: str) -> Iterator[tuple[str, Text]]:
    if isinstance(value, Text):
        yield prefix, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), f"{prefix}.{name}" if prefix else name)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _texts(item, f"{prefix}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{prefix}.{key}")


# --------------------------------------------------------------------------- actions (actions.yaml)


class CostClass(CatalogModel):
    """A cost class of actions: one-off and yearly EUR ranges (editable catalogue data)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: Text
    one_off_eur: tuple[int, int]
    yearly_eur: tuple[int, int]

    @model_validator(mode="after")
    def _ranges(self) -> CostClass:
        for name in ("one_off_eur", "yearly_eur"):
            low, high = getattr(self, name)
            if not 0 <= low <= high:
                raise ValueError(f"{name} must be [low, high] with 0 <= low <= high")
        return self


class ActionTemplate(CatalogModel):
    """The action text of a root cause: placeholders {subjects}, {count}, {ports}, {controls}, {supplier}, {method}."""

    rule: str | None = None
    cost: str
    text: Text


class ActionCatalog(CatalogModel):
    """``actions.yaml``: cost classes and one action template per rule (with a default and a supplier cause)."""

    cost_classes: tuple[CostClass, ...]
    supplier_cause: ActionTemplate
    default: ActionTemplate
    actions: tuple[ActionTemplate, ...] = ()

    @model_validator(mode="after")
    def _refs(self) -> ActionCatalog:
        ids = {c.id for c in self.cost_classes}
        for template in (self.supplier_cause, self.default, *self.actions):
            if template.cost not in ids:
                raise ValueError(f"cost class '{template.cost}' is not defined (defined: {', '.join(sorted(ids))})")
        return self

    def for_rule(self, rule_id: str) -> ActionTemplate:
        return next((a for a in self.actions if a.rule == rule_id), self.default)

    def cost_class(self, ident: str) -> CostClass:
        return next(c for c in self.cost_classes if c.id == ident)
