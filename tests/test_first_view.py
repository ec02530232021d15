"""The first view drawn with the page (dashboard/first_view.py), on the shipped data: the layout
holds what the view callback would have sent on arrival, and starts bare when it cannot."""

from __future__ import annotations

import json

import pytest
from dash import no_update

from dashboard import callbacks as cb
from dashboard import first_view, layout
from dashboard.app import create_app
from graph.errors import StoreUnavailable
from graph.memory_store import MemoryStore


@pytest.fixture(scope="module")
def store(shipped_dataset):
    return MemoryStore(shipped_dataset)


def arrival_by_callback(store, query: str) -> dict:
    """What the view callback sends to a bare page arriving at ``query``."""
    event = cb.read_view_event("url", query, {"url": query,
                                              "controls": dict(first_view.PAGE_CONTROLS)},
                               None, None)
    return cb.update_view(store, 400, cb.DrawnViews(), event)


@pytest.mark.parametrize("referrer, expected", [
    ("http://vita.example/?territoire=dep:38", "?territoire=dep:38"),
    ("http://vita.example/", ""),
    ("http://elsewhere.example/?territoire=dep:38", None),   # another site: not this page
    ("", None), (None, None),
])
def test_the_page_query_comes_from_this_sites_referrer(referrer, expected):
    assert first_view.page_query(referrer, "vita.example") == expected


@pytest.mark.parametrize("query", ["?territoire=dep:38", "", "?acteur=anjou-domicile",
                                   "?territoire=dep:49&familles=siae&couleurs=communaute"])
def test_the_first_view_is_what_the_callback_would_send(store, query):
    props = first_view.first_view_props(store, 400, cb.DrawnViews(), query)
    sent = arrival_by_callback(store, query)
    for field, target in cb.VIEW_OUTPUTS.items():
        if field in ("history", "notify", "view"):
            continue
        assert props.get(target, no_update) == sent[field], field
    assert props[first_view.FIRST_VIEW] == sent["view"]       # drawn by its own callback
    assert cb.VIEW_OUTPUTS["view"] not in props
    for control, value in sent["controls"].items():
        assert props.get((control, cb.CONTROL_PROPS[control]), no_update) == value, control


def test_a_territory_view_sets_its_title_picker_and_elements(store):
    props = first_view.first_view_props(store, 400, cb.DrawnViews(), "?territoire=dep:38")
    assert props[("view-title", "children")] == "Isère (38)"
    assert props[("territory", "value")] == "dep:38"
    assert "dep:38" in {o["value"] for o in props[("territory", "data")]}
    sub = store.territory_subgraph("dep:38")
    drawn = [e for e in props[first_view.FIRST_VIEW]["elements"] if "source" not in e["data"]]
    assert len(drawn) == len(sub.nodes) + len(sub.context)
    assert props[("hint", "style")] == cb.HIDDEN


def test_an_actor_in_the_address_comes_with_its_card(store):
    props = first_view.first_view_props(store, 400, cb.DrawnViews(), "?acteur=anjou-domicile")
    assert props[("card-target", "data")] == {"kind": "actor", "id": "anjou-domicile"}
    card = json.dumps(props[("card", "children")].to_plotly_json(), default=str)
    assert store.actor("anjou-domicile").actor.name in card
    assert props[("expand", "disabled")] is False


@pytest.mark.parametrize("query", ["?territoire=nulle-part", "?acteur=personne"])
def test_an_address_to_correct_starts_bare(store, query):
    # the view callback says what was dropped and rewrites the address
    assert first_view.first_view_props(store, 400, cb.DrawnViews(), query) is None
    assert arrival_by_callback(store, query)["notify"] is not no_update


def test_every_property_set_belongs_to_a_component_of_the_page(store):
    props = first_view.first_view_props(store, 400, cb.DrawnViews(),
                                        "?acteur=anjou-domicile&couleurs=communaute")
    ids = {c.id for c in first_view._components(layout.page(store))
           if isinstance(getattr(c, "id", None), str)}
    assert {component for component, _ in props} <= ids


class DownStore:
    """The shipped store, unreachable once the page is built."""

    def __init__(self, store):
        self._store, self.down = store, False

    def __getattr__(self, name):
        if self.down and name in ("territory_subgraph", "actor", "subgraph", "neighbourhood"):
            raise StoreUnavailable("Neo4j ne répond pas.")
        return getattr(self._store, name)


def layout_for(app, referrer: str | None) -> dict:
    headers = {"Referer": referrer} if referrer else {}
    response = app.server.test_client().get("/_dash-layout", headers=headers)
    assert response.status_code == 200
    return response.get_json()


def store_data(tree, component_id: str):
    found = []

    def walk(node):
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict) and "props" in node:
            if node["props"].get("id") == component_id:
                found.append(node["props"].get("data"))
            walk(node["props"].get("children"))
    walk(tree)
    assert len(found) == 1, component_id
    return found[0]


def test_the_served_layout_holds_the_referring_pages_view(store):
    app = create_app(store)
    page = layout_for(app, "http://localhost/?territoire=dep:38")
    assert store_data(page, "view-state")["territory"] == "dep:38"
    assert store_data(page, "first-view")["elements"]
    bare = layout_for(app, None)
    assert store_data(bare, "view-state") is None and store_data(bare, "first-view") is None


def test_the_layout_starts_bare_when_the_store_is_down(store):
    down = DownStore(store)
    app = create_app(down)
    down.down = True
    page = layout_for(app, "http://localhost/?territoire=dep:38")
    assert store_data(page, "first-view") is None
