"""Property: any text a person may type — once import has refused the hidden characters
(``graph.text``) and collapsed whitespace, as it documents — survives import → every export
format → reading the file back: CSV (formula-like text neutralised with a leading apostrophe),
XLSX, GraphML, GEXF and Cytoscape JSON give back the very same name and source."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from graph import exports
from graph.exports.spreadsheet import neutralise
from graph.memory_store import MemoryStore
from graph.search import normalise
from graph.tables import actors_table, to_csv
from graph.text import hidden_characters
from loaders.dataset import load_dataset
from loaders.imports import plan_import
from tests.conftest import MINI

TAKEN = {normalise(label) for a in load_dataset(MINI).actors.values()
         for label in (a.name, a.acronym or "", *a.aliases)}


def typed(text: str) -> bool:
    """Text import accepts as a name, kept as it is: no hidden character, no whitespace to
    collapse, not an existing actor's name (that would merge), not an actor id of vita."""
    return (not hidden_characters(text) and " ".join(text.split()) == text and text
            and normalise(text) not in TAKEN and len(text) >= 3)


NAMES = st.text(st.characters(blacklist_categories=("Cs",)), min_size=3, max_size=40).filter(typed)


def import_actor(name: str) -> MemoryStore:
    """Import ``name`` (an ACI in Grenoble) with one tie to e3i whose source is ``name`` too."""
    with tempfile.TemporaryDirectory(prefix="vita-round-trip-") as tmp:
        folder = Path(tmp) / "reseau"
        folder.mkdir()
        for sheet, header, row in (
                ("acteurs", ["identifiant", "nom", "sigle", "type", "commune", "departement"],
                 ["", name, "", "ACI", "Grenoble", "38"]),
                ("relations", ["acteur_source", "type", "acteur_cible", "statut", "source"],
                 [name, "PARTNER_OF", "e3i", "effectif", name])):
            buffer = io.StringIO()
            csv.writer(buffer, delimiter=";").writerows([header, row])
            (folder / f"{sheet}.csv").write_text(buffer.getvalue(), encoding="utf-8")
        plan = plan_import([folder], MINI, "essai", user_dir=Path(tmp) / "user-data")
    assert plan.issues == [], plan.issues
    return MemoryStore(plan.dataset)


def read_back(store: MemoryStore, actor_id: str) -> dict[str, str]:
    """The imported actor's name as each export format gives it back."""
    view = store.territory_subgraph("dep:38")
    listing = exports.territory_list(store, "dep:38")
    found = {}
    rows = list(csv.DictReader(io.StringIO(to_csv(actors_table(store)))))
    found["csv export actors"] = next(r["name"] for r in rows if r["id"] == actor_id)
    rows = list(csv.DictReader(io.StringIO(exports.territory_file(listing, "csv").decode())))
    found["csv territory"] = next(r["Nom"] for r in rows if r["Identifiant vita"] == actor_id)
    sheet = load_workbook(io.BytesIO(exports.territory_file(listing, "xlsx")))["Acteurs"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True)
               if r[header.index("Identifiant vita")] == actor_id)
    found["xlsx"] = row[header.index("Nom")]
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        graph = reader(io.BytesIO(exports.graph_file(view, fmt)))
        found[fmt] = graph.nodes[actor_id]["name"]
    data = json.loads(exports.graph_file(view, "json"))
    found["json"] = next(n["data"]["name"] for n in data["elements"]["nodes"]
                         if n["data"]["id"] == actor_id)
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NAMES)
def test_any_typed_text_survives_import_export_and_reading_back(name):
    store = import_actor(name)
    [actor] = [a for a in store.actors() if a.name == name]
    found = read_back(store, actor.id)
    csv_formats = {k for k in found if k.startswith("csv")}
    assert {k: v for k, v in found.items() if k in csv_formats} == \
        {k: neutralise(name) for k in csv_formats}
    assert {k: v for k, v in found.items() if k not in csv_formats} == \
        {k: name for k in found if k not in csv_formats}
    tie = next(r for r in store.actor(actor.id).relations if r.target == "e3i")
    assert tie.evidence == name                                  # the source given, as given
