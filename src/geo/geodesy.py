"""Distances on the Earth's surface: one haversine for the whole package."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable

__all__ = ["EARTH_RADIUS_KM", "KM_PER_DEGREE", "haversine_km", "nearest_km", "NamedPoints"]

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


class NamedPoints:
    """Named points sorted by latitude: the nearest to a place among those of other names is sought
    outwards from its latitude, and only as far as ``nearest_km``'s bound lets a point be nearer."""

    def __init__(self, points: Iterable[tuple[str, float, float]]) -> None:
        self._points = sorted(points, key=lambda p: p[1])
        self._lats = [lat for _, lat, _ in self._points]

    def nearest_km(self, lat: float, lon: float, exclude: str) -> float | None:
        """Distance to the nearest point not named ``exclude`` (None if there is none)."""
        points, lats = self._points, self._lats
        best = math.inf
        above = bisect_left(lats, lat)
        below = above - 1
        while below >= 0 or above < len(points):
            # The nearer latitude first: once its bound reaches the best, every point left is further.
            if above >= len(points) or (below >= 0 and lat - lats[below] <= lats[above] - lat):
                name, plat, plon = points[below]
                below -= 1
            else:
                name, plat, plon = points[above]
                above += 1
            if abs(plat - lat) * KM_PER_DEGREE >= best:
                break
            if name != exclude:
                d = haversine_km(lat, lon, plat, plon)
                if d < best:
                    best = d
        return None if best == math.inf else best
