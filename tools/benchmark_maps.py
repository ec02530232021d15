"""Benchmark of the map (dashboard/maps.py): server time and time until drawn in headless
Chromium, for the synthetic 20,000-actor graph (national view) and a synthetic région.

Server: the view's subgraph, the figure, its JSON (what Dash sends; Dash itself uses orjson). Browser: the page of
dashboard/map_preview.py (a dcc.Graph, as the explorer's « Carte » tab), from the navigation
start to the frame painted after every actor's marker is in the page. The naive way, for the
ratio: every tie drawn (no MAX_MAP_TIES) and the hover text as ``text``; the server side of the
naive way also built the figure as Plotly graph objects (validated), as the first version did.

    python3 tools/benchmark_maps.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

import plotly.graph_objects as go
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import maps  # noqa: E402
from dashboard.map_preview import map_app  # noqa: E402
from graph.geography import load_geography  # noqa: E402
from graph.memory_store import MemoryStore  # noqa: E402
from loaders.dataset import DEFAULT_DATA  # noqa: E402
from loaders.synthetic import synthetic_dataset  # noqa: E402
from tools.browser_bench import served_in_chrome  # noqa: E402

FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1366,768",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")   # offline but the app
# From the first animation frame on, checks whether every marker is in the page; the frame
# after that one has painted them, and its time since the navigation started is what a user waits.
DRAWN_PROBE = """
(function () {
    function tick() {
        if (document.querySelectorAll('#map .scattergeo path.point').length >= EXPECTED) {
            requestAnimationFrame(function () { window.__vitaDrawn = performance.now(); });
            return;
        }
        requestAnimationFrame(tick);
    }
    requestAnimationFrame(tick);
})();
"""


def naive_figure(sub, territory):
    """Every tie and the hover as ``text``: what the figure was before it was measured."""
    limit = maps.MAX_MAP_TIES
    maps.MAX_MAP_TIES = 10 ** 9
    try:
        figure = maps.territory_map_figure(sub, territory)
    finally:
        maps.MAX_MAP_TIES = limit
    figure = go.Figure(figure).to_dict()   # validated, element by element
    for trace in figure["data"]:
        if trace["mode"] == "markers":
            trace["text"] = trace.pop("hovertext")
            trace["hovertemplate"] = "%{text}<extra></extra>"
    return figure


def server_time(store, territory: str, build, repeat: int) -> tuple[float, float, int, int]:
    """Medians of (store: the view's subgraph, figure + JSON as Dash sends it), JSON size,
    actors."""
    store_times, figure_times = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        sub = store.territory_subgraph(territory)
        middle = time.perf_counter()
        payload = orjson.dumps(build(sub, territory), option=orjson.OPT_SERIALIZE_NUMPY)
        store_times.append(middle - start)
        figure_times.append(time.perf_counter() - middle)
    return (statistics.median(store_times), statistics.median(figure_times), len(payload),
            len(sub.nodes) + len(sub.context))


def browser_time(store, territory: str, build, repeat: int) -> float:
    app = map_app(store, territory)
    if build is not maps.territory_map_figure:
        app.layout.children[0].figure = build(store.territory_subgraph(territory), territory)
    expected = sum(len(t["lon"]) for t in app.layout.children[0].figure["data"]
                   if t["mode"] == "markers")
    drawn = []
    probe = DRAWN_PROBE.replace("EXPECTED", str(expected))
    with served_in_chrome(app, FLAGS, probe) as (base, driver):
        for _ in range(repeat + 1):   # the first load warms the browser's caches
            driver.get("about:blank")
            driver.get(f"{base}/")
            start = time.perf_counter()
            while not driver.execute_script("return window.__vitaDrawn || 0;"):
                if time.perf_counter() - start > 120:
                    raise TimeoutError(f"{territory} not drawn in 120 s")
                time.sleep(0.05)
            drawn.append(driver.execute_script("return window.__vitaDrawn;") / 1000)
    return statistics.median(drawn[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    store = MemoryStore(synthetic_dataset(load_geography(Path(DEFAULT_DATA) / "geography")))
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores")
    print("| view | actors | way | server: store subgraph | server: figure + JSON | JSON size | "
          "browser: until drawn | ratio naive / vita (figure; drawn) |")
    print("|---|---|---|---|---|---|---|---|")
    for name, territory in (("synthetic, toute la France", "france"),
                            ("synthetic, région Rhône-Alpes (2008)", "region2008:82")):
        drawn, figure = {}, {}
        for way, build in (("naive", naive_figure), ("vita", maps.territory_map_figure)):
            subgraph, figure[way], size, actors = server_time(store, territory, build, args.repeat)
            drawn[way] = browser_time(store, territory, build, args.repeat)
            ratio = (f"{figure['naive'] / figure['vita']:.1f}× ; "
                     f"{drawn['naive'] / drawn['vita']:.1f}×") if way == "vita" else ""
            print(f"| {name} | {actors:,} | {way} | {subgraph * 1000:,.0f} ms | "
                  f"{figure[way] * 1000:,.0f} ms | {size / 1e6:.1f} MB | "
                  f"{drawn[way] * 1000:,.0f} ms | {ratio} |", flush=True)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
