"""Loading into the real Neo4j server: idempotent, all-or-nothing, with readable errors."""

from __future__ import annotations

import dataclasses

import pytest
from click.testing import CliRunner
from neo4j.exceptions import ConstraintError

from graph.memory_store import MemoryStore
from graph.neo4j.connection import Neo4jUnavailable
from graph.neo4j.store import Neo4jStore
from graph.store import Filters
from graph.neo4j import loader as neo4j_loader
from cli.main import main
from graph.neo4j.loader import counts, load
from tests.conftest import wipe


@pytest.fixture
def empty(neo4j_driver, neo4j_settings):
    wipe(neo4j_driver, neo4j_settings)
    return neo4j_driver, neo4j_settings


def test_loading_twice_gives_the_same_counts(empty, mini_dataset):
    driver, settings = empty
    first = load(driver, mini_dataset, settings)
    second = load(driver, mini_dataset, settings)
    assert first == second
    assert (first["actors"], first["ties"]) == (9, 8)


def test_replace_removes_what_the_data_no_longer_has(empty, mini_dataset):
    driver, settings = empty
    load(driver, mini_dataset, settings)
    smaller = dataclasses.replace(
        mini_dataset, relations=tuple(r for r in mini_dataset.relations if r.type != "FUNDS"))
    assert load(driver, smaller, settings)["ties"] == 8          # merge keeps the old ties
    assert load(driver, smaller, settings, replace=True)["ties"] == 5


def test_actors_carry_their_family_label(empty, mini_dataset):
    """Neo4jStore.similar scans a family by its label; a new family moves the label."""
    driver, settings = empty
    load(driver, mini_dataset, settings)

    def labels(actor_id):
        records, _, _ = driver.execute_query("MATCH (a:Actor {id: $id}) RETURN labels(a) AS l",
                                             id=actor_id, database_=settings.database)
        return sorted(records[0]["l"])

    assert labels("e3i") == ["Actor", "Siae"] and labels("cg-26") == ["Actor", "LocalAuthority"]
    moved = dict(mini_dataset.actors, e3i=dataclasses.replace(mini_dataset.actors["e3i"],
                                                              kind="ASSO"))
    load(driver, dataclasses.replace(mini_dataset, actors=moved), settings)
    assert labels("e3i") == ["Actor", "Association"]


def test_a_failing_load_leaves_the_database_as_it_was(empty, mini_dataset, monkeypatch):
    driver, settings = empty
    load(driver, mini_dataset, settings)
    before = counts(driver, settings.database)
    failing = neo4j_loader.STATEMENTS + [
        ("actors", "UNWIND $rows AS row CREATE (:Actor {id: row.id})")]  # breaks uniqueness
    monkeypatch.setattr(neo4j_loader, "STATEMENTS", failing)
    with pytest.raises(ConstraintError):
        load(driver, mini_dataset, settings, replace=True)   # deletes first, then fails
    assert counts(driver, settings.database) == before


def test_foreign_data_is_refused(empty, mini_dataset):
    driver, settings = empty
    driver.execute_query("CREATE (:Person {name: 'Alice'}), (:Person {name: 'Bob'})",
                         database_=settings.database)
    with pytest.raises(Neo4jUnavailable, match=r"pas chargées \(Person \(2\)\)"):
        load(driver, mini_dataset, settings)
    assert counts(driver, settings.database)["actors"] == 0


def test_shipped_data_loads_with_the_same_counts_as_memory(empty, shipped_dataset):
    driver, settings = empty
    result = load(driver, shipped_dataset, settings)
    memory = MemoryStore(shipped_dataset).stats()
    assert (result["actors"], result["ties"]) == (memory.actors, memory.relations)
    neo = Neo4jStore(driver, settings).stats()
    assert neo == memory


def test_user_supplied_relation_types_are_checked(empty, mini_dataset):
    driver, settings = empty
    load(driver, mini_dataset, settings)
    store = Neo4jStore(driver, settings)
    with pytest.raises(ValueError, match="unknown relation type"):
        store.relations(Filters(relation_types=("FUNDS]->() DETACH DELETE (n",)))


def cli(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env)


def test_cli_load_is_idempotent(empty, neo4j_settings, shipped_dataset):
    env = {"NEO4J_URI": neo4j_settings.uri}
    first, second = cli("load", env=env), cli("load", env=env)
    assert first.exit_code == 0 and second.exit_code == 0
    assert first.output == second.output
    expected = (f"{len(shipped_dataset.actors)} actors, "
                f"{len(shipped_dataset.relations)} ties")
    assert expected in first.output


def test_cli_wrong_credentials(neo4j_settings):
    result = cli("load", env={"NEO4J_URI": neo4j_settings.uri, "NEO4J_PASSWORD": "wrong"})
    assert result.exit_code == 3          # the store is unavailable (graph.errors)
    assert "a refusé les identifiants de l'utilisateur 'neo4j'" in result.output
    assert "Traceback" not in result.output


def test_cli_unreachable_server():
    result = cli("load", "--neo4j-uri", "bolt://127.0.0.1:9")
    assert result.exit_code == 3
    assert result.output.startswith("erreur : impossible de joindre Neo4j à bolt://127.0.0.1:9")


def test_cli_load_validates_first(mini_root, empty):
    (mini_root / "actors" / "national.yaml").write_text("- id: broken\n", encoding="utf-8")
    result = cli("load", "--data", str(mini_root))
    assert result.exit_code == 1
    assert "data/actors/national.yaml:broken:name: Field required" in result.output
    driver, settings = empty
    assert counts(driver, settings.database)["nodes"] == 0
