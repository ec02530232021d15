"""What the page shows for a state: the graph view, the notice above it, the card."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from dashboard.elements import DEFAULT_MAX_NODES, View, build_view
from dashboard.state import ViewState
from graph.search import normalise
from graph.store import GraphStore, Subgraph, TerritoryRow
from graph.territory import LEVEL_LABELS


@dataclass(frozen=True)
class Rendered:
    view: View
    notice: str
    truncated: bool
    title: str


def view_subgraph(store: GraphStore, state: ViewState) -> Subgraph:
    if state.mode == "voisinage" and state.actor:
        return store.neighbourhood([state.actor], state.depth, state.filters())
    sub = store.territory_subgraph(state.territory, state.filters())
    if not state.context:
        inside = {a.id for a in sub.nodes}
        sub = replace(sub, context=(), edges=tuple(
            r for r in sub.edges if r.source in inside and r.target in inside))
    return sub


def territory_name(store: GraphStore, territory: str) -> str:
    found = territory_rows(store, territory)
    return found[territory].row.label if territory in found else territory


def territory_label(t: TerritoryRow) -> str:
    """As the territory picker shows it: level, name and number of actors."""
    return t.label if t.level == "france" else \
        f"{LEVEL_LABELS[t.level]} : {t.label} ({t.actor_count})"


@dataclass(frozen=True)
class Territory:
    row: TerritoryRow
    label: str       # territory_label
    key: str         # the label normalised, for the picker's search


def territory_rows(store: GraphStore, wanted: str | None = None) -> dict[str, Territory]:
    """Every territory by id, in the store's order. Listing them takes 0.1 s on the synthetic
    graph, normalising their labels as much: done once per store, not per view or keystroke,
    and again when ``wanted`` is missing (data loaded into Neo4j since)."""
    rows = _territory_rows(store)
    if wanted is not None and wanted not in rows:
        _territory_rows.cache_clear()
        rows = _territory_rows(store)
    return rows


@lru_cache(maxsize=4)
def _territory_rows(store: GraphStore) -> dict[str, Territory]:
    return {t.id: Territory(t, territory_label(t), normalise(territory_label(t)))
            for t in store.territories()}


def render(store: GraphStore, state: ViewState, max_nodes: int = DEFAULT_MAX_NODES,
           communities: dict[str, int] | None = None) -> Rendered:
    limit = None if state.show_all else max_nodes
    view = build_view(view_subgraph(store, state), limit, communities)
    if state.mode == "voisinage" and state.actor:
        detail = store.actor(state.actor)
        name = detail.actor.name if detail else state.actor
        title = f"Voisinage de {name} (profondeur {state.depth})"
    else:
        title = territory_name(store, state.territory)
    truncated = view.shown < view.total
    if truncated:
        notice = (f"Affichage des {view.shown} acteurs les plus reliés sur {view.total} : "
                  "filtrez ou choisissez un territoire plus petit, ou affichez tout.")
    else:
        context = view.shown - view.inside
        notice = f"{view.inside} acteurs" + (f" et {context} partenaires situés ailleurs"
                                              if context else "") + "."
    return Rendered(view, notice, truncated, title)
