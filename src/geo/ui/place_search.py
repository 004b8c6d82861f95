"""Sidebar search by any name of a place: "Харків", "Kharkov", "Харькове" all find Kharkiv's events.

Events are stored under the gazetteer's main name of their place ("Kharkiv"); a reader may type the
name in Russian, Ukrainian, an old spelling or a case form. ``place_names`` turns the query into the
main names of the places it names (the gazetteer's look-up reads case forms back to the nominative),
so the page can match them against the events' place column beside its free-text search.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["place_names"]

# Settlements smaller than this are no answer to a search typed by a reader (villages share big names).
_MIN_POPULATION = 1_000


class _Names(Protocol):
    def lookup(self, name: str, *, limit: int = 50) -> list: ...


def place_names(query: str, gazetteer: _Names, *, limit: int = 5) -> list[str]:
    """The main names of the notable places ``query`` names in any language, largest first; [] if none."""
    query = " ".join(query.split())
    if len(query) < 2:
        return []
    places = [p for p in gazetteer.lookup(query, limit=20)
              if p.kind.value != "settlement" or p.population >= _MIN_POPULATION]
    places.sort(key=lambda p: -p.population)
    return list(dict.fromkeys(p.name for p in places))[:limit]
