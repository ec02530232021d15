"""The overview of a territory: who is there, how they are tied, what happened there."""

from __future__ import annotations

from collections import Counter

from dash import dash_table, html

from graph.store import Filters, GraphStore
from graph.vocabulary import FAMILIES, RELATION_TYPES

TOP = 10


def territory_overview(store: GraphStore, territory: str, filters: Filters = Filters()) -> dict:
    sub = store.territory_subgraph(territory, filters)
    inside = {a.id for a in sub.nodes}
    internal = [r for r in sub.edges if r.source in inside and r.target in inside]
    degree = Counter(e for r in sub.edges for e in (r.source, r.target) if e in inside)
    experiences = [s for s in store.sections() if s.is_experience and s.lead in inside]
    return {
        "actors": len(sub.nodes), "context": len(sub.context), "ties": len(sub.edges),
        "internal_ties": len(internal),
        "by_family": [(FAMILIES[f].label, n) for f, n in
                      Counter(a.family for a in sub.nodes).most_common()],
        "by_type": [(RELATION_TYPES[t].label, n) for t, n in
                    Counter(r.type for r in sub.edges).most_common()],
        "experiences": [(s.title, s.working_group_label) for s in experiences],
        "top": [(a.name, a.kind_label, degree[a.id]) for a in
                sorted(sub.nodes, key=lambda a: (-degree[a.id], a.name))[:TOP] if degree[a.id]],
    }


def _table(table_id: str, columns: list[str], rows: list[tuple]) -> dash_table.DataTable:
    return dash_table.DataTable(
        id=table_id, columns=[{"name": c, "id": str(i)} for i, c in enumerate(columns)],
        data=[{str(i): v for i, v in enumerate(row)} for row in rows],
        sort_action="native", style_cell={"textAlign": "left", "whiteSpace": "normal"},
        style_table={"marginBottom": "1em"})


def render_overview(data: dict) -> html.Div:
    return html.Div([
        html.P(f"{data['actors']} acteurs situés dans le territoire, {data['context']} partenaires "
               f"situés ailleurs, {data['ties']} liens ({data['internal_ties']} entre acteurs du "
               "territoire).", id="overview-summary"),
        html.H4("Acteurs par famille"),
        _table("overview-families", ["Famille", "Acteurs"], data["by_family"]),
        html.H4("Liens par type"),
        _table("overview-types", ["Type de lien", "Liens"], data["by_type"]),
        html.H4("Expériences portées dans le territoire"),
        _table("overview-experiences", ["Expérience", "Groupe de travail"], data["experiences"]),
        html.H4("Acteurs les plus reliés"),
        _table("overview-top", ["Acteur", "Type", "Liens"], data["top"]),
    ])
