"""Peers for a project described in words (``vita peers``, the « Trouver des pairs » panel).

A developer who is not in the data describes what they do or plan (« ACI de maraîchage bio qui
veut travailler avec les bailleurs sociaux sur les clauses d'insertion, Sarthe »); vita returns
the actors and the experiences of the recueil whose text is closest (TF-IDF cosine, the same
French analysis as ``similar``: graph/text_index.py), each with its reasons in French and the
experience to read with its source lines.

Score, 0–100: ``100 × (4 × text + kind + place) / (4 + [kind asked] + [place asked])`` where
*text* is the cosine divided by the best cosine of the answer (the best text match has 1),
*kind* is 1 when the actor has a kind asked for (``--kind``, or a kind code written in the text,
« ACI »), *place* is 1 when it is in the territory (``--near``, or a département or région named
in the text). With ``other_territories`` the actors and experiences of that territory are left
out instead. Only actors and experiences sharing words with the description are listed.

Pure: a ``PeerIndex`` and a text in, plain data out; both stores call it on the same index.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from graph.errors import InputError, NotFound
from graph.peer_index import PeerIndex
from graph.search import normalise
from graph.similarity import level, lower_first, top_rows
from graph.vocabulary import KINDS

TEXT_WEIGHT = 4.0
MAX_DESCRIPTION = 5000      # characters: a description, not a document
GEOGRAPHY = Path(__file__).resolve().parent.parent / "data" / "geography"
KIND_CODE = re.compile(r"\b[A-Z][A-Z_]{1,11}\b")


@dataclass(frozen=True)
class Place:
    level: str      # "departement", "region_2008" or "region"
    code: str
    label: str      # « Sarthe (72) », « Pays de la Loire »
    departements: frozenset[str]   # the département codes it covers


@dataclass(frozen=True)
class PeerExperience:
    id: str
    title: str
    working_group: str | None
    first_line: int
    last_line: int
    score: float                 # 0–100
    level: str
    terms: tuple[str, ...]       # the words of the description that weigh most in the match
    reasons: tuple[str, ...]
    actors: tuple[str, ...]      # the actor ids it names


@dataclass(frozen=True)
class PeerActor:
    id: str
    name: str
    kind: str
    departement: str | None
    departement_name: str | None
    region_2008_name: str | None
    score: float
    level: str
    terms: tuple[str, ...]
    reasons: tuple[str, ...]
    experience: PeerExperience | None   # the experience naming it closest to the description


@dataclass(frozen=True)
class Peers:
    description: str
    kinds: tuple[str, ...]       # asked for or read in the text
    place: Place | None          # given with --near or read in the text
    other_territories: bool
    actors: tuple[PeerActor, ...]
    experiences: tuple[PeerExperience, ...]


# --- territory ---------------------------------------------------------------------------------
@lru_cache(maxsize=4)
def official_places(folder: Path = GEOGRAPHY) -> dict[str, Place]:
    """Normalised names and codes of every département and région (2008 and today's) → Place,
    from the official geography shipped in data/geography."""
    def rows(name):
        with open(folder / name, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    deps = rows("departements.csv")
    out: dict[str, Place] = {}
    for r in rows("regions.csv"):
        covered = frozenset(d["code"] for d in deps if d["region"] == r["code"])
        out[normalise(r["name"])] = Place("region", r["code"], r["name"], covered)
    for r in rows("regions_2008.csv"):   # the 2008 région wins a shared name
        out[normalise(r["name"])] = Place("region_2008", r["code"], r["name"],
                                          frozenset(r["departements"].split()))
    for d in deps:
        place = Place("departement", d["code"], f"{d['name']} ({d['code']})",
                      frozenset([d["code"]]))
        out[normalise(d["name"])] = out[d["code"].lower()] = place
    return out


def resolve_place(text: str) -> Place:
    """A département (number or name) or a région (2008 or today's) named by ``text``."""
    places = official_places()
    found = places.get(normalise(text)) or places.get(text.strip().lower())
    if found is None:
        raise NotFound(f"territoire inconnu : « {text} » (un département, son numéro, ou une "
                       "région)")
    return found


def place_in_text(text: str) -> Place | None:
    """The longest département or région name written in the description, if any."""
    padded = f" {normalise(text)} "
    places = official_places()
    names = [n for n in places if not n[:1].isdigit() and len(n) > 2 and f" {n} " in padded]
    return places[max(names, key=lambda n: (len(n), n))] if names else None


def in_place(index: PeerIndex, place: Place) -> np.ndarray:
    """Actors located in ``place``: by département, or by région for regional bodies."""
    inside = np.isin(index.departements, list(place.departements))
    if place.level != "departement":
        codes = np.array([a.get(place.level) or "" for a in index.actors.values()], dtype=object)
        inside |= (index.departements == "") & (codes == place.code)
    return inside


def experience_in_place(index: PeerIndex, sid: str, place: Place) -> bool:
    return bool(set(index.sections[sid].get("departements") or ()) & place.departements)


def kinds_in_text(text: str) -> tuple[str, ...]:
    """Kind codes written in capitals in the description (« ACI », « PLIE »)."""
    return tuple(sorted({c for c in KIND_CODE.findall(text) if c in KINDS}))


# --- ranking -----------------------------------------------------------------------------------
def relative(cosines: np.ndarray) -> np.ndarray:
    best = float(cosines.max()) if len(cosines) else 0.0
    return cosines / best if best > 0 else cosines


def peer_score(text: np.ndarray, kind: np.ndarray | None, place: np.ndarray | None) -> np.ndarray:
    total, weight = TEXT_WEIGHT * text, TEXT_WEIGHT
    for part in (kind, place):
        if part is not None:
            total, weight = total + part.astype(float), weight + 1.0
    return 100.0 * total / weight


def rank_experiences(index: PeerIndex, query, place: Place | None, other: bool,
                     strict_kind: str | None):
    """For every experience: its cosine, its score, whether it is kept, whether it is in the
    place (None without a place)."""
    cos = index.experience_text.cosines(query)
    ids = index.experiences
    here = (np.array([experience_in_place(index, s, place) for s in ids], dtype=bool)
            if place else None)
    keep = cos > 0
    if strict_kind:
        keep &= np.array([any(index.actors[a]["kind"] == strict_kind
                              for a in index.sections[s]["actors"]) for s in ids], dtype=bool)
    if here is not None and other:
        keep &= ~here
    scores = peer_score(relative(cos), None, None if other else here)
    return cos, scores, keep, here


def experience_row(index: PeerIndex, query, sid: str, score: float, here: bool,
                   place: Place | None, other: bool) -> PeerExperience:
    s = index.sections[sid]
    terms = index.experience_text.common_terms(query, index.experience_text.row(sid))
    reasons = [f"termes communs : {', '.join(terms)}"] if terms else []
    if place and here and not other:
        reasons.append(f"même territoire : {place.label}")
    reasons.append(f"à lire : « {s['title']} », lignes {s['first_line']}–{s['last_line']}")
    rounded = round(float(score), 1)
    return PeerExperience(sid, s["title"], s["working_group"], s["first_line"], s["last_line"],
                          rounded, level(rounded), terms, tuple(reasons), tuple(s["actors"]))


def find_peers(index: PeerIndex, description: str, k: int = 5, kind: str | None = None,
               near: str | None = None, other_territories: bool = False) -> Peers:
    """The ``k`` closest actors and the ``k`` closest experiences to ``description``."""
    description = (description or "").strip()
    if not description:
        raise InputError("décrivez votre projet en quelques mots")
    if len(description) > MAX_DESCRIPTION:
        raise InputError(f"description trop longue ({len(description)} caractères, "
                         f"{MAX_DESCRIPTION} au plus)")
    if k < 1:
        raise InputError(f"k doit être au moins 1 (reçu {k})")
    if kind is not None and kind not in KINDS:
        raise InputError(f"type d'acteur inconnu : {kind!r}")
    place = resolve_place(near) if near else place_in_text(description)
    if other_territories and place is None:
        raise InputError("--other-territories : aucun territoire reconnu dans la description ; "
                         "indiquez-le avec --near")
    kinds = (kind,) if kind else kinds_in_text(description)
    query = index.text.vector(description)
    exp_query = index.experience_text.vector(description)
    exp_cos, exp_scores, exp_keep, exp_here = rank_experiences(
        index, exp_query, place, other_territories, kind)
    experiences = [experience_row(index, exp_query, index.experiences[r], exp_scores[r],
                                  bool(exp_here[r]) if exp_here is not None else False, place,
                                  other_territories)
                   for r in top_rows(exp_scores, exp_keep, index.experiences, index.experiences,
                                     k)]
    actors = rank_actors(index, query, exp_query, exp_cos, k, kinds, kind, place,
                         other_territories)
    return Peers(description, kinds, place, other_territories, tuple(actors), tuple(experiences))


def rank_actors(index: PeerIndex, query, exp_query, exp_cos, k: int, kinds: tuple[str, ...],
                strict_kind: str | None, place: Place | None, other: bool) -> list[PeerActor]:
    text = relative(index.text.cosines(query))
    kind_part = np.isin(index.kinds, list(kinds)) if kinds else None
    here = in_place(index, place) if place else None
    keep = text > 0
    if strict_kind:
        keep &= index.kinds == strict_kind
    if here is not None and other:
        keep &= ~here
    scores = peer_score(text, kind_part, None if other else here)
    exp_scores = peer_score(relative(exp_cos), None, None)
    out = []
    for r in top_rows(scores, keep, index.names, index.ids, k):
        a = index.actors[index.ids[r]]
        terms = index.text.common_terms(query, index.text.row(a["id"]))
        parts = [(TEXT_WEIGHT * float(text[r]), f"termes communs : {', '.join(terms)}")] \
            if terms else []
        if kind_part is not None and kind_part[r]:
            parts.append((1.0, f"même type : {lower_first(KINDS[a['kind']].label)}"))
        if here is not None and here[r] and not other:
            parts.append((1.0, f"même territoire : {place.label}"))
        experience = experience_to_read(index, a, exp_query, exp_cos, exp_scores, other)
        rounded = round(float(scores[r]), 1)
        out.append(PeerActor(a["id"], a["name"], a["kind"], a.get("departement"),
                             a.get("departement_name"), a.get("region_2008_name"), rounded,
                             level(rounded), terms,
                             tuple(t for _, t in sorted(parts, key=lambda p: -p[0])), experience))
    return out


def experience_to_read(index: PeerIndex, actor: dict, exp_query, exp_cos, exp_scores,
                       other: bool) -> PeerExperience | None:
    """Of the experiences naming ``actor``, the closest to the description (then by id)."""
    rows = {sid: i for i, sid in enumerate(index.experiences)}
    naming = [(-float(exp_cos[rows[s]]), s) for s in actor["sections"] if s in rows]
    if not naming:
        return None
    sid = min(naming)[1]
    return experience_row(index, exp_query, sid, exp_scores[rows[sid]], False, None, other)
