"""The one rule for "two reports are one happening", used by the parser (within an article, geo.parse.events)
and by the store (across articles, geo.store.db): same type, places at town precision or finer a few km apart,
days no more than one apart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from geo.geodesy import haversine_km
from geo.model import DateInfo, Precision

__all__ = ["MERGE_DAYS", "MERGE_KM", "MERGE_PRECISIONS", "Report", "day_of", "days_agree", "same_happening"]

MERGE_KM = 15.0  # two reports of one happening name places this close (a town and its oil depot, the White House)
MERGE_DAYS = 1
# Only points that stand for a town or less are compared: two strikes "in Ukraine" on one day are not one.
MERGE_PRECISIONS = (Precision.FACILITY.value, Precision.SETTLEMENT.value, Precision.DISTRICT.value)


@dataclass(frozen=True, slots=True)
class Report:
    """What the rule compares of one report of a happening."""

    type: str
    precision: str
    lat: float
    lon: float
    day: dt.date | None  # None: the report states no day of its own (only its publication date)


def day_of(date: DateInfo | None) -> dt.date | None:
    """The day a parsed date states, or None when it is the publication date (or absent): no evidence."""
    return None if date is None or date.how == "publication" else date.date


def days_agree(a: dt.date | None, b: dt.date | None) -> bool:
    """Days at most MERGE_DAYS apart; a report without a day of its own agrees with any."""
    return a is None or b is None or abs((a - b).days) <= MERGE_DAYS


def same_happening(a: Report, b: Report, km: float = MERGE_KM) -> bool:
    """Whether two reports are one happening: same type, both at town precision or finer, within ``km``,
    days agreeing."""
    return (a.type == b.type and a.precision in MERGE_PRECISIONS and b.precision in MERGE_PRECISIONS
            and days_agree(a.day, b.day) and haversine_km(a.lat, a.lon, b.lat, b.lon) <= km)
