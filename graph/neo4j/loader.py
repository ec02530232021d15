"""Loading a validated ``Dataset`` into Neo4j: schema, then one transaction of batched
``UNWIND … MERGE`` statements. A failure rolls the whole load back.

Graph layout (see README): ``(:Actor)`` with a second label for its family (``:Siae``,
``:LocalAuthority``…, ``Family.node_label``), ``(:Section:Experience|Context)``,
``(:Territory)-[:WITHIN]->(:Territory)``, ``(:WorkingGroup)``; ``(:Actor)-[:LOCATED_IN]->
(:Territory)`` for every territory containing the actor; ``(:Actor)-[:APPEARS_IN {role}]->
(:Section)``; ``(:Section)-[:IN_GROUP]->(:WorkingGroup)``; and one relationship per
curated tie, typed from the vocabulary (``FUNDS``, ``MEMBER_OF``…).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timezone

from neo4j import Driver, ManagedTransaction

from graph.coordinates import actor_positions
from graph.model import Dataset
from graph.neo4j.connection import Neo4jSettings, ensure_vita_database
from graph.rows import position_fields, sections_by_actor
from graph.search import search_keys
from graph.peer_records import actor_texts, read_source_lines, section_texts
from graph.territory import actor_territories
from graph.vocabulary import FAMILIES, RELATION_TYPES, WORKING_GROUPS

SCHEMA = [
    "CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE",
    "CREATE CONSTRAINT section_id IF NOT EXISTS FOR (s:Section) REQUIRE s.id IS UNIQUE",
    "CREATE CONSTRAINT territory_id IF NOT EXISTS FOR (t:Territory) REQUIRE t.id IS UNIQUE",
    "CREATE CONSTRAINT working_group_id IF NOT EXISTS FOR (w:WorkingGroup) REQUIRE w.id IS UNIQUE",
    "CREATE INDEX territory_level IF NOT EXISTS FOR (t:Territory) ON (t.level)",
    "CREATE INDEX actor_departement IF NOT EXISTS FOR (a:Actor) ON (a.departement)",
    "CREATE INDEX actor_kind IF NOT EXISTS FOR (a:Actor) ON (a.kind)",
    # accents and case folded; search_keys holds the name, acronym and aliases
    "CREATE FULLTEXT INDEX actor_search IF NOT EXISTS FOR (a:Actor) ON EACH [a.search_keys] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}",
]

BATCH = 5000


def payload(dataset: Dataset, source_lines: list[str] | None = None) -> dict[str, list[dict]]:
    """Plain rows for every node and relationship vita writes (pure but for reading the
    recueil's text when ``source_lines`` is None)."""
    if source_lines is None:
        from graph.sources import source_path
        source_lines = read_source_lines(source_path())
    sections_of = sections_by_actor(dataset)
    degree = Counter(e for r in dataset.relations for e in (r.source, r.target))
    territories = actor_territories(dataset)
    groups_of = {aid: sorted({dataset.sections[s].working_group for s in secs} - {None})
                 for aid, secs in sections_of.items()}
    positions = actor_positions(dataset.actors.values())
    actors = [_actor_row(a, sections_of[a.id], groups_of[a.id], degree[a.id])
              | dict(zip(("latitude", "longitude", "precision"), position_fields(positions.get(a.id))))
              for a in dataset.actors.values()]
    texts = actor_texts(dataset, source_lines)
    for row in actors:   # what the peer index reads back (graph/peer_records.py)
        row["peer_text"] = texts[row["id"]]
    section_text = section_texts(dataset, source_lines)
    seen = {t.id: t for ts in territories.values() for t in ts}
    per_section = Counter(r.section for r in dataset.relations)
    return {
        "actors": actors,
        "territories": [{"id": t.id, "level": t.level, "code": t.code, "name": t.name,
                         "label": t.label, "parent": t.parent} for t in seen.values()],
        "located": [{"actor": aid, "territory": t.id} for aid, ts in territories.items() for t in ts],
        "groups": [{"id": w.code, "label": w.label} for w in WORKING_GROUPS.values()],
        "sections": [_section_row(s, per_section[s.id]) | {"peer_text": section_text[s.id]}
                     for s in dataset.sections.values()],
        "appears": [{"actor": aid, "section": s.id, "role": role}
                    for s in dataset.sections.values() for aid, role in s.roles.items()],
        "relations": [_relation_row(r, dataset) for r in dataset.relations],
    }


def _actor_row(actor, sections, groups, degree) -> dict:
    p = actor.place
    return {"id": actor.id, "name": actor.name, "acronym": actor.acronym,
            "aliases": list(actor.aliases), "kind": actor.kind, "kind_label": actor.kind_label,
            "family": actor.family, "commune": p.commune, "commune_name": p.commune_name,
            "departement": p.departement, "departement_name": p.departement_name,
            "region_2008": p.region_2008, "region_2008_name": p.region_2008_name,
            "region": p.region, "region_name": p.region_name, "epci": p.epci,
            "epci_name": p.epci_name, "place_source": actor.place_source, "sections": list(sections),
            "working_groups": groups, "degree": degree, "search_keys": list(search_keys(actor)),
            "contact": json.dumps(actor.contact, ensure_ascii=False) if actor.contact else None,
            "description": actor.description}


def _section_row(s, relation_count: int) -> dict:
    t = s.territory
    return {"id": s.id, "title": s.title, "is_experience": s.is_experience,
            "working_group": s.working_group, "working_group_label": s.working_group_label,
            "lead": s.lead, "summary": s.summary, "first_line": s.source_lines[0],
            "last_line": s.source_lines[1], "years": list(s.years), "communes": list(t.communes),
            "epci": list(t.epci), "pays": list(t.pays), "departements": list(t.departements),
            "relation_count": relation_count}


def _relation_row(r, dataset: Dataset) -> dict:
    if r.type not in RELATION_TYPES:   # the only value that becomes a relationship type
        raise ValueError(f"unknown relation type {r.type!r}")
    return {"source": r.source, "target": r.target, "type": r.type,
            "props": {"id": r.id, "status": r.status, "section": r.section,
                      "section_title": dataset.sections[r.section].title,
                      "working_group": r.working_group, "evidence": r.evidence,
                      "line": r.line, "note": r.note, "context": r.context,
                      "context_line": r.context_line}}


STATEMENTS = [
    ("groups", "UNWIND $rows AS row MERGE (w:WorkingGroup {id: row.id}) SET w.label = row.label"),
    ("territories", "UNWIND $rows AS row MERGE (t:Territory {id: row.id}) SET t = row"),
    ("territories", "UNWIND $rows AS row WITH row WHERE row.parent IS NOT NULL "
                    "MATCH (t:Territory {id: row.id}), (p:Territory {id: row.parent}) "
                    "MERGE (t)-[:WITHIN]->(p)"),
    # the family label comes from the validated vocabulary, as a parameter; an actor whose
    # family changed loses its old label (--replace, imports)
    ("actors", "UNWIND $rows AS row MERGE (a:Actor {id: row.id}) SET a = row "
               "REMOVE a:$($family_labels) SET a:$($family_label_of[row.family])"),
    ("located", "UNWIND $rows AS row MATCH (a:Actor {id: row.actor}), "
                "(t:Territory {id: row.territory}) MERGE (a)-[:LOCATED_IN]->(t)"),
    ("sections", "UNWIND $rows AS row MERGE (s:Section {id: row.id}) SET s = row "
                 "FOREACH (_ IN CASE WHEN row.is_experience THEN [1] ELSE [] END | SET s:Experience) "
                 "FOREACH (_ IN CASE WHEN row.is_experience THEN [] ELSE [1] END | SET s:Context) "
                 "WITH s, row MATCH (w:WorkingGroup {id: row.working_group}) "
                 "MERGE (s)-[:IN_GROUP]->(w)"),
    ("appears", "UNWIND $rows AS row MATCH (a:Actor {id: row.actor}), (s:Section {id: row.section}) "
                "MERGE (a)-[r:APPEARS_IN]->(s) SET r.role = row.role"),
    # the type comes from the validated vocabulary (checked in _relation_row), as a parameter
    # A tie is keyed by its id. MERGE on a dynamic type (or any existence test from its
    # endpoints) is very slow inside a large transaction (157–273 s for 13k ties, measured),
    # so write_dataset first deletes the ties whose ids it is about to write, then creates
    # them all: the same result as MERGE, in about 2 s for 13k ties.
    ("relations", "UNWIND $rows AS row MATCH (s:Actor {id: row.source}), (t:Actor {id: row.target}) "
                  "CREATE (s)-[r:$(row.type)]->(t) SET r += row.props"),
]


def write_dataset(tx: ManagedTransaction, rows: dict[str, list[dict]]) -> None:
    tx.run("MATCH (:Actor)-[r]->(:Actor) WHERE type(r) IN $types AND r.id IN $ids DELETE r",
           types=list(RELATION_TYPES), ids=[r["props"]["id"] for r in rows["relations"]]).consume()
    for key, statement in STATEMENTS:
        for start in range(0, len(rows[key]), BATCH):
            tx.run(statement, rows=rows[key][start:start + BATCH], **STATEMENT_PARAMS).consume()
    tx.run("MERGE (d:VitaDataset {id: 'vita'}) SET d.loaded_at = $now",
           now=datetime.now(timezone.utc).isoformat()).consume()


FAMILY_LABEL_OF = {code: f.node_label for code, f in FAMILIES.items()}
STATEMENT_PARAMS = {"family_labels": list(FAMILY_LABEL_OF.values()),
                    "family_label_of": FAMILY_LABEL_OF}   # what STATEMENTS need besides rows
STRUCTURE = ["LOCATED_IN", "APPEARS_IN", "WITHIN", "IN_GROUP"]
NODE_KEYS = (("Actor", "actors"), ("Section", "sections"), ("Territory", "territories"),
             ("WorkingGroup", "groups"))


def remove_stale(tx: ManagedTransaction, rows: dict[str, list[dict]]) -> None:
    """What ``--replace`` removes, inside the load's transaction: vita's nodes the dataset no
    longer has, and every relationship vita wrote (written again just after). Deleting every
    node and creating it again in one transaction is pathological in Neo4j (87 s instead of
    10 s for 6,000 actors, measured), so nodes still in the data are kept and overwritten."""
    for label, key in NODE_KEYS:   # labels are vita's own constants, not user input
        tx.run(f"MATCH (n:{label}) WHERE NOT n.id IN $ids DETACH DELETE n",
               ids=[r["id"] for r in rows[key]]).consume()
    tx.run("MATCH (n)-[r]->() WHERE (n:Actor OR n:Section OR n:Territory) AND type(r) IN $types "
           "DELETE r", types=list(RELATION_TYPES) + STRUCTURE).consume()


def create_schema(driver: Driver, database: str | None = None) -> None:
    for statement in SCHEMA:   # schema changes cannot share a transaction with data writes
        driver.execute_query(statement, database_=database)
    driver.execute_query("CALL db.awaitIndexes(60)", database_=database)


def load(driver: Driver, dataset: Dataset, settings: Neo4jSettings, replace: bool = False,
         source_lines: list[str] | None = None) -> dict:
    """Load in one transaction and return the counts. Nodes are merged on their ids and their
    properties overwritten; with ``replace``, what the dataset no longer has is removed too.
    ``source_lines``: the recueil's text (read from the default source when None)."""
    ensure_vita_database(driver, settings)
    create_schema(driver, settings.database)
    rows = payload(dataset, source_lines)

    def work(tx: ManagedTransaction) -> None:
        if replace:
            remove_stale(tx, rows)
        write_dataset(tx, rows)

    with driver.session(database=settings.database) as session:
        session.execute_write(work)
    return counts(driver, settings.database)


def counts(driver: Driver, database: str | None = None) -> dict:
    records, _, _ = driver.execute_query(
        "CALL () { MATCH (n) RETURN count(n) AS nodes } "
        "CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } "
        "CALL () { MATCH (:Actor)-[r]->(:Actor) RETURN count(r) AS ties } "
        "CALL () { MATCH (a:Actor) RETURN count(a) AS actors } "
        "RETURN nodes, relationships, ties, actors", database_=database)
    return dict(records[0])


# --- spreadsheet imports (vita import --backend neo4j) ---------------------------------------
def clear_import(tx: ManagedTransaction, section_id: str) -> None:
    """Remove what an import wrote: its ties, its appearances, its section, and the actors that
    appeared nowhere else (those it created)."""
    tx.run("MATCH (:Actor)-[r]->(:Actor) WHERE type(r) IN $types AND r.section = $sid DELETE r",
           types=list(RELATION_TYPES), sid=section_id).consume()
    tx.run("MATCH (a:Actor)-[ap:APPEARS_IN]->(:Section {id: $sid}) DELETE ap "
           "WITH DISTINCT a WHERE NOT (a)-[:APPEARS_IN]->() DETACH DELETE a",
           sid=section_id).consume()
    tx.run("MATCH (s:Section {id: $sid}) DETACH DELETE s", sid=section_id).consume()


def load_import(driver: Driver, dataset: Dataset, section_id: str,
                settings: Neo4jSettings) -> dict:
    """Write ``dataset`` (the loaded data with the import ``section_id`` merged in) in one
    transaction, after removing what a previous import of that name wrote: the actors' derived
    properties (degree, sections…) stay those of the whole dataset. Returns the counts."""
    ensure_vita_database(driver, settings)
    create_schema(driver, settings.database)
    rows = payload(dataset)

    def work(tx: ManagedTransaction) -> None:
        clear_import(tx, section_id)
        write_dataset(tx, rows)

    with driver.session(database=settings.database) as session:
        session.execute_write(work)
    return counts(driver, settings.database)
