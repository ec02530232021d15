"""Tune the weights of `vita similar` on the `dev` half of the judgement set only.

    python3 tools/tune_similarity.py [--top 10]

Tries a small grid of weights (each signal's weight among a few values, the others as in
graph/similarity.py) and prints, for the best settings on `dev`, precision@5, hit@5 and MRR.
The `test` half is never read here: report it with tools/evaluate_similarity.py once the
weights are chosen (docs/similarity.md).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # run as a script from anywhere

from graph.peer_index import PeerIndex  # noqa: E402
from graph.peer_records import read_source_lines, records_from_dataset  # noqa: E402
from graph.similarity import WEIGHTS  # noqa: E402
from loaders.dataset import load_dataset, source_path  # noqa: E402
from loaders.evidence import load_source  # noqa: E402
from tools.evaluate_similarity import (DEFAULT_JUDGEMENTS, load_judgements, ranked_hits,  # noqa: E402
                                       relevant_sets)

GRID = {"kind": (2.0, 3.0, 4.0), "partner_kinds": (0.0, 1.0, 2.0), "partners": (1.0, 2.0, 3.0),
        "text": (1.0, 3.0, 5.0), "topics": (0.0, 1.0)}


def dev_scores(index, relevant, weights) -> tuple[float, float, float]:
    rows = [ranked_hits(index, q, rel, False, weights)[:3] for q, rel in sorted(relevant.items())]
    return tuple(sum(r[i] for r in rows) / len(rows) for i in range(3))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    dataset = load_dataset()
    clusters, problems = load_judgements(DEFAULT_JUDGEMENTS, dataset, load_source(source_path()))
    if problems:
        sys.exit("\n".join(problems))
    relevant = relevant_sets([c for c in clusters if c.split == "dev"])
    index = PeerIndex(records_from_dataset(dataset, read_source_lines(source_path())))
    results = []
    for values in itertools.product(*GRID.values()):
        weights = replace(WEIGHTS, **dict(zip(GRID, values)))
        results.append((dev_scores(index, relevant, weights), dict(zip(GRID, values))))
    results.sort(key=lambda r: (-r[0][2], -r[0][0], -r[0][1]))   # MRR, then precision, then hit
    print(f"dev: {len(relevant)} queries, {len(results)} settings; current {WEIGHTS}: "
          f"{dev_scores(index, relevant, WEIGHTS)}\n")
    print("| " + " | ".join(GRID) + " | précision@5 | hit@5 | MRR |")
    print("|" + "---|" * (len(GRID) + 3))
    for (p, h, m), w in results[:args.top]:
        print("| " + " | ".join(f"{w[k]:g}" for k in GRID) + f" | {p:.3f} | {h:.3f} | {m:.3f} |")


if __name__ == "__main__":
    main()
