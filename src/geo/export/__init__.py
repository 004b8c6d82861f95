"""Events out: GeoJSON, CSV, JSON, KML and a standalone HTML map."""
