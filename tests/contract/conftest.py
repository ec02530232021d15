"""The contract suite runs unchanged against every ``GraphStore`` engine.

Each engine is built from the same mini dataset (tests/fixtures/mini), whose
answers were worked out by hand.
"""

from __future__ import annotations

import pytest

from tests.conftest import mini_store

BACKENDS = ["memory", "neo4j"]


@pytest.fixture(scope="module", params=BACKENDS)
def store(request, mini_dataset):
    return mini_store(request, request.param, mini_dataset)
