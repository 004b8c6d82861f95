"""The Review page through AppTest: the queue, and each action stored as a correction."""

from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path

import pytest
from web import Route

from geo.ingest.readers import RawArticle
from geo.ingest.workflow import ingest
from geo.store.db import Store
from geo.ui.review import UNREACHABLE

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PAGE = str(ROOT / "pages" / "2_Review.py")
ARTICLES = [
    ("Protest in Pokrovsk", "Protest in Pokrovsk\n\nHundreds of residents protested in Pokrovsk on Tuesday against "
                            "the closure of the hospital."),
    ("Clashes near Kirovske", "Clashes near Kirovske\n\nClashes broke out near Kirovske on Tuesday."),
]



@pytest.fixture
def db(pipeline, tmp_path, monkeypatch):
    path = tmp_path / "events.db"
    with Store(path) as store:
        raws = [RawArticle(text, title, title=title, published=dt.date(2025, 2, 18), language="en")
                for title, text in ARTICLES]
        outcomes, failures = ingest(raws, pipeline, store)
        assert not failures and len(store.review_queue()) == 2
    monkeypatch.setenv("GEO_DB", str(path))
    monkeypatch.syspath_prepend(str(ROOT))
    import app_state

    app_state.reset()
    yield path
    app_state.reset()


def page():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(PAGE, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def unmd(text: str) -> str:
    return text.replace("\\", "")


def store_queue(db) -> list[dict]:
    with Store(db) as store:
        return store.review_queue()


def first_in_queue(db) -> dict:
    with Store(db) as store:
        return store.review_queue()[0]


def test_queue_shows_the_event_sentence_and_candidates(db):
    at = page()
    event = first_in_queue(db)
    assert at.selectbox(key="review_event").value == event["id"]
    assert event["mention_text"] == "Kirovske"  # least sure first
    assert at.markdown[1].value == "> Clashes broke out near **Kirovske** on Tuesday\\."
    assert "low confidence" in unmd(at.caption[1].value)
    assert len(at.radio(key="review_candidate").options) == len(event["candidates"]) > 1
    at.selectbox(key="review_event").select(store_queue(db)[1]["id"]).run()
    assert any(o.startswith("Pokrovsk, Donetsk Oblast, UA") for o in at.radio(key="review_candidate").options)


def test_accept_takes_the_event_out_of_the_queue(db):
    at = page()
    event = first_in_queue(db)
    at.button(key="review_accept").click().run()
    assert any("Accepted" in unmd(s.value) for s in at.success)
    with Store(db) as store:
        assert store.event(event["id"])["status"] == "accepted"
        assert [c["field"] for c in store.corrections(event["id"])] == ["status"]
        assert event["id"] not in {e["id"] for e in store.review_queue()}
    assert at.selectbox(key="review_event").value != event["id"]


def test_offline_search_then_use_a_result(db):
    at = page()
    event = first_in_queue(db)
    at.text_input(key="review_query").input("Kropotkin")
    at.button(key="review_search").click().run()
    options = at.radio(key="review_result").options
    assert options and options[0].startswith("Kropotkin, Krasnodar Krai, RU")
    at.button(key="review_use_result").click().run()
    with Store(db) as store:
        fixed = store.event(event["id"])
        assert (fixed["place"], fixed["admin1"], fixed["status"]) == ("Kropotkin", "Krasnodar Krai", "corrected")
        (c,) = store.corrections(event["id"])
        assert c["how"] == "gazetteer" and c["before"]["place"] == event["place"]


def test_an_unreachable_online_geocoder_leaves_the_offline_result(db, monkeypatch, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("GEO_GEOCODERS", "offline,nominatim")
    monkeypatch.setenv("GEO_NOMINATIM_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("GEO_GEOCODER_CACHE", str(tmp_path / "cache.sqlite"))
    monkeypatch.setenv("GEO_GEOCODER_TIMEOUT", "1")
    at = page()
    at.text_input(key="review_query").input("Kropotkin")
    at.button(key="review_search").click().run()
    assert [unmd(i.value) for i in at.info] == [UNREACHABLE]
    assert at.radio(key="review_result").options[0].startswith("Kropotkin, Krasnodar Krai, RU")


def test_an_online_geocoder_answer_can_be_chosen(db, monkeypatch, tmp_path, site):
    answer = [{"place_id": 9, "lat": "48.2833", "lon": "37.1833", "display_name": "Pokrovsk, Donetsk Oblast, Ukraine",
               "class": "place", "type": "town", "importance": 0.5}]
    site.routes["/search"] = Route(body=json.dumps(answer).encode(), headers={"Content-Type": "application/json"})
    monkeypatch.setenv("GEO_GEOCODERS", "offline,nominatim")
    monkeypatch.setenv("GEO_NOMINATIM_URL", site.url(""))
    monkeypatch.setenv("GEO_GEOCODER_CACHE", str(tmp_path / "cache.sqlite"))
    monkeypatch.setenv("GEO_GEOCODER_MIN_DELAY", "0")
    at = page()
    event = first_in_queue(db)
    at.text_input(key="review_query").input("Pokrovsk Donetsk")
    at.button(key="review_search").click().run()
    options = at.radio(key="review_result").options
    online = next(i for i, o in enumerate(options) if o.endswith("(online)"))
    at.radio(key="review_result").set_value(online)
    at.button(key="review_use_result").click().run()
    with Store(db) as store:
        fixed = store.event(event["id"])
        assert fixed["place"] == "Pokrovsk" and fixed["country"] == "UA" and fixed["lat"] == pytest.approx(48.2833)
        assert store.corrections(event["id"])[0]["how"] == "online"


def test_type_and_date_are_changed_then_an_event_rejected(db):
    at = page()
    event = first_in_queue(db)
    at.selectbox(key="review_type").select("meeting")
    at.date_input(key="review_date").set_value(dt.date(2025, 2, 16))
    at.button(key="review_save").click().run()
    with Store(db) as store:
        fixed = store.event(event["id"])
        assert (fixed["type"], fixed["date"], fixed["status"]) == ("meeting", "2025-02-16", "corrected")
        assert sorted(c["field"] for c in store.corrections(event["id"])) == ["date", "type"]
    at = page()
    other = first_in_queue(db)
    at.button(key="review_reject").click().run()
    with Store(db) as store:
        assert store.event(other["id"])["status"] == "rejected"
        assert other["id"] not in {e["id"] for e in store.events()}
    assert any("Nothing to review" in s.value for s in at.success)


def test_the_page_speaks_french_from_the_link_and_english_by_default(db):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(PAGE, default_timeout=120)
    at.query_params["lang"] = "fr"
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Vérifier les lieux"
    assert at.button(key="review_accept").label == "Accepter tel quel"
    assert "événements à vérifier" in unmd(at.caption[0].value)
    assert page().title[0].value == "Review places"
