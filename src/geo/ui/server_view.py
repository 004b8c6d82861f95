"""The page's view as questions the database answers (pure): a ViewState becomes an EventFilter, the map's zoom a
grid cell size, the database's per-day counts the timeline's rows. Used when the store is too big to hold in a
DataFrame (#13 point 5): filters, counts, histogram and map grid are computed by SQL (geo.store.query)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Mapping, Sequence

import pandas as pd

from geo.store.filters import EventFilter
from geo.ui.view import DEFAULT_STATUSES, STATUSES, ViewState

GRID_CELLS_PER_TILE = 4  # grid cells across one 256 px map tile: a cell is 64 px, room for its count badge
MAX_CELLS = 5_000  # the most grid cells sent to the browser (busiest first)


def event_filter(view: ViewState, places: Sequence[str] = (),
                 default_range: tuple[dt.date, dt.date] | None = None, *, dates: bool = True,
                 bbox: tuple[float, float, float, float] | None = None) -> EventFilter:
    """The filters of a view as the database applies them (as geo.ui.view.filter_mask does on a DataFrame).

    With no dates in the view, `default_range` applies and keeps the undated events (timeline.within);
    dates=False leaves the date range out (the timeline counts what lies outside it)."""
    date_from, date_to, undated = view.date_from, view.date_to, False
    if dates and date_from is None and date_to is None and default_range is not None:
        (date_from, date_to), undated = default_range, True
    if not dates:
        date_from = date_to = None
    statuses = tuple(view.status or DEFAULT_STATUSES)
    return EventFilter(date_from=date_from, date_to=date_to, types=tuple(view.types),
                       countries=tuple(view.countries), articles=tuple(view.articles), min_conf=view.min_conf,
                       bbox=bbox, q=view.q, places=tuple(places) if view.q else (),
                       statuses=() if set(statuses) >= set(STATUSES) else statuses, undated=undated)


def cell_degrees(zoom: int | float | None) -> float:
    """The grid's cell size at a map zoom: GRID_CELLS_PER_TILE cells across a tile (360 / 2**zoom degrees)."""
    z = 2 if zoom is None else max(0, min(int(round(zoom)), 18))
    return 360.0 / (2 ** z * GRID_CELLS_PER_TILE)


def padded(bounds: tuple[float, float, float, float], cell_deg: float,
           pad: float = 0.25) -> tuple[float, float, float, float]:
    """A map view (south, west, north, east) grown by `pad` of its size each way and snapped outward to the grid,
    so that a small pan asks the same question again (a cached answer) and the cells at the edges are whole."""
    south, west, north, east = bounds
    dy, dx = (north - south) * pad, (east - west) * pad
    south = max(math.floor((south - dy) / cell_deg) * cell_deg, -90.0)
    north = min(math.ceil((north + dy) / cell_deg) * cell_deg, 90.0)
    west, east = math.floor((west - dx) / cell_deg) * cell_deg, math.ceil((east + dx) / cell_deg) * cell_deg
    if east - west >= 360:
        return south, -180.0, north, 180.0
    wrap = lambda lon: ((lon + 180.0) % 360.0) - 180.0 if not -180.0 <= lon <= 180.0 else lon  # noqa: E731
    return south, wrap(west), north, wrap(east)


def map_box(state: Mapping[str, Any] | None) -> tuple[tuple[float, float, float, float], float | None] | None:
    """The map's view as streamlit-folium returns it ({"bounds": {"_southWest": {lat, lng}, …}, "zoom"}):
    ((south, west, north, east), zoom), or None before the map has said where it is."""
    try:
        b = (state or {})["bounds"]
        box = (float(b["_southWest"]["lat"]), float(b["_southWest"]["lng"]),
               float(b["_northEast"]["lat"]), float(b["_northEast"]["lng"]))
    except (KeyError, TypeError, ValueError):
        return None
    if not all(math.isfinite(v) for v in box) or box[0] >= box[2] or box[1] >= box[3]:
        return None
    zoom = (state or {}).get("zoom")
    return box, float(zoom) if isinstance(zoom, (int, float)) else None


def histogram_days(days: pd.DataFrame, view: ViewState) -> pd.DataFrame:
    """The database's per-day counts (date, type, events) as geo.ui.view.per_day gives them (in_range marked)."""
    out = days.copy()
    lo = view.date_from.isoformat() if view.date_from else ""
    hi = view.date_to.isoformat() if view.date_to else "9999"
    out["in_range"] = (out["date"] >= lo) & (out["date"] <= hi)
    out["date"] = pd.to_datetime(out["date"], errors="coerce")
    return out[out["date"].notna()].reset_index(drop=True)


def bounds_of_days(days: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    """The first and last day with events (as geo.ui.view.date_bounds), from per-day counts."""
    if days.empty:
        return None
    dates = pd.to_datetime(days["date"], errors="coerce").dropna()
    if dates.empty:
        return None
    return dates.min().date(), dates.max().date()


def cells_fit(cells: Sequence, fence: float = 3.0, far: float = 5.0) -> tuple[float, float, float, float] | None:
    """The box of the bulk of the grid's cells, weighted by their counts (mapview.bulk for a grid)."""
    if not cells:
        return None
    df = pd.DataFrame({"lat": [c.lat for c in cells], "lon": [c.lon for c in cells], "n": [c.count for c in cells]})
    keep = pd.Series(True, index=df.index)
    if df["n"].sum() >= 4:
        for column in ("lat", "lon"):
            ordered = df.sort_values(column)
            cum = ordered["n"].cumsum() / ordered["n"].sum()
            q1 = float(ordered.loc[cum >= 0.25, column].iloc[0])
            q3 = float(ordered.loc[cum >= 0.75, column].iloc[0])
            reach = max(fence * (q3 - q1), far)
            keep &= (df[column] >= q1 - reach) & (df[column] <= q3 + reach)
    inside = df[keep]
    if inside.empty or math.isnan(float(inside["lat"].min())):
        return None
    return (float(inside["lat"].min()), float(inside["lon"].min()),
            float(inside["lat"].max()), float(inside["lon"].max()))


def count_kept(days: pd.DataFrame, where: EventFilter) -> int:
    """How many events `where` keeps, from the per-day counts of the same filter without its dates."""
    if days.empty:
        return 0
    dated = days["date"].notna()
    keep = dated.copy()
    if where.date_from:
        keep &= days["date"].astype(str) >= where.date_from.isoformat()
    if where.date_to:
        keep &= days["date"].astype(str) <= where.date_to.isoformat()
    if not (where.date_from or where.date_to) or where.undated:
        keep |= ~dated
    return int(days.loc[keep, "events"].sum())


def cube_answers(where: EventFilter) -> bool:
    """Whether the store's cube (geo.store.query.cube) answers this filter's counts: only types, countries,
    statuses and dates in it (a search, articles, confidence or a map view need the database)."""
    return not (where.q.strip() or where.articles or where.min_conf or where.bbox is not None
                or where.min_sources > 1)


def cube_days(cube: pd.DataFrame, where: EventFilter) -> pd.DataFrame:
    """Events per (date, type) that `where` keeps, its dates left out (as geo.store.query.per_day of the filter
    without its dates), folded from the cube. Only for filters cube_answers() accepts."""
    keep = pd.Series(True, index=cube.index)
    if where.types:
        keep &= cube["type"].isin(list(where.types))
    if where.countries:
        keep &= cube["country"].isin(list(where.countries))
    if where.statuses:
        status = cube["status"]
        kept = status.isin(list(where.statuses))
        if "reported" in where.statuses:
            kept |= ~status.isin(list(STATUSES))
        keep &= kept
    part = cube.loc[keep, ["date", "type", "events"]]
    grouped = part.groupby(["date", "type"], dropna=False, sort=False)["events"].sum().reset_index()
    dated = grouped[grouped["date"].notna()].sort_values(["date", "type"])
    return pd.concat([grouped[grouped["date"].isna()], dated], ignore_index=True)


def cube_facets(cube: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Events per type and per country over the cube (as geo.store.query.facets), most frequent first."""
    return {name: {str(k): int(v) for k, v in sorted(cube.groupby(name)["events"].sum().items(),
                                                      key=lambda kv: (-kv[1], str(kv[0])))}
            for name in ("type", "country")}


def coarsen(cells: Sequence[Any], base_deg: float, cell_deg: float) -> list[Any]:
    """Grid cells of `base_deg` merged into cells of a whole multiple of it near `cell_deg` (counts summed, centres
    weighted by counts): the grid for a wider zoom without asking the database again. Busiest first."""
    from geo.store.query import GridCell

    factor = max(1, int(cell_deg // base_deg))
    if factor == 1:
        return list(cells)
    merged: dict[tuple[int, int], list[Any]] = {}
    for c in cells:
        key = (c.row // factor, c.col // factor)
        m = merged.setdefault(key, [0, 0.0, 0.0, c.event_id])
        m[0] += c.count
        m[1] += c.lat * c.count
        m[2] += c.lon * c.count
        m[3] = min(m[3], c.event_id)
    size = base_deg * factor
    out = [GridCell(r, c, n, lat / n, lon / n, r * size - 90.0, c * size - 180.0, min((r + 1) * size - 90.0, 90.0),
                    min((c + 1) * size - 180.0, 180.0), first)
           for (r, c), (n, lat, lon, first) in merged.items()]
    return sorted(out, key=lambda g: (-g.count, g.row, g.col))
