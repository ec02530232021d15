"""Similar actors: Neo4j (Cypher, server-side) and memory agree on the whole shipped data."""

from __future__ import annotations

import pytest

from graph.memory_store import MemoryStore
from graph.neo4j.store import Neo4jStore
from graph.neo4j.loader import load
from tests.conftest import wipe


@pytest.fixture(scope="module")
def stores(neo4j_driver, neo4j_settings, shipped_dataset):
    wipe(neo4j_driver, neo4j_settings)
    load(neo4j_driver, shipped_dataset, neo4j_settings)
    return MemoryStore(shipped_dataset), Neo4jStore(neo4j_driver, neo4j_settings)


@pytest.mark.parametrize("options", [{}, {"other_territories": True}, {"kind": "AI", "k": 3},
                                     {"family": "local_authority", "k": 8}])
def test_every_shipped_actor_gets_the_same_answer(stores, shipped_dataset, options):
    memory, neo4j = stores
    differ = []
    for actor_id in sorted(shipped_dataset.actors):
        expected = [(s.actor.id, s.score, s.reasons) for s in memory.similar(actor_id, **options)]
        found = [(s.actor.id, s.score, s.reasons) for s in neo4j.similar(actor_id, **options)]
        if found != expected:
            differ.append(actor_id)
    assert differ == []
