"""Facts per rule subject, computed from the inventory and the earlier stages.

One small function per subject. Facts objects are built with
:func:`~risk_analyzer.result.construct` (the values are typed already) to keep 100k assets fast.
Date-dependent facts (end of support) use the ``as_of`` date only.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from asset_models.models import (
    ENDPOINT_KINDS,
    EXTERNAL_ZONE_KINDS,
    GSB_CHANNELS,
    NETWORK_DEVICE_KINDS,
    REMOTE_DESKTOP_TOOLS,
    USER_ZONE_KINDS,
    Asset,
    AssetKind,
    Classification,
    Direction,
    ExchangeChannel,
    Inventory,
    MeasureState,
    NeedLevel,
    ZoneKind,
)
from asset_models.topology import asset_node, data_node
from risk_analyzer.exposure import (
    ExposureResult,
    PortSet,
    asset_ports,
    exposure_level,
    management_ports,
)
from risk_analyzer.needs import NeedsResult, max_level, service_needs
from risk_analyzer.result import construct
from risk_analyzer.scanmerge import ScanOverlay
from risk_analyzer.structure import StructureResult
from threat_catalog.facts import (
    AssetFacts,
    AssetKindFact,
    DataFacts,
    Exposure,
    FlowFacts,
    LinkFacts,
    MunicipalityFacts,
    ServiceFacts,
    SupplierFacts,
    ZoneFacts,
)

OFFLINE_BACKUP = frozenset({"backup.offline", "backup.offsite", "backup.immutable"})
BACKUP_CONTROLS = frozenset({"backup.daily", "backup.weekly", "backup.offline", "backup.offsite", "backup.immutable"})
INSECURE_CHANNELS = frozenset({ExchangeChannel.email, ExchangeChannel.usb, ExchangeChannel.fax, ExchangeChannel.paper})
CLEARTEXT_PORTS = frozenset({21, 23, 25, 80, 110, 143, 161, 389, 1433, 3306, 5432, 5900, 8080})
#: ports of VPN gateways (OpenVPN, IPsec/IKE, NAT-T, L2TP, PPTP, common SSL VPN)
VPN_PORTS = frozenset({1194, 500, 4500, 1701, 1723, 10443})
#: devices that terminate remote access for the town hall
GATEWAY_KINDS = frozenset({AssetKind.firewall, AssetKind.router})
SERVER_KINDS = frozenset({AssetKind.server, AssetKind.hypervisor, AssetKind.nas, AssetKind.database})
_DC_NAME = re.compile(r"(^|[-_.\s])dc\d*([-_.\s]|$)|domain controller|kontroler domena|active directory", re.I)
_CLASS_ORDER = list(Classification)
#: reaching data on a compromised host takes one more step (privileges on the host or the database)
DATA_HOP_COST = 1


@dataclass
class SubjectFacts:
    """Every facts object of one analysis, by subject type, in inventory order."""

    assets: list[AssetFacts] = field(default_factory=list)
    data: list[DataFacts] = field(default_factory=list)
    services: list[ServiceFacts] = field(default_factory=list)
    zones: list[ZoneFacts] = field(default_factory=list)
    flows: list[FlowFacts] = field(default_factory=list)
    links: list[LinkFacts] = field(default_factory=list)
    suppliers: list[SupplierFacts] = field(default_factory=list)
    municipality: MunicipalityFacts | None = None


@dataclass
class Context:
    """What the facts are computed from."""

    inv: Inventory
    as_of: date
    needs: NeedsResult
    exposure: ExposureResult
    structure: StructureResult
    scan: ScanOverlay | None = None
    measure_keys: Collection[str] = ()
    scans_given: bool = False


def is_eol(asset: Asset, as_of: date) -> bool:
    return bool(asset.os and asset.os.end_of_support and asset.os.end_of_support < as_of)


def is_domain_controller(asset: Asset) -> bool:
    ports = {s.port for s in asset.services}
    if asset.kind not in (AssetKind.server,):
        return False
    if 88 in ports or (389 in ports and 445 in ports):
        return True
    text = " ".join(filter(None, [asset.id, asset.hostname or "", asset.name, asset.description or ""]))
    return bool(_DC_NAME.search(text))


def asset_facts(ctx: Context) -> list[AssetFacts]:
    inv, as_of = ctx.inv, ctx.as_of
    zone_kind = {z.id: z.kind for z in inv.zones}
    assets = inv.asset_index()
    data_on: dict[str, list[str]] = {}
    for item in inv.data:
        for host in item.stored_on:
            data_on.setdefault(host, []).append(item.id)
    data_index = inv.data_index()
    suppliers_of: dict[str, list[tuple[str, bool]]] = {}
    for sup in inv.suppliers:
        if sup.remote_access:
            for target in sup.remote_access.to:
                suppliers_of.setdefault(target, []).append((sup.remote_access.method.value, sup.remote_access.mfa))
    observed = ctx.scan.observed if ctx.scan else {}
    vpn_from_internet = any(
        zone_kind.get(f.from_) == ZoneKind.internet and zone_kind.get(f.to) == ZoneKind.vpn for f in inv.zone_flows
    )
    out: list[AssetFacts] = []
    for asset in inv.assets:
        node = asset_node(asset.id)
        c, i, a = ctx.needs.triple(node)
        info = ctx.exposure.assets[asset.id]
        obs = observed.get(asset.id, [])
        ports = sorted({p for _, p in asset_ports(asset, obs)})
        declared = {s.port for s in asset.services}
        stored = sorted(data_on.get(asset.id, []))
        items = [data_index[d] for d in stored]
        backup_hosts = {h for d in items for h in d.backup_on}
        controls = sorted(set(asset.controls))
        host_asset = assets.get(asset.runs_on) if asset.runs_on else None
        sups = suppliers_of.get(asset.id, [])
        cves = ctx.scan.cves.get(asset.id, []) if ctx.scan else []
        eos = asset.os.end_of_support if asset.os else None
        mgmt = management_ports(asset.kind.value, ports)
        out.append(
            construct(
                AssetFacts,
                id=asset.id,
                name=asset.name,
                kind=AssetKindFact(asset.kind.value),
                zone=asset.zone,
                zone_kind=zone_kind[asset.zone],
                quantity=asset.quantity,
                os_name=asset.os.name if asset.os else "",
                os_version=(asset.os.version or "") if asset.os else "",
                end_of_support=eos.isoformat() if eos else "",
                os_eol=is_eol(asset, as_of),
                days_past_eos=max(0, (as_of - eos).days) if eos else 0,
                ports=ports,
                observed_only_ports=sorted({p for _, p in obs} - declared),
                internet_ports=info.internet_ports,
                internet_reachable=info.internet_reachable,
                user_zone_ports=info.user_zone_ports,
                guest_ports=info.guest_ports,
                guest_reachable=info.guest_reachable,
                management_ports=mgmt,
                user_mgmt_ports=sorted(set(mgmt) & set(info.user_zone_ports)),
                internet_mgmt_ports=sorted(set(mgmt) & set(info.internet_ports)),
                internet_egress=info.internet_egress,
                exposure=info.level,
                entry_point=(info.entry or "").removeprefix("entry:"),
                path_cost=info.cost if info.cost is not None else -1,
                controls=controls,
                planned_controls=sorted(set(asset.planned_controls)),
                need_c=c.level,
                need_i=i.level,
                need_a=a.level,
                need_max=max_level([c.level, i.level, a.level]),
                stores_data=bool(stored),
                data_ids=stored,
                data_need_i=max_level(d.needs.integrity for d in items),
                data_need_a=max_level(d.needs.availability for d in items),
                personal_data=any(d.personal_data for d in items),
                hosted_count=len(ctx.structure.hosted.get(asset.id, [])),
                is_articulation_point=asset.id in ctx.structure.articulation,
                blast_radius=ctx.structure.blast_radius.get(asset.id, 0),
                has_backup=bool(BACKUP_CONTROLS & set(controls)) or bool(backup_hosts),
                has_offline_backup=bool(OFFLINE_BACKUP & set(controls)),
                backup_same_zone=any(assets[h].zone == asset.zone for h in backup_hosts if h in assets),
                backup_same_host=asset.id in backup_hosts,
                remote_access_gateway=(asset.kind == AssetKind.firewall and vpn_from_internet)
                or (asset.kind in GATEWAY_KINDS and bool(VPN_PORTS & set(info.internet_ports))),
                supplier_access=bool(sups),
                supplier_methods=sorted({m for m, _ in sups}),
                supplier_without_mfa=any(not mfa for _, mfa in sups),
                is_domain_controller=is_domain_controller(asset),
                runs_on_eol=bool(host_asset and is_eol(host_asset, as_of)),
                declared_not_observed=ctx.scan.declared_not_observed.get(asset.id, []) if ctx.scan else [],
                managed=True,
                cves=[cid for cid, _ in cves],
                max_cvss=max((score for _, score in cves), default=0.0),
                ip=str(asset.ips[0]) if asset.ips else "",
            )
        )
    out.extend(_unknown_host_facts(ctx))
    return out


def _unknown_host_facts(ctx: Context) -> list[AssetFacts]:
    if ctx.scan is None:
        return []
    kinds = {z.id: z.kind for z in ctx.inv.zones}
    out = []
    for host in ctx.scan.unknown:
        zone = host.zone or "unknown"
        cost = ctx.exposure.zones.cost.get(zone)
        ports = sorted({p for _, p in host.ports})
        internet = sorted(
            {
                p
                for e in ctx.exposure.incoming.get(zone, [])
                if kinds.get(e.src) == ZoneKind.internet
                for proto, p in host.ports
                if e.ports.allows((proto, p))
            }
        )
        out.append(
            AssetFacts(
                id=f"unmanaged-{host.ip.replace(':', '-')}",
                name=", ".join(host.hostnames) or host.ip,
                kind=AssetKindFact.unknown,
                zone=zone,
                zone_kind=kinds.get(zone, ZoneKind.internal),
                ports=ports,
                observed_only_ports=ports,
                internet_ports=internet,
                internet_reachable=bool(internet),
                management_ports=management_ports("unknown", ports),
                internet_mgmt_ports=sorted(set(internet) & set(management_ports("unknown", ports))),
                exposure=exposure_level(cost + 1 if cost is not None else None),
                path_cost=cost + 1 if cost is not None else -1,
                entry_point=ctx.exposure.zones.entry.get(zone, "").removeprefix("entry:"),
                managed=False,
                cves=[c for c, _ in host.cves],
                max_cvss=max((s for _, s in host.cves), default=0.0),
                ip=host.ip,
            )
        )
    return out


def data_facts(ctx: Context) -> list[DataFacts]:
    inv = ctx.inv
    assets = inv.asset_index()
    carried_unencrypted: dict[str, int] = {}
    for link in inv.links:
        if not link.encrypted:
            for ref in link.carries:
                carried_unencrypted[ref] = carried_unencrypted.get(ref, 0) + 1
    eol = {a.id for a in inv.assets if is_eol(a, ctx.as_of)}
    out = []
    for item in inv.data:
        c, i, a = ctx.needs.triple(data_node(item.id))
        hosts = [h for h in item.stored_on if h in assets]
        zones = {assets[h].zone for h in hosts}
        exposures = [ctx.exposure.assets[h] for h in hosts]
        best = min((e for e in exposures if e.cost is not None), key=lambda e: e.cost or 0, default=None)
        channels = sorted({e.via.value for e in item.exchanges})
        gsb = [e for e in item.exchanges if e.via in GSB_CHANNELS]
        out.append(
            construct(
                DataFacts,
                id=item.id,
                name=item.name,
                kind=item.kind,
                personal_data=item.personal_data,
                special_categories=item.special_categories,
                classification=item.classification,
                need_c=c.level,
                need_i=i.level,
                need_a=a.level,
                need_max=max_level([c.level, i.level, a.level]),
                stored_on=sorted(hosts),
                backup_on=sorted(item.backup_on),
                backup_same_zone=any(assets[h].zone in zones for h in item.backup_on if h in assets),
                backup_same_host=any(h in hosts for h in item.backup_on),
                has_offline_backup=any(
                    OFFLINE_BACKUP & set(assets[h].controls) for h in hosts + item.backup_on if h in assets
                ),
                exchanges_outside_gsb=sum(1 for e in item.exchanges if e.via not in GSB_CHANNELS),
                insecure_channels=sorted({e.via.value for e in item.exchanges if e.via in INSECURE_CHANNELS}),
                exchange_channels=channels,
                exchanges_without_legal_basis=sum(1 for e in item.exchanges if not (e.legal_basis or item.legal_basis)),
                unencrypted_links=carried_unencrypted.get(item.id, 0),
                hosts_eol=any(h in eol for h in hosts),
                exposure=exposure_level(best.cost + DATA_HOP_COST) if best and best.cost is not None else Exposure.none,
                entry_point=(best.entry or "").removeprefix("entry:") if best else "",
                legal_basis=bool(item.legal_basis),
                has_owner=bool(item.owner),
                gsb_exchanges=len(gsb),
                gsb_without_agreement=sum(1 for e in gsb if e.sharing_agreement is not True),
                gsb_without_consumer_list=sum(
                    1 for e in gsb if e.direction is not Direction.consume and not e.allowed_consumers
                ),
                gsb_without_message_log=sum(1 for e in gsb if e.message_log is not True),
                gsb_without_tls=sum(1 for e in gsb if e.tls_to_security_server is not True),
            )
        )
    return out


def service_facts(ctx: Context) -> list[ServiceFacts]:
    inv = ctx.inv
    assets = inv.asset_index()
    svc_needs = service_needs(inv, ctx.needs)
    out = []
    for svc in inv.services:
        c, i, a = svc_needs[svc.id]
        closure = ctx.structure.service_closure.get(svc.id, [])
        spofs = ctx.structure.service_spofs.get(svc.id, [])
        critical = a.level.rank >= NeedLevel.high.rank or (svc.rto_hours is not None and svc.rto_hours <= 24)
        out.append(
            construct(
                ServiceFacts,
                id=svc.id,
                name=svc.name,
                audience=svc.audience,
                rto_hours=float(svc.rto_hours or 0.0),
                rpo_hours=float(svc.rpo_hours or 0.0),
                need_c=c.level,
                need_i=i.level,
                need_a=a.level,
                critical=critical,
                runs_on=sorted(svc.runs_on),
                single_points_of_failure=spofs,
                spof_count=len(spofs),
                eol_dependencies=[x for x in closure if is_eol(assets[x], ctx.as_of)],
                internet_facing=any(ctx.exposure.assets[r].internet_reachable for r in svc.runs_on if r in assets),
                has_rto=svc.rto_hours is not None,
            )
        )
    return out


def zone_facts(ctx: Context) -> list[ZoneFacts]:
    inv = ctx.inv
    kinds = {z.id: z.kind for z in inv.zones}
    members: dict[str, list[Asset]] = {}
    for asset in inv.assets:
        members.setdefault(asset.zone, []).append(asset)
    reaches_any: dict[str, set[str]] = {}
    reaches_internal: dict[str, set[str]] = {}
    inbound_internet_any: set[str] = set()
    egress_any: set[str] = set()
    internal_kinds = set(ZoneKind) - EXTERNAL_ZONE_KINDS - {ZoneKind.guest}
    for flow in inv.zone_flows:
        if flow.from_ not in kinds or flow.to not in kinds:
            continue
        if flow.ports == "any":
            reaches_any.setdefault(flow.from_, set()).add(flow.to)
            if kinds[flow.from_] == ZoneKind.internet:
                inbound_internet_any.add(flow.to)
            if kinds[flow.to] == ZoneKind.internet:
                egress_any.add(flow.from_)
        if kinds[flow.to] in internal_kinds:
            reaches_internal.setdefault(flow.from_, set()).add(flow.to)
    out = []
    for zone in inv.zones:
        assets = members.get(zone.id, [])
        user = zone.kind in USER_ZONE_KINDS
        servers = sum(1 for a in assets if a.kind in SERVER_KINDS)
        any_targets = reaches_any.get(zone.id, set())
        flat = user and (
            servers > 0 or any(kinds[t] in (ZoneKind.server, ZoneKind.management, ZoneKind.backup) for t in any_targets)
        )
        levels_a = [ctx.needs.get(asset_node(a.id), "availability").level for a in assets]
        levels_all = [lv for a in assets for lv in (t.level for t in ctx.needs.triple(asset_node(a.id)))]
        cost = ctx.exposure.zones.cost.get(zone.id)
        out.append(
            construct(
                ZoneFacts,
                id=zone.id,
                name=zone.name or zone.id,
                kind=zone.kind,
                user_zone=user,
                asset_count=len(assets),
                server_count=servers,
                endpoint_count=sum(1 for a in assets if a.kind in ENDPOINT_KINDS),
                flat=flat,
                reaches_any=sorted(any_targets),
                reaches_internal=sorted(reaches_internal.get(zone.id, set())),
                reached_from_internet_any=zone.id in inbound_internet_any,
                internet_egress_any=zone.id in egress_any,
                iot_count=sum(1 for a in assets if a.kind in (AssetKind.iot, AssetKind.camera)),
                need_a=max_level(levels_a),
                need_max=max_level(levels_all),
                exposure=exposure_level(cost) if cost is not None else Exposure.none,
            )
        )
    return out


def flow_id(from_zone: str, to_zone: str, index: int, duplicates: bool) -> str:
    return f"{from_zone}->{to_zone}" + (f"#{index + 1}" if duplicates else "")


def flow_facts(ctx: Context) -> list[FlowFacts]:
    inv = ctx.inv
    kinds = {z.id: z.kind for z in inv.zones}
    zone_need: dict[str, NeedLevel] = {}
    for asset in inv.assets:
        level = max_level(t.level for t in ctx.needs.triple(asset_node(asset.id)))
        if level.rank > zone_need.get(asset.zone, NeedLevel.normal).rank:
            zone_need[asset.zone] = level
    pairs: dict[tuple[str, str], int] = {}
    for flow in inv.zone_flows:
        pairs[(flow.from_, flow.to)] = pairs.get((flow.from_, flow.to), 0) + 1
    seen: dict[tuple[str, str], int] = {}
    out = []
    internal_kinds = set(ZoneKind) - EXTERNAL_ZONE_KINDS - {ZoneKind.guest}
    for flow in inv.zone_flows:
        key = (flow.from_, flow.to)
        index = seen.get(key, 0)
        seen[key] = index + 1
        ports = PortSet.parse(flow.ports)
        numbers = ports.port_numbers()
        src, dst = kinds[flow.from_], kinds[flow.to]
        out.append(
            construct(
                FlowFacts,
                id=flow_id(flow.from_, flow.to, index, pairs[key] > 1),
                name=f"{flow.from_} -> {flow.to}",
                from_zone=flow.from_,
                to_zone=flow.to,
                from_kind=src,
                to_kind=dst,
                any_port=ports.any,
                ports=numbers,
                from_external=src in EXTERNAL_ZONE_KINDS,
                from_untrusted=src in EXTERNAL_ZONE_KINDS or src == ZoneKind.guest,
                to_internal=dst in internal_kinds,
                cleartext_ports=sorted(p for p in numbers if p in CLEARTEXT_PORTS),
                to_need_max=zone_need.get(flow.to, NeedLevel.normal),
            )
        )
    return out


def link_id(from_asset: str, to_asset: str, index: int, duplicates: bool) -> str:
    return f"{from_asset}->{to_asset}" + (f"#{index + 1}" if duplicates else "")


def link_facts(ctx: Context) -> list[LinkFacts]:
    inv = ctx.inv
    assets = inv.asset_index()
    kinds = {z.id: z.kind for z in inv.zones}
    data = inv.data_index()
    stored: dict[str, list[str]] = {}
    for item in inv.data:
        for host in item.stored_on:
            stored.setdefault(host, []).append(item.id)
    pairs: dict[tuple[str, str], int] = {}
    for link in inv.links:
        pairs[(link.from_, link.to)] = pairs.get((link.from_, link.to), 0) + 1
    seen: dict[tuple[str, str], int] = {}
    out = []
    for link in inv.links:
        key = (link.from_, link.to)
        index = seen.get(key, 0)
        seen[key] = index + 1
        carried = [data[d] for d in link.carries if d in data]
        if not carried:  # what the endpoints hold may travel over the link
            carried = [data[d] for end in key for d in stored.get(end, ())]
        classes = [d.classification for d in carried]
        top = max(classes, key=_CLASS_ORDER.index, default=Classification.public)
        src, dst = assets.get(link.from_), assets.get(link.to)
        zones = {x.zone for x in (src, dst) if x is not None}
        out.append(
            construct(
                LinkFacts,
                id=link_id(link.from_, link.to, index, pairs[key] > 1),
                name=f"{link.from_} -> {link.to}",
                from_asset=link.from_,
                to_asset=link.to,
                protocol=link.protocol or "",
                port=link.port or 0,
                encrypted=link.encrypted,
                authenticated=link.authenticated,
                carries=sorted(link.carries),
                max_classification=top,
                carries_personal=any(d.personal_data for d in carried),
                crosses_zones=len(zones) > 1,
                external=any(kinds.get(z) in EXTERNAL_ZONE_KINDS for z in zones),
                need_c=max_level(ctx.needs.get(data_node(d.id), "confidentiality").level for d in carried),
            )
        )
    return out


def supplier_facts(ctx: Context) -> list[SupplierFacts]:
    inv = ctx.inv
    assets = inv.asset_index()
    out = []
    for sup in inv.suppliers:
        access = sup.remote_access
        targets = sorted(t for t in (access.to if access else []) if t in assets)
        out.append(
            construct(
                SupplierFacts,
                id=sup.id,
                name=sup.name,
                has_remote_access=access is not None,
                method=access.method.value if access else "",
                mfa=bool(access and access.mfa),
                always_on=bool(access and access.always_on),
                remote_desktop_tool=bool(access and access.method in REMOTE_DESKTOP_TOOLS),
                contract_security_clauses=sup.contract_security_clauses,
                targets=targets,
                target_need_max=max_level(t.level for ref in targets for t in ctx.needs.triple(asset_node(ref))),
                targets_eol=any(is_eol(assets[t], ctx.as_of) for t in targets),
            )
        )
    return out


def municipality_facts(ctx: Context) -> MunicipalityFacts:
    inv = ctx.inv
    stated = inv.measures
    keys = sorted(set(ctx.measure_keys) | set(stated))
    yes = [k for k in keys if stated.get(k) == MeasureState.yes]
    partial = [k for k in keys if stated.get(k) == MeasureState.partial]
    missing = [k for k in keys if stated.get(k, MeasureState.no) == MeasureState.no]
    all_controls = {c for a in inv.assets for c in a.controls}
    levels = [t.level for node in ctx.needs.values for t in ctx.needs.values[node].values()]
    m = inv.municipality
    return construct(
        MunicipalityFacts,
        id=m.code,
        name=m.name,
        entity_class=m.entity_class,
        employees=m.employees or 0,
        it_staff=m.it_staff or 0,
        security_officer_named=m.security_officer is not None,
        measures_yes=yes,
        measures_partial=partial,
        measures_missing=missing,
        domain_controllers=sum(1 for a in inv.assets if is_domain_controller(a)),
        eol_assets=sum(1 for a in inv.assets if is_eol(a, ctx.as_of)),
        assets_without_owner=sum(1 for a in inv.assets if not a.owner and a.kind not in NETWORK_DEVICE_KINDS),
        personal_data_assets=sum(1 for d in inv.data if d.personal_data),
        has_central_logging="logging.central" in all_controls,
        has_offline_backup=bool(OFFLINE_BACKUP & all_controls),
        unknown_hosts=len(ctx.scan.unknown) if ctx.scan else 0,
        scan_store_given=ctx.scans_given or ctx.scan is not None,
        days_since_scan=days_since(ctx.scan.finished, ctx.as_of) if ctx.scan else -1,
        max_need=max_level(levels),
    )


def days_since(finished: str | None, as_of: date) -> int:
    """Whole days from a scan's ISO finish time to the as-of date (0 if it is later; -1 if unknown)."""
    if not finished:
        return -1
    try:
        day = date.fromisoformat(finished[:10])
    except ValueError:
        return -1
    return max((as_of - day).days, 0)


def build_facts(ctx: Context) -> SubjectFacts:
    return SubjectFacts(
        assets=asset_facts(ctx),
        data=data_facts(ctx),
        services=service_facts(ctx),
        zones=zone_facts(ctx),
        flows=flow_facts(ctx),
        links=link_facts(ctx),
        suppliers=supplier_facts(ctx),
        municipality=municipality_facts(ctx),
    )
