"""Cytoscape elements and styles from a store's ``Subgraph`` (pure functions)."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

import orjson

from dashboard.labels import label_levels, reference_zoom
from dashboard.positions import compute_positions
from graph.store import ActorRow, Subgraph
from graph.vocabulary import FAMILIES, RELATION_TYPES

DEFAULT_MAX_NODES = 400
# Ties coloured by what they mean, four groups a reader can tell apart (Tol's muted palette,
# distinct for colour-blind readers and from the grey of faded context); the hover label names
# the exact type.
TIE_GROUPS = {
    "structure": ("appartenance, création", "#7a5195",
                  ("MEMBER_OF", "PART_OF", "CREATED", "MANAGES", "SITS_ON")),
    "money": ("financement, commande", "#c36a1c", ("FUNDS", "CONTRACTS_WITH")),
    "support": ("accompagnement, orientation", "#2a8a6e", ("SUPPORTS", "REFERS_TO")),
    "cooperation": ("partenariat, participation", "#5b7fa6",
                    ("PARTNER_OF", "PARTICIPATES_IN", "COORDINATES", "HOSTS")),
}
TIE_COLOURS = {t: colour for _, colour, types in TIE_GROUPS.values() for t in types}
COMMUNITY_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                     "#F0E442", "#882255", "#44AA99", "#332288", "#999933", "#888888"]


@dataclass(frozen=True)
class View:
    elements: list[dict]
    total: int            # nodes the view has
    shown: int            # nodes drawn (the most connected ones when limited)
    inside: int           # drawn nodes located in the territory (not context)
    reference_zoom: float = 1.0   # the zoom the label levels are computed for (labels.py)


def limit(subgraph: Subgraph, max_nodes: int | None) -> tuple[Subgraph, int]:
    """Keep the ``max_nodes`` most connected actors (inside the territory first)."""
    total = len(subgraph.nodes) + len(subgraph.context)
    if max_nodes is None or total <= max_nodes:
        return subgraph, total
    degree = Counter(e for r in subgraph.edges for e in (r.source, r.target))
    rank = lambda a: (-degree[a.id], a.name, a.id)  # noqa: E731
    nodes = sorted(subgraph.nodes, key=rank)[:max_nodes]
    room = max_nodes - len(nodes)
    context = sorted(subgraph.context, key=rank)[:room]
    kept = {a.id for a in nodes} | {a.id for a in context}
    edges = tuple(r for r in subgraph.edges if r.source in kept and r.target in kept)
    return Subgraph(tuple(sorted(nodes, key=lambda a: (a.name, a.id))),
                    tuple(sorted(context, key=lambda a: (a.name, a.id))), edges), total


def short_label(actor: ActorRow, width: int = 28) -> str:
    label = actor.acronym if actor.acronym and len(actor.name) > width else actor.name
    return label if len(label) <= width else label[: width - 1] + "…"


def hover_text(actor: ActorRow) -> str:
    """Full name, kind and place, for the graph's hover tooltip."""
    place = actor.commune_name or actor.departement_name or actor.region_2008_name or "national"
    if actor.departement and actor.commune_name:
        place += f" ({actor.departement})"
    return f"{actor.name} — {actor.kind_label}, {place}"


def node_element(actor: ActorRow, position: dict, context: bool, community: int | None,
                 level: int = 0) -> dict:
    classes = [f"fam-{actor.family}"] + (["context"] if context else [])
    if community is not None:
        classes.append(f"com-{community % len(COMMUNITY_COLOURS)}")
    # only what the styles and callbacks read: a 1,000-node view ships ~5,000 elements
    return {"data": {"id": actor.id, "label": short_label(actor), "lod": level,
                     "hover": hover_text(actor)},
            "position": position, "classes": " ".join(classes)}


def build_view(subgraph: Subgraph, max_nodes: int | None = DEFAULT_MAX_NODES,
               communities: dict[str, int] | None = None) -> View:
    """Elements (nodes with preset positions, then edges) for one view."""
    shown, total = limit(subgraph, max_nodes)
    nodes = [(a, False) for a in shown.nodes] + [(a, True) for a in shown.context]
    positions = compute_positions(tuple(a.id for a, _ in nodes),
                                  tuple((r.source, r.target) for r in shown.edges))
    outside = {a.id for a in shown.context}
    degree = Counter(e for r in shown.edges for e in (r.source, r.target))
    zoom = reference_zoom([(p["x"], p["y"]) for p in positions.values()])
    levels = label_levels([(a.id, positions[a.id]["x"], positions[a.id]["y"], short_label(a),
                            degree[a.id]) for a, _ in nodes], zoom)
    elements = [node_element(a, positions[a.id], ctx, (communities or {}).get(a.id),
                             levels[a.id]) for a, ctx in nodes]
    elements += [{"data": {"id": r.id, "source": r.source, "target": r.target},
                  "classes": f"status-{r.status} rel-{r.type}"
                  + (" outside" if r.source in outside or r.target in outside else "")}
                 for r in shown.edges]
    return View(elements, total, len(nodes), len(shown.nodes), round(zoom, 4))


def view_key(elements: list[dict]) -> str:
    """Identifies what is drawn (positions included): the browser keeps the elements it has
    when the key has not changed."""
    return hashlib.blake2b(orjson.dumps(elements), digest_size=12).hexdigest()


LARGE_VIEW = 300   # nodes: past this, edges are drawn the cheap way


def stylesheet(selected: str | None = None, colouring: str = "famille",
               nodes: int = 0) -> list[dict]:
    """Colours and shapes per family (a second channel for colour-blind readers), ties coloured
    by group, dashed or dotted by status, faded when they lead outside. Large views draw straight
    edges without arrows: cytoscape.js then draws a 1,000-node view several times faster.
    Labels are shown by draw.js (class ``labelled``) by level of detail, at a constant size."""
    style = [
        {"selector": "node", "style": {"label": "", "font-size": 12, "text-valign": "bottom",
                                       "text-margin-y": 2, "width": 18, "height": 18,
                                       "border-width": 1, "border-color": "#333",
                                       "text-wrap": "none", "color": "#1d2433",
                                       "text-background-color": "#ffffff",
                                       "text-background-opacity": 0.75,
                                       "text-background-padding": 1}},
        {"selector": "node.labelled", "style": {"label": "data(label)"}},
        {"selector": ".context", "style": {"opacity": 0.55, "border-style": "dashed"}},
        *tie_styles(nodes > LARGE_VIEW),
    ]
    for code, family in FAMILIES.items():
        fill = {"shape": family.shape}
        if colouring == "famille":
            fill["background-color"] = family.colour
        style.append({"selector": f".fam-{code}", "style": fill})
    if colouring == "communaute":
        style += [{"selector": f".com-{i}", "style": {"background-color": colour}}
                  for i, colour in enumerate(COMMUNITY_COLOURS)]
    style.append({"selector": ".dimmed", "style": {"opacity": 0.12}})
    if selected:
        style.append({"selector": f'[id = "{_css_string(selected)}"]',
                      "style": {"border-width": 4, "border-color": "#000", "width": 30,
                                "height": 30, "font-weight": "bold", "z-index": 10,
                                "label": "data(label)"}})
    return style


def tie_styles(large: bool) -> list[dict]:
    """Ties: colour by group, dashes by status, faded when they lead outside."""
    edge = ({"width": 1, "line-color": "#9aa", "curve-style": "haystack"} if large else
            {"width": 1.4, "line-color": "#9aa", "curve-style": "bezier",
             "target-arrow-shape": "triangle", "arrow-scale": 0.8, "target-arrow-color": "#9aa"})
    return [
        {"selector": "edge", "style": edge},
        {"selector": "edge.outside", "style": {"opacity": 0.35}},
        {"selector": ".status-planned", "style": {"line-style": "dashed"}},
        {"selector": ".status-requested", "style": {"line-style": "dotted"}},
        {"selector": ".status-refused_or_ended", "style": {"line-style": "dotted", "opacity": 0.4}},
    ] + [{"selector": f".rel-{code}", "style": {"line-color": colour, "target-arrow-color": colour}}
         for code, colour in TIE_COLOURS.items() if code in RELATION_TYPES]


def _css_string(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def legend() -> list[dict]:
    return [{"family": code, "label": f.label, "colour": f.colour, "shape": f.shape}
            for code, f in FAMILIES.items()]
