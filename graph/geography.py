"""The official geography (INSEE Code officiel géographique) vita resolves places against.

Tables are generated into ``data/geography/`` by ``tools/fetch_geography.py``.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Place:
    """A resolved location: every level that is known, codes and names."""

    commune: str | None = None
    commune_name: str | None = None
    departement: str | None = None
    departement_name: str | None = None
    region_2008: str | None = None
    region_2008_name: str | None = None
    region: str | None = None
    region_name: str | None = None
    epci: str | None = None        # the actor's EPCI, or today's EPCI of its commune
    epci_name: str | None = None

    @property
    def level(self) -> str:
        for level in ("commune", "epci", "departement", "region_2008"):
            if getattr(self, level):
                return level
        return "national"

    def label(self) -> str:
        parts = [self.commune_name or self.epci_name, self.departement_name and
                 f"{self.departement_name} ({self.departement})", self.region_2008_name]
        return ", ".join(p for p in parts if p) or "national"


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Geography:
    def __init__(self, folder: Path):
        self.communes = {r["insee"]: r for r in _rows(folder / "communes.csv")}
        self.departements = {r["code"]: r for r in _rows(folder / "departements.csv")}
        self.regions = {r["code"]: r for r in _rows(folder / "regions.csv")}
        self.regions_2008 = {r["code"]: r for r in _rows(folder / "regions_2008.csv")}
        self.epci = {r["siren"]: r for r in _rows(folder / "epci.csv")}
        self.region_2008_of_departement = {
            d: code for code, r in self.regions_2008.items() for d in r["departements"].split()}

    def resolve(self, commune: str | None = None, departement: str | None = None,
                region_2008: str | None = None, epci: str | None = None) -> Place:
        """Complete a location given at one level; raises KeyError/ValueError when
        a code is unknown or the levels given disagree."""
        if epci and commune:
            raise ValueError("give a commune or an EPCI, not both (the EPCI follows from the commune)")
        if epci:
            departement = self._epci_departement(epci, departement)
        if commune:
            row = self.communes[commune]
            if departement and departement != row["departement"]:
                raise ValueError(f"commune {commune} is in département {row['departement']}, "
                                 f"not {departement}")
            departement = row["departement"]
        if departement:
            if departement not in self.departements:
                raise KeyError(departement)
            in_2008 = self.region_2008_of_departement[departement]
            if region_2008 and region_2008 != in_2008:
                raise ValueError(f"département {departement} was in région {in_2008} in 2008, "
                                 f"not {region_2008}")
            region_2008 = in_2008
        return self._place(commune, departement, region_2008, epci)

    def _epci_departement(self, epci: str, departement: str | None) -> str:
        """The département of an EPCI: the one most of its member communes lie in (or the
        one given, when some of its members lie there)."""
        members = self.epci[epci]["members"].split()
        found = Counter(self.communes[m]["departement"] for m in members if m in self.communes)
        if departement and departement not in found:
            raise ValueError(f"EPCI {epci} has no commune in département {departement}")
        return departement or found.most_common(1)[0][0]

    def _epci_of(self, commune: str) -> str | None:
        row = self.communes[commune]
        # a commune déléguée or associée belongs to the EPCI of the commune it merged into
        parent = self.communes.get(row["parent"]) if row["parent"] else None
        return row["epci"] or (parent["epci"] if parent else "") or None

    def _place(self, commune, departement, region_2008, epci=None) -> Place:
        region = self.regions_2008[region_2008]["region"] if region_2008 else None
        epci = self._epci_of(commune) if commune else epci
        return Place(
            commune=commune,
            commune_name=self.communes[commune]["name"] if commune else None,
            departement=departement,
            departement_name=self.departements[departement]["name"] if departement else None,
            region_2008=region_2008,
            region_2008_name=self.regions_2008[region_2008]["name"] if region_2008 else None,
            region=region,
            region_name=self.regions[region]["name"] if region else None,
            epci=epci,
            epci_name=self.epci[epci]["name"] if epci else None,
        )


@lru_cache(maxsize=4)
def load_geography(folder: Path) -> Geography:
    return Geography(folder)
