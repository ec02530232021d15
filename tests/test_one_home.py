"""Issue 14's bugs, each reproduced: the rules that lived in two places now live in one.

- every command resolves an actor's name the same way (``graph.actors.resolve_actor``): the two
  old resolvers disagreed on 42 of the shipped data's 738 names, acronyms and aliases;
- every CSV the CLI writes neutralises formulas (an imported actor named like a formula);
- an imported tie's card cites the source the coordinator gave, not « Recueil … ligne 0 »;
- ``vita validate`` checks exactly the folder it is given, not the user's imports.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from dashboard.cards import actor_card_data, render_edge_card
from graph.actors import resolve_actor
from graph.errors import Ambiguous
from graph.memory_store import MemoryStore
from graph.search import normalise
from loaders.dataset import load_dataset
from loaders.imports.persistence import load_with_imports
from tests.conftest import mini_store

HOSTILE = '=HYPERLINK("http://x","y")'


def labels_by_key(dataset) -> dict[str, set[str]]:
    found = defaultdict(set)
    for actor in dataset.actors.values():
        for label in (actor.name, actor.acronym or "", *actor.aliases):
            if normalise(label):
                found[normalise(label)].add(actor.id)
    return found


@pytest.fixture(scope="module", params=["memory", "neo4j"])
def shipped_store(request, shipped_dataset):
    return mini_store(request, request.param, shipped_dataset)


def test_every_name_acronym_and_alias_resolves_to_its_actor_or_lists_all(shipped_store,
                                                                          shipped_dataset):
    by_key = labels_by_key(shipped_dataset)
    labels = {label for a in shipped_dataset.actors.values()
              for label in (a.name, a.acronym, *a.aliases) if label}
    assert len(labels) > 700
    for label in sorted(labels):
        owners = by_key[normalise(label)]
        if label in shipped_dataset.actors:
            assert resolve_actor(shipped_store, label) == label
        elif len(owners) == 1:
            assert resolve_actor(shipped_store, label) == next(iter(owners)), label
        else:
            with pytest.raises(Ambiguous) as caught:
                resolve_actor(shipped_store, label)
            listed = {c.split(" : ")[0] for c in caught.value.candidates}
            assert listed == owners, label


def invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


@pytest.mark.parametrize("name, actor_id", [("ESSOR", "essor"), ("essor", "essor"),
                                            ("ADIE", None), ("ANPE", None), ("Nobody at all", None)])
def test_similar_and_partners_resolve_a_name_the_same_way(name, actor_id):
    similar = invoke("similar", name)
    partners = invoke("partners", name, "--format", "csv")
    assert similar.exit_code == partners.exit_code == (0 if actor_id else 2), \
        (similar.output, partners.output)
    if actor_id:
        assert f"({actor_id})" in similar.output.splitlines()[0]
    else:
        assert similar.output.splitlines()[0] == partners.output.splitlines()[0]


# --- every CSV neutralises formulas ------------------------------------------------------------
@pytest.fixture
def hostile_import(mini_root, tmp_path, monkeypatch) -> Path:
    """The mini dataset plus an import of an actor named like a formula, tied to three actors
    of the Drôme (so that it is the most connected there and similar to archer)."""
    monkeypatch.setenv("VITA_USER_DATA", str(tmp_path / "user-data"))
    folder = tmp_path / "reseau"
    folder.mkdir()
    (folder / "acteurs.csv").write_text(
        "identifiant;nom;sigle;type;commune;departement\n"
        f';"{HOSTILE.replace(chr(34), chr(34) * 2)}";;ENSEMBLIER;Romans-sur-Isère;26\n',
        encoding="utf-8")
    (folder / "relations.csv").write_text(
        "acteur_source;type;acteur_cible;statut;source\n" + "".join(
            f'"{HOSTILE.replace(chr(34), chr(34) * 2)}";PARTNER_OF;{target};actual;'
            f'"=cmd|\' /C calc\'!A0"\n' for target in ("archer", "cg-26", "anpe-romans")),
        encoding="utf-8")
    result = invoke("import", folder, "--data", mini_root)
    assert result.exit_code == 0, result.output
    return mini_root


def csv_cells(text: str, delimiter: str = ",") -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
            for cell in row]


@pytest.mark.parametrize("args", [
    ("export", "actors"), ("export", "relations"), ("similar", "archer", "--format", "csv", "-k", "20"),
    ("territories", "--format", "csv"), ("territories", "dep:26", "--format", "csv"),
    ("partners", "archer", "--format", "csv"),
    ("partners", "archer", "--format", "csv", "--dialect", "excel-fr"),
    ("export", "territory", "26", "--format", "csv"),
])
def test_every_csv_output_neutralises_formulas(hostile_import, args):
    result = invoke(*args, "--data", hostile_import, "--with-imports")
    assert result.exit_code == 0, result.output
    cells = csv_cells(result.stdout, ";" if "excel-fr" in args else ",")
    assert any("HYPERLINK" in cell or "calc" in cell for cell in cells)    # it is there…
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]           # …as text


def test_commands_without_with_imports_do_not_see_them(hostile_import):
    result = invoke("export", "actors", "--data", hostile_import)
    assert "HYPERLINK" not in result.stdout


# --- an imported tie's card ----------------------------------------------------------------------
def test_an_imported_ties_card_cites_its_source(hostile_import):
    dataset, skipped = load_with_imports(hostile_import)
    assert skipped == []
    store = MemoryStore(dataset)
    ties = [t for group in actor_card_data(store.actor("archer"))["partners"].values()
            for t in group if "HYPERLINK" in t["partner_name"]]
    assert len(ties) == 1
    assert ties[0]["evidence"] == ""                               # no « quote »
    assert ties[0]["reference"] == "=cmd|' /C calc'!A0 (Import « reseau »)"
    assert "ligne 0" not in ties[0]["reference"]
    rel = next(r for r in store.actor("archer").relations if r.section.startswith("import-"))
    card = str(render_edge_card(rel))
    assert "ligne 0" not in card and "Recueil" not in card and "calc" in card
    curated = next(r for r in store.actor("archer").relations if not r.section.startswith("import-"))
    assert f"ligne {curated.line}" in str(render_edge_card(curated))


# --- vita validate reads only its folder ------------------------------------------------------
def test_validate_ignores_the_user_data_folder(hostile_import):
    assert len(load_with_imports(hostile_import)[0].actors) == len(load_dataset(hostile_import).actors) + 1
    result = invoke("validate", hostile_import, "--no-evidence")
    assert result.exit_code == 0, result.output
    assert f"{len(load_dataset(hostile_import).actors)} actors" in result.output
