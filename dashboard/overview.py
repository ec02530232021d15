"""The overview of a territory and the comparison of territories (graph.territory_indicators)."""

from __future__ import annotations

from functools import lru_cache

from dash import dash_table, dcc, html
from dash.dash_table.Format import Format, Scheme

from dashboard.charts import overview_figures
from dashboard.maps import image_config
from dashboard.sentences import french_number
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
        "charts": overview_figures(sub, ind),
    }


def _table(table_id: str, columns: list[str], rows: list[tuple], page_size: int = 12):
    return dash_table.DataTable(
        id=table_id, columns=[{"name": c, "id": str(i)} for i, c in enumerate(columns)],
        data=[{str(i): v for i, v in enumerate(row)} for row in rows],
        sort_action="native", page_size=page_size,
        style_cell={"textAlign": "left", "whiteSpace": "normal", "height": "auto",
                    "fontSize": "0.85rem"},
        style_table={"marginBottom": "1em"})


# indicator -> its meaning in one line, for people who do not do network analysis
EXPLAIN = {
    "actors": "organisations citées par le recueil et situées dans le territoire",
    "context": "leurs partenaires situés ailleurs, qui comptent dans leur réseau",
    "ties": "liens cités entre deux acteurs du territoire",
    "external_ties": "liens cités entre un acteur du territoire et un partenaire extérieur",
    "density": "part des paires d'acteurs du territoire reliées entre elles (de 0 à 1) ; "
               "peu parlante sous 5 acteurs",
    "communities": "groupes d'acteurs plus liés entre eux qu'avec le reste (méthode de Louvain)",
    "brokers": "intermédiarité : acteurs placés sur les chemins entre les autres, qui relient "
               "des groupes qui sans eux ne se parleraient pas",
    "isolated": "structures du territoire sans aucun lien cité avec un autre acteur du territoire",
    "usual": "présence des partenaires habituels de l'IAE (Conseil Général, service public "
             "de l'emploi, PLIE, Maison de l'emploi, DDTEFP)",
}


def _indicator(label: str, value: str, key: str) -> html.P:
    return html.P([html.Span(f"{label} : "), html.Span(value, className="value"),
                   html.Span(EXPLAIN[key], className="explain")], className="indicator")


CHART_FILES = {"families": "acteurs-par-famille", "ties": "liens-par-type",
               "most_connected": "acteurs-les-plus-relies", "brokers": "acteurs-passerelles"}


def chart_config(name: str) -> dict:
    """A chart keeps only its camera button (the others hid its title) and lets the wheel
    scroll the page."""
    return {**image_config("png", CHART_FILES.get(name, name)), "scrollZoom": False,
            "modeBarButtons": [["toImage"]]}


def render_charts(charts: dict) -> html.Div:
    """The overview's charts, two by two, numbers written the French way (0,08)."""
    for figure in charts.values():
        figure["layout"].update(separators=", ", margin={**figure["layout"]["margin"], "r": 40})
    if "brokers" in charts:   # its bar labels are raw betweenness values (0.1015)
        for trace in charts["brokers"]["data"]:
            trace["texttemplate"] = "%{x:.3f}"
    return html.Div([dcc.Graph(id=f"chart-{name}", figure=figure, config=chart_config(name),
                               className="overview-chart")
                     for name, figure in charts.items()], className="overview-charts")


def render_overview(data: dict) -> html.Div:
    return html.Div([
        html.H3(data["label"]),
        html.Div([
            _indicator("Acteurs", french_number(data["actors"]), "actors"),
            _indicator("Partenaires situés ailleurs", french_number(data["context"]), "context"),
            _indicator("Liens internes", french_number(data["ties"]), "ties"),
            _indicator("Liens avec l'extérieur", french_number(data["external_ties"]),
                       "external_ties"),
            _indicator("Densité", french_number(data["density"], 3), "density"),
            _indicator("Communautés", french_number(data["communities"]), "communities"),
        ], id="overview-summary"),
        render_charts(data.get("charts") or {}),
        html.P(EXPLAIN["brokers"].capitalize() + ".", className="help"),
        html.H4("Partenaires habituels"), html.P(EXPLAIN["usual"], className="help"),
        _table("overview-usual", ["Partenaire", "Présence"], data["usual"]),
        html.H4("Acteurs par famille"),
        _table("overview-families", ["Famille", "Acteurs"], data["by_family"]),
        html.H4("Liens par type et par statut (dans le territoire)"),
        _table("overview-types", ["Type de lien", "Liens"], data["by_type"]),
        _table("overview-statuses", ["Statut", "Liens"], data["by_status"]),
        html.H4("Acteurs les plus reliés"),
        _table("overview-top", ["Acteur", "Partenaires dans le territoire"], data["top"]),
        html.H4("Acteurs passerelles"), html.P(EXPLAIN["brokers"], className="help"),
        _table("overview-brokers", ["Acteur", "Intermédiarité"],
               [(name, french_number(value, 3)) for name, value in data["brokers"]]),
        html.H4("Structures sans lien dans le territoire"),
        html.P(EXPLAIN["isolated"], className="help"),
        _table("overview-isolated", ["Acteur", "Liens avec l'extérieur"], data["isolated"]),
        html.H4("Expériences portées dans le territoire"),
        _table("overview-experiences", ["Expérience", "Groupe de travail"], data["experiences"]),
    ])


COMPARISON_COLUMNS = {
    "label": "Territoire", "level": "Niveau", "actors": "Acteurs", "siae": "SIAE",
    "ties": "Liens internes", "external_ties": "Liens externes", "density": "Densité",
    "isolated": "Sans lien interne", "communities": "Communautés",
    "usual_partners_present": "Partenaires habituels (sur 5)",
    "most_connected": "Acteur le plus relié", "top_broker": "Principal passeur",
}
COLUMN_HELP = {"label": "Choisir une ligne ouvre ce territoire dans le graphe",
               "siae": "Structures de l'insertion par l'activité économique",
               "isolated": EXPLAIN["isolated"], "density": EXPLAIN["density"],
               "communities": EXPLAIN["communities"], "usual_partners_present": EXPLAIN["usual"],
               "top_broker": EXPLAIN["brokers"], "ties": EXPLAIN["ties"],
               "external_ties": EXPLAIN["external_ties"]}
LEVEL_NAMES = {"dep": "département", "region2008": "région (2008)", "region": "région"}
SMALL_TERRITORY = 5   # actors: below this, a density says little


@lru_cache(maxsize=4)
def store_comparison(store: GraphStore) -> tuple[dict, ...]:
    """Every territory's indicators for ``store`` (départements, régions 2008 and today),
    computed once per store: the comparison table and the choropleth read the same rows."""
    return tuple(comparison_table(store.actors(), store.relations(),
                                  levels=("dep", "region2008", "region")))


def comparison_rows(rows) -> list[dict]:
    """Rows for the table: French level names, small territories flagged and listed last."""
    out = []
    for row in rows:
        small = row["actors"] < SMALL_TERRITORY
        shown = {k: (LEVEL_NAMES.get(v, v) if k == "level" else v) for k, v in row.items()
                 if k in COMPARISON_COLUMNS}
        if small:
            shown["label"] += " (moins de 5 acteurs)"
        out.append({**shown, "id": row["territory"], "small": small})
    return sorted(out, key=lambda r: r["small"])


def _column(key: str, name: str) -> dict:
    column = {"name": name, "id": key}
    if key in ("actors", "siae", "ties", "external_ties", "isolated", "communities",
               "usual_partners_present", "density"):
        column.update(type="numeric", format=Format(precision=3 if key == "density" else 0,
                                                    scheme=Scheme.fixed, group=True))
    return column


def render_comparison(store: GraphStore) -> html.Div:
    rows = comparison_rows(store_comparison(store))
    return html.Div([
        html.P("Un territoire par ligne ; survolez un titre de colonne pour sa définition. "
               "Les territoires de moins de 5 acteurs sont en fin de liste : leurs ratios "
               "(densité) disent peu. Choisir une ligne ouvre le territoire dans le graphe.",
               className="help"),
        dash_table.DataTable(
            id="comparison", data=rows,
            columns=[_column(k, n) for k, n in COMPARISON_COLUMNS.items()],
            sort_action="native", filter_action="native", page_size=25,
            filter_options={"placeholder_text": "Filtrer…", "case": "insensitive"},
            locale_format={"decimal": ",", "group": "\u202f"},
            tooltip_header={k: v for k, v in COLUMN_HELP.items()}, tooltip_delay=300,
            fixed_columns={"headers": True, "data": 1},
            style_table={"overflowX": "auto", "minWidth": "100%"},
            # one line per row: the frozen column and the scrolled ones keep the same heights
            style_cell={"textAlign": "left", "whiteSpace": "nowrap", "overflow": "hidden",
                        "textOverflow": "ellipsis", "fontSize": "0.82rem", "fontFamily": "inherit",
                        "minWidth": "80px", "width": "95px", "maxWidth": "190px",
                        "cursor": "pointer", "padding": "4px 6px"},
            style_header={"fontWeight": 600, "backgroundColor": "#f1f3f5"},
            style_cell_conditional=[{"if": {"column_id": "label"}, "minWidth": "230px",
                                     "width": "230px", "maxWidth": "230px"}],
            tooltip_data=[{"label": row["label"]} for row in rows], tooltip_duration=None,
            style_data_conditional=[{"if": {"filter_query": "{small} = true"},
                                     "color": "#7a8194"}],
        ),
    ])
