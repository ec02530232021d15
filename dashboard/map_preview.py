"""One-page Dash apps showing a territory's map and the comparison's choropleth: what the
browser tests and the map benchmark drive (the explorer's own « Carte » tab and comparison
choropleth are dashboard/map_tab.py)."""

from __future__ import annotations

import dash
from dash import Input, Output, dcc, html

from dashboard.maps import (choropleth_figure, clicked_id, image_config, territory_map_figure,
                            unplaced)
from graph.store import GraphStore
from graph.territory_indicators import comparison_table


def map_page(store: GraphStore, territory: str, show_ties: bool = True) -> html.Div:
    sub = store.territory_subgraph(territory)
    figure = territory_map_figure(sub, territory, show_ties)
    return html.Div([
        dcc.Graph(id="map", figure=figure, config=image_config(), style={"height": "80vh"}),
        html.Div(id="map-card"),
        html.Ul([html.Li(a.name) for a in unplaced(sub)], id="map-unplaced"),
    ])


def card_text(store: GraphStore, click_data: dict | None) -> str:
    actor_id = clicked_id(click_data)
    detail = store.actor(actor_id) if actor_id else None
    if detail is None:
        return ""
    return f"{detail.actor.name} — {detail.actor.kind_label}"


def map_app(store: GraphStore, territory: str, show_ties: bool = True) -> dash.Dash:
    # the explorer's assets (its CSS and scripts) are not this page's
    app = dash.Dash(__name__, title="vita — carte", assets_ignore=".*")
    app.layout = map_page(store, territory, show_ties)
    app.callback(Output("map-card", "children"), Input("map", "clickData"))(
        lambda click: card_text(store, click))
    return app


def choropleth_app(store: GraphStore, level: str = "dep", indicator: str = "actors") -> dash.Dash:
    """The comparison's choropleth; a click on a territory's marker shows its id."""
    rows = comparison_table(store.actors(), store.relations(), levels=(level,))
    app = dash.Dash(__name__, title="vita — comparaison", assets_ignore=".*")
    app.layout = html.Div([
        dcc.Graph(id="map", figure=choropleth_figure(rows, level, indicator),
                  config=image_config(filename="comparaison-vita"), style={"height": "80vh"}),
        html.Div(id="map-card")])
    app.callback(Output("map-card", "children"), Input("map", "clickData"))(
        lambda click: clicked_id(click) or "")
    return app
