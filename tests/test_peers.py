"""The text signal (graph/text_index.py) on tiny texts worked out by hand, and peers for a project
described in words (graph/peers.py, ``vita peers``) on the shipped data."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest
from click.testing import CliRunner

from cli.main import main
from graph.errors import InputError, NotFound
from graph.memory_store import MemoryStore
from graph.peers import find_peers, kinds_in_text, place_in_text, resolve_place
from graph.text_index import FrenchAnalyzer, TextIndex

THREE = {"a": "Les clauses d'insertion et le BTP", "b": "La clause d’insertion",
         "c": "Maraîchage bio"}


def test_french_analysis_folds_stems_and_drops_stop_words():
    analyse = FrenchAnalyzer()
    assert analyse("Les clauses d'insertion") == ["claus", "insert", "claus insert"]
    assert analyse("la clause d’insertion") == ["claus", "insert", "claus insert"]
    assert analyse("Réseau, réseaux") == ["reseau", "reseau"]   # a comma: not a pair
    assert analyse("une AI et une EI") == ["ai", "ei"]   # acronyms, not « ai »; too far apart
    assert analyse("marchés publics") == ["march", "public", "march public"]


def test_text_signal_on_three_tiny_texts_by_hand():
    index = TextIndex(THREE)
    # a: claus, insert, claus insert (in a and b: idf = ln(4/3) + 1) and btp (a only: idf =
    # ln(4/2) + 1; « insertion et le BTP » are too far apart to pair); b: the first three.
    # Every tf is 1 (sublinear: 1 + ln 1); rows are L2-normalised.
    shared, own = math.log(4 / 3) + 1, math.log(2) + 1
    expected = 3 * shared ** 2 / (math.sqrt(3 * shared ** 2 + own ** 2) * math.sqrt(3) * shared)
    cos = index.cosines(index.row("a"))
    assert cos[index.row_of["b"]] == pytest.approx(expected)
    assert cos[index.row_of["c"]] == 0.0
    assert cos[index.row_of["a"]] == pytest.approx(1.0)
    assert index.common_terms(index.row("a"), index.row("b")) == ("clause d'insertion",)
    assert index.common_terms(index.row("a"), index.row("c")) == ()


def test_words_naming_an_organisation_are_not_compared():
    index = TextIndex({"a": "Ulisse et les clauses", "b": "Ulisse et le maraîchage"},
                      names=frozenset({"ulisse"}))
    assert index.cosines(index.row("a"))[index.row_of["b"]] == 0.0


@pytest.fixture(scope="module")
def shipped(shipped_dataset):
    return MemoryStore(shipped_dataset)


def test_an_experience_summary_finds_that_experience_first(shipped):
    index = shipped.peer_index()
    missed = [sid for sid in index.experiences
              if find_peers(index, index.sections[sid]["summary"], k=1).experiences[0].id != sid]
    assert missed == []


def test_peers_give_reasons_and_the_experience_to_read(shipped):
    found = find_peers(shipped.peer_index(), "ACI de maraîchage bio qui veut travailler avec les "
                       "bailleurs sociaux sur les clauses d'insertion, Sarthe")
    assert found.kinds == ("ACI",) and found.place.label == "Sarthe (72)"
    assert found.experiences[0].id == "rhuys-emplois"   # the organic market-gardening project
    assert found.experiences[0].reasons[0].startswith("termes communs : ")
    assert "maraîchage" in found.experiences[0].reasons[0]
    assert found.experiences[0].reasons[-1].startswith("à lire : « PROJET DE CREATION")
    landlords = [a for a in found.actors if a.kind == "BAILLEUR"]
    assert landlords and all(a.reasons[0].startswith("termes communs : ") for a in landlords)
    assert all(a.experience is not None and a.id in a.experience.actors for a in found.actors)
    scores = [a.score for a in found.actors]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 100 for s in scores)


def test_kind_and_territory_options(shipped):
    index = shipped.peer_index()
    text = "clauses sociales dans les marchés publics"
    assert {a.kind for a in find_peers(index, text, k=10, kind="PLIE").actors} == {"PLIE"}
    near = find_peers(index, text, k=10, near="Nord")
    local = [a for a in near.actors if a.departement == "59"]
    assert local and all("même territoire : Nord (59)" in a.reasons for a in local)
    away = find_peers(index, text + " dans le Nord", k=27, other_territories=True)
    assert away.place.code == "59"
    assert all(a.departement != "59" for a in away.actors)
    assert "acid" not in [e.id for e in away.experiences]   # A.C.I.D. is in the Nord


def test_places_and_kinds_read_in_the_text():
    assert place_in_text("un ACI en Loire-Atlantique").code == "44"
    assert place_in_text("en Pays de la Loire").level == "region_2008"
    assert place_in_text("rien de géographique") is None
    assert resolve_place("72").label == "Sarthe (72)"
    assert kinds_in_text("ACI et PLIE, pas aci ni Plie") == ("ACI", "PLIE")
    with pytest.raises(NotFound):
        resolve_place("Atlantide")


@pytest.mark.parametrize("options, message", [
    (dict(description="  "), "décrivez votre projet"),
    (dict(description="x" * 5001), "description trop longue"),
    (dict(description="clauses", k=0), "k doit être au moins 1"),
    (dict(description="clauses", kind="XX"), "type d'acteur inconnu"),
    (dict(description="clauses", other_territories=True), "aucun territoire reconnu"),
])
def test_bad_input_is_refused_in_french(shipped, options, message):
    with pytest.raises(InputError, match=message):
        find_peers(shipped.peer_index(), **options)


# --- vita peers ---------------------------------------------------------------------------------
def run(*args):
    return CliRunner().invoke(main, ["peers", *args])


def test_cli_peers_on_an_experience_summary(shipped_dataset):
    summary = shipped_dataset.sections["jura-service"].summary
    result = run(summary, "--format", "json", "-k", "3")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["results"]
    experiences = [r for r in rows if r["type"] == "expérience"]
    assert experiences[0]["id"] == "jura-service"
    assert (experiences[0]["first_line"], experiences[0]["last_line"]) == \
        shipped_dataset.sections["jura-service"].source_lines


def test_cli_peers_text_and_csv():
    text = run("plate-forme de services à la personne", "-k", "2")
    assert text.exit_code == 0, text.output
    assert text.output.startswith("Pairs pour « plate-forme de services à la personne »")
    assert "Acteurs :" in text.output and "Expériences :" in text.output
    assert "· à lire : « " in text.output
    table = list(csv.DictReader(io.StringIO(run("plate-forme de services à la personne", "-k",
                                                "2", "--format", "csv").output)))
    assert [r["type"] for r in table] == ["acteur", "acteur", "expérience", "expérience"]
    assert table[2]["id"] == "anjou-domicile" and table[2]["first_line"] == "6211"


def test_cli_peers_errors():
    result = run("clauses", "--near", "Atlantide")
    assert result.exit_code == 2
    assert "erreur : territoire inconnu : « Atlantide »" in result.output


def test_stemming_is_safe_from_several_threads():
    # the explorer's server answers in threads; one shared Snowball stemmer broke (IndexError)
    from concurrent.futures import ThreadPoolExecutor
    from graph.text_index import content_stem
    words = [f"insertionnalisations{'x' * (i % 7)}{i}" for i in range(4000)]
    with ThreadPoolExecutor(8) as pool:
        stems = list(pool.map(content_stem, words))
    assert all(stems)
