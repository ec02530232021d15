"""Communities of the current view (Louvain, fixed seed), for the optional colouring."""

from __future__ import annotations

import networkx as nx

from dashboard.state import ViewState
from dashboard.views import view_subgraph
from graph.store import GraphStore

SEED = 2008


def communities_of(store: GraphStore, state: ViewState) -> dict[str, int]:
    """{actor id: community number}, largest community first."""
    sub = view_subgraph(store, state)
    graph = nx.Graph()
    graph.add_nodes_from(a.id for a in sub.nodes + sub.context)
    graph.add_edges_from((r.source, r.target) for r in sub.edges if r.source != r.target)
    groups = sorted(nx.community.louvain_communities(graph, seed=SEED), key=lambda c: (-len(c), min(c)))
    return {actor: i for i, group in enumerate(groups) for actor in group}
