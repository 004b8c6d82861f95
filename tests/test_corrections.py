"""CorrectedPlaces (corrected names resolve as reviewers said) and the Review page's pure helpers."""

from __future__ import annotations

import pytest
from geopy.location import Location
from geopy.point import Point
from helpers import make_event

from geo.gazetteer.corrected import CorrectedPlaces, point_id
from geo.model import Article
from geo.store import tables as t
from geo.store.db import Store
from sqlalchemy import update
from geo.ui import review

POKROVSK_UA = 704422


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "e.db") as s:
        s.add(Article("a1", "x"), [make_event("e1")])
        with s.transaction() as conn:
            conn.execute(update(t.events).values(mention_text="Pokrovsk"))
        yield s


def test_a_corrected_name_resolves_to_the_chosen_place_alone(gazetteer, store):
    places = CorrectedPlaces(gazetteer, store)
    assert places.lookup_fuzzy("Pokrovsk")[0][0].id != POKROVSK_UA  # the gazetteer's own first choice
    store.correct("e1", "place", review.place_record(gazetteer.get(POKROVSK_UA)))
    assert [(p.id, how) for p, how in places.lookup_fuzzy("pokrovsk")] == [(POKROVSK_UA, "alias")]
    assert [p.id for p in places.lookup("POKROVSK")] == [POKROVSK_UA]
    assert places.demonym("Pokrovsk") is None and places.demonym("Russian").country == "RU"
    assert "pokrovsk" in places.surface_forms(10**9)
    assert places.lookup("Kharkiv") == gazetteer.lookup("Kharkiv")  # other names: the gazetteer's
    assert places.get(POKROVSK_UA) == gazetteer.get(POKROVSK_UA) and places.abbreviation_keys()


def test_a_point_no_gazetteer_holds_and_a_store_given_by_path(gazetteer, store):
    store.correct("e1", "place", review.point_choice(48.30, 37.20, gazetteer, "Pokrovsk").place)
    places = CorrectedPlaces(gazetteer, lambda: store.path)  # as the pages do: its own connection
    (place, how), = places.lookup_fuzzy("Pokrovsk")
    assert (place.id, place.lat, place.lon, how) == (point_id(48.30, 37.20), 48.30, 37.20, "alias")
    assert place.name == "Pokrovsk" and place.country == "UA"  # named as the article names it
    assert review.point_choice(48.30, 37.20, gazetteer).place["place"] == "Svitle"  # else the nearest town
    assert CorrectedPlaces(gazetteer, None).lookup_fuzzy("Pokrovsk") == gazetteer.lookup_fuzzy("Pokrovsk")


def test_review_helpers():
    event = {"type": "protest", "place": "Engels", "country": "RU", "date": "2025-02-18", "confidence": 0.45,
             "conflicts": ["text says X"], "precision": "region", "sentence": "They marched in Pokrovsk *now*.",
             "sentence_start": 100, "mention_start": 116, "mention_end": 124,
             "candidates": [{"id": -5, "name": "Pokrovsk, Donetsk Oblast, UA", "lat": 48.3, "lon": 37.2,
                             "score": 0.55}]}
    assert review.reasons(event) == ["low confidence (0.45)", "conflict: text says X",
                                     "placed at a region centre, not a town"]
    assert review.event_label(event) == "protest · Engels, RU · 2025-02-18 · confidence 0.45"
    assert review.sentence_markdown(event) == r"They marched in **Pokrovsk** \*now\*\."
    (choice,) = review.candidate_choices(event)  # an older row: the label is all there is
    assert choice.place == {"place_id": -5, "place": "Pokrovsk", "admin1": "", "country": "UA", "lat": 48.3,
                            "lon": 37.2, "precision": "settlement"}
    assert review.history([{"at": "t", "field": "place", "before": {"place": "A", "lat": 1, "lon": 2},
                            "after": {"place": "B", "country": "UA", "lat": 3, "lon": 4}, "how": "map"}]) == [
        {"when": "t", "field": "place", "before": "A (1.0000, 2.0000)", "after": "B, UA (3.0000, 4.0000)",
         "how": "map"}]
    html = review.review_map({**event, "lat": 48.5, "lon": 37.5, "place": "<b>x</b>"}, [choice]).get_root().render()
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "/app/static/vendor/leaflet" in html


def test_online_answers_and_settings(gazetteer, tmp_path):
    loc = Location("Pokrovsk, Donetsk Oblast, Ukraine", Point(48.28, 37.18), {"address": {"country_code": "ua"}})
    choice = review.online_choice(loc, gazetteer)
    assert (choice.place["place"], choice.place["country"], choice.how) == ("Pokrovsk", "UA", "online")
    assert review.online_geocoders({"GEO_GEOCODERS": "offline"}) is None
    chain = review.online_geocoders({"GEO_GEOCODERS": "offline,photon", "GEO_PHOTON_URL": "http://127.0.0.1:9",
                                     "GEO_GEOCODER_CACHE": str(tmp_path / "cache.sqlite")})
    assert chain.names == ["photon"]
    assert review.search("  ", gazetteer).notice.startswith("Type a place name")
    assert review.search("Zzyzx Nowhere Qq", gazetteer).notice == "No place named 'Zzyzx Nowhere Qq' found."
