"""The Dash explorer. Callbacks stay thin: they call pure functions of ``dashboard`` and
``graph`` (state transitions, views, cards), which are tested without a browser."""

from __future__ import annotations

from dataclasses import asdict

import dash
from dash import ALL, ClientsideFunction, Input, Output, State, ctx, dcc, no_update

from dashboard import layout
from dashboard.cards import (actor_card_data, render_actor_card, render_edge_card,
                             render_partner_downloads, render_similar, similar_data)
from dashboard.downloads import VIEW_CHOICES, partner_file, view_file
from dashboard.communities import communities_of
from dashboard.elements import DEFAULT_MAX_NODES, stylesheet, view_key
from dashboard.overview import render_comparison, render_overview, territory_overview
from dashboard.state import CONTROL_FIELDS, ViewState, control_values, next_state, to_query
from dashboard.views import render
from graph.store import GraphStore

CONTROLS = list(CONTROL_FIELDS) + ["context"]
TRIGGERS = ["graph", "search", "expand", "reset", "show-all"]

# The view reaches cytoscape.js through a clientside callback (dashboard/assets/draw.js), not
# through the Cytoscape component's ``elements`` prop, which cost 1.5 s in the browser for a
# 1,000-node view (the file says why).


def create_app(store: GraphStore, max_nodes: int = DEFAULT_MAX_NODES) -> dash.Dash:
    app = dash.Dash(__name__, title="vita — réseaux de partenaires de l'IAE",
                    suppress_callback_exceptions=True)
    app.layout = layout.page(store)
    register_callbacks(app, store, max_nodes)
    return app


def _trigger_values(search: str, controls: list, graph_tap, search_value, partner_clicks):
    values = dict(zip(CONTROLS, controls), url=search)
    values["graph"] = (graph_tap or {}).get("id")
    values["search"] = search_value
    trigger = ctx.triggered_id
    if isinstance(trigger, dict) and trigger.get("type") == "partner-link":
        # a card just drawn adds buttons with no click yet: only a real click counts
        values["partner-link"] = trigger["id"] if ctx.triggered[0]["value"] else None
        trigger = "partner-link"
    return trigger, values


VIEW_OUTPUTS = [Output("graph-view", "data"), Output("graph-key", "data"),
                Output("graph-style", "data"), Output("notice", "children"),
                Output("show-all", "style"), Output("view-title", "children"),
                Output("card", "children")]


def register_callbacks(app: dash.Dash, store: GraphStore, max_nodes: int) -> None:
    # One callback from the event to the drawn view: a second one triggered by the state would
    # cost the browser another round trip and render cycle (0.2 s on a 1,000-node view).
    @app.callback(
        Output("url", "search"), Output("view-state", "data"),
        [Output(c, "value") for c in CONTROLS], *VIEW_OUTPUTS,
        Input("url", "search"), [Input(c, "value") for c in CONTROLS],
        Input("graph", "tapNodeData"), Input("search", "value"),
        Input("expand", "n_clicks"), Input("reset", "n_clicks"), Input("show-all", "n_clicks"),
        Input({"type": "partner-link", "id": ALL}, "n_clicks"),
        State("view-state", "data"), State("graph-key", "data"))
    def update_state(search, *args):
        controls, (tap, chosen, _e, _r, _s, partner_clicks, current, drawn_key) = \
            args[:len(CONTROLS)], args[len(CONTROLS):]
        state = ViewState(**_tuples(current)) if current else ViewState()
        trigger, values = _trigger_values(search, list(controls), tap, chosen, partner_clicks)
        if trigger in ("search", "partner-link") and not values.get(trigger):
            return (no_update,) * (2 + len(CONTROLS) + len(VIEW_OUTPUTS))
        in_view = _in_view(store, state)
        new = next_state(state, "url" if trigger == "url" else trigger, values, in_view)
        shown = control_values(new)
        controls_out = [shown[c] for c in CONTROLS] if trigger in (None, "url") \
            else [no_update] * len(CONTROLS)
        query = no_update if trigger in (None, "url") else to_query(new)
        return (query, asdict(new), *controls_out, *show(new, drawn_key))

    def show(state: ViewState, drawn_key: str | None) -> tuple:
        result = render(store, state, max_nodes, communities_of(store, state))
        key = view_key(result.view.elements)
        # the same view again (an actor clicked in it): its elements are not sent again
        view = no_update if key == drawn_key else {"key": key, "elements": result.view.elements}
        style = {"stylesheet": stylesheet(state.actor, state.colouring, result.view.shown),
                 "actor": state.actor}
        return (view, key, style, result.notice,
                {} if result.truncated else {"display": "none"}, result.title,
                _card(store, state.actor))

    @app.callback(Output("overview", "children"), Input("view-state", "data"),
                  Input("tabs", "value"), prevent_initial_call=True)
    def overview(data, tab):
        if tab != "ensemble" or not data:   # computed only when someone looks at it
            return no_update
        state = ViewState(**_tuples(data))
        return render_overview(territory_overview(store, state.territory, state.filters()))

    @app.callback(Output("comparison-panel", "children"), Input("tabs", "value"),
                  prevent_initial_call=True)
    def comparison(tab):
        return render_comparison(store) if tab == "comparer" else no_update

    register_downloads(app, store, max_nodes)

    @app.callback(Output("card", "children", allow_duplicate=True),
                  Input("graph", "tapEdgeData"), prevent_initial_call=True)
    def show_edge(edge):
        detail = store.actor((edge or {}).get("source", ""))   # one query, not every tie
        rel = next((r for r in detail.relations if r.id == edge.get("id")), None) if detail else None
        return render_edge_card(rel) if rel else no_update

    @app.callback(Output("search", "options"), Input("search", "search_value"),
                  State("search", "value"))
    def suggest(text, value):
        rows = store.search(text or "", limit=12) if text else []
        options = [{"label": f"{a.name} ({a.kind_label}, {a.departement_name or 'national'})",
                    "value": a.id} for a in rows]
        if value and value not in {o["value"] for o in options}:
            detail = store.actor(value)
            if detail:
                options.append({"label": detail.actor.name, "value": value})
        return options

    @app.callback(Output("territory", "options"), Input("territory", "search_value"),
                  Input("territory", "value"))
    def territories(text, value):
        return layout.territory_options(store, text, value)

    app.clientside_callback(ClientsideFunction("vita", "draw"), Output("graph-drawn", "data"),
                            Input("graph-view", "data"), Input("graph-style", "data"),
                            Input("tabs", "value"), prevent_initial_call=True)


def _tuples(data: dict) -> dict:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}


def _in_view(store: GraphStore, state: ViewState):
    def check(actor_id: str) -> bool:
        if state.mode == "voisinage":
            return False
        return any(a.id == actor_id for a in store.actors(state.filters(), state.territory))
    return check


def _card(store: GraphStore, actor_id: str | None):
    if not actor_id:
        return "Cliquez sur un acteur ou un lien pour voir sa fiche."
    detail = store.actor(actor_id)
    if not detail:
        return "Acteur inconnu."
    similar = similar_data(store.similar(actor_id, k=5, other_territories=True))
    return render_actor_card(actor_card_data(detail),
                             [render_partner_downloads(), render_similar(similar)])


def register_downloads(app: dash.Dash, store: GraphStore, max_nodes: int) -> None:
    @app.callback(Output("download", "data"), Output("graph", "generateImage"),
                  Output("download-error", "children"),
                  Input("download-view", "n_clicks"), State("download-choice", "value"),
                  State("view-state", "data"), prevent_initial_call=True)
    def download_view(_clicks, choice, data):
        state = ViewState(**_tuples(data or {}))
        kind, fmt = VIEW_CHOICES[choice][1], VIEW_CHOICES[choice][2]
        if kind == "image":   # drawn by cytoscape.js in the browser
            return no_update, {"type": fmt, "action": "download", "filename": "vita-vue"}, ""
        try:
            name, content = view_file(store, state, choice, max_nodes)
        except ValueError as exc:
            return no_update, no_update, f"Impossible : {exc}."
        return dcc.send_bytes(content, name), no_update, ""

    @app.callback(Output("download", "data", allow_duplicate=True),
                  Input({"type": "partner-download", "format": ALL}, "n_clicks"),
                  State("view-state", "data"), prevent_initial_call=True)
    def download_partners(clicks, data):
        if not ctx.triggered[0]["value"] or not data or not data.get("actor"):
            return no_update
        found = partner_file(store, data["actor"], ctx.triggered_id["format"])
        return dcc.send_bytes(found[1], found[0]) if found else no_update

