"""Reading a territory's network: indicators for network coordinators (pure functions).

Input is what any ``GraphStore`` gives: a ``Subgraph`` (``territory_subgraph``) for one
territory, or every ``ActorRow`` and ``RelationRow`` for the comparison table. Output is plain
data. The *structure* of the network (density, ties per actor, brokers, isolated structures,
communities) counts only live ties — a tie whose status is ``refused_or_ended`` is not a
partnership —, counted once per pair of actors; the counts by type and status show every tie.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import networkx as nx

from graph.store import ActorRow, RelationRow, Subgraph
from graph.vocabulary import IGNORED_STATUSES

TOP = 5                 # actors listed as most connected / brokers
COMMUNITY_SEED = 2008   # Louvain is randomised: a fixed seed gives the same colouring every time
# the partners a coordinator expects around work-integration structures
USUAL_PARTNERS = (("plie", "PLIE", ("PLIE",)), ("mde", "Maison de l'Emploi", ("MDE",)),
                  ("ml", "Mission Locale", ("ML",)), ("cd", "Conseil Général", ("CD",)),
                  ("reseau_regional", "réseau régional", ("RESEAU_REG",)))
PRESENT, LINKED, ABSENT = "présent", "lié depuis l'extérieur", "absent"
LEVELS = {"dep": "département", "region": "région", "region2008": "région (2008)"}


@dataclass(frozen=True)
class RankedActor:
    id: str
    name: str
    value: float            # ties inside the territory, or betweenness (0–1)


@dataclass(frozen=True)
class TerritoryIndicators:
    territory: str
    label: str
    actors: int
    ties: int                                # every tie among the territory's actors
    external_ties: int                       # every tie with a partner elsewhere
    by_family: dict[str, int]
    by_kind: dict[str, int]
    ties_by_type: dict[str, int]             # inside the territory
    ties_by_status: dict[str, int]           # inside the territory
    density: float                           # linked pairs / possible pairs (live ties)
    most_connected: tuple[RankedActor, ...]  # by partners inside the territory
    brokers: tuple[RankedActor, ...]         # betweenness inside the territory, above 0
    isolated: tuple[RankedActor, ...]        # no live tie inside (by name); value: live ties
                                             # with partners elsewhere
    usual_partners: dict[str, str]           # key of USUAL_PARTNERS -> PRESENT/LINKED/ABSENT
    communities: int                         # Louvain communities of two actors or more


def live(rel: RelationRow) -> bool:
    return rel.status not in IGNORED_STATUSES


def internal_graph(nodes, edges) -> nx.Graph:
    """Undirected simple graph of the live ties among ``nodes`` (ActorRows)."""
    graph = nx.Graph()
    graph.add_nodes_from(a.id for a in nodes)
    graph.add_edges_from((r.source, r.target) for r in edges if live(r) and r.source != r.target
                         and r.source in graph and r.target in graph)
    return graph


def density(graph: nx.Graph) -> float:
    n = graph.number_of_nodes()
    return 0.0 if n < 2 else 2 * graph.number_of_edges() / (n * (n - 1))


def _ranked(values: dict[str, float], names: dict[str, str], digits: int) -> tuple[RankedActor, ...]:
    order = sorted((v for v in values.items() if v[1] > 0), key=lambda t: (-t[1], names[t[0]], t[0]))
    return tuple(RankedActor(aid, names[aid], round(value, digits)) for aid, value in order[:TOP])


def isolated(sub: Subgraph, degree: dict[str, int]) -> tuple[RankedActor, ...]:
    outside = Counter(e for r in sub.edges if live(r) for e in (r.source, r.target))
    return tuple(RankedActor(a.id, a.name, outside[a.id])
                 for a in sorted(sub.nodes, key=lambda a: (a.name, a.id)) if degree[a.id] == 0)


def usual_partners(sub: Subgraph) -> dict[str, str]:
    inside = {a.id for a in sub.nodes}
    kinds_in = {a.kind for a in sub.nodes}
    kind_of = {a.id: a.kind for a in sub.context}
    linked = {kind_of[e] for r in sub.edges if live(r) for e in (r.source, r.target)
              if e in kind_of and ({r.source, r.target} & inside)}
    out = {}
    for key, _, kinds in USUAL_PARTNERS:
        out[key] = PRESENT if kinds_in & set(kinds) else LINKED if linked & set(kinds) else ABSENT
    return out


def communities(sub: Subgraph, seed: int = COMMUNITY_SEED) -> dict[str, int]:
    """{actor id: community number} for nodes and context (Louvain on live ties, fixed seed);
    community 0 is the largest, ties broken by smallest actor id."""
    graph = internal_graph(sub.nodes + sub.context, sub.edges)
    groups = nx.community.louvain_communities(graph, seed=seed)
    groups = sorted(groups, key=lambda g: (-len(g), min(g)))
    return {aid: number for number, group in enumerate(groups) for aid in sorted(group)}


EXACT_BETWEENNESS = 500   # above this many actors, betweenness is estimated from samples


def brokerage(graph: nx.Graph) -> dict[str, float]:
    """Betweenness centrality: exact for a territory of a few hundred actors (every shipped
    one); estimated from 300 sampled sources (fixed seed) beyond, where the exact computation
    takes seconds (9 s for a synthetic région of 2,700 actors)."""
    if len(graph) <= 2:
        return {}
    if len(graph) <= EXACT_BETWEENNESS:
        return nx.betweenness_centrality(graph)
    return nx.betweenness_centrality(graph, k=300, seed=COMMUNITY_SEED)


def indicators(sub: Subgraph, territory: str, label: str) -> TerritoryIndicators:
    inside = {a.id for a in sub.nodes}
    names = {a.id: a.name for a in sub.nodes}
    internal = [r for r in sub.edges if r.source in inside and r.target in inside]
    graph = internal_graph(sub.nodes, internal)
    degree = dict(graph.degree())
    betweenness = brokerage(graph)
    sizes = Counter(communities(Subgraph(sub.nodes, (), tuple(internal))).values())
    return TerritoryIndicators(
        territory=territory, label=label, actors=len(inside), ties=len(internal),
        external_ties=len(sub.edges) - len(internal),
        by_family=dict(sorted(Counter(a.family for a in sub.nodes).items())),
        by_kind=dict(sorted(Counter(a.kind for a in sub.nodes).items())),
        ties_by_type=dict(sorted(Counter(r.type for r in internal).items())),
        ties_by_status=dict(sorted(Counter(r.status for r in internal).items())),
        density=round(density(graph), 4),
        most_connected=_ranked(degree, names, 0),
        brokers=_ranked(betweenness, names, 4),
        isolated=isolated(sub, degree),
        usual_partners=usual_partners(sub),
        communities=sum(1 for size in sizes.values() if size > 1))


# --- comparing territories ----------------------------------------------------------------------

def territory_of(actor: ActorRow, level: str) -> tuple[str, str] | None:
    """(territory id, label) of an actor at a level, or None when it is not placed that finely."""
    if level == "dep" and actor.departement:
        return f"dep:{actor.departement}", f"{actor.departement_name} ({actor.departement})"
    if level == "region" and actor.region:
        return f"region:{actor.region}", actor.region_name
    if level == "region2008" and actor.region_2008:
        return f"region2008:{actor.region_2008}", f"{actor.region_2008_name} (région 2008)"
    if level not in LEVELS:
        raise ValueError(f"niveau inconnu : {level!r} (attendu : {', '.join(LEVELS)})")
    return None


def subgraphs(actors: list[ActorRow], relations: list[RelationRow],
              level: str) -> dict[tuple[str, str], Subgraph]:
    """Each territory of ``level`` holding actors, as ``territory_subgraph`` would give it."""
    by_id = {a.id: a for a in actors}
    members: dict[tuple[str, str], list[ActorRow]] = defaultdict(list)
    for actor in actors:
        if (key := territory_of(actor, level)) is not None:
            members[key].append(actor)
    ties_of: dict[str, list[RelationRow]] = defaultdict(list)
    for rel in relations:
        ties_of[rel.source].append(rel)
        if rel.target != rel.source:
            ties_of[rel.target].append(rel)
    out = {}
    for key, nodes in members.items():
        inside = {a.id for a in nodes}
        edges = {r.id: r for a in inside for r in ties_of[a]}
        context = {e for r in edges.values() for e in (r.source, r.target)} - inside
        out[key] = Subgraph(tuple(sorted(nodes, key=lambda a: (a.name, a.id))),
                            tuple(sorted((by_id[c] for c in context), key=lambda a: (a.name, a.id))),
                            tuple(sorted(edges.values(), key=lambda r: r.id)))
    return out


def comparison_row(ind: TerritoryIndicators, level: str) -> dict:
    """One flat row of the comparison table (French-free keys; values for CSV / JSON)."""
    row = {"territory": ind.territory, "level": level, "label": ind.label, "actors": ind.actors,
           "siae": ind.by_family.get("siae", 0), "ties": ind.ties,
           "external_ties": ind.external_ties, "density": ind.density,
           "isolated": len(ind.isolated),
           "isolated_share": round(len(ind.isolated) / ind.actors, 4) if ind.actors else 0.0,
           "communities": ind.communities,
           "most_connected": ind.most_connected[0].name if ind.most_connected else "",
           "top_broker": ind.brokers[0].name if ind.brokers else "",
           "usual_partners_present": sum(v == PRESENT for v in ind.usual_partners.values())}
    row.update({f"has_{key}": ind.usual_partners[key] for key, _, _ in USUAL_PARTNERS})
    return row


def comparison_table(actors: list[ActorRow], relations: list[RelationRow],
                     levels=("dep", "region2008")) -> list[dict]:
    """Indicators of every territory of the given levels, one row each, by level then id."""
    rows = []
    for level in levels:
        for (tid, label), sub in sorted(subgraphs(actors, relations, level).items()):
            rows.append(comparison_row(indicators(sub, tid, label), level))
    return rows


def sort_rows(rows: list[dict], column: str) -> list[dict]:
    """Numbers largest first, text alphabetically; ``ValueError`` for an unknown column."""
    if rows and column not in rows[0]:
        raise ValueError(f"colonne inconnue : {column!r} (colonnes : {', '.join(rows[0])})")
    numeric = bool(rows) and isinstance(rows[0][column], (int, float))
    return sorted(rows, key=lambda r: (-r[column], r["territory"]) if numeric
                  else (str(r[column]).casefold(), r["territory"]))
