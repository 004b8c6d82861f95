"""Read event gold files (data/devset/<lang>/*.json, ../shared/eval/jour-1091-gold.json) into GoldArticles.

The format is described in data/devset/README.md. ``article`` is a path relative to the gold file's folder
(data/devset) or to one of its parents (the shared folder: "samples/jour-1091-fr.txt"). Every problem is an
InputError naming the file and the field; validate_gold lists the problems of one file for tests.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from geo.errors import InputError
from geo.eval.corpora import GoldPlace, shared_dir
from geo.eval.events import (
    STATUSES,
    TYPES,
    GoldArticle,
    GoldEvent,
    PredictedEvent,
    Prediction,
)

PLACE_KINDS = ("facility", "settlement", "region", "country", "area")


def gold_files(paths: list[str | Path]) -> list[Path]:
    """The gold .json files named or found (recursively, sorted) under the folders named."""
    out: list[Path] = []
    for item in paths:
        path = Path(item).expanduser()
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.json") if p.is_file())
            if not found:
                raise InputError(f"{path}: no gold .json file in this folder")
            out += found
        elif path.is_file():
            out.append(path)
        else:
            raise InputError(f"{path}: no such gold file or folder")
    return out


def _article_path(gold_path: Path, article: str) -> Path:
    """Where the article file is: beside the gold, in a parent of its folder, or in the shared folder."""
    bases = [gold_path.parent, *gold_path.parent.parents[:3]]
    shared = shared_dir()
    if shared is not None:
        bases.append(shared)
    for base in bases:
        if (base / article).is_file():
            return base / article
    raise InputError(f"{gold_path}: article {article!r} not found beside the gold file or in its parent folders")


def _date(value: Any, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _number(value: Any, where: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise InputError(f"{where}: {value!r} is not a number in [{low}, {high}]")
    return float(value)


def _event(obj: Any, where: str, optional: bool) -> GoldEvent:
    if not isinstance(obj, dict):
        raise InputError(f"{where}: an event must be an object")
    if obj.get("type") not in TYPES:
        raise InputError(f"{where}: type {obj.get('type')!r} is not one of {', '.join(TYPES)}")
    status = obj.get("status", "reported")
    if status not in STATUSES:
        raise InputError(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
    dates = obj.get("dates", [])
    if not isinstance(dates, list):
        raise InputError(f"{where}: dates must be a list")
    return GoldEvent(obj["type"], _number(obj.get("lat"), f"{where}: lat", -90, 90),
                     _number(obj.get("lon"), f"{where}: lon", -180, 180),
                     tuple(_date(d, f"{where}: dates") for d in dates), status, str(obj.get("place", "")),
                     str(obj.get("what", "")), optional)


def _place(obj: Any, text: str, where: str) -> GoldPlace:
    if not isinstance(obj, dict):
        raise InputError(f"{where}: a place must be an object")
    start, end, surface = obj.get("start"), obj.get("end"), obj.get("text")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise InputError(f"{where}: start/end {start!r}/{end!r} are not offsets into the article")
    if text[start:end] != surface:
        raise InputError(f"{where}: text[{start}:{end}] is {text[start:end]!r}, not {surface!r}")
    if obj.get("kind") not in PLACE_KINDS:
        raise InputError(f"{where}: kind {obj.get('kind')!r} is not one of {', '.join(PLACE_KINDS)}")
    return GoldPlace(start, end, surface, _number(obj.get("lat"), f"{where}: lat", -90, 90),
                     _number(obj.get("lon"), f"{where}: lon", -180, 180))


def load_gold(path: Path) -> GoldArticle:
    """One gold file and its article; InputError on anything malformed."""
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: cannot read as UTF-8 JSON: {exc}") from exc
    if not isinstance(obj, dict) or not isinstance(obj.get("article"), str):
        raise InputError(f"{path}: expected an object with an \"article\" path")
    article = _article_path(path, obj["article"])
    try:
        text = article.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{article}: cannot read as UTF-8 text: {exc}") from exc
    language = obj.get("language")
    if not isinstance(language, str) or not language:
        raise InputError(f"{path}: \"language\" is missing")
    published = _date(obj["published"], f"{path}: published") if obj.get("published") else None
    places = [_place(p, text, f"{path}: places[{n}]") for n, p in enumerate(obj.get("places", []))]
    # A place inside the proper name of a body (data/devset/ru, uk: "in_name") is left out of the scores.
    ignored = [(p.start, p.end) for p, raw in zip(places, obj.get("places", []), strict=True) if raw.get("in_name")]
    places = [p for p in places if (p.start, p.end) not in ignored]
    events = [_event(e, f"{path}: events[{n}]", False) for n, e in enumerate(obj.get("events", []))]
    events += [_event(e, f"{path}: optional_events[{n}]", True) for n, e in enumerate(obj.get("optional_events", []))]
    return GoldArticle(str(path), text, language, published, places, events, has_places="places" in obj,
                       ignored=ignored)


def load_gold_files(paths: list[str | Path]) -> list[GoldArticle]:
    """Every gold article under the paths given (files or folders)."""
    return [load_gold(p) for p in gold_files(paths)]


def validate_gold(path: Path) -> list[str]:
    """The problems of one gold file (empty when it loads), for tests and for annotators."""
    try:
        load_gold(path)
    except InputError as exc:
        return [str(exc)]
    return []


def happening_status(event: Any) -> str:
    """reported, background or planned: the parser's ``event_status`` when it has one, else reported.

    Event.status is the review status (automatic, corrected, rejected); a status among STATUSES is read too.
    """
    for name in ("event_status", "status"):
        value = str(getattr(event, name, "") or "")
        if value in STATUSES:
            return value
    return "reported"


def predict(pipeline: Any, articles: list[GoldArticle]) -> list[Prediction]:
    """Parse each gold article with the pipeline (its published date from the gold): one Prediction each."""
    from geo.model import DateInfo
    from geo.parse.pipeline import ParseInput

    inputs = (ParseInput(a.text, a.id, a.language, DateInfo(a.published, how="given") if a.published else None)
              for a in articles)
    out = []
    for result in pipeline.parse_many(inputs):
        mentions = [(m.start, m.end, m.place.lat if m.place else None, m.place.lon if m.place else None)
                    for m in result.mentions]
        events = [PredictedEvent(str(e.type.value if hasattr(e.type, "value") else e.type), e.place.lat, e.place.lon,
                                 e.date.date if e.date else None, happening_status(e), e.place.name)
                  for e in result.events]
        out.append(Prediction(mentions, events))
    return out
