"""The events-per-day histogram as plain HTML bars (pure): no chart library to load, drawn at once."""

from __future__ import annotations

import datetime as dt
import html
import math

import pandas as pd

from geo.ui.mapview import TYPE_STYLE, TYPES

MAX_COLUMNS = 120  # more days than this are grouped into bins of several days
HEIGHT_PX = 56


def _label(day: dt.date) -> str:
    return day.strftime("%d %b %Y").lstrip("0")


def histogram_html(days: pd.DataFrame, window: tuple[dt.date, dt.date],
                   chosen: tuple[dt.date | None, dt.date | None] = (None, None)) -> str:
    """Stacked bars of events per day (or per bin of days) by type over `window`; bins inside the chosen
    range in full colour, the others faded. `days` has columns date (datetime), type, events."""
    start, end = window
    span = (end - start).days + 1
    width = max(1, math.ceil(span / MAX_COLUMNS))  # days per bin
    bins = math.ceil(span / width)
    counts = [[0] * len(TYPES) for _ in range(bins)]
    for date, kind, n in days[["date", "type", "events"]].itertuples(index=False):
        offset = (pd.Timestamp(date).date() - start).days
        if 0 <= offset < span and kind in TYPES:
            counts[offset // width][TYPES.index(kind)] += int(n)
    top = max((sum(c) for c in counts), default=0) or 1
    lo, hi = chosen[0] or start, chosen[1] or end
    columns = []
    for b, per_type in enumerate(counts):
        first = start + dt.timedelta(days=b * width)
        last = min(end, first + dt.timedelta(days=width - 1))
        inside = first <= hi and last >= lo
        when = _label(first) if width == 1 else f"{_label(first)} – {_label(last)}"
        parts = ", ".join(f"{n} {t}" for t, n in zip(TYPES, per_type) if n)
        total = sum(per_type)
        title = html.escape(f"{when}: {total} event{'' if total == 1 else 's'}" + (f" ({parts})" if parts else ""))
        stack = "".join(
            f"<div style='height:{n / top * HEIGHT_PX:.1f}px;background:{TYPE_STYLE[t]['color']}'></div>"
            for t, n in zip(TYPES, per_type) if n)
        columns.append(f"<div class='ge-bin' title='{title}' style='opacity:{1 if inside else 0.22}'>{stack}</div>")
    step = f"per {width} days" if width > 1 else "per day"
    return (
        "<div class='ge-hist'>"
        f"<div class='ge-bars' style='height:{HEIGHT_PX}px'>{''.join(columns)}</div>"
        f"<div class='ge-axis'><span>{_label(start)}</span><span>max {top:,} events {step}</span>"
        f"<span>{_label(end)}</span></div></div>"
    )


HISTOGRAM_CSS = """<style>
.ge-hist { margin: -.4rem 0 .3rem 0; }
.ge-bars { display: flex; align-items: flex-end; gap: 1px; border-bottom: 1px solid #bbb; }
.ge-bin { flex: 1 1 0; display: flex; flex-direction: column-reverse; min-width: 1px; }
.ge-bin:hover { outline: 1px solid #333; }
.ge-axis { display: flex; justify-content: space-between; font-size: .72rem; color: #666; }
</style>"""
