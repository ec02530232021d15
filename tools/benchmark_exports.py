"""How long exports and imports take: prints numbers (recorded in docs/exchange.md).

    python3 tools/benchmark_exports.py                       # memory store only
    python3 tools/benchmark_exports.py --neo4j-uri bolt://127.0.0.1:7711   # also Neo4j (wiped!)

On the shipped dataset and on the synthetic one (``loaders/synthetic.py``, ~20k actors at
scale 1): the partner list of the most connected actor, the actor list of the largest
département (with every actor's detail), the graph files of that département, the
data·inclusion structures of every actor; and the planning of the template import.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # run as a script

from graph import datainclusion, exports
from graph.geography import load_geography
from graph.memory_store import MemoryStore
from loaders.dataset import DEFAULT_DATA, load_dataset

TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "vita-import.xlsx"


def timed(label: str, fn, *args, repeat: int = 3):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - start)
    print(f"  {label:<46} {best * 1000:9.1f} ms")
    return result


def bench_store(name: str, store, communes) -> None:
    rows = store.actors()
    hub = max(rows, key=lambda r: (r.degree, r.id)).id
    departements = {}
    for r in rows:
        if r.departement:
            departements[r.departement] = departements.get(r.departement, 0) + 1
    dep = "dep:" + max(departements, key=lambda d: (departements[d], d))
    print(f"{name}: {len(rows)} actors; hub {hub}; largest {dep} ({departements[dep[4:]]} actors)")
    partners = timed(f"partner list of {hub} (gather)", exports.partner_list, store, hub)
    timed("  … as xlsx", exports.partners_file, partners, "xlsx")
    listing = timed(f"actor list of {dep} (gather)", exports.territory_list, store, dep)
    timed("  … as xlsx (2 sheets)", exports.territory_file, listing, "xlsx")
    timed("  … as csv", exports.territory_file, listing, "csv")
    view = timed(f"territory subgraph {dep}", store.territory_subgraph, dep)
    for fmt in exports.GRAPH_FORMATS:
        timed(f"  … as {fmt}", exports.graph_file, view, fmt)
    details = {r.id: d for r in rows[:2000] if (d := store.actor(r.id))}
    timed(f"data·inclusion structures ({len(details)} actors)", datainclusion.structures,
          rows[:2000], details, communes, repeat=1)


def bench_import() -> None:
    from loaders.imports import plan_import
    with tempfile.TemporaryDirectory() as user:
        os.environ["VITA_USER_DATA"] = user
        timed("plan the template import (shipped data)", plan_import, [TEMPLATE], DEFAULT_DATA)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--neo4j-uri", default=None, help="also measure Neo4j (wipes it)")
    parser.add_argument("--scale", type=float, default=1.0, help="synthetic dataset scale")
    args = parser.parse_args()
    geography = load_geography(DEFAULT_DATA / "geography")
    from loaders.synthetic import synthetic_dataset
    datasets = {"shipped": load_dataset(DEFAULT_DATA),
                f"synthetic x{args.scale}": synthetic_dataset(geography, args.scale)}
    for name, dataset in datasets.items():
        bench_store(f"memory, {name}", MemoryStore(dataset), geography.communes)
        if args.neo4j_uri:
            bench_neo4j(name, dataset, args.neo4j_uri, geography.communes)
    bench_import()


def bench_neo4j(name: str, dataset, uri: str, communes) -> None:
    from graph.neo4j.connection import Neo4jSettings, connect
    from graph.neo4j.store import Neo4jStore
    from graph.neo4j.loader import load
    settings = Neo4jSettings.from_env(uri)
    driver = connect(settings)
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=settings.database)
    load(driver, dataset, settings)
    bench_store(f"neo4j, {name}", Neo4jStore(driver, settings), communes)
    driver.close()


if __name__ == "__main__":
    main()
