"""Similar actors: whom a territorial developer elsewhere should talk to, and why.

Pure functions over a ``PeerIndex`` (graph/peer_index.py), which both stores build from the same
records: ``MemoryStore`` and ``Neo4jStore`` call ``similar_actors`` and give identical answers.

Signals, each in [0, 1] and each one a person can check on the actors' cards:

- **kind** — same kind (1), or else same family (``WEIGHTS.family / WEIGHTS.kind``);
- **partner kinds, partners, roles, themes, topics** — rarity-weighted Jaccard indices
  (Adamic–Adar weights: a partner, kind or role that few actors have counts more);
- **text** — cosine of the TF-IDF vectors of what the recueil says about each actor
  (graph/text_index.py).

``score = 100 × Σ weight × signal / Σ weight`` (family shares the kind's place in the sum), a
number from 0 to 100 read as « très proche », « proche » or « voisin » (``level``). Candidates
are every actor passing the options with a score above zero; results are ordered by decreasing
score, then name, then id. Reasons come in the order of their part of the score; an item held by
a fifth of the actors or more (« Projet VITA », « partenariat ») is generic and never named, and
a reason left with only generic items is dropped when another reason exists.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from graph.peer_index import PeerIndex, SET_SIGNALS, role_code  # noqa: F401  (role_code re-exported)
from graph.store import ActorRow, SimilarActor
from graph.model import display_name
from graph.topics import topic_label
from graph.vocabulary import FAMILIES, KINDS, WORKING_GROUPS

MAX_LISTED = 5          # items named in one reason before "et N autres"
LEVELS = ((50.0, "très proche"), (30.0, "proche"), (0.0, "voisin"))


@dataclass(frozen=True)
class Weights:
    kind: float = 3.0
    family: float = 1.0          # instead of kind, when only the family is the same
    partner_kinds: float = 0.0
    partners: float = 1.0
    roles: float = 1.0
    themes: float = 1.0
    topics: float = 0.0
    text: float = 3.0

    @property
    def total(self) -> float:
        total = sum(getattr(self, f.name) for f in fields(self) if f.name != "family")
        if total <= 0:
            raise ValueError("the weights must not all be zero")
        return total


# Tuned on the dev half of the judgement set only (tools/tune_similarity.py: best MRR of 162
# settings); the a-priori weights were partner_kinds 2, partners 2, topics 1. A signal weighing
# 0 gives no reason. See docs/similarity.md.
WEIGHTS = Weights()


def level(score: float) -> str:
    """« très proche » from 50, « proche » from 30, else « voisin »."""
    return next(label for floor, label in LEVELS if score >= floor)


@dataclass(frozen=True)
class Match:
    """One similar actor: its score, each signal's part of it, and what they share."""

    id: str
    score: float                      # 0–100
    parts: dict[str, float]           # signal -> points of the score
    same_kind: bool
    same_family: bool
    shared: dict[str, tuple[str, ...]]   # set signal -> shared items, rarest first
    terms: tuple[str, ...]            # the words that weigh most in the text match


def check_options(k: int, kind: str | None, family: str | None) -> None:
    if k < 1:
        raise ValueError(f"k doit être au moins 1 (reçu {k})")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"type d'acteur inconnu : {kind!r}")
    if family is not None and family not in FAMILIES:
        raise ValueError(f"famille d'acteurs inconnue : {family!r}")


def same_territory(a_dep, a_region, b_dep, b_region) -> bool:
    """Same département when both have one; else same 2008 région when both have one (one
    contains the other); else both national (PeerIndex.same_territory, for one pair)."""
    if a_dep is not None and b_dep is not None:
        return a_dep == b_dep
    if a_region is not None and b_region is not None:
        return a_region == b_region
    return a_region is None and b_region is None


def signal_vectors(index: PeerIndex, row: int) -> dict[str, np.ndarray]:
    """Every signal of actor ``row`` against every actor, each in [0, 1]."""
    same_kind = index.kinds == index.kinds[row]
    out = {"kind": same_kind.astype(float),
           "family": ((index.families == index.families[row]) & ~same_kind).astype(float)}
    for signal in SET_SIGNALS:
        out[signal] = index.signals[signal].jaccard(row)
    out["text"] = index.text_cosines(row)
    return out


def score_vector(vectors: dict[str, np.ndarray], weights: Weights) -> np.ndarray:
    """0–100, summed in a fixed order (the same floats on every store)."""
    total = np.zeros_like(vectors["kind"])
    for name in ("kind", "family", *SET_SIGNALS, "text"):
        total = total + getattr(weights, name) * vectors[name]
    return total * (100.0 / weights.total)


def top_rows(scores: np.ndarray, keep: np.ndarray, names: list[str], ids: list[str],
             k: int) -> list[int]:
    """The ``k`` best rows among ``keep`` with a score above zero, by (-score, name, id)."""
    rows = np.flatnonzero(keep & (scores > 0))
    if len(rows) > k:
        floor = np.partition(scores[rows], -k)[-k]
        rows = rows[scores[rows] >= floor]
    return sorted(rows.tolist(), key=lambda r: (-scores[r], names[r], ids[r]))[:k]


def similar_actors(index: PeerIndex, actor_id: str, k: int = 5, other_territories: bool = False,
                   kind: str | None = None, family: str | None = None,
                   weights: Weights = WEIGHTS) -> list[Match]:
    """The ``k`` actors most similar to ``actor_id`` (none when it is unknown)."""
    check_options(k, kind, family)
    row = index.row.get(actor_id)
    if row is None:
        return []
    vectors = signal_vectors(index, row)
    scores = score_vector(vectors, weights)
    keep = np.ones(len(index.ids), dtype=bool)
    keep[row] = False
    if kind is not None:
        keep &= index.kinds == kind
    if family is not None:
        keep &= index.families == family
    if other_territories:
        keep &= ~index.same_territory(row)
    return [explain(index, row, r, vectors, scores[r], weights)
            for r in top_rows(scores, keep, index.names, index.ids, k)]


def explain(index: PeerIndex, a: int, b: int, vectors, score: float, weights: Weights) -> Match:
    scale = 100.0 / weights.total
    parts = {name: getattr(weights, name) * float(vectors[name][b]) * scale
             for name in ("kind", "family", *SET_SIGNALS, "text")}
    shared = {s: tuple(index.signals[s].shared(a, b)) for s in SET_SIGNALS}
    terms = index.text.common_terms(index.text.row(index.ids[a]), index.text.row(index.ids[b]))
    return Match(index.ids[b], float(score), parts, bool(vectors["kind"][b]),
                 bool(vectors["kind"][b] or vectors["family"][b]), shared, terms)


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


def item_label(index: PeerIndex, signal: str, item: str) -> str:
    if signal == "partner_kinds":
        return short_kind_label(item)
    if signal == "partners":
        actor = index.actors[item]
        return display_name(actor["name"], actor["acronym"])
    if signal == "roles":
        return ROLE_LABELS[item]
    if signal == "themes":
        return WORKING_GROUPS[item].label
    return topic_label(item)


REASON_PREFIXES = {"partner_kinds": "travaillent tous deux avec", "partners": "partenaires communs",
                   "roles": "mêmes rôles", "themes": "même thème", "topics": "sujets communs"}


def reasons(index: PeerIndex, kind: str, m: Match) -> tuple[str, ...]:
    """Plain French reasons, by decreasing part of the score; ``kind`` is the candidate's."""
    found = []   # (points, generic, text)
    if m.same_kind and m.parts["kind"] > 0:
        found.append((m.parts["kind"], False, f"même type : {lower_first(KINDS[kind].label)}"))
    elif m.same_family and m.parts["family"] > 0:
        found.append((m.parts["family"], False,
                      f"même famille : {FAMILIES[KINDS[kind].family].label}"))
    for signal in SET_SIGNALS:
        items = list(m.shared[signal])
        if not items or m.parts[signal] <= 0:
            continue
        rare = [i for i in items if not index.signals[signal].generic(i)]
        labels = [item_label(index, signal, i) for i in (rare or items)]
        found.append((m.parts[signal], not rare,
                      f"{REASON_PREFIXES[signal]} : {listing(labels)}"))
    if m.terms and m.parts["text"] > 0:
        found.append((m.parts["text"], False, f"termes communs : {', '.join(m.terms)}"))
    specific = any(not generic for _, generic, _ in found)
    ranked = sorted(enumerate(found), key=lambda t: (-t[1][0], t[0]))
    return tuple(text for _, (_, generic, text) in ranked if not (generic and specific))


def similar_row(index: PeerIndex, m: Match, row: ActorRow) -> SimilarActor:
    """The contract's row for match ``m`` (``row``: the matched actor's ActorRow)."""
    score = round(m.score, 1)
    return SimilarActor(row, score, reasons(index, row.kind, m), m.same_kind, m.same_family,
                        m.shared["partner_kinds"], m.shared["partners"], m.shared["roles"],
                        m.shared["themes"], m.shared["topics"], level(score), m.terms)
