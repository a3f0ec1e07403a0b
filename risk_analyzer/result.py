"""The result of an analysis: the documented, versioned schema of ``analysis.json``.

The report and the six policies are built from this model only. It is
versioned by :data:`SCHEMA_VERSION` ("1"): fields may be added in a
compatible way; renaming or removing a field raises the version.

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
* Bilingual texts are objects ``{"en": ..., "cnr": ...}``.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from threat_catalog.rules import Text

SCHEMA_VERSION = "1"

#: One shared "fields set" for the many objects the analyzer builds with ``model_construct``
#: (``X.model_construct(CONSTRUCTED, ...)``). Pydantic only consults it for ``exclude_unset``,
#: which no output uses; sharing it saves three allocations per object on 100k-asset inventories.
CONSTRUCTED: set[str] = set()


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


class PathHop(_Model):
    node: str = Field(description="Typed node reference: entry:internet, zone:lan, asset:srv-db01, data:reg-x.")
    label: str
    via: str = Field(
        default="",
        description="How the attacker got here from the previous hop, e.g. 'flow tcp/443' "
        "(short English code; documents use ``text``).",
    )
    text: Text = Field(
        description="The hop described in both languages: for the first hop the entry point's name (e.g. "
        "{'en': 'internet', 'cnr': 'internet'}), for the others how the attacker got here (e.g. "
        "{'en': 'flow from zone DMZ to zone LAN (tcp/3389)', 'cnr': 'protok iz zone DMZ u zonu LAN (tcp/3389)'})."
    )
    cost: int = Field(default=0, description="Cumulative path cost at this hop.")


class AttackPath(_Model):
    target: str = Field(description="Typed node reference of the target.")
    target_name: str = ""
    entry_point: str = Field(description="internet | guest_wifi | phishing | supplier")
    entry_text: Text = Field(description="The entry point's name in both languages.")
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
    entry_text: Text | None = Field(default=None, description="The entry point's name in both languages.")
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
    """One adjustment of the likelihood, explained."""

    code: str = Field(description="exposure | planned_control | implemented_control | cvss")
    delta: int
    text: Text


class LikelihoodValue(_Model):
    base: int = Field(description="The rule's base likelihood (or the CVSS band for scan findings).")
    factors: list[Factor] = Field(default_factory=list)
    value: int = Field(description="Final likelihood 1..5 after the factors.")


class ImpactValue(_Model):
    value: int = Field(description="Impact 1..5 from the matrix's need_impact.")
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


class TrackingInfo(_Model):
    status: TrackingStatus = TrackingStatus.open
    tracked: bool = Field(default=False, description="An entry exists in the tracking file.")
    owner: str | None = None
    justification: str | None = None
    date: dt.date | None = None


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


# --------------------------------------------------------------------------- treatment and compliance


class Action(_Model):
    rank: int
    control_id: str
    title: Text
    effort: EffortClass
    effort_points: int
    risk_ids: list[str]
    risk_reduction: int = Field(description="Sum of the scores of the active risks this control treats.")
    priority: float = Field(description="risk_reduction / effort_points, rounded to 2 decimals.")
    max_level: str = Field(description="Highest level among those risks.")
    subjects: list[str] = Field(default_factory=list, description="Subject ids where the control is missing.")


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
    text: Text | None = Field(default=None, description="An entry point's name in both languages (entry nodes only).")
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


class AnalysisResult(_Model):
    """Everything ``lsgrisk analyze`` found; serialised as analysis.json."""

    schema_version: Literal["1"] = "1"
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
    attack_paths: list[AttackPath] = Field(default_factory=list, description="One per high-need data asset.")
    findings: list[Finding] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    treatment: TreatmentPlan = Field(default_factory=TreatmentPlan)
    compliance: Compliance = Field(default_factory=Compliance)
    tracking_orphans: list[TrackingOrphan] = Field(default_factory=list)
    summary: Summary
    graph: NetworkGraph = Field(default_factory=NetworkGraph)

    def risk_index(self) -> dict[str, Risk]:
        return {r.id: r for r in self.risks}

    def asset_index(self) -> dict[str, AssetRow]:
        return {a.id: a for a in self.assets}


def analysis_json_schema() -> dict[str, object]:
    """JSON Schema of analysis.json (schema_version 1), for readers in other tools."""
    schema = AnalysisResult.model_json_schema(by_alias=True, mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
