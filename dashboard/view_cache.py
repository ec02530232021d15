"""The rendered views of an unchanging store, kept per store and per drawn state: every
visitor arriving on the page asks for all of France, and on the synthetic 20,000-actor graph
that rendering (the territory subgraph of 100,000 ties, cut to the node limit) takes ~1 s of
CPU — the same answer each time. Only a store whose data cannot change while it is served is
cached (the memory store; a swapped-in store after an import is a new key); a Neo4j database
can be reloaded behind the server's back, so its views are always rendered afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace

from dashboard.communities import communities_of
from dashboard.state import ViewState
from dashboard.views import Rendered, render
from graph.memory_store import MemoryStore
from graph.store import GraphStore


def drawn_state(state: ViewState) -> ViewState:
    """The part of a state that decides the drawn elements (outside a neighbourhood, the
    selected actor only styles them)."""
    return state if state.mode == "voisinage" else replace(state, actor=None)


def unchanging_store(store: GraphStore) -> GraphStore | None:
    """The store behind the served proxy when its data cannot change, else None."""
    inner = getattr(store, "inner", store)
    return inner if isinstance(inner, MemoryStore) else None


class RenderedViews:
    """A bounded LRU of ``render`` results by (store, drawn state, node limit); thread-safe
    (waitress answers on several threads). A result is shared, never modified."""

    def __init__(self, size: int = 64):
        self._views: OrderedDict[tuple, tuple[GraphStore, Rendered]] = OrderedDict()
        self._lock = threading.Lock()
        self.size = size

    def render(self, store: GraphStore, state: ViewState, max_nodes: int) -> Rendered:
        inner = unchanging_store(store)
        if inner is None:
            return render(store, state, max_nodes, communities_of(store, state))
        key = (id(inner), drawn_state(state), max_nodes)
        with self._lock:
            found = self._views.get(key)
            if found is not None and found[0] is inner:   # the entry holds its store: no id reuse
                self._views.move_to_end(key)
                return found[1]
        drawn = drawn_state(state)
        result = render(store, drawn, max_nodes, communities_of(store, drawn))
        with self._lock:
            self._views[key] = (inner, result)
            while len(self._views) > self.size:
                self._views.popitem(last=False)
        return result
