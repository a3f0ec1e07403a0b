"""Structure: single points of failure (articulation points), blast radius, service dependencies.

* The dependency graph is undirected over assets, data and services, with an
  edge for runs_on, depends_on, stores, uses and links. An asset whose removal
  disconnects it is an articulation point (Tarjan, linear, via networkx).
* The blast radius of an asset counts what stops or is exposed when it is
  lost: the assets running on it (recursively, the hosting tree), the assets
  that depend on any of those, the data stored on any of them and the services
  that run on them or use that data. The hosting tree is shallow, so the
  whole computation is linear in practice.
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


@dataclass
class StructureResult:
    articulation: set[str] = field(default_factory=set)
    blast_radius: dict[str, int] = field(default_factory=dict)
    hosted: dict[str, list[str]] = field(default_factory=dict)  # host -> assets running on it
    service_spofs: dict[str, list[str]] = field(default_factory=dict)
    service_closure: dict[str, list[str]] = field(default_factory=dict)


def _dependency_graph(inv: Inventory) -> nx.Graph:
    g: nx.Graph = nx.Graph()
    g.add_nodes_from(f"asset:{a.id}" for a in inv.assets)
    for asset in inv.assets:
        if asset.runs_on:
            g.add_edge(f"asset:{asset.id}", f"asset:{asset.runs_on}")
        for dep in asset.depends_on:
            g.add_edge(f"asset:{asset.id}", f"asset:{dep}")
    for item in inv.data:
        for host in item.stored_on:
            g.add_edge(f"data:{item.id}", f"asset:{host}")
    for svc in inv.services:
        for ref in svc.uses:
            g.add_edge(f"service:{svc.id}", f"data:{ref}")
        for ref in svc.runs_on:
            g.add_edge(f"service:{svc.id}", f"asset:{ref}")
    for link in inv.links:
        g.add_edge(f"asset:{link.from_}", f"asset:{link.to}")
    return g


def _subtree(root: str, hosted: dict[str, list[str]]) -> list[str]:
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


def analyse_structure(inv: Inventory) -> StructureResult:
    result = StructureResult()
    graph = _dependency_graph(inv)
    result.articulation = {n.split(":", 1)[1] for n in nx.articulation_points(graph) if n.startswith("asset:")}
    assets = inv.asset_index()
    hosted: dict[str, list[str]] = {}
    dependents: dict[str, list[str]] = {}
    runs_on: dict[str, str] = {}
    depends: dict[str, list[str]] = {}
    for asset in inv.assets:
        if asset.runs_on:
            hosted.setdefault(asset.runs_on, []).append(asset.id)
            runs_on[asset.id] = asset.runs_on
        depends[asset.id] = list(asset.depends_on)
        for dep in asset.depends_on:
            dependents.setdefault(dep, []).append(asset.id)
    result.hosted = hosted
    data_on: dict[str, list[str]] = {}
    for item in inv.data:
        for host in item.stored_on:
            data_on.setdefault(host, []).append(item.id)
    svc_by_asset: dict[str, set[str]] = {}
    svc_by_data: dict[str, set[str]] = {}
    for svc in inv.services:
        for ref in svc.runs_on:
            svc_by_asset.setdefault(ref, set()).add(svc.id)
        for ref in svc.uses:
            svc_by_data.setdefault(ref, set()).add(svc.id)
    for asset in inv.assets:
        tree = _subtree(asset.id, hosted)
        affected_assets = set(tree)
        for node in tree:
            affected_assets.update(dependents.get(node, ()))
        data = {d for node in tree for d in data_on.get(node, ())}
        services = {s for node in affected_assets for s in svc_by_asset.get(node, ())}
        services.update(s for d in data for s in svc_by_data.get(d, ()))
        result.blast_radius[asset.id] = len(affected_assets) - 1 + len(data) + len(services)
    stored_on = {d.id: d.stored_on for d in inv.data}
    for svc in inv.services:
        start = [r for r in svc.runs_on if r in assets]
        for ref in svc.uses:
            hosts = [h for h in stored_on.get(ref, []) if h in assets]
            if len(hosts) == 1:
                start.extend(hosts)
        closure = _closure(start, runs_on, depends)
        closure = [a for a in closure if a in assets]
        result.service_closure[svc.id] = closure
        result.service_spofs[svc.id] = [a for a in closure if assets[a].quantity == 1]
    return result
