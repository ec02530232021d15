"""How import planning scales with the number of rows: prints numbers (docs/benchmarks.md).

    python3 tools/benchmark_imports.py                    # 2,000, 20,000 and 100,000 rows
    python3 tools/benchmark_imports.py --sizes 2000 --format xlsx

For each size n, writes an import of n actors and n relations (CSV files, or an XLSX workbook)
to a temporary folder and times ``plan_import`` against the shipped data (reading, checking,
resolving; nothing is saved): every actor is new (a distinct name in a commune of the Isère),
every relation names two rows of the actor sheet by name, and every 10th names an actor of
vita by its acronym or id. Run it from an older checkout to get the naive (quadratic) numbers.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # run as a script

from loaders.dataset import DEFAULT_DATA  # noqa: E402
from loaders.imports import plan_import  # noqa: E402

COMMUNES = ["Grenoble", "Échirolles", "Voiron", "Vienne", "Meylan", "Fontaine"]
KINDS = ["ACI", "AI", "EI", "ASSO", "ETTI"]
KNOWN = ["e3i", "ADIE", "plie-grenoble", "COORACE"]


def write_csv(folder: Path, n: int) -> list[Path]:
    actors = ["identifiant;nom;sigle;type;commune;departement"]
    actors += [f";Structure d'essai {i:06d};;{KINDS[i % len(KINDS)]};{COMMUNES[i % len(COMMUNES)]};38"
               for i in range(n)]
    ties = ["acteur_source;type;acteur_cible;statut;source"]
    for i in range(n):
        target = KNOWN[i % len(KNOWN)] if i % 10 == 0 else f"Structure d'essai {(i + 1) % n:06d}"
        ties.append(f"Structure d'essai {i:06d};PARTNER_OF;{target};effectif;Annuaire local")
    (folder / "acteurs.csv").write_text("\n".join(actors) + "\n", encoding="utf-8")
    (folder / "relations.csv").write_text("\n".join(ties) + "\n", encoding="utf-8")
    return [folder]


def write_xlsx(folder: Path, n: int) -> list[Path]:
    from openpyxl import Workbook
    write_csv(folder, n)
    workbook = Workbook(write_only=True)
    for sheet in ("acteurs", "relations"):
        ws = workbook.create_sheet(sheet)
        for line in (folder / f"{sheet}.csv").read_text(encoding="utf-8").splitlines():
            ws.append(line.split(";"))
    path = folder / "reseau.xlsx"
    workbook.save(path)
    return [path]


def run(n: int, fmt: str) -> tuple[float, int]:
    with tempfile.TemporaryDirectory(prefix="vita-bench-import-") as tmp:
        folder = Path(tmp) / "reseau"
        folder.mkdir()
        os.environ["VITA_USER_DATA"] = str(Path(tmp) / "user-data")
        paths = (write_xlsx if fmt == "xlsx" else write_csv)(folder, n)
        start, cpu = time.perf_counter(), time.process_time()
        plan = plan_import(paths, DEFAULT_DATA, "essai")
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        assert not plan.issues, plan.issues[:3]
        return elapsed, cpu, len(plan.ties)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 20_000, 100_000])
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    args = parser.parse_args()
    print(f"plan_import of n actor rows + n relation rows ({args.format}), against the shipped data")
    previous = None
    for n in args.sizes:
        elapsed, cpu, ties = run(n, args.format)
        growth = f"  CPU ×{cpu / previous[1]:.1f} for ×{n / previous[0]:.0f} rows" if previous else ""
        print(f"  {n:>7} rows  {elapsed:8.2f} s wall  {cpu:8.2f} s CPU  ({ties} relations, "
              f"{cpu / n * 1e6:6.1f} µs CPU/row){growth}")
        previous = (n, cpu)


if __name__ == "__main__":
    main()
