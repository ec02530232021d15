"""Checking each row of the import tables and turning it into a draft actor or tie.

Columns of « acteurs »: ``nom`` and ``type`` (required), ``identifiant``, ``sigle``,
``autres_noms``, ``commune``, ``departement``, ``region``, ``adresse``, ``telephone``,
``courriel``, ``site_web``, ``description``. Columns of « relations »: ``acteur_source``,
``type``, ``acteur_cible``, ``source`` (required), ``statut``, ``note``. Headers are read with
accents, case and spaces ignored (« Autres noms » is ``autres_noms``). Codes or French labels
are accepted for kinds, relation types and statuses.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from graph.geography import Geography, Place
from graph.search import normalise
from graph.text import hidden_characters
from graph.territory_resolver import TerritoryError, resolver_for
from graph.vocabulary import KINDS, RELATION_TYPES, STATUSES
from loaders.dataset import Issue
from loaders.imports.reading import Table, issue

SUGGESTION_CUTOFF = 0.6     # difflib ratio: « aic » → « aci » (0.67), « ZZZ » → nothing

ACTOR_COLUMNS = ("identifiant", "nom", "sigle", "autres_noms", "type", "commune", "departement",
                 "region", "adresse", "telephone", "courriel", "site_web", "description")
ACTOR_REQUIRED = ("nom", "type")
RELATION_COLUMNS = ("acteur_source", "type", "acteur_cible", "statut", "source", "note")
RELATION_REQUIRED = ("acteur_source", "type", "acteur_cible", "source")
COLUMNS = {"acteurs": (ACTOR_COLUMNS, ACTOR_REQUIRED),
           "relations": (RELATION_COLUMNS, RELATION_REQUIRED)}
LIST_SPLIT = re.compile(r"\s*[|;]\s*")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
LIMITS = {"nom": 200, "sigle": 40, "identifiant": 80, "adresse": 300, "telephone": 60,
          "courriel": 200, "site_web": 300, "description": 2000, "source": 500, "note": 1000,
          "autres_noms": 1000}


@dataclass
class ActorDraft:
    row: int
    ref: str                      # identifiant as written ("" when none)
    name: str
    acronym: str | None
    aliases: tuple[str, ...]
    kind: str
    place: Place
    location: dict                # commune / departement / region_2008 codes given (one level)
    contact: dict = field(default_factory=dict)
    description: str | None = None


@dataclass
class TieDraft:
    row: int
    source: str                   # actor references as written
    type: str
    target: str
    status: str
    reference: str                # where the tie is stated (the « source » column)
    note: str | None = None


def check_header(table: Table) -> list[Issue]:
    allowed, required = COLUMNS[table.sheet]
    issues, seen = [], {}
    for index, (key, raw) in enumerate(zip(table.header, table.raw_header), start=1):
        if not key:
            continue      # a column without a name must be empty (checked when reading)
        if key in seen:
            issues.append(issue(table.file, table.sheet, 1, raw, f"colonne en double (déjà en "
                                                                 f"position {seen[key]})"))
        seen[key] = index
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"vouliez-vous dire « {close[0]} » ? " if close else ""
            issues.append(issue(table.file, table.sheet, 1, raw, f"colonne inconnue ; {hint}"
                                f"colonnes possibles : {', '.join(allowed)}"))
    for key in required:
        if key not in seen:
            issues.append(issue(table.file, table.sheet, 1, key, "colonne obligatoire manquante"))
    return issues


def _choices(table: dict, labels) -> dict[str, str]:
    """normalised code or label → code."""
    out = {normalise(code): code for code in table}
    out.update({normalise(label): code for code, label in labels})
    return out


KIND_CHOICES = _choices(KINDS, ((k.code, k.label) for k in KINDS.values()))
TYPE_CHOICES = _choices(RELATION_TYPES, ((t.code, t.label) for t in RELATION_TYPES.values()))
STATUS_CHOICES = _choices(STATUSES, STATUSES.items())


def vocabulary_code(value: str, choices: dict[str, str], what: str) -> str:
    """The code a cell names; ``ValueError`` (French) with the closest code otherwise."""
    key = normalise(value)
    if key in choices:
        return choices[key]
    # a suggestion only when it is close: « ZZZ » suggests nothing (it used to say « UNIV »)
    close = difflib.get_close_matches(key, list(choices), n=1, cutoff=SUGGESTION_CUTOFF)
    hint = f" ; code le plus proche : « {choices[close[0]]} »" if close else ""
    raise ValueError(f"{what} inconnu « {value} »{hint}")


class RowProblems:
    """Collects the problems of one row; ``cell`` reads a cell, checking its length and
    refusing hidden characters (``graph.text.hidden_characters``)."""

    def __init__(self, table: Table, number: int, cells: dict[str, str]):
        self.table, self.number, self.cells, self.issues = table, number, cells, []

    def add(self, column: str, message: str) -> None:
        self.issues.append(issue(self.table.file, self.table.sheet, self.number, column, message))

    def cell(self, column: str, required: bool = False) -> str:
        raw = self.cells.get(column, "")
        hidden = hidden_characters(raw)
        if hidden:
            listed = ", ".join(f"{name} en position {pos}" for pos, name in hidden[:3])
            self.add(column, f"caractère invisible ou de contrôle refusé : {listed}"
                     + (f" (et {len(hidden) - 3} autres)" if len(hidden) > 3 else ""))
            return ""
        value = " ".join(raw.split()) if column != "description" else raw.strip()
        if required and not value:
            self.add(column, "valeur obligatoire manquante")
        if len(value) > LIMITS.get(column, 200):
            self.add(column, f"trop long ({len(value)} caractères, au plus {LIMITS[column]})")
        return value

    def code(self, column: str, choices: dict[str, str], what: str, default: str | None = None):
        value = self.cell(column, required=default is None)
        if not value:
            return default
        try:
            return vocabulary_code(value, choices, what)
        except ValueError as exc:
            self.add(column, str(exc))
            return None


LOCATION_QUERIES = {"departement": ("département {}", "un département (code ou nom)"),
                    "region": ("région 2008 {}", "une région de 2008 (code ou nom, par exemple "
                                                 "« 82 » ou « Rhône-Alpes »)"),
                    "commune": ("commune {}", "une commune (code INSEE ou nom)")}


def _territory_code(p: RowProblems, column: str, value: str, geography: Geography,
                    suffix: str = "") -> str | None:
    query, expected = LOCATION_QUERIES[column]
    if value.isdigit():
        value = value.zfill(5 if column == "commune" else 2)
    try:
        return resolver_for(geography).resolve(query.format(value) + suffix).partition(":")[2]
    except TerritoryError as exc:
        p.add(column, f"{exc} — attendu : {expected}")
        return None


def _location(p: RowProblems, geography: Geography) -> tuple[Place | None, dict]:
    """The place a row gives (commune, else département, else 2008 région), checked."""
    given = {c: p.cell(c) for c in ("commune", "departement", "region")}
    codes = {}
    for column in ("departement", "region"):
        if given[column]:
            codes[column] = _territory_code(p, column, given[column], geography)
    if given["commune"]:
        suffix = f" ({codes['departement']})" if codes.get("departement") else ""
        codes["commune"] = _territory_code(p, "commune", given["commune"], geography, suffix)
    if None in codes.values():
        return None, {}
    try:
        place = geography.resolve(codes.get("commune"), codes.get("departement"),
                                  codes.get("region"))
    except (KeyError, ValueError) as exc:
        p.add("region" if given["region"] else "departement", f"lieux incohérents : {exc}")
        return None, {}
    for column, level in (("commune", "commune"), ("departement", "departement"),
                          ("region", "region_2008")):
        if codes.get(column):
            return place, {level: codes[column]}
    return place, {}


def actor_draft(table: Table, number: int, cells: dict[str, str],
                geography: Geography) -> tuple[ActorDraft | None, list[Issue]]:
    p = RowProblems(table, number, cells)
    name = p.cell("nom", required=True)
    if name and not re.search(r"\w", name):
        p.add("nom", "nom sans lettre ni chiffre")
    kind = p.code("type", KIND_CHOICES, "type de structure")
    aliases = tuple(a for a in LIST_SPLIT.split(p.cell("autres_noms")) if a)
    email = p.cell("courriel")
    if email and not EMAIL.match(email):
        p.add("courriel", f"adresse électronique invalide « {email} »")
    contact = {k: v for k, v in (("address", p.cell("adresse")), ("phone", p.cell("telephone")),
                                 ("email", email), ("website", p.cell("site_web"))) if v}
    ref, acronym, description = p.cell("identifiant"), p.cell("sigle"), p.cell("description")
    place, location = _location(p, geography)
    if p.issues:
        return None, p.issues
    return ActorDraft(number, ref, name, acronym or None, aliases, kind, place, location, contact,
                      description or None), []


def tie_draft(table: Table, number: int, cells: dict[str, str]) -> tuple[TieDraft | None, list[Issue]]:
    p = RowProblems(table, number, cells)
    source, target = p.cell("acteur_source", True), p.cell("acteur_cible", True)
    kind = p.code("type", TYPE_CHOICES, "type de relation")
    status = p.code("statut", STATUS_CHOICES, "statut", default="actual")
    reference = p.cell("source", required=True)
    if reference and len(reference) < 3:
        p.add("source", "source trop courte : dites où ce lien est établi (document, date, "
                        "personne)")
    note = p.cell("note")
    if source and target and normalise(source) == normalise(target):
        p.add("acteur_cible", "un acteur ne peut pas être relié à lui-même")
    if p.issues:
        return None, p.issues
    return TieDraft(number, source, kind, target, status, reference, note or None), []
