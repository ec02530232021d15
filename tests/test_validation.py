"""Broken inputs give precise ``file:record:field: message`` errors and load nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cli.main import main
from loaders.dataset import DatasetError, load_dataset


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def issues_of(root: Path) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        load_dataset(root)
    return [str(i) for i in caught.value.issues]


def test_mini_dataset_is_valid(mini_root):
    dataset = load_dataset(mini_root)
    assert len(dataset.actors) == 9
    assert len(dataset.relations) == 8


def test_missing_field_names_file_record_and_field(mini_root):
    edit_yaml(mini_root / "actors" / "rhone-alpes.yaml", lambda d: d[2].pop("name"))
    assert issues_of(mini_root) == ["data/actors/rhone-alpes.yaml:cg-26:name: Field required"]


def test_unknown_kind_suggests_the_closest_code(mini_root):
    edit_yaml(mini_root / "actors" / "rhone-alpes.yaml", lambda d: d[0].update(kind="ENSEMBLER"))
    [issue] = issues_of(mini_root)
    assert issue.startswith("data/actors/rhone-alpes.yaml:archer:kind: unknown kind 'ENSEMBLER'; "
                            "did you mean 'ENSEMBLIER'?")


def test_dangling_relation_endpoint(mini_root):
    def dangle(doc):
        doc["relations"][0]["target"] = "nobody"
    edit_yaml(mini_root / "experiences" / "e3i-mini.yaml", dangle)
    assert issues_of(mini_root) == [
        "data/experiences/e3i-mini.yaml:e3i-mini:relations.0.target: "
        "'nobody' is not among this section's actors"]


def test_actor_missing_from_registry(mini_root):
    edit_yaml(mini_root / "experiences" / "e3i-mini.yaml",
              lambda d: d["actors"].append({"id": "ghost", "role": "mentioned"}))
    assert issues_of(mini_root) == [
        "data/experiences/e3i-mini.yaml:e3i-mini:actors.3.id: "
        "unknown actor 'ghost' (not in data/actors/)"]


def test_duplicate_actor_in_the_same_place(mini_root):
    def add_twin(actors):
        actors.append({"id": "ville-de-grenoble", "name": "Ville de  GRENOBLE", "kind": "MUNI",
                       "location": {"commune": "38185", "place_source": "name"}})
    edit_yaml(mini_root / "actors" / "rhone-alpes.yaml", add_twin)
    edit_yaml(mini_root / "experiences" / "e3i-mini.yaml",
              lambda d: d["actors"].append({"id": "ville-de-grenoble", "role": "mentioned"}))
    [issue] = issues_of(mini_root)
    assert issue.startswith("data/actors/rhone-alpes.yaml:ville-grenoble:name: duplicate actor: "
                            "'ville de grenoble' also names ville-de-grenoble")


def test_same_name_in_another_place_is_not_a_duplicate(mini_root):
    def add_other(actors):
        actors.append({"id": "anpe-grenoble", "name": "Agence locale pour l'emploi de Romans",
                       "acronym": "ANPE", "kind": "FT",
                       "location": {"commune": "38185", "place_source": "name"}})
    edit_yaml(mini_root / "actors" / "rhone-alpes.yaml", add_other)
    edit_yaml(mini_root / "experiences" / "e3i-mini.yaml",
              lambda d: d["actors"].append({"id": "anpe-grenoble", "role": "mentioned"}))
    assert len(load_dataset(mini_root).actors) == 10


def test_duplicate_id_across_files(mini_root):
    edit_yaml(mini_root / "actors" / "national.yaml",
              lambda d: d.append({"id": "e3i", "name": "Autre E3i", "kind": "ETTI"}))
    assert issues_of(mini_root) == [
        "data/actors/rhone-alpes.yaml:e3i:id: duplicate actor id (also in data/actors/national.yaml)"]


def test_malformed_yaml_gives_its_line(mini_root):
    path = mini_root / "experiences" / "archer-mini.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "relations: [unclosed\n", encoding="utf-8")
    [issue] = issues_of(mini_root)
    assert issue.startswith("data/experiences/archer-mini.yaml:line ")
    assert "malformed YAML" in issue


def test_unknown_commune_code(mini_root):
    edit_yaml(mini_root / "actors" / "rhone-alpes.yaml",
              lambda d: d[4].update(location={"commune": "99999", "place_source": "text"}))
    assert issues_of(mini_root) == ["data/actors/rhone-alpes.yaml:e3i:location: unknown code 99999"]


def test_inconsistent_location_levels(mini_root):
    edit_yaml(mini_root / "actors" / "rhone-alpes.yaml",
              lambda d: d[4].update(location={"commune": "38185", "departement": "26",
                                              "place_source": "text"}))
    assert issues_of(mini_root) == [
        "data/actors/rhone-alpes.yaml:e3i:location: commune 38185 is in département 38, not 26"]


def test_unknown_relation_type_and_status(mini_root):
    def spoil(doc):
        doc["relations"][0].update(type="LIKES", status="maybe")
    edit_yaml(mini_root / "experiences" / "e3i-mini.yaml", spoil)
    issues = issues_of(mini_root)
    assert [i.split(": unknown")[0] for i in issues] == [
        "data/experiences/e3i-mini.yaml:e3i-mini:relations.0.type",
        "data/experiences/e3i-mini.yaml:e3i-mini:relations.0.status"]


def test_lead_must_be_listed_as_lead(mini_root):
    edit_yaml(mini_root / "experiences" / "e3i-mini.yaml", lambda d: d.update(lead="coorace"))
    assert issues_of(mini_root) == [
        "data/experiences/e3i-mini.yaml:e3i-mini:lead: "
        "lead 'coorace' must be listed in actors with role 'lead'"]


def test_orphan_actor_is_reported(mini_root):
    edit_yaml(mini_root / "actors" / "national.yaml",
              lambda d: d.append({"id": "lonely", "name": "Seul", "kind": "ASSO"}))
    assert issues_of(mini_root) == [
        "data/actors/national.yaml:lonely:id: actor appears in no experience or context section"]


def test_evidence_checked_against_the_source(mini_root, source_file):
    with pytest.raises(DatasetError) as caught:
        load_dataset(mini_root, source_file)
    # the two context quotes are real; the fixture experiences' quotes are invented
    fields = {(i.file.split("/")[-1], i.field) for i in caught.value.issues}
    assert ("introduction.yaml", "relations.0.evidence") not in fields
    assert ("introduction.yaml", "relations.1.evidence") not in fields
    assert ("e3i-mini.yaml", "relations.0.evidence") in fields


def test_cli_validate_exits_non_zero_with_precise_errors(mini_root):
    edit_yaml(mini_root / "actors" / "rhone-alpes.yaml", lambda d: d[2].pop("kind"))
    result = CliRunner().invoke(main, ["validate", "--no-evidence", str(mini_root)])
    assert result.exit_code == 1
    assert "data/actors/rhone-alpes.yaml:cg-26:kind: Field required" in result.output


def test_cli_validate_a_single_file_reports_only_its_problems(mini_root):
    edit_yaml(mini_root / "actors" / "rhone-alpes.yaml", lambda d: d[2].pop("kind"))
    edit_yaml(mini_root / "experiences" / "e3i-mini.yaml", lambda d: d.update(years=[1800]))
    result = CliRunner().invoke(main, ["validate", "--no-evidence",
                                       str(mini_root / "experiences" / "e3i-mini.yaml")])
    assert result.exit_code == 1
    assert "e3i-mini.yaml:e3i-mini:years.0" in result.output
    assert "cg-26" not in result.output


def test_cli_commands_refuse_an_invalid_dataset(mini_root):
    edit_yaml(mini_root / "actors" / "rhone-alpes.yaml", lambda d: d[2].pop("kind"))
    result = CliRunner().invoke(main, ["stats", "--data", str(mini_root)])
    assert result.exit_code == 1
    assert "nothing loaded" in result.output
