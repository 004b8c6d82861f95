"""The newsroom map's main page: reads the URL and widgets, calls geo.*, draws. No parsing, SQL or HTML here."""

from __future__ import annotations

import json
import time

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import app_state as data
from app_state import searched_places, store
from geo.errors import GeoError
from geo.export import maps as export_formats
from geo.export import png
from geo.export import records as export
from geo.paths import REPO_ROOT
from geo.settings import value as setting
from geo.ui import highlight, i18n, mapview, panel
from geo.ui import server_view as sv
from geo.ui import timeline as tl
from geo.ui import view as views
from geo.ui.view import ViewState

S = st.session_state
PLAY_SECONDS = 1.5
MAP_HEIGHT = 660
BRIEF_MAP_HEIGHT = 880
BRIEFING_MAX = 1000  # a briefing steps through at most this many events (the first, in date order)
ARTICLE_CHOICES = 300  # the newest articles offered in the filter (a longer list is unusable, and slow to send)
FAVICON = str(REPO_ROOT / "static" / "geo" / "favicon.png")

# ------------------------------------------------------------------ the view: the URL once, then session state
if "view" not in S:
    params = {key: st.query_params.get_all(key) for key in st.query_params.keys()}
    S.view, S.notices = ViewState.from_query(params)
tr = i18n.Translator(i18n.choose(S.view.lang, st.context.locale))
st.set_page_config(page_title=tr("What happened where"), page_icon=FAVICON, layout="wide")

# Nothing here reads the whole store: the database counts, groups and filters (geo.store.query, #13 point 5); the
# page fetches only the events it shows, and past GEO_MAP_MAX_MARKERS of them the map gets the database's grid.
try:
    MAX_MARKERS = setting("GEO_MAP_MAX_MARKERS")
    db = store()
    all_days = data.store_days()
    facets = data.store_facets()
    if "checked" not in S:
        linked = db.event(S.view.event) if S.view.event else None
        found = pd.DataFrame([linked] if linked and linked.get("status") != "rejected" else [], columns=["id"])
        S.view, stale = views.check_against(S.view, found)
        S.notices += stale
        S.checked = True
except GeoError as exc:
    st.error(str(exc))
    st.stop()
TOTAL = int(all_days["events"].sum())
bounds = sv.bounds_of_days(all_days)
default_range = tl.dense_range_of_counts(all_days[all_days["date"].notna()]) if bounds else None

# Widgets keep their state in S.w_*; Streamlit forgets it while they are not drawn (briefing), so seed again.
seeds = {"w_types": list(S.view.types), "w_countries": list(S.view.countries), "w_articles": list(S.view.articles),
         "w_q": S.view.q, "w_minconf": S.view.min_conf, "w_background": "background" in S.view.status}
if bounds:
    lo, hi = bounds
    d_lo, d_hi = default_range
    seeds["w_range"] = (min(max(S.view.date_from or d_lo, lo), hi), max(min(S.view.date_to or d_hi, hi), lo))
for key, value in seeds.items():
    if key not in S:
        S[key] = value
if "_next_range" in S:  # set by the player between runs: widgets' state may only change before they exist
    S.w_range = S.pop("_next_range")


def where_of(view: ViewState, dates: bool = True, bbox=None):
    """The view's filters as the database applies them (no dates in the view: the dense default range)."""
    return sv.event_filter(view, searched_places(view.q) if view.q else (), default_range, dates=dates, bbox=bbox)


def kept_count(view: ViewState) -> tuple[int, pd.DataFrame]:
    """How many events the view keeps, and the per-day counts of its filters without the dates (from the store's
    cube, else one GROUP BY)."""
    days = data.days(where_of(view, dates=False))
    return sv.count_kept(days, where_of(view)), days


def shown_events(view: ViewState, limit: int | None = None) -> pd.DataFrame:
    """Every column of the events the view keeps, in date order (briefing, exports): at most `limit`."""
    return data.full_events(where_of(view), limit)


def select(event_id: str | None, center: bool = False) -> None:
    """Select an event (from a marker, a list or the briefing); optionally centre the map on it."""
    changes: dict = {"event": event_id}
    if center and event_id is not None:
        hit = db.event(event_id)
        if hit:
            (lat, lon), zoom = mapview.focus(hit)
            changes.update(lat=lat, lon=lon, zoom=zoom)
    S.view = S.view.replace(**changes)
    S.panel_open = event_id is not None or S.get("panel_open", False)


CLICK_FIELDS = ["last_object_clicked_tooltip", "last_object_clicked_count"]


def clicked(value: dict | None) -> tuple:
    """A marker click as (tooltip, count): the count makes a second click on the same marker new again."""
    value = value or {}
    return value.get("last_object_clicked_tooltip"), value.get("last_object_clicked_count")


def on_map_click() -> None:
    """A marker was clicked: its tooltip ends with the event id."""
    S._last_click = clicked(S.get("map"))
    event_id = mapview.event_id_from_tooltip(S._last_click[0])
    if event_id:
        select(event_id)


def shift(days: int) -> None:
    """Move the date window by whole days (a button callback, so before the slider exists)."""
    S.w_range = tuple(getattr(views.shift_days(range_view(), days, bounds), k) for k in ("date_from", "date_to"))


def widen(start=None, end=None) -> None:
    """Stretch the date range to include the events outside it (a button callback)."""
    lo, hi = S.w_range
    S.w_range = (start or lo, end or hi)


def range_view() -> ViewState:
    """The view with the slider's current date range."""
    lo, hi = S.w_range
    return S.view.replace(date_from=lo, date_to=hi)


def set_mode(mode: str) -> None:
    """Switch between exploring and briefing (a briefing starts at its first event)."""
    S.view = S.view.replace(mode=mode, step=0)


def set_step(step: int) -> None:
    """Go to one step of the briefing."""
    S.view = S.view.replace(step=max(step, 0))


def set_lang() -> None:
    """The language chooser changed: keep it in the view (and so in share links)."""
    S.view = S.view.replace(lang=S.w_lang)


def show_all(shown: pd.DataFrame) -> None:
    """Frame every shown event (or grid cell), far ones included."""
    whole = (float(shown["lat"].min()), float(shown["lon"].min()), float(shown["lat"].max()),
             float(shown["lon"].max()))
    (lat, lon), zoom = mapview.fit_view(whole)
    S.view = S.view.replace(lat=lat, lon=lon, zoom=zoom)


def toggle_panel() -> None:
    S.panel_open = not S.get("panel_open", False)


def free_fit(fitted: tuple | None) -> tuple | None:
    """The box the browser frames: the filtered events, when nothing in the view places the map (again after a
    filter change)."""
    view = S.view
    return fitted if view.lat is None and view.lon is None and view.zoom is None and view.event is None else None


VIEW_FIELDS = ["bounds", "zoom"]


def draw_map(layer, key: str, height: int = MAP_HEIGHT, track: bool = False) -> None:
    """The map: base fixed per session (the iframe stays), layer swapped; a click selects an event. With
    `track`, each pan or zoom reruns the page (the database's grid follows the view)."""
    (lat, lon), zoom = S.map_origin
    base = mapview.base_map(mapview.local_assets(), center=(lat, lon), zoom=zoom, tr=tr)
    view = S.view
    center = (view.lat, view.lon) if view.lat is not None and view.lon is not None else None
    zoom = view.zoom
    out = st_folium(base, feature_group_to_add=layer, key=key,
                    returned_objects=CLICK_FIELDS + (VIEW_FIELDS if track else []), center=center, zoom=zoom,
                    height=height, use_container_width=True, on_change=on_map_click)
    click = clicked(out)
    if click[0] and click != S.get("_last_click"):  # a click the callback did not see (tests set the state)
        S._last_click = click
        event_id = mapview.event_id_from_tooltip(click[0])
        if event_id:
            select(event_id)
            st.rerun()


def show_notices() -> None:
    """What the link held that could not be used, until dismissed."""
    if S.notices:
        for notice in S.notices:
            st.warning(notice, icon="🔗")
        if st.button(tr("Dismiss"), key="dismiss_notices"):
            S.notices = []
            st.rerun()


PNG_MAX = 100_000  # markers drawn in a PNG at most (a million would take minutes to draw)


def png_events(view: ViewState) -> pd.DataFrame:
    """The events a PNG draws: those the view keeps, at most PNG_MAX."""
    return data.points(where_of(view), PNG_MAX)


def png_bytes(shown: pd.DataFrame, view: ViewState) -> bytes:
    """The filtered view as a 1920×1080 picture for slides."""
    return png.render(shown, png.title_line(view, shown, tr, default_range), tr)


# ------------------------------------------------------------------ briefing mode
@st.fragment(run_every=S.view.autoplay if S.view.mode == "briefing" and S.view.autoplay else None)
def autoplay(total: int) -> None:
    """With ?autoplay=SECONDS, the briefing steps by itself (and starts again after the last event)."""
    if not S.view.autoplay or total == 0:
        return
    now = time.monotonic()
    if now - S.get("_auto_tick", now) >= S.view.autoplay * 0.9:
        S.view = S.view.replace(step=(views.briefing_step(S.view, total) + 1) % total)
        S._auto_tick = now
        st.rerun()
    S.setdefault("_auto_tick", now)


def briefing() -> ViewState:
    """One filtered event at a time, in date order, large, with the map framing it."""
    st.html(panel.PANEL_CSS + panel.BRIEFING_CSS)
    view = S.view
    shown = views.briefing_order(shown_events(view, BRIEFING_MAX))
    show_notices()
    if shown.empty:
        st.info(tr("No events in this view to brief on."))
        st.button(tr("Back to the map"), on_click=set_mode, args=("explore",), key="brief_exit")
        return view
    step = views.briefing_step(view, len(shown))
    row = shown.iloc[step]
    (lat, lon), zoom = mapview.brief_focus(row)
    S.setdefault("map_origin", ((lat, lon), zoom))
    view = S.view = view.replace(step=step, event=row["id"], lat=lat, lon=lon, zoom=zoom)
    left, right = st.columns([3, 2], gap="large")
    with left:
        draw_map(mapview.event_layer(shown, row["id"], tr=tr), key="brief_map", height=BRIEF_MAP_HEIGHT)
    with right:
        st.html(panel.briefing_card(row, db.article(row["article_id"]), step, len(shown), tr))
        prev_col, next_col, exit_col = st.columns(3)
        prev_col.button(tr("◀ Previous"), key="brief_prev", on_click=set_step, args=(step - 1,), disabled=step == 0,
                        width="stretch")
        next_col.button(tr("Next ▶"), key="brief_next", on_click=set_step, args=(step + 1,),
                        disabled=step >= len(shown) - 1, width="stretch", type="primary")
        exit_col.button(tr("Exit briefing"), key="brief_exit", on_click=set_mode, args=("explore",),
                        width="stretch")
        st.caption(tr("Keys: ← → or space to step, Esc leaves the briefing."))
    st.html(panel.BRIEFING_KEYS, unsafe_allow_javascript=True)
    autoplay(len(shown))
    return view


# ------------------------------------------------------------------ explore mode
def view_from_widgets() -> ViewState:
    """The view the filter widgets describe (their values are in session state before they are drawn)."""
    date_from = date_to = None
    if bounds and "w_range" in S:
        date_from, date_to = S.w_range
        if (date_from, date_to) == default_range:
            date_from = date_to = None  # the default range: keep the link short
    status = views.STATUSES if S.w_background else ()
    return S.view.replace(types=tuple(S.w_types), countries=tuple(S.w_countries), articles=tuple(S.w_articles),
                          q=S.w_q, min_conf=S.w_minconf, date_from=date_from, date_to=date_to, status=status)


def filter_widgets() -> None:
    """The sidebar's filters, with the number of events beside each choice."""
    side = st.sidebar
    side.header(tr("Filters"))
    by_type, by_country = facets["type"], facets["country"]
    titles, by_article = data.articles(ARTICLE_CHOICES, tuple(S.w_articles))
    n_articles = db.count_articles()
    side.multiselect(tr("Event types"), list(mapview.TYPES), key="w_types", placeholder=tr("All types"),
                     format_func=lambda t: f"{tr.type(t)} ({tr.num(by_type.get(t, 0))})")
    side.multiselect(tr("Countries"), sorted(c for c in by_country if c), key="w_countries",
                     placeholder=tr("All countries"), format_func=lambda c: f"{c} ({tr.num(by_country.get(c, 0))})")
    choices = list(dict.fromkeys([*S.w_articles, *list(titles)[:ARTICLE_CHOICES]]))
    side.multiselect(tr("Articles"), choices, key="w_articles", placeholder=tr("All articles"),
                     format_func=lambda a: f"{titles.get(a, a)} ({tr.num(by_article.get(a, 0))})",
                     help=None if n_articles <= ARTICLE_CHOICES else
                     tr("The {shown} newest of {total} articles; search finds the others' events.",
                        shown=tr.num(ARTICLE_CHOICES), total=tr.num(n_articles)))
    side.text_input(tr("Search place, sentence, headline, people"), key="w_q")
    side.slider(tr("Minimum confidence"), 0.0, 1.0, step=0.05, key="w_minconf")
    side.toggle(tr("Show background events"), key="w_background",
                help=tr("Events an article mentions as background (earlier history) are hidden by default."))


def timeline(view: ViewState, free_days: pd.DataFrame) -> None:
    """Date-range slider, histogram by day/week/month with the range marked, far events counted, step and play."""
    if not bounds:
        return
    lo, hi = bounds
    # The slider spans the dense range and the chosen one: one far event must not squash it.
    s_lo, s_hi = min(default_range[0], S.w_range[0]), max(default_range[1], S.w_range[1])
    slider_col, buttons_col = st.columns([5, 2], vertical_alignment="bottom")
    with slider_col:
        if s_lo < s_hi:
            st.slider(tr("Dates"), min_value=s_lo, max_value=s_hi, step=pd.Timedelta(days=1).to_pytimedelta(),
                      format=tr("YYYY-MM-DD"), key="w_range", label_visibility="collapsed")
        else:
            st.caption(tr("All dated events are on {date}.", date=tr.date(lo)))
    with buttons_col:
        back, forward, play = st.columns(3)
        back.button(tr("◀ day"), key="day_back", on_click=shift, args=(-1,), disabled=lo == hi, width="stretch")
        forward.button(tr("day ▶"), key="day_forward", on_click=shift, args=(1,), disabled=lo == hi,
                       width="stretch")
        play.toggle(tr("Play"), key="playing", disabled=lo == hi)
    start, end = S.w_range
    earlier, later = tl.outside_counts(free_days, start, end)
    if earlier or later:
        cols = st.columns(2)
        if earlier:
            cols[0].button(tr.n("Include {count} earlier event", "Include {count} earlier events", earlier),
                           key="include_earlier", on_click=widen, kwargs={"start": lo}, type="tertiary")
        if later:
            cols[1].button(tr.n("Include {count} later event", "Include {count} later events", later),
                           key="include_later", on_click=widen, kwargs={"end": hi}, type="tertiary")
    days = sv.histogram_days(free_days, view)
    if not days.empty:
        window = (min(start, default_range[0]), max(end, default_range[1]))  # far events are counted above
        st.html(tl.HISTOGRAM_CSS + tl.histogram_html(days, window, (start, end), tr))
    player(view)


@st.fragment(run_every=PLAY_SECONDS if S.get("playing") else None)
def player(view: ViewState) -> None:
    """While playing, move the window one day per tick; a full run is needed to redraw the map."""
    if not S.get("playing") or not bounds:
        return
    now = time.monotonic()
    if now - S.get("_tick", 0.0) < PLAY_SECONDS * 0.9:
        return  # this is a full run, not a tick
    S._tick = now
    moved = views.shift_days(range_view(), 1, bounds)
    if moved.date_to == S.w_range[1]:
        S._next_range = (bounds[0], bounds[0] + (moved.date_to - moved.date_from))  # loop back to the start
    else:
        S._next_range = (moved.date_from, moved.date_to)
    st.rerun()


def event_panel(view: ViewState, shown: pd.DataFrame | None) -> None:
    """The selected event, its article with the sentence highlighted, and the article's other events
    (`shown`: the events on the map, None when the map shows the grid)."""
    with st.container(key="event_panel"):
        st.button(tr("Hide panel ▶"), key="panel_toggle", on_click=toggle_panel, type="tertiary")
        row = db.event(view.event) if view.event else None
        if not row or row.get("status") == "rejected":
            st.info(tr("Click a marker to see the sentence that puts it on the map."))
            return
        if shown is not None and not (shown["id"] == view.event).any():
            st.caption(tr("This event is outside the current filters."))
        article = db.article(row["article_id"]) or {}
        st.html(panel.event_card(row, article, tr, db.trace(row["id"])))
        if article.get("text"):
            st.iframe(highlight.page(article["text"], (row["sentence_start"], row["sentence_end"]),
                                     (row["mention_start"], row["mention_end"])), height=340)
        others = data.article_events(row["article_id"])
        others = others[others["id"] != row["id"]]
        if not others.empty:
            st.markdown(f"**{tr('Other events in this article')}**")
            for other in views.briefing_order(others).itertuples():
                st.button(panel.event_label(other._asdict(), tr), key=f"other_{other.id}", on_click=select,
                          args=(other.id, True), width="stretch")
        stacked = data.same_point(row)
        if not stacked.empty:
            st.markdown(f"**{tr('Other events at the same point')}**")
            for other in stacked.itertuples():
                st.button(panel.event_label(other._asdict(), tr), key=f"stack_{other.id}", on_click=select,
                          args=(other.id, False), width="stretch")
        st.button(tr("Clear selection"), key="clear_selection", on_click=select, args=(None,))


def exports(view: ViewState) -> None:
    """Download buttons for the filtered events; each file is built only when its button is clicked (turning
    100,000 rows into GeoJSON on every rerun would cost seconds)."""
    side = st.sidebar
    side.header(tr("Export this view"))
    formats = [
        (tr("PNG picture (1920×1080)"), "events.png", "image/png", lambda: png_bytes(png_events(view), view)),
        ("GeoJSON", "events.geojson", "application/geo+json",
         lambda: json.dumps(export.to_geojson(views.records(shown_events(view))), ensure_ascii=False)),
        ("CSV", "events.csv", "text/csv", lambda: export.to_csv(views.records(shown_events(view)))),
        (tr("KML (Google Earth)"), "events.kml", "application/vnd.google-earth.kml+xml",
         lambda: export_formats.to_kml(views.records(shown_events(view)))),
        (tr("HTML map (needs internet to open)"), "events.html", "text/html",
         lambda: export_formats.to_html_map(views.records(shown_events(view)))),
    ]
    for label, name, mime, build in formats:
        side.download_button(label, data=build, file_name=name, mime=mime, on_click="ignore", width="stretch")


GRID_FIT_DEG = 1.0  # the grid the whole filtered set is first drawn with (and framed by)


def map_layer(view: ViewState, count: int):
    """What the map draws, as (layer, the events drawn or None for a grid, the Fit to frame, whether to follow pans).

    Up to GEO_MAP_MAX_MARKERS events kept: their markers. More: the database's grid of counts, first over the
    whole set, then, as the reader pans and zooms, over the view in finer cells, and markers again once few
    enough are in view."""
    where = where_of(view)
    if count <= MAX_MARKERS:
        shown = data.points(where)
        fit = mapview.bulk(shown)
        return mapview.event_layer(shown, view.event, tr=tr, fit=free_fit(fit.bounds)), shown, fit, False
    whole = data.grid(where, GRID_FIT_DEG)
    fit = mapview.Fit(sv.cells_fit(whole), pd.DataFrame())
    seen = sv.map_box(S.get("map")) if S.get("_grid_where") == where else None
    S._grid_where = where
    if seen is None:  # the first run of this filter: the browser is about to frame it and say where it is
        last = sv.map_box(S.get("map"))
        if last and last[1] is not None:
            zoom = last[1]
        elif free_fit(fit.bounds) and fit.bounds:
            zoom = mapview.fit_view(fit.bounds)[1]  # where the browser is about to frame it
        else:
            zoom = S.map_origin[1] if "map_origin" in S else first_view(view, fit)[1]
        cells = sv.coarsen(whole, GRID_FIT_DEG, sv.cell_degrees(zoom))  # badges that do not overlap
        return mapview.grid_layer(cells[:sv.MAX_CELLS], tr=tr, fit=free_fit(fit.bounds)), None, fit, True
    box, zoom = seen
    cell = sv.cell_degrees(zoom)
    in_view = where_of(view, bbox=sv.padded(box, cell))
    part = data.grid(in_view, cell)
    if sum(c.count for c in part) <= MAX_MARKERS:
        return mapview.event_layer(data.points(in_view), view.event, tr=tr, fit=free_fit(fit.bounds)), None, fit, True
    return mapview.grid_layer(part[:sv.MAX_CELLS], tr=tr, fit=free_fit(fit.bounds)), None, fit, True


def first_view(view: ViewState, fit) -> tuple[tuple[float, float], int]:
    """Where the map opens: the link's centre, else its event, else the bulk of the filtered events."""
    if view.lat is not None and view.lon is not None:
        return (view.lat, view.lon), mapview.DEFAULT_ZOOM if view.zoom is None else view.zoom
    linked = db.event(view.event) if view.event else None
    if linked:
        center, zoom = mapview.focus(linked)
        return center, zoom if view.zoom is None else view.zoom
    if fit.bounds is None:
        return mapview.DEFAULT_CENTER, mapview.DEFAULT_ZOOM if view.zoom is None else view.zoom
    center, zoom = mapview.fit_view(fit.bounds)
    return center, zoom if view.zoom is None else view.zoom


def explore() -> ViewState:
    """Header, timeline, a full-width map beside a collapsible panel; filters in the sidebar."""
    view = S.view = view_from_widgets()
    count, free_days = kept_count(view)
    layer, shown, fit, track = map_layer(view, count)
    if "map_origin" not in S:
        S.map_origin = first_view(view, fit)
        S.panel_open = view.event is not None
    st.html(panel.PANEL_CSS + panel.EXPLORE_CSS)
    title_col, count_col, png_col, brief_col = st.columns([4, 3, 1.3, 1.3], vertical_alignment="center")
    title_col.markdown(f"### {tr('What happened where, and when')}")
    count_col.caption(tr("{events} from {articles} · database {db}",
                         events=tr.n("{count} event", "{count} events", TOTAL) if count == TOTAL
                         else tr("{shown} of {total} events", shown=tr.num(count), total=tr.num(TOTAL)),
                         articles=tr.n("{count} article", "{count} articles", db.count_articles()),
                         db=db.name))
    png_col.download_button(tr("Download PNG"), data=lambda: png_bytes(png_events(view), view),
                            file_name="events.png", mime="image/png", on_click="ignore", width="stretch",
                            key="png_download", disabled=count == 0)
    brief_col.button(tr("Start briefing ▶"), key="start_briefing", on_click=set_mode, args=("briefing",),
                     width="stretch", disabled=count == 0, type="primary")
    show_notices()
    # Drawn top to bottom, computed map first: Streamlit sends each element as the script reaches it, and the
    # reader waits for the map, not for the histogram above it.
    timeline_box, notes_box = st.container(), st.container()
    # The panel column is always there (the map's place in the page, and so its iframe, stays the same);
    # collapsed, it is a thin strip with the button that opens it again.
    is_open = S.get("panel_open", False)
    map_col, panel_col = st.columns([3, 1.4] if is_open else [40, 1], gap="small")
    with map_col:
        draw_map(layer, key="map", track=track)
    with notes_box:
        if not fit.outliers.empty:
            note_col, all_col = st.columns([6, 1], vertical_alignment="center")
            note_col.caption(tr.n("{count} event outside this view: {places}",
                                  "{count} events outside this view: {places}", len(fit.outliers),
                                  places=tr.join(mapview.outlier_names(fit.outliers))))
            all_col.button(tr("Show all"), key="show_all", on_click=show_all, args=(shown,), type="tertiary")
    with timeline_box:
        timeline(view, free_days)
    if not S.view.event:
        st.caption(tr("Click a marker to see the sentence that puts it on the map."))
    with panel_col:
        if S.get("panel_open", False):
            event_panel(S.view, shown)
        else:
            st.button("◀", key="panel_toggle", on_click=toggle_panel, help=tr("Show the event panel"),
                      type="tertiary")
    # The sidebar last: its widgets are slow to mount in the browser, and the map should not wait for them.
    filter_widgets()
    exports(view)
    st.sidebar.header(tr("Share"))
    with st.sidebar:
        st.html(panel.SHARE_CSS + panel.share_box(views.share_url(st.context.url or "http://localhost:8501/",
                                                                  S.view), tr), unsafe_allow_javascript=True)
    st.sidebar.caption(tr("This link opens exactly this view."))
    st.sidebar.selectbox(tr("Language"), views.LANGS, index=views.LANGS.index(tr.lang), key="w_lang",
                         format_func=lambda code: i18n.LANG_NAMES[code], on_change=set_lang)
    return S.view


final = briefing() if S.view.mode == "briefing" else explore()
st.caption(tr("Map data: Natural Earth (public domain), © OpenStreetMap contributors, © CARTO (online tiles) · "
              "Places: GeoNames (CC BY 4.0)"))
st.query_params.from_dict(final.to_query())
