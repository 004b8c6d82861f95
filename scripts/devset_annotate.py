"""Turn an annotator's compact notes into data/devset gold files: offsets counted, GeoNames points looked up.

The annotator decides, by reading, which strings name places, which place each is (a reference below) and
which events the article reports; this script only does the bookkeeping: it finds every occurrence of each
place string (whole words, minus the occurrences listed in ``skip``), looks the reference up in the project's
gazetteer, and writes <lang>/<date>-<slug>.json beside the article text. A reference is
  "FR"                 a country (ISO 3166 alpha-2),
  "Lyon|FR"            the most populous settlement of that name in that country,
  "Lyon|FR|region"     the admin-1 region of that name (or |district, |area, |continent),
  "#2988507"           a gazetteer id,
  (lat, lon, "label")  a point given by hand (a facility, a sea, a place the gazetteer lacks).

    python scripts/devset_annotate.py NOTES.py OUTDIR   (NOTES.py defines ARTICLES: a list of dicts)
"""

from __future__ import annotations

import itertools
import json
import re
import runpy
import sqlite3
import sys
import unicodedata
from pathlib import Path

GAZ = Path(__file__).resolve().parents[1] / "data" / "gazetteer" / "gazetteer.sqlite"


def _key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.lower().replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


def lookup(conn: sqlite3.Connection, ref) -> tuple[str, float, float, str]:
    """(label, lat, lon, kind) of a place reference."""
    if isinstance(ref, tuple):
        lat, lon, label = ref[:3]
        return label, float(lat), float(lon), ref[3] if len(ref) > 3 else ""
    if ref.startswith("#"):
        row = conn.execute("SELECT name, country, lat, lon, kind, admin1 FROM places WHERE id = ?",
                           (int(ref[1:]),)).fetchone()
    elif re.fullmatch(r"[A-Z]{2}", ref):
        row = conn.execute("SELECT p.name, p.country, p.lat, p.lon, p.kind, p.admin1 FROM countries c "
                           "JOIN places p ON p.id = c.place_id WHERE c.iso2 = ?", (ref,)).fetchone()
    else:
        parts = ref.split("|")
        name, country = parts[0], parts[1] if len(parts) > 1 else ""
        kind = parts[2] if len(parts) > 2 else "settlement"
        keys = {name.lower(), _key(name)}
        row = conn.execute(
            f"SELECT p.name, p.country, p.lat, p.lon, p.kind, p.admin1 FROM names n JOIN places p ON p.id = n.place_id "
            f"WHERE n.key IN ({','.join('?' * len(keys))}) AND p.kind = ? AND (? = '' OR p.country = ?) "
            f"ORDER BY p.population DESC LIMIT 1", (*keys, kind, country, country)).fetchone()
    if row is None:
        raise SystemExit(f"no gazetteer place for {ref!r}")
    name, country, lat, lon, kind, admin1 = row
    label = ", ".join(x for x in (name, admin1 if admin1 != name and kind in ("settlement", "district") else "",
                                  country if kind != "country" else "") if x)
    return label, round(lat, 5), round(lon, 5), kind


KINDS = {"settlement": "settlement", "district": "region", "region": "region", "country": "country",
         "area": "area", "continent": "area"}


def build(article: dict, text: str, conn: sqlite3.Connection) -> dict:
    refs: dict[str, tuple] = {}
    places = []
    for entry in article["places"]:
        surface, ref = entry[0], entry[1]
        opts = entry[2] if len(entry) > 2 else {}
        label, lat, lon, gkind = lookup(conn, ref)
        kind = opts.get("kind") or KINDS.get(gkind, "facility")
        refs[surface] = (label, lat, lon, kind)
        hits = [m for m in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", text)]
        if not hits:
            raise SystemExit(f"{article['slug']}: {surface!r} not in the text")
        for n, m in enumerate(hits):
            if n in opts.get("skip", ()):
                continue
            places.append({"text": surface, "start": m.start(), "end": m.end(), "name": label, "kind": kind,
                           "lat": lat, "lon": lon})
    places.sort(key=lambda p: p["start"])
    starts = [(p["start"], p["end"]) for p in places]
    for a, b in itertools.pairwise(starts):
        if b[0] < a[1]:
            raise SystemExit(f"{article['slug']}: overlapping place spans {a} {b}")
    events = []
    for e in article["events"]:
        label, lat, lon, kind = lookup(conn, e["ref"]) if "ref" in e else refs[e["place"]]
        if "ref" in e:
            kind = e.get("precision") or KINDS.get(kind, "facility")
        if e["sentence"] not in text:
            raise SystemExit(f"{article['slug']}: sentence not in the text: {e['sentence']!r}")
        events.append({"type": e["type"], "what": e["what"], "place": label, "place_text": e.get("place", ""),
                       "precision": e.get("precision", kind), "lat": lat, "lon": lon, "dates": e["dates"],
                       "status": e.get("status", "reported"), "sentence": e["sentence"]})
    return {"article": f"{article['published']}-{article['slug']}.txt", "language": article["lang"],
            "published": article["published"],
            "source": {"url": article["url"], "title": article["title"], "licence": "CC BY 2.5",
                       "authors": "Wikinews contributors", "retrieved_from": article["retrieved_from"]},
            "places": places, "events": events}


def main(argv: list[str]) -> int:
    notes, outdir = Path(argv[0]), Path(argv[1])
    conn = sqlite3.connect(GAZ)
    for article in runpy.run_path(str(notes))["ARTICLES"]:
        text_path = outdir / article["lang"] / f"{article['published']}-{article['slug']}.txt"
        text = text_path.read_text(encoding="utf-8")
        gold = build(article, text, conn)
        text_path.with_suffix(".json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n",
                                                  encoding="utf-8")
        print(f"{text_path.stem}: {len(gold['places'])} places, {len(gold['events'])} events")
        for p in {(p['text'], p['name'], p['lat'], p['lon'], p['kind']) for p in gold["places"]}:
            print("   ", *p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
