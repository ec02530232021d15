"""``Neo4jStore.similar``: graph/similarity.py's score, computed in Cypher.

The loader writes each actor's profile on its node (bit masks of partner kinds, tie roles,
themes and topics with their sizes, ``partner_count``) and a second label for its family
(``:Siae``…). An intersection is counted bit by bit over the query actor's bits (``$pows``:
powers of two). Candidates:

- the actors sharing a partner with the query actor (*linked*), scored in full;
- the *pool* (the query actor's family, or the requested kind or family) minus the linked: such
  an actor shares no partner, so only the pool's ``k`` best (an ``ORDER BY … LIMIT``, a top-k
  heap, not a sort) can reach the top ``k``.

Each query returns its ``k`` best; Python only merges the two short lists.

What made it fast on the 20,000-actor synthetic graph (measured; docs/benchmarks.md): scanning
the family label instead of filtering every actor on a ``family`` property (a label given as a
parameter, ``:$($label)``, is planned as a scan of all nodes in Neo4j 5.26, so the label is put
in the query text, from the closed vocabulary only); reading a candidate's properties in one
map projection instead of one by one (a third of the time); the top-k heap instead of sorting
the whole pool. The sum runs in the same order as ``pair_score``, so both stores give the same
floats.
"""

from __future__ import annotations

from functools import lru_cache

from graph import similarity
from graph.model import display_name
from graph.store import SimilarActor
from graph.vocabulary import FAMILIES, IGNORED_STATUSES, KINDS

PROFILE = ("{v} {{.id, .name, .kind, .family, .departement, .region_2008, .partner_count, "
           ".partner_kind_mask, .partner_kind_count, .tie_role_mask, .tie_role_count, "
           ".theme_mask, .theme_count, .topic_mask, .topic_count}}")
MASKS = [("ik", "ak", "partner_kind"), ("ir", "ar", "tie_role"), ("it", "at", "theme"),
         ("io", "ao", "topic")]
QUERY_BITS = ", ".join(f"[x IN $pows WHERE (am.{f}_mask / x) % 2 = 1] AS {q}"
                       for _, q, f in MASKS)
SHARED_BITS = ", ".join(f"reduce(n = 0, x IN {q} | n + (m.{f}_mask / x) % 2) AS {i}"
                        for i, q, f in MASKS)
BITS = ", ".join(q for _, q, _ in MASKS)
LIVE_TIE = "type({r}) IN $tie_types AND NOT {r}.status IN $ignored AND {a} <> {b}"
TWO_HOPS = ("MATCH (a)-[r1]-(p:Actor)-[r2]-(c:Actor) WHERE "
            f"{LIVE_TIE.format(r='r1', a='a', b='p')} AND {LIVE_TIE.format(r='r2', a='p', b='c')} "
            "AND c <> a ")
CANDIDATE_OK = (
    "($q.kind IS NULL OR m.kind = $q.kind) AND ($q.family IS NULL OR m.family = $q.family) "
    "AND NOT ($other AND CASE WHEN am.departement IS NOT NULL AND m.departement IS NOT NULL "
    "THEN am.departement = m.departement WHEN am.region_2008 IS NOT NULL AND m.region_2008 IS NOT "
    "NULL THEN am.region_2008 = m.region_2008 ELSE am.region_2008 IS NULL AND m.region_2008 IS "
    "NULL END)")
JACCARD = ("CASE WHEN {na} + {nb} - {i} = 0 THEN 0.0 "
           "ELSE toFloat({i}) / ({na} + {nb} - {i}) END")
TERMS = [  # (weight, Jaccard arguments), in pair_score's order after kind and family
    ("$w_partner_kinds", dict(i="ik", na="am.partner_kind_count", nb="m.partner_kind_count")),
    ("$w_partners", dict(i="size(shared)", na="am.partner_count", nb="m.partner_count")),
    ("$w_roles", dict(i="ir", na="am.tie_role_count", nb="m.tie_role_count")),
    ("$w_themes", dict(i="it", na="am.theme_count", nb="m.theme_count")),
    ("$w_topics", dict(i="io", na="am.topic_count", nb="m.topic_count")),
]
SCORE = " + ".join(
    ["$w_kind * CASE WHEN m.kind = am.kind THEN 1 ELSE 0 END",
     "$w_family * CASE WHEN m.family = am.family AND m.kind <> am.kind THEN 1 ELSE 0 END"]
    + [f"{w} * ({JACCARD.format(**args)})" for w, args in TERMS])
SCORED = (f"WITH c, shared, am, {BITS}, {PROFILE.format(v='c')} AS m WHERE {CANDIDATE_OK} "
          f"WITH c, shared, am, m, {SHARED_BITS} WITH c, shared, m, {SCORE} AS score ")


HEAD = (f"MATCH (a:Actor {{id: $q.id}}) WITH a, {PROFILE.format(v='a')} AS am "
        f"WITH a, am, {QUERY_BITS} ")
LINKED = (f"CALL (a) {{ {TWO_HOPS} WITH c, collect(DISTINCT p) AS shared "
          "RETURN collect({c: c, shared: shared}) AS linked } ")
TOP_K = "ORDER BY score DESC, m.name, m.id LIMIT $k "
SHARED_MAPS = "[p IN shared | {id: p.id, name: p.name, acronym: p.acronym}]"

# the actor, its linked candidates' element ids, and the k best of them, scored in full
LINKED_QUERY = (
    f"{HEAD} {LINKED} CALL (am, {BITS}, linked) {{ UNWIND linked AS l WITH l.c AS c, l.shared AS shared "
    f"{SCORED} WHERE score > 0 WITH c, shared, m, score {TOP_K}"
    f"RETURN collect({{c: properties(c), score: score, shared: {SHARED_MAPS}}}) AS best }} "
    "RETURN properties(a) AS a, best")


@lru_cache(maxsize=None)
def pool_query(pool_label: str) -> str:
    """The k best of a pool scanned by ``pool_label`` (a family's label, from the vocabulary
    only), none of them linked: their score has no shared-partner term."""
    if pool_label not in {f.node_label for f in FAMILIES.values()}:
        raise ValueError(f"not a family label: {pool_label!r}")
    return (f"{HEAD} {LINKED} WITH a, am, {BITS}, [l IN linked | l.c] AS linked "
            f"MATCH (c:{pool_label}) WHERE c <> a AND NOT c IN linked "
            f"WITH c, [] AS shared, am, {BITS} {SCORED} WHERE score > 0 "
            f"WITH c, m, score {TOP_K}RETURN properties(c) AS c, score, [] AS shared")


def pool_family(actor_family: str, kind: str | None, family: str | None) -> str:
    if kind is not None:
        return KINDS[kind].family
    return family if family is not None else actor_family


def similar(run, actor_id: str, k: int, other_territories: bool, kind: str | None,
            family: str | None, tie_types: list[str], actor_row) -> list[SimilarActor]:
    """``run(query, **params) -> list[dict]`` reads the database; ``actor_row`` makes rows.
    Two queries: the linked candidates (one plan), then the pool (one plan per family label;
    planning the two as one query cost 0.8 s per family instead of 0.25 s, measured)."""
    similarity.check_options(k, kind, family)
    w = similarity.WEIGHTS
    # Neo4j caches a plan per query text and parameter *types*, strings and lists bucketed by
    # size: a 7-letter id and a 15-letter one were planned apart (0.3–0.8 s each, measured).
    # Inside a map, they are not.
    params = dict(q={"id": actor_id, "kind": kind, "family": family}, k=k,
                  other=other_territories, tie_types=tie_types, ignored=list(IGNORED_STATUSES),
                  pows=[1 << i for i in range(62)], w_kind=w.kind, w_family=w.family,
                  w_partner_kinds=w.partner_kinds, w_partners=w.partners, w_roles=w.roles,
                  w_themes=w.themes, w_topics=w.topics)
    found = run(LINKED_QUERY, **params)
    if not found:
        return []
    a, rows = found[0]["a"], list(found[0]["best"])
    label = FAMILIES[pool_family(a["family"], kind, family)].node_label
    rows += run(pool_query(label), **params)
    ranked = sorted(rows, key=lambda r: (-r["score"], r["c"]["name"], r["c"]["id"]))[:k]
    return [_similar_row(a, r, actor_row) for r in ranked]


def _similar_row(a: dict, row: dict, actor_row) -> SimilarActor:
    """The row of one similar actor ``c`` of ``a``; the shared sets come from their profiles."""
    c = row["c"]
    shared = sorted(row["shared"], key=lambda p: (p["name"], p["id"]))
    names = [display_name(p["name"], p["acronym"]) for p in shared]
    kinds, roles, themes, topics = (
        tuple(sorted(set(a.get(f) or ()) & set(c.get(f) or ())))
        for f in ("partner_kinds", "tie_roles", "working_groups", "topics"))
    same_kind, same_family = c["kind"] == a["kind"], c["family"] == a["family"]
    reasons = similarity.reasons(c["kind"], same_kind, same_family, kinds, names, roles, themes,
                                 topics)
    return SimilarActor(actor_row(c), round(row["score"], 4), reasons, same_kind, same_family,
                        kinds, tuple(p["id"] for p in shared), roles, themes, topics)
