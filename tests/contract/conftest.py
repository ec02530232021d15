"""The contract suite runs unchanged against every ``GraphStore`` engine.

Each engine is built from the same mini dataset (tests/fixtures/mini), whose
answers below were worked out by hand.
"""

from __future__ import annotations

import pytest

from graph.memory_store import MemoryStore

BACKENDS = ["memory"]


@pytest.fixture(scope="module", params=BACKENDS)
def store(request, mini_dataset):
    if request.param == "memory":
        built = MemoryStore(mini_dataset)
    yield built
    built.close()
