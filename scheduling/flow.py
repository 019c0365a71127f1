"""Min-cost flow by successive shortest paths (primal-dual), for the hosted-buyer scheduler.

Pure Python, integer costs. Each phase runs Dijkstra on reduced costs (Johnson's potentials),
then pushes a blocking flow along the edges whose reduced cost is zero (Dinic's levels and
current-arc pointers), i.e. along every shortest path at once; it stops when the cheapest path
left would not lower the cost, so with negative costs it finds a minimum-cost flow of any value,
which on a bipartite graph with `-weight` costs is a maximum-weight b-matching. The first
potentials come from Bellman-Ford (negative costs, no negative cycle: the graph starts acyclic).
"""

from __future__ import annotations

import heapq
from collections import deque

INFINITY = float("inf")


class FlowNetwork:
    def __init__(self, nodes: int) -> None:
        self.nodes = nodes
        # Per node, edge indices; edges are kept in flat lists (edge ^ 1 is its reverse).
        self.out: list[list[int]] = [[] for _ in range(nodes)]
        self.to: list[int] = []
        self.capacity: list[int] = []
        self.cost: list[int] = []

    def add_edge(self, tail: int, head: int, capacity: int, cost: int) -> int:
        """The edge's index (its flow is `flow(index)` once solved)."""
        index = len(self.to)
        for node, other, cap, price in ((tail, head, capacity, cost), (head, tail, 0, -cost)):
            self.out[node].append(len(self.to))
            self.to.append(other)
            self.capacity.append(cap)
            self.cost.append(price)
        return index

    def flow(self, edge: int) -> int:
        return self.capacity[edge ^ 1]

    def min_cost_flow(self, source: int, sink: int) -> tuple[int, int]:
        """Pushes flow while it lowers the cost; returns (flow value, total cost)."""
        potential = self._bellman_ford(source)
        total_flow = total_cost = 0
        while True:
            distance = self._dijkstra(source, potential)
            if distance[sink] == INFINITY:
                break
            reach = distance[sink]
            for node in range(self.nodes):
                potential[node] += int(min(distance[node], reach))
            if potential[sink] - potential[source] >= 0:
                break  # the cheapest path left costs something: stop here
            pushed = self._blocking_flow(source, sink, potential)
            if pushed == 0:
                break
            total_flow += pushed
            total_cost += pushed * (potential[sink] - potential[source])
        return total_flow, total_cost

    def _bellman_ford(self, source: int) -> list[int]:
        distance: list[float] = [INFINITY] * self.nodes
        distance[source] = 0
        queue = deque([source])
        queued = [False] * self.nodes
        queued[source] = True
        while queue:
            node = queue.popleft()
            queued[node] = False
            for edge in self.out[node]:
                if self.capacity[edge] > 0:
                    head = self.to[edge]
                    candidate = distance[node] + self.cost[edge]
                    if candidate < distance[head]:
                        distance[head] = candidate
                        if not queued[head]:
                            queued[head] = True
                            queue.append(head)
        return [int(value) if value != INFINITY else 0 for value in distance]

    def _dijkstra(self, source: int, potential: list[int]) -> list[float]:
        distance: list[float] = [INFINITY] * self.nodes
        distance[source] = 0
        heap: list[tuple[float, int]] = [(0, source)]
        to, capacity, cost, out = self.to, self.capacity, self.cost, self.out
        while heap:
            reached, node = heapq.heappop(heap)
            if reached > distance[node]:
                continue
            base = reached + potential[node]
            for edge in out[node]:
                if capacity[edge] > 0:
                    head = to[edge]
                    candidate = base + cost[edge] - potential[head]
                    if candidate < distance[head]:
                        distance[head] = candidate
                        heapq.heappush(heap, (candidate, head))
        return distance

    def _blocking_flow(self, source: int, sink: int, potential: list[int]) -> int:
        """Flow along zero-reduced-cost edges only, Dinic style, until none is left."""
        pushed = 0
        while True:
            level = self._levels(source, sink, potential)
            if level[sink] < 0:
                return pushed
            pointer = [0] * self.nodes
            while True:
                amount = self._push(source, sink, 1 << 60, level, pointer, potential)
                if amount == 0:
                    break
                pushed += amount

    def _admissible(self, edge: int, tail: int, potential: list[int]) -> bool:
        return (
            self.capacity[edge] > 0
            and self.cost[edge] + potential[tail] - potential[self.to[edge]] == 0
        )

    def _levels(self, source: int, sink: int, potential: list[int]) -> list[int]:
        level = [-1] * self.nodes
        level[source] = 0
        queue = deque([source])
        while queue:
            node = queue.popleft()
            for edge in self.out[node]:
                head = self.to[edge]
                if level[head] < 0 and self._admissible(edge, node, potential):
                    level[head] = level[node] + 1
                    queue.append(head)
        return level

    def _push(
        self,
        node: int,
        sink: int,
        limit: int,
        level: list[int],
        pointer: list[int],
        potential: list[int],
    ) -> int:
        # Iterative depth-first search: paths are short (source, buyer, exhibitor… sink) but
        # rerouting through reverse edges may lengthen them past Python's recursion comfort.
        path: list[int] = []
        stack = [node]
        while stack:
            current = stack[-1]
            if current == sink:
                amount = min(self.capacity[edge] for edge in path) if path else limit
                amount = min(amount, limit)
                for edge in path:
                    self.capacity[edge] -= amount
                    self.capacity[edge ^ 1] += amount
                return amount
            edges = self.out[current]
            advanced = False
            while pointer[current] < len(edges):
                edge = edges[pointer[current]]
                head = self.to[edge]
                if level[head] == level[current] + 1 and self._admissible(edge, current, potential):
                    path.append(edge)
                    stack.append(head)
                    advanced = True
                    break
                pointer[current] += 1
            if not advanced:
                stack.pop()
                if path:
                    path.pop()
                    pointer[stack[-1]] += 1  # a dead end: skip that edge from now on
        return 0
