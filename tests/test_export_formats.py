import html
import xml.etree.ElementTree as ET

from helpers import PARIS, make_event

from geo.export.maps import KML_NS, html_text, to_html_map, to_kml, tooltip_text
from geo.export.records import event_record

NS = {"k": KML_NS}
EVIL = "<script>alert(1)</script> & <img src=x onerror=alert(2)> `${alert(3)}` \\ {{ 7 * 191 }}"


def rows():
    a = event_record(make_event("e1"))
    b = event_record(make_event("e2", place=PARIS, day="2025-02-18"))
    b["sentence"] = EVIL
    b["headline"] = "<b>Headline</b>"
    return [a, b]


def test_kml_has_one_placemark_per_event_with_lon_lat_and_time():
    root = ET.fromstring(to_kml(rows(), title="Brief <1>"))
    assert root.tag == f"{{{KML_NS}}}kml"
    assert root.find("k:Document/k:name", NS).text == "Brief <1>"
    marks = root.findall(".//k:Placemark", NS)
    assert [m.find("k:name", NS).text for m in marks] == ["Kropotkin", "Paris"]
    lon, lat = map(float, marks[1].find("k:Point/k:coordinates", NS).text.split(","))
    assert (lon, lat) == (PARIS.lon, PARIS.lat)
    assert marks[0].find("k:TimeStamp/k:when", NS).text == "2025-02-17"
    data = {d.get("name"): d.find("k:value", NS).text for d in marks[1].findall("k:ExtendedData/k:Data", NS)}
    assert data["type"] == "strike" and data["id"] == "e2" and float(data["confidence"]) == 0.9
    assert marks[1].find("k:styleUrl", NS).text == "#type-strike"


def test_kml_escapes_article_text_for_xml_and_for_the_html_balloon():
    text = to_kml(rows())
    assert "<script>" not in text and "<img" not in text
    desc = ET.fromstring(text).findall(".//k:Placemark", NS)[1].find("k:description", NS).text
    # Parsed once (XML), the description is still escaped HTML, so a viewer shows it as text.
    assert desc == html.escape(EVIL) and "<script" not in desc


def test_kml_of_nothing_is_a_valid_empty_document():
    root = ET.fromstring(to_kml([]))
    assert root.findall(".//k:Placemark", NS) == []


def test_html_text_escapes_html_and_template_literal_characters():
    out = html_text(EVIL)
    assert not any(c in out for c in "<>`$\\{}")
    assert html.unescape(out) == EVIL


def test_html_map_shows_escaped_text_and_runs_none_of_it():
    page = to_html_map(rows(), title="Events <x>")
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert "<title>Events &lt;x&gt;</title>" in page
    assert page.count("L.circleMarker(") == 2
    assert tooltip_text(rows()[1]) == "2025-02-18 · strike · Paris" and tooltip_text(rows()[1]) in page
    assert html_text(EVIL) in page  # the sentence, escaped, in the popup
    assert "&lt;b&gt;Headline&lt;/b&gt;" in page
    for raw in ("<script>alert", "<img src=x", "${alert", "`${"):
        assert raw not in page
    assert "1337" not in page  # folium compiles rendered scripts as Jinja again: braces must not survive
    assert "GeoNames" in page and "fitBounds" in page


def test_html_map_title_is_never_a_template():
    page = to_html_map([], title="{{ 7 * 191 }} {% if 1 %}x{% endif %}")
    assert "1337" not in page and "<title>&#123;&#123; 7 * 191 &#125;&#125;" in page


def test_html_map_of_no_events_is_a_world_map():
    page = to_html_map([])
    assert "L.map(" in page and "L.circleMarker(" not in page
