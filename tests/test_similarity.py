"""graph/similarity.py and graph/peer_index.py on small graphs built here, with answers worked
out by hand: the rarity (Adamic–Adar) weighting, generic reasons, the 0–100 score."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from graph.peer_index import PeerIndex, rarity_weight
from graph.peer_records import PeerRecords
from graph.similarity import (WEIGHTS, Weights, level, listing, lower_first, reasons, role_code,
                              same_territory, similar_actors)

# a1 and a2 (AI) share the hub h (a programme tied to 5 actors) and the PLIE p1 (tied to both);
# a1 also works with the PLIE p2. x1..x3 only participate in the hub; 30 fillers, tied in pairs,
# make the hub "generic" (a partner of 5 of 38 actors with partners: 13 % >= 10 %) and p1 not.
ACTORS = [("a1", "AI", "35"), ("a2", "AI", "44"), ("h", "PROGRAMME", None), ("p1", "PLIE", "35"),
          ("p2", "PLIE", "44"), ("x1", "ASSO", "35"), ("x2", "ASSO", "44"), ("x3", "ASSO", "44")]
TIES = [("a1", "h", "PARTICIPATES_IN"), ("a2", "h", "PARTICIPATES_IN"),
        ("x1", "h", "PARTICIPATES_IN"), ("x2", "h", "PARTICIPATES_IN"),
        ("x3", "h", "PARTICIPATES_IN"), ("p1", "a1", "FUNDS"), ("p1", "a2", "FUNDS"),
        ("p2", "a1", "FUNDS")]
FILLERS = [f"f{i:02d}" for i in range(30)]
ONLY = {name: 0.0 for name in ("kind", "family", "partner_kinds", "partners", "roles", "themes",
                               "topics", "text")}


def actor(aid, kind, dep, family=None):
    from graph.vocabulary import KINDS
    return {"id": aid, "name": f"Acteur {aid}", "acronym": None, "kind": kind,
            "family": family or KINDS[kind].family, "departement": dep,
            "region_2008": {"35": "53", "44": "52"}.get(dep), "region": None, "sections": [],
            "text": ""}


@pytest.fixture(scope="module")
def index() -> PeerIndex:
    actors = [actor(*a) for a in ACTORS] + [actor(f, "ENTREPRISE", "75") for f in FILLERS]
    ties = [{"source": s, "target": t, "type": typ} for s, t, typ in TIES]
    ties += [{"source": a, "target": b, "type": "PARTNER_OF"} for a, b in zip(FILLERS[::2],
                                                                              FILLERS[1::2])]
    return PeerIndex(PeerRecords(actors, ties, []))


def only(**weights) -> Weights:
    return Weights(**(ONLY | weights))


def test_rarity_weight_is_the_adamic_adar_weight():
    assert rarity_weight(5) == 1 / math.log(5)
    assert rarity_weight(2) == rarity_weight(1) == 1 / math.log(2)   # at most 1/ln 2


def test_shared_partners_weighted_by_rarity_by_hand(index):
    # a1: {h, p1, p2}, a2: {h, p1}; h has 5 partners, p1 2, p2 1.
    # shared = 1/ln 5 + 1/ln 2 (networkx's Adamic–Adar index); union adds p2's 1/ln 2
    shared = 1 / math.log(5) + 1 / math.log(2)
    expected = 100 * shared / (shared + 1 / math.log(2))
    [match] = similar_actors(index, "a1", k=1, weights=only(partners=1.0))
    assert (match.id, round(match.score, 9)) == ("a2", round(expected, 9))
    graph = nx.Graph([(s, t) for s, t, _ in TIES])
    [(_, _, adamic_adar)] = nx.adamic_adar_index(graph, [("a1", "a2")])
    assert shared == pytest.approx(adamic_adar)


def test_a_rare_shared_partner_outweighs_a_hub(index):
    # x1 and x2 share only the hub: 1/ln 5 over 1/ln 5 = 1 — but a2 shares p1 with a1 too, and
    # from p1's side the rarity makes a2 closer to a1 than any hub-only pair would make x1
    sig = index.signals["partners"]
    x1_x2 = sig.jaccard(index.row["x1"])[index.row["x2"]]
    assert x1_x2 == pytest.approx(1.0)
    assert sig.weights[sig.col["h"]] < sig.weights[sig.col["p1"]]


def test_roles_and_partner_kinds_by_hand(index):
    # roles: a1 {PARTICIPATES_IN>, FUNDS<} = a2's: Jaccard 1 whatever the weights
    [match] = similar_actors(index, "a1", k=1, weights=only(roles=1.0))
    assert (match.id, match.score) == ("a2", pytest.approx(100.0))
    # partner kinds: a1 {PROGRAMME, PLIE}, x1 {PROGRAMME}; PROGRAMME held by 5 actors, PLIE by 2
    kinds = index.signals["partner_kinds"]
    expected = (1 / math.log(5)) / (1 / math.log(5) + 1 / math.log(2))
    assert kinds.jaccard(index.row["a1"])[index.row["x1"]] == pytest.approx(expected)


def test_score_is_0_to_100_with_a_level(index):
    for m in similar_actors(index, "a1", k=10):
        assert 0 < m.score <= 100
    assert [level(s) for s in (75.0, 50.0, 49.9, 30.0, 29.9)] == \
        ["très proche", "très proche", "proche", "proche", "voisin"]
    [best] = similar_actors(index, "a1", k=1)
    w = WEIGHTS   # same kind, roles 1, themes 0 (no sections), partners as above, no text
    shared = 1 / math.log(5) + 1 / math.log(2)
    partners = shared / (shared + 1 / math.log(2))
    assert best.score == pytest.approx(100 * (w.kind + w.roles + w.partners * partners) / w.total)


def test_generic_reasons_never_appear_when_a_rarer_one_exists(index):
    [best] = similar_actors(index, "a1", k=1, weights=only(partners=1.0, roles=1.0))
    said = reasons(index, "AI", best)
    assert said == ("mêmes rôles : est financé, participe à des démarches",
                    "partenaires communs : Acteur p1")   # the hub h is generic: not named
    assert not any("Acteur h" in r for r in said)
    # x1 and x2 share only the hub as a partner: rarer reasons exist, so the hub is dropped
    x2 = next(m for m in similar_actors(index, "x1", k=5) if m.id == "x2")
    assert x2.shared["partners"] == ("h",)
    assert reasons(index, "ASSO", x2) == ("même type : association",
                                          "mêmes rôles : participe à des démarches")


def test_reasons_are_ordered_by_their_part_of_the_score(index):
    [best] = similar_actors(index, "a1", k=1)
    said = reasons(index, "AI", best)
    assert said[0] == "même type : association intermédiaire"   # 3 points of 10, the most
    parts = [best.parts[s] for s in ("kind", "roles", "partners")]
    assert parts == sorted(parts, reverse=True)


def test_options_and_ordering(index):
    assert [m.id for m in similar_actors(index, "a1", kind="AI")] == ["a2"]
    assert similar_actors(index, "a1", kind="PLIE") == []   # nothing in common: score 0
    assert all(m.id.startswith("x") for m in similar_actors(index, "a1", family="association"))
    far = similar_actors(index, "a1", other_territories=True, k=40)
    assert "p1" not in [m.id for m in far] and "x1" not in [m.id for m in far]
    scores = [(-m.score, index.actors[m.id]["name"], m.id) for m in similar_actors(index, "a1", k=40)]
    assert scores == sorted(scores)


def test_unknown_actor_and_bad_options(index):
    assert similar_actors(index, "nobody") == []
    for bad in [dict(k=0), dict(kind="XX"), dict(family="xx")]:
        with pytest.raises(ValueError):
            similar_actors(index, "a1", **bad)
    with pytest.raises(ValueError):
        similar_actors(index, "a1", weights=only())


@pytest.mark.parametrize("a, b, same", [
    (("35", "53"), ("35", "53"), True), (("35", "53"), ("44", "52"), False),
    (("35", "53"), (None, "53"), True), ((None, "53"), (None, "52"), False),
    (("35", "53"), (None, None), False), ((None, None), (None, None), True),
])
def test_same_territory(a, b, same):
    assert same_territory(*a, *b) is same


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


def mini_similar(actor_id, **options):
    from graph.memory_store import MemoryStore
    from loaders.dataset import load_dataset
    from tests.conftest import MINI
    return MemoryStore(load_dataset(MINI)).similar(actor_id, **options)


def test_cli_similar_text():
    result = cli("cg-26", "-k", "2")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("Acteurs semblables à Conseil Général de la Drôme (cg-26) — "
                        "Conseil général (départemental), Drôme (26)")
    best = mini_similar("cg-26", k=2)[0]
    assert lines[1].split()[:2] == ["1.", f"{best.score:.1f}"]
    assert f" {best.level} " in lines[1] and f"{best.actor.name} ({best.actor.id})" in lines[1]
    assert f"· {best.reasons[0]}" in result.output
    assert len([line for line in lines if line[:5].strip().endswith(".")]) == 2


def test_cli_similar_json_csv_and_name_lookup():
    import csv
    import io
    import json
    rows = json.loads(cli("Conseil Général de la Drôme", "--format", "json",
                          "--other-territories").output)
    expected = mini_similar("cg-26", other_territories=True)
    assert [(r["id"], r["score"], r["level"], r["reasons"]) for r in rows] == \
        [(s.actor.id, s.score, s.level, list(s.reasons)) for s in expected]
    assert "cr-rhone-alpes" not in [r["id"] for r in rows]   # the Région contains the Drôme
    table = list(csv.DictReader(io.StringIO(cli("e3i", "--format", "csv").output)))
    assert [(r["rank"], r["id"], r["shared_terms"]) for r in table] == \
        [(str(i), s.actor.id, " | ".join(s.shared_terms))
         for i, s in enumerate(mini_similar("e3i"), 1)]


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
    # first relevant at rank i with probability C(10-i, 1)/C(10, 2): E[1/rank] = Σ (10-i)/45/i
    precision, hit, rr = random_expectation([str(i) for i in range(10)], {"0", "1"})
    assert (precision, round(hit, 4)) == (0.2, round(1 - 56 / 252, 4))
    assert rr == pytest.approx(sum((10 - i) / 45 / i for i in range(1, 10)))
    # from a1, one same-kind candidate (a2) comes first, then 4 of the 6 others at random
    candidates = ["a2", "h", "p1", "p2", "x1", "x2", "x3"]
    assert same_kind_expectation(index, "a1", candidates, {"a2"}) == (0.2, 1.0, 1.0)
    precision, hit, rr = same_kind_expectation(index, "a1", candidates, {"h"})
    assert (round(precision, 4), round(hit, 4)) == (round(4 / 6 / 5, 4), round(4 / 6, 4))
    assert rr == pytest.approx(sum(1 / 6 / (1 + i) for i in range(1, 7)))   # ranks 2..7
