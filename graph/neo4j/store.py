"""``Neo4jStore``: the ``GraphStore`` contract on a Neo4j server (see graph/neo4j/loader.py
for the graph layout). Every query is parameterised; each contract call is one query, except
``stats`` (a bounded few)."""

from __future__ import annotations

import json
import re

from neo4j import Driver, Query
from neo4j.exceptions import DriverError, Neo4jError

from graph import similarity
from graph.neo4j.connection import (Neo4jSettings, Neo4jUnavailable, connect, ensure_vita_database,
                                    query_error)
from graph.neo4j.peers import PeerIndexCache
from graph.peer_index import PeerIndex
from graph.rows import count_stats
from graph.search import search_query
from graph.store import (MAX_DEPTH, ActorDetail, ActorRow, Appearance, Filters, GraphStore, RelationRow,
                         SectionRow, SimilarActor, Stats, Subgraph, TerritoryRow)
from graph.territory import LEVELS
from graph.vocabulary import RELATION_TYPES, STATUSES

TIE_TYPES = list(RELATION_TYPES)
# A query fails fast when Neo4j is down (the driver would otherwise retry for 30 s, and every
# explorer request would hang that long); the explorer says so and recovers when it is back.
QUERY_DRIVER_OPTIONS = {"connection_timeout": 3, "connection_acquisition_timeout": 5,
                        "max_transaction_retry_time": 2}
OUTAGE_ERRORS = (DriverError, OSError)   # the driver's outage errors, and a refused socket
# Lucene's English stop words are not indexed: such a token cannot narrow the candidates.
LUCENE_STOP_WORDS = {"a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in",
                     "into", "is", "it", "no", "not", "of", "on", "or", "such", "that", "the",
                     "their", "then", "there", "these", "they", "this", "to", "was", "will", "with"}

ACTOR_OK = ("(size($families) = 0 OR {v}.family IN $families) "
            "AND (size($kinds) = 0 OR {v}.kind IN $kinds) "
            "AND (size($sections) = 0 OR any(x IN {v}.sections WHERE x IN $sections)) "
            "AND (size($groups) = 0 OR any(x IN {v}.working_groups WHERE x IN $groups))")
TIE_OK = ("type({r}) IN $tie_types AND (size($types) = 0 OR type({r}) IN $types) "
          "AND (size($statuses) = 0 OR {r}.status IN $statuses) "
          "AND (size($groups) = 0 OR {r}.working_group IN $groups) "
          "AND (size($sections) = 0 OR {r}.section IN $sections)")
TIE_MAP = ("{{props: {r} {{.id, .status, .section, .section_title, .working_group, .evidence, "
           ".line, .note, .context, .context_line}}, type: type({r}), source: startNode({r}).id, "
           "source_name: startNode({r}).name, target: endNode({r}).id, "
           "target_name: endNode({r}).name}}")
ACTOR_FIELDS = [f for f in ActorRow.__dataclass_fields__]
# only what an ActorRow needs: actor nodes also carry contact, description and similarity data
ACTOR_PROJ = "{v} {{" + ", ".join(f".{f}" for f in ACTOR_FIELDS) + "}}"


def _params(filters: Filters) -> dict:
    for t in filters.relation_types:
        if t not in RELATION_TYPES:
            raise ValueError(f"unknown relation type {t!r}")
    return {"families": list(filters.families), "kinds": list(filters.kinds),
            "sections": list(filters.sections), "groups": list(filters.working_groups),
            "types": list(filters.relation_types), "statuses": list(filters.statuses),
            "tie_types": TIE_TYPES}


def actor_row(props: dict) -> ActorRow:
    values = {f: props.get(f) for f in ACTOR_FIELDS}
    values["aliases"] = tuple(props.get("aliases") or ())
    values["sections"] = tuple(props.get("sections") or ())
    values["degree"] = props.get("degree") or 0
    return ActorRow(**values)


def relation_row(tie: dict) -> RelationRow:
    p = tie["props"]
    return RelationRow(p["id"], tie["source"], tie["source_name"], tie["target"],
                       tie["target_name"], tie["type"], RELATION_TYPES[tie["type"]].label,
                       p["status"], STATUSES[p["status"]], p["section"], p["section_title"],
                       p.get("working_group"), p["evidence"], p["line"], p.get("note"),
                       p.get("context"), p.get("context_line"))


def _actors(rows) -> tuple[ActorRow, ...]:
    return tuple(sorted((actor_row(p) for p in rows), key=lambda r: (r.name, r.id)))


def _ties(rows) -> tuple[RelationRow, ...]:
    return tuple(sorted((relation_row(t) for t in rows), key=lambda r: r.id))


LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')


def lucene_escape(token: str) -> str:
    """``token`` with Lucene's special characters escaped (a normalised query has none left;
    this keeps the full-text query safe whatever a future normalisation lets through)."""
    return LUCENE_SPECIAL.sub(r"\\\1", token)


def lucene_query(query: str) -> str | None:
    """A full-text query whose hits include every actor the substring rule matches; ``query``
    is already bounded (``graph.search.search_query``), so its clauses are few."""
    tokens = [t for t in query.split() if t.lower() not in LUCENE_STOP_WORDS]
    return " AND ".join(f"*{lucene_escape(t)}*" for t in tokens) or None


class Neo4jStore(GraphStore):
    def __init__(self, driver: Driver, settings: Neo4jSettings):
        self.driver = driver
        self.settings = settings
        self._peer_cache = PeerIndexCache()

    @classmethod
    def connect(cls, settings: Neo4jSettings | None = None) -> "Neo4jStore":
        settings = settings or Neo4jSettings.from_env()
        return cls(connect(settings, **QUERY_DRIVER_OPTIONS), settings)

    @classmethod
    def open_vita(cls, uri: str | None = None, for_requests: bool = False) -> "Neo4jStore":
        """A store on the Neo4j at ``uri`` (default from the environment), checked to hold
        only vita's data (``Neo4jUnavailable`` otherwise); with ``for_requests``, the short
        timeouts of ``Neo4jSettings.for_requests``."""
        settings = Neo4jSettings.from_env(uri)
        store = cls.connect(settings.for_requests() if for_requests else settings)
        try:
            ensure_vita_database(store.driver, store.settings)
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        self.driver.close()

    def _run(self, query: str, **params) -> list[dict]:
        try:
            records, _, _ = self.driver.execute_query(
                Query(query, timeout=self.settings.query_timeout), params,
                database_=self.settings.database, routing_="r")
        except Neo4jError as exc:
            raise query_error(exc) from exc
        except OUTAGE_ERRORS as exc:   # the one place a driver outage becomes vita's error
            raise Neo4jUnavailable(f"Neo4j ({self.settings.uri}) ne répond pas : {exc}") from exc
        # every query returns maps, lists and scalars, never Node objects: Record.data()
        # would copy them all again recursively (80% of a territory query, profiled)
        return [dict(r) for r in records]

    def stats(self) -> Stats:
        actors = self.actors()
        ties = self.relations()
        sections = self._run("MATCH (s:Section) RETURN s.id AS id, s.is_experience AS exp, "
                             "COUNT { (s)<-[:APPEARS_IN]-() } AS actors")
        return count_stats(actors, ties, [(s["id"], s["exp"], s["actors"]) for s in sections])

    def counts(self) -> dict[str, int]:
        row = self._run("CALL () { MATCH (a:Actor) RETURN count(a) AS actors } "
                        "CALL () { MATCH (:Actor)-[r]->(:Actor) WHERE type(r) IN $tie_types "
                        "RETURN count(r) AS relations } "
                        "CALL () { MATCH (s:Section) RETURN count(s) AS sections, "
                        "count(CASE WHEN s.is_experience THEN 1 END) AS experiences } "
                        "RETURN actors, relations, sections, experiences", tie_types=TIE_TYPES)[0]
        return dict(row)

    def territories(self) -> list[TerritoryRow]:
        rows = self._run("MATCH (t:Territory) RETURN t {.*, actors: COUNT { (t)<-[:LOCATED_IN]-(:Actor) }} AS t")
        out = [TerritoryRow(t["id"], t["level"], t["code"], t["name"], t["label"], t.get("parent"),
                            t["actors"]) for t in (r["t"] for r in rows)]
        return sorted(out, key=lambda r: (LEVELS.index(r.level), r.name, r.id))

    def sections(self) -> list[SectionRow]:
        rows = self._run("MATCH (s:Section) RETURN s {.*, actors: COLLECT { MATCH (s)<-[:APPEARS_IN]-"
                         "(a:Actor) RETURN a.id ORDER BY a.id }} AS s ORDER BY s.id")
        fields = SectionRow.__dataclass_fields__
        return [SectionRow(**{f: tuple(v) if isinstance(v := r["s"].get(f), list) else v
                              for f in fields}) for r in rows]

    def actors(self, filters: Filters = Filters(), territory: str | None = None) -> list[ActorRow]:
        where = ACTOR_OK.format(v="a")
        if territory:
            query = (f"MATCH (:Territory {{id: $territory}})<-[:LOCATED_IN]-(a:Actor) "
                     f"WHERE {where} RETURN properties(a) AS a")
        else:
            query = f"MATCH (a:Actor) WHERE {where} RETURN properties(a) AS a"
        return list(_actors(r["a"] for r in self._run(query, territory=territory, **_params(filters))))

    def actor(self, actor_id: str) -> ActorDetail | None:
        return self.actor_details([actor_id]).get(actor_id)

    def actor_details(self, actor_ids: list[str]) -> dict[str, ActorDetail]:
        rows = self._run(
            "UNWIND $ids AS id MATCH (a:Actor {id: id}) "
            f"RETURN {ACTOR_PROJ.format(v='a')} AS a, a.contact AS contact, "
            "a.description AS description, "
            "COLLECT { MATCH (a)-[ap:APPEARS_IN]->(s:Section) RETURN {section: s.id, title: s.title, "
            "working_group: s.working_group, role: ap.role, summary: s.summary, "
            "is_experience: s.is_experience} ORDER BY s.id } AS appearances, "
            f"COLLECT {{ MATCH (a)-[r]-(:Actor) WHERE type(r) IN $tie_types RETURN "
            f"{TIE_MAP.format(r='r')} }} AS ties", ids=list(dict.fromkeys(actor_ids)),
            tie_types=TIE_TYPES)
        return {row["a"]["id"]: ActorDetail(
                    actor_row(row["a"]), json.loads(row["contact"]) if row["contact"] else None,
                    row["description"], tuple(Appearance(**ap) for ap in row["appearances"]),
                    _ties(row["ties"])) for row in rows}

    def search(self, text: str, limit: int = 10) -> list[ActorRow]:
        query = search_query(text)
        if not query:
            return []
        lucene = lucene_query(query)
        source = ("CALL db.index.fulltext.queryNodes('actor_search', $lucene) YIELD node AS a"
                  if lucene else "MATCH (a:Actor)")
        rows = self._run(
            f"{source} WITH a, reduce(best = 0, k IN a.search_keys | CASE "
            "WHEN k = $q THEN 3 "
            "WHEN best < 2 AND (k STARTS WITH $q OR k CONTAINS $spaced) THEN 2 "
            "WHEN best < 1 AND k CONTAINS $q THEN 1 ELSE best END) AS score "
            "WHERE score > 0 RETURN properties(a) AS a, score "
            "ORDER BY score DESC, a.name, a.id LIMIT $limit",
            lucene=lucene, q=query, spaced=f" {query}", limit=limit)
        ranked = sorted(((-r["score"], r["a"]["name"], r["a"]["id"], r["a"]) for r in rows),
                        key=lambda t: t[:3])
        return [actor_row(t[3]) for t in ranked]

    def relations(self, filters: Filters = Filters()) -> list[RelationRow]:
        rows = self._run(f"MATCH (:Actor)-[r]->(:Actor) WHERE {TIE_OK.format(r='r')} "
                         f"RETURN {TIE_MAP.format(r='r')} AS t", **_params(filters))
        return list(_ties(r["t"] for r in rows))

    def territory_subgraph(self, territory: str, filters: Filters = Filters()) -> Subgraph:
        # An inside actor passes the actor filters, so one test on the far end suffices; each
        # tie between two inside actors comes back twice (once per end) and is deduplicated here.
        rows = self._run(
            "MATCH (:Territory {id: $territory})<-[:LOCATED_IN]-(a:Actor) "
            f"WHERE {ACTOR_OK.format(v='a')} WITH collect(a) AS inside "
            "CALL (inside) { UNWIND inside AS a MATCH (a)-[r]-(b:Actor) "
            f"WHERE {TIE_OK.format(r='r')} AND {ACTOR_OK.format(v='b')} "
            f"RETURN collect({TIE_MAP.format(r='r')}) AS ties, collect(DISTINCT b) AS reached }} "
            f"RETURN [a IN inside | {ACTOR_PROJ.format(v='a')}] AS inside, ties, "
            f"[b IN reached | {ACTOR_PROJ.format(v='b')}] AS reached",
            territory=territory, **_params(filters))
        row = rows[0]
        inside = {a["id"] for a in row["inside"]}
        ties = {t["props"]["id"]: t for t in row["ties"]}
        return Subgraph(_actors(row["inside"]),
                        _actors(b for b in row["reached"] if b["id"] not in inside),
                        _ties(ties.values()))

    def neighbourhood(self, actor_ids: list[str], depth: int = 1,
                      filters: Filters = Filters()) -> Subgraph:
        if not 0 <= depth <= MAX_DEPTH:   # the Cypher pattern below is bounded at 2
            raise ValueError(f"depth must be between 0 and {MAX_DEPTH}")
        rows = self._run(
            "MATCH (start:Actor) WHERE start.id IN $ids "
            "OPTIONAL MATCH path = (start)-[ties*1..2]-(b:Actor) WHERE size(ties) <= $depth "
            f"AND all(r IN ties WHERE {TIE_OK.format(r='r')}) "
            f"AND all(n IN nodes(path)[1..] WHERE n:Actor AND {ACTOR_OK.format(v='n')}) "
            "WITH collect(DISTINCT start) + collect(DISTINCT b) AS reached "
            "UNWIND reached AS a WITH collect(DISTINCT a) AS reached "
            "CALL (reached) { UNWIND reached AS a MATCH (a)-[r]->(b:Actor) "
            f"WHERE b IN reached AND {TIE_OK.format(r='r')} "
            f"RETURN collect(DISTINCT {TIE_MAP.format(r='r')}) AS ties }} "
            "RETURN [a IN reached | properties(a)] AS nodes, ties",
            ids=list(actor_ids), depth=depth, **_params(filters))
        if not rows:
            return Subgraph(())
        return Subgraph(_actors(rows[0]["nodes"]), (), _ties(rows[0]["ties"]))

    def similar(self, actor_id: str, k: int = 5, other_territories: bool = False,
                kind: str | None = None, family: str | None = None) -> list[SimilarActor]:
        index = self.peer_index()
        matches = similarity.similar_actors(index, actor_id, k, other_territories, kind, family)
        rows = self._actor_rows_by_id([m.id for m in matches])
        return [similarity.similar_row(index, m, rows[m.id]) for m in matches]

    def peer_index(self) -> PeerIndex:
        """The peer index of the loaded graph (graph/neo4j/peers.py): read in one query at the
        first call after each load, then one small query per call to check the load stamp."""
        return self._peer_cache.get(self._run, TIE_TYPES)

    def _actor_rows_by_id(self, ids: list[str]) -> dict[str, ActorRow]:
        if not ids:
            return {}
        found = self._run(f"MATCH (a:Actor) WHERE a.id IN $ids RETURN {ACTOR_PROJ.format(v='a')} AS a",
                          ids=ids)
        return {r["a"]["id"]: actor_row(r["a"]) for r in found}
