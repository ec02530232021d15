"""An SVG image of a view, drawn in Python from the same elements the browser draws.

The browser's own SVG export (cytoscape-svg) only comes with dash-cytoscape's "extra" bundle,
which nearly triples the JavaScript every page loads (1.4 MB instead of 0.5 MB) and slowed the
drawing of a 1,000-node view; the positions, families and statuses are all known here, so the
server draws the file. Names are escaped: an actor called ``<script>`` stays text; characters XML forbids are
dropped (``graph.text.xml_text``), so the file always parses.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from dashboard.elements import COMMUNITY_COLOURS, LARGE_VIEW, TIE_COLOURS
from graph.text import xml_text
from graph.vocabulary import FAMILIES

RADIUS = 9.0            # as the stylesheet's 18-pixel nodes
SELECTED_RADIUS = 15.0
PADDING = 40.0
DASHES = {"planned": "6 3", "requested": "2 3", "refused_or_ended": "2 3"}


def _regular(n: int, turn: float = 0.0) -> list[tuple[float, float]]:
    return [(math.sin(2 * math.pi * i / n + turn), -math.cos(2 * math.pi * i / n + turn))
            for i in range(n)]


def _star() -> list[tuple[float, float]]:
    outer, inner = _regular(5), _regular(5, math.pi / 5)
    return [p for pair in zip(outer, [(x * 0.38, y * 0.38) for x, y in inner]) for p in pair]


# cytoscape.js node shapes as polygons on the unit square (ellipse and round-rectangle apart)
POLYGONS = {
    "rectangle": [(-1, -1), (1, -1), (1, 1), (-1, 1)],
    "diamond": [(0, -1), (1, 0), (0, 1), (-1, 0)],
    "triangle": [(0, -1), (0.866, 0.5), (-0.866, 0.5)],
    "pentagon": _regular(5), "hexagon": _regular(6, math.pi / 6), "octagon": _regular(8, math.pi / 8),
    "vee": [(-1, -1), (0, -0.333), (1, -1), (0, 1)],
    "star": _star(),
    "rhomboid": [(-1, -1), (0.333, -1), (1, 1), (-0.333, 1)],
    "tag": [(-1, -1), (0.333, -1), (1, 0), (0.333, 1), (-1, 1)],
}


def _node_shape(shape: str, x: float, y: float, r: float, attrs: str) -> str:
    if shape == "ellipse":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {attrs}/>'
    if shape == "round-rectangle":
        return (f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" '
                f'rx="{r / 3:.1f}" {attrs}/>')
    points = " ".join(f"{x + px * r:.1f},{y + py * r:.1f}" for px, py in POLYGONS[shape])
    return f'<polygon points="{points}" {attrs}/>'


def _node(element: dict, selected: str | None, colouring: str) -> str:
    classes = element["classes"].split()
    family = FAMILIES[next(c[4:] for c in classes if c.startswith("fam-"))]
    fill = family.colour
    community = next((c for c in classes if c.startswith("com-")), None)
    if colouring == "communaute" and community:
        fill = COMMUNITY_COLOURS[int(community[4:])]
    x, y = element["position"]["x"], element["position"]["y"]
    is_selected = element["data"]["id"] == selected
    r = SELECTED_RADIUS if is_selected else RADIUS
    attrs = (f'fill="{fill}" stroke="#000" stroke-width="{4 if is_selected else 1}"'
             + (' opacity="0.5" stroke-dasharray="3 2"' if "context" in classes else ""))
    label = escape(xml_text(element["data"].get("label", "")))
    return (_node_shape(family.shape, x, y, r, attrs)
            + f'<text x="{x:.1f}" y="{y + r + 11:.1f}" font-size="{12 if is_selected else 9}" '
              f'text-anchor="middle">{label}</text>')


def _edge(element: dict, points: dict, arrows: bool) -> str:
    (x1, y1), (x2, y2) = points[element["data"]["source"]], points[element["data"]["target"]]
    classes = element.get("classes", "").split()
    status = next((c[7:] for c in classes if c.startswith("status-")), "")
    kind = next((c[4:] for c in classes if c.startswith("rel-")), "")
    style = f' stroke="{TIE_COLOURS[kind]}"' if kind in TIE_COLOURS else ""
    style += f' stroke-dasharray="{DASHES[status]}"' if status in DASHES else ""
    if status == "refused_or_ended" or "outside" in classes:
        style += ' opacity="0.4"'
    if arrows and (x1, y1) != (x2, y2):   # stop at the target's border, as cytoscape does
        length = math.hypot(x2 - x1, y2 - y1)
        x2, y2 = x2 - (x2 - x1) * RADIUS / length, y2 - (y2 - y1) * RADIUS / length
        style += ' marker-end="url(#arrow)"'
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"{style}/>'


def view_svg(elements: list[dict], title: str, selected: str | None = None,
             colouring: str = "famille") -> bytes:
    """The view's nodes (shape and colour of their family), ties (dashed when planned) and
    labels, in an SVG document sized to the drawing."""
    nodes = [e for e in elements if "source" not in e["data"]]
    edges = [e for e in elements if "source" in e["data"]]
    points = {e["data"]["id"]: (e["position"]["x"], e["position"]["y"]) for e in nodes}
    xs, ys = [p[0] for p in points.values()] or [0.0], [p[1] for p in points.values()] or [0.0]
    left, top = min(xs) - PADDING, min(ys) - PADDING
    width, height = max(xs) - min(xs) + 2 * PADDING, max(ys) - min(ys) + 2 * PADDING
    arrows = len(nodes) <= LARGE_VIEW
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="{left:.1f} {top:.1f} {width:.1f} {height:.1f}" font-family="sans-serif">',
        f"<title>{escape(xml_text(title))}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        'fill="#9aa"/></marker></defs>',
        f'<rect x="{left:.1f}" y="{top:.1f}" width="{width:.1f}" height="{height:.1f}" '
        'fill="#fff"/>',
        '<g stroke="#9aa" stroke-width="1">',
        *(_edge(e, points, arrows) for e in edges), "</g>",
        *(_node(e, selected, colouring) for e in nodes),
        "</svg>"]
    return "\n".join(parts).encode("utf-8")
