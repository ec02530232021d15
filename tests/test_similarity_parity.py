"""Similar actors and peers: Neo4j (records read back from the server) and memory agree on the
whole shipped data."""

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
        expected = [(s.actor, s.score, s.level, s.reasons, s.shared_terms)
                    for s in memory.similar(actor_id, **options)]
        found = [(s.actor, s.score, s.level, s.reasons, s.shared_terms)
                 for s in neo4j.similar(actor_id, **options)]
        if found != expected:
            differ.append(actor_id)
    assert differ == []


@pytest.mark.parametrize("options", [{}, {"kind": "ACI"}, {"near": "Isère"}, {"k": 10}])
def test_peers_are_the_same_on_both_stores(stores, shipped_dataset, options):
    memory, neo4j = stores
    descriptions = [s.summary for _, s in sorted(shipped_dataset.experiences.items())] + [
        "ACI de maraîchage bio qui veut travailler avec les bailleurs sociaux sur les clauses "
        "d'insertion, Sarthe"]
    differ = [d for d in descriptions if memory.peers(d, **options) != neo4j.peers(d, **options)]
    assert differ == []


def test_the_neo4j_index_follows_a_new_load(stores, neo4j_driver, neo4j_settings, shipped_dataset):
    _, neo4j = stores
    first = neo4j.peer_index()
    assert neo4j.peer_index() is first              # kept while the data is the same
    load(neo4j_driver, shipped_dataset, neo4j_settings)
    assert neo4j.peer_index() is not first          # a load changes the stamp: rebuilt
