"""geopy-style adapter over the offline gazetteer (no network, ever)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from geo.gazetteer.index import Gazetteer
from geo.model import Place

__all__ = ["OfflineGazetteer", "place_to_location"]


def place_to_location(place: Place) -> Location:
    """A geopy Location for a gazetteer place: address = label, raw = the Place fields."""
    raw = asdict(place)
    raw["kind"] = place.kind.value
    raw["geonameid"] = place.id if place.id > 0 else None
    raw["label"] = place.label
    raw["source"] = "offline"
    return Location(place.label, Point(place.lat, place.lon), raw)


class OfflineGazetteer(Geocoder):
    """Geocode with the offline gazetteer, following geopy's Geocoder conventions.

    Unlike online geocoders it never touches geopy's HTTP machinery.
    """

    name = "offline"

    def __init__(self, gazetteer: Gazetteer | None = None, *, path: str | Path | None = None) -> None:
        super().__init__(scheme="https", user_agent="geo-events offline")
        self.gazetteer = gazetteer or Gazetteer.open(path)

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        limit: int | None = None,
        country_codes: str | Iterable[str] | None = None,
    ) -> Location | list[Location] | None:
        """Best place(s) named ``query`` (exact name, then transliteration variants)."""
        if not isinstance(query, str) or not query.strip():
            return None
        places = [p for p, _how in self.gazetteer.lookup_fuzzy(query)]
        if country_codes:
            codes = {country_codes.upper()} if isinstance(country_codes, str) else {c.upper() for c in country_codes}
            places = [p for p in places if p.country in codes]
        if not places:
            return None
        if exactly_one:
            return place_to_location(places[0])
        if limit:
            places = places[: int(limit)]
        return [place_to_location(p) for p in places]

    def reverse(self, query, *, exactly_one: bool = True) -> Location | list[Location] | None:
        """Nearest settlement to ``query`` (a Point, '(lat, lon)' string or pair)."""
        point = self._coerce_point_to_string(query)
        lat, lon = (float(x) for x in point.split(","))
        place = self.gazetteer.reverse(lat, lon)
        if place is None:
            return None
        loc = place_to_location(place)
        return loc if exactly_one else [loc]
