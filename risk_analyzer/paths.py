"""Attack paths per entry point: the cheapest path from EACH kind of entry point to every high-need data asset.

The kinds of entry point are the internet, the guest Wi-Fi, phishing of
workstation users and the suppliers with remote access. The suppliers are
one entry point together (:data:`ANY_SUPPLIER`): the supplier path to a data
asset is the cheapest over all suppliers, and its first hop names the
supplier it runs through. Each supplier also keeps its own paths to the
high-need data on the systems its remote access reaches (and those running
on them), at most
:data:`SUPPLIER_PATHS` (so the measure on its access names the paths it
breaks). (Until 2026-12 each supplier was an entry point of its own, priced
against every data asset; with hundreds of suppliers the paths grew with the
square of the inventory: 1.28 million at 100,000 assets.)

For every entry point one Dijkstra run over the small zone graph
(:func:`risk_analyzer.exposure.zone_dijkstra` restricted to that entry) gives
the cheapest foothold per zone; the assets through which a data asset can be
read are then priced from those footholds exactly as the exposure stage prices
every asset (same edges, same costs). Shortest paths only: the work is four
runs of (zones + flows + the data assets' hosts), never an enumeration of
simple paths; each supplier's own paths cost one Dijkstra over the zones
and the systems its access reaches.

An attacker reads a data asset on any asset that stores it, processes it (the
applications of the services that use it) or holds a backup copy; the last hop
costs ``DATA_HOP_COST`` (privileges on the host or the database).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from asset_models.models import ENDPOINT_KINDS, NeedLevel
from asset_models.topology import ENTRY_GUEST, ENTRY_INTERNET, ENTRY_PHISHING, Topology, asset_node, data_node
from risk_analyzer.exposure import (
    AssetExposure,
    EntryEdges,
    ExposureResult,
    PortKey,
    RawHop,
    ZoneEdge,
    ZoneInbound,
    ZoneReach,
    asset_ports,
    entry_hop,
    lateral_step,
    link_step,
    price_asset,
    summarise_inbound,
    supplier_edges_in,
)
from risk_analyzer.needs import PROPERTIES, NeedsResult
from risk_analyzer.pathtext import Step
from risk_analyzer.structure import hosted_subtree

#: reaching data on a compromised host takes one more step (privileges on the host or the database)
DATA_HOP_COST = 1
_ENTRY_ORDER = {ENTRY_INTERNET: 0, ENTRY_GUEST: 1, ENTRY_PHISHING: 2}
#: every supplier with remote access, as one entry point (a path from it names its supplier)
ANY_SUPPLIER = "supplier:*"
#: at most this many paths of one supplier of its own (see ``_own_access_paths``), the easiest first
SUPPLIER_PATHS = 25


@dataclass(frozen=True, slots=True)
class EntryPath:
    """The cheapest path from one entry point to one data asset."""

    target: str  # data id
    origin: str  # entry:internet | entry:guest_wifi | entry:phishing | supplier:<id> (the supplier it runs through)
    cost: int
    via_asset: str
    hops: tuple[RawHop, ...]

    @property
    def entry_point(self) -> str:
        return "supplier" if self.origin.startswith("supplier:") else self.origin.removeprefix("entry:")

    @property
    def supplier(self) -> str | None:
        return self.origin.removeprefix("supplier:") if self.origin.startswith("supplier:") else None


def entry_origins(t: Topology) -> list[str]:
    """The entry points of the topology, in a fixed order: internet, guest, phishing, then :data:`ANY_SUPPLIER`."""
    found = {ANY_SUPPLIER if e.entry.startswith("supplier:") else e.entry for e in t.entries}
    return sorted(found, key=lambda o: (_ENTRY_ORDER.get(o, 3), o))


def _from_origin(edge_origin: str, origin: str) -> bool:
    """Whether an entry edge of ``edge_origin`` (one supplier, or a fixed entry) belongs to entry point ``origin``."""
    return edge_origin == origin or (origin == ANY_SUPPLIER and edge_origin.startswith("supplier:"))


@dataclass
class _PerEntry:
    origin: str
    reach: ZoneReach
    inbound: dict[str, ZoneInbound] = field(default_factory=dict)
    priced: dict[str, AssetExposure] = field(default_factory=dict)
    #: ``EntryPricer.price`` per asset (links followed), each asset once per entry point
    final: dict[str, AssetExposure] = field(default_factory=dict)
    #: the price of a class of link sources (see ``EntryPricer.links_to``)
    by_class: dict[int, AssetExposure] = field(default_factory=dict)
    phishing: bool = False  # the entry point is phishing (workstations are a way in)
    #: hops per (asset, id of a price kept above)
    hop_lists: dict[tuple[str, int], tuple[RawHop, ...]] = field(default_factory=dict)
    #: assets of one zone with the same open ports, endpoint kind and supplier access price the same
    shapes: dict[object, AssetExposure] = field(default_factory=dict)


class EntryPricer:
    """Prices assets from one entry point at a time (lazily, each asset once per entry point)."""

    def __init__(self, exposure: ExposureResult, t: Topology) -> None:
        self.t = t
        self.exposure = exposure
        self.edges: list[ZoneEdge] = exposure.edges
        self._zone_edges = EntryEdges(self.edges)
        self.supplier_in = supplier_edges_in(t)
        #: per target: (source, port, authenticated) of each way in over a link; sources of one class (zone, open
        #: ports, endpoint, supplier accesses) price alike from every entry point, so each class is tried once per
        #: target and port; ``link_keys`` holds (class number, weight) of the same ways, in the same order
        self.links_to: dict[str, list[tuple[str, int | None, bool]]] = {}
        self.link_keys: dict[str, list[tuple[int, int]]] = {}
        self._per: dict[str, _PerEntry] = {}
        #: per asset, what does not depend on the entry point: open ports and the shape without supplier accesses
        self._base: dict[str, tuple[list[PortKey], tuple[object, ...], int]] = {}
        self._shape_numbers: dict[tuple[object, ...], int] = {}
        self._lateral_steps: dict[str, Step] = {}
        self._unreached = AssetExposure()  # read only, shared by every asset an entry point cannot reach
        classes: dict[tuple[object, ...], int] = {}
        seen: set[tuple[object, ...]] = set()
        for link in t.inv.links:
            if link.from_ not in t.assets:
                continue
            origins = tuple(sorted(e.origin for e in self.supplier_in.get(link.from_, [])))
            cls = classes.setdefault((*self._asset_base(link.from_)[1], origins), len(classes))
            key = (link.to, cls, link.port, link.authenticated)
            if key not in seen:
                seen.add(key)
                self.links_to.setdefault(link.to, []).append((link.from_, link.port, link.authenticated))
                self.link_keys.setdefault(link.to, []).append((cls, 2 if link.authenticated else 1))

    def _asset_base(self, ref: str) -> tuple[list[PortKey], tuple[object, ...], int]:
        """Open ports, the shape without supplier accesses, and that shape's number."""
        base = self._base.get(ref)
        if base is None:
            asset = self.t.assets[ref]
            ports = asset_ports(asset, self.exposure.observed.get(ref, ()))
            shape = (asset.zone, tuple(ports), asset.kind in ENDPOINT_KINDS)
            base = self._base[ref] = (ports, shape, self._shape_numbers.setdefault(shape, len(self._shape_numbers)))
        return base

    def _lateral(self, zone: str) -> Step:
        step = self._lateral_steps.get(zone)
        if step is None:
            step = self._lateral_steps[zone] = lateral_step(self.t, zone)
        return step

    def forget(self, origin: str) -> None:
        """Drop what was priced from ``origin`` (prices and hops already handed out stay valid)."""
        self._per.pop(origin, None)

    def _state(self, origin: str) -> _PerEntry:
        state = self._per.get(origin)
        if state is None:
            edges = self._zone_edges
            reach = edges.reach_any("supplier:") if origin == ANY_SUPPLIER else edges.reach(origin)
            state = self._per[origin] = _PerEntry(origin, reach, phishing=origin == ENTRY_PHISHING)
        return state

    def _price_direct(self, state: _PerEntry, ref: str) -> AssetExposure:
        info = state.priced.get(ref)
        if info is not None:
            return info
        asset = self.t.assets[ref]
        zone = asset.zone
        edges_in = self.supplier_in.get(ref)
        suppliers = [e for e in edges_in if _from_origin(e.origin, state.origin)] if edges_in else []
        if not suppliers and zone not in state.reach.cost and not (state.phishing and asset.kind in ENDPOINT_KINDS):
            # no way in: every offer into the zone starts in a zone this entry point reaches, so it has none
            state.priced[ref] = self._unreached
            return self._unreached
        ports, _base, number = self._asset_base(ref)
        shape = (number, tuple(e.step for e in suppliers)) if suppliers else number
        shared = state.shapes.get(shape)
        if shared is not None:
            state.priced[ref] = shared
            return shared
        inbound = state.inbound.get(zone)
        if inbound is None:
            incoming = self.exposure.priced_in.get(zone, [])
            inbound = state.inbound[zone] = summarise_inbound(incoming, state.reach, self.t.zone_kind, False)
        info = price_asset(
            asset, ports, state.reach, inbound, self.t.zone_kind, suppliers, self._lateral(zone),
            phishing=state.phishing, reachability=False,
        )  # fmt: skip
        state.priced[ref] = state.shapes[shape] = info
        return info

    def price(self, origin: str, ref: str) -> AssetExposure:
        """The cheapest way into asset ``ref`` from entry point ``origin`` (links followed one step)."""
        state = self._state(origin)
        known = state.final.get(ref)
        if known is not None:
            return known
        info = self._price_direct(state, ref)
        keys = self.link_keys.get(ref)
        if keys:
            by_class = state.by_class
            best, best_at, best_near = info.cost, -1, info
            for at, (cls, weight) in enumerate(keys):
                near = by_class.get(cls)
                if near is None:
                    near = by_class[cls] = self._price_direct(state, self.links_to[ref][at][0])
                cost = near.cost
                if cost is not None and (best is None or cost + weight < best):
                    best, best_at, best_near = cost + weight, at, near
            if best_at >= 0:
                src, port, authenticated = self.links_to[ref][best_at]
                weight = keys[best_at][1]
                info = AssetExposure(
                    cost=best, entry=best_near.entry, via_step=link_step(self.t, src, port, authenticated),
                    via_weight=weight, via_port=("tcp", port) if port else None, via_asset=src,
                    origin=best_near.origin,
                )  # fmt: skip
        state.final[ref] = info
        return info

    def hops(self, origin: str, ref: str, info: AssetExposure) -> list[RawHop]:
        """The hops into ``ref`` priced as ``info`` (a price this pricer keeps: the hops are kept with it)."""
        state = self._state(origin)
        key = (ref, id(info))
        known = state.hop_lists.get(key)
        if known is None:
            known = state.hop_lists[key] = tuple(self._hops(state, origin, ref, info))
        return list(known)

    def _hops(self, state: _PerEntry, origin: str, ref: str, info: AssetExposure) -> list[RawHop]:
        last = RawHop(asset_node(ref), info.via_step, info.cost or 0, info.via_weight, (ref, info.via_port))
        if info.via_asset is not None:
            near = self._price_direct(state, info.via_asset)
            return [*self.hops(origin, info.via_asset, near), last]
        if info.via_zone is None:
            return [last]
        via = info.via_zone
        base = [entry_hop(via, info.origin or origin)] if via.startswith("entry:") else state.reach.path(via)
        if base and base[0].node.startswith("entry:") and origin.startswith("supplier:") and origin != ANY_SUPPLIER:
            base[0] = entry_hop(base[0].node, origin)
        return [*base, last]


def data_access(t: Topology, data_id: str) -> list[tuple[str, Step]]:
    """(asset, step) for every asset on which a data asset can be read, in a fixed order."""
    item = t.data[data_id]
    out: list[tuple[str, Step]] = []
    seen: set[str] = set()
    for host in sorted(item.stored_on):
        if host in t.assets and host not in seen:
            seen.add(host)
            out.append((host, Step.of("stored_on", "data_access", asset=t.asset_name(host))))
    for host, via in sorted(t.processing_assets(data_id)):
        if host in t.assets and host not in seen and via.startswith("service:"):
            seen.add(host)
            service = t.label(via)
            out.append((host, Step.of("processed_on", "data_access", asset=t.asset_name(host), service=service)))
    for host in sorted(item.backup_on):
        if host in t.assets and host not in seen:
            seen.add(host)
            out.append((host, Step.of("backup_on", "data_access", asset=t.asset_name(host))))
    return out


def high_need_data(t: Topology, needs: NeedsResult) -> list[str]:
    """Ids of the data assets with some need high or very high (after inheritance), sorted."""
    out = []
    for ref in sorted(t.data):
        if any(needs.get(data_node(ref), p).level.rank >= NeedLevel.high.rank for p in PROPERTIES):
            out.append(ref)
    return out


def _path_origin(origin: str, hops: list[RawHop]) -> str:
    """The origin a path runs from: for :data:`ANY_SUPPLIER`, the supplier its first hop names."""
    if origin != ANY_SUPPLIER:
        return origin
    supplier = hops[0].step.arg_dict().get("supplier_id") if hops else None
    if not supplier:
        raise AssertionError(f"a supplier path without its supplier: {hops[:1]}")
    return f"supplier:{supplier}"


def entry_paths(exposure: ExposureResult, t: Topology, needs: NeedsResult) -> list[EntryPath]:
    """For every high-need data asset, the cheapest path from each entry point that reaches it (suppliers as one).

    Worked out one entry point at a time, whose prices are then dropped (at 100k assets, keeping the
    prices of every entry point took gigabytes); returned by data asset, then entry point.
    """
    pricer = EntryPricer(exposure, t)
    origins = entry_origins(t)
    targets = [(data_id, data_access(t, data_id)) for data_id in high_need_data(t, needs)]
    found: dict[tuple[int, int], EntryPath] = {}
    for o, origin in enumerate(origins):
        for d, (data_id, access) in enumerate(targets):
            best: tuple[int, str, Step, AssetExposure] | None = None
            for host, step in access:
                info = pricer.price(origin, host)
                if info.cost is not None and (best is None or info.cost < best[0]):
                    best = (info.cost, host, step, info)
            if best is None:
                continue
            cost, host, step, info = best
            hops = pricer.hops(origin, host, info)
            total = cost + DATA_HOP_COST
            hops.append(RawHop(data_node(data_id), step, total, DATA_HOP_COST))
            found[(d, o)] = EntryPath(data_id, _path_origin(origin, hops), total, host, tuple(hops))
        pricer.forget(origin)
    _own_access_paths(pricer, targets, found, len(origins))
    return [found[key] for key in sorted(found)]


def _own_access_paths(
    pricer: EntryPricer, targets: list[tuple[str, list[tuple[str, Step]]]], found: dict[tuple[int, int], EntryPath],
    first: int,
) -> None:
    """Add each supplier's own paths to the high-need data on the systems its remote access lands on.

    The suppliers together give one path per data asset (the cheapest through any of them); each supplier
    also keeps its cheapest path to every high-need data asset stored, processed or backed up on a system it
    reaches by its own access, or on a system that runs on one of those (an application on its server, a
    virtual machine on its hypervisor), at most :data:`SUPPLIER_PATHS`, the easiest first: the measure on
    that supplier's access names the paths it breaks. The work is the suppliers' accesses and the data on
    those systems: linear in the inventory.
    """
    t = pricer.t
    on_host: dict[str, list[tuple[int, Step]]] = {}
    for d, (_data_id, access) in enumerate(targets):
        for host, step in access:
            on_host.setdefault(host, []).append((d, step))
    landing: dict[str, set[str]] = {}
    for host, edges in pricer.supplier_in.items():
        below = hosted_subtree(host, t.hosted)
        for edge in edges:
            landing.setdefault(edge.origin, set()).update(below)
    chosen = {d: path.origin for (d, _o), path in found.items() if path.supplier is not None}
    for s, origin in enumerate(sorted(landing)):
        best: dict[int, tuple[int, str, Step, AssetExposure]] = {}
        for host in sorted(landing[origin]):
            if host not in on_host:
                continue
            info = pricer.price(origin, host)
            if info.cost is None:
                continue
            for d, step in on_host[host]:
                if d not in best or info.cost < best[d][0]:
                    best[d] = (info.cost, host, step, info)
        ranked = sorted((cost, targets[d][0], d) for d, (cost, *_rest) in best.items() if chosen.get(d) != origin)
        for _cost, data_id, d in ranked[:SUPPLIER_PATHS]:
            cost, host, step, info = best[d]
            hops = pricer.hops(origin, host, info)
            total = cost + DATA_HOP_COST
            hops.append(RawHop(data_node(data_id), step, total, DATA_HOP_COST))
            found[(d, first + s)] = EntryPath(data_id, origin, total, host, tuple(hops))
        pricer.forget(origin)

