"""The explorer's « Carte », comparison choropleth, overview charts and « Trouver des pairs »
tab in headless Chromium (1366×768), on the shipped data."""

from __future__ import annotations

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By

from dashboard import maps
from dashboard.app import create_app
from graph.memory_store import MemoryStore
from graph.store import Filters
from graph.territory_indicators import indicators

MAP_POINTS = "#map .scattergeo path.point"
CHOROPLETH_POINTS = "#choropleth .scattergeo path.point"


@pytest.fixture(scope="module")
def store(shipped_dataset):
    return MemoryStore(shipped_dataset)


def open_tab(dash_duo, label: str) -> None:
    dash_duo.driver.find_element(
        By.XPATH, f"//*[@role='tab' and normalize-space()=\"{label}\"]").click()


def click(dash_duo, element) -> None:
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    ActionChains(dash_duo.driver).move_to_element(element).pause(0.3).click().perform()


def plotted(dash_duo, graph_id: str) -> list[dict]:
    """The traces plotly.js drew in a dcc.Graph (customdata, marker colours, hover texts)."""
    return dash_duo.driver.execute_script(
        "return document.querySelector(arguments[0] + ' .js-plotly-plot').data"
        ".map(t => ({mode: t.mode, customdata: t.customdata || [], text: t.text || [],"
        " colour: (t.marker && t.marker.color) || [], name: t.name}));", f"#{graph_id}")


def card_title(dash_duo) -> str:
    """The card's title, scrolled out of sight or not (scrollIntoView may scroll the page)."""
    try:
        found = dash_duo.find_elements("#actor-card h3")
        return found[0].get_attribute("textContent").strip() if found else ""
    except StaleElementReferenceException:   # the card was drawn again between the two calls
        return ""


def table_column(dash_duo, key: str, value: str) -> dict[str, str]:
    """One column of the comparison table's shown page by another (the frozen first column
    is drawn as a table of its own: the rows match by position). The frozen table may be drawn
    a moment after the other one, so both are read until they hold the same number of rows."""
    def read(column: str) -> list[str]:
        return dash_duo.driver.execute_script(
            "return Array.from(document.querySelectorAll("
            "`#comparison td[data-dash-column='${arguments[0]}']`)).map(c => c.textContent.trim())"
            ".filter(t => t);", column)
    columns: list[list[str]] = []
    def both_drawn() -> bool:
        columns[:] = [read(key), read(value)]
        return len(columns[0]) == len(columns[1]) > 0
    until(both_drawn, timeout=10, msg=f"the table's columns {key} and {value} were not both drawn")
    return dict(zip(*columns))


def test_map_of_isere_shows_its_actors_and_a_click_opens_a_card(dash_duo, store):
    dash_duo.start_server(create_app(store))
    dash_duo.driver.get(dash_duo.server_url + "/?territoire=dep:38")
    dash_duo.wait_for_text_to_equal("#view-title", "Isère (38)", timeout=20)
    open_tab(dash_duo, "Carte")
    sub = store.territory_subgraph("dep:38")
    placed = [a for a in (*sub.nodes, *sub.context) if a.latitude is not None]
    until(lambda: len(dash_duo.find_elements(MAP_POINTS)) == len(placed), timeout=20,
          msg=f"expected {len(placed)} markers, saw {len(dash_duo.find_elements(MAP_POINTS))}")
    unplaced = dash_duo.find_element("#map-unplaced").text
    assert unplaced.startswith("Acteurs nationaux, sans position sur la carte")
    assert all(a.name in unplaced for a in maps.unplaced(sub))
    # the marker drawn last is on top of any it overlaps: a click on it can only mean it
    ids = [i for t in plotted(dash_duo, "map") if t["mode"] == "markers" for i in t["customdata"]]
    click(dash_duo, dash_duo.find_elements(MAP_POINTS)[-1])
    name = store.actor(ids[-1]).actor.name
    dash_duo.wait_for_text_to_equal("#actor-card h3", name, timeout=10)
    assert f"acteur={ids[-1]}" in dash_duo.driver.current_url
    assert dash_duo.find_element("#map").is_displayed()     # the map stays on screen
    assert "Liens" in [t["name"] for t in plotted(dash_duo, "map")]
    dash_duo.find_element("#map-ties").click()              # ties toggle: the « Liens » trace goes
    until(lambda: "Liens" not in [t["name"] for t in plotted(dash_duo, "map")], timeout=10,
          msg="the ties stayed on the map")
    assert dash_duo.get_logs() == []


def test_choropleth_shows_the_tables_counts_and_a_click_opens_the_departement(dash_duo, store):
    dash_duo.start_server(create_app(store))
    open_tab(dash_duo, "Comparer")
    until(lambda: len(dash_duo.find_elements(CHOROPLETH_POINTS)) == 101, timeout=20,
          msg="expected a marker per département")
    centres = plotted(dash_duo, "choropleth")[-1]
    table = table_column(dash_duo, "label", "actors")
    for territory, label in (("dep:38", "Isère (38)"), ("dep:39", "Jura (39)")):
        in_table = int(table[label])
        index = centres["customdata"].index(territory)
        assert centres["colour"][index] == in_table > 0
        assert f"Acteurs : {in_table}" in centres["text"][index]
    index = centres["customdata"].index("dep:38")
    click(dash_duo, dash_duo.find_elements(CHOROPLETH_POINTS)[index])
    dash_duo.wait_for_text_to_equal("#view-title", "Isère (38)", timeout=10)
    assert "territoire=dep:38" in dash_duo.driver.current_url
    assert dash_duo.find_element("#graph").is_displayed()
    assert dash_duo.get_logs() == []


def test_overview_shows_its_charts(dash_duo, store):
    dash_duo.start_server(create_app(store))
    dash_duo.driver.get(dash_duo.server_url + "/?territoire=dep:38")
    dash_duo.wait_for_text_to_equal("#view-title", "Isère (38)", timeout=20)
    open_tab(dash_duo, "Vue d'ensemble")
    until(lambda: len(dash_duo.find_elements(".overview-chart .main-svg")) >= 4, timeout=20)
    ind = indicators(store.territory_subgraph("dep:38"), "dep:38", "Isère (38)")
    until(lambda: len(dash_duo.find_elements("#chart-families g.point")) == len(ind.by_family),
          timeout=10)
    bars = dash_duo.find_elements("#chart-most_connected g.point")
    assert len(bars) == len(ind.most_connected) > 0
    assert dash_duo.get_logs() == []


def test_peers_tab_finds_rhuys_emplois_and_shows_its_experience(dash_duo, store, wait_drawn):
    dash_duo.start_server(create_app(store))
    open_tab(dash_duo, "Trouver des pairs")
    dash_duo.find_element("#peers-text").send_keys("maraîchage bio")
    dash_duo.find_element("#peers-search").click()
    selector = '#peers-results button[id*="peers-experience"][id*="rhuys-emplois"]'
    until(lambda: dash_duo.find_elements(selector), timeout=30, msg="no Rhuys Emplois experience")
    actor = dash_duo.find_element('#peers-results button[id*="partner-link"]')
    name = actor.text
    click(dash_duo, actor)                          # a found actor opens its card
    until(lambda: card_title(dash_duo) == name, timeout=20, msg=f"no card for {name}")
    click(dash_duo, dash_duo.find_element(selector))
    until(lambda: card_title(dash_duo) == "Rhuys Emplois", timeout=20, msg="no card")
    assert "experiences=rhuys-emplois" in dash_duo.driver.current_url
    sub = store.territory_subgraph("france", Filters(sections=("rhuys-emplois",)))
    wait_drawn((len(sub.nodes) + len(sub.context), len(sub.edges)))
    assert dash_duo.get_logs() == []
