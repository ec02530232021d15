"""Files the explorer offers: the view's actor list, its graph, an actor's partner list.

Each function returns ``(file name, bytes)`` from the store and the view state (pure);
the callbacks only hand them to ``dcc.send_bytes``. The PNG image comes from cytoscape.js in
the browser; the SVG one is drawn here (dashboard/svg.py) from the view's elements.
"""

from __future__ import annotations

from graph.exports import (file_name, graph_file, partner_list, partners_file, territory_file,
                           territory_list)
from graph.store import GraphStore

from dashboard.communities import communities_of
from dashboard.elements import DEFAULT_MAX_NODES
from dashboard.map_svg import territory_map_svg
from dashboard.state import ViewState
from dashboard.svg import view_svg
from dashboard.views import render, territory_name, view_subgraph

# choice -> (French label, kind of file, format, CSV dialect)
VIEW_CHOICES = {
    "actors-xlsx": ("Liste des acteurs (Excel)", "list", "xlsx", "rfc4180"),
    "actors-csv-fr": ("Liste des acteurs (CSV pour Excel français)", "list", "csv", "excel-fr"),
    "actors-csv": ("Liste des acteurs (CSV standard)", "list", "csv", "rfc4180"),
    "graphml": ("Graphe GraphML", "graph", "graphml", "rfc4180"),
    "gexf": ("Graphe GEXF (Gephi)", "graph", "gexf", "rfc4180"),
    "json": ("Graphe Cytoscape JSON", "graph", "json", "rfc4180"),
    "nodes-edges": ("Nœuds et liens (CSV, archive ZIP)", "graph", "nodes-edges", "rfc4180"),
    "png": ("Image PNG de la vue", "image", "png", ""),
    "svg": ("Image SVG de la vue", "drawing", "svg", ""),
    "map-svg": ("Carte SVG de la vue", "map", "svg", ""),
}
PARTNER_CHOICES = {"xlsx": ("Excel", "rfc4180"), "csv-fr": ("CSV pour Excel français", "excel-fr")}


def view_file(store: GraphStore, state: ViewState, choice: str,
              max_nodes: int = DEFAULT_MAX_NODES) -> tuple[str, bytes]:
    _, kind, fmt, dialect = VIEW_CHOICES[choice]
    subject = f"voisinage-{state.actor}" if state.mode == "voisinage" and state.actor \
        else state.territory.replace(":", "-")
    if kind == "list":
        if state.mode == "voisinage" and state.actor:
            raise ValueError("la liste des acteurs porte sur un territoire")
        return (file_name(f"acteurs-{subject}", fmt),
                territory_file(territory_list(store, state.territory, state.filters()), fmt, dialect))
    if kind == "graph":
        return file_name(f"graphe-{subject}", fmt), graph_file(view_subgraph(store, state), fmt)
    if kind == "drawing":   # what the page shows, limits included
        shown = render(store, state, max_nodes, communities_of(store, state))
        return (file_name(f"vue-{subject}", fmt),
                view_svg(shown.view.elements, shown.title, state.actor, state.colouring))
    if kind == "map":   # every actor of the view, placed as on the « Carte » tab
        neighbourhood = state.mode == "voisinage" and state.actor
        detail = store.actor(state.actor) if neighbourhood else None
        title = f"Voisinage de {detail.actor.name if detail else state.actor}" if neighbourhood \
            else territory_name(store, state.territory)
        svg = territory_map_svg(view_subgraph(store, state),
                                None if neighbourhood else state.territory, title)
        return file_name(f"carte-{subject}", fmt), svg.encode("utf-8")
    raise ValueError(f"{choice} is drawn by the browser")


def partner_file(store: GraphStore, actor_id: str, choice: str) -> tuple[str, bytes] | None:
    partners = partner_list(store, actor_id)
    if partners is None:
        return None
    fmt = "xlsx" if choice == "xlsx" else "csv"
    return (file_name(f"partenaires-{actor_id}", fmt),
            partners_file(partners, fmt, PARTNER_CHOICES[choice][1]))
