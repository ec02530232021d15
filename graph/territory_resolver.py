"""A territory as people write it → a territory id (``dep:59``, ``commune:38185``…).

Accepted forms (accents, case and punctuation ignored):

- a territory id: ``dep:59``, ``region:84``, ``region2008:82``, ``commune:38185``,
  ``epci:200040715``, ``pays:pays-de-romans``, ``france``;
- a code: ``59`` or ``2A`` or ``974`` (a département: a bare two- or three-character code is
  always read as a département), ``38185`` (an INSEE commune code, else a postal code),
  ``200040715`` (an EPCI SIREN); a région by code needs its word: ``région 84``,
  ``région 2008 82``;
- a name: of a département, a région (today's or 2008's), a commune, an EPCI or a *pays*
  named by an experience; ``Saint-Denis (93)`` keeps only the candidates in département 93;
  a leading ``région``, ``région 2008``, ``département``, ``commune``, ``EPCI`` or
  ``intercommunalité`` keeps only that level.

A name shared by several territories raises ``AmbiguousTerritory``, whose message lists
them, except that: names that cover exactly the same départements (Bretagne today and in
2008, the région and the département of La Réunion) are one territory, the finer level kept;
a région or département wins over communes of the same name (« Bretagne » is the région, not
the village of the Indre; « Paris » the département); a current commune wins over a *commune
déléguée* of the same name in the same département.
Messages are in French: they are shown to users.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from graph.errors import InputError
from graph.geography import Geography
from graph.search import normalise
from graph.territory import FRANCE, LEVEL_LABELS, LEVELS

LEVEL_WORDS = {"france": "le pays entier", "region": "la région", "region2008": "la région (2008)",
               "dep": "le département", "epci": "l'intercommunalité", "commune": "la commune",
               "pays": "le pays"}
# level prefixes people write, longest first (normalised form)
PREFIXES = [("region 2008", ("region2008",)), ("intercommunalite", ("epci",)),
            ("departement", ("dep",)), ("commune", ("commune",)), ("region", ("region", "region2008")),
            ("epci", ("epci",)), ("dep", ("dep",))]
ARTICLES = ("de la ", "de l ", "du ", "des ", "de ", "d ")
EPCI_PREFIXES = ("communaute de communes ", "communaute d agglomeration ", "communaute urbaine ",
                 "cc ", "ca ", "cu ")
PREFERENCE = {"dep": 0, "region": 1, "region2008": 2}   # which of equal territories is kept
COMMUNE_TYPES = {"commune-deleguee": "commune déléguée", "commune-associee": "commune associée",
                 "arrondissement-municipal": "arrondissement municipal"}
MAX_LISTED = 12


class TerritoryError(InputError):
    """A territory that cannot be found; the message says why, in French."""


@dataclass(frozen=True)
class Candidate:
    id: str
    level: str
    name: str
    detail: str                    # code and département, for people to tell candidates apart
    departements: frozenset[str]   # the départements it covers (empty for a pays)
    kind: str = ""                 # commune type (commune-actuelle, commune-deleguee…)

    def describe(self) -> str:
        return f"{LEVEL_WORDS[self.level]} {self.name} ({self.detail}) → {self.id}"


class AmbiguousTerritory(TerritoryError):
    def __init__(self, text: str, candidates: list[Candidate]):
        self.text = text
        self.candidates = tuple(candidates)
        listed = "\n".join(f"  - {c.describe()}" for c in candidates[:MAX_LISTED])
        more = (f"\n  … et {len(candidates) - MAX_LISTED} autres" if len(candidates) > MAX_LISTED
                else "")
        super().__init__(
            f"« {text} » désigne plusieurs territoires ({len(candidates)}) :\n{listed}{more}\n"
            "Précisez-le : écrivez l'identifiant (par exemple « "
            f"{candidates[0].id} »), un code (INSEE, SIREN, département) ou le nom suivi du "
            "département entre parenthèses, comme « Saint-Denis (93) ».")


class TerritoryResolver:
    """Indexes the geography once; ``resolve`` is then a dictionary look-up."""

    def __init__(self, geography: Geography):
        self.geography = geography
        self.index: dict[str, list[Candidate]] = defaultdict(list)
        self._regions_deps = defaultdict(set)
        for code, row in geography.departements.items():
            self._regions_deps[row["region"]].add(code)
        self._index_regions_and_departements()
        self._index_communes()
        self._index_epci()

    # --- index ------------------------------------------------------------------------
    def _add(self, name: str, candidate: Candidate) -> None:
        key = normalise(name)
        if key and candidate not in self.index[key]:
            self.index[key].append(candidate)

    def _index_regions_and_departements(self) -> None:
        g = self.geography
        for code, row in g.regions.items():
            self._add(row["name"], Candidate(f"region:{code}", "region", row["name"],
                                             f"région {code}",
                                             frozenset(self._regions_deps[code])))
        for code, row in g.regions_2008.items():
            self._add(row["name"], Candidate(f"region2008:{code}", "region2008", row["name"],
                                             f"région 2008 {code}",
                                             frozenset(row["departements"].split())))
        for code, row in g.departements.items():
            self._add(row["name"], Candidate(f"dep:{code}", "dep", row["name"],
                                             f"département {code}", frozenset({code})))

    def _commune(self, code: str, row: dict) -> Candidate:
        dep = row["departement"]
        dep_name = self.geography.departements.get(dep, {}).get("name", dep)
        kind = row.get("type", "")
        note = f", {COMMUNE_TYPES[kind]}" if kind in COMMUNE_TYPES else ""
        return Candidate(f"commune:{code}", "commune", row["name"],
                         f"INSEE {code}, {dep_name} {dep}{note}", frozenset({dep}), kind)

    def _index_communes(self) -> None:
        for code, row in self.geography.communes.items():
            self._add(row["name"], self._commune(code, row))

    def _epci(self, siren: str, row: dict) -> Candidate:
        deps = {self.geography.communes[m]["departement"] for m in row["members"].split()
                if m in self.geography.communes}
        return Candidate(f"epci:{siren}", "epci", row["name"],
                         f"SIREN {siren}, {' '.join(sorted(deps))}", frozenset(deps))

    def _index_epci(self) -> None:
        for siren, row in self.geography.epci.items():
            candidate = self._epci(siren, row)
            self._add(row["name"], candidate)
            key = normalise(row["name"])
            for prefix in EPCI_PREFIXES:
                if key.startswith(prefix):
                    self._add(key[len(prefix):], candidate)

    # --- resolution -------------------------------------------------------------------
    def resolve(self, text: str, pays: Iterable = ()) -> str:
        """The territory id ``text`` names; ``pays`` are the known *pays* territories (rows or
        ``Territory`` objects with ``id``, ``level`` and ``name``), which the geography lacks."""
        raw = (text or "").strip()
        if not raw:
            raise TerritoryError("territoire vide : donnez un code, un nom ou un identifiant")
        pays_candidates = [Candidate(p.id, "pays", p.name, p.id, frozenset())
                           for p in pays if p.level == "pays"]
        as_id = self._territory_id(raw, pays_candidates)
        if as_id:
            return as_id
        body, dep_filter = _split_departement(raw)
        key = normalise(body)
        if key in ("france", "toute la france", "national"):
            return FRANCE
        levels, key = _split_prefix(key)
        by_code = self._by_code(key, levels)
        if by_code:
            level = by_code.partition(":")[0]
            if levels and level not in levels:
                raise TerritoryError(f"« {raw} » est un code de niveau « "
                                     f"{LEVEL_LABELS[level].lower()} », pas du niveau demandé")
            return by_code
        found = [c for c in self.index.get(key, []) + [p for p in pays_candidates
                                                       if normalise(p.name) == key]
                 if not levels or c.level in levels]
        inside = [c for c in found if not dep_filter or dep_filter in c.departements]
        if found and not inside:
            listed = "; ".join(c.describe() for c in sorted(found, key=_order)[:MAX_LISTED])
            raise TerritoryError(f"« {body.strip()} » n'est pas dans le département {dep_filter} "
                                 f"; ce nom désigne : {listed}")
        return self._one(raw, key, _collapse(inside))

    def _territory_id(self, raw: str, pays: list[Candidate]) -> str | None:
        level, sep, code = raw.partition(":")
        if not sep or level not in LEVELS:
            return None
        g = self.geography
        tables = {"region": g.regions, "region2008": g.regions_2008, "dep": g.departements,
                  "epci": g.epci, "commune": g.communes}
        known = code in tables[level] if level in tables else \
            any(p.id == raw for p in pays) if level == "pays" else code == ""
        if not known:
            raise TerritoryError(f"territoire inconnu « {raw} » : le code « {code} » n'existe "
                                 f"pas au niveau « {LEVEL_LABELS[level].lower()} »")
        return raw if level != FRANCE else FRANCE

    def _by_code(self, key: str, levels: tuple[str, ...]) -> str | None:
        code = key.replace(" ", "").upper()
        g = self.geography
        if levels and set(levels) <= {"region", "region2008"} and re.fullmatch(r"\d{2,3}", code):
            level = "region2008" if levels == ("region2008",) else "region"
            table = g.regions_2008 if level == "region2008" else g.regions
            if code not in table:
                raise TerritoryError(f"aucune région{' (2008)' if level == 'region2008' else ''} "
                                     f"de code « {code} »")
            return f"{level}:{code}"
        if re.fullmatch(r"\d{2}|2[AB]|97\d", code):
            if code not in g.departements:
                raise TerritoryError(f"aucun département de code « {code} »")
            return f"dep:{code}"
        if re.fullmatch(r"\d{5}|2[AB]\d{3}", code):
            return self._commune_code(code)
        if re.fullmatch(r"\d{9}", code):
            if code not in g.epci:
                raise TerritoryError(f"aucune intercommunalité (EPCI) de SIREN « {code} »")
            return f"epci:{code}"
        return None

    def _commune_code(self, code: str) -> str:
        g = self.geography
        if code in g.communes:
            return f"commune:{code}"
        by_postal = [self._commune(c, row) for c, row in g.communes.items()
                     if row.get("type") == "commune-actuelle"
                     and code in (row.get("postal_codes") or "").split()]
        if not by_postal:
            raise TerritoryError(f"« {code} » n'est ni un code INSEE de commune ni un code postal "
                                 "connu")
        return self._one(code, code, by_postal)

    def _one(self, raw: str, key: str, found: list[Candidate]) -> str:
        if len(found) == 1:
            return found[0].id
        if found:
            raise AmbiguousTerritory(raw, sorted(found, key=_order))
        close = difflib.get_close_matches(key, list(self.index), n=4, cutoff=0.85) if key else []
        hint = (" ; vouliez-vous dire : " + ", ".join(
            f"« {self.index[k][0].name} »" for k in close) + " ?") if close else ""
        raise TerritoryError(f"territoire inconnu « {raw} » : ni un code, ni le nom d'une "
                             f"région, d'un département, d'une commune, d'une intercommunalité "
                             f"ou d'un pays{hint}")


def _order(c: Candidate) -> tuple:
    return (LEVELS.index(c.level), c.name, c.id)


def _split_departement(raw: str) -> tuple[str, str | None]:
    """``Saint-Denis (93)`` → ("Saint-Denis", "93")."""
    match = re.fullmatch(r"(.+?)\s*\(\s*(\d{2,3}|2[abAB])\s*\)", raw)
    return (match.group(1), match.group(2).upper()) if match else (raw, None)


def _split_prefix(key: str) -> tuple[tuple[str, ...], str]:
    for prefix, levels in PREFIXES:
        if key.startswith(prefix + " "):
            rest = key[len(prefix) + 1:]
            for article in ARTICLES:
                if rest.startswith(article) and len(rest) > len(article):
                    rest = rest[len(article):]
                    break
            return levels, rest
    return (), key


def _collapse(found: list[Candidate]) -> list[Candidate]:
    """One candidate per département set among départements and régions (the finer level kept);
    the current commune over a *commune déléguée* of the same name in the same département; and
    a région or département over communes of the same name (« Bretagne », « Paris »)."""
    kept, seen_areas = [], {}
    for c in sorted(found, key=lambda c: (PREFERENCE.get(c.level, 9), c.id)):
        if c.level in PREFERENCE:
            if c.departements in seen_areas:
                continue
            seen_areas[c.departements] = c
        kept.append(c)
    current = {(c.departements, c.name) for c in kept
               if c.level == "commune" and c.kind == "commune-actuelle"}
    kept = [c for c in kept if not (c.level == "commune" and c.kind != "commune-actuelle"
                                    and (c.departements, c.name) in current)]
    if any(c.level in PREFERENCE for c in kept) and \
            all(c.level in PREFERENCE or c.level == "commune" for c in kept):
        kept = [c for c in kept if c.level in PREFERENCE]   # Bretagne the région, not the village
    return kept


_RESOLVERS: dict[int, TerritoryResolver] = {}


def resolver_for(geography: Geography) -> TerritoryResolver:
    """One resolver per geography object (geographies are themselves cached per folder)."""
    key = id(geography)
    if key not in _RESOLVERS or _RESOLVERS[key].geography is not geography:
        _RESOLVERS[key] = TerritoryResolver(geography)
    return _RESOLVERS[key]


def resolve_territory(text: str, geography: Geography, pays: Iterable = ()) -> str:
    """The territory id for ``text`` (see the module doc); ``TerritoryError`` otherwise."""
    return resolver_for(geography).resolve(text, pays)
