"""The explorer's pure functions, without a browser (mini dataset, hand-checked)."""

from __future__ import annotations

import dataclasses

import networkx as nx
import pytest

from dashboard.cards import actor_card_data, render_actor_card, render_edge_card
from dashboard.elements import build_view, limit, stylesheet
from dashboard.overview import territory_overview
from dashboard.positions import SMALL, compute_positions
from dashboard.state import ViewState, from_query, next_state, to_query
from dashboard.views import render
from graph.memory_store import MemoryStore
from graph.store import Filters


@pytest.fixture(scope="module")
def store(mini_dataset):
    return MemoryStore(mini_dataset)


def test_url_round_trip_and_unknown_values_dropped():
    state = from_query("?territoire=dep:26&familles=siae,nope&relations=FUNDS&acteur=archer"
                       "&vue=voisinage&profondeur=2&contexte=0&couleur=communaute&bogus=1")
    assert state == ViewState(territory="dep:26", families=("siae",), relation_types=("FUNDS",),
                              actor="archer", mode="voisinage", depth=2, context=False,
                              colouring="communaute")
    assert from_query(to_query(state)) == state
    assert to_query(ViewState()) == ""
    assert from_query("?profondeur=9&vue=x").depth == 1


def test_state_transitions():
    start = ViewState(territory="dep:26", actor="archer", mode="voisinage", show_all=True)
    moved = next_state(start, "territory", {"territory": "dep:38"})
    assert (moved.territory, moved.mode, moved.show_all, moved.actor) == \
        ("dep:38", "territoire", False, "archer")
    assert next_state(start, "families", {"families": ["siae"]}).families == ("siae",)
    assert next_state(start, "context", {"context": []}).context is False
    assert next_state(start, "reset", {}) == ViewState(territory="dep:26")
    chosen = next_state(ViewState(), "search", {"search": "e3i"}, in_view=lambda a: True)
    assert (chosen.actor, chosen.mode) == ("e3i", "territoire")
    elsewhere = next_state(ViewState(territory="dep:26"), "partner-link",
                           {"partner-link": "coorace"}, in_view=lambda a: False)
    assert (elsewhere.actor, elsewhere.mode) == ("coorace", "voisinage")
    assert next_state(ViewState(), "expand", {}) == ViewState()   # nothing chosen: no change
    assert next_state(ViewState(), "url", {"url": "?territoire=dep:38"}).territory == "dep:38"


def test_view_elements_of_a_territory(store):
    view = build_view(store.territory_subgraph("dep:26"))
    nodes = [e for e in view.elements if "source" not in e["data"]]
    edges = [e for e in view.elements if "source" in e["data"]]
    assert {n["data"]["id"] for n in nodes} == {"anpe-romans", "cg-26", "archer", "coorace",
                                                "cr-rhone-alpes"}
    assert {n["data"]["id"] for n in nodes if "context" in n["classes"]} == \
        {"coorace", "cr-rhone-alpes"}
    assert all(set(n["position"]) == {"x", "y"} for n in nodes)
    assert len(edges) == 4 and (view.total, view.shown, view.inside) == (5, 5, 3)
    planned = next(e for e in edges if e["data"]["id"].startswith("archer-mini:cr-rhone-alpes"))
    assert planned["classes"].split() == ["status-planned", "rel-FUNDS", "outside"]


def test_limit_keeps_the_most_connected(store):
    sub = store.territory_subgraph("france")
    kept, total = limit(sub, 2)
    assert total == 9
    assert [a.id for a in kept.nodes] == ["coorace", "archer"]   # degrees 3 and 4
    assert [r.id for r in kept.edges] == ["archer-mini:archer:MEMBER_OF:coorace"]


def test_render_says_when_a_view_is_limited(store):
    limited = render(store, ViewState(), max_nodes=3)
    assert limited.truncated and limited.view.shown == 3
    assert limited.notice.startswith("Affichage des 3 acteurs les plus reliés sur 9")
    full = render(store, ViewState(show_all=True), max_nodes=3)
    assert not full.truncated and full.notice == "9 acteurs."
    near = render(store, ViewState(actor="e3i", mode="voisinage", depth=1))
    assert near.title == "Voisinage de E3i (profondeur 1)"
    assert near.view.shown == 3


def test_hiding_context(store):
    result = render(store, ViewState(territory="dep:26", context=False))
    assert result.notice == "3 acteurs."
    assert len([e for e in result.view.elements if "source" in e["data"]]) == 2


def test_stylesheet_colours_shapes_and_selection():
    style = stylesheet("a\"b", "famille")
    siae = next(s for s in style if s["selector"] == ".fam-siae")["style"]
    assert siae == {"shape": "ellipse", "background-color": "#0072B2"}
    assert style[-1]["selector"] == '[id = "a\\"b"]'
    communities = stylesheet(None, "communaute")
    assert "background-color" not in next(s for s in communities
                                          if s["selector"] == ".fam-siae")["style"]
    assert any(s["selector"] == ".com-0" for s in communities)


def test_actor_card_content(store):
    data = actor_card_data(store.actor("archer"))
    assert (data["name"], data["kind"], data["place"]) == (
        "Groupement ARCHER", "Ensemblier d'insertion",
        "Romans-sur-Isère, Drôme (26), région Rhône-Alpes")
    assert ("phone", "04 75 00 00 00") in data["contact"]
    assert data["people"] == ["Jean EXEMPLE — Directeur"]
    assert data["experiences"][0]["role"] == "porteur"
    assert data["experiences"][0]["topics"] == ["groupement et ensemblier"]   # from the summary
    card = render_actor_card(data)
    assert "Sujets : groupement et ensemblier" in str(card)
    # grouped by type and direction, read from the actor's side, largest group first
    assert list(data["partners"]) == ["Financée par", "Membre de", "Partenaire de"]
    funds = data["partners"]["Financée par"]
    assert funds[0]["sentence"] == "Financée par Conseil Général de la Drôme"
    assert data["degree"] == 4
    assert [t["partner"] for t in funds] == ["cg-26", "cr-rhone-alpes"]
    assert funds[0]["evidence"] == "Le Conseil Général finance le pôle"
    assert funds[0]["reference"].endswith("ligne 600 — Le pôle ARCHER (fixture)")
    assert funds[1]["status"] == "prévu"


def test_cards_keep_markup_as_text(mini_dataset):
    actor = mini_dataset.actors["e3i"]
    hostile = dataclasses.replace(actor, name="<script>alert(1)</script><b>E3i</b>")
    store = MemoryStore(dataclasses.replace(mini_dataset,
                                            actors={**mini_dataset.actors, "e3i": hostile}))
    card = render_actor_card(actor_card_data(store.actor("e3i")))
    assert card.children[0].children == "<script>alert(1)</script><b>E3i</b>"
    edge = render_edge_card(store.relations(Filters(sections=("e3i-mini",)))[0])
    assert "<script>" in edge.children[0].children


def test_overview(store):
    data = territory_overview(store, "dep:26")
    assert (data["actors"], data["context"], data["ties"], data["external_ties"]) == (3, 2, 2, 2)
    assert data["experiences"] == [("Le pôle ARCHER (fixture)", "Pôles de développement territorial")]
    assert data["top"][0] == ("Groupement ARCHER", 2)
    assert ("Conseil Général", "présent") in data["usual"]
    assert ("PLIE", "absent") in data["usual"]


def test_similar_panel_and_downloads(store):
    from dashboard.cards import render_similar, similar_data
    from dashboard.downloads import partner_file, view_file
    items = similar_data(store.similar("archer", k=5, other_territories=True))
    assert [i["id"] for i in items][:1] == ["e3i"]
    assert items[0]["reasons"] and all(isinstance(r, str) for r in items[0]["reasons"])
    assert render_similar(items).children[0].children == "Acteurs semblables ailleurs"
    name, content = view_file(store, ViewState(territory="dep:26"), "actors-csv")
    assert name.startswith("vita-acteurs-dep-26") and name.endswith(".csv")
    assert content.decode("utf-8").count("\r\n") == 4   # header + three actors
    name, content = partner_file(store, "archer", "csv-fr")
    assert content.startswith("\ufeff".encode()) and b";" in content


def test_positions_are_deterministic_and_cover_every_node():
    from dashboard import positions as module
    small = nx.path_graph(10)
    nodes = tuple(str(n) for n in small)
    edges = tuple((str(a), str(b)) for a, b in small.edges())
    first = compute_positions(nodes, edges)
    module._cached.cache_clear()          # computed again, not read from the cache
    assert compute_positions(tuple(reversed(nodes)), edges) == first
    assert compute_positions((), ()) == {}
    big = nx.connected_caveman_graph(12, 20)   # more than SMALL nodes: community blocks
    assert big.number_of_nodes() > SMALL
    nodes = tuple(str(n) for n in big)
    positions = compute_positions(nodes, tuple((str(a), str(b)) for a, b in big.edges()))
    assert set(positions) == set(nodes)
    assert len({(p["x"], p["y"]) for p in positions.values()}) == len(nodes)


def test_large_layouts_keep_communities_together():
    from math import dist
    big = nx.connected_caveman_graph(12, 20)   # twelve caves of 20, each tied to the next
    nodes = tuple(str(n) for n in big)
    positions = compute_positions(nodes, tuple((str(a), str(b)) for a, b in big.edges()))
    point = {int(n): (p["x"], p["y"]) for n, p in positions.items()}
    cave = {n: n // 20 for n in big}
    inside = [dist(point[a], point[b]) for a in big for b in big if a < b and cave[a] == cave[b]]
    across = [dist(point[a], point[b]) for a in big for b in big if cave[a] != cave[b]]
    assert sum(inside) / len(inside) < 0.5 * sum(across) / len(across)


def test_svg_of_a_view(store, mini_dataset):
    import xml.etree.ElementTree as ET

    from dashboard.downloads import view_file
    name, content = view_file(store, ViewState(territory="dep:26", actor="archer"), "svg")
    assert name.startswith("vita-vue-dep-26") and name.endswith(".svg")
    svg = ET.fromstring(content)
    ns = {"s": "http://www.w3.org/2000/svg"}
    shown = render(store, ViewState(territory="dep:26"))
    nodes = [e for e in shown.view.elements if "source" not in e["data"]]
    edges = [e for e in shown.view.elements if "source" in e["data"]]
    assert [t.text for t in svg.findall("s:text", ns)] == [e["data"]["label"] for e in nodes]
    lines = svg.findall("s:g/s:line", ns)
    assert len(lines) == len(edges)
    planned = [e for e in edges if "status-planned" in e["classes"].split()]
    assert planned and sum(1 for l in lines if l.get("stroke-dasharray")) == len(planned)
    archer = nodes.index(next(e for e in nodes if e["data"]["id"] == "archer"))
    shape = [c for c in svg if c.tag.split("}")[1] in ("circle", "polygon", "rect")][1:][archer]
    assert shape.get("stroke-width") == "4"          # the selected actor stands out
    from graph.vocabulary import FAMILIES
    drawn_as = {"ellipse": "circle", "round-rectangle": "rect"}.get(FAMILIES["siae"].shape,
                                                                    "polygon")
    assert shape.tag.endswith(drawn_as)               # the shape of its family, as on screen
    # a hostile name stays text
    hostile = dataclasses.replace(mini_dataset.actors["archer"], name="<script>x</script>")
    other = MemoryStore(dataclasses.replace(mini_dataset,
                                            actors={**mini_dataset.actors, "archer": hostile}))
    _, content = view_file(other, ViewState(territory="dep:26"), "svg")
    assert b"<script>" not in content
    assert "<script>x</script>" in [t.text for t in ET.fromstring(content).iter(
        "{http://www.w3.org/2000/svg}text")]


def test_view_key_changes_with_what_is_drawn(store):
    from dashboard.elements import view_key
    elements = render(store, ViewState(territory="dep:26")).view.elements
    assert view_key(elements) == view_key([dict(e) for e in elements])
    moved = [dict(elements[0], position={"x": 0.0, "y": 0.0}), *elements[1:]]
    assert view_key(moved) != view_key(elements)
    assert view_key(elements[1:]) != view_key(elements)


def test_communities_only_when_the_view_is_coloured_by_them(store):
    from dashboard.communities import communities_of
    assert communities_of(store, ViewState(territory="dep:26")) is None
    found = communities_of(store, ViewState(territory="dep:26", colouring="communaute"))
    shown = render(store, ViewState(territory="dep:26")).view.elements
    assert set(found) == {e["data"]["id"] for e in shown if "source" not in e["data"]}


def test_ties_read_from_each_side():
    from dashboard.sentences import tie_phrase, tie_sentence_from
    from graph.store import RelationRow
    created = RelationRow("r1", "admr", "Union nationale ADMR", "anjou", "Anjou Domicile",
                          "CREATED", "a créé", "actual", "effectif", "s", "S", None, "q", 1, None)
    assert tie_sentence_from(created, "anjou") == "Créée par Union nationale ADMR"
    assert tie_sentence_from(created, "admr") == "A créé Anjou Domicile"
    funds = dataclasses.replace(created, type="FUNDS", type_label="finance")
    assert tie_phrase(funds, "admr") == "Finance" and tie_phrase(funds, "anjou") == "Financée par"
    partner = dataclasses.replace(created, type="PARTNER_OF")
    assert tie_phrase(partner, "admr") == tie_phrase(partner, "anjou") == "Partenaire de"


def test_hyphenation_undone_for_display_only(store):
    from dashboard.cards import render_edge_card
    from dashboard.sentences import undo_hyphenation
    assert undo_hyphenation("le Conseil Gé- néral et une offre diversi- fiée") == \
        "le Conseil Général et une offre diversifiée"
    assert undo_hyphenation("Rhône-Alpes, salariés - ils, AI- ACI") == \
        "Rhône-Alpes, salariés - ils, AI- ACI"     # real hyphens and dashes stay
    rel = dataclasses.replace(store.relations()[0], evidence="une offre diversi- fiée")
    card = str(render_edge_card(rel, back_to="archer"))
    assert "« une offre diversifiée »" in card and "Retour à la fiche" in card
    assert rel.evidence == "une offre diversi- fiée"   # the stored quote stays verbatim


def test_french_numbers():
    from dashboard.sentences import french_number, plural
    assert french_number(0.6667, 3) == "0,667"
    assert french_number(1234567) == "1\u202f234\u202f567"
    assert french_number(12.5, 1) == "12,5"
    assert plural(1, "acteur") == "1 acteur" and plural(1234, "acteur") == "1\u202f234 acteurs"


def test_label_levels_never_overlap_at_their_zoom():
    from dashboard.labels import LEVELS, _box, _overlaps, label_levels
    # a dense row: the hub first, then its neighbours as room allows
    nodes = [("hub", 0.0, 0.0, "Le plus relié", 9)] + [
        (f"n{i}", 20.0 * i, 0.0, f"Acteur numéro {i}", 1) for i in range(1, 12)]
    levels = label_levels(nodes, zoom=1.0)
    assert levels["hub"] == 0
    assert set(levels.values()) - {0} and max(levels.values()) <= LEVELS
    for level in range(LEVELS):
        shown = [n for n in nodes if levels[n[0]] <= level]
        boxes = [_box(x, y, label, 2.0 ** level) for _, x, y, label, _ in shown]
        assert not any(_overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    far = label_levels([("a", 0.0, 0.0, "A", 1), ("b", 5000.0, 0.0, "B", 1)], zoom=1.0)
    assert far == {"a": 0, "b": 0}                   # room for both: both shown at once


def test_filters_apply_after_the_traversal(store):
    from dashboard.views import filter_after_traversal, neighbourhood_subgraph
    sub = store.neighbourhood(["anpe-romans"], 2)
    kept, hidden = filter_after_traversal(sub, ("local_authority",), (), "anpe-romans")
    ids = {a.id for a in kept.nodes}
    assert "anpe-romans" in ids                      # the centre always stays
    assert all(a.family == "local_authority" or a.id == "anpe-romans" for a in kept.nodes)
    # cg-26 is reached through archer (an SIAE, filtered out): it stays
    assert "archer" not in ids and "cg-26" in ids and hidden >= 1
    state = ViewState(actor="anpe-romans", mode="voisinage", depth=2, families=("local_authority",))
    assert neighbourhood_subgraph(store, state)[0] == kept
    assert "restent affichés" in render(store, state).notice


def test_empty_views_say_why_and_reset_clears_filters(store):
    empty = render(store, ViewState(territory="dep:26", families=("company",)))
    assert empty.empty and "filtres" in empty.notice
    state = ViewState(territory="dep:26", families=("company",), actor="archer")
    assert next_state(state, "reset", {}) == ViewState(territory="dep:26")
    assert next_state(state, "clear-filters", {}) == ViewState(territory="dep:26", actor="archer")


def test_tampered_inputs_are_read_safely(store):
    from dashboard.state import state_from_data
    from dashboard.views import checked_state
    assert state_from_data({"territory": ["x"], "depth": "deux", "families": [1, "siae"],
                            "mode": "voisinage", "bogus": 1}) == \
        ViewState(mode="voisinage", families=("siae",))   # the bad items dropped, not the rest
    assert state_from_data("garbage") == ViewState()
    assert from_query("?territoire=" + "x" * 5000) == ViewState()
    fixed, messages = checked_state(store, ViewState(territory="dep:999", actor="nobody"))
    assert fixed == ViewState() and len(messages) == 2 and "dep:999" in messages[0]
    start = ViewState(territory="dep:26")
    assert next_state(start, "territory", {"territory": {"a": 1}}).territory == "france"
    assert next_state(start, "families", {"families": ["nope", 3, "siae"]}).families == ("siae",)
    assert next_state(start, "depth", {"depth": "9"}) == start
    assert next_state(start, "graph", {"graph": ["e3i"]}) == start


def test_view_callback_without_a_browser(store):
    from dash import no_update

    from dashboard.callbacks import DrawnViews, read_view_event, show_card, update_view
    drawn = DrawnViews()
    controls = {"territory": "dep:26"}
    arrive = update_view(store, 400, drawn, read_view_event(
        None, None, {"url": "?territoire=dep:26", "controls": controls}, None, None))
    assert arrive["title"] == "Drôme (26)" and arrive["history"] is no_update
    key, state = arrive["key"], arrive["state"]
    # an actor clicked in the drawn view: styled, carded, the history entry replaced, not redrawn
    click = update_view(store, 400, drawn, read_view_event(
        "graph", {"id": "archer"}, {"tap": {"id": "archer"}, "controls": controls}, state, key))
    assert click["view"] is no_update and click["notice"] is no_update
    assert click["card_target"] == {"kind": "actor", "id": "archer"}
    assert click["history"] == {"query": "?territoire=dep:26&acteur=archer", "replace": True}
    assert click["style"]["actor"] == "archer"
    # tampered inputs: ignored
    for trigger, inputs in (("graph", {"tap": "archer"}), ("search", {"search": ["x"]}),
                            ("pick", {"pick": "dep:38"})):
        out = update_view(store, 400, drawn, read_view_event(
            trigger, None, {**inputs, "controls": controls}, state, key))
        assert out["state"] is no_update and out["view"] is no_update
    bad = update_view(store, 400, drawn, read_view_event(
        "search", "nobody", {"search": "nobody", "controls": controls}, state, key))
    assert "Acteur inconnu : « nobody »" in bad["notice"]
    # the card: an actor, a tie with the way back, anything else answered in French
    assert "Groupement ARCHER" in str(show_card(store, {"kind": "actor", "id": "archer"}))
    rel = store.actor("archer").relations[0]
    tie = show_card(store, {"kind": "tie", "id": rel.id, "source": rel.source, "back": "archer"})
    assert tie.id == "edge-card" and "Retour" in str(tie)
    assert show_card(store, {"kind": "actor", "id": "nobody"}).startswith("Acteur inconnu")


def test_comparison_rows_flag_small_territories(store):
    from dashboard.overview import comparison_rows, store_comparison
    rows = comparison_rows(store_comparison(store))
    small = [r for r in rows if r["small"]]
    assert small and all(r["actors"] < 5 and "moins de 5 acteurs" in r["label"] for r in small)
    assert rows[-len(small):] == small                      # listed last
    assert all(r["id"].split(":")[0] in ("dep", "region2008", "region") for r in rows)


def test_a_view_of_one_experience_names_it_in_its_title(mini_dataset):
    from dashboard.state import ViewState
    from dashboard.views import render
    from graph.memory_store import MemoryStore
    store = MemoryStore(mini_dataset)
    [section] = [s for s in store.sections() if s.is_experience][:1]
    title = render(store, ViewState(sections=(section.id,))).title
    assert title.endswith(f"— expérience « {section.title[:59].rstrip()}" +
                          ("…" if len(section.title) > 60 else "") + " »")
    assert "expérience" not in render(store, ViewState()).title
