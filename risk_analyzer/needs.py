"""Protection-needs inheritance (BSI 200-2 maximum principle), each value with its origin.

Needs flow along these edges (source -> receiver):

* service -> data it uses (C, I, A) and service -> assets it runs on (C, I, A);
* data -> assets that store it (C, I, A); data -> assets that hold its backups (C only);
* asset -> the host it runs on (C, I, A): applications to servers, VMs to hypervisors;
* asset -> assets it depends on (A only);
* the assets of a zone -> the zone's network devices (A only): switches, routers,
  firewalls and access points carry the zone's highest availability need;
  routers, firewalls and every network device in a management zone carry the
  highest availability need of all internal zones (they connect them).

A receiver keeps the maximum of its own value and every value that reaches it.
The propagation is a bucketed breadth-first search (highest level first), so
it is linear in nodes plus edges, and the first chain that reaches a node
with its final level is recorded as the origin (source first).
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

PROPERTIES = ("confidentiality", "integrity", "availability")
#: routers and firewalls connect the zones, so they carry every internal zone's availability need
CORE_DEVICE_KINDS = frozenset({AssetKind.router, AssetKind.firewall})
#: virtual node: the highest availability need of all internal zones
ALL_INTERNAL_ZONES = "zone:*internal"
_LEVELS_DESC = (NeedLevel.very_high, NeedLevel.high)


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


def _edges(inv: Inventory, prop: str) -> dict[str, list[str]]:
    """Inheritance edges for one property: node -> receivers."""
    out: dict[str, list[str]] = {}
    kinds = {z.id: z.kind for z in inv.zones}

    def add(src: str, dst: str) -> None:
        out.setdefault(src, []).append(dst)

    for svc in inv.services:
        for ref in svc.uses:
            add(f"service:{svc.id}", f"data:{ref}")
        for ref in svc.runs_on:
            add(f"service:{svc.id}", f"asset:{ref}")
    for item in inv.data:
        for host in item.stored_on:
            add(f"data:{item.id}", f"asset:{host}")
        if prop == "confidentiality":
            for host in item.backup_on:
                add(f"data:{item.id}", f"asset:{host}")
    for asset in inv.assets:
        if asset.runs_on:
            add(f"asset:{asset.id}", f"asset:{asset.runs_on}")
        if prop == "availability":
            for dep in asset.depends_on:
                add(f"asset:{asset.id}", f"asset:{dep}")
            if asset.kind in NETWORK_DEVICE_KINDS:
                add(f"zone:{asset.zone}", f"asset:{asset.id}")
                if asset.kind in CORE_DEVICE_KINDS or kinds.get(asset.zone) == ZoneKind.management:
                    add(ALL_INTERNAL_ZONES, f"asset:{asset.id}")
            else:
                add(f"asset:{asset.id}", f"zone:{asset.zone}")
    if prop == "availability":
        for zone in inv.zones:
            if zone.kind not in EXTERNAL_ZONE_KINDS:
                add(f"zone:{zone.id}", ALL_INTERNAL_ZONES)
    return out


def _own_values(inv: Inventory, prop: str) -> dict[str, NeedLevel]:
    own: dict[str, NeedLevel] = {}
    for svc in inv.services:
        own[f"service:{svc.id}"] = _own(svc.needs, prop)
    for item in inv.data:
        own[f"data:{item.id}"] = _own(item.needs, prop)
    for asset in inv.assets:
        own[f"asset:{asset.id}"] = _own(asset.needs, prop)
    return own


def _propagate(own: dict[str, NeedLevel], edges: dict[str, list[str]]) -> dict[str, NeedTrace]:
    level: dict[str, NeedLevel] = {}
    parent: dict[str, str | None] = {}
    for bucket in _LEVELS_DESC:
        queue: deque[str] = deque()
        for node in sorted(n for n, v in own.items() if v == bucket and n not in level):
            level[node] = bucket
            parent[node] = None
            queue.append(node)
        while queue:
            node = queue.popleft()
            for nxt in edges.get(node, ()):
                if nxt not in level:
                    level[nxt] = bucket
                    parent[nxt] = node
                    queue.append(nxt)
    result: dict[str, NeedTrace] = {}
    for node, value in level.items():
        chain: list[str] = []
        cursor = parent[node]
        while cursor is not None:
            chain.append(cursor)
            cursor = parent[cursor]
        chain.reverse()
        result[node] = NeedTrace(value, tuple(chain), own=not chain)
    return result


def inherit_needs(inv: Inventory) -> NeedsResult:
    """Needs of every service, data asset, asset and zone after inheritance."""
    result = NeedsResult()
    for prop in PROPERTIES:
        traces = _propagate(_own_values(inv, prop), _edges(inv, prop))
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
            best = needs.get(f"service:{svc.id}", prop)
            for ref in svc.uses:
                candidate = needs.get(f"data:{ref}", prop)
                if candidate.level.rank > best.level.rank:
                    best = NeedTrace(candidate.level, (*candidate.origin, f"data:{ref}"))
            traces.append(best)
        out[svc.id] = (traces[0], traces[1], traces[2])
    return out
