"""Structure: single points of failure (articulation points), blast radius, service dependencies.

* The dependency graph is undirected over assets, data and services, with an
  edge for runs_on, depends_on, stores, uses and links. An asset whose removal
  disconnects it is an articulation point (Tarjan, linear, via networkx).
* The blast radius of an asset counts what stops or is exposed when it is
  lost: the assets running on it (recursively, the hosting tree), the assets
  that depend on any of those, the data stored on any of them and the services
  that run on them or use that data. It is computed for all assets at once by
  small-to-large merging up the hosting forest: O(n log n) even for a
  ``runs_on`` chain of 10,000 assets (benchmarks/bench_chain.py).
* The single points of failure of a service are the assets (quantity 1) in
  its dependency closure: what it runs on, their hosts, what they depend on
  (transitively), and the hosts of data it uses unless the data is stored on
  two or more assets.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import networkx as nx

from asset_models.models import Inventory
from asset_models.topology import Topology, asset_node, build_topology, data_node, service_node


@dataclass
class StructureResult:
    articulation: set[str] = field(default_factory=set)
    blast_radius: dict[str, int] = field(default_factory=dict)
    hosted: dict[str, list[str]] = field(default_factory=dict)  # host -> assets running on it
    service_spofs: dict[str, list[str]] = field(default_factory=dict)
    service_closure: dict[str, list[str]] = field(default_factory=dict)


def _dependency_graph(t: Topology) -> nx.Graph:
    g: nx.Graph = nx.Graph()
    g.add_nodes_from(asset_node(a) for a in t.assets)
    for asset in t.assets.values():
        if asset.runs_on:
            g.add_edge(asset_node(asset.id), asset_node(asset.runs_on))
        for dep in asset.depends_on:
            g.add_edge(asset_node(asset.id), asset_node(dep))
    for item in t.data.values():
        for host in item.stored_on:
            g.add_edge(data_node(item.id), asset_node(host))
    for svc in t.services.values():
        for ref in svc.uses:
            g.add_edge(service_node(svc.id), data_node(ref))
        for ref in svc.runs_on:
            g.add_edge(service_node(svc.id), asset_node(ref))
    for link in t.inv.links:
        g.add_edge(asset_node(link.from_), asset_node(link.to))
    return g


def hosted_subtree(root: str, hosted: dict[str, list[str]]) -> list[str]:
    """``root`` and every asset that runs on it, directly or through others (an app on a VM on a hypervisor)."""
    out, queue, seen = [], deque([root]), {root}
    while queue:
        node = queue.popleft()
        out.append(node)
        for child in hosted.get(node, ()):
            if child not in seen:
                seen.add(child)
                queue.append(child)
    return out


def _closure(start: list[str], runs_on: dict[str, str], depends: dict[str, list[str]]) -> list[str]:
    seen: set[str] = set()
    queue = deque(start)
    while queue:
        node = queue.popleft()
        if node in seen:
            continue
        seen.add(node)
        host = runs_on.get(node)
        if host:
            queue.append(host)
        queue.extend(depends.get(node, ()))
    return sorted(seen)


def blast_radii(t: Topology) -> dict[str, int]:
    """Blast radius of every asset in O(n log n): small-to-large set merging up the hosting forest.

    The hosting relation (``runs_on``) is a forest; what a host affects is the union of what its
    guests affect plus its own part (itself, the assets that depend on it, the data it stores and the
    services on those or using that data). Merging each child's sets into the largest one moves every
    element O(log n) times, so a chain of 10,000 virtual machines costs no more than 10,000 siblings.
    """
    svc_by_data = t.used_by
    out: dict[str, int] = {}
    children = t.hosted
    sets: dict[str, tuple[set[str], set[str], set[str]]] = {}

    def own(ref: str) -> tuple[set[str], set[str], set[str]]:
        affected = {ref, *t.dependents.get(ref, ())}
        data = set(t.data_on.get(ref, ()))
        services: set[str] = set()
        for node in affected:
            services.update(t.services_on.get(node, ()))
        for item in data:
            services.update(svc_by_data.get(item, ()))
        return affected, data, services

    def merge(ref: str) -> None:
        parts = [sets.pop(c) for c in children.get(ref, ()) if c in sets]
        parts.append(own(ref))
        merged: list[set[str]] = []
        for k in range(3):
            biggest = max((p[k] for p in parts), key=len)
            for p in parts:
                if p[k] is not biggest:
                    biggest.update(p[k])
            merged.append(biggest)
        sets[ref] = (merged[0], merged[1], merged[2])
        out[ref] = len(merged[0]) - 1 + len(merged[1]) + len(merged[2])

    visited: set[str] = set()
    for root in sorted(t.assets):
        host = t.assets[root].runs_on
        if host and host in t.assets:
            continue
        stack: list[tuple[str, bool]] = [(root, False)]
        while stack:
            node, done = stack.pop()
            if done:
                merge(node)
                continue
            if node in visited:
                continue
            visited.add(node)
            stack.append((node, True))
            stack.extend((c, False) for c in children.get(node, ()) if c not in visited)
        sets.pop(root, None)
    for ref in t.assets:  # assets on a runs_on cycle (rejected by validation; counted the slow way)
        if ref not in out:
            tree = hosted_subtree(ref, children)
            affected = set(tree)
            for node in tree:
                affected.update(t.dependents.get(node, ()))
            data = {d for node in tree for d in t.data_on.get(node, ())}
            services = {s for node in affected for s in t.services_on.get(node, ())}
            services.update(s for d in data for s in svc_by_data.get(d, ()))
            out[ref] = len(affected) - 1 + len(data) + len(services)
    return out


def analyse_structure(inv: Inventory | Topology) -> StructureResult:
    t = build_topology(inv)
    result = StructureResult()
    graph = _dependency_graph(t)
    result.articulation = {n.split(":", 1)[1] for n in nx.articulation_points(graph) if n.startswith("asset:")}
    assets = t.assets
    runs_on = {a.id: a.runs_on for a in assets.values() if a.runs_on}
    depends = {a.id: list(a.depends_on) for a in assets.values()}
    result.hosted = t.hosted
    result.blast_radius = blast_radii(t)
    for svc in t.inv.services:
        start = [r for r in svc.runs_on if r in assets]
        for ref in svc.uses:
            item = t.data.get(ref)
            hosts = [h for h in item.stored_on if h in assets] if item is not None else []
            if len(hosts) == 1:
                start.extend(hosts)
        closure = _closure(start, runs_on, depends)
        closure = [a for a in closure if a in assets]
        result.service_closure[svc.id] = closure
        result.service_spofs[svc.id] = [a for a in closure if assets[a].quantity == 1]
    return result
