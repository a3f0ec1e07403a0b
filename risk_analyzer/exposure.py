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
    RemoteMethod,
    ZoneKind,
    parse_port_spec,
)
from asset_models.topology import (
    ENTRY_GUEST,
    ENTRY_INTERNET,
    ENTRY_PHISHING,
    ENTRY_SUPPLIER,
    Topology,
    asset_node,
    build_topology,
    supplier_node,
    zone_node,
)
from risk_analyzer.pathtext import Step
from threat_catalog.facts import Exposure

#: entry node -> the language-neutral label of graph nodes and of a path's first hop
ENTRY_LABELS = {
    ENTRY_INTERNET: "Internet", ENTRY_GUEST: "Guest Wi-Fi", ENTRY_PHISHING: "Phishing", ENTRY_SUPPLIER: "Supplier",
}  # fmt: skip

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


#: where a hop lands: an asset and the (protocol, port) the attacker uses there (None: no named service)
Landing = tuple[str, PortKey | None]


@dataclass(frozen=True)
class ZoneEdge:
    src: str  # zone id or entry node
    dst: str  # zone id
    weight: int
    step: Step
    ports: PortSet
    origin: str = ""  # the entry point of an entry edge: entry:internet ... or supplier:<id>
    land: Landing | None = None  # the asset in ``dst`` the attacker uses to get a foothold

    @property
    def label(self) -> str:
        """The short language-neutral code of the edge (``flow tcp/443``)."""
        return self.step.via


@dataclass(frozen=True, slots=True)
class RawHop:
    """One hop of a path before it becomes a :class:`~risk_analyzer.result.PathHop`."""

    node: str
    step: Step
    cost: int
    weight: int = 0
    land: Landing | None = None


@dataclass
class ZoneReach:
    """Dijkstra result over zones: cost, predecessor, the edge used, the entry point."""

    cost: dict[str, int] = field(default_factory=dict)
    pred: dict[str, ZoneEdge] = field(default_factory=dict)
    entry: dict[str, str] = field(default_factory=dict)

    def path(self, zone: str) -> list[RawHop]:
        """The hops from the entry point to a foothold in ``zone``."""
        hops: list[RawHop] = []
        cursor = zone
        seen: set[str] = set()
        while cursor in self.pred and cursor not in seen:
            seen.add(cursor)
            edge = self.pred[cursor]
            hops.append(RawHop(zone_node(cursor), edge.step, self.cost[cursor], edge.weight, edge.land))
            cursor = edge.src
        if cursor.startswith("entry:"):
            hops.append(entry_hop(cursor, _origin_of(hops)))
        hops.reverse()
        return hops


def _origin_of(hops: list[RawHop]) -> str:
    if hops:
        supplier = hops[-1].step.arg_dict().get("supplier_id")
        if supplier:
            return supplier_node(str(supplier))
    return ""


def entry_hop(entry: str, origin: str = "") -> RawHop:
    """The first hop of a path: the entry point itself."""
    code = entry.removeprefix("entry:")
    if origin.startswith("supplier:"):
        return RawHop(entry, Step.of("entry", entry="supplier", supplier_id=origin.removeprefix("supplier:")), 0)
    return RawHop(entry, Step.of("entry", entry=code), 0)


@dataclass(slots=True)
class AssetExposure:
    cost: int | None = None
    entry: str | None = None
    via_zone: str | None = None  # the zone (or entry node) the last hop starts from
    via_step: Step = field(default_factory=lambda: Step(""))
    via_weight: int = 0
    via_port: PortKey | None = None  # the port the last hop uses on this asset
    via_asset: str | None = None  # set when the last hop is a link from another asset
    origin: str = ""  # supplier:<id> when the cheapest way in is a supplier's access
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
    edges: list[ZoneEdge] = field(default_factory=list)  # distinct edges (see distinct_edges)
    topology: Topology | None = None
    priced_in: dict[str, list[ZoneEdge]] = field(default_factory=dict)  # distinct edges by destination zone
    observed: dict[str, list[PortKey]] = field(default_factory=dict)

    def zone_path(self, zone: str) -> list[RawHop]:
        """The hops from the entry point to ``zone``."""
        return self.zones.path(zone)

    def asset_path(self, asset_id: str, depth: int = 0) -> list[RawHop]:
        return asset_path(self.assets, self.zones, asset_id, depth)


def asset_path(assets: dict[str, AssetExposure], reach: ZoneReach, asset_id: str, depth: int = 0) -> list[RawHop]:
    """The hops of the cheapest path to an asset (links followed up to 50 deep)."""
    info = assets.get(asset_id)
    if info is None or info.cost is None or depth > 50:
        return []
    last = RawHop(asset_node(asset_id), info.via_step, info.cost, info.via_weight, (asset_id, info.via_port))
    if info.via_asset is not None:
        return [*asset_path(assets, reach, info.via_asset, depth + 1), last]
    if info.via_zone is None:
        return []
    via = info.via_zone
    base = [entry_hop(via, info.origin)] if via.startswith("entry:") else reach.path(via)
    return [*base, last]


def asset_ports(asset: Asset, observed: Iterable[PortKey] = ()) -> list[PortKey]:
    keys = {(s.protocol.value, s.port) for s in asset.services}
    keys.update(observed)
    return sorted(keys)


def supplier_cost(mfa: bool) -> int:
    return SUPPLIER_MFA_COST if mfa else SUPPLIER_COST


def supplier_step(supplier_id: str, name: str, method: RemoteMethod, mfa: bool, always_on: bool) -> Step:
    return Step.of(
        "supplier", "supplier_mfa" if mfa else "supplier_no_mfa", supplier_id=supplier_id, supplier=name,
        method=method.value, mfa=mfa, always_on=always_on,
    )  # fmt: skip


class _ZoneIndex:
    """Per zone: for each open (protocol, port), the asset an attacker would use (end of support first, then id)."""

    def __init__(self, t: Topology, observed: dict[str, list[PortKey]]) -> None:
        self.t = t
        self.by_zone: dict[str, dict[PortKey, str]] = {}
        self.first: dict[str, str] = {}
        for zone, ids in t.zone_assets.items():
            table: dict[PortKey, str] = {}
            for ref in sorted(ids, key=lambda r: (not _has_eos(t.assets[r]), r)):
                for key in asset_ports(t.assets[ref], observed.get(ref, ())):
                    table.setdefault(key, ref)
            self.by_zone[zone] = table
            self.first[zone] = min(ids)

    def landing(self, zone: str, ports: PortSet) -> Landing | None:
        table = self.by_zone.get(zone, {})
        best: tuple[int, PortKey] | None = None
        for key in table:
            if ports.allows(key):
                rank = (0 if key[1] in LATERAL_PORTS else 1, key)
                if best is None or rank < best:
                    best = rank
        if best is not None:
            return table[best[1]], best[1]
        if ports.any and zone in self.first:
            return self.first[zone], None
        return None


def _has_eos(asset: Asset) -> bool:
    return bool(asset.os and asset.os.end_of_support)


def build_zone_edges(inv: Inventory | Topology, observed: dict[str, list[PortKey]] | None = None) -> list[ZoneEdge]:
    """Every edge of the zone reachability graph (entry edges, flows, links, supplier access)."""
    t = build_topology(inv)
    index = _ZoneIndex(t, observed or {})
    kinds = t.zone_kind
    edges: list[ZoneEdge] = []
    supplier_edges: list[ZoneEdge] = []
    endpoint_zones: set[str] = set()
    for entry in t.entries:
        _kind, ref = entry.target.split(":", 1)
        if entry.entry == ENTRY_INTERNET:
            edges.append(
                ZoneEdge(
                    ENTRY_INTERNET,
                    ref,
                    0,
                    Step.of("internet", "internet", zone=t.zone_name[ref]),
                    PortSet(any=True),
                    ENTRY_INTERNET,
                )
            )
        elif entry.entry == ENTRY_GUEST:
            step = Step.of("guest_wifi", "guest_wifi", zone=t.zone_name[ref])
            edges.append(ZoneEdge(ENTRY_GUEST, ref, GUEST_COST, step, PortSet(any=True), ENTRY_GUEST))
        elif entry.entry == ENTRY_PHISHING:
            endpoint_zones.add(t.assets[ref].zone)
        elif ref in t.assets:
            sup = t.suppliers[entry.entry.removeprefix("supplier:")]
            access = sup.remote_access
            assert access is not None
            step = supplier_step(sup.id, sup.name, access.method, access.mfa, access.always_on)
            supplier_edges.append(
                ZoneEdge(
                    ENTRY_SUPPLIER,
                    t.assets[ref].zone,
                    supplier_cost(access.mfa),
                    step,
                    PortSet(any=True),
                    entry.entry,
                    (ref, None),
                )
            )
    for zone_id in sorted(endpoint_zones):
        step = Step.of("phishing", "phishing", zone=t.zone_name.get(zone_id, zone_id))
        user = min(a for a in t.zone_assets[zone_id] if t.assets[a].kind in ENDPOINT_KINDS)
        edges.append(
            ZoneEdge(ENTRY_PHISHING, zone_id, PHISHING_COST, step, PortSet(any=True), ENTRY_PHISHING, (user, None))
        )
    edges.extend(supplier_edges)
    for flow in t.inv.zone_flows:
        ports = PortSet.parse(flow.ports)
        lateral = ports.lateral()
        weight = 1 if lateral else 2
        if flow.from_ in kinds and flow.to in kinds:
            code = "any" if flow.ports == "any" else ",".join(flow.ports)
            reason = "flow_any" if ports.any else "flow_admin" if lateral else "flow_application"
            step = Step.of("flow", reason, from_zone=t.zone_name[flow.from_], to_zone=t.zone_name[flow.to], ports=code)
            edges.append(ZoneEdge(flow.from_, flow.to, weight, step, ports, land=index.landing(flow.to, ports)))
    for link in t.inv.links:
        src_asset, dst_asset = t.assets.get(link.from_), t.assets.get(link.to)
        if src_asset and dst_asset and src_asset.zone != dst_asset.zone:
            ports = PortSet(any=False, singles=frozenset({("tcp", link.port)})) if link.port else PortSet(any=True)
            weight = 2 if link.authenticated else 1
            step = Step.of(
                "link", "link_authenticated" if link.authenticated else "link_open", from_asset=src_asset.name,
                to_asset=dst_asset.name, port=link.port, authenticated=link.authenticated,
            )  # fmt: skip
            land = (link.to, ("tcp", link.port) if link.port else None)
            edges.append(ZoneEdge(src_asset.zone, dst_asset.zone, weight, step, ports, land=land))
    return edges


def distinct_edges(edges: list[ZoneEdge]) -> list[ZoneEdge]:
    """The first edge of each (source, destination, weight, ports, entry point): later twins (many links between
    the same two zones) can never be cheaper, since every search keeps the first of equal offers."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for edge in edges:
        key = (edge.src, edge.dst, edge.weight, edge.ports, edge.origin)
        if key not in seen:
            seen.add(key)
            out.append(edge)
    return out


def zone_names(inv: Inventory) -> dict[str, str]:
    """Zone id -> the name shown in path descriptions (the id when the zone has no name)."""
    return {z.id: z.name or z.id for z in inv.zones}


def zone_dijkstra(edges: list[ZoneEdge], origin: str | None = None) -> ZoneReach:
    """Cheapest foothold cost per zone from any entry point, or from the one entry point ``origin``
    (``entry:internet`` ... or ``supplier:<id>``); ties are broken by edge order."""
    out: dict[str, list[ZoneEdge]] = {}
    for edge in edges:
        if origin is not None and edge.src.startswith("entry:") and edge.origin != origin:
            continue
        out.setdefault(edge.src, []).append(edge)
    return _dijkstra(out, {})


class EntryEdges:
    """The zone edges split once for :func:`zone_dijkstra` from one entry point after another.

    Edges between zones are the same for every entry point; only the edges leaving the entry nodes
    are filtered by origin (in their order), so each run costs the zones it reaches, not every edge.
    """

    def __init__(self, edges: list[ZoneEdge]) -> None:
        self.inner: dict[str, list[ZoneEdge]] = {}
        self.by_origin: dict[str, dict[str, list[ZoneEdge]]] = {}
        for edge in edges:
            if edge.src.startswith("entry:"):
                self.by_origin.setdefault(edge.origin, {}).setdefault(edge.src, []).append(edge)
            else:
                self.inner.setdefault(edge.src, []).append(edge)

    def reach(self, origin: str) -> ZoneReach:
        """The same as ``zone_dijkstra(edges, origin)``."""
        return _dijkstra(self.inner, self.by_origin.get(origin, {}))

    def reach_any(self, prefix: str) -> ZoneReach:
        """Dijkstra from every origin that starts with ``prefix`` at once (their edges in the order of the origins)."""
        entries: dict[str, list[ZoneEdge]] = {}
        for origin in sorted(o for o in self.by_origin if o.startswith(prefix)):
            for src, edges in self.by_origin[origin].items():
                entries.setdefault(src, []).extend(edges)
        return _dijkstra(self.inner, entries)


def _dijkstra(out: dict[str, list[ZoneEdge]], entries: dict[str, list[ZoneEdge]]) -> ZoneReach:
    """Dijkstra from every entry node of ``out`` and ``entries`` (entry nodes' edges), edges in list order."""
    reach = ZoneReach()
    heap: list[tuple[int, str, str]] = []
    for entry in sorted({*(n for n in out if n.startswith("entry:")), *entries}):
        reach.cost[entry] = 0
        reach.entry[entry] = entry
        heapq.heappush(heap, (0, entry, entry))
    done: set[str] = set()
    while heap:
        cost, node, _ = heapq.heappop(heap)
        if node in done:
            continue
        done.add(node)
        for edge in entries.get(node) or out.get(node) or ():
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


@dataclass(frozen=True, slots=True)
class Offer:
    """One way into an asset: total cost, where it starts, the step, its own weight, the port used."""

    cost: int
    src: str
    step: Step
    weight: int
    port: PortKey | None = None
    origin: str = ""


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
    return candidate if current is None or candidate.cost < current.cost else current


def _port_weight(port: int) -> int:
    return 1 if port in LATERAL_PORTS else 2


def summarise_inbound(
    incoming: list[ZoneEdge], reach: ZoneReach, kinds: dict[str, ZoneKind], reachability: bool = True
) -> ZoneInbound:
    """The offers into a zone; ``reachability=False`` leaves out the ports open to the internet, guests and users
    (attack paths per entry point need only the offers)."""
    inbound = ZoneInbound()
    for edge in incoming:
        if edge.src.startswith("entry:"):
            continue
        src_kind = kinds.get(edge.src) if reachability else None
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
            inbound.any_best = _better(inbound.any_best, Offer(dist + 1, edge.src, edge.step, 1))
            continue
        for key in sorted(edge.ports.singles):
            weight = _port_weight(key[1])
            offer = Offer(dist + weight, edge.src, edge.step, weight, key)
            inbound.port_best[key] = _better(inbound.port_best.get(key), offer)
        for proto, low, high in edge.ports.ranges:
            inbound.ranges.append((proto, low, high, dist, edge.src, edge.step))
    return inbound


def lateral_step(t: Topology, zone: str) -> Step:
    return Step.of("lateral", "lateral", zone=t.zone_name.get(zone, zone))


def price_asset(
    asset: Asset,
    ports: list[PortKey],
    reach: ZoneReach,
    inbound: ZoneInbound,
    kinds: dict[str, ZoneKind],
    supplier_in: list[ZoneEdge],
    lateral: Step,
    phishing: bool = True,
    reachability: bool = True,
) -> AssetExposure:
    """The cheapest way into one asset (and, unless ``reachability`` is False, the ports it shows to the internet,
    guests and users)."""
    info = AssetExposure()
    zone = asset.zone
    zone_kind = kinds.get(zone)

    def offer(o: Offer) -> None:
        if info.cost is None or o.cost < info.cost:
            info.cost, info.via_zone, info.via_step = o.cost, o.src, o.step
            info.via_weight, info.via_port, info.origin = o.weight, o.port, o.origin
            info.entry = reach.entry.get(o.src, o.src if o.src.startswith("entry:") else None)

    best_port = min(ports, key=lambda k: (_port_weight(k[1]), k)) if ports else None
    if zone in reach.cost:
        offer(Offer(reach.cost[zone] + 1, zone, lateral, 1, best_port))
    if phishing and asset.kind in ENDPOINT_KINDS:
        offer(Offer(PHISHING_COST, ENTRY_PHISHING, _PHISHING_ASSET, PHISHING_COST, None, ENTRY_PHISHING))
    for edge in supplier_in:
        offer(Offer(edge.weight, ENTRY_SUPPLIER, edge.step, edge.weight, None, edge.origin))
    if inbound.any_best is not None:
        offer(Offer(inbound.any_best.cost, inbound.any_best.src, inbound.any_best.step, 1, best_port))
    for key in ports:
        best = inbound.port_best.get(key)
        if best is not None:
            offer(best)
        for proto, low, high, dist, src, step in inbound.ranges:
            if proto == key[0] and low <= key[1] <= high:
                weight = _port_weight(key[1])
                offer(Offer(dist + weight, src, step, weight, key))
    if not reachability:
        return info
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


_PHISHING_ASSET = Step.of("phishing", "phishing")


def supplier_edges_in(t: Topology) -> dict[str, list[ZoneEdge]]:
    """Asset id -> the supplier accesses that reach it (as edges from ``entry:supplier``)."""
    out: dict[str, list[ZoneEdge]] = {}
    for entry in t.entries:
        if not entry.entry.startswith("supplier:"):
            continue
        target = entry.target.removeprefix("asset:")
        sup = t.suppliers[entry.entry.removeprefix("supplier:")]
        access = sup.remote_access
        assert access is not None
        step = supplier_step(sup.id, sup.name, access.method, access.mfa, access.always_on)
        out.setdefault(target, []).append(
            ZoneEdge(ENTRY_SUPPLIER, target, supplier_cost(access.mfa), step, PortSet(any=True), entry.entry)
        )
    return out


def compute_exposure(inv: Inventory | Topology, observed: dict[str, list[PortKey]] | None = None) -> ExposureResult:
    """Exposure of every zone and asset; ``observed`` adds ports seen by a scan (asset id -> ports)."""
    t = build_topology(inv)
    observed = observed or {}
    kinds = t.zone_kind
    edges = build_zone_edges(t, observed)
    priced = distinct_edges(edges)
    reach = zone_dijkstra(priced)
    incoming: dict[str, list[ZoneEdge]] = {}
    for edge in edges:
        incoming.setdefault(edge.dst, []).append(edge)
    priced_in: dict[str, list[ZoneEdge]] = {}
    for edge in priced:
        priced_in.setdefault(edge.dst, []).append(edge)
    supplier_in = supplier_edges_in(t)
    egress = {e.src for e in edges if kinds.get(e.dst) == ZoneKind.internet and not e.src.startswith("entry:")}
    assets: dict[str, AssetExposure] = {}
    inbound = {zone: summarise_inbound(edges_in, reach, kinds) for zone, edges_in in priced_in.items()}
    empty = ZoneInbound()
    lateral = {zone: lateral_step(t, zone) for zone in t.zones}
    for asset in t.inv.assets:
        ports = asset_ports(asset, observed.get(asset.id, ()))
        zone_step = lateral.get(asset.zone) or lateral_step(t, asset.zone)
        info = price_asset(
            asset, ports, reach, inbound.get(asset.zone, empty), kinds, supplier_in.get(asset.id, []), zone_step
        )
        info.internet_egress = asset.zone in egress or kinds.get(asset.zone) == ZoneKind.internet
        assets[asset.id] = info
    _relax_links(t, assets)
    return ExposureResult(
        zones=reach,
        assets=assets,
        incoming=incoming,
        zone_kinds=kinds,
        edges=priced,
        topology=t,
        observed=observed,
        priced_in=priced_in,
    )


def link_step(t: Topology, src: str, port: int | None, authenticated: bool) -> Step:
    return Step.of(
        "link", "link_authenticated" if authenticated else "link_open", from_asset=t.asset_name(src), port=port,
        authenticated=authenticated,
    )  # fmt: skip


def _relax_links(t: Topology, assets: dict[str, AssetExposure]) -> None:
    """One pass: the far end of a link is at most one step (two if authenticated) beyond the near end."""
    for link in t.inv.links:
        near, far = assets.get(link.from_), assets.get(link.to)
        if near is None or far is None or near.cost is None:
            continue
        weight = 2 if link.authenticated else 1
        cost = near.cost + weight
        if far.cost is None or cost < far.cost:
            far.cost = cost
            far.entry = near.entry
            far.origin = near.origin
            far.via_zone = None
            far.via_step = link_step(t, link.from_, link.port, link.authenticated)
            far.via_weight = weight
            far.via_port = ("tcp", link.port) if link.port else None
            far.via_asset = link.from_


def management_ports(kind: str, ports: Iterable[int]) -> list[int]:
    """Open ports of ``ports`` that are management interfaces for an asset of ``kind``."""
    wanted = APPLIANCE_MGMT_PORTS if kind in APPLIANCE_KINDS else LATERAL_PORTS
    return sorted({p for p in ports if p in wanted})
