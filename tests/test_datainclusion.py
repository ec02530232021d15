"""vita's actors as data·inclusion v1 structures, checked against the schema's published rules:
vita's own validator, and the official schema package (``data-inclusion-schema``) as a second
opinion that must agree."""

from __future__ import annotations

from datetime import date

import pytest
from data_inclusion.schema.v1 import ReseauPorteur, Structure
from pydantic import ValidationError

from graph import datainclusion as di
from graph.geography import load_geography
from graph.memory_store import MemoryStore
from graph.vocabulary import KINDS
from loaders.dataset import DEFAULT_DATA


@pytest.fixture(scope="module")
def shipped_structures(shipped_dataset):
    store = MemoryStore(shipped_dataset)
    rows = store.actors()
    details = {r.id: store.actor(r.id) for r in rows}
    communes = load_geography(DEFAULT_DATA / "geography").communes
    return di.structures(rows, details, communes)


def official_errors(record: dict) -> list[str]:
    try:   # strict: the schema's warnings (a name ending with a period) count as errors
        Structure.model_validate(record, context={"ignore_warnings": False})
    except ValidationError as exc:
        return [".".join(map(str, e["loc"])) for e in exc.errors()]
    return []


def test_every_shipped_actor_is_a_valid_structure(shipped_structures, shipped_dataset):
    assert len(shipped_structures) == len(shipped_dataset.actors) > 300   # one per actor
    assert di.validate_structures(shipped_structures) == []
    assert {r["id"]: official_errors(r) for r in shipped_structures
            if official_errors(r)} == {}


def test_mapping_of_a_structure_with_a_printed_contact(shipped_structures):
    aide = next(r for r in shipped_structures if r["id"] == "vita--aide-emploi-services")
    assert aide == {
        "source": "vita", "id": "vita--aide-emploi-services", "nom": "AIDE Emploi Services",
        "date_maj": "2008-04-30", "description": aide["description"], "commune": "Redon",
        "code_postal": "35600", "code_insee": "35236", "adresse": "1, rue du Tribunal",
        "telephone": "+33299712062", "courriel": "jcchaurin.aide@wanadoo.fr",
        "reseaux_porteurs": ["ai"]}


def test_schema_rules_are_applied_not_copied(shipped_structures):
    by_id = {r["id"]: r for r in shipped_structures}
    assert by_id["vita--acid"]["nom"] == "A.C.I.D"                  # no final period
    assert by_id["vita--e4"]["nom"] == "E4 – Cabinet de conseil ou d'expertise"   # ≥ 3 chars
    assert by_id["vita--air-parthenay"]["adresse"] == "30, rue Louis AGUILLON"   # no trailing "/"
    # several numbers / addresses printed: the first, as the schema wants one
    assert by_id["vita--rhuys-emplois"]["telephone"] == "+33297480168"
    assert by_id["vita--amsic"]["courriel"] == "dir@maisondessquares.org"


def test_every_kind_maps_to_published_reseaux_porteurs():
    official = {r.value for r in ReseauPorteur}
    assert di.PUBLISHED_RESEAUX_PORTEURS == official
    for code in KINDS:
        assert set(di.reseaux_porteurs(code)) <= official
    assert di.reseaux_porteurs("EPCI") == ["communes"]     # the vocabulary's "epci" is not published
    assert di.reseaux_porteurs("ACI") == ["aci"]
    assert di.reseaux_porteurs("RESEAU_NAT") == []


GOOD = {"source": "vita", "id": "vita--x", "nom": "Structure d'exemple", "date_maj": "2008-04-30"}


@pytest.mark.parametrize("change, field", [
    ({"nom": "AB"}, "nom"),
    ({"nom": "x" * 151}, "nom"),
    ({"nom": "Association."}, "nom"),
    ({"description": "abc"}, "description"),
    ({"code_postal": "7500"}, "code_postal"),
    ({"code_postal": "75 001"}, "code_postal"),
    ({"code_insee": "3818"}, "code_insee"),
    ({"courriel": "pas-une-adresse"}, "courriel"),
    ({"reseaux_porteurs": ["siae"]}, "reseaux_porteurs"),
    ({"date_maj": "1999-12-31"}, "date_maj"),
    ({"date_maj": "2999-01-01"}, "date_maj"),
    ({"id": None}, "id"),
    ({"nom": None}, "nom"),
])
def test_broken_records_are_rejected_by_vita_and_by_the_official_schema(change, field):
    record = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    assert field in {f for f, _ in di.validate_structure(record)}
    assert any(loc.split(".")[0] == field for loc in official_errors(record))


def test_a_good_record_passes_both():
    record = {**GOOD, "code_postal": "26100", "code_insee": "26281", "courriel": "a@b.fr",
              "reseaux_porteurs": ["aci", "coorace"], "description": "Cinq caractères au moins."}
    assert di.validate_structure(record) == [] and official_errors(record) == []


def test_messages_are_french_and_name_the_record():
    problems = di.validate_structures([GOOD, {**GOOD, "code_postal": "ABCDE"}],
                                      today=date(2025, 1, 1))
    assert problems == ["vita--x:id: identifiant en double",
                        "vita--x:code_postal: « ABCDE » n'est pas un code valide : 5 chiffres attendus"]
    assert di.validate_structure({**GOOD, "inconnu": 1}) == [
        ("inconnu", "champ inconnu du schéma data·inclusion v1")]


@pytest.mark.parametrize("printed, expected", [
    ("1, rue du Tribunal, 35600 Redon", ("1, rue du Tribunal", "35600")),
    ("28 rue Henri DUNANT, 76 000 ROUEN", ("28 rue Henri DUNANT", "76000")),
    ("Chemin du Larris", ("Chemin du Larris", None)),
    (None, (None, None)),
])
def test_split_address(printed, expected):
    assert di.split_address(printed) == expected


@pytest.mark.parametrize("printed, expected", [
    ("02.97.48.01.68 / 02.97.41.40.41", "+33297480168"),
    ("01 47 25 02 03 – 01 47 89 83 02", "+33147250203"),
    ("+33 4 75 00 00 00", "+33475000000"),
    (None, None),
])
def test_first_phone(printed, expected):
    assert di.first_phone(printed) == expected
