"""Map and chart figures (dashboard/maps.py, dashboard/charts.py) on the shipped data."""

from __future__ import annotations

from collections import Counter

import plotly.graph_objects as go
import pytest

from dashboard import maps
from dashboard.charts import overview_figures
from graph.memory_store import MemoryStore
from graph.territory_indicators import comparison_table, indicators
from graph.vocabulary import FAMILIES, RELATION_TYPES


def map_figure(*args, **kwargs) -> go.Figure:
    """The map as a validated Plotly figure: a dict plotly.js would refuse fails here."""
    return go.Figure(maps.territory_map_figure(*args, **kwargs))


def choropleth(*args, **kwargs) -> go.Figure:
    return go.Figure(maps.choropleth_figure(*args, **kwargs))


@pytest.fixture(scope="module")
def store(shipped_dataset):
    return MemoryStore(shipped_dataset)


@pytest.fixture(scope="module")
def isere(store):
    return store.territory_subgraph("dep:38")


def _markers(figure):
    return [t for t in figure.data if t.mode == "markers"]


def _rings(trace):
    return sum(1 for x in trace.lon if x is None)


def test_map_shows_every_placed_actor_once_with_its_id(isere):
    figure = map_figure(isere, "dep:38")
    ids = [i for t in _markers(figure) for i in t.customdata]
    actors = [*isere.nodes, *isere.context]
    assert sorted(ids) == sorted(a.id for a in actors if a.latitude is not None)
    assert len(ids) == len(set(ids)) > 20
    unplaced = maps.unplaced(isere)
    assert unplaced and all(a.latitude is None for a in unplaced)
    assert len(ids) + len(unplaced) == len(actors)
    assert f"Sans position (organismes nationaux) : {len(unplaced)}" in \
        figure.layout.annotations[0].text


def test_map_markers_follow_the_graph_colours_shapes_and_precision(isere):
    figure = map_figure(isere, "dep:38")
    rows = {a.id: a for a in (*isere.nodes, *isere.context)}
    inside = {a.id for a in isere.nodes}
    by_label = {f.label: f for f in FAMILIES.values()}
    for trace in _markers(figure):
        family = by_label[trace.name]
        assert trace.marker.color == family.colour
        for actor_id, symbol, opacity in zip(trace.customdata, trace.marker.symbol,
                                             trace.marker.opacity):
            actor = rows[actor_id]
            assert actor.family == family.code
            shape = maps.SYMBOL_OF_SHAPE[family.shape]
            assert symbol == (shape if actor.precision == "commune" else f"{shape}-open")
            assert opacity == (0.95 if actor_id in inside else 0.45)
    symbols = [s for t in _markers(figure) for s in t.marker.symbol]
    assert any(s.endswith("-open") for s in symbols) and not all(s.endswith("-open")
                                                                 for s in symbols)


def test_map_draws_ties_between_placed_actors_and_can_hide_them(isere):
    placed = {a.id for a in (*isere.nodes, *isere.context) if a.latitude is not None}
    expected = sum(1 for r in isere.edges if r.source in placed and r.target in placed
                   and r.source != r.target)
    [ties] = [t for t in map_figure(isere, "dep:38").data if t.name == "Liens"]
    assert _rings(ties) == expected > 0
    hidden = map_figure(isere, "dep:38", show_ties=False)
    assert [t for t in hidden.data if t.name == "Liens"] == []
    assert "Liens non dessinés" not in hidden.layout.annotations[0].text


def test_map_leaves_out_ties_past_the_limit(isere, monkeypatch):
    monkeypatch.setattr(maps, "MAX_MAP_TIES", len(isere.edges) - 1)
    figure = map_figure(isere, "dep:38")
    assert [t for t in figure.data if t.name == "Liens"] == []
    assert f"Liens non dessinés au-delà de {len(isere.edges) - 1}" in \
        figure.layout.annotations[0].text
    assert len(_markers(figure)) > 3         # the actors are still all there


def test_map_is_offline_and_zoomed_to_the_territory(isere):
    figure = map_figure(isere, "dep:38")
    geo = figure.layout.geo
    # no base layer: plotly.js would fetch its topojson from the internet for any of them
    assert not any(getattr(geo, f"show{layer}") for layer in
                   ("coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits"))
    assert all(t.type == "scattergeo" for t in figure.data)
    (x0, x1), (y0, y1) = geo.lonaxis.range, geo.lataxis.range
    assert x1 - x0 < 3 and y1 - y0 < 2          # a département, not France
    for actor in isere.nodes:
        if actor.precision == "commune":
            assert x0 < actor.longitude < x1 and y0 < actor.latitude < y1
    outline, focus = figure.data[:2]
    assert _rings(outline) >= 101                # every département's outline is drawn
    assert focus.name == "dep:38" and _rings(focus) == 1   # and Isère's, darker
    assert focus.line.color == maps.FOCUS_COLOUR
    assert maps.territory_bounds("france") == maps.METROPOLE


def test_every_departement_outline_is_present():
    features = maps.outlines("dep")
    assert len(features) == 101 and {"2A", "2B", "971", "976", "75"} <= set(features)
    assert len(maps.outlines("region")) == 18 and len(maps.outlines("region2008")) == 26
    with pytest.raises(ValueError):
        maps.outlines("commune")


@pytest.fixture(scope="module")
def comparison(store):
    return comparison_table(store.actors(), store.relations(), levels=("dep", "region2008"))


def test_choropleth_shows_the_comparison_numbers_with_territory_ids(comparison):
    figure = choropleth(comparison, "dep", "actors")
    [centres] = _markers(figure)
    assert sorted(centres.customdata) == sorted(f"dep:{c}" for c in maps.outlines("dep"))
    values = dict(zip(centres.customdata, centres.marker.color))
    rows = {r["territory"]: r for r in comparison if r["level"] == "dep"}
    for territory, row in rows.items():
        assert values[territory] == row["actors"]
    assert all(values[t] == 0 for t in values if t not in rows)
    assert values["dep:38"] == rows["dep:38"]["actors"] > 0
    fills = [t for t in figure.data if t.fill == "toself"]
    assert len(fills) == 101
    shaded = [t for t in fills if t.fillcolor != maps.EMPTY_COLOUR]
    assert len(shaded) == len(rows)


def test_choropleth_by_region_and_other_indicators(comparison):
    figure = choropleth(comparison, "region2008", "ties")
    [centres] = _markers(figure)
    assert len(centres.customdata) == 26 and all(c.startswith("region2008:")
                                                  for c in centres.customdata)
    ties = {r["territory"]: r["ties"] for r in comparison if r["level"] == "region2008"}
    values = dict(zip(centres.customdata, centres.marker.color))
    assert {t: values[t] for t in ties} == ties
    assert centres.marker.colorbar.title.text == "Liens internes"
    with pytest.raises(ValueError):
        choropleth(comparison, "dep", "nonsense")


def test_filled_rings_turn_clockwise_for_d3():
    for feature in maps.outlines("dep").values():
        lons, lats = maps.fill_path(feature)
        ring, rings = [], []
        for x, y in zip(lons, lats):
            if x is None:
                rings.append(ring)
                ring = []
            else:
                ring.append((x, y))
        assert rings and all(maps.signed_area(r) < 0 for r in rings)


def test_overview_charts_match_the_indicators(store):
    sub = store.territory_subgraph("region2008:82")
    ind = indicators(sub, "region2008:82", "Rhône-Alpes")
    charts = overview_figures(sub, ind)
    [families] = charts["families"]["data"]
    assert dict(zip(families["customdata"], families["x"])) == ind.by_family
    assert families["marker"]["color"] == [FAMILIES[f].colour for f in families["customdata"]]
    assert families["x"] == sorted(families["x"], reverse=True)
    by_type, by_status = Counter(), Counter()
    for trace in charts["ties"]["data"]:
        for relation_type, n in zip(trace["customdata"], trace["x"]):
            by_type[relation_type] += n
        by_status[trace["name"]] += sum(trace["x"])
    assert dict(+by_type) == ind.ties_by_type
    assert sum(by_status.values()) == ind.ties
    assert set(by_type) <= set(RELATION_TYPES)
    [top] = charts["most_connected"]["data"]
    assert top["customdata"] == [a.id for a in ind.most_connected]
    assert top["x"] == [a.value for a in ind.most_connected]
    [brokers] = charts["brokers"]["data"]
    assert brokers["customdata"] == [a.id for a in ind.brokers]
    # what Plotly itself accepts: every property valid
    for figure in charts.values():
        go.Figure(figure)


def test_a_click_gives_the_id_its_marker_carries():
    assert maps.clicked_id({"points": [{"curveNumber": 3, "customdata": "e3i"}]}) == "e3i"
    assert maps.clicked_id({"points": [{"curveNumber": 0, "lon": 5.7}]}) is None
    assert maps.clicked_id(None) is None


def test_a_commune_map_frames_its_actors_with_a_minimum_span(store):
    sub = store.territory_subgraph("commune:38185")      # Grenoble: actors a few km apart
    (x0, x1), (y0, y1) = maps.territory_bounds("commune:38185", sub.nodes)
    assert x1 - x0 >= maps.MIN_SPAN and y1 - y0 >= maps.MIN_SPAN
    assert all(x0 < a.longitude < x1 and y0 < a.latitude < y1
               for a in sub.nodes if a.latitude is not None)
    assert maps.territory_bounds("pays:nowhere", ()) == maps.METROPOLE
    region = maps.territory_bounds("region:84", sub.nodes)   # a région: its outline
    assert region[0][1] - region[0][0] > 5


def test_the_map_as_a_standalone_svg(isere):
    import xml.etree.ElementTree as ET
    from dashboard.map_svg import territory_map_svg
    svg = ET.fromstring(territory_map_svg(isere, "dep:38", "Isère (38)"))
    ns = {"svg": "http://www.w3.org/2000/svg"}
    circles = [c for c in svg.iterfind(".//svg:circle", ns) if c.get("data-id")]
    placed = {a.id: a for a in (*isere.nodes, *isere.context) if a.latitude is not None}
    assert sorted(c.get("data-id") for c in circles) == sorted(placed)
    for circle in circles:
        actor = placed[circle.get("data-id")]
        assert circle.find("svg:title", ns).text == actor.name
        assert (circle.get("fill") == "white") == (actor.precision != "commune")
    lines = svg.findall(".//svg:line", ns)
    [ties] = [t for t in map_figure(isere, "dep:38").data if t.name == "Liens"]
    assert len(lines) == _rings(ties) > 0                # the ties, as on the map
    assert any(p.get("stroke") == maps.FOCUS_COLOUR for p in svg.iterfind(".//svg:path", ns))
    assert "position approchée" in ET.tostring(svg, encoding="unicode")
