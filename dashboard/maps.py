"""Map and chart figures (pure functions: rows in, Plotly figures out) for the explorer.

Figures are plain dicts, what ``dcc.Graph(figure=...)`` takes (``plotly.graph_objects.Figure(
figure)`` validates one): building them as graph objects spent 1.5 s validating the 20,000
markers of the synthetic national view, element by element. The maps are ``scattergeo`` traces over the shipped outlines (data/geography/*.geojson)
with every base layer of Plotly's geo subplot switched off: nothing is fetched, so they draw
without internet. Plotly's own ``choropleth`` trace is not used: any trace with a
``locationmode`` (GeoJSON ones included) makes plotly.js download its world topojson from
its CDN first, and offline the whole figure fails; the choropleth is drawn as filled
outlines instead, one trace per territory, with a marker at each territory's centre that
carries the territory id (``customdata``) for a click.

Actor markers carry the actor id in ``customdata``; territory markers the territory id
(``dep:38``, ``region:84``, ``region2008:82``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import lru_cache
from typing import Iterable, Sequence

from plotly.colors import sample_colorscale

from graph.coordinates import DEFAULT_FOLDER
from graph.store import ActorRow, RelationRow, Subgraph
from graph.vocabulary import FAMILIES

OUTLINE_FILES = {"dep": "departements.geojson", "region": "regions.geojson",
                 "region2008": "regions_2008.geojson"}
# Plotly marker symbols standing for the graph's node shapes (graph/vocabulary.py)
SYMBOL_OF_SHAPE = {"ellipse": "circle", "round-rectangle": "square", "diamond": "diamond",
                   "triangle": "triangle-up", "hexagon": "hexagon", "rectangle": "cross",
                   "pentagon": "pentagon", "vee": "triangle-down", "star": "star",
                   "rhomboid": "diamond-tall", "octagon": "octagon", "tag": "hexagram"}
METROPOLE = ((-5.2, 9.6), (41.3, 51.2))      # (lon range, lat range): mainland and Corsica
MIN_SPAN = 0.25                               # degrees: a commune's map still shows around it
MARGIN = 0.08                                 # of the span, around the territory
OUTLINE_COLOUR, FOCUS_COLOUR, TIE_COLOUR, EMPTY_COLOUR = "#8a8a8a", "#333333", "#7a8a99", "#eeeeee"
COLOURSCALE = "Blues"
# ties on a map: past this many, they are not sent (the synthetic national view's 100,000
# ties are 4 MB more JSON and 0.3-3 s more to draw, by the host's load: tools/benchmark_maps.py)
MAX_MAP_TIES = 10_000
PRECISION_LABELS = {"commune": "commune", "epci": "position approchée (intercommunalité)",
                    "departement": "position approchée (préfecture)",
                    "region": "position approchée (chef-lieu de région)"}
INDICATORS = {"actors": "Acteurs", "ties": "Liens internes", "density": "Densité",
              "usual_partners_present": "Partenaires habituels présents (sur 5)",
              "siae": "SIAE", "external_ties": "Liens externes"}


# dcc.Graph(config=...) for maps and charts: wheel zoom, and the camera button downloads a PNG
# (plotly.js draws it in the browser, offline); ``image_config("svg")`` for an SVG
def image_config(image_format: str = "png", filename: str = "carte-vita") -> dict:
    return {"scrollZoom": True, "displaylogo": False,
            "toImageButtonOptions": {"format": image_format, "filename": filename, "scale": 2}}


# --- outlines ------------------------------------------------------------------------------

@lru_cache(maxsize=3)
def outlines(level: str = "dep") -> dict[str, dict]:
    """GeoJSON features by INSEE code, for ``dep``, ``region`` or ``region2008``."""
    if level not in OUTLINE_FILES:
        raise ValueError(f"niveau inconnu : {level!r} (attendu : {', '.join(OUTLINE_FILES)})")
    text = (DEFAULT_FOLDER / OUTLINE_FILES[level]).read_text(encoding="utf-8")
    return {f["id"]: f for f in json.loads(text)["features"]}


def polygons(feature: dict) -> list[list[list[list[float]]]]:
    geometry = feature["geometry"]
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def ring_path(features: Iterable[dict]) -> tuple[list, list]:
    """Longitudes and latitudes of every ring, a ``None`` between rings (one line trace)."""
    lons, lats = [], []
    for feature in features:
        for polygon in polygons(feature):
            for ring in polygon:
                lons += [p[0] for p in ring] + [None]
                lats += [p[1] for p in ring] + [None]
    return lons, lats


@lru_cache(maxsize=3)
def _outline_path(level: str) -> tuple[tuple, tuple]:
    lons, lats = ring_path(outlines(level).values())
    return tuple(lons), tuple(lats)


def outline_trace(level: str = "dep", width: float = 0.6) -> dict:
    lons, lats = map(list, _outline_path(level))
    return scattergeo(lon=lons, lat=lats, mode="lines", hoverinfo="skip", showlegend=False,
                         line={"color": OUTLINE_COLOUR, "width": width}, name="contours")


def focus_trace(territory: str | None) -> list[dict]:
    """The outline of the territory looked at (a département or a région), drawn darker."""
    level, _, code = (territory or "").partition(":")
    if level not in OUTLINE_FILES or code not in outlines(level):
        return []
    lons, lats = ring_path([outlines(level)[code]])
    return [scattergeo(lon=lons, lat=lats, mode="lines", hoverinfo="skip", showlegend=False,
                       line={"color": FOCUS_COLOUR, "width": 1.6}, name=territory)]


def centre(feature: dict) -> tuple[float, float]:
    """(lon, lat) where the territory's marker goes: inside it (computed at build time)."""
    lon, lat = feature["properties"]["centre"]
    return lon, lat


def signed_area(ring) -> float:
    """Shoelace area in degrees², positive when the ring turns anticlockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2


def fill_path(feature: dict) -> tuple[list, list]:
    """The outer rings turned clockwise, as d3-geo (which draws Plotly's geo) wants a filled
    ring: anticlockwise, it fills the whole globe but the territory. Holes are left out: the
    enclosed territory is drawn over (smaller ones last)."""
    lons, lats = [], []
    for polygon in polygons(feature):
        ring = polygon[0] if signed_area(polygon[0]) < 0 else polygon[0][::-1]
        lons += [p[0] for p in ring] + [None]
        lats += [p[1] for p in ring] + [None]
    return lons, lats


def bounds(features: Iterable[dict]) -> tuple[tuple[float, float], tuple[float, float]]:
    lons, lats = ring_path(features)
    lons, lats = [x for x in lons if x is not None], [y for y in lats if y is not None]
    return (min(lons), max(lons)), (min(lats), max(lats))


def territory_bounds(territory: str | None, actors: Sequence[ActorRow] = ()
                     ) -> tuple[tuple[float, float], tuple[float, float]]:
    """The (lon, lat) ranges a territory's map shows: its outline for a département or a
    région, else its placed actors, else mainland France; with a margin."""
    level, _, code = (territory or "france").partition(":")
    if level in OUTLINE_FILES and code in outlines(level):
        (x0, x1), (y0, y1) = bounds([outlines(level)[code]])
    elif level != "france" and any(a.latitude is not None for a in actors):
        placed = [a for a in actors if a.latitude is not None]
        x0, x1 = min(a.longitude for a in placed), max(a.longitude for a in placed)
        y0, y1 = min(a.latitude for a in placed), max(a.latitude for a in placed)
    else:
        return METROPOLE
    pad_x = max(x1 - x0, MIN_SPAN) * MARGIN + max(0, MIN_SPAN - (x1 - x0)) / 2
    pad_y = max(y1 - y0, MIN_SPAN) * MARGIN + max(0, MIN_SPAN - (y1 - y0)) / 2
    return (round(x0 - pad_x, 4), round(x1 + pad_x, 4)), (round(y0 - pad_y, 4), round(y1 + pad_y, 4))


def geo_layout(lon_range, lat_range) -> dict:
    """A geo subplot with no base layer at all (offline), framed on the given ranges."""
    off = {f"show{layer}": False for layer in ("coastlines", "land", "ocean", "lakes", "rivers",
                                               "countries", "subunits", "frame")}
    return {**off, "projection": {"type": "mercator"}, "bgcolor": "white",
            "lonaxis": {"range": list(lon_range)}, "lataxis": {"range": list(lat_range)},
            "fitbounds": False}


def scattergeo(**properties) -> dict:
    return {"type": "scattergeo", **properties}


def _figure(traces: list, lon_range, lat_range) -> dict:
    return {"data": traces, "layout": {
        "geo": geo_layout(lon_range, lat_range), "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "dragmode": "pan", "uirevision": "map", "paper_bgcolor": "white", "annotations": [],
        "legend": {"itemsizing": "constant", "bgcolor": "rgba(255,255,255,0.8)", "y": 0.94}}}


def clicked_id(click_data: dict | None) -> str | None:
    """The actor or territory id a click on a map's marker carries (``dcc.Graph.clickData``);
    ``None`` for a click on an outline, a tie or nothing."""
    for point in (click_data or {}).get("points", []):
        if isinstance(point.get("customdata"), str):
            return point["customdata"]
    return None


# --- the map of a view ---------------------------------------------------------------------

def unplaced(sub: Subgraph) -> list[ActorRow]:
    """Actors of the view with no position (national and régional bodies), to list beside it."""
    return [a for a in (*sub.nodes, *sub.context) if a.latitude is None]


def _hover(actor: ActorRow, context: bool) -> str:
    place = actor.commune_name or actor.departement_name or actor.region_2008_name or ""
    lines = [f"<b>{actor.name}</b>", actor.kind_label, place]
    if actor.precision != "commune":
        lines.append(PRECISION_LABELS[actor.precision])
    if context:
        lines.append("partenaire situé hors du territoire")
    return "<br>".join(x for x in lines if x)


def actor_traces(actors: Sequence[tuple[ActorRow, bool]]) -> list[dict]:
    """One marker trace per family (its colour and the graph's shape, hollow when the position
    is approximate, faded for partners elsewhere); ``customdata`` holds the actor ids."""
    by_family: dict[str, list[tuple[ActorRow, bool]]] = defaultdict(list)
    for actor, context in actors:
        if actor.latitude is not None:
            by_family[actor.family].append((actor, context))
    traces = []
    for code, family in FAMILIES.items():
        members = by_family.get(code)
        if not members:
            continue
        members.sort(key=lambda m: m[0].precision != "commune")   # the legend shows the first
        symbol = SYMBOL_OF_SHAPE[family.shape]
        traces.append(scattergeo(
            lon=[a.longitude for a, _ in members], lat=[a.latitude for a, _ in members],
            customdata=[a.id for a, _ in members], name=family.label, mode="markers",
            hovertext=[_hover(a, c) for a, c in members],
            hovertemplate="%{hovertext}<extra></extra>",
            marker={"color": family.colour, "size": 10,
                    "symbol": [symbol if a.precision == "commune" else f"{symbol}-open"
                               for a, _ in members],
                    "opacity": [0.45 if c else 0.95 for _, c in members],
                    "line": {"color": "#333333", "width": 0.6}}))
    return traces


def tie_trace(edges: Iterable[RelationRow], placed: dict[str, ActorRow]) -> dict:
    """Every tie between two placed actors as a straight segment (one trace: fast to draw);
    « Liens » in the legend hides them."""
    lons, lats = [], []
    for rel in edges:
        a, b = placed.get(rel.source), placed.get(rel.target)
        if a is not None and b is not None and a.id != b.id:
            lons += [a.longitude, b.longitude, None]
            lats += [a.latitude, b.latitude, None]
    return scattergeo(lon=lons, lat=lats, mode="lines", hoverinfo="skip", name="Liens",
                         line={"color": TIE_COLOUR, "width": 0.8}, opacity=0.6)


def territory_map_figure(sub: Subgraph, territory: str | None = None,
                         show_ties: bool = True) -> dict:
    """The actors of a view (``nodes`` inside, ``context`` elsewhere) on France zoomed to
    ``territory``, over the départements' outlines; ties as lines when ``show_ties`` and no
    more than MAX_MAP_TIES (« Liens » in the legend hides them). Unplaced actors are counted
    in a note (list them beside: ``unplaced``)."""
    actors = [(a, False) for a in sub.nodes] + [(a, True) for a in sub.context]
    placed = {a.id: a for a, _ in actors if a.latitude is not None}
    lon_range, lat_range = territory_bounds(territory, sub.nodes)
    too_many = len(sub.edges) > MAX_MAP_TIES
    traces = [outline_trace("dep"), *focus_trace(territory)]
    if sub.edges and show_ties and not too_many:
        traces.append(tie_trace(sub.edges, placed))
    traces += actor_traces(actors)
    figure = _figure(traces, lon_range, lat_range)
    missing = len(actors) - len(placed)
    notes = ["Symbole creux : position approchée (intercommunalité, préfecture ou chef-lieu de "
             "région)."]
    if show_ties and too_many:
        notes.append(f"Liens non dessinés au-delà de {MAX_MAP_TIES:,} ({len(sub.edges):,} ici) : "
                     "choisissez un territoire plus petit.".replace(",", "\u202f"))
    if missing:
        notes.append(f"Sans position (organismes nationaux) : {missing}, nommés sous la carte.")
    figure["layout"]["annotations"].append(dict(
        text="<br>".join(notes), showarrow=False, xref="paper", yref="paper", x=0, y=0,
        xanchor="left", yanchor="bottom", align="left", font={"size": 11, "color": "#444"},
        bgcolor="rgba(255,255,255,0.8)"))
    return figure


# --- the comparison choropleth ---------------------------------------------------------------

def _fill_trace(feature: dict, colour: str) -> dict:
    lons, lats = fill_path(feature)
    return scattergeo(lon=lons, lat=lats, mode="lines", fill="toself", fillcolor=colour,
                         line={"color": "white", "width": 0.6}, hoverinfo="skip",
                         showlegend=False)


def indicator_colours(values: dict[str, float]) -> dict[str, str]:
    """A colour per territory on one sequential scale from 0 to the largest value (the
    lightest shade kept visible against territories without actors)."""
    top = max(values.values(), default=0) or 1
    codes = list(values)
    shades = sample_colorscale(COLOURSCALE, [0.15 + 0.85 * values[c] / top for c in codes])
    return dict(zip(codes, shades))


def marker_colourscale(steps: int = 9) -> list[list]:
    """The fills' scale (indicator_colours) for the markers and the colour bar: plotly.js's
    own "Blues" runs the other way (dark for 0), which made empty territories look full."""
    stops = [i / (steps - 1) for i in range(steps)]
    return [[t, c] for t, c in zip(stops, sample_colorscale(COLOURSCALE,
                                                            [0.15 + 0.85 * t for t in stops]))]


def choropleth_figure(rows: Sequence[dict], level: str = "dep",
                      indicator: str = "actors") -> dict:
    """France by ``level`` (dep, region2008, region) coloured by one column of the comparison
    table (``graph.territory_indicators.comparison_table`` rows: the same numbers); a marker at
    each territory's centre shows the value and carries its id for a click. Territories
    without actors are grey."""
    if indicator not in INDICATORS:
        raise ValueError(f"indicateur inconnu : {indicator!r} (attendu : {', '.join(INDICATORS)})")
    features = outlines(level)
    found = {r["territory"].partition(":")[2]: r for r in rows if r["level"] == level}
    values = {code: r[indicator] for code, r in found.items() if code in features}
    colours = indicator_colours(values)
    largest_first = sorted(features, key=lambda c: -sum(
        abs(signed_area(p[0])) for p in polygons(features[c])))
    traces = [_fill_trace(features[c], colours.get(c, EMPTY_COLOUR)) for c in largest_first]
    codes = list(features)
    centres = [centre(features[c]) for c in codes]
    traces.append(scattergeo(
        lon=[x for x, _ in centres], lat=[y for _, y in centres], mode="markers",
        customdata=[f"{level}:{c}" for c in codes], showlegend=False, name=INDICATORS[indicator],
        text=[_territory_hover(features[c], found.get(c), indicator) for c in codes],
        hovertemplate="%{text}<extra></extra>",
        marker={"size": 7, "color": [values.get(c, 0) for c in codes], "colorscale": marker_colourscale(),
                "cmin": 0, "cmax": max(values.values(), default=0) or 1,
                "line": {"color": "#333333", "width": 0.5},
                "colorbar": {"title": {"text": INDICATORS[indicator]}, "thickness": 12,
                             "len": 0.75, "y": 0.45}}))
    return _figure(traces, *METROPOLE)


def _territory_hover(feature: dict, row: dict | None, indicator: str) -> str:
    if row is None:
        return f"<b>{feature['properties']['name']}</b><br>aucun acteur"
    return f"<b>{row['label']}</b><br>{INDICATORS[indicator]} : {row[indicator]}"
