"""The shipped dataset: what the issue promises and the README states."""

from __future__ import annotations

import re
from pathlib import Path

from graph.memory_store import MemoryStore
from graph.geography import load_geography
from loaders.dataset import DEFAULT_DATA

README = Path(__file__).resolve().parent.parent / "README.md"

EXPERIENCES = {   # DESIGN.md's table: experience id -> working group
    "isactys": "poles-territoriaux", "archer": "poles-territoriaux", "alcg-bise": "poles-territoriaux",
    "acid": "commande-publique", "centremploi-commande-publique": "commande-publique",
    "aide-emploi-services": "commande-publique", "e3i": "commande-publique",
    "coorace-mp-commande-publique": "commande-publique", "2iae-haute-normandie": "commande-publique",
    "cai-92": "commande-publique", "cg-pas-de-calais": "commande-publique",
    "nantes-metropole": "commande-publique", "inter-reseaux-pays-de-la-loire": "commande-publique",
    "air-parthenay": "services-proximite", "centremploi-services-proximite": "services-proximite",
    "pes-sud-essonne": "services-proximite", "jura-service": "services-proximite",
    "coorace-pays-de-la-loire": "services-proximite",
    "coorace-mp-services-proximite": "services-proximite", "anjou-domicile": "services-proximite",
    "essor": "egalite-femmes-hommes", "amsic": "egalite-femmes-hommes",
    "rhuys-emplois": "creation-activites", "le-palacret": "creation-activites",
    "agate-paysages": "creation-activites", "ulisse": "creation-activites",
    "bateau-de-brotonne": "creation-activites",
}


def test_all_27_experiences_with_their_working_group(shipped_dataset):
    found = {s.id: s.working_group for s in shipped_dataset.experiences.values()}
    assert found == EXPERIENCES


def test_context_sections_cover_introduction_and_each_group(shipped_dataset):
    context = {s.id for s in shipped_dataset.sections.values() if not s.is_experience}
    expected = {"introduction"} | {f"{g}-{part}" for g in set(EXPERIENCES.values())
                                   for part in ("introduction", "conclusion")}
    assert context == expected


def test_each_experience_has_actors_relations_and_metadata(shipped_dataset):
    for section in shipped_dataset.experiences.values():
        relations = [r for r in shipped_dataset.relations if r.section == section.id]
        assert len(section.roles) >= 7, section.id
        assert len(relations) >= 7, section.id
        assert section.summary and section.years and section.territory.departements, section.id
        assert section.roles[section.lead] == "lead", section.id


def test_sections_do_not_overlap_and_stay_in_the_source(shipped_dataset, source_file):
    total = len(source_file.read_text(encoding="utf-8").splitlines())
    spans = sorted(s.source_lines for s in shipped_dataset.sections.values())
    for (_, end), (start, _) in zip(spans, spans[1:]):
        assert end < start
    assert spans[0][0] >= 1 and spans[-1][1] <= total


def test_every_place_resolves_in_the_official_geography(shipped_dataset):
    geography = load_geography(DEFAULT_DATA / "geography")
    for section in shipped_dataset.experiences.values():
        t = section.territory
        assert all(c in geography.communes for c in t.communes), section.id
        assert all(e in geography.epci for e in t.epci), section.id
        assert all(d in geography.departements for d in t.departements), section.id
    for actor in shipped_dataset.actors.values():
        p = actor.place
        if p.commune:
            assert geography.communes[p.commune]["departement"] == p.departement
        if p.departement:
            assert p.region_2008 and p.region
            assert geography.departements[p.departement]["region"] == p.region


def test_2008_regions_partition_the_departements():
    geography = load_geography(DEFAULT_DATA / "geography")
    listed = [d for r in geography.regions_2008.values() for d in r["departements"].split()]
    assert len(listed) == len(set(listed))
    mainland = {d for d in geography.departements if len(d) == 2}
    assert mainland <= set(listed)


def test_readme_counts_match_the_data(shipped_dataset):
    """The README's dataset table is generated from `vita stats`; it must stay true."""
    text = README.read_text(encoding="utf-8")
    stats = MemoryStore(shipped_dataset).stats()
    assert f"**{stats.actors} actors**" in text
    assert f"**{stats.relations} relations**" in text
    for sid, (actors, relations) in stats.by_section.items():
        row = re.search(rf"^\| `{re.escape(sid)}`[^|]*\|.*\| (\d+) \| (\d+) \|$", text, re.MULTILINE)
        assert row, f"README has no row for {sid}"
        assert (int(row.group(1)), int(row.group(2))) == (actors, relations), sid


def test_the_source_text_ships_in_the_repository_unchanged():
    """Every quote's line number depends on this exact text: a changed copy must fail here."""
    import hashlib
    shipped = DEFAULT_DATA / "source" / "recueil-experiences-vita-2008.txt"
    digest = hashlib.sha256(shipped.read_bytes()).hexdigest()
    assert digest == "92b3c0d3e820d2446968d97633e04bb596daef567e117babe9e4d701eb9a0ed7"
    assert "../shared" not in str(shipped)
