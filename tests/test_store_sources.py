"""One event from many sources, corrections and their aliases, feeds, and the version-1 → 2 migration."""

from __future__ import annotations

import dataclasses
import json
import sqlite3

import pytest
from helpers import KROPOTKIN, PARIS, make_event

from geo.errors import InputError
from geo.model import Article, EventType, Place, PlaceKind, Sentence
from geo.store.db import SCHEMA_VERSION, Store
from geo.store import tables as t
from old_schema import VERSION_1
from sqlalchemy import update

# 9 km from Kropotkin: the same happening when the type and the day agree.
NEAR_KROPOTKIN = Place(999001, "Kropotkin oil depot", "RU", 45.47, 40.67, PlaceKind.SETTLEMENT, 0, "Krasnodar Krai")
FAR = Place(999002, "Armavir", "RU", 45.0, 41.12, PlaceKind.SETTLEMENT, 190000, "Krasnodar Krai")


def article(id_: str, text: str = "", url: str = "") -> Article:
    return Article(id_, text or f"text of {id_}", title=f"Title {id_}", url=url, language="en")


def event(id_: str, article_id: str, *, place: Place = KROPOTKIN, day: str = "2025-02-17",
          type_: EventType = EventType.STRIKE, sentence: str = ""):
    e = make_event(id_, place=place, day=day, type_=type_, article_id=article_id)
    if sentence:
        e.sentences = [Sentence(10, 10 + len(sentence), sentence, 0, 0)]
    return e


@pytest.fixture
def store(store_url):
    with Store(store_url) as s:
        yield s


def test_the_same_strike_from_two_articles_is_one_event_with_both_sources(store):
    store.add(article("a1"), [event("e1", "a1", sentence="Drones hit Kropotkin.")])
    out = store.add(article("a2"), [event("e2", "a2", place=NEAR_KROPOTKIN, day="2025-02-18",
                                          sentence="A depot near Kropotkin burned.")])
    assert (out.status, out.events, out.merged) == ("ingested", 1, 1)
    (row,) = store.events()
    assert row["id"] == "e1" and row["sources"] == ["a1", "a2"] and row["article_id"] == "a1"
    assert [(s["article_id"], s["sentence"], s["title"]) for s in row["source_sentences"]] == [
        ("a1", "Drones hit Kropotkin.", "Title a1"), ("a2", "A depot near Kropotkin burned.", "Title a2")]
    assert [r["id"] for r in store.events(article_id="a2")] == ["e1"]  # a2 reports it too
    assert [r["id"] for r in store.events(min_sources=2)] == ["e1"]
    assert {a["id"]: a["events"] for a in store.articles()} == {"a1": 1, "a2": 1}


@pytest.mark.parametrize("other", [
    dict(place=FAR),  # 60 km away
    dict(day="2025-02-19"),  # two days later
    dict(type_=EventType.MEETING),
    dict(place=dataclasses.replace(KROPOTKIN, id=7, kind=PlaceKind.REGION)),  # a region point is never merged
])
def test_different_happenings_stay_apart(store, other):
    store.add(article("a1"), [event("e1", "a1")])
    e2 = event("e2", "a2", **other)
    if "place" in other and other["place"].kind is PlaceKind.REGION:
        e2.precision = e2.precision.__class__("region")
    store.add(article("a2"), [e2])
    assert sorted(r["id"] for r in store.events()) == ["e1", "e2"]
    assert store.events(min_sources=2) == []


def test_two_events_of_one_article_are_never_merged_together(store):
    store.add(article("a1"), [event("e1", "a1"), event("e2", "a1", place=NEAR_KROPOTKIN)])
    assert len(store.events()) == 2


def test_the_same_url_is_stored_once(store):
    assert store.add(article("a1", url="https://news.example/x#top"), []).status == "ingested"
    assert store.has_url("https://news.example/x")
    assert store.add(article("a2", "other text", url="https://news.example/x"), []).status == "duplicate"
    assert store.count_articles() == 1


def test_deleting_the_first_source_keeps_the_event_for_the_others(store):
    store.add(article("a1"), [event("e1", "a1", sentence="First report.")])
    store.add(article("a2"), [event("e2", "a2", sentence="Second report.")])
    assert store.delete_article("a1")
    (row,) = store.events()
    assert (row["id"], row["article_id"], row["sources"], row["sentence"]) == ("e1", "a2", ["a2"], "Second report.")
    # a1 comes back: it joins its old event again, under the same id
    store.add(article("a1"), [event("e1", "a1", sentence="First report.")])
    (row,) = store.events()
    assert row["id"] == "e1" and row["sources"] == ["a2", "a1"]
    assert store.delete_article("a2") and store.delete_article("a1") and store.events() == []


def test_a_place_correction_is_recorded_applied_and_becomes_an_alias(store):
    store.add(article("a1"), [event("e1", "a1")])
    with store.transaction() as conn:
        conn.execute(update(t.events).values(mention_text="Pokrovsk", mention_start=11))
    cid = store.correct("e1", "place", {"place_id": 704422, "place": "Pokrovsk", "admin1": "Donetsk Oblast",
                                        "country": "UA", "lat": 48.28, "lon": 37.18}, how="candidate")
    row = store.event("e1")
    assert (row["place"], row["country"], row["status"], row["confidence"], row["conflicts"]) == \
        ("Pokrovsk", "UA", "corrected", 1.0, [])
    (c,) = store.corrections("e1")
    assert c["id"] == cid and c["field"] == "place" and c["before"]["place"] == "Kropotkin"
    assert c["after"]["place_id"] == 704422 and c["at"] and c["how"] == "candidate"
    assert store.place_aliases()["pokrovsk"]["place_id"] == 704422


def test_corrections_survive_deleting_and_re_ingesting_the_article(store):
    store.add(article("a1"), [event("e1", "a1"), event("e2", "a1", place=PARIS, type_=EventType.MEETING)])
    store.correct("e1", "type", "clash")
    store.correct("e1", "date", "2025-02-16")
    store.correct("e2", "status", "rejected")
    store.delete_article("a1")
    store.add(article("a1"), [event("e1", "a1"), event("e2", "a1", place=PARIS, type_=EventType.MEETING)])
    (row,) = store.events()
    assert (row["type"], row["date"], row["date_how"], row["status"]) == ("clash", "2025-02-16", "corrected",
                                                                          "corrected")
    assert store.event("e2")["status"] == "rejected"
    assert len(store.corrections()) == 3  # re-applying records nothing new


def test_bad_corrections_are_refused_with_a_reason(store):
    store.add(article("a1"), [event("e1", "a1")])
    for field, value, fragment in [("type", "battle", "not an event type"), ("date", "17/02", "not a date"),
                                   ("status", "maybe", "review decision"), ("place", {"place": "X"}, "lat"),
                                   ("place", {"place": "X", "lat": 95, "lon": 0}, "not a point"),
                                   ("colour", "red", "cannot be corrected")]:
        with pytest.raises(InputError, match=fragment):
            store.correct("e1", field, value)
    with pytest.raises(InputError, match="no event"):
        store.correct("nope", "type", "clash")
    assert store.corrections() == [] and store.event("e1")["status"] == "automatic"


def test_review_queue_holds_unsure_conflicting_and_coarse_events(store):
    sure = event("sure", "a1")
    sure.confidence, sure.conflicts = 0.95, []
    unsure = event("unsure", "a1", place=FAR)
    unsure.confidence, unsure.conflicts = 0.4, []
    conflict = event("conflict", "a1", place=PARIS)
    conflict.confidence = 0.9
    coarse = event("coarse", "a1", type_=EventType.MEETING)
    coarse.confidence, coarse.conflicts, coarse.precision = 0.95, [], coarse.precision.__class__("country")
    store.add(article("a1"), [sure, unsure, conflict, coarse])
    assert [e["id"] for e in store.review_queue()] == ["unsure", "conflict", "coarse"]
    store.correct("unsure", "status", "accepted")
    assert [e["id"] for e in store.review_queue()] == ["conflict", "coarse"]
    assert store.event("unsure")["status"] == "accepted"


def test_feeds_are_remembered_with_their_last_check(store):
    assert store.add_feed("https://news.example/rss") and not store.add_feed("https://news.example/rss")
    store.feed_checked("https://news.example/rss", title="News", items=3, new_items=2)
    (feed,) = store.feeds()
    assert (feed["title"], feed["items"], feed["new_items"], feed["error"]) == ("News", 3, 2, "")
    store.feed_checked("https://news.example/rss", error="malformed feed")
    assert store.feeds()[0]["title"] == "News" and store.feeds()[0]["error"] == "malformed feed"
    assert store.delete_feed("https://news.example/rss") and store.feeds() == []


def test_a_version_1_database_is_migrated_and_keeps_its_events(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(VERSION_1)
    conn.execute("INSERT INTO articles (id, text, ingested) VALUES ('a1', 'x', '2025-02-18')")
    conn.execute("INSERT INTO events VALUES (" + ",".join("?" * 27) + ")",
                 ("e1", "a1", "strike", "2025-02-17", "day", "given", 1, "Kropotkin", "", "RU", 45.437, 40.57,
                  "settlement", 0.9, "[]", "Drones hit Kropotkin.", 0, 21, "[]", "", "", 11, 20, "Kropotkin", "[]",
                  "[]", "automatic"))
    conn.execute("INSERT INTO event_sources VALUES ('e1', 'a1')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store(path) as store:
        (row,) = store.events()
        assert row["sources"] == ["a1"] and row["source_sentences"][0]["sentence"] == "Drones hit Kropotkin."
        store.add_feed("https://news.example/rss")
        store.add(Article("a2", "y"), [event("e2", "a2", place=NEAR_KROPOTKIN)])
        assert store.event("e1")["sources"] == ["a1", "a2"]
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_events_json_keys_stay_the_same(store):
    store.add(article("a1"), [event("e1", "a1")])
    (row,) = store.events()
    keys = ("id type date date_precision date_how place_id place admin1 country lat lon precision confidence "
            "conflicts sentence sentence_start sentence_end sentences headline trigger mention_start mention_end "
            "mention_text actors candidates status article_id sources source_sentences").split()
    assert set(keys) <= set(row)
    json.dumps(row)
