"""Which events to read: one set of filters, turned into SQL conditions the database evaluates (any dialect)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import ColumnElement, and_, func, or_, select

from geo.store.tables import event_sources, events

HAPPENING_STATUSES = ("reported", "background", "planned")  # as geo.ui.view.STATUSES (#11)


@dataclass(frozen=True)
class EventFilter:
    """The dashboard's and the CLI's filters; an empty field filters nothing.

    bbox: (south, west, north, east) in degrees. q: words to find in place, sentence, headline or actors
    (case-insensitive; on SQLite only ASCII letters fold case); places: place names q also finds (the
    dashboard's search in any language). statuses: the happening's statuses to keep (reported, background,
    planned); a stored status that is none of them (automatic, corrected…) counts as reported.
    Rejected events are never shown."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    types: Sequence[str] = ()
    countries: Sequence[str] = ()
    articles: Sequence[str] = ()
    min_conf: float = 0.0
    min_sources: int = 1
    bbox: tuple[float, float, float, float] | None = None
    q: str = ""
    places: Sequence[str] = ()
    statuses: Sequence[str] = ()
    undated: bool = False  # with a date range, keep the undated events too (they have no date to leave out)

    def conditions(self) -> list[ColumnElement[bool]]:
        """The WHERE clauses (ANDed) over the events table."""
        e = events.c
        where: list[ColumnElement[bool]] = [e.status != "rejected"]
        dated = []
        if self.date_from:
            dated.append(e.date >= self.date_from.isoformat())
        if self.date_to:
            dated.append(e.date <= self.date_to.isoformat())
        if dated and self.undated:
            where.append(or_(e.date.is_(None), and_(*dated)))
        else:
            where += dated
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
            found = [e.place.ilike(pattern), e.sentence.ilike(pattern), e.headline.ilike(pattern),
                     e.actors.ilike(pattern)]
            if self.places:
                found.append(e.place.in_(list(self.places)))
            where.append(or_(*found))
        if self.statuses:
            kept = [e.status.in_(list(self.statuses))]
            if "reported" in self.statuses:
                kept.append(e.status.not_in(list(HAPPENING_STATUSES)))
            where.append(or_(*kept))
        return where
