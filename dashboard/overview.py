"""The overview of a territory and the comparison of territories (graph.territory_indicators)."""

from __future__ import annotations

from functools import lru_cache

from dash import dash_table, html

from graph.store import Filters, GraphStore
from graph.territory_indicators import (USUAL_PARTNERS, comparison_table, indicators)
from graph.vocabulary import FAMILIES, RELATION_TYPES, STATUSES


def territory_overview(store: GraphStore, territory: str, filters: Filters = Filters()) -> dict:
    sub = store.territory_subgraph(territory, filters)
    label = next((t.label for t in store.territories() if t.id == territory), territory)
    ind = indicators(sub, territory, label)
    inside = {a.id for a in sub.nodes}
    experiences = [s for s in store.sections() if s.is_experience and s.lead in inside]
    return {
        "label": label, "actors": ind.actors, "context": len(sub.context), "ties": ind.ties,
        "external_ties": ind.external_ties, "density": ind.density,
        "communities": ind.communities,
        "by_family": [(FAMILIES[f].label, n) for f, n in
                      sorted(ind.by_family.items(), key=lambda kv: -kv[1])],
        "by_type": [(RELATION_TYPES[t].label, n) for t, n in
                    sorted(ind.ties_by_type.items(), key=lambda kv: -kv[1])],
        "by_status": [(STATUSES[s], n) for s, n in ind.ties_by_status.items()],
        "top": [(a.name, int(a.value)) for a in ind.most_connected],
        "brokers": [(a.name, a.value) for a in ind.brokers],
        "isolated": [(a.name, int(a.value)) for a in ind.isolated],
        "usual": [(name, ind.usual_partners[key]) for key, name, _ in USUAL_PARTNERS],
        "experiences": [(s.title, s.working_group_label) for s in experiences],
    }


def _table(table_id: str, columns: list[str], rows: list[tuple], page_size: int = 12):
    return dash_table.DataTable(
        id=table_id, columns=[{"name": c, "id": str(i)} for i, c in enumerate(columns)],
        data=[{str(i): v for i, v in enumerate(row)} for row in rows],
        sort_action="native", page_size=page_size,
        style_cell={"textAlign": "left", "whiteSpace": "normal", "height": "auto"},
        style_table={"marginBottom": "1em"})


def render_overview(data: dict) -> html.Div:
    return html.Div([
        html.P(f"{data['label']} : {data['actors']} acteurs situés dans le territoire, "
               f"{data['context']} partenaires situés ailleurs ; {data['ties']} liens entre acteurs "
               f"du territoire, {data['external_ties']} avec l'extérieur ; densité "
               f"{data['density']:.3f} ; {data['communities']} communautés.", id="overview-summary"),
        html.H4("Partenaires habituels"),
        _table("overview-usual", ["Partenaire", "Présence"], data["usual"]),
        html.H4("Acteurs par famille"),
        _table("overview-families", ["Famille", "Acteurs"], data["by_family"]),
        html.H4("Liens par type et par statut (dans le territoire)"),
        _table("overview-types", ["Type de lien", "Liens"], data["by_type"]),
        _table("overview-statuses", ["Statut", "Liens"], data["by_status"]),
        html.H4("Acteurs les plus reliés"),
        _table("overview-top", ["Acteur", "Partenaires dans le territoire"], data["top"]),
        html.H4("Acteurs passerelles (intermédiarité)"),
        _table("overview-brokers", ["Acteur", "Intermédiarité"], data["brokers"]),
        html.H4("Structures sans lien dans le territoire"),
        _table("overview-isolated", ["Acteur", "Liens avec l'extérieur"], data["isolated"]),
        html.H4("Expériences portées dans le territoire"),
        _table("overview-experiences", ["Expérience", "Groupe de travail"], data["experiences"]),
    ])


COMPARISON_COLUMNS = {
    "label": "Territoire", "level": "Niveau", "actors": "Acteurs", "siae": "SIAE",
    "ties": "Liens internes", "external_ties": "Liens externes", "density": "Densité",
    "isolated": "Sans lien interne", "communities": "Communautés",
    "usual_partners_present": "Partenaires habituels présents (sur 5)",
    "most_connected": "Acteur le plus relié", "top_broker": "Principal passeur",
}
LEVEL_NAMES = {"dep": "département", "region2008": "région (2008)", "region": "région"}


@lru_cache(maxsize=4)
def _comparison(store: GraphStore) -> tuple[dict, ...]:
    return tuple(comparison_table(store.actors(), store.relations(),
                                  levels=("dep", "region2008", "region")))


def render_comparison(store: GraphStore) -> dash_table.DataTable:
    rows = [{k: (LEVEL_NAMES.get(v, v) if k == "level" else v) for k, v in row.items()
             if k in COMPARISON_COLUMNS} for row in _comparison(store)]
    return dash_table.DataTable(
        id="comparison", columns=[{"name": n, "id": k} for k, n in COMPARISON_COLUMNS.items()],
        data=rows, sort_action="native", filter_action="native", page_size=25,
        style_cell={"textAlign": "left", "whiteSpace": "normal", "height": "auto"})
