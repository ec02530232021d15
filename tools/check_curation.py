"""Quick checker for curators: python3 tools/check_curation.py data/experiences/X.yaml ...

Checks YAML syntax, required keys, vocabularies, actor references (against every
file in data/actors/), geography codes, and that each evidence quote occurs in the
source near its stated line. Prints one problem per line; exit 1 if any.
"""
import csv
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from graph.vocabulary import KINDS, RELATION_TYPES, ROLES, STATUSES, WORKING_GROUPS  # noqa: E402
from loaders.evidence import load_source, quote_near  # noqa: E402

SOURCE = ROOT / "data" / "source" / "recueil-experiences-vita-2008.txt"
GEO = ROOT / "data" / "geography"


def codes(name, column):
    with open(GEO / name, encoding="utf-8") as f:
        return {row[column] for row in csv.DictReader(f)}


def main(paths):
    problems = []
    communes, depts = codes("communes.csv", "insee"), codes("departements.csv", "code")
    regions, epcis = codes("regions_2008.csv", "code"), codes("epci.csv", "siren")
    actors = {}
    for f in sorted((ROOT / "data" / "actors").glob("*.yaml")):
        for a in yaml.safe_load(f.read_text(encoding="utf-8")) or []:
            where = f"{f.name}:{a.get('id')}"
            if a.get("extends"):  # adds aliases/contact to an actor defined elsewhere; merged later
                continue
            if a.get("id") in actors:
                problems.append(f"{where}: duplicate actor id (also in {actors[a['id']]})")
            actors[a.get("id")] = f.name
            for key in ("id", "name", "kind"):
                if not a.get(key):
                    problems.append(f"{where}:{key}: missing")
            if a.get("kind") not in KINDS:
                problems.append(f"{where}:kind: unknown {a.get('kind')!r}")
            loc = a.get("location") or {}
            if loc.get("commune") and str(loc["commune"]) not in communes:
                problems.append(f"{where}:location.commune: unknown INSEE code {loc['commune']}")
            if loc.get("departement") and str(loc["departement"]) not in depts:
                problems.append(f"{where}:location.departement: unknown {loc['departement']}")
            if loc.get("region_2008") and str(loc["region_2008"]) not in regions:
                problems.append(f"{where}:location.region_2008: unknown {loc['region_2008']}")
    source = load_source(SOURCE)
    for p in paths:
        doc = yaml.safe_load(Path(p).read_text(encoding="utf-8"))
        listed = {a["id"] for a in doc.get("actors", [])}
        for a in doc.get("actors", []):
            if a["id"] not in actors:
                problems.append(f"{p}:actors:{a['id']}: not defined in data/actors/")
            if a.get("role") not in ROLES:
                problems.append(f"{p}:actors:{a['id']}:role: unknown {a.get('role')!r}")
        wg = doc.get("working_group")
        if wg is not None and wg not in WORKING_GROUPS:
            problems.append(f"{p}:working_group: unknown {wg!r}")
        terr = doc.get("territory") or {}
        for c in terr.get("communes", []):
            if str(c) not in communes:
                problems.append(f"{p}:territory.communes: unknown {c}")
        for c in terr.get("epci", []):
            if str(c) not in epcis:
                problems.append(f"{p}:territory.epci: unknown {c}")
        for c in terr.get("departements", []):
            if str(c) not in depts:
                problems.append(f"{p}:territory.departements: unknown {c}")
        for i, r in enumerate(doc.get("relations", [])):
            where = f"{p}:relations[{i}]"
            for end in ("source", "target"):
                if r.get(end) not in listed:
                    problems.append(f"{where}:{end}: {r.get(end)!r} not in this file's actors")
            if r.get("type") not in RELATION_TYPES:
                problems.append(f"{where}:type: unknown {r.get('type')!r}")
            if r.get("status") not in STATUSES:
                problems.append(f"{where}:status: unknown {r.get('status')!r}")
            if r.get("source") == r.get("target"):
                problems.append(f"{where}: source and target are the same actor")
            ev = r.get("evidence") or ""
            if len(ev) > 250:
                problems.append(f"{where}:evidence: {len(ev)} characters, keep it under ~200")
            ok, found = quote_near(source, ev, int(r.get("line") or 0))
            if not ok:
                problems.append(f"{where}:evidence: not found near line {r.get('line')} "
                                f"(found at {found or 'nowhere'}): {ev[:60]!r}")
    print("\n".join(problems) or f"OK: {len(paths)} file(s), {len(actors)} actors defined")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
