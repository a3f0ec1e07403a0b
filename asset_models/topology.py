"""The inventory's topology, built once: lookup tables, typed node ids, entry points and the graph.

Every stage that needs to know what runs on what, what stores or carries which
data, which zones connect and where an attacker starts reads it from here:
protection-needs inheritance, exposure and attack paths, structure (single
points of failure, blast radius), the network picture of the report and
``lsgrisk graph``. Building it is linear in the size of the inventory.

Node ids are typed (``asset:srv-db01``, ``data:reg-property``, ``zone:lan``,
``service:svc-tax``, ``supplier:vendor-x``, ``entry:internet``) and made only by
:func:`asset_models.graph.node_id` (through the helpers below).

Entry points (one definition for the analysis and the exported graph):

* ``entry:internet`` -> every internet zone;
* ``entry:guest_wifi`` -> every guest zone;
* ``entry:phishing`` -> every workstation and laptop (its user opens the mail);
* each supplier with remote access -> every asset it reaches (the supplier node
  ``supplier:<id>`` is its own entry point).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from asset_models.models import (
    ENDPOINT_KINDS,
    Asset,
    Data,
    Inventory,
    Service,
    Supplier,
    Zone,
    ZoneKind,
)

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

ENTRY_INTERNET = "entry:internet"
ENTRY_GUEST = "entry:guest_wifi"
ENTRY_PHISHING = "entry:phishing"
ENTRY_SUPPLIER = "entry:supplier"


def asset_node(ref: str) -> str:
    return f"asset:{ref}"


def data_node(ref: str) -> str:
    return f"data:{ref}"


def zone_node(ref: str) -> str:
    return f"zone:{ref}"


def service_node(ref: str) -> str:
    return f"service:{ref}"


def supplier_node(ref: str) -> str:
    return f"supplier:{ref}"


def split_node(node: str) -> tuple[str, str]:
    """``asset:srv1`` -> (``asset``, ``srv1``)."""
    kind, _, ref = node.partition(":")
    return kind, ref


@dataclass(frozen=True)
class EntryEdge:
    """Where an attacker starts: an entry node and the zone or asset it reaches."""

    entry: str  # entry:internet | entry:guest_wifi | entry:phishing | supplier:<id>
    target: str  # typed node: zone:x or asset:y


@dataclass
class Topology:
    """Lookup tables over one inventory (read-only after construction)."""

    inv: Inventory
    zones: dict[str, Zone] = field(default_factory=dict)
    assets: dict[str, Asset] = field(default_factory=dict)
    data: dict[str, Data] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    suppliers: dict[str, Supplier] = field(default_factory=dict)
    zone_kind: dict[str, ZoneKind] = field(default_factory=dict)
    zone_name: dict[str, str] = field(default_factory=dict)
    zone_assets: dict[str, list[str]] = field(default_factory=dict)
    hosted: dict[str, list[str]] = field(default_factory=dict)  # host -> assets running on it
    dependents: dict[str, list[str]] = field(default_factory=dict)  # asset -> assets that depend on it
    data_on: dict[str, list[str]] = field(default_factory=dict)  # host -> data stored on it
    backups_on: dict[str, list[str]] = field(default_factory=dict)  # host -> data backed up on it
    used_by: dict[str, list[str]] = field(default_factory=dict)  # data -> services that use it
    services_on: dict[str, list[str]] = field(default_factory=dict)  # asset -> services running on it
    carried_by: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # data -> link ends (from, to)
    supplier_access: dict[str, list[str]] = field(default_factory=dict)  # asset -> supplier ids reaching it
    entries: list[EntryEdge] = field(default_factory=list)

    @classmethod
    def build(cls, inv: Inventory) -> Topology:
        t = cls(inv=inv)
        for zone in inv.zones:
            t.zones[zone.id] = zone
            t.zone_kind[zone.id] = zone.kind
            t.zone_name[zone.id] = zone.name or zone.id
        for asset in inv.assets:
            t.assets[asset.id] = asset
            t.zone_assets.setdefault(asset.zone, []).append(asset.id)
            if asset.runs_on:
                t.hosted.setdefault(asset.runs_on, []).append(asset.id)
            for dep in asset.depends_on:
                t.dependents.setdefault(dep, []).append(asset.id)
        for item in inv.data:
            t.data[item.id] = item
            for host in item.stored_on:
                t.data_on.setdefault(host, []).append(item.id)
            for host in item.backup_on:
                t.backups_on.setdefault(host, []).append(item.id)
        for svc in inv.services:
            t.services[svc.id] = svc
            for ref in svc.uses:
                t.used_by.setdefault(ref, []).append(svc.id)
            for ref in svc.runs_on:
                t.services_on.setdefault(ref, []).append(svc.id)
        for link in inv.links:
            for ref in link.carries:
                t.carried_by.setdefault(ref, []).append((link.from_, link.to))
        for sup in inv.suppliers:
            t.suppliers[sup.id] = sup
            if sup.remote_access is not None:
                for target in sup.remote_access.to:
                    t.supplier_access.setdefault(target, []).append(sup.id)
        t.entries = _entry_edges(inv)
        return t

    def processing_assets(self, data_id: str) -> list[tuple[str, str]]:
        """(asset, via) pairs of the assets that process a data asset: the hosts of the services that
        use it (via ``service:<id>``) and the ends of links that carry it (via ``link``)."""
        out: list[tuple[str, str]] = []
        for svc_id in self.used_by.get(data_id, ()):
            for host in self.services[svc_id].runs_on:
                out.append((host, service_node(svc_id)))
        for src, dst in self.carried_by.get(data_id, ()):
            out.append((src, "link"))
            out.append((dst, "link"))
        return out

    def asset_name(self, ref: str) -> str:
        asset = self.assets.get(ref)
        return asset.name if asset is not None else ref

    def label(self, node: str) -> str:
        """The name of a typed node as the inventory writes it (the id when it has no name)."""
        kind, ref = split_node(node)
        if kind == "asset":
            return self.asset_name(ref)
        if kind == "zone":
            return self.zone_name.get(ref, ref)
        if kind == "data":
            item = self.data.get(ref)
            return item.name if item is not None else ref
        if kind == "service":
            svc = self.services.get(ref)
            return svc.name if svc is not None else ref
        if kind == "supplier":
            sup = self.suppliers.get(ref)
            return sup.name if sup is not None else ref
        return ref

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The inventory as a typed networkx MultiDiGraph (see :mod:`asset_models.graph`)."""
        from asset_models.graph import graph_from_topology

        return graph_from_topology(self)


def _entry_edges(inv: Inventory) -> list[EntryEdge]:
    out: list[EntryEdge] = []
    for zone in inv.zones:
        if zone.kind == ZoneKind.internet:
            out.append(EntryEdge(ENTRY_INTERNET, zone_node(zone.id)))
        elif zone.kind == ZoneKind.guest:
            out.append(EntryEdge(ENTRY_GUEST, zone_node(zone.id)))
    for asset in inv.assets:
        if asset.kind in ENDPOINT_KINDS:
            out.append(EntryEdge(ENTRY_PHISHING, asset_node(asset.id)))
    for sup in inv.suppliers:
        if sup.remote_access is not None:
            for target in sup.remote_access.to:
                out.append(EntryEdge(supplier_node(sup.id), asset_node(target)))
    return out


def build_topology(inv: Inventory | Topology) -> Topology:
    """The topology of an inventory (a topology is returned as it is)."""
    return inv if isinstance(inv, Topology) else Topology.build(inv)
