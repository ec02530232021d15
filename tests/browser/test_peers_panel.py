"""The « Trouver des pairs » panel in headless Chromium, on a page of its own (the explorer's
layout places it: dashboard/peers_panel.py)."""

from __future__ import annotations

import dash
import pytest
from dash import html

from dashboard import peers_panel
from graph.memory_store import MemoryStore


@pytest.fixture(scope="module")
def store(shipped_dataset):
    return MemoryStore(shipped_dataset)


def test_peers_panel_finds_actors_and_experiences(dash_duo, store):
    app = dash.Dash(__name__)
    app.layout = html.Div([peers_panel.panel()])
    peers_panel.register(app, store)
    dash_duo.start_server(app)
    dash_duo.wait_for_text_to_equal("#peers-panel h4", "Trouver des pairs", timeout=10)
    text = "ACI de maraîchage bio qui veut travailler avec les bailleurs sociaux, Sarthe"
    dash_duo.find_element("#peers-text").send_keys(text)
    dash_duo.find_element("#peers-search").click()
    expected = store.peers(text, k=5)
    first = peers_panel.short_title(expected.experiences[0].title)
    dash_duo.wait_for_contains_text("#peers-results", first, timeout=20)
    dash_duo.wait_for_contains_text("#peers-results", "Type : ACI · Territoire : Sarthe (72)",
                                    timeout=5)
    dash_duo.wait_for_contains_text("#peers-results", expected.actors[0].name, timeout=5)
    assert "termes communs : " in dash_duo.find_element("#peers-results").text
    dash_duo.find_element("#peers-near").send_keys("Atlantide\n")
    dash_duo.find_element("#peers-search").click()
    dash_duo.wait_for_contains_text("#peers-results", "territoire inconnu : « Atlantide »",
                                    timeout=10)
    assert dash_duo.get_logs() == []
