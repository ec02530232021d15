"""The accessible list of the actors in view: a sortable table, the keyboard's way into the
graph (a row chosen with the arrows and Enter, or clicked, selects its actor)."""

from __future__ import annotations

from dash import dash_table, html

from dashboard.views import actor_rows
from graph.store import Subgraph

COLUMNS = {"name": "Acteur", "kind": "Type", "family": "Famille", "place": "Lieu",
           "ties": "Liens dans la vue"}


def render_actor_list(sub: Subgraph, drawn: frozenset | None = None):
    rows = actor_rows(sub, set(drawn) if drawn is not None else None)
    if not rows:
        return html.P("Aucun acteur dans la vue.")
    return dash_table.DataTable(
        id="actor-table", data=rows, sort_action="native", page_size=20,
        columns=[{"name": label, "id": key, "type": "numeric" if key == "ties" else "text"}
                 for key, label in COLUMNS.items()],
        style_cell={"textAlign": "left", "whiteSpace": "normal", "height": "auto",
                    "fontSize": "0.85rem", "padding": "4px 6px", "cursor": "pointer"},
        style_header={"fontWeight": 600, "backgroundColor": "#f1f3f5"},
        style_table={"overflowX": "auto"})
