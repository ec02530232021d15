"""Load benchmark of the production server: N concurrent clients replay the explorer's real
callback requests (arrival, change of territory, search typed and picked, click, actor card) against `vita serve`'s
waitress server on 127.0.0.1, for a bounded time per level; prints req/s, p50/p95/p99,
errors and the server's peak memory. Stops by itself.

    python3 tools/benchmark_server.py [--data shipped|synthetic]... [--backend memory|neo4j]...
        [--clients 1,5,20,50,100] [--seconds 15] [--threads 8]

The neo4j backend loads the dataset into $NEO4J_URI first (``--replace``: use a test server).
Results are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # run as a script

import psutil

from tools.dash_requests import DashClient

REPO = Path(__file__).resolve().parent.parent


def dataset_of(name: str):
    from graph.geography import load_geography
    from loaders.dataset import DEFAULT_DATA, load_dataset
    from loaders.synthetic import synthetic_dataset
    if name == "synthetic":
        return synthetic_dataset(load_geography(Path(DEFAULT_DATA) / "geography"))
    return load_dataset(DEFAULT_DATA)


def serve(data: str, backend: str, port: int, threads: int) -> None:
    """The server side (a subprocess of the benchmark): the store, then waitress."""
    from dashboard.server import ServeOptions, build_app, run
    dataset = dataset_of(data)
    if backend == "neo4j":
        from graph.neo4j.connection import Neo4jSettings, connect
        from graph.neo4j.loader import load
        from graph.neo4j.store import Neo4jStore
        settings = Neo4jSettings.from_env()
        driver = connect(settings)
        load(driver, dataset, settings, replace=True)
        driver.close()
        store = Neo4jStore.connect(settings)
    else:
        from graph.memory_store import MemoryStore
        store = MemoryStore(dataset)
    options = ServeOptions(port=port, threads=threads, backend=backend)
    app, _ = build_app(store, options, {}, REPO / "data")
    import gc
    gc.freeze()
    print("ready", flush=True)
    run(app, store, options)


def workload(data: str):
    """What clients ask for: départements, search prefixes, actor ids of that dataset."""
    dataset = dataset_of(data)
    deps = sorted({a.place.departement for a in dataset.actors.values() if a.place.departement})
    names = [a.name for a in dataset.actors.values()]
    return [f"dep:{d}" for d in deps], names, sorted(dataset.actors)


class Browser:
    """One client acting as the page does: it arrives (the address fires the view callback),
    sends back the view state and the drawn view's key the server gave it, types in the search
    picker (the server suggests actors) and picks a suggestion, clicks actors of the view it
    was shown (the view callback, then the card callback with the card target it answered)."""

    def __init__(self, base: str, seed: int, work):
        self.client, self.rng, self.work = DashClient(base), random.Random(seed), work
        self.values: dict = {}
        self.shown: list[str] = []
        self.suggested: list[str] = []
        self.pending: list[tuple] = [("url", "search", "")]   # the arrival comes first

    def remember(self, answer) -> None:
        response = answer.get("response", {}) if isinstance(answer, dict) else {}
        for key in ("view-state", "graph-key"):
            if key in response:
                self.values[(key, "data")] = response[key]["data"]
        view = response.get("graph-view", {}).get("data")
        if isinstance(view, dict):
            self.shown = [e["data"]["id"] for e in view["elements"]
                          if "source" not in e["data"]]
        options = response.get("search", {}).get("data")
        if isinstance(options, list):
            self.suggested = [o["value"] for o in options]
        target = response.get("card-target", {}).get("data")
        if isinstance(target, dict):      # the page asks for the card it was told to show
            self.pending.append(("card-target", "data", target))

    def next_request(self) -> tuple:
        if self.pending:
            return self.pending.pop(0)
        territories, names, _ = self.work
        kind = self.rng.choice(("territory", "search", "pick", "click"))
        if kind == "pick" and self.suggested:
            return "search", "value", self.rng.choice(self.suggested)
        if kind == "click" and self.shown:
            return "graph", "tapNodeData", {"id": self.rng.choice(self.shown)}
        if kind in ("search", "pick"):
            word = self.rng.choice(names).split()[0]
            return "search-typed", "data", word[:self.rng.randint(3, 6)]
        return "territory", "value", self.rng.choice(territories)

    def one_request(self) -> int:
        trigger, prop, value = self.next_request()
        status, answer = self.client.trigger(trigger, prop, value, self.values)
        self.remember(answer)
        return status


def run_level(base: str, clients: int, seconds: float, work, process: psutil.Process) -> dict:
    latencies, errors, stop = [], [0], time.monotonic() + seconds
    peak, lock = [process.memory_info().rss], threading.Lock()

    def client_loop(seed: int):
        browser = Browser(base, seed, work)
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                status = browser.one_request()
            except OSError:
                status = 0
                browser = Browser(base, seed + 1000, work)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                errors[0] += status != 200
        browser.client.close()

    threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        peak.append(process.memory_info().rss)
        time.sleep(0.5)
    wall = time.monotonic() - began
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [latencies[0]] * 99
    return {"clients": clients, "requests": len(latencies), "req/s": len(latencies) / wall,
            "p50": q[49], "p95": q[94], "p99": q[98], "errors": errors[0],
            "rss MB": max(peak) / 1e6}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench(data: str, backend: str, levels: list[int], seconds: float, threads: int) -> list[dict]:
    port = free_port()
    server = subprocess.Popen([sys.executable, __file__, "--serve", data, backend, str(port),
                               str(threads)], stdout=subprocess.PIPE, text=True, cwd=REPO)
    try:
        assert server.stdout.readline().strip() == "ready", "the server did not start"
        time.sleep(1)
        work = workload(data)
        process = psutil.Process(server.pid)
        run_level(f"http://127.0.0.1:{port}", 2, 5, work, process)     # warm-up, not reported
        return [run_level(f"http://127.0.0.1:{port}", n, seconds, work, process) for n in levels]
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        serve(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", action="append", choices=["shipped", "synthetic"])
    parser.add_argument("--backend", action="append", choices=["memory", "neo4j"])
    parser.add_argument("--clients", default="1,5,20,50,100")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    levels = [int(n) for n in args.clients.split(",")]
    print(f"{os.cpu_count()} cores; {args.seconds:.0f} s per level; waitress {args.threads} threads")
    print("| data | store | clients | requests | req/s | p50 ms | p95 ms | p99 ms | errors | server RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for data in args.data or ["shipped", "synthetic"]:
        for backend in args.backend or ["memory", "neo4j"]:
            for r in bench(data, backend, levels, args.seconds, args.threads):
                print(f"| {data} | {backend} | {r['clients']} | {r['requests']} | {r['req/s']:.1f} | "
                      f"{r['p50'] * 1000:.0f} | {r['p95'] * 1000:.0f} | {r['p99'] * 1000:.0f} | "
                      f"{r['errors']} | {r['rss MB']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
