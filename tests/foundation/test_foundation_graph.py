"""The inventory graph: typed nodes and edges, entry points, deterministic exports."""

from __future__ import annotations

import io
import json
from collections import Counter

import networkx as nx

from asset_models.graph import build_graph, graph_to_dot, graph_to_graphml, graph_to_json
from asset_models.loaders import load_inventory
from tests.foundation.conftest import MINI


def test_nodes_and_edges_are_typed() -> None:
    g = build_graph(load_inventory(MINI))
    node_types = Counter(d["type"] for _, d in g.nodes(data=True))
    assert node_types == {"zone": 5, "asset": 4, "data": 1, "service": 1, "supplier": 1, "party": 2, "entry": 3}
    edge_types = Counter(d["type"] for _, _, d in g.edges(data=True))
    assert edge_types["in_zone"] == 4
    assert edge_types["runs_on"] == 3  # srv-db01 on vh01, app-laris on srv-db01, service on app-laris
    assert edge_types["stores"] == 1 and edge_types["backup"] == 1
    assert edge_types["exchange"] == 2 and edge_types["uses"] == 1
    assert edge_types["flow"] == 4 and edge_types["link"] == 1 and edge_types["remote_access"] == 1
    assert edge_types["depends_on"] == 1


def test_entry_points() -> None:
    g = build_graph(load_inventory(MINI))
    assert set(g.successors("entry:internet")) == {"zone:internet"}
    assert set(g.successors("entry:guest_wifi")) == {"zone:wifi-guest"}
    assert set(g.successors("entry:phishing")) == {"asset:ws-fin"}
    access = g.get_edge_data("supplier:vendor-laris", "asset:app-laris")
    assert next(iter(access.values()))["method"] == "teamviewer"


def test_exports_are_deterministic_and_parse() -> None:
    inv = load_inventory(MINI)
    first, second = build_graph(inv), build_graph(inv)
    assert graph_to_json(first) == graph_to_json(second)
    assert graph_to_graphml(first) == graph_to_graphml(second)
    assert graph_to_dot(first) == graph_to_dot(second)
    data = json.loads(graph_to_json(first))
    assert len(data["nodes"]) == first.number_of_nodes()
    back = nx.read_graphml(io.BytesIO(graph_to_graphml(first).encode()))
    assert back.number_of_edges() == first.number_of_edges()
    assert graph_to_dot(first).startswith("digraph inventory {")


def test_dot_quotes_user_text() -> None:
    inv = load_inventory(MINI)
    inv.assets[0].name = 'Evil "name" \\ with\nnewline'
    dot = graph_to_dot(build_graph(inv))
    assert 'label="Evil \\"name\\" \\\\ with\\nnewline"' in dot
