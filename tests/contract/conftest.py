"""The contract suite runs unchanged against every ``GraphStore`` engine.

Each engine is built from the same mini dataset (tests/fixtures/mini), whose
answers were worked out by hand.
"""

from __future__ import annotations

import pytest

from graph.memory_store import MemoryStore
from graph.neo4j_store import Neo4jStore
from loaders.neo4j_loader import load
from tests.conftest import wipe

BACKENDS = ["memory", "neo4j"]


@pytest.fixture(scope="module", params=BACKENDS)
def store(request, mini_dataset):
    if request.param == "memory":
        yield MemoryStore(mini_dataset)
        return
    driver = request.getfixturevalue("neo4j_driver")
    settings = request.getfixturevalue("neo4j_settings")
    wipe(driver, settings)
    load(driver, mini_dataset, settings)
    yield Neo4jStore(driver, settings)   # the session fixture closes the driver
