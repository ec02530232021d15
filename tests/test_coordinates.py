"""Map positions (graph/coordinates.py) and the shipped coordinates (data/geography/)."""

from __future__ import annotations

import csv
import json
import math
from collections import Counter

import pytest

from graph.coordinates import (DEFAULT_FOLDER, Position, actor_positions, base_position,
                               load_coordinates, spread)
from graph.geography import Place, load_geography
from graph.model import Actor
from loaders.dataset import load_dataset


@pytest.fixture(scope="module")
def coordinates():
    return load_coordinates()


def _csv(name):
    with open(DEFAULT_FOLDER / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _actor(aid, **place):
    return Actor(aid, aid, "AI", Place(**place))


def test_commune_gets_its_town_hall_point(coordinates):
    row = next(r for r in _csv("commune_points.csv") if r["insee"] == "38185")   # Grenoble
    pos = base_position(coordinates, "38185", None, "38")
    assert pos == Position(float(row["latitude"]), float(row["longitude"]), "commune")
    assert 45.1 < pos.latitude < 45.3 and 5.6 < pos.longitude < 5.8
    assert not pos.approximate


def test_epci_falls_back_to_its_most_populous_member(coordinates):
    geography = load_geography(DEFAULT_FOLDER)
    metro = next(s for s, r in geography.epci.items() if r["name"] == "Grenoble-Alpes-Métropole")
    pos = base_position(coordinates, None, metro, "38")
    assert (pos.latitude, pos.longitude) == coordinates.points["38185"]
    assert pos.precision == "epci" and pos.approximate


def test_departement_falls_back_to_its_prefecture(coordinates):
    assert base_position(coordinates, None, None, "26") == \
        Position(*coordinates.points["26362"], "departement")              # Valence
    assert base_position(coordinates, None, None, "2A").latitude == \
        coordinates.points["2A004"][0]                                     # Ajaccio


def test_region_falls_back_to_its_chef_lieu(coordinates):
    geography = load_geography(DEFAULT_FOLDER)
    for code, row in geography.regions_2008.items():   # every chef-lieu is in its région
        assert geography.communes[row["chef_lieu"]]["departement"] in row["departements"].split()
    assert base_position(coordinates, None, None, None, "82") == \
        Position(*coordinates.points["69123"], "region")                   # Lyon
    assert geography.communes[geography.regions_2008["93"]["chef_lieu"]]["name"] == "Marseille"


def test_national_and_unknown_places_are_not_placed(coordinates):
    assert base_position(coordinates, None, None, None) is None
    assert base_position(coordinates, "99999", "000000000", None) is None
    # an unknown commune still falls back to what else is known
    assert base_position(coordinates, "99999", None, "26").precision == "departement"


def test_actor_positions_use_the_place_and_leave_national_bodies_out(coordinates):
    geography = load_geography(DEFAULT_FOLDER)
    actors = [_actor("a", **vars(geography.resolve("26281"))),
              _actor("b", **vars(geography.resolve(departement="38"))),
              _actor("national")]
    positions = actor_positions(actors, coordinates)
    assert set(positions) == {"a", "b"}
    assert positions["a"].precision == "commune"
    assert positions["b"] == Position(*coordinates.points["38185"], "departement")


def test_stacked_actors_are_spread_apart_deterministically():
    base = Position(45.0, 5.0, "departement")
    bases = {f"actor-{i:02d}": base for i in range(30)} | {"alone": Position(44.0, 4.0, "commune"),
                                                         "national": None}
    out = spread(bases)
    assert set(out) == set(bases) - {"national"}
    assert out["alone"] == bases["alone"] and out["actor-00"] == base   # first stays on the point
    points = [(p.latitude, p.longitude) for k, p in out.items() if k.startswith("actor")]
    assert len(set(points)) == 30
    gaps = [math.dist(p, q) for i, p in enumerate(points) for q in points[i + 1:]]
    assert min(gaps) > 0.005 and max(math.dist(p, (45.0, 5.0)) for p in points) < 0.15
    assert all(p.precision == "departement" for k, p in out.items() if k.startswith("actor"))
    assert spread(dict(reversed(bases.items()))) == out                  # order-independent


def test_every_place_referenced_by_the_shipped_data_has_a_point(coordinates):
    dataset = load_dataset()
    geography = load_geography(DEFAULT_FOLDER)
    communes = {a.place.commune for a in dataset.actors.values()} - {None}
    departements = {a.place.departement for a in dataset.actors.values()} - {None}
    epcis = {a.place.epci for a in dataset.actors.values()} - {None}
    for section in dataset.sections.values():
        communes |= set(section.territory.communes)
        epcis |= set(section.territory.epci)
        departements |= set(section.territory.departements)
    assert communes and departements and epcis
    assert [c for c in communes if coordinates.commune(c) is None] == []
    assert [e for e in epcis if coordinates.epci(e) is None] == []
    assert [d for d in departements if coordinates.departement(d) is None] == []
    # and, beyond the shipped data, every commune and département vita can resolve
    overseas_collectivities = {d for d in geography.departements if len(d) == 3
                               and d not in ("971", "972", "973", "974", "976")}
    assert [c for c, r in geography.communes.items()
            if r["departement"] not in overseas_collectivities and c not in coordinates.points] == []


def _features(name):
    return json.loads((DEFAULT_FOLDER / name).read_text(encoding="utf-8"))["features"]


def _rings(feature):
    geometry = feature["geometry"]
    polygons = ([geometry["coordinates"]] if geometry["type"] == "Polygon"
                else geometry["coordinates"])
    return [ring for polygon in polygons for ring in polygon]


def _inside(point, feature) -> bool:
    """Even-odd ray casting over every ring (holes included)."""
    lat, lon = point
    crossings = 0
    for ring in _rings(feature):
        for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


def test_outlines_cover_the_101_departements_and_keep_their_shape(coordinates):
    features = _features("departements.geojson")
    assert len(features) == 101 and len({f["id"] for f in features}) == 101
    departements = {r["code"]: r for r in _csv("departements.csv")}
    assert {f["id"] for f in features} <= set(departements)
    commune_dep = {r["insee"]: r["departement"] for r in _csv("communes.csv")}
    total = inside_total = 0
    for feature in features:
        assert feature["properties"]["name"] == departements[feature["id"]]["name"]
        assert all(len(ring) >= 4 and ring[0] == ring[-1] for ring in _rings(feature))
        # simplification kept each département where it was: its communes' points are inside
        # (but for seaside town halls within a simplified coastline, and dropped islets)
        points = [p for c, p in coordinates.points.items() if commune_dep[c] == feature["id"]]
        inside = sum(_inside(p, feature) for p in points)
        assert inside >= 0.8 * len(points), (feature["id"], inside, len(points))
        total, inside_total = total + len(points), inside_total + inside
    assert inside_total >= 0.99 * total


def _edges(feature):
    return Counter(frozenset((tuple(a), tuple(b))) for ring in _rings(feature)
                   for a, b in zip(ring, ring[1:]) if a != b)


def test_neighbouring_outlines_share_their_borders():
    """Simplified as one coverage: a border segment belongs to at most two départements,
    and a région's border is made of its départements' segments."""
    features = _features("departements.geojson")
    segments = Counter()
    for feature in features:
        segments.update(_edges(feature))
    assert max(segments.values()) == 2
    shared = sum(1 for n in segments.values() if n == 2)
    assert shared > 0.4 * len(segments)        # inland borders are shared, not doubled
    for name, count in (("regions.geojson", 18), ("regions_2008.geojson", 26)):
        regions = _features(name)
        assert len(regions) == count
        for region in regions:
            assert set(_edges(region)) <= set(segments), (name, region["id"])
