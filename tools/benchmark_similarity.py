"""Latency of `similar` and `peers` on both stores, on the shipped data and the synthetic graph.

    python3 tools/benchmark_similarity.py [--repeat 100] [--skip-neo4j] [--scale 1.0]

Needs a running Neo4j (tools/neo4j/neo4j start; NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD) whose
database it empties. Prints the time to build the peer index (once per dataset: MemoryStore
from the dataset and the recueil, Neo4jStore from one query after a load), then the median and
95th percentile over ``--repeat`` random actors / descriptions (the same ones for both stores),
and the vectorised ranking against the naive one (every pair scored in a Python loop, same
scores). Figures are recorded in docs/similarity.md and docs/benchmarks.md. Target: under 100 ms.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.memory_store import MemoryStore  # noqa: E402
from graph.neo4j.loader import create_schema, load  # noqa: E402
from graph.neo4j.store import Neo4jStore  # noqa: E402
from graph.peer_index import SET_SIGNALS  # noqa: E402
from graph.similarity import WEIGHTS, similar_actors  # noqa: E402
from tools.benchmark_stores import percentiles, print_latencies, run_benchmarks, timed, wipe  # noqa: E402

PROJECT = ("ACI de maraîchage bio qui veut travailler avec les bailleurs sociaux sur les clauses "
           "d'insertion, Sarthe")


def plan(dataset, repeat: int, seed: int = 11) -> dict[str, list[tuple[str, tuple, dict]]]:
    rng = random.Random(seed)
    ids = sorted(dataset.actors)
    picks = [rng.choice(ids) for _ in range(repeat)]
    summaries = sorted(s.summary for s in dataset.sections.values() if s.summary)
    texts = [rng.choice(summaries) for _ in range(repeat - 1)] + [PROJECT]
    return {"similar (k=5)": [("similar", (a,), {}) for a in picks],
            "similar --other-territories": [("similar", (a,), {"other_territories": True})
                                            for a in picks],
            "similar --kind AI": [("similar", (a,), {"kind": "AI"}) for a in picks],
            "peers (k=5; experience summaries)": [("peers", (t,), {}) for t in texts],
            "peers --kind ACI": [("peers", (t,), {"kind": "ACI"}) for t in texts]}


def measure(store, calls: dict) -> dict[str, tuple[float, float]]:
    out = {}
    for label, args in calls.items():
        name, a, kw = args[0]
        getattr(store, name)(*a, **kw)   # warm-up
        out[label] = percentiles([timed(getattr(store, n), *a, **kw)[1] for n, a, kw in args])
    return out


def naive_similar(index, actor_id: str, k: int = 5) -> list[str]:
    """The same score, every pair computed one by one from sets and sparse rows (the naive way)."""
    a = index.row[actor_id]
    text_a = index.text.row(actor_id)
    sets = {s: [set(index.signals[s].binary[r].indices) for r in range(len(index.ids))]
            for s in SET_SIGNALS} if not hasattr(index, "_naive_sets") else index._naive_sets
    index._naive_sets = sets
    ranked = []
    for b, bid in enumerate(index.ids):
        if b == a:
            continue
        total = WEIGHTS.kind * (index.kinds[a] == index.kinds[b]) + WEIGHTS.family * (
            index.kinds[a] != index.kinds[b] and index.families[a] == index.families[b])
        for s in SET_SIGNALS:
            w = index.signals[s].weights
            shared = sum(w[c] for c in sets[s][a] & sets[s][b])
            union = sum(w[c] for c in sets[s][a] | sets[s][b])
            total += getattr(WEIGHTS, s) * (shared / union if union else 0.0)
        if text_a is not None:
            total += WEIGHTS.text * float(text_a.multiply(index.text.row(bid)).sum())
        score = total * 100 / WEIGHTS.total
        if score > 0:
            ranked.append((-score, index.names[b], bid))
    return [bid for *_, bid in sorted(ranked)[:k]]


def naive_ratio(index, actors: list[str]) -> None:
    naive_similar(index, actors[0])   # builds the per-actor sets once, as an index would
    fast = [timed(similar_actors, index, a)[1] for a in actors]
    slow = []
    for a in actors:
        top, seconds = timed(naive_similar, index, a)
        assert top == [m.id for m in similar_actors(index, a)], a   # same answer
        slow.append(seconds)
    print(f"similar, vectorised vs naive pair loop ({len(actors)} actors, same top 5): median "
          f"{median(fast) * 1000:.1f} ms vs {median(slow) * 1000:.0f} ms "
          f"(×{median(slow) / median(fast):.0f})")


def bench(name: str, dataset, args, driver, settings) -> None:
    print(f"\n## {name}: {len(dataset.actors):,} actors, {len(dataset.relations):,} ties")
    lines = [] if name.startswith("synthetic") else None   # the recueil's text for real data only
    memory = MemoryStore(dataset, source_lines=lines)
    index, built = timed(memory.peer_index)
    print(f"MemoryStore peer index (texts + TF-IDF + matrices), built once: {built:.2f} s "
          f"({len(index.text.features):,} text features)")
    calls = plan(dataset, args.repeat)
    results = {"memory": measure(memory, calls)}
    sample = [a for _, (a,), _ in calls["similar (k=5)"][:max(3, args.repeat // 20)]]
    naive_ratio(index, sample)
    if driver is not None:
        wipe(driver, settings)
        create_schema(driver, settings.database)
        _, seconds = timed(load, driver, dataset, settings, replace=True, source_lines=lines)
        print(f"Neo4j load: {seconds:.1f} s")
        store = Neo4jStore(driver, settings)
        _, first = timed(store.peer_index)
        print(f"Neo4jStore peer index, read in one query and built after the load: {first:.2f} s")
        results["neo4j"] = measure(store, calls)
    print_latencies(results, f"query ({args.repeat} random actors or descriptions)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--skip-neo4j", action="store_true")
    args = parser.parse_args()
    run_benchmarks(bench, args, args.scale)


if __name__ == "__main__":
    main()
