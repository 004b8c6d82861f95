"""Events + view → folium objects (pure): a base map fixed per session, and an event layer swapped on each rerun."""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import folium
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.paths import REPO_ROOT
from geo.ui import basemap
from geo.ui.i18n import Translator, _

# Colour (Okabe-Ito, colour-blind-safe; the same as geo.export.maps.TYPE_COLOURS so exports match the map)
# and shape by type: the shape keeps types apart where colours do not.
TYPE_STYLE: dict[str, dict[str, str]] = {
    "strike": {"color": "#D55E00", "shape": "triangle", "label": _("Strike, shelling, explosion")},
    "clash": {"color": "#CC79A7", "shape": "diamond", "label": _("Clash")},
    "meeting": {"color": "#0072B2", "shape": "circle", "label": _("Meeting, talks, visit")},
    "statement": {"color": "#009E73", "shape": "square", "label": _("Statement")},
    "protest": {"color": "#E69F00", "shape": "diamond", "label": _("Protest")},
    "other": {"color": "#555555", "shape": "circle", "label": _("Other")},
}
TYPES = tuple(TYPE_STYLE)
REPO_STATIC = REPO_ROOT / "static"  # served by Streamlit at /app/static
# A point stands for a town (small, filled); a centroid stands for an area (larger, hollow): index = class.
PRECISION_CLASS = {"facility": 0, "settlement": 0, "district": 1, "region": 2, "country": 3, "continent": 3}
PRECISION_STYLE = [
    {"radius": 6, "fill": 0.85, "weight": 1.5, "label": _("Town, facility: filled")},
    {"radius": 9, "fill": 0.12, "weight": 2.5, "label": _("District: hollow")},
    {"radius": 12, "fill": 0.12, "weight": 2.5, "label": _("Region: larger")},
    {"radius": 16, "fill": 0.10, "weight": 2.5, "label": _("Country: largest")},
]
LOW_CONFIDENCE = 0.5
COORD_SCALE = 100_000
UNCERTAIN_STYLE = {"color": "#222222", "dash": "3 3"}
SELECTED_STYLE = {"color": "#000000"}
CLUSTER_THRESHOLD = 2000  # above this many events, markers are grid-clustered in the browser
CLUSTER_CELL_PX = 60
CLUSTER_MAX_POINTS = 400  # a view holding fewer events than this shows them all, unclustered
POINT_ZOOM = 12  # from this zoom on, every event in view is its own marker
ATTRIBUTION = ("Places: <a href='https://www.geonames.org/'>GeoNames</a> (CC BY 4.0) · "
               "Outlines: <a href='https://www.naturalearthdata.com/'>Natural Earth</a>")
# xyzservices now flags CartoDB as needing a key; the public light tiles still answer without one.
CARTO_LIGHT = "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png"
CARTO_ATTRIBUTION = ("&copy; <a href='https://www.openstreetmap.org/copyright'>OpenStreetMap</a> contributors "
                     "&copy; <a href='https://carto.com/attributions'>CARTO</a>")
DEFAULT_CENTER = (48.0, 25.0)
DEFAULT_ZOOM = 4
_JS_UNSAFE = str.maketrans({"`": "&#96;", "$": "&#36;", "{": "&#123;", "}": "&#125;", "\\": "&#92;"})
_SAFE_ID = r"[A-Za-z0-9-]{1,64}"
_TOOLTIP_ID = re.compile(r"ev:([^\s]{1,200})\s*$")


@dataclass(frozen=True)
class MapAssets:
    """Where the browser loads the map's JS and CSS from (Streamlit's /app/static by default: no CDN)."""

    js: tuple[tuple[str, str], ...]
    css: tuple[tuple[str, str], ...]
    image_path: str
    basemap: str = "/app/static/basemap"


def local_assets(prefix: str = "/app/static") -> MapAssets:
    """The JS/CSS files shipped in static/, at the URL prefix Streamlit serves them from."""
    leaflet = f"{prefix}/vendor/leaflet-1.9.3"
    return MapAssets(
        js=(("leaflet", f"{leaflet}/leaflet.js"), ("geo_events", f"{prefix}/geo/geo-events.js")),
        css=(("leaflet_css", f"{leaflet}/leaflet.css"), ("geo_events_css", f"{prefix}/geo/geo-events.css")),
        image_path=f"{leaflet}/images/",
        basemap=f"{prefix}/basemap",
    )


def safe_json(data: Any) -> str:
    """JSON to paste inside a <script>: no '</', and no '_' for streamlit-folium's variable renaming to touch."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("_", "\\u005f")


def esc(value: Any) -> str:
    """Article text → HTML text, safe inside a JS string too (no backtick or `${` survives)."""
    text = html.escape("" if value is None else str(value))
    # Backticks and "${" would end or interpolate a JS template literal; braces would be Jinja syntax.
    return text.translate(_JS_UNSAFE)


class _Raw(Element):
    """Already-rendered JS: added to the figure as is, never compiled as a Jinja template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class _Script(MacroElement):
    """A few lines of JS; __GEO_PARENT__ stands for the parent's variable (data never holds it: safe_json
    escapes "_")."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.code() }}{% endmacro %}")

    def __init__(self, js: str, name: str = "GeoScript") -> None:
        super().__init__()
        self._name = name
        self.js = js

    def code(self) -> str:
        return self.js.replace("__GEO_PARENT__", self._parent.get_name())

    def render(self, **kwargs: Any) -> None:
        # branca would compile the rendered script as a Jinja template: slow for megabytes of data, and a
        # "{{" in it would be evaluated. Add it verbatim instead.
        self.get_root().script.add_child(_Raw(self.code()), name=self.get_name())


def legend_html(tr: Translator) -> str:
    """The legend's HTML (constants only): type shapes and colours; precision and marks folded away."""
    types = "".join(f"<div class='ge-row'>{symbol_svg(s['shape'], s['color'], 0.85)}{tr(s['label'])}</div>"
                    for s in TYPE_STYLE.values())
    precision = "".join(f"<div class='ge-row'>{symbol_svg('circle', '#555555', p['fill'], 3 + 2 * n)}"
                        f"{tr(p['label'])}</div>" for n, p in enumerate(PRECISION_STYLE))
    dashed = tr("Dashed: conflict, or confidence < {limit}", limit=tr.pct(LOW_CONFIDENCE))
    marks = (f"<div class='ge-row'>{symbol_svg('circle', '#555555', 0.2, 6, dashed=True)}"
             f"{html.escape(dashed)}</div>"
             "<div class='ge-row'><span class='ge-cluster' style='display:inline-block;width:18px;height:18px;"
             f"line-height:13px;font-size:8px;border-color:#555'>42</span>{tr('Cluster: click to zoom in')}</div>")
    # <details>: the reader folds the legend away; the precision marks are folded until asked for.
    return (f"<details open><summary>{tr('Legend')}</summary>{types}"
            f"<details class='ge-more'><summary>{tr('Place precision')}</summary>{precision}{marks}</details>"
            "</details>")


def symbol_svg(shape: str, color: str, fill: float, radius: int = 6, dashed: bool = False) -> str:
    """A 20×20 inline SVG of a marker shape (for the legend and the panel's type badge)."""
    c = 10
    if shape == "triangle":
        body = f"<polygon points='{c},{c - radius * 1.25} {c + radius * 1.1},{c + radius * 0.75} " \
               f"{c - radius * 1.1},{c + radius * 0.75}'"
    elif shape == "square":
        body = f"<rect x='{c - radius * 0.85}' y='{c - radius * 0.85}' width='{radius * 1.7}' height='{radius * 1.7}'"
    elif shape == "diamond":
        r = radius * 1.2
        body = f"<polygon points='{c},{c - r} {c + r},{c} {c},{c + r} {c - r},{c}'"
    else:
        body = f"<circle cx='{c}' cy='{c}' r='{radius}'"
    dash = " stroke-dasharray='3 2'" if dashed else ""
    return (f"<svg width='20' height='20' viewBox='0 0 20 20'>{body} fill='{color}' fill-opacity='{fill}' "
            f"stroke='{color}' stroke-width='1.5'{dash}/></svg>")


def base_map(assets: MapAssets, *, center: tuple[float, float] = DEFAULT_CENTER, zoom: int = DEFAULT_ZOOM,
             outlines: bool = True, tr: Translator | None = None) -> folium.Map:
    """The map that stays the same for a session (tiles, offline outlines, legend): its JS keys the iframe."""
    tr = tr or Translator()
    # zoom_snap 0.5: framing the events may stop between two zoom levels (the vector basemap stays sharp).
    m = folium.Map(location=list(center), zoom_start=zoom, tiles=None, prefer_canvas=True, control_scale=True,
                   min_zoom=2, max_zoom=18, world_copy_jump=True, zoom_snap=0.5)
    # Instance attributes: streamlit-folium and folium's own renderer both read these instead of the CDN lists.
    m.default_js = list(assets.js)
    m.default_css = list(assets.css)
    # Offline first: the shipped Natural Earth basemap is the default base layer; online tiles are options.
    if outlines:
        offline = folium.FeatureGroup(name=tr("Offline map (Natural Earth)"), overlay=False, show=True)
        _Script(f"GeoEvents.basemap(__GEO_PARENT__, {safe_json(assets.basemap)}, {safe_json(basemap.LAYERS)}, "
                f"{safe_json(tr.lang)});", "OfflineBasemap").add_to(offline)
        offline.add_to(m)
    folium.TileLayer("OpenStreetMap", name=tr("OpenStreetMap (online)"), max_zoom=18, show=not outlines,
                     overlay=False).add_to(m)
    folium.TileLayer(CARTO_LIGHT, attr=CARTO_ATTRIBUTION, name=tr("CartoDB light (online)"), show=False,
                     max_zoom=18, subdomains="abcd", overlay=False).add_to(m)
    _Script(
        f"L.Icon.Default.imagePath = {safe_json(assets.image_path)};"
        f"__GEO_PARENT__.attributionControl.addAttribution({json.dumps(ATTRIBUTION)});"
        f"GeoEvents.legend(__GEO_PARENT__, {safe_json(legend_html(tr))});",
        "MapExtras",
    ).add_to(m)
    folium.LayerControl(position="topright", collapsed=True).add_to(m)
    return m


def prepare(df: pd.DataFrame) -> pd.DataFrame:
    """The per-event drawing columns (type code, style flags, dictionary-coded place and date), computed once
    per data version so that a filter change only slices them."""
    out = df.copy()
    out["_mv_t"] = df["type"].map({t: i for i, t in enumerate(TYPES)}).fillna(TYPES.index("other")).astype("int8")
    cls = df["precision"].map(PRECISION_CLASS).fillna(0).astype("int8")
    has_conflict = df["conflicts"].map(lambda c: bool(c) if isinstance(c, (list, tuple)) else isinstance(c, str)
                                       and bool(c))
    uncertain = has_conflict.astype(bool) | (df["confidence"].astype(float) < LOW_CONFIDENCE)
    out["_mv_s"] = (cls + 4 * uncertain.astype("int8")).astype("int8")
    out["_mv_p"] = df["place"].fillna("").astype(str).astype("category")
    out["_mv_d"] = df["date"].fillna("undated").astype(str).astype("category")
    ids = df["id"].astype(str)
    safe = ids.str.fullmatch(_SAFE_ID).fillna(False)
    out["_mv_id"] = ids.where(safe, ids.map(esc))
    # Integers of 1e-5 degrees (~1 m): half the JSON time of floats at 100,000 events.
    out["_mv_lat"] = (df["lat"].astype(float) * COORD_SCALE).round().astype("int64")
    out["_mv_lon"] = (df["lon"].astype(float) * COORD_SCALE).round().astype("int64")
    return out


def event_payload(df: pd.DataFrame, selected: str | None = None, *,
                  threshold: int = CLUSTER_THRESHOLD) -> dict[str, Any]:
    """The compact columns the browser draws: ids, coordinates, dictionary-coded type/place/date, style flags."""
    if "_mv_t" not in df:
        df = prepare(df)
    ids = df["_mv_id"].tolist()
    sel = -1
    if selected is not None:
        hits = (df["id"] == selected).to_numpy().nonzero()[0]
        sel = int(hits[0]) if len(hits) else -1
    return {
        "id": ids,
        "lat": df["_mv_lat"].tolist(),
        "lon": df["_mv_lon"].tolist(),
        "scale": COORD_SCALE,
        "t": df["_mv_t"].tolist(), "types": list(TYPES),
        "p": df["_mv_p"].cat.codes.tolist(), "places": [esc(p) for p in df["_mv_p"].cat.categories],
        "d": df["_mv_d"].cat.codes.tolist(), "dates": [esc(d) for d in df["_mv_d"].cat.categories],
        "s": df["_mv_s"].tolist(),
        "sel": sel,
        "cluster": len(df) > threshold,
    }


def draw_options() -> dict[str, Any]:
    """Styles the browser applies (the single source of the colours, shapes and sizes)."""
    return {
        "styles": {t: {"color": s["color"], "shape": s["shape"]} for t, s in TYPE_STYLE.items()},
        "precision": [{k: p[k] for k in ("radius", "fill", "weight")} for p in PRECISION_STYLE],
        "uncertain": UNCERTAIN_STYLE, "selected": SELECTED_STYLE,
        "cell": CLUSTER_CELL_PX, "maxPoints": CLUSTER_MAX_POINTS, "pointZoom": POINT_ZOOM,
    }


def event_layer(df: pd.DataFrame, selected: str | None = None, *,
                threshold: int = CLUSTER_THRESHOLD, tr: Translator | None = None,
                fit: tuple[float, float, float, float] | None = None) -> folium.FeatureGroup:
    """One marker per event (colour/shape by type, size/fill by precision, dashed if uncertain), clustered past
    `threshold` events; each tooltip reads 'place · date · type … ev:<id>'. With `fit` (south, west, north, east),
    the browser frames that box at the map's real size, clear of the legend, whenever the box changes."""
    group = folium.FeatureGroup(name="Events", control=False)
    payload = event_payload(df, selected, threshold=threshold)
    if fit is not None:
        payload["fit"] = [[fit[0], fit[1]], [fit[2], fit[3]]]
        payload["fitMax"] = FIT_MAX_ZOOM
    if tr is not None:  # the tooltip's type names in the interface's language (the id stays last)
        payload["typeNames"] = [tr.type(t) for t in TYPES]
    _Script(f"GeoEvents.draw(__GEO_PARENT__, {safe_json(payload)}, {safe_json(draw_options())});", "EventPoints") \
        .add_to(group)
    return group


def grid_layer(cells: Sequence[Any], *, tr: Translator | None = None,
               fit: tuple[float, float, float, float] | None = None) -> folium.FeatureGroup:
    """The database's grid aggregation (geo.store.query.GridCell) as one count badge per cell; a click on a
    badge zooms the map to its cell (where the page sends finer cells, then markers). `fit` as in event_layer."""
    group = folium.FeatureGroup(name="Events", control=False)
    tip = (tr or Translator())("{count} events here: click or zoom in to see them")
    payload: dict[str, Any] = {
        "lat": [round(c.lat, 5) for c in cells], "lon": [round(c.lon, 5) for c in cells],
        "n": [int(c.count) for c in cells],
        "box": [[round(c.south, 5), round(c.west, 5), round(c.north, 5), round(c.east, 5)] for c in cells],
        "tip": esc(tip),
    }
    if fit is not None:
        payload["fit"] = [[fit[0], fit[1]], [fit[2], fit[3]]]
        payload["fitMax"] = FIT_MAX_ZOOM
    _Script(f"GeoEvents.cells(__GEO_PARENT__, {safe_json(payload)}, {safe_json(draw_options())});", "EventGrid") \
        .add_to(group)
    return group


def grid_from_js(js: str) -> dict[str, Any] | None:
    """The grid payload inside a rendered feature-group script (for tests and benchmarks)."""
    start = js.find("GeoEvents.cells(")
    if start < 0:
        return None
    data, _ = json.JSONDecoder().raw_decode(js, js.index("{", start))
    return data


def event_id_from_tooltip(text: str | None) -> str | None:
    """The event id at the end of a clicked tooltip's text ('… ev:<id>'); None for anything else."""
    if not text:
        return None
    match = _TOOLTIP_ID.search(text)
    return match.group(1) if match else None


def payload_from_js(js: str) -> dict[str, Any] | None:
    """The event payload inside a rendered map or feature-group script (for tests and benchmarks)."""
    start = js.find("GeoEvents.draw(")
    if start < 0:
        return None
    brace = js.index("{", start)
    data, _ = json.JSONDecoder().raw_decode(js, brace)
    return data


def focus(row: Mapping[str, Any]) -> tuple[tuple[float, float], int]:
    """Map centre and zoom that show one event: closer for a town than for a region or country."""
    zoom = {0: 9, 1: 8, 2: 6, 3: 5}[PRECISION_CLASS.get(str(row.get("precision")), 0)]
    return (round(float(row["lat"]), 5), round(float(row["lon"]), 5)), zoom


MAP_PX = (1400, 620)  # the map's usual size on a wall screen (full width beside the collapsed panel)
OUTLIER_FENCE = 3.0  # further than this × the middle half's spread (and FAR_DEGREES) from it: a far outlier
FAR_DEGREES = 5.0
FIT_MAX_ZOOM = 10


@dataclass(frozen=True)
class Fit:
    """The box the map frames (south, west, north, east) and the events left outside it."""

    bounds: tuple[float, float, float, float] | None
    outliers: pd.DataFrame


def bulk(df: pd.DataFrame) -> Fit:
    """The box of the bulk of the events: those far from the middle half of latitudes and longitudes are left out
    (one event in Washington must not zoom a map of Ukraine out to the world)."""
    if df.empty:
        return Fit(None, df)
    lat, lon = df["lat"].astype(float), df["lon"].astype(float)
    keep = pd.Series(True, index=df.index)
    if len(df) >= 4:
        for values in (lat, lon):
            q1, q3 = values.quantile(0.25), values.quantile(0.75)
            reach = max(OUTLIER_FENCE * (q3 - q1), FAR_DEGREES)
            keep &= (values >= q1 - reach) & (values <= q3 + reach)
    inside = df[keep]
    bounds = (float(inside["lat"].min()), float(inside["lon"].min()),
              float(inside["lat"].max()), float(inside["lon"].max()))
    return Fit(bounds, df[~keep])


def _mercator_y(lat: float) -> float:
    s = math.sin(math.radians(max(min(lat, 85.0), -85.0)))
    return 0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)


def fit_view(bounds: tuple[float, float, float, float], size: tuple[int, int] = MAP_PX,
             max_zoom: int = FIT_MAX_ZOOM) -> tuple[tuple[float, float], int]:
    """Centre and the largest whole zoom at which `bounds` fits a map of `size` pixels (with a margin)."""
    south, west, north, east = bounds
    width, height = size[0] * 0.85, size[1] * 0.85  # a margin, so edge markers are not cut in half
    dx = max((east - west) / 360.0, 1e-9)
    dy = max(_mercator_y(south) - _mercator_y(north), 1e-9)
    zoom = math.floor(min(math.log2(width / (256 * dx)), math.log2(height / (256 * dy))))
    center_y = (_mercator_y(south) + _mercator_y(north)) / 2
    center_lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * center_y))))
    return (round(center_lat, 5), round((west + east) / 2, 5)), int(max(2, min(max_zoom, zoom)))


BRIEFING_CONTEXT = 2  # zoom levels wider than focus(): on a projector the room needs the region around the place


def brief_focus(row: Mapping[str, Any]) -> tuple[tuple[float, float], int]:
    """Map centre and zoom that frame one event with its surroundings, for the briefing."""
    center, zoom = focus(row)
    return center, max(zoom - BRIEFING_CONTEXT, 3)


def initial_view(df: pd.DataFrame, lat: float | None = None, lon: float | None = None, zoom: int | None = None,
                 event: str | None = None) -> tuple[tuple[float, float], int]:
    """Where a map opens: the link's centre, else its event, else the bulk of the events given (fitted)."""
    if lat is not None and lon is not None:
        return (lat, lon), DEFAULT_ZOOM if zoom is None else zoom
    if event is not None:
        hit = df[df["id"] == event]
        if not hit.empty:
            center, event_zoom = focus(hit.iloc[0])
            return center, event_zoom if zoom is None else zoom
    fit = bulk(df)
    if fit.bounds is None:
        return DEFAULT_CENTER, DEFAULT_ZOOM if zoom is None else zoom
    center, fitted = fit_view(fit.bounds)
    return center, fitted if zoom is None else zoom


def outlier_names(outliers: pd.DataFrame, limit: int = 3) -> list[str]:
    """The places of the events left outside the fitted view, most frequent first (for 'outside: …')."""
    if outliers.empty:
        return []
    places = outliers["place"].fillna("?").astype(str) + outliers["country"].fillna("").map(
        lambda c: f" ({c})" if c else "")
    return places.value_counts().index[:limit].tolist()
