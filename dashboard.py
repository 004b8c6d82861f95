"""The newsroom map's main page: reads the URL and widgets, calls geo.*, draws. No parsing, SQL or HTML here."""

from __future__ import annotations

import datetime as dt
import json
import time

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app_state import article_titles, events_frame, facet_counts, searched_places, store
from geo.errors import GeoError
from geo.export import maps as export_formats
from geo.export import records as export
from geo.ui import highlight, mapview, panel
from geo.ui import timeline as histogram
from geo.ui import view as views
from geo.ui.view import ViewState

st.set_page_config(page_title="What happened where", layout="wide")
S = st.session_state
PLAY_SECONDS = 1.5
MAP_HEIGHT = 600
ARTICLE_CHOICES = 300  # the newest articles offered in the filter (a longer list is unusable, and slow to send)

try:
    db = store()
    everything = events_frame()
    titles = article_titles()
    facets = facet_counts()
except GeoError as exc:
    st.error(str(exc))
    st.stop()
bounds = views.date_bounds(everything)

# ------------------------------------------------------------------ the view: the URL once, then session state
if "view" not in S:
    params = {key: st.query_params.get_all(key) for key in st.query_params.keys()}
    first, notices = ViewState.from_query(params)
    first, stale = views.check_against(first, everything)
    S.view, S.notices = first, notices + stale
    S.map_origin = mapview.initial_view(everything, first.lat, first.lon, first.zoom, first.event)

# Widgets keep their state in S.w_*; Streamlit forgets it while they are not drawn (briefing), so seed again.
seeds = {"w_types": list(S.view.types), "w_countries": list(S.view.countries), "w_articles": list(S.view.articles),
         "w_q": S.view.q, "w_minconf": S.view.min_conf}
if bounds:
    lo, hi = bounds
    seeds["w_range"] = (min(max(S.view.date_from or lo, lo), hi), max(min(S.view.date_to or hi, hi), lo))
for key, value in seeds.items():
    if key not in S:
        S[key] = value
if "_next_range" in S:  # set by the player between runs: widgets' state may only change before they exist
    S.w_range = S.pop("_next_range")


def select(event_id: str | None, center: bool = False) -> None:
    """Select an event (from a marker, a list or the briefing); optionally centre the map on it."""
    changes: dict = {"event": event_id}
    if center and event_id is not None:
        hit = everything[everything["id"] == event_id]
        if not hit.empty:
            (lat, lon), zoom = mapview.focus(hit.iloc[0])
            changes.update(lat=lat, lon=lon, zoom=zoom)
    S.view = S.view.replace(**changes)


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


def draw_map(layer_df: pd.DataFrame, selected: str | None, key: str, height: int = MAP_HEIGHT) -> None:
    """The map: base fixed per session (the iframe stays), markers swapped; a click selects an event."""
    (lat, lon), zoom = S.map_origin
    base = mapview.base_map(mapview.local_assets(), center=(lat, lon), zoom=zoom)
    view = S.view
    center = (view.lat, view.lon) if view.lat is not None and view.lon is not None else None
    out = st_folium(base, feature_group_to_add=mapview.event_layer(layer_df, selected), key=key,
                    returned_objects=CLICK_FIELDS, center=center, zoom=view.zoom,
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
        if st.button("Dismiss", key="dismiss_notices"):
            S.notices = []
            st.rerun()


# ------------------------------------------------------------------ briefing mode
def briefing() -> ViewState:
    """One filtered event at a time, in date order, large, with the map centred on it."""
    st.html(panel.PANEL_CSS + panel.BRIEFING_CSS)
    view = S.view
    shown = views.briefing_order(views.filter_events(everything, view, searched_places(view.q)))
    show_notices()
    if shown.empty:
        st.info("No events in this view to brief on.")
        st.button("Back to the map", on_click=set_mode, args=("explore",), key="brief_exit")
        return view
    step = views.briefing_step(view, len(shown))
    row = shown.iloc[step]
    (lat, lon), zoom = mapview.focus(row)
    view = S.view = view.replace(step=step, event=row["id"], lat=lat, lon=lon, zoom=zoom)
    left, right = st.columns([3, 2], gap="large")
    with left:
        draw_map(shown, row["id"], key="brief_map", height=640)
    with right:
        st.html(panel.briefing_card(row, db.article(row["article_id"]), step, len(shown)))
        prev_col, next_col, exit_col = st.columns(3)
        prev_col.button("◀ Previous", key="brief_prev", on_click=set_step, args=(step - 1,), disabled=step == 0,
                        width="stretch")
        next_col.button("Next ▶", key="brief_next", on_click=set_step, args=(step + 1,),
                        disabled=step >= len(shown) - 1, width="stretch", type="primary")
        exit_col.button("Exit briefing", key="brief_exit", on_click=set_mode, args=("explore",), width="stretch")
        st.caption("Keys: ← → step, Esc leaves the briefing.")
    st.html(panel.BRIEFING_KEYS, unsafe_allow_javascript=True)
    return view


# ------------------------------------------------------------------ explore mode
def view_from_widgets() -> ViewState:
    """The view the filter widgets describe (their values are in session state before they are drawn)."""
    date_from = date_to = None
    if bounds and "w_range" in S:
        date_from, date_to = S.w_range
        if (date_from, date_to) == bounds:
            date_from = date_to = None  # the whole range is the default: keep the link short
    return S.view.replace(types=tuple(S.w_types), countries=tuple(S.w_countries), articles=tuple(S.w_articles),
                          q=S.w_q, min_conf=S.w_minconf, date_from=date_from, date_to=date_to)


def filter_widgets() -> None:
    """The sidebar's filters, with the number of events beside each choice."""
    side = st.sidebar
    side.header("Filters")
    by_type, by_country, by_article = facets["type"], facets["country"], facets["article_id"]
    side.multiselect("Event types", list(mapview.TYPES), key="w_types", placeholder="All types",
                     format_func=lambda t: f"{t} ({by_type.get(t, 0):,})")
    side.multiselect("Countries", sorted(c for c in by_country if c), key="w_countries",
                     placeholder="All countries", format_func=lambda c: f"{c} ({by_country.get(c, 0):,})")
    choices = list(dict.fromkeys([*S.w_articles, *list(titles)[:ARTICLE_CHOICES]]))
    side.multiselect("Articles", choices, key="w_articles", placeholder="All articles",
                     format_func=lambda a: f"{titles.get(a, a)} ({by_article.get(a, 0):,})",
                     help=None if len(titles) <= ARTICLE_CHOICES else
                     f"The {ARTICLE_CHOICES} newest of {len(titles):,} articles; search finds the others' events.")
    side.text_input("Search place, sentence, headline, people", key="w_q")
    side.slider("Minimum confidence", 0.0, 1.0, step=0.05, key="w_minconf")


def timeline(view: ViewState) -> None:
    """Date-range slider, events-per-day histogram with the range marked, step and play."""
    if not bounds:
        return
    lo, hi = bounds
    slider_col, buttons_col = st.columns([5, 2], vertical_alignment="bottom")
    with slider_col:
        if lo < hi:
            st.slider("Dates", min_value=lo, max_value=hi, step=dt.timedelta(days=1), format="YYYY-MM-DD",
                      key="w_range")
        else:
            st.caption(f"All dated events are on {lo.isoformat()}.")
    with buttons_col:
        back, forward, play = st.columns(3)
        back.button("◀ day", key="day_back", on_click=shift, args=(-1,), disabled=lo == hi, width="stretch")
        forward.button("day ▶", key="day_forward", on_click=shift, args=(1,), disabled=lo == hi, width="stretch")
        play.toggle("Play", key="playing", disabled=lo == hi)
    days = views.per_day(everything, view)
    if not days.empty:
        window = views.histogram_window(view, bounds)
        st.html(histogram.HISTOGRAM_CSS + histogram.histogram_html(days, window, (view.date_from, view.date_to)))
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


def event_panel(view: ViewState, shown: pd.DataFrame) -> None:
    """The selected event, its article with the sentence highlighted, and the article's other events."""
    with st.container(key="event_panel"):
        hit = everything[everything["id"] == view.event] if view.event else everything.iloc[0:0]
        if hit.empty:
            st.info("Click a marker to see the sentence that puts it on the map.")
            return
        row = hit.iloc[0]
        if not (shown["id"] == view.event).any():
            st.caption("This event is outside the current filters.")
        article = db.article(row["article_id"]) or {}
        st.html(panel.event_card(row, article))
        if article.get("text"):
            st.iframe(highlight.page(article["text"], (row["sentence_start"], row["sentence_end"]),
                                     (row["mention_start"], row["mention_end"])), height=340)
        others = everything[(everything["article_id"] == row["article_id"]) & (everything["id"] != row["id"])]
        if not others.empty:
            st.markdown("**Other events in this article**")
            for other in views.briefing_order(others).itertuples():
                st.button(panel.event_label(other._asdict()), key=f"other_{other.id}", on_click=select,
                          args=(other.id, True), width="stretch")
        stacked = views.same_place(everything, row["id"])
        if not stacked.empty:
            st.markdown("**Other events at the same point**")
            for other in stacked.head(10).itertuples():
                st.button(panel.event_label(other._asdict()), key=f"stack_{other.id}", on_click=select,
                          args=(other.id, False), width="stretch")
        st.button("Clear selection", key="clear_selection", on_click=select, args=(None,))


def exports(shown: pd.DataFrame) -> None:
    """Download buttons for the filtered events; each file is built only when its button is clicked (turning
    100,000 rows into GeoJSON on every rerun would cost seconds)."""
    side = st.sidebar
    side.header("Export this view")
    formats = [
        ("GeoJSON", "events.geojson", "application/geo+json",
         lambda: json.dumps(export.to_geojson(views.records(shown)), ensure_ascii=False)),
        ("CSV", "events.csv", "text/csv", lambda: export.to_csv(views.records(shown))),
        ("KML (Google Earth)", "events.kml", "application/vnd.google-earth.kml+xml",
         lambda: export_formats.to_kml(views.records(shown))),
        ("HTML map (needs internet to open)", "events.html", "text/html",
         lambda: export_formats.to_html_map(views.records(shown))),
    ]
    for label, name, mime, build in formats:
        side.download_button(label, data=build, file_name=name, mime=mime, on_click="ignore", width="stretch")


def explore() -> ViewState:
    """Filters, timeline, map and the selected event's panel."""
    view = S.view = view_from_widgets()
    shown = views.filter_events(everything, view, searched_places(view.q))
    st.html(panel.PANEL_CSS)
    title_col, brief_col = st.columns([5, 1], vertical_alignment="bottom")
    title_col.title("What happened where, and when")
    brief_col.button("Start briefing ▶", key="start_briefing", on_click=set_mode, args=("briefing",),
                     width="stretch", disabled=shown.empty)
    show_notices()
    st.caption(f"{views.counts(len(shown), len(everything))} from {db.count_articles()} articles · "
               f"database {db.name}")
    timeline(view)
    map_col, panel_col = st.columns([3, 2], gap="medium")
    with map_col:
        draw_map(shown, S.view.event, key="map")
    with panel_col:
        event_panel(S.view, shown)
    # The sidebar last: its widgets are slow to mount in the browser, and the map should not wait for them.
    filter_widgets()
    exports(shown)
    st.sidebar.header("Share")
    with st.sidebar:
        st.html(panel.SHARE_CSS + panel.share_box(views.share_url(st.context.url or "http://localhost:8501/",
                                                                  S.view)), unsafe_allow_javascript=True)
    st.sidebar.caption("This link opens exactly this view.")
    return S.view


final = briefing() if S.view.mode == "briefing" else explore()
st.caption("Map data: © OpenStreetMap contributors, © CARTO · Places: GeoNames (CC BY 4.0) · "
           "Outlines: Natural Earth (public domain)")
st.query_params.from_dict(final.to_query())
