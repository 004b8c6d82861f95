"""Property-based tests (Hypothesis): any share link gives a view; highlights land on the text as given;
every row of a CSV, JSON or JSONL batch is either an article or a named failure."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import parse_qs, urlencode

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from geo.ingest.batch import read_jsonl, read_upload
from geo.ingest.readers import Failure, RawArticle
from geo.model import Mention, Sentence
from geo.parse.as_given import as_given
from geo.parse.doc import ParseResult
from geo.parse.text import normalise
from geo.ui.view import QUERY_KEYS, ViewState

SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- share links

values = st.one_of(st.text(max_size=40), st.from_regex(r"-?[0-9]{0,4}(\.[0-9]{0,6})?([eE][0-9]{1,3})?"),
                   st.sampled_from(["²", "٣", "１", "nan", "inf", "-0", "1_0", "2025-02-30", "２０２５-01-01",
                                    "strike,protest", "ru,FR,xx", "\ud800", "\x00", " 5 "]))
keys = st.one_of(st.sampled_from(QUERY_KEYS), st.text(max_size=10))


@SETTINGS
@given(st.dictionaries(keys, st.one_of(values, st.lists(values, max_size=3)), max_size=8))
@example({"zoom": "²"})
@example({"step": "٣", "from": "２０２５-01-01"})
def test_any_query_parameters_give_a_valid_view_that_round_trips(params):
    view, notices = ViewState.from_query(params)
    assert isinstance(view, ViewState) and all(isinstance(n, str) for n in notices)
    assert view.zoom is None or 0 <= view.zoom <= 18
    assert view.lat is None or -90 <= view.lat <= 90
    assert 0.0 <= view.min_conf <= 1.0
    link = urlencode(view.to_query())  # every view has a link
    again, again_notices = ViewState.from_query({k: v[-1] for k, v in parse_qs(link).items()})
    assert again == view and again_notices == []


@SETTINGS
@given(st.text(max_size=200))
@example("zoom=%C2%B2")
@example("lat=1e999&lon=-1e999&zoom=%D9%A3")
def test_any_query_string_gives_a_view(query):
    view, notices = ViewState.from_query(parse_qs(query, keep_blank_values=True))
    assert isinstance(view, ViewState) and isinstance(notices, list)


# ---------------------------------------------------------------- the offset map

pieces = st.sampled_from(["&amp;", "&eacute;", "&#233;", "&#x41;", "&nbsp;", "&rsquo;", "&notit;", "&lt;", "&#0;",
                          "&bogus;", "&", ";", "’", "\u00a0", "\t", "\r\n", "Kharkiv", "Île", " ", ".", "é", "a",
                          "\n", "😀"])


def _words(text: str) -> str:
    """The text with each run of whitespace read as one space."""
    return re.sub(r"\s+", " ", text)


@SETTINGS
@given(st.lists(pieces, max_size=40), st.data())
def test_highlights_always_land_on_the_text_as_given(parts, data):
    original = "".join(parts)
    norm = normalise(original)
    clean = norm.clean
    spans = data.draw(st.lists(st.tuples(st.integers(0, len(clean)), st.integers(0, len(clean))), max_size=5))
    spans = [(min(a, b), max(a, b)) for a, b in spans]
    sentence = Sentence(0, len(clean), clean, 0, 0)
    mentions = [Mention(s, e, clean[s:e], "test", sentence=0) for s, e in spans]
    result = as_given(ParseResult("", clean, "fr", "", None, [sentence], mentions, []), norm, original)
    assert result.text == original
    for m in result.mentions:
        assert 0 <= m.start <= m.end <= len(original)
        assert m.text == original[m.start : m.end]  # what is shown is exactly what the highlight covers
    for (s, e), m in zip(spans, result.mentions):
        # The text given under a highlight reads as the clean text it came from (an entity cut in two whole).
        # Whitespace is compared loosely: whether a line break reads as a space depends on the word after
        # it, which a cut-out piece of text may not hold.
        assert _words(clean[s:e]) in _words(normalise(original[m.start : m.end]).clean)
    ordered = sorted(zip(spans, result.mentions), key=lambda p: p[0])
    assert [m.start for _, m in ordered] == sorted(m.start for _, m in ordered)  # order is kept
    (shown,) = result.sentences
    assert (shown.start, shown.end, shown.text) == (0, len(original), original)


def test_a_highlight_ending_on_a_line_break_that_reads_as_a_space():
    original = "&amp;&amp;\r\n&amp;\r\n&eacute;t&eacute;"  # the last break joins a wrapped line: a space
    norm = normalise(original)
    clean = norm.clean
    sentence = Sentence(0, len(clean), clean, 0, 0)
    mention = Mention(0, clean.index("é"), clean[: clean.index("é")], "test", sentence=0)
    (shown,) = as_given(ParseResult("", clean, "fr", "", None, [sentence], [mention], []), norm, original).mentions
    assert shown.text == original[: original.index("&eacute;")]
    assert _words(mention.text) == _words(normalise(shown.text).clean)


# ---------------------------------------------------------------- batches: every row stored or reported

cell_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


def _expected(text: str) -> str | None:
    """The text an article read from this cell has, or None when the cell must be named as a failure."""
    if not text.strip() or "\x00" in text:
        return None
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f" or 127 <= ord(c) < 160)
    return None if controls > 8 else text


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)  # rows end in "\r\n": a cell holding a lone "\r" is quoted too
    return out.getvalue()


def _mostly_text(data: str) -> bool:
    """A file over a tenth NUL bytes is refused whole as binary (tests/test_ingest.py): not a batch."""
    return data.count("\x00") * 10 <= len(data.encode("utf-8"))


def _lines(chunk: str) -> int:
    """How many lines a chunk of CSV takes, as a reader of the file counts them (\\r\\n, \\r or \\n)."""
    return len(re.findall(r"\r\n|\r|\n", chunk))


@SETTINGS
@given(st.lists(cell_text, min_size=1, max_size=12))
def test_every_row_of_a_csv_file_is_an_article_with_its_text_or_a_named_failure(texts):
    data, first_line, line = "id,text\n", [], 2
    for n, text in enumerate(texts):
        chunk = _csv([[str(n), text]])
        first_line.append(line)
        line += _lines(chunk)
        data += chunk
    assume(_mostly_text(data))
    found = list(read_upload("b.csv", data.encode("utf-8")))
    assert len(found) == len(texts)  # one item per row: none dropped, none merged into another
    for n, (text, item) in enumerate(zip(texts, found)):
        assert item.name.startswith(f"b.csv line {first_line[n]}")
        if _expected(text) is None:
            assert isinstance(item, Failure)
        else:
            assert isinstance(item, RawArticle) and item.text == text


quoteless = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters='"'), min_size=1,
                    max_size=30).filter(lambda t: t.strip() and not t.startswith((",", "\r", "\n")))


@SETTINGS
@given(st.lists(st.tuples(quoteless, st.booleans()), min_size=1, max_size=12))
def test_a_row_with_an_unclosed_quote_is_named_and_every_other_row_is_read(items):
    """Rows broken by an unclosed quote among good ones: each broken row is named by its line, and every
    good row is read as itself (not swallowed into the broken one's field)."""
    lines, first_line, line = ["id,text\n"], {}, 2
    for n, (text, broken) in enumerate(items):
        chunk = f'{n},"{text}\n' if broken else _csv([[str(n), text]])
        first_line[n] = line
        line += _lines(chunk)
        lines.append(chunk)
    assume(_mostly_text("".join(lines)))
    found = list(read_upload("b.csv", "".join(lines).encode("utf-8")))
    by_line = {int(i.name.split(" ")[2]): i for i in found if " line " in i.name}
    for n, (text, broken) in enumerate(items):
        item = by_line.get(first_line[n])
        assert item is not None, (n, text, broken, [i.name for i in found])
        if broken:
            assert isinstance(item, Failure) and "broken CSV row" in item.reason
        elif _expected(text) is not None and isinstance(item, RawArticle):
            assert item.text == text


@SETTINGS
@given(st.lists(st.one_of(
    st.fixed_dictionaries({"text": cell_text}, optional={"title": cell_text, "published": st.sampled_from(
        ["2025-02-18", "yesterday", "", None]), "language": st.sampled_from(["fr", "EN", 5, None])}),
    st.integers(), st.text(max_size=5), st.none(), st.lists(st.integers(), max_size=2)), max_size=10))
def test_every_item_of_a_json_list_or_a_jsonl_file_is_an_article_or_a_named_failure(items):
    as_list = list(read_upload("list.json", json.dumps(items).encode("utf-8")))
    if items:
        assert len(as_list) == len(items)
        assert [i.name for i in as_list] == [f"list.json[{n}]" for n in range(len(items))]
    lines = [json.dumps(item).encode("utf-8") + b"\n" for item in items]
    as_lines = list(read_jsonl(lines, "b.jsonl"))
    assert len(as_lines) == len(items)
    for n, (item, got) in enumerate(zip(items, as_lines), 1):
        assert isinstance(got, (RawArticle, Failure)) and f"b.jsonl line {n}" in got.name
        if isinstance(got, RawArticle):
            assert isinstance(item, dict) and got.text == item["text"]
