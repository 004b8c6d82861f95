"""HTML entities in the text as given: the same places and events as the plain text, offsets into the text as given."""

import datetime as dt
import html
import random

import pytest

from geo.ingest.samples import demo_articles
from geo.model import DateInfo

pytestmark = pytest.mark.slow

PUBLISHED = DateInfo(dt.date(2025, 2, 18))


def assert_offsets_hold(text, result):
    """Every mention, sentence and event slice is the text as given at its offsets."""
    for m in result.mentions:
        assert text[m.start : m.end] == m.text, m
        assert m.facility in text, m  # "" when no facility phrase
    for s in result.sentences:
        assert text[s.start : s.end] == s.text, s
    for e in result.events:
        for s in e.sentences:
            assert text[s.start : s.end] == s.text, s
        if e.mention is not None:
            assert text[e.mention.start : e.mention.end] == e.mention.text, e.mention
            assert e.mention in result.mentions
        assert not e.headline or e.headline in text
        assert all(a in text for a in e.actors), e.actors


def places(result):
    return sorted((m.place.name if m.place else None, m.role, html.unescape(m.text)) for m in result.mentions)


def events(result):
    return {(e.place.name, e.type.value) for e in result.events}


def test_a_french_facility_behind_an_entity_apostrophe(pipeline):
    entity = ("Une frappe de drones a touché la raffinerie d&rsquo;Ilsky, dans le kraï de Krasnodar, "
              "le 17 février.")
    plain = entity.replace("&rsquo;", "'")
    got = pipeline.parse(entity, language="fr", published=PUBLISHED)
    want = pipeline.parse(plain, language="fr", published=PUBLISHED)
    assert events(got) == events(want)
    assert ("Il’skiy", "strike") in events(got)
    assert places(got) == places(want)
    assert_offsets_hold(entity, got)
    ilsky = next(m for m in got.mentions if m.place and m.place.name == "Il’skiy")
    assert ilsky.role == "facility" and ilsky.text == "Ilsky" and ilsky.facility == "raffinerie d&rsquo;"
    (event,) = [e for e in got.events if e.place.name == "Il’skiy"]
    assert event.date.date == dt.date(2025, 2, 17)
    assert event.sentences[0].text == entity


def test_english_non_breaking_spaces_and_ampersands(pipeline):
    entity = ("Russian drones struck Kyiv&nbsp;and Kharkiv overnight, officials said.\n\n"
              "AT&amp;T said its network in Orl&eacute;ans was not affected.")
    plain = entity.replace("&nbsp;", " ").replace("&amp;", "&").replace("&eacute;", "é")
    got = pipeline.parse(entity, language="en", published=PUBLISHED)
    want = pipeline.parse(plain, language="en", published=PUBLISHED)
    assert events(got) == events(want)
    assert {("Kyiv", "strike"), ("Kharkiv", "strike")} <= events(got)
    assert places(got) == places(want)
    assert_offsets_hold(entity, got)
    assert "Orl&eacute;ans" in {m.text for m in got.mentions}
    assert [s.text for s in got.sentences][-1] == "AT&amp;T said its network in Orl&eacute;ans was not affected."


def test_resolve_spans_takes_and_gives_offsets_into_the_text_as_given(pipeline):
    text = "Storms hit Paris&nbsp;and Orl&eacute;ans on Monday.\n\nLater, crews from Lyon joined them."
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Paris", "Orl&eacute;ans", "Lyon")]
    paris, orleans, lyon = pipeline.resolve_spans(text, spans, language="en")
    assert [(m.start, m.end) for m in (paris, orleans, lyon)] == spans
    assert [m.text for m in (paris, orleans, lyon)] == ["Paris", "Orl&eacute;ans", "Lyon"]
    assert orleans.place.name == "Orléans" and orleans.place.country == "FR"
    assert (paris.sentence, orleans.sentence, lyon.sentence) == (0, 0, 1)


def with_entities(text, seed):
    """The same text with about half its apostrophes, spaces and "é" written as HTML entities."""
    rng = random.Random(seed)
    swap = {"’": "&rsquo;", "'": "&rsquo;", " ": "&nbsp;", "é": "&#233;"}
    return "".join(swap[c] if c in swap and rng.random() < 0.5 else c for c in text)


@pytest.fixture(scope="module")
def demo_pairs(pipeline):
    out = []
    for i, a in enumerate(demo_articles()):
        entity = with_entities(a.text, seed=i)
        published = DateInfo(a.published)
        got = pipeline.parse(entity, language=a.language, published=published, article_id=a.path.stem)
        want = pipeline.parse(a.text, language=a.language, published=published, article_id=a.path.stem)
        out.append((a.path.name, entity, got, want))
    return out


def test_demo_articles_with_entities_keep_offsets_into_the_text_as_given(demo_pairs):
    assert len(demo_pairs) >= 8
    for name, entity, got, _ in demo_pairs:
        assert entity.count("&") > 30, name
        assert got.mentions and got.sentences, name
        assert_offsets_hold(entity, got)
        assert got.title and got.title in entity


def test_demo_articles_with_entities_find_the_same_places_and_events(demo_pairs):
    for name, _, got, want in demo_pairs:
        assert events(got) == events(want), name
        assert [m.place.name if m.place else None for m in got.mentions] == \
            [m.place.name if m.place else None for m in want.mentions], name
        assert [e.id for e in got.events] == [e.id for e in want.events], name
