"""The graph algorithms rewritten for speed give what the plain ones give: the choke-point minimum cut (Dinic)
the sink side of networkx's minimum_cut on any graph, the zone Dijkstra per entry point the filtered one, and
the suppliers priced together the cheapest of the suppliers priced one by one."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from analysis_helpers import synth_module
from hypothesis import given, settings
from hypothesis import strategies as st

from asset_models.loaders import load_inventory
from asset_models.models import Inventory
from asset_models.topology import build_topology
from risk_analyzer.exposure import EntryEdges, compute_exposure, zone_dijkstra
from risk_analyzer.mincut import FlowGraph
from risk_analyzer.needs import inherit_needs
from risk_analyzer.paths import (
    ANY_SUPPLIER,
    SUPPLIER_PATHS,
    EntryPricer,
    data_access,
    entry_origins,
    entry_paths,
    high_need_data,
)
from risk_analyzer.structure import hosted_subtree
from threat_catalog.loader import load_catalog

S, T = "s", "t"
NODES = [S, T, *(f"n{i}" for i in range(10))]

edge = st.tuples(st.sampled_from(NODES), st.sampled_from(NODES), st.one_of(st.none(), st.integers(1, 4)))


def _pair(edges: list[tuple[str, str, int | None]]) -> tuple[FlowGraph, nx.DiGraph]:
    ours, theirs = FlowGraph(), nx.DiGraph()
    for tail, head, capacity in edges:
        if tail in (head, T) or head == S:
            continue
        ours.add_edge(tail, head, capacity)
        if capacity is None:
            theirs.add_edge(tail, head)
        else:
            theirs.add_edge(tail, head, capacity=capacity)
    return ours, theirs


@settings(max_examples=300, deadline=None)
@given(st.lists(edge, max_size=40))
def test_sink_side_matches_networkx(edges: list[tuple[str, str, int | None]]) -> None:
    ours, theirs = _pair(edges)
    if S not in theirs or T not in theirs or not nx.has_path(theirs, S, T):
        assert ours.sink_side(S, T) is None
        return
    try:
        _value, (_source_side, sink_side) = nx.minimum_cut(theirs, S, T)
    except nx.NetworkXUnbounded:
        return  # a path of unlimited edges: the choke-point graph never has one
    assert ours.sink_side(S, T) == set(sink_side)


def test_parallel_hops_count_once_each() -> None:
    """Two hops between the same nodes are one edge of capacity 2 (add_capacity); the cut takes the cheaper side."""
    g = FlowGraph()
    g.add_edge(S, "a")
    g.add_edge("a", "b", 1)
    g.add_capacity("a", "b")
    g.add_edge("b", "c", 1)
    g.add_edge("c", T)
    assert g.sink_side(S, T) == {"c", T}
    g.add_capacity("b", "c", 2)
    assert g.sink_side(S, T) == {"b", "c", T}
    assert g.sink_side(T, S) is None


def test_entry_edges_reach_equals_zone_dijkstra_from_each_entry_point() -> None:
    """The split zone edges give the same costs, predecessors and entry points as filtering every edge per entry."""
    example = Path(__file__).parents[2] / "examples" / "primjer" / "inventory.yaml"
    t = build_topology(load_inventory(example, load_catalog().vocabulary()))
    edges = compute_exposure(t).edges
    split = EntryEdges(edges)
    suppliers = sorted({e.entry for e in t.entries if e.entry.startswith("supplier:")})
    assert len(suppliers) > 1
    for origin in [*entry_origins(t), *suppliers, "supplier:nobody"]:
        ours, theirs = split.reach(origin), zone_dijkstra(edges, origin)
        assert (ours.cost, ours.pred, ours.entry) == (theirs.cost, theirs.pred, theirs.entry)


def _inventories() -> list[Inventory]:
    example = Path(__file__).parents[2] / "examples" / "primjer" / "inventory.yaml"
    synth = synth_module()
    return [load_inventory(example, load_catalog().vocabulary()), synth.generate(600, seed=3, dense=True)]


def test_suppliers_are_one_entry_point_the_cheapest_of_each_supplier_alone() -> None:
    """Each data asset's easiest supplier path costs the least of every supplier priced alone; every other
    supplier path is that supplier's own, priced as the supplier alone prices it, to data on a system its access
    reaches or one running on it; each supplier with such data has paths (at most SUPPLIER_PATHS of its own),
    each pair once."""
    for inv in _inventories():
        t = build_topology(inv)
        exposure = compute_exposure(t)
        needs = inherit_needs(t)
        suppliers = sorted({e.entry for e in t.entries if e.entry.startswith("supplier:")})
        assert len(suppliers) > 1
        assert entry_origins(t)[-1] == ANY_SUPPLIER and not any(o in suppliers for o in entry_origins(t))
        alone = EntryPricer(exposure, t)
        best: dict[str, int] = {}
        for data_id in high_need_data(t, needs):
            for supplier in suppliers:
                costs = [alone.price(supplier, host).cost for host, _ in data_access(t, data_id)]
                known = [c for c in costs if c is not None]
                if known:
                    best[data_id] = min(best.get(data_id, min(known) + 1), min(known) + 1)
        paths = [p for p in entry_paths(exposure, t, needs) if p.entry_point == "supplier"]
        assert best and {p.target for p in paths} == set(best)
        assert len({(p.target, p.origin) for p in paths}) == len(paths)
        for target, cost in best.items():
            assert min(p.cost for p in paths if p.target == target) == cost
        landing: dict[str, set[str]] = {s: set() for s in suppliers}
        for e in t.entries:
            if e.entry in landing:
                landing[e.entry].update(hosted_subtree(e.target.removeprefix("asset:"), t.hosted))
        for path in paths:
            assert path.hops[0].step.arg_dict()["supplier_id"] == path.supplier
            assert path.cost == (alone.price(path.origin, path.via_asset).cost or 0) + 1
        own = {s: [p for p in paths if p.origin == s] for s in suppliers}
        for supplier in suppliers:
            holds = any(h in landing[supplier] for d in best for h, _ in data_access(t, d))
            assert bool(own[supplier]) == holds, supplier
            assert len(own[supplier]) <= SUPPLIER_PATHS + len(best)
