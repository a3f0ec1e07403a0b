"""Protection-needs inheritance (BSI 200-2 maximum principle), each value with its origin.

Needs flow along these edges (source -> receiver):

* service -> data it uses (C, I, A) and service -> assets it runs on (C, I, A);
* data -> the services that use it (C, I, A), and so on to the assets those
  services run on: the applications that process the data carry its needs;
* data -> assets that store it (C, I, A); data -> assets that hold its backups (C and I);
* data -> both ends of every link that carries it (C, I, A);
* asset -> the host it runs on (C, I, A): applications to servers, VMs to hypervisors;
* asset -> assets it depends on (A only);
* the assets of a zone -> the zone's network devices (A only): switches, routers,
  firewalls and access points carry the zone's highest availability need;
  routers, firewalls and every network device in a management zone carry the
  highest availability need of all internal zones (they connect them).

A receiver keeps the maximum of its own value and every value that reaches it.
The propagation is a bucketed breadth-first search (highest level first), so
it is linear in nodes plus edges, and the first chain that reaches a node
with its final level is recorded as the origin (source first; a chain longer
than ``MAX_ORIGIN`` keeps its source and the nearest hops, so that a
``runs_on`` chain of 10,000 assets stays linear).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from asset_models.models import (
    EXTERNAL_ZONE_KINDS,
    NETWORK_DEVICE_KINDS,
    AssetKind,
    Inventory,
    NeedLevel,
    Needs,
    ZoneKind,
)
from asset_models.topology import Topology, asset_node, build_topology, data_node, service_node, zone_node

PROPERTIES = ("confidentiality", "integrity", "availability")
#: routers and firewalls connect the zones, so they carry every internal zone's availability need
CORE_DEVICE_KINDS = frozenset({AssetKind.router, AssetKind.firewall})
#: virtual node: the highest availability need of all internal zones
ALL_INTERNAL_ZONES = "zone:*internal"
_LEVELS_DESC = (NeedLevel.very_high, NeedLevel.high)
#: relay node of a service for the data it processes (``~service:x``): data -> relay -> the service's hosts
PROCESS_PREFIX = "~"
#: longest origin chain kept: the source and the nearest hops (a chain of 10,000 VMs must not cost n^2)
MAX_ORIGIN = 8


@dataclass(frozen=True)
class NeedTrace:
    """A need level and the chain of typed node references it came from (source first)."""

    level: NeedLevel
    origin: tuple[str, ...] = ()
    own: bool = False


_NORMAL = NeedTrace(NeedLevel.normal)


@dataclass
class NeedsResult:
    """Final needs per typed node reference (``asset:x``, ``data:y``, ``service:z``) and property."""

    values: dict[str, dict[str, NeedTrace]] = field(default_factory=dict)

    def get(self, node: str, prop: str) -> NeedTrace:
        return self.values.get(node, {}).get(prop, _NORMAL)

    def triple(self, node: str) -> tuple[NeedTrace, NeedTrace, NeedTrace]:
        return self.get(node, "confidentiality"), self.get(node, "integrity"), self.get(node, "availability")


def _own(needs: Needs | None, prop: str) -> NeedLevel:
    return NeedLevel.normal if needs is None else NeedLevel(getattr(needs, prop))


def _edges(t: Topology, prop: str) -> dict[str, list[str]]:
    """Inheritance edges for one property: node -> receivers."""
    out: dict[str, list[str]] = {}
    kinds = t.zone_kind

    def add(src: str, dst: str) -> None:
        out.setdefault(src, []).append(dst)

    for svc in t.services.values():
        node = service_node(svc.id)
        relay = PROCESS_PREFIX + node  # the data a service processes reach its hosts, not its other data
        for ref in svc.uses:
            add(node, data_node(ref))
            add(data_node(ref), relay)
        for ref in svc.runs_on:
            add(node, asset_node(ref))
            add(relay, asset_node(ref))
    for item in t.data.values():
        node = data_node(item.id)
        for host in item.stored_on:
            add(node, asset_node(host))
        if prop != "availability":
            for host in item.backup_on:
                add(node, asset_node(host))
        for src, dst in t.carried_by.get(item.id, ()):
            add(node, asset_node(src))
            add(node, asset_node(dst))
    for asset in t.assets.values():
        node = asset_node(asset.id)
        if asset.runs_on:
            add(node, asset_node(asset.runs_on))
        if prop == "availability":
            for dep in asset.depends_on:
                add(node, asset_node(dep))
            if asset.kind in NETWORK_DEVICE_KINDS:
                add(zone_node(asset.zone), node)
                if asset.kind in CORE_DEVICE_KINDS or kinds.get(asset.zone) == ZoneKind.management:
                    add(ALL_INTERNAL_ZONES, node)
            else:
                add(node, zone_node(asset.zone))
    if prop == "availability":
        for zone in t.zones.values():
            if zone.kind not in EXTERNAL_ZONE_KINDS:
                add(zone_node(zone.id), ALL_INTERNAL_ZONES)
    return out


def _own_values(t: Topology, prop: str) -> dict[str, NeedLevel]:
    own: dict[str, NeedLevel] = {}
    for svc in t.services.values():
        own[service_node(svc.id)] = _own(svc.needs, prop)
    for item in t.data.values():
        own[data_node(item.id)] = _own(item.needs, prop)
    for asset in t.assets.values():
        own[asset_node(asset.id)] = _own(asset.needs, prop)
    return own


def _propagate(own: dict[str, NeedLevel], edges: dict[str, list[str]]) -> dict[str, NeedTrace]:
    level: dict[str, NeedLevel] = {}
    parent: dict[str, str | None] = {}
    root: dict[str, str] = {}
    for bucket in _LEVELS_DESC:
        queue: deque[str] = deque()
        for node in sorted(n for n, v in own.items() if v == bucket and n not in level):
            level[node] = bucket
            parent[node] = None
            root[node] = node
            queue.append(node)
        while queue:
            node = queue.popleft()
            for nxt in edges.get(node, ()):
                if nxt not in level:
                    level[nxt] = bucket
                    parent[nxt] = node
                    root[nxt] = root[node]
                    queue.append(nxt)
    result: dict[str, NeedTrace] = {}
    for node, value in level.items():
        if node.startswith(PROCESS_PREFIX):
            continue
        chain: list[str] = []
        cursor = parent[node]
        while cursor is not None and len(chain) < MAX_ORIGIN:
            chain.append(cursor.removeprefix(PROCESS_PREFIX))
            cursor = parent[cursor]
        if cursor is not None:  # a long chain (runs_on of runs_on ...): keep its source and the nearest hops
            chain[-1] = root[node].removeprefix(PROCESS_PREFIX)
        chain.reverse()
        result[node] = NeedTrace(value, tuple(chain), own=not chain)
    return result


def inherit_needs(inv: Inventory | Topology) -> NeedsResult:
    """Needs of every service, data asset, asset and zone after inheritance."""
    t = build_topology(inv)
    result = NeedsResult()
    for prop in PROPERTIES:
        traces = _propagate(_own_values(t, prop), _edges(t, prop))
        for node, trace in traces.items():
            result.values.setdefault(node, {})[prop] = trace
    return result


def max_level(levels: Iterable[NeedLevel]) -> NeedLevel:
    best = NeedLevel.normal
    for value in levels:
        if value.rank > best.rank:
            best = value
    return best


def service_needs(inv: Inventory, needs: NeedsResult) -> dict[str, tuple[NeedTrace, NeedTrace, NeedTrace]]:
    """A service's needs: its own, raised to the highest need of the data it uses (with origin)."""
    out: dict[str, tuple[NeedTrace, NeedTrace, NeedTrace]] = {}
    for svc in inv.services:
        traces = []
        for prop in PROPERTIES:
            best = needs.get(service_node(svc.id), prop)
            for ref in svc.uses:
                candidate = needs.get(data_node(ref), prop)
                if candidate.level.rank > best.level.rank:
                    best = NeedTrace(candidate.level, (*candidate.origin, data_node(ref)))
            traces.append(best)
        out[svc.id] = (traces[0], traces[1], traces[2])
    return out
