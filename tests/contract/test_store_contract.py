"""What every GraphStore guarantees, checked on the mini dataset."""

from __future__ import annotations

import math

import pytest

from graph.coordinates import DEFAULT_FOLDER, read_points

from graph.store import Filters


def ids(rows):
    return [r.id for r in rows]


def test_stats(store):
    stats = store.stats()
    assert (stats.actors, stats.relations, stats.experiences, stats.sections) == (9, 8, 2, 3)
    assert stats.by_family == {"employment_service": 1, "funder": 1, "local_authority": 3,
                               "network": 1, "siae": 2, "state": 1}
    assert stats.by_relation_type == {"CONTRACTS_WITH": 1, "FUNDS": 3, "MANAGES": 1,
                                      "MEMBER_OF": 2, "PARTNER_OF": 1}
    assert stats.by_status == {"actual": 7, "planned": 1}
    assert stats.by_section == {"archer-mini": (5, 4), "e3i-mini": (3, 2), "introduction": (3, 2)}


def test_counts_are_the_totals_of_stats(store):
    stats = store.stats()
    assert store.counts() == {"actors": stats.actors, "relations": stats.relations,
                              "sections": stats.sections, "experiences": stats.experiences}
    assert store.counts() == {"actors": 9, "relations": 8, "sections": 3, "experiences": 2}


def test_actors_are_ordered_by_name_then_id(store):
    assert ids(store.actors()) == ["anpe-romans", "coorace", "cg-26", "cr-rhone-alpes",
                                   "dgefp", "e3i", "archer", "projet-vita", "ville-grenoble"]


def test_actor_row_carries_place_and_degree(store):
    [archer] = [a for a in store.actors() if a.id == "archer"]
    assert (archer.commune_name, archer.departement, archer.region_2008_name, archer.region_name) \
        == ("Romans-sur-Isère", "26", "Rhône-Alpes", "Auvergne-Rhône-Alpes")
    assert archer.kind_label == "Ensemblier d'insertion"
    assert archer.degree == 4
    assert archer.sections == ("archer-mini",)


def test_actor_rows_carry_map_positions(store):
    points = read_points(DEFAULT_FOLDER / "commune_points.csv")
    rows = {a.id: a for a in store.actors()}
    # two actors in Romans: the first by id on the town hall, the other spread a little beside
    assert (rows["anpe-romans"].latitude, rows["anpe-romans"].longitude) == points["26281"]
    archer = rows["archer"]
    offset = math.dist((archer.latitude, archer.longitude), points["26281"])
    assert archer.precision == "commune" and 0.001 < offset < 0.03
    # a département-wide actor sits on the prefecture (Valence), marked approximate
    assert (rows["cg-26"].latitude, rows["cg-26"].longitude, rows["cg-26"].precision) == \
        (*points["26362"], "departement")
    # a régional body on its (2008) région's chef-lieu, Lyon
    assert (rows["cr-rhone-alpes"].latitude, rows["cr-rhone-alpes"].longitude,
            rows["cr-rhone-alpes"].precision) == (*points["69123"], "region")
    for unplaced in ("coorace", "dgefp"):
        assert (rows[unplaced].latitude, rows[unplaced].longitude, rows[unplaced].precision) \
            == (None, None, None)
    assert store.actor("archer").actor == archer
    assert store.territory_subgraph("dep:26").nodes[-1].precision == "commune"


def test_actors_filtered_by_family_kind_and_territory(store):
    assert ids(store.actors(Filters(families=("local_authority",)))) == \
        ["cg-26", "cr-rhone-alpes", "ville-grenoble"]
    assert ids(store.actors(Filters(kinds=("ETTI", "FT")))) == ["anpe-romans", "e3i"]
    assert ids(store.actors(territory="dep:38")) == ["e3i", "ville-grenoble"]
    assert ids(store.actors(territory="region2008:82", filters=Filters(families=("siae",)))) == \
        ["e3i", "archer"]
    assert ids(store.actors(Filters(working_groups=("commande-publique",)))) == \
        ["coorace", "e3i", "ville-grenoble"]
    assert ids(store.actors(Filters(sections=("introduction",)))) == \
        ["coorace", "dgefp", "projet-vita"]


def test_unknown_territory_has_no_actors(store):
    assert store.actors(territory="dep:99") == []


def test_territories_tree(store):
    rows = {t.id: t for t in store.territories()}
    assert list(rows)[:3] == ["france", "region:84", "region2008:82"]
    assert rows["france"].actor_count == 9
    assert rows["region2008:82"].actor_count == 6
    assert (rows["dep:26"].parent, rows["dep:26"].actor_count, rows["dep:26"].label) == \
        ("region2008:82", 3, "Drôme (26)")
    assert (rows["commune:38185"].parent, rows["commune:38185"].actor_count) == \
        ("epci:200040715", 2)
    assert rows["pays:pays-de-romans"].actor_count == 3   # archer, anpe-romans, cg-26


def test_actor_detail(store):
    detail = store.actor("archer")
    assert detail.contact["phone"] == "04 75 00 00 00"
    assert detail.contact["people"] == [{"name": "Jean EXEMPLE", "role": "Directeur"}]
    assert detail.description == "Ensemblier d'insertion de Romans."
    assert [(a.section, a.role) for a in detail.appearances] == [("archer-mini", "lead")]
    assert ids(detail.relations) == [
        "archer-mini:anpe-romans:PARTNER_OF:archer", "archer-mini:archer:MEMBER_OF:coorace",
        "archer-mini:cg-26:FUNDS:archer", "archer-mini:cr-rhone-alpes:FUNDS:archer"]
    funds = detail.relations[2]
    assert (funds.source_name, funds.type_label, funds.status, funds.line) == \
        ("Conseil Général de la Drôme", "finance", "actual", 600)
    assert funds.evidence == "Le Conseil Général finance le pôle"


def test_unknown_actor_detail_is_none(store):
    assert store.actor("nobody") is None


@pytest.mark.parametrize("query, expected", [
    ("ANPE", ["anpe-romans"]),                 # acronym, exact
    ("conseil general", ["cg-26"]),            # accents and case ignored
    ("CONSEIL", ["cg-26", "cr-rhone-alpes"]),  # prefix ties ordered by name
    ("grenoble", ["ville-grenoble"]),
    ("drôme", ["cg-26"]),
    ("vita", ["projet-vita"]),
    ("zzz", []),
    ("  ", []),
])
def test_search(store, query, expected):
    assert ids(store.search(query)) == expected


def test_search_ranks_exact_before_prefix_before_substring(store):
    # "archer": exact alias of archer; "e" would match many: limit applies after ranking
    assert ids(store.search("archer")) == ["archer"]
    assert len(store.search("e", limit=3)) == 3


def test_relations_filtered(store):
    assert ids(store.relations(Filters(relation_types=("FUNDS",), statuses=("planned",)))) == \
        ["archer-mini:cr-rhone-alpes:FUNDS:archer"]
    assert ids(store.relations(Filters(sections=("introduction",)))) == \
        ["introduction:coorace:MANAGES:projet-vita", "introduction:dgefp:FUNDS:projet-vita"]
    assert len(store.relations()) == 8


def test_territory_subgraph_with_context(store):
    sub = store.territory_subgraph("dep:26")
    assert ids(sub.nodes) == ["anpe-romans", "cg-26", "archer"]
    assert ids(sub.context) == ["coorace", "cr-rhone-alpes"]
    assert ids(sub.edges) == [
        "archer-mini:anpe-romans:PARTNER_OF:archer", "archer-mini:archer:MEMBER_OF:coorace",
        "archer-mini:cg-26:FUNDS:archer", "archer-mini:cr-rhone-alpes:FUNDS:archer"]


def test_territory_subgraph_filters(store):
    sub = store.territory_subgraph("dep:26", Filters(relation_types=("FUNDS",)))
    assert ids(sub.context) == ["cr-rhone-alpes"]
    assert ids(sub.edges) == ["archer-mini:cg-26:FUNDS:archer",
                              "archer-mini:cr-rhone-alpes:FUNDS:archer"]
    sub = store.territory_subgraph("dep:26", Filters(families=("siae", "employment_service")))
    assert ids(sub.nodes) == ["anpe-romans", "archer"]
    assert ids(sub.context) == []     # coorace (network) and the région are filtered out
    assert ids(sub.edges) == ["archer-mini:anpe-romans:PARTNER_OF:archer"]


def test_whole_france_has_no_context(store):
    sub = store.territory_subgraph("france")
    assert len(sub.nodes) == 9 and sub.context == () and len(sub.edges) == 8


def test_neighbourhood_depths(store):
    assert ids(store.neighbourhood(["e3i"], 0).nodes) == ["e3i"]
    one = store.neighbourhood(["e3i"], 1)
    assert ids(one.nodes) == ["coorace", "e3i", "ville-grenoble"]
    assert ids(one.edges) == ["e3i-mini:e3i:MEMBER_OF:coorace",
                              "e3i-mini:ville-grenoble:CONTRACTS_WITH:e3i"]
    two = store.neighbourhood(["e3i"], 2)
    assert ids(two.nodes) == ["coorace", "e3i", "archer", "projet-vita", "ville-grenoble"]
    assert len(two.edges) == 4


def test_neighbourhood_of_unknown_actor_is_empty(store):
    assert store.neighbourhood(["nobody"], 2).nodes == ()


def test_sections(store):
    rows = store.sections()
    assert ids(rows) == ["archer-mini", "e3i-mini", "introduction"]
    archer = rows[0]
    assert (archer.lead, archer.first_line, archer.last_line, archer.years) == \
        ("archer", 588, 898, (2006, 2007))
    assert archer.actors == ("anpe-romans", "archer", "cg-26", "coorace", "cr-rhone-alpes")
    assert archer.relation_count == 4
    assert archer.working_group_label == "Pôles de développement territorial"
    assert rows[2].is_experience is False


# --- similar actors and peers (graph/similarity.py, graph/peers.py; the scores themselves are
# worked out by hand in tests/test_similarity.py and tests/test_peers.py) -----------------------
def similar_ids(rows):
    return [r.actor.id for r in rows]


@pytest.fixture(scope="module")
def reference_index(mini_dataset):
    """The index built straight from the dataset and the recueil, as MemoryStore does."""
    from graph.peer_index import PeerIndex
    from graph.peer_records import read_source_lines, records_from_dataset
    from loaders.dataset import source_path
    return PeerIndex(records_from_dataset(mini_dataset, read_source_lines(source_path())))


@pytest.mark.parametrize("actor_id, options", [
    ("cg-26", {}), ("cg-26", {"other_territories": True}), ("e3i", {"k": 3}),
    ("cg-26", {"kind": "MUNI"}), ("archer", {"family": "local_authority"})])
def test_similar_is_the_pure_ranking_of_the_dataset(store, reference_index, actor_id, options):
    from graph.similarity import similar_actors
    expected = similar_actors(reference_index, actor_id, **options)
    rows = store.similar(actor_id, **options)
    assert [(r.actor.id, r.score) for r in rows] == [(m.id, round(m.score, 1)) for m in expected]
    assert rows and all(0 < r.score <= 100 and r.level for r in rows)
    assert all(r.reasons for r in rows)


def test_similar_ranks_by_score_with_reasons(store):
    rows = store.similar("cg-26")
    keys = [(-r.score, r.actor.name, r.actor.id) for r in rows]
    assert keys == sorted(keys)
    anpe = next(r for r in rows if r.actor.id == "anpe-romans")
    assert anpe.shared_partners == ("archer",)
    assert "partenaires communs : Groupement ARCHER" in anpe.reasons
    assert anpe.shared_working_groups == ("poles-territoriaux",)
    assert anpe.actor.name == "Agence locale pour l'emploi de Romans"


def test_similar_options(store):
    assert len(store.similar("cg-26", k=1)) == 1
    # the Région contains the Drôme and the ANPE agency is in it: both are local
    far = similar_ids(store.similar("cg-26", other_territories=True))
    assert "cr-rhone-alpes" not in far and "anpe-romans" not in far and far
    assert similar_ids(store.similar("cg-26", kind="MUNI")) == ["ville-grenoble"]
    assert similar_ids(store.similar("cg-26", family="employment_service")) == ["anpe-romans"]
    assert store.similar("cg-26", kind="PLIE") == []


def test_similar_unknown_actor_and_bad_options(store):
    assert store.similar("nobody") == []
    with pytest.raises(ValueError):
        store.similar("cg-26", k=0)
    with pytest.raises(ValueError):
        store.similar("cg-26", kind="NOT_A_KIND")
    with pytest.raises(ValueError):
        store.similar("cg-26", family="nope")


def test_peers_for_a_description(store):
    found = store.peers("clauses sociales et marchés publics du BTP à Grenoble", k=3)
    assert found.experiences[0].id == "e3i-mini"
    assert "e3i" in [a.id for a in found.actors]
    assert all(r.startswith("termes communs : ") for a in found.actors for r in a.reasons[:1])
    with pytest.raises(ValueError):
        store.peers("   ")


def test_actor_details_in_one_call(store):
    found = store.actor_details(["e3i", "nobody", "archer", "e3i"])
    assert set(found) == {"e3i", "archer"}
    assert found["archer"] == store.actor("archer")
    assert found["e3i"] == store.actor("e3i")
    assert store.actor_details([]) == {}
