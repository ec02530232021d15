"""The explorer in headless Chromium, on the shipped data."""

from __future__ import annotations

import dataclasses

import pytest
from selenium.webdriver.common.by import By

from dashboard.app import create_app
from graph.memory_store import MemoryStore
from tests.browser.conftest import pick, tap_node


@pytest.fixture(scope="module")
def store(shipped_dataset):
    return MemoryStore(shipped_dataset)


def expected_counts(store, territory: str) -> tuple[int, int]:
    sub = store.territory_subgraph(territory)
    return len(sub.nodes) + len(sub.context), len(sub.edges)


def test_territory_search_card_and_shared_url(dash_duo, store, wait_drawn):
    dash_duo.start_server(create_app(store))
    wait_drawn(expected_counts(store, "france"))

    isere = next(t for t in store.territories() if t.id == "dep:38")
    pick(dash_duo, "territory", "Isère", f"Département : Isère (38) ({isere.actor_count})")
    dash_duo.wait_for_text_to_equal("#view-title", "Isère (38)", timeout=10)
    wait_drawn(expected_counts(store, "dep:38"))

    pick(dash_duo, "search", "e3i", "E3i (Entreprise de travail temporaire")
    dash_duo.wait_for_text_to_equal("#actor-card h3", "E3i", timeout=10)
    evidence = store.actor("e3i").relations[0].evidence
    dash_duo.wait_for_contains_text("#actor-card", evidence[:60], timeout=10)
    assert "acteur=e3i" in dash_duo.driver.current_url

    tap_node(dash_duo, "groupe-isactys")
    dash_duo.wait_for_contains_text("#actor-card h3", "ISACTYS", timeout=10)

    shared = dash_duo.driver.current_url
    assert "territoire=dep:38" in shared and "acteur=groupe-isactys" in shared
    dash_duo.driver.get("about:blank")
    dash_duo.driver.get(shared)
    wait_drawn(expected_counts(store, "dep:38"))
    dash_duo.wait_for_text_to_equal("#view-title", "Isère (38)", timeout=10)
    dash_duo.wait_for_contains_text("#actor-card h3", "ISACTYS", timeout=10)
    assert dash_duo.get_logs() == []


def test_filters_and_neighbourhood(dash_duo, store, wait_drawn):
    dash_duo.start_server(create_app(store))
    dash_duo.driver.get(dash_duo.server_url + "/?territoire=dep:38&familles=siae")
    sub = store.territory_subgraph("dep:38", store_filters("siae"))
    wait_drawn((len(sub.nodes) + len(sub.context), len(sub.edges)))

    dash_duo.driver.get(dash_duo.server_url + "/?acteur=e3i&vue=voisinage&profondeur=2")
    near = store.neighbourhood(["e3i"], 2)
    wait_drawn((len(near.nodes), len(near.edges)))
    dash_duo.wait_for_text_to_equal("#view-title", "Voisinage de E3i (profondeur 2)", timeout=10)
    dash_duo.find_element("#reset").click()
    wait_drawn(expected_counts(store, "france"))
    assert "vue=" not in dash_duo.driver.current_url


def store_filters(*families):
    from graph.store import Filters
    return Filters(families=families)


def test_tie_card_shows_evidence(dash_duo, store, wait_drawn):
    dash_duo.start_server(create_app(store))
    dash_duo.driver.get(dash_duo.server_url + "/?territoire=dep:26")
    wait_drawn(expected_counts(store, "dep:26"))
    tie = store.territory_subgraph("dep:26").edges[0]
    dash_duo.driver.execute_script(
        "document.getElementById('graph')._cyreg.cy.getElementById(arguments[0]).emit('tap');",
        tie.id)
    dash_duo.wait_for_contains_text("#edge-card", tie.evidence[:50], timeout=10)
    dash_duo.wait_for_contains_text("#edge-card", f"ligne {tie.line}", timeout=10)


def test_markup_in_a_name_is_shown_as_text(dash_duo, mini_dataset, wait_drawn):
    hostile = "<img src=x onerror=\"document.title='pwned'\"><b>E3i</b>"
    actors = {**mini_dataset.actors,
              "e3i": dataclasses.replace(mini_dataset.actors["e3i"], name=hostile)}
    store = MemoryStore(dataclasses.replace(mini_dataset, actors=actors))
    dash_duo.start_server(create_app(store))
    dash_duo.driver.get(dash_duo.server_url + "/?acteur=e3i")
    dash_duo.wait_for_element("#actor-card h3", timeout=10)
    assert dash_duo.find_element("#actor-card h3").text == hostile
    assert dash_duo.driver.title != "pwned"
    assert dash_duo.driver.find_elements(By.CSS_SELECTOR, "#actor-card b") == []


def test_clicks_keep_the_drawn_view_and_tabs_redraw_it(dash_duo, store, wait_drawn):
    dash_duo.start_server(create_app(store))
    dash_duo.driver.get(dash_duo.server_url + "/?territoire=dep:38")
    counts = expected_counts(store, "dep:38")
    wait_drawn(counts)
    mark = ("document.getElementById('graph')._cyreg.cy.getElementById('e3i')"
            ".scratch('kept', arguments[0]);")
    dash_duo.driver.execute_script(mark, True)
    tap_node(dash_duo, "e3i")
    dash_duo.wait_for_text_to_equal("#actor-card h3", "E3i", timeout=10)
    assert "acteur=e3i" in dash_duo.driver.current_url
    # the same view: its elements were not replaced (the mark is still on the node)
    assert dash_duo.driver.execute_script(
        "return document.getElementById('graph')._cyreg.cy.getElementById('e3i')"
        ".scratch('kept') === true;")
    for label in ("Vue d'ensemble", "Graphe"):   # the graph tab is remounted
        dash_duo.driver.find_element(By.XPATH, f"//*[@role='tab' and "
                                               f"normalize-space()=\"{label}\"]").click()
    wait_drawn(counts)
    assert dash_duo.get_logs() == []
