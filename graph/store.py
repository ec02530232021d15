"""The ``GraphStore`` contract: the one interface the CLI and the dashboard use.

Two engines implement it (``MemoryStore`` on networkx, ``Neo4jStore`` on Neo4j);
``tests/contract/`` runs the same suite against both. Results are plain frozen
dataclasses, so a store's answer can be compared, printed or serialised as is.

Ordering guaranteed by every store: actors by (name, id); relations by id;
territories by (level order, name, id); search results by decreasing score, then
name, then id. Nothing else about order may be relied on.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

MAX_DEPTH = 2   # neighbourhoods are explored at depth 0, 1 or 2


@dataclass(frozen=True)
class Filters:
    """Restrict actors and relations; an empty tuple means "no restriction"."""

    families: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    relation_types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    working_groups: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()   # experience (or context section) ids


@dataclass(frozen=True)
class ActorRow:
    id: str
    name: str
    acronym: str | None
    aliases: tuple[str, ...]
    kind: str
    kind_label: str
    family: str
    commune: str | None
    commune_name: str | None
    departement: str | None
    departement_name: str | None
    region_2008: str | None
    region_2008_name: str | None
    region: str | None
    region_name: str | None
    sections: tuple[str, ...]      # ids of the experiences / context sections naming it
    degree: int                    # number of relations it takes part in
    epci: str | None = None        # its EPCI (SIREN): the one it is, sits in, or its commune's
    epci_name: str | None = None
    place_source: str | None = None   # text, name or experience (docs/curation.md)
    # where the map puts it (graph/coordinates.py); None for national bodies
    latitude: float | None = None
    longitude: float | None = None
    precision: str | None = None   # commune (exact), epci, departement or region (approximate)


@dataclass(frozen=True)
class RelationRow:
    id: str
    source: str
    source_name: str
    target: str
    target_name: str
    type: str
    type_label: str
    status: str
    status_label: str
    section: str
    section_title: str
    working_group: str | None
    evidence: str
    line: int
    note: str | None
    context: str | None = None        # the heading above a bare list-item quote, verbatim
    context_line: int | None = None


@dataclass(frozen=True)
class SectionRow:
    id: str
    title: str
    is_experience: bool
    working_group: str | None
    working_group_label: str
    lead: str | None
    summary: str | None
    first_line: int
    last_line: int
    years: tuple[int, ...]
    communes: tuple[str, ...]
    epci: tuple[str, ...]
    pays: tuple[str, ...]
    departements: tuple[str, ...]
    actors: tuple[str, ...]        # actor ids, sorted
    relation_count: int


@dataclass(frozen=True)
class Appearance:
    section: str
    title: str
    working_group: str | None
    role: str
    summary: str | None
    is_experience: bool


@dataclass(frozen=True)
class ActorDetail:
    actor: ActorRow
    contact: dict | None
    description: str | None
    appearances: tuple[Appearance, ...]   # by section id
    relations: tuple[RelationRow, ...]    # every relation it takes part in, by id


@dataclass(frozen=True)
class TerritoryRow:
    id: str
    level: str
    code: str
    name: str
    label: str
    parent: str | None
    actor_count: int


@dataclass(frozen=True)
class Subgraph:
    nodes: tuple[ActorRow, ...]            # actors inside the territory / the neighbourhood
    context: tuple[ActorRow, ...] = ()     # their direct partners elsewhere
    edges: tuple[RelationRow, ...] = ()


@dataclass(frozen=True)
class SimilarActor:
    """One actor similar to another (see graph/similarity.py for the score), with its reasons."""

    actor: ActorRow
    score: float                             # 0–100, rounded to 1 decimal; higher is closer
    reasons: tuple[str, ...]                 # in French, by decreasing part of the score
    same_kind: bool
    same_family: bool
    shared_partner_kinds: tuple[str, ...]    # kind codes, rarest first (then by code)
    shared_partners: tuple[str, ...]         # actor ids, rarest first (then by id)
    shared_roles: tuple[str, ...]            # role codes (``FUNDS<``…), rarest first
    shared_working_groups: tuple[str, ...]   # working-group codes, rarest first
    shared_topics: tuple[str, ...] = ()      # topic codes (graph/topics.py), rarest first
    level: str = ""                          # « très proche », « proche » or « voisin »
    shared_terms: tuple[str, ...] = ()       # the words of the recueil that weigh most in the match


@dataclass(frozen=True)
class Stats:
    actors: int
    relations: int
    sections: int
    experiences: int
    by_kind: dict[str, int] = field(default_factory=dict)
    by_family: dict[str, int] = field(default_factory=dict)
    by_relation_type: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    by_region: dict[str, int] = field(default_factory=dict)        # today's région name
    by_departement: dict[str, int] = field(default_factory=dict)   # "38 Isère"
    by_section: dict[str, tuple[int, int]] = field(default_factory=dict)  # id -> (actors, relations)


class GraphStore(ABC):
    """Read access to the partnership graph. Unknown ids give ``None`` or empty
    results, never an exception; malformed arguments raise ``ValueError``."""

    @abstractmethod
    def stats(self) -> Stats: ...

    @abstractmethod
    def territories(self) -> list[TerritoryRow]: ...

    @abstractmethod
    def sections(self) -> list[SectionRow]:
        """Experiences and context sections, by id."""

    @abstractmethod
    def actors(self, filters: Filters = Filters(), territory: str | None = None) -> list[ActorRow]:
        ...

    @abstractmethod
    def actor(self, actor_id: str) -> ActorDetail | None: ...

    def actor_details(self, actor_ids: list[str]) -> dict[str, ActorDetail]:
        """The details of many actors in one call (one query on Neo4j); unknown ids are left
        out. Exports use it rather than one ``actor`` call per row."""
        return {a: d for a in dict.fromkeys(actor_ids) if (d := self.actor(a)) is not None}

    @abstractmethod
    def search(self, text: str, limit: int = 10) -> list[ActorRow]:
        """Actors whose name, acronym or alias matches ``text``, accents and case ignored."""

    @abstractmethod
    def relations(self, filters: Filters = Filters()) -> list[RelationRow]: ...

    @abstractmethod
    def territory_subgraph(self, territory: str, filters: Filters = Filters()) -> Subgraph:
        """Actors located in ``territory`` and the relations among them (``nodes``,
        ``edges``), plus their direct partners elsewhere (``context``) and those ties."""

    @abstractmethod
    def neighbourhood(self, actor_ids: list[str], depth: int = 1,
                      filters: Filters = Filters()) -> Subgraph:
        """The given actors and those within ``depth`` (0 to MAX_DEPTH) ties of them, following
        only ties that pass the relation filters and reaching only actors that pass the actor
        filters; with the ties among all of them that pass the relation filters."""

    @abstractmethod
    def similar(self, actor_id: str, k: int = 5, other_territories: bool = False,
                kind: str | None = None, family: str | None = None) -> list[SimilarActor]:
        """The ``k`` actors most similar to ``actor_id``, by decreasing score, then name, then id;
        ``other_territories`` drops those in its own territory (same département, or same 2008
        région when either has no département; national with national); ``kind`` / ``family``
        keep only actors of that kind / family. ``ValueError`` for k < 1 or an unknown kind or
        family; an unknown actor gives ``[]``."""

    def peer_index(self):
        """The ``PeerIndex`` of this store's data (graph/peer_index.py), built once."""
        raise NotImplementedError

    def peers(self, description: str, k: int = 5, kind: str | None = None,
              near: str | None = None, other_territories: bool = False):
        """The actors and experiences closest to a project described in words
        (``graph.peers.find_peers``; ``InputError`` for an empty description, a bad option or an
        unknown territory)."""
        from graph.peers import find_peers
        return find_peers(self.peer_index(), description, k, kind, near, other_territories)

    def counts(self) -> dict[str, int]:
        """Actors, relations, sections and experiences: ``stats()``'s totals, cheaper (the
        explorer's /healthz asks for them)."""
        s = self.stats()
        return {"actors": s.actors, "relations": s.relations, "sections": s.sections,
                "experiences": s.experiences}

    def close(self) -> None:
        """Release resources (connections); the store is unusable afterwards."""
