"""Benchmark both stores on the shipped data and on the synthetic graph.

    python3 tools/benchmark_stores.py [--naive-sample 3000] [--repeat 60] [--skip-neo4j]

Needs a running Neo4j (tools/neo4j/neo4j start; NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD) whose
database it empties. Prints load times, the batched loader's ties per second against a naive
one-statement-per-row loader, and the median / 95th percentile latency of the main queries.
Figures are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # run as a script

from graph.geography import load_geography
from graph.memory_store import MemoryStore
from graph.neo4j.connection import Neo4jSettings, connect
from graph.neo4j.store import Neo4jStore
from graph.search import normalise
from loaders.dataset import DEFAULT_DATA, load_dataset
from graph.neo4j.loader import (BATCH, STATEMENT_PARAMS, STATEMENTS, create_schema, load,
                                  payload)
from loaders.synthetic import synthetic_dataset


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def query_plan(dataset, repeat: int, seed: int = 7) -> dict[str, list]:
    """The same random arguments for both stores."""
    rng = random.Random(seed)
    ids = sorted(dataset.actors)
    departements = sorted({a.place.departement for a in dataset.actors.values()
                           if a.place.departement})
    names = [normalise(dataset.actors[rng.choice(ids)].name).split() for _ in range(repeat)]
    return {
        "territory subgraph (département)": [("territory_subgraph", (f"dep:{rng.choice(departements)}",))
                                             for _ in range(repeat)],
        "actor detail": [("actor", (rng.choice(ids),)) for _ in range(repeat)],
        "search": [("search", (" ".join(words[:2]),)) for words in names],
        "neighbourhood depth 2": [("neighbourhood", ([rng.choice(ids)], 2)) for _ in range(repeat)],
        "similar actors (k=5)": [("similar", (rng.choice(ids),)) for _ in range(repeat)],
    }


def warm_ups(dataset) -> list:
    """One similar-actors call per family before timing (it also builds the peer index, once
    per dataset: docs/similarity.md)."""
    one_per_family: dict[str, str] = {}
    for aid, actor in sorted(dataset.actors.items()):
        one_per_family.setdefault(actor.family, aid)
    return [("similar", (aid,)) for aid in one_per_family.values()]


def measure(store, plan: dict[str, list], warm: list = ()) -> dict[str, tuple[float, float]]:
    out = {}
    for name, args in warm:
        getattr(store, name)(*args)
    for label, calls in plan.items():
        getattr(store, calls[0][0])(*calls[0][1])   # warm-up (caches, query plans)
        samples = [timed(getattr(store, name), *args)[1] for name, args in calls]
        out[label] = percentiles(samples)
    return out


def nodes_only(driver, settings, rows) -> None:
    """Everything but the ties, committed: the ties are then written on their own."""
    wipe(driver, settings)
    create_schema(driver, settings.database)
    with driver.session(database=settings.database) as session:
        session.execute_write(lambda tx: [tx.run(statement, rows=rows[key], **STATEMENT_PARAMS)
                                          .consume()
                                          for key, statement in STATEMENTS if key != "relations"])


def batched_ties(driver, settings, dataset) -> float:
    """Ties per second of the loader's batched statement, ties only, in one transaction."""
    rows = payload(dataset)
    nodes_only(driver, settings, rows)
    statement = dict((k, s) for k, s in STATEMENTS)["relations"]
    start = time.perf_counter()
    with driver.session(database=settings.database) as session:
        session.execute_write(lambda tx: [tx.run(statement, rows=rows["relations"][i:i + BATCH]).consume()
                                          for i in range(0, len(rows["relations"]), BATCH)])
    return len(rows["relations"]) / (time.perf_counter() - start)


def naive_load(driver, settings, dataset, sample: int) -> float:
    """One auto-committed statement per row (actors, then ``sample`` ties); ties per second."""
    rows = payload(dataset)
    ties = rows["relations"][:sample]
    nodes_only(driver, settings, rows)
    with driver.session(database=settings.database) as session:
        start = time.perf_counter()
        for tie in ties:
            session.run("MATCH (s:Actor {id: $row.source}), (t:Actor {id: $row.target}) "
                        "CREATE (s)-[r:$($row.type)]->(t) SET r += $row.props", row=tie).consume()
        return len(ties) / (time.perf_counter() - start)


def wipe(driver, settings) -> None:
    with driver.session(database=settings.database) as session:   # implicit transaction
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def bench(name: str, dataset, args, driver, settings) -> None:
    print(f"\n## {name}: {len(dataset.actors):,} actors, {len(dataset.relations):,} ties")
    memory, built = timed(MemoryStore, dataset)
    print(f"MemoryStore build: {built:.2f} s")
    results = {"memory": measure(memory, query_plan(dataset, args.repeat))}
    if driver is not None:
        wipe(driver, settings)
        create_schema(driver, settings.database)
        _, cold = timed(load, driver, dataset, settings, replace=True)
        _, seconds = timed(load, driver, dataset, settings, replace=True)
        batched = len(dataset.relations) / seconds
        print(f"Neo4j batched load (all nodes and ties, one transaction, --replace): first "
              f"{cold:.1f} s, again {seconds:.1f} s = {batched:,.0f} ties/s")
        store = Neo4jStore(driver, settings)
        results["neo4j"] = measure(store, query_plan(dataset, args.repeat), warm_ups(dataset))
        sample = min(args.naive_sample, len(dataset.relations))
        naive = naive_load(driver, settings, dataset, sample)
        ties_only = batched_ties(driver, settings, dataset)
        print(f"Ties only, nodes already loaded: batched UNWIND {ties_only:,.0f} ties/s; naive "
              f"one statement per tie ({sample:,} ties) {naive:,.0f} ties/s -> batched is "
              f"{ties_only / naive:.1f}x faster (whole batched load: {batched / naive:.1f}x)")
        load(driver, dataset, settings, replace=True)   # leave the data loaded
    print_latencies(results, f"query ({args.repeat} calls)")


def print_latencies(results: dict[str, dict[str, tuple[float, float]]], heading: str) -> None:
    """A Markdown table: one row per query, median and p95 per store."""
    print(f"\n| {heading} | " + " | ".join(f"{s} median | {s} p95" for s in results) + " |")
    print("|---|" + "---|---|" * len(results))
    for label in next(iter(results.values())):
        cells = " | ".join(f"{results[s][label][0] * 1000:.1f} ms | {results[s][label][1] * 1000:.1f} ms"
                           for s in results)
        print(f"| {label} | {cells} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--naive-sample", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--skip-neo4j", action="store_true")
    args = parser.parse_args()
    run_benchmarks(bench, args)


def run_benchmarks(bench, args, scale: float = 1.0) -> None:
    """Run ``bench`` on the shipped data, then on the synthetic graph (both stores unless
    ``args.skip_neo4j``)."""
    print(f"machine: {platform.processor() or platform.machine()}, {platform.system()}, "
          f"Python {platform.python_version()}")
    driver = settings = None
    if not args.skip_neo4j:
        settings = Neo4jSettings.from_env()
        driver = connect(settings)
    bench("shipped data", load_dataset(), args, driver, settings)
    geography = load_geography(Path(DEFAULT_DATA) / "geography")
    bench("synthetic graph (seed 2008)", synthetic_dataset(geography, scale), args, driver,
          settings)
    if driver is not None:
        driver.close()


if __name__ == "__main__":
    main()
