"""Benchmark the explorer: server time of the main callbacks, and time until the graph is
drawn in headless Chromium, on the shipped data and on the synthetic 20k-actor graph.

    python3 tools/benchmark_dashboard.py [--repeat 5]

Needs Debian's chromium and chromium-driver. Figures are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # run as a script

from dashboard import labels, positions
from dashboard.app import create_app
from dashboard.cards import actor_card_data
from dashboard.overview import territory_overview
from dashboard.state import ViewState, to_query
from dashboard.views import render
from graph.geography import load_geography
from graph.memory_store import MemoryStore
from loaders.dataset import DEFAULT_DATA, load_dataset
from loaders.synthetic import synthetic_dataset
from tools.browser_bench import served_in_chrome

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--window-size=1500,1000"]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def server_times(store, state: ViewState, max_nodes: int, repeat: int) -> dict[str, float]:
    """Median time of what the main callback computes: first (cold layout) and cached."""
    positions._cached.cache_clear()
    labels._levels.cache_clear()
    start = time.perf_counter()
    result = render(store, state, max_nodes)
    cold = time.perf_counter() - start
    warm = statistics.median(_timed(lambda: render(store, state, max_nodes)) for _ in range(repeat))
    overview = statistics.median(_timed(lambda: territory_overview(store, state.territory))
                                 for _ in range(repeat))
    actor = result.view.elements[0]["data"]["id"]
    card = statistics.median(_timed(lambda: actor_card_data(store.actor(actor)))
                             for _ in range(repeat))
    return {"nodes": result.view.shown, "edges": len(result.view.elements) - result.view.shown,
            "view (first)": cold, "view (cached layout)": warm, "overview": overview,
            "actor card": card}


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# Injected before the page's own scripts: from the first animation frame on, checks whether
# cytoscape.js holds every node; the frame after that one has painted them, and its time since
# the navigation started is what a user waits.
DRAWN_PROBE = """
(function () {
    const expected = EXPECTED;
    // the left column is drawn after the graph (dashboard/layout.py, side_column): when
    function side() {
        if (document.getElementById('families')) { window.__vitaSide = performance.now(); return; }
        requestAnimationFrame(side);
    }
    requestAnimationFrame(side);
    function tick() {
        const h = document.getElementById('graph');
        const cy = h && h._cyreg && h._cyreg.cy;
        if (cy && cy.nodes().length >= expected) {
            requestAnimationFrame(function () { window.__vitaDrawn = performance.now(); });
            return;
        }
        requestAnimationFrame(tick);
    }
    requestAnimationFrame(tick);
})();
"""


def browser_time(store, state: ViewState, max_nodes: int, expected: int,
                 repeat: int) -> tuple[float, float, float]:
    """Median time until every node is drawn (layout cached): measured in the page, from the
    navigation start to the frame painted after cytoscape.js holds every node; and on the wall
    clock, from WebDriver's navigation call to its next poll seeing them, two frames later (this
    one adds WebDriver's own round trips). Third: the time until the left column's filters are
    drawn, in the page."""
    in_page, wall, side = [], [], []
    probe = DRAWN_PROBE.replace("EXPECTED", str(expected))
    with served_in_chrome(create_app(store, max_nodes), FLAGS, probe) as (base, driver):
        url = f"{base}/{to_query(state)}"
        for _ in range(repeat + 1):
            driver.get("about:blank")
            start = time.perf_counter()
            driver.get(url)
            while not driver.execute_script("return window.__vitaDrawn || 0;"):
                if time.perf_counter() - start > 60:
                    raise TimeoutError(f"{url} not drawn in 60 s")
                time.sleep(0.02)
            driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "requestAnimationFrame(() => requestAnimationFrame(() => done()));")
            wall.append(time.perf_counter() - start)
            in_page.append(driver.execute_script("return window.__vitaDrawn;") / 1000)
            while not driver.execute_script("return window.__vitaSide || 0;"):
                time.sleep(0.02)
            side.append(driver.execute_script("return window.__vitaSide;") / 1000)
    # the first load also warms the layout cache
    return tuple(statistics.median(m[1:]) for m in (in_page, wall, side))


def bench(name: str, store, state: ViewState, max_nodes: int, repeat: int) -> None:
    times = server_times(store, state, max_nodes, repeat)
    drawn, wall, side = browser_time(store, state, max_nodes, times["nodes"], repeat)
    print(f"| {name} | {times['nodes']} / {times['edges']} | {ms(times['view (first)'])} | "
          f"{ms(times['view (cached layout)'])} | {ms(times['overview'])} | "
          f"{ms(times['actor card'])} | {ms(drawn)} | {ms(wall)} | {ms(side)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    shipped = MemoryStore(load_dataset())
    synthetic = MemoryStore(synthetic_dataset(load_geography(Path(DEFAULT_DATA) / "geography")))
    gc.freeze()   # as `vita serve` does once its store is built
    print("| view | nodes / edges drawn | server: view, first | server: view, layout cached | "
          "server: overview | server: actor card | browser: until drawn | "
          "browser: until drawn, WebDriver wall clock | browser: until the filters are drawn |")
    print("|---|---|---|---|---|---|---|---|---|")
    bench("shipped data, toute la France", shipped, ViewState(), 400, args.repeat)
    bench("shipped data, Isère", shipped, ViewState(territory="dep:38"), 400, args.repeat)
    bench("synthetic, one département", synthetic, ViewState(territory="dep:38"), 400, args.repeat)
    bench("synthetic, région Rhône-Alpes (2008), 1,000-node limit", synthetic,
          ViewState(territory="region2008:82"), 1000, args.repeat)


if __name__ == "__main__":
    main()
