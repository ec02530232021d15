"""Similar actors and downloads in headless Chromium (shipped data)."""

from __future__ import annotations

import csv
import io
import os
import time
from pathlib import Path

import openpyxl
import pytest
from dash.testing.wait import until

from dashboard.app import create_app
from graph.memory_store import MemoryStore


@pytest.fixture(scope="module")
def store(shipped_dataset):
    return MemoryStore(shipped_dataset)


def downloaded(dash_duo, suffix: str) -> Path:
    folder = Path(dash_duo.download_path)
    until(lambda: any(p.name.endswith(suffix) for p in folder.iterdir()), timeout=20,
          msg=f"no {suffix} file in {folder}")
    time.sleep(0.5)   # let Chromium finish writing
    return next(p for p in folder.iterdir() if p.name.endswith(suffix))


def test_actor_card_lists_similar_actors_with_reasons(dash_duo, store):
    dash_duo.start_server(create_app(store))
    dash_duo.driver.get(dash_duo.server_url + "/?territoire=dep:38&acteur=e3i")
    expected = store.similar("e3i", k=5, other_territories=True)
    dash_duo.wait_for_contains_text("#similar", expected[0].actor.name, timeout=15)
    dash_duo.wait_for_contains_text("#similar", expected[0].reasons[0], timeout=5)


def test_download_the_actor_list_of_a_territory(dash_duo, store):
    os.makedirs(dash_duo.download_path, exist_ok=True)
    dash_duo.start_server(create_app(store))
    dash_duo.driver.get(dash_duo.server_url + "/?territoire=dep:38")
    dash_duo.wait_for_text_to_equal("#view-title", "Isère (38)", timeout=15)
    dash_duo.find_element("#download-view").click()        # default: list of actors, Excel
    sheet = openpyxl.load_workbook(downloaded(dash_duo, ".xlsx")).worksheets[0]
    names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {a.name for a in store.actors(territory="dep:38")} <= names


def test_download_the_partner_list_of_an_actor(dash_duo, store):
    os.makedirs(dash_duo.download_path, exist_ok=True)
    dash_duo.start_server(create_app(store))
    dash_duo.driver.get(dash_duo.server_url + "/?territoire=dep:38&acteur=e3i")
    dash_duo.wait_for_contains_text("#actor-card", "Liste des partenaires", timeout=15)
    dash_duo.find_element('[id*="csv-fr"]').click()
    text = downloaded(dash_duo, ".csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    partners = {r.target_name if r.source == "e3i" else r.source_name
                for r in store.actor("e3i").relations}
    assert {row[0] for row in rows[1:]} == partners


def test_download_an_image_of_the_view(dash_duo, store):
    os.makedirs(dash_duo.download_path, exist_ok=True)
    dash_duo.start_server(create_app(store))
    dash_duo.driver.get(dash_duo.server_url + "/?territoire=dep:26")
    dash_duo.wait_for_text_to_equal("#view-title", "Drôme (26)", timeout=15)
    from tests.browser.conftest import pick_dropdown
    pick_dropdown(dash_duo, "download-choice", "SVG", "Image SVG de la vue")
    dash_duo.find_element("#download-view").click()
    svg = downloaded(dash_duo, ".svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") or "<svg" in svg[:500]
    sub = store.territory_subgraph("dep:26")
    assert svg.count("<text") == len(sub.nodes) + len(sub.context)   # one label per actor
    assert svg.count("<line") == len(sub.edges)
    # the PNG is drawn by cytoscape.js from the elements it holds
    pick_dropdown(dash_duo, "download-choice", "PNG", "Image PNG de la vue")
    dash_duo.find_element("#download-view").click()
    png = downloaded(dash_duo, ".png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    # twice the canvas, plus a band for the title and source and a column for the legend
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    canvas = dash_duo.driver.execute_script(
        "const cy = document.getElementById('graph')._cyreg.cy; return [cy.width(), cy.height()];")
    assert width > 2 * canvas[0] and height > 2 * canvas[1]
