"""Typed facts per rule subject: the only names a rule condition may test.

The risk analyzer computes one facts object per subject (asset, data asset,
service, zone, zone flow, link, supplier, the municipality) and the engine
evaluates rule conditions over it. The catalogue checks every condition
against these models when it loads (unknown names, wrong value types), so a
rule can never silently test something that does not exist.

Field types the engine understands: ``bool``, ``int``, ``float``, ``str``,
an ordered level (:class:`Exposure`, :class:`NeedLevel`, :class:`Classification`
ordered by :data:`ORDERED_LEVELS`), other enums (equality only), and lists of
``int`` or ``str``. Every fact has a description: ``lsgrisk catalog explain``
shows it.
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

from asset_models.models import (
    AssetKind,
    Classification,
    DataKind,
    EntityClass,
    MeasureState,
    NeedLevel,
    ServiceAudience,
    ZoneKind,
)
from threat_catalog.rules import Subject


class Exposure(str, Enum):
    """How easily an attacker reaches a subject from an entry point (cheapest path cost)."""

    none = "none"
    low = "low"
    medium = "medium"
    high = "high"
    very_high = "very_high"


class AssetKindFact(str, Enum):
    """Asset kinds, plus ``unknown`` for hosts a scan found that the inventory lacks."""

    server = "server"
    workstation = "workstation"
    laptop = "laptop"
    router = "router"
    switch = "switch"
    firewall = "firewall"
    wireless_ap = "wireless_ap"
    nas = "nas"
    printer = "printer"
    phone = "phone"
    iot = "iot"
    camera = "camera"
    hypervisor = "hypervisor"
    cloud_service = "cloud_service"
    application = "application"
    database = "database"
    website = "website"
    unknown = "unknown"


assert {k.value for k in AssetKind} <= {k.value for k in AssetKindFact}

#: enums whose members are ordered (first = lowest); at_least / at_most work on these
ORDERED_LEVELS: dict[type[Enum], list[str]] = {
    Exposure: [e.value for e in Exposure],
    NeedLevel: [e.value for e in NeedLevel],
    Classification: [e.value for e in Classification],
    MeasureState: ["no", "partial", "yes"],
}


def level_rank(value: Enum) -> int:
    """Position of an ordered level (0 = lowest)."""
    return ORDERED_LEVELS[type(value)].index(value.value)


class Facts(BaseModel):
    """Base of every facts model: frozen, no extra fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="Id of the subject (the part after '@' in a risk id).")
    name: str = Field(default="", description="Human name of the subject.")


class AssetFacts(Facts):
    kind: AssetKindFact = Field(description="Asset kind (server, camera ...; unknown for scan-only hosts).")
    zone: str = Field(description="Zone id.")
    zone_kind: ZoneKind = Field(description="Kind of the asset's zone.")
    quantity: int = Field(default=1, description="Number of identical devices the row stands for.")
    os_name: str = Field(default="", description="Operating system or firmware name.")
    os_version: str = Field(default="", description="Operating system or firmware version.")
    end_of_support: str = Field(default="", description="End-of-support date (ISO), empty when unknown.")
    os_eol: bool = Field(default=False, description="The OS/firmware is past its end of support on the as-of date.")
    days_past_eos: int = Field(default=0, description="Days past end of support on the as-of date (0 if supported).")
    ports: list[int] = Field(default_factory=list, description="Open ports, declared and observed by scans.")
    observed_only_ports: list[int] = Field(default_factory=list, description="Ports a scan saw that are not declared.")
    internet_ports: list[int] = Field(default_factory=list, description="Open ports reachable from the internet.")
    internet_reachable: bool = Field(default=False, description="The internet reaches the asset's zone on some port.")
    user_zone_ports: list[int] = Field(default_factory=list, description="Open ports reachable from user zones.")
    guest_ports: list[int] = Field(default_factory=list, description="Open ports reachable from guest networks.")
    guest_reachable: bool = Field(default=False, description="A guest network reaches the asset's zone.")
    management_ports: list[int] = Field(default_factory=list, description="Open management/admin ports of the asset.")
    user_mgmt_ports: list[int] = Field(default_factory=list, description="Management ports reachable from user zones.")
    internet_mgmt_ports: list[int] = Field(default_factory=list, description="Management ports the internet reaches.")
    internet_egress: bool = Field(default=False, description="The asset's zone may open connections to the internet.")
    exposure: Exposure = Field(default=Exposure.none, description="Exposure level from the cheapest attack path.")
    entry_point: str = Field(default="", description="Entry point of the cheapest attack path (empty if unreachable).")
    path_cost: int = Field(default=-1, description="Cost of the cheapest attack path (-1 if unreachable).")
    controls: list[str] = Field(default_factory=list, description="Controls in place.")
    planned_controls: list[str] = Field(default_factory=list, description="Controls planned.")
    need_c: NeedLevel = Field(default=NeedLevel.normal, description="Confidentiality need (own or inherited, maximum).")
    need_i: NeedLevel = Field(default=NeedLevel.normal, description="Integrity need (own or inherited, maximum).")
    need_a: NeedLevel = Field(default=NeedLevel.normal, description="Availability need (own or inherited, maximum).")
    need_max: NeedLevel = Field(default=NeedLevel.normal, description="Highest of the three needs.")
    stores_data: bool = Field(default=False, description="The asset stores at least one data asset.")
    data_ids: list[str] = Field(default_factory=list, description="Data assets stored on the asset.")
    data_need_i: NeedLevel = Field(default=NeedLevel.normal, description="Highest integrity need of data here.")
    data_need_a: NeedLevel = Field(default=NeedLevel.normal, description="Highest availability need of data here.")
    personal_data: bool = Field(default=False, description="Stores personal data.")
    hosted_count: int = Field(default=0, description="Number of assets that run on this one (VMs, applications).")
    is_articulation_point: bool = Field(default=False, description="Removing it disconnects the dependency graph.")
    blast_radius: int = Field(default=0, description="Assets, data and services that depend on this asset.")
    has_backup: bool = Field(default=False, description="A backup control is in place or data has backup copies.")
    has_offline_backup: bool = Field(default=False, description="backup.offline or backup.offsite is in place.")
    backup_same_zone: bool = Field(default=False, description="Backup copies of its data sit in the same zone.")
    backup_same_host: bool = Field(default=False, description="Backup copies of its data sit on the same asset.")
    remote_access_gateway: bool = Field(
        default=False, description="Firewall or router that terminates remote access (VPN) from the internet."
    )
    supplier_access: bool = Field(default=False, description="A supplier has remote access to the asset.")
    supplier_methods: list[str] = Field(default_factory=list, description="Remote access methods of suppliers.")
    supplier_without_mfa: bool = Field(default=False, description="A supplier reaches the asset without MFA.")
    is_domain_controller: bool = Field(default=False, description="Looks like a domain controller (Kerberos/LDAP).")
    runs_on_eol: bool = Field(default=False, description="Runs on a host whose OS/firmware is past end of support.")
    declared_not_observed: list[int] = Field(default_factory=list, description="Declared ports a scan did not see.")
    managed: bool = Field(default=True, description="The asset is in the inventory (false: seen only by a scan).")
    cves: list[str] = Field(default_factory=list, description="Vulnerability ids a scan reported.")
    max_cvss: float = Field(default=0.0, description="Highest CVSS score of those vulnerabilities (0 if none).")
    ip: str = Field(default="", description="First IP address.")


class DataFacts(Facts):
    kind: DataKind = Field(description="Kind of data asset.")
    personal_data: bool = Field(default=False, description="Holds personal data.")
    special_categories: bool = Field(default=False, description="Holds special categories (health, welfare ...).")
    classification: Classification = Field(default=Classification.internal, description="Classification.")
    need_c: NeedLevel = Field(default=NeedLevel.normal, description="Confidentiality need (own or from services).")
    need_i: NeedLevel = Field(default=NeedLevel.normal, description="Integrity need (own or from services).")
    need_a: NeedLevel = Field(default=NeedLevel.normal, description="Availability need (own or from services).")
    need_max: NeedLevel = Field(default=NeedLevel.normal, description="Highest of the three needs.")
    stored_on: list[str] = Field(default_factory=list, description="Assets that store it.")
    backup_on: list[str] = Field(default_factory=list, description="Assets that hold backup copies.")
    backup_same_zone: bool = Field(default=False, description="A backup copy sits in a zone where the data is stored.")
    backup_same_host: bool = Field(default=False, description="A backup copy sits on an asset that stores the data.")
    has_offline_backup: bool = Field(default=False, description="A storing asset has backup.offline or backup.offsite.")
    exchanges_outside_gsb: int = Field(default=0, description="Exchanges through channels other than the GSB.")
    insecure_channels: list[str] = Field(default_factory=list, description="Channels used: email, usb, fax, paper.")
    exchange_channels: list[str] = Field(default_factory=list, description="All exchange channels.")
    exchanges_without_legal_basis: int = Field(default=0, description="Exchanges with no legal basis written down.")
    unencrypted_links: int = Field(default=0, description="Unencrypted links that carry it.")
    hosts_eol: bool = Field(default=False, description="Stored on an asset past end of support.")
    exposure: Exposure = Field(default=Exposure.none, description="Highest exposure of the assets that store it.")
    entry_point: str = Field(default="", description="Entry point of the cheapest attack path to it.")
    legal_basis: bool = Field(default=False, description="A legal basis is written down.")
    has_owner: bool = Field(default=False, description="An owner is named.")
    gsb_exchanges: int = Field(default=0, description="Exchanges through the Government Service Bus (GSB).")
    gsb_without_agreement: int = Field(
        default=0, description="GSB exchanges with no data-sharing agreement recorded as in place."
    )
    gsb_without_consumer_list: int = Field(
        default=0, description="GSB exchanges it provides (provide or both) with no allowed consumers listed."
    )
    gsb_without_message_log: int = Field(
        default=0, description="GSB exchanges with no signed message log recorded as in place."
    )
    gsb_without_tls: int = Field(
        default=0, description="GSB exchanges with no TLS to the security server recorded as in place."
    )


class ServiceFacts(Facts):
    audience: ServiceAudience = Field(description="Who uses the service.")
    rto_hours: float = Field(default=0.0, description="Recovery time objective in hours (0 if not set).")
    rpo_hours: float = Field(default=0.0, description="Recovery point objective in hours (0 if not set).")
    need_c: NeedLevel = Field(default=NeedLevel.normal, description="Confidentiality need.")
    need_i: NeedLevel = Field(default=NeedLevel.normal, description="Integrity need.")
    need_a: NeedLevel = Field(default=NeedLevel.normal, description="Availability need.")
    critical: bool = Field(default=False, description="Availability need high or above, or RTO of 24 h or less.")
    runs_on: list[str] = Field(default_factory=list, description="Assets it runs on.")
    single_points_of_failure: list[str] = Field(
        default_factory=list, description="Assets whose loss stops the service (no redundancy)."
    )
    spof_count: int = Field(default=0, description="Number of single points of failure.")
    eol_dependencies: list[str] = Field(default_factory=list, description="Assets it depends on that are past EOS.")
    internet_facing: bool = Field(default=False, description="Runs on an asset reachable from the internet.")
    has_rto: bool = Field(default=False, description="An RTO is set.")


class ZoneFacts(Facts):
    kind: ZoneKind = Field(description="Zone kind.")
    user_zone: bool = Field(default=False, description="Staff work here (internal, wireless, vpn).")
    asset_count: int = Field(default=0, description="Assets in the zone (rows).")
    server_count: int = Field(default=0, description="Servers, hypervisors, NAS and databases in the zone.")
    endpoint_count: int = Field(default=0, description="Workstations and laptops in the zone.")
    flat: bool = Field(default=False, description="A user zone reaches a server zone on any port, or holds servers.")
    reaches_any: list[str] = Field(default_factory=list, description="Zones this zone reaches on any port.")
    reaches_internal: list[str] = Field(default_factory=list, description="Internal zones this zone reaches.")
    reached_from_internet_any: bool = Field(default=False, description="The internet reaches it on any port.")
    internet_egress_any: bool = Field(default=False, description="It may reach the internet on any port.")
    iot_count: int = Field(default=0, description="Cameras and IoT devices in the zone.")
    need_a: NeedLevel = Field(default=NeedLevel.normal, description="Highest availability need of its assets.")
    need_max: NeedLevel = Field(default=NeedLevel.normal, description="Highest need of its assets.")
    exposure: Exposure = Field(default=Exposure.none, description="Exposure of the zone.")


class FlowFacts(Facts):
    from_zone: str = Field(description="Source zone id.")
    to_zone: str = Field(description="Destination zone id.")
    from_kind: ZoneKind = Field(description="Source zone kind.")
    to_kind: ZoneKind = Field(description="Destination zone kind.")
    any_port: bool = Field(default=False, description="The flow allows any port.")
    ports: list[int] = Field(default_factory=list, description="Ports allowed (low end of each range).")
    from_external: bool = Field(default=False, description="The source is the internet, a partner or a cloud.")
    from_untrusted: bool = Field(default=False, description="The source is external or a guest network.")
    to_internal: bool = Field(default=False, description="The destination is inside the town hall's network.")
    cleartext_ports: list[int] = Field(default_factory=list, description="Cleartext protocol ports allowed.")
    to_need_max: NeedLevel = Field(default=NeedLevel.normal, description="Highest need of assets in the destination.")


class LinkFacts(Facts):
    from_asset: str = Field(description="Source asset id.")
    to_asset: str = Field(description="Destination asset id.")
    protocol: str = Field(default="", description="Protocol name.")
    port: int = Field(default=0, description="Port (0 if not set).")
    encrypted: bool = Field(default=False, description="The link is encrypted.")
    authenticated: bool = Field(default=False, description="The link is authenticated.")
    carries: list[str] = Field(default_factory=list, description="Data assets carried.")
    max_classification: Classification = Field(
        default=Classification.public, description="Highest classification of carried data (or of the endpoints' data)."
    )
    carries_personal: bool = Field(default=False, description="Carries personal data.")
    crosses_zones: bool = Field(default=False, description="The endpoints are in different zones.")
    external: bool = Field(default=False, description="One endpoint is in an external zone.")
    need_c: NeedLevel = Field(default=NeedLevel.normal, description="Highest confidentiality need carried.")


class SupplierFacts(Facts):
    has_remote_access: bool = Field(default=False, description="The supplier has remote access.")
    method: str = Field(default="", description="Remote access method (vpn, rdp, teamviewer ...; empty if none).")
    mfa: bool = Field(default=False, description="Remote access uses MFA.")
    always_on: bool = Field(default=False, description="Access is permanently open.")
    remote_desktop_tool: bool = Field(default=False, description="Uses TeamViewer, AnyDesk or RDP.")
    contract_security_clauses: bool = Field(default=False, description="The contract has security clauses.")
    targets: list[str] = Field(default_factory=list, description="Assets the supplier reaches.")
    target_need_max: NeedLevel = Field(default=NeedLevel.normal, description="Highest need of those assets.")
    targets_eol: bool = Field(default=False, description="A target is past end of support.")


class MunicipalityFacts(Facts):
    entity_class: EntityClass = Field(default=EntityClass.unknown, description="Class under the Law.")
    employees: int = Field(default=0, description="Employees.")
    it_staff: int = Field(default=0, description="IT staff.")
    security_officer_named: bool = Field(default=False, description="A security officer is named in the inventory.")
    measures_yes: list[str] = Field(default_factory=list, description="Measures stated as in place.")
    measures_partial: list[str] = Field(default_factory=list, description="Measures stated as partly in place.")
    measures_missing: list[str] = Field(default_factory=list, description="Measures stated 'no' or not stated.")
    domain_controllers: int = Field(default=0, description="Assets that look like domain controllers.")
    eol_assets: int = Field(default=0, description="Assets past end of support.")
    assets_without_owner: int = Field(default=0, description="Assets with no owner named.")
    personal_data_assets: int = Field(default=0, description="Data assets holding personal data.")
    has_central_logging: bool = Field(default=False, description="Some asset has logging.central.")
    has_offline_backup: bool = Field(default=False, description="Some asset has backup.offline or backup.offsite.")
    unknown_hosts: int = Field(default=0, description="Hosts a scan saw that the inventory lacks.")
    scan_store_given: bool = Field(default=False, description="The analysis was given a scan store (--scans).")
    days_since_scan: int = Field(
        default=-1,
        description="Days from the newest complete scan in the store to the as-of date (-1: no complete scan, "
        "or no store given).",
    )
    max_need: NeedLevel = Field(default=NeedLevel.normal, description="Highest need in the municipality.")


FACT_MODELS: dict[Subject, type[Facts]] = {
    Subject.asset: AssetFacts,
    Subject.data: DataFacts,
    Subject.service: ServiceFacts,
    Subject.zone: ZoneFacts,
    Subject.supplier: SupplierFacts,
    Subject.flow: FlowFacts,
    Subject.link: LinkFacts,
    Subject.municipality: MunicipalityFacts,
}
