"""The peer index: per-actor feature sets with rarity weights, and the TF-IDF texts.

Built once per dataset from ``PeerRecords`` (graph/peer_records.py), the same on both stores.
Every set signal (partners, partner kinds, roles, themes, topics) is a sparse actor × item
matrix; an item's **rarity weight** is ``1 / log(max(n, 2))`` where ``n`` is the number of
actors that have it — the weight of a shared neighbour in the Adamic–Adar index (networkx's
``adamic_adar_index``): for partners, ``n`` is the partner's own number of partners, so the
weight of the partners two actors share sums to exactly their Adamic–Adar index. A programme
named by 100 actors weighs 0.22; a local PLIE shared by two weighs 1.44.

The signal is a rarity-weighted Jaccard index, ``Σ w(shared) / Σ w(union)``, in [0, 1]: one
matrix-vector product gives it for every actor at once (a few ms for 20,000 actors).
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
from scipy import sparse

from graph.peer_records import PeerRecords
from graph.text_index import TextIndex, name_words
from graph.topics import topics_of
from graph.vocabulary import RELATION_TYPES

SET_SIGNALS = ("partner_kinds", "partners", "roles", "themes", "topics")
SYMMETRIC_TYPES = tuple(code for code, t in RELATION_TYPES.items() if t.symmetric)
# An item held by at least this share of the actors (with that signal) is generic: it still
# counts (little) in the score but is never named as a reason. Hubs are generic early (a partner
# of a tenth of the actors: « Projet VITA »), roles and partner kinds at a quarter (« partenariat »,
# « participe à des démarches », programmes), themes and topics only when most actors have them.
GENERIC_SHARE = {"partners": 0.1, "partner_kinds": 0.25, "roles": 0.25, "themes": 0.5,
                 "topics": 0.5}


def role_code(rel_type: str, outgoing: bool) -> str:
    """``FUNDS>`` for the funder, ``FUNDS<`` for the funded; symmetric types have no arrow."""
    if rel_type in SYMMETRIC_TYPES:
        return rel_type
    return f"{rel_type}{'>' if outgoing else '<'}"


def rarity_weight(holders: int) -> float:
    """Adamic–Adar weight of an item held by ``holders`` actors."""
    return 1.0 / math.log(max(holders, 2))


def feature_sets(records: PeerRecords) -> dict[str, dict[str, set[str]]]:
    """signal → actor id → items (actor ids, kind codes, role codes, group codes, topics)."""
    kind_of = {a["id"]: a["kind"] for a in records.actors}
    sets = {s: defaultdict(set) for s in SET_SIGNALS}
    for t in records.ties:
        sets["partners"][t["source"]].add(t["target"])
        sets["partners"][t["target"]].add(t["source"])
        sets["roles"][t["source"]].add(role_code(t["type"], True))
        sets["roles"][t["target"]].add(role_code(t["type"], False))
    for aid, partners in sets["partners"].items():
        sets["partner_kinds"][aid] = {kind_of[p] for p in partners}
    for s in records.sections:
        found = topics_of(s["summary"]) if s["is_experience"] else ()
        for aid in s["actors"]:
            if s["working_group"]:
                sets["themes"][aid].add(s["working_group"])
            sets["topics"][aid].update(found)
    return sets


class SetSignal:
    """One set signal as matrices: ``binary`` (actor × item) and ``weighted`` (× rarity)."""

    def __init__(self, ids: list[str], items_of: dict[str, set[str]], generic_share: float = 1.0):
        self.generic_share = generic_share
        self.items = sorted({i for items in items_of.values() for i in items})
        self.col = {item: c for c, item in enumerate(self.items)}
        holders = np.zeros(len(self.items), dtype=np.int64)
        rows, cols = [], []
        for r, aid in enumerate(ids):
            for item in items_of.get(aid, ()):
                rows.append(r)
                cols.append(self.col[item])
        np.add.at(holders, cols, 1)
        self.holders = holders
        self.weights = np.array([rarity_weight(n) for n in holders], dtype=np.float64)
        shape = (len(ids), len(self.items))
        self.binary = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
        self.weighted = sparse.csr_matrix((self.weights[cols] if cols else np.zeros(0),
                                           (rows, cols)), shape=shape)
        self.totals = np.asarray(self.weighted.sum(axis=1)).ravel()
        self.with_any = max(int((self.totals > 0).sum()), 1)

    def jaccard(self, row: int) -> np.ndarray:
        """Rarity-weighted Jaccard of actor ``row`` with every actor."""
        shared = np.asarray((self.binary @ self.weighted[row].T).todense()).ravel()
        union = self.totals + self.totals[row] - shared
        return np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)

    def shared(self, a: int, b: int) -> list[str]:
        """The items ``a`` and ``b`` share, rarest first (then by code)."""
        cols = set(self.binary[a].indices) & set(self.binary[b].indices)
        return [self.items[c] for c in sorted(cols, key=lambda c: (self.holders[c],
                                                                     self.items[c]))]

    def generic(self, item: str) -> bool:
        return self.holders[self.col[item]] >= self.generic_share * self.with_any


class PeerIndex:
    """Everything ``similar`` and ``peers`` compare, for one dataset."""

    def __init__(self, records: PeerRecords):
        actors = sorted(records.actors, key=lambda a: a["id"])
        self.ids = [a["id"] for a in actors]
        self.row = {aid: r for r, aid in enumerate(self.ids)}
        self.actors = {a["id"]: a for a in actors}
        self.sections = {s["id"]: s for s in sorted(records.sections, key=lambda s: s["id"])}
        self.experiences = [sid for sid, s in self.sections.items() if s["is_experience"]]
        self.kinds = np.array([a["kind"] for a in actors], dtype=object)
        self.families = np.array([a["family"] for a in actors], dtype=object)
        self.departements = np.array([a["departement"] or "" for a in actors], dtype=object)
        self.regions = np.array([a["region_2008"] or "" for a in actors], dtype=object)
        self.names = [a["name"] for a in actors]
        sets = feature_sets(records)
        self.signals = {s: SetSignal(self.ids, sets[s], GENERIC_SHARE[s]) for s in SET_SIGNALS}
        names = name_words((v for a in actors for v in (a["name"], a["acronym"])),
                           (v for a in actors for v in (
                               a.get("commune_name"), a.get("departement_name"),
                               a.get("region_2008_name"), a.get("region_name"))))
        self.text = TextIndex({a["id"]: a["text"] or "" for a in actors}, names)
        self.experience_text = TextIndex({sid: self.sections[sid]["text"] or ""
                                          for sid in self.experiences}, names)

    def text_cosines(self, row: int) -> np.ndarray:
        return self.text.cosines(self.text.matrix[row] if self.text.matrix is not None
                                 else None)

    def same_territory(self, row: int) -> np.ndarray:
        """Actors in ``row``'s territory: same département when both have one; else same 2008
        région when both have one (one contains the other); else both national."""
        dep, reg = self.departements[row], self.regions[row]
        both_dep = (self.departements != "") & (dep != "")
        both_reg = (self.regions != "") & (reg != "")
        return np.where(both_dep, self.departements == dep,
                        np.where(both_reg, self.regions == reg, (self.regions == "") & (reg == "")))
