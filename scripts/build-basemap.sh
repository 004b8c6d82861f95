#!/usr/bin/env bash
# Rebuild data/basemap/countries.geojson from Natural Earth (npm world-atlas@2.0.2, countries-50m).
# Needs npm once; the result is committed, so `make run` never needs npm or the internet.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent world-atlas@2.0.2 >/dev/null && tar xzf world-atlas-2.0.2.tgz)
"${PYTHON:-.venv/bin/python}" -m geo.basemap build "$tmp/package/countries-50m.json" data/basemap/countries.geojson
