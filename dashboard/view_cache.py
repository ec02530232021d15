"""The rendered views of an unchanging store, kept per store and per drawn state: every
visitor arriving on the page asks for all of France, and on the synthetic 20,000-actor graph
that rendering (the territory subgraph of 100,000 ties, cut to the node limit) takes ~1 s of
CPU — the same answer each time. Only a store whose data cannot change while it is served is
cached (the memory store; a swapped-in store after an import is a new key); a Neo4j database
can be reloaded behind the server's back, so its views are always rendered afresh.
"""

from __future__ import annotations

import threading
import time
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
    """A bounded LRU of the costly ``render`` results by (store, drawn state, node limit);
    thread-safe (waitress answers on several threads). A result is shared, never modified.

    Only a view that took ``min_seconds`` or more is kept, so the many cheap views (a
    neighbourhood: ~2 ms) never push out the costly ones (all of France: ~1 s); and visitors
    asking at once for a view being rendered wait for that one rendering instead of each
    starting their own (50 arrivals at once would otherwise render France 50 times)."""

    def __init__(self, size: int = 64, min_seconds: float = 0.02):
        self._views: OrderedDict[tuple, tuple[GraphStore, Rendered]] = OrderedDict()
        self._rendering: dict[tuple, threading.Lock] = {}
        self._lock = threading.Lock()
        self.size, self.min_seconds = size, min_seconds

    def _cached(self, key: tuple, inner: GraphStore) -> Rendered | None:
        with self._lock:
            found = self._views.get(key)
            if found is None or found[0] is not inner:   # the entry holds its store: no id reuse
                return None
            self._views.move_to_end(key)
            return found[1]

    def render(self, store: GraphStore, state: ViewState, max_nodes: int) -> Rendered:
        inner = unchanging_store(store)
        if inner is None:
            return render(store, state, max_nodes, communities_of(store, state))
        drawn = drawn_state(state)
        key = (id(inner), drawn, max_nodes)
        found = self._cached(key, inner)
        if found is not None:
            return found
        with self._lock:
            rendering = self._rendering.setdefault(key, threading.Lock())
        with rendering:                      # one rendering of a view at a time
            found = self._cached(key, inner)
            if found is not None:
                return found
            began = time.thread_time()   # CPU time: a busy server does not make a view costly
            result = render(store, drawn, max_nodes, communities_of(store, drawn))
            with self._lock:
                if time.thread_time() - began >= self.min_seconds:
                    self._views[key] = (inner, result)
                    while len(self._views) > self.size:
                        self._views.popitem(last=False)
                self._rendering.pop(key, None)
        return result
