"""The offline basemap: TopoJSON decoding, and the shipped file."""

import json

from geo.ui import basemap

# Two unit squares sharing the arc x=1: the second polygon uses it reversed (~0 == -1).
TOPO = {
    "type": "Topology",
    "transform": {"scale": [1, 1], "translate": [0, 0]},
    "arcs": [[[1, 0], [0, 1]], [[1, 1], [-1, 0], [0, -1], [1, 0]], [[1, 0], [1, 0], [0, 1], [-1, 0]]],
    "objects": {"countries": {"type": "GeometryCollection", "geometries": [
        {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "West"}},
        {"type": "MultiPolygon", "arcs": [[[2, -1]]], "properties": {"name": "East"}},
        {"type": "Point", "coordinates": [0, 0]},
    ]}},
}


def test_topojson_arcs_are_decoded_and_shared():
    fc = basemap.topojson_to_geojson(TOPO)
    west, east = fc["features"]
    assert west["properties"] == {"name": "West"}
    assert west["geometry"] == {"type": "Polygon", "coordinates": [[[1, 0], [1, 1], [0, 1], [0, 0], [1, 0]]]}
    assert east["geometry"]["type"] == "Polygon"  # a one-part MultiPolygon is written as a Polygon
    assert east["geometry"]["coordinates"][0] == [[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]


def test_simplification_keeps_end_points():
    line = [(0.0, 0.0), (1.0, 0.001), (2.0, 0.0), (3.0, 5.0)]
    assert basemap._thin(line, 0.02) == [(0.0, 0.0), (2.0, 0.0), (3.0, 5.0)]


def test_shipped_outlines_are_small_valid_geojson():
    size = basemap.COUNTRIES.stat().st_size
    data = json.loads(basemap.countries_json())
    names = {f["properties"]["name"] for f in data["features"]}
    assert size < 1_000_000 and data["type"] == "FeatureCollection"
    assert len(data["features"]) > 200 and {"France", "Ukraine", "Russia", "Saudi Arabia"} <= names
    assert (basemap.BASEMAP_DIR / "README.md").read_text().count("public domain") >= 1
