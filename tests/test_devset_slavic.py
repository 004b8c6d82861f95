"""The Russian and Ukrainian development sets (data/devset/ru, data/devset/uk) are well-formed gold."""

import datetime as dt
import importlib.util
import json

import pytest

from geo.paths import DATA_DIR, REPO_ROOT

LANGS = ("ru", "uk")
KINDS = {"facility", "settlement", "region", "country", "area"}
TYPES = {"strike", "clash", "meeting", "statement", "protest", "other"}
STATUSES = {"reported", "background", "planned"}


def _pairs(lang):
    folder = DATA_DIR / "devset" / lang
    return sorted(folder.glob("*.json"))


ALL = [(lang, path) for lang in LANGS for path in _pairs(lang)]


def _iso(day):
    return dt.date.fromisoformat(day).isoformat() == day


def _load(path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = path.with_suffix(".txt").read_text(encoding="utf-8")
    return gold, text


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_ten_articles_each_txt_with_its_json(lang):
    folder = DATA_DIR / "devset" / lang
    txts = {p.stem for p in folder.glob("*.txt")}
    jsons = {p.stem for p in folder.glob("*.json")}
    assert len(txts) >= 10
    assert txts == jsons


@pytest.mark.parametrize("lang", LANGS)
def test_readme_names_every_article_of_its_language(lang):
    readme = (DATA_DIR / "devset" / lang / "README.md").read_text(encoding="utf-8")
    for path in _pairs(lang):
        assert path.with_suffix(".txt").name in readme


@pytest.mark.parametrize("lang,path", ALL, ids=[p.name for _, p in ALL])
def test_article_header_language_date_and_source(lang, path):
    gold, text = _load(path)
    assert gold["article"] == path.with_suffix(".txt").name
    assert gold["language"] == lang
    assert _iso(gold["published"]) and path.name.startswith(gold["published"])
    headline, blank, body = text.partition("\n\n")
    assert headline.strip() and "\n" not in headline and blank and body.strip()
    source = gold["source"]
    for key in ("url", "title", "licence", "authors", "retrieved_from"):
        assert source[key].strip(), key
    assert source["licence"].startswith("CC BY")


@pytest.mark.parametrize("lang,path", ALL, ids=[p.name for _, p in ALL])
def test_place_spans_match_the_text_and_do_not_overlap(lang, path):
    gold, text = _load(path)
    assert gold["places"]
    previous_end = 0
    for place in sorted(gold["places"], key=lambda p: p["start"]):
        assert text[place["start"]:place["end"]] == place["text"]
        assert place["start"] >= previous_end
        previous_end = place["end"]
        assert place["kind"] in KINDS
        assert -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180
        assert place["name"].strip()


@pytest.mark.parametrize("lang,path", ALL, ids=[p.name for _, p in ALL])
def test_events_have_valid_type_status_dates_and_place(lang, path):
    gold, text = _load(path)
    names = {p["name"] for p in gold["places"]}
    for event in gold["events"]:
        assert event["type"] in TYPES
        assert event["status"] in STATUSES
        assert event["precision"] in KINDS
        assert all(_iso(day) for day in event["dates"])
        assert -90 <= event["lat"] <= 90 and -180 <= event["lon"] <= 180
        assert event["sentence"] in text
        if event["place_text"]:
            assert event["place_text"] in event["sentence"] or event["place_text"] in text
            assert event["place"] in names


def test_each_language_has_events_of_several_types():
    for lang in LANGS:
        types = {e["type"] for path in _pairs(lang) for e in _load(path)[0]["events"]}
        assert len(types) >= 3, (lang, types)


def _spans_module():
    spec = importlib.util.spec_from_file_location("devset_spans", REPO_ROOT / "scripts" / "devset_spans.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_annotation_aid_finds_whole_words_only():
    spans = _spans_module()
    text = "Удар по Харкову. Харківщина і Харків; не Харкову-2."
    assert spans.find_spans(text, "Харкову") == [(8, 15)]
    assert spans.find_spans(text, "Харків") == [(30, 36)]


def test_annotation_aid_keeps_the_longer_nested_form_and_expands_the_sentence():
    spans = _spans_module()
    text = "Заголовок\n\nДякуємо Великої Британії. Британії теж."
    places = {"uk": ("United Kingdom", "country", 54.76, -2.7)}
    spec = {"article": "x.txt", "published": "2022-05-03", "source": {},
            "places": [("Великої Британії", "uk"), ("Британії", "uk")],
            "events": [{"type": "other", "what": "w", "place": "uk", "place_text": "Британії", "dates": [],
                        "status": "reported", "hint": "теж"}]}
    record = spans.build(spec, places, text, "uk")
    assert [p["text"] for p in record["places"]] == ["Великої Британії", "Британії"]
    assert record["events"][0]["sentence"] == "Британії теж."
