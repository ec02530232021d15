"""The page (French interface), built with dash-mantine-components.

Other parts of the explorer add themselves with one line each: a main tab in ``MAIN_TABS``
(value, French label, function returning the panel's content), a panel of the left column in
``SIDE_PANELS`` (function returning a component). Callbacks live in dashboard/callbacks.py.
"""

from __future__ import annotations

import dash_cytoscape as cyto
import dash_mantine_components as dmc
from dash import dcc, html

from dashboard.cards import render_welcome
from dashboard.downloads import VIEW_CHOICES
from dashboard.elements import stylesheet
from dashboard.legend import legend
from dashboard.map_tab import comparison_panel, map_panel
from dashboard.peers_panel import panel as peers_panel
from dashboard.views import entry_territories, territory_rows
from graph.search import normalise
from graph.store import GraphStore
from graph.vocabulary import FAMILIES, KINDS, RELATION_TYPES, STATUSES, WORKING_GROUPS

BROAD_LEVELS = ("france", "region", "region2008", "dep", "pays")
MAX_TERRITORY_OPTIONS = 60
FIRST_HINT = "Choisissez un territoire ou cherchez un acteur pour commencer."
# the option lists are drawn when opened, not with the page (eight lists, 110 options)
LAZY = {"keepMounted": False}
# the dropdowns show what the server found: their own filtering would undo its matching
# (accents, hyphens, acronyms, aliases); dashboard/assets/filters.js
SERVER_FILTERED = {"function": "serverFiltered"}


def territory_options(store: GraphStore, query: str | None = None,
                      selected: str | None = None) -> list[dict]:
    """Régions, départements and pays; communes and EPCI only when typed for, since a
    large graph has thousands of them and a dropdown that long freezes the page."""
    wanted = normalise(query or "") if isinstance(query, str) else ""
    options = []
    for t in territory_rows(store, selected).values():
        if t.row.id == selected or (not wanted and t.row.level in BROAD_LEVELS) \
                or (wanted and wanted in t.key):
            options.append({"label": t.label, "value": t.row.id})
    return options[:MAX_TERRITORY_OPTIONS] if wanted else options


def _choices(mapping: dict, label=lambda v: v.label) -> list[dict]:
    return [{"label": label(v), "value": k} for k, v in mapping.items()]


def segmented(control_id: str, value: str, choices: list[tuple[str, str]],
              wide: bool = False) -> dcc.RadioItems:
    """A segmented choice drawn by the browser's own radio buttons (dashboard/assets/vita.css):
    Mantine's SegmentedControl measures the page to place its indicator when it mounts (a forced
    layout; its function was the costliest of Mantine's in a profile of the page load)."""
    return dcc.RadioItems(id=control_id, value=value, inline=True,
                          options=[{"label": label, "value": v} for label, v in choices],
                          className="segmented wide" if wide else "segmented")


def _filter(control_id: str, label: str, data: list[dict], placeholder: str) -> dmc.MultiSelect:
    return dmc.MultiSelect(id=control_id, label=label, data=data, value=[], searchable=True,
                           clearable=True, placeholder=placeholder, size="xs",
                           nothingFoundMessage="Aucun résultat", className="field",
                           comboboxProps=LAZY)


def filters(store: GraphStore) -> html.Div:
    sections = [s for s in store.sections() if s.is_experience]
    return html.Div([
        html.Div([html.H3("Filtres", className="side-title"),
                  html.Button("Effacer les filtres", id="clear-filters", n_clicks=0,
                              className="link-button")], className="side-heading"),
        _filter("families", "Familles d'acteurs", _choices(FAMILIES), "Toutes les familles"),
        _filter("kinds", "Types d'acteurs", _choices(KINDS), "Tous les types"),
        _filter("relation-types", "Types de liens", _choices(RELATION_TYPES), "Tous les liens"),
        _filter("statuses", "Statut des liens", _choices(STATUSES, str), "Tous les statuts"),
        _filter("groups", "Groupes de travail", _choices(WORKING_GROUPS), "Tous les groupes"),
        _filter("experiences", "Expériences",
                [{"label": s.title, "value": s.id} for s in sections], "Toutes les expériences"),
        dmc.Switch(id="context", checked=True, size="sm", className="field",
                   label="Afficher les partenaires situés ailleurs"),
        html.Label("Couleurs des acteurs", className="field-label", htmlFor="colouring"),
        segmented("colouring", "famille", [("par famille", "famille"),
                                            ("par communauté", "communaute")], wide=True),
    ], className="filters")


def pickers(store: GraphStore) -> html.Div:
    return html.Div([
        dmc.Select(id="territory", label="Territoire", data=territory_options(store),
                   value="france", searchable=True, allowDeselect=False, size="sm",
                   filter=SERVER_FILTERED, nothingFoundMessage="Aucun territoire trouvé",
                   maxDropdownHeight=360, className="field", comboboxProps=LAZY,
                   placeholder="Région, département, commune…"),
        dmc.Select(id="search", label="Rechercher un acteur", data=[], value=None,
                   searchable=True, clearable=True, size="sm", filter=SERVER_FILTERED,
                   nothingFoundMessage="Aucun acteur trouvé", className="field", comboboxProps=LAZY,
                   placeholder="Nom, sigle ou alias…"),
    ])


SIDE_PANELS = [pickers, filters]   # one line per panel of the left column: fn(store) -> component
SIDE_LATER, SIDE_SHOWN = "later", "shown"   # the left column undrawn, drawn (side_column)


def side_column(store: GraphStore) -> dcc.Tabs:
    """The left column, drawn just after the graph's first paint (dashboard/assets/draw.js,
    ``reveal``): its eight Mantine selects delayed the graph's first drawing by 40–60 ms
    (docs/benchmarks.md). Its controls are in the layout from the start, so the
    callbacks read their values as before; only their drawing waits. Dash's own tabs draw only
    the chosen tab's content (and, unlike Mantine's, give it no tab role): their bar is hidden."""
    return dcc.Tabs([dcc.Tab(value=SIDE_LATER),
                     dcc.Tab([panel(store) for panel in SIDE_PANELS], value=SIDE_SHOWN)],
                    id="side-deferred", value=SIDE_LATER, className="deferred-bar")


def graph_toolbar() -> html.Div:
    return html.Div([
        dmc.Button("Étendre le voisinage", id="expand", n_clicks=0, size="xs", variant="light",
                   disabled=True),
        html.Label("Profondeur", htmlFor="depth", className="toolbar-label"),
        segmented("depth", "1", [("1", "1"), ("2", "2")]),
        dmc.Button("Réinitialiser", id="reset", n_clicks=0, size="xs", variant="default"),
        html.Span(className="spacer"),
        dcc.Dropdown(id="download-choice", clearable=False, value="actors-xlsx", searchable=False,
                     options=[{"label": label, "value": key}
                              for key, (label, *_rest) in VIEW_CHOICES.items()],
                     className="download-choice"),
        dmc.Button("Télécharger", id="download-view", n_clicks=0, size="xs"),
        html.Span(id="download-error", className="error"),
        dcc.Download(id="download"),
    ], className="toolbar")


def _zoom_button(button_id: str, text: str, label: str) -> dmc.Tooltip:
    return dmc.Tooltip(html.Button(text, id=button_id, n_clicks=0, className="zoom-button",
                                   **{"aria-label": label}),
                       label=label, position="left", withArrow=True, openDelay=300)


def graph_panel() -> html.Div:
    return html.Div([
        html.Div([html.H2(id="view-title"),
                  html.Div([html.Span(id="notice"),
                            dmc.Button("Tout afficher", id="show-all", n_clicks=0, size="compact-xs",
                                       variant="light", style={"display": "none"}),
                            dmc.Button("Effacer les filtres", id="clear-filters-notice",
                                       n_clicks=0, size="compact-xs", variant="light",
                                       style={"display": "none"})],
                           className="notice", role="status")], className="view-heading"),
        graph_toolbar(),
        html.Div([
            # elements and styles reach cytoscape.js through stores (dashboard/assets/draw.js)
            cyto.Cytoscape(id="graph", layout={"name": "preset", "fit": True}, elements=[],
                           stylesheet=stylesheet(), minZoom=0.05, maxZoom=6,
                           autoRefreshLayout=False, wheelSensitivity=0.25,
                           className="graph-canvas", style={"width": "100%", "height": "100%"}),
            html.Div(legend(), id="legend-holder", className="legend-holder"),
            html.Div([_zoom_button("zoom-in", "+", "Zoomer"),
                      _zoom_button("zoom-out", "−", "Dézoomer"),
                      _zoom_button("zoom-fit", "⤢", "Ajuster la vue au cadre")],
                     className="zoom-buttons"),
            html.Div(FIRST_HINT, id="hint", className="hint", role="note"),
            html.Div(id="graph-tooltip", className="graph-tooltip", role="tooltip"),
        ], className="graph-holder", id="graph-holder"),
    ], className="graph-panel")


def actor_list_panel() -> html.Div:
    return html.Div([html.P("Les acteurs affichés, du plus relié au moins relié. Triez par "
                            "colonne ; choisir une ligne sélectionne l'acteur.",
                            className="help"),
                     html.Div(id="actor-list")], className="panel")


def _panel(panel_id: str):
    return lambda: html.Div(id=panel_id, className="panel")


# one line per main tab: (value, French label, fn() -> the panel's content)
MAIN_TABS = [
    ("graphe", "Graphe", graph_panel),
    ("carte", "Carte", map_panel),
    ("liste", "Liste des acteurs", actor_list_panel),
    ("ensemble", "Vue d'ensemble", _panel("overview")),
    ("comparer", "Comparer", comparison_panel),
    ("pairs", "Trouver des pairs", peers_panel),
]


def main_tabs() -> dmc.Tabs:
    return dmc.Tabs([
        dmc.TabsList([dmc.TabsTab(label, value=value) for value, label, _ in MAIN_TABS]),
        *[dmc.TabsPanel(content(), value=value) for value, _, content in MAIN_TABS],
    ], id="tabs", value="graphe", keepMounted=False, className="main-tabs")


def stores() -> list:
    return [dcc.Location(id="url", refresh=False), dcc.Store(id="view-state"),
            dcc.Store(id="history"), dcc.Store(id="history-done"),
            dcc.Store(id="graph-view"), dcc.Store(id="first-view"), dcc.Store(id="graph-key"),
            dcc.Store(id="graph-style"),
            dcc.Store(id="graph-drawn"), dcc.Store(id="card-target"), dcc.Store(id="pick"),
            dcc.Store(id="territory-typed"), dcc.Store(id="search-typed"),
            dcc.Store(id="image-request"), dcc.Store(id="image-done"), dcc.Store(id="zoom-done"),
            dmc.NotificationContainer(id="notify", position="top-center", autoClose=8000)]


def page(store: GraphStore, top: tuple = ()) -> dmc.MantineProvider:
    """The whole page; ``top`` goes above the header, inside the page's height."""
    return dmc.MantineProvider(html.Div([
        *stores(),
        *top,
        html.Header([html.H1("vita"),
                     html.P("Réseaux de partenaires de l'insertion par l'activité économique — "
                            "les 27 expériences du recueil VITA (COORACE, 2008), chaque lien "
                            "avec la phrase du texte qui l'établit.")], className="top"),
        html.Div([
            html.Nav(side_column(store), className="side",
                     **{"aria-label": "Choix du territoire et filtres"}),
            html.Main(main_tabs(), className="main"),
            html.Aside(html.Div(render_welcome(entry_territories(store)), id="card"),
                       className="card-panel",
                       **{"aria-label": "Fiche"}),
        ], className="columns"),
    ], className="page"), theme={"fontFamily": "system-ui, -apple-system, 'Segoe UI', Roboto, "
                                               "sans-serif", "primaryColor": "indigo"})
