"""Event finding on hand-made sentences and places: no models, no gazetteer."""

import datetime as dt

from geo.events import DatedSpan, find_events, link, triggers
from geo.lexicons import lexicon
from geo.model import DateInfo, EventType, Mention, Place, PlaceKind, Precision, Sentence
from geo.nlp import Token, regex_tokens
from geo.recognize import Unit, read_roles
from helpers import KROPOTKIN, PARIS

RUSSIA = Place(2017370, "Russia", "RU", 60.0, 100.0, PlaceKind.COUNTRY, 140_000_000)
WASHINGTON = Place(4140963, "Washington", "US", 38.9, -77.04, PlaceKind.SETTLEMENT, 689_545, "D.C.", "DC", "PPLC")
FR = lexicon("fr")


def unit(text: str, index: int = 0, *, start: int = 0, section: int = 0, headline: bool = False) -> Unit:
    toks = [Token(t.start + start, t.end + start, t.text, t.key, t.upper) for t in regex_tokens(text)]
    return Unit(index, Sentence(start, start + len(text), text, index, section, headline), toks, [])


def mention(u: Unit, name: str, place: Place, precision: Precision = Precision.SETTLEMENT) -> Mention:
    offset = u.sentence.text.index(name) + u.sentence.start
    return Mention(offset, offset + len(name), name, place=place, precision=precision, confidence=0.9,
                   sentence=u.index)


def test_triggers_skip_names_inside_a_sentence():
    u = unit("Le sommet de Paris a eu lieu près de Frappe Industries.")
    assert [t.type for t in triggers(u, FR)] == [EventType.MEETING]


def test_locative_place_links_and_metonymy_does_not():
    u = unit("Les négociations visaient une normalisation entre nous et Washington à Paris.")
    paris, washington = mention(u, "Paris", PARIS), mention(u, "Washington", WASHINGTON)
    read_roles(u, [paris, washington], FR)
    assert paris.role == "locative" and washington.role == "actor"
    found = triggers(u, FR)
    assert link(u, paris, found) is not None
    assert link(u, washington, found) is None


def test_destination_is_not_an_event_place():
    u = unit("Donald Tusk a déclaré à Varsovie avant son départ pour Paris.")
    paris = mention(u, "Paris", PARIS)
    read_roles(u, [paris], FR)
    assert paris.role == "direction" and link(u, paris, triggers(u, FR)) is None


def test_one_event_per_happening_and_coarse_place_joins_the_fine_one():
    head = unit("Frappe sur une station en Russie", 0, headline=True)
    body_text = "Le 17 février, une frappe a touché la station de Kropotkin en Russie."
    body = unit(body_text, 1, start=40, section=0)
    station = mention(body, "Kropotkin", KROPOTKIN)
    station.role = "facility"  # as the facility recogniser marks "la station de Kropotkin"
    mentions = [mention(head, "Russie", RUSSIA, Precision.COUNTRY), station,
                mention(body, "Russie", RUSSIA, Precision.COUNTRY)]
    for u in (head, body):
        read_roles(u, mentions, FR)
    dates = {1: [DatedSpan(40, 53, DateInfo(dt.date(2025, 2, 17), how="explicit"), False)]}
    published = DateInfo(dt.date(2025, 2, 18), how="day-counter")
    events = find_events([head, body], mentions, FR, dates=dates, published=published, article_id="a1")
    assert len(events) == 1
    (event,) = events
    assert event.type is EventType.STRIKE and event.place == KROPOTKIN
    assert event.date.date == dt.date(2025, 2, 17) and event.date.how == "explicit"
    assert event.headline == "Frappe sur une station en Russie"
    assert len(event.sentences) == 2


def test_date_falls_back_to_publication_and_ids_are_stable():
    u = unit("Le sommet d'urgence à Paris a réuni les dirigeants.")
    m = mention(u, "Paris", PARIS)
    read_roles(u, [m], FR)
    published = DateInfo(dt.date(2025, 2, 18), how="day-counter")
    first = find_events([u], [m], FR, dates={}, published=published, article_id="a1")
    again = find_events([u], [m], FR, dates={}, published=published, article_id="a1")
    assert first[0].date.date == dt.date(2025, 2, 18) and first[0].date.how == "publication"
    assert first[0].id == again[0].id
    assert first[0].type is EventType.MEETING


def test_no_lexicon_means_no_events():
    u = unit("Frappe à Paris.")
    assert find_events([u], [mention(u, "Paris", PARIS)], None, dates={}, published=None, article_id="a") == []

