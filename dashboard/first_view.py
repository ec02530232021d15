"""The first view, drawn with the page.

The layout the browser fetches already holds the view its address asks for (state, elements,
title, controls, card): cytoscape.js draws it as soon as the page is mounted. Before, every page
load waited for the view callback's round trip and for React to apply its fifteen outputs
(0.10–0.15 s measured in the page, docs/benchmarks.md), on top of the page's own first render.

Dash fetches the layout with a request of its own, which does not carry the page's address; the
browser names the page in that request's Referer header (the explorer's Referrer-Policy is
``same-origin``). Without a Referer from this site, or when the address needs correcting (an
unknown territory or actor: the view callback says so and rewrites the address), or when the
store is down, the page starts bare and the view callback draws the view as before.
"""

from __future__ import annotations

import copy
from urllib.parse import urlsplit

from dash import no_update

from dashboard import callbacks as cb
from dashboard import layout
from dashboard.state import ViewState, control_values
from graph.errors import StoreUnavailable
from graph.store import GraphStore

FIRST_VIEW = ("first-view", "data")
# what the page shows before any callback: the controls' values of the default state
PAGE_CONTROLS = {c: cb.shown_value(v) for c, v in control_values(ViewState()).items()}


def page_query(referrer: str | None, host: str) -> str | None:
    """The query string ("?…" or "") of the page that asked for its layout, or None when the
    Referer is missing or names another site."""
    if not isinstance(referrer, str) or not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc != host:
        return None
    return f"?{parts.query}" if parts.query else ""


def first_view_props(store: GraphStore, max_nodes: int, drawn: cb.DrawnViews,
                     query: str) -> dict[tuple[str, str], object] | None:
    """(component id, property) -> value for the view of ``query``, as the view callback would
    set them on arrival; None when the page should start bare (see the module's docstring)."""
    arrival = cb.ViewEvent(trigger="url", url=query, controls=dict(PAGE_CONTROLS), actor=None,
                           territory=None, current=None, drawn_key=None)
    out = cb.update_view(store, max_nodes, drawn, arrival)
    if out["view"] is no_update or out["notify"] is not no_update:   # store down, or corrected
        return None
    props = {cb.VIEW_OUTPUTS[field]: value for field, value in out.items()
             if field in cb.VIEW_OUTPUTS and field != "history" and value is not no_update}
    props.update({(c, cb.CONTROL_PROPS[c]): value for c, value in out["controls"].items()
                  if value is not no_update})
    # drawn by a callback of its own (dashboard/app.py, register_clientside says why)
    props[FIRST_VIEW] = props.pop(cb.VIEW_OUTPUTS["view"])
    territory = out["state"]["territory"]
    props[("territory", "data")] = layout.territory_options(store, None, territory)
    target = out["card_target"]
    if target is not no_update and target is not None:
        props[("card", "children")] = cb.show_card(store, cb.card_target(target))
    return props


def set_props(tree, props: dict[tuple[str, str], object]) -> None:
    """Give the components of ``tree`` these property values, by id."""
    wanted = {component_id for component_id, _ in props}
    for component in _components(tree):
        component_id = getattr(component, "id", None)
        if isinstance(component_id, str) and component_id in wanted:
            for (target, prop), value in props.items():
                if target == component_id:
                    setattr(component, prop, value)


def _components(tree):
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (list, tuple)):
            stack.extend(node)
        elif hasattr(node, "to_plotly_json"):
            yield node
            stack.append(getattr(node, "children", None))


def page_with_first_view(store: GraphStore, max_nodes: int, drawn: cb.DrawnViews, bare,
                         query: str | None):
    """The page holding the view of ``query``, or ``bare`` (built once, at start). The view is
    set in a copy of ``bare``: a page built again would ask the store for its lists (sections,
    entry territories) on every page load."""
    if query is None:
        return bare
    try:
        props = first_view_props(store, max_nodes, drawn, query)
    except StoreUnavailable:
        return bare
    if props is None:
        return bare
    page = copy.deepcopy(bare)
    set_props(page, props)
    return page
