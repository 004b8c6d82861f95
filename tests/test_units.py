"""Sentence units of a long text hold their tokens as offsets: the objects made when read are the same
whether the sentence is still in the window or was dropped from it, and the models' analyses are a
stream each document reads once, in turn."""

import pytest

from geo.parse.nlp import _rule_based
from geo.parse.stages import Feed
from geo.parse.text import paragraphs
from geo.parse.units import Window, build_units

TEXT = ("Une frappe a touché Kharkiv lundi. Les secours sont arrivés à l'aube.\n\n"
        "À Odessa, le port a été visé. Trois navires ont brûlé près de Mykolaïv.\n\n"
        "Le maire de Zaporijjia a parlé d'une nuit calme.")


def expected(text):
    """Each sentence's tokens as plain objects in article offsets, as read from the rule-based analysis."""
    out = []
    for para in paragraphs(text):
        analysis = _rule_based(para.text)
        for s, e in analysis.sentences:
            if para.text[s:e].strip():
                out.append([(t.start + para.start, t.end + para.start, t.text, t.key, t.upper)
                            for t in analysis.tokens if s <= t.start < e])
    return out


def as_tuples(tokens):
    return [(t.start, t.end, t.text, t.key, t.upper) for t in tokens]


def test_tokens_read_again_after_leaving_the_window_are_the_same(monkeypatch):
    monkeypatch.setattr(Window.__init__, "__defaults__", (2,))  # a window of two sentences
    paras = paragraphs(TEXT)
    units = build_units(paras, [_rule_based(p.text) for p in paras])
    want = expected(TEXT)
    assert len(units) == len(want) >= 4
    first = as_tuples(units[0].tokens)
    for u in units[1:]:  # reading the later sentences drops the first one's objects from the window
        _ = u.tokens[0]
    assert units[0].tokens._made is None
    assert as_tuples(units[0].tokens) == first == want[0]
    for u, w in zip(units, want):
        assert as_tuples(u.tokens) == w and len(u.tokens) == len(w)
        assert all(TEXT[t.start:t.end] == t.text for t in u.tokens)


def test_each_document_reads_its_share_of_the_analyses_in_turn():
    feed = Feed(iter("abcde"))
    first, second = feed.take(2), feed.take(3)
    with pytest.raises(RuntimeError, match="in the order"):
        list(second)
    assert list(first) == ["a", "b"]
    feed = Feed(iter("abcde"))
    first, second = feed.take(2), feed.take(3)
    assert list(first) == ["a", "b"] and list(second) == ["c", "d", "e"]
