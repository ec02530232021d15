"""Node positions computed in Python, sent to the browser as a ``preset`` layout.

Browser force layouts take seconds past ~1,000 nodes (DESIGN.md §6). Positions come from igraph
(C code): one Fruchterman–Reingold layout for small graphs; for larger ones, communities
(multilevel modularity, i.e. Louvain) each laid out on its own and packed on a grid, so that a
1,000-node view is laid out in about 0.1 s (networkx's Louvain plus a numpy layout took 0.4 s,
networkx's spring layout 5.6 s). Results are cached per view and deterministic: igraph draws
from a generator seeded for every layout.
"""

from __future__ import annotations

import math
import random
import threading
from functools import lru_cache

import igraph as ig
import numpy as np

SMALL = 160          # up to this many nodes, one force layout for the whole graph
SPACING = 60.0       # pixels between neighbouring nodes, roughly
SEED = 2008
ITERATIONS = 200     # igraph's default is 500; 200 untangles a 200-node block as well here
_RNG_LOCK = threading.Lock()   # igraph's generator is global; Dash serves requests in threads


def _scaled(pos: np.ndarray, size: float) -> np.ndarray:
    low, high = pos.min(axis=0), pos.max(axis=0)
    span = np.where(high - low > 1e-9, high - low, 1.0)
    return (pos - low) / span * size


def _block(graph: ig.Graph, members: list[int]) -> np.ndarray:
    """Positions (pixels, from 0) of one group of vertices, sized to their number."""
    sub = graph.subgraph(members)
    size = SPACING * math.sqrt(len(members)) * 1.2
    if len(members) == 1:
        return np.zeros((1, 2))
    return _scaled(np.array(sub.layout_fruchterman_reingold(niter=ITERATIONS).coords), size)


def compute_positions(nodes: tuple[str, ...], edges: tuple[tuple[str, str], ...]) -> dict:
    """{node id: {"x": ..., "y": ...}} for the given nodes and edges (any order)."""
    return _cached(tuple(sorted(nodes)), tuple(sorted(set(edges))))


@lru_cache(maxsize=128)
def _cached(nodes: tuple[str, ...], edges: tuple[tuple[str, str], ...]) -> dict:
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    graph = ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in edges if a != b])
    graph.simplify()   # one edge per pair, whatever the ties' types and directions
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(SEED))
        if len(nodes) <= SMALL:
            groups = [list(range(len(nodes)))]
        else:
            groups = [sorted(c) for c in graph.community_multilevel()]
            groups.sort(key=lambda g: (-len(g), g[0]))
        blocks = [_block(graph, g) for g in groups]
    return _pack(nodes, groups, blocks)


def _pack(nodes: tuple[str, ...], groups: list[list[int]], blocks: list[np.ndarray]) -> dict:
    """Place the laid-out groups row by row, largest first."""
    out, x, y, row_height = {}, 0.0, 0.0, 0.0
    width = SPACING * math.sqrt(len(nodes)) * 1.6
    for group, block in zip(groups, blocks):
        w, h = block.max(axis=0)
        if x > 0 and x + w > width:
            x, y, row_height = 0.0, y + row_height + 2 * SPACING, 0.0
        for vertex, (bx, by) in zip(group, block):
            out[nodes[vertex]] = {"x": round(float(x + bx), 1), "y": round(float(y + by), 1)}
        x += w + 2 * SPACING
        row_height = max(row_height, h)
    return out
