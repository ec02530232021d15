"""When the store stops answering (Neo4j down, unreachable, too slow): one French banner in
the page instead of a traceback or a blank graph, and the page reloads by itself when the
store answers again (the URL carries the whole view, so the reload restores it).

Caught in one place: Dash's app-level ``on_error`` (``on_callback_error``) sees every
callback's exception. ``graph.errors.StoreUnavailable`` (``Neo4jStore`` raises it for every
driver outage) shows the banner and starts polling; anything else raised by a callback comes
from a request the page would not send (tampered ids, wrong types): it answers 400, never a
500 with a traceback (the error is logged, without the request's values).
"""

from __future__ import annotations

import functools
import logging
import time

import dash
from dash import Input, Output, dcc, html
from werkzeug.exceptions import BadRequest, HTTPException

from graph.errors import StoreUnavailable
from graph.store import GraphStore

LOG = logging.getLogger("vita.server")
STORE_DOWN_MESSAGE = ("La base Neo4j ne répond pas : l'explorateur réessaie toutes les "
                      "5 secondes et se rechargera de lui-même dès qu'elle sera de retour.")
POLL_MS = 5000
HIDDEN = {"display": "none"}
BANNER_STYLE = {"background": "#fff3cd", "border": "1px solid #d39e00", "color": "#533f03",
                "padding": "0.6em 1em", "margin": "0.5em 0", "fontWeight": "bold"}


def store_banner() -> html.Div:
    """The banner and its poll; the page layout includes it once."""
    return html.Div([
        html.Div(id="store-banner", role="alert", style=HIDDEN),
        dcc.Interval(id="store-banner-poll", interval=POLL_MS, disabled=True),
        dcc.Store(id="store-recovered"), dcc.Store(id="store-reloading"),
    ])


def announce_store_down(error: Exception) -> None:
    """Inside a callback: show the banner and start polling. The one place the page learns the
    store is down, whether a callback caught the error (to keep its other outputs) or Dash's
    ``on_error`` did."""
    LOG.warning("store unavailable: %s", error)
    try:
        dash.set_props("store-banner", {"children": STORE_DOWN_MESSAGE, "style": BANNER_STYLE})
        dash.set_props("store-banner-poll", {"disabled": False})
    except (dash.exceptions.MissingCallbackContextException, LookupError):
        # not in a callback but building a page's first view (dashboard/first_view.py; Dash
        # raises either, depending on the request): the page starts bare, and its first
        # callback meets the outage again and announces it
        pass


def on_callback_error(error: Exception):
    """Dash's app-level error handler (``dash.Dash(on_error=…)``)."""
    if isinstance(error, StoreUnavailable):
        announce_store_down(error)
        return None      # every output keeps its value
    if isinstance(error, HTTPException):
        raise error
    LOG.error("callback %s refused: %s", dash.ctx.triggered_id, type(error).__name__)
    raise BadRequest("Requête refusée : valeurs inattendues.") from error


def store_answers(store: GraphStore) -> bool:
    try:
        store.counts()
    except StoreUnavailable:
        return False
    return True


def poll_store(store: GraphStore, _n_intervals):
    """While the banner shows: the store answers again → hide it, stop polling, reload."""
    if not store_answers(store):
        return dash.no_update, dash.no_update, dash.no_update
    return HIDDEN, True, time.time()


RELOAD_WHEN_RECOVERED = "function (at) { if (at) { window.location.reload(); } return null; }"


def register(app: dash.Dash, store: GraphStore) -> None:
    app.callback(Output("store-banner", "style"), Output("store-banner-poll", "disabled"),
                 Output("store-recovered", "data"), Input("store-banner-poll", "n_intervals"),
                 prevent_initial_call=True)(functools.partial(poll_store, store))
    app.clientside_callback(RELOAD_WHEN_RECOVERED, Output("store-reloading", "data"),
                            Input("store-recovered", "data"), prevent_initial_call=True)
