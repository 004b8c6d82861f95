"""Annotation aid for data/devset/: turn a hand-written worksheet into a gold .json with exact offsets.

The annotator decides every place form and every event by reading the article; this script only does
the bookkeeping a human gets wrong: it finds each listed surface form as a whole word in the .txt
(Python str offsets, as read with open(path, encoding="utf-8").read()), expands an event's hint to
its full sentence, and refuses a form or a hint that is not in the text.

Worksheet (a Python file defining PLACES and ARTICLES, see data/devset/ru/README.md):
    PLACES = {"kyiv": ("Kyiv, Ukraine", "settlement", 50.45466, 30.5238), ...}
    IN_NAME = ["МИД России", ...]        # names of bodies/titles whose place spans get "in_name"
    ARTICLES = [{"article": "2014-09-03-....txt", "published": "...", "source": {...},
                 "places": [("Киев", "kyiv"), ("Киеве", "kyiv"), ...],   # every whole-word occurrence
                 "skip": {"Киев": [2]},                                  # occurrence indexes to leave out
                 "events": [{"type": ..., "what": ..., "place": "kyiv", "place_text": "Киеве",
                             "dates": [...], "status": ..., "hint": "words of the sentence"}]}]
Run:  python scripts/devset_spans.py WORKSHEET.py DATA_DIR
"""
from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

_SENTENCE_END = re.compile(r"(?<=[.!?…])[»\"”)]*\s+|\n+")


def find_spans(text: str, form: str) -> list[tuple[int, int]]:
    """Every whole-word occurrence of form in text, as (start, end)."""
    pattern = re.compile(r"(?<![\w'ʼ’-])" + re.escape(form) + r"(?![\w'ʼ’-])")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def sentence_of(text: str, hint: str) -> str:
    """The sentence (or headline line) of text that contains hint."""
    at = text.find(hint)
    if at < 0:
        raise ValueError(f"hint not in text: {hint!r}")
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= at + len(hint):
            return text[start:m.start()].strip()
    return text[start:].strip()


def build(spec: dict, places: dict, text: str, language: str, in_name: tuple[str, ...] = ()) -> dict:
    """The gold record of one article from its worksheet entry (in_name: names of bodies and titles)."""
    found = []
    for form, key in spec["places"]:
        name, kind, lat, lon = places[key]
        spans = find_spans(text, form)
        if not spans:
            raise ValueError(f"{spec['article']}: place form not in text: {form!r}")
        skip = set(spec.get("skip", {}).get(form, []))
        for i, (start, end) in enumerate(spans):
            if i not in skip:
                found.append({"text": form, "start": start, "end": end, "name": name, "kind": kind,
                              "lat": lat, "lon": lon})
    # A listed form inside a longer listed form ("Британії" in "Великої Британії") is the longer place.
    found.sort(key=lambda p: (p["start"], -p["end"]))
    kept: list[dict] = []
    for p in found:
        if kept and p["end"] <= kept[-1]["end"]:
            continue
        if kept and p["start"] < kept[-1]["end"]:
            raise ValueError(f"{spec['article']}: overlapping places {kept[-1]['text']!r} and {p['text']!r}")
        kept.append(p)
    found = kept
    # A place named inside the proper name of a body or title ("МИД России", "Збройні Сили України") stays a
    # place span but is flagged, so a scorer that follows the English convention can leave it out.
    for phrase in in_name:
        hits = [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), text)]
        for start, end in hits:
            inside = [p for p in found if start <= p["start"] and p["end"] <= end]
            if not inside:
                raise ValueError(f"{spec['article']}: no place span inside {phrase!r}")
            for p in inside:
                p["in_name"] = phrase
    events = []
    for ev in spec["events"]:
        name, kind, lat, lon = places[ev["place"]]
        sentence = sentence_of(text, ev["hint"])
        if ev["place_text"] and ev["place_text"] not in text:
            raise ValueError(f"{spec['article']}: place_text not in text: {ev['place_text']!r}")
        events.append({"type": ev["type"], "what": ev["what"], "place": name,
                       "place_text": ev["place_text"], "precision": ev.get("precision", kind),
                       "lat": lat, "lon": lon, "dates": ev["dates"], "status": ev["status"],
                       "sentence": sentence})
    return {"article": spec["article"], "language": language, "published": spec["published"],
            "source": spec["source"], "places": found, "events": events}


def main(argv: list[str]) -> int:
    """Write one .json beside each .txt named in the worksheet."""
    worksheet, out_dir = Path(argv[1]), Path(argv[2])
    loader = importlib.util.spec_from_file_location("worksheet", worksheet)
    module = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(module)
    for spec in module.ARTICLES:
        txt = out_dir / spec["article"]
        record = build(spec, module.PLACES, txt.read_text(encoding="utf-8"), module.LANGUAGE,
                       tuple(getattr(module, "IN_NAME", ())))
        txt.with_suffix(".json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n",
                                            encoding="utf-8")
        print(f"{txt.with_suffix('.json').name}: {len(record['places'])} places, "
              f"{len(record['events'])} events")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
