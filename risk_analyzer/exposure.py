"""Exposure and cheapest attack paths from the entry points, computed per zone, then per asset.

The reachability graph has one node per zone and one per entry point
(``entry:internet``, ``entry:guest_wifi``, ``entry:phishing``, ``entry:supplier``).
Edges and their costs (an attacker's effort, small integers):

=========================================== ====
entry:internet -> each internet zone          0
entry:guest_wifi -> each guest zone           1
entry:phishing -> each zone with workstations 2
entry:supplier -> zone of a supplier target   1 without MFA, 3 with MFA
zone flow on any port or a lateral port       1   (SMB, RDP, SSH, WinRM, VNC, telnet, RPC)
zone flow on other ports only                 2   (an application must be exploited)
link between assets (unauthenticated)         1
link between assets (authenticated)           2
=========================================== ====

One Dijkstra run over this small graph gives, for every zone, the cheapest
cost for an attacker to hold a foothold in it and the path. An asset is then
priced once, from its zone's incoming flows (only flows that allow one of its
open ports, or any port), from its own zone (+1, lateral movement), from
supplier access to it and, for workstations and laptops, from phishing (2).
The cost is linear in assets times the in-degree of their zone; no path
enumeration anywhere. Removing a flow can only raise costs (Dijkstra
distances are monotone), so it never raises an exposure.

Every edge carries a :class:`~risk_analyzer.pathtext.Step`: the short English
code of schema 1 (``via``) and the step described in English and Montenegrin,
which the analysis copies into each hop of a path.

Exposure levels from the cheapest cost: <=1 very_high, 2 high, 3 medium,
4-5 low, otherwise (or unreachable) none.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field

from asset_models.models import (
    ENDPOINT_KINDS,
    USER_ZONE_KINDS,
    Asset,
    Inventory,
    ZoneKind,
    parse_port_spec,
)
from risk_analyzer.pathtext import (
    ENTRY_GUEST,
    ENTRY_INTERNET,
    ENTRY_PHISHING,
    ENTRY_SUPPLIER,
    Step,
    asset_link_step,
    entry_label,
    entry_step,
    flow_step,
    guest_step,
    internet_step,
    lateral_step,
    phishing_asset_step,
    phishing_zone_step,
    supplier_step,
    zone_link_step,
)
from threat_catalog.facts import Exposure

#: entry node -> English label (graph nodes, hop ``label``); bilingual names: :mod:`risk_analyzer.pathtext`
ENTRY_LABELS = {node: entry_label(node) for node in (ENTRY_INTERNET, ENTRY_GUEST, ENTRY_PHISHING, ENTRY_SUPPLIER)}

#: ports an attacker uses to move laterally or administer a host
LATERAL_PORTS = frozenset({22, 23, 135, 139, 445, 3389, 5900, 5985, 5986})
#: ports of management interfaces of appliances (web UIs, SNMP, hypervisor consoles)
APPLIANCE_MGMT_PORTS = frozenset({22, 23, 80, 161, 443, 902, 4443, 5900, 8000, 8006, 8080, 8443, 9443, 10000})
APPLIANCE_KINDS = frozenset(
    {"router", "switch", "firewall", "wireless_ap", "hypervisor", "nas", "printer", "camera", "iot"}
)

PHISHING_COST = 2
GUEST_COST = 1
SUPPLIER_COST = 1
SUPPLIER_MFA_COST = 3
INF = 1 << 30

PortKey = tuple[str, int]  # (protocol, port)


def exposure_level(cost: int | None) -> Exposure:
    if cost is None:
        return Exposure.none
    if cost <= 1:
        return Exposure.very_high
    if cost == 2:
        return Exposure.high
    if cost == 3:
        return Exposure.medium
    if cost <= 5:
        return Exposure.low
    return Exposure.none


@dataclass(frozen=True)
class PortSet:
    """The ports a flow allows: any, or single ports and ranges per protocol."""

    any: bool
    singles: frozenset[PortKey] = frozenset()
    ranges: tuple[tuple[str, int, int], ...] = ()

    @classmethod
    def parse(cls, ports: str | list[str]) -> PortSet:
        if ports == "any":
            return cls(any=True)
        singles: set[PortKey] = set()
        ranges: list[tuple[str, int, int]] = []
        for spec in ports:
            proto, low, high = parse_port_spec(spec)
            if low == high:
                singles.add((proto.value, low))
            else:
                ranges.append((proto.value, low, high))
        return cls(any=False, singles=frozenset(singles), ranges=tuple(ranges))

    def allows(self, key: PortKey) -> bool:
        if self.any or key in self.singles:
            return True
        return any(p == key[0] and lo <= key[1] <= hi for p, lo, hi in self.ranges)

    def lateral(self) -> bool:
        return (
            self.any
            or any(port in LATERAL_PORTS for _, port in self.singles)
            or any(lo <= port <= hi for _, lo, hi in self.ranges for port in LATERAL_PORTS)
        )

    def port_numbers(self) -> list[int]:
        return sorted({p for _, p in self.singles} | {lo for _, lo, _ in self.ranges})


@dataclass(frozen=True)
class ZoneEdge:
    src: str  # zone id or entry node
    dst: str  # zone id
    weight: int
    step: Step
    ports: PortSet

    @property
    def label(self) -> str:
        """The short English code of the edge (``flow tcp/443``)."""
        return self.step.via


@dataclass
class ZoneReach:
    """Dijkstra result over zones: cost, predecessor, the edge used, the entry point."""

    cost: dict[str, int] = field(default_factory=dict)
    pred: dict[str, ZoneEdge] = field(default_factory=dict)
    entry: dict[str, str] = field(default_factory=dict)


@dataclass
class AssetExposure:
    cost: int | None = None
    entry: str | None = None
    via_zone: str | None = None  # the zone (or entry node) the last hop starts from
    via_step: Step = field(default_factory=lambda: Step("", "", ""))
    via_asset: str | None = None  # set when the last hop is a link from another asset
    internet_ports: list[int] = field(default_factory=list)
    guest_ports: list[int] = field(default_factory=list)
    user_zone_ports: list[int] = field(default_factory=list)
    internet_reachable: bool = False
    guest_reachable: bool = False
    internet_egress: bool = False

    @property
    def level(self) -> Exposure:
        return exposure_level(self.cost)


@dataclass
class ExposureResult:
    zones: ZoneReach
    assets: dict[str, AssetExposure]
    incoming: dict[str, list[ZoneEdge]]
    zone_kinds: dict[str, ZoneKind]

    def zone_path(self, zone: str) -> list[tuple[str, Step, int]]:
        """(node, step, cumulative cost) from the entry point to ``zone``."""
        hops: list[tuple[str, Step, int]] = []
        cursor = zone
        seen: set[str] = set()
        while cursor in self.zones.pred and cursor not in seen:
            seen.add(cursor)
            edge = self.zones.pred[cursor]
            hops.append((f"zone:{cursor}", edge.step, self.zones.cost[cursor]))
            cursor = edge.src
        if cursor.startswith("entry:"):
            hops.append((cursor, entry_step(cursor), 0))
        hops.reverse()
        return hops

    def asset_path(self, asset_id: str, depth: int = 0) -> list[tuple[str, Step, int]]:
        info = self.assets.get(asset_id)
        if info is None or info.cost is None or depth > 50:
            return []
        if info.via_asset is not None:
            return [*self.asset_path(info.via_asset, depth + 1), (f"asset:{asset_id}", info.via_step, info.cost)]
        if info.via_zone is None:
            return []
        via = info.via_zone
        base = [(via, entry_step(via), 0)] if via.startswith("entry:") else self.zone_path(via)
        return [*base, (f"asset:{asset_id}", info.via_step, info.cost)]


_PHISHING_ASSET = phishing_asset_step()


def asset_ports(asset: Asset, observed: Iterable[PortKey] = ()) -> list[PortKey]:
    keys = {(s.protocol.value, s.port) for s in asset.services}
    keys.update(observed)
    return sorted(keys)


def _supplier_edges(inv: Inventory, zone_of: dict[str, str]) -> list[ZoneEdge]:
    edges = []
    for sup in inv.suppliers:
        access = sup.remote_access
        if access is None:
            continue
        cost = SUPPLIER_MFA_COST if access.mfa else SUPPLIER_COST
        step = supplier_step(sup.id, sup.name, access.method, access.mfa)
        for target in access.to:
            if target in zone_of:
                edges.append(ZoneEdge(ENTRY_SUPPLIER, zone_of[target], cost, step, PortSet(any=True)))
    return edges


def build_zone_edges(inv: Inventory) -> list[ZoneEdge]:
    """Every edge of the zone reachability graph (entry edges, flows, links, supplier access)."""
    kinds = {z.id: z.kind for z in inv.zones}
    names = zone_names(inv)
    zone_of = {a.id: a.zone for a in inv.assets}
    asset_names = {a.id: a.name for a in inv.assets}
    edges: list[ZoneEdge] = []
    for zone in inv.zones:
        if zone.kind == ZoneKind.internet:
            edges.append(ZoneEdge(ENTRY_INTERNET, zone.id, 0, internet_step(), PortSet(any=True)))
        elif zone.kind == ZoneKind.guest:
            edges.append(ZoneEdge(ENTRY_GUEST, zone.id, GUEST_COST, guest_step(names[zone.id]), PortSet(any=True)))
    endpoint_zones = sorted({a.zone for a in inv.assets if a.kind in ENDPOINT_KINDS})
    for zone_id in endpoint_zones:
        step = phishing_zone_step(names.get(zone_id, zone_id))
        edges.append(ZoneEdge(ENTRY_PHISHING, zone_id, PHISHING_COST, step, PortSet(any=True)))
    edges.extend(_supplier_edges(inv, zone_of))
    for flow in inv.zone_flows:
        ports = PortSet.parse(flow.ports)
        weight = 1 if ports.lateral() else 2
        if flow.from_ in kinds and flow.to in kinds:
            step = flow_step(names[flow.from_], names[flow.to], flow.ports)
            edges.append(ZoneEdge(flow.from_, flow.to, weight, step, ports))
    for link in inv.links:
        src, dst = zone_of.get(link.from_), zone_of.get(link.to)
        if src and dst and src != dst:
            ports = PortSet(any=False, singles=frozenset({("tcp", link.port)})) if link.port else PortSet(any=True)
            weight = 2 if link.authenticated else 1
            step = zone_link_step(
                link.from_, link.to, asset_names[link.from_], asset_names[link.to], link.port, link.authenticated
            )
            edges.append(ZoneEdge(src, dst, weight, step, ports))
    return edges


def zone_names(inv: Inventory) -> dict[str, str]:
    """Zone id -> the name shown in path descriptions (the id when the zone has no name)."""
    return {z.id: z.name or z.id for z in inv.zones}


def zone_dijkstra(edges: list[ZoneEdge]) -> ZoneReach:
    """Cheapest foothold cost per zone from any entry point (ties broken by edge order)."""
    out: dict[str, list[ZoneEdge]] = {}
    for edge in edges:
        out.setdefault(edge.src, []).append(edge)
    reach = ZoneReach()
    heap: list[tuple[int, str, str]] = []
    for entry in sorted(n for n in out if n.startswith("entry:")):
        reach.cost[entry] = 0
        reach.entry[entry] = entry
        heapq.heappush(heap, (0, entry, entry))
    done: set[str] = set()
    while heap:
        cost, node, _ = heapq.heappop(heap)
        if node in done:
            continue
        done.add(node)
        for edge in out.get(node, ()):
            new = cost + edge.weight
            if new < reach.cost.get(edge.dst, INF):
                reach.cost[edge.dst] = new
                reach.pred[edge.dst] = edge
                reach.entry[edge.dst] = reach.entry[node]
                heapq.heappush(heap, (new, edge.dst, node))
    return reach


@dataclass
class _Allowed:
    """Union of the ports some flows allow (any, single ports, ranges)."""

    any: bool = False
    singles: set[PortKey] = field(default_factory=set)
    ranges: list[tuple[str, int, int]] = field(default_factory=list)

    def add(self, ports: PortSet) -> None:
        self.any = self.any or ports.any
        self.singles.update(ports.singles)
        self.ranges.extend(r for r in ports.ranges if r not in self.ranges)

    def allows(self, key: PortKey) -> bool:
        if self.any or key in self.singles:
            return True
        return any(p == key[0] and lo <= key[1] <= hi for p, lo, hi in self.ranges)


Offer = tuple[int, str, Step]  # cost, source zone, step


@dataclass
class ZoneInbound:
    """What reaches one zone, summarised once so that each asset is priced from its own ports only."""

    any_best: Offer | None = None
    port_best: dict[PortKey, Offer] = field(default_factory=dict)
    ranges: list[tuple[str, int, int, int, str, Step]] = field(default_factory=list)  # proto lo hi dist src step
    internet: _Allowed = field(default_factory=_Allowed)
    guest: _Allowed = field(default_factory=_Allowed)
    users: _Allowed = field(default_factory=_Allowed)


def _better(current: Offer | None, candidate: Offer) -> Offer:
    return candidate if current is None or candidate[0] < current[0] else current


def summarise_inbound(incoming: list[ZoneEdge], reach: ZoneReach, kinds: dict[str, ZoneKind]) -> ZoneInbound:
    inbound = ZoneInbound()
    for edge in incoming:
        if edge.src.startswith("entry:"):
            continue
        src_kind = kinds.get(edge.src)
        if src_kind == ZoneKind.internet:
            inbound.internet.add(edge.ports)
        elif src_kind == ZoneKind.guest:
            inbound.guest.add(edge.ports)
        elif src_kind in USER_ZONE_KINDS:
            inbound.users.add(edge.ports)
        if edge.src not in reach.cost:
            continue
        dist = reach.cost[edge.src]
        if edge.ports.any:
            inbound.any_best = _better(inbound.any_best, (dist + 1, edge.src, edge.step))
            continue
        for key in sorted(edge.ports.singles):
            weight = 1 if key[1] in LATERAL_PORTS else 2
            inbound.port_best[key] = _better(inbound.port_best.get(key), (dist + weight, edge.src, edge.step))
        for proto, low, high in edge.ports.ranges:
            inbound.ranges.append((proto, low, high, dist, edge.src, edge.step))
    return inbound


def _price_asset(
    asset: Asset,
    ports: list[PortKey],
    reach: ZoneReach,
    inbound: ZoneInbound,
    kinds: dict[str, ZoneKind],
    supplier_in: list[ZoneEdge],
    lateral: Step,
) -> AssetExposure:
    info = AssetExposure()
    zone = asset.zone
    zone_kind = kinds.get(zone)

    def offer(cost: int, via: str, step: Step) -> None:
        if info.cost is None or cost < info.cost:
            info.cost, info.via_zone, info.via_step = cost, via, step
            info.entry = reach.entry.get(via, via if via.startswith("entry:") else None)

    if zone in reach.cost:
        offer(reach.cost[zone] + 1, zone, lateral)
    if asset.kind in ENDPOINT_KINDS:
        offer(PHISHING_COST, ENTRY_PHISHING, _PHISHING_ASSET)
    for edge in supplier_in:
        offer(edge.weight, ENTRY_SUPPLIER, edge.step)
    if inbound.any_best is not None:
        offer(inbound.any_best[0], inbound.any_best[1], inbound.any_best[2])
    for key in ports:
        best = inbound.port_best.get(key)
        if best is not None:
            offer(best[0], best[1], best[2])
        for proto, low, high, dist, src, step in inbound.ranges:
            if proto == key[0] and low <= key[1] <= high:
                offer(dist + (1 if key[1] in LATERAL_PORTS else 2), src, step)
    inside = {ZoneKind.internet: "internet", ZoneKind.guest: "guest"}.get(zone_kind) if zone_kind else None
    numbers = sorted({p for _, p in ports})
    info.internet_ports = (
        numbers if inside == "internet" else sorted({p for k, p in ports if inbound.internet.allows((k, p))})
    )
    info.guest_ports = numbers if inside == "guest" else sorted({p for k, p in ports if inbound.guest.allows((k, p))})
    user_zone = zone_kind in USER_ZONE_KINDS
    info.user_zone_ports = numbers if user_zone else sorted({p for k, p in ports if inbound.users.allows((k, p))})
    info.internet_reachable = bool(info.internet_ports) or inbound.internet.any or inside == "internet"
    info.guest_reachable = bool(info.guest_ports) or inbound.guest.any or inside == "guest"
    return info


def compute_exposure(inv: Inventory, observed: dict[str, list[PortKey]] | None = None) -> ExposureResult:
    """Exposure of every zone and asset; ``observed`` adds ports seen by a scan (asset id -> ports)."""
    observed = observed or {}
    kinds = {z.id: z.kind for z in inv.zones}
    edges = build_zone_edges(inv)
    reach = zone_dijkstra(edges)
    incoming: dict[str, list[ZoneEdge]] = {}
    supplier_in: dict[str, list[ZoneEdge]] = {}
    for edge in edges:
        incoming.setdefault(edge.dst, []).append(edge)
    for sup in inv.suppliers:
        access = sup.remote_access
        if access is None:
            continue
        cost = SUPPLIER_MFA_COST if access.mfa else SUPPLIER_COST
        step = supplier_step(sup.id, sup.name, access.method, access.mfa)
        for target in access.to:
            supplier_in.setdefault(target, []).append(ZoneEdge(ENTRY_SUPPLIER, target, cost, step, PortSet(any=True)))
    egress = {e.src for e in edges if kinds.get(e.dst) == ZoneKind.internet and not e.src.startswith("entry:")}
    assets: dict[str, AssetExposure] = {}
    inbound = {zone: summarise_inbound(edges_in, reach, kinds) for zone, edges_in in incoming.items()}
    empty = ZoneInbound()
    lateral = {zone: lateral_step(name) for zone, name in zone_names(inv).items()}
    for asset in inv.assets:
        ports = asset_ports(asset, observed.get(asset.id, ()))
        zone_step = lateral.get(asset.zone) or lateral_step(asset.zone)
        info = _price_asset(
            asset, ports, reach, inbound.get(asset.zone, empty), kinds, supplier_in.get(asset.id, []), zone_step
        )
        info.internet_egress = asset.zone in egress or kinds.get(asset.zone) == ZoneKind.internet
        assets[asset.id] = info
    _relax_links(inv, assets)
    return ExposureResult(zones=reach, assets=assets, incoming=incoming, zone_kinds=kinds)


def _relax_links(inv: Inventory, assets: dict[str, AssetExposure]) -> None:
    """One pass: the far end of a link is at most one step (two if authenticated) beyond the near end."""
    names = {a.id: a.name for a in inv.assets}
    for link in inv.links:
        near, far = assets.get(link.from_), assets.get(link.to)
        if near is None or far is None or near.cost is None:
            continue
        cost = near.cost + (2 if link.authenticated else 1)
        if far.cost is None or cost < far.cost:
            far.cost = cost
            far.entry = near.entry
            far.via_zone = None
            far.via_step = asset_link_step(link.from_, names[link.from_], link.port, link.authenticated)
            far.via_asset = link.from_


def management_ports(kind: str, ports: Iterable[int]) -> list[int]:
    """Open ports of ``ports`` that are management interfaces for an asset of ``kind``."""
    wanted = APPLIANCE_MGMT_PORTS if kind in APPLIANCE_KINDS else LATERAL_PORTS
    return sorted({p for p in ports if p in wanted})
