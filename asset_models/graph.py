"""The inventory as a typed networkx MultiDiGraph.

Nodes are keyed ``"<type>:<id>"`` and carry scalar attributes only (so that
the graph exports to GraphML, JSON and DOT unchanged); analysis code looks
the full model objects up in the inventory by ``ref``. Building the graph is
linear in the size of the inventory.

Edge directions read as sentences: asset *in_zone* zone, asset *runs_on*
host, asset *depends_on* asset, asset *stores* data, service *uses* data,
service *runs_on* asset, asset *link* asset, zone *flow* zone, supplier
*remote_access* asset, data *exchange* party, entry point *entry* zone/asset.
"""

from __future__ import annotations

import json
import re
from enum import Enum
from typing import Any

import networkx as nx

from asset_models.models import ENDPOINT_KINDS, Inventory, ZoneKind


class NodeType(str, Enum):
    zone = "zone"
    asset = "asset"
    data = "data"
    service = "service"
    supplier = "supplier"
    party = "party"
    entry = "entry"


class EdgeType(str, Enum):
    in_zone = "in_zone"
    runs_on = "runs_on"
    depends_on = "depends_on"
    stores = "stores"
    backup = "backup"
    uses = "uses"
    link = "link"
    flow = "flow"
    remote_access = "remote_access"
    exchange = "exchange"
    entry = "entry"


class EntryPoint(str, Enum):
    """Where an attacker starts (PRODUCT.md, analysis method)."""

    internet = "internet"
    guest_wifi = "guest_wifi"
    phishing = "phishing"
    supplier = "supplier"


def node_id(kind: NodeType, ref: str) -> str:
    return f"{kind.value}:{ref}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "party"


def build_graph(inv: Inventory) -> nx.MultiDiGraph:
    """The inventory as a graph; linear in the number of items and references."""
    g: nx.MultiDiGraph = nx.MultiDiGraph(municipality=inv.municipality.name, code=inv.municipality.code)

    def add_node(ntype: NodeType, ref: str, label: str, **attrs: Any) -> str:
        key = node_id(ntype, ref)
        clean = {k: (v.value if isinstance(v, Enum) else v) for k, v in attrs.items() if v is not None}
        g.add_node(key, type=ntype.value, ref=ref, label=label, **clean)
        return key

    def add_edge(a: str, b: str, etype: EdgeType, key: str | None = None, **attrs: Any) -> None:
        clean = {k: v for k, v in attrs.items() if v is not None}
        g.add_edge(a, b, key=key or etype.value, type=etype.value, **clean)

    for zone in inv.zones:
        add_node(NodeType.zone, zone.id, zone.name or zone.id, kind=zone.kind, cidrs=",".join(map(str, zone.cidrs)))
    for asset in inv.assets:
        add_node(NodeType.asset, asset.id, asset.name, kind=asset.kind, zone=asset.zone, quantity=asset.quantity)
        add_edge(node_id(NodeType.asset, asset.id), node_id(NodeType.zone, asset.zone), EdgeType.in_zone)
        if asset.runs_on:
            add_edge(node_id(NodeType.asset, asset.id), node_id(NodeType.asset, asset.runs_on), EdgeType.runs_on)
        for dep in asset.depends_on:
            add_edge(node_id(NodeType.asset, asset.id), node_id(NodeType.asset, dep), EdgeType.depends_on)
    for item in inv.data:
        data_key = add_node(
            NodeType.data,
            item.id,
            item.name,
            kind=item.kind,
            classification=item.classification,
            personal_data=item.personal_data,
        )
        for host in item.stored_on:
            add_edge(node_id(NodeType.asset, host), data_key, EdgeType.stores)
        for host in item.backup_on:
            add_edge(node_id(NodeType.asset, host), data_key, EdgeType.backup)
        for n, exchange in enumerate(item.exchanges):
            party = node_id(NodeType.party, _slug(exchange.with_))
            if party not in g:
                add_node(NodeType.party, _slug(exchange.with_), exchange.with_)
            add_edge(
                data_key, party, EdgeType.exchange, key=f"exchange-{n}", via=exchange.via.value,
                direction=exchange.direction.value,
            )
    for service in inv.services:
        service_key = add_node(NodeType.service, service.id, service.name, audience=service.audience)
        for ref in service.uses:
            add_edge(service_key, node_id(NodeType.data, ref), EdgeType.uses)
        for ref in service.runs_on:
            add_edge(service_key, node_id(NodeType.asset, ref), EdgeType.runs_on)
    for n, link in enumerate(inv.links):
        add_edge(
            node_id(NodeType.asset, link.from_),
            node_id(NodeType.asset, link.to),
            EdgeType.link,
            key=f"link-{n}",
            protocol=link.protocol,
            port=link.port,
            encrypted=link.encrypted,
            authenticated=link.authenticated,
        )
    for n, flow in enumerate(inv.zone_flows):
        ports = "any" if flow.ports == "any" else ",".join(flow.ports)
        add_edge(
            node_id(NodeType.zone, flow.from_), node_id(NodeType.zone, flow.to), EdgeType.flow,
            key=f"flow-{n}", ports=ports,
        )
    for supplier in inv.suppliers:
        supplier_key = add_node(NodeType.supplier, supplier.id, supplier.name)
        if supplier.remote_access is not None:
            access = supplier.remote_access
            for ref in access.to:
                add_edge(
                    supplier_key, node_id(NodeType.asset, ref), EdgeType.remote_access,
                    method=access.method.value, mfa=access.mfa,
                )
    _add_entry_points(g, inv)
    return g


def _add_entry_points(g: nx.MultiDiGraph, inv: Inventory) -> None:
    """Entry points: the internet, guest wifi, phishing of staff devices, supplier access."""
    internet = node_id(NodeType.entry, EntryPoint.internet.value)
    guest = node_id(NodeType.entry, EntryPoint.guest_wifi.value)
    phishing = node_id(NodeType.entry, EntryPoint.phishing.value)
    for zone in inv.zones:
        if zone.kind == ZoneKind.internet:
            g.add_node(internet, type=NodeType.entry.value, ref=EntryPoint.internet.value, label="Internet")
            g.add_edge(internet, node_id(NodeType.zone, zone.id), key=EdgeType.entry.value, type=EdgeType.entry.value)
        elif zone.kind == ZoneKind.guest:
            g.add_node(guest, type=NodeType.entry.value, ref=EntryPoint.guest_wifi.value, label="Guest Wi-Fi")
            g.add_edge(guest, node_id(NodeType.zone, zone.id), key=EdgeType.entry.value, type=EdgeType.entry.value)
    for asset in inv.assets:
        if asset.kind in ENDPOINT_KINDS:
            g.add_node(phishing, type=NodeType.entry.value, ref=EntryPoint.phishing.value, label="Phishing")
            g.add_edge(phishing, node_id(NodeType.asset, asset.id), key=EdgeType.entry.value, type=EdgeType.entry.value)


# --------------------------------------------------------------------------- exports


def graph_to_json(g: nx.MultiDiGraph) -> str:
    """Node-link JSON, sorted, byte-identical for the same inventory."""
    nodes = [{"id": n, **g.nodes[n]} for n in sorted(g.nodes)]
    edges = sorted(
        ({"source": u, "target": v, "key": k, **d} for u, v, k, d in g.edges(keys=True, data=True)),
        key=lambda e: (e["source"], e["target"], str(e["key"])),
    )
    return json.dumps({"graph": dict(sorted(g.graph.items())), "nodes": nodes, "edges": edges},
                      ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def graph_to_graphml(g: nx.MultiDiGraph) -> str:
    ordered: nx.MultiDiGraph = nx.MultiDiGraph(**g.graph)
    for n in sorted(g.nodes):
        ordered.add_node(n, **g.nodes[n])
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        ordered.add_edge(u, v, key=k, **d)
    return "\n".join(nx.generate_graphml(ordered)) + "\n"


_DOT_SHAPES = {
    "zone": "box3d", "asset": "box", "data": "cylinder", "service": "component",
    "supplier": "house", "party": "note", "entry": "doublecircle",
}


def _dot_quote(text: Any) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def graph_to_dot(g: nx.MultiDiGraph) -> str:
    lines = ["digraph inventory {", "  rankdir=LR;", "  node [fontname=\"Helvetica\"];"]
    for n in sorted(g.nodes):
        attrs = g.nodes[n]
        shape = _DOT_SHAPES.get(attrs.get("type", ""), "ellipse")
        lines.append(f"  {_dot_quote(n)} [label={_dot_quote(attrs.get('label', n))}, shape={shape}];")
    for u, v, _k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        label = d.get("type", "")
        if d.get("ports"):
            label += f" {d['ports']}"
        lines.append(f"  {_dot_quote(u)} -> {_dot_quote(v)} [label={_dot_quote(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
