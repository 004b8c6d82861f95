"""The development set (data/devset): every gold file loads, its spans read as annotated, its values are valid."""

import itertools
import json
from pathlib import Path

import pytest

from geo.eval.events import STATUSES, TYPES
from geo.eval.gold_events import PLACE_KINDS, validate_gold
from geo.paths import REPO_ROOT

DEVSET = REPO_ROOT / "data" / "devset"
GOLD = sorted(DEVSET.rglob("*.json"))


def test_the_devset_has_at_least_twenty_articles_in_french_and_in_english():
    langs = [json.loads(p.read_text(encoding="utf-8"))["language"] for p in GOLD]
    assert langs.count("fr") >= 20 and langs.count("en") >= 20


@pytest.mark.parametrize("path", GOLD, ids=lambda p: str(p.relative_to(DEVSET)))
def test_gold_file_is_valid(path: Path):
    assert validate_gold(path) == []
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = (path.parent / gold["article"]).read_text(encoding="utf-8")
    assert path.parent.name == gold["language"]
    assert gold["article"] == path.with_suffix(".txt").name
    assert gold["source"]["url"].startswith("https://") and gold["source"]["licence"]
    assert text.split("\n", 2)[1] == "", "first line the headline, then a blank line"
    for place in gold["places"]:
        assert text[place["start"]:place["end"]] == place["text"]
        assert place["kind"] in PLACE_KINDS
        assert -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180
    spans = sorted((p["start"], p["end"]) for p in gold["places"])
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), "place spans overlap"
    for event in gold["events"]:
        assert event["type"] in TYPES and event["status"] in STATUSES
        assert -90 <= event["lat"] <= 90 and -180 <= event["lon"] <= 180
        assert event["sentence"] in text
        if event.get("place_text"):
            assert event["place_text"] in text
