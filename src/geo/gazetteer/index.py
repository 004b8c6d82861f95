"""The offline gazetteer: a read-only SQLite file built by geo.gazetteer.build."""

from __future__ import annotations

import functools
import math
import re
import sqlite3
import threading
from pathlib import Path

from geo.errors import GazetteerError
from geo.geodesy import haversine_km
from geo.lang.names import name_key, variant_keys
from geo.model import Place, PlaceKind

__all__ = ["Gazetteer", "haversine_km", "distance_km", "default_path"]

from geo.paths import REPO_ROOT
from geo.settings import value

DEFAULT_PATH = REPO_ROOT / "data" / "gazetteer" / "gazetteer.sqlite"

_KIND_RANK = {
    PlaceKind.COUNTRY.value: 0,
    PlaceKind.CONTINENT.value: 1,
    PlaceKind.REGION.value: 2,
    PlaceKind.AREA.value: 2,
    PlaceKind.DISTRICT.value: 3,
    PlaceKind.SETTLEMENT.value: 4,
}
_ORDER = (
    "CASE p.kind WHEN 'country' THEN 0 WHEN 'continent' THEN 1 WHEN 'region' THEN 2 WHEN 'area' THEN 2 "
    "WHEN 'district' THEN 3 ELSE 4 END, p.population DESC, p.id"
)
_COLS = "p.id, p.name, p.country, p.lat, p.lon, p.kind, p.population, p.admin1, p.admin1_code, p.feature_code"


def default_path() -> Path:
    """$GEO_GAZETTEER, else data/gazetteer/gazetteer.sqlite in the repository."""
    path = value("GEO_GAZETTEER")
    return Path(path) if path else DEFAULT_PATH



def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places' points, in km."""
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def _place(row: tuple) -> Place:
    return Place(
        id=row[0],
        name=row[1],
        country=row[2],
        lat=row[3],
        lon=row[4],
        kind=PlaceKind(row[5]),
        population=row[6],
        admin1=row[7],
        admin1_code=row[8],
        feature_code=row[9],
    )


# Look-ups are remembered per instance: the file is read-only once open and a Place is frozen, and an
# article asks about the same names many times (trimming, plausibility, candidates; once per mention).
# Bounded, since a long-running server meets an open-ended stream of names.
_CACHE_SIZE = 16_384
# A name's places are fetched this many at a time (ORDER BY is a total order, so a smaller limit is a
# prefix): lookup(name, limit=1), lookup(name, limit=5) and lookup_fuzzy(name) share one query.
_FETCH = 50

# An exact Cyrillic match smaller than this gives way to a nominative form's match ("Харкова" → Харків).
_INFLECTED_MIN_POP = 5_000
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


# Bumped when the file's tables change; an older file is refused with a message saying how to rebuild.
SCHEMA_VERSION = "4"


class Gazetteer:
    """Read-only queries over the gazetteer file; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        con = self._con()
        try:
            schema = con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if not schema or schema[0] != SCHEMA_VERSION:
                raise GazetteerError(
                    f"The gazetteer {self.path} was built by an older version (schema {schema and schema[0]}, "
                    f"expected {SCHEMA_VERSION}); rebuild it with `geo-events gazetteer build` (or `make install`)."
                )
            self._continent_of = dict(con.execute("SELECT iso2, continent FROM countries"))
            self._country_ids = {iso: pid for iso, pid in con.execute("SELECT iso2, place_id FROM countries") if pid}
            self._continent_ids = dict(con.execute("SELECT code, place_id FROM continents"))
        except sqlite3.Error as exc:
            raise GazetteerError(
                f"The gazetteer {self.path} is unreadable ({exc}); rebuild it with `geo-events gazetteer build`."
            ) from exc
        self._continent_code = {pid: code for code, pid in self._continent_ids.items()}
        self._surface_cache: dict[int, list[str]] = {}
        self._abbreviations: frozenset[str] | None = None
        self._dotted_only: frozenset[str] | None = None
        remember = functools.lru_cache(maxsize=_CACHE_SIZE)
        self._key_rows = remember(self._query_key)
        self._fuzzy = remember(self._query_fuzzy)
        self._place_by_id = remember(self._query_place)
        self._region_id = remember(self._query_region_id)
        self._demonym = remember(self._query_demonym)
        self._inflected_key = remember(self._query_inflected_key)

    @classmethod
    def open(cls, path: str | Path | None = None) -> Gazetteer:
        """Open the gazetteer at ``path`` (default: $GEO_GAZETTEER or data/gazetteer/gazetteer.sqlite)."""
        p = Path(path) if path else default_path()
        if not p.is_file():
            raise GazetteerError(f"No gazetteer at {p}: run `geo-events gazetteer build` first.")
        return cls(p)

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            try:
                con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            except sqlite3.Error as exc:
                raise GazetteerError(f"Cannot open the gazetteer {self.path}: {exc}") from exc
            self._local.con = con
        return con

    def close(self) -> None:
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None

    # -- lookups ---------------------------------------------------------------

    def _by_key(self, key: str, limit: int) -> list[Place]:
        return [p for p, _ in self._by_key_how(key, limit)]

    def _by_key_how(self, key: str, limit: int) -> list[tuple[Place, bool]]:
        """Places with the key, and whether it is only one of their GeoNames alternate names."""
        if not key:
            return []
        return list(self._key_rows(key, max(limit, _FETCH))[:limit])

    def _query_key(self, key: str, limit: int) -> tuple[tuple[Place, bool], ...]:
        rows = self._con().execute(
            f"SELECT {_COLS}, MIN(n.source = 'alt') FROM names n JOIN places p ON p.id = n.place_id "
            f"WHERE n.key = ? GROUP BY p.id ORDER BY {_ORDER} LIMIT ?",
            (key, limit),
        )
        return tuple((_place(r[:-1]), bool(r[-1])) for r in rows)

    def lookup(self, name: str, *, limit: int = 50) -> list[Place]:
        """Places with a name whose key equals name_key(name): countries, continents, regions,
        districts, settlements; within a kind by population, largest first. A Russian or Ukrainian
        name in another case is looked up by its nominative ("Харкові" → Харків)."""
        return self._by_key(self._key_of(name), limit)

    def _key_of(self, name: str) -> str:
        key = name_key(name)
        if not _has_cyrillic(name):
            return key
        return self._inflected_key(key, name)

    def _query_inflected_key(self, key: str, name: str) -> str:
        """The key of a Cyrillic name's nominative form (geo.lang.morphology) when the name as written
        is no known place of note: a tiny village's alternate name must not hide "Харкова"; a place of
        note wins over a village ("Курской" is Kursk Oblast, not the hamlet Kurskaya)."""

        def notable(k: str, kinds: tuple[PlaceKind, ...] = ()) -> bool:
            if kinds:
                return any(p.kind in kinds for p in self._by_key(k, 5))
            return any(p.kind not in (PlaceKind.SETTLEMENT, PlaceKind.DISTRICT) or p.population >= _INFLECTED_MIN_POP
                       for p in self._by_key(k, 5))

        if notable(key):
            return key
        from geo.lang.morphology import is_adjective, name_forms, region_forms

        word = name.strip()
        # A lone adjective ("Курской" of "в Курской и Белгородской областях") is the region it names.
        if " " not in word and is_adjective(word):
            for form in region_forms(word):
                if notable(name_key(form), (PlaceKind.REGION,)):
                    return name_key(form)
        fallback = key if self._by_key(key, 1) else ""
        best, best_pop = "", -1
        for form in name_forms(name)[1:]:
            other = name_key(form)
            if other != key and notable(other):
                # Of the readings that name a place of note, the largest: "Миколаєві" is Mykolaiv, though
                # a guess of the analyser also reads it as a Mykolaivka.
                pop = max(p.population for p in self._by_key(other, 5))
                if pop > best_pop:
                    best, best_pop = other, pop
            if not fallback and self._by_key(other, 1):
                fallback = other
        if best:
            return best
        return fallback or key

    def lookup_fuzzy(self, name: str, *, limit: int = 50) -> list[tuple[Place, str]]:
        """Exact matches as (place, 'exact'), or (place, 'alternate') where the name is only one of the
        place's GeoNames alternate names (a village once called "Paris"); if none, matches of
        variant_keys as (place, 'variant:<key>')."""
        return list(self._fuzzy(self._key_of(name), limit))

    def _query_fuzzy(self, key: str, limit: int) -> tuple[tuple[Place, str], ...]:
        exact = self._by_key_how(key, limit)
        if exact:
            return tuple((p, "alternate" if alt else "exact") for p, alt in exact)
        out: list[tuple[Place, str]] = []
        seen: set[int] = set()
        for v in variant_keys(key):
            for p in self._by_key(v, limit):
                if p.id not in seen:
                    seen.add(p.id)
                    out.append((p, f"variant:{v}"))
            if len(out) >= limit:
                break
        return tuple(out[:limit])

    def get(self, place_id: int) -> Place | None:
        return self._place_by_id(int(place_id))

    def _query_place(self, place_id: int) -> Place | None:
        row = self._con().execute(f"SELECT {_COLS} FROM places p WHERE p.id = ?", (place_id,)).fetchone()
        return _place(row) if row else None

    def country(self, iso2: str) -> Place | None:
        pid = self._country_ids.get((iso2 or "").upper())
        return self.get(pid) if pid else None

    def continent(self, code: str) -> Place | None:
        """Continent by GeoNames code: AF, AS, EU, NA, OC, SA, AN."""
        pid = self._continent_ids.get((code or "").upper())
        return self.get(pid) if pid else None

    def continent_code(self, iso2: str) -> str:
        """GeoNames continent code of a country ('' if unknown)."""
        return self._continent_of.get((iso2 or "").upper(), "")

    def region(self, iso2: str, admin1_code: str) -> Place | None:
        pid = self._region_id((iso2 or "").upper(), admin1_code)
        return self.get(pid) if pid is not None else None

    def _query_region_id(self, iso2: str, admin1_code: str) -> int | None:
        row = self._con().execute(
            "SELECT place_id FROM regions WHERE country = ? AND admin1_code = ?", (iso2, admin1_code)
        ).fetchone()
        return row[0] if row else None

    def demonym(self, word: str) -> Place | None:
        """The place a demonym or adjective names: 'Russian', 'américains' -> the country; 'Ontarians' -> Ontario."""
        return self._demonym(name_key(word))

    def _query_demonym(self, key: str) -> Place | None:
        row = self._con().execute("SELECT iso2, place_id FROM demonyms WHERE key = ?", (key,)).fetchone()
        if not row:
            return None
        return (self.get(row[1]) if row[1] is not None else None) or self.country(row[0])

    def surface_forms(self, min_population: int = 15000) -> list[str]:
        """Distinct name keys worth searching for in fold(text): every name of a country, continent
        or region, of settlements with population >= min_population, of counties named with their unit
        word, and every alias; minus
        common words (not_places), bare county names ("Polk", "Grant": resolved, never searched for)
        and keys shorter than 3 chars."""
        cached = self._surface_cache.get(min_population)
        if cached is None:
            # "Butler County", "Orleans Parish": a county named with its unit word is a place whatever its size.
            rows = self._con().execute(
                "SELECT DISTINCT key FROM names WHERE (pop >= ? OR key LIKE '% county' OR key LIKE '% parish') "
                "AND source != 'county' AND key NOT IN (SELECT key FROM not_places)",
                (min_population,),
            )
            cached = sorted(k for (k,) in rows if len(k) >= 3)
            self._surface_cache[min_population] = cached
        return list(cached)

    def abbreviation_keys(self) -> frozenset[str]:
        """Keys of names written with a final dot ("Ga.", "W.Va.", "U.S."): the dot belongs to the name."""
        if self._abbreviations is None:
            rows = self._con().execute("SELECT DISTINCT key FROM names WHERE name LIKE '%.'")
            self._abbreviations = frozenset(k for (k,) in rows)
        return self._abbreviations

    def dotted_only_keys(self) -> frozenset[str]:
        """Keys of names only ever written with a final dot ("Miss.", "Ga."): without it, "Miss" is a title."""
        if self._dotted_only is None:
            # Of the few keys written with a dot, those without a dotless name: a look-up by key each
            # (indexed), not a set of every dotless key in the table.
            con = self._con()
            self._dotted_only = frozenset(
                k for k in self.abbreviation_keys()
                if con.execute("SELECT 1 FROM names WHERE key = ? AND name NOT LIKE '%.' LIMIT 1", (k,)).fetchone()
                is None)
        return self._dotted_only

    def is_common_word(self, key: str) -> bool:
        """True when a key is listed in not_places (a common French/English word)."""
        return self._con().execute("SELECT 1 FROM not_places WHERE key = ?", (name_key(key),)).fetchone() is not None

    # -- geometry -----------------------------------------------------------------

    def reverse(self, lat: float, lon: float) -> Place | None:
        """The nearest settlement to a point."""
        con = self._con()
        best: tuple[float, tuple] | None = None
        for d in (0.1, 0.5, 2.0, 8.0, 30.0, 180.0):
            dlon = min(360.0, d / max(0.05, math.cos(math.radians(min(89.0, abs(lat))))))
            ids = [
                r[0]
                for r in con.execute(
                    "SELECT id FROM settlements_rtree WHERE min_lat <= ? AND max_lat >= ? AND min_lon <= ? AND max_lon >= ?",
                    (lat + d, lat - d, lon + dlon, lon - dlon),
                )
            ]
            for chunk in range(0, len(ids), 900):
                part = ids[chunk : chunk + 900]
                for r in con.execute(f"SELECT {_COLS} FROM places p WHERE p.id IN ({','.join('?' * len(part))})", part):
                    dist = haversine_km(lat, lon, r[3], r[4])
                    if best is None or dist < best[0]:
                        best = (dist, r)
            # Trust the box only when the nearest point found lies inside its inscribed circle.
            if best and best[0] <= d * 111.0:
                break
        return _place(best[1]) if best else None

    def contains(self, outer: Place, inner: Place) -> bool:
        """Whether ``inner`` lies in ``outer`` (by country, admin-1 code, continent; districts by nearest centre)."""
        if outer.id == inner.id:
            return True
        ok, ik = outer.kind, inner.kind
        if ok is PlaceKind.CONTINENT:
            if ik is PlaceKind.CONTINENT:
                return False
            code = self._continent_code.get(outer.id, "")
            return bool(code) and self._continent_of.get(inner.country) == code
        if ok is PlaceKind.COUNTRY:
            return ik not in (PlaceKind.CONTINENT, PlaceKind.COUNTRY) and inner.country == outer.country
        if ok is PlaceKind.REGION:
            return (
                ik in (PlaceKind.DISTRICT, PlaceKind.SETTLEMENT)
                and inner.country == outer.country
                and bool(outer.admin1_code)
                and inner.admin1_code == outer.admin1_code
            )
        if ok is PlaceKind.DISTRICT:
            if ik is not PlaceKind.SETTLEMENT or inner.country != outer.country or inner.admin1_code != outer.admin1_code:
                return False
            rows = self._con().execute(
                "SELECT id, lat, lon FROM places WHERE kind = 'district' AND country = ? AND admin1_code = ?",
                (outer.country, outer.admin1_code),
            ).fetchall()
            if not rows:
                return False
            nearest = min(rows, key=lambda r: haversine_km(inner.lat, inner.lon, r[1], r[2]))
            return nearest[0] == outer.id
        return False

    def stats(self) -> dict[str, str]:
        return dict(self._con().execute("SELECT key, value FROM meta"))
