"""The map builders, tested by rendering their HTML/JS (no browser)."""

import json
import re

import folium
import pandas as pd
import pytest
from streamlit_folium import _get_feature_group_string, _get_map_string

from geo.ui import mapview
from geo.ui.i18n import Translator
from geo.ui import view as views

XSS = "<img src=x onerror=alert(1)>"


def row(id_, type_="strike", place="Il’skiy", precision="settlement", confidence=0.9, conflicts=(), lat=44.84,
        lon=38.57, date="2025-02-17"):
    return dict(id=id_, type=type_, date=date, place=place, admin1="", country="RU", lat=lat, lon=lon,
                precision=precision, confidence=confidence, conflicts=list(conflicts), sentence="s", headline="h",
                actors=[], article_id="a1", sources=["a1"])


def render(df, selected=None, **kw):
    """The whole standalone page folium renders for a map with the event layer."""
    m = mapview.base_map(mapview.local_assets(), outlines=False)
    mapview.event_layer(df, selected, **kw).add_to(m)
    return m.get_root().render()


@pytest.fixture(scope="module")
def page_html():
    return mapview.base_map(mapview.local_assets()).get_root().render()


def test_base_map_loads_nothing_from_a_cdn(page_html):
    urls = set(re.findall(r"""(?:src|href)=["']([^"']+)["']""", page_html))
    scripts = {u for u in urls if u.endswith((".js", ".css"))}
    assert scripts == {"/app/static/vendor/leaflet-1.9.3/leaflet.js", "/app/static/geo/geo-events.js",
                       "/app/static/vendor/leaflet-1.9.3/leaflet.css", "/app/static/geo/geo-events.css"}
    for cdn in ("jsdelivr", "cdnjs", "code.jquery", "bootstrapcdn", "unpkg", "fontawesome"):
        assert cdn not in page_html


def test_static_files_the_map_names_are_in_the_repo():
    assets = mapview.local_assets()
    root = mapview.REPO_STATIC
    for _, url in assets.js + assets.css:
        assert (root / url.removeprefix("/app/static/")).is_file(), url
    assert (root / assets.image_path.removeprefix("/app/static/") / "marker-icon.png").is_file()
    assert (root / "vendor/leaflet-1.9.3/LICENSE").is_file()


def test_base_map_has_tiles_outlines_legend_and_attribution(page_html):
    assert "tile.openstreetmap.org" in page_html and "basemaps.cartocdn.com/light_all" in page_html
    # The offline basemap is the default base layer: its files are fetched from /app/static/basemap by zoom.
    assert "GeoEvents.basemap(" in page_html and "/app/static/basemap" in page_html
    for layer in mapview.basemap.LAYERS:
        assert layer["file"] in page_html and mapview.basemap.layer_path(layer["file"]).is_file()
    assert "L.Icon.Default.imagePath = " in page_html and "/app/static/vendor/leaflet-1.9.3/images/" in page_html
    assert "GeoNames" in page_html and "CC BY 4.0" in page_html and "Natural Earth" in page_html
    assert "GeoEvents.legend(" in page_html and "Strike, shelling, explosion" in page_html
    assert "preferCanvas" in page_html


def test_base_map_js_is_the_same_for_the_same_arguments():
    # streamlit-folium keys the iframe on this script: equal scripts keep the map (and the reader's pan) alive.
    one = _get_map_string(mapview.base_map(mapview.local_assets(), center=(45, 30), zoom=5))
    two = _get_map_string(mapview.base_map(mapview.local_assets(), center=(45, 30), zoom=5))
    strip = lambda s: re.sub(r"_[a-z0-9]+", "", s)  # noqa: E731 (what generate_js_hash ignores)
    assert strip(one) == strip(two)


def test_one_marker_per_event_with_ids_types_and_precision():
    df = views.frame([
        row("e1"), row("e2", "meeting", "Paris", lat=48.85, lon=2.35),
        row("e3", "statement", "Krasnodar Krai", precision="region", conflicts=["text says X, gazetteer says Y"]),
        row("e4", "clash", "Russia", precision="country", confidence=0.3),
    ])
    payload = mapview.payload_from_js(render(df, selected="e3"))
    assert payload["id"] == ["e1", "e2", "e3", "e4"] and payload["cluster"] is False
    assert [payload["types"][t] for t in payload["t"]] == ["strike", "meeting", "statement", "clash"]
    assert [payload["places"][p] for p in payload["p"]] == ["Il’skiy", "Paris", "Krasnodar Krai", "Russia"]
    assert [payload["dates"][d] for d in payload["d"]] == ["2025-02-17"] * 4
    # precision class 0 settlement, 2 region, 3 country; +4 when there is a conflict or low confidence
    assert payload["s"] == [0, 0, 2 + 4, 3 + 4]
    assert payload["sel"] == 2
    assert payload["lat"][1] / payload["scale"] == 48.85


def test_colours_and_shapes_by_type_reach_the_browser():
    html = render(views.frame([row("e1")]))
    start = html.index("GeoEvents.draw(")
    _, end = json.JSONDecoder().raw_decode(html, html.index("{", start))
    options, _ = json.JSONDecoder().raw_decode(html, html.index("{", end))
    assert options["styles"]["strike"] == {"color": "#D55E00", "shape": "triangle"}
    assert options["styles"]["meeting"] == {"color": "#0072B2", "shape": "circle"}
    assert len({s["color"] for s in options["styles"].values()}) == len(mapview.TYPES)
    assert options["precision"][0]["fill"] > 0.5 > options["precision"][2]["fill"]  # filled point, hollow area
    assert options["uncertain"]["dash"]


def test_the_tooltip_template_ends_with_the_event_id():
    js = (mapview.REPO_STATIC / "geo" / "geo-events.js").read_text()
    assert "\" <span class='ge-id'>ev:\" + d.id[i] + \"</span>\"" in js
    text = "Il’skiy · 2025-02-17 · strike · uncertain ev:5e1dd779172d8a55"
    assert mapview.event_id_from_tooltip(text) == "5e1dd779172d8a55"
    assert mapview.event_id_from_tooltip("1,234 events: 800 strike — click to zoom in") is None
    assert mapview.event_id_from_tooltip(None) is None


@pytest.mark.parametrize("evil", [XSS, "<script>alert(2)</script>", "`;alert(3);`", "${alert(4)}", "{{ 7*7 }}",
                                  "{% raw %}", "</script><script>alert(5)</script>", "a\u2028b", "\\"])
def test_every_article_string_is_escaped(evil):
    df = views.frame([row("e1", place=evil), row("e2", date=evil)])
    html = render(df)
    payload = mapview.payload_from_js(html)
    # The strings the browser concatenates into tooltips are HTML-escaped and free of JS/Jinja syntax.
    for text in payload["places"] + payload["dates"]:
        assert not any(bad in text for bad in ("<", "`", "${", "{", "}", "\\"))
    place, date = payload["places"][payload["p"][0]], payload["dates"][payload["d"][1]]
    assert place == mapview.esc(evil) and date == mapview.esc(evil)
    assert evil == "\\" or evil not in html  # a lone backslash is everywhere in JSON


def test_ids_that_are_not_plain_are_escaped_too():
    payload = mapview.event_payload(views.frame([row("<b>x</b>")]))
    assert payload["id"] == ["&lt;b&gt;x&lt;/b&gt;"]


def test_streamlit_folium_keeps_the_payload_intact():
    # Its variable renaming rewrites "_abc…" tokens: data with underscores must survive it unchanged.
    df = views.frame([row("id_with_underscore", place="Saint_Petersburg_map_1"), row("e2", place="feature_group_0")])
    m = mapview.base_map(mapview.local_assets(), outlines=False)
    js = _get_feature_group_string(mapview.event_layer(df), m)
    payload = mapview.payload_from_js(js)
    assert payload["id"] == ["id_with_underscore", "e2"]
    assert payload["places"] == ["Saint_Petersburg_map_1", "feature_group_0"]
    assert "GeoEvents.draw(feature_group_feature_group_0," in js


def test_clustering_switches_on_past_the_threshold():
    df = views.frame([row(f"e{i}", lat=40 + i / 100) for i in range(11)])
    assert mapview.event_payload(df, threshold=11)["cluster"] is False
    assert mapview.event_payload(df, threshold=10)["cluster"] is True
    assert mapview.payload_from_js(render(df, threshold=10))["cluster"] is True


def test_a_large_layer_stays_small():
    df = views.frame([row(f"{i:016x}", place=f"Place {i % 3000}", lat=30 + (i % 997) / 50, lon=20 + (i % 991) / 40)
                      for i in range(20_000)])
    js = _get_feature_group_string(mapview.event_layer(mapview.prepare(df)),
                                   mapview.base_map(mapview.local_assets(), outlines=False))
    assert len(js) / 20_000 < 70  # bytes per event: 100,000 events stay well under 10 MB


def test_empty_layer():
    payload = mapview.event_payload(views.frame([]))
    assert payload["id"] == [] and payload["sel"] == -1


def test_focus_zooms_closer_for_a_town_than_for_a_country():
    (lat, lon), town = mapview.focus(row("e1", lat=44.842221, lon=38.566861))
    _, country = mapview.focus(row("e2", precision="country"))
    assert (lat, lon) == (44.84222, 38.56686) and town > country


def test_initial_view_prefers_the_link_then_the_event_then_the_data():
    df = views.frame([row("e1", lat=44.84, lon=38.57), row("e2", "meeting", "Paris", lat=48.85, lon=2.35),
                      row("e3", lat=24.69, lon=46.72)])
    assert mapview.initial_view(df, 10.0, 20.0, 7) == ((10.0, 20.0), 7)
    assert mapview.initial_view(df, event="e2", zoom=11) == ((48.85, 2.35), 11)
    assert mapview.initial_view(df, event="e2")[1] == 9
    (lat, lon), zoom = mapview.initial_view(df)
    assert 24 < lat < 49 and 2 < lon < 47 and 2 <= zoom <= 5
    assert mapview.initial_view(df, event="missing")[0] == (lat, lon)


def test_the_map_and_the_exports_colour_types_alike():
    from geo.export.maps import TYPE_COLOURS

    assert {t: s["color"] for t, s in mapview.TYPE_STYLE.items()} == TYPE_COLOURS


def test_legend_names_every_type_and_the_precision_code():
    legend = mapview.legend_html(Translator("en"))
    for style in mapview.TYPE_STYLE.values():
        assert style["label"] in legend and style["color"] in legend
    assert "hollow" in legend and "Dashed" in legend and "Cluster" in legend
    # compact: the precision code is folded away until asked for
    assert "<details class='ge-more'><summary>Place precision</summary>" in legend


def test_the_legend_in_french():
    legend = mapview.legend_html(Translator("fr"))
    assert "Frappe, bombardement, explosion" in legend and "Précision du lieu" in legend and "Légende" in legend
    assert "Strike" not in legend


def test_first_view_fits_the_bulk_and_names_the_far_outliers():
    rows = [{"id": str(i), "lat": 48 + i * 0.3, "lon": 35 + i * 0.4, "place": f"P{i}", "country": "UA"}
            for i in range(12)]
    rows.append({"id": "far", "lat": 38.9, "lon": -77.0, "place": "Washington", "country": "US"})
    df = pd.DataFrame(rows)
    fit = mapview.bulk(df)
    assert list(fit.outliers["id"]) == ["far"]
    south, west, north, east = fit.bounds
    assert (south, west) == (48, 35) and north == pytest.approx(51.3) and east == pytest.approx(39.4)
    (lat, lon), zoom = mapview.initial_view(df)
    assert 48 < lat < 51.3 and 35 < lon < 39.4 and zoom >= 6  # Ukraine, not the Atlantic
    assert mapview.outlier_names(fit.outliers) == ["Washington (US)"]
    # a link's own view still wins
    assert mapview.initial_view(df, 10.0, 20.0, 3) == ((10.0, 20.0), 3)


def test_fit_view_zoom_is_the_largest_that_holds_the_box():
    (lat, lon), zoom = mapview.fit_view((44.0, 22.0, 52.0, 40.0), (1400, 620))
    assert zoom == 5 and lat == pytest.approx(48.2, abs=0.3) and lon == 31.0
    assert mapview.fit_view((50.0, 30.0, 50.0, 30.0))[1] == mapview.FIT_MAX_ZOOM  # one point: close, not infinite


def test_map_is_a_folium_map():
    assert isinstance(mapview.base_map(mapview.local_assets(), outlines=False), folium.Map)
