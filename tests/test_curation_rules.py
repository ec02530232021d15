"""The curation rules of issue 15 (docs/curation.md), checked on the mini dataset and the real
source: where a place comes from, EPCI places, kinds of council services, acronyms, headings."""

from __future__ import annotations

import pytest

from graph.memory_store import MemoryStore
from graph.territory import actor_territories
from loaders.dataset import DatasetError, load_dataset
from loaders.rules import is_list_item, needs_heading
from tests.test_validation import edit_yaml, issues_of

ACTORS = "actors/rhone-alpes.yaml"
# a real list of the recueil (Rhuys Emplois): the heading ends at 7755, the item is at 7766
HEADING = {"quote": "Rhuys Emplois envisage de solliciter plusieurs aides financières :", "line": 7754}
ITEM = {"source": "cg-26", "type": "FUNDS", "target": "projet-vita", "status": "planned",
        "evidence": "Conseil Général du Morbihan,", "line": 7766}


def _add_actor(root, **actor):
    edit_yaml(root / "actors" / "national.yaml", lambda d: d.append(actor))
    edit_yaml(root / "context" / "introduction.yaml",
              lambda d: d["actors"].append({"id": actor["id"], "role": "mentioned"}))


def test_a_place_needs_its_source(mini_root):
    edit_yaml(mini_root / ACTORS, lambda d: d[4]["location"].pop("place_source"))
    assert issues_of(mini_root) == ["data/actors/rhone-alpes.yaml:e3i:location.place_source: "
                                    "a place needs its place_source (text, name or experience)"]


def test_a_place_source_needs_a_place(mini_root):
    edit_yaml(mini_root / "actors" / "national.yaml",
              lambda d: d[0].update(location={"place_source": "text"}))
    assert issues_of(mini_root) == ["data/actors/national.yaml:coorace:location.place_source: "
                                    "place_source without a place"]


def test_an_actor_placed_in_an_epci_lies_in_it_and_its_departement(mini_root):
    # La Métro (Grenoble-Alpes-Métropole): its communes are in the Isère
    _add_actor(mini_root, id="la-metro", name="La Métro", kind="EPCI",
               location={"epci": "200040715", "place_source": "text"})
    dataset = load_dataset(mini_root)
    place = dataset.actors["la-metro"].place
    assert (place.level, place.epci, place.departement, place.region_2008) == \
        ("epci", "200040715", "38", "82")
    assert place.commune is None and place.epci_name
    ids = [t.id for t in actor_territories(dataset)["la-metro"]]
    assert ids == ["france", "region:84", "region2008:82", "dep:38", "epci:200040715"]
    [row] = [r for r in MemoryStore(dataset).actors() if r.id == "la-metro"]
    assert (row.epci, row.place_source) == ("200040715", "text")


def test_an_epci_and_a_commune_together_are_refused(mini_root):
    edit_yaml(mini_root / ACTORS, lambda d: d[4]["location"].update(epci="200040715"))
    [issue] = issues_of(mini_root)
    assert issue.startswith("data/actors/rhone-alpes.yaml:e3i:location: give a commune or an EPCI")


def test_an_epci_outside_the_given_departement_is_refused(mini_root):
    _add_actor(mini_root, id="la-metro", name="La Métro", kind="EPCI",
               location={"epci": "200040715", "departement": "26", "place_source": "text"})
    assert issues_of(mini_root) == ["data/actors/national.yaml:la-metro:location: "
                                    "EPCI 200040715 has no commune in département 26"]


def test_a_council_service_cannot_take_the_councils_kind(mini_root):
    _add_actor(mini_root, id="cli-drome", name="Commission Locale d'Insertion de Romans", kind="CD",
               location={"departement": "26", "place_source": "name"})
    assert issues_of(mini_root) == [
        "data/actors/national.yaml:cli-drome:kind: \"Commission Locale d'Insertion de Romans\" is "
        "a council's internal service: use kind SERVICE_CD, not CD"]
    edit_yaml(mini_root / "actors" / "national.yaml", lambda d: d[-1].update(kind="SERVICE_CD"))
    assert load_dataset(mini_root).actors["cli-drome"].family == "local_authority"


def test_an_acronym_that_is_a_kind_is_refused(mini_root):
    edit_yaml(mini_root / ACTORS, lambda d: d[4].update(acronym="ETTI"))
    assert issues_of(mini_root) == ["data/actors/rhone-alpes.yaml:e3i:acronym: 'ETTI' is a kind, "
                                    "not this actor's acronym (put it in aliases)"]


def test_a_local_unit_cannot_carry_its_national_bodys_acronym(mini_root):
    _add_actor(mini_root, id="anpe", name="Agence Nationale Pour l'Emploi", acronym="ANPE", kind="FT")
    assert issues_of(mini_root) == [
        "data/actors/rhone-alpes.yaml:anpe-romans:acronym: 'ANPE' is the acronym of 'anpe', "
        "not of this local unit (put it in aliases)"]


@pytest.mark.parametrize("quote, printed, expected", [
    ("Conseil Général du Morbihan,", "•  Conseil Général du Morbihan,", True),
    ("PELS (Projet d’Economie Locale Sociale)", "•  PELS (Projet d’Economie Locale Sociale) ", True),
    ("l’AMSIC fait appel à VITA", "faire évoluer et l’enrichir, l’AMSIC fait appel", False),
])
def test_list_items_are_recognised(quote, printed, expected):
    assert is_list_item(quote, printed) is expected


def test_long_list_items_do_not_need_a_heading():
    printed = "•  La FNARS a géré les envois de programme"
    assert is_list_item("La FNARS a géré les envois de programme et les inscriptions.", printed)
    assert not needs_heading("La FNARS a géré les envois de programme et les inscriptions.", printed)


def _heading_issues(root, source_file, relation) -> list[str]:
    edit_yaml(root / "context" / "introduction.yaml", lambda d: d["relations"].append(relation))
    edit_yaml(root / "context" / "introduction.yaml",
              lambda d: d["actors"].append({"id": "cg-26", "role": "mentioned"}))
    with pytest.raises(DatasetError) as caught:
        load_dataset(root, source_file)
    return [f"{i.field}: {i.message}" for i in caught.value.issues
            if i.field.startswith("relations.2.context")]


def test_a_short_list_item_needs_its_heading(mini_root, source_file):
    assert _heading_issues(mini_root, source_file, ITEM) == [
        "relations.2.context: a list item shorter than 40 characters needs the heading it sits under"]


def test_a_verbatim_heading_above_the_item_is_accepted(mini_root, source_file):
    assert _heading_issues(mini_root, source_file, {**ITEM, "context": HEADING}) == []


def test_a_heading_not_in_the_source_is_refused(mini_root, source_file):
    heading = {**HEADING, "quote": "Rhuys Emplois a obtenu plusieurs aides financières :"}
    assert _heading_issues(mini_root, source_file, {**ITEM, "context": heading}) == [
        "relations.2.context.quote: heading not at line 7754 ±3 (not found in the source)"]


def test_a_heading_below_its_item_is_refused(mini_root, source_file):
    heading = {"quote": "de la Caisse d’Epargne.", "line": 7769}
    assert _heading_issues(mini_root, source_file, {**ITEM, "context": heading}) == [
        "relations.2.context.line: heading line 7769 is not within 60 lines above the quote's "
        "line 7766"]


@pytest.mark.parametrize("backend", ["memory", "neo4j"])
def test_headings_and_place_sources_reach_the_stores_and_exports(request, backend, mini_root):
    from graph.exports.tables import citation, relation_rows
    from graph.tables import actors_table, relations_table, to_csv
    from tests.conftest import mini_store
    edit_yaml(mini_root / "context" / "introduction.yaml",
              lambda d: d["relations"].append({**ITEM, "context": HEADING}))
    edit_yaml(mini_root / "context" / "introduction.yaml",
              lambda d: d["actors"].append({"id": "cg-26", "role": "mentioned"}))
    store = mini_store(request, backend, load_dataset(mini_root))
    [tie] = [r for r in store.relations() if r.evidence == ITEM["evidence"]]
    assert (tie.context, tie.context_line) == (HEADING["quote"], 7754)
    assert citation(tie) == ("« Rhuys Emplois envisage de solliciter plusieurs aides financières : "
                             "… Conseil Général du Morbihan, »")
    assert [r["Citation"] for r in relation_rows([tie])] == [citation(tie)]
    [row] = [r for r in relations_table(store) if r["evidence"] == ITEM["evidence"]]
    assert (row["context"], row["context_line"]) == (HEADING["quote"], 7754)
    others = [r for r in store.relations() if r.evidence != ITEM["evidence"]]
    assert {r.context for r in others} == {None} and citation(others[0]).startswith("« ")
    actors = {r["id"]: r for r in actors_table(store)}
    assert (actors["e3i"]["place_source"], actors["cg-26"]["place_source"]) == ("experience", "name")
    assert actors["coorace"]["place_source"] is None
    assert "place_source" in to_csv(list(actors.values())).splitlines()[0]


def test_the_stretched_kinds_of_the_shipped_data_are_fixed(shipped_dataset):
    actors = shipped_dataset.actors
    assert {actors[a].kind for a in ("cli-sud-essonne", "rla-sud-essonne", "mds-pas-de-calais")} \
        == {"SERVICE_CD"}
    assert actors["maison-emploi-et-services"].kind != "MDE"      # not a labelled MDE
    assert actors["proxim-services"].kind == "MARQUE"             # a COORACE brand
    assert actors["proxim-services"].family_label == "Réseaux et fédérations"


# local kinds that must sit in a commune or an EPCI (issue 15); the exceptions are actors whose
# place the text does not give more precisely (docs/curation.md, "Places")
LOCAL_KINDS = {"AI", "ACI", "EI", "ETTI", "EITI", "GEIQ", "RQ", "ENSEMBLIER", "PLIE", "MDE", "ML",
               "FT", "MUNI", "EPCI", "CCAS"}
NOT_PLACED_BY_THE_TEXT = {"regar": "region_2008",
                          # the agencies of a regional action, not named one by one
                          "anpe-midi-pyrenees": "region_2008", "anpe-pays-de-la-loire": "region_2008",
                          # the ANPE of a département-wide platform (Anjou Domicile), no agency named
                          "anpe-dd-49": "departement",
                          "inseretz": "departement", "pactes": "departement"}


def test_local_actors_sit_in_a_commune_or_an_epci(shipped_dataset):
    levels = {a.id: a.place.level for a in shipped_dataset.actors.values() if a.kind in LOCAL_KINDS}
    assert {aid: level for aid, level in levels.items() if level not in ("commune", "epci")} \
        == NOT_PLACED_BY_THE_TEXT


def test_the_readme_counts_actors_by_place_precision(shipped_dataset):
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
    from update_readme import place_precision_markdown
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    lines = place_precision_markdown(shipped_dataset)
    assert "\n".join(lines) in readme
    assert any(line.startswith("| commune | ") for line in lines)


def test_unqualified_names_in_local_sentences_are_local_units(shipped_dataset):
    """docs/curation.md, "National or local": the départemental federations that founded Anjou
    Domicile, the ANPE agencies the experiences work with, the BISE's partners of action."""
    actors, ties = shipped_dataset.actors, shipped_dataset.relations
    founders = {r.source for r in ties if r.target == "anjou-domicile" and r.type == "CREATED"}
    networks = {a for a in founders if actors[a].family in ("network", "association")}
    assert {"coorace-49", "admr-49", "una-49", "fnars-pays-de-la-loire"} <= networks
    assert all(actors[a].place.level != "national" for a in networks | {"cfdt-49"})
    employment_agencies = [a for a in actors.values() if a.kind == "FT"]
    assert employment_agencies and all(a.place.level != "national" for a in employment_agencies)
    bise_partners = {r.source for r in ties if r.target == "bise" and r.line in (985, 988)}
    assert {"adie-morez", "secours-catholique-morez"} <= bise_partners
    assert all(actors[a].place_source == "experience" for a in ("adie-morez", "admr-49", "anpe-dd-49"))


def test_status_follows_each_items_own_words(shipped_dataset):
    """docs/curation.md, "Status by item": a funding that ended, a lead being explored, a list
    of requests some of which are still negotiated."""
    status = {(r.section, r.source, r.target, r.line): r.status for r in shipped_dataset.relations}
    assert status[("rhuys-emplois", "gip-pays-de-vannes", "leader-plus", 7762)] == "refused_or_ended"
    assert status[("rhuys-emplois", "fdi", "rhuys-emplois", 7756)] == "actual"      # "déjà accordé"
    assert status[("rhuys-emplois", "cg-56", "rhuys-emplois", 7766)] == "planned"   # "envisage de solliciter"
    assert status[("inter-reseaux-pays-de-la-loire", "drtefp-pays-de-la-loire",
                   "cress-pays-de-la-loire", 4155)] == "refused_or_ended"           # "jusqu'à fin 2006"
    assert status[("pes-sud-essonne", "cr-ile-de-france", "pes-sud-essonne", 5292)] == "planned"
    assert status[("jura-service", "grand-dole", "jura-service", 5567)] == "requested"
    # "des moyens sont à notre disposition ou nous ont été proposés": "réalisé" is actual, an item
    # that does not say which keeps the cautious reading
    assert status[("agate-paysages", "extra-muros", "agate-paysages", 8375)] == "actual"
    assert status[("agate-paysages", "ecti", "agate-paysages", 8392)] == "requested"
    assert status[("pes-sud-essonne", "cg-91", "pes-sud-essonne", 5287)] == "planned"


def test_the_tie_card_shows_the_heading_of_a_list_item(shipped_dataset):
    from dashboard.cards import render_edge_card
    from graph.memory_store import MemoryStore
    [tie] = [r for r in MemoryStore(shipped_dataset).relations()
             if r.source == "cg-56" and r.target == "rhuys-emplois" and r.line == 7766]
    shown = str(render_edge_card(tie))
    assert "Sous le titre « " in shown and tie.context in shown and "(ligne 7754)" in shown
    [plain] = [r for r in MemoryStore(shipped_dataset).relations() if not r.context][:1]
    assert "Sous le titre" not in str(render_edge_card(plain))
