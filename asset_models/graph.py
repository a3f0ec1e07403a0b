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

from asset_models.models import Inventory
from asset_models.topology import (
    ENTRY_GUEST,
    ENTRY_INTERNET,
    ENTRY_PHISHING,
    Topology,
    asset_node,
    build_topology,
    data_node,
    zone_node,
)


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


def build_graph(inv: Inventory | Topology) -> nx.MultiDiGraph:
    """The inventory as a graph; linear in the number of items and references."""
    return build_topology(inv).graph


def graph_from_topology(t: Topology) -> nx.MultiDiGraph:
    """The graph of a topology (use ``Topology.graph``, which builds it once)."""
    inv = t.inv
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
        add_edge(asset_node(asset.id), zone_node(asset.zone), EdgeType.in_zone)
        if asset.runs_on:
            add_edge(asset_node(asset.id), asset_node(asset.runs_on), EdgeType.runs_on)
        for dep in asset.depends_on:
            add_edge(asset_node(asset.id), asset_node(dep), EdgeType.depends_on)
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
            add_edge(asset_node(host), data_key, EdgeType.stores)
        for host in item.backup_on:
            add_edge(asset_node(host), data_key, EdgeType.backup)
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
            add_edge(service_key, data_node(ref), EdgeType.uses)
        for ref in service.runs_on:
            add_edge(service_key, asset_node(ref), EdgeType.runs_on)
    for n, link in enumerate(inv.links):
        add_edge(
            asset_node(link.from_),
            asset_node(link.to),
            EdgeType.link,
            key=f"link-{n}",
            protocol=link.protocol,
            port=link.port,
            encrypted=link.encrypted,
            authenticated=link.authenticated,
        )
    for n, flow in enumerate(inv.zone_flows):
        ports = "any" if flow.ports == "any" else ",".join(flow.ports)
        add_edge(zone_node(flow.from_), zone_node(flow.to), EdgeType.flow, key=f"flow-{n}", ports=ports)
    for supplier in inv.suppliers:
        add_node(NodeType.supplier, supplier.id, supplier.name)
    labels = {ENTRY_INTERNET: "Internet", ENTRY_GUEST: "Guest Wi-Fi", ENTRY_PHISHING: "Phishing"}
    for edge in t.entries:
        if edge.entry.startswith("supplier:"):
            sup = t.suppliers[edge.entry.removeprefix("supplier:")]
            access = sup.remote_access
            assert access is not None
            add_edge(edge.entry, edge.target, EdgeType.remote_access, method=access.method.value, mfa=access.mfa)
            continue
        if edge.entry not in g:
            ref = edge.entry.removeprefix("entry:")
            g.add_node(edge.entry, type=NodeType.entry.value, ref=ref, label=labels[edge.entry])
        g.add_edge(edge.entry, edge.target, key=EdgeType.entry.value, type=EdgeType.entry.value)
    return g


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
