"""Evaluate `vita similar` against the judgement set built from the recueil.

    python3 tools/evaluate_similarity.py [--judgements data/evaluation/judgements.yaml]
                                         [--data DIR] [--source FILE] [--details]

Checks the judgement set (every actor exists, every quote is in the source near its line), then
prints, as Markdown, precision@5, hit@5 and MRR (mean reciprocal rank of the first comparable
actor in the top 20, 0 when none) of the similar-actors ranking against a random ranking and a
"same kind only" ranking (both as exact expectations, no sampling), with each signal removed in
turn, over all clusters and per split (tune on `dev`, report `test`). The output is recorded in docs/similarity.md.
Exit 1, with `file:cluster:field: message` lines, when the judgement set is invalid.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from math import comb
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # run as a script from anywhere

from graph.peer_index import PeerIndex  # noqa: E402
from graph.peer_records import read_source_lines, records_from_dataset  # noqa: E402
from graph.similarity import WEIGHTS, similar_actors  # noqa: E402
from loaders.dataset import load_dataset, source_path  # noqa: E402
from loaders.evidence import load_source, quote_near  # noqa: E402

K = 5
MRR_DEPTH = 20
DEFAULT_JUDGEMENTS = Path(__file__).resolve().parent.parent / "data" / "evaluation" / "judgements.yaml"
ABLATIONS = {"sans type ni famille": dict(kind=0.0, family=0.0),
             "sans types de partenaires": dict(partner_kinds=0.0),
             "sans partenaires communs": dict(partners=0.0),
             "sans rôles": dict(roles=0.0),
             "sans thème (groupe de travail)": dict(themes=0.0),
             "sans sujets (résumés des expériences)": dict(topics=0.0),
             "sans texte (TF-IDF du recueil)": dict(text=0.0)}


@dataclass(frozen=True)
class Cluster:
    id: str
    split: str
    members: tuple[str, ...]


def load_judgements(path: Path, dataset, source) -> tuple[list[Cluster], list[str]]:
    """The clusters, and every problem found (``file:cluster:field: message``)."""
    problems, clusters = [], []
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for i, c in enumerate(raw.get("clusters") or []):
        where = f"{path}:{c.get('id', f'#{i + 1}')}"
        for field in ("id", "split", "basis", "quote", "line", "members"):
            if not c.get(field):
                problems.append(f"{where}:{field}: missing")
        if c.get("split") not in (None, "dev", "test"):
            problems.append(f"{where}:split: must be dev or test, not {c['split']!r}")
        checks = [("quote", c.get("quote"), c.get("line"))]
        members = c.get("members") or []
        if len(members) < 2:
            problems.append(f"{where}:members: a cluster needs at least two members")
        for m in members:
            if m.get("actor") not in dataset.actors:
                problems.append(f"{where}:members: unknown actor {m.get('actor')!r}")
            checks.append((f"members[{m.get('actor')}]", m.get("quote"), m.get("line")))
        for field, quote, line in checks:
            ok, found = quote_near(source, quote or "", int(line or 0))
            if not ok:
                problems.append(f"{where}:{field}: quote not found near line {line} "
                                f"(found at {found or 'no line'}): {quote!r}")
        clusters.append(Cluster(c.get("id"), c.get("split"),
                                tuple(m.get("actor") for m in members)))
    if not clusters:
        problems.append(f"{path}:-:clusters: no cluster")
    return clusters, problems


def relevant_sets(clusters: list[Cluster]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for c in clusters:
        for a in c.members:
            out.setdefault(a, set()).update(set(c.members) - {a})
    return out


def pool(index: PeerIndex, query: str, other_territories: bool) -> list[str]:
    """Every actor a baseline may propose: all others (outside the query's territory)."""
    row = index.row[query]
    local = index.same_territory(row) if other_territories else None
    return [aid for r, aid in enumerate(index.ids)
            if r != row and not (local is not None and local[r])]


def first_hit_rr(n: int, r: int, offset: int = 0) -> float:
    """Expected 1/rank of the first relevant item in a random order of ``n`` items holding
    ``r`` relevant ones, ranks counted from ``offset`` + 1, 0 beyond MRR_DEPTH."""
    if r == 0:
        return 0.0
    return sum(comb(n - i, r - 1) / comb(n, r) / (offset + i)
               for i in range(1, n - r + 2) if offset + i <= MRR_DEPTH)


def random_expectation(candidates: list[str], relevant: set[str]) -> tuple[float, float, float]:
    """(expected precision@K, probability of at least one hit, expected reciprocal rank) of a
    uniformly random ranking."""
    n, r = len(candidates), len(relevant & set(candidates))
    if not n:
        return 0.0, 0.0, 0.0
    draws = min(K, n)
    return r * draws / n / K, 1 - comb(n - r, draws) / comb(n, draws), first_hit_rr(n, r)


def same_kind_expectation(index, query, candidates, relevant) -> tuple[float, float, float]:
    """Same-kind actors first (in random order), then the others (random): exact expectations."""
    kind = index.actors[query]["kind"]
    same = [c for c in candidates if index.actors[c]["kind"] == kind]
    others = [c for c in candidates if index.actors[c]["kind"] != kind]
    hits_same = len(relevant & set(same))
    n, r = len(others), len(relevant & set(others))
    rr = first_hit_rr(len(same), hits_same) if hits_same else first_hit_rr(n, r, len(same))
    if len(same) >= K:
        return (*random_expectation(same, relevant)[:2], rr)
    rest = K - len(same)
    expected_rest = r * min(rest, n) / n if n else 0.0
    p_miss = comb(n - r, min(rest, n)) / comb(n, min(rest, n)) if n else 1.0
    return (hits_same + expected_rest) / K, 1.0 if hits_same else 1 - p_miss, rr


def ranked_hits(index, query, relevant, other_territories, weights) -> tuple[float, float, float,
                                                                            list]:
    ranking = [m.id for m in similar_actors(index, query, MRR_DEPTH, other_territories,
                                            weights=weights)]
    top = ranking[:K]
    hits = sum(1 for t in top if t in relevant)
    rr = next((1 / i for i, t in enumerate(ranking, 1) if t in relevant), 0.0)
    return hits / K, float(hits > 0), rr, top


def evaluate(index, clusters, other_territories: bool) -> dict[str, tuple[float, float]]:
    relevant = relevant_sets(clusters)
    methods: dict[str, list[tuple[float, float]]] = {}

    def add(name, value):
        methods.setdefault(name, []).append(value)
    for query, rel in sorted(relevant.items()):
        candidates = pool(index, query, other_territories)
        rel = rel & set(candidates)
        add("plafond (toutes les réponses pertinentes en tête)",
            (min(len(rel), K) / K, float(bool(rel)), float(bool(rel))))
        add("hasard", random_expectation(candidates, rel))
        add("même type seulement", same_kind_expectation(index, query, candidates, rel))
        add("**vita similar**", ranked_hits(index, query, rel, other_territories, WEIGHTS)[:3])
        for name, change in ABLATIONS.items():
            add(f"vita similar {name}",
                ranked_hits(index, query, rel, other_territories, replace(WEIGHTS, **change))[:3])
    return {name: tuple(sum(v[i] for v in values) / len(values) for i in range(3))
            for name, values in methods.items()} | {"_queries": (len(relevant), 0, 0)}


def table(title: str, results: dict) -> str:
    queries = results.pop("_queries")[0]
    lines = [f"### {title} ({queries} requêtes)", "",
             "| méthode | précision@5 | au moins une bonne réponse dans les 5 | MRR |",
             "|---|---|---|---|"]
    lines += [f"| {name} | {p:.3f} | {h:.3f} | {m:.3f} |" for name, (p, h, m) in results.items()]
    return "\n".join(lines) + "\n"


def details(index, clusters) -> str:
    relevant = relevant_sets(clusters)
    lines = ["### Détail : les 5 premiers de vita similar (✓ = jugé comparable)", ""]
    for query, rel in sorted(relevant.items()):
        *_, top = ranked_hits(index, query, rel, False, WEIGHTS)
        marked = ", ".join(f"{t} ✓" if t in rel else t for t in top)
        lines.append(f"- `{query}` → {marked}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--judgements", type=Path, default=DEFAULT_JUDGEMENTS)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--source", type=Path, default=None)
    parser.add_argument("--details", action="store_true", help="List each query's top 5.")
    args = parser.parse_args()
    dataset = load_dataset(args.data)
    source = load_source(args.source or source_path())
    clusters, problems = load_judgements(args.judgements, dataset, source)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    index = PeerIndex(records_from_dataset(dataset, read_source_lines(args.source or source_path())))
    pairs = sum(comb(len(c.members), 2) for c in clusters)
    print(f"Judgement set: {len(clusters)} clusters, {pairs} comparable pairs, "
          f"{len(relevant_sets(clusters))} actors; weights {WEIGHTS}\n")
    for other in (False, True):
        mode = "autres territoires seulement (--other-territories)" if other else "tous territoires"
        print(table(f"Tout le jeu, {mode}", evaluate(index, clusters, other)))
        for split in ("dev", "test"):
            part = [c for c in clusters if c.split == split]
            print(table(f"Partie {split}, {mode}", evaluate(index, part, other)))
    if args.details:
        print(details(index, clusters))


if __name__ == "__main__":
    main()
