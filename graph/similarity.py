"""Similar actors: whom a territorial developer elsewhere should talk to, and why.

Pure functions (dataset in, plain data out), used by ``MemoryStore``; ``Neo4jStore`` computes the
same score in Cypher from the same per-actor profile (written on each ``Actor`` node at load).

Every signal is one a person can check on the actors' cards:

- **kind** — same kind (``WEIGHTS.kind``), or else same family (``WEIGHTS.family``);
- **partner kinds** — Jaccard index of the sets of *kinds* of their partners
  (both work with a PLIE, a Maison de l'emploi and a Conseil Général…);
- **partners** — Jaccard index of their sets of partners (shared partners);
- **roles** — Jaccard index of the roles they take in their ties: the tie type with its
  direction (funds / is funded, contracts / is contracted…);
- **themes** — Jaccard index of the working groups of the sections naming them;
- **topics** — Jaccard index of the topics of the experiences naming them, read from the
  experience summaries (``graph/topics.py``: clauses sociales, mobilité, services à la personne…).

``score = Σ weight × signal``, summed in that order (both stores do the same float operations,
so they give the same scores). Ties whose status is ``refused_or_ended`` are not partnerships and
are ignored. Candidates are the actors of the same family, those sharing a partner with the actor
and, when ``kind`` or ``family`` is given, every actor of that kind or family; only scores above
zero are kept. Results are ordered by decreasing score, then name, then id.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass

from graph.model import Dataset
from graph.topics import TOPICS, topic_label, topics_of
from graph.vocabulary import FAMILIES, IGNORED_STATUSES, KINDS, RELATION_TYPES, WORKING_GROUPS

SYMMETRIC_TYPES = tuple(code for code, t in RELATION_TYPES.items() if t.symmetric)
MAX_LISTED = 5          # items named in one reason before "et N autres"


@dataclass(frozen=True)
class Weights:
    kind: float = 3.0
    family: float = 1.0
    partner_kinds: float = 3.0
    partners: float = 2.0
    roles: float = 1.0
    themes: float = 1.0
    topics: float = 1.0


# kind … themes fixed before any evaluation; topics (added later) set to the themes' weight
# before the evaluation was rerun. See docs/similarity.md.
WEIGHTS = Weights()


def role_code(rel_type: str, outgoing: bool) -> str:
    """``FUNDS>`` for the funder, ``FUNDS<`` for the funded; symmetric types have no arrow."""
    if rel_type in SYMMETRIC_TYPES:
        return rel_type
    return f"{rel_type}{'>' if outgoing else '<'}"


# Each set is also a bit mask (one bit per vocabulary entry), so that counting an intersection
# is one AND and a popcount; Neo4jStore reads the same masks (written by the loader).
KIND_BITS = {code: 1 << i for i, code in enumerate(sorted(KINDS))}
ROLE_BITS = {code: 1 << i for i, code in enumerate(sorted(
    {role_code(t, d) for t in RELATION_TYPES for d in (True, False)}))}
THEME_BITS = {code: 1 << i for i, code in enumerate(sorted(WORKING_GROUPS))}
TOPIC_BITS = {code: 1 << i for i, code in enumerate(sorted(TOPICS))}


def mask(items, bits: dict[str, int]) -> int:
    return sum(bits[i] for i in set(items))


@dataclass(frozen=True)
class Profile:
    """What the score compares, for one actor."""

    id: str
    name: str
    kind: str
    family: str
    departement: str | None
    region_2008: str | None
    partners: frozenset[str]
    partner_kinds: frozenset[str]
    roles: frozenset[str]
    themes: frozenset[str]
    topics: frozenset[str]

    @property
    def masks(self) -> tuple[int, int, int, int]:
        """(partner kinds, roles, themes, topics) as bit masks."""
        return (mask(self.partner_kinds, KIND_BITS), mask(self.roles, ROLE_BITS),
                mask(self.themes, THEME_BITS), mask(self.topics, TOPIC_BITS))


@dataclass(frozen=True)
class Match:
    """One similar actor, with the shared features that explain its score."""

    id: str
    score: float
    same_kind: bool
    same_family: bool
    partner_kinds: tuple[str, ...]   # kind codes, sorted
    partners: tuple[str, ...]        # actor ids, sorted
    roles: tuple[str, ...]           # role codes, sorted
    themes: tuple[str, ...]          # working-group codes, sorted
    topics: tuple[str, ...]          # topic codes, sorted


def profiles(dataset: Dataset) -> dict[str, Profile]:
    partners: dict[str, set[str]] = defaultdict(set)
    roles: dict[str, set[str]] = defaultdict(set)
    for rel in dataset.relations:
        if rel.status in IGNORED_STATUSES or rel.source == rel.target:
            continue
        partners[rel.source].add(rel.target)
        partners[rel.target].add(rel.source)
        roles[rel.source].add(role_code(rel.type, True))
        roles[rel.target].add(role_code(rel.type, False))
    themes: dict[str, set[str]] = defaultdict(set)
    topics: dict[str, set[str]] = defaultdict(set)
    for section in dataset.sections.values():
        found = topics_of(section.summary) if section.is_experience else ()
        for aid in section.roles:
            if section.working_group:
                themes[aid].add(section.working_group)
            topics[aid].update(found)
    actors = dataset.actors
    return {aid: Profile(aid, a.name, a.kind, a.family, a.place.departement, a.place.region_2008,
                         frozenset(partners[aid]),
                         frozenset(actors[p].kind for p in partners[aid]),
                         frozenset(roles[aid]), frozenset(themes[aid]), frozenset(topics[aid]))
            for aid, a in actors.items()}


def same_territory(a_dep, a_region, b_dep, b_region) -> bool:
    """Same département when both have one; else same 2008 région when both have one (one
    contains the other); else both national."""
    if a_dep is not None and b_dep is not None:
        return a_dep == b_dep
    if a_region is not None and b_region is not None:
        return a_region == b_region
    return a_region is None and b_region is None


def jaccard(inter: int, size_a: int, size_b: int) -> float:
    union = size_a + size_b - inter
    return 0.0 if union == 0 else inter / union


def pair_score(weights: Weights, same_kind: bool, same_family: bool, counts) -> float:
    """``counts``: (inter, |a|, |b|) for partner kinds, partners, roles, themes, topics, in that
    order."""
    kinds, partners, roles, themes, topics = (jaccard(*c) for c in counts)
    return (weights.kind * int(same_kind) + weights.family * int(same_family and not same_kind)
            + weights.partner_kinds * kinds + weights.partners * partners
            + weights.roles * roles + weights.themes * themes + weights.topics * topics)


def check_options(k: int, kind: str | None, family: str | None) -> None:
    if k < 1:
        raise ValueError(f"k doit être au moins 1 (reçu {k})")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"type d'acteur inconnu : {kind!r}")
    if family is not None and family not in FAMILIES:
        raise ValueError(f"famille d'acteurs inconnue : {family!r}")


class SimilarityIndex:
    """Profiles plus the lookups that bound the candidates (built once per dataset)."""

    def __init__(self, dataset: Dataset):
        self.profiles = profiles(dataset)
        self.by_family: dict[str, list[str]] = defaultdict(list)
        self.by_kind: dict[str, list[str]] = defaultdict(list)
        # id -> (partner-kind, role, theme, topic masks, |kinds|, |partners|, |roles|, |themes|,
        # |topics|)
        self.features: dict[str, tuple[int, ...]] = {}
        for p in self.profiles.values():
            self.by_family[p.family].append(p.id)
            self.by_kind[p.kind].append(p.id)
            self.features[p.id] = (*p.masks, len(p.partner_kinds), len(p.partners), len(p.roles),
                                   len(p.themes), len(p.topics))

    def shared_partners(self, a: Profile) -> Counter:
        """For every actor sharing a partner with ``a``: how many partners they share."""
        return Counter(c for p in a.partners for c in self.profiles[p].partners if c != a.id)

    def candidates(self, a: Profile, kind: str | None, family: str | None,
                   shared: Counter) -> set[str]:
        if kind is not None:
            pool = set(self.by_kind[kind])
        elif family is not None:
            pool = set(self.by_family[family])
        else:
            pool = set(self.by_family[a.family])
        pool.update(shared)
        pool.discard(a.id)
        return {c for c in pool if (kind is None or self.profiles[c].kind == kind)
                and (family is None or self.profiles[c].family == family)}

    def score(self, a: Profile, b: Profile, shared: int, weights: Weights) -> float:
        """``compare(a, b).score``, from the masks (fast)."""
        ak, ar, at, ao, nak, nap, nar, nat, nao = self.features[a.id]
        bk, br, bt, bo, nbk, nbp, nbr, nbt, nbo = self.features[b.id]
        return pair_score(weights, a.kind == b.kind, a.family == b.family,
                          [((ak & bk).bit_count(), nak, nbk), (shared, nap, nbp),
                           ((ar & br).bit_count(), nar, nbr), ((at & bt).bit_count(), nat, nbt),
                           ((ao & bo).bit_count(), nao, nbo)])


def compare(a: Profile, b: Profile, weights: Weights = WEIGHTS) -> Match:
    same_kind, same_family = a.kind == b.kind, a.family == b.family
    shared = [a.partner_kinds & b.partner_kinds, a.partners & b.partners, a.roles & b.roles,
              a.themes & b.themes, a.topics & b.topics]
    sizes = [(len(a.partner_kinds), len(b.partner_kinds)), (len(a.partners), len(b.partners)),
             (len(a.roles), len(b.roles)), (len(a.themes), len(b.themes)),
             (len(a.topics), len(b.topics))]
    score = pair_score(weights, same_kind, same_family,
                       [(len(s), *n) for s, n in zip(shared, sizes)])
    return Match(b.id, score, same_kind, same_family, *(tuple(sorted(s)) for s in shared))


def similar_actors(index: SimilarityIndex, actor_id: str, k: int = 5,
                   other_territories: bool = False, kind: str | None = None,
                   family: str | None = None, weights: Weights = WEIGHTS) -> list[Match]:
    """The ``k`` actors most similar to ``actor_id`` (none when it is unknown)."""
    check_options(k, kind, family)
    a = index.profiles.get(actor_id)
    if a is None:
        return []
    shared = index.shared_partners(a)
    ranked = []
    for cid in index.candidates(a, kind, family, shared):
        b = index.profiles[cid]
        if other_territories and same_territory(a.departement, a.region_2008,
                                                b.departement, b.region_2008):
            continue
        score = index.score(a, b, shared.get(cid, 0), weights)
        if score > 0:
            ranked.append((-score, b.name, b.id))
    return [compare(a, index.profiles[cid], weights) for *_, cid in heapq.nsmallest(k, ranked)]


# --- reasons, in French -------------------------------------------------------------------------

SHORT_KIND_LABELS = {
    "CD": "Conseil Général", "REG": "Conseil Régional", "MUNI": "commune", "FT": "ANPE",
    "ML": "Mission Locale", "MDE": "MDE", "PLIE": "PLIE", "DEETS": "DDTEFP / DRTEFP",
    "RESEAU_NAT": "réseau national", "RESEAU_REG": "réseau régional", "PREF": "préfecture",
    "ETAT": "État", "FINANCEUR": "financeur", "PROGRAMME": "programme", "UE": "Union européenne",
    "ASSO": "association", "ENTREPRISE": "entreprise", "OF": "organisme de formation",
    "CCONS": "chambre consulaire", "ENSEMBLIER": "ensemblier", "CONSEIL": "cabinet de conseil",
    "PAYS": "pays", "SAP": "structure de services à la personne", "ESS": "structure de l'ESS",
    "AUTRE": "autre structure", "ETAT_LOCAL": "service de l'État", "ORG_PRO":
    "organisation professionnelle", "ETAB_PUBLIC": "établissement public", "BAILLEUR":
    "bailleur social", "UNIV": "université", "ASSEDIC": "Assédic", "CAP_EMPLOI": "Cap emploi",
}

ROLE_LABELS = {
    "MEMBER_OF>": "adhère à un réseau", "MEMBER_OF<": "a des adhérents",
    "PART_OF>": "fait partie d'un ensemble", "PART_OF<": "regroupe des structures",
    "PARTNER_OF": "partenariat", "FUNDS>": "finance", "FUNDS<": "est financé",
    "HOSTS>": "accueille d'autres structures", "HOSTS<": "est accueilli",
    "COORDINATES>": "coordonne", "COORDINATES<": "est coordonné",
    "SUPPORTS>": "accompagne", "SUPPORTS<": "est accompagné",
    "CREATED>": "a créé une structure", "CREATED<": "a été créé par un partenaire",
    "MANAGES>": "porte ou gère", "MANAGES<": "est porté ou géré",
    "CONTRACTS_WITH>": "passe commande", "CONTRACTS_WITH<": "reçoit des commandes ou marchés",
    "SITS_ON>": "siège dans des instances", "SITS_ON<": "accueille des partenaires dans ses instances",
    "PARTICIPATES_IN>": "participe à des démarches", "PARTICIPATES_IN<": "réunit des participants",
    "REFERS_TO>": "oriente des personnes", "REFERS_TO<": "reçoit des personnes orientées",
}


def short_kind_label(kind: str) -> str:
    return SHORT_KIND_LABELS.get(kind, kind)


def lower_first(label: str) -> str:
    """"Association intermédiaire" → "association intermédiaire"; acronyms stay."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def listing(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    rest = len(items) - MAX_LISTED
    return f"{shown} et {rest} autre{'s' if rest > 1 else ''}" if rest > 0 else shown


def reasons(kind: str, same_kind: bool, same_family: bool, partner_kinds, partner_names,
            roles, themes, topics=()) -> tuple[str, ...]:
    """Plain French reasons; ``kind`` is the candidate's, ``partner_names`` already sorted."""
    out = []
    if same_kind:
        out.append(f"même type : {lower_first(KINDS[kind].label)}")
    elif same_family:
        out.append(f"même famille : {FAMILIES[KINDS[kind].family].label}")
    if partner_kinds:
        labels = sorted({short_kind_label(k) for k in partner_kinds}, key=str.casefold)
        out.append(f"travaillent tous deux avec : {listing(labels)}")
    if partner_names:
        out.append(f"partenaires communs : {listing(list(partner_names))}")
    if roles:
        out.append(f"mêmes rôles : {listing([ROLE_LABELS[r] for r in sorted(roles)])}")
    if themes:
        labels = [WORKING_GROUPS[t].label for t in sorted(themes)]
        out.append(f"même thème : {listing(labels)}")
    if topics:
        out.append(f"sujets communs : {listing([topic_label(t) for t in sorted(topics)])}")
    return tuple(out)
