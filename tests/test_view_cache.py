"""The cache of rendered views (dashboard/view_cache.py) on real stores: the same answer as a
fresh rendering, one rendering per view, nothing kept for a swapped-out store or a cheap view."""

from __future__ import annotations

import dataclasses
import threading

from dashboard import view_cache
from dashboard.served_store import ServedStore
from dashboard.state import ViewState
from dashboard.view_cache import RenderedViews, drawn_state
from dashboard.views import render
from graph.memory_store import MemoryStore


def counting_render(monkeypatch) -> list:
    calls = []

    def counted(store, state, max_nodes, communities):
        calls.append(state)
        return render(store, state, max_nodes, communities)
    monkeypatch.setattr(view_cache, "render", counted)
    return calls


def test_a_cached_view_is_the_fresh_rendering_and_is_rendered_once(mini_dataset, monkeypatch):
    store = ServedStore(MemoryStore(mini_dataset), show_contacts=False)
    calls = counting_render(monkeypatch)
    views = RenderedViews(min_seconds=0)
    actor = next(iter(mini_dataset.actors))
    first = views.render(store, ViewState(), 1000)
    again = views.render(store, ViewState(actor=actor), 1000)   # selecting only styles the view
    assert again is first and len(calls) == 1
    assert first.view.elements == render(store, ViewState(), 1000).view.elements
    neighbourhood = ViewState(actor=actor, mode="voisinage")
    assert drawn_state(neighbourhood) == neighbourhood
    assert views.render(store, neighbourhood, 1000).title.startswith("Voisinage de")
    assert len(calls) == 2


def test_a_swapped_store_is_rendered_afresh(mini_dataset, monkeypatch):
    store = ServedStore(MemoryStore(mini_dataset), show_contacts=False)
    calls = counting_render(monkeypatch)
    views = RenderedViews(min_seconds=0)
    before = views.render(store, ViewState(), 1000)
    store.replace_store(MemoryStore(dataclasses.replace(mini_dataset, relations=[])))
    after = views.render(store, ViewState(), 1000)

    def ties(rendered):
        return [e for e in rendered.view.elements if "source" in e["data"]]
    assert len(calls) == 2 and ties(before) and not ties(after)


def test_cheap_views_are_not_kept_and_other_stores_are_never_cached(mini_dataset, monkeypatch):
    calls = counting_render(monkeypatch)
    store = MemoryStore(mini_dataset)
    views = RenderedViews(min_seconds=60)
    views.render(store, ViewState(), 1000)
    views.render(store, ViewState(), 1000)
    assert len(calls) == 2
    monkeypatch.setattr(view_cache, "unchanging_store", lambda s: None)   # as for Neo4j
    RenderedViews(min_seconds=0).render(store, ViewState(), 1000)
    assert len(calls) == 3 and view_cache.unchanging_store(store) is None


def test_visitors_asking_together_wait_for_one_rendering(mini_dataset, monkeypatch):
    store = MemoryStore(mini_dataset)
    calls = counting_render(monkeypatch)
    views = RenderedViews(min_seconds=0)
    results = []
    threads = [threading.Thread(target=lambda: results.append(views.render(store, ViewState(), 1000)))
               for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and all(r is results[0] for r in results)
