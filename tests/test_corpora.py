"""Gold corpus loaders: tiny hand-made files in each format, then the real corpora when ../shared exists."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest

from geo.errors import InputError
from geo.eval.corpora import (
    CorpusWarning,
    GoldDocument,
    GoldPlace,
    load_corpus,
    load_geovirus,
    load_hipe,
    load_lgl,
    offset_mismatches,
    shared_dir,
)

LGL = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="42">
    <feedid>1</feedid>
    <title>Fire in Alexandria</title>
    <dltime>2009-03-20 12:24:52.002364-05</dltime>
    <text><![CDATA[Fire in Alexandria. Rapides Parish & Mars]]></text>
    <toponyms count="3">
      <toponym>
        <start>8</start><end>18</end><phrase>Alexandria</phrase>
        <gaztag geonameid="4314550">
          <name>Alexandria</name><fclass>P</fclass><fcode>PPL</fcode>
          <lat>31.3113</lat><lon>-92.4451</lon>
          <country geonameid="6252001">United States</country>
          <admin1 geonameid="4331987">Louisiana</admin1>
        </gaztag>
      </toponym>
      <toponym>
        <start>20</start><end>34</end><phrase>Rapides Parish</phrase>
        <gaztag geonameid="4338356"><fcode>ADM2</fcode><lat>31.1669</lat><lon>-92.4835</lon></gaztag>
      </toponym>
      <toponym><start>37</start><end>41</end><phrase>Mars</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""

# Offsets are 1-based in GeoVirus; the second article nests one <location> inside another, as the real file does.
GEOVIRUS = """<articles>
    <article>
        <source>https://en.wikinews.org/wiki/X</source>
        <text>Hogs culled in Pandi, Bulacan.</text>
        <locations>
            <location><name>Pandi</name><start>16</start><end>21</end><lat>14.87</lat><lon>120.95</lon></location>
            <location><name>Bulacan</name><start>23</start><end>30</end><lat>15</lat><lon>121.08</lon></location>
        </locations>
    </article>
    <article>
        <source>https://en.wikinews.org/wiki/Y</source>
        <text>Cases in Peru and Chile.</text>
        <locations>
            <location>
                <location><name>Peru</name><start>10</start><end>14</end><lat>-10</lat><lon>-76</lon></location>
                <name>Chile</name><start>19</start><end>24</end><lat>-30</lat><lon>-71</lon>
            </location>
        </locations>
    </article>
</articles>
<!--<article><text></text></article>-->
"""

HEADER = "\t".join(
    "TOKEN NE-COARSE-LIT NE-COARSE-METO NE-FINE-LIT NE-FINE-METO NE-FINE-COMP NE-NESTED NEL-LIT NEL-METO MISC".split()
)


def _row(token: str, tag: str = "O", misc: str = "_") -> str:
    return f"{token}\t{tag}\t_\tO\t_\t_\tO\t_\t_\t{misc}"


def _meta(doc_id: str, date: str, language: str = "fr") -> list[str]:
    return [
        f"# hipe2022:document_id = {doc_id}",
        f"# hipe2022:date = {date}",
        f"# hipe2022:language = {language}",
        "# hipe2022:dataset = newseye",
    ]


HIPE = "\n".join(
    [HEADER, *_meta("dev_fr_1", "1923-01-15")]
    + [
        _row("Le"),
        _row("sultan"),
        _row("de"),
        _row("Constan¬", "B-LOC", "NoSpaceAfter|EndOfLine"),  # split by the annotators into two B-LOC
        _row("tinople", "B-LOC", "NoSpaceAfter"),
        _row(","),
        _row("la"),
        _row("ville"),
        _row("de", misc="NoSpaceAfter"),  # an unmarked line end: NoSpaceAfter between two words
        _row("la", "B-LOC"),
        _row("Villette", "I-LOC", "NoSpaceAfter"),
        _row(".", misc="EndOfSentence"),
        _row("L", misc="NoSpaceAfter"),
        _row("'", misc="NoSpaceAfter"),
        _row("Allemagne", "B-LOC"),
        _row("et"),
        _row("Paris", "I-LOC"),  # I-LOC without B-LOC starts a span of its own
        "",
    ]
    + [*_meta("dev_fr_2", "NA", "de")]
    + [_row("In"), _row("Berlin", "B-LOC"), _row("Mitte", "B-LOC")]
)


def _write(tmp_path, name: str, content: str):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_lgl_offsets_coordinates_and_date(tmp_path):
    (doc,) = load_lgl(_write(tmp_path, "lgl.xml", LGL))
    assert doc.id == "42"
    assert doc.language == "en"
    assert doc.published == dt.date(2009, 3, 20)
    assert [p.text for p in doc.places] == ["Alexandria", "Rapides Parish", "Mars"]
    assert all(doc.text[p.start : p.end] == p.text for p in doc.places)
    assert doc.places[0] == GoldPlace(8, 18, "Alexandria", 31.3113, -92.4451, 4314550, "PPL")
    assert doc.places[1].feature_code == "ADM2"
    assert doc.places[2] == GoldPlace(37, 41, "Mars", None, None, None, "")
    assert not doc.places[2].has_coordinates


def test_geovirus_offsets_become_zero_based_and_nested_locations_count(tmp_path):
    docs = load_geovirus(_write(tmp_path, "GeoVirus.xml", GEOVIRUS))
    assert len(docs) == 2  # the commented-out template after </articles> is not an article
    first, second = docs
    assert [(p.start, p.end, p.text) for p in first.places] == [(15, 20, "Pandi"), (22, 29, "Bulacan")]
    assert first.text[15:20] == "Pandi"
    assert first.places[1].lat == 15.0 and first.places[1].lon == 121.08
    assert first.places[0].geonameid is None
    assert sorted(p.text for p in second.places) == ["Chile", "Peru"]
    assert offset_mismatches(docs) == []
    assert first.published is None and first.language == "en"


def test_hipe_rebuilds_text_and_loc_spans(tmp_path):
    first, second = load_hipe(_write(tmp_path, "HIPE-test-fr.tsv", HIPE))
    assert first.id == "dev_fr_1"
    assert first.language == "fr"
    assert first.published == dt.date(1923, 1, 15)
    assert first.text == "Le sultan de Constan¬\ntinople, la ville de\nla Villette. L'Allemagne et Paris"
    assert [p.text for p in first.places] == ["Constan¬\ntinople", "la Villette", "Allemagne", "Paris"]
    assert all(first.text[p.start : p.end] == p.text for p in first.places)
    assert all(p.lat is None and p.lon is None for p in first.places)
    assert second.id == "dev_fr_2"
    assert second.language == "de"
    assert second.published is None  # "NA"
    assert second.text == "In Berlin Mitte"
    assert [p.text for p in second.places] == ["Berlin", "Mitte"]  # two B-LOC, no line end: two places


def test_hipe_dehyphenate_joins_words(tmp_path):
    first, _ = load_hipe(_write(tmp_path, "HIPE-test-fr.tsv", HIPE), dehyphenate=True)
    assert first.text.startswith("Le sultan de Constantinople, la ville")
    assert first.places[0].text == "Constantinople"
    assert offset_mismatches([first]) == []


def test_mismatched_offsets_are_counted_and_reported_not_fatal(tmp_path):
    path = _write(tmp_path, "lgl.xml", LGL.replace("<start>8</start><end>18</end>", "<start>7</start><end>17</end>"))
    with pytest.warns(CorpusWarning, match="1 gold span"):
        docs = load_lgl(path)
    problems = offset_mismatches(docs)
    assert len(problems) == 1 and "Alexandria" in problems[0]


@pytest.mark.parametrize(
    ("name", "content", "loader"),
    [
        ("lgl.xml", "<articles><article docid='1'><text>x", load_lgl),  # truncated XML
        ("lgl.xml", LGL.replace("<start>8</start>", "<start>eight</start>"), load_lgl),
        ("GeoVirus.xml", "<articles></articles>", load_geovirus),
        ("bad.tsv", "just some text\nwithout a header\n", load_hipe),
        ("bad.tsv", HEADER + "\n" + "# hipe2022:document_id = d\nParis\tB-LOC\n", load_hipe),
    ],
)
def test_malformed_file_raises_input_error_naming_it(tmp_path, name, content, loader):
    path = _write(tmp_path, name, content)
    with pytest.raises(InputError, match=name.replace(".", r"\.")):
        loader(path)


def test_missing_file_raises_input_error(tmp_path):
    with pytest.raises(InputError, match="nope.xml"):
        load_lgl(tmp_path / "nope.xml")


def test_load_corpus_dispatches_on_format(tmp_path):
    name, docs = load_corpus(str(_write(tmp_path, "lgl.xml", LGL)))
    assert name == "lgl" and isinstance(docs[0], GoldDocument) and len(docs[0].places) == 3
    name, docs = load_corpus(str(_write(tmp_path, "other-news.xml", GEOVIRUS)))
    assert name == "other-news" and len(docs) == 2 and docs[0].places[0].start == 15
    name, docs = load_corpus(str(_write(tmp_path, "HIPE-x.tsv", HIPE)))
    assert name == "HIPE-x" and docs[0].places[0].text == "Constan¬\ntinople"
    with pytest.raises(InputError, match="unknown corpus format"):
        load_corpus(str(_write(tmp_path, "notes.txt", "hello")))


def test_shared_dir_follows_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_SHARED_DIR", str(tmp_path))
    assert shared_dir() == tmp_path
    monkeypatch.setenv("GEO_SHARED_DIR", str(tmp_path / "absent"))
    assert shared_dir() is None
    with pytest.raises(InputError, match="GEO_SHARED_DIR"):
        load_corpus("lgl")


# --- the real corpora, beside the repository -------------------------------------------------------------

SHARED = shared_dir()
needs_shared = pytest.mark.skipif(
    SHARED is None or not (SHARED / "eval").is_dir(),
    reason="evaluation corpora absent: set GEO_SHARED_DIR or put the shared folder at ../shared",
)


def _load_quietly(name: str) -> list[GoldDocument]:
    with warnings.catch_warnings():
        warnings.simplefilter("error", CorpusWarning)  # any offset mismatch fails the test
        corpus, docs = load_corpus(name)
    assert corpus == name
    return docs


@pytest.mark.shared
@pytest.mark.slow
@needs_shared
def test_real_lgl_counts():
    docs = _load_quietly("lgl")
    places = [p for d in docs for p in d.places]
    assert len(docs) == 588
    assert len(places) == 5088
    assert sum(p.has_coordinates for p in places) == 4462
    assert sum(p.geonameid is not None for p in places) == 4462
    assert offset_mismatches(docs) == []
    assert all(d.published is not None for d in docs)


@pytest.mark.shared
@pytest.mark.slow
@needs_shared
def test_real_geovirus_counts():
    docs = _load_quietly("geovirus")
    places = [p for d in docs for p in d.places]
    assert len(docs) == 229
    assert len(places) == 2170  # 3 of them nested inside another <location> in one article
    assert all(p.has_coordinates for p in places)
    assert offset_mismatches(docs) == []


@pytest.mark.shared
@pytest.mark.slow
@needs_shared
def test_real_hipe_counts():
    docs = _load_quietly("hipe")
    places = [p for d in docs for p in d.places]
    assert len(docs) == 35
    # 335 B-LOC tags; 6 of them continue a word hyphenated at a line end (Constan¬ / tinople): 329 places.
    assert len(places) == 329
    assert {d.language for d in docs} == {"fr"}
    assert sum(d.published is None for d in docs) == 10  # "# hipe2022:date = NA"
    assert offset_mismatches(docs) == []
    raw = sum(d.text.count("¬\n") for d in docs)
    assert raw == 526  # every EndOfLine token ends with ¬
