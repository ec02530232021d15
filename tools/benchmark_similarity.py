"""Latency of `similar` (one actor) on both stores, on the shipped data and the synthetic graph.

    python3 tools/benchmark_similarity.py [--repeat 100] [--skip-neo4j] [--scale 1.0]

Needs a running Neo4j (tools/neo4j/neo4j start; NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD) whose
database it empties. Prints the median and 95th percentile over ``--repeat`` random actors (the
same ones for both stores) for the default query, ``other_territories`` and a ``kind`` filter.
Figures are recorded in docs/similarity.md. The target is under 100 ms for one actor.
"""

from __future__ import annotations

import argparse
import random
import sys
from statistics import median
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.memory_store import MemoryStore  # noqa: E402
from graph.neo4j.store import Neo4jStore  # noqa: E402
from graph.neo4j.loader import create_schema, load  # noqa: E402
from tools.benchmark_stores import (percentiles, print_latencies, run_benchmarks,  # noqa: E402
                                    timed, warm_ups, wipe)


def plan(dataset, repeat: int, seed: int = 11) -> dict[str, list[tuple[str, dict]]]:
    rng = random.Random(seed)
    ids = sorted(dataset.actors)
    picks = [rng.choice(ids) for _ in range(repeat)]
    return {"similar (k=5)": [(a, {}) for a in picks],
            "similar --other-territories": [(a, {"other_territories": True}) for a in picks],
            "similar --kind AI": [(a, {"kind": "AI"}) for a in picks]}


def measure(store, calls: dict) -> dict[str, tuple[float, float]]:
    out = {}
    for label, args in calls.items():
        store.similar(args[0][0], **args[0][1])   # warm-up (index, query plan)
        out[label] = percentiles([timed(store.similar, a, **kw)[1] for a, kw in args])
    return out


def first_calls(store, dataset) -> list[float]:
    """One call per family, on a server whose plan cache was just cleared: Neo4jStore plans
    one pool query per family label, once per server lifetime."""
    store.driver.execute_query("CALL db.clearQueryCaches()", database_=store.settings.database)
    return [timed(getattr(store, name), *args)[1] for name, args in warm_ups(dataset)]


def bench(name: str, dataset, args, driver, settings) -> None:
    print(f"\n## {name}: {len(dataset.actors):,} actors, {len(dataset.relations):,} ties")
    memory = MemoryStore(dataset)
    _, built = timed(memory.similar, next(iter(dataset.actors)))
    print(f"MemoryStore similarity index, built on first call: {built * 1000:.0f} ms")
    calls = plan(dataset, args.repeat)
    results = {"memory": measure(memory, calls)}
    if driver is not None:
        wipe(driver, settings)
        create_schema(driver, settings.database)
        _, seconds = timed(load, driver, dataset, settings, replace=True)
        print(f"Neo4j load: {seconds:.1f} s")
        store = Neo4jStore(driver, settings)
        cold = first_calls(store, dataset)   # also warms every family's plan
        print(f"Neo4j first call per family (query planning): median {median(cold) * 1000:.0f} ms, "
              f"max {max(cold) * 1000:.0f} ms ({len(cold)} families)")
        results["neo4j"] = measure(store, calls)
    print_latencies(results, f"query ({args.repeat} random actors)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--skip-neo4j", action="store_true")
    args = parser.parse_args()
    run_benchmarks(bench, args, args.scale)


if __name__ == "__main__":
    main()
