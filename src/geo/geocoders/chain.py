"""Try geocoders in order; an unreachable online geocoder never loses the offline answer.

Online geocoders (geopy's Nominatim, Photon) are wrapped in geopy's RateLimiter and a
persistent SQLite cache keyed by (geocoder name, query).
"""

from __future__ import annotations

import functools
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from geopy.adapters import RequestsAdapter
from geopy.exc import GeocoderServiceError, GeocoderTimedOut, GeocoderUnavailable
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim, Photon
from geopy.location import Location
from geopy.point import Point

from geo.errors import SettingsError
from geo.geocoders.offline import OfflineGazetteer
from geo.settings import DEFAULT_USER_AGENT, value

__all__ = ["GeocoderChain", "SqliteCache", "build_chain", "ALLOWED", "DEFAULT_USER_AGENT"]

from geo.paths import REPO_ROOT

DEFAULT_CACHE = REPO_ROOT / "data" / "geocode-cache.sqlite"
ALLOWED = ("offline", "nominatim", "photon")
_ERRORS = (GeocoderServiceError, GeocoderTimedOut, GeocoderUnavailable)

_MISS = object()


def _to_json(value: Location | list[Location] | None) -> str:
    def one(loc: Location) -> dict[str, Any]:
        return {"address": loc.address, "lat": loc.latitude, "lon": loc.longitude, "raw": loc.raw}

    if value is None:
        return "null"
    if isinstance(value, list):
        return json.dumps([one(v) for v in value], ensure_ascii=False)
    return json.dumps(one(value), ensure_ascii=False)


def _from_json(text: str) -> Location | list[Location] | None:
    data = json.loads(text)

    def one(d: dict[str, Any]) -> Location:
        return Location(d["address"], Point(d["lat"], d["lon"]), d["raw"])

    if data is None:
        return None
    if isinstance(data, list):
        return [one(d) for d in data]
    return one(data)


class SqliteCache:
    """A persistent cache of geocoder answers: table geocode_cache(geocoder, query) -> JSON."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._con = sqlite3.connect(self.path, check_same_thread=False, timeout=10)
        with self._lock:
            self._con.execute(
                "CREATE TABLE IF NOT EXISTS geocode_cache (geocoder TEXT NOT NULL, query TEXT NOT NULL, "
                "value TEXT NOT NULL, created REAL NOT NULL, PRIMARY KEY (geocoder, query))"
            )
            self._con.commit()

    def get(self, geocoder: str, query: str) -> Any:
        """The cached answer (which may be None for 'nothing found'), or the sentinel SqliteCache.MISS."""
        with self._lock:
            row = self._con.execute(
                "SELECT value FROM geocode_cache WHERE geocoder = ? AND query = ?", (geocoder, query)
            ).fetchone()
        return _from_json(row[0]) if row else _MISS

    def set(self, geocoder: str, query: str, value: Location | list[Location] | None) -> None:
        with self._lock:
            self._con.execute(
                "INSERT OR REPLACE INTO geocode_cache VALUES (?, ?, ?, ?)", (geocoder, query, _to_json(value), time.time())
            )
            self._con.commit()

    def __len__(self) -> int:
        with self._lock:
            return self._con.execute("SELECT count(*) FROM geocode_cache").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._con.close()

    MISS = _MISS


class GeocoderChain:
    """Geocoders tried in order; the first non-empty answer wins.

    ``geocoders`` is a sequence of (name, geopy geocoder). Every geocoder that is not an
    OfflineGazetteer is treated as online: rate-limited (geopy RateLimiter, no retries),
    cached in ``cache`` if given, and its geopy service errors (timeouts, unavailable,
    HTTP errors) are recorded in ``failures`` as (name, message) and skipped.
    """

    def __init__(
        self,
        geocoders: Sequence[tuple[str, Any]],
        *,
        cache: SqliteCache | None = None,
        min_delay_seconds: float = 1.0,
    ) -> None:
        self.geocoders = list(geocoders)
        self.cache = cache
        self.failures: list[tuple[str, str]] = []
        self._geocode: dict[str, Callable[..., Any]] = {}
        self._reverse: dict[str, Callable[..., Any]] = {}
        for name, gc in self.geocoders:
            if self._is_online(gc):
                self._geocode[name] = RateLimiter(
                    gc.geocode, min_delay_seconds=min_delay_seconds, max_retries=0, swallow_exceptions=False
                )
                self._reverse[name] = RateLimiter(
                    gc.reverse, min_delay_seconds=min_delay_seconds, max_retries=0, swallow_exceptions=False
                )
            else:
                self._geocode[name] = gc.geocode
                self._reverse[name] = gc.reverse

    @staticmethod
    def _is_online(gc: Any) -> bool:
        return not isinstance(gc, OfflineGazetteer)

    @property
    def names(self) -> list[str]:
        return [n for n, _ in self.geocoders]

    def _call(self, name: str, gc: Any, fn: Callable[..., Any], cache_key: str, kwargs: dict[str, Any]) -> Any:
        online = self._is_online(gc)
        if online and self.cache is not None:
            hit = self.cache.get(name, cache_key)
            if hit is not _MISS:
                return hit
        try:
            result = fn(**kwargs)
        except _ERRORS as exc:
            self.failures.append((name, f"{type(exc).__name__}: {exc}"))
            return _MISS
        if online and self.cache is not None:
            self.cache.set(name, cache_key, result)
        return result

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        limit: int | None = None,
        country_codes: str | Sequence[str] | None = None,
    ) -> Location | list[Location] | None:
        """First non-empty answer of the geocoders, in order (geopy conventions)."""
        for name, gc in self.geocoders:
            kwargs: dict[str, Any] = {"query": query, "exactly_one": exactly_one}
            if limit is not None:
                kwargs["limit"] = limit
            if country_codes and not isinstance(gc, Photon):
                kwargs["country_codes"] = country_codes
            key = json.dumps(
                ["geocode", query, exactly_one, limit, sorted([country_codes] if isinstance(country_codes, str) else country_codes or [])],
                ensure_ascii=False,
            )
            result = self._call(name, gc, self._geocode[name], key, kwargs)
            if result is not _MISS and result:
                return result
        return None

    def reverse(self, query: Any, *, exactly_one: bool = True) -> Location | list[Location] | None:
        """First non-empty reverse-geocoding answer."""
        point = Point(query)
        key = json.dumps(["reverse", round(point.latitude, 6), round(point.longitude, 6), exactly_one])
        for name, gc in self.geocoders:
            result = self._call(name, gc, self._reverse[name], key, {"query": point, "exactly_one": exactly_one})
            if result is not _MISS and result:
                return result
        return None


def _server(url: str) -> tuple[str, str]:
    """A checked server URL as geopy wants it: scheme, and host plus path."""
    parsed = urlparse(url)
    return parsed.scheme, parsed.netloc + parsed.path.rstrip("/")


def build_chain(settings: Mapping[str, str]) -> GeocoderChain:
    """Build the geocoder chain from settings (e.g. os.environ).

    GEO_GEOCODERS       comma list of offline, nominatim, photon (default "offline")
    GEO_NOMINATIM_URL   scheme + domain of a Nominatim server (default the public one)
    GEO_PHOTON_URL      scheme + domain of a Photon server (default the public one)
    GEO_GEOCODER_TIMEOUT  seconds (default 5)
    GEO_GEOCODER_CACHE  SQLite cache path (default data/geocode-cache.sqlite)
    GEO_GEOCODER_MIN_DELAY  seconds between calls to one online geocoder (default 1)
    GEO_USER_AGENT      HTTP User-Agent for online geocoders
    GEO_GAZETTEER       the offline gazetteer file
    Bad values raise SettingsError naming the variable.
    """
    names = value("GEO_GEOCODERS", settings)
    if not names:
        raise SettingsError("GEO_GEOCODERS is empty: give a comma list of offline, nominatim, photon")
    for n in names:
        if n not in ALLOWED:
            raise SettingsError(f"GEO_GEOCODERS: unknown geocoder {n!r} (allowed: {', '.join(ALLOWED)})")
    if len(set(names)) != len(names):
        raise SettingsError(f"GEO_GEOCODERS lists a geocoder twice: {settings.get('GEO_GEOCODERS')!r}")
    timeout = value("GEO_GEOCODER_TIMEOUT", settings)
    min_delay = value("GEO_GEOCODER_MIN_DELAY", settings)
    user_agent = value("GEO_USER_AGENT", settings) or DEFAULT_USER_AGENT
    # One HTTP attempt per query: a dead server costs one timeout, not three.
    adapter = functools.partial(RequestsAdapter, max_retries=0)
    geocoders: list[tuple[str, Any]] = []
    for n in names:
        if n == "offline":
            geocoders.append((n, OfflineGazetteer(path=value("GEO_GAZETTEER", settings))))
        elif n == "nominatim":
            scheme, domain = _server(value("GEO_NOMINATIM_URL", settings))
            geocoders.append((n, Nominatim(domain=domain, scheme=scheme, timeout=timeout, user_agent=user_agent,
                                               adapter_factory=adapter)))
        elif n == "photon":
            scheme, domain = _server(value("GEO_PHOTON_URL", settings))
            geocoders.append((n, Photon(domain=domain, scheme=scheme, timeout=timeout, user_agent=user_agent,
                                        adapter_factory=adapter)))
    cache = None
    if any(n != "offline" for n in names):
        path = value("GEO_GEOCODER_CACHE", settings) or str(DEFAULT_CACHE)
        try:
            cache = SqliteCache(path)
        except (OSError, sqlite3.Error) as exc:
            raise SettingsError(f"GEO_GEOCODER_CACHE: cannot open {path!r}: {exc}") from exc
    return GeocoderChain(geocoders, cache=cache, min_delay_seconds=min_delay)
