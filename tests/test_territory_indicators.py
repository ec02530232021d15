"""graph/territory_indicators.py on small graphs built here, with answers worked out by hand."""

from __future__ import annotations

import pytest

from graph.store import ActorRow, RelationRow, Subgraph
from graph.territory_indicators import (ABSENT, LINKED, PRESENT, comparison_table, communities,
                                        indicators, sort_rows, subgraphs)
from graph.vocabulary import KINDS

DEPS = {"26": ("Drôme", "82", "Rhône-Alpes"), "38": ("Isère", "82", "Rhône-Alpes"),
        "07": ("Ardèche", "82", "Rhône-Alpes")}


def actor(aid: str, name: str, kind: str, dep: str | None) -> ActorRow:
    dep_name, reg, reg_name = DEPS.get(dep, (None, "82", "Rhône-Alpes"))
    return ActorRow(aid, name, None, (), kind, KINDS[kind].label, KINDS[kind].family, None, None,
                    dep, dep_name, reg, reg_name, "84", "Auvergne-Rhône-Alpes", (), 0)


def tie(source: str, rtype: str, target: str, status: str = "actual", n: int = 0) -> RelationRow:
    return RelationRow(f"s:{source}:{rtype}:{target}:{n}", source, source, target, target, rtype,
                       rtype, status, status, "s", "S", None, "citation", 1, None)


INSIDE = [actor("a1", "Alpha", "ACI", "26"), actor("a2", "Beta", "PLIE", "26"),
          actor("a3", "Gamma", "CD", "26"), actor("a4", "Delta", "ASSO", "26"),
          actor("a5", "Epsilon", "MUNI", "26")]
CONTEXT = [actor("r1", "Réseau", "RESEAU_REG", None), actor("ml", "Mission", "ML", "07")]
INTERNAL = [tie("a1", "PARTNER_OF", "a2"), tie("a3", "FUNDS", "a1"),
            tie("a3", "CONTRACTS_WITH", "a1", "planned"), tie("a3", "PARTNER_OF", "a5"),
            tie("a2", "FUNDS", "a4", "refused_or_ended")]
EXTERNAL = [tie("a1", "MEMBER_OF", "r1"), tie("ml", "REFERS_TO", "a4", "refused_or_ended")]
# live structure inside: the path a2 – a1 – a3 – a5, and a4 alone
SUB = Subgraph(tuple(INSIDE), tuple(CONTEXT), tuple(INTERNAL + EXTERNAL))


def test_counts_and_density():
    ind = indicators(SUB, "dep:26", "Drôme (26)")
    assert (ind.actors, ind.ties, ind.external_ties) == (5, 5, 2)
    assert ind.density == 0.3                     # 3 linked pairs of 10
    assert ind.by_family == {"association": 1, "local_authority": 2, "plie_mde": 1, "siae": 1}
    assert ind.ties_by_type == {"CONTRACTS_WITH": 1, "FUNDS": 2, "PARTNER_OF": 2}
    assert ind.ties_by_status == {"actual": 3, "planned": 1, "refused_or_ended": 1}


def test_most_connected_brokers_and_isolated():
    ind = indicators(SUB, "dep:26", "Drôme (26)")
    # the a1–a3 pair counts once although two ties join them
    assert [(r.id, r.value) for r in ind.most_connected] == \
        [("a1", 2), ("a3", 2), ("a2", 1), ("a5", 1)]
    # each middle node of the path is on 2 of the 6 shortest paths between the others
    assert [(r.id, r.value) for r in ind.brokers] == [("a1", 0.3333), ("a3", 0.3333)]
    assert [(r.id, r.value) for r in ind.isolated] == [("a4", 0)]   # its ties were refused
    assert ind.communities == 2                   # {a1, a2} and {a3, a5}


def test_usual_partners():
    # a refused tie does not bring the Mission Locale in
    assert indicators(SUB, "dep:26", "Drôme").usual_partners == {
        "plie": PRESENT, "mde": ABSENT, "ml": ABSENT, "cd": PRESENT, "reseau_regional": LINKED}


def test_communities_are_numbered_largest_first_with_a_fixed_seed():
    inside_only = Subgraph(tuple(INSIDE), (), tuple(INTERNAL))
    assert communities(inside_only) == {"a1": 0, "a2": 0, "a3": 1, "a5": 1, "a4": 2}
    with_context = communities(SUB)
    assert with_context["r1"] == with_context["a1"] and with_context == communities(SUB)


def test_small_territories():
    one = indicators(Subgraph((INSIDE[0],)), "dep:26", "Drôme")
    assert (one.density, one.brokers, one.communities) == (0.0, (), 0)
    assert [(r.id, r.value) for r in one.isolated] == [("a1", 0)]
    linked = indicators(Subgraph((INSIDE[0],), (CONTEXT[0],), (EXTERNAL[0],)), "dep:26", "Drôme")
    assert [(r.id, r.value) for r in linked.isolated] == [("a1", 1)]   # tied to r1 elsewhere


def test_subgraphs_match_territory_subgraph_shape():
    actors = INSIDE + CONTEXT + [actor("i1", "Iota", "AI", "38")]
    relations = INTERNAL + EXTERNAL + [tie("i1", "PARTNER_OF", "a1")]
    subs = subgraphs(actors, relations, "dep")
    assert sorted(subs) == [("dep:07", "Ardèche (07)"), ("dep:26", "Drôme (26)"),
                            ("dep:38", "Isère (38)")]
    drome = subs[("dep:26", "Drôme (26)")]
    assert [a.id for a in drome.nodes] == ["a1", "a2", "a4", "a5", "a3"]   # by name
    assert [a.id for a in drome.context] == ["i1", "ml", "r1"]
    assert len(drome.edges) == 8
    assert list(subgraphs(actors, relations, "region2008")) == \
        [("region2008:82", "Rhône-Alpes (région 2008)")]


def test_comparison_table_and_sorting():
    actors = INSIDE + CONTEXT + [actor("i1", "Iota", "AI", "38")]
    rows = comparison_table(actors, INTERNAL + EXTERNAL, levels=("dep",))
    assert [r["territory"] for r in rows] == ["dep:07", "dep:26", "dep:38"]
    drome = rows[1]
    assert (drome["actors"], drome["siae"], drome["ties"], drome["density"], drome["isolated"],
            drome["isolated_share"], drome["most_connected"], drome["top_broker"],
            drome["usual_partners_present"], drome["has_reseau_regional"]) == \
        (5, 1, 5, 0.3, 1, 0.2, "Alpha", "Alpha", 2, LINKED)
    assert [r["territory"] for r in sort_rows(rows, "actors")] == ["dep:26", "dep:07", "dep:38"]
    assert [r["territory"] for r in sort_rows(rows, "label")] == ["dep:07", "dep:26", "dep:38"]
    with pytest.raises(ValueError):
        sort_rows(rows, "nope")
    with pytest.raises(ValueError):
        comparison_table(actors, [], levels=("canton",))


def test_on_the_shipped_data(shipped_dataset):
    """The Drôme as the recueil describes it (ARCHER's Pôle Sud at Romans)."""
    from graph.memory_store import MemoryStore
    store = MemoryStore(shipped_dataset)
    ind = indicators(store.territory_subgraph("dep:26"), "dep:26", "Drôme (26)")
    assert ind.most_connected[0].id == "pole-sud"
    assert ind.usual_partners["cd"] == PRESENT
    rows = comparison_table(store.actors(), store.relations(), ("dep", "region2008", "region"))
    assert {r["level"] for r in rows} == {"dep", "region2008", "region"}
    assert sum(r["actors"] for r in rows if r["level"] == "region2008") == \
        sum(1 for a in store.actors() if a.region_2008)


# --- the `vita territories` command, on the mini dataset --------------------------------------
def cli(*args: str):
    from click.testing import CliRunner

    from cli.main import main
    from tests.conftest import MINI
    return CliRunner().invoke(main, ["territories", *args, "--data", str(MINI)])


def test_cli_territories_csv_sorted(tmp_path):
    import csv
    out = tmp_path / "t.csv"
    result = cli("--sort", "actors", "--output", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    # Rhône-Alpes holds the 6 placed actors; the Drôme 3, the Isère 2 (cr-rhone-alpes has no
    # département); the three national actors are in no territory
    assert [(r["territory"], r["actors"], r["ties"]) for r in rows] == \
        [("region2008:82", "6", "4"), ("dep:26", "3", "2"), ("dep:38", "2", "1")]
    drome = rows[1]
    assert (drome["density"], drome["external_ties"], drome["has_cd"], drome["has_plie"]) == \
        ("0.6667", "2", PRESENT, ABSENT)


def test_cli_territories_json_levels_and_one_territory():
    import json
    rows = json.loads(cli("--level", "region", "--format", "json").output)
    assert [r["territory"] for r in rows] == ["region:84"]
    detail = json.loads(cli("dep:26", "--format", "json").output)
    assert detail["label"] == "Drôme (26)" and detail["actors"] == 3
    assert [b["id"] for b in detail["brokers"]] == ["archer"]
    text = cli("dep:26", "--format", "text").output
    assert text.startswith("Drôme (26) (dep:26) : 3 acteurs, 2 liens internes")
    assert "réseau régional : absent" in text


def test_cli_territories_errors_in_french():
    result = cli("dep:99")
    assert result.exit_code == 2 and "territoire inconnu ou sans acteur : « dep:99 »" in result.output
    result = cli("--sort", "nope")
    assert result.exit_code == 2 and "colonne inconnue : 'nope'" in result.output
