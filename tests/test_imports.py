"""`vita import`: the template, row checks with precise errors, resolution against vita's actors,
persistence in the user data folder, Neo4j in one transaction, idempotence, and a fuzz of the
CSV reader."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from graph import exports
from graph.coordinates import load_coordinates
from graph.memory_store import MemoryStore
from graph.neo4j.store import Neo4jStore
from graph.neo4j import loader as neo4j_loader
from cli.main import main
from loaders.dataset import DatasetError, load_dataset
from loaders.imports import ImportFileError, plan_import, save_import
from loaders.imports.persistence import load_with_imports, seal, unseal
from loaders.imports.persistence import load_with_imports, seal, unseal
from graph.neo4j.loader import counts, load
from tests.conftest import MINI, wipe

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
ACTOR_HEADER = "identifiant;nom;sigle;type;commune;departement\n"
TIE_HEADER = "acteur_source;type;acteur_cible;statut;source\n"


@pytest.fixture
def user_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "user-data"
    monkeypatch.setenv("VITA_USER_DATA", str(folder))
    return folder


def loaded(root: Path):
    """The dataset of ``root`` with the user's imports, asserting none had to be skipped."""
    dataset, skipped = load_with_imports(root)
    assert skipped == []
    return dataset


def loaded(root: Path):
    """The dataset of ``root`` with the user's imports, asserting none had to be skipped."""
    dataset, skipped = load_with_imports(root)
    assert skipped == []
    return dataset


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def issues_of(paths, root) -> list[str]:
    """The problems an import reports (file errors raised, or the plan's row problems)."""
    try:
        plan = plan_import(paths, root)
    except ImportFileError as exc:
        return [str(i) for i in exc.issues]
    return [str(i) for i in plan.issues]


# --- the template ---------------------------------------------------------------------------
def test_shipped_template_is_what_the_builder_writes(tmp_path):
    import importlib.util
    spec = importlib.util.spec_from_file_location("build_template", TEMPLATES / "build_template.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    built = builder.build(tmp_path)
    for path in built[1:]:
        assert path.read_bytes() == (TEMPLATES / path.name).read_bytes(), path.name
    fresh, shipped = load_workbook(built[0]), load_workbook(TEMPLATES / "vita-import.xlsx")
    assert fresh.sheetnames == shipped.sheetnames == ["lisez-moi", "acteurs", "relations", "codes"]
    for name in fresh.sheetnames:
        assert list(fresh[name].values) == list(shipped[name].values), name


@pytest.mark.parametrize("files", [["vita-import.xlsx"], ["acteurs.csv", "relations.csv"]])
def test_template_example_resolves_against_the_data(files, mini_root, user_dir):
    plan = plan_import([TEMPLATES / f for f in files], mini_root)
    assert plan.issues == []
    assert [(o.action, o.actor_id) for o in plan.resolution.actors] == [
        ("create", "chantier-d-insertion-des-collines-exemple"),
        ("create", "ressourcerie-du-nord-drome-exemple"),
        ("merge", "archer"), ("merge", "cg-26")]
    assert [(t.source, t.type, t.target, t.status) for t in plan.ties] == [
        ("archer", "SUPPORTS", "chantier-d-insertion-des-collines-exemple", "actual"),
        ("cg-26", "FUNDS", "chantier-d-insertion-des-collines-exemple", "planned"),
        ("chantier-d-insertion-des-collines-exemple", "PARTNER_OF",
         "ressourcerie-du-nord-drome-exemple", "actual"),
        ("ressourcerie-du-nord-drome-exemple", "MEMBER_OF", "coorace", "actual")]
    assert not user_dir.exists()                         # planning writes nothing


# --- memory: user data folder ---------------------------------------------------------------
def test_import_is_kept_and_loaded_with_the_dataset(mini_root, user_dir):
    result = run("import", TEMPLATES / "vita-import.xlsx", "--data", mini_root)
    assert result.exit_code == 0, result.output
    assert "2 à créer, 2 fusionnés avec un acteur de vita, 0 en conflit" in result.output
    saved = user_dir / "imports" / "import-vita-import.yaml"
    assert saved.is_file()
    dataset = loaded(mini_root)
    assert len(dataset.actors) == 11 and len(dataset.relations) == 12
    chantier = dataset.actors["chantier-d-insertion-des-collines-exemple"]
    assert (chantier.kind, chantier.place.commune, chantier.contact["phone"]) == \
        ("ACI", "26281", "04 75 00 00 01")
    store = MemoryStore(dataset)
    # placed like any actor: in Romans, spread beside the two actors already on its town hall
    placed = store.actor(chantier.id).actor
    romans = load_coordinates().points["26281"]
    assert placed.precision == "commune" and placed.latitude is not None
    assert 0.001 < math.dist((placed.latitude, placed.longitude), romans) < 0.05
    rows = exports.partner_rows(exports.partner_list(store, "archer"))
    row = next(r for r in rows if r["Identifiant vita"] == chantier.id)
    assert row["Citations"] == ""
    assert row["Sources"] == "Convention d'accompagnement 2024 (exemple) (Import « vita-import »)"
    assert len(loaded(MINI).actors) == 9            # resolved against mini_root only


def test_importing_the_same_file_twice_changes_nothing(mini_root, user_dir):
    assert run("import", TEMPLATES / "vita-import.xlsx", "--data", mini_root).exit_code == 0
    saved = user_dir / "imports" / "import-vita-import.yaml"
    before_text, before = saved.read_text(encoding="utf-8"), loaded(mini_root)
    again = run("import", TEMPLATES / "vita-import.xlsx", "--data", mini_root)
    assert again.exit_code == 0 and "rien n'a changé" in again.output
    assert "2 à créer" in again.output          # its own actors are not "found" the second time
    assert saved.read_text(encoding="utf-8") == before_text
    assert loaded(mini_root) == before


def test_a_changed_file_replaces_its_previous_import(mini_root, user_dir, tmp_path):
    folder = tmp_path / "reseau"
    write(folder, "acteurs.csv", ACTOR_HEADER + ";Jardin des Plantes;;ACI;Grenoble;\n"
                                               ";Atelier Bois;;EI;Grenoble;\n")
    assert run("import", folder, "--data", mini_root).exit_code == 0
    assert {"jardin-des-plantes", "atelier-bois"} <= set(loaded(mini_root).actors)
    write(folder, "acteurs.csv", ACTOR_HEADER + ";Jardin des Plantes;;ACI;Grenoble;\n")
    assert run("import", folder, "--data", mini_root).exit_code == 0
    actors = loaded(mini_root).actors
    assert "jardin-des-plantes" in actors and "atelier-bois" not in actors


def test_dry_run_writes_nothing(mini_root, user_dir):
    result = run("import", TEMPLATES / "acteurs.csv", TEMPLATES / "relations.csv", "--dry-run",
                 "--data", mini_root)
    assert result.exit_code == 0 and "simulation (--dry-run)" in result.output
    assert not user_dir.exists()


# --- Neo4j: one transaction -----------------------------------------------------------------
@pytest.fixture
def neo4j(neo4j_driver, neo4j_settings, mini_dataset, monkeypatch):
    wipe(neo4j_driver, neo4j_settings)
    load(neo4j_driver, mini_dataset, neo4j_settings)
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    return neo4j_driver, neo4j_settings


def test_neo4j_import_is_idempotent_and_matches_memory(neo4j, mini_root, user_dir):
    driver, settings = neo4j
    args = ("import", TEMPLATES / "vita-import.xlsx", "--data", mini_root, "--backend", "neo4j")
    first = run(*args)
    assert first.exit_code == 0, first.output
    assert "en une transaction" in first.output
    after_first = counts(driver, settings.database)
    assert (after_first["actors"], after_first["ties"]) == (11, 12)
    assert run(*args).exit_code == 0
    assert counts(driver, settings.database) == after_first
    memory, graph = MemoryStore(loaded(mini_root)), Neo4jStore(driver, settings)
    for actor in ("archer", "chantier-d-insertion-des-collines-exemple", "coorace"):
        assert exports.partner_rows(exports.partner_list(graph, actor)) == \
            exports.partner_rows(exports.partner_list(memory, actor))
    assert graph.actor("archer").actor.degree == 5          # derived properties recomputed
    imported = "chantier-d-insertion-des-collines-exemple"   # placed as the memory store does
    assert graph.actor(imported).actor == memory.actor(imported).actor


def test_neo4j_import_rolls_back_whole_on_failure(neo4j, mini_root, user_dir, monkeypatch):
    driver, settings = neo4j
    before = counts(driver, settings.database)
    plan = plan_import([TEMPLATES / "vita-import.xlsx"], mini_root)
    original = neo4j_loader.write_dataset

    def half_then_fail(tx, rows):
        original(tx, rows)
        raise RuntimeError("disk full")
    monkeypatch.setattr(neo4j_loader, "write_dataset", half_then_fail)
    with pytest.raises(RuntimeError):
        neo4j_loader.load_import(driver, plan.dataset, plan.id, settings)
    assert counts(driver, settings.database) == before


# --- precise errors ---------------------------------------------------------------------------
@pytest.mark.parametrize("actors, expected", [
    ("nom;typ;commune\nA;ACI;Grenoble\n",
     ["acteurs.csv:acteurs:1:typ: colonne inconnue ; vouliez-vous dire « type » ? colonnes "
      "possibles : identifiant, nom, sigle, autres_noms, type, commune, departement, region, "
      "adresse, telephone, courriel, site_web, description",
      "acteurs.csv:acteurs:1:type: colonne obligatoire manquante"]),
    (ACTOR_HEADER + ";;;ACI;Grenoble;\n",
     ["acteurs.csv:acteurs:2:nom: valeur obligatoire manquante"]),
    (ACTOR_HEADER + ";Atelier;;ACl;Grenoble;\n",
     ["acteurs.csv:acteurs:2:type: type de structure inconnu « ACl » ; code le plus proche : « ACI »"]),
    (ACTOR_HEADER + ";Atelier;;chantier d'insertion;;\n",
     ["acteurs.csv:acteurs:2:type: type de structure inconnu « chantier d'insertion » ; code le "
      "plus proche : « ACI »"]),
    (ACTOR_HEADER + ";Atelier;;ACI;Grenobel;\n",
     ["acteurs.csv:acteurs:2:commune: territoire inconnu « commune Grenobel » : ni un code, ni le "
      "nom d'une région, d'un département, d'une commune, d'une intercommunalité ou d'un pays ; "
      "vouliez-vous dire : « Grenoble » ? — attendu : une commune (code INSEE ou nom)"]),
    (ACTOR_HEADER + ";Atelier;;ACI;Grenoble;26\n",
     ["acteurs.csv:acteurs:2:commune: « commune Grenoble » n'est pas dans le département 26 ; ce nom "
      "désigne : la commune Grenoble (INSEE 38185, Isère 38) → commune:38185 — attendu : une "
      "commune (code INSEE ou nom)"]),
    (ACTOR_HEADER + ";A;;ACI;;\n;B;;AI;;\n;A;;ACI;;\n",
     ["acteurs.csv:acteurs:4:nom: même acteur que la ligne 2 (un nom en commun, même territoire)"]),
    ("nom;type;courriel\nA;ACI;pas-une-adresse\n",
     ["acteurs.csv:acteurs:2:courriel: adresse électronique invalide « pas-une-adresse »"]),
    ("nom;type\nA;ACI\nB;AI;en trop\n",
     ["acteurs.csv:acteurs:3:colonne 3: valeur dans une colonne sans nom : « en trop »"]),
])
def test_malformed_actor_sheets_get_precise_errors(tmp_path, mini_root, actors, expected):
    path = write(tmp_path, "acteurs.csv", actors)
    assert issues_of([path], mini_root) == expected


def test_ambiguous_commune_lists_candidates(tmp_path, mini_root):
    path = write(tmp_path, "acteurs.csv", ACTOR_HEADER + ";Atelier;;ACI;Saint-Denis;\n")
    [problem] = issues_of([path], mini_root)
    assert problem.startswith("acteurs.csv:acteurs:2:commune: « commune Saint-Denis » désigne "
                              "plusieurs territoires (4)")
    assert "INSEE 93066" in problem and "INSEE 97411" in problem


@pytest.mark.parametrize("ties, expected", [
    (TIE_HEADER + "archer;FUNDS;Inconnu SA;;Convention\n",
     ["relations.csv:relations:2:acteur_cible: acteur inconnu « Inconnu SA » : ni dans la feuille "
      "acteurs, ni dans vita"]),
    (TIE_HEADER + "archer;FUNDS;e3i;;\n",
     ["relations.csv:relations:2:source: valeur obligatoire manquante"]),
    (TIE_HEADER + "archer;finance beaucoup;e3i;;Convention\n",
     ["relations.csv:relations:2:type: type de relation inconnu « finance beaucoup » ; code le "
      "plus proche : « FUNDS »"]),
    (TIE_HEADER + "archer;FUNDS;e3i;peut-être;Convention\n",
     ["relations.csv:relations:2:statut: statut inconnu « peut-être »"]),    # nothing close
    (TIE_HEADER + "archer;FUNDS;e3i;;Convention\nARCHER;finance;E3i;effectif;Autre\n",
     ["relations.csv:relations:3:-: même relation que la ligne 2"]),
    (TIE_HEADER + "Groupement ARCHER;FUNDS;Archer;;Convention\n",
     ["relations.csv:relations:2:acteur_cible: un acteur ne peut pas être relié à lui-même"]),
])
def test_malformed_relation_sheets_get_precise_errors(tmp_path, mini_root, ties, expected):
    path = write(tmp_path, "relations.csv", ties)
    assert issues_of([path], mini_root) == expected


def test_conflict_is_reported_then_settled_by_the_id(tmp_path, mini_root):
    path = write(tmp_path, "acteurs.csv", ACTOR_HEADER + ";ARCHER;;ACI;;26\n")
    [problem] = issues_of([path], mini_root)
    assert problem == ("acteurs.csv:acteurs:2:nom: conflit : même nom que Groupement ARCHER "
                       "[archer] (Ensemblier d'insertion, 26), mais de type « Atelier et chantier "
                       "d'insertion » — pour le fusionner, écrivez « archer » dans la colonne "
                       "identifiant ; sinon changez le nom")
    write(tmp_path, "acteurs.csv", ACTOR_HEADER + "archer;ARCHER;;ACI;;26\n")
    plan = plan_import([path], mini_root)
    assert plan.issues == [] and plan.outcomes("merge")[0].actor_id == "archer"


def test_same_name_elsewhere_is_a_new_actor(tmp_path, mini_root):
    path = write(tmp_path, "acteurs.csv", ACTOR_HEADER + ";ARCHER;;ENSEMBLIER;;38\n")
    plan = plan_import([path], mini_root)
    assert [(o.action, o.actor_id) for o in plan.resolution.actors] == [("create", "archer-38")]


def test_unreadable_xlsx(tmp_path, mini_root):
    path = write(tmp_path, "reseau.xlsx", "ceci n'est pas un classeur")
    [problem] = issues_of([path], mini_root)
    assert problem.startswith("reseau.xlsx:-:-:-: classeur XLSX illisible (BadZipFile")


def test_xlsx_without_actor_sheet(tmp_path, mini_root):
    book = Workbook()
    book.active.title = "Feuil1"
    book.save(tmp_path / "reseau.xlsx")
    assert issues_of([tmp_path / "reseau.xlsx"], mini_root) == [
        "reseau.xlsx:acteurs:-:-: feuille « acteurs » introuvable (feuilles du classeur : Feuil1)"]


def test_xlsx_numbers_are_read_as_codes(tmp_path, mini_root):
    book = Workbook()
    sheet = book.active
    sheet.title = "acteurs"
    sheet.append(["nom", "type", "commune"])
    sheet.append(["Atelier de l'Ain", "ACI", 1053])            # 01053 typed as a number
    book.save(tmp_path / "ain.xlsx")
    plan = plan_import([tmp_path / "ain.xlsx"], mini_root)
    assert plan.issues == [] and plan.resolution.actors[0].draft.place.commune == "01053"


def test_wrong_encoding(tmp_path, mini_root):
    path = write(tmp_path, "acteurs.csv", ACTOR_HEADER + ";Atelier de la Drôme;;ACI;;26\n",
                 encoding="cp1252")
    assert issues_of([path], mini_root) == [
        "acteurs.csv:acteurs:2:-: encodage incorrect : le fichier n'est pas en UTF-8 (octet 0xF4 "
        "en position 64) ; enregistrez-le au format « CSV UTF-8 »"]


def test_nothing_is_imported_when_a_row_is_wrong(tmp_path, mini_root, user_dir):
    folder = tmp_path / "reseau"
    write(folder, "acteurs.csv", ACTOR_HEADER + ";Bon acteur;;ACI;Grenoble;\n;Mauvais;;XYZ;;\n")
    result = run("import", folder, "--data", mini_root)
    assert result.exit_code == 1
    assert "acteurs.csv:acteurs:3:type: type de structure inconnu « XYZ »" in result.output
    assert "1 problème(s) ; rien n'a été importé." in result.output
    assert not user_dir.exists()


def test_a_broken_kept_import_is_reported_and_skipped_alone(mini_root, user_dir):
    assert run("import", TEMPLATES / "vita-import.xlsx", "--data", mini_root).exit_code == 0
    saved = user_dir / "imports" / "import-vita-import.yaml"
    text = unseal(saved.read_text(encoding="utf-8"))
    saved.write_text(seal(text.replace("kind: ACI", "kind: ZZZ")), encoding="utf-8")
    dataset, skipped = load_with_imports(mini_root)
    assert any(i.field == "actors.0.kind" and "unknown kind 'ZZZ'" in i.message
               and i.file == str(saved) for i in skipped)
    assert dataset == load_dataset(mini_root)            # the shipped data still loads


# --- fuzz: the CSV reader raises nothing but the project's validation error ------------------
TOKENS = list("aéZ9 ;,\"'\n\r\t=+-@|()") + ["ACI", "26", "archer", "FUNDS", "Grenoble", "\x00",
                                             "\ufeff", "Saint-Denis", "effectif", "dep:38"]
CELLS = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.sampled_from(["", ACTOR_HEADER, TIE_HEADER, "nom,type,commune\n"]),
       body=CELLS, sheet=st.sampled_from(["acteurs", "relations"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_fuzzed_csv_raises_only_validation_errors(tmp_path_factory, header, body, sheet, encoding):
    folder = tmp_path_factory.mktemp("fuzz")
    try:
        data = (header + body).encode(encoding)
    except UnicodeEncodeError:
        data = (header + body).encode("utf-8")
    (folder / f"{sheet}.csv").write_bytes(data)
    try:
        plan = plan_import([folder / f"{sheet}.csv"], MINI)
    except DatasetError as exc:       # ImportFileError is one
        assert exc.issues and all(str(i).startswith(f"{sheet}.csv:") for i in exc.issues)
        return
    assert all(str(i).startswith(f"{sheet}.csv:") for i in plan.issues)


@settings(max_examples=100, deadline=None, database=None)
@given(data=st.binary(max_size=200))
def test_fuzzed_bytes_raise_only_validation_errors(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("bytes")
    (folder / "acteurs.csv").write_bytes(data)
    try:
        plan_import([folder / "acteurs.csv"], MINI)
    except DatasetError:
        pass


def test_exported_csv_reimports_unneutralised(tmp_path, mini_root):
    rows = [{"nom": "=Atelier", "type": "ACI", "commune": "Grenoble"}]
    path = tmp_path / "acteurs.csv"
    path.write_bytes(exports.csv_bytes(rows, "excel-fr"))
    plan = plan_import([path], mini_root)
    assert plan.resolution.actors[0].draft.name == "=Atelier"
