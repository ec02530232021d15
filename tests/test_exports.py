"""Exports: partner lists, territory lists and graph files, from both stores, as real files."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
import zipfile

import networkx as nx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from graph import exports
from graph.exports.graphfiles import to_networkx
from graph.memory_store import MemoryStore
from graph.store import Filters
from graph.vocabulary import FAMILIES
from cli.main import main
from tests.conftest import MINI, mini_store


@pytest.fixture(scope="module", params=["memory", "neo4j"])
def store(request, mini_dataset):
    return mini_store(request, request.param, mini_dataset)


@pytest.fixture(scope="module")
def memory(mini_dataset):
    return MemoryStore(mini_dataset)


def rows_of_xlsx(data: bytes, sheet: str) -> list[dict]:
    book = load_workbook(io.BytesIO(data))
    values = list(book[sheet].iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


# --- partner lists ---------------------------------------------------------------------------
def test_partner_list_of_an_actor(store):
    rows = exports.partner_rows(exports.partner_list(store, "archer"))
    assert [r["Identifiant vita"] for r in rows] == ["anpe-romans", "coorace", "cg-26",
                                                     "cr-rhone-alpes"]
    cg = rows[2]
    assert cg == {
        "Partenaire": "Conseil Général de la Drôme", "Sigle": None,
        "Type de structure": "Conseil général (départemental)", "Famille": "Collectivités territoriales",
        "Commune": None, "Code INSEE": None, "Département": "Drôme (26)",
        "Région": "Auvergne-Rhône-Alpes",
        "Relations": "Conseil Général de la Drôme finance Groupement ARCHER", "Statuts": "effectif",
        "Expériences": "Le pôle ARCHER (fixture)", "Citations": "« Le Conseil Général finance le pôle »",
        "Sources": "Recueil d'expériences VITA (COORACE, 2008), ligne 600",
        "Adresse": None, "Téléphone": None, "Courriel": None, "Site web": None,
        "Identifiant vita": "cg-26"}
    assert rows[3]["Statuts"] == "prévu"


def test_partner_list_carries_the_partners_public_contact(store):
    rows = exports.partner_rows(exports.partner_list(store, "cg-26"))
    assert rows == [r for r in rows if r["Identifiant vita"] == "archer"]
    assert (rows[0]["Adresse"], rows[0]["Téléphone"]) == \
        ("1 rue de l'Exemple, 26100 Romans-sur-Isère", "04 75 00 00 00")


def test_both_stores_give_the_same_files(store, memory):
    for actor in ("archer", "coorace", "ville-grenoble"):
        assert exports.partner_rows(exports.partner_list(store, actor)) == \
            exports.partner_rows(exports.partner_list(memory, actor))
    ours, theirs = (exports.territory_list(s, "region2008:82") for s in (store, memory))
    assert exports.actor_rows(ours) == exports.actor_rows(theirs)
    assert exports.relation_rows(ours.relations) == exports.relation_rows(theirs.relations)


def test_partner_xlsx_is_a_readable_spreadsheet(store):
    data = exports.partners_file(exports.partner_list(store, "archer"), "xlsx")
    book = load_workbook(io.BytesIO(data))
    sheet = book["Partenaires"]
    assert [c.value for c in sheet[1]] == exports.tables.PARTNER_COLUMNS
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:R5"
    widths = [sheet.column_dimensions[c].width for c in "ABCDEFGHIJKLMNOPQR"]
    assert all(8 <= w <= 60 for w in widths) and widths[0] >= len("Agence locale pour l'emploi de Romans")
    assert [r["Partenaire"] for r in rows_of_xlsx(data, "Partenaires")][:2] == \
        ["Agence locale pour l'emploi de Romans", "COORACE"]


def test_unknown_actor_has_no_partner_list(store):
    assert exports.partner_list(store, "nobody") is None


# --- territory lists ------------------------------------------------------------------------
def test_territory_list_respects_filters(store):
    everything = exports.territory_list(store, "dep:26")
    assert [a.id for a in everything.actors] == ["anpe-romans", "cg-26", "archer"]
    assert [r.id for r in everything.relations] == ["archer-mini:anpe-romans:PARTNER_OF:archer",
                                                    "archer-mini:cg-26:FUNDS:archer"]
    data = exports.territory_file(everything, "xlsx")
    assert [r["Nom"] for r in rows_of_xlsx(data, "Acteurs")] == \
        ["Agence locale pour l'emploi de Romans", "Conseil Général de la Drôme", "Groupement ARCHER"]
    assert [r["Relation"] for r in rows_of_xlsx(data, "Relations")] == ["est partenaire de", "finance"]
    siae = exports.territory_list(store, "dep:26", Filters(families=("siae",)))
    assert [a.id for a in siae.actors] == ["archer"] and siae.relations == ()
    archer = exports.actor_rows(siae)[0]
    assert (archer["Expériences"], archer["Nombre de relations"], archer["Téléphone"]) == \
        ("Le pôle ARCHER (fixture)", 4, "04 75 00 00 00")


# --- CSV dialects and formula neutralisation ------------------------------------------------
TRICKY = [{"a": "=HYPERLINK(\"http://x\",\"clic\")", "b": "+33 4 75", "c": "-1", "d": "@SUM(A1)",
           "e": "\tcache", "f": "ligne 1\r\nligne 2", "g": "a=b; « c », \"d\""}]


def test_formulas_are_neutralised_in_csv():
    text = exports.csv_bytes(TRICKY).decode("utf-8")
    row = next(csv.DictReader(io.StringIO(text, newline="")))
    assert row == {"a": "'=HYPERLINK(\"http://x\",\"clic\")", "b": "'+33 4 75", "c": "'-1",
                   "d": "'@SUM(A1)", "e": "'\tcache", "f": "ligne 1\r\nligne 2",
                   "g": "a=b; « c », \"d\""}
    assert exports.neutralise("\rx") == "'\rx" and exports.neutralise(-1) == -1


def test_formulas_are_text_cells_in_xlsx():
    data = exports.xlsx_bytes({"t": TRICKY})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet        # no formula anywhere
    cells = load_workbook(io.BytesIO(data))["t"][2]
    assert cells[0].value == TRICKY[0]["a"] and cells[0].data_type == "s"


def test_excel_fr_dialect_is_utf8_bom_semicolon_crlf():
    data = exports.csv_bytes([{"Nom": "Économie; solidaire", "N": 3}], "excel-fr")
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == 'Nom;N\r\n"Économie; solidaire";3\r\n'


def test_plain_dialect_is_rfc4180():
    data = exports.csv_bytes([{"Nom": 'Dit "le pôle", à Romans', "N": 3}])
    assert data == 'Nom,N\r\n"Dit ""le pôle"", à Romans",3\r\n'.encode("utf-8")
    with pytest.raises(ValueError):
        exports.csv_bytes([], "excel-de")


# --- graph files ----------------------------------------------------------------------------
def test_graphml_round_trip_gives_the_same_graph(store, shipped_dataset):
    for view in (store.territory_subgraph("region2008:82"),
                 MemoryStore(shipped_dataset).territory_subgraph("dep:38")):
        expected = to_networkx(view)
        back = nx.read_graphml(io.BytesIO(exports.graph_file(view, "graphml")),
                               force_multigraph=True)
        assert dict(back.nodes(data=True)) == dict(expected.nodes(data=True))
        assert sorted(back.edges(keys=True, data=True)) == \
            sorted(expected.edges(keys=True, data=True))
        assert back.number_of_edges() == len(view.edges) > 0


def test_gexf_has_labels_kinds_and_colours(store):
    view = store.territory_subgraph("dep:26")
    data = exports.graph_file(view, "gexf")
    ns = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
    root = ET.fromstring(data)
    nodes = root.findall(".//g:node", ns)
    assert {n.get("id") for n in nodes} == {a.id for a in view.nodes + view.context}
    archer = next(n for n in nodes if n.get("id") == "archer")
    assert archer.get("label") == "Groupement ARCHER"
    colour = archer.find("viz:color", ns)
    assert "#%02X%02X%02X" % tuple(int(colour.get(c)) for c in "rgb") == FAMILIES["siae"].colour
    titles = {a.get("id"): a.get("title") for a in root.findall(".//g:attribute", ns)}
    kinds = {titles[v.get("for")]: v.get("value") for v in archer.findall(".//g:attvalue", ns)}
    assert kinds["kind_label"] == "Ensemblier d'insertion" and kinds["inside"] == "true"
    edges = root.findall(".//g:edge", ns)
    assert {e.get("id") for e in edges} == {r.id for r in view.edges}
    assert nx.read_gexf(io.BytesIO(data)).number_of_edges() == len(view.edges)


def test_cytoscape_json_reads_back(store):
    view = store.territory_subgraph("dep:38")
    data = json.loads(exports.graph_file(view, "json"))
    node = next(n["data"] for n in data["elements"]["nodes"] if n["data"]["id"] == "e3i")
    assert (node["label"], node["colour"], node["inside"]) == ("E3i", FAMILIES["siae"].colour, True)
    back = nx.cytoscape_graph(data)
    assert set(back.nodes) == {"e3i", "ville-grenoble", "coorace"}
    assert {k for *_, k in back.edges(keys=True)} == {r.id for r in view.edges}


def test_nodes_and_edges_csv_for_gephi(store):
    view = store.territory_subgraph("dep:38")
    with zipfile.ZipFile(io.BytesIO(exports.graph_file(view, "nodes-edges"))) as archive:
        nodes = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode())))
        edges = list(csv.DictReader(io.StringIO(archive.read("edges.csv").decode())))
    assert [(n["Id"], n["inside"]) for n in nodes] == \
        [("e3i", "True"), ("ville-grenoble", "True"), ("coorace", "False")]
    assert {(e["Source"], e["Target"], e["Type"], e["Label"]) for e in edges} == {
        ("ville-grenoble", "e3i", "Directed", "contracte avec"),
        ("e3i", "coorace", "Directed", "est membre de")}


def test_download_names():
    from datetime import date
    assert exports.file_name("Groupe ARCHER", "xlsx", date(2025, 3, 1)) == \
        "vita-groupe-archer-2025-03-01.xlsx"
    assert exports.file_name("dep:26", "nodes-edges", date(2025, 3, 1)).endswith(".zip")


# --- CLI ------------------------------------------------------------------------------------
def invoke(*args):
    return CliRunner().invoke(main, list(args))


def test_cli_partners_writes_the_file(tmp_path):
    out = tmp_path / "partenaires.xlsx"
    result = invoke("partners", "ARCHER", "--data", str(MINI), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert len(rows_of_xlsx(out.read_bytes(), "Partenaires")) == 4
    csv_out = invoke("partners", "archer", "--data", str(MINI), "--format", "csv",
                     "--dialect", "excel-fr")
    assert csv_out.stdout_bytes.startswith(b"\xef\xbb\xbfPartenaire;Sigle;")


def test_cli_partners_unknown_or_ambiguous_actor():
    result = invoke("partners", "Nobody", "--data", str(MINI))
    assert result.exit_code == 2 and "aucun acteur « Nobody »" in result.output


def test_cli_export_territory_formats(tmp_path):
    out = tmp_path / "drome.graphml"
    assert invoke("export", "territory", "Drôme", "--format", "graphml", "--data", str(MINI),
                  "-o", str(out)).exit_code == 0
    assert set(nx.read_graphml(out).nodes) >= {"archer", "cg-26", "anpe-romans"}
    result = invoke("export", "territory", "38", "--format", "datainclusion", "--data", str(MINI))
    assert [s["id"] for s in json.loads(result.stdout)] == ["vita--e3i", "vita--ville-grenoble"]
    result = invoke("export", "territory", "Rhône-Alpes", "--format", "csv", "--kind", "ETTI",
                    "--data", str(MINI))
    assert [r["Nom"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["E3i"]


def test_cli_export_territory_ambiguous_name_lists_candidates():
    result = invoke("export", "territory", "Saint-Denis", "--data", str(MINI))
    assert result.exit_code == 2
    assert "commune:93066" in result.output and "commune:11339" in result.output


def test_cli_legacy_exports_still_work(tmp_path):
    out = tmp_path / "relations.json"
    assert invoke("export", "relations", "--format", "json", "--output", str(out),
                  "--data", str(MINI)).exit_code == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 8
    result = invoke("export", "experiences", "--data", str(MINI))
    assert result.exit_code == 0 and result.output.startswith("id,title,")
