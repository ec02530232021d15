"""Store results → spreadsheet rows with French headers (pure functions).

Three tables: the partners of an actor (one row per partner), the actors of a territory (one
row per actor) and the relations among them. List values are joined with `` | ``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from graph.sources import citation, source_reference
from graph.store import ActorDetail, ActorRow, RelationRow
from graph.vocabulary import FAMILIES

SEPARATOR = " | "

PARTNER_COLUMNS = ["Partenaire", "Sigle", "Type de structure", "Famille", "Commune", "Code INSEE",
                   "Département", "Région", "Relations", "Statuts", "Expériences", "Citations",
                   "Sources", "Adresse", "Téléphone", "Courriel", "Site web", "Identifiant vita"]
ACTOR_COLUMNS = ["Nom", "Sigle", "Autres noms", "Type de structure", "Famille", "Commune",
                 "Code INSEE", "Département", "Région", "Région (2008)", "Expériences",
                 "Nombre de relations", "Adresse", "Téléphone", "Courriel", "Site web",
                 "Description", "Identifiant vita"]
RELATION_COLUMNS = ["Acteur source", "Relation", "Acteur cible", "Statut", "Expérience",
                    "Citation", "Source", "Identifiant source", "Identifiant cible",
                    "Identifiant vita"]


@dataclass(frozen=True)
class PartnerList:
    """An actor, and the detail of each actor it has a tie with (by id)."""

    actor: ActorDetail
    partners: Mapping[str, ActorDetail] = field(default_factory=dict)


@dataclass(frozen=True)
class TerritoryList:
    """The actors of a territory (filters applied), their detail, the relations among them and
    the titles of the sections they appear in."""

    territory: str
    actors: tuple[ActorRow, ...]
    details: Mapping[str, ActorDetail]
    relations: tuple[RelationRow, ...] = ()
    section_titles: Mapping[str, str] = field(default_factory=dict)


def departement_label(row: ActorRow) -> str:
    return f"{row.departement_name} ({row.departement})" if row.departement else ""


def _contact(detail: ActorDetail | None) -> dict:
    contact = (detail.contact if detail else None) or {}
    return {"Adresse": contact.get("address"), "Téléphone": contact.get("phone"),
            "Courriel": contact.get("email"), "Site web": contact.get("website")}


def _unique(values) -> list:
    return list(dict.fromkeys(v for v in values if v))


def partner_rows(partners: PartnerList) -> list[dict]:
    """One row per actor the given actor has a tie with, by partner name then id."""
    me = partners.actor.actor.id
    ties: dict[str, list[RelationRow]] = {}
    for rel in partners.actor.relations:
        other = rel.target if rel.source == me else rel.source
        ties.setdefault(other, []).append(rel)
    out = []
    for other, rels in ties.items():
        detail = partners.partners.get(other)
        row = detail.actor if detail else None
        name = row.name if row else (rels[0].target_name if rels[0].target == other
                                     else rels[0].source_name)
        rels = sorted(rels, key=lambda r: r.id)
        out.append({
            "Partenaire": name, "Sigle": row and row.acronym,
            "Type de structure": row and row.kind_label,
            "Famille": row and FAMILIES[row.family].label,
            "Commune": row and row.commune_name, "Code INSEE": row and row.commune,
            "Département": row and departement_label(row), "Région": row and row.region_name,
            "Relations": SEPARATOR.join(f"{r.source_name} {r.type_label} {r.target_name}"
                                        for r in rels),
            "Statuts": SEPARATOR.join(r.status_label for r in rels),
            "Expériences": SEPARATOR.join(_unique(r.section_title for r in rels)),
            "Citations": SEPARATOR.join(_unique(citation(r) for r in rels)),
            "Sources": SEPARATOR.join(_unique(source_reference(r) for r in rels)),
            **_contact(detail), "Identifiant vita": other})
    return sorted(out, key=lambda r: (r["Partenaire"], r["Identifiant vita"]))


def actor_rows(territory: TerritoryList) -> list[dict]:
    """One row per actor of the territory, in the store's order (name, then id)."""
    out = []
    for row in territory.actors:
        detail = territory.details.get(row.id)
        out.append({
            "Nom": row.name, "Sigle": row.acronym, "Autres noms": SEPARATOR.join(row.aliases),
            "Type de structure": row.kind_label, "Famille": FAMILIES[row.family].label,
            "Commune": row.commune_name, "Code INSEE": row.commune,
            "Département": departement_label(row), "Région": row.region_name,
            "Région (2008)": row.region_2008_name,
            "Expériences": SEPARATOR.join(territory.section_titles.get(s, s) for s in row.sections),
            "Nombre de relations": row.degree, **_contact(detail),
            "Description": detail.description if detail else None, "Identifiant vita": row.id})
    return out


def relation_rows(relations) -> list[dict]:
    """One row per relation, in the order given (the stores give them by id)."""
    return [{"Acteur source": r.source_name, "Relation": r.type_label, "Acteur cible": r.target_name,
             "Statut": r.status_label, "Expérience": r.section_title, "Citation": citation(r),
             "Source": source_reference(r), "Identifiant source": r.source,
             "Identifiant cible": r.target, "Identifiant vita": r.id} for r in relations]
