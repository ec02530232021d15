"""The map draws offline in headless Chromium and a click on an actor opens its card
(dashboard/map_preview.py: the map of a territory in a dcc.Graph, shipped data)."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import pytest
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from dashboard import maps
from dashboard.map_preview import choropleth_app, map_app
from graph.territory_indicators import comparison_table
from graph.memory_store import MemoryStore

POINTS = "#map .scattergeo path.point"


@pytest.fixture(scope="module")
def store(shipped_dataset):
    return MemoryStore(shipped_dataset)


def _loneliest(figure) -> tuple[int, str]:
    """(index among the drawn points, actor id) of the marker farthest from any other one, so
    that a click at its centre can only mean it."""
    points = [(lon, lat, actor_id) for t in figure.data if t.mode == "markers"
              for lon, lat, actor_id in zip(t.lon, t.lat, t.customdata)]
    gaps = [min(math.dist(p[:2], q[:2]) for j, q in enumerate(points) if j != i)
            for i, p in enumerate(points)]
    index = max(range(len(points)), key=gaps.__getitem__)
    return index, points[index][2]


def test_map_of_isere_shows_its_actors_and_a_click_opens_a_card(dash_duo, store):
    sub = store.territory_subgraph("dep:38")
    figure = go.Figure(maps.territory_map_figure(sub, "dep:38"))
    placed = [a for a in (*sub.nodes, *sub.context) if a.latitude is not None]
    dash_duo.start_server(map_app(store, "dep:38"))
    until(lambda: len(dash_duo.find_elements(POINTS)) == len(placed), timeout=20,
          msg=f"expected {len(placed)} actors drawn, saw {len(dash_duo.find_elements(POINTS))}")
    # every département outline and the ties are drawn too (line traces)
    assert len(dash_duo.find_elements("#map .scattergeo path.js-line")) >= 2
    unplaced = dash_duo.find_element("#map-unplaced").text
    assert all(a.name in unplaced for a in maps.unplaced(sub))

    index, actor_id = _loneliest(figure)
    point = dash_duo.driver.find_elements(By.CSS_SELECTOR, POINTS)[index]
    ActionChains(dash_duo.driver).move_to_element(point).pause(0.3).click().perform()
    detail = store.actor(actor_id)
    dash_duo.wait_for_contains_text("#map-card", detail.actor.name, timeout=10)
    # drawn without the internet: no request failed, nothing logged
    assert dash_duo.get_logs() == []


def test_choropleth_shows_the_table_numbers_and_a_click_gives_the_departement(dash_duo, store):
    rows = {r["territory"]: r for r in comparison_table(store.actors(), store.relations(),
                                                        levels=("dep",))}
    figure = go.Figure(maps.choropleth_figure(list(rows.values()), "dep", "actors"))
    dash_duo.start_server(choropleth_app(store, "dep", "actors"))
    until(lambda: len(dash_duo.find_elements(POINTS)) == 101, timeout=20,
          msg="expected a marker per département")
    # 101 filled départements (scattergeo fills its line path), then the markers' trace
    filled = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#map g.trace.scattergeo path.js-line'))"
        ".filter(p => p.style.fill && p.style.fill !== 'none').length;")
    assert filled == 101
    [centres] = [t for t in figure.data if t.mode == "markers"]
    for territory in ("dep:38", "dep:59"):   # the same count as the comparison table
        index = list(centres.customdata).index(territory)
        assert centres.marker.color[index] == rows[territory]["actors"] > 0
        assert f"Acteurs : {rows[territory]['actors']}" in centres.text[index]
    index = list(centres.customdata).index("dep:38")
    point = dash_duo.driver.find_elements(By.CSS_SELECTOR, POINTS)[index]
    ActionChains(dash_duo.driver).move_to_element(point).pause(0.3).click().perform()
    dash_duo.wait_for_text_to_equal("#map-card", "dep:38", timeout=10)
    assert dash_duo.get_logs() == []
