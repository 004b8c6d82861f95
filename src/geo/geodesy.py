"""Distances on the Earth's surface: one haversine for the whole package."""

from __future__ import annotations

import math
from collections.abc import Iterable

__all__ = ["EARTH_RADIUS_KM", "KM_PER_DEGREE", "haversine_km", "nearest_km"]

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180  # of latitude: a lower bound of any distance


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres on a sphere of the Earth's mean radius."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def nearest_km(lat: float, lon: float, points: Iterable[tuple[float, float]]) -> float | None:
    """Distance to the nearest of the points (None if there are none); the latitude gap prunes most."""
    best = math.inf
    for plat, plon in points:
        if abs(plat - lat) * KM_PER_DEGREE >= best:
            continue
        d = haversine_km(lat, lon, plat, plon)
        if d < best:
            best = d
    return None if best == math.inf else best
