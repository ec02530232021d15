"""A territory's map as a standalone SVG drawn on the server (pure): for an export beside the
actor list, where no browser draws it. Same framing, outlines, colours and ties as
``maps.territory_map_figure``; markers are circles (hollow when the position is approximate)
with the actor's name as their tooltip; a legend of the families drawn."""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from dashboard.maps import (FOCUS_COLOUR, OUTLINE_COLOUR, OUTLINE_FILES, TIE_COLOUR, bounds,
                            outlines, polygons, territory_bounds)
from graph.store import Subgraph
from graph.vocabulary import FAMILIES

WIDTH = 900          # pixels of the map; the height follows the territory's shape
LEGEND_WIDTH = 260


def _mercator_y(lat: float) -> float:
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


class _Projection:
    def __init__(self, lon_range, lat_range):
        self.x0, x1 = lon_range
        self.y1, y0 = _mercator_y(lat_range[1]), _mercator_y(lat_range[0])
        self.scale = WIDTH / (x1 - self.x0)
        self.height = round((self.y1 - y0) * self.scale)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (round((lon - self.x0) * self.scale, 1),
                round((self.y1 - _mercator_y(lat)) * self.scale, 1))


def _outline_paths(project, features, colour: str, width: float) -> list[str]:
    out = []
    for feature in features:
        rings = [ring for polygon in polygons(feature) for ring in polygon]
        d = " ".join("M" + " L".join(f"{x},{y}" for x, y in (project(*p) for p in ring)) + " Z"
                     for ring in rings)
        out.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{width}"/>')
    return out


def _markers(project, sub: Subgraph) -> list[str]:
    out = []
    inside = {a.id for a in sub.nodes}
    for actor in (*sub.context, *sub.nodes):   # the territory's own actors on top
        if actor.latitude is None:
            continue
        x, y = project(actor.longitude, actor.latitude)
        colour = FAMILIES[actor.family].colour
        fill = colour if actor.precision == "commune" else "white"
        opacity = 0.95 if actor.id in inside else 0.45
        out.append(f'<circle cx="{x}" cy="{y}" r="5" fill="{fill}" stroke="{colour}" '
                   f'stroke-width="1.5" opacity="{opacity}" data-id="{escape(actor.id)}">'
                   f'<title>{escape(actor.name)}</title></circle>')
    return out


def _legend(families: list[str], x: int) -> list[str]:
    out = []
    for i, code in enumerate(families):
        y = 24 + 20 * i
        out.append(f'<circle cx="{x + 8}" cy="{y - 4}" r="5" fill="{FAMILIES[code].colour}"/>'
                   f'<text x="{x + 20}" y="{y}" font-size="12">{escape(FAMILIES[code].label)}</text>')
    y = 24 + 20 * len(families)
    out.append(f'<circle cx="{x + 8}" cy="{y - 4}" r="5" fill="white" stroke="#555"/>'
               f'<text x="{x + 20}" y="{y}" font-size="12">position approchée</text>')
    return out


def _overlaps(feature: dict, frame) -> bool:
    (x0, x1), (y0, y1) = bounds([feature])
    (fx0, fx1), (fy0, fy1) = frame
    return x0 < fx1 and fx0 < x1 and y0 < fy1 and fy0 < y1


def territory_map_svg(sub: Subgraph, territory: str | None, title: str,
                      show_ties: bool = True) -> str:
    """The SVG document of a view's map (UTF-8 text)."""
    frame = territory_bounds(territory, sub.nodes)
    project = _Projection(*frame)
    placed = {a.id: a for a in (*sub.nodes, *sub.context) if a.latitude is not None}
    parts = _outline_paths(project, [f for f in outlines("dep").values() if _overlaps(f, frame)],
                           OUTLINE_COLOUR, 0.6)
    level, _, code = (territory or "").partition(":")
    if level in OUTLINE_FILES and code in outlines(level):
        parts += _outline_paths(project, [outlines(level)[code]], FOCUS_COLOUR, 1.6)
    if show_ties:
        for rel in sub.edges:
            a, b = placed.get(rel.source), placed.get(rel.target)
            if a is not None and b is not None and a.id != b.id:
                (x1, y1), (x2, y2) = project(a.longitude, a.latitude), project(b.longitude, b.latitude)
                parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" '
                             f'stroke="{TIE_COLOUR}" stroke-width="0.8" opacity="0.6"/>')
    parts += _markers(project, sub)
    families = [f for f in FAMILIES if any(a.family == f for a in placed.values())]
    height = max(project.height, 40 + 20 * len(families))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH + LEGEND_WIDTH}" '
            f'height="{height + 30}" font-family="sans-serif">'
            f'<title>{escape(title)}</title><rect width="100%" height="100%" fill="white"/>'
            f'<svg y="30" width="{WIDTH}" height="{project.height}" overflow="hidden">'
            + "".join(parts) + "</svg>"
            f'<text x="8" y="20" font-size="16">{escape(title)}</text>'
            f'<g transform="translate(0,30)">{"".join(_legend(families, WIDTH + 10))}</g></svg>')
