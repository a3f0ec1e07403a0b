"""The result of an analysis: the documented, versioned schema of ``analysis.json``.

The report and the six policies are built from this model only. It is
versioned by :data:`SCHEMA_VERSION`: fields may be added in a compatible
way; renaming or removing a field raises the version.

Schema 2 (language-neutral): attack-path hops carry a step ``kind`` with
``args`` and the ``reason`` for their cost instead of sentences (``via`` and
``text`` are gone); paths and asset rows lose ``entry_text``; graph nodes lose
``text``; likelihood factors carry ``args`` instead of ``text``;
``attack_paths`` holds the cheapest path from EACH entry point to every
high-need data asset, the suppliers with remote access counting as one entry
point (``supplier`` names the supplier the cheapest supplier path runs
through), plus each supplier's own paths to the high-need data on the
systems its access reaches or that run on them (at most 25 per supplier; until 2026-12 there was a path
from every supplier to every data asset, which grew with the square of the
inventory);
``municipality.security_officer_status`` is a code. Texts are rendered at
output time from the ``analysis`` gettext catalogue
(:mod:`risk_analyzer.pathtext`).

Conventions
-----------
* Node references are typed: ``zone:lan``, ``asset:srv-db01``, ``data:reg-property``,
  ``service:svc-property-tax``, ``supplier:vendor-laris``, ``entry:internet``.
* Levels of protection need: ``normal``, ``high``, ``very_high``.
* Exposure: ``none``, ``low``, ``medium``, ``high``, ``very_high``.
* Risk levels are the matrix's level ids (bundled: ``low``, ``medium``, ``high``, ``critical``).
* Risk ids are ``RULE@SUBJECT`` (e.g. ``net.rdp_internet@srv-rdp01``) and stay stable between runs.
* Every list is sorted (risks by descending score, then id; everything else by id), so that
  the same input and ``as_of`` give byte-identical JSON.
* Texts taken from the catalogue (rule titles, descriptions, evidence, control titles) are
  objects ``{"en": ..., "cnr": ...}``; everything the analysis itself says is a code with
  parameters, rendered at output time.
"""

from __future__ import annotations

import datetime as dt
import functools
from enum import Enum
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic.fields import FieldInfo

from threat_catalog.rules import Text

SCHEMA_VERSION = "2"

#: One shared "fields set" for the many objects the analyzer builds with ``model_construct``
#: (``X.model_construct(CONSTRUCTED, ...)``). Pydantic only consults it for ``exclude_unset``,
#: which no output uses; sharing it saves three allocations per object on 100k-asset inventories.
CONSTRUCTED: set[str] = set()

_M = TypeVar("_M", bound=BaseModel)
_set = object.__setattr__


@functools.cache
def _layout(cls: type[BaseModel]) -> tuple[tuple[str, ...], dict[str, FieldInfo]]:
    """Field names in declaration order, and the fields that have a default."""
    if cls.__pydantic_post_init__ or cls.__pydantic_root_model__:
        raise TypeError(f"{cls.__name__} cannot be built by construct()")  # pragma: no cover - no such model here
    fields = cls.__pydantic_fields__
    return tuple(fields), {name: f for name, f in fields.items() if not f.is_required()}


def construct(cls: type[_M], /, **values: Any) -> _M:
    """``cls.model_construct(CONSTRUCTED, **values)`` for trusted values given by field name, at a third of the cost.

    The object is the same: its fields in declaration order (the order of the
    serialised JSON), missing ones from their defaults, names that are not
    fields ignored, the shared fields set.
    """
    names, optional = _layout(cls)
    m = cls.__new__(cls)
    if len(values) != len(names) or tuple(values) != names:  # not every field in declaration order: reorder
        values = {n: values[n] if n in values else optional[n].get_default(call_default_factory=True) for n in names}
    _set(m, "__dict__", values)
    _set(m, "__pydantic_fields_set__", CONSTRUCTED)
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class TrackingStatus(str, Enum):
    open = "open"
    in_progress = "in_progress"
    accepted = "accepted"
    mitigated = "mitigated"
    false_positive = "false_positive"


#: statuses under which a risk still needs treatment
ACTIVE_STATUSES = frozenset({TrackingStatus.open, TrackingStatus.in_progress})


class ComplianceState(str, Enum):
    implemented = "implemented"
    partial = "partial"
    missing = "missing"
    #: 2024/2690 requirements only: marked not applicable to a municipality in the catalogue
    not_applicable = "not_applicable"
    #: 2024/2690 requirements only: the inventory holds no evidence either way (answer by self-assessment)
    not_assessed = "not_assessed"


class EffortClass(str, Enum):
    quick_win = "quick_win"
    project = "project"


# --------------------------------------------------------------------------- header


class MunicipalityInfo(_Model):
    name: str
    code: str
    country: str
    entity_class: str = Field(description="key | important | other | unknown (under the Law).")
    employees: int | None = None
    it_staff: int | None = None
    security_officer: str | None = Field(default=None, description="Name of the security officer, if named.")
    security_officer_status: Literal["named", "appointed_unnamed", "not_appointed"] = Field(
        default="not_appointed",
        description="named: a name is recorded; appointed_unnamed: the measure security_officer_appointed is yes "
        "(or partial) but no name is recorded; not_appointed: neither.",
    )
    security_officer_email: str | None = None
    head: str | None = Field(default=None, description="Title and name of the head of the municipality.")
    units: list[str] = Field(default_factory=list)


class CatalogInfo(_Model):
    version: str = Field(description="Version of the catalogue data (frameworks.yaml 'version').")
    digest: str = Field(description="sha256 over the catalogue content used (bundled plus overlay).")
    overlay: bool = Field(default=False, description="An overlay (--catalog DIR) was applied.")
    threats: int = 0
    controls: int = 0
    rules: int = 0


class InventoryCounts(_Model):
    zones: int = 0
    zone_flows: int = 0
    assets: int = 0
    devices: int = Field(default=0, description="Assets counted with their quantity.")
    data: int = 0
    services: int = 0
    links: int = 0
    suppliers: int = 0


class ScanInfo(_Model):
    """The scan used by ``analyze --scans`` (the newest complete one in the store)."""

    scan_id: int
    finished: str | None = Field(default=None, description="ISO time nmap finished, if known.")
    hosts: int = 0
    matched_assets: list[str] = Field(default_factory=list, description="Asset ids the scan saw.")
    unknown_hosts: list[str] = Field(default_factory=list, description="Addresses not in the inventory.")
    not_seen: list[str] = Field(default_factory=list, description="Assets in scope the scan did not see.")


# --------------------------------------------------------------------------- needs, paths


class NeedValue(_Model):
    """One protection need with the chain it came from (maximum principle)."""

    level: str = Field(description="normal | high | very_high")
    origin: list[str] = Field(
        default_factory=list,
        description="Where the value came from, source first: e.g. ['service:svc-tax', 'data:reg-property'] "
        "for a need the asset inherited; empty when the value is the subject's own or the default.",
    )
    own: bool = Field(default=False, description="The value is stated on the subject itself.")


class NeedSet(_Model):
    confidentiality: NeedValue
    integrity: NeedValue
    availability: NeedValue


ArgValue = str | int | float | bool


class PathHop(_Model):
    node: str = Field(description="Typed node reference: entry:internet, zone:lan, asset:srv-db01, data:reg-x.")
    label: str = Field(description="The node's name as the inventory writes it (entry points: a neutral code name).")
    kind: str = Field(
        description="How the attacker got here: entry | internet | guest_wifi | phishing | supplier | flow | lateral "
        "| link | stored_on | processed_on | backup_on (risk_analyzer.pathtext documents each kind's args)."
    )
    args: dict[str, ArgValue] = Field(
        default_factory=dict,
        description="The step's parameters: zones, ports, supplier, method, mfa; where the hop lands on an asset "
        "also asset_name, protocol, port, service, product, version, os, eos, days_past_eos, cvss.",
    )
    reason: str = Field(default="", description="Why the hop costs ``weight``: a cost-reason code.")
    weight: int = Field(default=0, description="The hop's own cost.")
    cost: int = Field(default=0, description="Cumulative path cost at this hop.")


class AttackPath(_Model):
    target: str = Field(description="Typed node reference of the target.")
    target_name: str = ""
    entry_point: str = Field(description="internet | guest_wifi | phishing | supplier")
    supplier: str | None = Field(default=None, description="Supplier id of a supplier's path.")
    via_asset: str | None = Field(default=None, description="The asset on which the data is read.")
    cost: int
    exposure: str
    hops: list[PathHop]


# --------------------------------------------------------------------------- rows


class AssetRow(_Model):
    id: str
    name: str
    kind: str
    zone: str
    zone_kind: str
    quantity: int = 1
    managed: bool = Field(default=True, description="False for hosts a scan saw that the inventory lacks.")
    ips: list[str] = Field(default_factory=list)
    owner: str | None = None
    os: str | None = None
    end_of_support: dt.date | None = None
    eol: bool = False
    days_past_eos: int = 0
    own_needs: dict[str, str] | None = Field(default=None, description="Needs stated on the asset, if any.")
    needs: NeedSet
    exposure: str = "none"
    entry_point: str | None = None
    path_cost: int | None = None
    path: list[PathHop] = Field(default_factory=list, description="Cheapest path from an entry point, hop by hop.")
    internet_ports: list[int] = Field(default_factory=list)
    ports: list[int] = Field(default_factory=list)
    observed_ports: list[int] = Field(default_factory=list, description="Ports seen by the scan.")
    declared_not_observed: list[int] = Field(default_factory=list)
    blast_radius: int = 0
    articulation_point: bool = Field(default=False, description="Single point of failure in the dependency graph.")
    controls: list[str] = Field(default_factory=list)
    planned_controls: list[str] = Field(default_factory=list)
    missing_mfa: bool = Field(default=False, description="Remotely reachable or supplier-accessed without mfa.")
    missing_backup: bool = Field(default=False, description="Stores data but no backup control or copy.")
    missing_offline_backup: bool = Field(default=False, description="Stores data but no offline/offsite backup.")
    supplier_access: list[str] = Field(default_factory=list, description="Supplier ids with remote access.")
    data: list[str] = Field(default_factory=list, description="Data assets stored here.")
    risk_level: str | None = Field(default=None, description="Highest inherent risk level on this asset.")
    risk_ids: list[str] = Field(default_factory=list)


class ExchangeRow(_Model):
    with_: str = Field(alias="with", serialization_alias="with")
    via: str
    direction: str
    legal_basis: str | None = None
    outside_gsb: bool = False

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class DataRow(_Model):
    id: str
    name: str
    kind: str
    classification: str
    personal_data: bool
    special_categories: bool
    legal_basis: str | None = None
    owner: str | None = None
    records: int | None = None
    needs: NeedSet
    stored_on: list[str] = Field(default_factory=list)
    backup_on: list[str] = Field(default_factory=list)
    used_by: list[str] = Field(default_factory=list, description="Service ids that use it.")
    exchanges: list[ExchangeRow] = Field(default_factory=list)
    exposure: str = "none"
    attack_path: AttackPath | None = Field(default=None, description="Cheapest attack path (high-need data).")
    high_need: bool = Field(default=False, description="Some need is high or very_high.")


class ServiceRow(_Model):
    id: str
    name: str
    audience: str
    rto_hours: float | None = None
    rpo_hours: float | None = None
    needs: NeedSet
    uses: list[str] = Field(default_factory=list)
    runs_on: list[str] = Field(default_factory=list)
    single_points_of_failure: list[str] = Field(default_factory=list)
    critical: bool = False


class SupplierRow(_Model):
    id: str
    name: str
    provides: str | None = None
    method: str | None = None
    mfa: bool = False
    always_on: bool = False
    targets: list[str] = Field(default_factory=list)
    contract_security_clauses: bool = False


# --------------------------------------------------------------------------- findings and risks


class Finding(_Model):
    rule_id: str
    subject_type: str = Field(description="asset | data | service | zone | supplier | flow | link | municipality")
    subject_id: str
    subject_name: str
    title: Text
    evidence: Text
    source: Literal["rule", "scan"] = "rule"


class Factor(_Model):
    """One adjustment of the likelihood, explained by a code and its parameters."""

    code: str = Field(description="exposure | implemented_control | cvss | ... (see risk_analyzer.risks)")
    delta: int
    args: dict[str, ArgValue] = Field(default_factory=dict, description="Parameters of the factor's text.")


class LikelihoodValue(_Model):
    base: int = Field(description="The rule's base likelihood (or the CVSS band for scan findings).")
    factors: list[Factor] = Field(default_factory=list)
    value: int = Field(description="Final likelihood 1..5 after the factors.")


class ImpactValue(_Model):
    value: int = Field(description="Impact 1..5: the matrix's need_impact adjusted by the factors.")
    base: int = Field(default=0, description="The matrix's need_impact of the need level (before the factors).")
    factors: list[Factor] = Field(
        default_factory=list,
        description="Adjustments: records (many records or special categories), personal_data, legal_deadline "
        "(a service with an RTO of 24 h or less), nothing_at_stake, org_gap.",
    )
    properties: list[str] = Field(description="CIA properties the rule's threats touch: C, I, A.")
    property: str = Field(description="The property that gave the highest impact.")
    need: str = Field(description="The need level of that property.")
    origin: list[str] = Field(default_factory=list, description="Where that need came from.")


class Residual(_Model):
    likelihood: int
    impact: int
    level: str
    score: int
    planned_controls: list[str] = Field(default_factory=list, description="Planned remediation controls counted.")


class TreatmentOption(str, Enum):
    """ISO/IEC 27005 risk treatment options."""

    reduce = "reduce"
    accept = "accept"
    transfer = "transfer"
    avoid = "avoid"


class TrackingInfo(_Model):
    status: TrackingStatus = TrackingStatus.open
    tracked: bool = Field(default=False, description="An entry exists in the tracking file.")
    owner: str | None = None
    justification: str | None = None
    date: dt.date | None = None
    treatment: TreatmentOption | None = Field(default=None, description="reduce | accept | transfer | avoid.")
    due: dt.date | None = Field(default=None, description="Date by which the treatment is due.")


class Risk(_Model):
    id: str = Field(description="RULE@SUBJECT")
    rule_id: str
    subject_type: str
    subject_id: str
    subject_name: str
    zone: str | None = Field(default=None, description="Zone of the subject, when it has one.")
    title: Text
    description: Text
    evidence: Text
    threats: list[str]
    cia: list[str] = Field(description="Properties touched: C, I, A.")
    likelihood: LikelihoodValue
    impact: ImpactValue
    level: str
    score: int = Field(description="likelihood x impact (inherent).")
    residual: Residual
    controls: list[str] = Field(description="Remediation controls of the rule.")
    implemented_controls: list[str] = Field(default_factory=list, description="Remediation controls already in place.")
    tracking: TrackingInfo = Field(default_factory=TrackingInfo)
    owner: str | None = Field(
        default=None, description="Who owns the risk: the tracking file's owner, else the asset's or data's owner, "
        "else the security officer's name (None when the officer has no recorded name: see owner_role)."
    )
    owner_role: Literal["tracking", "asset", "data", "service", "security_officer"] = Field(
        default="security_officer", description="Where the owner comes from."
    )
    root_cause: str = Field(default="", description="Id of the root cause the risk belongs to (root_causes).")


# --------------------------------------------------------------------------- treatment and compliance


class Action(_Model):
    rank: int
    control_id: str
    title: Text
    effort: EffortClass
    effort_points: int
    risk_ids: list[str]
    risk_reduction: int = Field(description="Sum of the scores of the active risks this control treats.")
    priority: float = Field(
        description="risk_reduction / effort_points (x 1.5 for a choke point), rounded to 2 decimals."
    )
    choke_point: bool = Field(default=False, description="It treats a risk of a choke-point root cause.")
    max_level: str = Field(description="Highest level among those risks.")
    subjects: list[str] = Field(default_factory=list, description="Subject ids where the control is missing.")


class ActionRef(_Model):
    """A concrete action as a template id and its parameters (text from the catalogue's actions.yaml)."""

    template: str = Field(description="A rule id, 'supplier_cause' or 'default' (keys of actions.yaml).")
    args: dict[str, str | int] = Field(
        default_factory=dict, description="subjects, count, ports, controls, supplier, method."
    )


class RootCause(_Model):
    """Findings grouped by what causes them: one rule, or a shared cause such as one supplier's access."""

    id: str = Field(description="rule:<rule id> or supplier:<supplier id>")
    kind: Literal["rule", "supplier"]
    rule_ids: list[str]
    risk_ids: list[str]
    subjects: list[str] = Field(description="Subject ids concerned.")
    max_level: str
    total_score: int = Field(description="Sum of the inherent scores of its active risks.")
    action: ActionRef
    cost_class: str = Field(description="Cost class id of actions.yaml.")
    one_off_eur: list[int] = Field(description="[low, high] one-off cost in EUR.")
    yearly_eur: list[int] = Field(description="[low, high] yearly cost in EUR.")
    choke_point: bool = Field(default=False, description="Its action removes a hop of a minimum cut (choke_points).")


class ChokePoint(_Model):
    """One hop of the minimum cut between every entry point and every crown jewel."""

    kind: Literal["flow", "link", "supplier_access", "reach"] = Field(
        description="A zone flow, the links from one zone to one asset, a supplier's access to an asset, or the "
        "reach of a crown-jewel host inside its zone (isolate it or close its services)."
    )
    id: str = Field(description="Flow id (from->to), zone->asset of links, supplier id or asset id.")
    args: dict[str, str] = Field(default_factory=dict, description="Names and ports for the text.")


class TreatmentPlan(_Model):
    quick_wins: list[Action] = Field(default_factory=list)
    projects: list[Action] = Field(default_factory=list)


class ComplianceRow(_Model):
    framework: Literal["nis2", "law"]
    item: str = Field(description="NIS2 Art. 21(2) letter a..j, or a Law measure-area id.")
    title: Text
    state: ComplianceState
    evidence: list[Text] = Field(default_factory=list)
    measures: dict[str, str] = Field(default_factory=dict, description="Measure key -> yes | partial | no.")
    controls: list[str] = Field(default_factory=list, description="Catalogue controls mapped to the item.")
    open_risk_ids: list[str] = Field(default_factory=list, description="Active risks treated by those controls.")


class RequirementRow(_Model):
    """One numbered requirement of the Annex of Implementing Regulation (EU) 2024/2690."""

    id: str = Field(description="Annex point, e.g. '6.10.2' (or '7.1' in sections 7 and 9).")
    section: int = Field(description="Section 1..13.")
    title: Text = Field(description="Short title from the catalogue (our words, not the regulation's).")
    state: ComplianceState
    small_office: bool = Field(default=False, description="In the small-office tier (essential for 1-2 IT staff).")
    evidence: list[Text] = Field(default_factory=list, description="What the analysis found.")
    evidence_kinds: list[str] = Field(
        default_factory=list, description="Kinds of evidence to show an auditor (ids of compliance.evidence_kinds)."
    )
    measures: dict[str, str] = Field(default_factory=dict, description="Measure key -> yes | partial | no.")
    controls: list[str] = Field(default_factory=list, description="Catalogue controls mapped to the requirement.")
    open_risks: int = Field(default=0, description="Active risks treated by those controls.")
    serious_risks: int = Field(default=0, description="Of those, at level high or above.")
    example_risk_ids: list[str] = Field(
        default_factory=list, description="Up to five of the serious (else open) risks."
    )
    reason: Text | None = Field(default=None, description="Why it does not apply (state not_applicable).")


class SectionRow(_Model):
    """One of the 13 sections of the 2024/2690 Annex, summarised from its requirements."""

    id: int
    title: Text
    nis2: list[str] = Field(description="NIS2 Art. 21(2) items the section details.")
    state: ComplianceState = Field(
        description="implemented / missing when every assessed requirement is; partial otherwise; "
        "not_assessed or not_applicable when no requirement was assessed."
    )
    small_office_state: ComplianceState = Field(description="The same over the small-office requirements only.")
    requirements: int = Field(description="Numbered requirements in the section.")
    counts: dict[str, int] = Field(description="Requirements per state.")


class Compliance(_Model):
    nis2: list[ComplianceRow] = Field(default_factory=list)
    law: list[ComplianceRow] = Field(
        default_factory=list,
        description="The Law's measure areas, a view over NIS2: each row combines the rows of its NIS2 items.",
    )
    eu_2024_2690: list[SectionRow] = Field(default_factory=list, description="The 13 sections of the Annex.")
    eu_2024_2690_requirements: list[RequirementRow] = Field(
        default_factory=list, description="Every numbered requirement of the Annex, in Annex order."
    )
    evidence_kinds: dict[str, Text] = Field(
        default_factory=dict, description="Titles of the evidence kinds the requirements name."
    )


class TrackingOrphan(_Model):
    risk_id: str
    status: str
    owner: str | None = None
    line: int | None = Field(default=None, description="Line in the tracking file.")


# --------------------------------------------------------------------------- summary and graph


class Summary(_Model):
    levels: list[str] = Field(description="Level ids, lowest first.")
    inherent: dict[str, int] = Field(description="Risks per inherent level.")
    residual: dict[str, int] = Field(description="Risks per residual level.")
    active: dict[str, int] = Field(description="Risks per inherent level with status open or in_progress.")
    by_status: dict[str, int]
    total: int
    findings: int
    top: list[str] = Field(description="Ids of the ten highest risks.")
    eol_assets: list[str] = Field(default_factory=list)
    assets_without_mfa: list[str] = Field(default_factory=list)
    assets_without_offline_backup: list[str] = Field(default_factory=list)
    data_outside_gsb: list[str] = Field(default_factory=list)


class GraphNode(_Model):
    id: str = Field(description="Typed reference: entry:internet, zone:lan, asset:srv-db01.")
    label: str
    type: Literal["entry", "zone", "asset"]
    kind: str
    parent: str | None = Field(default=None, description="The zone node of an asset.")
    exposure: str = "none"
    risk_level: str | None = None
    risks: int = 0


class GraphEdge(_Model):
    source: str
    target: str
    type: Literal["entry", "flow", "link", "remote_access"]
    label: str = ""


class NetworkGraph(_Model):
    nodes: list[GraphNode] = Field(default_factory=list)
    edges: list[GraphEdge] = Field(default_factory=list)


class RiskChange(_Model):
    """A risk that is new, closed or changed since the previous analysis."""

    id: str
    rule_id: str
    subject_id: str
    old_level: str | None = None
    new_level: str | None = None
    old_score: int | None = None
    new_score: int | None = None
    old_status: str | None = None
    new_status: str | None = None


class ComplianceChange(_Model):
    framework: str
    item: str
    old_state: str | None = None
    new_state: str | None = None


class Comparison(_Model):
    """What changed between two analyses (``lsgrisk compare``, ``analyze --previous``)."""

    previous_as_of: dt.date | None = None
    current_as_of: dt.date | None = None
    new: list[RiskChange] = Field(default_factory=list, description="Risks that were not there before.")
    closed: list[RiskChange] = Field(default_factory=list, description="Risks that are gone.")
    changed: list[RiskChange] = Field(default_factory=list, description="Level, score or status changed.")
    unchanged: int = 0
    compliance: list[ComplianceChange] = Field(default_factory=list, description="Items whose state changed.")
    implemented_before: int = 0
    implemented_now: int = 0
    compliance_items: int = 0


class AnalysisResult(_Model):
    """Everything ``lsgrisk analyze`` found; serialised as analysis.json."""

    schema_version: Literal["2"] = "2"
    tool_version: str
    as_of: dt.date
    municipality: MunicipalityInfo
    catalog: CatalogInfo
    counts: InventoryCounts
    scan: ScanInfo | None = None
    measures: dict[str, str] = Field(default_factory=dict, description="Measure key -> yes | partial | no.")
    assets: list[AssetRow] = Field(default_factory=list)
    data: list[DataRow] = Field(default_factory=list)
    services: list[ServiceRow] = Field(default_factory=list)
    suppliers: list[SupplierRow] = Field(default_factory=list)
    attack_paths: list[AttackPath] = Field(
        default_factory=list,
        description="The cheapest path from each entry point (internet, guest_wifi, phishing, and the suppliers "
        "together: the cheapest through any supplier, which ``supplier`` names) to each high-need data asset, "
        "and each supplier's own paths to the high-need data on the systems its access reaches or that run on "
        "them (at most 25 per supplier, the easiest first); sorted by target, cost, entry point and supplier.",
    )
    findings: list[Finding] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    treatment: TreatmentPlan = Field(default_factory=TreatmentPlan)
    choke_points: list[ChokePoint] = Field(
        default_factory=list,
        description="A minimum set of hops whose removal cuts every attack path to the high-need data.",
    )
    root_causes: list[RootCause] = Field(
        default_factory=list,
        description="Findings grouped by cause with a concrete action and its cost class, most important first.",
    )
    compliance: Compliance = Field(default_factory=Compliance)
    tracking_orphans: list[TrackingOrphan] = Field(default_factory=list)
    summary: Summary
    graph: NetworkGraph = Field(default_factory=NetworkGraph)
    since_previous: Comparison | None = Field(
        default=None, description="Changes since the previous analysis (analyze --previous)."
    )

    def risk_index(self) -> dict[str, Risk]:
        return {r.id: r for r in self.risks}

    def asset_index(self) -> dict[str, AssetRow]:
        return {a.id: a for a in self.assets}


def analysis_json_schema() -> dict[str, object]:
    """JSON Schema of analysis.json (schema_version 2), for readers in other tools."""
    schema = AnalysisResult.model_json_schema(by_alias=True, mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
