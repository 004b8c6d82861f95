"""Representative points of admin-1 regions, from ISO 3166-2 (the ``iso3166-2`` package).

GeoNames' own admin-1 points are not in any offline package; without them a region's point
is the centre of its cities, which drifts far from the region's centre where the people live
in one corner (Ontario's cities sit along its southern edge: 450 km off). The iso3166-2
package ships a centre point for every subdivision; this module matches our regions to them
by name. Pure functions over plain data; the build calls ``subdivision_points`` once.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from geo.gazetteer.toponymy import unit_words
from geo.geodesy import haversine_km
from geo.lang.names import name_key

__all__ = ["UNIT_WORDS", "Subdivision", "match_subdivision", "region_keys", "subdivision_points"]

# Words for an administrative unit that names carry in GeoNames but writers often drop
# ("Anhui Sheng" -> "Anhui", "Nyanza Province" -> "Nyanza"): the build strips them from region names.
# (data/gazetteer/unit_words.tsv, use "region").
UNIT_WORDS = frozenset(unit_words("region"))
# Matching ISO 3166-2 names to ours also drops these, in any position ("Krasnodarskij kraj", "Tokyo To").
_MATCH_WORDS = UNIT_WORDS | frozenset(unit_words("subdivision"))
_CYRILLIC_LANG = re.compile(r"\((?:rus|ukr|bel)\)\s*$")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LANG_SUFFIX = re.compile(r"\s*\([a-z]{2,3}\)\s*$")
# A shared name is trusted (our cities' centre can be far off: Ontario's by 480 km); a close spelling
# only when the points agree this well (wrong loose matches measured 140-280 km away, right ones under 60).
_LOOSE_RATIO = 0.8
_LOOSE_MAX_KM = 120.0


@dataclass(frozen=True, slots=True)
class Subdivision:
    """One top-level ISO 3166-2 subdivision: its code, name keys and point."""

    code: str
    keys: frozenset[str]
    lat: float
    lon: float
    cyrillic: tuple[str, ...] = ()  # its Russian, Ukrainian, Belarusian names ("Запорізька область")


def region_keys(names: Iterable[str]) -> frozenset[str]:
    """Lookup keys of region names, with and without unit words ("Tver Oblast" -> tver oblast, tver)."""
    keys: set[str] = set()
    for name in names:
        key = name_key(name)
        if not key:
            continue
        keys.add(key)
        core = " ".join(w for w in key.split() if w not in _MATCH_WORDS)
        if core:
            keys.add(core)
    return frozenset(keys)


def subdivision_points(data: Mapping[str, Mapping[str, Mapping]] | None = None) -> dict[str, list[Subdivision]]:
    """Top-level subdivisions with a point, per ISO2 country, from iso3166-2's data (or ``data``)."""
    if data is None:
        from iso3166_2 import Subdivisions  # build-time only

        data = Subdivisions().all
    out: dict[str, list[Subdivision]] = {}
    for cc, subs in data.items():
        for code, sub in subs.items():
            point = sub.get("latLng")
            if sub.get("parentCode") or not point or len(point) != 2:
                continue
            # localOtherName is "Colombie-Britannique (fra), …"; nicknames there are only matched, never added.
            names = [sub.get("name") or ""]
            others = (sub.get("localOtherName") or "").split(",")
            names += [_LANG_SUFFIX.sub("", n) for n in others]
            # Only the names written in Cyrillic and tagged rus/ukr/bel are added to the gazetteer: the
            # English ones there include nicknames ("Eastern gate of Ukraine").
            cyrillic = tuple(dict.fromkeys(
                _LANG_SUFFIX.sub("", n).strip() for n in others
                if _CYRILLIC_LANG.search(n) and _CYRILLIC.search(n)))
            out.setdefault(cc, []).append(Subdivision(code, region_keys(names), float(point[0]), float(point[1]),
                                                      cyrillic))
    return out


def match_subdivision(candidates: list[Subdivision], keys: frozenset[str],
                      near: tuple[float, float]) -> Subdivision | None:
    """The subdivision a region is, by a shared name key; else by a close spelling near its cities."""
    exact = [s for s in candidates if s.keys & keys]
    if len(exact) == 1:
        return exact[0]
    if exact:  # two subdivisions share the name (a city and its province): the nearer one
        return min(exact, key=lambda s: haversine_km(s.lat, s.lon, *near))
    best, best_ratio = None, 0.0
    for sub in candidates:
        ratio = max((difflib.SequenceMatcher(None, a, b).ratio() for a in keys for b in sub.keys), default=0.0)
        if ratio > best_ratio:
            best, best_ratio = sub, ratio
    if best and best_ratio >= _LOOSE_RATIO and haversine_km(best.lat, best.lon, *near) <= _LOOSE_MAX_KM:
        return best
    return None
