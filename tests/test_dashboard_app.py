"""The dashboard page in Streamlit's AppTest: markers, clicks, the panel, links, briefing, on real data."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from app_data import XSS_TEXT, fill
from streamlit.testing.v1 import AppTest

import app_state
from geo.ui import mapview

pytestmark = pytest.mark.slow
APP = str(Path(__file__).resolve().parents[1] / "dashboard.py")


@pytest.fixture(scope="module")
def digest_db(tmp_path_factory, pipeline):
    path = tmp_path_factory.mktemp("dash") / "digest.db"
    store = fill(path, pipeline, xss=True)
    events = store.events()
    store.close()
    return path, events


@pytest.fixture
def app(digest_db, monkeypatch):
    """An AppTest on the digest database (the cached store of another test is dropped first)."""
    path, _ = digest_db
    monkeypatch.setenv("GEO_DB", str(path))
    app_state.reset()

    def make(**params):
        at = AppTest.from_file(APP, default_timeout=120)
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()

    yield make
    app_state.reset()


def component(at):
    return json.loads(at.get("component_instance")[0].proto.json_args)


def markers(at) -> list[str]:
    payload = mapview.payload_from_js(component(at)["feature_group"])
    return payload["id"]


def query(at) -> dict[str, str]:
    """The page's URL query as the browser would show it."""
    return {key: at.query_params[key] for key in at.query_params}


def by_place(events, place):
    return next(e for e in events if e["place"] == place)


def texts(at) -> str:
    """Everything the page shows as HTML or iframe documents (the panel's card, the article)."""
    parts = [el.proto.body for el in at.get("html")]
    parts += [el.proto.srcdoc for el in at.get("iframe")]
    return "\n".join(parts)


def digest_events(events):
    return [e for e in events if "Kharkiv" not in e["place"]]


def test_one_marker_per_event_of_the_digest(app, digest_db):
    _, events = digest_db
    digest = digest_events(events)
    at = app(article=digest[0]["article_id"])
    assert not at.exception
    ids = markers(at)
    assert sorted(ids) == sorted(e["id"] for e in digest)
    # The five events the digest reports: three strikes (Ilsky refinery, two pumping stations) and two meetings.
    shown = {(e["type"], e["place"]) for e in digest}
    assert {("strike", "Il’skiy"), ("strike", "Kropotkin"), ("strike", "Andreapol’"), ("meeting", "Paris"),
            ("meeting", "Riyadh")} <= shown
    assert len([e for e in digest if e["type"] in ("strike", "meeting")]) == 5
    assert f"{len(digest)} of {len(events)} events" in " ".join(c.value for c in at.caption)


def test_a_click_on_the_ilsky_marker_selects_it_and_the_panel_shows_the_sentence(app, digest_db):
    _, events = digest_db
    ilsky = by_place(events, "Il’skiy")
    at = app()
    assert "Click a marker" in " ".join(c.value for c in at.caption)
    key = component(at)["key"]
    at.session_state[key] = {"last_object_clicked_tooltip": f"Il’skiy · 2025-02-17 · strike ev:{ilsky['id']}"}
    at.run()
    assert not at.exception
    assert query(at)["event"] == ilsky["id"]
    shown = texts(at)
    assert "raffinerie de pétrole d'Ilsky" in shown or "raffinerie de pétrole d’Ilsky" in shown
    assert '<mark class="sentence" id="hl">' in shown and '<mark class="place">Ilsky</mark>' in shown
    assert "Krasnodar Krai" in shown and "facility" in shown
    # the article's other events are selectable
    others = [b for b in at.button if b.key and b.key.startswith("other_")]
    assert len(others) == len(digest_events(events)) - 1
    payload = mapview.payload_from_js(component(at)["feature_group"])
    assert payload["id"][payload["sel"]] == ilsky["id"]


def test_choosing_another_event_of_the_article_centres_the_map_on_it(app, digest_db):
    _, events = digest_db
    ilsky, riyadh = by_place(events, "Il’skiy"), by_place(events, "Riyadh")
    at = app(event=ilsky["id"])
    at.button(key=f"other_{riyadh['id']}").click().run()
    assert query(at)["event"] == riyadh["id"]
    assert component(at)["center"] == [24.68773, 46.72185] and query(at)["zoom"] == "9"


def test_a_date_range_of_the_18th_hides_the_strikes(app, digest_db):
    _, events = digest_db
    at = app(**{"from": "2025-02-18", "to": "2025-02-18"})
    assert not at.exception and not at.warning
    shown = set(markers(at))
    assert shown == {e["id"] for e in events if e["date"] == "2025-02-18"}
    assert not any(e["type"] == "strike" and e["id"] in shown for e in digest_events(events))
    assert at.slider(key="w_range").value == (dt.date(2025, 2, 18), dt.date(2025, 2, 18))
    # the histogram marks the chosen day and fades the strikes' day
    assert re.search(r"title='Feb 18, 2025: \d+ events[^']*' style='opacity:1'", texts(at))
    assert re.search(r"title='Feb 17, 2025: 3 events \(3 strike\)' style='opacity:0.22'", texts(at))


def test_a_share_link_restores_event_zoom_and_filters(app, digest_db):
    _, events = digest_db
    kropotkin = by_place(events, "Kropotkin")
    at = app(event=kropotkin["id"], zoom="7", type="strike", q="pompage")
    assert not at.exception and not at.warning
    args = component(at)
    assert args["zoom"] == 7
    payload = mapview.payload_from_js(args["feature_group"])
    assert payload["id"][payload["sel"]] == kropotkin["id"]
    assert at.multiselect(key="w_types").value == ["strike"] and at.text_input(key="w_q").value == "pompage"
    assert "Kropotkinskaya" in texts(at)
    assert query(at) == {"event": kropotkin["id"], "zoom": "7", "type": "strike", "q": "pompage"}


def test_a_malformed_link_shows_the_rest_and_a_notice(app, digest_db):
    _, events = digest_db
    at = app(zoom="99", type="strike,foo", min_conf="7", mode="present", event="0000000000000000", **{"from": "bad"})
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    for fragment in ("zoom='99'", "foo", "min_conf='7'", "mode='present'", "from='bad'", "0000000000000000"):
        assert fragment in notices
    assert sorted(markers(at)) == sorted(e["id"] for e in events if e["type"] == "strike")
    assert query(at) == {"type": "strike"}


def test_filters_show_counts_and_reach_the_url(app, digest_db):
    _, events = digest_db
    at = app()
    at.multiselect(key="w_types").set_value(["meeting"]).run()
    meetings = [e for e in events if e["type"] == "meeting"]
    assert sorted(markers(at)) == sorted(e["id"] for e in meetings)
    assert f"{len(meetings)} of {len(events)} events" in " ".join(c.value for c in at.caption)
    at.text_input(key="w_q").set_value("Riyad").run()
    assert markers(at) == [by_place(events, "Riyadh")["id"]]
    assert query(at) == {"type": "meeting", "q": "Riyad"}


def test_stepping_the_timeline_moves_the_window(app):
    at = app(**{"from": "2025-02-17", "to": "2025-02-17"})
    at.button(key="day_forward").click().run()
    assert query(at)["from"] == "2025-02-18" and query(at)["to"] == "2025-02-18"
    at.button(key="day_back").click().run()
    assert query(at)["from"] == "2025-02-17"


def test_the_hostile_article_is_shown_as_text(app, digest_db):
    _, events = digest_db
    kharkiv = next(e for e in events if "Kharkiv" in e["place"])
    at = app(event=kharkiv["id"])
    shown = texts(at)
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown and "&lt;script&gt;alert(2)&lt;/script&gt;" in shown
    assert "<img src=x" not in shown and "<script>alert" not in shown
    assert "javascript:alert" not in shown.replace("javascript:alert(4)</div>", "")  # shown, never a link
    assert "href='javascript" not in shown
    assert XSS_TEXT.split("\n")[0][:10] in shown


def test_export_buttons_for_the_filtered_view(app):
    at = app(type="strike")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download PNG", "PNG picture (1920×1080)", "GeoJSON", "CSV", "KML (Google Earth)",
                      "HTML map (needs internet to open)"]


def test_briefing_steps_through_the_events_in_date_order(app, digest_db):
    _, events = digest_db
    at = app(mode="briefing", type="strike,meeting")
    assert not at.exception
    total = len([e for e in events if e["type"] in ("strike", "meeting")])
    assert f"1 / {total}" in texts(at)
    assert not at.multiselect and not at.slider  # controls hidden
    first = query(at)["event"]
    assert next(e for e in events if e["id"] == first)["date"] == "2025-02-17"
    at.button(key="brief_next").click().run()
    assert f"2 / {total}" in texts(at) and query(at)["step"] == "1"
    assert query(at)["event"] != first
    (lat, lon), zoom = mapview.brief_focus(next(e for e in events if e["id"] == query(at)["event"]))
    assert component(at)["center"] == [lat, lon] and component(at)["zoom"] == zoom
    at.button(key="brief_exit").click().run()
    assert "mode" not in query(at) and at.multiselect(key="w_types").value == ["meeting", "strike"]


def test_the_demo_data_opens_with_markers(tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_DB", str(tmp_path / "demo.db"))
    app_state.reset()
    try:
        at = AppTest.from_file(APP, default_timeout=300).run()
        assert not at.exception
        ids = markers(at)
        stored = app_state.store().events()
        # events far before the dense range (background history) are counted, one click away; the parser now
        # keeps recalled happenings off the map, so the demo may store none
        old = [e for e in stored if (e["date"] or "9") < "2025-01-01"]
        assert len(ids) >= 8 and len(ids) == len(stored) - len(old)
        if old:
            assert at.button(key="include_earlier").label == f"Include {len(old)} earlier event"
            at.button(key="include_earlier").click().run()
        assert len(markers(at)) == len(stored)
    finally:
        app_state.reset()


def test_the_first_view_fits_the_filtered_events(app, digest_db):
    _, events = digest_db
    at = app(type="strike")
    args = component(at)
    strikes = [e for e in events if e["type"] == "strike"]
    # the browser frames this box at the map's real size (static/geo/geo-events.js, frame())
    (south, west), (north, east) = mapview.payload_from_js(args["feature_group"])["fit"]
    assert (south, north) == (min(e["lat"] for e in strikes), max(e["lat"] for e in strikes))
    assert (west, east) == (min(e["lon"] for e in strikes), max(e["lon"] for e in strikes))
    lat, lon = mapview.initial_view(pd.DataFrame(strikes))[0]  # and the first paint is already close
    assert south <= lat <= north and west <= lon <= east
    assert "lat" not in query(at) and "zoom" not in query(at)  # a fitted view is not written into the link


def test_french_interface_from_the_link_and_kept_in_it(app):
    at = app(lang="fr")
    assert not at.exception
    body = texts(at) + " ".join(b.label for b in at.button) + " ".join(c.value for c in at.caption)
    assert "Lancer le briefing ▶" in body and "Cliquez sur un marqueur" in body
    assert at.multiselect(key="w_types").label == "Types d’événement"
    assert "Frappe, bombardement, explosion" in component(at)["script"]  # the legend on the map
    assert query(at)["lang"] == "fr"
    at.selectbox(key="w_lang").set_value("en").run()
    assert "Start briefing ▶" in " ".join(b.label for b in at.button) and query(at)["lang"] == "en"


def test_past_the_marker_limit_the_map_draws_the_databases_grid_then_markers_once_zoomed_in(app, digest_db,
                                                                                              monkeypatch):
    _, events = digest_db
    monkeypatch.setenv("GEO_MAP_MAX_MARKERS", "3")
    at = app()
    assert not at.exception
    args = component(at)
    assert mapview.payload_from_js(args["feature_group"]) is None  # no markers: the grid
    grid = mapview.grid_from_js(args["feature_group"])
    caption = " ".join(c.value for c in at.caption)
    shown = int(re.search(r"(\d+) (?:of \d+ )?events", caption).group(1))
    assert shown > 3 and sum(grid["n"]) == shown
    assert "bounds" in args["returned_objects"]  # pans and zooms come back to the page, which follows them
    # The reader zooms in on Riyadh: few events in view, so their markers.
    riyadh = by_place(events, "Riyadh")
    box = {"_southWest": {"lat": riyadh["lat"] - 0.5, "lng": riyadh["lon"] - 0.5},
           "_northEast": {"lat": riyadh["lat"] + 0.5, "lng": riyadh["lon"] + 0.5}}
    at.session_state["map"] = {"bounds": box, "zoom": 9}  # what streamlit-folium returns after a zoom
    at.run()
    assert not at.exception
    payload = mapview.payload_from_js(component(at)["feature_group"])
    assert riyadh["id"] in payload["id"] and len(payload["id"]) <= 3
    assert query(at).get("lat") is None  # following the map is not part of the share link
