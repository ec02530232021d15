"""The « Trouver des pairs » panel (dashboard/peers_panel.py): layout and callback body, without a
browser (tests/browser/test_peers_panel.py drives it in Chromium)."""

from __future__ import annotations

import pytest

from dashboard.peers_panel import kind_options, panel, search_peers, short_title
from graph.memory_store import MemoryStore


def texts(component) -> list[str]:
    """Every string inside a Dash component tree."""
    if isinstance(component, str):
        return [component]
    if isinstance(component, (list, tuple)):
        return [t for c in component for t in texts(c)]
    return texts(getattr(component, "children", None) or [])


def ids(component) -> list:
    if isinstance(component, (list, tuple)):
        return [i for c in component for i in ids(c)]
    found = [component.id] if getattr(component, "id", None) is not None else []
    children = getattr(component, "children", None)
    if isinstance(children, (list, tuple)):
        return found + [i for c in children for i in ids(c)]
    return found + (ids(children) if children is not None and not isinstance(children, str) else [])


@pytest.fixture(scope="module")
def store(shipped_dataset):
    return MemoryStore(shipped_dataset)


def test_long_titles_are_cut_at_a_word():
    title = "AMELIORATION DE LA QUALITE DES PARCOURS D'INSERTION PAR LE RENFORCEMENT DES PARTENARIATS"
    assert short_title(title) == "AMELIORATION DE LA QUALITE DES PARCOURS D'INSERTION PAR LE …"
    assert short_title("Nantes Métropole") == "Nantes Métropole"


def test_panel_layout_in_french():
    layout = panel()
    assert {"peers-text", "peers-kind", "peers-near", "peers-other", "peers-search",
            "peers-results"} <= set(ids(layout))
    assert "Trouver des pairs" in texts(layout)
    assert {"label": "Atelier et chantier d'insertion (ACI)", "value": "ACI"} in kind_options()


def test_search_lists_actors_and_experiences_with_reasons(store):
    out = search_peers(store, 1, "plate-forme départementale de services à la personne", None,
                       None, [])
    found = store.peers("plate-forme départementale de services à la personne", k=5)
    said = texts(out)
    assert found.actors[0].name in said
    assert short_title(found.experiences[0].title) in said
    assert "Territoire : " not in " ".join(said)   # no territory asked or named
    assert any(t.startswith("termes communs : ") for t in said)
    buttons = [i for i in ids(out) if isinstance(i, dict)]
    assert {"type": "partner-link", "id": found.actors[0].id} in buttons
    assert {"type": "peers-experience", "id": found.experiences[0].id} in buttons


def test_search_with_kind_territory_and_errors(store):
    out = search_peers(store, 1, "clauses sociales", "PLIE", "Nord", ["other"])
    said = " ".join(texts(out))
    assert "Plan local pour l'insertion et l'emploi" in said or "Aucun acteur" in said
    assert said.startswith("Type : PLIE · Hors de : Nord (59)")
    assert "(59)" not in said.replace("Hors de : Nord (59)", "")   # nothing from the Nord
    assert texts(search_peers(store, 1, "clauses", None, "Atlantide", [])) == \
        ["territoire inconnu : « Atlantide » (un département, son numéro, ou une région)"]
    assert texts(search_peers(store, 0, "clauses", None, None, [])) == \
        ["Décrivez votre projet puis cliquez sur « Chercher »."]
