"""Which events to read: one set of filters, turned into SQL conditions the database evaluates (any dialect)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import ColumnElement, and_, func, or_, select

from geo.store.tables import event_sources, events


@dataclass(frozen=True)
class EventFilter:
    """The dashboard's and the CLI's filters; an empty field filters nothing.

    bbox: (south, west, north, east) in degrees. q: words to find in place, sentence, headline or actors
    (case-insensitive; on SQLite only ASCII letters fold case). Rejected events are never shown."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    types: Sequence[str] = ()
    countries: Sequence[str] = ()
    articles: Sequence[str] = ()
    min_conf: float = 0.0
    min_sources: int = 1
    bbox: tuple[float, float, float, float] | None = None
    q: str = ""

    def conditions(self) -> list[ColumnElement[bool]]:
        """The WHERE clauses (ANDed) over the events table."""
        e = events.c
        where: list[ColumnElement[bool]] = [e.status != "rejected"]
        if self.date_from:
            where.append(e.date >= self.date_from.isoformat())
        if self.date_to:
            where.append(e.date <= self.date_to.isoformat())
        if self.types:
            where.append(e.type.in_(list(self.types)))
        if self.countries:
            where.append(e.country.in_(list(self.countries)))
        if self.articles:
            wanted = list(self.articles)
            where.append(or_(e.article_id.in_(wanted), e.id.in_(
                select(event_sources.c.event_id).where(event_sources.c.article_id.in_(wanted)))))
        if self.min_conf:
            where.append(e.confidence >= float(self.min_conf))
        if self.min_sources > 1:
            count = (select(func.count()).select_from(event_sources)
                     .where(event_sources.c.event_id == e.id).scalar_subquery())
            where.append(count >= int(self.min_sources))
        if self.bbox is not None:
            south, west, north, east = self.bbox
            lon = e.lon.between(west, east) if west <= east else or_(e.lon >= west, e.lon <= east)
            where.append(and_(e.lat.between(south, north), lon))
        if self.q.strip():
            pattern = f"%{self.q.strip()}%"
            where.append(or_(e.place.ilike(pattern), e.sentence.ilike(pattern), e.headline.ilike(pattern),
                             e.actors.ilike(pattern)))
        return where
