"""Minimum cut of a directed graph with integer capacities (Dinic's maximum flow), linear in practice.

The choke-point graph of a 100k-asset inventory has about 130,000 nodes and
a flow of several thousand; networkx's preflow-push grows faster than the
graph there (10 s at 30k assets, 1 s at 10k). Dinic's algorithm needs a few
breadth-first phases (attack paths are short) and one augmentation per unit
of flow along short paths.

The cut returned is the one networkx's ``minimum_cut`` returns: the sink side
is every node that can still reach the sink in the residual graph of a maximum
flow. That set is the same for every maximum flow, so the choke points do not
depend on the algorithm (tests compare both on random graphs).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable


class FlowGraph:
    """A directed graph for one minimum cut; an edge without a capacity is unlimited."""

    def __init__(self) -> None:
        self._index: dict[Hashable, int] = {}
        self.nodes: list[Hashable] = []
        #: (tail, head) -> capacity (None: unlimited), in insertion order
        self.edges: dict[tuple[Hashable, Hashable], int | None] = {}

    def __contains__(self, node: Hashable) -> bool:
        return node in self._index

    def _node(self, node: Hashable) -> int:
        index = self._index.get(node)
        if index is None:
            index = self._index[node] = len(self.nodes)
            self.nodes.append(node)
        return index

    def add_edge(self, tail: Hashable, head: Hashable, capacity: int | None = None) -> None:
        """Add an edge (again: a given capacity replaces the old one, as in networkx)."""
        self._node(tail)
        self._node(head)
        key = (tail, head)
        if capacity is not None or key not in self.edges:
            self.edges[key] = capacity

    def add_capacity(self, tail: Hashable, head: Hashable, amount: int = 1) -> None:
        capacity = self.edges[(tail, head)]
        if capacity is not None:
            self.edges[(tail, head)] = capacity + amount

    def sink_side(self, source: Hashable, sink: Hashable) -> set[Hashable] | None:
        """The nodes that reach ``sink`` in the residual graph of a maximum flow; None when no path joins them."""
        if source not in self._index or sink not in self._index:
            return None
        n = len(self.nodes)
        finite = sum(c for c in self.edges.values() if c is not None)
        unlimited = 3 * finite + 1  # more than any flow made of finite edges
        adj: list[list[int]] = [[] for _ in range(n)]
        to: list[int] = []
        cap: list[int] = []
        index = self._index
        for (tail, head), capacity in self.edges.items():
            u, v = index[tail], index[head]
            adj[u].append(len(to))
            to.append(v)
            cap.append(unlimited if capacity is None else capacity)
            adj[v].append(len(to))
            to.append(u)
            cap.append(0)
        s, t = index[source], index[sink]
        flow = 0
        first = True
        while True:
            level = self._levels(adj, to, cap, s, t, n)
            if level[t] < 0:
                break
            first = False
            flow += self._blocking_flow(adj, to, cap, level, s, t)
        if first:
            return None
        if flow >= unlimited:  # pragma: no cover - every way to the sink crosses a finite hop
            raise ValueError("the minimum cut is unbounded: a path of unlimited edges joins source and sink")
        # backwards from the sink: u reaches v when the edge u -> v still has capacity left
        reach = [False] * n
        reach[t] = True
        queue = deque([t])
        while queue:
            v = queue.popleft()
            for e in adj[v]:
                u = to[e]
                if not reach[u] and cap[e ^ 1] > 0:
                    reach[u] = True
                    queue.append(u)
        return {self.nodes[i] for i in range(n) if reach[i]}

    @staticmethod
    def _levels(adj: list[list[int]], to: list[int], cap: list[int], s: int, t: int, n: int) -> list[int]:
        level = [-1] * n
        level[s] = 0
        queue = deque([s])
        while queue:
            u = queue.popleft()
            next_level = level[u] + 1
            for e in adj[u]:
                v = to[e]
                if level[v] < 0 and cap[e] > 0:
                    level[v] = next_level
                    if v == t:
                        continue
                    queue.append(v)
        return level

    @staticmethod
    def _blocking_flow(adj: list[list[int]], to: list[int], cap: list[int], level: list[int], s: int, t: int) -> int:
        """Augment along shortest paths until none is left in the level graph (current-arc pointers)."""
        pointer = [0] * len(adj)
        total = 0
        path: list[int] = []  # edges from s to the current node
        u = s
        while True:
            if u == t:
                amount = min(cap[e] for e in path)
                for e in path:
                    cap[e] -= amount
                    cap[e ^ 1] += amount
                total += amount
                path.clear()
                u = s
                continue
            edges = adj[u]
            i = pointer[u]
            want = level[u] + 1
            while i < len(edges):
                e = edges[i]
                if cap[e] > 0 and level[to[e]] == want:
                    break
                i += 1
            pointer[u] = i
            if i < len(edges):
                path.append(edges[i])
                u = to[edges[i]]
                continue
            if u == s:
                return total
            level[u] = -1  # a dead end for the rest of this phase
            e = path.pop()
            u = to[e ^ 1]
            pointer[u] += 1
