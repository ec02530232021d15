"""The page's components (French interface)."""

from __future__ import annotations

import dash_cytoscape as cyto
from dash import dcc, html

from dashboard.downloads import VIEW_CHOICES
from dashboard.elements import legend, stylesheet
from dashboard.views import territory_rows
from graph.search import normalise
from graph.store import GraphStore
from graph.vocabulary import FAMILIES, KINDS, RELATION_TYPES, STATUSES, WORKING_GROUPS


FRENCH_LABELS = {"select_all": "Tout sélectionner", "deselect_all": "Tout désélectionner",
                 "selected_count": "{num_selected} sélectionné(s)", "search": "Rechercher",
                 "clear_search": "Effacer la recherche", "clear_selection": "Effacer la sélection",
                 "no_options_found": "Aucun résultat"}


def dropdown(**kwargs) -> dcc.Dropdown:
    return dcc.Dropdown(labels=FRENCH_LABELS, **kwargs)


BROAD_LEVELS = ("france", "region", "region2008", "dep", "pays")
MAX_TERRITORY_OPTIONS = 60



def territory_options(store: GraphStore, query: str | None = None,
                      selected: str | None = None) -> list[dict]:
    """Régions, départements and pays; communes and EPCI only when typed for, since a
    large graph has thousands of them and a dropdown that long freezes the page."""
    wanted = normalise(query or "")
    options = []
    for t in territory_rows(store, selected).values():
        if t.row.id == selected or (not wanted and t.row.level in BROAD_LEVELS) \
                or (wanted and wanted in t.key):
            options.append({"label": t.label, "value": t.row.id})
    return options[:MAX_TERRITORY_OPTIONS] if wanted else options


def _field(label: str, control) -> html.Div:
    return html.Div([html.Label(label, className="field-label"), control], className="field")


def controls(store: GraphStore) -> html.Div:
    sections = [s for s in store.sections() if s.is_experience]
    return html.Div([
        _field("Territoire", dropdown(id="territory", options=territory_options(store),
                                          value="france", clearable=False)),
        _field("Rechercher un acteur", dropdown(id="search", options=[],
                                                    placeholder="Nom, sigle ou alias…")),
        _field("Familles d'acteurs", dcc.Checklist(
            id="families", options=[{"label": f.label, "value": c} for c, f in FAMILIES.items()],
            value=[], className="checklist")),
        _field("Types d'acteurs", dropdown(
            id="kinds", multi=True, options=[{"label": k.label, "value": c} for c, k in KINDS.items()])),
        _field("Types de liens", dropdown(
            id="relation-types", multi=True,
            options=[{"label": r.label, "value": c} for c, r in RELATION_TYPES.items()])),
        _field("Statut des liens", dcc.Checklist(
            id="statuses", options=[{"label": v, "value": k} for k, v in STATUSES.items()],
            value=[], className="checklist")),
        _field("Groupes de travail", dropdown(
            id="groups", multi=True,
            options=[{"label": w.label, "value": c} for c, w in WORKING_GROUPS.items()])),
        _field("Expériences", dropdown(
            id="experiences", multi=True, options=[{"label": s.title, "value": s.id} for s in sections])),
        dcc.Checklist(id="context", options=[{"label": "Afficher les partenaires situés ailleurs",
                                              "value": "on"}], value=["on"]),
        _field("Couleurs", dcc.RadioItems(id="colouring", inline=True, options=[
            {"label": "par famille", "value": "famille"},
            {"label": "par communauté", "value": "communaute"}], value="famille")),
        html.Div(legend_items(), id="legend"),
    ], className="controls")


def legend_items() -> list:
    return [html.Div([html.Span(className=f"swatch shape-{item['shape']}",
                                style={"backgroundColor": item["colour"]}),
                      html.Span(f"{item['label']} ({item['shape']})")], className="legend-item")
            for item in legend()]


def graph_panel() -> html.Div:
    return html.Div([
        html.H2(id="view-title"),
        html.Div([
            html.Span(id="notice"),
            html.Button("Tout afficher", id="show-all", n_clicks=0, style={"display": "none"}),
        ], className="notice"),
        html.Div([
            html.Button("Étendre le voisinage", id="expand", n_clicks=0),
            dcc.RadioItems(id="depth", inline=True, value=1,
                           options=[{"label": "profondeur 1", "value": 1},
                                    {"label": "profondeur 2", "value": 2}]),
            html.Button("Réinitialiser la vue", id="reset", n_clicks=0),
        ], className="toolbar"),
        html.Div([
            dropdown(id="download-choice", clearable=False, value="actors-xlsx",
                     options=[{"label": label, "value": key}
                              for key, (label, *_rest) in VIEW_CHOICES.items()],
                     style={"minWidth": "22em"}),
            html.Button("Télécharger", id="download-view", n_clicks=0),
            html.Span(id="download-error", className="error"),
            dcc.Download(id="download"),
        ], className="toolbar"),
        # elements and styles reach cytoscape.js through the stores below (dashboard/app.py)
        cyto.Cytoscape(id="graph", layout={"name": "preset", "fit": True}, elements=[],
                       stylesheet=stylesheet(), minZoom=0.05, maxZoom=4,
                       autoRefreshLayout=False,
                       style={"width": "100%", "height": "70vh", "border": "1px solid #ccc"}),
    ], className="graph-panel")


def page(store: GraphStore) -> html.Div:
    return html.Div([
        dcc.Location(id="url", refresh=False),
        dcc.Store(id="view-state"),
        dcc.Store(id="graph-view"), dcc.Store(id="graph-key"), dcc.Store(id="graph-style"),
        dcc.Store(id="graph-drawn"),
        html.Header([html.H1("vita — réseaux de partenaires de l'IAE"),
                     html.P("Les 27 expériences du recueil VITA (COORACE, 2008) : acteurs et "
                            "liens cités, avec la phrase du texte qui les établit.")]),
        html.Div([
            controls(store),
            dcc.Tabs(id="tabs", value="graphe", children=[
                dcc.Tab(label="Graphe", value="graphe", children=graph_panel()),
                dcc.Tab(label="Vue d'ensemble du territoire", value="ensemble",
                        children=html.Div(id="overview")),
                dcc.Tab(label="Comparer les territoires", value="comparer",
                        children=html.Div(id="comparison-panel")),
            ], className="main-tabs"),
            html.Aside(html.Div("Cliquez sur un acteur ou un lien pour voir sa fiche.",
                                id="card"), className="card-panel"),
        ], className="columns"),
    ])
