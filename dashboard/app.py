"""The Dash explorer: the page (dashboard/layout.py) and its callbacks, wired here.

Each callback is a module-level function taking the store and named inputs (dashboard/
callbacks.py for the view and the card, below for the panels and downloads); ``bind`` gives
it the store. The view reaches cytoscape.js through a clientside function
(dashboard/assets/draw.js), not through the Cytoscape component's ``elements`` prop, which cost
1.5 s in the browser for a 1,000-node view (the file says why).
"""

from __future__ import annotations

from functools import partial, update_wrapper

import dash
import flask
from dash import ALL, ClientsideFunction, Input, Output, State, ctx, dcc, no_update

from dashboard import callbacks as cb
from dashboard import first_view, layout, map_tab, peers_panel
from dashboard.actor_list import render_actor_list
from dashboard.downloads import VIEW_CHOICES, partner_file, view_file
from dashboard.elements import DEFAULT_MAX_NODES
from dashboard.overview import render_comparison, render_overview, territory_overview
from dashboard.state import state_from_data
from dashboard.views import view_subgraph
from dashboard import outage
from graph.errors import StoreUnavailable
from graph.store import GraphStore


def create_app(store: GraphStore, max_nodes: int = DEFAULT_MAX_NODES, *, top: tuple = (),
               on_error=None) -> dash.Dash:
    """The explorer on ``store``; ``top``: components above its header (the served app's
    outage banner and session line), ``on_error``: Dash's app-level callback error handler."""
    app = dash.Dash(__name__, title="vita — réseaux de partenaires de l'IAE",
                    suppress_callback_exceptions=True, on_error=on_error)
    drawn = cb.DrawnViews()
    bare = layout.page(store, top)
    app.layout = lambda: first_view.page_with_first_view(   # one per page load
        store, max_nodes, drawn, bare, _page_query())
    register_callbacks(app, store, max_nodes, drawn)
    return app


def _page_query() -> str | None:
    """The address of the page asking for its layout (dashboard/first_view.py says why)."""
    if not flask.has_request_context():
        return None
    return first_view.page_query(flask.request.referrer, flask.request.host)


def bind(fn, *args):
    """``fn`` with its first arguments given, still named ``fn`` for Dash."""
    return update_wrapper(partial(fn, *args), fn)


def view_callback(store: GraphStore, max_nodes: int, drawn: cb.DrawnViews, *, url, controls, tap,
                  search, partner, pick, buttons, current, drawn_key) -> dict:
    trigger = ctx.triggered_id
    value = ctx.triggered[0]["value"] if ctx.triggered else None
    event = cb.read_view_event(trigger, value, {"url": url, "controls": controls, "tap": tap,
                                                "search": search, "pick": pick},
                               current, drawn_key)
    return cb.update_view(store, max_nodes, drawn, event)


def card_callback(store: GraphStore, target):
    return cb.show_card(store, cb.card_target(target))


def tie_callback(edge, state):
    return cb.tie_target(edge, state) or no_update


def back_callback(clicks, state):
    return cb.back_target(clicks, state) or no_update


def suggest_actors(store: GraphStore, text, value) -> list[dict]:
    """The actors matching what is typed (the store's forgiving search), and the chosen one."""
    text = text if isinstance(text, str) else ""
    try:
        rows = store.search(text[:100], limit=12) if text.strip() else []
        options = [{"label": f"{a.name} ({a.kind_label}, {a.departement_name or 'national'})",
                    "value": a.id} for a in rows]
        if isinstance(value, str) and value not in {o["value"] for o in options}:
            detail = store.actor(value)
            if detail:
                options.append({"label": detail.actor.name, "value": value})
    except StoreUnavailable as down:
        outage.announce_store_down(down)
        return no_update
    return options


def suggest_territories(store: GraphStore, text, value) -> list[dict]:
    return layout.territory_options(store, text if isinstance(text, str) else None,
                                    value if isinstance(value, str) else None)


def overview_callback(store: GraphStore, data, tab):
    if tab != "ensemble" or not data:   # computed only when someone looks at it
        return no_update
    state = state_from_data(data)
    return render_overview(territory_overview(store, state.territory, state.filters()))


def comparison_callback(store: GraphStore, tab):
    return render_comparison(store) if tab == "comparer" else no_update


def actor_list_callback(store: GraphStore, drawn: cb.DrawnViews, data, tab, drawn_key):
    if tab != "liste" or not data:
        return no_update
    return render_actor_list(view_subgraph(store, state_from_data(data)), drawn.get(drawn_key))


def pick_actor(cell):
    """A row of the actor list (keyboard or click) selects that actor."""
    row = cell.get("row_id") if isinstance(cell, dict) else None
    return {"actor": row, "at": cell.get("row")} if isinstance(row, str) else no_update


def open_territory_link(clicks):
    """An entry point of the welcome card opens its territory."""
    if not ctx.triggered or not ctx.triggered[0]["value"] or not isinstance(ctx.triggered_id, dict):
        return no_update
    return {"territory": ctx.triggered_id.get("id")}


def pick_territory(cell):
    """A row of the comparison table opens that territory in the graph."""
    row = cell.get("row_id") if isinstance(cell, dict) else None
    if not isinstance(row, str):
        return no_update, no_update
    return {"territory": row}, "graphe"


def download_view(store: GraphStore, max_nodes: int, clicks, choice, data):
    if choice not in VIEW_CHOICES:
        return no_update, no_update, "Choisissez un format."
    kind, fmt = VIEW_CHOICES[choice][1], VIEW_CHOICES[choice][2]
    if kind == "image":   # drawn by the browser at 2x, with title, legend and source
        return no_update, {"format": fmt, "at": clicks}, ""
    try:
        name, content = view_file(store, state_from_data(data), choice, max_nodes)
    except ValueError as exc:
        return no_update, no_update, f"Impossible : {exc}."
    return dcc.send_bytes(content, name), no_update, ""


def download_partners(store: GraphStore, clicks, data):
    actor = state_from_data(data).actor
    if not ctx.triggered or not ctx.triggered[0]["value"] or not actor:
        return no_update
    fmt = ctx.triggered_id.get("format") if isinstance(ctx.triggered_id, dict) else None
    found = partner_file(store, actor, fmt) if fmt in ("xlsx", "csv-fr") else None
    return dcc.send_bytes(found[1], found[0]) if found else no_update


def register_callbacks(app: dash.Dash, store: GraphStore, max_nodes: int,
                       drawn: cb.DrawnViews) -> None:
    register_view(app, store, max_nodes, drawn)
    app.callback(Output("card", "children"), Input("card-target", "data"),
                 prevent_initial_call=True)(bind(card_callback, store))
    app.callback(Output("card-target", "data", allow_duplicate=True),
                 Input("graph", "tapEdgeData"), State("view-state", "data"),
                 prevent_initial_call=True)(tie_callback)
    app.callback(Output("card-target", "data", allow_duplicate=True),
                 Input("back-to-actor", "n_clicks"), State("view-state", "data"),
                 prevent_initial_call=True)(back_callback)
    # the page starts with the pickers' options: the server is asked only for what someone
    # typed (dashboard/assets/draw.js, vita.typed), not when a picker shows its chosen label
    for picker, suggest in (("search", suggest_actors), ("territory", suggest_territories)):
        app.clientside_callback(ClientsideFunction("vita", "typed"),
                                Output(f"{picker}-typed", "data"),
                                Input(picker, "searchValue"), State(picker, "value"),
                                State(picker, "data"), prevent_initial_call=True)
        app.callback(Output(picker, "data"), Input(f"{picker}-typed", "data"),
                     State(picker, "value"), prevent_initial_call=True)(bind(suggest, store))
    app.callback(Output("overview", "children"), Input("view-state", "data"),
                 Input("tabs", "value"), prevent_initial_call=True)(bind(overview_callback, store))
    app.callback(Output("comparison-panel", "children"), Input("tabs", "value"),
                 prevent_initial_call=True)(bind(comparison_callback, store))
    app.callback(Output("actor-list", "children"), Input("view-state", "data"),
                 Input("tabs", "value"), State("graph-key", "data"),
                 prevent_initial_call=True)(bind(actor_list_callback, store, drawn))
    app.callback(Output("pick", "data"), Input("actor-table", "active_cell"),
                 prevent_initial_call=True)(pick_actor)
    app.callback(Output("pick", "data", allow_duplicate=True),
                 Output("tabs", "value"),
                 Input("comparison", "active_cell"), prevent_initial_call=True)(pick_territory)
    app.callback(Output("pick", "data", allow_duplicate=True),
                 Input({"type": "territory-link", "id": ALL}, "n_clicks"),
                 prevent_initial_call=True)(open_territory_link)
    app.callback(Output("download", "data"), Output("image-request", "data"),
                 Output("download-error", "children"), Input("download-view", "n_clicks"),
                 State("download-choice", "value"), State("view-state", "data"),
                 prevent_initial_call=True)(bind(download_view, store, max_nodes))
    app.callback(Output("download", "data", allow_duplicate=True),
                 Input({"type": "partner-download", "format": ALL}, "n_clicks"),
                 State("view-state", "data"), prevent_initial_call=True)(
        bind(download_partners, store))
    map_tab.register(app, store, bind)
    peers_panel.register_in_explorer(app, store)
    register_clientside(app)


def register_view(app: dash.Dash, store: GraphStore, max_nodes: int, drawn) -> None:
    # One callback from the event to the drawn view: a second one triggered by the state would
    # cost the browser another round trip and render cycle (0.2 s on a 1,000-node view).
    controls = {c: Input(c, prop) for c, prop in cb.CONTROL_PROPS.items()}
    outputs = {field: Output(*target) for field, target in cb.VIEW_OUTPUTS.items()}
    outputs["controls"] = {c: Output(c, prop) for c, prop in cb.CONTROL_PROPS.items()}
    app.callback(
        output=outputs,
        inputs=dict(url=Input("url", "search"), controls=controls,
                    tap=Input("graph", "tapNodeData"), search=Input("search", "value"),
                    partner=Input({"type": "partner-link", "id": ALL}, "n_clicks"),
                    pick=Input("pick", "data"),
                    buttons=[Input(b, "n_clicks") for b in
                             ("expand", "reset", "show-all", "clear-filters",
                              "clear-filters-notice")]),
        state=dict(current=State("view-state", "data"), drawn_key=State("graph-key", "data")),
    )(bind(view_callback, store, max_nodes, drawn))


def register_clientside(app: dash.Dash) -> None:
    app.clientside_callback(ClientsideFunction("vita", "draw"), Output("graph-drawn", "data"),
                            Input("graph-view", "data"), Input("graph-style", "data"),
                            Input("tabs", "value"), State("first-view", "data"),
                            prevent_initial_call=True)
    # the view the page came with (dashboard/first_view.py), drawn once the page is mounted: a
    # callback of its own, since Dash holds any callback whose inputs are outputs of one in
    # flight, and the view callback is called on every arrival
    app.clientside_callback(ClientsideFunction("vita", "drawFirst"),
                            Output("graph-drawn", "data", allow_duplicate=True),
                            Input("first-view", "data"), State("graph-style", "data"),
                            prevent_initial_call="initial_duplicate")
    # the left column is drawn after the graph (layout.side_column): once a view is drawn, or
    # when the view callback answers with no view to draw (the store is down); two callbacks,
    # so that the first is not held while the view callback is in flight
    app.clientside_callback(ClientsideFunction("vita", "reveal"), Output("side-deferred", "value"),
                            Input("graph-drawn", "data"))
    app.clientside_callback(ClientsideFunction("vita", "revealWithoutView"),
                            Output("side-deferred", "value", allow_duplicate=True),
                            Input("notice", "children"), State("graph-view", "data"),
                            State("first-view", "data"), prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction("vita", "history"), Output("history-done", "data"),
                            Input("history", "data"), prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction("vita", "zoom"), Output("zoom-done", "data"),
                            Input("zoom-in", "n_clicks"), Input("zoom-out", "n_clicks"),
                            Input("zoom-fit", "n_clicks"), prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction("vita", "exportImage"),
                            Output("image-done", "data"), Input("image-request", "data"),
                            prevent_initial_call=True)
