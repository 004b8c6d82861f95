"""Settings for bringing articles in (URLs, feeds): each with a default and a help text, read from the environment."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Mapping

from geo.errors import SettingsError

DEFAULT_USER_AGENT = "geo-events/0.1 (newsroom geoparser)"

# name → (default, help). README's configuration table lists the same names.
SETTINGS: dict[str, tuple[str, str]] = {
    "GEO_ALLOW_PRIVATE_HOSTS": ("0", "1 lets URLs and feeds reach private, loopback and link-local addresses "
                                     "(an intranet, tests); off by default"),
    "GEO_FETCH_TIMEOUT": ("10", "seconds a page or feed may take to arrive, in all"),
    "GEO_FETCH_MAX_BYTES": ("10000000", "largest page or feed read, in bytes; a larger one is refused unread"),
    "GEO_FEED_MAX_ITEMS": ("200", "most items read from one feed per update"),
    "GEO_USER_AGENT": (DEFAULT_USER_AGENT, "HTTP User-Agent for pages, feeds and online geocoders"),
}
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


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
        env = os.environ if env is None else env
        return cls(
            allow_private=_flag(env, "GEO_ALLOW_PRIVATE_HOSTS"),
            timeout=_number(env, "GEO_FETCH_TIMEOUT", float),
            max_bytes=int(_number(env, "GEO_FETCH_MAX_BYTES", int)),
            max_items=int(_number(env, "GEO_FEED_MAX_ITEMS", int)),
            user_agent=_value(env, "GEO_USER_AGENT") or DEFAULT_USER_AGENT,
        )


def _value(env: Mapping[str, str], name: str) -> str:
    raw = env.get(name)
    return (SETTINGS[name][0] if raw is None else raw).strip()


def _flag(env: Mapping[str, str], name: str) -> bool:
    raw = _value(env, name).lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise SettingsError(f"{name} must be 1 or 0 (got {env.get(name)!r}): {SETTINGS[name][1]}")


def _number(env: Mapping[str, str], name: str, kind: type) -> float:
    raw = _value(env, name)
    try:
        value = kind(raw)
    except ValueError:
        value = math.nan
    if not value > 0 or math.isinf(value):
        raise SettingsError(f"{name} must be a positive {'whole ' if kind is int else ''}number (got {raw!r}): "
                            f"{SETTINGS[name][1]}")
    return value
