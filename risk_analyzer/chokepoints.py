"""Choke points: the smallest set of hops whose removal cuts every attack path to the crown jewels.

The hop graph joins a super-source to every entry point and every high-need data
asset to a super-sink. Removable hops have capacity 1: each permitted zone flow,
the links from one zone to one asset (one firewall rule), each supplier's access
to an asset, and the reach of a crown-jewel host (isolating the host or closing
its services: every network way into it, from its zone or over links, passes there).
Entry points themselves (the internet, guests, phishing) and storage are not
removable (infinite capacity). A minimum cut (:mod:`risk_analyzer.mincut`, max-flow/min-cut) gives
the fewest hops that separate all entry points from all crown jewels; they are
reported in ``analysis.json`` (``choke_points``) and lift the root causes and
treatment actions that remove them.
"""

from __future__ import annotations

from dataclasses import dataclass

from asset_models.models import ZoneKind
from asset_models.topology import (
    ENTRY_GUEST,
    ENTRY_INTERNET,
    ENTRY_PHISHING,
    Topology,
    asset_node,
    data_node,
    supplier_node,
    zone_node,
)
from risk_analyzer.mincut import FlowGraph
from risk_analyzer.paths import data_access
from risk_analyzer.subjects import flow_id, link_id

SOURCE, SINK = "\x00source", "\x00sink"


@dataclass(frozen=True)
class Cut:
    kind: str  # flow | link | supplier_access | reach
    ident: str  # flow id, link id, supplier id, asset id
    args: tuple[tuple[str, str], ...]
    #: what removes the hop: flow and link ids and the flow's source zone (zone and flow rules),
    #: ``internet-into:<zone>`` (rules about services published to the internet in that zone),
    #: ``supplier:<id>`` (the supplier cause), ``reach:<asset>`` (rules about the host's exposed services)
    subjects: frozenset[str]


def choke_points(t: Topology, crown_jewels: list[str]) -> list[Cut]:
    """A minimum set of removable hops separating every entry point from every crown jewel (sorted)."""
    if not crown_jewels:
        return []
    g = FlowGraph()
    cuts: dict[str, list[Cut]] = {}

    def removable(src: str, node: str, dst: str, cut: Cut) -> None:
        """A removable hop; hops between the same two nodes are one edge whose capacity is their number."""
        if node in cuts:
            g.add_capacity(src, node)
            cuts[node].append(cut)
            return
        g.add_edge(src, node, capacity=1)
        g.add_edge(node, dst)
        cuts[node] = [cut]

    for entry in (ENTRY_INTERNET, ENTRY_GUEST, ENTRY_PHISHING):
        g.add_edge(SOURCE, entry)
    for edge in t.entries:
        if edge.entry.startswith("supplier:"):
            sup_id = edge.entry.removeprefix("supplier:")
            ref = edge.target.removeprefix("asset:")
            if ref in t.assets:
                cut = Cut("supplier_access", sup_id, (("supplier", t.suppliers[sup_id].name), ("asset", ref)),
                          frozenset({supplier_node(sup_id)}))  # fmt: skip
                removable(SOURCE, f"cut:supplier:{sup_id}:{ref}", edge.target, cut)
                g.add_edge(edge.target, zone_node(t.assets[ref].zone))
        elif edge.entry == ENTRY_PHISHING:
            ref = edge.target.removeprefix("asset:")
            g.add_edge(ENTRY_PHISHING, zone_node(t.assets[ref].zone))
        else:
            g.add_edge(edge.entry, edge.target)
    pairs: dict[tuple[str, str], int] = {}
    for flow in t.inv.zone_flows:
        pairs[(flow.from_, flow.to)] = pairs.get((flow.from_, flow.to), 0) + 1
    seen: dict[tuple[str, str], int] = {}
    for flow in t.inv.zone_flows:
        key = (flow.from_, flow.to)
        index = seen.get(key, 0)
        seen[key] = index + 1
        if flow.from_ not in t.zones or flow.to not in t.zones or flow.from_ == flow.to:
            continue
        ident = flow_id(flow.from_, flow.to, index, pairs[key] > 1)
        subjects = {ident, flow.from_}
        if t.zone_kind[flow.from_] == ZoneKind.internet:
            subjects.add(f"internet-into:{flow.to}")
        ports = "any" if flow.ports == "any" else ",".join(flow.ports)
        cut = Cut("flow", ident, (("from_zone", t.zone_name[flow.from_]), ("ports", ports),
                                  ("to_zone", t.zone_name[flow.to])), frozenset(subjects))  # fmt: skip
        removable(zone_node(flow.from_), f"cut:flow:{ident}", zone_node(flow.to), cut)
    link_pairs: dict[tuple[str, str], int] = {}
    for link in t.inv.links:
        link_pairs[(link.from_, link.to)] = link_pairs.get((link.from_, link.to), 0) + 1
    link_seen: dict[tuple[str, str], int] = {}
    #: links from one zone to one asset are one removable hop (one firewall rule): (zone, asset) -> link ids
    grouped: dict[tuple[str, str], list[str]] = {}
    for link in t.inv.links:
        key = (link.from_, link.to)
        index = link_seen.get(key, 0)
        link_seen[key] = index + 1
        src, dst = t.assets.get(link.from_), t.assets.get(link.to)
        if src is None or dst is None:
            continue
        grouped.setdefault((src.zone, dst.id), []).append(link_id(link.from_, link.to, index, link_pairs[key] > 1))
    access = {data_id: data_access(t, data_id) for data_id in crown_jewels}
    crown_hosts = sorted({host for hosts in access.values() for host, _step in hosts})
    for host in crown_hosts:  # every network way into a crown-jewel host passes its reach (in:host -> host)
        zone = t.assets[host].zone
        cut = Cut("reach", host, (("asset", t.assets[host].name), ("zone", t.zone_name.get(zone, zone))),
                  frozenset({f"reach:{host}"}))  # fmt: skip
        g.add_edge(zone_node(zone), f"in:{host}")
        removable(f"in:{host}", f"cut:reach:{host}", asset_node(host), cut)
    hosts = set(crown_hosts)
    for (zone, ref), ids in grouped.items():
        dst = t.assets[ref]
        ident = f"{zone}->{ref}"
        args = (("from_zone", t.zone_name.get(zone, zone)), ("links", str(len(ids))), ("to_asset", dst.name))
        cut = Cut("link", ident, args, frozenset(ids))
        if ref in hosts:
            removable(zone_node(zone), f"cut:link:{ident}", f"in:{ref}", cut)
            g.add_edge(asset_node(ref), zone_node(dst.zone))
        else:  # a pivot to another zone: all such links between two zones are one edge (same cut either way)
            removable(zone_node(zone), f"cut:links:{zone}->{dst.zone}", zone_node(dst.zone), cut)
    for data_id, hosts_of in access.items():
        for host, _step in hosts_of:
            g.add_edge(asset_node(host), data_node(data_id))
        g.add_edge(data_node(data_id), SINK)
    sink_side = g.sink_side(SOURCE, SINK)
    if sink_side is None:
        return []
    found = [c for u, v in g.edges if u not in sink_side and v in sink_side and v in cuts for c in cuts[v]]
    return sorted(set(found), key=lambda c: ({"supplier_access": 0, "flow": 1, "link": 2, "reach": 3}[c.kind],
                                             c.ident, c.args))  # fmt: skip
