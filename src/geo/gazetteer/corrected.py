"""What reviewers taught: a name they corrected resolves to the place they chose, in every later article."""

from __future__ import annotations

import os
import zlib
from typing import Any, Callable, Union

from geo.lang.names import name_key
from geo.model import Place, PlaceKind
from geo.store.db import Store, db_path

_KIND = {"facility": PlaceKind.SETTLEMENT, "settlement": PlaceKind.SETTLEMENT, "district": PlaceKind.DISTRICT,
         "region": PlaceKind.REGION, "country": PlaceKind.COUNTRY, "area": PlaceKind.AREA,
         "continent": PlaceKind.CONTINENT}


def point_id(lat: float, lon: float) -> int:
    """A stable negative id for a point no gazetteer holds (a reviewer's click, an online geocoder's answer)."""
    return -(zlib.crc32(f"{lat:.5f},{lon:.5f}".encode()) + 1)


def alias_place(record: dict[str, Any], gazetteer: Any = None) -> Place:
    """The Place an alias record stands for: the gazetteer's own entry when it has the id, else one made up."""
    lat, lon = float(record["lat"]), float(record["lon"])
    place_id = int(record.get("place_id") or 0) or point_id(lat, lon)
    known = gazetteer.get(place_id) if gazetteer is not None else None
    if known is not None and abs(known.lat - lat) < 0.01 and abs(known.lon - lon) < 0.01:
        return known
    kind = _KIND.get(record.get("precision") or "", PlaceKind.SETTLEMENT)
    return Place(place_id, record.get("place") or record.get("name") or "", record.get("country") or "", lat, lon,
                 kind, admin1=record.get("admin1") or "")


StoreSource = Union[Store, str, "os.PathLike[str]", Callable[[], Any], None]


class CorrectedPlaces:
    """The gazetteer, with every name a reviewer corrected resolving to the place chosen for it (how='alias').

    Stands wherever the pipeline takes a gazetteer; what it does not override goes to the gazetteer.
    ``store``: a Store; or a database path, or a function giving one (pages pass geo.store.db.db_path, so that
    the shared pipeline follows $GEO_DB with a connection of its own); or None (the plain gazetteer)."""

    def __init__(self, gazetteer: Any, store: StoreSource = None) -> None:
        self.gazetteer = gazetteer
        self._store = store
        self._own: Store | None = None
        self._version: tuple[Any, ...] | None = None
        self._aliases: dict[str, Place] = {}

    def use(self, store: StoreSource) -> None:
        """Learn from another store's corrections from now on."""
        self._store, self._version = store, None

    def store(self) -> Store | None:
        """The store whose corrections count now."""
        source = self._store
        if callable(source) and not isinstance(source, Store):
            source = source()
        if source is None or isinstance(source, Store):
            return source
        path = db_path(source)  # a SQLite file's Path, or a database URL
        if self._own is None or self._own.path != path:
            if self._own is not None:
                self._own.close()
            self._own = Store(path)
        return self._own

    def aliases(self) -> dict[str, Place]:
        """Name key → corrected place, reloaded whenever the store has changed."""
        store = self.store()
        if store is None:
            return {}
        version = (id(store), store.aliases_version, store.data_version())
        if version != self._version:
            self._aliases = {key: alias_place(rec, self.gazetteer) for key, rec in store.place_aliases().items()}
            self._version = version
        return self._aliases

    def lookup(self, name: str, *, limit: int = 50) -> list[Place]:
        """The corrected place alone for a corrected name; else the gazetteer's places."""
        place = self.aliases().get(name_key(name))
        return [place] if place is not None else self.gazetteer.lookup(name, limit=limit)

    def lookup_fuzzy(self, name: str, *, limit: int = 50) -> list[tuple[Place, str]]:
        """[(corrected place, 'alias')] for a corrected name; else the gazetteer's exact or variant matches."""
        place = self.aliases().get(name_key(name))
        return [(place, "alias")] if place is not None else self.gazetteer.lookup_fuzzy(name, limit=limit)

    def demonym(self, word: str) -> Place | None:
        """No nationality reading for a corrected name: the reviewer said which place it is."""
        return None if name_key(word) in self.aliases() else self.gazetteer.demonym(word)

    def surface_forms(self, min_population: int = 15000) -> list[str]:
        """The gazetteer's searchable names plus every corrected one (so the matcher finds them too)."""
        forms = self.gazetteer.surface_forms(min_population)
        extra = sorted(k for k in self.aliases() if len(k) >= 3 and k not in set(forms))
        return forms + extra

    def abbreviation_keys(self) -> frozenset[str]:
        """As the gazetteer's."""
        return self.gazetteer.abbreviation_keys()

    def __getattr__(self, name: str) -> Any:
        # Everything else (get, country, region, contains, reverse…) is the gazetteer's own.
        return getattr(self.gazetteer, name)
