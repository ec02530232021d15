"""Evaluate `vita similar` against the judgement set built from the recueil.

    python3 tools/evaluate_similarity.py [--judgements data/evaluation/judgements.yaml]
                                         [--data DIR] [--source FILE] [--details]

Checks the judgement set (every actor exists, every quote is in the source near its line), then
prints, as Markdown, precision@5 and hit@5 of the similar-actors ranking against a random ranking
and a "same kind only" ranking (both as exact expectations, no sampling), with each signal
removed in turn, over all clusters and per split. The output is recorded in docs/similarity.md.
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

from graph.similarity import WEIGHTS, SimilarityIndex, same_territory, similar_actors  # noqa: E402
from loaders.dataset import load_dataset, source_path  # noqa: E402
from loaders.evidence import load_source, quote_near  # noqa: E402

K = 5
DEFAULT_JUDGEMENTS = Path(__file__).resolve().parent.parent / "data" / "evaluation" / "judgements.yaml"
ABLATIONS = {"sans type ni famille": dict(kind=0.0, family=0.0),
             "sans types de partenaires": dict(partner_kinds=0.0),
             "sans partenaires communs": dict(partners=0.0),
             "sans rôles": dict(roles=0.0),
             "sans thème (groupe de travail)": dict(themes=0.0),
             "sans sujets (résumés des expériences)": dict(topics=0.0)}


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


def pool(index: SimilarityIndex, query: str, other_territories: bool) -> list[str]:
    """Every actor a baseline may propose: all others (outside the query's territory)."""
    q = index.profiles[query]
    return [p.id for p in index.profiles.values() if p.id != query and not (
        other_territories and same_territory(q.departement, q.region_2008, p.departement,
                                             p.region_2008))]


def random_expectation(candidates: list[str], relevant: set[str]) -> tuple[float, float]:
    """(expected precision@K, probability of at least one hit) of a uniformly random ranking."""
    n, r = len(candidates), len(relevant & set(candidates))
    draws = min(K, n)
    return r * draws / n / K if n else 0.0, 1 - comb(n - r, draws) / comb(n, draws) if n else 0.0


def same_kind_expectation(index, query, candidates, relevant) -> tuple[float, float]:
    """Same-kind actors first (in random order), then the others (random): exact expectations."""
    kind = index.profiles[query].kind
    same = [c for c in candidates if index.profiles[c].kind == kind]
    others = [c for c in candidates if index.profiles[c].kind != kind]
    if len(same) >= K:
        return random_expectation(same, relevant)
    hits_same = len(relevant & set(same))
    rest = K - len(same)
    n, r = len(others), len(relevant & set(others))
    expected_rest = r * min(rest, n) / n if n else 0.0
    p_miss = comb(n - r, min(rest, n)) / comb(n, min(rest, n)) if n else 1.0
    return (hits_same + expected_rest) / K, 1.0 if hits_same else 1 - p_miss


def ranked_hits(index, query, relevant, other_territories, weights) -> tuple[float, float, list]:
    top = [m.id for m in similar_actors(index, query, K, other_territories, weights=weights)]
    hits = sum(1 for t in top if t in relevant)
    return hits / K, float(hits > 0), top


def evaluate(index, clusters, other_territories: bool) -> dict[str, tuple[float, float]]:
    relevant = relevant_sets(clusters)
    methods: dict[str, list[tuple[float, float]]] = {}

    def add(name, value):
        methods.setdefault(name, []).append(value)
    for query, rel in sorted(relevant.items()):
        candidates = pool(index, query, other_territories)
        rel = rel & set(candidates)
        add("plafond (toutes les réponses pertinentes en tête)",
            (min(len(rel), K) / K, float(bool(rel))))
        add("hasard", random_expectation(candidates, rel))
        add("même type seulement", same_kind_expectation(index, query, candidates, rel))
        add("**vita similar**", ranked_hits(index, query, rel, other_territories, WEIGHTS)[:2])
        for name, change in ABLATIONS.items():
            add(f"vita similar {name}",
                ranked_hits(index, query, rel, other_territories, replace(WEIGHTS, **change))[:2])
    return {name: (sum(v[0] for v in values) / len(values), sum(v[1] for v in values) / len(values))
            for name, values in methods.items()} | {"_queries": (len(relevant), 0)}


def table(title: str, results: dict) -> str:
    queries = results.pop("_queries")[0]
    lines = [f"### {title} ({queries} requêtes)", "",
             "| méthode | précision@5 | au moins une bonne réponse dans les 5 |", "|---|---|---|"]
    lines += [f"| {name} | {p:.3f} | {h:.3f} |" for name, (p, h) in results.items()]
    return "\n".join(lines) + "\n"


def details(index, clusters) -> str:
    relevant = relevant_sets(clusters)
    lines = ["### Détail : les 5 premiers de vita similar (✓ = jugé comparable)", ""]
    for query, rel in sorted(relevant.items()):
        _, _, top = ranked_hits(index, query, rel, False, WEIGHTS)
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
    index = SimilarityIndex(dataset)
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
