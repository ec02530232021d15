"""A ``Subgraph`` (a territory, a neighbourhood, the dashboard's current view) → graph files.

- GraphML (networkx; re-read with ``networkx.read_graphml`` it gives the same nodes and edges);
- GEXF for Gephi: node labels, kinds and family colours (``viz:color``), edge labels;
- Cytoscape JSON (the ``cytoscape_data`` layout, read by Cytoscape, cytoscape.js and
  ``networkx.cytoscape_graph``);
- nodes/edges CSV in a ZIP, with the column names Gephi's spreadsheet import expects
  (``Id``, ``Label``; ``Source``, ``Target``, ``Type``, ``Id``, ``Label``).

Attribute names are English (they are read by programs); labels are French. Nodes carry
``inside``: true for the actors of the territory or view, false for partners shown as context.
"""

from __future__ import annotations

import io
import json
import zipfile

import networkx as nx

from graph.exports.spreadsheet import csv_bytes
from graph.model import display_name
from graph.store import ActorRow, RelationRow, Subgraph
from graph.text import xml_text
from graph.vocabulary import FAMILIES

NODE_FIELDS = ("name", "acronym", "kind", "kind_label", "family", "family_label", "colour",
               "shape", "commune", "commune_name", "departement", "departement_name",
               "region_2008", "region_2008_name", "region", "region_name", "degree", "inside")
EDGE_FIELDS = ("relation", "relation_label", "status", "status_label", "section",
               "section_title", "working_group", "evidence", "line", "context", "context_line")


def node_attributes(row: ActorRow, inside: bool) -> dict:
    family = FAMILIES[row.family]
    values = {"label": display_name(row.name, row.acronym), "name": row.name, "acronym": row.acronym, "kind": row.kind,
              "kind_label": row.kind_label, "family": row.family, "family_label": family.label,
              "colour": family.colour, "shape": family.shape, "commune": row.commune,
              "commune_name": row.commune_name, "departement": row.departement,
              "departement_name": row.departement_name, "region_2008": row.region_2008,
              "region_2008_name": row.region_2008_name, "region": row.region,
              "region_name": row.region_name, "degree": row.degree, "inside": inside}
    return {k: v for k, v in values.items() if v is not None}   # GraphML/GEXF have no null


def edge_attributes(rel: RelationRow) -> dict:
    values = {"label": rel.type_label, "relation": rel.type, "relation_label": rel.type_label,
              "status": rel.status, "status_label": rel.status_label, "section": rel.section,
              "section_title": rel.section_title, "working_group": rel.working_group,
              "evidence": rel.evidence, "line": rel.line, "context": rel.context,
              "context_line": rel.context_line}
    return {k: v for k, v in values.items() if v is not None}


def to_networkx(view: Subgraph) -> nx.MultiDiGraph:
    """The view as a networkx multi-digraph: node ids are actor ids, edge keys relation ids."""
    graph = nx.MultiDiGraph(name="vita")
    for row in view.nodes:
        graph.add_node(row.id, **node_attributes(row, True))
    for row in view.context:
        if row.id not in graph:
            graph.add_node(row.id, **node_attributes(row, False))
    for rel in view.edges:
        graph.add_edge(rel.source, rel.target, key=rel.id, **edge_attributes(rel))
    return graph


def xml_safe(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph with every text attribute stripped of what XML forbids (``graph.text``)."""
    for _, data in graph.nodes(data=True):
        data.update({k: xml_text(v) for k, v in data.items()})
    for _, _, data in graph.edges(data=True):
        data.update({k: xml_text(v) for k, v in data.items()})
    return graph


def graphml_bytes(view: Subgraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(xml_safe(to_networkx(view)), buffer, encoding="utf-8", named_key_ids=True)
    return buffer.getvalue()


def _rgb(colour: str) -> dict:
    value = colour.lstrip("#")
    return {"r": int(value[0:2], 16), "g": int(value[2:4], 16), "b": int(value[4:6], 16),
            "a": 1.0}


def gexf_bytes(view: Subgraph) -> bytes:
    graph = xml_safe(to_networkx(view))
    for _, data in graph.nodes(data=True):
        data["viz"] = {"color": _rgb(data["colour"]),
                       "size": 10.0 + 2.0 * min(data.get("degree", 0), 20)}
    for _, _, key, data in graph.edges(keys=True, data=True):
        data["id"] = key
    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer, encoding="utf-8")
    return buffer.getvalue()


def cytoscape_bytes(view: Subgraph) -> bytes:
    graph = to_networkx(view)
    data = nx.cytoscape_data(graph)
    for edge in data["elements"]["edges"]:
        edge["data"]["id"] = edge["data"]["key"]
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def node_table(view: Subgraph) -> list[dict]:
    rows = [(r, True) for r in view.nodes] + [(r, False) for r in view.context]
    seen, out = set(), []
    for row, inside in rows:
        if row.id in seen:
            continue
        seen.add(row.id)
        attrs = node_attributes(row, inside)
        out.append({"Id": row.id, "Label": attrs["label"],
                    **{f: attrs.get(f) for f in NODE_FIELDS}})
    return out


def edge_table(view: Subgraph) -> list[dict]:
    return [{"Source": r.source, "Target": r.target, "Type": "Directed", "Id": r.id,
             "Label": r.type_label, **{f: edge_attributes(r).get(f) for f in EDGE_FIELDS}}
            for r in view.edges]


def nodes_edges_zip(view: Subgraph, dialect: str = "rfc4180") -> bytes:
    """A ZIP holding ``nodes.csv`` and ``edges.csv``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("nodes.csv", csv_bytes(node_table(view), dialect,
                                                ["Id", "Label", *NODE_FIELDS]))
        archive.writestr("edges.csv", csv_bytes(edge_table(view), dialect,
                                                ["Source", "Target", "Type", "Id", "Label",
                                                 *EDGE_FIELDS]))
    return buffer.getvalue()
