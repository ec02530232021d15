"""The explorer on Neo4j: the same views as on the embedded store, and `serve --backend neo4j`."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from dashboard.cards import actor_card_data
from dashboard.state import ViewState
from dashboard.views import render
from graph.memory_store import MemoryStore
from graph.neo4j.store import Neo4jStore
from graph.neo4j.loader import load
from tests.conftest import serve_and_fetch, wipe


@pytest.fixture(scope="module")
def stores(neo4j_driver, neo4j_settings, shipped_dataset):
    wipe(neo4j_driver, neo4j_settings)
    load(neo4j_driver, shipped_dataset, neo4j_settings)
    return MemoryStore(shipped_dataset), Neo4jStore(neo4j_driver, neo4j_settings)


@pytest.mark.parametrize("state", [
    ViewState(), ViewState(territory="dep:38"), ViewState(territory="region2008:53", context=False),
    ViewState(territory="dep:26", relation_types=("FUNDS", "PARTNER_OF"), statuses=("actual",)),
    ViewState(actor="e3i", mode="voisinage", depth=2),
])
def test_same_view_on_both_stores(stores, state):
    memory, neo4j = (render(s, state) for s in stores)
    assert neo4j.view.elements == memory.view.elements
    assert (neo4j.notice, neo4j.title) == (memory.notice, memory.title)


def test_same_card_on_both_stores(stores):
    memory, neo4j = stores
    assert actor_card_data(neo4j.actor("groupe-isactys")) == actor_card_data(memory.actor("groupe-isactys"))


def test_serve_on_neo4j(stores, neo4j_settings):
    env = {**os.environ, "NEO4J_URI": neo4j_settings.uri}
    status, layout = serve_and_fetch(["--backend", "neo4j"], "/_dash-layout", env)
    assert status == 200
    assert "Département : Isère (38)" in layout


def test_serve_on_an_unreachable_neo4j_says_so():
    result = subprocess.run([sys.executable, "-m", "cli.main", "serve", "--backend", "neo4j",
                             "--neo4j-uri", "bolt://127.0.0.1:9"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 3
    assert result.stderr.startswith("erreur : impossible de joindre Neo4j à bolt://127.0.0.1:9")
