"""graph/similarity.py on a small graph built here, with answers worked out by hand."""

from __future__ import annotations

import pytest

from graph.geography import Place
from graph.model import Actor, Dataset, Relation, Section
from graph.similarity import (SimilarityIndex, Weights, lower_first, listing, profiles, reasons,
                              role_code, same_territory, similar_actors)

PLACES = {"35": Place(departement="35", region_2008="53"), "44": Place(departement="44", region_2008="52"),
          "53": Place(region_2008="53")}
ACTORS = [("ai-a", "AI", "35"), ("ai-b", "AI", "44"), ("aci-c", "ACI", "35"),
          ("plie-a", "PLIE", "35"), ("plie-b", "PLIE", "44"), ("cd-35", "CD", "35"),
          ("cd-44", "CD", "44"), ("cr", "REG", "53"), ("asso-x", "ASSO", "44")]
TIES = [("plie-a", "FUNDS", "ai-a", "actual", "s1"), ("cd-35", "FUNDS", "ai-a", "actual", "s1"),
        ("plie-b", "FUNDS", "ai-b", "planned", "s2"), ("cd-44", "FUNDS", "ai-b", "actual", "s2"),
        ("cr", "FUNDS", "ai-b", "refused_or_ended", "s2"),   # not a partnership: ignored
        ("aci-c", "PARTNER_OF", "cd-35", "actual", "s1")]


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    actors = {aid: Actor(aid, f"Acteur {aid}", kind, PLACES[place]) for aid, kind, place in ACTORS}
    relations = tuple(Relation(f"{s}:{t}", s, t, typ, status, sec, None, "citation", 1)
                      for s, typ, t, status, sec in TIES)
    sections = {
        "s1": Section("s1", "Une", "commande-publique", (1, 2),
                      {a: "partner" for a in ("ai-a", "plie-a", "cd-35", "aci-c")}),
        "s2": Section("s2", "Deux", "services-proximite", (3, 4),
                      {a: "partner" for a in ("ai-b", "plie-b", "cd-44", "cr", "asso-x")}),
    }
    return Dataset(actors, sections, relations)


@pytest.fixture(scope="module")
def index(dataset) -> SimilarityIndex:
    return SimilarityIndex(dataset)


def scores(matches):
    return [(m.id, round(m.score, 4)) for m in matches]


def test_profile_ignores_refused_ties_and_keeps_direction(dataset):
    ai_b = profiles(dataset)["ai-b"]
    assert ai_b.partners == {"plie-b", "cd-44"}         # the refused Région is not a partner
    assert ai_b.partner_kinds == {"PLIE", "CD"}
    assert ai_b.roles == {"FUNDS<"}
    assert ai_b.themes == {"services-proximite"}
    assert profiles(dataset)["cd-35"].roles == {"FUNDS>", "PARTNER_OF"}


def test_similar_actors_scores(index):
    # ai-b: same kind 3 + partner kinds 3·(2/2) + roles 1·(1/1) = 7;
    # aci-c: family 1 + partner kinds 3·(1/2) + partners 2·(1/2) + themes 1·(1/1) = 4.5
    assert scores(similar_actors(index, "ai-a")) == [("ai-b", 7.0), ("aci-c", 4.5)]


def test_candidates_are_family_and_shared_partners_unless_a_kind_is_asked(index):
    # plie-a shares the theme with ai-a (score 1) but neither its family nor a partner
    assert "plie-a" not in [m.id for m in similar_actors(index, "ai-a")]
    assert scores(similar_actors(index, "ai-a", kind="PLIE")) == [("plie-a", 1.0)]
    assert similar_actors(index, "ai-a", kind="ASSO") == []        # asso-x scores 0
    assert scores(similar_actors(index, "ai-a", family="siae", k=1)) == [("ai-b", 7.0)]


def test_other_territories(index):
    assert scores(similar_actors(index, "ai-a", other_territories=True)) == [("ai-b", 7.0)]
    # the Région (53, no département) contains the 35 actors, not the 44 ones
    assert [m.id for m in similar_actors(index, "cd-35", other_territories=True, kind="CD")] \
        == ["cd-44"]


def test_weights_change_the_ranking(index):
    only_themes = Weights(kind=0, family=0, partner_kinds=0, partners=0, roles=0, themes=1)
    assert scores(similar_actors(index, "ai-a", weights=only_themes)) == [("aci-c", 1.0)]


def test_equal_scores_are_ordered_by_name_then_id(index):
    # from plie-a: cd-35 = 3·1/2 + 2·1/2 + 1·1/2 + 1 = 4; cd-44 = 3·1 + 0 + 1·1 + 0 = 4
    matches = similar_actors(index, "plie-a", kind="CD")
    assert scores(matches) == [("cd-35", 4.0), ("cd-44", 4.0)]


def test_unknown_actor_and_bad_options(index):
    assert similar_actors(index, "nobody") == []
    for bad in [dict(k=0), dict(kind="XX"), dict(family="xx")]:
        with pytest.raises(ValueError):
            similar_actors(index, "ai-a", **bad)


@pytest.mark.parametrize("a, b, same", [
    (("35", "53"), ("35", "53"), True), (("35", "53"), ("44", "52"), False),
    (("35", "53"), (None, "53"), True), ((None, "53"), (None, "52"), False),
    (("35", "53"), (None, None), False), ((None, None), (None, None), True),
])
def test_same_territory(a, b, same):
    assert same_territory(*a, *b) is same


def test_reasons_in_french(index):
    [best, second] = similar_actors(index, "ai-a")
    assert reasons("AI", best.same_kind, best.same_family, best.partner_kinds, [], best.roles,
                   best.themes) == ("même type : association intermédiaire",
                                    "travaillent tous deux avec : Conseil Général, PLIE",
                                    "mêmes rôles : est financé")
    assert reasons("ACI", second.same_kind, second.same_family, second.partner_kinds,
                   ["Acteur cd-35"], second.roles, second.themes) == (
        "même famille : Structures de l'IAE", "travaillent tous deux avec : Conseil Général",
        "partenaires communs : Acteur cd-35", "même thème : Commande publique responsable")


def test_reason_helpers():
    assert role_code("FUNDS", True) == "FUNDS>" and role_code("PARTNER_OF", False) == "PARTNER_OF"
    assert lower_first("Association intermédiaire") == "association intermédiaire"
    assert lower_first("AFPA") == "AFPA"
    assert listing(list("abcdefg")) == "a, b, c, d, e et 2 autres"
    assert listing(list("abcdef")) == "a, b, c, d, e et 1 autre"


# --- the `vita similar` command, on the mini dataset ------------------------------------------
def cli(*args: str):
    from click.testing import CliRunner

    from cli.main import main
    from tests.conftest import MINI
    return CliRunner().invoke(main, ["similar", *args, "--data", str(MINI)])


def test_cli_similar_text():
    result = cli("cg-26", "-k", "2")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("Acteurs semblables à Conseil Général de la Drôme (cg-26) — "
                        "Conseil général (départemental), Drôme (26)")
    assert lines[1].split() == ["1.", "9.000", "Conseil", "Régional", "Rhône-Alpes",
                                "(cr-rhone-alpes)", "—", "Conseil", "régional,", "Rhône-Alpes"]
    assert "· partenaires communs : Groupement ARCHER" in result.output
    assert "(anpe-romans)" in result.output and "(coorace)" not in result.output


def test_cli_similar_json_csv_and_name_lookup():
    import csv
    import io
    import json
    rows = json.loads(cli("Conseil Général de la Drôme", "--format", "json",
                          "--other-territories").output)
    assert [(r["id"], r["score"]) for r in rows] == [("coorace", 2.6667), ("ville-grenoble", 1.0)]
    assert rows[0]["reasons"][0] == "travaillent tous deux avec : ensemblier"
    table = list(csv.DictReader(io.StringIO(cli("e3i", "--format", "csv").output)))
    assert [(r["rank"], r["id"], r["shared_partners"]) for r in table] == \
        [("1", "archer", "coorace"), ("2", "projet-vita", "coorace")]


@pytest.mark.parametrize("args, message", [
    (["nobody"], "aucun acteur « nobody »"),
    (["conseil"], "aucun acteur « conseil » ; acteurs proches :\n  - cg-26 : "),
    (["cg-26", "--kind", "XX"], "type d'acteur inconnu : 'XX'"),
    (["cg-26", "--family", "xx"], "famille d'acteurs inconnue : 'xx'"),
    (["cg-26", "-k", "0"], "k doit être au moins 1"),
])
def test_cli_similar_errors_in_french(args, message):
    result = cli(*args)
    assert result.exit_code == 2          # bad input (graph.errors.InputError)
    assert message in result.output


# --- the evaluation's judgement set and baselines (tools/evaluate_similarity.py) -----------------
def test_judgement_set_is_valid_against_the_recueil(shipped_dataset, source_file):
    from loaders.evidence import load_source
    from tools.evaluate_similarity import DEFAULT_JUDGEMENTS, load_judgements, relevant_sets
    clusters, problems = load_judgements(DEFAULT_JUDGEMENTS, shipped_dataset,
                                         load_source(source_file))
    assert problems == []
    assert {c.split for c in clusters} == {"dev", "test"}
    assert relevant_sets(clusters)["espace-centremploi"] == {
        "acid", "aide-emploi-services", "e3i", "air-parthenay", "pes-sud-essonne", "jura-service"}


def test_judgement_set_problems_name_file_cluster_and_field(tmp_path, shipped_dataset, source_file):
    from loaders.evidence import load_source
    from tools.evaluate_similarity import load_judgements
    path = tmp_path / "j.yaml"
    path.write_text("clusters:\n  - id: bad\n    split: other\n    basis: x\n    quote: \"nulle part\"\n"
                    "    line: 10\n    members:\n      - {actor: nobody, quote: \"ARCHER\", line: 1}\n",
                    encoding="utf-8")
    _, problems = load_judgements(path, shipped_dataset, load_source(source_file))
    assert f"{path}:bad:split: must be dev or test, not 'other'" in problems
    assert f"{path}:bad:members: a cluster needs at least two members" in problems
    assert f"{path}:bad:members: unknown actor 'nobody'" in problems
    assert any(p.startswith(f"{path}:bad:quote: quote not found near line 10") for p in problems)


def test_baseline_expectations(index):
    from tools.evaluate_similarity import random_expectation, same_kind_expectation
    # 10 candidates, 2 relevant: 5 random picks hold 1 relevant on average; P(no hit) = C(8,5)/C(10,5)
    precision, hit = random_expectation([str(i) for i in range(10)], {"0", "1"})
    assert (precision, round(hit, 4)) == (0.2, round(1 - 56 / 252, 4))
    # from ai-a, one same-kind candidate (ai-b) comes first, then 4 of the 7 others at random
    candidates = ["ai-b", "aci-c", "plie-a", "plie-b", "cd-35", "cd-44", "cr", "asso-x"]
    assert same_kind_expectation(index, "ai-a", candidates, {"ai-b"}) == (0.2, 1.0)
    precision, hit = same_kind_expectation(index, "ai-a", candidates, {"cr"})
    assert (round(precision, 4), round(hit, 4)) == (round(4 / 7 / 5, 4), round(4 / 7, 4))
