"""The dashboard in Debian's Chromium (Playwright) against `streamlit run`, with only localhost reachable."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from app_data import fill
from browser_support import Server

pytestmark = [pytest.mark.browser, pytest.mark.slow]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT = 60_000


@pytest.fixture(scope="module")
def digest(tmp_path_factory, pipeline):
    """A server on a database holding the digest and the hostile article."""
    folder = tmp_path_factory.mktemp("browser")
    store = fill(folder / "digest.db", pipeline, xss=True)
    events = store.events()
    store.close()
    server = Server(folder / "digest.db", folder / "streamlit.log")
    server.db = folder / "digest.db"
    yield server, events
    server.stop()


def idle(page) -> None:
    """Wait until the app has finished its run."""
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=TIMEOUT)


def map_frame(page):
    page.wait_for_selector(MAP_FRAME, timeout=TIMEOUT)
    frame = page.frame_locator(MAP_FRAME).first
    handle = page.query_selector(MAP_FRAME).content_frame()
    handle.wait_for_function("window.map && window.map._loaded && window.feature_group "
                             "&& window.feature_group.length > 0", timeout=TIMEOUT)
    return handle, frame


def open_app(page, server, query: str = ""):
    page.goto(server.url + query)
    handle, _ = map_frame(page)
    idle(page)
    return handle


# The layer streamlit-folium added last (it keeps older ones in the array after removing them from the map).
LAYER = "window.feature_group[window.feature_group.length - 1]"


def drawn(handle) -> list[str]:
    """Tooltip texts of the event markers drawn on the map."""
    handle.wait_for_function(f"{LAYER}.geoEvents !== undefined", timeout=TIMEOUT)
    return handle.evaluate(
        f"""() => {LAYER}.geoEvents.points.getLayers().map(l => {{
            const s = document.createElement('span'); s.innerHTML = l.getTooltip().getContent();
            return s.textContent; }})""")


def by_place(events, place):
    return next(e for e in events if e["place"] == place)


def digest_only(events):
    return [e for e in events if "Kharkiv" not in e["place"]]


def click_event(page, handle, event) -> None:
    """Click the marker of one event, where Leaflet draws it (positions taken at click time)."""
    # Scroll first: Playwright's own scrolling during the click would shift the map under the pointer.
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    point = handle.evaluate(f"() => window.map.latLngToContainerPoint([{event['lat']}, {event['lon']}])")
    container = page.frame_locator(MAP_FRAME).first.locator("#map_div")
    container.hover(position={"x": point["x"], "y": point["y"]})
    container.click(position={"x": point["x"], "y": point["y"]})


def test_the_digest_article_shows_one_marker_per_event(page, digest):
    server, events = digest
    ours = digest_only(events)
    handle = open_app(page, server, f"?article={ours[0]['article_id']}")
    tips = drawn(handle)
    assert len(tips) == len(ours)
    assert sorted(t.split("ev:")[-1] for t in tips) == sorted(e["id"] for e in ours)
    # three strikes and two meetings among them, each tooltip "place · date · type … ev:<id>"
    assert sum(" · strike" in t for t in tips) == 3 and sum(" · meeting" in t for t in tips) == 2
    assert any(t.startswith("Il’skiy · 2025-02-17 · strike") for t in tips)
    # nothing left this machine: tile requests were blocked, yet the map and the outlines are there
    outlines = "() => Object.values(window.map._layers).filter(l => l.feature && l.options.pane === 'ge-land')"
    handle.wait_for_function(outlines + ".length > 200", timeout=TIMEOUT)
    assert all(urlparse(u).hostname.endswith(("openstreetmap.org", "cartocdn.com")) for u in page.blocked)


def test_clicking_the_ilsky_marker_shows_the_refinery_sentence(page, digest):
    server, events = digest
    ilsky = by_place(events, "Il’skiy")
    handle = open_app(page, server)
    click_event(page, handle, ilsky)
    panel = page.locator(".st-key-event_panel")
    panel.get_by_text("Krasnodar Krai").first.wait_for(timeout=TIMEOUT)
    idle(page)
    assert parse_qs(urlparse(page.url).query)["event"] == [ilsky["id"]]
    article = panel.locator('iframe[title="st.iframe"]').content_frame
    sentence = article.locator("mark.sentence").first
    sentence.wait_for(timeout=TIMEOUT)
    marked = " ".join(article.locator("mark.sentence").all_inner_texts())
    assert "raffinerie de pétrole" in marked and "Ilsky" in marked
    assert article.locator("mark.place").inner_text() == "Ilsky"
    # scrolled into view inside its frame
    assert article.locator("body").evaluate(
        "b => { const r = document.getElementById('hl').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }")


def test_the_panel_says_why_the_dot_is_there_in_a_folded_section(page, digest):
    server, events = digest
    ilsky = by_place(events, "Il’skiy")
    open_app(page, server, f"?event={ilsky['id']}")
    why = page.locator(".st-key-event_panel details.ge-trace")
    why.wait_for(timeout=TIMEOUT)
    assert not why.evaluate("d => d.open")  # folded until asked
    why.locator("summary").click()
    why.get_by_text("Which place").wait_for(timeout=TIMEOUT)
    assert why.evaluate("d => d.open") and "Il’skiy" in why.inner_text()


def test_a_range_of_the_18th_hides_the_strikes(page, digest):
    server, events = digest
    handle = open_app(page, server, "?from=2025-02-18&to=2025-02-18")
    tips = drawn(handle)
    assert len(tips) == len([e for e in events if e["date"] == "2025-02-18"])
    assert tips and not any(" · strike" in t and "Kharkiv" not in t for t in tips)
    assert not any("2025-02-17" in t for t in tips)


def test_a_share_link_restores_the_event_and_the_zoom(page, digest):
    server, events = digest
    kropotkin = by_place(events, "Kropotkin")
    handle = open_app(page, server, f"?event={kropotkin['id']}&zoom=7")
    handle.wait_for_function("window.map.getZoom() === 7", timeout=TIMEOUT)
    center = handle.evaluate("() => window.map.getCenter()")
    assert abs(center["lat"] - kropotkin["lat"]) < 0.05 and abs(center["lng"] - kropotkin["lon"]) < 0.05
    page.locator(".st-key-event_panel").get_by_text("Kropotkinskaya").first.wait_for(timeout=TIMEOUT)
    selected = handle.evaluate(f"() => {LAYER}.geoEvents.points.getLayers()"
                               ".filter(l => l.options.weight === 3).map(l => l.getTooltip().getContent())")
    assert len(selected) == 1 and kropotkin["id"] in selected[0]
    assert parse_qs(urlparse(page.url).query) == {"event": [kropotkin["id"]], "zoom": ["7"]}


def test_the_hostile_article_runs_nothing(page, digest):
    server, events = digest
    kharkiv = next(e for e in events if "Kharkiv" in e["place"])
    handle = open_app(page, server, f"?event={kharkiv['id']}")
    panel = page.locator(".st-key-event_panel")
    panel.get_by_text("<img src=x onerror=alert(1)>").first.wait_for(timeout=TIMEOUT)
    article = panel.locator('iframe[title="st.iframe"]').content_frame
    article.locator("mark.sentence").first.wait_for(timeout=TIMEOUT)
    assert "<script>alert(2)</script>" in article.locator("body").inner_text()
    assert article.locator("img").count() == 0 and panel.locator("img").count() == 0
    assert any(t.startswith("Kharkiv · 2025-02-18 · strike") for t in drawn(handle))
    page.wait_for_timeout(1000)  # give any injected handler time to fire: the page fixture fails on a dialog


def test_briefing_steps_forward(page, digest):
    server, events = digest
    total = len(events)
    handle = open_app(page, server, "?mode=briefing")
    page.get_by_text(f"1 / {total}").wait_for(timeout=TIMEOUT)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    first = parse_qs(urlparse(page.url).query)["event"][0]
    page.wait_for_function("window.__geoBriefingKeys === true", timeout=TIMEOUT)  # the arrow keys are wired
    page.locator("h1, .ge-brief").first.click()  # focus the page, not the map (Leaflet keeps its own keys)
    page.keyboard.press("ArrowRight")
    page.get_by_text(f"2 / {total}").wait_for(timeout=TIMEOUT)
    idle(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["step"] == ["1"] and query["event"][0] != first
    second = next(e for e in events if e["id"] == query["event"][0])
    handle, _ = map_frame(page)
    handle.wait_for_function(f"Math.abs(window.map.getCenter().lat - {second['lat']}) < 0.05", timeout=TIMEOUT)
    page.locator(".st-key-brief_next button").click()
    page.get_by_text(f"3 / {total}").wait_for(timeout=TIMEOUT)


def test_play_advances_the_window_by_itself(page, digest):
    server, _ = digest
    open_app(page, server, "?from=2025-02-17&to=2025-02-17")
    page.locator(".st-key-playing label").click()
    page.wait_for_url(re.compile(r"from=2025-02-18"), timeout=TIMEOUT)
    page.locator(".st-key-playing label").click()  # stop, so the server is left idle


def test_clicking_the_same_marker_again_selects_it_again(page, digest):
    server, events = digest
    ilsky, riyadh = by_place(events, "Il’skiy"), by_place(events, "Riyadh")
    handle = open_app(page, server)
    click_event(page, handle, ilsky)
    page.wait_for_url(re.compile(f"event={ilsky['id']}"), timeout=TIMEOUT)
    idle(page)
    page.locator(f".st-key-other_{riyadh['id']} button").click()
    page.wait_for_url(re.compile(f"event={riyadh['id']}"), timeout=TIMEOUT)
    idle(page)
    handle, _ = map_frame(page)
    # the map now shows Riyadh: pan back to Ilsky as a reader would, then click the same marker again
    handle.evaluate(f"() => {{ window.map.setView([{ilsky['lat']}, {ilsky['lon']}], 6, {{animate: false}}); }}")
    page.wait_for_timeout(300)
    click_event(page, handle, ilsky)
    page.wait_for_url(re.compile(f"event={ilsky['id']}"), timeout=TIMEOUT)


def test_the_first_view_contains_the_filtered_events(page, digest):
    server, events = digest
    ours = digest_only(events)
    handle = open_app(page, server, f"?article={ours[0]['article_id']}")
    drawn(handle)
    handle.wait_for_timeout(500)  # the framing waits for the map's real size
    outside = handle.evaluate(f"""() => {{ const b = window.map.getBounds();
        return {[[e["lat"], e["lon"], e["place"]] for e in ours]}.filter(p => !b.contains([p[0], p[1]])); }}""")
    assert len(outside) <= 1  # the bulk is framed ...
    note = page.inner_text("body")
    for _, _, place in outside:  # ... and a far one (Riyadh, among Kharkiv and Krasnodar) is named
        assert "outside this view" in note and place in note
    assert handle.evaluate("() => window.map.getZoom()") >= 4  # framed, not the whole world


@pytest.mark.parametrize("lang, words, absent", [
    ("fr", ["Lancer le briefing", "Filtres", "Télécharger en PNG", "Légende"], "Start briefing"),
    ("en", ["Start briefing", "Filters", "Download PNG", "Legend"], "Lancer le briefing"),
])
def test_the_interface_in_each_language(page, digest, lang, words, absent):
    server, _ = digest
    handle = open_app(page, server, f"?lang={lang}")
    body = page.inner_text("body")
    for word in words[:3]:
        assert word in body
    assert absent not in body
    assert words[3] in handle.inner_text(".ge-legend")
    assert page.evaluate("document.title") in ("Que s’est-il passé, et où", "What happened where")
    assert parse_qs(urlparse(page.url).query)["lang"] == [lang]


def test_viewers_get_no_streamlit_toolbar(page, digest):
    server, _ = digest
    open_app(page, server)
    assert page.locator('[data-testid="stAppDeployButton"], [data-testid="stMainMenu"]').count() == 0
    assert page.locator('[data-testid="stToolbarActions"] button').count() == 0
    assert page.get_by_text("Deploy", exact=True).count() == 0
    icons = page.evaluate("[...document.querySelectorAll('link[rel*=icon]')].map(l => l.href)")
    assert icons and not any(i.endswith("/favicon.png") for i in icons)  # the tool's icon, not Streamlit's
    assert page.evaluate("document.title") == "What happened where"


def test_download_png_gives_a_1920x1080_picture(page, digest, tmp_path):
    server, _ = digest
    open_app(page, server)
    with page.expect_download(timeout=TIMEOUT) as info:
        page.locator(".st-key-png_download button").click()
    path = tmp_path / "view.png"
    info.value.save_as(path)
    from PIL import Image

    with Image.open(path) as image:
        assert image.format == "PNG" and image.size == (1920, 1080)


def test_briefing_on_a_projector_steps_with_the_keyboard_and_by_itself(page, digest):
    server, events = digest
    total = len(events)
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_app(page, server, "?mode=briefing")
    page.get_by_text(f"1 / {total}").wait_for(timeout=TIMEOUT)
    size = page.locator(".ge-brief-quote").evaluate("q => parseFloat(getComputedStyle(q).fontSize)")
    where = page.locator(".ge-brief-where").evaluate("q => parseFloat(getComputedStyle(q).fontSize)")
    assert size >= 24 and where >= 40
    page.wait_for_function("window.__geoBriefingKeys === true", timeout=TIMEOUT)
    page.locator(".ge-brief").first.click()
    page.keyboard.press("Space")
    page.get_by_text(f"2 / {total}").wait_for(timeout=TIMEOUT)
    idle(page)
    page.keyboard.press("ArrowLeft")
    page.get_by_text(f"1 / {total}").wait_for(timeout=TIMEOUT)
    idle(page)
    # autoplay: the link alone advances the briefing
    page.goto(server.url + "?mode=briefing&autoplay=2")
    page.get_by_text(f"1 / {total}").wait_for(timeout=TIMEOUT)
    page.get_by_text(f"2 / {total}").wait_for(timeout=TIMEOUT)
    page.get_by_text(f"3 / {total}").wait_for(timeout=TIMEOUT)
    assert parse_qs(urlparse(page.url).query)["autoplay"] == ["2"]


def test_past_the_marker_limit_the_grid_opens_and_a_click_on_a_cell_brings_its_markers(page, digest, monkeypatch,
                                                                                      tmp_path):
    _, events = digest
    monkeypatch.setenv("GEO_MAP_MAX_MARKERS", "3")
    server = Server(digest[0].db, tmp_path / "grid.log")
    try:
        handle = open_app(page, server)
        handle.wait_for_function(f"{LAYER}.geoEvents && {LAYER}.geoEvents.grid && "
                                 f"{LAYER}.geoEvents.clusters.getLayers().length > 0", timeout=TIMEOUT)
        badges = handle.evaluate(f"() => {LAYER}.geoEvents.clusters.getLayers().map(l => l.getLatLng())")
        assert len(badges) >= 4 and handle.evaluate(f"() => {LAYER}.geoEvents.points.getLayers().length") == 0
        riyadh = by_place(events, "Riyadh")
        page.locator(MAP_FRAME).scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        point = handle.evaluate(f"() => window.map.latLngToContainerPoint([{riyadh['lat']}, {riyadh['lon']}])")
        container = page.frame_locator(MAP_FRAME).first.locator("#map_div")
        container.click(position={"x": point["x"], "y": point["y"]})
        # The map zooms to the cell, tells the page where it is, and the page sends that view's events.
        handle.wait_for_function(f"{LAYER}.geoEvents && !{LAYER}.geoEvents.grid && "
                                 f"{LAYER}.geoEvents.points.getLayers().length > 0", timeout=TIMEOUT)
        assert riyadh["id"] in [t.split("ev:")[-1] for t in drawn(handle)]
        assert "lat=" not in page.url  # following the map is not part of the share link
    finally:
        server.stop()
