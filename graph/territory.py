"""Territories: the places people pick to see a network, and which actors lie in each.

A territory id is ``level:code``: ``france``, ``region:84`` (today's région),
``region2008:82``, ``dep:38``, ``epci:200040715``, ``commune:38185``, ``pays:<slug>``.
An actor lies in every territory containing its location; a *pays* (not in the
official geography) contains the actors of the experiences that name it, when they
are located in one of the experience's départements.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from graph.geography import Place
from graph.model import Dataset

FRANCE = "france"
LEVELS = ("france", "region", "region2008", "dep", "epci", "commune", "pays")
LEVEL_LABELS = {
    "france": "Toute la France", "region": "Région", "region2008": "Région (2008)",
    "dep": "Département", "epci": "Intercommunalité", "commune": "Commune", "pays": "Pays",
}


@dataclass(frozen=True)
class Territory:
    id: str
    level: str
    code: str
    name: str
    parent: str | None

    @property
    def label(self) -> str:
        if self.level == "dep":
            return f"{self.name} ({self.code})"
        if self.level == "region2008":
            return f"{self.name} (région 2008)"
        return self.name


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def parse_territory_id(territory_id: str) -> tuple[str, str]:
    level, _, code = territory_id.partition(":")
    if level not in LEVELS or (level != FRANCE and not code):
        raise ValueError(f"unknown territory {territory_id!r}")
    return level, code


def place_territories(place: Place) -> list[Territory]:
    """The territories (from France down to the commune) containing a place."""
    out = [Territory(FRANCE, "france", "", "Toute la France", None)]
    if place.region:
        out.append(Territory(f"region:{place.region}", "region", place.region,
                             place.region_name, FRANCE))
    if place.region_2008:
        out.append(Territory(f"region2008:{place.region_2008}", "region2008", place.region_2008,
                             place.region_2008_name, f"region:{place.region}"))
    if place.departement:
        out.append(Territory(f"dep:{place.departement}", "dep", place.departement,
                             place.departement_name, f"region2008:{place.region_2008}"))
    if place.epci:
        out.append(Territory(f"epci:{place.epci}", "epci", place.epci, place.epci_name,
                             f"dep:{place.departement}"))
    if place.commune:
        parent = f"epci:{place.epci}" if place.epci else f"dep:{place.departement}"
        out.append(Territory(f"commune:{place.commune}", "commune", place.commune,
                             place.commune_name, parent))
    return out


def pays_territories(dataset: Dataset) -> dict[str, tuple[Territory, set[str]]]:
    """Each pays named by an experience, with the actors it contains."""
    out: dict[str, tuple[Territory, set[str]]] = {}
    for section in dataset.experiences.values():
        departements = set(section.territory.departements)
        parent = f"dep:{sorted(departements)[0]}" if len(departements) == 1 else FRANCE
        for name in section.territory.pays:
            tid = f"pays:{slugify(name)}"
            territory, members = out.setdefault(tid, (Territory(tid, "pays", slugify(name), name,
                                                                parent), set()))
            members.update(a for a in section.roles
                           if dataset.actors[a].place.departement in departements)
    return out


def actor_territories(dataset: Dataset) -> dict[str, list[Territory]]:
    """For each actor, every territory it lies in (France first, then larger to smaller)."""
    result = {aid: place_territories(actor.place) for aid, actor in dataset.actors.items()}
    for territory, members in pays_territories(dataset).values():
        for aid in sorted(members):
            result[aid].append(territory)
    return result


def all_territories(dataset: Dataset) -> dict[str, Territory]:
    """Every territory that contains at least one actor, by id."""
    return {t.id: t for ts in actor_territories(dataset).values() for t in ts}
