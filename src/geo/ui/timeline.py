"""The timeline (pure): where the events are dense, what lies outside that, and the histogram as plain HTML bars
(no chart library to load, drawn at once), per day, week or month depending on the span."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.ui.i18n import Translator
from geo.ui.mapview import TYPE_STYLE, TYPES

HEIGHT_PX = 56
DAY_SPAN = 120  # up to this many days, one bar per day
WEEK_SPAN = 730  # up to this many days, one bar per week; beyond, per month
FENCE = 3.0  # events further than FENCE × the inter-quartile range from the middle half are far outliers
MIN_SPREAD_DAYS = 7  # a middle half narrower than this still lets a week either side count as dense


def dense_range(dates: pd.Series) -> tuple[dt.date, dt.date] | None:
    """The dates where the events are: the middle half widened by FENCE × its width (at least a week), shrunk
    to the first and last event inside. None when no event has a date."""
    values = pd.to_datetime(pd.Series(dates).dropna(), errors="coerce").dropna()
    if values.empty:
        return None
    return _dense(values.map(pd.Timestamp.toordinal).astype("int64"))


def _dense(days: pd.Series) -> tuple[dt.date, dt.date]:
    q1, q3 = days.quantile(0.25), days.quantile(0.75)
    spread = max(q3 - q1, MIN_SPREAD_DAYS)
    inside = days[(days >= q1 - FENCE * spread) & (days <= q3 + FENCE * spread)]
    return dt.date.fromordinal(int(inside.min())), dt.date.fromordinal(int(inside.max()))


def outside(dates: pd.Series, lo: dt.date, hi: dt.date) -> tuple[int, int]:
    """How many dated events fall before `lo` and after `hi`."""
    values = pd.Series(dates).dropna().astype(str).str[:10]
    return int((values < lo.isoformat()).sum()), int((values > hi.isoformat()).sum())


def unit_for(start: dt.date, end: dt.date) -> str:
    """One bar per day over weeks, per week over months, per month over years."""
    span = (end - start).days + 1
    return "day" if span <= DAY_SPAN else "week" if span <= WEEK_SPAN else "month"


def _bin_start(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _next(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day + dt.timedelta(days=7)
    if unit == "month":
        return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return day + dt.timedelta(days=1)


@dataclass(frozen=True)
class Bin:
    """One bar: its first and last day and the events of each type in it."""

    first: dt.date
    last: dt.date
    counts: tuple[int, ...]


def bins(days: pd.DataFrame, window: tuple[dt.date, dt.date], unit: str) -> list[Bin]:
    """Events per bin of `unit` over `window` (days has columns date, type, events)."""
    start, end = window
    edges = [_bin_start(start, unit)]
    while _next(edges[-1], unit) <= end:
        edges.append(_next(edges[-1], unit))
    index = {edge: n for n, edge in enumerate(edges)}
    counts = [[0] * len(TYPES) for _ in edges]
    for date, kind, n in days[["date", "type", "events"]].itertuples(index=False):
        day = pd.Timestamp(date).date()
        if start <= day <= end and kind in TYPES:
            counts[index[_bin_start(day, unit)]][TYPES.index(kind)] += int(n)
    return [Bin(max(edge, start), min(_next(edge, unit) - dt.timedelta(days=1), end), tuple(c))
            for edge, c in zip(edges, counts)]




def histogram_html(days: pd.DataFrame, window: tuple[dt.date, dt.date],
                   chosen: tuple[dt.date | None, dt.date | None], tr: Translator) -> str:
    """Stacked bars of events by type over `window`, one per day, week or month; bars inside the chosen range
    in full colour, the others faded."""
    start, end = window
    unit = unit_for(start, end)
    bars = bins(days, window, unit)
    top = max((sum(b.counts) for b in bars), default=0) or 1
    lo, hi = chosen[0] or start, chosen[1] or end
    columns = []
    for b in bars:
        inside = b.first <= hi and b.last >= lo
        when = tr.date(b.first) if b.first == b.last else f"{tr.date(b.first)} – {tr.date(b.last)}"
        parts = tr.join(f"{tr.num(n)} {tr.type(t)}" for t, n in zip(TYPES, b.counts) if n)
        total = sum(b.counts)
        title = html.escape(tr.n("{when}: {count} event", "{when}: {count} events", total, when=when)
                            + (f" ({parts})" if parts else ""))
        stack = "".join(
            f"<div style='height:{n / top * HEIGHT_PX:.1f}px;background:{TYPE_STYLE[t]['color']}'></div>"
            for t, n in zip(TYPES, b.counts) if n)
        columns.append(f"<div class='ge-bin' title='{title}' style='opacity:{1 if inside else 0.22}'>{stack}</div>")
    per = {"day": tr("per day"), "week": tr("per week"), "month": tr("per month")}[unit]
    scale = tr.n("max {count} event {per}", "max {count} events {per}", top, per=per)
    return (
        "<div class='ge-hist'>"
        f"<div class='ge-bars' style='height:{HEIGHT_PX}px'>{''.join(columns)}</div>"
        f"<div class='ge-axis'><span>{html.escape(tr.date(start))}</span><span>{html.escape(scale)}</span>"
        f"<span>{html.escape(tr.date(end))}</span></div></div>"
    )


HISTOGRAM_CSS = """<style>
.ge-hist { margin: -.4rem 0 .3rem 0; }
.ge-bars { display: flex; align-items: flex-end; gap: 1px; border-bottom: 1px solid #bbb; }
.ge-bin { flex: 1 1 0; display: flex; flex-direction: column-reverse; min-width: 1px; }
.ge-bin:hover { outline: 1px solid #333; }
.ge-axis { display: flex; justify-content: space-between; font-size: .72rem; color: #666; }
</style>"""


def within(df: pd.DataFrame, lo: dt.date, hi: dt.date) -> pd.DataFrame:
    """The events dated from `lo` to `hi`, and the undated ones (they have no place on the timeline to hide)."""
    dates = df["date"]
    keep = dates.isna() | ((dates >= lo.isoformat()) & (dates <= hi.isoformat() + "\uffff"))
    return df if keep.all() else df[keep]


def dense_range_of_counts(days: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    """dense_range() from events per day (columns date, events, as the database counts them), not one row per
    event: the same answer, from a few hundred rows instead of a million."""
    if days.empty:
        return None
    per_day = days.groupby("date")["events"].sum()
    when = pd.to_datetime(pd.Series(per_day.index), errors="coerce")
    ok = when.notna().to_numpy()
    if not ok.any():
        return None
    ordinals = when[ok].map(pd.Timestamp.toordinal).astype("int64").to_numpy()
    return _dense(pd.Series(np.repeat(ordinals, per_day.to_numpy()[ok])))


def outside_counts(days: pd.DataFrame, lo: dt.date, hi: dt.date) -> tuple[int, int]:
    """outside() from events per day (columns date, events)."""
    days = days[days["date"].notna()]
    if days.empty:
        return 0, 0
    dates = days["date"].astype(str).str[:10]
    return (int(days.loc[dates < lo.isoformat(), "events"].sum()),
            int(days.loc[dates > hi.isoformat(), "events"].sum()))
