"""Issue 16's table, one test per row that belongs to the library and the CLI: hostile input
and bad luck give one clear error (or are ignored alone), never a crash, a hang or half-loaded
data. The Neo4j rows run against the real test server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from dashboard.state import ViewState
from dashboard.svg import view_svg
from dashboard.views import render
from graph import exports
from graph.errors import InputError, StoreUnavailable
from graph.memory_store import MemoryStore
from graph.neo4j.connection import Neo4jSettings
from graph.neo4j.store import Neo4jStore
from graph.search import MAX_SEARCH_CHARS, MAX_SEARCH_WORDS, search_query
from loaders.dataset import load_dataset
from loaders.imports import ImportFileError, plan_import
from loaders.imports.persistence import load_with_imports
from tests.conftest import MINI, free_port, mini_store

ROOT = Path(__file__).resolve().parent.parent


def invoke(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def write_import(folder: Path, actors: list[str], ties: list[str] = ()) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "acteurs.csv").write_text("identifiant;nom;sigle;type;commune;departement\n"
                                        + "".join(f"{row}\n" for row in actors), encoding="utf-8")
    if ties:
        (folder / "relations.csv").write_text("acteur_source;type;acteur_cible;statut;source\n"
                                              + "".join(f"{row}\n" for row in ties),
                                              encoding="utf-8")
    return folder


@pytest.fixture
def user_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("VITA_USER_DATA", str(tmp_path / "user-data"))
    return tmp_path / "user-data"


# --- bounded search --------------------------------------------------------------------------
def at_the_cap() -> str:
    """A search exactly at both bounds: MAX_SEARCH_WORDS words, MAX_SEARCH_CHARS characters."""
    word = "x" * ((MAX_SEARCH_CHARS - (MAX_SEARCH_WORDS - 1)) // MAX_SEARCH_WORDS)
    text = " ".join([word] * MAX_SEARCH_WORDS)
    return text + "y" * (MAX_SEARCH_CHARS - len(text))


def test_a_search_is_cut_to_its_bounds():
    text = at_the_cap()
    assert len(text) == MAX_SEARCH_CHARS and len(text.split()) == MAX_SEARCH_WORDS
    assert search_query(text) == text
    huge = "Conseil Général " * 200_000                      # 3.2 MB
    assert len(search_query(huge)) <= MAX_SEARCH_CHARS
    assert len(search_query(huge).split()) <= MAX_SEARCH_WORDS


@pytest.fixture(scope="module", params=["memory", "neo4j"])
def mini(request, mini_dataset):
    return mini_store(request, request.param, mini_dataset)


def test_a_search_at_the_cap_and_a_3_mb_one_answer_and_leave_the_store_usable(mini):
    assert mini.search(at_the_cap()) == []
    assert mini.search("Conseil Général " * 200_000, limit=5) == \
        mini.search(search_query("Conseil Général " * 200_000), limit=5)
    assert [a.id for a in mini.search("archer")] == ["archer"]     # still answers


def test_lucene_special_characters_are_plain_text(mini):
    for text in ['archer"', "arch*", "a AND b OR", "(e3i)", "\\", "~1", "title:x", "[a TO z]"]:
        mini.search(text)                                           # no syntax error
    assert [a.id for a in mini.search("(archer)")] == ["archer"]


def test_1100_words_are_one_french_line_on_neo4j(neo4j_settings, mini):
    words = " ".join(f"mot{i}" for i in range(1100))
    assert mini.search(words) == []                                 # no TooManyClauses
    for command in ("similar", "partners"):
        result = invoke(command, words, "--backend", "neo4j", "--neo4j-uri", neo4j_settings.uri)
        assert result.exit_code == 2, result.output
        assert result.output.startswith("erreur : nom d'acteur trop long")
        assert "Traceback" not in result.output


def test_a_query_past_its_timeout_is_a_french_store_error(neo4j_driver, neo4j_settings):
    store = Neo4jStore(neo4j_driver, replace(neo4j_settings, query_timeout=0.2))
    with pytest.raises(StoreUnavailable, match="Neo4j a dépassé le temps permis"):
        store._run("UNWIND range(1, 1000000000) AS x RETURN count(x) AS n")
    assert store._run("RETURN 1 AS one") == [{"one": 1}]


def test_too_many_clauses_is_a_french_input_error(request, mini_dataset):
    store = mini_store(request, "neo4j", mini_dataset)          # loaded: the index exists
    terms = " OR ".join(f"mot{i}" for i in range(1100))
    with pytest.raises(InputError, match="recherche trop longue"):
        store._run("CALL db.index.fulltext.queryNodes('actor_search', $q) YIELD node "
                   "RETURN count(node) AS n", q=terms)


def test_settings_for_requests_are_short():
    fast = Neo4jSettings().for_requests()
    assert fast.connection_timeout <= 5 and fast.query_timeout <= 10


# --- imports that cannot bomb ------------------------------------------------------------------
def test_an_xlsx_zip_bomb_is_refused_before_it_is_read(tmp_path):
    bomb = tmp_path / "reseau.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/sharedStrings.xml", "w") as part:      # 101 MiB of spaces
            for _ in range(101):
                part.write(b" " * 2**20)
    assert bomb.stat().st_size < 2**20                                 # a small file…
    with pytest.raises(ImportFileError) as caught:
        plan_import([bomb], MINI)
    assert str(caught.value.issues[0]) == (
        "reseau.xlsx:-:-:-: classeur refusé : la partie xl/sharedStrings.xml ferait 101 Mio une "
        "fois décompressée (au plus 100 Mio)")


def test_10005_names_sharing_their_first_70_characters_get_unique_ids(tmp_path, user_dir):
    prefix = "Association pour l'insertion par l'activité économique du bassin grenoblois"
    folder = write_import(tmp_path / "reseau", [f";{prefix} {i};;ASSO;Grenoble;38"
                                                for i in range(10_005)])
    plan = plan_import([folder], MINI)
    assert plan.issues == []
    ids = [o.actor_id for o in plan.outcomes("create")]
    assert len(ids) == len(set(ids)) == 10_005


# --- text that stays text ---------------------------------------------------------------------
@pytest.mark.parametrize("char, name", [
    ("\x01", "U+0001"), ("\x7f", "U+007F DELETE"), ("\x85", "U+0085"),
    ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"), ("\u200b", "U+200B ZERO WIDTH SPACE"),
    ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"), ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
])
def test_hidden_characters_are_refused_at_import_with_their_place(tmp_path, char, name):
    folder = write_import(tmp_path / "reseau", [f";Char{char}tier;;ACI;Grenoble;38"])
    plan = plan_import([folder], MINI)
    assert len(plan.issues) == 1
    message = str(plan.issues[0])
    assert message.startswith("acteurs.csv:acteurs:2:nom: caractère invisible ou de contrôle "
                              f"refusé : {name}")
    assert message.endswith("en position 5")


def test_a_tab_or_accents_are_not_hidden_characters(tmp_path):
    folder = write_import(tmp_path / "reseau", [";Chantier\td'Écully — « test »;;ACI;Grenoble;38"])
    assert plan_import([folder], MINI).issues == []


HOSTILE_NAMES = ["Nul\x00 et ctrl\x01\x08\x0b\x1f", "RTL \u202egnp.exe", "DEL\x7f", "zéro\u200blargeur",
                 "<script>alert(1)</script> & \"quotes\" 'x'", "]]> <!-- -->", "\ud800 seul",
                 "non-caractère \uffff\ufffe"]


@pytest.fixture(scope="module")
def hostile_store(shipped_dataset):
    """The shipped data with actors whose names hold what XML forbids (as an older import, or
    a store written by another tool, could hold)."""
    actors = dict(shipped_dataset.actors)
    base = actors["e3i"]
    for i, name in enumerate(HOSTILE_NAMES):
        actors[f"hostile-{i}"] = replace(base, id=f"hostile-{i}", name=name, acronym=name[:3],
                                         aliases=(name,))
    relations = shipped_dataset.relations + tuple(
        replace(shipped_dataset.relations[0], id=f"hostile-tie-{i}", source=f"hostile-{i}",
                target="e3i", evidence=name) for i, name in enumerate(HOSTILE_NAMES))
    sections = dict(shipped_dataset.sections)
    first = relations[0].section
    sections[first] = replace(sections[first], roles={**sections[first].roles,
                                                      **{f"hostile-{i}": "partner"
                                                         for i in range(len(HOSTILE_NAMES))}})
    return MemoryStore(replace(shipped_dataset, actors=actors, relations=relations,
                               sections=sections))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("territory", ["france", "dep:38"])
def test_graph_files_parse_as_xml_whatever_the_names(hostile_store, fmt, territory):
    view = hostile_store.territory_subgraph(territory)
    assert {f"hostile-{i}" for i in range(len(HOSTILE_NAMES))} <= {a.id for a in view.nodes}
    root = ET.fromstring(exports.graph_file(view, fmt))
    text = ET.tostring(root, encoding="unicode")
    assert "gnp.exe" in text and "&lt;script&gt;" in text


@pytest.mark.parametrize("territory", ["france", "dep:38"])
def test_the_view_svg_parses_as_xml_whatever_the_names(hostile_store, territory):
    shown = render(hostile_store, ViewState(territory=territory), 5000)
    svg = view_svg(shown.view.elements, "Isère \x01 <titre>", None, "famille")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")


# --- user data that cannot be half-read -------------------------------------------------------
@pytest.fixture
def two_imports(tmp_path, user_dir, mini_root) -> tuple[Path, Path, Path]:
    for name, commune in (("jardin", "Grenoble"), ("atelier", "Voiron")):
        folder = write_import(tmp_path / name, [f";{name.title()} solidaire;;ACI;{commune};38"],
                              [f"{name.title()} solidaire;PARTNER_OF;e3i;effectif;Annuaire"])
        assert invoke("import", folder, "--data", mini_root).exit_code == 0
    imports = user_dir / "imports"
    return mini_root, imports / "import-jardin.yaml", imports / "import-atelier.yaml"


def test_a_cut_off_import_is_reported_and_skipped_alone_at_every_cut_point(two_imports):
    root, jardin, atelier = two_imports
    whole = jardin.read_bytes()
    base = len(load_dataset(root).actors)
    # 12+ cut points; a cut that drops only the final newline leaves the content and its
    # checksum whole, so it is no cut at all
    for cut in range(1, len(whole.rstrip(b"\n")), max(1, len(whole) // 12)):
        jardin.write_bytes(whole[:cut])
        dataset, skipped = load_with_imports(root)
        assert [i.file for i in skipped] == [str(jardin)], cut
        assert "jardin-solidaire" not in dataset.actors, cut          # nothing of it…
        assert "atelier-solidaire" in dataset.actors, cut             # …the other one loads
        assert len(dataset.actors) == base + 1, cut
    jardin.write_bytes(whole)
    assert len(load_with_imports(root)[0].actors) == base + 2


def test_vita_serve_starts_and_says_which_import_it_skipped(two_imports):
    root, jardin, _ = two_imports
    jardin.write_bytes(jardin.read_bytes()[:len(jardin.read_bytes()) // 2])
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "cli.main", "serve", "--data", str(root),
                             "--port", str(port)], env=os.environ.copy(), cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        deadline = time.monotonic() + 120
        while not any(line.startswith("vita explorer on") for line in lines):
            assert proc.poll() is None and time.monotonic() < deadline, lines
            lines.append(proc.stderr.readline())
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    warning = next(line for line in lines if "import ignoré" in line)
    assert str(jardin) in warning and "incomplet" in warning


def test_an_imports_path_that_is_not_a_folder_is_an_error(user_dir, tmp_path, mini_root):
    user_dir.mkdir()
    (user_dir / "imports").write_text("not a folder", encoding="utf-8")
    result = invoke("stats", "--data", mini_root, "--with-imports")
    assert result.exit_code == 2
    assert result.output.startswith(f"erreur : {user_dir / 'imports'} n'est pas un dossier")
    folder = write_import(tmp_path / "reseau", [";Jardin;;ACI;Grenoble;38"])
    result = invoke("import", folder, "--data", mini_root)
    assert result.exit_code == 2 and "n'est pas un dossier" in result.output
    assert "Traceback" not in result.output


# --- safe defaults --------------------------------------------------------------------------------
@pytest.mark.parametrize("uri", ["http://127.0.0.1:17700", "https://example.org", "127.0.0.1:7687",
                                 "bolt://"])
def test_an_unsupported_neo4j_uri_is_one_line(uri):
    result = invoke("similar", "archer", "--backend", "neo4j", "--neo4j-uri", uri)
    assert result.exit_code == 2
    assert result.output.startswith(f"erreur : adresse Neo4j invalide « {uri} »")
    assert len(result.output.strip().splitlines()) == 1


def test_the_launcher_refuses_a_short_password_and_says_why(tmp_path):
    env = {**os.environ, "VITA_NEO4J_PASSWORD": "short", "VITA_NEO4J_HOME": str(tmp_path),
           "VITA_NEO4J_PORT": str(free_port())}
    result = subprocess.run(["bash", str(ROOT / "tools/neo4j/neo4j"), "start"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "at least 8 characters" in result.stderr and "it has 5" in result.stderr


@pytest.mark.parametrize("kind, hint", [("ZZZ", None), ("peut-être", None), ("AIC", "AI"),
                                        ("ACl", "ACI"), ("Associaton", "ASSO")])
def test_kind_suggestions_only_when_close(tmp_path, kind, hint):
    folder = write_import(tmp_path / "reseau", [f";Jardin;;{kind};Grenoble;38"])
    [problem] = plan_import([folder], MINI).issues
    assert f"type de structure inconnu « {kind} »" in problem.message
    if hint:
        assert problem.message.endswith(f"code le plus proche : « {hint} »")
    else:
        assert "proche" not in problem.message


def test_vita_import_still_works_and_names_a_damaged_earlier_import(two_imports, tmp_path):
    root, jardin, _ = two_imports
    jardin.write_bytes(jardin.read_bytes()[:100])
    folder = write_import(tmp_path / "ressourcerie", [";Ressourcerie;;ASSO;Vienne;38"])
    result = invoke("import", folder, "--data", root)
    assert result.exit_code == 0, result.output
    assert f"attention : import ignoré — {jardin}" in result.output
