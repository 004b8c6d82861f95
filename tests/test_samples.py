"""The demo articles in data/samples/ and their gold events."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from geo.errors import InputError
from geo.ingest.samples import SAMPLES_DIR, DemoArticle, demo_articles, demo_gold
from geo.model import EventType
from geo.parse.dates import find_dates, publication_date

FILES = sorted(SAMPLES_DIR.glob("*.txt"))
NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9-]+-(fr|en|ru|uk)\.txt$")


def test_there_are_a_dozen_articles_in_the_four_languages():
    assert 10 <= len(FILES) <= 14
    langs = [a.language for a in demo_articles()]
    assert len(langs) == len(FILES)
    assert abs(langs.count("fr") - langs.count("en")) <= 2
    assert langs.count("ru") >= 2 and langs.count("uk") >= 2


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_is_a_well_formed_article(path):
    assert NAME.match(path.name), path.name
    raw = path.read_bytes()
    text = raw.decode("utf-8")  # raises if not UTF-8
    assert not text.startswith("\ufeff")
    assert "\r" not in text
    headline, blank, *rest = text.split("\n")
    assert headline.strip() == headline and 20 <= len(headline) <= 200
    assert blank == ""
    body = "\n".join(rest).strip()
    assert body and "\n\n\n" not in body
    assert all(p.strip() for p in body.split("\n\n"))  # paragraphs separated by one blank line
    assert 100 <= len(text.split()) <= 500


def test_demo_articles_fields():
    arts = demo_articles()
    assert [a.path for a in arts] == FILES
    for a in arts:
        assert isinstance(a, DemoArticle)
        assert a.title == a.text.split("\n", 1)[0]
        assert a.language == a.path.stem.rsplit("-", 1)[1]
        assert a.published == dt.date.fromisoformat(a.path.name[:10])
        assert dt.date(2025, 2, 14) <= a.published <= dt.date(2025, 2, 24)


def test_publication_dates_in_the_texts_agree_with_file_names():
    for a in demo_articles():
        info = publication_date(a.text, language=a.language, base=a.published)
        if info is not None:  # most articles have a dateline, one a day counter
            assert info.date == a.published, a.name
    counter = [a for a in demo_articles() if a.name.endswith("kellogg-kyiv-fr.txt")][0]
    assert publication_date(counter.text).how == "day-counter"


def test_gold_entries_point_to_existing_files_and_are_stated_in_them():
    arts = {a.name: a for a in demo_articles()}
    gold = demo_gold()
    assert len(gold) >= len(arts)
    assert {g["file"] for g in gold} == set(arts)  # every article has at least one event
    types = {t.value for t in EventType}
    for g in gold:
        a = arts[g["file"]]
        assert g["type"] in types
        assert g["evidence"] in a.text, g["evidence"]
        assert g["mention"] in a.text
        assert re.fullmatch(r"[A-Z]{2}", g["country"])
        assert -90 <= g["lat"] <= 90 and -180 <= g["lon"] <= 180
        day = dt.date.fromisoformat(g["date"])
        assert day <= a.published  # reported events, not plans
        if g["until"] is not None:
            assert dt.date.fromisoformat(g["until"]) >= day


def test_gold_dates_are_recoverable():
    """Each gold date is either found in its evidence by find_dates or is the publication date."""
    arts = {a.name: a for a in demo_articles()}
    for g in demo_gold():
        a = arts[g["file"]]
        found = {m.info.date for m in find_dates(g["evidence"], base=a.published, language=a.language)}
        day = dt.date.fromisoformat(g["date"])
        assert day in found or (not found and day == a.published), (g["evidence"], found)


def test_readme_lists_every_file():
    readme = (SAMPLES_DIR / "README.md").read_text(encoding="utf-8")
    for path in FILES:
        assert path.name in readme
    assert "gold.json" in readme


def test_loader_on_another_directory(tmp_path):
    (tmp_path / "2025-01-02-essai-fr.txt").write_text("Titre\n\nTexte.\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    (arts,) = [demo_articles(tmp_path)]
    assert [(a.title, a.language, a.published) for a in arts] == [("Titre", "fr", dt.date(2025, 1, 2))]
    with pytest.raises(InputError):
        demo_gold(tmp_path)
    (tmp_path / "gold.json").write_text(json.dumps([{"file": "2025-01-02-essai-fr.txt"}]), encoding="utf-8")
    assert demo_gold(tmp_path) == [{"file": "2025-01-02-essai-fr.txt"}]
    (tmp_path / "2025-01-03-bad-en.txt").write_bytes(b"\xff\xfe bad")
    with pytest.raises(InputError):
        demo_articles(tmp_path)
