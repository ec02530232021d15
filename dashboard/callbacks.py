"""The explorer's callbacks: module-level functions with named inputs, each calling the pure
functions of ``dashboard`` and ``graph``; ``register_callbacks`` only wires them to the page.

Every input from the browser is read into typed values first (``ViewEvent``, ``card_target``):
an unknown id, a wrong type or an edited view state is ignored, or answered in French in the
page, never with a server error.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import asdict, dataclass

from dash import no_update

from dashboard.cards import (actor_card_data, render_actor_card, render_edge_card,
                             render_similar, render_welcome, similar_data)
from dashboard.elements import stylesheet, view_key
from dashboard.legend import legend
from dashboard.state import (CONTROL_FIELDS, ViewState, control_values, from_query, has_filters,
                             is_major, next_state, state_from_data, to_query)
from dashboard.view_cache import RenderedViews, drawn_state
from dashboard.views import checked_state, entry_territories
from dashboard import outage
from graph.errors import StoreUnavailable
from graph.store import GraphStore
from graph.vocabulary import RELATION_TYPES

# control id -> the property holding its value
CONTROL_PROPS = {**{c: "value" for c in CONTROL_FIELDS}, "context": "checked"}
ACTOR_TRIGGERS = ("graph", "search", "partner-link")
HIDDEN = {"display": "none"}
TIE_LABELS = {code: r.label for code, r in RELATION_TYPES.items()}   # the graph's hover text
STORE_DOWN = outage.STORE_DOWN_MESSAGE
# what the view callback sets: field of its result -> (component id, property); the page's
# first view (dashboard/first_view.py) sets the same properties in the layout
VIEW_OUTPUTS = {
    "history": ("history", "data"), "state": ("view-state", "data"),
    "view": ("graph-view", "data"), "key": ("graph-key", "data"), "style": ("graph-style", "data"),
    "notice": ("notice", "children"), "show_all": ("show-all", "style"),
    "clear": ("clear-filters-notice", "style"), "title": ("view-title", "children"),
    "hint": ("hint", "style"), "card_target": ("card-target", "data"),
    "legend": ("legend-holder", "children"), "notify": ("notify", "sendNotifications"),
    "expand_disabled": ("expand", "disabled"),
}
VIEW_FIELDS = tuple(VIEW_OUTPUTS)


@dataclass(frozen=True)
class ViewEvent:
    """One user action, read from the main callback's inputs."""
    trigger: str | None            # "url", a control id, "graph", "search", "expand", …
    url: str | None
    controls: dict                 # control id -> value shown
    actor: str | None              # the actor chosen by the trigger, if any
    territory: str | None          # the territory chosen by the trigger (a comparison row)
    current: ViewState | None      # None on arrival
    drawn_key: str | None


def _text(value) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= 200 else None


def read_view_event(trigger, trigger_value, inputs: dict, current, drawn_key) -> ViewEvent:
    """The event from Dash's ``ctx`` and the named inputs, every value checked for its type."""
    actor = territory = None
    if isinstance(trigger, dict):     # a partner link in the card: only a real click counts
        trigger, actor = ("partner-link", _text(trigger.get("id"))) if trigger_value else (None, None)
    elif trigger == "graph":
        actor = _text((inputs.get("tap") or {}).get("id")) if isinstance(inputs.get("tap"), dict) else None
    elif trigger == "search":
        actor = _text(inputs.get("search"))
    elif trigger == "pick":
        pick = inputs.get("pick") if isinstance(inputs.get("pick"), dict) else {}
        actor, territory = _text(pick.get("actor")), _text(pick.get("territory"))
        trigger = "partner-link" if actor else "territory" if territory else None
    elif trigger == "clear-filters-notice":
        trigger = "clear-filters"
    url = inputs.get("url") if isinstance(inputs.get("url"), str) else None
    return ViewEvent(trigger, url, dict(inputs.get("controls") or {}), actor, territory,
                     state_from_data(current) if isinstance(current, dict) else None,
                     drawn_key if isinstance(drawn_key, str) else None)


class DrawnViews:
    """The actor ids of the views recently sent to the page, by view key: a click tests
    membership against what is drawn, without rebuilding the view."""

    def __init__(self, size: int = 64):
        self._ids: OrderedDict[str, frozenset] = OrderedDict()
        self.size = size

    def add(self, key: str, elements: list[dict]) -> None:
        self._ids[key] = frozenset(e["data"]["id"] for e in elements if "source" not in e["data"])
        self._ids.move_to_end(key)
        while len(self._ids) > self.size:
            self._ids.popitem(last=False)

    def get(self, key: str | None) -> frozenset | None:
        return self._ids.get(key) if key else None


def _same_view(a: ViewState, b: ViewState) -> bool:
    """Whether two states draw the same elements (the selected actor only styles them)."""
    return drawn_state(a) == drawn_state(b)


RENDERED = RenderedViews()   # every visitor's first view is all of France: rendered once


def _next(store: GraphStore, drawn: DrawnViews, ev: ViewEvent) -> tuple[ViewState, list[str]]:
    if ev.current is None or ev.trigger == "url":
        return checked_state(store, from_query(ev.url))
    values = {**ev.controls, "url": ev.url, ev.trigger: ev.actor or ev.territory
              or ev.controls.get(ev.trigger)}
    ids = drawn.get(ev.drawn_key)
    in_view = (lambda a: a in ids) if ids is not None and ev.current.mode != "voisinage" \
        else (lambda a: ev.trigger == "graph")
    new = next_state(ev.current, ev.trigger, values, in_view)
    if ev.actor and new.actor == ev.actor and store.actor(ev.actor) is None:
        return ev.current, [f"Acteur inconnu : « {ev.actor} »."]
    if ev.trigger == "territory" and new.territory != ev.current.territory:
        return checked_state(store, new)
    return new, []


def update_view(store: GraphStore, max_nodes: int, drawn: DrawnViews, ev: ViewEvent) -> dict:
    """Everything one action changes: the URL, the state, the controls, the drawn view, the
    notice, which card to show. Unchanged parts are left as they are."""
    out = dict.fromkeys(VIEW_FIELDS, no_update)
    out["controls"] = {c: no_update for c in CONTROL_PROPS}
    if ev.trigger is None and ev.current is not None:
        return out                      # a card redrawn its links: nothing was clicked
    try:
        new, messages = _next(store, drawn, ev)
        if ev.current is not None and new == ev.current and not messages:
            if ev.actor and ev.trigger in ACTOR_TRIGGERS:
                out["card_target"] = {"kind": "actor", "id": ev.actor}   # back from a tie card
            return out
        _fill(out, store, max_nodes, drawn, ev, new)
    except StoreUnavailable as down:
        outage.announce_store_down(down)
        out["notice"] = STORE_DOWN
        return out
    if messages and ev.current is None:   # the address is corrected, not kept
        out["history"] = {"query": to_query(new), "replace": True}
    if messages:
        out["notice"] = " ".join(messages) + " " + (out["notice"] if isinstance(out["notice"], str) else "")
        out["notify"] = [{"id": "vita-unknown", "action": "show", "title": "Adresse incomplète",
                          "message": " ".join(messages), "color": "orange"}]
    return out


def _fill(out: dict, store, max_nodes, drawn: DrawnViews, ev: ViewEvent, new: ViewState) -> None:
    old = ev.current
    out["state"] = asdict(new)
    shown = {c: shown_value(v) for c, v in control_values(new).items()}
    out["controls"] = {c: shown[c] if shown[c] != ev.controls.get(c) else no_update
                       for c in CONTROL_PROPS}
    if old is not None and ev.trigger != "url":
        out["history"] = {"query": to_query(new), "replace": not is_major(old, new)}
    if old is None or bool(new.actor) != bool(old.actor):   # a neighbourhood needs an actor
        out["expand_disabled"] = not new.actor
    if (old is None and new.actor) or (old is not None and new.actor != old.actor):
        # the page starts with the welcome card: nothing to send on a bare arrival
        out["card_target"] = {"kind": "actor", "id": new.actor} if new.actor else None
    if old is None or (old == ViewState()) != (new == ViewState()):
        out["hint"] = {} if new == ViewState() else HIDDEN
    ids = drawn.get(ev.drawn_key)
    if old is not None and ids is not None and _same_view(old, new):
        out["style"] = _style(new, len(ids))
        return
    result = RENDERED.render(store, new, max_nodes)
    key = view_key(result.view.elements)
    drawn.add(key, result.view.elements)
    if key != ev.drawn_key:   # an unchanged view is not sent again
        out["view"] = {"key": key, "elements": result.view.elements,
                       "fit": result.view.reference_zoom}
        out["key"] = key
    out["style"] = _style(new, result.view.shown)
    out["notice"], out["title"] = result.notice, result.title
    out["show_all"] = {} if result.truncated else HIDDEN
    out["clear"] = {} if has_filters(new) and (result.empty or result.filtered_out) else HIDDEN
    if new.colouring == "communaute" or (old is not None and old.colouring != new.colouring):
        # the page starts with the family legend: sent again only when it changes (each
        # rendering of it delays the drawing of the graph)
        out["legend"] = legend(new.colouring, result.view.elements)


def shown_value(value):
    """A control's value as the browser holds it (the depth picker speaks strings)."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _style(state: ViewState, nodes: int) -> dict:
    return {"stylesheet": stylesheet(state.actor, state.colouring, nodes), "actor": state.actor,
            "ties": TIE_LABELS}


def card_target(value) -> dict | None:
    """What the card panel shows, checked: {"kind": "actor", "id"} or {"kind": "tie", "id",
    "source", "back"}."""
    if not isinstance(value, dict) or value.get("kind") not in ("actor", "tie"):
        return None
    target = {k: _text(value.get(k)) for k in ("kind", "id", "source", "back")}
    return target if target["id"] else None


def show_card(store: GraphStore, target: dict | None):
    """The actor card (its similar actors and partner-list downloads) or the tie card."""
    if target is None:
        return render_welcome(entry_territories(store))
    try:
        if target["kind"] == "tie":
            detail = store.actor(target["source"] or "")   # one query, not every tie
            rel = next((r for r in detail.relations if r.id == target["id"]), None) if detail else None
            return render_edge_card(rel, target["back"]) if rel else "Lien inconnu."
        detail = store.actor(target["id"])
        if not detail:
            return f"Acteur inconnu : « {target['id']} »."
        similar = similar_data(store.similar(target["id"], k=5, other_territories=True))
    except StoreUnavailable as down:
        outage.announce_store_down(down)
        return STORE_DOWN
    return render_actor_card(actor_card_data(detail), [render_similar(similar)])


def tie_target(edge, state_data) -> dict | None:
    """The card target for a clicked tie, remembering the selected actor for the way back."""
    if not isinstance(edge, dict):
        return None
    back = state_from_data(state_data).actor
    return card_target({"kind": "tie", "id": edge.get("id"), "source": edge.get("source"),
                        "back": back})


def back_target(clicks, state_data) -> dict | None:
    actor = state_from_data(state_data).actor
    return {"kind": "actor", "id": actor} if clicks and actor else None
