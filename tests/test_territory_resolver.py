"""A territory as people write it → a territory id, on the real official geography."""

from __future__ import annotations

import pytest

from graph.geography import load_geography
from graph.memory_store import MemoryStore
from graph.territory_resolver import AmbiguousTerritory, TerritoryError, resolve_territory
from loaders.dataset import DEFAULT_DATA


@pytest.fixture(scope="module")
def geography():
    return load_geography(DEFAULT_DATA / "geography")


@pytest.mark.parametrize("text, expected", [
    ("59", "dep:59"), ("2A", "dep:2A"), ("974", "dep:974"),
    ("Nord", "dep:59"), ("drome", "dep:26"), ("Département de la Drôme", "dep:26"),
    ("Rhône-Alpes", "region2008:82"), ("Auvergne-Rhône-Alpes", "region:84"),
    ("région 84", "region:84"), ("région 2008 82", "region2008:82"),
    ("REGION rhone alpes", "region2008:82"),
    ("38185", "commune:38185"), ("Grenoble", "commune:38185"), ("Romans-sur-Isère", "commune:26281"),
    ("200040715", "epci:200040715"), ("Nantes Métropole", "epci:244400404"),
    ("Grenoble-Alpes-Métropole", "epci:200040715"),
    ("dep:38", "dep:38"), ("commune:26281", "commune:26281"), ("France", "france"),
    ("Saint-Denis (93)", "commune:93066"), ("Saint-Denis (974)", "commune:97411"),
])
def test_resolves_what_people_write(geography, text, expected):
    assert resolve_territory(text, geography) == expected


def test_equal_territories_collapse_to_one(geography):
    # the same départements today and in 2008: one territory, today's région
    assert resolve_territory("Pays de la Loire", geography) == "region:52"
    assert resolve_territory("Bretagne", geography) == "region:53"       # not the two villages
    assert resolve_territory("La Réunion", geography) == "dep:974"       # région = département
    assert resolve_territory("Paris", geography) == "dep:75"


def test_ambiguous_name_lists_every_candidate(geography):
    with pytest.raises(AmbiguousTerritory) as caught:
        resolve_territory("Saint-Denis", geography)
    ids = [c.id for c in caught.value.candidates]
    assert ids == ["commune:11339", "commune:30247", "commune:93066", "commune:97411"]
    message = str(caught.value)
    assert "« Saint-Denis » désigne plusieurs territoires (4)" in message
    assert "INSEE 93066, Seine-Saint-Denis 93" in message
    assert "Saint-Denis (93)" in message                     # says how to choose


def test_commune_prefix_keeps_communes_only(geography):
    with pytest.raises(AmbiguousTerritory) as caught:
        resolve_territory("commune Bretagne", geography)
    assert {c.id for c in caught.value.candidates} == {"commune:36024", "commune:90019"}


@pytest.mark.parametrize("text, fragment", [
    ("99", "aucun département de code « 99 »"),
    ("dep:99", "le code « 99 » n'existe pas"),
    ("123456789", "aucune intercommunalité"),
    ("Gronoble", "vouliez-vous dire : « Grenoble »"),
    ("commune 59", "code de niveau « département »"),
    ("", "territoire vide"),
    ("région 2008 84", "aucune région (2008) de code « 84 »"),
])
def test_unknown_territories_say_why(geography, text, fragment):
    with pytest.raises(TerritoryError) as caught:
        resolve_territory(text, geography)
    assert fragment in str(caught.value)


def test_postal_code_when_not_an_insee_code(geography):
    assert resolve_territory("04260", geography) == "commune:04006"      # Allos
    with pytest.raises(AmbiguousTerritory):
        resolve_territory("01500", geography)                            # several communes


def test_pays_named_by_experiences(geography, mini_dataset):
    pays = [t for t in MemoryStore(mini_dataset).territories() if t.level == "pays"]
    assert resolve_territory("Pays de Romans", geography, pays) == "pays:pays-de-romans"
    assert resolve_territory("pays:pays-de-romans", geography, pays) == "pays:pays-de-romans"
    with pytest.raises(TerritoryError):
        resolve_territory("pays:pays-de-romans", geography)              # not known without them
