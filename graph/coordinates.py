"""Where each actor goes on a map (pure functions over the shipped coordinates).

An actor sits on its commune's point (the town hall, ``data/geography/commune_points.csv``);
an actor known only by its EPCI sits on the EPCI's seat, one known only by its département
on the prefecture, one known only by its (2008) région on the région's chef-lieu: those are
*approximate* (``precision`` says which). National bodies are not placed. Actors stacked on
one point are spread on a small spiral, so each marker stays clickable.

Not to be confused with ``dashboard/positions.py``, the layout of the graph drawing.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from graph.geography import Geography, load_geography

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "data" / "geography"
PRECISIONS = ("commune", "epci", "departement", "region")   # from exact to approximate
# degrees of latitude (~1.7 km): neighbours ~3 km apart, ~6-10 px at a département's zoom
SPREAD_STEP = 0.015
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


@dataclass(frozen=True)
class Position:
    latitude: float
    longitude: float
    precision: str          # one of PRECISIONS

    @property
    def approximate(self) -> bool:
        return self.precision != "commune"


class Coordinates:
    """Points of communes, EPCI (seat) and départements (prefecture)."""

    def __init__(self, geography: Geography, points: dict[str, tuple[float, float]]):
        self.geography = geography
        self.points = points
        self._seats: dict[str, tuple[float, float] | None] = {}

    def commune(self, code: str | None) -> tuple[float, float] | None:
        return self.points.get(code) if code else None

    def epci(self, siren: str | None) -> tuple[float, float] | None:
        """The seat's point. The official tables give no seat, so the EPCI's most populous
        member commune stands for it (it is the seat for nearly every EPCI)."""
        if siren not in self._seats:
            row = self.geography.epci.get(siren) if siren else None
            members = [c for c in row["members"].split() if c in self.points] if row else []
            self._seats[siren] = self.points[max(
                members, key=lambda c: (_population(self.geography, c), c))] if members else None
        return self._seats[siren]

    def departement(self, code: str | None) -> tuple[float, float] | None:
        row = self.geography.departements.get(code) if code else None
        return self.commune(row["chef_lieu"]) if row else None

    def region_2008(self, code: str | None) -> tuple[float, float] | None:
        row = self.geography.regions_2008.get(code) if code else None
        return self.commune(row.get("chef_lieu")) if row else None


def _population(geography: Geography, commune: str) -> int:
    value = geography.communes[commune]["population"]
    return int(value) if value else 0


def read_points(path: Path) -> dict[str, tuple[float, float]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return {r["insee"]: (float(r["latitude"]), float(r["longitude"]))
                for r in csv.DictReader(handle)}


@lru_cache(maxsize=2)
def load_coordinates(folder: Path = DEFAULT_FOLDER) -> Coordinates:
    return Coordinates(load_geography(folder), read_points(folder / "commune_points.csv"))


def base_position(coordinates: Coordinates, commune: str | None, epci: str | None,
                  departement: str | None, region_2008: str | None = None) -> Position | None:
    """The finest known point of a location, with its precision; ``None`` when national."""
    for precision, point in (("commune", coordinates.commune(commune)),
                             ("epci", coordinates.epci(epci)),
                             ("departement", coordinates.departement(departement)),
                             ("region", coordinates.region_2008(region_2008))):
        if point is not None:
            return Position(point[0], point[1], precision)
    return None


def actor_base_position(coordinates: Coordinates, actor) -> Position | None:
    place = actor.place
    # an actor may name its EPCI itself (``location.epci``) or get it from its commune
    epci = getattr(actor, "epci", None) or getattr(place, "epci", None)
    return base_position(coordinates, place.commune, epci, place.departement, place.region_2008)


def spread(bases: dict[str, Position | None], step: float = SPREAD_STEP) -> dict[str, Position]:
    """Actors sharing a point, in id order, on a golden-angle spiral around it (the first one
    stays on it); distances are kept round on the ground by scaling longitude by latitude."""
    stacks: dict[tuple[float, float], list[str]] = defaultdict(list)
    for actor_id, p in bases.items():
        if p is not None:
            stacks[(p.latitude, p.longitude)].append(actor_id)
    out = {}
    for (lat, lon), ids in stacks.items():
        for k, actor_id in enumerate(sorted(ids)):
            radius, angle = step * math.sqrt(k), k * GOLDEN_ANGLE
            out[actor_id] = Position(
                round(lat + radius * math.sin(angle), 5),
                round(lon + radius * math.cos(angle) / math.cos(math.radians(lat)), 5),
                bases[actor_id].precision)
    return out


def actor_positions(actors: Iterable, coordinates: Coordinates | None = None
                    ) -> dict[str, Position]:
    """Every placed actor's (spread) position, by id; national actors are left out."""
    coordinates = coordinates or load_coordinates()
    return spread({a.id: actor_base_position(coordinates, a) for a in actors})
