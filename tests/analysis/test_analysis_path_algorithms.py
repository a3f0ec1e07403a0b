"""The graph algorithms rewritten for speed give what the plain ones give: the choke-point minimum cut (Dinic)
the sink side of networkx's minimum_cut on any graph, the zone Dijkstra per entry point the filtered one."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from asset_models.loaders import load_inventory
from asset_models.topology import build_topology
from risk_analyzer.exposure import EntryEdges, compute_exposure, zone_dijkstra
from risk_analyzer.mincut import FlowGraph
from risk_analyzer.paths import entry_origins
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
    origins = entry_origins(t)
    assert len(origins) > 3  # suppliers too
    for origin in [*origins, "supplier:nobody"]:
        ours, theirs = split.reach(origin), zone_dijkstra(edges, origin)
        assert (ours.cost, ours.pred, ours.entry) == (theirs.cost, theirs.pred, theirs.entry)
