"""Overview charts of a territory (pure functions: indicators in, Plotly figures out).

The numbers are those of ``graph.territory_indicators.indicators`` (the overview's tables):
actors by family in the families' colours (graph/vocabulary.py, as in the graph and on the
map), ties inside the territory by type and status, the most connected actors and brokers.
Bars carry what a click should open in ``customdata``: a family code, a relation type, an
actor id.
"""

from __future__ import annotations

from typing import Sequence

from graph.store import Subgraph
from graph.territory_indicators import RankedActor, TerritoryIndicators
from graph.vocabulary import FAMILIES, RELATION_TYPES, STATUSES

# a tie's status, lightest for what is not (or no longer) a partnership; colour-blind safe
STATUS_COLOURS = {"actual": "#0072B2", "planned": "#56B4E9", "requested": "#E69F00",
                  "refused_or_ended": "#BBBBBB"}
BAR_HEIGHT = 26     # pixels per bar, so long lists stay readable
LABEL_WIDTH = 40    # characters of an actor's name on an axis

# Figures are Plotly's JSON as plain dicts (what dcc.Graph sends to the browser): building them
# through plotly.graph_objects validated every property, 15–20 ms for the four charts of a
# 40-actor territory, ten times the rest of its overview (docs/benchmarks.md).


def _figure(traces: list[dict], title: str, bars: int, value_title: str, **layout) -> dict:
    return {"data": traces, "layout": {
        "title": {"text": title, "x": 0, "font": {"size": 15}},
        "height": 90 + BAR_HEIGHT * max(bars, 1),
        "margin": {"l": 10, "r": 10, "t": 40, "b": 40}, "plot_bgcolor": "white",
        "paper_bgcolor": "white", "bargap": 0.25,
        "legend": {"orientation": "h", "y": -0.2, "traceorder": "normal"},
        "xaxis": {"title": {"text": value_title}, "gridcolor": "#e5e5e5", "rangemode": "tozero"},
        "yaxis": {"autorange": "reversed", "automargin": True}, **layout}}


def _bars(y: list, x: list, **style) -> dict:
    return {"type": "bar", "orientation": "h", "y": y, "x": x, **style}


def _labelled(values: list) -> dict:
    """Each bar's value written beside it."""
    return {"text": values, "textposition": "outside", "textangle": 0, "cliponaxis": False}


def families_figure(by_family: dict[str, int]) -> dict:
    """Actors by family, most first, each bar in its family's colour."""
    order = sorted(by_family, key=lambda f: (-by_family[f], FAMILIES[f].label))
    counts = [by_family[f] for f in order]
    bars = _bars([FAMILIES[f].label for f in order], counts, customdata=order,
                 marker={"color": [FAMILIES[f].colour for f in order]}, **_labelled(counts),
                 hovertemplate="%{y} : %{x} acteurs<extra></extra>")
    return _figure([bars], "Acteurs par famille", len(order), "acteurs")


def ties_figure(ties: Sequence) -> dict:
    """Ties by type (most first), each bar split by status; ``ties`` are RelationRows."""
    counts: dict[tuple[str, str], int] = {}
    for rel in ties:
        counts[rel.type, rel.status] = counts.get((rel.type, rel.status), 0) + 1
    per_type = {t: sum(n for (t2, _), n in counts.items() if t2 == t) for t, _ in counts}
    order = sorted(per_type, key=lambda t: (-per_type[t], t))
    traces = [_bars([RELATION_TYPES[t].label for t in order],
                    [counts.get((t, status), 0) for t in order], name=label, customdata=order,
                    marker={"color": STATUS_COLOURS[status]},
                    hovertemplate=f"%{{y}}, {label} : %{{x}}<extra></extra>")
              for status, label in STATUSES.items() if any(s == status for _, s in counts)]
    return _figure(traces, "Liens par type et statut (dans le territoire)", len(order), "liens",
                   barmode="stack")


def ranked_figure(ranked: Sequence[RankedActor], title: str, value_title: str,
                  colour: str = "#0072B2") -> dict:
    """Actors ranked by a value (the first on top); ``customdata`` holds their ids."""
    names = [a.name if len(a.name) <= LABEL_WIDTH else a.name[:LABEL_WIDTH - 1] + "…"
             for a in ranked]
    values = [a.value for a in ranked]
    bars = _bars(names, values, marker={"color": colour}, customdata=[a.id for a in ranked],
                 **_labelled(values), hovertext=[a.name for a in ranked],
                 hovertemplate="%{hovertext} : %{x}<extra></extra>")
    return _figure([bars], title, len(ranked), value_title)


def overview_figures(sub: Subgraph, ind: TerritoryIndicators) -> dict[str, dict]:
    """The overview's charts for a territory's subgraph and its indicators."""
    inside = {a.id for a in sub.nodes}
    internal = [r for r in sub.edges if r.source in inside and r.target in inside]
    return {
        "families": families_figure(ind.by_family),
        "ties": ties_figure(internal),
        "most_connected": ranked_figure(ind.most_connected, "Acteurs les plus reliés",
                                        "partenaires dans le territoire"),
        "brokers": ranked_figure(ind.brokers, "Acteurs passerelles (intermédiarité)",
                                 "intermédiarité (0 à 1)", colour="#CC79A7"),
    }
