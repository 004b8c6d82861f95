"""The filtered view as a PNG for slides and messages (matplotlib, offline): the shipped Natural Earth basemap,
the events drawn as on the map, a legend, a title line with the date range and filters, and the data credits."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import sys
from functools import lru_cache
from typing import Any, Iterable

import numpy as np
import pandas as pd

from geo.ui import mapview
from geo.ui.basemap import layer_path
from geo.ui.i18n import Translator, _
from geo.ui.view import ViewState

WIDTH, HEIGHT = 1920, 1080
MIN_SIZE, MAX_SIZE = 320, 7680
SEA, LAND, BORDER = "#c6dbea", "#f4f1ea", "#9a9a9a"
MARKERS = {"triangle": "^", "diamond": "D", "circle": "o", "square": "s"}
AREA = [60, 150, 260, 420]  # marker area (points²) per precision class, as the map's radii
CREDITS = _("Natural Earth (public domain) · GeoNames (CC BY 4.0)")
MAX_LABELS = 60


def _mercator(lat: Any) -> Any:
    lat = np.clip(np.asarray(lat, dtype=float), -85.0, 85.0)
    return np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)))


@lru_cache(maxsize=None)
def _layer(name: str) -> list[dict[str, Any]]:
    """One shipped basemap layer's features (read once per process)."""
    try:
        return json.loads(layer_path(name).read_text(encoding="utf-8"))["features"]
    except (OSError, ValueError):
        return []  # a missing layer leaves the picture without it, never without a picture


def _parts(geometry: dict[str, Any]) -> Iterable[list[list[float]]]:
    """The rings and lines of a geometry, as lists of [lon, lat]."""
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        yield from coords[:1]
    elif kind == "MultiPolygon":
        for polygon in coords:
            yield from polygon[:1]
    elif kind == "LineString":
        yield coords
    elif kind == "MultiLineString":
        yield from coords


def _in_view(points: np.ndarray, box: tuple[float, float, float, float]) -> bool:
    west, east, south, north = box
    return not (points[:, 0].max() < west or points[:, 0].min() > east or points[:, 1].max() < south
                or points[:, 1].min() > north)


def _segments(name: str, box: tuple[float, float, float, float]) -> list[np.ndarray]:
    """A layer's rings/lines that touch the box, in (lon, mercator y)."""
    out = []
    for feature in _layer(name):
        for part in _parts(feature.get("geometry") or {}):
            if len(part) < 2:
                continue
            points = np.asarray(part, dtype=float)
            # A ring across the antimeridian (Russia, Fiji) continues past ±180 instead of striping the picture.
            points[:, 0] = np.unwrap(points[:, 0], period=360)
            if _in_view(points, box):
                out.append(np.column_stack([points[:, 0], _mercator(points[:, 1])]))
    return out


def extent(df: pd.DataFrame, aspect: float) -> tuple[float, float, float, float]:
    """West, east, south, north (mercator y) framing the bulk of the events at this width/height ratio."""
    fit = mapview.bulk(df)
    if fit.bounds is None:
        south, west, north, east = 35.0, -10.0, 60.0, 40.0
    else:
        south, west, north, east = fit.bounds
    y0, y1 = float(_mercator(south)), float(_mercator(north))
    cx, cy = (west + east) / 2, (y0 + y1) / 2
    w, h = max(east - west, 1.5) * 1.25, max(y1 - y0, 1.0) * 1.25
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    w, h = min(w, 360.0), min(h, 340.0)
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def title_line(view: ViewState, shown: pd.DataFrame, tr: Translator,
               default_range: tuple[dt.date, dt.date] | None = None) -> str:
    """'What happened where · 17 Feb 2025 – 24 Feb 2025 · strike, clash · RU · 12 events'."""
    dates = shown["date"].dropna() if "date" in shown else pd.Series(dtype=str)
    start = view.date_from or (dt.date.fromisoformat(dates.min()[:10]) if not dates.empty else None)
    end = view.date_to or (dt.date.fromisoformat(dates.max()[:10]) if not dates.empty else None)
    bits = [tr("What happened where")]
    if start and end:
        bits.append(f"{tr.date(start)} – {tr.date(end)}" if start != end else tr.date(start))
    if view.types:
        bits.append(tr.join(tr.type(t) for t in view.types))
    if view.countries:
        bits.append(tr.join(view.countries))
    if view.q:
        bits.append(f"« {view.q} »")
    if view.min_conf:
        bits.append(tr("confidence ≥ {value}", value=tr.pct(view.min_conf)))
    bits.append(tr.n("{count} event", "{count} events", len(shown)))
    return " · ".join(bits)


def render(df: pd.DataFrame, title: str, tr: Translator | None = None, width: int = WIDTH,
           height: int = HEIGHT) -> bytes:
    """The events over the offline basemap as PNG bytes of width × height pixels."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    tr = tr or Translator()
    width, height = max(MIN_SIZE, min(MAX_SIZE, int(width))), max(MIN_SIZE, min(MAX_SIZE, int(height)))
    scale = height / 1080
    fig = Figure(figsize=(width / 100, height / 100), dpi=100, facecolor="white")
    top = 1 - 70 * scale / height
    bottom = 34 * scale / height
    ax = fig.add_axes((0, bottom, 1, top - bottom))
    ax.set_facecolor(SEA)
    ax.set_axis_off()
    aspect = width / (height * (top - bottom))
    west, east, south, north = extent(df, aspect)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    span = east - west
    box = (west - 1, east + 1, -89.0, 89.0)

    land = "countries-10m.geojson" if span < 25 else "countries.geojson"
    ax.add_collection(PolyCollection(_segments(land, box), facecolors=LAND, edgecolors=BORDER,
                                     linewidths=0.8 * scale, zorder=1))
    if span < 60:
        ax.add_collection(LineCollection(_segments("admin1.geojson", box), colors="#c4b6a6",
                                         linewidths=0.6 * scale, linestyles=(0, (4, 3)), zorder=2))
    ax.add_collection(PolyCollection(_segments("lakes.geojson", box), facecolors=SEA, edgecolors="#8fb4d0",
                                     linewidths=0.5 * scale, zorder=2))
    if span < 90:
        ax.add_collection(LineCollection(_segments("rivers.geojson", box), colors="#9cc0da",
                                         linewidths=1.0 * scale, zorder=2))
    _labels(ax, (west, east, south, north), span, scale)

    if not df.empty:
        drawn = mapview.prepare(df) if "_mv_t" not in df else df
        x = drawn["lon"].astype(float).to_numpy()
        y = _mercator(drawn["lat"].astype(float).to_numpy())
        classes = (drawn["_mv_s"].to_numpy() % 4)
        uncertain = drawn["_mv_s"].to_numpy() >= 4
        for code, kind in enumerate(mapview.TYPES):
            style = mapview.TYPE_STYLE[kind]
            for cls in range(4):
                pick = (drawn["_mv_t"].to_numpy() == code) & (classes == cls)
                if not pick.any():
                    continue
                filled = mapview.PRECISION_STYLE[cls]["fill"] > 0.5
                for doubt in (False, True):  # uncertain ones dashed, as on the map
                    sub = pick & (uncertain == doubt)
                    if not sub.any():
                        continue
                    ax.scatter(x[sub], y[sub], s=AREA[cls] * scale ** 2, marker=MARKERS[style["shape"]],
                               c=style["color"] if filled else "none", edgecolors=style["color"],
                               linewidths=(1.2 if filled else 2.2) * scale, alpha=0.9, zorder=5 + cls,
                               linestyles=(0, (2, 1.5)) if doubt else "solid")
    present = [t for t in mapview.TYPES if not df.empty and (df["type"] == t).any()] or list(mapview.TYPES)
    handles = [Line2D([], [], linestyle="none", marker=MARKERS[mapview.TYPE_STYLE[t]["shape"]], markersize=13 * scale,
                      markerfacecolor=mapview.TYPE_STYLE[t]["color"], markeredgecolor=mapview.TYPE_STYLE[t]["color"],
                      label=tr(mapview.TYPE_STYLE[t]["label"])) for t in present]
    handles.append(Line2D([], [], linestyle="none", marker="o", markersize=15 * scale, markerfacecolor="none",
                          markeredgecolor="#555555", markeredgewidth=2 * scale, label=tr("Hollow: region or country")))
    legend = ax.legend(handles=handles, loc="lower left", fontsize=15 * scale, frameon=True, framealpha=0.92,
                       borderpad=0.8, title=tr("Legend"), title_fontsize=15 * scale)
    legend.set_zorder(20)
    fig.text(24 / width, 1 - 38 * scale / height, title, fontsize=26 * scale, fontweight="bold", va="center",
             ha="left", color="#222222")
    fig.text(1 - 16 / width, 17 * scale / height, tr("Map data: {credits}", credits=tr(CREDITS)) + " · geo-events",
             fontsize=12 * scale, ha="right", va="center", color="#555555")
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=100, facecolor="white")
    return out.getvalue()


def _labels(ax: Any, box: tuple[float, float, float, float], span: float, scale: float) -> None:
    """Country, region and town names, biggest first, none overlapping another."""
    west, east, south, north = box
    layers = []
    if span > 6:
        layers.append(("labels-countries.geojson", 99, dict(fontsize=14 * scale, color="#777777")))
    if span < 30:
        layers.append(("labels-regions.geojson", 8, dict(fontsize=12 * scale, color="#8a7a6a", style="italic")))
    town_zoom = max(5, min(9, int(math.log2(360 / max(span, 0.1))) + 2))
    layers.append(("labels-places.geojson", town_zoom, dict(fontsize=13 * scale, color="#333333")))
    taken: list[tuple[float, float, float, float]] = []
    per_x = (east - west) / ax.figure.get_figwidth() / 100  # degrees per pixel
    count = 0
    for name, max_zoom, style in layers:
        for f in _layer(name):
            if count >= MAX_LABELS:
                return
            p = f.get("properties") or {}
            if p.get("z", 0) > max_zoom:
                continue
            lon, lat = f["geometry"]["coordinates"]
            y = float(_mercator(lat))
            if not (west < lon < east and south < y < north):
                continue
            half_w = len(str(p.get("name", ""))) * style["fontsize"] * 0.32 * per_x
            half_h = style["fontsize"] * 0.8 * per_x
            rect = (lon - half_w, lon + half_w, y - half_h, y + half_h)
            if any(not (r[1] < rect[0] or r[0] > rect[1] or r[3] < rect[2] or r[2] > rect[3]) for r in taken):
                continue
            taken.append(rect)
            count += 1
            ax.text(lon, y, str(p.get("name", "")), ha="center", va="center", zorder=4, clip_on=True,
                    path_effects=_halo(), **style)


def _halo() -> list[Any]:
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=3, foreground="white")]


def cli_png(rows: list[dict[str, Any]], args: Any, stdout: Any) -> int:
    """`geo-events events --format png`: the picture on stdout; refuses a terminal (exit 2)."""
    if stdout.isatty():
        print("geo-events: --format png writes binary PNG data; redirect it to a file "
              "(geo-events events --format png > map.png)", file=sys.stderr)
        return 2
    from geo.ui import view as views

    countries = tuple(c.strip().upper() for arg in args.country for c in arg.split(",") if c.strip())
    types = tuple(t.strip() for arg in args.type for t in arg.split(",") if t.strip())
    state = ViewState(date_from=args.date_from, date_to=args.date_to, types=types, countries=countries)
    df = views.filter_events(views.frame(rows), state)
    tr = Translator(args.lang)
    data = render(df, title_line(state, df, tr), tr, args.width, args.height)
    stdout.flush()
    stdout.buffer.write(data)
    stdout.buffer.flush()
    return 0
