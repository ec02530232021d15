"""Node positions computed in Python, sent to the browser as a ``preset`` layout.

Browser force layouts take seconds past ~1,000 nodes (DESIGN.md §6), and networkx's
spring layout takes 5.6 s for 1,000 nodes on this machine. So: a vectorised
Fruchterman–Reingold for small graphs; for larger ones, communities (Louvain, fixed
seed) each laid out on its own, packed on a grid. Results are cached per view.
"""

from __future__ import annotations

import math
from functools import lru_cache

import networkx as nx
import numpy as np

SMALL = 160          # up to this many nodes, one force layout for the whole graph
SPACING = 60.0       # pixels between neighbouring nodes, roughly
SEED = 2008


def force_layout(n: int, edges: list[tuple[int, int]], iterations: int = 40,
                 seed: int = SEED) -> np.ndarray:
    """Fruchterman–Reingold on the unit square, vectorised with numpy (O(n²) per step)."""
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    if n < 2:
        return pos
    k2 = 1.0 / n
    src = np.fromiter((e[0] for e in edges), dtype=np.int64, count=len(edges))
    dst = np.fromiter((e[1] for e in edges), dtype=np.int64, count=len(edges))
    step = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist2 = (delta ** 2).sum(axis=2) + 1e-4
        disp = (delta * (k2 / dist2)[:, :, None]).sum(axis=1)
        pull = (pos[src] - pos[dst]) * np.sqrt(((pos[src] - pos[dst]) ** 2).sum(axis=1) / k2)[:, None]
        np.add.at(disp, src, -pull)
        np.add.at(disp, dst, pull)
        length = np.sqrt((disp ** 2).sum(axis=1)) + 1e-9
        pos += disp * (np.minimum(length, step) / length)[:, None]
        step = max(step * 0.93, 0.005)
    return pos


def _scaled(pos: np.ndarray, size: float) -> np.ndarray:
    low, high = pos.min(axis=0), pos.max(axis=0)
    span = np.where(high - low > 1e-9, high - low, 1.0)
    return (pos - low) / span * size


def _block(nodes: list[str], graph: nx.Graph) -> np.ndarray:
    """Positions (pixels, from 0) of one group of nodes, sized to their number."""
    index = {n: i for i, n in enumerate(nodes)}
    edges = [(index[a], index[b]) for a, b in graph.subgraph(nodes).edges()]
    size = SPACING * math.sqrt(len(nodes)) * 1.2
    # each step costs O(n²): big groups get fewer, which still untangles them
    iterations = 40 if len(nodes) <= 150 else 25
    return _scaled(force_layout(len(nodes), edges, iterations), size)


def compute_positions(nodes: tuple[str, ...], edges: tuple[tuple[str, str], ...]) -> dict:
    """{node id: {"x": ..., "y": ...}} for the given (sorted) nodes and edges."""
    return _cached(tuple(sorted(nodes)), tuple(sorted(set(edges))))


@lru_cache(maxsize=128)
def _cached(nodes: tuple[str, ...], edges: tuple[tuple[str, str], ...]) -> dict:
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(e for e in edges if e[0] != e[1])
    if len(nodes) <= SMALL:
        groups = [list(nodes)]
    else:
        groups = [sorted(c) for c in nx.community.louvain_communities(graph, seed=SEED)]
        groups.sort(key=lambda g: (-len(g), g[0]))
    return _pack(groups, graph)


def _pack(groups: list[list[str]], graph: nx.Graph) -> dict:
    """Lay out each group, then place the groups row by row, largest first."""
    out, x, y, row_height = {}, 0.0, 0.0, 0.0
    width = SPACING * math.sqrt(graph.number_of_nodes()) * 1.6
    for group in groups:
        block = _block(group, graph)
        w, h = block.max(axis=0) if len(group) > 1 else (0.0, 0.0)
        if x > 0 and x + w > width:
            x, y, row_height = 0.0, y + row_height + 2 * SPACING, 0.0
        for node, (bx, by) in zip(group, block):
            out[node] = {"x": round(float(x + bx), 1), "y": round(float(y + by), 1)}
        x += w + 2 * SPACING
        row_height = max(row_height, h)
    return out
