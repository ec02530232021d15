"""The explorer's maps: the « Carte » tab (the graph's view on France, same state, same
filters) and the choropleth above the comparison table (dashboard/maps.py draws both).

Pure parts first (``map_view``, ``unplaced_text``, ``choropleth_rows``), then the callbacks:
module-level functions with named inputs, wired in ``register``. A click on an actor's marker
goes through the explorer's ``pick`` store, as a row of the actor list does: the actor is
selected and its card shown; a click on a territory of the choropleth opens it in the graph.
"""

from __future__ import annotations

import dash_mantine_components as dmc
from dash import Input, Output, dcc, html, no_update

from dashboard import maps
from dashboard.overview import store_comparison
from dashboard.state import ViewState, state_from_data
from dashboard.views import view_subgraph
from graph.store import ActorRow, GraphStore, Subgraph

MAP_TAB = "carte"
COMPARISON_TAB = "comparer"
LEVEL_CHOICES = {"dep": "Départements", "region2008": "Régions (2008)", "region": "Régions (2016)"}
UNPLACED_SHOWN = 40   # names listed beside the map; the rest counted


# --- pure parts ------------------------------------------------------------------------------

def map_view(store: GraphStore, state: ViewState) -> tuple[Subgraph, str | None]:
    """The subgraph the graph shows for ``state`` and the territory to zoom the map to (none
    for a neighbourhood: the map fits its actors)."""
    territory = None if state.mode == "voisinage" and state.actor else state.territory
    return view_subgraph(store, state), territory


def unplaced_text(actors: list[ActorRow]) -> str:
    """The sentence beside the map naming the actors it cannot place."""
    if not actors:
        return ""
    names = sorted({a.name for a in actors}, key=str.casefold)
    shown = ", ".join(names[:UNPLACED_SHOWN])
    more = f" et {len(names) - UNPLACED_SHOWN} autres" if len(names) > UNPLACED_SHOWN else ""
    return f"Acteurs nationaux, sans position sur la carte ({len(names)}) : {shown}{more}."


def choropleth_rows(store: GraphStore) -> tuple[dict, ...]:
    """The comparison table's rows (the same numbers as the table, one computation)."""
    return store_comparison(store)


# --- layout ----------------------------------------------------------------------------------

def map_panel() -> html.Div:
    return html.Div([
        html.Div([
            html.P("Les acteurs de la vue du graphe, à leur commune (mêmes filtres). Cliquez sur "
                   "un acteur pour afficher sa fiche ; la molette zoome.", className="help"),
            dmc.Switch(id="map-ties", checked=True, size="sm", label="Afficher les liens"),
        ], className="map-heading"),
        dcc.Loading(dcc.Graph(id="map", config=maps.image_config("png", "carte-vita"),
                              style={"height": "calc(100vh - 250px)", "minHeight": "380px"})),
        html.P(id="map-unplaced", className="help"),
    ], className="panel map-panel")


def comparison_panel() -> html.Div:
    return html.Div([
        html.Div([
            dmc.Select(id="choropleth-indicator", label="Indicateur", value="actors", size="xs",
                       allowDeselect=False, className="field",
                       data=[{"label": v, "value": k} for k, v in maps.INDICATORS.items()]),
            dmc.SegmentedControl(id="choropleth-level", value="dep", size="xs", data=[
                {"label": v, "value": k} for k, v in LEVEL_CHOICES.items()]),
        ], className="choropleth-controls"),
        html.P("Chaque territoire coloré selon l'indicateur choisi (les chiffres du tableau "
               "ci-dessous) ; cliquez sur le point au centre d'un territoire pour l'ouvrir "
               "dans le graphe.", className="help"),
        dcc.Loading(dcc.Graph(id="choropleth", config=maps.image_config("png", "comparaison-vita"),
                              style={"height": "520px"})),
        html.Div(id="comparison-panel"),
    ], className="panel")


# --- callbacks -------------------------------------------------------------------------------

def map_callback(store: GraphStore, data, tab, show_ties):
    """The map and its unplaced actors, computed only while the tab is shown."""
    if tab != MAP_TAB or not isinstance(data, dict):
        return no_update, no_update
    sub, territory = map_view(store, state_from_data(data))
    figure = maps.territory_map_figure(sub, territory, show_ties is not False)
    return figure, unplaced_text(maps.unplaced(sub))


def map_click(click_data):
    """A click on an actor's marker selects it, as a tap on its node does."""
    actor = maps.clicked_id(click_data)
    return {"actor": actor, "at": "carte"} if actor else no_update


def choropleth_callback(store: GraphStore, tab, indicator, level):
    if tab != COMPARISON_TAB:
        return no_update
    indicator = indicator if indicator in maps.INDICATORS else "actors"
    level = level if level in LEVEL_CHOICES else "dep"
    return maps.choropleth_figure(choropleth_rows(store), level, indicator)


def choropleth_click(click_data):
    """A click on a territory opens it in the graph."""
    territory = maps.clicked_id(click_data)
    return ({"territory": territory}, "graphe") if territory else (no_update, no_update)


def register(app, store: GraphStore, bind) -> None:
    app.callback(Output("map", "figure"), Output("map-unplaced", "children"),
                 Input("view-state", "data"), Input("tabs", "value"),
                 Input("map-ties", "checked"), prevent_initial_call=True)(
        bind(map_callback, store))
    app.callback(Output("pick", "data", allow_duplicate=True), Input("map", "clickData"),
                 prevent_initial_call=True)(map_click)
    app.callback(Output("choropleth", "figure"), Input("tabs", "value"),
                 Input("choropleth-indicator", "value"), Input("choropleth-level", "value"),
                 prevent_initial_call=True)(bind(choropleth_callback, store))
    app.callback(Output("pick", "data", allow_duplicate=True),
                 Output("tabs", "value", allow_duplicate=True),
                 Input("choropleth", "clickData"), prevent_initial_call=True)(choropleth_click)
