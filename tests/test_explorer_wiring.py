"""The explorer's wiring of the maps, charts, peers panel and map export (dashboard/map_tab.py,
dashboard/overview.py, dashboard/peers_panel.py, dashboard/downloads.py), on the shipped data."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from dash import dcc, no_update

from dashboard import map_tab, maps
from dashboard.cards import render_similar, similar_data
from dashboard.downloads import VIEW_CHOICES, view_file
from dashboard.overview import render_overview, territory_overview
from dashboard.peers_panel import experience_query
from dashboard.state import ViewState, from_query
from graph.memory_store import MemoryStore
from graph.territory_indicators import comparison_table


@pytest.fixture(scope="module")
def store(shipped_dataset):
    return MemoryStore(shipped_dataset)


def _marker_ids(figure: dict) -> set[str]:
    return {i for t in figure["data"] if t.get("mode") == "markers" for i in t["customdata"]}


def test_map_shows_the_graphs_view_only_while_its_tab_is_shown(store):
    state = asdict(ViewState(territory="dep:38"))
    assert map_tab.map_callback(store, state, "graphe", True) == (no_update, no_update)
    figure, text = map_tab.map_callback(store, state, "carte", True)
    sub = store.territory_subgraph("dep:38")
    placed = {a.id for a in (*sub.nodes, *sub.context) if a.latitude is not None}
    assert placed and _marker_ids(figure) == placed
    assert any(t.get("name") == "Liens" for t in figure["data"])
    unplaced = maps.unplaced(sub)
    assert unplaced and text.startswith(f"Acteurs nationaux, sans position sur la carte "
                                        f"({len({a.name for a in unplaced})}) : ")
    assert all(a.name in text for a in unplaced)
    without_ties, _ = map_tab.map_callback(store, state, "carte", False)
    assert not any(t.get("name") == "Liens" for t in without_ties["data"])


def test_map_follows_the_filters_and_a_neighbourhood(store):
    filtered = ViewState(territory="dep:38", families=("siae",))
    figure, _ = map_tab.map_callback(store, asdict(filtered), "carte", True)
    kept = {a.id for a in (*store.territory_subgraph("dep:38", filtered.filters()).nodes,)
            if a.latitude is not None}
    assert kept <= _marker_ids(figure)
    assert all(store.actor(i).actor.family == "siae" for i in kept)
    sub, territory = map_tab.map_view(store, ViewState(actor="e3i", mode="voisinage"))
    assert territory is None and "e3i" in {a.id for a in sub.nodes}


def test_unplaced_text_names_each_actor_once_and_counts_the_rest(store):
    assert map_tab.unplaced_text([]) == ""
    actors = [a for a in store.actors() if a.latitude is None]
    text = map_tab.unplaced_text(actors + actors[:1])
    names = sorted({a.name for a in actors}, key=str.casefold)
    assert f"({len(names)})" in text and names[0] in text
    if len(names) > map_tab.UNPLACED_SHOWN:
        assert f"et {len(names) - map_tab.UNPLACED_SHOWN} autres." in text


def test_a_click_on_a_marker_selects_that_actor_or_territory():
    click = {"points": [{"customdata": "e3i", "lon": 5.7, "lat": 45.2}]}
    assert map_tab.map_click(click) == {"actor": "e3i", "at": "carte"}
    assert map_tab.map_click({"points": [{"lon": 5.7}]}) is no_update
    assert map_tab.map_click(None) is no_update
    assert map_tab.choropleth_click({"points": [{"customdata": "dep:38"}]}) == (
        {"territory": "dep:38"}, "graphe")
    assert map_tab.choropleth_click({}) == (no_update, no_update)


def test_choropleth_shows_the_comparison_tables_numbers(store):
    assert map_tab.choropleth_callback(store, "graphe", "actors", "dep") is no_update
    rows = {r["territory"]: r for r in comparison_table(store.actors(), store.relations(),
                                                        levels=("dep", "region2008", "region"))}
    for level, indicator in (("dep", "actors"), ("region2008", "ties")):
        figure = map_tab.choropleth_callback(store, "comparer", indicator, level)
        [centres] = [t for t in figure["data"] if t.get("mode") == "markers"]
        shown = dict(zip(centres["customdata"], centres["marker"]["color"]))
        for territory, row in rows.items():
            if row["level"] == level and territory in shown:
                assert shown[territory] == row[indicator]
    # an edited request falls back to the defaults instead of failing
    figure = map_tab.choropleth_callback(store, "comparer", "<script>", "commune")
    assert figure["data"][-1]["customdata"][0].startswith("dep:")


def test_overview_has_its_four_charts(store):
    page = render_overview(territory_overview(store, "dep:38"))
    graphs = [c for c in _walk(page) if isinstance(c, dcc.Graph)]
    assert [g.id for g in graphs] == ["chart-families", "chart-ties", "chart-most_connected",
                                      "chart-brokers"]
    assert all(g.config["modeBarButtons"] == [["toImage"]] for g in graphs)
    families = graphs[0].figure
    sub = store.territory_subgraph("dep:38")
    assert sum(families["data"][0]["x"]) == len(sub.nodes)
    assert families["layout"]["separators"] == ", "     # French numbers


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children] if children else []:
        if hasattr(child, "to_plotly_json"):
            yield from _walk(child)


def test_a_found_experience_opens_its_actors_in_the_graph(store):
    query = experience_query(store, "rhuys-emplois")
    state = from_query(query)
    assert state.sections == ("rhuys-emplois",) and state.actor == "rhuys-emplois"
    assert "rhuys-emplois" in {a.id for a in store.territory_subgraph(
        state.territory, state.filters()).nodes}
    assert experience_query(store, "atlantide") is None


def test_similar_actors_show_the_score_out_of_100_and_its_level(store):
    items = similar_data(store.similar("e3i", k=3, other_territories=True))
    assert items and all(0 <= i["score"] <= 100 and i["level"] for i in items)
    text = str(render_similar(items).to_plotly_json())
    assert f"{items[0]['score']:.0f}/100 · {items[0]['level']}" in text


def test_map_svg_download_of_a_territory_and_a_neighbourhood(store):
    assert VIEW_CHOICES["map-svg"][1] == "map"
    name, content = view_file(store, ViewState(territory="dep:38"), "map-svg")
    assert name.startswith("vita-carte-dep-38") and name.endswith(".svg")
    svg = content.decode("utf-8")
    assert svg.startswith("<svg") and "<title>Isère (38)</title>" in svg
    name, content = view_file(store, ViewState(actor="e3i", mode="voisinage"), "map-svg")
    assert "voisinage-e3i" in name and "<title>Voisinage de E3i</title>" in content.decode()
