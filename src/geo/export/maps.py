"""Event records → KML and a standalone HTML map (pure: rows in, text out).

The HTML map is a file to share: like any folium map it loads Leaflet, jQuery and Bootstrap from public
CDNs when opened, so it needs a browser with internet access (the dashboard itself serves its own copies).
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from typing import Any, Iterable, Sequence

KML_NS = "http://www.opengis.net/kml/2.2"
TYPE_COLOURS = {  # colour-blind-safe (Okabe-Ito), one per EventType
    "strike": "#D55E00", "clash": "#CC79A7", "meeting": "#0072B2",
    "statement": "#009E73", "protest": "#E69F00", "other": "#555555",
}
EXTENDED_FIELDS = ("id", "type", "confidence", "date", "date_precision", "precision", "country", "article_id")
# Backticks, "${" and backslashes would end or interpolate a JS template literal; braces are Jinja syntax
# in the branca Elements that hold the title and legend.
_TEMPLATE_UNSAFE = str.maketrans({c: f"&#{ord(c)};" for c in "`$\\{}"})
CREDIT = "Places: GeoNames (CC BY 4.0). Map data © OpenStreetMap contributors."


def html_text(value: object) -> str:
    """Text made safe for HTML, for the JS template literals folium puts it in, and for Jinja (branca)."""
    return html.escape("" if value is None else str(value), quote=True).translate(_TEMPLATE_UNSAFE)


def _kml_colour(hex_rgb: str) -> str:
    r, g, b = hex_rgb[1:3], hex_rgb[3:5], hex_rgb[5:7]
    return f"ff{b}{g}{r}".lower()  # KML colours are aabbggrr


def to_kml(rows: Iterable[dict[str, Any]], *, title: str = "Events") -> str:
    """Event records → a KML 2.2 document, one Placemark per event."""
    ET.register_namespace("", KML_NS)
    q = lambda tag: f"{{{KML_NS}}}{tag}"  # noqa: E731
    kml = ET.Element(q("kml"))
    doc = ET.SubElement(kml, q("Document"))
    ET.SubElement(doc, q("name")).text = title
    ET.SubElement(doc, q("description")).text = html.escape(CREDIT)
    for kind, colour in TYPE_COLOURS.items():
        style = ET.SubElement(doc, q("Style"), id=f"type-{kind}")
        ET.SubElement(ET.SubElement(style, q("IconStyle")), q("color")).text = _kml_colour(colour)
    for row in rows:
        mark = ET.SubElement(doc, q("Placemark"), id=f"event-{row['id']}")
        ET.SubElement(mark, q("name")).text = str(row.get("place") or "")
        # Viewers render <description> as HTML: escape once for HTML (ElementTree then escapes for XML).
        ET.SubElement(mark, q("description")).text = html.escape(str(row.get("sentence") or ""))
        if row.get("date"):
            ET.SubElement(ET.SubElement(mark, q("TimeStamp")), q("when")).text = str(row["date"])
        kind = row.get("type") if row.get("type") in TYPE_COLOURS else "other"
        ET.SubElement(mark, q("styleUrl")).text = f"#type-{kind}"
        data = ET.SubElement(mark, q("ExtendedData"))
        for key in EXTENDED_FIELDS:
            if row.get(key) is not None:
                ET.SubElement(ET.SubElement(data, q("Data"), name=key), q("value")).text = html.escape(str(row[key]))
        point = ET.SubElement(mark, q("Point"))
        ET.SubElement(point, q("coordinates")).text = f"{float(row['lon']):.6f},{float(row['lat']):.6f}"
    ET.indent(kml)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(kml, encoding="unicode") + "\n"


def tooltip_text(row: dict[str, Any]) -> str:
    """'date · type · place' for one event, HTML-escaped."""
    parts = [row.get("date") or "undated", row.get("type") or "", row.get("place") or ""]
    return " · ".join(html_text(p) for p in parts if p)


def _popup_html(row: dict[str, Any]) -> str:
    lines = [f"<b>{tooltip_text(row)}</b>", f"<p>{html_text(row.get('sentence'))}</p>"]
    if row.get("headline"):
        lines.append(f"<p><i>{html_text(row['headline'])}</i></p>")
    lines.append(f"<small>confidence {html_text(row.get('confidence'))} · {html_text(row.get('precision'))}</small>")
    return "".join(lines)


def _legend_html(types: Sequence[str]) -> str:
    items = "".join(
        f'<div><span style="display:inline-block;width:10px;height:10px;border-radius:50%;'
        f'background:{TYPE_COLOURS[t]};margin-right:6px"></span>{html_text(t)}</div>' for t in types)
    return ('<div style="position:fixed;bottom:24px;left:12px;z-index:1000;background:#fff;padding:8px 10px;'
            f'font:13px sans-serif;border:1px solid #999;border-radius:4px">{items}'
            f'<div style="margin-top:6px;color:#555;font-size:11px">{html_text(CREDIT)}</div></div>')


def to_html_map(rows: Sequence[dict[str, Any]], *, title: str = "Events") -> str:
    """Event records → a standalone HTML page with a folium map of them (Leaflet from CDNs)."""
    import folium
    from branca.element import Element

    m = folium.Map(location=(20.0, 0.0), zoom_start=2, tiles="OpenStreetMap", control_scale=True)
    m.get_root().header.add_child(Element(f"<title>{html_text(title)}</title>"))
    for row in rows:
        colour = TYPE_COLOURS.get(str(row.get("type")), TYPE_COLOURS["other"])
        folium.CircleMarker(
            location=(float(row["lat"]), float(row["lon"])), radius=7, color=colour, weight=2,
            fill=True, fill_color=colour, fill_opacity=0.7,
            tooltip=folium.Tooltip(tooltip_text(row)),
            popup=folium.Popup(_popup_html(row), max_width=360),
        ).add_to(m)
    if rows:
        lats = [float(r["lat"]) for r in rows]
        lons = [float(r["lon"]) for r in rows]
        m.fit_bounds([(min(lats), min(lons)), (max(lats), max(lons))], max_zoom=8, padding=(30, 30))
    present = [t for t in TYPE_COLOURS if any(r.get("type") == t for r in rows)]
    m.get_root().html.add_child(Element(_legend_html(present or list(TYPE_COLOURS))))
    return m.get_root().render()
