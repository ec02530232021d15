"""Merge the curators' staging actor files into the registry (one-off curation tool).

    python3 tools/curation/merge_actors.py [--write]

Entries sharing an id are merged: aliases and contact people are united, missing
fields filled; conflicting kinds, names or locations are printed for a human to
settle (the first definition wins until then: national.yaml, then staging files in
name order). With --write, the registry is rewritten as data/actors/national.yaml
(no location) plus one file per 2008 région, and the staging files are removed.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
ACTORS = ROOT / "data" / "actors"
sys.path.insert(0, str(ROOT))
from graph.geography import load_geography  # noqa: E402
from graph.territory import slugify  # noqa: E402

# Decisions taken by the lead when curators disagreed (see the merge report).
OVERRIDES = {
    "acces-reagis": {"name": "ACCES REAGIS", "kind": "AI", "location": {"commune": "44195"},
                     "description": "Association intermédiaire basée à Savenay, présentée aussi "
                                    "comme un ensemblier d'insertion du bassin d'emploi de Saint-Nazaire."},
    "acid": {"name": "A.C.I.D."},
    "agglopole-provence": {"location": {"commune": "13103"}},
    "amsic": {"name": "Association Maison des Squares Solidarité Interculturel Citoyenneté",
              "acronym": "AMSIC"},
    "cidf-jura": {"name": "Centre d'Information sur les Droits des Femmes et des Familles du Jura",
                  "acronym": "CIDFF", "location": {"departement": "39"}},
    "cress-pays-de-la-loire": {"name": "Chambre Régionale de l'Economie Sociale des Pays de la Loire",
                               "acronym": "CRES"},
    "espace-centremploi": {"name": "Espace CENTREMPLOI"},
    "fdi": {"name": "Fonds dédiés à l'insertion", "acronym": "FDI"},
    "gip-sambre-avesnois": {"name": "GIP-DSU du Pays de Sambre Avesnois"},
    "la-metro": {"name": "Communauté d'agglomération Grenoble Alpes Métropole",
                 "location": {"commune": "38185"}},
    "mde-redon": {"location": {"commune": "35236"}},
    "proxim-services": {"name": "Proxim'Services", "kind": "RESEAU_NAT",
                        "description": "Marque du COORACE sous laquelle se regroupent des "
                                       "associations de services aux personnes."},
    "ulisse": {"location": {"commune": "38185"}},
    # places the actor's own name or its experience states, though the curator left them out
    "boutique-de-gestion-drome": {"location": {"departement": "26"}},
    "fonds-territorial-france-active-drome": {"location": {"departement": "26"}},
    "federation-regionale-centres-sociaux-rhone-alpes": {"location": {"region_2008": "82"}},
    "cram-franche-comte": {"location": {"region_2008": "43"}},
    "fongecif-franche-comte": {"location": {"region_2008": "43"}},
    "spel-morez": {"location": {"departement": "39"}},
    "regain": {"location": {"departement": "35"}},
    "prest-services": {"location": {"departement": "35"}},
    "seine-estuaire-entreprendre": {"location": {"region_2008": "23"}},
    # "ESP 38" (ISACTYS, line 385) and "Vivial ESP 38 - Isère" (line 6502): one body
    "vivial-esp-38": {
        "kind": "SAP", "name": "Vivial ESP 38", "aliases": ["ESP 38", "Vivial ESP 38 - Isère (38)"],
        "description": "Plate-forme de services à la personne de l'Isère (« Vivial ESP 38 », ligne "
                       "6502), qui a des locaux permanents dans la Maison Emploi et Services de "
                       "Pont-de-Beauvoisin (« ESP 38 », ligne 385)."},
}

FIELD_ORDER = ["id", "name", "acronym", "aliases", "kind", "location", "contact", "description"]


def load_entries() -> dict[str, list[tuple[str, dict]]]:
    entries = defaultdict(list)
    files = sorted(ACTORS.glob("*.yaml"), key=lambda p: (not p.name.startswith("national"), p.name))
    for path in files:
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            entries[entry["id"]].append((path.name, entry))
    return entries


def merge_contact(base: dict | None, other: dict | None) -> dict | None:
    if not other:
        return base
    merged = dict(base or {})
    for key, value in other.items():
        if key == "people":
            known = {p["name"] for p in merged.get("people", [])}
            merged["people"] = merged.get("people", []) + [p for p in value if p["name"] not in known]
        elif not merged.get(key):
            merged[key] = value
    return merged


def merge(aid: str, versions: list[tuple[str, dict]]) -> tuple[dict, list[str]]:
    full = [(f, e) for f, e in versions if not e.get("extends")]
    if not full:
        return {}, [f"{aid}: only 'extends' entries ({[f for f, _ in versions]})"]
    base_file, base = full[0]
    merged = {k: v for k, v in base.items() if k != "extends"}
    conflicts = []
    for file, entry in versions[1:] if versions[0][1] is base else versions:
        if entry is base:
            continue
        for key in ("name", "kind", "location", "acronym"):
            if key in entry and entry[key] and merged.get(key) and entry[key] != merged[key]:
                conflicts.append(f"{aid}.{key}: {base_file}={merged[key]!r} vs {file}={entry[key]!r}")
            elif entry.get(key) and not merged.get(key):
                merged[key] = entry[key]
        labels = {merged["name"], merged.get("acronym")}
        extra = [a for a in [entry.get("name"), *entry.get("aliases", [])]
                 if a and a not in labels and a not in merged.get("aliases", [])]
        if extra:
            merged["aliases"] = merged.get("aliases", []) + extra
        merged["contact"] = merge_contact(merged.get("contact"), entry.get("contact"))
        if not merged.get("contact"):
            merged.pop("contact", None)
        if entry.get("description") and not merged.get("description"):
            merged["description"] = entry["description"]
    for _, entry in versions:  # reviewers' replacements ({extends: true, set: {...}})
        merged.update(entry.get("set") or {})
    merged.update(OVERRIDES.get(aid, {}))
    merged["name"] = merged["name"].replace("’", "'")
    labels = {merged["name"].lower(), (merged.get("acronym") or "").lower()}
    aliases = []
    for alias in merged.get("aliases", []):
        if alias.replace("’", "'").lower() not in labels | {a.replace("’", "'").lower() for a in aliases}:
            aliases.append(alias)
    merged["aliases"] = aliases
    if aid in OVERRIDES:
        conflicts = [c for c in conflicts if not any(c.startswith(f"{aid}.{k}:") for k in OVERRIDES[aid])]
    return {k: merged[k] for k in FIELD_ORDER if merged.get(k)}, conflicts


def region_file(entry: dict, geography) -> str:
    loc = entry.get("location") or {}
    if not loc:
        return "national.yaml"
    place = geography.resolve(loc.get("commune"), loc.get("departement"), loc.get("region_2008"))
    return f"{slugify(place.region_2008_name)}.yaml"


def write(merged: list[dict]) -> None:
    geography = load_geography(ROOT / "data" / "geography")
    files = defaultdict(list)
    for entry in merged:
        files[region_file(entry, geography)].append(entry)
    texts = {}
    for name, entries in sorted(files.items()):
        entries.sort(key=lambda e: e["id"])
        text = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100)
        texts[name] = text.replace("\n- id:", "\n\n- id:")
    # everything is rendered before anything is removed, so a failure leaves the old files
    for path in ACTORS.glob("*.yaml"):
        path.unlink()
    for name, text in texts.items():
        (ACTORS / name).write_text(text, encoding="utf-8")
    print(", ".join(f"{name}: {len(files[name])}" for name in texts))


def main() -> int:
    merged, conflicts = [], []
    for aid, versions in sorted(load_entries().items()):
        entry, found = merge(aid, versions)
        conflicts += found
        if entry:
            merged.append(entry)
    print("\n".join(conflicts) or "no conflicts")
    print(f"{len(merged)} actors")
    if "--write" in sys.argv:
        write(merged)
    return 0


if __name__ == "__main__":
    sys.exit(main())
