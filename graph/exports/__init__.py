"""Exports: partner lists, territory actor lists and graph files, as bytes ready to save.

Two steps, so that the CLI and the dashboard share everything but the store calls:

1. *gather* the store results an export needs, through the ``GraphStore`` contract only (so
   it works on every engine): ``partner_list(store, actor_id)``,
   ``territory_list(store, territory, filters)``; a view's ``Subgraph`` is what the store's
   ``territory_subgraph`` / ``neighbourhood`` return (or what the dashboard shows);
2. turn them into file bytes with pure functions: ``partners_file``, ``territory_file``,
   ``graph_file`` (format names below), and ``file_name`` for a download name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Mapping

from graph.exports.graphfiles import (cytoscape_bytes, gexf_bytes, graphml_bytes,
                                      nodes_edges_zip, to_networkx)
from graph.exports.spreadsheet import DIALECTS, csv_bytes, neutralise, xlsx_bytes
from graph.exports.tables import (ACTOR_COLUMNS, PARTNER_COLUMNS, RELATION_COLUMNS, PartnerList,
                                  TerritoryList, actor_rows, partner_rows, relation_rows)
from graph.errors import InputError
from graph.store import Filters, GraphStore, Subgraph
from graph.territory import slugify

TABLE_FORMATS = ("xlsx", "csv")
GRAPH_FORMATS = ("graphml", "gexf", "json", "nodes-edges")   # nodes.csv + edges.csv in a ZIP
# Every format a territory exports to (the CLI's and the explorer's choices come from here).
TERRITORY_FORMATS = (*TABLE_FORMATS, *GRAPH_FORMATS, "datainclusion")
BINARY_FORMATS = frozenset({"xlsx", "nodes-edges"})     # never written to a terminal
EXTENSIONS = {"xlsx": "xlsx", "csv": "csv", "graphml": "graphml", "gexf": "gexf",
              "json": "cyjs.json", "nodes-edges": "zip", "datainclusion": "json"}
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv", "graphml": "application/graphml+xml", "gexf": "application/gexf+xml",
    "json": "application/json", "nodes-edges": "application/zip",
    "datainclusion": "application/json"}

__all__ = ["PartnerList", "TerritoryList", "partner_list", "territory_list", "partners_file",
           "territory_file", "graph_file", "file_name", "partner_rows", "actor_rows",
           "relation_rows", "csv_bytes", "xlsx_bytes", "neutralise", "to_networkx",
           "DIALECTS", "TABLE_FORMATS", "GRAPH_FORMATS", "TERRITORY_FORMATS", "BINARY_FORMATS",
           "MEDIA_TYPES", "territory_export", "TerritoryExport"]


# --- gathering (store calls) -----------------------------------------------------------
def partner_list(store: GraphStore, actor_id: str) -> PartnerList | None:
    """The actor's detail and its partners' details (for their contact), in two store calls;
    ``None`` for an unknown actor."""
    detail = store.actor(actor_id)
    if detail is None:
        return None
    others = {r.target if r.source == actor_id else r.source for r in detail.relations}
    found = store.actor_details(sorted(others))
    partners = {o: found[o] for o in sorted(others) if o in found}
    return PartnerList(detail, partners)


def territory_list(store: GraphStore, territory: str, filters: Filters = Filters()) -> TerritoryList:
    """The actors located in ``territory`` that pass ``filters``, with their detail (for the
    contact) and the relations among them that pass the filters."""
    view = store.territory_subgraph(territory, filters)
    inside = {a.id for a in view.nodes}
    details = store.actor_details([a.id for a in view.nodes])
    titles = {s.id: s.title for s in store.sections()}
    relations = tuple(r for r in view.edges if r.source in inside and r.target in inside)
    return TerritoryList(territory, view.nodes, details, relations, titles)


# --- files (pure) ----------------------------------------------------------------------
def _check(fmt: str, allowed) -> None:
    if fmt not in allowed:
        raise InputError(f"unknown format {fmt!r}; expected one of {', '.join(allowed)}")


def partners_file(partners: PartnerList, fmt: str = "xlsx", dialect: str = "rfc4180") -> bytes:
    """The partner list of an actor as ``xlsx`` (one sheet « Partenaires ») or ``csv``."""
    _check(fmt, TABLE_FORMATS)
    rows = partner_rows(partners)
    if fmt == "csv":
        return csv_bytes(rows, dialect, PARTNER_COLUMNS)
    name = partners.actor.actor.name
    return xlsx_bytes({"Partenaires": rows}, {"Partenaires": PARTNER_COLUMNS},
                      title=f"Partenaires de {name}")


def territory_file(territory: TerritoryList, fmt: str = "xlsx", dialect: str = "rfc4180") -> bytes:
    """The actor list of a territory as ``csv`` (actors) or ``xlsx`` (sheets « Acteurs » and
    « Relations »)."""
    _check(fmt, TABLE_FORMATS)
    actors = actor_rows(territory)
    if fmt == "csv":
        return csv_bytes(actors, dialect, ACTOR_COLUMNS)
    return xlsx_bytes({"Acteurs": actors, "Relations": relation_rows(territory.relations)},
                      {"Acteurs": ACTOR_COLUMNS, "Relations": RELATION_COLUMNS},
                      title=f"Acteurs de {territory.territory}")


def graph_file(view: Subgraph, fmt: str = "graphml", dialect: str = "rfc4180") -> bytes:
    """The graph of a view as ``graphml``, ``gexf``, ``json`` (Cytoscape) or ``nodes-edges`` (a
    ZIP of ``nodes.csv`` and ``edges.csv``)."""
    _check(fmt, GRAPH_FORMATS)
    if fmt == "graphml":
        return graphml_bytes(view)
    if fmt == "gexf":
        return gexf_bytes(view)
    if fmt == "json":
        return cytoscape_bytes(view)
    return nodes_edges_zip(view, dialect)


@dataclass(frozen=True)
class TerritoryExport:
    """A territory's export: the file's bytes, how many actors it holds, its media type."""

    payload: bytes
    actors: int
    media_type: str


def territory_export(store: GraphStore, territory: str, fmt: str, filters: Filters = Filters(),
                     dialect: str = "rfc4180",
                     communes: Mapping[str, dict] | None = None) -> TerritoryExport:
    """Territory ``territory`` in any of ``TERRITORY_FORMATS``: the one place a territory
    export's format is interpreted. ``communes`` (the geography's, for postal codes) is needed
    by ``datainclusion`` only."""
    _check(fmt, TERRITORY_FORMATS)
    if fmt in GRAPH_FORMATS:
        view = store.territory_subgraph(territory, filters)
        return TerritoryExport(graph_file(view, fmt, dialect), len(view.nodes), MEDIA_TYPES[fmt])
    listing = territory_list(store, territory, filters)
    if fmt == "datainclusion":
        payload = datainclusion_bytes(listing, communes or {})
    else:
        payload = territory_file(listing, fmt, dialect)
    return TerritoryExport(payload, len(listing.actors), MEDIA_TYPES[fmt])


def datainclusion_bytes(listing: TerritoryList, communes: Mapping[str, dict]) -> bytes:
    """The listed actors as data·inclusion v1 structures (JSON); ``InputError`` listing the
    schema's complaints when a structure breaks one of its rules."""
    from graph.datainclusion import structures, validate_structures
    records = structures(listing.actors, listing.details, communes)
    problems = validate_structures(records)
    if problems:
        raise InputError("structures data·inclusion invalides :\n" + "\n".join(problems))
    return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def file_name(subject: str, fmt: str, today: date | None = None) -> str:
    """A download name: ``vita-<subject slug>-<date>.<extension>``."""
    extension = EXTENSIONS.get(fmt, fmt)
    stamp = (today or date.today()).isoformat()
    return f"vita-{slugify(subject) or 'export'}-{stamp}.{extension}"
