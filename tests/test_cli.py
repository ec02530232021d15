"""The vita command line on the mini and the shipped dataset."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from cli.main import main
from tests.conftest import MINI, serve_and_fetch


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_validate_shipped_data_is_clean(source_file):
    output = run("validate", "--source", str(source_file))
    assert output.startswith("OK ")
    assert "27 experiences" in output and "evidence checked" in output


def test_stats_text_lists_each_experience():
    output = run("stats", "--data", str(MINI))
    assert output.startswith("9 actors, 8 relations, 2 experiences")
    assert "    5     4  archer-mini  [588-898]" in output
    assert "Relations by type:" in output and "FUNDS (finance)" in output


def test_stats_json():
    data = json.loads(run("stats", "--data", str(MINI), "--format", "json"))
    assert data["by_section"]["e3i-mini"] == [3, 2]
    assert data["by_status"] == {"actual": 7, "planned": 1}


def test_export_actors_csv(tmp_path):
    out = tmp_path / "actors.csv"
    run("export", "actors", "--data", str(MINI), "--format", "csv", "--output", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 9
    archer = next(r for r in rows if r["id"] == "archer")
    assert archer["aliases"] == "Archer"
    assert archer["experiences"] == "archer-mini"
    assert archer["commune_name"] == "Romans-sur-Isère"
    assert archer["phone"] == "04 75 00 00 00"
    # map positions: Romans' town hall area for archer, Valence's prefecture for the Conseil
    # Général (approximate), none for a national body
    assert 45.0 < float(archer["latitude"]) < 45.1 and 5.0 < float(archer["longitude"]) < 5.1
    assert archer["precision"] == "commune"
    cg = next(r for r in rows if r["id"] == "cg-26")
    assert (cg["precision"], cg["latitude"][:4]) == ("departement", "44.9")
    coorace = next(r for r in rows if r["id"] == "coorace")
    assert (coorace["latitude"], coorace["longitude"], coorace["precision"]) == ("", "", "")


def test_export_relations_json_carries_evidence():
    rows = json.loads(run("export", "relations", "--data", str(MINI), "--format", "json"))
    assert len(rows) == 8
    row = next(r for r in rows if r["id"] == "introduction:dgefp:FUNDS:projet-vita")
    assert row["experience"] == "introduction"
    assert row["source_line"] == 29
    assert row["evidence"].startswith("avec le soutien financier")


def test_export_experiences_csv_has_line_range_and_actors():
    rows = list(csv.DictReader(io.StringIO(run("export", "experiences", "--data", str(MINI)))))
    assert [r["id"] for r in rows] == ["archer-mini", "e3i-mini"]
    assert (rows[0]["first_line"], rows[0]["last_line"]) == ("588", "898")
    assert rows[0]["actors"] == "anpe-romans | archer | cg-26 | coorace | cr-rhone-alpes"


def test_export_shipped_relations_match_stats():
    stats = json.loads(run("stats", "--format", "json"))
    rows = json.loads(run("export", "relations", "--format", "json"))
    assert len(rows) == stats["relations"]
    assert len({r["id"] for r in rows}) == len(rows)


def test_serve_starts_and_answers():
    status, body = serve_and_fetch([])
    assert status == 200
    assert "vita" in body
