"""The offline basemap: Natural Earth country outlines (TopoJSON → compact GeoJSON), built once, shipped in data/."""

from __future__ import annotations

import argparse
import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

from geo.errors import InputError
from geo.paths import DATA_DIR

BASEMAP_DIR = DATA_DIR / "basemap"
COUNTRIES = BASEMAP_DIR / "countries.geojson"
DIGITS = 2  # ~1 km: finer than a country outline needs at the zooms where tiles are missing
TOLERANCE = 0.02  # degrees (~2 km): Douglas-Peucker tolerance that keeps the file under 1 MB


def _decode_arcs(topology: dict[str, Any], tolerance: float = TOLERANCE) -> list[list[tuple[float, float]]]:
    """Absolute [lon, lat] positions of every arc (quantised, delta-encoded in TopoJSON), thinned."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x, y = x + dx, y + dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        arcs.append(_thin(points, tolerance))
    return arcs


def _thin(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker simplification of one arc; its end points stay, so neighbours still meet exactly."""
    if len(points) <= 2 or tolerance <= 0:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            x, y = points[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm if norm else abs(x - x1) + abs(y - y1)
            if d > worst:
                worst, index = d, i
        if index > 0 and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def _ring(indexes: Sequence[int], arcs: list[list[tuple[float, float]]], digits: int = DIGITS) -> list[list[float]]:
    """One closed ring from arc indexes (a negative index ~i is arc i reversed); rounded, no repeats."""
    out: list[list[float]] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        for n, (x, y) in enumerate(points):
            if n == 0 and out:
                continue  # arcs share their end points
            point = [round(x, digits), round(y, digits)]
            if not out or point != out[-1]:
                out.append(point)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def _polygon(rings: Iterable[Sequence[int]], arcs: list[list[tuple[float, float]]],
             digits: int = DIGITS) -> list[list[list[float]]]:
    # A ring that rounding collapsed to fewer than 4 positions is not a valid GeoJSON ring: drop it.
    return [r for r in (_ring(ring, arcs, digits) for ring in rings) if len(r) >= 4]


def topojson_to_geojson(topology: dict[str, Any], obj: str = "countries", tolerance: float = TOLERANCE,
                        digits: int = DIGITS) -> dict[str, Any]:
    """A TopoJSON object of (Multi)Polygons → a GeoJSON FeatureCollection with a `name` property."""
    if topology.get("type") != "Topology" or obj not in topology.get("objects", {}):
        raise InputError(f"not a TopoJSON topology with an object named {obj!r}")
    arcs = _decode_arcs(topology, tolerance)
    features = []
    for geom in topology["objects"][obj]["geometries"]:
        kind = geom.get("type")
        if kind == "Polygon":
            polygons = [_polygon(geom["arcs"], arcs, digits)]
        elif kind == "MultiPolygon":
            polygons = [_polygon(p, arcs, digits) for p in geom["arcs"]]
        else:
            continue
        polygons = [p for p in polygons if p]
        if not polygons:
            continue
        geometry = ({"type": "Polygon", "coordinates": polygons[0]} if len(polygons) == 1
                    else {"type": "MultiPolygon", "coordinates": polygons})
        name = (geom.get("properties") or {}).get("name", "")
        features.append({"type": "Feature", "properties": {"name": name}, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def build(source: Path, target: Path = COUNTRIES) -> int:
    """Convert a world-atlas TopoJSON file to the shipped GeoJSON; returns its size in bytes."""
    try:
        topology = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{source}: cannot read TopoJSON: {exc}") from exc
    text = json.dumps(topojson_to_geojson(topology), ensure_ascii=False, separators=(",", ":"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


LAND = {"color": "#9a9a9a", "weight": 0.7, "fillColor": "#f4f1ea", "fillOpacity": 1}
# What the browser loads, from which zoom (files in data/basemap, served at /app/static/basemap).
LAYERS: list[dict[str, Any]] = [
    {"file": "countries.geojson", "kind": "shapes", "pane": "land", "min": 0, "max": 5, "style": LAND},
    {"file": "countries-10m.geojson", "kind": "shapes", "pane": "land", "min": 6, "style": LAND},
    {"file": "lakes.geojson", "kind": "shapes", "pane": "water", "min": 3,
     "style": {"color": "#9cc0da", "weight": 0.5, "fillColor": "#dce9f2", "fillOpacity": 1}},
    {"file": "rivers.geojson", "kind": "shapes", "pane": "water", "min": 4,
     "style": {"color": "#9cc0da", "weight": 1, "fill": False}},
    {"file": "admin1.geojson", "kind": "shapes", "pane": "lines", "min": 5,
     "style": {"color": "#b7a99a", "weight": 0.8, "dashArray": "4 3", "fill": False}},
    # rank: which kind of name wins where two would overlap (countries, then towns, then regions).
    {"file": "labels-countries.geojson", "kind": "labels", "key": "country", "min": 3, "max": 6, "rank": 0},
    {"file": "labels-places.geojson", "kind": "labels", "key": "city", "min": 5, "rank": 1},
    {"file": "labels-regions.geojson", "kind": "labels", "key": "region", "min": 6, "max": 9, "rank": 2},
]


def layer_path(name: str) -> Path:
    """One shipped layer file."""
    return BASEMAP_DIR / name


@lru_cache(maxsize=1)
def countries_json() -> str:
    """The shipped country outlines as GeoJSON text (read once per process; immutable)."""
    try:
        return COUNTRIES.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{COUNTRIES}: basemap missing; run scripts/build-basemap.sh") from exc


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m geo.ui.basemap build SOURCE.json [TARGET]`."""
    parser = argparse.ArgumentParser(prog="python -m geo.ui.basemap")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="convert world-atlas countries TopoJSON to data/basemap/countries.geojson")
    b.add_argument("source", type=Path)
    b.add_argument("target", type=Path, nargs="?", default=COUNTRIES)
    args = parser.parse_args(argv)
    size = build(args.source, args.target)
    print(f"{args.target}: {size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
