"""Communities of the current view, for the optional colouring (graph.territory_indicators)."""

from __future__ import annotations

from dashboard.state import ViewState
from dashboard.views import view_subgraph
from graph.store import GraphStore
from graph.territory_indicators import communities


def communities_of(store: GraphStore, state: ViewState) -> dict[str, int] | None:
    """{actor id: community number}, largest community first (Louvain, fixed seed), when the
    view is coloured by community; None otherwise."""
    if state.colouring != "communaute":
        return None
    return communities(view_subgraph(store, state))
